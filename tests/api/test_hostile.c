/*
 * test_hostile.c - the hostile-input table: every row is one call with
 * one bad input (or one bad call order) and the exact SECURITY_STATUS
 * it must give, followed by the state check of api.md 1.8:
 *
 *   no-handle  a failing first ISC/ASC wrote no handle, and the
 *              credential still makes a genuine first step;
 *   usable     a caller error (or an HTTP server session's bad
 *              response) left the context as it was: the genuine next
 *              step still succeeds;
 *   failed     a peer's bad token failed a client or SASL context: the
 *              next call on it gives SEC_E_INVALID_HANDLE;
 *   -          nothing to check (the row's call succeeded or the
 *              handle is gone by design).
 *
 * The same array is the documentation: `test_hostile --markdown` prints
 * it as docs/HOSTILE_INPUT.md, and the ctest test hostile_table_doc
 * diffs the two.
 *
 * Server rows take a genuine response of our own client and edit it
 * (the Input column's notation):
 *   name=raw     directive replaced (appended when absent)
 *   +name=raw    directive appended once more (a duplicate)
 *   -name        directive removed
 *   =text        the whole token replaced by text
 *   @uri=X       (HTTP) request-target slot 2 set to X
 *   @method=X    (HTTP) method slot 1 set to X
 *   ^...         (HTTP) ASC with phContext NULL (session by opaque)
 * Client rows give the challenge or Authentication-Info text literally;
 * \0 in a row is a NUL byte inside the token.
 */
#include "apitest.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sspi/testhook.h"

#define TOKEN_MAX 4096
#define HTTP_STYLE ISC_REQ_USE_HTTP_STYLE

/* HTTP: RFC 2617 3.5 */
#define H_USER "Mufasa"
#define H_REALM "testrealm@host.com"
#define H_PW "Circle Of Life"
#define H_NONCE "dcd98b7102dd2f0e8b11d0f600bfb0c093"
#define H_OPAQUE "5ccc069c403ebaf9f0171e9517f40e41"
#define H_CNONCE "0a4f113b"
#define H_URI "/dir/index.html"
#define H_CHAL "realm=\"" H_REALM "\", qop=\"auth\", nonce=\"" H_NONCE \
	"\", opaque=\"" H_OPAQUE "\""

/* SASL: RFC 2831 4 */
#define S_USER "chris"
#define S_REALM "elwood.innosoft.com"
#define S_PW "secret"
#define S_URI "imap/elwood.innosoft.com"
#define S_NONCE "OA6MG9tEQGm2hh"
#define S_CHAL "realm=\"" S_REALM "\",nonce=\"" S_NONCE "\",qop=\"auth\"," \
	"algorithm=md5-sess,charset=utf-8"

static char pkg[] = "WDigest";
static const SecHandle sentinel = {
	(ULONG_PTR)0x5a5a5a5a5a5a5a5au, (ULONG_PTR)0xa5a5a5a5a5a5a5a5u
};

/* ---- the table ---------------------------------------------------------- */

enum entry {
	E_HC_CHAL,      /* ISC (HTTP), first call with a challenge */
	E_HC_INFO,      /* ISC (HTTP), Authentication-Info on RESPONDED */
	E_HS_RESP,      /* ASC (HTTP), response on a CHALLENGED session */
	E_SC_CHAL,      /* ISC (SASL), first call with a challenge */
	E_SC_INFO,      /* ISC (SASL), third leg on RESPONDED */
	E_SS_RESP,      /* ASC (SASL), response on a CHALLENGED context */
	E_FN            /* a custom call (row.fn) */
};

enum setup {
	S_NONE,         /* credentials only */
	S_HC,           /* HTTP client RESPONDED */
	S_HC_NEW,       /* HTTP client NEW (no challenge yet) */
	S_HS,           /* HTTP server session CHALLENGED */
	S_HS_EST,       /* HTTP server ESTABLISHED (+ a later request) */
	S_SC,           /* SASL client RESPONDED */
	S_SS,           /* SASL server CHALLENGED */
	S_SL,           /* SASL pair complete, auth-conf */
	S_SL_INT,       /* SASL pair complete, auth-int */
	S_SL_AUTH       /* SASL pair complete, qop=auth */
};

enum after { A_NONE, A_NOHANDLE, A_USABLE, A_FAILED };

struct fix;

struct row {
	const char *name;
	enum entry entry;
	enum setup setup;
	const char *call;      /* entry point, for the documentation */
	const char *input;     /* edit spec / literal / description */
	size_t len;            /* literal length when it holds a NUL; else 0 */
	SECURITY_STATUS want;
	const char *want_name;
	enum after after;
	SECURITY_STATUS (*fn)(struct fix *f);
	const char *bug;      /* known library bug: reported, not failed */
};

/* ---- fixture ------------------------------------------------------------ */

struct fix {
	CredHandle hcc, hsc, scc, ssc;   /* HTTP/SASL client/server creds */
	CtxtHandle c;                    /* client context under test */
	CtxtHandle s;                    /* server context under test */
	CtxtHandle s2;                   /* HTTP: established later handle */
	CtxtHandle newh;                 /* output handle of a first call */
	char resp[TOKEN_MAX + 1];        /* genuine next input (server) */
	ULONG resp_len;
	char fin[TOKEN_MAX + 1];         /* genuine third leg (SASL) */
	ULONG fin_len;
	char later[TOKEN_MAX + 1];       /* HTTP: nc=2 Authorization */
	ULONG later_len;
	unsigned char pend[256];         /* SASL: a genuine frame or */
	size_t pend_len;                 /* signature the server has not */
	int pend_kind;                   /* consumed (1 frame, 2 sig) */
	char *target;                    /* ASC request-target (HTTP) */
	char *method;
	bool ctx_null;                   /* ASC with phContext NULL */
};

static void acquire(CredHandle *c, ULONG use, const char *principal,
    const char *user, const char *realm, const char *pw)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	char *u = apitest_strdup(user), *r = apitest_strdup(realm);
	char *p = apitest_strdup(pw), *pr = principal != NULL ?
	    apitest_strdup(principal) : NULL;

	id.User = (unsigned char *)u;
	id.UserLength = (ULONG)strlen(u);
	id.Domain = (unsigned char *)r;
	id.DomainLength = (ULONG)strlen(r);
	id.Password = (unsigned char *)p;
	id.PasswordLength = (ULONG)strlen(p);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	assert_status(AcquireCredentialsHandleA(pr, pkg, use, NULL, &id,
	    NULL, NULL, c, NULL), SEC_E_OK);
	free(u);
	free(r);
	free(p);
	free(pr);
}

/* HTTP ISC: tok in slot 0, method in slot 1. */
static SECURITY_STATUS hisc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, size_t in_len, ULONG flags,
    char *out, ULONG *out_len)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char *tok = apitest_dup(in, in_len), *m = apitest_strdup("GET");
	char *u = apitest_strdup(H_URI);
	char scratch[TOKEN_MAX + 1];
	ULONG attr = 0;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, in_len);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out ? out : scratch,
	    TOKEN_MAX);
	st = InitializeSecurityContextA(cred, ctx, u, flags, 0, 0,
	    in != NULL ? &id : NULL, 0, newh, &od, &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	free(tok);
	free(m);
	free(u);
	return st;
}

/* SASL ISC / ASC with one TOKEN buffer each way. */
static SECURITY_STATUS sisc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, size_t in_len, ULONG flags,
    char *out, ULONG *out_len)
{
	char *tok = apitest_dup(in != NULL ? in : "", in_len);
	char *u = apitest_strdup(S_URI), scratch[TOKEN_MAX + 1];
	SecBuffer ib = { (ULONG)in_len, SECBUFFER_TOKEN, tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out ? out : scratch };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(cred, ctx, u, flags, 0, 0,
	    in != NULL ? &id : NULL, 0, newh, &od, &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	free(tok);
	free(u);
	return st;
}

static SECURITY_STATUS sasc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, size_t in_len, ULONG flags,
    char *out, ULONG *out_len)
{
	char *tok = apitest_dup(in, in_len), scratch[TOKEN_MAX + 1];
	SecBuffer ib = { (ULONG)in_len, SECBUFFER_TOKEN, tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out ? out : scratch };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	st = AcceptSecurityContext(cred, ctx, &id, flags, 0, newh, &od,
	    &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	free(tok);
	return st;
}

/* HTTP ASC: 0 token, 1 method, 2 target, 3 H(entity), 4 realm, 5 CB. */
struct hreq {
	SecBuffer b[6];
	SecBufferDesc d;
	char *tok, *m, *t;
};

static void hreq_init(struct hreq *r, const char *tok, size_t n,
    const char *method, const char *target)
{
	memset(r, 0, sizeof(*r));
	r->tok = tok != NULL ? apitest_dup(tok, n) : NULL;
	r->m = apitest_strdup(method);
	r->t = apitest_strdup(target);
	apitest_set_buffer(&r->b[0], SECBUFFER_TOKEN, r->tok,
	    tok != NULL ? n : 0);
	apitest_set_buffer(&r->b[1], SECBUFFER_PKG_PARAMS, r->m,
	    strlen(r->m));
	apitest_set_buffer(&r->b[2], SECBUFFER_PKG_PARAMS, r->t,
	    strlen(r->t));
	apitest_set_buffer(&r->b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[5], SECBUFFER_EMPTY, NULL, 0);
	r->d.ulVersion = SECBUFFER_VERSION;
	r->d.cBuffers = 6;
	r->d.pBuffers = r->b;
}

static void hreq_free(struct hreq *r)
{
	free(r->tok);
	free(r->m);
	free(r->t);
}

static SECURITY_STATUS hasc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *tok, size_t n, const char *method,
    const char *target, char *out, ULONG *out_len)
{
	struct hreq r;
	char scratch[TOKEN_MAX + 1];
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out ? out : scratch };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	hreq_init(&r, tok, n, method, target);
	st = AcceptSecurityContext(cred, ctx, &r.d, ASC_REQ_HTTP, 0, newh,
	    &od, &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	hreq_free(&r);
	return st;
}

/* MakeSignature, HTTP 5-buffer layout. */
static SECURITY_STATUS hsign(CtxtHandle *c, char *out, ULONG *out_len)
{
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	char m[] = "GET", u[] = H_URI, scratch[TOKEN_MAX + 1];
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out ? out : scratch,
	    TOKEN_MAX);
	st = MakeSignature(c, 0, &d, 0);
	if (out_len != NULL)
		*out_len = st == SEC_E_OK ? b[4].cbBuffer : 0;
	if (out != NULL)
		out[st == SEC_E_OK ? b[4].cbBuffer : 0] = '\0';
	return st;
}

static ULONG sasl_isc_flags(enum setup s)
{
	return s == S_SL ? ISC_REQ_CONFIDENTIALITY :
	    s == S_SL_INT ? ISC_REQ_INTEGRITY : 0;
}

static ULONG sasl_asc_flags(enum setup s)
{
	return s == S_SL ? ASC_REQ_CONFIDENTIALITY :
	    s == S_SL_INT ? ASC_REQ_INTEGRITY : 0;
}

static void fix_setup(struct fix *f, enum setup s)
{
	char chal[TOKEN_MAX + 1];
	ULONG n;

	memset(f, 0, sizeof(*f));
	SecInvalidateHandle(&f->c);
	SecInvalidateHandle(&f->s);
	SecInvalidateHandle(&f->s2);
	f->newh = sentinel;
	f->target = apitest_strdup(H_URI);
	f->method = apitest_strdup("GET");
	dss_test_set_cnonce(H_CNONCE);
	acquire(&f->hcc, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	acquire(&f->hsc, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM, H_PW);
	acquire(&f->scc, SECPKG_CRED_OUTBOUND, NULL, S_USER, "", S_PW);
	acquire(&f->ssc, SECPKG_CRED_INBOUND, "imap", S_USER, S_REALM, S_PW);
	switch (s) {
	case S_NONE:
		break;
	case S_HC:
		assert_status(hisc(&f->hcc, NULL, &f->c, H_CHAL,
		    strlen(H_CHAL), HTTP_STYLE, NULL, NULL), SEC_E_OK);
		break;
	case S_HC_NEW:
		assert_status(hisc(&f->hcc, NULL, &f->c, NULL, 0, HTTP_STYLE,
		    NULL, NULL), SEC_I_CONTINUE_NEEDED);
		break;
	case S_HS:
	case S_HS_EST:
		dss_test_set_server_nonce(H_NONCE, H_OPAQUE);
		assert_status(hasc(&f->hsc, NULL, &f->s, NULL, 0, "GET",
		    H_URI, chal, &n), SEC_I_CONTINUE_NEEDED);
		dss_test_set_server_nonce(NULL, NULL);
		assert_status(hisc(&f->hcc, NULL, &f->c, chal, n, HTTP_STYLE,
		    f->resp, &f->resp_len), SEC_E_OK);
		if (s == S_HS)
			break;
		assert_status(hasc(&f->hsc, &f->s, &f->s, f->resp,
		    f->resp_len, "GET", H_URI, NULL, NULL), SEC_E_OK);
		assert_status(hsign(&f->c, f->later, &f->later_len),
		    SEC_E_OK);
		assert_status(hasc(&f->hsc, NULL, &f->s2, f->later,
		    f->later_len, "GET", H_URI, NULL, NULL),
		    SEC_I_COMPLETE_NEEDED);
		break;
	case S_SC:
	case S_SS:
		assert_status(sasc(&f->ssc, NULL, &f->s, "", 0, 0, chal, &n),
		    SEC_I_CONTINUE_NEEDED);
		assert_status(sisc(&f->scc, NULL, &f->c, chal, n, 0, f->resp,
		    &f->resp_len), SEC_I_CONTINUE_NEEDED);
		if (s == S_SS)
			break;
		assert_status(sasc(&f->ssc, &f->s, &f->s, f->resp,
		    f->resp_len, 0, f->fin, &f->fin_len), SEC_E_OK);
		break;
	case S_SL:
	case S_SL_INT:
	case S_SL_AUTH:
		assert_status(sasc(&f->ssc, NULL, &f->s, "", 0,
		    sasl_asc_flags(s), chal, &n), SEC_I_CONTINUE_NEEDED);
		assert_status(sisc(&f->scc, NULL, &f->c, chal, n,
		    sasl_isc_flags(s), f->resp, &f->resp_len),
		    SEC_I_CONTINUE_NEEDED);
		assert_status(sasc(&f->ssc, &f->s, &f->s, f->resp,
		    f->resp_len, sasl_asc_flags(s), f->fin, &f->fin_len),
		    SEC_E_OK);
		assert_status(sisc(&f->scc, &f->c, &f->c, f->fin, f->fin_len,
		    sasl_isc_flags(s), NULL, NULL), SEC_E_OK);
		break;
	}
}

static void del(CtxtHandle *h)
{
	if (SecIsValidHandle(h))
		(void)DeleteSecurityContext(h);
	SecInvalidateHandle(h);
}

static void fix_free(struct fix *f)
{
	del(&f->c);
	del(&f->s);
	del(&f->s2);
	if (f->newh.dwLower != sentinel.dwLower ||
	    f->newh.dwUpper != sentinel.dwUpper)
		del(&f->newh);
	(void)FreeCredentialsHandle(&f->hcc);
	(void)FreeCredentialsHandle(&f->hsc);
	(void)FreeCredentialsHandle(&f->scc);
	(void)FreeCredentialsHandle(&f->ssc);
	free(f->target);
	free(f->method);
	dss_test_set_cnonce(NULL);
	dss_test_set_server_nonce(NULL, NULL);
}

/* ---- token editing ------------------------------------------------------ */

/*
 * A directive list with `name` replaced by name=raw (appended when
 * absent; removed when raw is NULL). Splits at commas outside quotes.
 */
static char *edit_list(const char *tok, const char *name, const char *raw)
{
	size_t n = strlen(tok), i = 0, nl = strlen(name);
	char *out = malloc(n + strlen(raw ? raw : "") + nl + 8);
	size_t o = 0;
	bool done = false;

	assert_non_null(out);
	while (i < n) {
		size_t s = i, e, k;
		bool q = false;

		while (s < n && (tok[s] == ' ' || tok[s] == ','))
			s++;
		if (s >= n)
			break;
		for (e = s; e < n; e++) {
			if (tok[e] == '\\' && q && e + 1 < n) {
				e++;
				continue;
			}
			if (tok[e] == '"')
				q = !q;
			else if (tok[e] == ',' && !q)
				break;
		}
		for (k = s; k < e && tok[k] != '=' && tok[k] != ' '; k++)
			;
		if (k - s == nl && strncasecmp(tok + s, name, nl) == 0) {
			done = true;
			if (raw != NULL) {
				if (o)
					out[o++] = ',';
				o += (size_t)sprintf(out + o, "%s=%s", name,
				    raw);
			}
		} else {
			if (o)
				out[o++] = ',';
			memcpy(out + o, tok + s, e - s);
			o += e - s;
		}
		i = e;
	}
	if (!done && raw != NULL) {
		if (o)
			out[o++] = ',';
		o += (size_t)sprintf(out + o, "%s=%s", name, raw);
	}
	out[o] = '\0';
	return out;
}

/* Applies a server row's edit spec to the genuine response. */
static char *apply_edit(struct fix *f, const char *spec, size_t *len)
{
	const char *tok = f->resp;
	bool digest = strncmp(tok, "Digest ", 7) == 0;
	char *out, *name, *eq;

	if (digest)
		tok += 7;
	if (spec[0] == '^') {
		f->ctx_null = true;
		spec++;
	}
	if (spec[0] == '@') {
		char **slot = strncmp(spec, "@uri=", 5) == 0 ? &f->target :
		    &f->method;

		free(*slot);
		*slot = apitest_strdup(strchr(spec, '=') + 1);
		out = apitest_strdup(f->resp);
		*len = strlen(out);
		return out;
	}
	if (spec[0] == '=') {
		out = apitest_strdup(spec + 1);
		*len = strlen(out);
		return out;
	}
	if (spec[0] == '+') {
		out = apitest_format("%s%s,%s", digest ? "Digest " : "", tok,
		    spec + 1);
		*len = strlen(out);
		return out;
	}
	if (spec[0] == '-') {
		char *e = edit_list(tok, spec + 1, NULL);

		out = apitest_format("%s%s", digest ? "Digest " : "", e);
		free(e);
		*len = strlen(out);
		return out;
	}
	name = apitest_strdup(spec);
	eq = strchr(name, '=');
	assert_non_null(eq);
	*eq = '\0';
	{
		char *e = edit_list(tok, name, eq + 1);

		out = apitest_format("%s%s", digest ? "Digest " : "", e);
		free(e);
	}
	free(name);
	*len = strlen(out);
	return out;
}

/* ---- custom calls -------------------------------------------------------- */

/* SASL: wrap on the client, unwrap on the server (the genuine step). */
static SECURITY_STATUS sl_roundtrip(struct fix *f, enum setup s)
{
	unsigned char buf[256];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SecBuffer u;
	SecBufferDesc ud = { SECBUFFER_VERSION, 1, &u };
	ULONG qop;
	SECURITY_STATUS st;

	if (s == S_SL_AUTH)
		return hsign(&f->c, NULL, NULL) == SEC_E_QOP_NOT_SUPPORTED ?
		    SEC_E_OK : SEC_E_INTERNAL_ERROR;
	if (f->pend_kind == 1) {
		apitest_set_buffer(&u, SECBUFFER_DATA, f->pend, f->pend_len);
		st = DecryptMessage(&f->s, &ud, 0, &qop);
		if (st != SEC_E_OK)
			return st;
	} else if (f->pend_kind == 2) {
		apitest_set_buffer(&b[0], SECBUFFER_DATA, f->pend, 5);
		apitest_set_buffer(&b[1], SECBUFFER_TOKEN, f->pend + 5,
		    f->pend_len - 5);
		st = VerifySignature(&f->s, &d, 0, &qop);
		if (st != SEC_E_OK)
			return st;
	}
	f->pend_kind = 0;
	memcpy(buf, "hello", 5);
	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + 5, 64);
	st = EncryptMessage(&f->c, 0, &d, 0);
	if (st != SEC_E_OK)
		return st;
	apitest_set_buffer(&u, SECBUFFER_DATA, buf, 5 + b[1].cbBuffer);
	st = DecryptMessage(&f->s, &ud, 0, &qop);
	if (st == SEC_E_OK && (u.cbBuffer != 5 || memcmp(buf, "hello", 5)))
		return SEC_E_INTERNAL_ERROR;
	return st;
}

static SECURITY_STATUS sl_probe(struct fix *f)
{
	return sl_roundtrip(f, S_SL);
}

/* A genuine client frame of `n` bytes ("hello"...) in buf; its length. */
static size_t sl_frame(struct fix *f, unsigned char *buf, size_t n)
{
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	memset(buf, 'h', n);
	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, n);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + n, 64);
	assert_status(EncryptMessage(&f->c, 0, &d, 0), SEC_E_OK);
	/* the first frame the server has not seen yet */
	if (f->pend_kind == 0) {
		assert_true(n + b[1].cbBuffer <= sizeof(f->pend));
		memcpy(f->pend, buf, n + b[1].cbBuffer);
		f->pend_len = n + b[1].cbBuffer;
		f->pend_kind = 1;
	}
	return n + b[1].cbBuffer;
}

static SECURITY_STATUS sl_decrypt(struct fix *f, unsigned char *buf,
    size_t n, ULONG type)
{
	SecBuffer u;
	SecBufferDesc ud = { SECBUFFER_VERSION, 1, &u };
	ULONG qop;

	apitest_set_buffer(&u, type, buf, n);
	return DecryptMessage(&f->s, &ud, 0, &qop);
}

/* EncryptMessage variants on the client. */
static SECURITY_STATUS sl_encrypt(struct fix *f, ULONG qop, ULONG t0,
    ULONG t1, ULONG nbuf, ULONG version, size_t n, size_t pad)
{
	static unsigned char buf[70000];
	SecBuffer b[2];
	SecBufferDesc d = { version, nbuf, b };

	memset(buf, 'x', n);
	apitest_set_buffer(&b[0], t0, buf, n);
	apitest_set_buffer(&b[1], t1, buf + n, pad);
	return EncryptMessage(&f->c, qop, &d, 0);
}

static SECURITY_STATUS enc_null_desc(struct fix *f)
{
	return EncryptMessage(&f->c, 0, NULL, 0);
}

static SECURITY_STATUS enc_no_data(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_TOKEN, SECBUFFER_PADDING, 2,
	    SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_no_padding(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 1,
	    SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_small_padding(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 2,
	    SECBUFFER_VERSION, 5, 10);
}

static SECURITY_STATUS enc_qop_noencrypt(struct fix *f)
{
	return sl_encrypt(f, SECQOP_WRAP_NO_ENCRYPT, SECBUFFER_DATA,
	    SECBUFFER_PADDING, 2, SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_qop_one(struct fix *f)
{
	return sl_encrypt(f, 1, SECBUFFER_DATA, SECBUFFER_PADDING, 2,
	    SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_version(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 2, 1, 5,
	    64);
}

static SECURITY_STATUS enc_zero_buffers(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 0,
	    SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_too_long(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 2,
	    SECBUFFER_VERSION, 65536, 64);
}

static SECURITY_STATUS enc_readonly_data(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA | SECBUFFER_READONLY,
	    SECBUFFER_PADDING, 2, SECBUFFER_VERSION, 5, 64);
}

static SECURITY_STATUS enc_null_pbuffers(struct fix *f)
{
	SecBufferDesc d = { SECBUFFER_VERSION, 2, NULL };

	return EncryptMessage(&f->c, 0, &d, 0);
}

static SECURITY_STATUS enc_null_handle(struct fix *f)
{
	(void)f;
	return EncryptMessage(NULL, 0, NULL, 0);
}

static SECURITY_STATUS enc_cred_handle(struct fix *f)
{
	unsigned char buf[80];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + 5, 64);
	return EncryptMessage(&f->scc, 0, &d, 0);
}

static SECURITY_STATUS enc_not_complete(struct fix *f)
{
	unsigned char buf[80];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + 5, 64);
	return EncryptMessage(&f->c, 0, &d, 0);
}

static SECURITY_STATUS enc_server_not_complete(struct fix *f)
{
	unsigned char buf[80];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + 5, 64);
	return EncryptMessage(&f->s, 0, &d, 0);
}

static SECURITY_STATUS dec_not_complete(struct fix *f)
{
	unsigned char buf[80];

	memset(buf, 0, sizeof(buf));
	return sl_decrypt(f, buf, 40, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_short(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 5);

	(void)n;
	return sl_decrypt(f, buf, 15, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_empty(struct fix *f)
{
	unsigned char buf[8];

	return sl_decrypt(f, buf, 0, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_flip(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);
	unsigned char keep[200];
	SECURITY_STATUS st;

	memcpy(keep, buf, n);
	buf[n / 2] ^= 0x01;
	st = sl_decrypt(f, buf, n, SECBUFFER_DATA);
	/* the genuine frame still passes: no sequence number used */
	memcpy(buf, keep, n);
	if (sl_decrypt(f, buf, n, SECBUFFER_DATA) != SEC_E_OK)
		return SEC_E_INTERNAL_ERROR;
	f->pend_kind = 0;
	return st;
}

static SECURITY_STATUS dec_flip_mac(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	buf[n - 7] ^= 0x80;
	return sl_decrypt(f, buf, n, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_flip_seq(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	buf[n - 1] ^= 0x01;
	return sl_decrypt(f, buf, n, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_flip_version(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	buf[n - 5] ^= 0x01;
	return sl_decrypt(f, buf, n, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_replay(struct fix *f)
{
	unsigned char buf[200], keep[200];
	size_t n = sl_frame(f, buf, 40);

	memcpy(keep, buf, n);
	if (sl_decrypt(f, buf, n, SECBUFFER_DATA) != SEC_E_OK)
		return SEC_E_INTERNAL_ERROR;
	f->pend_kind = 0;
	memcpy(buf, keep, n);
	return sl_decrypt(f, buf, n, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_skip(struct fix *f)
{
	unsigned char buf[200];
	size_t n;

	(void)sl_frame(f, buf, 40);
	n = sl_frame(f, buf, 40);
	return sl_decrypt(f, buf, n, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_truncated(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	return sl_decrypt(f, buf, n - 1, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_extended(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	memmove(buf + 1, buf, n);
	buf[0] = 'X';
	return sl_decrypt(f, buf, n + 1, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_not_block(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	/* 3 octets cut from the cipher text: not a multiple of 8 */
	memmove(buf + 10, buf + 13, n - 13);
	return sl_decrypt(f, buf, n - 3, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_oversized(struct fix *f)
{
	static unsigned char buf[70100];

	memset(buf, 'z', sizeof(buf));
	return sl_decrypt(f, buf, 70000, SECBUFFER_DATA);
}

static SECURITY_STATUS dec_token_type(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	return sl_decrypt(f, buf, n, SECBUFFER_TOKEN);
}

static SECURITY_STATUS dec_readonly(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);

	return sl_decrypt(f, buf, n, SECBUFFER_DATA | SECBUFFER_READONLY);
}

/*
 * Form B with the frame in a READONLY STREAM (fuzz_secbuf found it
 * decrypted in place, and wiped when bad): refused, the bytes untouched
 * (a changed byte makes the row fail with SEC_E_INTERNAL_ERROR).
 */
static SECURITY_STATUS dec_readonly_stream_frame(struct fix *f, int tamper)
{
	unsigned char buf[200], before[200];
	size_t n = sl_frame(f, buf, 40);
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS st;
	ULONG qop;

	if (tamper)
		buf[0] ^= 1;
	memcpy(before, buf, n);
	apitest_set_buffer(&b[0], SECBUFFER_STREAM | SECBUFFER_READONLY, buf,
			   n);
	apitest_set_buffer(&b[1], SECBUFFER_DATA, NULL, 0);
	st = DecryptMessage(&f->s, &d, 0, &qop);
	if (memcmp(before, buf, n) != 0 ||
	    b[0].BufferType != (SECBUFFER_STREAM | SECBUFFER_READONLY) ||
	    b[0].cbBuffer != n || b[1].pvBuffer != NULL)
		return SEC_E_INTERNAL_ERROR;
	return st;
}

static SECURITY_STATUS dec_readonly_stream(struct fix *f)
{
	return dec_readonly_stream_frame(f, 0);
}

static SECURITY_STATUS dec_readonly_stream_bad(struct fix *f)
{
	return dec_readonly_stream_frame(f, 1);
}

static SECURITY_STATUS dec_null_desc(struct fix *f)
{
	ULONG qop;

	return DecryptMessage(&f->s, NULL, 0, &qop);
}

static SECURITY_STATUS dec_version(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);
	SecBuffer u;
	SecBufferDesc ud = { 7, 1, &u };
	ULONG qop;

	apitest_set_buffer(&u, SECBUFFER_DATA, buf, n);
	return DecryptMessage(&f->s, &ud, 0, &qop);
}

static SECURITY_STATUS dec_own_frame(struct fix *f)
{
	unsigned char buf[200];
	size_t n = sl_frame(f, buf, 40);
	SecBuffer u;
	SecBufferDesc ud = { SECBUFFER_VERSION, 1, &u };
	ULONG qop;

	/* the client's frame back to the client: wrong direction keys */
	apitest_set_buffer(&u, SECBUFFER_DATA, buf, n);
	return DecryptMessage(&f->c, &ud, 0, &qop);
}

/* MakeSignature / VerifySignature, SASL: DATA + TOKEN. */
static SECURITY_STATUS sl_sign(struct fix *f, ULONG qop, ULONG t1,
    size_t tok)
{
	unsigned char buf[100];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	memcpy(buf, "hello", 5);
	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], t1, buf + 5, tok);
	return MakeSignature(&f->c, qop, &d, 0);
}

static SECURITY_STATUS sig_qop(struct fix *f)
{
	return sl_sign(f, 1, SECBUFFER_TOKEN, 64);
}

static SECURITY_STATUS sig_no_token(struct fix *f)
{
	return sl_sign(f, 0, SECBUFFER_PADDING, 64);
}

static SECURITY_STATUS sig_small_token(struct fix *f)
{
	return sl_sign(f, 0, SECBUFFER_TOKEN, 8);
}

static SECURITY_STATUS sl_verify(struct fix *f, int mode)
{
	unsigned char buf[100];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop;
	SECURITY_STATUS st;

	memcpy(buf, "hello", 5);
	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_TOKEN, buf + 5, 64);
	assert_status(MakeSignature(&f->c, 0, &d, 0), SEC_E_OK);
	memcpy(f->pend, buf, 5 + b[1].cbBuffer);
	f->pend_len = 5 + b[1].cbBuffer;
	f->pend_kind = 2;
	if (mode == 1)
		b[1].cbBuffer -= 1;
	else if (mode == 2)
		buf[1] ^= 1;
	else if (mode == 3)
		buf[5] ^= 1;
	else if (mode == 4)
		b[1].BufferType = SECBUFFER_PADDING;
	st = VerifySignature(&f->s, &d, 0, &qop);
	if (mode == 5) {
		f->pend_kind = 0;
		memcpy(buf, "hello", 5);
		st = VerifySignature(&f->s, &d, 0, &qop);
	}
	return st;
}

static SECURITY_STATUS ver_short_token(struct fix *f)
{
	return sl_verify(f, 1);
}

static SECURITY_STATUS ver_data_altered(struct fix *f)
{
	return sl_verify(f, 2);
}

static SECURITY_STATUS ver_mac_altered(struct fix *f)
{
	return sl_verify(f, 3);
}

static SECURITY_STATUS ver_no_token(struct fix *f)
{
	return sl_verify(f, 4);
}

static SECURITY_STATUS ver_replay(struct fix *f)
{
	return sl_verify(f, 5);
}

static SECURITY_STATUS auth_make(struct fix *f)
{
	return sl_sign(f, 0, SECBUFFER_TOKEN, 64);
}

static SECURITY_STATUS auth_encrypt(struct fix *f)
{
	return sl_encrypt(f, 0, SECBUFFER_DATA, SECBUFFER_PADDING, 2,
	    SECBUFFER_VERSION, 5, 64);
}

/* ---- HTTP client MakeSignature layouts ---------------------------------- */

static SECURITY_STATUS hsign_layout(struct fix *f, ULONG nbuf, ULONG t0,
    ULONG t4, size_t pad, ULONG qop, const char *method)
{
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, nbuf, b };
	char m[16], u[] = H_URI, out[TOKEN_MAX];

	strcpy(m, method);
	apitest_set_buffer(&b[0], t0, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, strlen(m));
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], t4, out, pad);
	return MakeSignature(&f->c, qop, &d, 0);
}

static SECURITY_STATUS hs_four(struct fix *f)
{
	return hsign_layout(f, 4, SECBUFFER_TOKEN, SECBUFFER_PADDING,
	    TOKEN_MAX, 0, "GET");
}

static SECURITY_STATUS hs_slot0_data(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_DATA, SECBUFFER_PADDING,
	    TOKEN_MAX, 0, "GET");
}

static SECURITY_STATUS hs_slot4_token(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_TOKEN, SECBUFFER_TOKEN,
	    TOKEN_MAX, 0, "GET");
}

static SECURITY_STATUS hs_small(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_TOKEN, SECBUFFER_PADDING, 20, 0,
	    "GET");
}

static SECURITY_STATUS hs_qop(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_TOKEN, SECBUFFER_PADDING,
	    TOKEN_MAX, 1, "GET");
}

static SECURITY_STATUS hs_no_method(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_TOKEN, SECBUFFER_PADDING,
	    TOKEN_MAX, 0, "");
}

static SECURITY_STATUS hs_readonly_pad(struct fix *f)
{
	return hsign_layout(f, 5, SECBUFFER_TOKEN,
	    SECBUFFER_PADDING | SECBUFFER_READONLY, TOKEN_MAX, 0, "GET");
}

static SECURITY_STATUS hs_null_desc(struct fix *f)
{
	return MakeSignature(&f->c, 0, NULL, 0);
}

static SECURITY_STATUS hs_zero(struct fix *f)
{
	return hsign_layout(f, 0, SECBUFFER_TOKEN, SECBUFFER_PADDING,
	    TOKEN_MAX, 0, "GET");
}

static SECURITY_STATUS hs_plain(struct fix *f)
{
	return hsign(&f->c, NULL, NULL);
}

static SECURITY_STATUS hs_verify_client(struct fix *f)
{
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	char m[] = "GET", u[] = H_URI;
	ULONG qop;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, f->resp, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	return VerifySignature(&f->c, &d, 0, &qop);
}

static SECURITY_STATUS hs_encrypt_client(struct fix *f)
{
	return auth_encrypt(f);
}

static SECURITY_STATUS hc_isc_again_empty_ok(struct fix *f)
{
	SECURITY_STATUS st = hisc(NULL, &f->c, &f->c, "", 0,
	    HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, NULL, NULL);

	return st;
}

/* ---- HTTP server: descriptors and later requests -------------------------- */

static SECURITY_STATUS hs_asc_desc(struct fix *f, int mode)
{
	struct hreq r;
	char out[TOKEN_MAX];
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0, req = ASC_REQ_HTTP;
	SECURITY_STATUS st;
	CredHandle *cred = &f->hsc;

	hreq_init(&r, f->resp, f->resp_len, "GET", H_URI);
	switch (mode) {
	case 0: r.d.cBuffers = 0; break;
	case 1: r.d.ulVersion = 1; break;
	case 2: r.d.pBuffers = NULL; break;
	case 3: r.b[0].BufferType = SECBUFFER_DATA; break;
	case 4: r.d.cBuffers = 1; break;
	case 5: ob.BufferType = SECBUFFER_TOKEN | SECBUFFER_READONLY; break;
	case 6: ob.cbBuffer = 10; break;
	case 7: r.b[1].cbBuffer = 0; break;
	case 8: r.b[2].cbBuffer = 0; break;
	case 9: r.b[3].pvBuffer = r.m; r.b[3].cbBuffer = 3; break;
	case 10: req |= ASC_REQ_CONFIDENTIALITY; break;
	case 11: req |= ASC_REQ_DELEGATE; break;
	case 12: r.b[0].pvBuffer = NULL; break;
	case 13: r.b[1].BufferType = SECBUFFER_DATA; break;
	case 14: od.pBuffers = NULL; break;
	}
	st = AcceptSecurityContext(cred, &f->s, mode == 15 ? NULL : &r.d,
	    req, 0, &f->s, &od, &attr, NULL);
	hreq_free(&r);
	return st;
}

static SECURITY_STATUS hsd_zero(struct fix *f) { return hs_asc_desc(f, 0); }
static SECURITY_STATUS hsd_version(struct fix *f) { return hs_asc_desc(f, 1); }
static SECURITY_STATUS hsd_nullbufs(struct fix *f) { return hs_asc_desc(f, 2); }
static SECURITY_STATUS hsd_slot0_data(struct fix *f) { return hs_asc_desc(f, 3); }
static SECURITY_STATUS hsd_one(struct fix *f) { return hs_asc_desc(f, 4); }
static SECURITY_STATUS hsd_ro_out(struct fix *f) { return hs_asc_desc(f, 5); }
static SECURITY_STATUS hsd_small_out(struct fix *f) { return hs_asc_desc(f, 6); }
static SECURITY_STATUS hsd_no_method(struct fix *f) { return hs_asc_desc(f, 7); }
static SECURITY_STATUS hsd_no_target(struct fix *f) { return hs_asc_desc(f, 8); }
static SECURITY_STATUS hsd_bad_hentity(struct fix *f) { return hs_asc_desc(f, 9); }
static SECURITY_STATUS hsd_conf(struct fix *f) { return hs_asc_desc(f, 10); }
static SECURITY_STATUS hsd_delegate(struct fix *f) { return hs_asc_desc(f, 11); }
static SECURITY_STATUS hsd_null_tok(struct fix *f) { return hs_asc_desc(f, 12); }
static SECURITY_STATUS hsd_method_data(struct fix *f) { return hs_asc_desc(f, 13); }
static SECURITY_STATUS hsd_null_out(struct fix *f) { return hs_asc_desc(f, 14); }

static SECURITY_STATUS hs_first_small_out(struct fix *f)
{
	struct hreq r;
	char out[16];
	SecBuffer ob = { sizeof(out), SECBUFFER_TOKEN, out };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	hreq_init(&r, NULL, 0, "GET", H_URI);
	st = AcceptSecurityContext(&f->hsc, NULL, &r.d, ASC_REQ_HTTP, 0,
	    &f->newh, &od, &attr, NULL);
	hreq_free(&r);
	return st;
}

static SECURITY_STATUS hs_first_client_cred(struct fix *f)
{
	return hasc(&f->hcc, NULL, &f->newh, NULL, 0, "GET", H_URI, NULL,
	    NULL);
}

static SECURITY_STATUS hs_first_null_new(struct fix *f)
{
	return hasc(&f->hsc, NULL, NULL, NULL, 0, "GET", H_URI, NULL, NULL);
}

static SECURITY_STATUS hs_client_ctx(struct fix *f)
{
	return hasc(&f->hsc, &f->c, &f->newh, f->resp, f->resp_len, "GET",
	    H_URI, NULL, NULL);
}

static SECURITY_STATUS hs_replay_first(struct fix *f)
{
	if (hasc(&f->hsc, &f->s, &f->s, f->resp, f->resp_len, "GET", H_URI,
	    NULL, NULL) != SEC_E_OK)
		return SEC_E_INTERNAL_ERROR;
	return hasc(&f->hsc, NULL, &f->newh, f->resp, f->resp_len, "GET",
	    H_URI, NULL, NULL);
}

static SECURITY_STATUS est_asc_again(struct fix *f)
{
	return hasc(&f->hsc, &f->s, &f->s, f->resp, f->resp_len, "GET",
	    H_URI, NULL, NULL);
}

static SECURITY_STATUS est_cat(struct fix *f, int mode)
{
	struct hreq r;
	SECURITY_STATUS st;
	char *tok = apitest_dup(f->later, f->later_len);
	CtxtHandle *h = &f->s2;
	ULONG qop;

	if (mode == 1) {
		char *p = strstr(tok, "response=\"");

		assert_non_null(p);
		p[10] = p[10] == 'a' ? 'b' : 'a';
	}
	hreq_init(&r, tok, f->later_len, "GET", mode == 6 ? "/x" : H_URI);
	switch (mode) {
	case 2:
		if (CompleteAuthToken(h, &r.d) != SEC_E_OK)
			st = SEC_E_INTERNAL_ERROR;
		else
			st = CompleteAuthToken(h, &r.d);
		break;
	case 3:
		st = CompleteAuthToken(&f->hsc, &r.d);
		break;
	case 4:
		st = CompleteAuthToken(&f->c, &r.d);
		break;
	case 5:
		st = CompleteAuthToken(h, NULL);
		break;
	case 7:
		st = VerifySignature(h, &r.d, 0, &qop);
		if (st == SEC_E_OK)
			st = VerifySignature(h, &r.d, 0, &qop);
		break;
	case 8:
		r.d.cBuffers = 1;
		st = CompleteAuthToken(h, &r.d);
		break;
	case 9:
		st = CompleteAuthToken(&f->s, &r.d);
		if (st == SEC_E_OK)
			st = SEC_E_OK;
		break;
	case 10:
		st = CompleteAuthToken(NULL, &r.d);
		break;
	case 11:
		r.d.cBuffers = 1;
		st = VerifySignature(h, &r.d, 0, &qop);
		break;
	default:
		st = CompleteAuthToken(h, &r.d);
		break;
	}
	hreq_free(&r);
	free(tok);
	return st;
}

static SECURITY_STATUS cat_altered(struct fix *f) { return est_cat(f, 1); }
static SECURITY_STATUS cat_replay(struct fix *f) { return est_cat(f, 2); }
static SECURITY_STATUS cat_cred(struct fix *f) { return est_cat(f, 3); }
static SECURITY_STATUS cat_client(struct fix *f) { return est_cat(f, 4); }
static SECURITY_STATUS cat_null_desc(struct fix *f) { return est_cat(f, 5); }
static SECURITY_STATUS cat_uri(struct fix *f) { return est_cat(f, 6); }
static SECURITY_STATUS ver_http_replay(struct fix *f) { return est_cat(f, 7); }
static SECURITY_STATUS cat_one_buf(struct fix *f) { return est_cat(f, 8); }
static SECURITY_STATUS cat_null(struct fix *f) { return est_cat(f, 10); }
static SECURITY_STATUS ver_one_buf(struct fix *f) { return est_cat(f, 11); }

static SECURITY_STATUS est_make(struct fix *f)
{
	return hsign(&f->s2, NULL, NULL);
}

static SECURITY_STATUS est_encrypt(struct fix *f)
{
	unsigned char buf[80];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	apitest_set_buffer(&b[0], SECBUFFER_DATA, buf, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, buf + 5, 64);
	return EncryptMessage(&f->s2, 0, &d, 0);
}

static SECURITY_STATUS est_decrypt(struct fix *f)
{
	unsigned char buf[80];
	SecBuffer b = { 40, SECBUFFER_DATA, buf };
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
	ULONG qop;

	memset(buf, 0, sizeof(buf));
	return DecryptMessage(&f->s2, &d, 0, &qop);
}

/* ---- SASL server descriptors ------------------------------------------- */

static SECURITY_STATUS ss_first_token(struct fix *f)
{
	return sasc(&f->ssc, NULL, &f->newh, "x=1", 3, 0, NULL, NULL);
}

static SECURITY_STATUS ss_conf_not_offered(struct fix *f)
{
	/* the client asks for auth-conf of a server that offered auth only */
	char *t = edit_list(f->resp, "qop", "auth-conf");
	char *u = edit_list(t, "cipher", "rc4");
	SECURITY_STATUS st = sasc(&f->ssc, &f->s, &f->s, u, strlen(u), 0,
	    NULL, NULL);

	free(t);
	free(u);
	return st;
}

/* ---- handles, packages, credentials ------------------------------------- */

static SECURITY_STATUS isc_null_cred(struct fix *f)
{
	return hisc(NULL, NULL, &f->newh, H_CHAL, strlen(H_CHAL), HTTP_STYLE,
	    NULL, NULL);
}

static SECURITY_STATUS isc_inbound_cred(struct fix *f)
{
	return hisc(&f->hsc, NULL, &f->newh, H_CHAL, strlen(H_CHAL),
	    HTTP_STYLE, NULL, NULL);
}

static SECURITY_STATUS isc_null_new(struct fix *f)
{
	return hisc(&f->hcc, NULL, NULL, H_CHAL, strlen(H_CHAL), HTTP_STYLE,
	    NULL, NULL);
}

static SECURITY_STATUS isc_delegate(struct fix *f)
{
	return hisc(&f->hcc, NULL, &f->newh, H_CHAL, strlen(H_CHAL),
	    HTTP_STYLE | ISC_REQ_DELEGATE, NULL, NULL);
}

static SECURITY_STATUS isc_http_conf(struct fix *f)
{
	return hisc(&f->hcc, NULL, &f->newh, H_CHAL, strlen(H_CHAL),
	    HTTP_STYLE | ISC_REQ_CONFIDENTIALITY, NULL, NULL);
}

static SECURITY_STATUS isc_target(struct fix *f, const char *target)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char tok[] = H_CHAL, m[] = "GET", out[TOKEN_MAX];
	char *u = target != NULL ? apitest_strdup(target) : NULL;
	ULONG attr;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, strlen(tok));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	st = InitializeSecurityContextA(&f->hcc, NULL, u, HTTP_STYLE, 0, 0,
	    &id, 0, &f->newh, &od, &attr, NULL);
	free(u);
	return st;
}

static SECURITY_STATUS isc_target_null(struct fix *f)
{
	return isc_target(f, NULL);
}

static SECURITY_STATUS isc_target_empty(struct fix *f)
{
	return isc_target(f, "");
}

static SECURITY_STATUS isc_target_quote(struct fix *f)
{
	return isc_target(f, "/a\"b");
}

static SECURITY_STATUS isc_target_ctl(struct fix *f)
{
	return isc_target(f, "/a\nb");
}

static SECURITY_STATUS isc_small_out(struct fix *f)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char tok[] = H_CHAL, m[] = "GET", out[32], u[] = H_URI;
	ULONG attr;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, strlen(tok));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	return InitializeSecurityContextA(&f->hcc, NULL, u, HTTP_STYLE, 0, 0,
	    &id, 0, &f->newh, &od, &attr, NULL);
}

static SECURITY_STATUS isc_empty_method(struct fix *f)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char tok[] = H_CHAL, out[TOKEN_MAX], u[] = H_URI;
	ULONG attr;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, strlen(tok));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	return InitializeSecurityContextA(&f->hcc, NULL, u, HTTP_STYLE, 0, 0,
	    &id, 0, &f->newh, &od, &attr, NULL);
}

static SECURITY_STATUS isc_desc_version(struct fix *f)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { 1, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char tok[] = H_CHAL, m[] = "GET", out[TOKEN_MAX], u[] = H_URI;
	ULONG attr;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, strlen(tok));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	return InitializeSecurityContextA(&f->hcc, NULL, u, HTTP_STYLE, 0, 0,
	    &id, 0, &f->newh, &od, &attr, NULL);
}

static SECURITY_STATUS isc_overlong(struct fix *f)
{
	size_t n = 65537;
	char *t = malloc(n + 1);
	SECURITY_STATUS st;

	assert_non_null(t);
	memset(t, 'a', n);
	memcpy(t, "nonce=\"", 7);
	t[n - 1] = '"';
	st = hisc(&f->hcc, NULL, &f->newh, t, n, HTTP_STYLE, NULL, NULL);
	free(t);
	return st;
}

static SECURITY_STATUS isc_many_challenges(struct fix *f)
{
	char *t = apitest_strdup(""), *n;
	int i;
	SECURITY_STATUS st;

	for (i = 0; i < 40; i++) {
		n = apitest_format("%s%srealm=\"r\", nonce=\"n%d\"", t,
		    i ? ", Digest " : "", i);
		free(t);
		t = n;
	}
	st = hisc(&f->hcc, NULL, &f->newh, t, strlen(t), HTTP_STYLE, NULL,
	    NULL);
	free(t);
	return st;
}

static SECURITY_STATUS isc_many_items(struct fix *f)
{
	char *t = apitest_strdup("realm=\"r\", nonce=\"n\""), *n;
	int i;
	SECURITY_STATUS st;

	for (i = 0; i < 300; i++) {
		n = apitest_format("%s, x%d=1", t, i);
		free(t);
		t = n;
	}
	st = hisc(&f->hcc, NULL, &f->newh, t, strlen(t), HTTP_STYLE, NULL,
	    NULL);
	free(t);
	return st;
}

static SECURITY_STATUS isc_long_nonce(struct fix *f)
{
	char *t = malloc(5000);
	SECURITY_STATUS st;

	assert_non_null(t);
	strcpy(t, "realm=\"r\", nonce=\"");
	memset(t + strlen(t), 'n', 4000);
	strcpy(t + 18 + 4000, "\"");
	st = hisc(&f->hcc, NULL, &f->newh, t, strlen(t), HTTP_STYLE, NULL,
	    NULL);
	free(t);
	return st;
}

static SECURITY_STATUS sasl_long_chal(struct fix *f)
{
	char t[2100];

	memset(t, 0, sizeof(t));
	strcpy(t, S_CHAL ",x=\"");
	memset(t + strlen(t), 'p', 2049 - strlen(t) - 1);
	t[2048] = '"';
	return sisc(&f->scc, NULL, &f->newh, t, 2049, 0, NULL, NULL);
}

static SECURITY_STATUS isc_deleted(struct fix *f)
{
	CtxtHandle h = f->c;

	(void)DeleteSecurityContext(&f->c);
	SecInvalidateHandle(&f->c);
	return hisc(NULL, &h, &h, H_CHAL, strlen(H_CHAL), HTTP_STYLE, NULL,
	    NULL);
}

static SECURITY_STATUS sign_deleted(struct fix *f)
{
	CtxtHandle h = f->c;

	(void)DeleteSecurityContext(&f->c);
	SecInvalidateHandle(&f->c);
	return hsign(&h, NULL, NULL);
}

static SECURITY_STATUS query_deleted(struct fix *f)
{
	CtxtHandle h = f->c;
	SecPkgContext_Sizes s;

	(void)DeleteSecurityContext(&f->c);
	SecInvalidateHandle(&f->c);
	return QueryContextAttributesA(&h, SECPKG_ATTR_SIZES, &s);
}

static SECURITY_STATUS isc_cred_as_ctx(struct fix *f)
{
	return hisc(NULL, &f->hcc, &f->newh, H_CHAL, strlen(H_CHAL),
	    HTTP_STYLE, NULL, NULL);
}

static SECURITY_STATUS isc_server_ctx(struct fix *f)
{
	return hisc(NULL, &f->s, &f->s, H_CHAL, strlen(H_CHAL), HTTP_STYLE,
	    NULL, NULL);
}

static SECURITY_STATUS del_twice(struct fix *f)
{
	CtxtHandle h = f->c;

	(void)DeleteSecurityContext(&f->c);
	SecInvalidateHandle(&f->c);
	return DeleteSecurityContext(&h);
}

static SECURITY_STATUS del_null(struct fix *f)
{
	(void)f;
	return DeleteSecurityContext(NULL);
}

static SECURITY_STATUS del_cred(struct fix *f)
{
	return DeleteSecurityContext(&f->hcc);
}

static SECURITY_STATUS del_never(struct fix *f)
{
	CtxtHandle h = { 12345, 67890 };

	(void)f;
	return DeleteSecurityContext(&h);
}

static SECURITY_STATUS free_ctx_as_cred(struct fix *f)
{
	return FreeCredentialsHandle(&f->c);
}

static SECURITY_STATUS free_cred_twice(struct fix *f)
{
	CredHandle h;

	(void)f;
	acquire(&h, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	(void)FreeCredentialsHandle(&h);
	return FreeCredentialsHandle(&h);
}

static SECURITY_STATUS free_cred_null(struct fix *f)
{
	(void)f;
	return FreeCredentialsHandle(NULL);
}

static SECURITY_STATUS qca_null_buf(struct fix *f)
{
	return QueryContextAttributesA(&f->c, SECPKG_ATTR_SIZES, NULL);
}

static SECURITY_STATUS qca_unknown(struct fix *f)
{
	unsigned char buf[256];

	return QueryContextAttributesA(&f->c, 0x7777, buf);
}

static SECURITY_STATUS qca_stream_http(struct fix *f)
{
	SecPkgContext_StreamSizes s;

	return QueryContextAttributesA(&f->c, SECPKG_ATTR_STREAM_SIZES, &s);
}

static SECURITY_STATUS qca_cred_handle(struct fix *f)
{
	SecPkgContext_Sizes s;

	return QueryContextAttributesA(&f->hcc, SECPKG_ATTR_SIZES, &s);
}

static SECURITY_STATUS qcred_null(struct fix *f)
{
	return QueryCredentialsAttributesA(&f->hcc, SECPKG_CRED_ATTR_NAMES,
	    NULL);
}

static SECURITY_STATUS qcred_ctx(struct fix *f)
{
	SecPkgCredentials_NamesA n;

	return QueryCredentialsAttributesA(&f->c, SECPKG_CRED_ATTR_NAMES,
	    &n);
}

static SECURITY_STATUS qcred_unknown(struct fix *f)
{
	unsigned char buf[256];

	return QueryCredentialsAttributesA(&f->hcc, 0x7777, buf);
}

static SECURITY_STATUS ach_pkg(struct fix *f, const char *name, ULONG use,
    int null_out)
{
	char *p = apitest_strdup(name);
	CredHandle h = sentinel;
	SECURITY_STATUS st;

	(void)f;
	st = AcquireCredentialsHandleA(NULL, p, use, NULL, NULL, NULL, NULL,
	    null_out ? NULL : &h, NULL);
	free(p);
	if (st == SEC_E_OK)
		(void)FreeCredentialsHandle(&h);
	else if (h.dwLower != sentinel.dwLower)
		return SEC_E_INTERNAL_ERROR;
	return st;
}

static SECURITY_STATUS ach_unknown_pkg(struct fix *f)
{
	return ach_pkg(f, "Kerberos", SECPKG_CRED_OUTBOUND, 0);
}

static SECURITY_STATUS ach_no_use(struct fix *f)
{
	return ach_pkg(f, "WDigest", 0, 0);
}

static SECURITY_STATUS ach_null_out(struct fix *f)
{
	return ach_pkg(f, "WDigest", SECPKG_CRED_OUTBOUND, 1);
}

static SECURITY_STATUS ach_bad_flags(struct fix *f)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	char u[] = "u", p[] = "p";
	CredHandle h = sentinel;

	(void)f;
	memset(&id, 0, sizeof(id));
	id.User = (unsigned char *)u;
	id.UserLength = 1;
	id.Password = (unsigned char *)p;
	id.PasswordLength = 1;
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI |
	    SEC_WINNT_AUTH_IDENTITY_MARSHALLED;
	return AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_OUTBOUND,
	    NULL, &id, NULL, NULL, &h, NULL);
}

static SECURITY_STATUS qspi_unknown(struct fix *f)
{
	char n[] = "NTLM";
	PSecPkgInfoA i = NULL;

	(void)f;
	return QuerySecurityPackageInfoA(n, &i);
}

static SECURITY_STATUS qspi_null_out(struct fix *f)
{
	(void)f;
	return QuerySecurityPackageInfoA(pkg, NULL);
}

static SECURITY_STATUS qspi_null_name(struct fix *f)
{
	PSecPkgInfoA i = NULL;

	(void)f;
	return QuerySecurityPackageInfoA(NULL, &i);
}

static SECURITY_STATUS esp_null(struct fix *f)
{
	ULONG n;

	(void)f;
	return EnumerateSecurityPackagesA(&n, NULL);
}

static SECURITY_STATUS fcb_null(struct fix *f)
{
	(void)f;
	return FreeContextBuffer(NULL);
}

static SECURITY_STATUS fcb_foreign(struct fix *f)
{
	static unsigned char block[64];

	(void)f;
	return FreeContextBuffer(block);
}

static SECURITY_STATUS cat_curl_cred(struct fix *f)
{
	SecBuffer b = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };

	return CompleteAuthToken(&f->hcc, &d);
}

static SECURITY_STATUS asc_null_cred(struct fix *f)
{
	return hasc(NULL, NULL, &f->newh, NULL, 0, "GET", H_URI, NULL, NULL);
}

static SECURITY_STATUS sasl_isc_http_ctx(struct fix *f)
{
	return sisc(NULL, &f->c, &f->c, "rspauth=00", 10, 0, NULL, NULL);
}

/* ---- the rows -------------------------------------------------------------- */

#define RW(nm, en, se, ca, in, want, wn, af) \
	{ nm, en, se, ca, in, 0, want, wn, af, NULL, NULL }
#define R(nm, en, se, ca, in, want, af) \
	RW(nm, en, se, ca, in, want, #want, af)
#define RN(nm, en, se, ca, in, want, af) \
	{ nm, en, se, ca, in, sizeof(in) - 1, want, #want, af, NULL, NULL }
#define F(nm, se, ca, in, fn, want, af) \
	{ nm, E_FN, se, ca, in, 0, want, #want, af, fn, NULL }
/* a row whose expectation the library does not meet yet */
#define FBUG(nm, se, ca, in, fn, want, af, bug) \
	{ nm, E_FN, se, ca, in, 0, want, #want, af, fn, bug }

#define HCC(nm, in, want, af) RW(nm, E_HC_CHAL, S_NONE, "ISC (HTTP)", in, \
	want, #want, af)
#define HCI(nm, in, want, af) RW(nm, E_HC_INFO, S_HC, \
	"ISC (HTTP, Authentication-Info)", in, want, #want, af)
#define HSR(nm, in, want, af) RW(nm, E_HS_RESP, S_HS, "ASC (HTTP)", in, \
	want, #want, af)
#define SCC(nm, in, want, af) RW(nm, E_SC_CHAL, S_NONE, "ISC (SASL)", in, \
	want, #want, af)
#define SCI(nm, in, want, af) RW(nm, E_SC_INFO, S_SC, \
	"ISC (SASL, third leg)", in, want, #want, af)
#define SSR(nm, in, want, af) RW(nm, E_SS_RESP, S_SS, "ASC (SASL)", in, \
	want, #want, af)

#define NH A_NOHANDLE
#define OKH A_USABLE
#define FL A_FAILED

static const struct row rows[] = {
	/* ---- HTTP client: challenge parsing (first ISC) ---- */
	HCC("challenge without nonce", "realm=\"r\", qop=\"auth\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("empty nonce", "realm=\"r\", nonce=\"\"", SEC_E_OK, A_NONE),
	HCC("unterminated quoted nonce", "realm=\"r\", nonce=\"abc",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("escape at end of quoted string", "realm=\"r\", nonce=\"abc\\",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("duplicate nonce", "realm=\"r\", nonce=\"a\", nonce=\"b\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("duplicate realm", "realm=\"r\", realm=\"s\", nonce=\"a\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("duplicate algorithm", "nonce=\"a\", algorithm=MD5, "
	    "algorithm=SHA-256", SEC_E_INVALID_TOKEN, NH),
	HCC("duplicate qop", "nonce=\"a\", qop=\"auth\", qop=\"auth\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("unknown algorithm SHA-1", "realm=\"r\", nonce=\"a\", "
	    "algorithm=SHA-1", SEC_E_INVALID_TOKEN, NH),
	HCC("unknown algorithm MD6", "realm=\"r\", nonce=\"a\", "
	    "algorithm=MD6", SEC_E_INVALID_TOKEN, NH),
	HCC("empty algorithm", "realm=\"r\", nonce=\"a\", algorithm=\"\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("algorithm token lower case is fine", "realm=\"r\", nonce=\"a\", "
	    "algorithm=md5", SEC_E_OK, A_NONE),
	HCC("qop with no known value", "realm=\"r\", nonce=\"a\", "
	    "qop=\"bogus\"", SEC_E_INVALID_TOKEN, NH),
	HCC("empty qop list", "realm=\"r\", nonce=\"a\", qop=\"\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("qop list of commas", "realm=\"r\", nonce=\"a\", qop=\",,,\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("unknown qop next to auth is ignored", "realm=\"r\", "
	    "nonce=\"a\", qop=\"bogus, auth\"", SEC_E_OK, A_NONE),
	RN("NUL byte inside the nonce", E_HC_CHAL, S_NONE, "ISC (HTTP)",
	    "realm=\"r\", nonce=\"a\0b\"", SEC_E_INVALID_TOKEN, NH),
	RN("NUL byte at the end (a C terminator) is dropped", E_HC_CHAL, S_NONE, "ISC (HTTP)",
	    "realm=\"r\", nonce=\"a\"\0", SEC_E_OK, A_NONE),
	HCC("directive without value", "realm, nonce=\"a\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("value without name", "=\"x\", nonce=\"a\"", SEC_E_INVALID_TOKEN,
	    NH),
	HCC("only commas", ",,,,", SEC_E_INVALID_TOKEN, NH),
	HCC("only spaces", "    ", SEC_E_INVALID_TOKEN, NH),
	HCC("token68 instead of directives", "YWJjOmRlZg==",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("garbage after a quoted value", "realm=\"r\", nonce=\"a\"xyz",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("another scheme only", "Basic realm=\"r\"", SEC_E_INVALID_TOKEN,
	    NH),
	HCC("control character in the realm", "realm=\"a\001b\", nonce=\"a\"",
	    SEC_E_INVALID_TOKEN, NH),
	HCC("invalid UTF-8 in the realm with charset=UTF-8",
	    "realm=\"\377\376\", nonce=\"a\", charset=UTF-8",
	    SEC_E_OK, A_NONE),
	HCC("unknown directive is ignored", "realm=\"r\", nonce=\"a\", "
	    "foo=bar", SEC_E_OK, A_NONE),
	HCC("escaped quote in nonce", "realm=\"r\", nonce=\"a\\\"b\"",
	    SEC_E_OK, A_NONE),
	HCC("stale with a bad value", "realm=\"r\", nonce=\"a\", "
	    "stale=maybe", SEC_E_OK, A_NONE),
	HCC("userhash with a bad value", "realm=\"r\", nonce=\"a\", "
	    "userhash=maybe", SEC_E_OK, A_NONE),
	HCC("unknown charset", "realm=\"r\", nonce=\"a\", charset=latin1",
	    SEC_E_OK, A_NONE),
	HCC("first of two challenges lacks the nonce", "realm=\"r\", "
	    "Digest realm=\"r\", nonce=\"a\"", SEC_E_OK, A_NONE),
	HCC("upper-case directive names", "REALM=\"r\", NONCE=\"a\", "
	    "QOP=\"auth\"", SEC_E_OK, A_NONE),
	HCC("unquoted qop", "realm=\"r\", nonce=\"a\", qop=auth", SEC_E_OK,
	    A_NONE),
	HCC("auth-int only (no body: empty entity)", "realm=\"r\", "
	    "nonce=\"a\", qop=\"auth-int\"", SEC_E_OK, A_NONE),
	F("challenge of 65537 bytes", S_NONE, "ISC (HTTP)",
	    "`nonce=\"aaa...\"`, 65537 bytes", isc_overlong,
	    SEC_E_INVALID_TOKEN, NH),
	F("40 Digest challenges in one token", S_NONE, "ISC (HTTP)",
	    "40 x `realm=\"r\", nonce=\"nI\"` joined by `, Digest `",
	    isc_many_challenges, SEC_E_INVALID_TOKEN, NH),
	F("300 unknown directives", S_NONE, "ISC (HTTP)",
	    "`realm=\"r\", nonce=\"n\"` + 300 x `, xI=1`", isc_many_items,
	    SEC_E_INVALID_TOKEN, NH),
	F("4000-byte nonce (response > 4096-byte output)", S_NONE, "ISC (HTTP)",
	    "`realm=\"r\", nonce=\"nnn...\"` (4000 octets)", isc_long_nonce,
	    SEC_E_BUFFER_TOO_SMALL, NH),

	/* ---- HTTP client: Authentication-Info (mutual) ---- */
	HCI("rspauth of the wrong value", "rspauth="
	    "\"00000000000000000000000000000000\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("rspauth with bad hex", "rspauth="
	    "\"zz6602cfd2f4e8e5e78b948a85263e85\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("rspauth too short", "rspauth=\"376602cf\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("rspauth too long", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e8500\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("rspauth empty", "rspauth=\"\", qop=auth", SEC_E_WRONG_PRINCIPAL,
	    FL),
	HCI("duplicate rspauth", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_INVALID_TOKEN, FL),
	HCI("unterminated quote", "rspauth=\"3766", SEC_E_INVALID_TOKEN, FL),
	RN("NUL inside Authentication-Info", E_HC_INFO, S_HC,
	    "ISC (HTTP, Authentication-Info)",
	    "rspauth=\"3766\0\"", SEC_E_INVALID_TOKEN, FL),
	HCI("cnonce of another exchange", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", qop=auth, "
	    "cnonce=\"deadbeef\", nc=00000001", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("nc of another request", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", qop=auth, "
	    "cnonce=\"" H_CNONCE "\", nc=00000007", SEC_E_WRONG_PRINCIPAL, FL),
	HCI("qop other than the one sent", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", qop=auth-int, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_WRONG_PRINCIPAL,
	    FL),
	HCI("qop of another case is the same qop", "rspauth="
	    "\"376602cfd2f4e8e5e78b948a85263e85\", qop=AUTH, "
	    "cnonce=\"" H_CNONCE "\", nc=00000001", SEC_E_OK, A_NONE),
	HCI("garbage", "!!!", SEC_E_INVALID_TOKEN, FL),
	F("MakeSignature with 4 buffers", S_HC, "MakeSignature (HTTP)",
	    "TOKEN, method, uri, H(entity) (no PADDING)", hs_four,
	    SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature slot 0 DATA", S_HC, "MakeSignature (HTTP)",
	    "slot 0 SECBUFFER_DATA", hs_slot0_data, SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature slot 4 TOKEN", S_HC, "MakeSignature (HTTP)",
	    "slot 4 SECBUFFER_TOKEN instead of PADDING", hs_slot4_token,
	    SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature PADDING of 20 bytes", S_HC, "MakeSignature (HTTP)",
	    "slot 4 PADDING, cbBuffer 20", hs_small, SEC_E_BUFFER_TOO_SMALL,
	    OKH),
	F("MakeSignature fQOP 1", S_HC, "MakeSignature (HTTP)",
	    "fQOP = 1", hs_qop, SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("MakeSignature empty method", S_HC, "MakeSignature (HTTP)",
	    "slot 1 empty", hs_no_method, SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature READONLY PADDING", S_HC, "MakeSignature (HTTP)",
	    "slot 4 PADDING|READONLY", hs_readonly_pad, SEC_E_INVALID_TOKEN,
	    OKH),
	F("MakeSignature NULL descriptor", S_HC, "MakeSignature (HTTP)",
	    "pMessage NULL", hs_null_desc, SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature 0 buffers", S_HC, "MakeSignature (HTTP)",
	    "cBuffers 0", hs_zero, SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature before any challenge", S_HC_NEW,
	    "MakeSignature (HTTP)", "5-buffer layout on a NEW context",
	    hs_plain, SEC_E_NO_AUTHENTICATING_AUTHORITY, OKH),
	F("VerifySignature on an HTTP client", S_HC, "VerifySignature",
	    "ASC-style layout", hs_verify_client, SEC_E_UNSUPPORTED_FUNCTION,
	    OKH),
	F("EncryptMessage on an HTTP client", S_HC, "EncryptMessage",
	    "DATA + PADDING", hs_encrypt_client, SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("ISC with empty input on RESPONDED", S_HC,
	    "ISC (HTTP, Authentication-Info)", "slot 0 empty",
	    hc_isc_again_empty_ok, SEC_I_CONTINUE_NEEDED, A_NONE),

	/* ---- HTTP server: response parsing ---- */
	HSR("wrong response hash", "response="
	    "\"00000000000000000000000000000000\"", SEC_E_LOGON_DENIED, OKH),
	HSR("response with bad hex", "response="
	    "\"zz29fae49393a05397450978507c4ef1\"", SEC_E_INVALID_TOKEN, OKH),
	HSR("response too short", "response=\"6629fae4\"",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("response missing", "-response", SEC_E_INVALID_TOKEN, OKH),
	HSR("username missing", "-username", SEC_E_INVALID_TOKEN, OKH),
	HSR("nonce missing", "-nonce", SEC_E_INVALID_TOKEN, OKH),
	HSR("uri missing", "-uri", SEC_E_INVALID_TOKEN, OKH),
	HSR("realm missing", "-realm", SEC_E_INVALID_TOKEN, OKH),
	HSR("nc missing with qop", "-nc", SEC_E_INVALID_TOKEN, OKH),
	HSR("cnonce missing with qop", "-cnonce", SEC_E_INVALID_TOKEN, OKH),
	HSR("qop missing (hash no longer matches)", "-qop",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("duplicate nonce", "+nonce=\"" H_NONCE "\"", SEC_E_INVALID_TOKEN,
	    OKH),
	HSR("duplicate response", "+response="
	    "\"00000000000000000000000000000000\"", SEC_E_INVALID_TOKEN, OKH),
	HSR("duplicate username", "+username=\"other\"", SEC_E_INVALID_TOKEN,
	    OKH),
	HSR("duplicate uri", "+uri=\"/other\"", SEC_E_INVALID_TOKEN, OKH),
	HSR("forged nonce", "nonce=\"ffffffffffffffffffffffffffffffff00\"",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("forged opaque", "opaque=\"ffffffffffffffffffffffffffffffff\"",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("forged opaque, no phContext", "^opaque="
	    "\"ffffffffffffffffffffffffffffffff\"", SEC_E_INVALID_TOKEN, NH),
	HSR("opaque missing, no phContext", "^-opaque", SEC_E_INVALID_TOKEN,
	    NH),
	HSR("uri differs from the request-target", "uri=\"/other\"",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("request-target differs from uri", "@uri=/other",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("method differs (hash mismatch)", "@method=POST",
	    SEC_E_LOGON_DENIED, OKH),
	HSR("realm of another server", "realm=\"other\"",
	    SEC_E_LOGON_DENIED, OKH),
	HSR("unknown user", "username=\"nobody\"", SEC_E_LOGON_DENIED, OKH),
	HSR("nc not hex", "nc=zzzzzzzz", SEC_E_INVALID_TOKEN, OKH),
	HSR("nc too long", "nc=000000001", SEC_E_INVALID_TOKEN, OKH),
	HSR("nc 2 on a first response", "nc=00000002", SEC_E_LOGON_DENIED,
	    OKH),
	HSR("qop auth-conf", "qop=auth-conf", SEC_E_INVALID_TOKEN, OKH),
	HSR("qop not offered (auth-int)", "qop=auth-int", SEC_E_INVALID_TOKEN,
	    OKH),
	HSR("algorithm not offered", "algorithm=SHA-256",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("unknown algorithm", "algorithm=MD6", SEC_E_INVALID_TOKEN, OKH),
	HSR("empty cnonce", "cnonce=\"\"", SEC_E_LOGON_DENIED, OKH),
	HSR("userhash=true with a plain name", "userhash=true",
	    SEC_E_INVALID_TOKEN, OKH),
	HSR("unterminated quote", "=username=\"Mufasa", SEC_E_INVALID_TOKEN,
	    OKH),
	HSR("garbage token", "=!!!", SEC_E_INVALID_TOKEN, OKH),
	HSR("token68", "=QWxhZGRpbjpvcGVuIHNlc2FtZQ==", SEC_E_INVALID_TOKEN,
	    OKH),
	HSR("only commas", "=,,,,", SEC_E_INVALID_TOKEN, OKH),
	HSR("empty slot 0 asks for a new challenge", "=",
	    SEC_I_CONTINUE_NEEDED, A_NONE),
	RN("NUL byte in the response", E_HS_RESP, S_HS, "ASC (HTTP)",
	    "=username=\"Muf\0asa\"", SEC_E_INVALID_TOKEN, OKH),
	HSR("unknown directive with a valid response is fine",
	    "+foo=\"bar\"", SEC_E_OK, A_NONE),
	F("descriptor with 0 buffers = no input: new challenge", S_HS, "ASC (HTTP)", "cBuffers 0",
	    hsd_zero, SEC_I_CONTINUE_NEEDED, A_NONE),
	F("descriptor version 1", S_HS, "ASC (HTTP)", "ulVersion 1",
	    hsd_version, SEC_E_INVALID_TOKEN, OKH),
	F("descriptor pBuffers NULL", S_HS, "ASC (HTTP)", "pBuffers NULL",
	    hsd_nullbufs, SEC_E_INVALID_TOKEN, OKH),
	F("slot 0 of type DATA", S_HS, "ASC (HTTP)", "slot 0 SECBUFFER_DATA",
	    hsd_slot0_data, SEC_E_INVALID_TOKEN, OKH),
	F("one buffer only (no method)", S_HS, "ASC (HTTP)", "cBuffers 1",
	    hsd_one, SEC_E_INVALID_TOKEN, OKH),
	F("READONLY output token", S_HS, "ASC (HTTP)",
	    "output TOKEN|READONLY", hsd_ro_out, SEC_E_INVALID_TOKEN, OKH),
	F("output of 10 bytes", S_HS, "ASC (HTTP)", "output cbBuffer 10",
	    hsd_small_out, SEC_E_BUFFER_TOO_SMALL, OKH),
	F("empty method slot", S_HS, "ASC (HTTP)", "slot 1 empty",
	    hsd_no_method, SEC_E_INVALID_TOKEN, OKH),
	F("empty request-target slot (slot 2 is reserved)", S_HS, "ASC (HTTP)", "slot 2 empty",
	    hsd_no_target, SEC_E_OK, A_NONE),
	F("H(entity) slot not hex", S_HS, "ASC (HTTP)", "slot 3 `GET`",
	    hsd_bad_hentity, SEC_E_OK, A_NONE),
	F("ASC_REQ_CONFIDENTIALITY in HTTP", S_HS, "ASC (HTTP)",
	    "fContextReq HTTP|CONFIDENTIALITY", hsd_conf,
	    SEC_E_SECURITY_QOS_FAILED, OKH),
	F("ASC_REQ_DELEGATE", S_HS, "ASC (HTTP)", "fContextReq HTTP|DELEGATE",
	    hsd_delegate, SEC_E_SECURITY_QOS_FAILED, OKH),
	F("slot 0 pvBuffer NULL with a length", S_HS, "ASC (HTTP)",
	    "slot 0 { n, TOKEN, NULL }", hsd_null_tok, SEC_E_INVALID_TOKEN,
	    OKH),
	F("method slot of type DATA", S_HS, "ASC (HTTP)",
	    "slot 1 SECBUFFER_DATA", hsd_method_data, SEC_E_INVALID_TOKEN,
	    OKH),
	F("output descriptor pBuffers NULL", S_HS, "ASC (HTTP)",
	    "pOutput->pBuffers NULL", hsd_null_out, SEC_E_INVALID_TOKEN, OKH),
	F("first ASC, output of 16 bytes", S_HS, "ASC (HTTP)",
	    "phContext NULL, empty slot 0, output cbBuffer 16",
	    hs_first_small_out, SEC_E_BUFFER_TOO_SMALL, NH),
	F("first ASC with an OUTBOUND credential", S_HS, "ASC (HTTP)",
	    "client credential", hs_first_client_cred, SEC_E_NO_CREDENTIALS,
	    NH),
	F("first ASC with phNewContext NULL", S_HS, "ASC (HTTP)",
	    "phNewContext NULL", hs_first_null_new, SEC_E_INVALID_PARAMETER,
	    NH),
	F("ASC on a client context", S_HS, "ASC (HTTP)",
	    "phContext = a client context", hs_client_ctx,
	    SEC_E_INVALID_HANDLE, OKH),
	F("first response replayed (no phContext)", S_HS, "ASC (HTTP)",
	    "the accepted response again, nc=00000001", hs_replay_first,
	    SEC_I_COMPLETE_NEEDED, A_NONE),
	F("ASC on an ESTABLISHED handle", S_HS_EST, "ASC (HTTP)",
	    "the first response again", est_asc_again, STATUS_LOGON_FAILURE,
	    OKH),
	F("CompleteAuthToken, response altered", S_HS_EST,
	    "CompleteAuthToken", "nc=2 request, one response digit changed",
	    cat_altered, SEC_E_MESSAGE_ALTERED, OKH),
	F("CompleteAuthToken, replayed nc", S_HS_EST, "CompleteAuthToken",
	    "the same nc=2 request twice", cat_replay, SEC_E_OUT_OF_SEQUENCE,
	    A_NONE),
	F("CompleteAuthToken on a credential (curl)", S_HS_EST,
	    "CompleteAuthToken", "a server credential handle", cat_cred,
	    SEC_E_INVALID_HANDLE, OKH),
	F("CompleteAuthToken on a client context is a no-op", S_HS_EST,
	    "CompleteAuthToken", "the HTTP client context", cat_client,
	    SEC_E_OK, A_NONE),
	F("CompleteAuthToken NULL descriptor", S_HS_EST, "CompleteAuthToken",
	    "pToken NULL", cat_null_desc, SEC_E_INVALID_TOKEN, OKH),
	F("CompleteAuthToken, other request-target", S_HS_EST,
	    "CompleteAuthToken", "slot 2 `/x`", cat_uri, SEC_E_INVALID_TOKEN,
	    OKH),
	F("CompleteAuthToken, one buffer (no method)", S_HS_EST, "CompleteAuthToken",
	    "cBuffers 1", cat_one_buf, SEC_E_INVALID_TOKEN, OKH),
	F("CompleteAuthToken NULL handle", S_HS_EST, "CompleteAuthToken",
	    "phContext NULL", cat_null, SEC_E_INVALID_HANDLE, OKH),
	F("VerifySignature, one buffer", S_HS_EST, "VerifySignature",
	    "cBuffers 1 (buffers.md 5.2: minimum 2)", ver_one_buf,
	    SEC_E_INVALID_TOKEN, OKH),
	F("VerifySignature, replayed nc", S_HS_EST, "VerifySignature",
	    "the same nc=2 request twice", ver_http_replay,
	    SEC_E_OUT_OF_SEQUENCE, A_NONE),
	F("MakeSignature on a server context", S_HS_EST, "MakeSignature",
	    "5-buffer layout", est_make, SEC_E_UNSUPPORTED_FUNCTION, OKH),
	F("EncryptMessage on an HTTP server context", S_HS_EST,
	    "EncryptMessage", "DATA + PADDING", est_encrypt,
	    SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("DecryptMessage on an HTTP server context", S_HS_EST,
	    "DecryptMessage", "40 zero bytes", est_decrypt,
	    SEC_E_QOP_NOT_SUPPORTED, OKH),

	/* ---- SASL client: challenge grammar (first ISC) ---- */
	SCC("challenge without nonce", "realm=\"r\",qop=\"auth\","
	    "algorithm=md5-sess,charset=utf-8", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate nonce", "nonce=\"a\",nonce=\"b\",algorithm=md5-sess",
	    SEC_E_INVALID_TOKEN, NH),
	SCC("algorithm missing", "nonce=\"a\",qop=\"auth\"", SEC_E_INVALID_TOKEN, NH),
	SCC("algorithm md5", "nonce=\"a\",algorithm=md5", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate algorithm", "nonce=\"a\",algorithm=md5-sess,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate qop", "nonce=\"a\",qop=\"auth\",qop=\"auth\","
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate charset", "nonce=\"a\",charset=utf-8,charset=utf-8,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate maxbuf", "nonce=\"a\",maxbuf=1000,maxbuf=1000,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("duplicate stale", "nonce=\"a\",stale=true,stale=true,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf 16 (below 17)", "nonce=\"a\",maxbuf=16,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf 0", "nonce=\"a\",maxbuf=0,algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf 16777216 (above 2^24-1)", "nonce=\"a\",maxbuf=16777216,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf not a number", "nonce=\"a\",maxbuf=abc,"
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf negative", "nonce=\"a\",maxbuf=-1,algorithm=md5-sess",
	    SEC_E_INVALID_TOKEN, NH),
	SCC("maxbuf 17 is accepted", "nonce=\"a\",maxbuf=17,"
	    "algorithm=md5-sess", SEC_I_CONTINUE_NEEDED, A_NONE),
	SCC("maxbuf 16777215 is accepted", "nonce=\"a\",maxbuf=16777215,"
	    "algorithm=md5-sess", SEC_I_CONTINUE_NEEDED, A_NONE),
	SCC("charset other than utf-8 is ignored", "nonce=\"a\",charset=latin1,"
	    "algorithm=md5-sess", SEC_I_CONTINUE_NEEDED, A_NONE),
	SCC("qop with no known value", "nonce=\"a\",qop=\"bogus\","
	    "algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("auth-conf offered without cipher", "nonce=\"a\","
	    "qop=\"auth-conf\",algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("cipher without auth-conf is ignored", "nonce=\"a\",qop=\"auth\","
	    "cipher=\"rc4\",algorithm=md5-sess", SEC_I_CONTINUE_NEEDED,
	    A_NONE),
	SCC("unknown directive is ignored", S_CHAL ",foo=bar",
	    SEC_I_CONTINUE_NEEDED, A_NONE),
	SCC("unterminated quote", "nonce=\"abc,algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("empty nonce", "nonce=\"\",algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("an rspauth instead of a challenge",
	    "rspauth=ea40f60335c427b5527b84dbabcdfffd", SEC_E_INVALID_TOKEN, NH),
	SCC("garbage", "!!!", SEC_E_INVALID_TOKEN, NH),
	RN("NUL in the challenge", E_SC_CHAL, S_NONE, "ISC (SASL)",
	    "nonce=\"a\0\",algorithm=md5-sess", SEC_E_INVALID_TOKEN, NH),
	SCC("17 realms (16 kept, still usable)", "realm=\"a\",realm=\"b\","
	    "realm=\"c\",realm=\"d\",realm=\"e\",realm=\"f\",realm=\"g\","
	    "realm=\"h\",realm=\"i\",realm=\"j\",realm=\"k\",realm=\"l\","
	    "realm=\"m\",realm=\"n\",realm=\"o\",realm=\"p\",realm=\"q\","
	    "nonce=\"a\",algorithm=md5-sess", SEC_I_CONTINUE_NEEDED, A_NONE),
	F("challenge of 2049 bytes (client takes up to 65536)", S_NONE, "ISC (SASL)",
	    "valid challenge padded to 2049 octets", sasl_long_chal, SEC_I_CONTINUE_NEEDED, A_NONE),

	/* ---- SASL client: third leg ---- */
	SCI("rspauth of the wrong value",
	    "rspauth=00000000000000000000000000000000",
	    SEC_E_WRONG_PRINCIPAL, FL),
	/* an rspauth that cannot be ours is a mismatch, as in HTTP (41-45) */
	SCI("rspauth with bad hex",
	    "rspauth=zz000000000000000000000000000000",
	    SEC_E_WRONG_PRINCIPAL, FL),
	SCI("rspauth too short", "rspauth=0000", SEC_E_WRONG_PRINCIPAL, FL),
	SCI("rspauth too long", "rspauth=0000000000000000000000000000000000",
	    SEC_E_WRONG_PRINCIPAL, FL),
	SCI("rspauth empty", "rspauth=\"\"", SEC_E_WRONG_PRINCIPAL, FL),
	SCI("rspauth with no value", "rspauth=", SEC_E_INVALID_TOKEN, FL),
	SCI("no rspauth", "qop=auth", SEC_E_INVALID_TOKEN, FL),
	SCI("duplicate rspauth", "rspauth=00000000000000000000000000000000,"
	    "rspauth=00000000000000000000000000000000", SEC_E_INVALID_TOKEN, FL),
	SCI("a challenge again", S_CHAL, SEC_E_INVALID_TOKEN, FL),
	SCI("garbage", "x", SEC_E_INVALID_TOKEN, FL),
	RN("NUL in rspauth", E_SC_INFO, S_SC, "ISC (SASL, third leg)",
	    "rspauth=00\0" "11", SEC_E_INVALID_TOKEN, FL),
	/* a trailing NUL is dropped: a 2-digit rspauth, a mismatch */
	RN("trailing NUL after a short rspauth", E_SC_INFO, S_SC,
	    "ISC (SASL, third leg)", "rspauth=00\0", SEC_E_WRONG_PRINCIPAL,
	    FL),
	F("SASL third leg on an HTTP client", S_HC, "ISC (SASL, third leg)",
	    "`rspauth=00` without the HTTP flag", sasl_isc_http_ctx,
	    SEC_E_WRONG_PRINCIPAL, FL),

	/* ---- SASL server: response grammar ---- */
	SSR("wrong response hash",
	    "response=00000000000000000000000000000000", SEC_E_LOGON_DENIED,
	    FL),
	SSR("response missing", "-response", SEC_E_INVALID_TOKEN, FL),
	SSR("username missing", "-username", SEC_E_INVALID_TOKEN, FL),
	SSR("nonce missing", "-nonce", SEC_E_INVALID_TOKEN, FL),
	SSR("cnonce missing", "-cnonce", SEC_E_INVALID_TOKEN, FL),
	SSR("nc missing", "-nc", SEC_E_INVALID_TOKEN, FL),
	SSR("digest-uri missing", "-digest-uri", SEC_E_INVALID_TOKEN, FL),
	SSR("duplicate nonce", "+nonce=\"x\"", SEC_E_INVALID_TOKEN, FL),
	SSR("duplicate nc", "+nc=00000001", SEC_E_INVALID_TOKEN, FL),
	SSR("duplicate username", "+username=\"chris\"", SEC_E_INVALID_TOKEN, FL),
	SSR("duplicate digest-uri", "+digest-uri=\"" S_URI "\"", SEC_E_INVALID_TOKEN, FL),
	SSR("duplicate qop", "+qop=auth", SEC_E_INVALID_TOKEN, FL),
	SSR("nonce of another challenge", "nonce=\"OA6MG9tEQGm2hh\"", SEC_E_INVALID_TOKEN,
	    FL),
	SSR("nc 2", "nc=00000002", SEC_E_INVALID_TOKEN, FL),
	SSR("nc not hex", "nc=zzzzzzzz", SEC_E_INVALID_TOKEN, FL),
	SSR("digest-uri of another service",
	    "digest-uri=\"smtp/elwood.innosoft.com\"", SEC_E_INVALID_TOKEN,
	    FL),
	SSR("digest-uri without a host", "digest-uri=\"imap\"",
	    SEC_E_INVALID_TOKEN, FL),
	SSR("maxbuf 16", "maxbuf=16", SEC_E_INVALID_TOKEN, FL),
	SSR("maxbuf 16777216", "maxbuf=16777216", SEC_E_INVALID_TOKEN, FL),
	SSR("empty authzid = no authzid", "authzid=\"\"", SEC_E_OK, A_NONE),
	SSR("authzid of another user", "authzid=\"root\"",
	    SEC_E_LOGON_DENIED, FL),
	SSR("qop not offered (auth-conf) with cipher", "qop=auth-conf",
	    SEC_E_INVALID_TOKEN, FL),
	SSR("qop unknown", "qop=bogus", SEC_E_INVALID_TOKEN, FL),
	SSR("cipher with qop auth", "cipher=rc4", SEC_E_INVALID_TOKEN, FL),
	SSR("charset other than utf-8", "charset=latin1", SEC_E_INVALID_TOKEN, FL),
	SSR("realm of another server", "realm=\"other\"", SEC_E_LOGON_DENIED, FL),
	SSR("unknown user", "username=\"nobody\"", SEC_E_LOGON_DENIED, FL),
	SSR("algorithm directive in a response is ignored", "algorithm=md5-sess", SEC_E_OK, A_NONE),
	SSR("empty cnonce", "cnonce=\"\"", SEC_E_LOGON_DENIED, FL),
	SSR("garbage", "=!!!", SEC_E_INVALID_TOKEN, FL),
	SSR("unterminated quote", "=username=\"chris", SEC_E_INVALID_TOKEN, FL),
	RN("NUL in the response", E_SS_RESP, S_SS, "ASC (SASL)",
	    "=username=\"ch\0ris\"", SEC_E_INVALID_TOKEN, FL),
	F("auth-conf asked, only auth offered", S_SS, "ASC (SASL)",
	    "`qop=auth-conf,cipher=rc4`", ss_conf_not_offered, SEC_E_INVALID_TOKEN, FL),
	F("first SASL ASC with a token", S_NONE, "ASC (SASL)",
	    "phContext NULL, token `x=1`", ss_first_token, SEC_E_INVALID_TOKEN, NH),

	/* ---- SASL security layer ---- */
	F("EncryptMessage NULL descriptor", S_SL, "EncryptMessage",
	    "pMessage NULL", enc_null_desc, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage without DATA", S_SL, "EncryptMessage",
	    "TOKEN + PADDING", enc_no_data, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage without PADDING", S_SL, "EncryptMessage",
	    "DATA only", enc_no_padding, SEC_E_BUFFER_TOO_SMALL, OKH),
	F("EncryptMessage PADDING of 10", S_SL, "EncryptMessage",
	    "DATA + PADDING(10)", enc_small_padding, SEC_E_BUFFER_TOO_SMALL,
	    OKH),
	F("EncryptMessage WRAP_NO_ENCRYPT on auth-conf", S_SL,
	    "EncryptMessage", "fQOP SECQOP_WRAP_NO_ENCRYPT",
	    enc_qop_noencrypt, SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("EncryptMessage fQOP 1", S_SL, "EncryptMessage", "fQOP 1",
	    enc_qop_one, SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("EncryptMessage descriptor version 1", S_SL, "EncryptMessage",
	    "ulVersion 1", enc_version, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage 0 buffers", S_SL, "EncryptMessage", "cBuffers 0",
	    enc_zero_buffers, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage pBuffers NULL", S_SL, "EncryptMessage",
	    "pBuffers NULL", enc_null_pbuffers, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage longer than cbMaximumMessage", S_SL,
	    "EncryptMessage", "DATA of 65536 bytes", enc_too_long,
	    SEC_E_INVALID_PARAMETER, OKH),
	F("EncryptMessage READONLY DATA", S_SL, "EncryptMessage",
	    "DATA|READONLY + PADDING", enc_readonly_data, SEC_E_INVALID_TOKEN, OKH),
	F("EncryptMessage NULL handle", S_SL, "EncryptMessage",
	    "phContext NULL", enc_null_handle, SEC_E_INVALID_HANDLE, OKH),
	F("EncryptMessage on a credential", S_SL, "EncryptMessage",
	    "a credential handle", enc_cred_handle, SEC_E_INVALID_HANDLE,
	    OKH),
	F("EncryptMessage before the third leg", S_SC, "EncryptMessage",
	    "client RESPONDED", enc_not_complete, SEC_E_INVALID_HANDLE, OKH),
	F("EncryptMessage on a challenged server", S_SS, "EncryptMessage",
	    "server CHALLENGED", enc_server_not_complete,
	    SEC_E_INVALID_HANDLE, OKH),
	F("DecryptMessage on a challenged server", S_SS, "DecryptMessage",
	    "40 zero bytes", dec_not_complete, SEC_E_INVALID_HANDLE, OKH),
	F("DecryptMessage 15 bytes", S_SL, "DecryptMessage",
	    "frame cut to 15 bytes", dec_short, SEC_E_INCOMPLETE_MESSAGE, OKH),
	F("DecryptMessage 0 bytes", S_SL, "DecryptMessage", "empty DATA",
	    dec_empty, SEC_E_INCOMPLETE_MESSAGE, OKH),
	F("DecryptMessage cipher text bit flipped", S_SL, "DecryptMessage",
	    "one bit of the cipher text", dec_flip, SEC_E_MESSAGE_ALTERED,
	    OKH),
	F("DecryptMessage MAC bit flipped", S_SL, "DecryptMessage",
	    "one bit of the MAC", dec_flip_mac, SEC_E_MESSAGE_ALTERED, OKH),
	F("DecryptMessage sequence number changed", S_SL, "DecryptMessage",
	    "last octet of seqnum", dec_flip_seq, SEC_E_OUT_OF_SEQUENCE, OKH),
	F("DecryptMessage version field changed", S_SL, "DecryptMessage",
	    "msgtype/version octet", dec_flip_version, SEC_E_MESSAGE_ALTERED,
	    OKH),
	F("DecryptMessage replay", S_SL, "DecryptMessage",
	    "the same frame twice", dec_replay, SEC_E_OUT_OF_SEQUENCE, OKH),
	F("DecryptMessage frame skipped", S_SL, "DecryptMessage",
	    "second frame first", dec_skip, SEC_E_OUT_OF_SEQUENCE, A_NONE),
	F("DecryptMessage truncated by one", S_SL, "DecryptMessage",
	    "frame minus its last octet", dec_truncated,
	    SEC_E_MESSAGE_ALTERED, OKH),
	F("DecryptMessage one octet prepended", S_SL, "DecryptMessage",
	    "`X` + frame", dec_extended, SEC_E_MESSAGE_ALTERED, OKH),
	F("DecryptMessage length not a multiple of 8", S_SL,
	    "DecryptMessage", "3 octets cut from the middle", dec_not_block,
	    SEC_E_MESSAGE_ALTERED, OKH),
	F("DecryptMessage 70000 bytes", S_SL, "DecryptMessage",
	    "70000 octets (above maxbuf)", dec_oversized,
	    SEC_E_MESSAGE_ALTERED, OKH),
	F("DecryptMessage in a TOKEN buffer", S_SL, "DecryptMessage",
	    "frame in SECBUFFER_TOKEN", dec_token_type, SEC_E_INVALID_TOKEN, OKH),
	F("DecryptMessage READONLY DATA", S_SL, "DecryptMessage",
	    "frame in DATA|READONLY", dec_readonly, SEC_E_BUFFER_TOO_SMALL,
	    OKH),
	F("DecryptMessage READONLY STREAM", S_SL, "DecryptMessage",
	    "frame in STREAM|READONLY + DATA", dec_readonly_stream,
	    SEC_E_BUFFER_TOO_SMALL, OKH),
	F("DecryptMessage READONLY STREAM, altered frame", S_SL,
	    "DecryptMessage", "altered frame in STREAM|READONLY + DATA",
	    dec_readonly_stream_bad, SEC_E_BUFFER_TOO_SMALL, OKH),
	F("DecryptMessage NULL descriptor", S_SL, "DecryptMessage",
	    "pMessage NULL", dec_null_desc, SEC_E_INVALID_TOKEN, OKH),
	F("DecryptMessage descriptor version 7", S_SL, "DecryptMessage",
	    "ulVersion 7", dec_version, SEC_E_INVALID_TOKEN, OKH),
	F("DecryptMessage own frame back", S_SL, "DecryptMessage",
	    "client's frame to the client", dec_own_frame,
	    SEC_E_MESSAGE_ALTERED, OKH),
	F("MakeSignature fQOP 1", S_SL_INT, "MakeSignature (SASL)", "fQOP 1",
	    sig_qop, SEC_E_QOP_NOT_SUPPORTED, OKH),
	F("MakeSignature without TOKEN", S_SL_INT, "MakeSignature (SASL)",
	    "DATA + PADDING", sig_no_token, SEC_E_INVALID_TOKEN, OKH),
	F("MakeSignature TOKEN of 8", S_SL_INT, "MakeSignature (SASL)",
	    "DATA + TOKEN(8)", sig_small_token, SEC_E_BUFFER_TOO_SMALL, OKH),
	F("VerifySignature trailer of 15", S_SL_INT, "VerifySignature (SASL)",
	    "TOKEN one octet short", ver_short_token, SEC_E_INVALID_TOKEN, OKH),
	F("VerifySignature data altered", S_SL_INT, "VerifySignature (SASL)",
	    "one DATA bit", ver_data_altered, SEC_E_MESSAGE_ALTERED, OKH),
	F("VerifySignature MAC altered", S_SL_INT, "VerifySignature (SASL)",
	    "one MAC bit", ver_mac_altered, SEC_E_MESSAGE_ALTERED, OKH),
	F("VerifySignature without TOKEN", S_SL_INT,
	    "VerifySignature (SASL)", "DATA + PADDING", ver_no_token, SEC_E_INVALID_TOKEN,
	    OKH),
	F("VerifySignature replay", S_SL_INT, "VerifySignature (SASL)",
	    "the same signature twice", ver_replay, SEC_E_OUT_OF_SEQUENCE,
	    A_NONE),
	F("MakeSignature on qop=auth", S_SL_AUTH, "MakeSignature (SASL)",
	    "DATA + TOKEN", auth_make, SEC_E_QOP_NOT_SUPPORTED, A_NONE),
	F("EncryptMessage on qop=auth", S_SL_AUTH, "EncryptMessage",
	    "DATA + PADDING", auth_encrypt, SEC_E_QOP_NOT_SUPPORTED, A_NONE),

	/* ---- handles, order, packages, credentials ---- */
	F("first ISC with a NULL credential", S_NONE, "ISC (HTTP)",
	    "phCredential NULL", isc_null_cred, SEC_E_INVALID_HANDLE, NH),
	F("first ISC with an INBOUND credential", S_NONE, "ISC (HTTP)",
	    "server credential", isc_inbound_cred, SEC_E_NO_CREDENTIALS, NH),
	F("first ISC with phNewContext NULL", S_NONE, "ISC (HTTP)",
	    "phNewContext NULL", isc_null_new, SEC_E_INVALID_PARAMETER, NH),
	F("ISC_REQ_DELEGATE", S_NONE, "ISC (HTTP)", "fContextReq |DELEGATE",
	    isc_delegate, SEC_E_UNSUPPORTED_FUNCTION, NH),
	F("ISC_REQ_CONFIDENTIALITY in HTTP", S_NONE, "ISC (HTTP)",
	    "fContextReq HTTP|CONFIDENTIALITY", isc_http_conf,
	    SEC_E_UNSUPPORTED_FUNCTION, NH),
	F("target NULL", S_NONE, "ISC (HTTP)", "pszTargetName NULL",
	    isc_target_null, SEC_E_TARGET_UNKNOWN, NH),
	F("target empty", S_NONE, "ISC (HTTP)", "pszTargetName \"\"",
	    isc_target_empty, SEC_E_TARGET_UNKNOWN, NH),
	F("target with a quote", S_NONE, "ISC (HTTP)", "`/a\"b`",
	    isc_target_quote, SEC_E_TARGET_UNKNOWN, NH),
	F("target with a newline", S_NONE, "ISC (HTTP)", "`/a\\nb`",
	    isc_target_ctl, SEC_E_TARGET_UNKNOWN, NH),
	F("ISC output of 32 bytes", S_NONE, "ISC (HTTP)",
	    "output cbBuffer 32", isc_small_out, SEC_E_BUFFER_TOO_SMALL, NH),
	F("ISC empty method slot", S_NONE, "ISC (HTTP)", "slot 1 empty",
	    isc_empty_method, SEC_E_INVALID_TOKEN, NH),
	F("ISC descriptor version 1", S_NONE, "ISC (HTTP)", "ulVersion 1",
	    isc_desc_version, SEC_E_INVALID_TOKEN, NH),
	F("ISC on a deleted context", S_HC, "ISC (HTTP)",
	    "phContext deleted", isc_deleted, SEC_E_INVALID_HANDLE, A_NONE),
	F("MakeSignature on a deleted context", S_HC, "MakeSignature (HTTP)",
	    "phContext deleted", sign_deleted, SEC_E_INVALID_HANDLE, A_NONE),
	F("QueryContextAttributes on a deleted context", S_HC,
	    "QueryContextAttributes", "SECPKG_ATTR_SIZES", query_deleted,
	    SEC_E_INVALID_HANDLE, A_NONE),
	F("ISC with a credential as phContext", S_HC, "ISC (HTTP)",
	    "phContext = credential handle", isc_cred_as_ctx,
	    SEC_E_INVALID_HANDLE, NH),
	F("ISC on a server context", S_HS, "ISC (HTTP)",
	    "phContext = HTTP server session", isc_server_ctx,
	    SEC_E_INVALID_HANDLE, OKH),
	F("first ASC with a NULL credential", S_NONE, "ASC (HTTP)",
	    "phCredential NULL", asc_null_cred, SEC_E_NO_CREDENTIALS, NH),
	F("DeleteSecurityContext twice", S_HC, "DeleteSecurityContext",
	    "a deleted handle", del_twice, SEC_E_OK, A_NONE),
	F("DeleteSecurityContext NULL", S_NONE, "DeleteSecurityContext",
	    "NULL", del_null, SEC_E_INVALID_HANDLE, A_NONE),
	F("DeleteSecurityContext on a credential", S_HC,
	    "DeleteSecurityContext", "a credential handle", del_cred,
	    SEC_E_INVALID_HANDLE, OKH),
	F("DeleteSecurityContext never issued", S_NONE,
	    "DeleteSecurityContext", "{ 12345, 67890 }", del_never,
	    SEC_E_INVALID_HANDLE, A_NONE),
	F("FreeCredentialsHandle on a context", S_HC, "FreeCredentialsHandle",
	    "a context handle", free_ctx_as_cred, SEC_E_INVALID_HANDLE, OKH),
	F("FreeCredentialsHandle twice", S_NONE, "FreeCredentialsHandle",
	    "a freed handle", free_cred_twice, SEC_E_INVALID_HANDLE, A_NONE),
	F("FreeCredentialsHandle NULL", S_NONE, "FreeCredentialsHandle",
	    "NULL", free_cred_null, SEC_E_INVALID_HANDLE, A_NONE),
	F("QueryContextAttributes NULL buffer", S_HC, "QueryContextAttributes",
	    "pBuffer NULL", qca_null_buf, SEC_E_INVALID_PARAMETER, OKH),
	F("QueryContextAttributes unknown attribute", S_HC,
	    "QueryContextAttributes", "attribute 0x7777", qca_unknown,
	    SEC_E_UNSUPPORTED_FUNCTION, OKH),
	F("STREAM_SIZES on an HTTP context", S_HC, "QueryContextAttributes",
	    "SECPKG_ATTR_STREAM_SIZES", qca_stream_http,
	    SEC_E_UNSUPPORTED_FUNCTION, OKH),
	F("QueryContextAttributes on a credential", S_HC,
	    "QueryContextAttributes", "a credential handle", qca_cred_handle,
	    SEC_E_INVALID_HANDLE, OKH),
	F("QueryCredentialsAttributes NULL buffer", S_HC,
	    "QueryCredentialsAttributes", "pBuffer NULL", qcred_null,
	    SEC_E_INVALID_PARAMETER, OKH),
	F("QueryCredentialsAttributes on a context", S_HC,
	    "QueryCredentialsAttributes", "a context handle", qcred_ctx,
	    SEC_E_INVALID_HANDLE, OKH),
	F("QueryCredentialsAttributes unknown attribute", S_HC,
	    "QueryCredentialsAttributes", "attribute 0x7777", qcred_unknown,
	    SEC_E_UNSUPPORTED_FUNCTION, OKH),
	F("AcquireCredentialsHandle unknown package", S_NONE,
	    "AcquireCredentialsHandle", "`Kerberos`", ach_unknown_pkg,
	    SEC_E_SECPKG_NOT_FOUND, NH),
	F("AcquireCredentialsHandle no use bit", S_NONE,
	    "AcquireCredentialsHandle", "fCredentialUse 0", ach_no_use,
	    SEC_E_UNKNOWN_CREDENTIALS, NH),
	F("AcquireCredentialsHandle NULL output", S_NONE,
	    "AcquireCredentialsHandle", "phCredential NULL", ach_null_out,
	    SEC_E_INVALID_PARAMETER, NH),
	F("AcquireCredentialsHandle MARSHALLED identity", S_NONE,
	    "AcquireCredentialsHandle", "Flags ANSI|MARSHALLED", ach_bad_flags,
	    SEC_E_UNKNOWN_CREDENTIALS, NH),
	F("QuerySecurityPackageInfo other package", S_NONE,
	    "QuerySecurityPackageInfo", "`NTLM`", qspi_unknown,
	    SEC_E_SECPKG_NOT_FOUND, NH),
	F("QuerySecurityPackageInfo NULL output", S_NONE,
	    "QuerySecurityPackageInfo", "ppPackageInfo NULL", qspi_null_out,
	    SEC_E_INVALID_PARAMETER, NH),
	F("QuerySecurityPackageInfo NULL name", S_NONE,
	    "QuerySecurityPackageInfo", "pszPackageName NULL",
	    qspi_null_name, SEC_E_SECPKG_NOT_FOUND, NH),
	F("EnumerateSecurityPackages NULL output", S_NONE,
	    "EnumerateSecurityPackages", "ppPackageInfo NULL", esp_null,
	    SEC_E_INVALID_PARAMETER, NH),
	F("FreeContextBuffer NULL", S_NONE, "FreeContextBuffer", "NULL",
	    fcb_null, SEC_E_OK, A_NONE),
	F("FreeContextBuffer of a foreign block", S_NONE,
	    "FreeContextBuffer", "a static array", fcb_foreign,
	    SEC_E_INVALID_HANDLE, NH),
	F("CompleteAuthToken on a client credential (curl)", S_NONE,
	    "CompleteAuthToken", "curl's `&credentials`", cat_curl_cred,
	    SEC_E_INVALID_HANDLE, NH),
};

/* ---- the driver ---------------------------------------------------------- */

static SECURITY_STATUS run_row(const struct row *r, struct fix *f)
{
	size_t n = r->len ? r->len : (r->input ? strlen(r->input) : 0);
	SECURITY_STATUS st = 0;
	char *tok;

	switch (r->entry) {
	case E_HC_CHAL:
		return hisc(&f->hcc, NULL, &f->newh, r->input, n, HTTP_STYLE,
		    NULL, NULL);
	case E_HC_INFO:
		return hisc(NULL, &f->c, &f->c, r->input, n,
		    HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, NULL, NULL);
	case E_SC_CHAL:
		return sisc(&f->scc, NULL, &f->newh, r->input, n, 0, NULL,
		    NULL);
	case E_SC_INFO:
		return sisc(NULL, &f->c, &f->c, r->input, n, 0, NULL, NULL);
	case E_HS_RESP:
		tok = apply_edit(f, r->input, &n);
		if (f->ctx_null)
			st = hasc(&f->hsc, NULL, &f->newh, tok, n, f->method,
			    f->target, NULL, NULL);
		else
			st = hasc(&f->hsc, &f->s, &f->s, tok, n, f->method,
			    f->target, NULL, NULL);
		free(tok);
		free(f->target);
		free(f->method);
		f->target = apitest_strdup(H_URI);
		f->method = apitest_strdup("GET");
		return st;
	case E_SS_RESP:
		tok = apply_edit(f, r->input, &n);
		st = sasc(&f->ssc, &f->s, &f->s, tok, n, 0, NULL, NULL);
		free(tok);
		return st;
	case E_FN:
		return r->fn(f);
	}
	return st;
}

/* The genuine next step of a setup: SEC_E_OK when the context works. */
static SECURITY_STATUS genuine_step(enum setup s, struct fix *f)
{
	SECURITY_STATUS st;

	switch (s) {
	case S_NONE:
		st = hisc(&f->hcc, NULL, &f->newh, H_CHAL, strlen(H_CHAL),
		    HTTP_STYLE, NULL, NULL);
		if (st == SEC_E_OK) {
			del(&f->newh);
			f->newh = sentinel;
		}
		return st;
	case S_HC:
		return hsign(&f->c, NULL, NULL);
	case S_HC_NEW:
		st = hisc(NULL, &f->c, &f->c, H_CHAL, strlen(H_CHAL),
		    HTTP_STYLE, NULL, NULL);
		return st;
	case S_HS:
		return hasc(&f->hsc, &f->s, &f->s, f->resp, f->resp_len,
		    "GET", H_URI, NULL, NULL);
	case S_HS_EST: {
		struct hreq r;

		hreq_init(&r, f->later, f->later_len, "GET", H_URI);
		st = CompleteAuthToken(&f->s2, &r.d);
		hreq_free(&r);
		return st;
	}
	case S_SC:
		return sisc(NULL, &f->c, &f->c, f->fin, f->fin_len, 0, NULL,
		    NULL);
	case S_SS:
		return sasc(&f->ssc, &f->s, &f->s, f->resp, f->resp_len, 0,
		    NULL, NULL);
	case S_SL:
	case S_SL_INT:
	case S_SL_AUTH:
		return sl_roundtrip(f, s);
	}
	return SEC_E_INTERNAL_ERROR;
}

/* A call that must say SEC_E_INVALID_HANDLE on a FAILED context. */
static SECURITY_STATUS failed_probe(enum setup s, struct fix *f)
{
	switch (s) {
	case S_HC:
	case S_HC_NEW:
		return hsign(&f->c, NULL, NULL);
	case S_SC:
		return sisc(NULL, &f->c, &f->c, f->fin, f->fin_len, 0, NULL,
		    NULL);
	case S_SS:
		return sasc(&f->ssc, &f->s, &f->s, f->resp, f->resp_len, 0,
		    NULL, NULL);
	case S_HS:
		return hasc(&f->hsc, &f->s, &f->s, f->resp, f->resp_len,
		    "GET", H_URI, NULL, NULL);
	case S_HS_EST: {
		struct hreq r;
		SECURITY_STATUS st;

		hreq_init(&r, f->later, f->later_len, "GET", H_URI);
		st = CompleteAuthToken(&f->s2, &r.d);
		hreq_free(&r);
		return st;
	}
	default:
		return sl_probe(f);
	}
}

static const char *status_name(SECURITY_STATUS st)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].want == st)
			return rows[i].want_name;
	return "?";
}

static int check_row(size_t i)
{
	const struct row *r = &rows[i];
	struct fix f;
	SECURITY_STATUS st, post;
	int bad = 0;

	if (r->bug != NULL)
		print_message("row %zu %s: known library bug: %s\n", i + 1,
		    r->name, r->bug);

	fix_setup(&f, r->setup);
	st = run_row(r, &f);
	if (st != r->want) {
		print_error("row %zu %s: got 0x%08lX (%s), want 0x%08lX (%s)\n",
		    i + 1, r->name, (unsigned long)(uint32_t)st,
		    status_name(st), (unsigned long)(uint32_t)r->want,
		    r->want_name);
		bad = 1;
	}
	switch (r->after) {
	case A_NONE:
		break;
	case A_NOHANDLE:
		if (f.newh.dwLower != sentinel.dwLower ||
		    f.newh.dwUpper != sentinel.dwUpper) {
			print_error("row %zu %s: a handle was written\n",
			    i + 1, r->name);
			bad = 1;
			f.newh = sentinel;
		}
		post = genuine_step(r->setup, &f);
		if (post != SEC_E_OK && post != SEC_I_CONTINUE_NEEDED &&
		    post != SEC_I_COMPLETE_NEEDED) {
			print_error("row %zu %s: genuine step after: 0x%08lX\n",
			    i + 1, r->name, (unsigned long)(uint32_t)post);
			bad = 1;
		}
		break;
	case A_USABLE:
		post = genuine_step(r->setup, &f);
		if (post != SEC_E_OK && post != SEC_I_CONTINUE_NEEDED) {
			print_error("row %zu %s: context not usable after: "
			    "0x%08lX (%s)\n", i + 1, r->name,
			    (unsigned long)(uint32_t)post, status_name(post));
			bad = 1;
		}
		break;
	case A_FAILED:
		post = failed_probe(r->setup, &f);
		if (post != SEC_E_INVALID_HANDLE) {
			print_error("row %zu %s: context not FAILED after: "
			    "0x%08lX (%s)\n", i + 1, r->name,
			    (unsigned long)(uint32_t)post, status_name(post));
			bad = 1;
		}
		break;
	}
	fix_free(&f);
	if (r->bug != NULL) {
		if (!bad)
			print_error("row %zu %s: passes now: drop its bug "
			    "note\n", i + 1, r->name);
		return !bad;
	}
	return bad;
}

static void test_table(void **state)
{
	size_t i, nbad = 0;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		nbad += (size_t)check_row(i);
	if (nbad > 0)
		fail_msg("%zu of %zu rows differ", nbad,
		    sizeof(rows) / sizeof(rows[0]));
}

/* ---- --markdown ---------------------------------------------------------- */

static const char *setup_name(enum setup s)
{
	static const char *const names[] = {
		"credentials only", "HTTP client RESPONDED",
		"HTTP client NEW", "HTTP server CHALLENGED",
		"HTTP server ESTABLISHED", "SASL client RESPONDED",
		"SASL server CHALLENGED", "SASL complete (auth-conf)",
		"SASL complete (auth-int)", "SASL complete (auth)"
	};

	return names[s];
}

static const char *after_name(enum after a)
{
	static const char *const names[] = {
		"-", "no handle; credential usable",
		"usable (genuine next step OK)",
		"FAILED (next call SEC_E_INVALID_HANDLE)"
	};

	return names[a];
}

/* Plain text in a table cell: '|' escaped. */
static void md_text(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '|')
			fputs("\\|", stdout);
		else
			putchar(*s);
}

static void md_cell(const char *s, size_t n)
{
	size_t i;

	fputs("`", stdout);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '|')
			fputs("\\|", stdout);
		else if (c == '`')
			fputs("'", stdout);
		else if (c == '\0')
			fputs("\\0", stdout);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	fputs("`", stdout);
}

static void markdown(void)
{
	size_t i, nrows = sizeof(rows) / sizeof(rows[0]);

	printf("# Hostile input table\n\n"
	    "Generated by `test_hostile --markdown` from the table in\n"
	    "tests/api/test_hostile.c; the ctest test `hostile_table_doc`\n"
	    "fails when this file and the table differ. Regenerate with\n"
	    "`build/tests/api/test_hostile --markdown > "
	    "docs/HOSTILE_INPUT.md`.\n\n"
	    "Every row is one call with one hostile input and the exact\n"
	    "status it must return; the test then checks the state after\n"
	    "the call (api.md 1.8):\n\n"
	    "* **no handle**: a failing first ISC/ASC wrote no handle and\n"
	    "  the credential still makes a genuine first step;\n"
	    "* **usable**: a caller error (or a bad response to an HTTP\n"
	    "  server session, which survives 3 of them) left the context\n"
	    "  working: the genuine next step still succeeds;\n"
	    "* **FAILED**: a peer's bad token failed a client or SASL\n"
	    "  context: the next call on it gives `SEC_E_INVALID_HANDLE`.\n\n"
	    "Server rows edit a genuine response of our own client:\n"
	    "`name=raw` replaces (or appends) a directive, `+name=raw`\n"
	    "appends a duplicate, `-name` removes one, `=text` replaces\n"
	    "the whole token, `@uri=`/`@method=` change the request slots,\n"
	    "`^` calls ASC with `phContext` NULL. Client rows give the\n"
	    "challenge or Authentication-Info text itself (`\\0` is a NUL\n"
	    "byte). HTTP identity: RFC 2617 3.5; SASL: RFC 2831 4.\n\n"
	    "%zu rows.\n\n"
	    "| # | Case | Entry point | Setup | Input | Expected | "
	    "State after |\n"
	    "|---|---|---|---|---|---|---|\n", nrows);
	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		const char *in = r->input != NULL ? r->input : "";
		size_t n = r->len ? r->len : strlen(in);

		printf("| %zu | ", i + 1);
		md_text(r->name);
		fputs(" | ", stdout);
		md_text(r->call);
		printf(" | %s | ", setup_name(r->setup));
		if (n > 120) {
			md_cell(in, 100);
			printf(" ... (%zu bytes)", n);
		} else if (r->entry == E_FN) {
			md_text(in);
		} else {
			md_cell(in, n);
		}
		printf(" | `%s`", r->want_name);
		if (r->bug != NULL)
			printf(" (library bug: %s)", r->bug);
		printf(" | %s |\n", after_name(r->after));
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
	};

	if (argc > 1 && strcmp(argv[1], "--markdown") == 0) {
		markdown();
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
