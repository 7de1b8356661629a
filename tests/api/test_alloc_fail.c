/*
 * test_alloc_fail.c - every API sequence with the n-th allocation failing.
 *
 * For each step of each sequence the step is run with allocation n = 1,
 * 2, ... failing (dss_test_fail_alloc) until a run makes fewer than n
 * allocations. Every run that hit the failure must answer exactly
 * SEC_E_INSUFFICIENT_MEMORY, leave the output handle as it was (a later
 * Delete/Free on it: SEC_E_INVALID_HANDLE), and the next run at the same
 * state (the retry) must behave as if nothing had happened: the state the
 * step works on is unchanged by a failure. The final run, without a
 * failure, must succeed.
 *
 * Leaks: run the binary under valgrind --leak-check=full (the ctest
 * test_alloc_fail_memcheck does).
 *
 * Sequences: HTTP client (ISC, MakeSignature, QueryContextAttributes),
 * HTTP server (ACH inbound + settings, ASC challenge, ASC response, a
 * later request with CompleteAuthToken and with VerifySignature,
 * QueryContextAttributes NAMES, Delete, Free), SASL client + server with
 * auth-conf, the user file, package queries. The message functions must
 * not allocate at all (1000 calls each).
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sspi/testhook.h"

#define MAX_N 5000
#define TOKEN_MAX 4096
#define REALM "http-auth@example.org"
#define USER "Mufasa"
#define PASSWORD "Circle of Life"
#define URI "/dir/index.html"
#define SASL_USER "chris"
#define SASL_REALM "elwood.innosoft.com"
#define SASL_PW "secret"
#define SASL_URI "imap/elwood.innosoft.com"

static char pkg[] = "WDigest";
static const SecHandle sentinel = { (ULONG_PTR)0x5A5A5A5Au,
	(ULONG_PTR)0xA5A5A5A5u };

/* ---- the runner --------------------------------------------------------- */

/* What a step writes besides its status; checked after a failed run. */
struct watch {
	CtxtHandle *ctx;     /* a new context handle (sentinel before) */
	CredHandle *cred;    /* a new credential handle (sentinel before) */
	void **ptr;          /* an allocated output (NULL before) */
};

typedef SECURITY_STATUS (*step_fn)(void *arg, struct watch *w);

static int is_sentinel(const SecHandle *h)
{
	return h->dwLower == sentinel.dwLower &&
	    h->dwUpper == sentinel.dwUpper;
}

/*
 * Runs `fn` with allocation n = 1, 2, ... failing until a run without a
 * failure; returns that run's status, which must be `want`. Returns the
 * number of allocations the successful run made in *allocs.
 */
static void run_step(const char *name, step_fn fn, void *arg,
    SECURITY_STATUS want)
{
	long n;

	for (n = 1; n < MAX_N; n++) {
		struct watch w = { NULL, NULL, NULL };
		SECURITY_STATUS st;
		int injected;

		dss_test_fail_alloc(n);
		st = fn(arg, &w);
		injected = dss_test_alloc_count() >= n;
		dss_test_fail_alloc(0);
		if (!injected) {
			if (st != want)
				fail_msg("%s: the run without a failure "
				    "returned 0x%08x, expected 0x%08x (after "
				    "%ld failed runs)", name,
				    (unsigned)(uint32_t)st,
				    (unsigned)(uint32_t)want, n - 1);
			if (getenv("DSS_VERBOSE") != NULL)
				print_message("%s: %ld allocation(s)\n", name,
				    n - 1);
			return;
		}
		if (st != SEC_E_INSUFFICIENT_MEMORY)
			fail_msg("%s: allocation %ld failed: got 0x%08x, "
			    "expected SEC_E_INSUFFICIENT_MEMORY", name, n,
			    (unsigned)(uint32_t)st);
		if (w.ctx != NULL) {
			if (!is_sentinel(w.ctx))
				fail_msg("%s: allocation %ld failed and the "
				    "context handle was written", name, n);
			assert_status(DeleteSecurityContext(w.ctx),
			    SEC_E_INVALID_HANDLE);
		}
		if (w.cred != NULL) {
			if (!is_sentinel(w.cred))
				fail_msg("%s: allocation %ld failed and the "
				    "credential handle was written", name, n);
			assert_status(FreeCredentialsHandle(w.cred),
			    SEC_E_INVALID_HANDLE);
		}
		if (w.ptr != NULL && *w.ptr != NULL)
			fail_msg("%s: allocation %ld failed and an output "
			    "pointer was written", name, n);
	}
	fail_msg("%s: still failing after %d allocations", name, MAX_N);
}

/* ---- HTTP --------------------------------------------------------------- */

struct http {
	CredHandle scred, ccred;
	CtxtHandle h0, h1, h2, h3, cctx;
	char chal[TOKEN_MAX + 1];
	char tok[TOKEN_MAX + 1];
	char out[TOKEN_MAX + 1];
	ULONG tok_len;
	SecBuffer rb[7];
	SecBufferDesc rd;
	char method[8], target[64];
	int use_verify;
	ULONG qop;
};

static SECURITY_STATUS acquire(CredHandle *c, ULONG use, const char *user,
    const char *domain, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	char *u = apitest_strdup(user), *d = apitest_strdup(domain);
	char *p = apitest_strdup(password);
	SECURITY_STATUS st;

	id.User = (unsigned char *)u;
	id.UserLength = (ULONG)strlen(u);
	id.Domain = (unsigned char *)d;
	id.DomainLength = (ULONG)strlen(d);
	id.Password = (unsigned char *)p;
	id.PasswordLength = (ULONG)strlen(p);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	st = AcquireCredentialsHandleA(NULL, pkg, use, NULL, &id, NULL, NULL,
	    c, NULL);
	free(u);
	free(d);
	free(p);
	return st;
}

static SECURITY_STATUS step_ach_in(void *arg, struct watch *w)
{
	struct http *h = arg;

	h->scred = sentinel;
	w->cred = &h->scred;
	return acquire(&h->scred, SECPKG_CRED_INBOUND, USER, REALM, PASSWORD);
}

static SECURITY_STATUS step_ach_out(void *arg, struct watch *w)
{
	struct http *h = arg;

	h->ccred = sentinel;
	w->cred = &h->ccred;
	return acquire(&h->ccred, SECPKG_CRED_OUTBOUND, USER, REALM,
	    PASSWORD);
}

static SECURITY_STATUS step_set_algs(void *arg, struct watch *w)
{
	struct http *h = arg;
	SecPkgCredentials_DigestAlgorithmsA a;
	char s[] = "SHA-256, MD5";

	(void)w;
	a.sAlgorithms = s;
	return SetCredentialsAttributesA(&h->scred,
	    DIGESTSSP_CRED_ATTR_ALGORITHMS, &a, sizeof(a));
}

static SECURITY_STATUS step_set_server(void *arg, struct watch *w)
{
	struct http *h = arg;
	SecPkgCredentials_DigestServer d;
	unsigned char secret[32];

	(void)w;
	memset(secret, 7, sizeof(secret));
	memset(&d, 0, sizeof(d));
	d.fFlags = DIGESTSSP_SERVER_QOP_AUTH | DIGESTSSP_SERVER_QOP_AUTH_INT;
	d.NonceLifetime = 600;
	d.cbSecret = sizeof(secret);
	d.pSecret = secret;
	return SetCredentialsAttributesA(&h->scred, DIGESTSSP_CRED_ATTR_SERVER,
	    &d, sizeof(d));
}

static SECURITY_STATUS step_set_realm(void *arg, struct watch *w)
{
	struct http *h = arg;
	SecPkgCredentials_DigestRealmA r;
	char s[] = REALM;

	(void)w;
	r.sRealm = s;
	return SetCredentialsAttributesA(&h->scred, DIGESTSSP_CRED_ATTR_REALM,
	    &r, sizeof(r));
}

/* The server request descriptor: token, method, target, 3 empty. */
static void sreq(struct http *h, const char *tok, ULONG len)
{
	memset(h->rb, 0, sizeof(h->rb));
	strcpy(h->method, "GET");
	strcpy(h->target, URI);
	apitest_set_buffer(&h->rb[0], SECBUFFER_TOKEN, (void *)(uintptr_t)tok,
	    len);
	apitest_set_buffer(&h->rb[1], SECBUFFER_PKG_PARAMS, h->method, 3);
	apitest_set_buffer(&h->rb[2], SECBUFFER_PKG_PARAMS, h->target,
	    strlen(URI));
	apitest_set_buffer(&h->rb[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&h->rb[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&h->rb[5], SECBUFFER_EMPTY, NULL, 0);
	h->rd.ulVersion = SECBUFFER_VERSION;
	h->rd.cBuffers = 6;
	h->rd.pBuffers = h->rb;
}

static SECURITY_STATUS asc_http(struct http *h, CtxtHandle *newh,
    char *out, ULONG *out_len)
{
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	st = AcceptSecurityContext(&h->scred, NULL, &h->rd, ASC_REQ_HTTP, 0,
	    newh, &od, &attr, NULL);
	*out_len = ob.cbBuffer;
	if (SEC_SUCCESS(st))
		out[ob.cbBuffer] = '\0';
	return st;
}

static SECURITY_STATUS step_asc_challenge(void *arg, struct watch *w)
{
	struct http *h = arg;
	ULONG n;

	h->h0 = sentinel;
	w->ctx = &h->h0;
	sreq(h, NULL, 0);
	return asc_http(h, &h->h0, h->chal, &n);
}

static SECURITY_STATUS step_isc_answer(void *arg, struct watch *w)
{
	struct http *h = arg;
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char m[] = "GET", u[] = URI;
	ULONG attr = 0;
	SECURITY_STATUS st;

	h->cctx = sentinel;
	w->ctx = &h->cctx;
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, h->chal, strlen(h->chal));
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, h->tok, TOKEN_MAX);
	st = InitializeSecurityContextA(&h->ccred, NULL, u,
	    ISC_REQ_USE_HTTP_STYLE, 0, 0, &id, 0, &h->cctx, &od, &attr,
	    NULL);
	h->tok_len = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	h->tok[h->tok_len] = '\0';
	return st;
}

static SECURITY_STATUS step_asc_response(void *arg, struct watch *w)
{
	struct http *h = arg;
	ULONG n;

	h->h1 = sentinel;
	w->ctx = &h->h1;
	sreq(h, h->tok, h->tok_len);
	return asc_http(h, &h->h1, h->out, &n);
}

static SECURITY_STATUS step_sign(void *arg, struct watch *w)
{
	struct http *h = arg;
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char m[] = "GET", u[] = URI;
	SECURITY_STATUS st;

	(void)w;
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, m, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(u));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, h->tok, TOKEN_MAX);
	st = MakeSignature(&h->cctx, 0, &desc, 0);
	h->tok_len = st == SEC_E_OK ? b[4].cbBuffer : 0;
	h->tok[h->tok_len] = '\0';
	return st;
}

static SECURITY_STATUS step_asc_later(void *arg, struct watch *w)
{
	struct http *h = arg;
	CtxtHandle *t = h->use_verify ? &h->h3 : &h->h2;
	ULONG n;

	*t = sentinel;
	w->ctx = t;
	sreq(h, h->tok, h->tok_len);
	return asc_http(h, t, h->out, &n);
}

static SECURITY_STATUS step_complete(void *arg, struct watch *w)
{
	struct http *h = arg;

	(void)w;
	return CompleteAuthToken(&h->h2, &h->rd);
}

static SECURITY_STATUS step_verify(void *arg, struct watch *w)
{
	struct http *h = arg;

	(void)w;
	return VerifySignature(&h->h3, &h->rd, 0, &h->qop);
}

static void *names_out;

static SECURITY_STATUS step_names(void *arg, struct watch *w)
{
	CtxtHandle *c = arg;
	SecPkgContext_NamesA n = { NULL };
	SECURITY_STATUS st;

	st = QueryContextAttributesA(c, SECPKG_ATTR_NAMES, &n);
	names_out = n.sUserName;
	w->ptr = &names_out;
	if (st == SEC_E_OK) {
		assert_non_null(strstr(n.sUserName, USER));
		assert_status(FreeContextBuffer(n.sUserName), SEC_E_OK);
	}
	return st;
}

static SECURITY_STATUS step_sasl_names(void *arg, struct watch *w)
{
	SecPkgContext_NamesA n = { NULL };
	SECURITY_STATUS st;

	st = QueryContextAttributesA(arg, SECPKG_ATTR_NAMES, &n);
	names_out = n.sUserName;
	w->ptr = &names_out;
	if (st == SEC_E_OK)
		assert_status(FreeContextBuffer(n.sUserName), SEC_E_OK);
	return st;
}

static SECURITY_STATUS step_delete(void *arg, struct watch *w)
{
	(void)w;
	return DeleteSecurityContext(arg);
}

static SECURITY_STATUS step_free(void *arg, struct watch *w)
{
	(void)w;
	return FreeCredentialsHandle(arg);
}

static void test_http(void **state)
{
	struct http *h = calloc(1, sizeof(*h));
	int i;

	(void)state;
	assert_non_null(h);
	run_step("ACH inbound", step_ach_in, h, SEC_E_OK);
	run_step("set algorithms", step_set_algs, h, SEC_E_OK);
	run_step("set server", step_set_server, h, SEC_E_OK);
	run_step("set realm", step_set_realm, h, SEC_E_OK);
	run_step("ACH outbound", step_ach_out, h, SEC_E_OK);
	run_step("ASC challenge", step_asc_challenge, h,
	    SEC_I_CONTINUE_NEEDED);
	run_step("ISC answer", step_isc_answer, h, SEC_E_OK);
	run_step("ASC response", step_asc_response, h, SEC_E_OK);
	run_step("QCA NAMES server", step_names, &h->h1, SEC_E_OK);
	run_step("QCA NAMES client", step_names, &h->cctx, SEC_E_OK);
	for (i = 0; i < 2; i++) {
		h->use_verify = i;
		run_step("MakeSignature", step_sign, h, SEC_E_OK);
		run_step("ASC later", step_asc_later, h,
		    SEC_I_COMPLETE_NEEDED);
		if (i == 0)
			run_step("CompleteAuthToken", step_complete, h,
			    SEC_E_OK);
		else
			run_step("VerifySignature", step_verify, h, SEC_E_OK);
	}
	run_step("Delete h0", step_delete, &h->h0, SEC_E_OK);
	run_step("Delete h1", step_delete, &h->h1, SEC_E_OK);
	run_step("Delete h2", step_delete, &h->h2, SEC_E_OK);
	run_step("Delete h3", step_delete, &h->h3, SEC_E_OK);
	run_step("Delete client", step_delete, &h->cctx, SEC_E_OK);
	run_step("Free server", step_free, &h->scred, SEC_E_OK);
	run_step("Free client", step_free, &h->ccred, SEC_E_OK);
	free(h);
}

/* ---- SASL --------------------------------------------------------------- */

struct sasl {
	CredHandle cc, sc;
	CtxtHandle c, s;
	char chal[TOKEN_MAX], resp[TOKEN_MAX], fin[TOKEN_MAX], tmp[TOKEN_MAX];
	ULONG chal_len, resp_len, fin_len;
};

static SECURITY_STATUS sasl_ach(CredHandle *c, ULONG use, const char *pr,
    const char *realm)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	char u[] = SASL_USER, p[] = SASL_PW, *r = apitest_strdup(realm);
	char *prin = pr != NULL ? apitest_strdup(pr) : NULL;
	SECURITY_STATUS st;

	id.User = (unsigned char *)u;
	id.UserLength = (ULONG)strlen(u);
	id.Domain = (unsigned char *)r;
	id.DomainLength = (ULONG)strlen(r);
	id.Password = (unsigned char *)p;
	id.PasswordLength = (ULONG)strlen(p);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	st = AcquireCredentialsHandleA(prin, pkg, use, NULL, &id, NULL, NULL,
	    c, NULL);
	free(r);
	free(prin);
	return st;
}

static SECURITY_STATUS step_sasl_ach_c(void *arg, struct watch *w)
{
	struct sasl *x = arg;

	x->cc = sentinel;
	w->cred = &x->cc;
	return sasl_ach(&x->cc, SECPKG_CRED_OUTBOUND, NULL, "");
}

static SECURITY_STATUS step_sasl_ach_s(void *arg, struct watch *w)
{
	struct sasl *x = arg;

	x->sc = sentinel;
	w->cred = &x->sc;
	return sasl_ach(&x->sc, SECPKG_CRED_INBOUND, "imap", SASL_REALM);
}

static SECURITY_STATUS sasl_asc(struct sasl *x, int first, const void *in,
    ULONG in_len, char *out, ULONG *out_len)
{
	SecBuffer ib = { in_len, SECBUFFER_TOKEN, (void *)(uintptr_t)in };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	st = AcceptSecurityContext(&x->sc, first ? NULL : &x->s, &id,
	    ASC_REQ_CONFIDENTIALITY, 0, &x->s, &od, &attr, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS sasl_isc(struct sasl *x, int first, const void *in,
    ULONG in_len, char *out, ULONG *out_len)
{
	SecBuffer ib = { in_len, SECBUFFER_TOKEN, (void *)(uintptr_t)in };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char target[] = SASL_URI;
	ULONG attr;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(first ? &x->cc : NULL,
	    first ? NULL : &x->c, target, ISC_REQ_CONFIDENTIALITY, 0, 0,
	    in_len ? &id : NULL, 0, &x->c, &od, &attr, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS step_sasl_challenge(void *arg, struct watch *w)
{
	struct sasl *x = arg;

	x->s = sentinel;
	w->ctx = &x->s;
	return sasl_asc(x, 1, "", 0, x->chal, &x->chal_len);
}

static SECURITY_STATUS step_sasl_isc0(void *arg, struct watch *w)
{
	struct sasl *x = arg;
	ULONG n;

	x->c = sentinel;
	w->ctx = &x->c;
	return sasl_isc(x, 1, NULL, 0, x->tmp, &n);
}

/* Steps on an existing context: the handle must stay the same. */
static SECURITY_STATUS step_sasl_isc1(void *arg, struct watch *w)
{
	struct sasl *x = arg;
	CtxtHandle before = x->c;
	SECURITY_STATUS st;

	(void)w;
	st = sasl_isc(x, 0, x->chal, x->chal_len, x->resp, &x->resp_len);
	assert_memory_equal(&before, &x->c, sizeof(before));
	return st;
}

static SECURITY_STATUS step_sasl_asc1(void *arg, struct watch *w)
{
	struct sasl *x = arg;
	CtxtHandle before = x->s;
	SECURITY_STATUS st;

	(void)w;
	st = sasl_asc(x, 0, x->resp, x->resp_len, x->fin, &x->fin_len);
	assert_memory_equal(&before, &x->s, sizeof(before));
	return st;
}

static SECURITY_STATUS step_sasl_isc2(void *arg, struct watch *w)
{
	struct sasl *x = arg;
	CtxtHandle before = x->c;
	SECURITY_STATUS st;
	ULONG n;

	(void)w;
	st = sasl_isc(x, 0, x->fin, x->fin_len, x->tmp, &n);
	assert_memory_equal(&before, &x->c, sizeof(before));
	return st;
}

static void sasl_handshake(struct sasl *x)
{
	run_step("SASL ACH client", step_sasl_ach_c, x, SEC_E_OK);
	run_step("SASL ACH server", step_sasl_ach_s, x, SEC_E_OK);
	run_step("SASL ASC challenge", step_sasl_challenge, x,
	    SEC_I_CONTINUE_NEEDED);
	run_step("SASL ISC first", step_sasl_isc0, x, SEC_I_CONTINUE_NEEDED);
	run_step("SASL ISC response", step_sasl_isc1, x,
	    SEC_I_CONTINUE_NEEDED);
	run_step("SASL ASC check", step_sasl_asc1, x, SEC_E_OK);
	run_step("SASL ISC rspauth", step_sasl_isc2, x, SEC_E_OK);
}

static void sasl_teardown(struct sasl *x)
{
	run_step("SASL Delete c", step_delete, &x->c, SEC_E_OK);
	run_step("SASL Delete s", step_delete, &x->s, SEC_E_OK);
	run_step("SASL Free c", step_free, &x->cc, SEC_E_OK);
	run_step("SASL Free s", step_free, &x->sc, SEC_E_OK);
}

static void test_sasl(void **state)
{
	struct sasl *x = calloc(1, sizeof(*x));

	(void)state;
	assert_non_null(x);
	sasl_handshake(x);
	run_step("QCA NAMES SASL", step_sasl_names, &x->s, SEC_E_OK);
	sasl_teardown(x);
	free(x);
}

/*
 * The message functions make no allocation: 1000 of each, with every
 * allocation failing.
 */
static void test_messages_no_alloc(void **state)
{
	struct sasl *x = calloc(1, sizeof(*x));
	uint8_t msg[64], buf[256];
	int i;

	(void)state;
	assert_non_null(x);
	sasl_handshake(x);
	memset(msg, 'm', sizeof(msg));
	dss_test_fail_alloc(1);
	for (i = 0; i < 1000; i++) {
		SecBuffer b[2];
		SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
		SecBuffer u = { 0, SECBUFFER_DATA, buf };
		SecBufferDesc ud = { SECBUFFER_VERSION, 1, &u };
		ULONG qop = 0;
		size_t len = (size_t)i % sizeof(msg);

		/* sealed, client to server */
		memcpy(buf, msg, len);
		b[0].cbBuffer = (ULONG)len, b[0].BufferType = SECBUFFER_DATA;
		b[0].pvBuffer = buf;
		b[1].cbBuffer = 64, b[1].BufferType = SECBUFFER_PADDING;
		b[1].pvBuffer = buf + len;
		assert_status(EncryptMessage(&x->c, 0, &d, 0), SEC_E_OK);
		u.cbBuffer = (ULONG)len + b[1].cbBuffer;
		assert_status(DecryptMessage(&x->s, &ud, 0, &qop), SEC_E_OK);
		assert_int_equal(u.cbBuffer, len);
		assert_memory_equal(buf, msg, len);

		/* signed, server to client: TOKEN (16) + DATA */
		{
			uint8_t sig[16];
			SecBuffer sb[2] = {
				{ 16, SECBUFFER_TOKEN, sig },
				{ (ULONG)len, SECBUFFER_DATA, msg },
			};
			SecBufferDesc sd = { SECBUFFER_VERSION, 2, sb };

			assert_status(MakeSignature(&x->s, 0, &sd, 0),
			    SEC_E_OK);
			assert_status(VerifySignature(&x->c, &sd, 0, &qop),
			    SEC_E_OK);
		}
	}
	assert_int_equal(dss_test_alloc_count(), 0);
	dss_test_fail_alloc(0);
	sasl_teardown(x);
	free(x);
}

/* ---- the user file ------------------------------------------------------ */

struct ufile {
	CredHandle cred;
	char path[64];
};

static SECURITY_STATUS step_user_file(void *arg, struct watch *w)
{
	struct ufile *u = arg;
	SecPkgCredentials_DigestUserFileA f;

	(void)w;
	f.sPath = u->path;
	return SetCredentialsAttributesA(&u->cred,
	    DIGESTSSP_CRED_ATTR_USER_FILE, &f, sizeof(f));
}

static void test_user_file(void **state)
{
	struct ufile u;
	int fd, i;
	FILE *f;

	(void)state;
	strcpy(u.path, "/tmp/dss_allocXXXXXX");
	fd = mkstemp(u.path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	/* 40 filler lines, then Mufasa (the SHA-256 value is a filler) */
	for (i = 0; i < 40; i++)
		fprintf(f, "user%d:%s:%032x\n", i, REALM, i);
	fprintf(f, "%s:%s:%s\n", USER, REALM,
	    "939e7578ed9e3c518a452acee763bce9");
	fprintf(f, "%s:%s:%s:SHA-256\n", USER, REALM,
	    "3ba6cd94661c5ef34598040e868e13b1"
	    "f4c8a3376f4ce2e3a7fcf54cf8bbaa0a");
	fclose(f);
	assert_status(acquire(&u.cred, SECPKG_CRED_INBOUND, USER, REALM,
	    PASSWORD), SEC_E_OK);
	run_step("user file", step_user_file, &u, SEC_E_OK);
	/* again: a reload of the same file */
	run_step("user file again", step_user_file, &u, SEC_E_OK);
	assert_status(FreeCredentialsHandle(&u.cred), SEC_E_OK);
	unlink(u.path);
}

/* ---- package queries ---------------------------------------------------- */

static void *pkg_out;

static SECURITY_STATUS step_query_pkg(void *arg, struct watch *w)
{
	PSecPkgInfoA info = NULL;
	SECURITY_STATUS st;

	(void)arg;
	st = QuerySecurityPackageInfoA(pkg, &info);
	pkg_out = info;
	w->ptr = &pkg_out;
	if (st == SEC_E_OK)
		assert_status(FreeContextBuffer(info), SEC_E_OK);
	return st;
}

static SECURITY_STATUS step_query_pkg_w(void *arg, struct watch *w)
{
	SEC_WCHAR name[] = { 'W', 'D', 'i', 'g', 'e', 's', 't', 0 };
	PSecPkgInfoW info = NULL;
	SECURITY_STATUS st;

	(void)arg;
	st = QuerySecurityPackageInfoW(name, &info);
	pkg_out = info;
	w->ptr = &pkg_out;
	if (st == SEC_E_OK)
		assert_status(FreeContextBuffer(info), SEC_E_OK);
	return st;
}

static SECURITY_STATUS step_enum_pkg(void *arg, struct watch *w)
{
	PSecPkgInfoA info = NULL;
	ULONG n = 0;
	SECURITY_STATUS st;

	(void)arg;
	st = EnumerateSecurityPackagesA(&n, &info);
	pkg_out = info;
	w->ptr = &pkg_out;
	if (st == SEC_E_OK) {
		assert_int_equal(n, 1);
		assert_status(FreeContextBuffer(info), SEC_E_OK);
	}
	return st;
}

static SECURITY_STATUS step_cred_names(void *arg, struct watch *w)
{
	SecPkgCredentials_NamesA n = { NULL };
	SECURITY_STATUS st;

	st = QueryCredentialsAttributesA(arg, SECPKG_CRED_ATTR_NAMES, &n);
	pkg_out = n.sUserName;
	w->ptr = &pkg_out;
	if (st == SEC_E_OK)
		assert_status(FreeContextBuffer(n.sUserName), SEC_E_OK);
	return st;
}

static void test_packages(void **state)
{
	CredHandle c;

	(void)state;
	run_step("QuerySecurityPackageInfoA", step_query_pkg, NULL, SEC_E_OK);
	run_step("QuerySecurityPackageInfoW", step_query_pkg_w, NULL,
	    SEC_E_OK);
	run_step("EnumerateSecurityPackagesA", step_enum_pkg, NULL, SEC_E_OK);
	assert_status(acquire(&c, SECPKG_CRED_OUTBOUND, USER, REALM,
	    PASSWORD), SEC_E_OK);
	run_step("QueryCredentialsAttributes NAMES", step_cred_names, &c,
	    SEC_E_OK);
	assert_status(FreeCredentialsHandle(&c), SEC_E_OK);
}

static int reset_hooks(void **state)
{
	(void)state;
	dss_test_fail_alloc(0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_http, reset_hooks),
		cmocka_unit_test_teardown(test_sasl, reset_hooks),
		cmocka_unit_test_teardown(test_messages_no_alloc, reset_hooks),
		cmocka_unit_test_teardown(test_user_file, reset_hooks),
		cmocka_unit_test_teardown(test_packages, reset_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
