/*
 * test_limits.c - every limit of docs/LIMITS.md that is cheap to reach,
 * checked at its edge: the limit is accepted, one more is refused with
 * the exact status.
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspi/testhook.h"

#define TOKEN_MAX 4096
#define HTTP_STYLE ISC_REQ_USE_HTTP_STYLE
#define H_USER "Mufasa"
#define H_REALM "testrealm@host.com"
#define H_PW "Circle Of Life"
#define H_URI "/dir/index.html"
#define S_URI "imap/elwood.innosoft.com"
#define T0 ((int64_t)1700000000)

static char pkg[] = "WDigest";

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

/* HTTP ISC (slot 0 token, slot 1 method); new context deleted on success
   when ctx is NULL. */
static SECURITY_STATUS hisc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *in, size_t n, char *out, ULONG *out_len)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char *tok = apitest_dup(in, n), m[] = "GET", u[] = H_URI;
	char scratch[TOKEN_MAX + 1];
	ULONG attr;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tok, n);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out ? out : scratch,
	    TOKEN_MAX);
	st = InitializeSecurityContextA(cred, ctx, u, HTTP_STYLE, 0, 0, &id,
	    0, newh, &od, &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	free(tok);
	return st;
}

/* First HTTP ISC on `in`; the context is deleted again. */
static SECURITY_STATUS http_first(CredHandle *cred, const char *in, size_t n)
{
	CtxtHandle h;
	SECURITY_STATUS st = hisc(cred, NULL, &h, in, n, NULL, NULL);

	if (SEC_SUCCESS(st))
		assert_status(DeleteSecurityContext(&h), SEC_E_OK);
	return st;
}

/* HTTP ASC: 0 token, 1 method, 2 target, 3 H(entity), 4 realm, 5 CB. */
static SECURITY_STATUS hasc_d(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *tok, size_t n, char *out, ULONG *out_len,
    SecBufferDesc *keep)
{
	static SecBuffer b[6];
	static char m[] = "GET", t[] = H_URI;
	char *tk = tok != NULL ? apitest_dup(tok, n) : NULL;
	char scratch[TOKEN_MAX + 1];
	SecBufferDesc d = { SECBUFFER_VERSION, 6, b };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out ? out : scratch };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, tk, tok ? n : 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, t, strlen(t));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[5], SECBUFFER_EMPTY, NULL, 0);
	st = AcceptSecurityContext(cred, ctx, &d, ASC_REQ_HTTP, 0, newh, &od,
	    &attr, NULL);
	if (out_len != NULL)
		*out_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (out != NULL)
		out[SEC_SUCCESS(st) ? ob.cbBuffer : 0] = '\0';
	if (keep != NULL && st == SEC_I_COMPLETE_NEEDED) {
		*keep = d;
		st = CompleteAuthToken(newh, keep);
		assert_status(DeleteSecurityContext(newh), SEC_E_OK);
	}
	free(tk);
	return st;
}

static SECURITY_STATUS hasc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newh, const char *tok, size_t n, char *out, ULONG *out_len)
{
	return hasc_d(cred, ctx, newh, tok, n, out, out_len, NULL);
}

/* A later request: ASC (phContext NULL) then CompleteAuthToken. */
static SECURITY_STATUS later(CredHandle *scred, const char *tok, size_t n)
{
	SecBufferDesc d;
	CtxtHandle h;

	return hasc_d(scred, NULL, &h, tok, n, NULL, NULL, &d);
}

static SECURITY_STATUS hsign(CtxtHandle *c, char *out, ULONG *out_len)
{
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	char m[] = "GET", u[] = H_URI;
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	st = MakeSignature(c, 0, &d, 0);
	*out_len = st == SEC_E_OK ? b[4].cbBuffer : 0;
	out[*out_len] = '\0';
	return st;
}

/* A challenge of exactly n bytes: realm, nonce, then x="ppp...". */
static char *padded_challenge(size_t n)
{
	static const char head[] = "realm=\"r\", nonce=\"abc\", x=\"";
	char *t = malloc(n + 1);

	assert_non_null(t);
	assert_true(n > sizeof(head));
	memcpy(t, head, sizeof(head) - 1);
	memset(t + sizeof(head) - 1, 'p', n - sizeof(head));
	t[n - 1] = '"';
	t[n] = '\0';
	return t;
}

/* 1. DSS_MAX_INPUT_TOKEN: 65536 bytes accepted, 65537 refused. */
static void test_input_token(void **state)
{
	CredHandle c;
	char *t;

	(void)state;
	acquire(&c, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	t = padded_challenge(65536);
	assert_status(http_first(&c, t, 65536), SEC_E_OK);
	free(t);
	t = padded_challenge(65537);
	assert_status(http_first(&c, t, 65537), SEC_E_INVALID_TOKEN);
	free(t);
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
}

/* A challenge with `extra` unknown parameters after realm and nonce. */
static char *many_params(unsigned extra)
{
	char *t = apitest_strdup("realm=\"r\", nonce=\"abc\""), *n;
	unsigned i;

	for (i = 0; i < extra; i++) {
		n = apitest_format("%s, x%u=1", t, i);
		free(t);
		t = n;
	}
	return t;
}

/* 2. HTTP client MAX_ITEMS: 256 items (parameters, schemes, token68s,
   the end of the token counted as one). */
static void test_http_items(void **state)
{
	CredHandle c;
	char *t;

	(void)state;
	acquire(&c, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	t = many_params(255 - 2);       /* 255 parameters + end = 256 */
	assert_status(http_first(&c, t, strlen(t)), SEC_E_OK);
	free(t);
	t = many_params(256 - 2);       /* 256 parameters + end = 257 */
	assert_status(http_first(&c, t, strlen(t)), SEC_E_INVALID_TOKEN);
	free(t);
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
}

/* `n` challenges: the first without its scheme word (as curl passes it),
   then n - 1 more "Digest ..." ones. */
static char *many_challenges(unsigned n)
{
	char *t = apitest_strdup(""), *x;
	unsigned i;

	for (i = 0; i < n; i++) {
		x = apitest_format("%s%srealm=\"r\", nonce=\"n%u\"", t,
		    i ? ", Digest " : "", i);
		free(t);
		t = x;
	}
	return t;
}

/* 3. HTTP client MAX_CHALLENGES: 32 challenges in one token (the first
   one, whose scheme word the caller took off, included). */
static void test_http_challenges(void **state)
{
	CredHandle c;
	char *t;

	(void)state;
	acquire(&c, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	t = many_challenges(32);
	assert_status(http_first(&c, t, strlen(t)), SEC_E_OK);
	free(t);
	t = many_challenges(33);
	assert_status(http_first(&c, t, strlen(t)), SEC_E_INVALID_TOKEN);
	free(t);
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
}

/* One server challenge and our client's answer; returns the session. */
static void http_pair(CredHandle *sc, CredHandle *cc, CtxtHandle *s,
    CtxtHandle *c, char *resp, ULONG *resp_len)
{
	char chal[TOKEN_MAX + 1];
	ULONG n;

	assert_status(hasc(sc, NULL, s, NULL, 0, chal, &n),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(hisc(cc, NULL, c, chal, n, resp, resp_len), SEC_E_OK);
}

/* Count the directives of a response (commas outside quotes + 1). */
static unsigned count_directives(const char *t)
{
	unsigned n = 1;
	int q = 0;

	for (; *t; t++) {
		if (*t == '\\' && q && t[1]) {
			t++;
			continue;
		}
		if (*t == '"')
			q = !q;
		else if (*t == ',' && !q)
			n++;
	}
	return n;
}

/* 4. HTTP server MAX_ITEMS: 64 directives in one Authorization value. */
static void test_server_directives(void **state)
{
	CredHandle sc, cc;
	int extra;

	(void)state;
	acquire(&sc, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM, H_PW);
	acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	for (extra = 0; extra < 2; extra++) {
		CtxtHandle s, c;
		char resp[TOKEN_MAX + 1], *t, *x;
		ULONG n;
		unsigned k, have;

		http_pair(&sc, &cc, &s, &c, resp, &n);
		have = count_directives(resp);
		assert_true(have < 64);
		t = apitest_strdup(resp);
		for (k = have; k < 64u + (unsigned)extra; k++) {
			x = apitest_format("%s, x%u=1", t, k);
			free(t);
			t = x;
		}
		assert_status(hasc(&sc, &s, &s, t, strlen(t), NULL, NULL),
		    extra ? SEC_E_INVALID_TOKEN : SEC_E_OK);
		free(t);
		assert_status(DeleteSecurityContext(&s), SEC_E_OK);
		assert_status(DeleteSecurityContext(&c), SEC_E_OK);
	}
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
}

/* SASL first ISC with a challenge; the context is deleted again. */
static SECURITY_STATUS sasl_first(CredHandle *cred, const char *in,
    size_t n)
{
	char *tok = apitest_dup(in, n), u[] = S_URI, out[TOKEN_MAX];
	SecBuffer ib = { (ULONG)n, SECBUFFER_TOKEN, tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	CtxtHandle h;
	ULONG attr;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(cred, NULL, u, 0, 0, 0, &id, 0, &h,
	    &od, &attr, NULL);
	if (SEC_SUCCESS(st))
		assert_status(DeleteSecurityContext(&h), SEC_E_OK);
	free(tok);
	return st;
}

/* 5. SASL: a challenge of up to 65536 bytes (DSS_SASL_MAX_INPUT; the
   2048 of DSS_SASL_CHALLENGE_MAX binds our server only); maxbuf range
   17 .. 2^24-1. */
static void test_sasl_client(void **state)
{
	static const char head[] = "nonce=\"abc\",algorithm=md5-sess,x=\"";
	CredHandle c;
	char *t = malloc(65538);
	size_t n;

	(void)state;
	assert_non_null(t);
	acquire(&c, SECPKG_CRED_OUTBOUND, NULL, "chris", "", "secret");
	for (n = 65536; n <= 65537; n++) {
		memcpy(t, head, sizeof(head) - 1);
		memset(t + sizeof(head) - 1, 'p', n - sizeof(head));
		t[n - 1] = '"';
		assert_status(sasl_first(&c, t, n), n == 65536 ?
		    SEC_I_CONTINUE_NEEDED : SEC_E_INVALID_TOKEN);
	}
	free(t);
#define MB(v) "nonce=\"abc\",algorithm=md5-sess,maxbuf=" v
	assert_status(sasl_first(&c, MB("16"), strlen(MB("16"))),
	    SEC_E_INVALID_TOKEN);
	assert_status(sasl_first(&c, MB("17"), strlen(MB("17"))),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(sasl_first(&c, MB("16777215"), strlen(MB("16777215"))),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(sasl_first(&c, MB("16777216"), strlen(MB("16777216"))),
	    SEC_E_INVALID_TOKEN);
#undef MB
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
}

/* SASL server: first ASC (auth only); the challenge length in *len. */
static SECURITY_STATUS sasl_challenge(const char *realm, ULONG *len)
{
	CredHandle c;
	CtxtHandle h;
	char out[TOKEN_MAX], tok[1] = { 0 };
	SecBuffer ib = { 0, SECBUFFER_TOKEN, tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	acquire(&c, SECPKG_CRED_INBOUND, "imap", "chris", realm, "secret");
	SecInvalidateHandle(&h);
	st = AcceptSecurityContext(&c, NULL, &id, 0, 0, &h, &od, &attr,
	    NULL);
	*len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	if (SEC_SUCCESS(st))
		assert_status(DeleteSecurityContext(&h), SEC_E_OK);
	else
		assert_false(SecIsValidHandle(&h));
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
	return st;
}

/* 5b. DSS_SASL_CHALLENGE_MAX: our SASL challenge stays below 2048 bytes;
   a realm that would make it longer is refused. */
static void test_sasl_challenge_max(void **state)
{
	ULONG n;
	size_t extra;
	char *realm;

	(void)state;
	assert_status(sasl_challenge("r", &n), SEC_I_CONTINUE_NEEDED);
	assert_true(n < 2048);
	extra = 2047 - n;               /* challenge of exactly 2047 bytes */
	realm = malloc(extra + 3);
	assert_non_null(realm);
	memset(realm, 'r', extra + 1);
	realm[extra + 1] = '\0';
	assert_status(sasl_challenge(realm, &n), SEC_I_CONTINUE_NEEDED);
	assert_int_equal(n, 2047);
	realm[extra + 1] = 'r';
	realm[extra + 2] = '\0';
	assert_status(sasl_challenge(realm, &n), SEC_E_INVALID_TOKEN);
	free(realm);
}

/* 6. Replay window (src/http/nonce.c): 64 nonce counts back from the
   highest accepted one. */
static void test_nc_window(void **state)
{
	static char toks[70][TOKEN_MAX + 1];
	ULONG lens[70];
	CredHandle sc, cc;
	CtxtHandle s, c;
	char resp[TOKEN_MAX + 1];
	ULONG n;
	int i;

	(void)state;
	acquire(&sc, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM, H_PW);
	acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	http_pair(&sc, &cc, &s, &c, resp, &n);
	assert_status(hasc(&sc, &s, &s, resp, n, NULL, NULL), SEC_E_OK);
	/* toks[i] carries nc = i (2 .. 67) */
	for (i = 2; i <= 67; i++)
		assert_status(hsign(&c, toks[i], &lens[i]), SEC_E_OK);
	assert_status(later(&sc, toks[67], lens[67]), SEC_E_OK);
	/* 67 - 3 = 64 back: outside; 67 - 4 = 63 back: inside */
	assert_status(later(&sc, toks[3], lens[3]), SEC_E_OUT_OF_SEQUENCE);
	assert_status(later(&sc, toks[4], lens[4]), SEC_E_OK);
	assert_status(later(&sc, toks[4], lens[4]), SEC_E_OUT_OF_SEQUENCE);
	assert_status(DeleteSecurityContext(&s), SEC_E_OK);
	assert_status(DeleteSecurityContext(&c), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
}

/* 7. Nonce lifetime default 300 s: a response at T0 + 300 is fresh, at
   T0 + 301 stale (a new challenge with stale=true). */
static void test_nonce_lifetime(void **state)
{
	int64_t dt;

	(void)state;
	for (dt = 300; dt <= 301; dt++) {
		CredHandle sc, cc;
		CtxtHandle s, c;
		char resp[TOKEN_MAX + 1], out[TOKEN_MAX + 1];
		ULONG n, on;

		acquire(&sc, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM,
		    H_PW);
		acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM,
		    H_PW);
		dss_test_set_time(T0);
		http_pair(&sc, &cc, &s, &c, resp, &n);
		dss_test_set_time(T0 + dt);
		assert_status(hasc(&sc, &s, &s, resp, n, out, &on),
		    dt == 300 ? SEC_E_OK : SEC_I_CONTINUE_NEEDED);
		if (dt == 301)
			assert_non_null(strstr(out, "stale=true"));
		dss_test_set_time(0);
		assert_status(DeleteSecurityContext(&s), SEC_E_OK);
		assert_status(DeleteSecurityContext(&c), SEC_E_OK);
		assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
		assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
	}
}

/* 8. Session cache (src/sspi/cred.c MAX_SESSIONS, src/sspi/session.c):
   10000 sessions, least recently used ones forgotten beyond that; but an
   ESTABLISHED session is pinned for the nonce lifetime (forgetting it
   would reopen a replay), so the cache holds at most 2 x 10000 sessions:
   the next challenge fails with SEC_E_INSUFFICIENT_MEMORY until the pins
   expire. (A CHALLENGED session is never pinned: the nonce is stateless
   and a forgotten session is rebuilt from a valid response.) */
static void test_session_cache(void **state)
{
	CredHandle sc, cc;
	CtxtHandle s, c, h;
	char resp[TOKEN_MAX + 1];
	ULONG n;
	int i;

	(void)state;
	acquire(&sc, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM, H_PW);
	acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PW);
	dss_test_set_time(T0);
	for (i = 0; i < 20000; i++) {
		http_pair(&sc, &cc, &s, &c, resp, &n);
		assert_status(hasc(&sc, &s, &s, resp, n, NULL, NULL),
		    SEC_E_OK);
		assert_status(DeleteSecurityContext(&s), SEC_E_OK);
		assert_status(DeleteSecurityContext(&c), SEC_E_OK);
	}
	SecInvalidateHandle(&h);
	assert_status(hasc(&sc, NULL, &h, NULL, 0, NULL, NULL),
	    SEC_E_INSUFFICIENT_MEMORY);
	assert_false(SecIsValidHandle(&h));
	/* the pins run out with the nonce lifetime (300 s) */
	dss_test_set_time(T0 + 301);
	assert_status(hasc(&sc, NULL, &h, NULL, 0, NULL, NULL),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(DeleteSecurityContext(&h), SEC_E_OK);
	dss_test_set_time(0);
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_token),
		cmocka_unit_test(test_http_items),
		cmocka_unit_test(test_http_challenges),
		cmocka_unit_test(test_server_directives),
		cmocka_unit_test(test_sasl_client),
		cmocka_unit_test(test_sasl_challenge_max),
		cmocka_unit_test(test_nc_window),
		cmocka_unit_test(test_nonce_lifetime),
		cmocka_unit_test(test_session_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
