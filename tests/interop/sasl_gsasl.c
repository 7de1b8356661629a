/*
 * sasl_gsasl - SASL DIGEST-MD5 (RFC 2831) and its integrity layer between
 * digestssp (public SSPI API only) and GNU SASL (libgsasl), in one
 * process, the tokens and frames passed in memory.
 *
 * Pairs (client/server):
 *   gsasl/gsasl  the peer against itself: proves the GNU SASL setup
 *   dss/gsasl    InitializeSecurityContextA against a gsasl server
 *   gsasl/dss    a gsasl client against AcceptSecurityContext
 * For qop auth and auth-int (GNU SASL has no auth-conf, protocol.md B.11).
 * Each case authenticates, checks what digestssp negotiated, and for
 * auth-int sends 0, 1, 16, 1000, 4096 and 65536 bytes both ways through
 * gsasl_encode()/gsasl_decode() and digestssp's MakeSignature/
 * VerifySignature/EncryptMessage/DecryptMessage, split to respect the
 * receiver's maxbuf (GNU SASL announces none, so 65536, and does not split
 * by itself). Then: wrong passwords (both directions), a forged rspauth, an
 * empty client Domain, tampered and replayed frames into digestssp, and
 * what happens when one side wants confidentiality: a digestssp client
 * asking for it settles for the auth-int the gsasl server offers (without
 * ISC_RET_CONFIDENTIALITY), and a digestssp server requiring it refuses
 * the gsasl client's auth-int.
 *
 * Output: "ok NAME", "FAIL NAME: why" (with "#" lines showing the tokens),
 * "skip NAME: why", and "N passed, M failed[, K skipped]". Exit 0 if
 * nothing failed, 1 if something did, 77 (1 under CI=true) if GNU SASL has
 * no DIGEST-MD5.
 */
#define _POSIX_C_SOURCE 200809L

#include "sasl_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsasl.h>

static Gsasl *gctx;

/* --- a GNU SASL endpoint ------------------------------------------------ */

struct gs_ep {
	Gsasl_session *s;
	int server;
	const char *password; /* client: what it sends; server: stored */
};

/* The server's password lookup: chris only. */
static int
gs_callback(Gsasl *ctx, Gsasl_session *sctx, Gsasl_property prop)
{
	struct gs_ep *e = gsasl_session_hook_get(sctx);
	const char *authid;

	(void)ctx;
	if (e == NULL || !e->server || prop != GSASL_PASSWORD)
		return GSASL_NO_CALLBACK;
	authid = gsasl_property_fast(sctx, GSASL_AUTHID);
	if (authid == NULL || strcmp(authid, T_USER) != 0)
		return GSASL_NO_CALLBACK;
	return gsasl_property_set(sctx, GSASL_PASSWORD, e->password);
}

static void
gs_seterr(char *err, size_t errlen, const char *what, int rc)
{
	snprintf(err, errlen, "%s: %s (%s)", what,
	         gsasl_strerror_name(rc) ? gsasl_strerror_name(rc) : "?",
	         gsasl_strerror(rc));
}

static void
ops_free(void *ep)
{
	struct gs_ep *e = ep;

	if (e->s != NULL)
		gsasl_finish(e->s);
	free(e);
}

static struct gs_ep *
gs_alloc(void)
{
	struct gs_ep *e = calloc(1, sizeof(*e));

	if (e == NULL)
		abort();
	return e;
}

static int
set_prop(Gsasl_session *s, Gsasl_property p, const char *v, char *err,
         size_t errlen)
{
	int rc = gsasl_property_set(s, p, v);

	if (rc != GSASL_OK) {
		gs_seterr(err, errlen, "gsasl_property_set", rc);
		return -1;
	}
	return 0;
}

static int
ops_client_new(void **ep, const char *password, const struct qcase *q,
               char *err, size_t errlen)
{
	struct gs_ep *e = gs_alloc();
	int rc;

	*ep = e;
	e->password = password;
	rc = gsasl_client_start(gctx, "DIGEST-MD5", &e->s);
	if (rc != GSASL_OK) {
		gs_seterr(err, errlen, "gsasl_client_start", rc);
		return -1;
	}
	gsasl_session_hook_set(e->s, e);
	if (set_prop(e->s, GSASL_AUTHID, T_USER, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_PASSWORD, password, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_SERVICE, T_SERVICE, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_HOSTNAME, T_HOST, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_QOP,
	             q->layer == LAYER_INT ? "qop-int" : "qop-auth", err,
	             errlen) != 0)
		return -1;
	return 0;
}

static int
ops_server_new(void **ep, const struct qcase *q, char *err, size_t errlen)
{
	struct gs_ep *e = gs_alloc();
	int rc;

	*ep = e;
	e->server = 1;
	e->password = T_PASSWORD;
	rc = gsasl_server_start(gctx, "DIGEST-MD5", &e->s);
	if (rc != GSASL_OK) {
		gs_seterr(err, errlen, "gsasl_server_start", rc);
		return -1;
	}
	gsasl_session_hook_set(e->s, e);
	if (set_prop(e->s, GSASL_SERVICE, T_SERVICE, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_HOSTNAME, T_HOST, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_REALM, T_REALM, err, errlen) != 0 ||
	    set_prop(e->s, GSASL_QOPS,
	             q->layer == LAYER_INT ? "qop-int" : "qop-auth", err,
	             errlen) != 0)
		return -1;
	return 0;
}

static int
gs_step(struct gs_ep *e, const char *what, const struct bytes *in,
        struct bytes *out, long *code, char *err, size_t errlen)
{
	char *o = NULL;
	size_t olen = 0;
	int rc;

	rc = gsasl_step(e->s, in != NULL ? (const char *)in->p : "",
	                in != NULL ? in->len : 0, &o, &olen);
	*code = rc;
	if (out != NULL)
		bytes_set(out, o, o != NULL ? olen : 0);
	gsasl_free(o);
	if (rc == GSASL_OK)
		return STEP_DONE;
	if (rc == GSASL_NEEDS_MORE)
		return STEP_CONTINUE;
	gs_seterr(err, errlen, what, rc);
	return STEP_FAIL;
}

static int
ops_server_start(void *ep, struct bytes *out, long *code, char *err,
                 size_t errlen)
{
	return gs_step(ep, "gsasl_step(server, empty)", NULL, out, code, err,
	               errlen);
}

static int
ops_client_start(void *ep, long *code, char *err, size_t errlen)
{
	/* GNU SASL's DIGEST-MD5 client takes the challenge in its first
	 * step; there is nothing to do before it. */
	(void)ep;
	(void)err;
	(void)errlen;
	*code = GSASL_NEEDS_MORE;
	return STEP_CONTINUE;
}

static int
ops_step(void *ep, const struct bytes *in, struct bytes *out, long *code,
         char *err, size_t errlen)
{
	struct gs_ep *e = ep;

	return gs_step(e,
	               e->server ? "gsasl_step(server)" : "gsasl_step(client)",
	               in, out, code, err, errlen);
}

/* --- the integrity layer ------------------------------------------------ */

struct gs_peer {
	struct gs_ep *e;
	size_t max_out;
};

/* One per direction of the running case (a case has one gsasl side at
 * most except in gsasl/gsasl, which needs two). */
static struct gs_peer gs_peers[2];
static unsigned gs_next_peer;

static size_t
gs_max_out(void *self)
{
	struct gs_peer *p = self;

	return p->max_out;
}

static int
gs_wrap(void *self, const unsigned char *msg, size_t len, struct bytes *wire,
        char *err, size_t errlen)
{
	struct gs_peer *p = self;
	char *o = NULL;
	size_t olen = 0;
	int rc;

	rc = gsasl_encode(p->e->s, (const char *)msg, len, &o, &olen);
	if (rc != GSASL_OK) {
		gs_seterr(err, errlen, "gsasl_encode", rc);
		return LAYER_ERR;
	}
	bytes_append(wire, o, olen);
	gsasl_free(o);
	return LAYER_OK;
}

static int
gs_unwrap(void *self, const unsigned char *frame, size_t len,
          struct bytes *plain, char *err, size_t errlen)
{
	struct gs_peer *p = self;
	char *o = NULL;
	size_t olen = 0;
	int rc;

	rc = gsasl_decode(p->e->s, (const char *)frame, len, &o, &olen);
	if (rc != GSASL_OK) {
		gs_seterr(err, errlen, "gsasl_decode", rc);
		return LAYER_ERR;
	}
	bytes_append(plain, o, olen);
	gsasl_free(o);
	return LAYER_OK;
}

static void
gs_peer(struct peer *p, void *ep, const char *name, const struct qcase *q,
        size_t peer_in_maxbuf)
{
	struct gs_peer *gp = &gs_peers[gs_next_peer++ % 2];

	(void)q;
	/* GNU SASL neither announces nor enforces maxbuf and does not
	 * split: keep each frame within what the receiver announced */
	gp->e = ep;
	gp->max_out = peer_in_maxbuf - 16;
	p->name = name;
	p->self = gp;
	p->max_out = gs_max_out;
	p->wrap = gs_wrap;
	p->unwrap = gs_unwrap;
	p->in_maxbuf = DEFAULT_MAXBUF;
}

/* clang-format off */
static const struct lib_ops gnu = {
	.name = "gsasl",
	.bad_auth_code = GSASL_AUTHENTICATION_ERROR,
	.bad_auth_name = "GSASL_AUTHENTICATION_ERROR",
	.client_new = ops_client_new,
	.server_new = ops_server_new,
	.free = ops_free,
	.server_start = ops_server_start,
	.client_start = ops_client_start,
	.step = ops_step,
	.check = NULL,		/* GNU SASL does not report what it chose */
	.peer = gs_peer,
	.log = NULL,
	.log_clear = NULL,
};
/* clang-format on */

/* --- confidentiality asked where GNU SASL cannot give it ---------------- */

/* A digestssp client asking for confidentiality against a server that
 * offers only auth-int: it does not fail; it negotiates auth-int and
 * leaves ISC_RET_CONFIDENTIALITY off (api.md 3.7). */
static void
run_conf_fallback(void)
{
	static const struct qcase qs = {"auth-int", LAYER_INT, "", 1, 0};
	const char *name = "dss-client/gsasl-server: ISC_REQ_CONFIDENTIALITY"
	                   " against auth-int only gives auth-int, no "
	                   "ISC_RET_CONFIDENTIALITY";
	struct side c, s;
	struct outcome o;
	struct peer pc, ps;
	char err[600];
	unsigned char msg[300];

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	if (side_client_new(&c, NULL, T_PASSWORD, T_REALM, &qs) != 0 ||
	    side_server_new(&s, &gnu, &qs) != 0) {
		t_fail(name, "setup: %s %s", c.err, s.err);
		goto out;
	}
	c.flags = ISC_REQ_CONFIDENTIALITY;
	authenticate(&c, &s, 0, &o, err, sizeof(err));
	if (o.failed != ST_DONE) {
		t_fail(name, "%s: %s", stage_names[o.failed], err);
		show_transcript(&gnu, &o);
		goto out;
	}
	if (c.d.attrs & ISC_RET_CONFIDENTIALITY) {
		t_fail(name, "attributes 0x%08lx claim confidentiality",
		       (unsigned long)c.d.attrs);
		show_transcript(&gnu, &o);
		goto out;
	}
	if (!(c.d.attrs & ISC_RET_INTEGRITY) ||
	    strstr((const char *)o.resp.p, "qop=auth-int") == NULL) {
		t_fail(name,
		       "attributes 0x%08lx; expected ISC_RET_INTEGRITY "
		       "and qop=auth-int",
		       (unsigned long)c.d.attrs);
		show_transcript(&gnu, &o);
		goto out;
	}
	if (dss_layer_setup(&c.d) != 0) {
		t_fail(name, "%s", c.d.err);
		goto out;
	}
	/* and the layer works both ways */
	dss_peer(&pc, &c.d, "digestssp client", token_maxbuf(&c.sent));
	gs_peer(&ps, s.ep, "gsasl server", &qs, token_maxbuf(&c.sent));
	test_data(msg, sizeof(msg), 77);
	if (exchange(&pc, &ps, msg, sizeof(msg), err, sizeof(err)) != 0 ||
	    exchange(&ps, &pc, msg, sizeof(msg), err, sizeof(err)) != 0) {
		t_fail(name, "messages: %s", err);
		goto out;
	}
	t_ok(name);
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}

/* A digestssp server that requires confidentiality offers only
 * auth-conf; the gsasl client answers qop=auth-int anyway (it does not
 * check the offer), and the server must refuse it (no downgrade). */
static void
run_conf_required(void)
{
	static const struct qcase qc = {"auth-int", LAYER_INT, "", 1, 0};
	static const struct qcase qs = {"auth-conf", LAYER_CONF, "", 0, 0};
	const char *name = "gsasl-client/dss-server: ASC_REQ_CONFIDENTIALITY "
	                   "refuses a qop=auth-int response";
	struct side c, s;
	struct outcome o;
	char err[600];

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	if (side_client_new(&c, &gnu, T_PASSWORD, T_REALM, &qc) != 0 ||
	    side_server_new(&s, NULL, &qs) != 0) {
		t_fail(name, "setup: %s %s", c.err, s.err);
		goto out;
	}
	authenticate(&c, &s, 0, &o, err, sizeof(err));
	if (o.failed == ST_DONE) {
		t_fail(name, "the server accepted qop=auth-int");
		show_transcript(&gnu, &o);
	} else if (o.failed == ST_CLIENT_RESPONSE) {
		/* GNU SASL itself gave up: nothing reached the server */
		t_skip(name,
		       "the gsasl client did not answer an auth-conf "
		       "challenge: %s",
		       err);
	} else if (o.failed != ST_SERVER_CHECK) {
		t_fail(name, "%s: %s", stage_names[o.failed], err);
		show_transcript(&gnu, &o);
	} else {
		t_ok(name);
		t_note("AcceptSecurityContext: %s",
		       sec_name((SECURITY_STATUS)o.code));
	}
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}

/* --- main --------------------------------------------------------------- */

/* clang-format off */
static const struct qcase qcases[] = {
	{ "auth", LAYER_NONE, "", 0, 0 },
	{ "auth-int", LAYER_INT, "", 1, 0 },
};
/* clang-format on */

int
main(void)
{
	/* clang-format off */
	const struct lib_ops *const pairs[3][2] = {
		{ &gnu, &gnu },	/* the peer against itself */
		{ NULL, &gnu },	/* digestssp client */
		{ &gnu, NULL },	/* digestssp server */
	};
	/* clang-format on */
	size_t i, p;
	int rc;

	rc = gsasl_init(&gctx);
	if (rc != GSASL_OK) {
		printf("FAIL: gsasl_init: %s\n", gsasl_strerror(rc));
		return 1;
	}
	printf("# GNU SASL %s\n", gsasl_check_version(NULL));
	if (!gsasl_client_support_p(gctx, "DIGEST-MD5") ||
	    !gsasl_server_support_p(gctx, "DIGEST-MD5")) {
		gsasl_done(gctx);
		t_missing_peer("GNU SASL was built without DIGEST-MD5");
	}
	gsasl_callback_set(gctx, gs_callback);

	for (p = 0; p < 3; p++)
		for (i = 0; i < sizeof(qcases) / sizeof(qcases[0]); i++)
			run_case(pairs[p][0], pairs[p][1], &qcases[i]);
	for (p = 0; p < 3; p++)
		run_wrong_password(pairs[p][0], pairs[p][1]);
	run_forged_rspauth(&gnu);
	run_empty_domain(&gnu);
	run_conf_fallback();
	run_conf_required();

	gsasl_done(gctx);
	return t_summary();
}
