/*
 * test_http_server.c - the HTTP Digest SERVER side through the public
 * API: AcceptSecurityContext in HTTP mode, CompleteAuthToken and
 * VerifySignature for later requests, and the attribute and
 * impersonation calls on server handles.
 *
 * Mostly our own client (InitializeSecurityContextA, MakeSignature)
 * against our own server, with values recomputed here with nettle
 * (apitest.c) where that adds something: rspauth, the session key, the
 * userhash. Then the spec's vectors and real clients' captures
 * (tests/vectors) presented to the server with their nonce injected
 * (dss_test_set_server_nonce), and 8 threads sharing one server
 * credential.
 *
 * Behaviour under test: api.md 1.4, 1.6, 1.8, 2.3, 3.8, 3.9, 3.12, 3.15,
 * 3.16; buffers.md 3, 4, 5.2; protocol.md A.8, A.9; the "digestssp
 * extensions" section of sspi.h (server settings, the key callback, the
 * user file, the entity body in a DATA buffer).
 *
 * ASC input layout: 0 TOKEN (Authorization value), 1 method, 2
 * request-target, 3 H(entity), 4 realm, 5 channel bindings (EMPTY here),
 * a DATA buffer at index 6 for the entity body.
 */
#include "apitest.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_peers.h"
#include "http_vectors.h"
#include "sspi/testhook.h"

#define TOKEN_MAX 4096
#define REALM "http-auth@example.org"
#define USER "Mufasa"
#define PASSWORD "Circle of Life"
#define URI "/dir/index.html?x=1"
#define T0 ((int64_t)1700000000)
#define HTTP_STYLE ISC_REQ_USE_HTTP_STYLE
#define UTF8_USER "J\303\244s\303\270n Doe"
#define SENTINEL_ATTR 0xA5A5A5A5u

static char pkg[] = "WDigest";

/* ---- small helpers ------------------------------------------------------ */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Binary form of a hex string; returns the number of bytes. */
static size_t hex_decode(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = strlen(hex) / 2, i;

	assert_true(n <= cap);
	for (i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		assert_true(hi >= 0 && lo >= 0);
		out[i] = (unsigned char)(hi * 16 + lo);
	}
	return n;
}

/* Fails unless the NUL-terminated UTF-16 string w is the UTF-8 text s. */
static void expect_wide(const SEC_WCHAR *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	assert_non_null(w);
	while (*p != '\0') {
		unsigned cp;

		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = (unsigned)(*p & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else {
			assert_true((*p & 0xF0) == 0xE0);
			cp = (unsigned)(*p & 0x0F) << 12 |
			    (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			p += 3;
		}
		if ((unsigned)w[i] != cp)
			fail_msg("UTF-16 string differs from \"%s\" at %zu", s,
			    i);
		i++;
	}
	if (w[i] != 0)
		fail_msg("UTF-16 string longer than \"%s\"", s);
}

static int same_handle(const CtxtHandle *a, const CtxtHandle *b)
{
	return a->dwLower == b->dwLower && a->dwUpper == b->dwUpper;
}

/* The challenges of a token, split at ", Digest " (malloc'ed). */
static size_t split_challenges(const char *tok, char **out, size_t cap)
{
	const char *sep = ", Digest ";
	size_t n = 0;

	for (;;) {
		const char *next = strstr(tok, sep);
		size_t len = next != NULL ? (size_t)(next - tok) : strlen(tok);

		assert_true(n < cap);
		out[n++] = apitest_dup(tok, len);
		if (next == NULL)
			return n;
		tok = next + strlen(sep);
	}
}

/* Value of a directive of a token (challenge, Authorization or
   Authentication-Info), malloc'ed; fails when it is absent. */
static char *param(const char *tok, const char *name)
{
	const char *cut = strstr(tok, ", Digest ");
	char *first = cut != NULL ? apitest_dup(tok, (size_t)(cut - tok)) :
	    apitest_strdup(tok);
	char *v = apitest_challenge_param(first, name);

	free(first);

	if (v == NULL)
		fail_msg("directive %s missing in: %s", name, tok);
	return v;
}

/*
 * The directive list text with directive `name` replaced by name=raw
 * (raw as it must appear, quotes included), dropped when raw is NULL, or
 * appended when it was absent. Other directives keep their form.
 */
static char *edit(const char *tok, const char *name, const char *raw)
{
	struct apitest_dirlist l;
	char *out = apitest_strdup(""), *next;
	int done = 0;
	size_t i;

	if (strncasecmp(tok, "Digest ", 7) == 0)
		tok += 7;
	apitest_dirlist_parse(&l, tok, strlen(tok));
	for (i = 0; i < l.n; i++) {
		const struct apitest_directive *d = &l.d[i];
		char *val;

		if (strcasecmp(d->name, name) == 0) {
			done = 1;
			if (raw == NULL)
				continue;
			val = apitest_strdup(raw);
		} else {
			val = d->quoted ? apitest_quote(d->value) :
			    apitest_strdup(d->value);
		}
		next = apitest_format("%s%s%s=%s", out, out[0] ? ", " : "",
		    d->name, val);
		free(val);
		free(out);
		out = next;
	}
	if (!done && raw != NULL) {
		next = apitest_format("%s, %s=%s", out, name, raw);
		free(out);
		out = next;
	}
	apitest_dirlist_free(&l);
	return out;
}

/* edit() with a quoted value. */
static char *edit_quoted(const char *tok, const char *name, const char *v)
{
	char *q = apitest_quote(v), *out = edit(tok, name, q);

	free(q);
	return out;
}

/* A different character at position i of s (stays in base64url). */
static char *change_char(const char *s, size_t i)
{
	char *t = apitest_strdup(s);

	assert_true(i < strlen(t));
	t[i] = t[i] == 'A' ? 'B' : 'A';
	return t;
}

/* ---- credentials -------------------------------------------------------- */

static void acquire(CredHandle *c, ULONG use, const char *user,
    size_t user_len, const char *domain, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	id.User = (unsigned char *)apitest_dup(user, user_len);
	id.UserLength = (ULONG)user_len;
	id.Domain = (unsigned char *)apitest_strdup(domain);
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)apitest_strdup(password);
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, use, NULL, &id,
	    NULL, NULL, c, NULL), SEC_E_OK);
	free(id.User);
	free(id.Domain);
	free(id.Password);
}

static void set_algorithms(CredHandle *c, const char *algs)
{
	SecPkgCredentials_DigestAlgorithmsA a;
	char *s = apitest_strdup(algs);

	a.sAlgorithms = s;
	assert_status(SetCredentialsAttributesA(c,
	    DIGESTSSP_CRED_ATTR_ALGORITHMS, &a, sizeof(a)), SEC_E_OK);
	free(s);
}

static void set_server(CredHandle *c, ULONG flags, ULONG lifetime,
    const unsigned char *secret, ULONG secret_len)
{
	SecPkgCredentials_DigestServer d;
	unsigned char buf[64];

	memset(&d, 0, sizeof(d));
	d.fFlags = flags;
	d.NonceLifetime = lifetime;
	if (secret_len > 0) {
		assert_true(secret_len <= sizeof(buf));
		memcpy(buf, secret, secret_len);
		d.cbSecret = secret_len;
		d.pSecret = buf;
	}
	assert_status(SetCredentialsAttributesA(c, DIGESTSSP_CRED_ATTR_SERVER,
	    &d, sizeof(d)), SEC_E_OK);
}

static void set_realm(CredHandle *c, const char *realm)
{
	SecPkgCredentials_DigestRealmA r;
	char *s = apitest_strdup(realm);

	r.sRealm = s;
	assert_status(SetCredentialsAttributesA(c, DIGESTSSP_CRED_ATTR_REALM,
	    &r, sizeof(r)), SEC_E_OK);
	free(s);
}

static SECURITY_STATUS set_user_file(CredHandle *c, const char *path)
{
	SecPkgCredentials_DigestUserFileA f;
	char *s = apitest_strdup(path);
	SECURITY_STATUS st;

	f.sPath = s;
	st = SetCredentialsAttributesA(c, DIGESTSSP_CRED_ATTR_USER_FILE, &f,
	    sizeof(f));
	free(s);
	return st;
}

/* The usual server: the one account USER / REALM / PASSWORD. */
static void server_cred(CredHandle *c, const char *algs, ULONG flags)
{
	acquire(c, SECPKG_CRED_INBOUND, USER, strlen(USER), REALM, PASSWORD);
	if (algs != NULL)
		set_algorithms(c, algs);
	if (flags != 0)
		set_server(c, flags, 0, NULL, 0);
}

static void client_cred(CredHandle *c, const char *user, const char *password)
{
	acquire(c, SECPKG_CRED_OUTBOUND, user, strlen(user), REALM, password);
}

/* ---- server requests ---------------------------------------------------- */

#define SLOTS 7

/* One ASC / CompleteAuthToken / VerifySignature input descriptor. */
struct sreq {
	SecBuffer b[SLOTS];
	SecBufferDesc desc;
	char *own[SLOTS];
};

static void sreq_slot(struct sreq *r, ULONG i, ULONG type, const void *p,
    size_t n)
{
	free(r->own[i]);
	r->own[i] = p != NULL ? apitest_dup(p, n) : NULL;
	apitest_set_buffer(&r->b[i], type, r->own[i], p != NULL ? n : 0);
	if (i >= r->desc.cBuffers)
		r->desc.cBuffers = i + 1;
}

/* tok NULL: empty slot 0 (ask for a challenge). */
static void sreq_init(struct sreq *r, const char *tok, size_t tok_len,
    const char *method, const char *target)
{
	memset(r, 0, sizeof(*r));
	r->desc.ulVersion = SECBUFFER_VERSION;
	r->desc.pBuffers = r->b;
	sreq_slot(r, 0, SECBUFFER_TOKEN, tok, tok_len);
	sreq_slot(r, 1, SECBUFFER_PKG_PARAMS, method,
	    method != NULL ? strlen(method) : 0);
	sreq_slot(r, 2, SECBUFFER_PKG_PARAMS, target,
	    target != NULL ? strlen(target) : 0);
	sreq_slot(r, 3, SECBUFFER_PKG_PARAMS, NULL, 0);
	sreq_slot(r, 4, SECBUFFER_PKG_PARAMS, NULL, 0);
	sreq_slot(r, 5, SECBUFFER_EMPTY, NULL, 0);
}

static void sreq_body(struct sreq *r, const void *body, size_t n)
{
	sreq_slot(r, 6, SECBUFFER_DATA, body, n);
}

static void sreq_free(struct sreq *r)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		free(r->own[i]);
	memset(r, 0, sizeof(*r));
}

/* What ASC wrote. */
struct sout {
	char buf[TOKEN_MAX + 1];
	ULONG len;  /* output length on success, else 0 */
	ULONG cb;   /* the output buffer's cbBuffer after the call */
	ULONG attr;
};

/* ASC with a caller-allocated output TOKEN of `cap` bytes in o->buf. */
static SECURITY_STATUS asc_cap(CredHandle *cred, CtxtHandle *ctx,
    struct sreq *r, ULONG req, CtxtHandle *newh, struct sout *o, ULONG cap)
{
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	TimeStamp exp;
	SECURITY_STATUS st;

	assert_true(cap <= TOKEN_MAX);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, o->buf, cap);
	o->attr = SENTINEL_ATTR;
	exp.QuadPart = 0;
	st = AcceptSecurityContext(cred, ctx, r != NULL ? &r->desc : NULL,
	    req, 0, newh, &od, &o->attr, &exp);
	o->cb = ob.cbBuffer;
	o->len = 0;
	assert_ptr_equal(ob.pvBuffer, o->buf);
	if (SEC_SUCCESS(st)) {
		o->len = ob.cbBuffer;
		assert_true(o->len <= cap);
		o->buf[o->len] = '\0';
		if (o->len > 0 && memchr(o->buf, '\0', o->len) != NULL)
			fail_msg("output token with a NUL inside at %zu of "
			    "%lu: %s", (size_t)((char *)memchr(o->buf, '\0',
			    o->len) - o->buf), (unsigned long)o->len, o->buf);
		/* api.md 1.6: the HTTP bit on every success, never expires */
		assert_true(o->attr & DIGESTSSP_ASC_RET_HTTP);
		assert_true(exp.QuadPart == DIGESTSSP_TIMESTAMP_NEVER);
	} else {
		/* api.md 1.6: *pfContextAttr untouched on failure */
		assert_int_equal(o->attr, SENTINEL_ATTR);
	}
	return st;
}

static SECURITY_STATUS asc(CredHandle *cred, CtxtHandle *ctx,
    struct sreq *r, ULONG req, CtxtHandle *newh, struct sout *o)
{
	return asc_cap(cred, ctx, r, req, newh, o, TOKEN_MAX);
}

/* ASC presenting one Authorization value (no body). */
static SECURITY_STATUS accept_token(CredHandle *cred, CtxtHandle *ctx,
    const char *tok, size_t tok_len, const char *method, const char *target,
    ULONG req, CtxtHandle *newh, struct sout *o)
{
	struct sreq r;
	SECURITY_STATUS st;

	sreq_init(&r, tok, tok_len, method, target);
	st = asc(cred, ctx, &r, req, newh, o);
	sreq_free(&r);
	return st;
}

/* A challenge on a new session: SEC_I_CONTINUE_NEEDED and a handle. */
static void challenge(CredHandle *cred, CtxtHandle *h, ULONG req,
    struct sout *o)
{
	struct sreq r;

	SecInvalidateHandle(h);
	sreq_init(&r, NULL, 0, "GET", URI);
	assert_status(asc(cred, NULL, &r, req, h, o), SEC_I_CONTINUE_NEEDED);
	assert_true(SecIsValidHandle(h));
	assert_true(o->len > 0);
	/* security bits only on SEC_E_OK (api.md 1.6) */
	assert_false(o->attr & ASC_RET_INTEGRITY);
	sreq_free(&r);
}

/* ---- the client --------------------------------------------------------- */

struct cout {
	char buf[TOKEN_MAX + 1];
	ULONG len;
	ULONG attr;
};

/*
 * ISC: in = challenge or Authentication-Info; a body goes in a DATA
 * buffer at index 5 (sspi.h extension).
 */
static SECURITY_STATUS isc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, size_t in_len, const char *method,
    const char *uri, ULONG flags, const void *body, size_t body_len,
    struct cout *o)
{
	SecBuffer b[6], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char *tok = apitest_dup(in, in_len), *m = apitest_strdup(method);
	char *u = apitest_strdup(uri), *bd = NULL;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, in_len);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, strlen(m));
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	if (body != NULL) {
		bd = apitest_dup(body, body_len);
		apitest_set_buffer(&b[3], SECBUFFER_EMPTY, NULL, 0);
		apitest_set_buffer(&b[4], SECBUFFER_EMPTY, NULL, 0);
		apitest_set_buffer(&b[5], SECBUFFER_DATA, bd, body_len);
		id.cBuffers = 6;
	}
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, o->buf, TOKEN_MAX);
	o->attr = 0;
	st = InitializeSecurityContextA(cred, ctx, u, flags, 0, 0, &id, 0,
	    newh, &od, &o->attr, NULL);
	o->len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	o->buf[o->len] = '\0';
	free(tok);
	free(m);
	free(u);
	free(bd);
	return st;
}

/* A new client context answering the server's challenge (GET). */
static void client_answer(CredHandle *ccred, CtxtHandle *cctx,
    const char *chal, const char *uri, struct cout *t)
{
	assert_status(isc(ccred, NULL, cctx, chal, strlen(chal), "GET", uri,
	    HTTP_STYLE, NULL, 0, t), SEC_E_OK);
	assert_true(t->len > 0);
}

/* Authentication-Info fed back to the client (api.md 2.1). */
static SECURITY_STATUS client_info(CtxtHandle *cctx, const char *info,
    const char *uri, ULONG *attr)
{
	struct cout m;
	SECURITY_STATUS st;

	st = isc(NULL, cctx, cctx, info, strlen(info), "GET", uri,
	    HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, NULL, 0, &m);
	*attr = m.attr;
	return st;
}

/* MakeSignature (buffers.md 5.1); a body in a DATA buffer at index 5. */
static SECURITY_STATUS sign(CtxtHandle *cctx, const char *method,
    const char *uri, const void *body, size_t body_len, struct cout *o)
{
	SecBuffer b[6];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char *m = apitest_strdup(method), *u = apitest_strdup(uri), *bd = NULL;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, strlen(m));
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, o->buf, TOKEN_MAX);
	if (body != NULL) {
		bd = apitest_dup(body, body_len);
		apitest_set_buffer(&b[5], SECBUFFER_DATA, bd, body_len);
		desc.cBuffers = 6;
	}
	st = MakeSignature(cctx, 0, &desc, 0);
	o->len = st == SEC_E_OK ? b[4].cbBuffer : 0;
	o->buf[o->len] = '\0';
	free(m);
	free(u);
	free(bd);
	return st;
}

/*
 * The server side of a later request (api.md 2.3, 4.3): ASC with
 * phContext NULL gives SEC_I_COMPLETE_NEEDED, no output and a new
 * handle; then CompleteAuthToken (or VerifySignature) with the same
 * descriptor must return `want`.
 */
static void server_later(CredHandle *scred, struct sreq *r, int use_verify,
    SECURITY_STATUS want)
{
	struct sout o;
	CtxtHandle h;
	ULONG qop = 0xFFFFFFFFu;

	SecInvalidateHandle(&h);
	assert_status(asc(scred, NULL, r, ASC_REQ_HTTP, &h, &o),
	    SEC_I_COMPLETE_NEEDED);
	assert_int_equal(o.len, 0);
	assert_true(SecIsValidHandle(&h));
	if (use_verify) {
		assert_status(VerifySignature(&h, &r->desc, 0, &qop), want);
		if (want == SEC_E_OK)
			assert_int_equal(qop, 0);
	} else {
		assert_status(CompleteAuthToken(&h, &r->desc), want);
	}
	assert_status(DeleteSecurityContext(&h), SEC_E_OK);
}

/* Client MakeSignature for `uri`, then server_later(). */
static void later(CredHandle *scred, CtxtHandle *cctx, const char *uri,
    int use_verify, SECURITY_STATUS want)
{
	struct cout t;
	struct sreq r;

	assert_status(sign(cctx, "GET", uri, NULL, 0, &t), SEC_E_OK);
	sreq_init(&r, t.buf, t.len, "GET", uri);
	server_later(scred, &r, use_verify, want);
	sreq_free(&r);
}

/*
 * A whole first exchange: challenge (handle h0), client answer, server
 * check with phContext NULL (handle h1). Returns the server's status;
 * t receives the client's token, o the server's output.
 */
static SECURITY_STATUS exchange(CredHandle *scred, CredHandle *ccred,
    CtxtHandle *h0, CtxtHandle *cctx, CtxtHandle *h1, const char *uri,
    struct cout *t, struct sout *o)
{
	struct sout chal;

	challenge(scred, h0, ASC_REQ_HTTP, &chal);
	client_answer(ccred, cctx, chal.buf, uri, t);
	SecInvalidateHandle(h1);
	return accept_token(scred, NULL, t->buf, t->len, "GET", uri,
	    ASC_REQ_HTTP, h1, o);
}

static void delete_ctx(CtxtHandle *h)
{
	if (SecIsValidHandle(h))
		assert_status(DeleteSecurityContext(h), SEC_E_OK);
	SecInvalidateHandle(h);
}

/* ---- independent computations ------------------------------------------- */

/* Binary H(A1) of the exchange: the session key (api.md 3.15). */
static size_t expected_key(const char *alg, const char *user,
    const char *realm, const char *password, const char *nonce,
    const char *cnonce, unsigned char *key)
{
	char ha1[65], sess[65];
	char *a1 = apitest_format("%s:%s:%s", user, realm, password);

	apitest_hash_hex(alg, a1, strlen(a1), ha1);
	free(a1);
	if (strstr(alg, "-sess") != NULL) {
		char *s = apitest_format("%s:%s:%s", ha1, nonce, cnonce);

		apitest_hash_hex(alg, s, strlen(s), sess);
		free(s);
		memcpy(ha1, sess, sizeof(ha1));
	}
	return hex_decode(ha1, key, 32);
}

/* The rspauth the server must send for the client token `tok`. */
static void expected_rspauth(const char *alg, const char *user,
    const char *password, const char *uri, const char *tok, char *out)
{
	char *nonce = param(tok, "nonce"), *cnonce = param(tok, "cnonce");
	char *nc = param(tok, "nc"), *qop = param(tok, "qop");

	apitest_digest_response(alg, user, strlen(user), REALM, strlen(REALM),
	    password, strlen(password), "", uri, nonce, nc, cnonce, qop, NULL,
	    out);
	free(nonce);
	free(cnonce);
	free(nc);
	free(qop);
}

/* ---- attributes of an established server handle ------------------------- */

static const char *hash_name(const char *alg)
{
	return strncasecmp(alg, "SHA-512-256", 11) == 0 ? "SHA-512-256" :
	    strncasecmp(alg, "SHA-256", 7) == 0 ? "SHA-256" : "MD5";
}

static void check_names(CtxtHandle *h, const char *realm, const char *user)
{
	SecPkgContext_NamesA na;
	SecPkgContext_NamesW nw;
	char *names = apitest_format("%s\\%s", realm, user);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_NAMES, &na),
	    SEC_E_OK);
	assert_string_equal(na.sUserName, names);
	assert_status(FreeContextBuffer(na.sUserName), SEC_E_OK);
	assert_status(QueryContextAttributesW(h, SECPKG_ATTR_NAMES, &nw),
	    SEC_E_OK);
	expect_wide(nw.sUserName, names);
	assert_status(FreeContextBuffer(nw.sUserName), SEC_E_OK);
	free(names);
}

static void check_attributes(CtxtHandle *h, const char *alg,
    const char *user, const char *uri, const unsigned char *key,
    size_t key_len)
{
	SecPkgContext_AuthorityA aa;
	SecPkgContext_AuthorityW aw;
	SecPkgContext_ClientSpecifiedTarget ta, tw;
	SecPkgContext_SessionKey sk;
	SecPkgContext_KeyInfoA ka;
	SecPkgContext_KeyInfoW kw;
	SecPkgContext_Flags fl;
	SecPkgContext_NativeNamesA nn;

	check_names(h, REALM, user);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_AUTHORITY, &aa),
	    SEC_E_OK);
	assert_string_equal(aa.sAuthorityName, REALM);
	assert_status(FreeContextBuffer(aa.sAuthorityName), SEC_E_OK);
	assert_status(QueryContextAttributesW(h, SECPKG_ATTR_AUTHORITY, &aw),
	    SEC_E_OK);
	expect_wide(aw.sAuthorityName, REALM);
	assert_status(FreeContextBuffer(aw.sAuthorityName), SEC_E_OK);

	/* UTF-16 in both variants: the structure is W-only */
	assert_status(QueryContextAttributesA(h,
	    SECPKG_ATTR_CLIENT_SPECIFIED_TARGET, &ta), SEC_E_OK);
	expect_wide(ta.sTargetName, uri);
	assert_status(FreeContextBuffer(ta.sTargetName), SEC_E_OK);
	assert_status(QueryContextAttributesW(h,
	    SECPKG_ATTR_CLIENT_SPECIFIED_TARGET, &tw), SEC_E_OK);
	expect_wide(tw.sTargetName, uri);
	assert_status(FreeContextBuffer(tw.sTargetName), SEC_E_OK);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_NATIVE_NAMES,
	    &nn), SEC_E_OK);
	assert_string_equal(nn.sServerName, uri);
	assert_status(FreeContextBuffer(nn.sClientName), SEC_E_OK);
	assert_status(FreeContextBuffer(nn.sServerName), SEC_E_OK);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_SESSION_KEY,
	    &sk), SEC_E_OK);
	assert_int_equal(sk.SessionKeyLength, key_len);
	assert_memory_equal(sk.SessionKey, key, key_len);
	assert_status(FreeContextBuffer(sk.SessionKey), SEC_E_OK);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_KEY_INFO, &ka),
	    SEC_E_OK);
	assert_string_equal(ka.sSignatureAlgorithmName, hash_name(alg));
	assert_non_null(ka.sEncryptAlgorithmName);
	assert_string_equal(ka.sEncryptAlgorithmName, "");
	assert_int_equal(ka.KeySize, key_len * 8);
	if (strcmp(hash_name(alg), "MD5") == 0)
		assert_int_equal(ka.SignatureAlgorithm, CALG_MD5);
	assert_int_equal(ka.EncryptAlgorithm, 0);
	assert_status(FreeContextBuffer(ka.sSignatureAlgorithmName), SEC_E_OK);
	assert_status(FreeContextBuffer(ka.sEncryptAlgorithmName), SEC_E_OK);
	assert_status(QueryContextAttributesW(h, SECPKG_ATTR_KEY_INFO, &kw),
	    SEC_E_OK);
	expect_wide(kw.sSignatureAlgorithmName, hash_name(alg));
	assert_status(FreeContextBuffer(kw.sSignatureAlgorithmName), SEC_E_OK);
	assert_status(FreeContextBuffer(kw.sEncryptAlgorithmName), SEC_E_OK);

	assert_status(QueryContextAttributesA(h, SECPKG_ATTR_FLAGS, &fl),
	    SEC_E_OK);
	assert_true(fl.Flags & DIGESTSSP_ASC_RET_HTTP);
}

/* ==== 1. round trips ===================================================== */

static void test_roundtrip(void **state)
{
	const char *alg = *state;
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct sout chal, info, o;
	struct cout t, s;
	struct apitest_dirlist l;
	const struct apitest_directive *d;
	struct sreq r;
	char want[65];
	unsigned char key[32];
	size_t key_len;
	char *nonce, *cnonce;
	HANDLE token = (HANDLE)&token;
	ULONG attr, qop = 7;
	int k;

	server_cred(&scred, alg, 0);
	client_cred(&ccred, USER, PASSWORD);

	/* the challenge (api.md 3.8) */
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	assert_null(strstr(chal.buf, "Digest "));
	apitest_dirlist_parse(&l, chal.buf, chal.len);
	apitest_expect_str(&l, "realm", REALM);
	assert_true(apitest_dirlist_get(&l, "realm")->quoted);
	d = apitest_dirlist_get(&l, "nonce");
	assert_non_null(d);
	assert_true(d->quoted && d->value_len > 0);
	d = apitest_dirlist_get(&l, "opaque");
	assert_non_null(d);
	assert_true(d->quoted && d->value_len > 0);
	apitest_expect_str(&l, "qop", "auth");
	assert_true(apitest_dirlist_get(&l, "qop")->quoted);
	apitest_expect_str(&l, "algorithm", alg);
	assert_false(apitest_dirlist_get(&l, "algorithm")->quoted);
	apitest_expect_str_nocase(&l, "charset", "UTF-8");
	apitest_expect_absent(&l, "stale");
	apitest_expect_absent(&l, "userhash");
	apitest_dirlist_free(&l);

	/* the answer, checked with phContext NULL: a new handle */
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	SecInvalidateHandle(&h1);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &info), SEC_E_OK);
	assert_true(SecIsValidHandle(&h1));
	assert_false(same_handle(&h0, &h1));
	assert_false(info.attr & ASC_RET_INTEGRITY);
	assert_false(info.attr & ASC_RET_ALLOCATED_MEMORY);

	/* Authentication-Info, recomputed here */
	expected_rspauth(alg, USER, PASSWORD, URI, t.buf, want);
	nonce = param(t.buf, "nonce");
	cnonce = param(t.buf, "cnonce");
	apitest_dirlist_parse(&l, info.buf, info.len);
	apitest_expect_str(&l, "rspauth", want);
	apitest_expect_str(&l, "qop", "auth");
	apitest_expect_str(&l, "cnonce", cnonce);
	apitest_expect_str(&l, "nc", "00000001");
	apitest_expect_absent(&l, "nextnonce");
	apitest_dirlist_free(&l);

	/* the client checks rspauth (mutual authentication) */
	assert_status(client_info(&cctx, info.buf, URI, &attr), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);

	/* later requests: CompleteAuthToken, then VerifySignature */
	for (k = 0; k < 3; k++)
		later(&scred, &cctx, URI, 0, SEC_E_OK);
	for (k = 0; k < 3; k++)
		later(&scred, &cctx, URI, 1, SEC_E_OK);
	/* or on the handle the server kept */
	assert_status(sign(&cctx, "GET", "/other", NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", "/other");
	assert_status(VerifySignature(&h1, &r.desc, 0, &qop), SEC_E_OK);
	assert_int_equal(qop, 0);
	sreq_free(&r);
	assert_status(sign(&cctx, "GET", "/third", NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", "/third");
	assert_status(CompleteAuthToken(&h1, &r.desc), SEC_E_OK);
	sreq_free(&r);

	/* attributes (api.md 3.15): the first request's uri */
	key_len = expected_key(alg, USER, REALM, PASSWORD, nonce, cnonce, key);
	assert_int_equal(key_len, apitest_hex_len(alg) / 2);
	check_attributes(&h1, alg, USER, URI, key, key_len);
	/* the challenge's handle names the same session */
	check_names(&h0, REALM, USER);

	/* api.md 3.16 */
	assert_status(ImpersonateSecurityContext(&h1), SEC_E_NO_IMPERSONATION);
	assert_status(RevertSecurityContext(&h1), SEC_E_OK);
	assert_status(QuerySecurityContextToken(&h1, &token),
	    SEC_E_UNSUPPORTED_FUNCTION);
	assert_null(token);
	assert_status(ImpersonateSecurityContext(&cctx),
	    SEC_E_INVALID_HANDLE);
	assert_status(RevertSecurityContext(&cctx), SEC_E_INVALID_HANDLE);

	/* the roles' message calls (api.md 3.11, 3.12) */
	assert_status(sign(&h1, "GET", URI, NULL, 0, &s),
	    SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", URI);
	assert_status(VerifySignature(&cctx, &r.desc, 0, NULL),
	    SEC_E_UNSUPPORTED_FUNCTION);
	/* a client context has nothing to complete */
	assert_status(CompleteAuthToken(&cctx, &r.desc), SEC_E_OK);
	assert_status(CompleteAuthToken(&h1, &r.desc), SEC_E_OK);
	sreq_free(&r);

	/* ASC on an established handle, whatever the input (api.md 2.3) */
	assert_status(accept_token(&scred, &h1, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), STATUS_LOGON_FAILURE);
	assert_status(accept_token(&scred, &h1, NULL, 0, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), STATUS_LOGON_FAILURE);
	assert_status(accept_token(&scred, &h0, NULL, 0, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), STATUS_LOGON_FAILURE);

	/* deleting the handles leaves the session cached (api.md 1.4) */
	assert_status(DeleteSecurityContext(&h1), SEC_E_OK);
	assert_status(DeleteSecurityContext(&h0), SEC_E_OK);
	assert_status(DeleteSecurityContext(&h0), SEC_E_OK);
	later(&scred, &cctx, URI, 0, SEC_E_OK);
	later(&scred, &cctx, "/after-delete", 1, SEC_E_OK);

	/* the request with a "Digest " prefix is accepted as well */
	{
		CtxtHandle h2, h3, c2;
		struct cout t2;
		char *pref;

		challenge(&scred, &h2, ASC_REQ_HTTP, &chal);
		client_answer(&ccred, &c2, chal.buf, URI, &t2);
		pref = apitest_format("Digest %s", t2.buf);
		assert_status(accept_token(&scred, NULL, pref, strlen(pref),
		    "GET", URI, ASC_REQ_HTTP, &h3, &o), SEC_E_OK);
		free(pref);
		delete_ctx(&h2);
		delete_ctx(&h3);
		delete_ctx(&c2);
	}

	free(nonce);
	free(cnonce);
	assert_status(DeleteSecurityContext(&cctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&ccred), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&scred), SEC_E_OK);
}

/* ==== 2. replay, order, tampering ======================================== */

static void test_replay_same_authorization(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, h2, cctx;
	struct cout t, s;
	struct sout o;
	struct sreq r;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);

	/* the first Authorization once more */
	sreq_init(&r, t.buf, t.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_OUT_OF_SEQUENCE);
	assert_status(VerifySignature(&h1, &r.desc, 0, NULL),
	    SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r);

	/* a later request, twice */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", URI);
	SecInvalidateHandle(&h2);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &h2, &o),
	    SEC_I_COMPLETE_NEEDED);
	assert_status(CompleteAuthToken(&h2, &r.desc), SEC_E_OK);
	assert_status(CompleteAuthToken(&h2, &r.desc), SEC_E_OUT_OF_SEQUENCE);
	assert_status(VerifySignature(&h1, &r.desc, 0, NULL),
	    SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r, 1, SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r);
	/* and the session goes on */
	later(&scred, &cctx, URI, 0, SEC_E_OK);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&h2);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

#define WINDOW_RUN 70

/* Default policy: a 64-request window, any order, never twice. */
static void test_replay_window(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout o;
	struct sreq *r = calloc(WINDOW_RUN + 1, sizeof(*r));
	int nc;

	(void)state;
	assert_non_null(r);
	server_cred(&scred, "SHA-256", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	for (nc = 2; nc <= WINDOW_RUN; nc++) {
		struct cout s;
		char *want = apitest_format("%08x", (unsigned)nc), *got;

		assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
		got = param(s.buf, "nc");
		assert_string_equal(got, want);
		free(got);
		free(want);
		sreq_init(&r[nc], s.buf, s.len, "GET", URI);
	}
	/* nc 3 before nc 2 (pipelining) */
	server_later(&scred, &r[3], 0, SEC_E_OK);
	server_later(&scred, &r[2], 0, SEC_E_OK);
	server_later(&scred, &r[2], 0, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r[3], 1, SEC_E_OUT_OF_SEQUENCE);
	/* jump ahead, then back to the edge of the window */
	server_later(&scred, &r[WINDOW_RUN], 0, SEC_E_OK);
	server_later(&scred, &r[WINDOW_RUN - 64], 0, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r[WINDOW_RUN - 63], 0, SEC_E_OK);
	server_later(&scred, &r[WINDOW_RUN - 63], 0, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r[WINDOW_RUN - 1], 1, SEC_E_OK);
	server_later(&scred, &r[WINDOW_RUN], 1, SEC_E_OUT_OF_SEQUENCE);
	for (nc = 2; nc <= WINDOW_RUN; nc++)
		sreq_free(&r[nc]);
	free(r);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* DIGESTSSP_SERVER_STRICT_NC: only last + 1 (Windows' rule). */
static void test_replay_strict_nc(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t, s2, s3, s4;
	struct sout o;
	struct sreq r2, r3, r4;

	(void)state;
	server_cred(&scred, "MD5", DIGESTSSP_SERVER_STRICT_NC);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s2), SEC_E_OK);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s3), SEC_E_OK);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s4), SEC_E_OK);
	sreq_init(&r2, s2.buf, s2.len, "GET", URI);
	sreq_init(&r3, s3.buf, s3.len, "GET", URI);
	sreq_init(&r4, s4.buf, s4.len, "GET", URI);
	server_later(&scred, &r3, 0, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r2, 0, SEC_E_OK);
	server_later(&scred, &r2, 0, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r4, 1, SEC_E_OUT_OF_SEQUENCE);
	server_later(&scred, &r3, 1, SEC_E_OK);
	server_later(&scred, &r4, 0, SEC_E_OK);
	server_later(&scred, &r4, 0, SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r2);
	sreq_free(&r3);
	sreq_free(&r4);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* One hex digit of the response changed. */
static char *alter_response(const char *tok)
{
	char *resp = param(tok, "response"), *bad, *out;

	bad = apitest_strdup(resp);
	bad[3] = bad[3] == '0' ? '1' : '0';
	out = edit_quoted(tok, "response", bad);
	free(resp);
	free(bad);
	return out;
}

static void test_altered_response(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, h2, cctx;
	struct cout t, s;
	struct sout chal, o;
	struct sreq r;
	char *bad;

	(void)state;
	server_cred(&scred, "SHA-512-256", 0);
	client_cred(&ccred, USER, PASSWORD);

	/* first request: a wrong digest is a wrong password */
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	bad = alter_response(t.buf);
	SecInvalidateHandle(&h2);
	assert_status(accept_token(&scred, NULL, bad, strlen(bad), "GET", URI,
	    ASC_REQ_HTTP, &h2, &o), SEC_E_LOGON_DENIED);
	assert_false(SecIsValidHandle(&h2));
	free(bad);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);

	/* later request */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	bad = alter_response(s.buf);
	sreq_init(&r, bad, strlen(bad), "GET", URI);
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	server_later(&scred, &r, 1, SEC_E_MESSAGE_ALTERED);
	assert_status(VerifySignature(&h1, &r.desc, 0, NULL),
	    SEC_E_MESSAGE_ALTERED);
	sreq_free(&r);
	free(bad);
	/* a failed check consumed nothing: the genuine one passes */
	sreq_init(&r, s.buf, s.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_OK);
	sreq_free(&r);
	/* the method is covered by the digest */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "DELETE", URI);
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	sreq_free(&r);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/*
 * api.md 2.3: ASC only finds the session of a later request; the check
 * is CompleteAuthToken's, on the token it is given. ASC keeps its parse
 * of the value for CompleteAuthToken (asc.c): that must never stand in
 * for a different token, nor for the same buffer changed in between.
 */
static void test_complete_checks_its_token(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hx, cctx;
	struct cout t, s;
	struct sout o;
	struct sreq good, bad;
	char *altered;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);

	/* ASC sees an altered value, CompleteAuthToken the genuine one */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	altered = alter_response(s.buf);
	sreq_init(&good, s.buf, s.len, "GET", URI);
	sreq_init(&bad, altered, strlen(altered), "GET", URI);
	SecInvalidateHandle(&hx);
	assert_status(asc(&scred, NULL, &bad, ASC_REQ_HTTP, &hx, &o),
	    SEC_I_COMPLETE_NEEDED);
	assert_status(CompleteAuthToken(&hx, &good.desc), SEC_E_OK);
	/* the same value once more: a replay */
	assert_status(CompleteAuthToken(&hx, &good.desc),
	    SEC_E_OUT_OF_SEQUENCE);
	delete_ctx(&hx);
	sreq_free(&good);
	sreq_free(&bad);
	free(altered);

	/* ASC sees the genuine value, CompleteAuthToken an altered one */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	altered = alter_response(s.buf);
	sreq_init(&good, s.buf, s.len, "GET", URI);
	sreq_init(&bad, altered, strlen(altered), "GET", URI);
	assert_status(asc(&scred, NULL, &good, ASC_REQ_HTTP, &hx, &o),
	    SEC_I_COMPLETE_NEEDED);
	assert_status(CompleteAuthToken(&hx, &bad.desc),
	    SEC_E_MESSAGE_ALTERED);
	delete_ctx(&hx);

	/* the caller's buffer changed between the two calls */
	assert_status(asc(&scred, NULL, &good, ASC_REQ_HTTP, &hx, &o),
	    SEC_I_COMPLETE_NEEDED);
	assert_int_equal(good.b[0].cbBuffer, bad.b[0].cbBuffer);
	memcpy(good.b[0].pvBuffer, bad.b[0].pvBuffer, bad.b[0].cbBuffer);
	assert_status(CompleteAuthToken(&hx, &good.desc),
	    SEC_E_MESSAGE_ALTERED);
	delete_ctx(&hx);
	sreq_free(&good);
	sreq_free(&bad);
	free(altered);

	/* nothing was consumed by the failures: the genuine value passes */
	sreq_init(&good, s.buf, s.len, "GET", URI);
	server_later(&scred, &good, 0, SEC_E_OK);
	sreq_free(&good);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/*
 * A later request is read by its likeness to the session's last one
 * (asc.c, later_by_shape): two sessions whose requests alternate, each
 * with a new uri, keep their own; a value of another form (quoted nc)
 * is parsed and becomes the form to read the next by; a value that
 * differs only where the form allows (the response) is still checked.
 */
static void test_later_by_shape(void **state)
{
	CredHandle scred, ccred, calice;
	CtxtHandle h0, h1, cctx, a0, a1, actx;
	struct cout t, ta;
	struct sout o;
	struct sreq r;
	char uri[64], *v, *w, c;
	int i, k;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	client_cred(&calice, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	assert_status(exchange(&scred, &calice, &a0, &actx, &a1, "/a", &ta,
	    &o), SEC_E_OK);
	for (i = 0; i < 6; i++) {
		snprintf(uri, sizeof(uri), "/dir/%.*s", i * 7 + 1,
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
		later(&scred, i % 2 ? &actx : &cctx, uri, i % 3 == 2,
		    SEC_E_OK);
		later(&scred, i % 2 ? &cctx : &actx, "/", 0, SEC_E_OK);
	}

	/* another form, nc quoted, twice: parsed, then read by likeness */
	for (k = 0; k < 2; k++) {
		assert_status(sign(&cctx, "GET", URI, NULL, 0, &t), SEC_E_OK);
		v = param(t.buf, "nc");
		w = edit_quoted(t.buf, "nc", v);
		sreq_init(&r, w, strlen(w), "GET", URI);
		server_later(&scred, &r, 0, SEC_E_OK);
		sreq_free(&r);
		free(v);
		free(w);
	}
	/* back to the client's own form, a wrong response in it (in place) */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &t), SEC_E_OK);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_OK); /* the form to read by */
	sreq_free(&r);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &t), SEC_E_OK);
	w = strstr(t.buf, "response=\"");
	assert_non_null(w);
	w += 12;
	c = *w;
	*w = c == '0' ? '1' : '0';
	sreq_init(&r, t.buf, t.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	sreq_free(&r);
	*w = c;
	sreq_init(&r, t.buf, t.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_OK);
	/* and the same value again: a replay */
	server_later(&scred, &r, 0, SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&a0);
	delete_ctx(&a1);
	delete_ctx(&cctx);
	delete_ctx(&actx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&calice);
	FreeCredentialsHandle(&scred);
}

/*
 * ASC finds a later request's session by its opaque and reads nothing
 * else; CompleteAuthToken and VerifySignature read the value they are
 * given: they must not depend on ASC's buffer, also for values unescaped
 * from quoted-pairs or decoded from username*, and long values.
 */
static void test_complete_reads_its_value(void **state)
{
	static const char *const variants[][2] = {
		{ "username", "\"M\\u\\fasa\"" },
		{ "realm", "\"http-auth\\@example.\\org\"" },
		{ "username*", "UTF-8''Mu%66asa" },
	};
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hx, cctx;
	struct cout t, s;
	struct sout o;
	char pad[1200];
	size_t i;

	(void)state;
	/* an ignored directive: a token too long for ASC's stack scratch */
	memset(pad, 'p', sizeof(pad) - 1);
	pad[0] = pad[sizeof(pad) - 2] = '"';
	pad[sizeof(pad) - 1] = '\0';
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	for (i = 0; i < 2 * sizeof(variants) / sizeof(variants[0]); i++) {
		const char *const *var = variants[i / 2];
		struct sreq a, b;
		char *tok, *v;
		int use_verify;

		for (use_verify = 0; use_verify < 2; use_verify++) {
			assert_status(sign(&cctx, "GET", URI, NULL, 0, &s),
			    SEC_E_OK);
			v = strcmp(var[0], "username*") == 0 ?
			    edit(s.buf, "username", NULL) :
			    apitest_strdup(s.buf);
			tok = edit(v, var[0], var[1]);
			free(v);
			if (i % 2 == 1) {
				v = tok;
				tok = edit(v, "x-pad", pad);
				free(v);
				assert_true(strlen(tok) > 1024);
			}
			sreq_init(&a, tok, strlen(tok), "GET", URI);
			sreq_init(&b, tok, strlen(tok), "GET", URI);
			SecInvalidateHandle(&hx);
			assert_status(asc(&scred, NULL, &a, ASC_REQ_HTTP, &hx,
			    &o), SEC_I_COMPLETE_NEEDED);
			/* ASC's buffer is gone; the same bytes elsewhere */
			memset(a.b[0].pvBuffer, 'x', a.b[0].cbBuffer);
			sreq_free(&a);
			if (use_verify) {
				ULONG qop = 1;

				assert_status(VerifySignature(&hx, &b.desc, 0,
				    &qop), SEC_E_OK);
			} else {
				assert_status(CompleteAuthToken(&hx, &b.desc),
				    SEC_E_OK);
			}
			delete_ctx(&hx);
			sreq_free(&b);
			free(tok);
		}
	}
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/*
 * ASC takes a request carrying an established session's opaque as a later
 * one without reading the rest (api.md 2.3): a value broken elsewhere
 * gets SEC_I_COMPLETE_NEEDED, and then SEC_E_INVALID_TOKEN from
 * CompleteAuthToken and VerifySignature, with the session unchanged (the
 * good request with the same nc passes after it). A broken value with an
 * opaque of no session is refused by ASC.
 */
static void test_later_found_by_opaque(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx, hx;
	struct cout t, s;
	struct sout o;
	struct sreq r;
	char *bad;
	int use_verify;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	/* "x@y" is no directive: the value does not parse */
	bad = apitest_format("x@y, %s", s.buf);
	for (use_verify = 0; use_verify < 2; use_verify++) {
		sreq_init(&r, bad, strlen(bad), "GET", URI);
		server_later(&scred, &r, use_verify, SEC_E_INVALID_TOKEN);
		sreq_free(&r);
	}
	free(bad);
	sreq_init(&r, s.buf, s.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_OK);
	sreq_free(&r);

	bad = apitest_format("x@y, %s", s.buf);
	memcpy(strstr(bad, "opaque=\"") + 8, "zz", 2);
	sreq_init(&r, bad, strlen(bad), "GET", URI);
	SecInvalidateHandle(&hx);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	sreq_free(&r);
	free(bad);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ---- a server with several accounts: the key callback ------------------- */

enum key_mode { KEY_HA1, KEY_PASSWORD };

struct keysrc {
	enum key_mode mode;
	const char *user[4];
	const char *password[4];
	size_t n;
	int calls[2]; /* by KeyVer */
	char last_user[128], last_realm[128], last_alg[32];
	unsigned char key[32];
	char pw[128];
};

static void SEC_ENTRY get_key(void *arg, void *principal, ULONG keyver,
    void **key, SECURITY_STATUS *status)
{
	struct keysrc *k = arg;
	const DIGESTSSP_KEY_PRINCIPAL *p = principal;
	size_t i;

	assert_true(keyver <= 1);
	k->calls[keyver]++;
	snprintf(k->last_user, sizeof(k->last_user), "%s", p->User);
	snprintf(k->last_realm, sizeof(k->last_realm), "%s", p->Realm);
	snprintf(k->last_alg, sizeof(k->last_alg), "%s", p->Algorithm);
	for (i = 0; i < k->n; i++)
		if (strcmp(p->User, k->user[i]) == 0)
			break;
	if (i == k->n) {
		*status = SEC_E_LOGON_DENIED;
		return;
	}
	if (keyver == DIGESTSSP_KEYVER_HA1) {
		char *a1, hex[65];

		if (k->mode == KEY_PASSWORD) {
			*status = SEC_E_UNSUPPORTED_FUNCTION;
			return;
		}
		a1 = apitest_format("%s:%s:%s", p->User, p->Realm,
		    k->password[i]);
		apitest_hash_hex(p->Algorithm, a1, strlen(a1), hex);
		free(a1);
		hex_decode(hex, k->key, sizeof(k->key));
		*key = k->key;
	} else {
		snprintf(k->pw, sizeof(k->pw), "%s", k->password[i]);
		*key = k->pw;
	}
	*status = SEC_E_OK;
}

static void callback_cred(CredHandle *c, struct keysrc *k, const char *algs)
{
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_INBOUND,
	    NULL, NULL, get_key, k, c, NULL), SEC_E_OK);
	set_realm(c, REALM);
	if (algs != NULL)
		set_algorithms(c, algs);
}

static void keysrc_two_users(struct keysrc *k, enum key_mode mode)
{
	memset(k, 0, sizeof(*k));
	k->mode = mode;
	k->user[0] = USER;
	k->password[0] = PASSWORD;
	k->user[1] = "alice";
	k->password[1] = "s3cret:with:colons";
	k->n = 2;
}

/* Another account's valid response on an established session. */
static void test_other_user_on_session(void **state)
{
	CredHandle scred, ccred, calice;
	CtxtHandle h0, h1, cctx, cal;
	struct cout t, ta;
	struct sout chal, o;
	struct sreq r;
	struct keysrc k;

	(void)state;
	keysrc_two_users(&k, KEY_HA1);
	callback_cred(&scred, &k, "MD5");
	client_cred(&ccred, USER, PASSWORD);
	client_cred(&calice, "alice", "s3cret:with:colons");

	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	client_answer(&calice, &cal, chal.buf, URI, &ta);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	/* alice's answer to the same challenge, now the session is Mufasa's */
	sreq_init(&r, ta.buf, ta.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	assert_status(VerifySignature(&h1, &r.desc, 0, NULL),
	    SEC_E_MESSAGE_ALTERED);
	sreq_free(&r);
	/* her next request on that nonce too */
	assert_status(sign(&cal, "GET", URI, NULL, 0, &ta), SEC_E_OK);
	sreq_init(&r, ta.buf, ta.len, "GET", URI);
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	sreq_free(&r);
	check_names(&h1, REALM, USER);
	later(&scred, &cctx, URI, 0, SEC_E_OK);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	delete_ctx(&cal);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&calice);
	FreeCredentialsHandle(&scred);
}

/*
 * protocol.md A.8 step 7 / A.9: a request is never accepted twice within
 * the nonce's lifetime, also when the session cache had to make room
 * (10000 sessions per credential): an attacker who can send
 * unauthenticated requests must not be able to flush an established
 * session and replay its first Authorization.
 */
#define CACHE_FLOOD 10001

static void test_replay_after_eviction(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hx, cctx;
	struct cout t;
	struct sout o;
	struct sreq r;
	SECURITY_STATUS st;
	int i;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	delete_ctx(&h0);
	delete_ctx(&h1);
	sreq_init(&r, NULL, 0, "GET", URI);
	for (i = 0; i < CACHE_FLOOD; i++) {
		assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o),
		    SEC_I_CONTINUE_NEEDED);
		assert_status(DeleteSecurityContext(&hx), SEC_E_OK);
	}
	sreq_free(&r);
	/* the captured first request, replayed */
	sreq_init(&r, t.buf, t.len, "GET", URI);
	SecInvalidateHandle(&hx);
	st = asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o);
	if (st == SEC_E_OK)
		fail_msg("the replayed Authorization was accepted again "
		    "(SEC_E_OK, Authentication-Info %s)", o.buf);
	if (st == SEC_I_COMPLETE_NEEDED)
		assert_status(CompleteAuthToken(&hx, &r.desc),
		    SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r);
	delete_ctx(&hx);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ==== 3. wrong passwords and failure counting ============================ */

static void test_wrong_password(void **state)
{
	CredHandle scred, cbad, cgood, cnobody;
	CtxtHandle h0, h1, hx, c1, c2, c3;
	struct cout t;
	struct sout chal, chal2, o;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&cbad, USER, "Circle of Death");
	client_cred(&cgood, USER, PASSWORD);
	client_cred(&cnobody, "Nobody", PASSWORD);

	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&cbad, &c1, chal.buf, URI, &t);
	SecInvalidateHandle(&hx);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_LOGON_DENIED);
	assert_false(SecIsValidHandle(&hx));
	assert_int_equal(o.len, 0);
	/* the application asks for a fresh challenge */
	challenge(&scred, &hx, ASC_REQ_HTTP, &chal2);
	assert_string_not_equal(chal.buf, chal2.buf);
	delete_ctx(&hx);

	/* an unknown user: the same answer (second failure on h0) */
	client_answer(&cnobody, &c2, chal.buf, URI, &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_LOGON_DENIED);
	assert_int_equal(o.len, 0);

	/* after 2 failures the right password still works */
	client_answer(&cgood, &c3, chal.buf, URI, &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	assert_true(same_handle(&h0, &h1));

	delete_ctx(&h0);
	delete_ctx(&c1);
	delete_ctx(&c2);
	delete_ctx(&c3);
	FreeCredentialsHandle(&cbad);
	FreeCredentialsHandle(&cgood);
	FreeCredentialsHandle(&cnobody);
	FreeCredentialsHandle(&scred);
}

/* api.md 1.8: the 3rd bad response drops the session. */
static void failures_drop_session(int use_handle)
{
	CredHandle scred, cbad, cgood;
	CtxtHandle h0, hx, cc;
	struct cout t;
	struct sout chal, o;
	struct sreq r;
	int i;

	server_cred(&scred, "SHA-256", 0);
	client_cred(&cbad, USER, "wrong");
	client_cred(&cgood, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	for (i = 0; i < 3; i++) {
		client_answer(&cbad, &cc, chal.buf, URI, &t);
		SecInvalidateHandle(&hx);
		assert_status(accept_token(&scred, use_handle ? &h0 : NULL,
		    t.buf, t.len, "GET", URI, ASC_REQ_HTTP, &hx, &o),
		    SEC_E_LOGON_DENIED);
		delete_ctx(&cc);
	}
	client_answer(&cgood, &cc, chal.buf, URI, &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_HANDLE);
	assert_status(accept_token(&scred, &h0, NULL, 0, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_HANDLE);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	assert_status(CompleteAuthToken(&h0, &r.desc), SEC_E_INVALID_HANDLE);
	assert_status(VerifySignature(&h0, &r.desc, 0, NULL),
	    SEC_E_INVALID_HANDLE);
	sreq_free(&r);
	assert_status(DeleteSecurityContext(&h0), SEC_E_OK);
	delete_ctx(&cc);
	FreeCredentialsHandle(&cbad);
	FreeCredentialsHandle(&cgood);
	FreeCredentialsHandle(&scred);
}

static void test_three_failures_handle(void **state)
{
	(void)state;
	failures_drop_session(1);
}

static void test_three_failures_opaque(void **state)
{
	(void)state;
	failures_drop_session(0);
}

/* ==== 4. stale nonces ==================================================== */

static void stale_flow(ULONG lifetime, int64_t delta, int use_handle)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, h2, cctx;
	struct cout t, t2;
	struct sout chal, st, o;
	struct apitest_dirlist l;
	char *old_nonce, *old_opaque;

	server_cred(&scred, "MD5", 0);
	if (lifetime != 0)
		set_server(&scred, 0, lifetime, NULL, 0);
	client_cred(&ccred, USER, PASSWORD);

	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	old_nonce = param(chal.buf, "nonce");
	old_opaque = param(chal.buf, "opaque");

	dss_test_set_time(T0 + delta);
	SecInvalidateHandle(&h1);
	assert_status(accept_token(&scred, use_handle ? &h0 : NULL, t.buf,
	    t.len, "GET", URI, ASC_REQ_HTTP, &h1, &st), SEC_I_CONTINUE_NEEDED);
	assert_true(SecIsValidHandle(&h1));
	if (use_handle)
		assert_true(same_handle(&h0, &h1));
	apitest_dirlist_parse(&l, st.buf, st.len);
	apitest_expect_str_nocase(&l, "stale", "true");
	apitest_expect_str(&l, "realm", REALM);
	apitest_expect_str(&l, "qop", "auth");
	apitest_expect_str(&l, "algorithm", "MD5");
	apitest_expect_str(&l, "opaque", old_opaque);
	assert_string_not_equal(apitest_dirlist_get(&l, "nonce")->value,
	    old_nonce);
	apitest_dirlist_free(&l);

	/* the client answers on the same context (api.md 2.1) */
	assert_status(isc(NULL, &cctx, &cctx, st.buf, st.len, "GET", URI,
	    HTTP_STYLE, NULL, 0, &t2), SEC_E_OK);
	assert_true(t2.attr & ISC_RET_REAUTHENTICATION);
	SecInvalidateHandle(&h2);
	assert_status(accept_token(&scred, use_handle ? &h0 : NULL, t2.buf,
	    t2.len, "GET", URI, ASC_REQ_HTTP, &h2, &o), SEC_E_OK);
	assert_true(SecIsValidHandle(&h2));
	later(&scred, &cctx, URI, 0, SEC_E_OK);
	/* established sessions never go stale (api.md 1.4) */
	dss_test_set_time(T0 + delta + 3000);
	later(&scred, &cctx, URI, 0, SEC_E_OK);
	dss_test_set_time(0);

	free(old_nonce);
	free(old_opaque);
	delete_ctx(&h0);
	if (!use_handle) {
		delete_ctx(&h1);
		delete_ctx(&h2);
	}
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_stale_default_handle(void **state)
{
	(void)state;
	stale_flow(0, 301, 1);
}

static void test_stale_default_opaque(void **state)
{
	(void)state;
	stale_flow(0, 301, 0);
}

static void test_stale_short_handle(void **state)
{
	(void)state;
	stale_flow(2, 3, 1);
}

static void test_stale_short_opaque(void **state)
{
	(void)state;
	stale_flow(2, 3, 0);
}

/* 300 s old is still fresh (stale: older than the lifetime). */
static void test_stale_boundary(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout chal, o;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	dss_test_set_time(T0 + 300);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	dss_test_set_time(0);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* protocol.md A.8: stale=true only for a client that knows the password. */
static void test_stale_wrong_password(void **state)
{
	CredHandle scred, cbad, cnobody;
	CtxtHandle h0, hx, c1, c2;
	struct cout t;
	struct sout chal, o;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&cbad, USER, "wrong");
	client_cred(&cnobody, "Nobody", "wrong");
	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&cbad, &c1, chal.buf, URI, &t);
	dss_test_set_time(T0 + 301);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_LOGON_DENIED);
	assert_int_equal(o.len, 0);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_LOGON_DENIED);
	client_answer(&cnobody, &c2, chal.buf, URI, &t);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_LOGON_DENIED);
	dss_test_set_time(0);
	delete_ctx(&h0);
	delete_ctx(&c1);
	delete_ctx(&c2);
	FreeCredentialsHandle(&cbad);
	FreeCredentialsHandle(&cnobody);
	FreeCredentialsHandle(&scred);
}

/*
 * The stale re-challenge on a kept handle must stay answerable while
 * other clients are served (api.md 2.3: CHALLENGED with a new nonce).
 */
static void test_stale_then_other_traffic(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hother, cctx;
	struct cout t, t2;
	struct sout chal, st, o;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	dss_test_set_time(T0 + 301);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &st), SEC_I_CONTINUE_NEEDED);
	assert_non_null(strstr(st.buf, "stale=true"));
	/* another client arrives */
	dss_test_set_time(T0 + 302);
	challenge(&scred, &hother, ASC_REQ_HTTP, &o);
	/* ours answers the stale challenge */
	assert_status(isc(NULL, &cctx, &cctx, st.buf, st.len, "GET", URI,
	    HTTP_STYLE, NULL, 0, &t2), SEC_E_OK);
	assert_status(accept_token(&scred, &h0, t2.buf, t2.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	dss_test_set_time(0);
	delete_ctx(&h0);
	delete_ctx(&hother);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* RFC 7615 nextnonce late in the nonce's life; the client moves to it. */
static void test_nextnonce(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx, c2;
	struct cout t, s;
	struct sout chal, o;
	struct sreq r;
	char *next, *used, *nc;
	ULONG attr;

	(void)state;
	server_cred(&scred, "SHA-256", 0);
	client_cred(&ccred, USER, PASSWORD);
	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	dss_test_set_time(T0 + 250);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	next = param(o.buf, "nextnonce");
	/*
	 * A later request on the first nonce (from a second client context
	 * of the same user): the session keeps the hashing of
	 * "H(A1):nonce:", which the move to nextnonce must not reuse.
	 */
	client_answer(&ccred, &c2, chal.buf, URI, &t);
	later(&scred, &c2, URI, 1, SEC_E_OK);
	assert_status(client_info(&cctx, o.buf, URI, &attr), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	used = param(s.buf, "nonce");
	nc = param(s.buf, "nc");
	assert_string_equal(used, next);
	assert_string_equal(nc, "00000001");
	sreq_init(&r, s.buf, s.len, "GET", URI);
	/*
	 * A move to nextnonce that fails (no room for the Authentication-
	 * Info asked for) changes nothing: the first nonce still serves.
	 */
	sreq_slot(&r, 6, SECBUFFER_TOKEN, "tiny", 4);
	server_later(&scred, &r, 0, SEC_E_BUFFER_TOO_SMALL);
	later(&scred, &c2, URI, 0, SEC_E_OK);
	sreq_slot(&r, 6, SECBUFFER_EMPTY, NULL, 0);
	server_later(&scred, &r, 0, SEC_E_OK);
	server_later(&scred, &r, 0, SEC_E_OUT_OF_SEQUENCE);
	sreq_free(&r);
	later(&scred, &cctx, URI, 1, SEC_E_OK);
	dss_test_set_time(0);
	free(next);
	free(used);
	free(nc);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/*
 * A client credential remembers H(user:realm:password) by realm and hash
 * (cred.c dss_cred_ha1_base): with the challenge's realm
 * (DIGESTSSP_CRED_FLAG_CHALLENGE_REALM) one credential answers servers
 * of two realms, in turn and with two hashes, and each answer must be
 * made with its own realm's H(A1). Realms past the fourth find the memo
 * full and are hashed every time.
 */
static void test_client_realms(void **state)
{
	static const char *const realms[] = {
		"one@example.org", "two@example.org", "one@example.org",
		"3@x", "4@x", "5@x", "6@x", "two@example.org",
	};
	SecPkgCredentials_DigestFlags fl = {
		DIGESTSSP_CRED_FLAG_CHALLENGE_REALM
	};
	CredHandle ccred;
	size_t i;
	int sha;

	(void)state;
	acquire(&ccred, SECPKG_CRED_OUTBOUND, USER, strlen(USER), "",
	    PASSWORD);
	assert_status(SetCredentialsAttributesA(&ccred,
	    DIGESTSSP_CRED_ATTR_FLAGS, &fl, sizeof(fl)), SEC_E_OK);
	for (sha = 0; sha < 2; sha++) {
		for (i = 0; i < sizeof(realms) / sizeof(realms[0]); i++) {
			CredHandle scred;
			CtxtHandle h0, h1, cctx;
			struct cout t;
			struct sout o;

			acquire(&scred, SECPKG_CRED_INBOUND, USER,
			    strlen(USER), realms[i], PASSWORD);
			set_algorithms(&scred, sha ? "SHA-256" : "MD5");
			assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1,
			    URI, &t, &o), SEC_E_OK);
			delete_ctx(&h0);
			delete_ctx(&h1);
			delete_ctx(&cctx);
			FreeCredentialsHandle(&scred);
		}
	}
	FreeCredentialsHandle(&ccred);
}

/*
 * api.md 2.3: ASC with the handle of a CHALLENGED session and an empty
 * slot 0 gives a fresh nonce on the same session; the old one is done.
 * Before authentication the handle has no user, no key (3.15) and
 * nothing to verify (3.12: "not complete" -> SEC_E_INVALID_HANDLE).
 */
static void test_rechallenge_on_handle(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, c1, c2;
	struct cout t1, t2;
	struct sout chal, chal2, o;
	char *n1, *n2, *o1, *o2;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &c1, chal.buf, URI, &t1);

	SecInvalidateHandle(&h1);
	assert_status(accept_token(&scred, &h0, NULL, 0, "GET", URI,
	    ASC_REQ_HTTP, &h1, &chal2), SEC_I_CONTINUE_NEEDED);
	assert_true(same_handle(&h0, &h1));
	n1 = param(chal.buf, "nonce");
	n2 = param(chal2.buf, "nonce");
	o1 = param(chal.buf, "opaque");
	o2 = param(chal2.buf, "opaque");
	assert_string_not_equal(n1, n2);
	assert_string_equal(o1, o2);
	/* the answer to the old nonce is refused, the new one accepted */
	assert_status(accept_token(&scred, &h0, t1.buf, t1.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	client_answer(&ccred, &c2, chal2.buf, URI, &t2);
	assert_status(accept_token(&scred, &h0, t2.buf, t2.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_OK);
	free(n1);
	free(n2);
	free(o1);
	free(o2);
	delete_ctx(&h0);
	delete_ctx(&c1);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_challenged_handle(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, c1;
	struct cout t1;
	struct sout chal;
	struct sreq r;
	SecPkgContext_NamesA na;
	SecPkgContext_SessionKey sk;
	SecPkgContext_Flags fl;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &c1, chal.buf, URI, &t1);
	assert_status(QueryContextAttributesA(&h0, SECPKG_ATTR_NAMES, &na),
	    SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(QueryContextAttributesA(&h0, SECPKG_ATTR_SESSION_KEY,
	    &sk), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(QueryContextAttributesA(&h0, SECPKG_ATTR_FLAGS, &fl),
	    SEC_E_OK);
	assert_true(fl.Flags & DIGESTSSP_ASC_RET_HTTP);
	sreq_init(&r, t1.buf, t1.len, "GET", URI);
	/* CompleteAuthToken: nothing to complete yet (api.md 3.9) */
	assert_status(CompleteAuthToken(&h0, &r.desc), SEC_E_OK);
	/* VerifySignature: "not complete" (api.md 3.12) */
	assert_status(VerifySignature(&h0, &r.desc, 0, NULL),
	    SEC_E_INVALID_HANDLE);
	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&c1);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ==== 5. forged and foreign nonces ======================================= */

static void test_forged_nonce(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, c1, c2;
	struct cout t;
	struct sout chal, o;
	char *nonce, *bad_nonce, *bad_chal;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	nonce = param(chal.buf, "nonce");
	bad_nonce = change_char(nonce, 5);
	bad_chal = edit_quoted(chal.buf, "nonce", bad_nonce);
	/* the client answers the altered challenge correctly */
	client_answer(&ccred, &c1, bad_chal, URI, &t);
	SecInvalidateHandle(&hx);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	/* the session is intact */
	client_answer(&ccred, &c2, chal.buf, URI, &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_OK);
	free(nonce);
	free(bad_nonce);
	free(bad_chal);
	delete_ctx(&h0);
	delete_ctx(&c1);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_foreign_opaque(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, c1, c2, c3;
	struct cout t;
	struct sout chal, o;
	char *nonce, *bad_nonce, *c_op, *c_both, *c_none;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	nonce = param(chal.buf, "nonce");
	bad_nonce = change_char(nonce, 7);
	c_op = edit_quoted(chal.buf, "opaque",
	    "00112233445566778899aabbccddeeff");
	c_both = edit_quoted(c_op, "nonce", bad_nonce);
	c_none = edit(chal.buf, "opaque", NULL);

	/* an unknown opaque with a forged nonce */
	client_answer(&ccred, &c1, c_both, URI, &t);
	SecInvalidateHandle(&hx);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	/* an unknown opaque with our nonce (the MAC binds the opaque) */
	client_answer(&ccred, &c2, c_op, URI, &t);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	/* ... and on the handle: the opaque must be the session's */
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	/* no opaque and no handle: no session to find */
	client_answer(&ccred, &c3, c_none, URI, &t);
	assert_null(strstr(t.buf, "opaque"));
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));

	free(nonce);
	free(bad_nonce);
	free(c_op);
	free(c_both);
	free(c_none);
	delete_ctx(&h0);
	delete_ctx(&c1);
	delete_ctx(&c2);
	delete_ctx(&c3);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* protocol.md A.9: a nonce from the future is refused. */
static void test_future_nonce(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t;
	struct sout chal, o;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	dss_test_set_time(T0 + 100);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	dss_test_set_time(T0);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	dss_test_set_time(0);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static const unsigned char secret_a[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char secret_b[32] = "fedcba9876543210fedcba9876543210";

/* Two servers of a cluster: B checks what A issued (sspi.h). */
static void cluster(const unsigned char *sa, const unsigned char *sb,
    const char *realm_b, SECURITY_STATUS want)
{
	CredHandle a, b, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout chal, o;

	server_cred(&a, "SHA-256", 0);
	set_server(&a, 0, 0, sa, 32);
	acquire(&b, SECPKG_CRED_INBOUND, USER, strlen(USER), realm_b,
	    PASSWORD);
	set_algorithms(&b, "SHA-256");
	set_server(&b, 0, 0, sb, 32);
	client_cred(&ccred, USER, PASSWORD);

	challenge(&a, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	SecInvalidateHandle(&h1);
	assert_status(accept_token(&b, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), want);
	if (want == SEC_E_OK) {
		char want_rsp[65], *got = param(o.buf, "rspauth");

		expected_rspauth("SHA-256", USER, PASSWORD, URI, t.buf,
		    want_rsp);
		assert_string_equal(got, want_rsp);
		free(got);
		check_names(&h1, REALM, USER);
		/* B now has the session */
		later(&b, &cctx, URI, 0, SEC_E_OK);
		later(&b, &cctx, URI, 1, SEC_E_OK);
		delete_ctx(&h1);
	} else {
		assert_false(SecIsValidHandle(&h1));
	}
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&a);
	FreeCredentialsHandle(&b);
}

static void test_cluster_shared_secret(void **state)
{
	(void)state;
	cluster(secret_a, secret_a, REALM, SEC_E_OK);
}

static void test_cluster_different_secret(void **state)
{
	(void)state;
	cluster(secret_a, secret_b, REALM, SEC_E_INVALID_TOKEN);
}

/* The nonce MAC binds the realm: same secret, another realm. */
static void test_cluster_other_realm(void **state)
{
	(void)state;
	cluster(secret_a, secret_a, "other@example.org", SEC_E_INVALID_TOKEN);
}

/*
 * On its own session too the nonce stays bound to the key and the realm
 * it was made for (protocol.md A.9): a new secret set between the
 * challenge and the answer, or another realm in slot 4 for the check,
 * makes it forged. (asc.c skips the MAC only while both are the same.)
 */
static void nonce_on_session(int change, SECURITY_STATUS want)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout chal, o;
	struct sreq r;

	server_cred(&scred, "MD5", 0);
	set_server(&scred, 0, 0, secret_a, 32);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	if (change == 1)
		set_server(&scred, 0, 0, secret_b, 32);
	else if (change == 2)
		set_server(&scred, 0, 0, secret_a, 32); /* the same key */
	else if (change == 3)
		sreq_slot(&r, 4, SECBUFFER_PKG_PARAMS, "other@example.org",
		    strlen("other@example.org"));
	SecInvalidateHandle(&h1);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &h1, &o), want);
	if (want != SEC_E_OK)
		assert_false(SecIsValidHandle(&h1));
	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_nonce_bound_on_session(void **state)
{
	(void)state;
	nonce_on_session(0, SEC_E_OK);
	nonce_on_session(1, SEC_E_INVALID_TOKEN);
	nonce_on_session(2, SEC_E_OK);
	nonce_on_session(3, SEC_E_INVALID_TOKEN);
}

/* ==== 6. uri versus request-target ======================================= */

static void test_uri_query_mismatch(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t, s;
	struct sout chal, o;
	struct sreq r;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, "/a?x=1", &t);
	SecInvalidateHandle(&hx);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", "/a?x=2",
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", "/a",
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", "/a?x=1",
	    ASC_REQ_HTTP, &h0, &o), SEC_E_OK);
	/* later requests too */
	assert_status(sign(&cctx, "GET", "/c?y=1", NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", "/c?y=2");
	server_later(&scred, &r, 0, SEC_E_INVALID_TOKEN);
	sreq_free(&r);
	sreq_init(&r, s.buf, s.len, "GET", "/c?y=1");
	server_later(&scred, &r, 0, SEC_E_OK);
	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void path_only(ULONG flags, SECURITY_STATUS want)
{
	CredHandle scred, ccred;
	CtxtHandle h0, cctx, c2;
	struct cout t;
	struct sout chal, o;

	server_cred(&scred, "MD5", flags);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	/* another path is never accepted */
	client_answer(&ccred, &c2, chal.buf, "/b", &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", "/a?x=1",
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	/* old MSIE: the path without the query */
	client_answer(&ccred, &cctx, chal.buf, "/a", &t);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", "/a?x=1",
	    ASC_REQ_HTTP, &h0, &o), want);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_uri_path_only_default(void **state)
{
	(void)state;
	path_only(0, SEC_E_INVALID_TOKEN);
}

static void test_uri_path_only_allowed(void **state)
{
	(void)state;
	path_only(DIGESTSSP_SERVER_PATH_ONLY_URI, SEC_E_OK);
}

/* ==== 7. userhash and UTF-8 names ======================================== */

static void userhash_flow(CredHandle *scred, const char *alg,
    const char *user, const char *password, SECURITY_STATUS want)
{
	CredHandle ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout chal, o;
	struct apitest_dirlist l;
	char *in, hash[65];

	acquire(&ccred, SECPKG_CRED_OUTBOUND, user, strlen(user), REALM,
	    password);
	challenge(scred, &h0, ASC_REQ_HTTP, &chal);
	apitest_dirlist_parse(&l, chal.buf, chal.len);
	apitest_expect_str_nocase(&l, "userhash", "true");
	apitest_dirlist_free(&l);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	in = apitest_format("%s:%s", user, REALM);
	apitest_hash_hex(alg, in, strlen(in), hash);
	free(in);
	apitest_dirlist_parse(&l, t.buf, t.len);
	apitest_expect_str(&l, "username", hash);
	apitest_expect_str_nocase(&l, "userhash", "true");
	apitest_dirlist_free(&l);
	SecInvalidateHandle(&h1);
	assert_status(accept_token(scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), want);
	if (want == SEC_E_OK) {
		/* the real name, not the hash */
		check_names(&h1, REALM, user);
		later(scred, &cctx, URI, 0, SEC_E_OK);
		later(scred, &cctx, URI, 1, SEC_E_OK);
	}
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
}

static void test_userhash_identity(void **state)
{
	CredHandle scred;

	(void)state;
	server_cred(&scred, "SHA-256", DIGESTSSP_SERVER_USERHASH);
	userhash_flow(&scred, "SHA-256", USER, PASSWORD, SEC_E_OK);
	userhash_flow(&scred, "SHA-256", USER, "wrong", SEC_E_LOGON_DENIED);
	FreeCredentialsHandle(&scred);
	acquire(&scred, SECPKG_CRED_INBOUND, UTF8_USER, strlen(UTF8_USER),
	    REALM, PASSWORD);
	set_algorithms(&scred, "MD5");
	set_server(&scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	userhash_flow(&scred, "MD5", UTF8_USER, PASSWORD, SEC_E_OK);
	FreeCredentialsHandle(&scred);
}

/* userhash=true from a client although the server did not offer it. */
static void test_userhash_not_offered(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t;
	struct sout chal, o;
	char *c2;

	(void)state;
	server_cred(&scred, "SHA-256", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	assert_null(strstr(chal.buf, "userhash"));
	c2 = edit(chal.buf, "userhash", "true");
	client_answer(&ccred, &cctx, c2, URI, &t);
	assert_non_null(strstr(t.buf, "userhash=true"));
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &hx, &o), SEC_E_INVALID_TOKEN);
	free(c2);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* "Jäsøn Doe": username* from our client, and the raw UTF-8 form. */
static void test_utf8_user(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx, c2;
	struct cout t;
	struct sout chal, o;
	struct apitest_dirlist l;
	char *raw, *q, *tmp;

	(void)state;
	acquire(&scred, SECPKG_CRED_INBOUND, UTF8_USER, strlen(UTF8_USER),
	    REALM, PASSWORD);
	set_algorithms(&scred, "SHA-256");
	acquire(&ccred, SECPKG_CRED_OUTBOUND, UTF8_USER, strlen(UTF8_USER),
	    REALM, PASSWORD);

	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_OK);
	apitest_dirlist_parse(&l, t.buf, t.len);
	apitest_expect_username(&l, UTF8_USER, strlen(UTF8_USER));
	apitest_dirlist_free(&l);
	check_names(&h1, REALM, UTF8_USER);
	later(&scred, &cctx, URI, 0, SEC_E_OK);
	delete_ctx(&h0);
	delete_ctx(&h1);

	/* username="Jäsøn Doe" as curl and Apache send it */
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &c2, chal.buf, URI, &t);
	tmp = edit(t.buf, "username*", NULL);
	q = apitest_quote(UTF8_USER);
	raw = edit(tmp, "username", q);
	free(tmp);
	assert_status(accept_token(&scred, NULL, raw, strlen(raw), "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	check_names(&h1, REALM, UTF8_USER);
	free(raw);
	free(q);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ==== 8. qop=auth-int ==================================================== */

static const char body_a[] = "{\"op\":\"pay\",\"amount\":100}";
static const char body_b[] = "{\"op\":\"pay\",\"amount\":999}";

static void auth_int_flow(const char *alg, ULONG flags, ULONG req)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hx, cctx;
	struct cout t, s;
	struct sout chal, o;
	struct sreq r;
	char *v, hex[65];

	server_cred(&scred, alg, flags);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP | req, &chal);
	v = param(chal.buf, "qop");
	assert_string_equal(v, "auth-int");
	free(v);
	assert_status(isc(&ccred, NULL, &cctx, chal.buf, chal.len, "POST", URI,
	    HTTP_STYLE, body_a, strlen(body_a), &t), SEC_E_OK);
	v = param(t.buf, "qop");
	assert_string_equal(v, "auth-int");
	free(v);

	/* another body on the server: H(entity) is in the digest */
	sreq_init(&r, t.buf, t.len, "POST", URI);
	sreq_body(&r, body_b, strlen(body_b));
	SecInvalidateHandle(&hx);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP | req, &hx, &o),
	    SEC_E_LOGON_DENIED);
	assert_false(SecIsValidHandle(&hx));
	/* no body at all is the empty body */
	sreq_free(&r);
	sreq_init(&r, t.buf, t.len, "POST", URI);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP | req, &hx, &o),
	    SEC_E_LOGON_DENIED);
	sreq_body(&r, body_a, strlen(body_a));
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP | req, &h1, &o),
	    SEC_E_OK);
	assert_true(o.attr & ASC_RET_INTEGRITY);
	v = param(o.buf, "qop");
	assert_string_equal(v, "auth-int");
	free(v);
	sreq_free(&r);

	/* later requests carry their own bodies */
	assert_status(sign(&cctx, "POST", URI, body_b, strlen(body_b), &s),
	    SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "POST", URI);
	sreq_body(&r, body_a, strlen(body_a));
	server_later(&scred, &r, 0, SEC_E_MESSAGE_ALTERED);
	sreq_body(&r, body_b, strlen(body_b));
	server_later(&scred, &r, 0, SEC_E_OK);
	sreq_free(&r);
	/* H(entity) as hex in slot 3 instead of the body */
	assert_status(sign(&cctx, "PUT", URI, body_a, strlen(body_a), &s),
	    SEC_E_OK);
	apitest_hash_hex(alg, body_a, strlen(body_a), hex);
	sreq_init(&r, s.buf, s.len, "PUT", URI);
	sreq_slot(&r, 3, SECBUFFER_PKG_PARAMS, hex, strlen(hex));
	server_later(&scred, &r, 1, SEC_E_OK);
	sreq_free(&r);
	/* an empty body */
	assert_status(sign(&cctx, "POST", URI, "", 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "POST", URI);
	sreq_body(&r, "", 0);
	server_later(&scred, &r, 0, SEC_E_OK);
	sreq_free(&r);

	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_auth_int_flag(void **state)
{
	(void)state;
	auth_int_flow("MD5", DIGESTSSP_SERVER_QOP_AUTH_INT, 0);
	auth_int_flow("SHA-256-sess", DIGESTSSP_SERVER_QOP_AUTH_INT, 0);
}

static void test_auth_int_req_integrity(void **state)
{
	(void)state;
	auth_int_flow("SHA-256", 0, ASC_REQ_INTEGRITY);
}

/* api.md 3.8: a server asking for integrity never accepts auth. */
static void test_integrity_refuses_auth(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t;
	struct sout chal, o;
	char *c2;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP | ASC_REQ_INTEGRITY, &chal);
	c2 = edit_quoted(chal.buf, "qop", "auth");
	client_answer(&ccred, &cctx, c2, URI, &t);
	assert_non_null(strstr(t.buf, "qop=auth,"));
	SecInvalidateHandle(&hx);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP | ASC_REQ_INTEGRITY, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP | ASC_REQ_INTEGRITY, &hx, &o), SEC_E_INVALID_TOKEN);
	assert_false(SecIsValidHandle(&hx));
	free(c2);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* Both offered: the client chooses. */
static void test_auth_and_auth_int(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, c1, c2;
	struct cout t;
	struct sout chal, o;
	struct sreq r;
	char *v;

	(void)state;
	server_cred(&scred, "MD5",
	    DIGESTSSP_SERVER_QOP_AUTH | DIGESTSSP_SERVER_QOP_AUTH_INT);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	v = param(chal.buf, "qop");
	assert_string_equal(v, "auth,auth-int");
	free(v);
	client_answer(&ccred, &c1, chal.buf, URI, &t);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	assert_false(o.attr & ASC_RET_INTEGRITY);
	delete_ctx(&h0);
	delete_ctx(&h1);

	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	assert_status(isc(&ccred, NULL, &c2, chal.buf, chal.len, "POST", URI,
	    HTTP_STYLE | ISC_REQ_INTEGRITY, body_a, strlen(body_a), &t),
	    SEC_E_OK);
	assert_non_null(strstr(t.buf, "qop=auth-int"));
	sreq_init(&r, t.buf, t.len, "POST", URI);
	sreq_body(&r, body_a, strlen(body_a));
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	assert_true(o.attr & ASC_RET_INTEGRITY);
	assert_true(o.attr & ASC_RET_REPLAY_DETECT);
	assert_true(o.attr & ASC_RET_SEQUENCE_DETECT);
	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&c1);
	delete_ctx(&c2);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ==== 9. several algorithms ============================================== */

static void test_several_algorithms(void **state)
{
	CredHandle scred, ccred, cmd5, s2;
	CtxtHandle h0, h1, c1, c2, c3;
	struct cout t;
	struct sout chal, o;
	char *parts[4], *v, *c_md5;
	size_t n, i;

	(void)state;
	server_cred(&scred, "SHA-256,MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	client_cred(&cmd5, USER, PASSWORD);
	set_algorithms(&cmd5, "MD5");

	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	n = split_challenges(chal.buf, parts, 4);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		struct apitest_dirlist l;

		apitest_dirlist_parse(&l, parts[i], strlen(parts[i]));
		apitest_expect_str(&l, "algorithm", i == 0 ? "SHA-256" : "MD5");
		apitest_expect_str(&l, "realm", REALM);
		apitest_expect_str(&l, "qop", "auth");
		apitest_expect_str_nocase(&l, "charset", "UTF-8");
		assert_non_null(apitest_dirlist_get(&l, "nonce"));
		assert_non_null(apitest_dirlist_get(&l, "opaque"));
		apitest_dirlist_free(&l);
		free(parts[i]);
	}
	/* our client takes the strongest */
	client_answer(&ccred, &c1, chal.buf, URI, &t);
	v = param(t.buf, "algorithm");
	assert_string_equal(v, "SHA-256");
	free(v);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	delete_ctx(&h0);
	delete_ctx(&h1);

	/* a client that only does MD5 */
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&cmd5, &c2, chal.buf, URI, &t);
	v = param(t.buf, "algorithm");
	assert_string_equal(v, "MD5");
	free(v);
	assert_status(accept_token(&scred, NULL, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	v = param(o.buf, "rspauth");
	assert_int_equal(strlen(v), 32);
	free(v);
	later(&scred, &c2, URI, 0, SEC_E_OK);
	delete_ctx(&h0);
	delete_ctx(&h1);

	/* an algorithm that was not offered */
	server_cred(&s2, "SHA-256", 0);
	challenge(&s2, &h0, ASC_REQ_HTTP, &chal);
	c_md5 = edit(chal.buf, "algorithm", "MD5");
	client_answer(&ccred, &c3, c_md5, URI, &t);
	assert_status(accept_token(&s2, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_INVALID_TOKEN);
	free(c_md5);
	delete_ctx(&h0);
	FreeCredentialsHandle(&s2);

	/* the order given is the order offered */
	set_algorithms(&scred, "MD5,SHA-512-256-sess");
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	n = split_challenges(chal.buf, parts, 4);
	assert_int_equal(n, 2);
	v = param(parts[0], "algorithm");
	assert_string_equal(v, "MD5");
	free(v);
	v = param(parts[1], "algorithm");
	assert_string_equal(v, "SHA-512-256-sess");
	free(v);
	free(parts[0]);
	free(parts[1]);
	delete_ctx(&h0);

	delete_ctx(&c1);
	delete_ctx(&c2);
	delete_ctx(&c3);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&cmd5);
	FreeCredentialsHandle(&scred);
}

/* ==== 10. password sources =============================================== */

/* The key callback: principal, number of calls, result. */
static void callback_flow(enum key_mode mode, const char *alg)
{
	CredHandle scred, ccred, calice, cnobody, cbad;
	CtxtHandle h0, h1, c1, c2, c3, c4;
	struct cout t;
	struct sout o;
	struct keysrc k;
	char want[65], *got, *nonce, *cnonce;
	unsigned char key[32];
	size_t key_len;

	keysrc_two_users(&k, mode);
	callback_cred(&scred, &k, alg);
	client_cred(&ccred, USER, PASSWORD);
	client_cred(&calice, "alice", "s3cret:with:colons");
	client_cred(&cnobody, "Nobody", PASSWORD);
	client_cred(&cbad, USER, "wrong");

	assert_status(exchange(&scred, &ccred, &h0, &c1, &h1, URI, &t, &o),
	    SEC_E_OK);
	assert_string_equal(k.last_user, USER);
	assert_string_equal(k.last_realm, REALM);
	assert_string_equal(k.last_alg, hash_name(alg));
	assert_int_equal(k.calls[DIGESTSSP_KEYVER_HA1], 1);
	assert_int_equal(k.calls[DIGESTSSP_KEYVER_PASSWORD],
	    mode == KEY_PASSWORD ? 1 : 0);
	expected_rspauth(alg, USER, PASSWORD, URI, t.buf, want);
	got = param(o.buf, "rspauth");
	assert_string_equal(got, want);
	free(got);
	nonce = param(t.buf, "nonce");
	cnonce = param(t.buf, "cnonce");
	key_len = expected_key(alg, USER, REALM, PASSWORD, nonce, cnonce, key);
	check_attributes(&h1, alg, USER, URI, key, key_len);
	free(nonce);
	free(cnonce);
	/* later requests use the cached key: no more calls */
	later(&scred, &c1, URI, 0, SEC_E_OK);
	later(&scred, &c1, URI, 1, SEC_E_OK);
	assert_int_equal(k.calls[DIGESTSSP_KEYVER_HA1], 1);
	delete_ctx(&h0);
	delete_ctx(&h1);

	/* the other account */
	assert_status(exchange(&scred, &calice, &h0, &c2, &h1, URI, &t, &o),
	    SEC_E_OK);
	assert_string_equal(k.last_user, "alice");
	check_names(&h1, REALM, "alice");
	delete_ctx(&h0);
	delete_ctx(&h1);

	/* unknown user, wrong password */
	assert_status(exchange(&scred, &cnobody, &h0, &c3, &h1, URI, &t, &o),
	    SEC_E_LOGON_DENIED);
	assert_string_equal(k.last_user, "Nobody");
	assert_false(SecIsValidHandle(&h1));
	delete_ctx(&h0);
	assert_status(exchange(&scred, &cbad, &h0, &c4, &h1, URI, &t, &o),
	    SEC_E_LOGON_DENIED);
	delete_ctx(&h0);

	delete_ctx(&c1);
	delete_ctx(&c2);
	delete_ctx(&c3);
	delete_ctx(&c4);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&calice);
	FreeCredentialsHandle(&cnobody);
	FreeCredentialsHandle(&cbad);
	FreeCredentialsHandle(&scred);
}

static void test_callback_ha1(void **state)
{
	(void)state;
	callback_flow(KEY_HA1, "MD5");
	callback_flow(KEY_HA1, "SHA-256-sess");
}

static void test_callback_password(void **state)
{
	(void)state;
	callback_flow(KEY_PASSWORD, "SHA-512-256");
	callback_flow(KEY_PASSWORD, "MD5-sess");
}

/* A callback has no index of H(user:realm): userhash finds nobody. */
static void test_callback_userhash(void **state)
{
	CredHandle scred;
	struct keysrc k;

	(void)state;
	keysrc_two_users(&k, KEY_HA1);
	callback_cred(&scred, &k, "SHA-256");
	set_server(&scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	userhash_flow(&scred, "SHA-256", USER, PASSWORD, SEC_E_LOGON_DENIED);
	FreeCredentialsHandle(&scred);
}

static void test_no_password_source(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout o;
	char *realm;

	(void)state;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_INBOUND,
	    NULL, NULL, NULL, NULL, &scred, NULL), SEC_E_OK);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &o);
	realm = param(o.buf, "realm");
	assert_string_equal(realm, "WDigest");
	free(realm);
	delete_ctx(&h0);
	assert_status(exchange(&scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    SEC_E_NO_AUTHENTICATING_AUTHORITY);
	assert_false(SecIsValidHandle(&h1));
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void user_line(FILE *f, const char *user, const char *password,
    const char *alg)
{
	char hex[65];
	char *a1 = apitest_format("%s:%s:%s", user, REALM, password);

	apitest_hash_hex(alg, a1, strlen(a1), hex);
	free(a1);
	if (strcmp(alg, "MD5") == 0)
		fprintf(f, "%s:%s:%s\n", user, REALM, hex);
	else
		fprintf(f, "%s:%s:%s:%s\n", user, REALM, hex, alg);
}

static char *write_user_file(void)
{
	char path[] = "/tmp/dss-users-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "# digestssp test accounts\n");
	user_line(f, USER, PASSWORD, "MD5");
	user_line(f, USER, PASSWORD, "SHA-256");
	user_line(f, "alice", "s3cret:with:colons", "MD5");
	user_line(f, UTF8_USER, PASSWORD, "SHA-256");
	assert_int_equal(fclose(f), 0);
	return apitest_strdup(path);
}

static void file_exchange(CredHandle *scred, const char *alg,
    const char *user, const char *password, SECURITY_STATUS want)
{
	CredHandle ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout o;

	set_algorithms(scred, alg);
	acquire(&ccred, SECPKG_CRED_OUTBOUND, user, strlen(user), REALM,
	    password);
	assert_status(exchange(scred, &ccred, &h0, &cctx, &h1, URI, &t, &o),
	    want);
	if (want == SEC_E_OK) {
		char rsp[65], *got = param(o.buf, "rspauth");

		expected_rspauth(alg, user, password, URI, t.buf, rsp);
		assert_string_equal(got, rsp);
		free(got);
		check_names(&h1, REALM, user);
		later(scred, &cctx, URI, 0, SEC_E_OK);
	}
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
}

static void test_user_file(void **state)
{
	CredHandle scred;
	char *path = write_user_file();

	(void)state;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_INBOUND,
	    NULL, NULL, NULL, NULL, &scred, NULL), SEC_E_OK);
	set_realm(&scred, REALM);
	assert_status(set_user_file(&scred, path), SEC_E_OK);
	file_exchange(&scred, "MD5", USER, PASSWORD, SEC_E_OK);
	file_exchange(&scred, "MD5-sess", USER, PASSWORD, SEC_E_OK);
	file_exchange(&scred, "SHA-256", USER, PASSWORD, SEC_E_OK);
	file_exchange(&scred, "SHA-256-sess", USER, PASSWORD, SEC_E_OK);
	file_exchange(&scred, "MD5", "alice", "s3cret:with:colons", SEC_E_OK);
	file_exchange(&scred, "SHA-256", UTF8_USER, PASSWORD, SEC_E_OK);
	/* no line for these */
	file_exchange(&scred, "SHA-512-256", USER, PASSWORD,
	    SEC_E_LOGON_DENIED);
	file_exchange(&scred, "SHA-256", "alice", "s3cret:with:colons",
	    SEC_E_LOGON_DENIED);
	file_exchange(&scred, "MD5", USER, "wrong", SEC_E_LOGON_DENIED);
	file_exchange(&scred, "MD5", "Nobody", PASSWORD, SEC_E_LOGON_DENIED);
	/* userhash: the file is searched by H(user:realm) */
	set_server(&scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	set_algorithms(&scred, "SHA-256");
	userhash_flow(&scred, "SHA-256", USER, PASSWORD, SEC_E_OK);
	userhash_flow(&scred, "SHA-256", UTF8_USER, PASSWORD, SEC_E_OK);
	set_algorithms(&scred, "MD5");
	userhash_flow(&scred, "MD5", "alice", "s3cret:with:colons", SEC_E_OK);
	userhash_flow(&scred, "MD5", "alice", "wrong", SEC_E_LOGON_DENIED);
	FreeCredentialsHandle(&scred);
	assert_int_equal(unlink(path), 0);
	free(path);
}

static void test_user_file_missing(void **state)
{
	CredHandle scred;

	(void)state;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_INBOUND,
	    NULL, NULL, NULL, NULL, &scred, NULL), SEC_E_OK);
	assert_status(set_user_file(&scred, "/nonexistent/dss/users"),
	    SEC_E_NO_CREDENTIALS);
	FreeCredentialsHandle(&scred);
}

/* ==== 11. parameter errors =============================================== */

static void test_bad_handles(void **state)
{
	CredHandle scred, ccred, freed;
	CtxtHandle h0, hd, hx, cctx;
	struct cout t;
	struct sout o, chal;
	struct sreq r;
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	sreq_init(&r, NULL, 0, "GET", URI);
	SecInvalidateHandle(&hx);

	/* credentials (api.md 3.8: SEC_E_NO_CREDENTIALS) */
	assert_status(asc(&ccred, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_NO_CREDENTIALS);
	assert_status(asc(NULL, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_NO_CREDENTIALS);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	assert_status(asc((CredHandle *)&h0, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_NO_CREDENTIALS);
	server_cred(&freed, NULL, 0);
	assert_status(FreeCredentialsHandle(&freed), SEC_E_OK);
	assert_status(asc(&freed, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_NO_CREDENTIALS);
	assert_false(SecIsValidHandle(&hx));

	/* contexts */
	assert_status(asc(&scred, (CtxtHandle *)&scred, &r, ASC_REQ_HTTP, &hx,
	    &o), SEC_E_INVALID_HANDLE);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	assert_status(asc(&scred, &cctx, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_E_INVALID_HANDLE);
	challenge(&scred, &hd, ASC_REQ_HTTP, &o);
	assert_status(DeleteSecurityContext(&hd), SEC_E_OK);
	assert_status(asc(&scred, &hd, &r, ASC_REQ_HTTP, &hd, &o),
	    SEC_E_INVALID_HANDLE);
	assert_false(SecIsValidHandle(&hx));

	/* phNewContext */
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, NULL, &o),
	    SEC_E_INVALID_PARAMETER);

	/* flags */
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP | ASC_REQ_DELEGATE,
	    &hx, &o), SEC_E_SECURITY_QOS_FAILED);
	assert_status(asc(&scred, NULL, &r,
	    ASC_REQ_HTTP | ASC_REQ_CONFIDENTIALITY, &hx, &o),
	    SEC_E_SECURITY_QOS_FAILED);
	assert_false(SecIsValidHandle(&hx));

	/* curl passes its credential handle to CompleteAuthToken */
	assert_status(CompleteAuthToken((CtxtHandle *)&scred, &r.desc),
	    SEC_E_INVALID_HANDLE);
	/* a server handle still CHALLENGED: nothing to complete */
	assert_status(CompleteAuthToken(&h0, &r.desc), SEC_E_OK);

	/* pfContextAttr and ptsExpiry may be NULL */
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, o.buf, TOKEN_MAX);
	assert_status(AcceptSecurityContext(&scred, NULL, &r.desc,
	    ASC_REQ_HTTP, 0, &hx, &od, NULL, NULL), SEC_I_CONTINUE_NEEDED);
	assert_true(SecIsValidHandle(&hx));

	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&hx);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* One ASC with caller-made descriptors; the new handle must stay as is
   on failure. */
static SECURITY_STATUS asc_raw(CredHandle *cred, SecBufferDesc *in,
    SecBufferDesc *out)
{
	CtxtHandle hx;
	ULONG attr = SENTINEL_ATTR;
	SECURITY_STATUS st;

	SecInvalidateHandle(&hx);
	st = AcceptSecurityContext(cred, NULL, in, ASC_REQ_HTTP, 0, &hx, out,
	    &attr, NULL);
	if (SEC_SUCCESS(st)) {
		assert_true(SecIsValidHandle(&hx));
		assert_status(DeleteSecurityContext(&hx), SEC_E_OK);
	} else {
		assert_false(SecIsValidHandle(&hx));
		assert_int_equal(attr, SENTINEL_ATTR);
	}
	return st;
}

static void test_bad_descriptors(void **state)
{
	CredHandle scred;
	struct sreq r;
	char out[TOKEN_MAX];
	SecBuffer ob, data;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	SecBufferDesc odata = { SECBUFFER_VERSION, 1, &data };
	static const char nul_tok[] = "username=\"Mu\0fasa\", realm=\"x\"";

	(void)state;
	server_cred(&scred, "MD5", 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	apitest_set_buffer(&data, SECBUFFER_DATA, out, sizeof(out));
	sreq_init(&r, NULL, 0, "GET", URI);

	/* the reference: accepted */
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_I_CONTINUE_NEEDED);
	ob.cbBuffer = sizeof(out);
	assert_status(asc_raw(&scred, NULL, &od), SEC_I_CONTINUE_NEEDED);
	ob.cbBuffer = sizeof(out);

	r.desc.ulVersion = 1;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.desc.ulVersion = SECBUFFER_VERSION;
	r.b[0].BufferType = SECBUFFER_PKG_PARAMS;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.b[0].BufferType = SECBUFFER_TOKEN;
	r.b[1].BufferType = SECBUFFER_TOKEN;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.b[1].BufferType = SECBUFFER_PKG_PARAMS;
	r.b[2].BufferType = SECBUFFER_DATA;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.b[2].BufferType = SECBUFFER_PKG_PARAMS;
	r.b[5].BufferType = SECBUFFER_PKG_PARAMS;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.b[5].BufferType = SECBUFFER_EMPTY;
	r.desc.pBuffers = NULL;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	r.desc.pBuffers = r.b;

	/* output descriptors */
	od.ulVersion = 1;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	od.ulVersion = SECBUFFER_VERSION;
	od.pBuffers = NULL;
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);
	od.pBuffers = &ob;
	assert_status(asc_raw(&scred, &r.desc, &odata), SEC_E_INVALID_TOKEN);
	assert_status(asc_raw(&scred, &r.desc, NULL), SEC_E_INVALID_TOKEN);

	/* a token with a NUL inside */
	sreq_slot(&r, 0, SECBUFFER_TOKEN, nul_tok, sizeof(nul_tok) - 1);
	assert_status(asc_raw(&scred, &r.desc, &od), SEC_E_INVALID_TOKEN);

	sreq_free(&r);
	FreeCredentialsHandle(&scred);
}

/*
 * api.md 1.8: a too small output buffer is the caller's error and changes
 * nothing: no handle, the buffer untouched, and the same request gives
 * the full answer when retried with room.
 */
static void test_too_small_challenge(void **state)
{
	CredHandle scred;
	CtxtHandle hx;
	struct sout o;
	struct sreq r;
	size_t i;

	(void)state;
	server_cred(&scred, "MD5", 0);
	sreq_init(&r, NULL, 0, "GET", URI);
	memset(o.buf, 0x5A, sizeof(o.buf));
	SecInvalidateHandle(&hx);
	assert_status(asc_cap(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o, 16),
	    SEC_E_BUFFER_TOO_SMALL);
	assert_int_equal(o.cb, 16);
	for (i = 0; i < sizeof(o.buf); i++)
		assert_int_equal((unsigned char)o.buf[i], 0x5A);
	assert_false(SecIsValidHandle(&hx));
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o),
	    SEC_I_CONTINUE_NEEDED);
	sreq_free(&r);
	delete_ctx(&hx);
	FreeCredentialsHandle(&scred);
}

/* The answer to a challenge, with phContext NULL or the kept handle. */
static void too_small_answer(int use_handle)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t;
	struct sout chal, o;
	struct sreq r;

	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	memset(o.buf, 0x5A, sizeof(o.buf));
	SecInvalidateHandle(&hx);
	assert_status(asc_cap(&scred, use_handle ? &h0 : NULL, &r,
	    ASC_REQ_HTTP, &hx, &o, 16), SEC_E_BUFFER_TOO_SMALL);
	assert_int_equal(o.cb, 16);
	assert_int_equal((unsigned char)o.buf[0], 0x5A);
	assert_false(SecIsValidHandle(&hx));
	assert_status(asc(&scred, use_handle ? &h0 : NULL, &r, ASC_REQ_HTTP,
	    &hx, &o), SEC_E_OK);
	assert_non_null(strstr(o.buf, "rspauth="));
	sreq_free(&r);
	if (!use_handle)
		delete_ctx(&hx);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_too_small_info_opaque(void **state)
{
	(void)state;
	too_small_answer(0);
}

static void test_too_small_info_handle(void **state)
{
	(void)state;
	too_small_answer(1);
}

/* The stale re-challenge. */
static void test_too_small_stale(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, cctx;
	struct cout t;
	struct sout chal, o;
	struct sreq r;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	dss_test_set_time(T0);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	dss_test_set_time(T0 + 301);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	assert_status(asc_cap(&scred, &h0, &r, ASC_REQ_HTTP, &h0, &o, 16),
	    SEC_E_BUFFER_TOO_SMALL);
	assert_status(asc(&scred, &h0, &r, ASC_REQ_HTTP, &h0, &o),
	    SEC_I_CONTINUE_NEEDED);
	assert_non_null(strstr(o.buf, "stale=true"));
	sreq_free(&r);
	dss_test_set_time(0);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* A new challenge asked for on a handle: the nonce stays as it was. */
static void test_too_small_rechallenge(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, cctx;
	struct cout t;
	struct sout chal, o;
	struct sreq r;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);
	sreq_init(&r, NULL, 0, "GET", URI);
	assert_status(asc_cap(&scred, &h0, &r, ASC_REQ_HTTP, &h0, &o, 16),
	    SEC_E_BUFFER_TOO_SMALL);
	sreq_free(&r);
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_OK);
	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ASC_REQ_ALLOCATE_MEMORY: package memory, freed with FreeContextBuffer. */
static SECURITY_STATUS asc_alloc(CredHandle *cred, struct sreq *r,
    CtxtHandle *newh, char **tok, ULONG *len, ULONG *attr)
{
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	SECURITY_STATUS st;

	apitest_set_buffer(&ob, SECBUFFER_TOKEN, NULL, 0);
	*attr = 0;
	st = AcceptSecurityContext(cred, NULL, &r->desc,
	    ASC_REQ_HTTP | ASC_REQ_ALLOCATE_MEMORY, 0, newh, &od, attr, NULL);
	*tok = ob.pvBuffer;
	*len = ob.cbBuffer;
	return st;
}

static void test_allocate_memory(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, h2, cctx;
	struct cout t, s;
	struct sreq r;
	char *tok, *chal;
	ULONG len, attr;

	(void)state;
	server_cred(&scred, "SHA-256", 0);
	client_cred(&ccred, USER, PASSWORD);

	sreq_init(&r, NULL, 0, "GET", URI);
	assert_status(asc_alloc(&scred, &r, &h0, &tok, &len, &attr),
	    SEC_I_CONTINUE_NEEDED);
	sreq_free(&r);
	assert_non_null(tok);
	assert_true(len > 0);
	assert_true(attr & ASC_RET_ALLOCATED_MEMORY);
	chal = apitest_dup(tok, len);
	assert_status(FreeContextBuffer(tok), SEC_E_OK);
	assert_non_null(strstr(chal, "algorithm=SHA-256"));

	client_answer(&ccred, &cctx, chal, URI, &t);
	sreq_init(&r, t.buf, t.len, "GET", URI);
	assert_status(asc_alloc(&scred, &r, &h1, &tok, &len, &attr), SEC_E_OK);
	sreq_free(&r);
	assert_non_null(tok);
	assert_true(attr & ASC_RET_ALLOCATED_MEMORY);
	assert_true(len > 9 && strncmp(tok, "rspauth=\"", 9) == 0);
	assert_status(FreeContextBuffer(tok), SEC_E_OK);

	/* SEC_I_COMPLETE_NEEDED: nothing allocated */
	assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
	sreq_init(&r, s.buf, s.len, "GET", URI);
	assert_status(asc_alloc(&scred, &r, &h2, &tok, &len, &attr),
	    SEC_I_COMPLETE_NEEDED);
	assert_int_equal(len, 0);
	assert_false(attr & ASC_RET_ALLOCATED_MEMORY);
	if (tok != NULL)
		assert_status(FreeContextBuffer(tok), SEC_E_OK);
	assert_status(CompleteAuthToken(&h2, &r.desc), SEC_E_OK);
	sreq_free(&r);

	free(chal);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&h2);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* protocol.md A.8 step 1: malformed credentials. */
static void test_malformed_credentials(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, hx, cctx;
	struct cout t;
	struct sout chal, o;
	char *bad[32], *tmp;
	size_t n = 0, i;

	(void)state;
	server_cred(&scred, "MD5", 0);
	client_cred(&ccred, USER, PASSWORD);
	challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
	client_answer(&ccred, &cctx, chal.buf, URI, &t);

	bad[n++] = apitest_format("%s, nc=00000001", t.buf);
	bad[n++] = apitest_format("%s, NONCE=\"abc\"", t.buf);
	bad[n++] = apitest_format("%s, response=\"%032d\"", t.buf, 0);
	bad[n++] = edit(t.buf, "username*", "UTF-8''Mufasa");
	bad[n++] = edit(t.buf, "username", NULL);
	bad[n++] = edit(t.buf, "realm", NULL);
	bad[n++] = edit(t.buf, "nonce", NULL);
	bad[n++] = edit(t.buf, "uri", NULL);
	bad[n++] = edit(t.buf, "response", NULL);
	bad[n++] = edit(t.buf, "nc", NULL);
	bad[n++] = edit(t.buf, "cnonce", NULL);
	bad[n++] = edit(t.buf, "qop", NULL);
	bad[n++] = edit(t.buf, "nc", "0000001");
	bad[n++] = edit(t.buf, "nc", "0000000g");
	bad[n++] = edit_quoted(t.buf, "response",
	    "0123456789abcdef0123456789abcde");
	bad[n++] = edit_quoted(t.buf, "response",
	    "zz23456789abcdef0123456789abcdef");
	bad[n++] = edit(t.buf, "algorithm", "SHA-1");
	bad[n++] = edit(t.buf, "qop", "auth-conf");
	bad[n++] = edit(t.buf, "userhash", "maybe");
	tmp = edit(t.buf, "username", NULL);
	bad[n++] = edit(tmp, "username*", "\"UTF-8''Mufasa\"");
	free(tmp);
	tmp = edit(t.buf, "username", NULL);
	bad[n++] = edit(tmp, "username*", "ISO-8859-1''Mufasa");
	free(tmp);
	tmp = edit(t.buf, "cnonce", NULL);
	bad[n++] = apitest_format("%s, cnonce=\"unterminated", tmp);
	free(tmp);
	bad[n++] = apitest_strdup("Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl");
	bad[n++] = apitest_strdup("Digest");
	bad[n++] = apitest_strdup(",,,");
	bad[n++] = apitest_strdup("Digest =\"x\"");
	assert_true(n <= sizeof(bad) / sizeof(bad[0]));

	for (i = 0; i < n; i++) {
		SECURITY_STATUS st;

		SecInvalidateHandle(&hx);
		st = accept_token(&scred, NULL, bad[i], strlen(bad[i]), "GET",
		    URI, ASC_REQ_HTTP, &hx, &o);
		if (st != SEC_E_INVALID_TOKEN)
			fail_msg("malformed #%zu (phContext NULL): 0x%08x, "
			    "expected SEC_E_INVALID_TOKEN: %s", i,
			    (unsigned)(uint32_t)st, bad[i]);
		assert_false(SecIsValidHandle(&hx));
		st = accept_token(&scred, &h0, bad[i], strlen(bad[i]), "GET",
		    URI, ASC_REQ_HTTP, &h0, &o);
		if (st != SEC_E_INVALID_TOKEN)
			fail_msg("malformed #%zu (handle): 0x%08x, expected "
			    "SEC_E_INVALID_TOKEN: %s", i,
			    (unsigned)(uint32_t)st, bad[i]);
		free(bad[i]);
	}
	/* none of them counted as a failed logon */
	assert_status(accept_token(&scred, &h0, t.buf, t.len, "GET", URI,
	    ASC_REQ_HTTP, &h0, &o), SEC_E_OK);

	delete_ctx(&h0);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/*
 * Slot 4 (buffers.md 3.1): the realm of the challenge, ASCII or UTF-16LE;
 * the answer is checked against the same slot. `terminated`: the
 * UTF-16 text's NUL is counted in cbBuffer.
 */
static void realm_slot(const char *realm, int utf16, int terminated)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, cctx;
	struct cout t;
	struct sout o;
	struct sreq r;
	SecPkgContext_AuthorityA aa;
	char u16[128], *got;
	size_t i, n = strlen(realm);

	server_cred(&scred, "MD5", 0);
	sreq_init(&r, NULL, 0, "GET", URI);
	if (utf16) {
		for (i = 0; i <= n; i++) {
			u16[2 * i] = realm[i];
			u16[2 * i + 1] = '\0';
		}
		sreq_slot(&r, 4, SECBUFFER_PKG_PARAMS, u16,
		    2 * n + (terminated ? 2 : 0));
	} else {
		sreq_slot(&r, 4, SECBUFFER_PKG_PARAMS, realm, n);
	}
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &h0, &o),
	    SEC_I_CONTINUE_NEEDED);
	got = param(o.buf, "realm");
	assert_string_equal(got, realm);
	free(got);
	acquire(&ccred, SECPKG_CRED_OUTBOUND, USER, strlen(USER), realm,
	    PASSWORD);
	client_answer(&ccred, &cctx, o.buf, URI, &t);
	sreq_slot(&r, 0, SECBUFFER_TOKEN, t.buf, t.len);
	assert_status(asc(&scred, NULL, &r, ASC_REQ_HTTP, &h1, &o), SEC_E_OK);
	assert_status(QueryContextAttributesA(&h1, SECPKG_ATTR_AUTHORITY, &aa),
	    SEC_E_OK);
	assert_string_equal(aa.sAuthorityName, realm);
	assert_status(FreeContextBuffer(aa.sAuthorityName), SEC_E_OK);
	check_names(&h1, realm, USER);
	sreq_free(&r);
	delete_ctx(&h0);
	delete_ctx(&h1);
	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

static void test_realm_slot_ascii(void **state)
{
	(void)state;
	realm_slot("other@example.org", 0, 0);
}

static void test_realm_slot_utf16(void **state)
{
	(void)state;
	realm_slot("wide@example.org", 1, 0);
}

static void test_realm_slot_utf16_terminated(void **state)
{
	(void)state;
	realm_slot("wide@example.org", 1, 1);
}

/* DIGESTSSP_CRED_ATTR_REALM beats the identity's Domain. */
static void test_realm_attribute(void **state)
{
	CredHandle scred;
	CtxtHandle h0;
	struct sout o;
	char *realm;

	(void)state;
	server_cred(&scred, "MD5", 0);
	set_realm(&scred, "attr@example.org");
	challenge(&scred, &h0, ASC_REQ_HTTP, &o);
	realm = param(o.buf, "realm");
	assert_string_equal(realm, "attr@example.org");
	free(realm);
	delete_ctx(&h0);
	FreeCredentialsHandle(&scred);
}

/* ==== 12. the spec's vectors, server side ================================ */

typedef struct dss_vec_http_digest vector_t;

/* The algorithms the vector's challenges offer, in order. */
static char *vector_algorithms(const vector_t *v)
{
	char *out;
	size_t i;

	if (v->headers.challenge_count == 0)
		return apitest_strdup(v->inputs.algorithm);
	out = apitest_strdup("");
	for (i = 0; i < v->headers.challenge_count; i++) {
		char *a = apitest_challenge_param(v->headers.challenge[i],
		    "algorithm");
		char *next = apitest_format("%s%s%s", out, i > 0 ? "," : "",
		    a != NULL ? a : "MD5");

		free(a);
		free(out);
		out = next;
	}
	return out;
}

static void vector_server(const vector_t *v, CredHandle *scred)
{
	char *algs = vector_algorithms(v);

	acquire(scred, SECPKG_CRED_INBOUND, v->inputs.username,
	    v->inputs.username_len, v->inputs.realm, v->inputs.password);
	set_algorithms(scred, algs);
	free(algs);
	if (v->inputs.userhash)
		set_server(scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	dss_test_set_server_nonce(v->inputs.nonce, v->inputs.opaque);
}

/* A challenge carrying the injected nonce (and opaque). */
static void injected_challenge(CredHandle *scred, CtxtHandle *h,
    const char *nonce, const char *opaque)
{
	struct sout chal;
	char *got;

	challenge(scred, h, ASC_REQ_HTTP, &chal);
	got = param(chal.buf, "nonce");
	assert_string_equal(got, nonce);
	free(got);
	if (opaque != NULL) {
		got = param(chal.buf, "opaque");
		assert_string_equal(got, opaque);
		free(got);
	}
}

static void test_server_vector(void **state)
{
	const vector_t *v = *state;
	/* our challenges always carry qop: an RFC 2069 answer is refused */
	SECURITY_STATUS want = v->inputs.qop != NULL ? SEC_E_OK :
	    SEC_E_INVALID_TOKEN;
	CredHandle scred;
	CtxtHandle h;
	struct sout o;
	char *got;

	vector_server(v, &scred);
	injected_challenge(&scred, &h, v->inputs.nonce, v->inputs.opaque);
	assert_status(accept_token(&scred, &h, v->headers.authorization,
	    strlen(v->headers.authorization), v->inputs.method, v->inputs.uri,
	    ASC_REQ_HTTP, &h, &o), want);
	if (want == SEC_E_OK) {
		char *user = apitest_dup(v->inputs.username,
		    v->inputs.username_len);

		got = param(o.buf, "rspauth");
		assert_string_equal(got, v->expected.rspauth);
		free(got);
		check_names(&h, v->inputs.realm, user);
		free(user);
		/* the same request again, found through its opaque */
		if (v->inputs.opaque != NULL) {
			struct sreq r;

			sreq_init(&r, v->headers.authorization,
			    strlen(v->headers.authorization),
			    v->inputs.method, v->inputs.uri);
			server_later(&scred, &r, 0, SEC_E_OUT_OF_SEQUENCE);
			sreq_free(&r);
		}
	}
	delete_ctx(&h);
	if (v->headers.authorization_username_star != NULL) {
		const char *star = v->headers.authorization_username_star;

		injected_challenge(&scred, &h, v->inputs.nonce,
		    v->inputs.opaque);
		assert_status(accept_token(&scred, &h, star, strlen(star),
		    v->inputs.method, v->inputs.uri, ASC_REQ_HTTP, &h, &o),
		    SEC_E_OK);
		got = param(o.buf, "rspauth");
		assert_string_equal(got, v->expected.rspauth);
		free(got);
		delete_ctx(&h);
	}
	dss_test_set_server_nonce(NULL, NULL);
	FreeCredentialsHandle(&scred);
}

/* RFC 7616 3.9.2 as printed (truncated SHA-512): refused. */
static void test_server_misprint(void **state)
{
	const vector_t *v = *state;
	CredHandle scred;
	CtxtHandle h;
	struct sout o;
	char *tok;

	acquire(&scred, SECPKG_CRED_INBOUND, v->inputs.username,
	    v->inputs.username_len, v->inputs.realm, v->inputs.password);
	set_algorithms(&scred, "SHA-512-256");
	set_server(&scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	dss_test_set_server_nonce(v->inputs.nonce, v->inputs.opaque);

	/* the printed userhash and response */
	tok = apitest_format("Digest username=\"%s\", realm=\"%s\", "
	    "uri=\"%s\", algorithm=SHA-512-256, nonce=\"%s\", nc=00000001, "
	    "cnonce=\"%s\", qop=auth, response=\"%s\", opaque=\"%s\", "
	    "userhash=true", v->expected.userhash, v->inputs.realm,
	    v->inputs.uri, v->inputs.nonce, v->inputs.cnonce,
	    v->expected.response, v->inputs.opaque);
	injected_challenge(&scred, &h, v->inputs.nonce, v->inputs.opaque);
	assert_status(accept_token(&scred, &h, tok, strlen(tok),
	    v->inputs.method, v->inputs.uri, ASC_REQ_HTTP, &h, &o),
	    SEC_E_LOGON_DENIED);
	free(tok);
	/* the real name with the printed response */
	tok = apitest_format("Digest "
	    "username*=UTF-8''J%%C3%%A4s%%C3%%B8n%%20Doe, realm=\"%s\", "
	    "uri=\"%s\", algorithm=SHA-512-256, nonce=\"%s\", "
	    "nc=00000001, cnonce=\"%s\", qop=auth, response=\"%s\", "
	    "opaque=\"%s\"", v->inputs.realm, v->inputs.uri, v->inputs.nonce,
	    v->inputs.cnonce, v->expected.response, v->inputs.opaque);
	assert_status(accept_token(&scred, &h, tok, strlen(tok),
	    v->inputs.method, v->inputs.uri, ASC_REQ_HTTP, &h, &o),
	    SEC_E_LOGON_DENIED);
	free(tok);
	delete_ctx(&h);
	dss_test_set_server_nonce(NULL, NULL);
	FreeCredentialsHandle(&scred);
}

/* ==== 13. captured real clients ========================================== */

typedef struct dss_peer_request peer_t;

static void test_server_peer(void **state)
{
	const peer_t *e = *state;
	int mhd = strcmp(e->server, "mhd") == 0, userhash = 0;
	/* xfail captures: curl computed SHA-512-256 with SHA-256 */
	SECURITY_STATUS want = e->matches ? SEC_E_OK : SEC_E_LOGON_DENIED;
	CredHandle scred;
	CtxtHandle h;
	struct sout o;
	char *algs = apitest_strdup(""), *next;
	const peer_t *f;
	size_t i;

	assert_non_null(e->realm);
	assert_string_equal(e->realm, REALM);
	if (!e->matches)
		assert_string_equal(e->outcome, "xfail");
	for (i = 0; i < e->challenge_count; i++) {
		char *a = apitest_challenge_param(e->challenge[i], "algorithm");
		char *uh = apitest_challenge_param(e->challenge[i], "userhash");

		next = apitest_format("%s%s%s", algs, i > 0 ? "," : "",
		    a != NULL ? a : "MD5");
		free(algs);
		algs = next;
		if (uh != NULL && strcasecmp(uh, "true") == 0)
			userhash = 1;
		free(a);
		free(uh);
	}
	acquire(&scred, SECPKG_CRED_INBOUND, e->user, e->user_len, REALM,
	    e->password);
	set_algorithms(&scred, algs);
	free(algs);
	if (userhash)
		set_server(&scred, DIGESTSSP_SERVER_USERHASH, 0, NULL, 0);
	dss_test_set_server_nonce(e->nonce, mhd ? e->opaque : NULL);
	injected_challenge(&scred, &h, e->nonce, mhd ? e->opaque : NULL);

	assert_status(accept_token(&scred, &h, e->authorization,
	    strlen(e->authorization), e->method, e->uri, ASC_REQ_HTTP, &h, &o),
	    want);
	if (want == SEC_E_OK) {
		char *user = apitest_dup(e->user, e->user_len);

		check_names(&h, REALM, user);
		free(user);
		/* the capture's server sent the same rspauth */
		if (e->authentication_info != NULL) {
			char *theirs = param(e->authentication_info, "rspauth");
			char *ours = param(o.buf, "rspauth");

			assert_string_equal(ours, theirs);
			free(theirs);
			free(ours);
		}
		/* the block's later requests on the same nonce */
		for (f = e + 1;
		    f < dss_peer_requests + DSS_PEER_REQUEST_COUNT &&
		    f->block_index == e->block_index &&
		    strcmp(f->nonce_source, "reuse") == 0; f++) {
			struct sreq r;

			assert_string_equal(f->nonce, e->nonce);
			sreq_init(&r, f->authorization,
			    strlen(f->authorization), f->method, f->uri);
			if (mhd)
				server_later(&scred, &r, 0, SEC_E_OK);
			else
				assert_status(CompleteAuthToken(&h, &r.desc),
				    SEC_E_OK);
			sreq_free(&r);
		}
	}
	delete_ctx(&h);
	dss_test_set_server_nonce(NULL, NULL);
	FreeCredentialsHandle(&scred);
}

/* ==== 14. threads ======================================================== */

#define THREADS 8
#define ROUNDS 100
#define LATER_REQUESTS 5

struct worker {
	pthread_t tid;
	int id;
	CredHandle *scred;
	int failures;
	char msg[512];
};

static void wfail(struct worker *w, const char *what, SECURITY_STATUS got,
    SECURITY_STATUS want, int round)
{
	if (w->failures++ == 0)
		snprintf(w->msg, sizeof(w->msg),
		    "round %d: %s returned 0x%08x, expected 0x%08x", round,
		    what, (unsigned)(uint32_t)got, (unsigned)(uint32_t)want);
}

#define W_EXPECT(w, round, call, want) do { \
	SECURITY_STATUS w_st_ = (call); \
	if (w_st_ != (want)) { \
		wfail((w), #call, w_st_, (want), (round)); \
		goto stop; \
	} \
} while (0)

/* Thread-side request: fixed arrays, no cmocka calls. */
struct wreq {
	SecBuffer b[6];
	SecBufferDesc desc;
	char tok[TOKEN_MAX + 1];
	char method[4];
	char target[64];
};

static void wreq_init(struct wreq *r, const char *tok, size_t n,
    const char *uri)
{
	memcpy(r->tok, tok, n);
	r->tok[n] = '\0';
	memcpy(r->method, "GET", 4);
	snprintf(r->target, sizeof(r->target), "%s", uri);
	apitest_set_buffer(&r->b[0], SECBUFFER_TOKEN, r->tok, n);
	apitest_set_buffer(&r->b[1], SECBUFFER_PKG_PARAMS, r->method, 3);
	apitest_set_buffer(&r->b[2], SECBUFFER_PKG_PARAMS, r->target,
	    strlen(r->target));
	apitest_set_buffer(&r->b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[5], SECBUFFER_EMPTY, NULL, 0);
	r->desc.ulVersion = SECBUFFER_VERSION;
	r->desc.cBuffers = 6;
	r->desc.pBuffers = r->b;
}

struct wbuf {
	struct wreq req;
	char out[TOKEN_MAX];
	char tok[TOKEN_MAX];
};

static SECURITY_STATUS w_asc(struct worker *w, struct wbuf *b,
    CtxtHandle *newh, ULONG *len)
{
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	apitest_set_buffer(&ob, SECBUFFER_TOKEN, b->out, sizeof(b->out));
	st = AcceptSecurityContext(w->scred, NULL, &b->req.desc, ASC_REQ_HTTP,
	    0, newh, &od, &attr, NULL);
	*len = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS w_isc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, ULONG in_len, char *uri, ULONG flags,
    char *out, ULONG *len)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char tok[TOKEN_MAX + 1], method[] = "GET";
	ULONG attr = 0;
	SECURITY_STATUS st;

	memcpy(tok, in, in_len);
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, in_len);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	st = InitializeSecurityContextA(cred, ctx, uri, flags, 0, 0, &id, 0,
	    newh, &od, &attr, NULL);
	*len = ob.cbBuffer;
	if (st == SEC_E_OK && (flags & ISC_REQ_MUTUAL_AUTH) &&
	    !(attr & ISC_RET_MUTUAL_AUTH))
		return SEC_E_INTERNAL_ERROR;
	return st;
}

static SECURITY_STATUS w_sign(CtxtHandle *ctx, char *uri, char *out,
    ULONG *len)
{
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char method[] = "GET";
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	st = MakeSignature(ctx, 0, &desc, 0);
	*len = b[4].cbBuffer;
	return st;
}

/*
 * One login from a worker thread: the server's challenge (*h0), the
 * client's answer (*cctx) and the server's check of it (*h1), with
 * b->out holding the server's Authentication-Info (*len bytes). False
 * after a wfail().
 */
static bool w_login(struct worker *w, int round, struct wbuf *b,
    CredHandle *ccred, char *uri, CtxtHandle *h0, CtxtHandle *h1,
    CtxtHandle *cctx, ULONG *len)
{
	ULONG tlen;

	wreq_init(&b->req, "", 0, uri);
	W_EXPECT(w, round, w_asc(w, b, h0, len), SEC_I_CONTINUE_NEEDED);
	W_EXPECT(w, round, w_isc(ccred, NULL, cctx, b->out, *len, uri,
	    HTTP_STYLE, b->tok, &tlen), SEC_E_OK);
	wreq_init(&b->req, b->tok, tlen, uri);
	W_EXPECT(w, round, w_asc(w, b, h1, len), SEC_E_OK);
	return true;
stop:
	return false;
}

/* The three handles of a w_login(), deleted. False after a wfail(). */
static bool w_logout(struct worker *w, int round, CtxtHandle *h0,
    CtxtHandle *h1, CtxtHandle *cctx)
{
	W_EXPECT(w, round, DeleteSecurityContext(h0), SEC_E_OK);
	W_EXPECT(w, round, DeleteSecurityContext(h1), SEC_E_OK);
	W_EXPECT(w, round, DeleteSecurityContext(cctx), SEC_E_OK);
	return true;
stop:
	return false;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct wbuf *b = malloc(sizeof(*b));
	CredHandle ccred;
	SEC_WINNT_AUTH_IDENTITY_A id;
	char user[] = USER, domain[] = REALM, pw[] = PASSWORD;
	char algs[] = "MD5";
	SecPkgCredentials_DigestAlgorithmsA a = { algs };
	int round = -1, k;

	if (b == NULL) {
		wfail(w, "malloc", 0, 0, 0);
		return NULL;
	}
	memset(&id, 0, sizeof(id));
	id.User = (unsigned char *)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)domain;
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)pw;
	id.PasswordLength = (ULONG)strlen(pw);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	W_EXPECT(w, round, AcquireCredentialsHandleA(NULL, pkg,
	    SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &ccred, NULL),
	    SEC_E_OK);
	/* odd threads answer MD5, even ones the strongest (SHA-256) */
	if (w->id % 2 == 1)
		W_EXPECT(w, round, SetCredentialsAttributesA(&ccred,
		    DIGESTSSP_CRED_ATTR_ALGORITHMS, &a, sizeof(a)), SEC_E_OK);

	for (round = 0; round < ROUNDS; round++) {
		CtxtHandle h0, h1, h2, cctx;
		char uri[64];
		ULONG len, tlen;

		snprintf(uri, sizeof(uri), "/t/%d/%d?q=%d", w->id, round,
		    round * 7);
		if (!w_login(w, round, b, &ccred, uri, &h0, &h1, &cctx, &len))
			goto stop;
		W_EXPECT(w, round, w_isc(NULL, &cctx, &cctx, b->out, len, uri,
		    HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, b->tok, &tlen),
		    SEC_E_OK);
		for (k = 0; k < LATER_REQUESTS; k++) {
			ULONG qop = 1;

			W_EXPECT(w, round, w_sign(&cctx, uri, b->tok, &tlen),
			    SEC_E_OK);
			wreq_init(&b->req, b->tok, tlen, uri);
			W_EXPECT(w, round, w_asc(w, b, &h2, &len),
			    SEC_I_COMPLETE_NEEDED);
			if ((w->id + k) % 2 == 0)
				W_EXPECT(w, round, CompleteAuthToken(&h2,
				    &b->req.desc), SEC_E_OK);
			else
				W_EXPECT(w, round, VerifySignature(&h2,
				    &b->req.desc, 0, &qop), SEC_E_OK);
			W_EXPECT(w, round, DeleteSecurityContext(&h2),
			    SEC_E_OK);
		}
		if (!w_logout(w, round, &h0, &h1, &cctx))
			goto stop;
	}
	W_EXPECT(w, round, FreeCredentialsHandle(&ccred), SEC_E_OK);
stop:
	free(b);
	return NULL;
}

static void test_threads(void **state)
{
	struct worker w[THREADS];
	CredHandle scred;
	int i;

	(void)state;
	server_cred(&scred, "SHA-256,MD5", 0);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].scred = &scred;
		assert_int_equal(pthread_create(&w[i].tid, NULL, worker_main,
		    &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
	for (i = 0; i < THREADS; i++)
		if (w[i].failures != 0)
			fail_msg("thread %d: %d failure(s), first: %s", i,
			    w[i].failures, w[i].msg);
	assert_status(FreeCredentialsHandle(&scred), SEC_E_OK);
}

/*
 * The same while another thread keeps setting the credential's server
 * attributes to the values they already have: each set publishes a new
 * settings block that running calls read without a lock (TSan: the
 * publication must be race-free; the workers must see no difference).
 */
struct setter {
	CredHandle *scred;
	int stop; /* under lock */
	pthread_mutex_t lock;
	int failures;
};

static void *setter_main(void *arg)
{
	struct setter *t = arg;
	SecPkgCredentials_DigestAlgorithmsA a;
	SecPkgCredentials_DigestServer d;
	SecPkgCredentials_DigestRealmA r;
	char algs[] = "SHA-256,MD5", realm[] = REALM;
	int i, stop = 0;

	memset(&d, 0, sizeof(d));
	a.sAlgorithms = algs;
	r.sRealm = realm;
	for (i = 0; !stop && i < 5000; i++) {
		SECURITY_STATUS st = SetCredentialsAttributesA(t->scred,
		    i % 3 == 0 ? DIGESTSSP_CRED_ATTR_ALGORITHMS :
		    i % 3 == 1 ? DIGESTSSP_CRED_ATTR_SERVER :
		    DIGESTSSP_CRED_ATTR_REALM,
		    i % 3 == 0 ? (void *)&a : i % 3 == 1 ? (void *)&d :
		    (void *)&r, i % 3 == 0 ? sizeof(a) : i % 3 == 1 ?
		    sizeof(d) : sizeof(r));

		pthread_mutex_lock(&t->lock);
		if (st != SEC_E_OK)
			t->failures++;
		stop = t->stop;
		pthread_mutex_unlock(&t->lock);
	}
	return NULL;
}

static void test_threads_settings(void **state)
{
	struct worker w[THREADS];
	struct setter set;
	pthread_t st;
	CredHandle scred;
	int i;

	(void)state;
	server_cred(&scred, "SHA-256,MD5", 0);
	memset(&set, 0, sizeof(set));
	set.scred = &scred;
	pthread_mutex_init(&set.lock, NULL);
	assert_int_equal(pthread_create(&st, NULL, setter_main, &set), 0);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].scred = &scred;
		assert_int_equal(pthread_create(&w[i].tid, NULL, worker_main,
		    &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
	pthread_mutex_lock(&set.lock);
	set.stop = 1;
	pthread_mutex_unlock(&set.lock);
	assert_int_equal(pthread_join(st, NULL), 0);
	pthread_mutex_destroy(&set.lock);
	assert_int_equal(set.failures, 0);
	for (i = 0; i < THREADS; i++)
		if (w[i].failures != 0)
			fail_msg("thread %d: %d failure(s), first: %s", i,
			    w[i].failures, w[i].msg);
	assert_status(FreeCredentialsHandle(&scred), SEC_E_OK);
}

/*
 * Threads sharing one client credential answer servers of six realms
 * (DIGESTSSP_CRED_FLAG_CHALLENGE_REALM): they race to fill the
 * credential's four H(A1) slots (cred.c dss_cred_ha1_base) and read
 * them while others write (TSan: claim, write and publish must be
 * race-free); every answer must be accepted.
 */
#define MEMO_REALMS 6
#define MEMO_ROUNDS 40

struct memo_worker {
	struct worker w;
	CredHandle *ccred;
	CredHandle *servers;
};

static void *memo_worker_main(void *arg)
{
	struct memo_worker *m = arg;
	struct worker *w = &m->w;
	struct wbuf *b = malloc(sizeof(*b));
	int round = -1;

	if (b == NULL) {
		wfail(w, "malloc", 0, 0, 0);
		return NULL;
	}
	for (round = 0; round < MEMO_ROUNDS; round++) {
		CtxtHandle h0, h1, cctx;
		char uri[] = "/memo";
		ULONG len;

		w->scred = &m->servers[(w->id + round) % MEMO_REALMS];
		if (!w_login(w, round, b, m->ccred, uri, &h0, &h1, &cctx,
		    &len))
			goto stop;
		if (!w_logout(w, round, &h0, &h1, &cctx))
			goto stop;
	}
stop:
	free(b);
	return NULL;
}

static void test_threads_client_realms(void **state)
{
	SecPkgCredentials_DigestFlags fl = {
		DIGESTSSP_CRED_FLAG_CHALLENGE_REALM
	};
	struct memo_worker m[THREADS];
	CredHandle servers[MEMO_REALMS], ccred;
	int i;

	(void)state;
	for (i = 0; i < MEMO_REALMS; i++) {
		char realm[32];

		snprintf(realm, sizeof(realm), "realm%d@example.org", i);
		acquire(&servers[i], SECPKG_CRED_INBOUND, USER, strlen(USER),
		    realm, PASSWORD);
		set_algorithms(&servers[i], i % 2 ? "SHA-256" : "MD5");
	}
	acquire(&ccred, SECPKG_CRED_OUTBOUND, USER, strlen(USER), "",
	    PASSWORD);
	assert_status(SetCredentialsAttributesA(&ccred,
	    DIGESTSSP_CRED_ATTR_FLAGS, &fl, sizeof(fl)), SEC_E_OK);
	for (i = 0; i < THREADS; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].w.id = i;
		m[i].ccred = &ccred;
		m[i].servers = servers;
		assert_int_equal(pthread_create(&m[i].w.tid, NULL,
		    memo_worker_main, &m[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(m[i].w.tid, NULL), 0);
	for (i = 0; i < THREADS; i++)
		if (m[i].w.failures != 0)
			fail_msg("thread %d: %d failure(s), first: %s", i,
			    m[i].w.failures, m[i].w.msg);
	assert_status(FreeCredentialsHandle(&ccred), SEC_E_OK);
	for (i = 0; i < MEMO_REALMS; i++)
		assert_status(FreeCredentialsHandle(&servers[i]), SEC_E_OK);
}

/* ==== 15. allocation failures ============================================ */

#define MAX_ALLOCS 200

static void test_alloc_failures(void **state)
{
	CredHandle scred, ccred;
	CtxtHandle h0, h1, hx, cctx;
	struct cout t, s;
	struct sout chal, o;
	struct sreq r;
	SECURITY_STATUS st;
	long n;

	(void)state;
	server_cred(&scred, "SHA-256", 0);
	client_cred(&ccred, USER, PASSWORD);

	/* the challenge */
	sreq_init(&r, NULL, 0, "GET", URI);
	for (n = 1; n < MAX_ALLOCS; n++) {
		SecInvalidateHandle(&hx);
		dss_test_fail_alloc(n);
		st = asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o);
		dss_test_fail_alloc(0);
		if (st == SEC_I_CONTINUE_NEEDED)
			break;
		assert_status(st, SEC_E_INSUFFICIENT_MEMORY);
		assert_false(SecIsValidHandle(&hx));
	}
	assert_true(n < MAX_ALLOCS);
	delete_ctx(&hx);
	sreq_free(&r);

	/* the first response: a failure consumes nothing */
	for (n = 1; n < MAX_ALLOCS; n++) {
		challenge(&scred, &h0, ASC_REQ_HTTP, &chal);
		client_answer(&ccred, &cctx, chal.buf, URI, &t);
		sreq_init(&r, t.buf, t.len, "GET", URI);
		SecInvalidateHandle(&h1);
		dss_test_fail_alloc(n);
		st = asc(&scred, NULL, &r, ASC_REQ_HTTP, &h1, &o);
		dss_test_fail_alloc(0);
		if (st == SEC_E_OK) {
			sreq_free(&r);
			delete_ctx(&h0);
			delete_ctx(&h1);
			break;
		}
		if (st != SEC_E_INSUFFICIENT_MEMORY)
			fail_msg("allocation %ld failed: 0x%08x", n,
			    (unsigned)(uint32_t)st);
		assert_false(SecIsValidHandle(&h1));
		st = asc(&scred, NULL, &r, ASC_REQ_HTTP, &h1, &o);
		if (st != SEC_E_OK)
			fail_msg("allocation %ld failed; the retry returned "
			    "0x%08x, expected SEC_E_OK", n,
			    (unsigned)(uint32_t)st);
		sreq_free(&r);
		delete_ctx(&h0);
		delete_ctx(&h1);
		delete_ctx(&cctx);
	}
	assert_true(n < MAX_ALLOCS);

	/* a later request */
	for (n = 1; n < MAX_ALLOCS; n++) {
		assert_status(sign(&cctx, "GET", URI, NULL, 0, &s), SEC_E_OK);
		sreq_init(&r, s.buf, s.len, "GET", URI);
		SecInvalidateHandle(&hx);
		dss_test_fail_alloc(n);
		st = asc(&scred, NULL, &r, ASC_REQ_HTTP, &hx, &o);
		dss_test_fail_alloc(0);
		if (st == SEC_I_COMPLETE_NEEDED) {
			dss_test_fail_alloc(1);
			st = CompleteAuthToken(&hx, &r.desc);
			dss_test_fail_alloc(0);
			if (st != SEC_E_OK) {
				assert_status(st, SEC_E_INSUFFICIENT_MEMORY);
				assert_status(CompleteAuthToken(&hx, &r.desc),
				    SEC_E_OK);
			}
			sreq_free(&r);
			delete_ctx(&hx);
			break;
		}
		assert_status(st, SEC_E_INSUFFICIENT_MEMORY);
		assert_false(SecIsValidHandle(&hx));
		server_later(&scred, &r, 0, SEC_E_OK);
		sreq_free(&r);
	}
	assert_true(n < MAX_ALLOCS);

	delete_ctx(&cctx);
	FreeCredentialsHandle(&ccred);
	FreeCredentialsHandle(&scred);
}

/* ==== the list =========================================================== */

static int reset_hooks(void **state)
{
	(void)state;
	dss_test_set_time(0);
	dss_test_set_cnonce(NULL);
	dss_test_set_server_nonce(NULL, NULL);
	dss_test_fail_alloc(0);
	return 0;
}

static const char *const round_trip_algs[] = {
	"MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256",
	"SHA-512-256-sess",
};

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test_teardown(test_replay_same_authorization, reset_hooks),
	cmocka_unit_test_teardown(test_replay_window, reset_hooks),
	cmocka_unit_test_teardown(test_replay_strict_nc, reset_hooks),
	cmocka_unit_test_teardown(test_replay_after_eviction, reset_hooks),
	cmocka_unit_test_teardown(test_altered_response, reset_hooks),
	cmocka_unit_test_teardown(test_complete_checks_its_token, reset_hooks),
	cmocka_unit_test_teardown(test_complete_reads_its_value,
	    reset_hooks),
	cmocka_unit_test_teardown(test_later_found_by_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_later_by_shape, reset_hooks),
	cmocka_unit_test_teardown(test_other_user_on_session, reset_hooks),
	cmocka_unit_test_teardown(test_wrong_password, reset_hooks),
	cmocka_unit_test_teardown(test_three_failures_handle, reset_hooks),
	cmocka_unit_test_teardown(test_three_failures_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_stale_default_handle, reset_hooks),
	cmocka_unit_test_teardown(test_stale_default_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_stale_short_handle, reset_hooks),
	cmocka_unit_test_teardown(test_stale_short_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_stale_boundary, reset_hooks),
	cmocka_unit_test_teardown(test_stale_wrong_password, reset_hooks),
	cmocka_unit_test_teardown(test_stale_then_other_traffic, reset_hooks),
	cmocka_unit_test_teardown(test_nextnonce, reset_hooks),
	cmocka_unit_test(test_client_realms),
	cmocka_unit_test_teardown(test_rechallenge_on_handle, reset_hooks),
	cmocka_unit_test_teardown(test_challenged_handle, reset_hooks),
	cmocka_unit_test_teardown(test_forged_nonce, reset_hooks),
	cmocka_unit_test_teardown(test_foreign_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_future_nonce, reset_hooks),
	cmocka_unit_test_teardown(test_cluster_shared_secret, reset_hooks),
	cmocka_unit_test_teardown(test_cluster_different_secret, reset_hooks),
	cmocka_unit_test_teardown(test_cluster_other_realm, reset_hooks),
	cmocka_unit_test_teardown(test_nonce_bound_on_session, reset_hooks),
	cmocka_unit_test_teardown(test_uri_query_mismatch, reset_hooks),
	cmocka_unit_test_teardown(test_uri_path_only_default, reset_hooks),
	cmocka_unit_test_teardown(test_uri_path_only_allowed, reset_hooks),
	cmocka_unit_test_teardown(test_userhash_identity, reset_hooks),
	cmocka_unit_test_teardown(test_userhash_not_offered, reset_hooks),
	cmocka_unit_test_teardown(test_utf8_user, reset_hooks),
	cmocka_unit_test_teardown(test_auth_int_flag, reset_hooks),
	cmocka_unit_test_teardown(test_auth_int_req_integrity, reset_hooks),
	cmocka_unit_test_teardown(test_integrity_refuses_auth, reset_hooks),
	cmocka_unit_test_teardown(test_auth_and_auth_int, reset_hooks),
	cmocka_unit_test_teardown(test_several_algorithms, reset_hooks),
	cmocka_unit_test_teardown(test_callback_ha1, reset_hooks),
	cmocka_unit_test_teardown(test_callback_password, reset_hooks),
	cmocka_unit_test_teardown(test_callback_userhash, reset_hooks),
	cmocka_unit_test_teardown(test_no_password_source, reset_hooks),
	cmocka_unit_test_teardown(test_user_file, reset_hooks),
	cmocka_unit_test_teardown(test_user_file_missing, reset_hooks),
	cmocka_unit_test_teardown(test_bad_handles, reset_hooks),
	cmocka_unit_test_teardown(test_bad_descriptors, reset_hooks),
	cmocka_unit_test_teardown(test_too_small_challenge, reset_hooks),
	cmocka_unit_test_teardown(test_too_small_info_opaque, reset_hooks),
	cmocka_unit_test_teardown(test_too_small_info_handle, reset_hooks),
	cmocka_unit_test_teardown(test_too_small_stale, reset_hooks),
	cmocka_unit_test_teardown(test_too_small_rechallenge, reset_hooks),
	cmocka_unit_test_teardown(test_allocate_memory, reset_hooks),
	cmocka_unit_test_teardown(test_malformed_credentials, reset_hooks),
	cmocka_unit_test_teardown(test_realm_slot_ascii, reset_hooks),
	cmocka_unit_test_teardown(test_realm_slot_utf16, reset_hooks),
	cmocka_unit_test_teardown(test_realm_slot_utf16_terminated,
	    reset_hooks),
	cmocka_unit_test_teardown(test_realm_attribute, reset_hooks),
	cmocka_unit_test_teardown(test_threads, reset_hooks),
	cmocka_unit_test_teardown(test_threads_settings, reset_hooks),
	cmocka_unit_test(test_threads_client_realms),
	cmocka_unit_test_teardown(test_alloc_failures, reset_hooks),
};

#define N_ROUND_TRIPS (sizeof(round_trip_algs) / sizeof(round_trip_algs[0]))
#define N_FIXED (sizeof(fixed_tests) / sizeof(fixed_tests[0]))
#define N_MAX (N_ROUND_TRIPS + N_FIXED + DSS_VEC_HTTP_DIGEST_COUNT + \
    DSS_PEER_REQUEST_COUNT)

static void add(struct CMUnitTest *tests, char **names, size_t *n,
    char *name, CMUnitTestFunction fn, const void *arg)
{
	names[*n] = name;
	memset(&tests[*n], 0, sizeof(tests[*n]));
	tests[*n].name = name;
	tests[*n].test_func = fn;
	tests[*n].teardown_func = reset_hooks;
	tests[*n].initial_state = (void *)(uintptr_t)arg;
	(*n)++;
}

int main(void)
{
	struct CMUnitTest tests[N_MAX];
	char *names[N_MAX];
	size_t n = 0, i, nvec = 0, npeer = 0;
	int rc;

	for (i = 0; i < N_ROUND_TRIPS; i++)
		add(tests, names, &n, apitest_format("roundtrip:%s",
		    round_trip_algs[i]), test_roundtrip, round_trip_algs[i]);
	for (i = 0; i < N_FIXED; i++) {
		names[n] = NULL;
		tests[n++] = fixed_tests[i];
	}
	for (i = 0; i < DSS_VEC_HTTP_DIGEST_COUNT; i++) {
		const vector_t *v = &dss_vec_http_digest[i];

		if (strcmp(v->origin, "official-misprint") == 0) {
			add(tests, names, &n,
			    apitest_format("vector:%s", v->id),
			    test_server_misprint, v);
			nvec++;
		} else if (v->headers.authorization != NULL) {
			add(tests, names, &n,
			    apitest_format("vector:%s", v->id),
			    test_server_vector, v);
			nvec++;
		}
	}
	for (i = 0; i < DSS_PEER_REQUEST_COUNT; i++) {
		const peer_t *e = &dss_peer_requests[i];
		int first = e->request_index == 0;
		int stale = e->challenge_stale &&
		    strcmp(e->nonce_source, "challenge") == 0;

		if (!first && !stale)
			continue;
		add(tests, names, &n, apitest_format("peer:%s #%u%s", e->title,
		    e->request_index + 1, stale ? " (stale)" : ""),
		    test_server_peer, e);
		npeer++;
	}
	if (nvec < 6 || npeer != DSS_PEER_BLOCK_COUNT + 4) {
		fprintf(stderr, "http_server: %zu vectors, %zu peer requests\n",
		    nvec, npeer);
		return 1;
	}
	rc = _cmocka_run_group_tests("http_server", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
