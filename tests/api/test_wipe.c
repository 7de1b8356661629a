/*
 * test_wipe.c - no secret leaves the library in freed memory.
 *
 * dss_test_on_free() (src/base/mem.c, DSS_TESTING) reports every block
 * the library frees: dss_free_secret() after wiping (must be all zero),
 * dss_free() before freeing. Every block freed with dss_free() is
 * searched for the password, for the known H(A1) of the fixed vector
 * (hex and binary) and for the SASL H(user:realm:password); a hit is a
 * secret freed unwiped. Driven: HTTP client, HTTP server, SASL client
 * and server with auth-conf, then Delete/Free of everything.
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspi/testhook.h"

/*
 * A block freed with dss_free() is searched whole (malloc_usable_size),
 * also past the bytes the library wrote: under valgrind memcheck (make
 * test-valgrind) those are uninitialised, which is no error of the
 * library's, so the search first marks them defined.
 */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define SCANNABLE(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#endif
#endif
#ifndef SCANNABLE
#define SCANNABLE(p, n) ((void)0)
#endif

#define TOKEN_MAX 4096
#define REALM "http-auth@example.org"
#define USER "Mufasa"
#define PASSWORD "Circle of Life"
/* MD5("Mufasa:http-auth@example.org:Circle of Life") (RFC 7616 3.9.1) */
#define HA1_HEX "939e7578ed9e3c518a452acee763bce9"
#define URI "/dir/index.html"
#define SASL_USER "chris"
#define SASL_REALM "elwood.innosoft.com"
#define SASL_PW "Sasl-Pa55w0rd"
#define SASL_URI "imap/elwood.innosoft.com"

static char pkg[] = "WDigest";

/* ---- the free hook ----------------------------------------------------- */

#define MAX_HITS 64

struct needle {
	const char *what;
	unsigned char bytes[64];
	size_t n;
};

static struct needle needles[8];
static size_t nneedles;
static struct {
	const char *what;
	size_t size;
	int secret;
} hits[MAX_HITS];
static size_t nhits;
static long frees, secret_frees;

static void add_needle(const char *what, const void *p, size_t n)
{
	assert_true(nneedles < sizeof(needles) / sizeof(needles[0]));
	assert_true(n <= sizeof(needles[0].bytes));
	needles[nneedles].what = what;
	memcpy(needles[nneedles].bytes, p, n);
	needles[nneedles].n = n;
	nneedles++;
}

static void hit(const char *what, size_t size, int secret)
{
	if (nhits < MAX_HITS) {
		hits[nhits].what = what;
		hits[nhits].size = size;
		hits[nhits].secret = secret;
	}
	nhits++;
}

static void on_free(const void *p, size_t n, int secret)
{
	const unsigned char *b = p;
	size_t i;

	frees++;
	if (secret) {
		secret_frees++;
		for (i = 0; i < n; i++)
			if (b[i] != 0) {
				hit("dss_free_secret block not zero", n, 1);
				return;
			}
		return;
	}
	SCANNABLE(p, n);
	for (i = 0; i < nneedles; i++)
		if (memmem(p, n, needles[i].bytes, needles[i].n) != NULL)
			hit(needles[i].what, n, 0);
}

static void hex_to_bin(const char *hex, unsigned char *out)
{
	size_t i;

	for (i = 0; hex[2 * i] != '\0'; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static int setup(void **state)
{
	unsigned char bin[32];
	char hx[65];

	(void)state;
	nneedles = nhits = 0;
	frees = secret_frees = 0;
	add_needle("HTTP password", PASSWORD, strlen(PASSWORD));
	add_needle("HTTP H(A1) hex", HA1_HEX, 32);
	hex_to_bin(HA1_HEX, bin);
	add_needle("HTTP H(A1) binary", bin, 16);
	add_needle("SASL password", SASL_PW, strlen(SASL_PW));
	apitest_hash_hex("MD5", SASL_USER ":" SASL_REALM ":" SASL_PW,
	    strlen(SASL_USER ":" SASL_REALM ":" SASL_PW), hx);
	hex_to_bin(hx, bin);
	add_needle("SASL H(user:realm:password) binary", bin, 16);
	add_needle("SASL H(user:realm:password) hex", hx, 32);
	dss_test_on_free(on_free);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dss_test_on_free(NULL);
	return 0;
}

static void expect_no_hits(void)
{
	size_t i;

	dss_test_on_free(NULL);
	if (getenv("DSS_VERBOSE") != NULL)
		print_message("%ld frees, %ld of them dss_free_secret\n",
		    frees, secret_frees);
	for (i = 0; i < nhits && i < MAX_HITS; i++)
		print_error("secret freed unwiped: %s (block of %zu bytes)\n",
		    hits[i].what, hits[i].size);
	assert_true(frees > 0);
	assert_int_equal(nhits, 0);
}

/* ---- helpers ------------------------------------------------------------- */

static void acquire(CredHandle *c, ULONG use, const char *principal,
    const char *user, const char *domain, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	char *u = apitest_strdup(user), *d = apitest_strdup(domain);
	char *p = apitest_strdup(password);
	char *pr = principal != NULL ? apitest_strdup(principal) : NULL;

	id.User = (unsigned char *)u;
	id.UserLength = (ULONG)strlen(u);
	id.Domain = (unsigned char *)d;
	id.DomainLength = (ULONG)strlen(d);
	id.Password = (unsigned char *)p;
	id.PasswordLength = (ULONG)strlen(p);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	assert_status(AcquireCredentialsHandleA(pr, pkg, use, NULL, &id, NULL,
	    NULL, c, NULL), SEC_E_OK);
	free(u);
	free(d);
	free(p);
	free(pr);
}

struct sreq {
	SecBuffer b[6];
	SecBufferDesc d;
	char method[4], target[sizeof(URI)];
};

static void sreq(struct sreq *r, char *tok, ULONG len)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->method, "GET");
	strcpy(r->target, URI);
	apitest_set_buffer(&r->b[0], SECBUFFER_TOKEN, tok, len);
	apitest_set_buffer(&r->b[1], SECBUFFER_PKG_PARAMS, r->method, 3);
	apitest_set_buffer(&r->b[2], SECBUFFER_PKG_PARAMS, r->target,
	    strlen(URI));
	apitest_set_buffer(&r->b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&r->b[5], SECBUFFER_EMPTY, NULL, 0);
	r->d.ulVersion = SECBUFFER_VERSION;
	r->d.cBuffers = 6;
	r->d.pBuffers = r->b;
}

static SECURITY_STATUS asc_http(CredHandle *sc, struct sreq *r,
    CtxtHandle *newh, char *out)
{
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	st = AcceptSecurityContext(sc, NULL, &r->d, ASC_REQ_HTTP, 0, newh,
	    &od, &attr, NULL);
	if (SEC_SUCCESS(st))
		out[ob.cbBuffer] = '\0';
	return st;
}

/* HTTP client and server, one algorithm list. */
static void http_flow(const char *algs)
{
	CredHandle sc, cc;
	CtxtHandle h0, h1, h2, cctx;
	char *chal = malloc(TOKEN_MAX + 1), *tok = malloc(TOKEN_MAX + 1);
	char *out = malloc(TOKEN_MAX + 1), m[] = "GET", u[] = URI;
	SecPkgCredentials_DigestAlgorithmsA a;
	SecBuffer b[5], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char *as = apitest_strdup(algs);
	struct sreq r;
	ULONG attr;

	assert_true(chal && tok && out);
	acquire(&sc, SECPKG_CRED_INBOUND, NULL, USER, REALM, PASSWORD);
	a.sAlgorithms = as;
	assert_status(SetCredentialsAttributesA(&sc,
	    DIGESTSSP_CRED_ATTR_ALGORITHMS, &a, sizeof(a)), SEC_E_OK);
	free(as);
	acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, USER, REALM, PASSWORD);

	sreq(&r, NULL, 0);
	assert_status(asc_http(&sc, &r, &h0, chal), SEC_I_CONTINUE_NEEDED);
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, tok, TOKEN_MAX);
	/* mutual authentication: rspauth awaited */
	assert_status(InitializeSecurityContextA(&cc, NULL, u,
	    ISC_REQ_USE_HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, 0, 0, &id, 0, &cctx,
	    &od, &attr, NULL), SEC_I_CONTINUE_NEEDED);
	sreq(&r, tok, ob.cbBuffer);
	assert_status(asc_http(&sc, &r, &h1, out), SEC_E_OK);
	/* the Authentication-Info back to the client */
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, out, strlen(out));
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, chal, TOKEN_MAX);
	assert_status(InitializeSecurityContextA(NULL, &cctx, u,
	    ISC_REQ_USE_HTTP_STYLE | ISC_REQ_MUTUAL_AUTH, 0, 0, &id, 0, &cctx,
	    &od, &attr, NULL), SEC_E_OK);
	/* a later request */
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, tok, TOKEN_MAX);
	id.cBuffers = 5;
	assert_status(MakeSignature(&cctx, 0, &id, 0), SEC_E_OK);
	sreq(&r, tok, b[4].cbBuffer);
	assert_status(asc_http(&sc, &r, &h2, out), SEC_I_COMPLETE_NEEDED);
	assert_status(CompleteAuthToken(&h2, &r.d), SEC_E_OK);

	assert_status(DeleteSecurityContext(&h0), SEC_E_OK);
	assert_status(DeleteSecurityContext(&h1), SEC_E_OK);
	assert_status(DeleteSecurityContext(&h2), SEC_E_OK);
	assert_status(DeleteSecurityContext(&cctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
	free(chal);
	free(tok);
	free(out);
}

static void test_http_md5(void **state)
{
	(void)state;
	http_flow("MD5");
	expect_no_hits();
}

static void test_http_all(void **state)
{
	(void)state;
	http_flow("SHA-256, SHA-512-256-sess, MD5-sess, MD5");
	expect_no_hits();
}

static SECURITY_STATUS tok_call(int server, CredHandle *cred,
    CtxtHandle *ctx, int first, const char *in, ULONG in_len, char *out,
    ULONG *out_len)
{
	SecBuffer ib = { in_len, SECBUFFER_TOKEN, (void *)(uintptr_t)in };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char target[] = SASL_URI;
	ULONG attr;
	SECURITY_STATUS st;

	if (server)
		st = AcceptSecurityContext(cred, first ? NULL : ctx, &id,
		    ASC_REQ_CONFIDENTIALITY, 0, ctx, &od, &attr, NULL);
	else
		st = InitializeSecurityContextA(first ? cred : NULL,
		    first ? NULL : ctx, target, ISC_REQ_CONFIDENTIALITY, 0, 0,
		    in_len ? &id : NULL, 0, ctx, &od, &attr, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

static void test_sasl(void **state)
{
	CredHandle cc, sc;
	CtxtHandle c, s;
	char chal[TOKEN_MAX], resp[TOKEN_MAX], fin[TOKEN_MAX];
	ULONG n, rn, fn;
	uint8_t buf[128];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop;

	(void)state;
	acquire(&cc, SECPKG_CRED_OUTBOUND, NULL, SASL_USER, "", SASL_PW);
	acquire(&sc, SECPKG_CRED_INBOUND, "imap", SASL_USER, SASL_REALM,
	    SASL_PW);
	assert_status(tok_call(1, &sc, &s, 1, "", 0, chal, &n),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(tok_call(0, &cc, &c, 1, NULL, 0, resp, &rn),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(tok_call(0, &cc, &c, 0, chal, n, resp, &rn),
	    SEC_I_CONTINUE_NEEDED);
	assert_status(tok_call(1, &sc, &s, 0, resp, rn, fin, &fn), SEC_E_OK);
	assert_status(tok_call(0, &cc, &c, 0, fin, fn, resp, &rn), SEC_E_OK);
	memset(buf, 'x', 32);
	b[0].cbBuffer = 32, b[0].BufferType = SECBUFFER_DATA;
	b[0].pvBuffer = buf;
	b[1].cbBuffer = 64, b[1].BufferType = SECBUFFER_PADDING;
	b[1].pvBuffer = buf + 32;
	assert_status(EncryptMessage(&c, 0, &d, 0), SEC_E_OK);
	b[0].cbBuffer += b[1].cbBuffer;
	d.cBuffers = 1;
	assert_status(DecryptMessage(&s, &d, 0, &qop), SEC_E_OK);
	assert_status(DeleteSecurityContext(&c), SEC_E_OK);
	assert_status(DeleteSecurityContext(&s), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
	expect_no_hits();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_http_md5, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_http_all, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sasl, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
