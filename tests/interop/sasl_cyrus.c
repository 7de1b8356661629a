/*
 * sasl_cyrus - SASL DIGEST-MD5 (RFC 2831) and its security layer between
 * digestssp (public SSPI API only) and Cyrus SASL (libsasl2), in one
 * process, the tokens and frames passed in memory.
 *
 * Pairs (client/server):
 *   cyrus/cyrus  the peer against itself: proves the Cyrus configuration
 *   dss/cyrus    InitializeSecurityContextA against sasl_server_*()
 *   cyrus/dss    sasl_client_*() against AcceptSecurityContext
 * For qop auth, auth-int, and auth-conf with rc4-40, rc4-56, rc4 and des
 * (3des is skipped: Debian's Cyrus 2.1.28 cannot negotiate it with
 * OpenSSL 3; shared/vectors/sasl-layer.json covers it), plus auth-int,
 * rc4 and des again with a Cyrus maxbuf of 1000 to force splitting. Each
 * case authenticates, checks what was negotiated (both sides), and sends
 * 0, 1, 16, 1000, 4096 and 65536 bytes both ways, split to respect the
 * sender's limit (SECPKG_ATTR_STREAM_SIZES.cbMaximumMessage, Cyrus's
 * SASL_MAXOUTBUF). Cyrus's sasl_encode() refuses an empty message;
 * sasl_encodev() with one empty iovec takes it (if it ever refuses too,
 * that message is reported as skipped). Then: wrong passwords (all three
 * pairs), a forged rspauth, an empty client Domain, and tampered or
 * replayed frames into digestssp. The cases themselves are in
 * sasl_common.c; this file is the Cyrus side (struct lib_ops).
 *
 * The Cyrus server gets the password from an auxprop plug-in registered
 * by this program (sasl_auxprop_add_plugin), selected through a
 * SASL_CB_GETOPT callback with mech_list=DIGEST-MD5: no sasldb file, no
 * system configuration.
 *
 * Output: "ok NAME", "FAIL NAME: why" (followed by "#" lines with the
 * tokens exchanged and Cyrus's messages), "skip NAME: why", and
 * "N passed, M failed[, K skipped]". Exit 0 if nothing failed, 1 if
 * something did, 77 (1 under CI=true) if Cyrus's DIGEST-MD5 plug-in is
 * missing.
 */
#define _POSIX_C_SOURCE 200809L

#include "sasl_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#define APPNAME "digestssp-interop"
#define AUXPROP_NAME "dsstest"

/* Casting a callback to sasl_callback_t's int (*)(void) through
 * void (*)(void) keeps -Wcast-function-type quiet. */
#define CB(fn) ((int (*)(void))(void (*)(void))(fn))

/* --- Cyrus log and errors ---------------------------------------------- */

static char cy_log[4096];

static void
cy_log_clear(void)
{
	cy_log[0] = '\0';
}

static int
cy_log_cb(void *context, int level, const char *message)
{
	size_t used = strlen(cy_log);

	(void)context;
	if (level > SASL_LOG_NOTE || message == NULL)
		return SASL_OK;
	if (used + strlen(message) + 4 < sizeof(cy_log))
		snprintf(cy_log + used, sizeof(cy_log) - used, "%s%s",
		         used ? " | " : "", message);
	return SASL_OK;
}

static int
cy_getopt_cb(void *context, const char *plugin_name, const char *option,
             const char **result, unsigned *len)
{
	(void)context;
	(void)plugin_name;
	if (strcmp(option, "mech_list") == 0)
		*result = "DIGEST-MD5";
	else if (strcmp(option, "auxprop_plugin") == 0)
		*result = AUXPROP_NAME;
	else if (strcmp(option, "log_level") == 0)
		*result = "3"; /* SASL_LOG_WARN */
	else
		return SASL_FAIL;
	if (len != NULL)
		*len = (unsigned)strlen(*result);
	return SASL_OK;
}

/* clang-format off */
static sasl_callback_t global_cbs[] = {
	{ SASL_CB_GETOPT, CB(cy_getopt_cb), NULL },
	{ SASL_CB_LOG, CB(cy_log_cb), NULL },
	{ SASL_CB_LIST_END, NULL, NULL },
};
/* clang-format on */

/* --- the auxprop plug-in: the server's password store ------------------ */

/* What the Cyrus server knows as chris's password. */
static const char *cy_stored_password = T_PASSWORD;

static int
user_is_chris(const char *user, unsigned ulen)
{
	size_t n = strlen(T_USER);

	/* "chris" or "chris@realm" */
	return ulen >= n && memcmp(user, T_USER, n) == 0 &&
	       (ulen == n || user[n] == '@');
}

static int
aux_lookup(void *glob_context, sasl_server_params_t *sparams, unsigned flags,
           const char *user, unsigned ulen)
{
	const struct propval *cur;

	(void)glob_context;
	if ((flags & SASL_AUXPROP_AUTHZID) || !user_is_chris(user, ulen))
		return SASL_OK;
	for (cur = sparams->utils->prop_get(sparams->propctx);
	     cur != NULL && cur->name != NULL; cur++) {
		if (strcmp(cur->name, SASL_AUX_PASSWORD) != 0)
			continue;
		if (cur->values != NULL) {
			if (!(flags & SASL_AUXPROP_OVERRIDE))
				continue;
			sparams->utils->prop_erase(sparams->propctx, cur->name);
		}
		sparams->utils->prop_set(sparams->propctx, cur->name,
		                         cy_stored_password,
		                         (int)strlen(cy_stored_password));
	}
	return SASL_OK;
}

static char aux_name[] = AUXPROP_NAME;

/* clang-format off */
static sasl_auxprop_plug_t aux_plug = {
	.features = 0,
	.spare_int1 = 0,
	.glob_context = NULL,
	.auxprop_free = NULL,
	.auxprop_lookup = aux_lookup,
	.name = aux_name,
	.auxprop_store = NULL,
};
/* clang-format on */

static int
aux_init(const sasl_utils_t *utils, int max_version, int *out_version,
         sasl_auxprop_plug_t **plug, const char *plugname)
{
	(void)utils;
	(void)plugname;
	if (max_version < SASL_AUXPROP_PLUG_VERSION)
		return SASL_BADVERS;
	*out_version = SASL_AUXPROP_PLUG_VERSION;
	*plug = &aux_plug;
	return SASL_OK;
}

/* --- a Cyrus endpoint -------------------------------------------------- */

struct cy_ep {
	sasl_conn_t *conn;
	int server;
	sasl_callback_t cbs[6];
	sasl_secret_t *secret;
	char user[64];
	char err[512];
};

static int
cy_simple_cb(void *context, int id, const char **result, unsigned *len)
{
	struct cy_ep *e = context;

	if (id != SASL_CB_AUTHNAME && id != SASL_CB_USER)
		return SASL_FAIL;
	*result = e->user;
	if (len != NULL)
		*len = (unsigned)strlen(e->user);
	return SASL_OK;
}

static int
cy_pass_cb(sasl_conn_t *conn, void *context, int id, sasl_secret_t **psecret)
{
	struct cy_ep *e = context;

	(void)conn;
	if (id != SASL_CB_PASS)
		return SASL_FAIL;
	*psecret = e->secret;
	return SASL_OK;
}

static int
cy_realm_cb(void *context, int id, const char **availrealms,
            const char **result)
{
	(void)context;
	if (id != SASL_CB_GETREALM)
		return SASL_FAIL;
	*result = availrealms != NULL && availrealms[0] != NULL ? availrealms[0]
	                                                        : T_REALM;
	return SASL_OK;
}

static void
cy_seterr(struct cy_ep *e, const char *what, int rc)
{
	snprintf(e->err, sizeof(e->err), "%s: %s (%d): %s", what,
	         sasl_errstring(rc, NULL, NULL), rc,
	         e->conn != NULL ? sasl_errdetail(e->conn) : "");
}

static int
cy_setprops(struct cy_ep *e, unsigned ssf, unsigned maxbuf)
{
	sasl_security_properties_t sp;
	int rc;

	memset(&sp, 0, sizeof(sp));
	sp.min_ssf = ssf;
	sp.max_ssf = ssf;
	sp.maxbufsize = maxbuf;
	rc = sasl_setprop(e->conn, SASL_SEC_PROPS, &sp);
	if (rc != SASL_OK)
		cy_seterr(e, "sasl_setprop(SASL_SEC_PROPS)", rc);
	return rc;
}

/* A Cyrus server for service imap on elwood.innosoft.com that accepts
 * exactly one SSF (0 auth, 1 auth-int, else that cipher's). */
static int
cy_server_new(struct cy_ep *e, unsigned ssf, unsigned maxbuf)
{
	int rc;

	memset(e, 0, sizeof(*e));
	e->server = 1;
	rc = sasl_server_new(T_SERVICE, T_HOST, T_REALM, NULL, NULL, NULL,
	                     SASL_SUCCESS_DATA, &e->conn);
	if (rc != SASL_OK) {
		cy_seterr(e, "sasl_server_new", rc);
		return rc;
	}
	return cy_setprops(e, ssf, maxbuf);
}

static int
cy_client_new(struct cy_ep *e, const char *user, const char *password,
              unsigned ssf, unsigned maxbuf)
{
	size_t plen = strlen(password);
	int rc;

	memset(e, 0, sizeof(*e));
	snprintf(e->user, sizeof(e->user), "%s", user);
	e->secret = malloc(sizeof(sasl_secret_t) + plen);
	if (e->secret == NULL)
		abort();
	e->secret->len = plen;
	memcpy(e->secret->data, password, plen + 1);
	e->cbs[0] = (sasl_callback_t){SASL_CB_AUTHNAME, CB(cy_simple_cb), e};
	e->cbs[1] = (sasl_callback_t){SASL_CB_USER, CB(cy_simple_cb), e};
	e->cbs[2] = (sasl_callback_t){SASL_CB_PASS, CB(cy_pass_cb), e};
	e->cbs[3] = (sasl_callback_t){SASL_CB_GETREALM, CB(cy_realm_cb), e};
	e->cbs[4] = (sasl_callback_t){SASL_CB_LIST_END, NULL, NULL};
	rc =
	    sasl_client_new(T_SERVICE, T_HOST, NULL, NULL, e->cbs, 0, &e->conn);
	if (rc != SASL_OK) {
		cy_seterr(e, "sasl_client_new", rc);
		return rc;
	}
	return cy_setprops(e, ssf, maxbuf);
}

static void
cy_free(struct cy_ep *e)
{
	if (e->conn != NULL)
		sasl_dispose(&e->conn);
	free(e->secret);
	e->secret = NULL;
}

static unsigned
cy_ssf(struct cy_ep *e)
{
	const void *v = NULL;

	if (sasl_getprop(e->conn, SASL_SSF, &v) != SASL_OK || v == NULL)
		return 9999;
	return *(const sasl_ssf_t *)v;
}

static size_t
cy_max_out(void *self)
{
	struct cy_ep *e = self;
	const void *v = NULL;

	if (sasl_getprop(e->conn, SASL_MAXOUTBUF, &v) != SASL_OK || v == NULL)
		return 0;
	return *(const unsigned *)v;
}

static int
cy_wrap(void *self, const unsigned char *msg, size_t len, struct bytes *wire,
        char *err, size_t errlen)
{
	struct cy_ep *e = self;
	const char *out = NULL;
	unsigned outlen = 0;
	int rc;

	if (len == 0) {
		static char empty[1];
		struct iovec iov;

		iov.iov_base = empty;
		iov.iov_len = 0;
		rc = sasl_encodev(e->conn, &iov, 1, &out, &outlen);
		if (rc != SASL_OK) {
			snprintf(err, errlen,
			         "Cyrus refuses to encode an "
			         "empty message (sasl_encodev: %s)",
			         sasl_errstring(rc, NULL, NULL));
			return LAYER_SKIP;
		}
	} else {
		rc = sasl_encode(e->conn, (const char *)msg, (unsigned)len,
		                 &out, &outlen);
		if (rc != SASL_OK) {
			snprintf(err, errlen, "sasl_encode(%zu bytes): %s: %s",
			         len, sasl_errstring(rc, NULL, NULL),
			         sasl_errdetail(e->conn));
			return LAYER_ERR;
		}
	}
	bytes_append(wire, out, outlen);
	return LAYER_OK;
}

static int
cy_unwrap(void *self, const unsigned char *frame, size_t len,
          struct bytes *plain, char *err, size_t errlen)
{
	struct cy_ep *e = self;
	const char *out = NULL;
	unsigned outlen = 0;
	int rc;

	rc = sasl_decode(e->conn, (const char *)frame, (unsigned)len, &out,
	                 &outlen);
	if (rc != SASL_OK) {
		snprintf(err, errlen, "sasl_decode(%zu-byte frame): %s: %s",
		         len, sasl_errstring(rc, NULL, NULL),
		         sasl_errdetail(e->conn));
		return LAYER_ERR;
	}
	if (outlen > 0)
		bytes_append(plain, out, outlen);
	return LAYER_OK;
}

static void
cy_peer(struct peer *p, void *ep, const char *name, const struct qcase *q,
        size_t peer_in_maxbuf)
{
	(void)peer_in_maxbuf; /* Cyrus knows it: SASL_MAXOUTBUF */
	p->name = name;
	p->self = ep;
	p->max_out = cy_max_out;
	p->wrap = cy_wrap;
	p->unwrap = cy_unwrap;
	p->in_maxbuf = q->maxbuf;
}

/* --- the lib_ops adapter ------------------------------------------------ */

static struct cy_ep *
cy_alloc(void)
{
	struct cy_ep *e = calloc(1, sizeof(*e));

	if (e == NULL)
		abort();
	return e;
}

static void
ops_free(void *ep)
{
	cy_free(ep);
	free(ep);
}

static int
ops_client_new(void **ep, const char *password, const struct qcase *q,
               char *err, size_t errlen)
{
	struct cy_ep *e = cy_alloc();

	*ep = e;
	if (cy_client_new(e, T_USER, password, q->ssf, q->maxbuf) != SASL_OK) {
		snprintf(err, errlen, "%s", e->err);
		return -1;
	}
	return 0;
}

static int
ops_server_new(void **ep, const struct qcase *q, char *err, size_t errlen)
{
	struct cy_ep *e = cy_alloc();

	*ep = e;
	if (cy_server_new(e, q->ssf, q->maxbuf) != SASL_OK) {
		snprintf(err, errlen, "%s", e->err);
		return -1;
	}
	return 0;
}

static int
step_result(struct cy_ep *e, const char *what, int rc, long *code, char *err,
            size_t errlen)
{
	*code = rc;
	if (rc == SASL_OK)
		return STEP_DONE;
	if (rc == SASL_CONTINUE)
		return STEP_CONTINUE;
	cy_seterr(e, what, rc);
	snprintf(err, errlen, "%s", e->err);
	return STEP_FAIL;
}

static int
ops_server_start(void *ep, struct bytes *out, long *code, char *err,
                 size_t errlen)
{
	struct cy_ep *e = ep;
	const char *o = NULL;
	unsigned olen = 0;
	int rc;

	rc = sasl_server_start(e->conn, "DIGEST-MD5", NULL, 0, &o, &olen);
	bytes_set(out, o, o != NULL ? olen : 0);
	return step_result(e, "sasl_server_start", rc, code, err, errlen);
}

static int
ops_client_start(void *ep, long *code, char *err, size_t errlen)
{
	struct cy_ep *e = ep;
	const char *mech = NULL;
	int rc;

	/* no clientout: as in IMAP without an initial response; this
	 * also keeps Cyrus's client reauth cache (a client-first response
	 * reusing an earlier nonce) out of the way */
	rc = sasl_client_start(e->conn, "DIGEST-MD5", NULL, NULL, NULL, &mech);
	return step_result(e, "sasl_client_start", rc, code, err, errlen);
}

static int
ops_step(void *ep, const struct bytes *in, struct bytes *out, long *code,
         char *err, size_t errlen)
{
	struct cy_ep *e = ep;
	const char *o = NULL;
	unsigned olen = 0;
	int rc;

	if (e->server)
		rc = sasl_server_step(e->conn, (const char *)in->p,
		                      (unsigned)in->len, &o, &olen);
	else
		rc = sasl_client_step(e->conn, (const char *)in->p,
		                      (unsigned)in->len, NULL, &o, &olen);
	bytes_set(out, o, o != NULL ? olen : 0);
	return step_result(e,
	                   e->server ? "sasl_server_step" : "sasl_client_step",
	                   rc, code, err, errlen);
}

static int
ops_check(void *ep, const struct qcase *q, char *err, size_t errlen)
{
	struct cy_ep *e = ep;
	unsigned ssf = cy_ssf(e);

	if (ssf != q->ssf) {
		snprintf(err, errlen, "Cyrus %s SSF %u, expected %u",
		         e->server ? "server" : "client", ssf, q->ssf);
		return -1;
	}
	return 0;
}

static const char *
ops_log(void)
{
	return cy_log;
}

/* clang-format off */
static const struct lib_ops cyrus = {
	.name = "cyrus",
	.bad_auth_code = SASL_BADAUTH,
	.bad_auth_name = "SASL_BADAUTH",
	.client_new = ops_client_new,
	.server_new = ops_server_new,
	.free = ops_free,
	.server_start = ops_server_start,
	.client_start = ops_client_start,
	.step = ops_step,
	.check = ops_check,
	.peer = cy_peer,
	.log = ops_log,
	.log_clear = cy_log_clear,
};
/* clang-format on */

/* --- main --------------------------------------------------------------- */

/* clang-format off */
static const struct qcase qcases[] = {
	{ "auth", LAYER_NONE, "", 0, 65536 },
	{ "auth-int", LAYER_INT, "", 1, 65536 },
	{ "auth-conf/rc4-40", LAYER_CONF, "rc4-40", 40, 65536 },
	{ "auth-conf/rc4-56", LAYER_CONF, "rc4-56", 56, 65536 },
	{ "auth-conf/rc4", LAYER_CONF, "rc4", 128, 65536 },
	{ "auth-conf/des", LAYER_CONF, "des", 55, 65536 },
	{ "auth-conf/3des", LAYER_CONF, "3des", 112, 65536 },
	{ "auth-int/maxbuf=1000", LAYER_INT, "", 1, 1000 },
	{ "auth-conf/rc4/maxbuf=1000", LAYER_CONF, "rc4", 128, 1000 },
	{ "auth-conf/des/maxbuf=1000", LAYER_CONF, "des", 55, 1000 },
};
/* clang-format on */

/* Cyrus's DIGEST-MD5 plug-in must be there for anything to run. */
static void
check_cyrus_mech(void)
{
	struct cy_ep e;
	const char *out = NULL;
	unsigned outlen = 0;
	int rc;

	if (cy_server_new(&e, 0, 65536) != SASL_OK) {
		printf("# %s\n", e.err);
		cy_free(&e);
		t_missing_peer("cannot create a Cyrus SASL server connection");
	}
	rc = sasl_server_start(e.conn, "DIGEST-MD5", NULL, 0, &out, &outlen);
	cy_free(&e);
	if (rc == SASL_NOMECH)
		t_missing_peer("Cyrus SASL has no DIGEST-MD5 plug-in "
		               "(Debian: libsasl2-modules)");
	if (rc != SASL_CONTINUE) {
		printf("FAIL: sasl_server_start(DIGEST-MD5): %s\n",
		       sasl_errstring(rc, NULL, NULL));
		exit(1);
	}
}

int
main(void)
{
	/* clang-format off */
	const struct lib_ops *const pairs[3][2] = {
		{ &cyrus, &cyrus },	/* the peer against itself */
		{ NULL, &cyrus },	/* digestssp client */
		{ &cyrus, NULL },	/* digestssp server */
	};
	/* clang-format on */
	const char *impl = NULL, *ver = NULL;
	size_t i, p;
	int rc;

	rc = sasl_server_init(global_cbs, APPNAME);
	if (rc != SASL_OK) {
		printf("FAIL: sasl_server_init: %s\n",
		       sasl_errstring(rc, NULL, NULL));
		return 1;
	}
	rc = sasl_auxprop_add_plugin(AUXPROP_NAME, aux_init);
	if (rc != SASL_OK) {
		printf("FAIL: sasl_auxprop_add_plugin: %s\n",
		       sasl_errstring(rc, NULL, NULL));
		return 1;
	}
	rc = sasl_client_init(global_cbs);
	if (rc != SASL_OK) {
		printf("FAIL: sasl_client_init: %s\n",
		       sasl_errstring(rc, NULL, NULL));
		return 1;
	}
	sasl_version_info(&impl, &ver, NULL, NULL, NULL, NULL);
	printf("# %s %s\n", impl ? impl : "Cyrus SASL", ver ? ver : "?");
	check_cyrus_mech();

	for (p = 0; p < 3; p++)
		for (i = 0; i < sizeof(qcases) / sizeof(qcases[0]); i++) {
			if (strcmp(qcases[i].cipher, "3des") == 0) {
				char name[160];

				snprintf(name, sizeof(name),
				         "%s-client/%s-"
				         "server %s",
				         pairs[p][0] ? "cyrus" : "dss",
				         pairs[p][1] ? "cyrus" : "dss",
				         qcases[i].name);
				t_skip(name,
				       "Debian's Cyrus SASL 2.1.28 "
				       "cannot negotiate 3des (OpenSSL 3, "
				       "protocol.md B.9/B.11); the recorded "
				       "vectors (sasl-layer.json) cover it");
				continue;
			}
			run_case(pairs[p][0], pairs[p][1], &qcases[i]);
		}
	for (p = 0; p < 3; p++)
		run_wrong_password(pairs[p][0], pairs[p][1]);
	run_forged_rspauth(&cyrus);
	run_empty_domain(&cyrus);

	sasl_done();
	return t_summary();
}
