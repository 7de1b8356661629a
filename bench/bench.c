/*
 * bench.c - digestssp benchmarks: one program, every scenario selectable
 * by name, each taking an iteration count.
 *
 *   dss_bench                     all scenarios, one table (wall clock)
 *   dss_bench --instr             also instructions per operation
 *                                 (callgrind, (Ir(2N) - Ir(N)) / N)
 *   dss_bench --filter SUBSTR     only the scenarios whose name has SUBSTR
 *   dss_bench --list              the scenario names
 *   dss_bench --run NAME N        one scenario, N iterations, no output
 *                                 (what --instr runs under callgrind)
 *   dss_bench --extra             only the scaling and memory reports
 *   ... --rounds N                the scaling rows' rounds (default 9, 15)
 *
 * Scenario families:
 *   http/isc/ALG        InitializeSecurityContext on a fresh challenge
 *                       (new context each iteration, deleted after)
 *   http/sign/ALG       MakeSignature for a later request
 *   http/asc/ALG        AcceptSecurityContext on a response (first check)
 *   http/later/ALG      ASC -> SEC_I_COMPLETE_NEEDED -> CompleteAuthToken
 *                       (+ Delete): a server that keeps no handle
 *   http/verify/ALG     VerifySignature on the session's own handle: a
 *                       server that keeps it (a connection, say)
 *   http/challenge/md5  ASC without credentials: a new session, its
 *                       nonce and the 401 challenge (+ Delete)
 *   sasl/hs/QOP         a whole DIGEST-MD5 handshake, both sides
 *   layer/seal/C/SIZE   EncryptMessage + DecryptMessage round trip
 *   layer/sign/SIZE     MakeSignature + VerifySignature (auth-int)
 *   cyrus/..., gsasl/.. the same on Cyrus SASL and GNU SASL
 *   mhd/check/ALG       libmicrohttpd's MHD_digest_auth_check2() alone,
 *                       in its handler (MD5, SHA-256): the peer of the
 *                       server rows
 *   nettle/...          the limit: the same hashes and ciphers on nettle
 *                       (nettle/http-server/ALG: what the server's first
 *                       check hashes, rspauth included)
 *
 * Only the timed part of a scenario runs with callgrind collection on
 * (CALLGRIND_TOGGLE_COLLECT), so set-up work (pre-generated tokens) is
 * not counted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <stdarg.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <digestssp/sspi.h>

#include <nettle/arcfour.h>
#include <nettle/base16.h>
#include <nettle/cbc.h>
#include <nettle/des.h>
#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/memops.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha2.h>

#ifdef HAVE_CALLGRIND_H
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#endif

#ifdef HAVE_CYRUS
#include <sasl/sasl.h>
#include <sasl/saslplug.h>
#endif
#ifdef HAVE_GSASL
#include <gsasl.h>
#endif
#ifdef HAVE_MHD
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>
#endif

#include "bench_sizes.h"

/* ---- fixed identities ---------------------------------------------------- */

#define H_REALM "http-auth@example.org"
#define H_USER "Mufasa"
#define H_PASSWORD "Circle of Life"
#define H_URI "/dir/index.html?x=1"

#define S_USER "chris"
#define S_PASSWORD "secret"
#define S_REALM "elwood.innosoft.com"
#define S_HOST "elwood.innosoft.com"
#define S_SERVICE "imap"
#define S_TARGET S_SERVICE "/" S_HOST

#define TOKEN_MAX 4096

static char pkg[] = "WDigest";

static volatile unsigned sink;

/* A run that timed its own part (see mhd_run): those seconds, else -1. */
static double inner_time = -1;

static void
die(const char *what, long code)
{
	fprintf(stderr, "dss_bench: %s failed (0x%lx)\n", what,
		(unsigned long)code);
	exit(2);
}

#define CHECK(call, want)                                                   \
	do {                                                                \
		SECURITY_STATUS st_ = (call);                               \
		if (st_ != (want))                                          \
			die(#call, (long)st_);                              \
	} while (0)

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("malloc", (long)n);
	return p;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- credentials ----------------------------------------------------------- */

static void
acquire(CredHandle *c, ULONG use, const char *principal, const char *user,
	const char *domain, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_A id;

	id.User = (unsigned char *)(uintptr_t)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)(uintptr_t)domain;
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)(uintptr_t)password;
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	CHECK(AcquireCredentialsHandleA((SEC_CHAR *)(uintptr_t)principal, pkg,
					use, NULL, &id, NULL, NULL, c, NULL),
	      SEC_E_OK);
}

static const char *const alg_names[] = { "MD5", "SHA-256", "SHA-512-256" };
static const char *const alg_short[] = { "md5", "sha256", "sha512-256" };

static void
http_server_cred(CredHandle *c, int alg)
{
	SecPkgCredentials_DigestAlgorithmsA a;
	char buf[32];

	acquire(c, SECPKG_CRED_INBOUND, NULL, H_USER, H_REALM, H_PASSWORD);
	snprintf(buf, sizeof(buf), "%s", alg_names[alg]);
	a.sAlgorithms = buf;
	CHECK(SetCredentialsAttributesA(c, DIGESTSSP_CRED_ATTR_ALGORITHMS, &a,
					sizeof(a)),
	      SEC_E_OK);
}

static void
http_client_cred(CredHandle *c)
{
	acquire(c, SECPKG_CRED_OUTBOUND, NULL, H_USER, H_REALM, H_PASSWORD);
}

/* ---- HTTP calls -------------------------------------------------------------- */

/* A server request descriptor: token, method, target, 2 empty params,
 * an empty slot (the layout of tests/api/test_http_server.c). */
struct sreq {
	SecBuffer b[6];
	SecBufferDesc d;
};

static void
sreq_init(struct sreq *r, const char *tok, size_t len)
{
	static char method[] = "GET", target[] = H_URI;

	r->b[0] = (SecBuffer){ (ULONG)len, SECBUFFER_TOKEN,
			       (void *)(uintptr_t)tok };
	r->b[1] = (SecBuffer){ 3, SECBUFFER_PKG_PARAMS, method };
	r->b[2] = (SecBuffer){ sizeof(target) - 1, SECBUFFER_PKG_PARAMS,
			       target };
	r->b[3] = (SecBuffer){ 0, SECBUFFER_PKG_PARAMS, NULL };
	r->b[4] = (SecBuffer){ 0, SECBUFFER_PKG_PARAMS, NULL };
	r->b[5] = (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
	r->d = (SecBufferDesc){ SECBUFFER_VERSION, 6, r->b };
}

/* ASC on the server: tok NULL asks for a challenge. Returns the status,
 * output token in out (NUL-terminated), length in *olen. */
static SECURITY_STATUS
http_asc(CredHandle *cred, const char *tok, size_t len, CtxtHandle *h,
	 char *out, ULONG *olen)
{
	struct sreq r;
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	sreq_init(&r, tok, len);
	st = AcceptSecurityContext(cred, NULL, &r.d, ASC_REQ_HTTP, 0, h, &od,
				   &attr, NULL);
	*olen = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	out[*olen] = '\0';
	return st;
}

/* ISC: answer a challenge with a new context. */
static SECURITY_STATUS
http_isc(CredHandle *cred, CtxtHandle *ctx, const char *chal, size_t clen,
	 char *out, ULONG *olen)
{
	static char method[] = "GET", uri[] = H_URI;
	SecBuffer b[3], ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	b[0] = (SecBuffer){ (ULONG)clen, SECBUFFER_TOKEN,
			    (void *)(uintptr_t)chal };
	b[1] = (SecBuffer){ 3, SECBUFFER_PKG_PARAMS, method };
	b[2] = (SecBuffer){ 0, SECBUFFER_PKG_PARAMS, NULL };
	st = InitializeSecurityContextA(cred, NULL, uri, ISC_REQ_USE_HTTP_STYLE,
					0, 0, &id, 0, ctx, &od, &attr, NULL);
	*olen = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	out[*olen] = '\0';
	return st;
}

/* MakeSignature: the Authorization of a later request into out. */
static SECURITY_STATUS
http_sign(CtxtHandle *ctx, char *out, ULONG *olen)
{
	static char method[] = "GET", uri[] = H_URI;
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	SECURITY_STATUS st;

	b[0] = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
	b[1] = (SecBuffer){ 3, SECBUFFER_PKG_PARAMS, method };
	b[2] = (SecBuffer){ sizeof(uri) - 1, SECBUFFER_PKG_PARAMS, uri };
	b[3] = (SecBuffer){ 0, SECBUFFER_PKG_PARAMS, NULL };
	b[4] = (SecBuffer){ TOKEN_MAX, SECBUFFER_PADDING, out };
	st = MakeSignature(ctx, 0, &d, 0);
	*olen = st == SEC_E_OK ? b[4].cbBuffer : 0;
	out[*olen] = '\0';
	return st;
}

/* A challenge from a new session (its handle deleted: the session stays). */
static void
http_challenge(CredHandle *scred, char *chal, ULONG *clen)
{
	CtxtHandle h;

	CHECK(http_asc(scred, NULL, 0, &h, chal, clen), SEC_I_CONTINUE_NEEDED);
	CHECK(DeleteSecurityContext(&h), SEC_E_OK);
}

/* ---- scenario state ------------------------------------------------------------ */

struct scen;
typedef void *(*setup_fn)(const struct scen *s, long n);
typedef void (*run_fn)(void *st, const struct scen *s, long n);
typedef void (*teardown_fn)(void *st);

struct scen {
	char name[48];
	setup_fn setup;
	run_fn run;
	teardown_fn teardown;
	int alg;      /* HTTP algorithm / SASL qop index */
	int cipher;   /* layer cipher index, -1 none (auth-int) */
	size_t size;  /* layer message size */
	char limit[48]; /* the nettle row, "" none */
	char narrow[48]; /* a narrower nettle row also compared, "" none */
	char peer[48];  /* the peer row compared against, "" none */
	long instr_n; /* N of the callgrind runs */
	int selected;
	/* results */
	double ops;   /* ops/s, best run */
	double ir;    /* instructions per op, 0 unknown */
};

/* -- http/isc -- */

/*
 * Challenges of as many sessions, answered in turn: each has its own
 * nonce and opaque, as the challenges a client meets do.
 */
#define ISC_CHALLENGES 64

struct http_isc_st {
	CredHandle scred, ccred;
	char chal[ISC_CHALLENGES][TOKEN_MAX + 1];
	ULONG clen[ISC_CHALLENGES];
};

static void *
http_isc_setup(const struct scen *s, long n)
{
	struct http_isc_st *t = xmalloc(sizeof(*t));
	int i;

	(void)n;
	http_server_cred(&t->scred, s->alg);
	http_client_cred(&t->ccred);
	for (i = 0; i < ISC_CHALLENGES; i++)
		http_challenge(&t->scred, t->chal[i], &t->clen[i]);
	return t;
}

static void
http_isc_run(void *st, const struct scen *s, long n)
{
	struct http_isc_st *t = st;
	char out[TOKEN_MAX + 1];
	ULONG olen;
	CtxtHandle c;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		int k = (int)(i % ISC_CHALLENGES);

		CHECK(http_isc(&t->ccred, &c, t->chal[k], t->clen[k], out,
			       &olen),
		      SEC_E_OK);
		CHECK(DeleteSecurityContext(&c), SEC_E_OK);
	}
}

static void
http_isc_teardown(void *st)
{
	struct http_isc_st *t = st;

	FreeCredentialsHandle(&t->scred);
	FreeCredentialsHandle(&t->ccred);
	free(t);
}

/* -- http/sign -- */
struct http_sign_st {
	CredHandle scred, ccred;
	CtxtHandle c;
};

static void *
http_sign_setup(const struct scen *s, long n)
{
	struct http_sign_st *t = xmalloc(sizeof(*t));
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1];
	ULONG clen, olen;

	(void)n;
	http_server_cred(&t->scred, s->alg);
	http_client_cred(&t->ccred);
	http_challenge(&t->scred, chal, &clen);
	CHECK(http_isc(&t->ccred, &t->c, chal, clen, out, &olen), SEC_E_OK);
	return t;
}

static void
http_sign_run(void *st, const struct scen *s, long n)
{
	struct http_sign_st *t = st;
	char out[TOKEN_MAX + 1];
	ULONG olen;
	long i;

	(void)s;
	for (i = 0; i < n; i++)
		CHECK(http_sign(&t->c, out, &olen), SEC_E_OK);
}

static void
http_sign_teardown(void *st)
{
	struct http_sign_st *t = st;

	DeleteSecurityContext(&t->c);
	FreeCredentialsHandle(&t->scred);
	FreeCredentialsHandle(&t->ccred);
	free(t);
}

/* -- http/asc: n fresh sessions, their responses made in set-up -- */
#define ASC_BATCH 4000 /* sessions per server credential */

struct http_asc_st {
	long n, ncred;
	CredHandle *scred;
	CredHandle ccred;
	char **tok;
	ULONG *len;
};

static void *
http_asc_setup(const struct scen *s, long n)
{
	struct http_asc_st *t = xmalloc(sizeof(*t));
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1];
	ULONG clen, olen;
	CtxtHandle c;
	long i;

	t->n = n;
	t->ncred = (n + ASC_BATCH - 1) / ASC_BATCH;
	t->scred = xmalloc(sizeof(CredHandle) * (size_t)(t->ncred ? t->ncred : 1));
	t->tok = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
	t->len = xmalloc(sizeof(ULONG) * (size_t)(n ? n : 1));
	for (i = 0; i < t->ncred; i++)
		http_server_cred(&t->scred[i], s->alg);
	http_client_cred(&t->ccred);
	for (i = 0; i < n; i++) {
		http_challenge(&t->scred[i / ASC_BATCH], chal, &clen);
		CHECK(http_isc(&t->ccred, &c, chal, clen, out, &olen),
		      SEC_E_OK);
		CHECK(DeleteSecurityContext(&c), SEC_E_OK);
		t->tok[i] = strdup(out);
		t->len[i] = olen;
	}
	return t;
}

static void
http_asc_run(void *st, const struct scen *s, long n)
{
	struct http_asc_st *t = st;
	char out[TOKEN_MAX + 1];
	ULONG olen;
	CtxtHandle h;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		CHECK(http_asc(&t->scred[i / ASC_BATCH], t->tok[i], t->len[i],
			       &h, out, &olen),
		      SEC_E_OK);
		CHECK(DeleteSecurityContext(&h), SEC_E_OK);
	}
}

static void
http_asc_teardown(void *st)
{
	struct http_asc_st *t = st;
	long i;

	for (i = 0; i < t->n; i++)
		free(t->tok[i]);
	for (i = 0; i < t->ncred; i++)
		FreeCredentialsHandle(&t->scred[i]);
	FreeCredentialsHandle(&t->ccred);
	free(t->scred);
	free(t->tok);
	free(t->len);
	free(t);
}

/* -- http/challenge: the 401 answer, a new session and nonce each -- */
struct http_challenge_st {
	CredHandle scred;
};

static void *
http_challenge_setup(const struct scen *s, long n)
{
	struct http_challenge_st *t = xmalloc(sizeof(*t));

	(void)n;
	http_server_cred(&t->scred, s->alg);
	return t;
}

static void
http_challenge_run(void *st, const struct scen *s, long n)
{
	struct http_challenge_st *t = st;
	char chal[TOKEN_MAX + 1];
	ULONG clen;
	long i;

	(void)s;
	for (i = 0; i < n; i++)
		http_challenge(&t->scred, chal, &clen);
}

static void
http_challenge_teardown(void *st)
{
	struct http_challenge_st *t = st;

	FreeCredentialsHandle(&t->scred);
	free(t);
}

/* -- http/later: one session, n later requests signed in set-up -- */
struct http_later_st {
	CredHandle *scred; /* shared (scaling) or own */
	CredHandle own;
	CredHandle ccred;
	CtxtHandle c;
	CtxtHandle sh; /* the server's context, established */
	long n;
	char **tok;
	ULONG *len;
};

static void
http_later_prepare(struct http_later_st *t, CredHandle *scred, long n)
{
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1], info[TOKEN_MAX + 1];
	ULONG clen, olen, ilen;
	long i;

	t->scred = scred;
	t->n = n;
	t->tok = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
	t->len = xmalloc(sizeof(ULONG) * (size_t)(n ? n : 1));
	http_client_cred(&t->ccred);
	http_challenge(scred, chal, &clen);
	CHECK(http_isc(&t->ccred, &t->c, chal, clen, out, &olen), SEC_E_OK);
	CHECK(http_asc(scred, out, olen, &t->sh, info, &ilen), SEC_E_OK);
	for (i = 0; i < n; i++) {
		CHECK(http_sign(&t->c, out, &olen), SEC_E_OK);
		t->tok[i] = strdup(out);
		t->len[i] = olen;
	}
}

static void
http_later_release(struct http_later_st *t)
{
	long i;

	for (i = 0; i < t->n; i++)
		free(t->tok[i]);
	free(t->tok);
	free(t->len);
	DeleteSecurityContext(&t->sh);
	DeleteSecurityContext(&t->c);
	FreeCredentialsHandle(&t->ccred);
}

static void *
http_later_setup(const struct scen *s, long n)
{
	struct http_later_st *t = xmalloc(sizeof(*t));

	http_server_cred(&t->own, s->alg);
	http_later_prepare(t, &t->own, n);
	return t;
}

/* The server's check of one later request (api.md 2.3). */
static void
http_later_one(CredHandle *scred, char *tok, ULONG len)
{
	struct sreq r;
	SecBuffer ob = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	CtxtHandle h;

	sreq_init(&r, tok, len);
	CHECK(AcceptSecurityContext(scred, NULL, &r.d, ASC_REQ_HTTP, 0, &h,
				    &od, &attr, NULL),
	      SEC_I_COMPLETE_NEEDED);
	CHECK(CompleteAuthToken(&h, &r.d), SEC_E_OK);
	CHECK(DeleteSecurityContext(&h), SEC_E_OK);
}

static void
http_later_check(struct http_later_st *t, long n)
{
	long i;

	for (i = 0; i < n; i++)
		http_later_one(t->scred, t->tok[i], t->len[i]);
}

static void
http_verify_run(void *st, const struct scen *s, long n)
{
	struct http_later_st *t = st;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		struct sreq r;
		ULONG qop;

		sreq_init(&r, t->tok[i], t->len[i]);
		CHECK(VerifySignature(&t->sh, &r.d, 0, &qop), SEC_E_OK);
	}
}

static void
http_later_run(void *st, const struct scen *s, long n)
{
	(void)s;
	http_later_check(st, n);
}

static void
http_later_teardown(void *st)
{
	struct http_later_st *t = st;

	http_later_release(t);
	FreeCredentialsHandle(&t->own);
	free(t);
}

/* ---- SASL ------------------------------------------------------------------------ */

enum { Q_AUTH, Q_INT, Q_CONF_RC4, Q_CONF_3DES, Q_COUNT };
static const char *const qop_names[] = { "auth", "auth-int", "conf-rc4",
					  "conf-3des" };

enum { C_RC4_40, C_RC4_56, C_RC4, C_DES, C_3DES, C_COUNT };
static const char *const cipher_names[] = { "rc4-40", "rc4-56", "rc4", "des",
					    "3des" };
static const unsigned cipher_ssf[] = { 40, 56, 128, 55, 112 };
static const unsigned cipher_keylen[] = { 5, 7, 16, 7, 14 };

struct sasl_pair {
	CredHandle ccred, scred;
	CtxtHandle cctx, sctx;
	ULONG iflags, aflags;
	const char *cipher; /* restrict the challenge to it, NULL all */
	ULONG maxmsg;       /* largest message per frame */
	ULONG trailer;      /* cbSecurityTrailer */
};

static void
sasl_creds(struct sasl_pair *p)
{
	SecPkgCredentials_DigestRealmA r;
	char realm[] = S_REALM;

	acquire(&p->ccred, SECPKG_CRED_OUTBOUND, NULL, S_USER, S_REALM,
		S_PASSWORD);
	acquire(&p->scred, SECPKG_CRED_INBOUND, S_SERVICE, S_USER, S_REALM,
		S_PASSWORD);
	r.sRealm = realm;
	CHECK(SetCredentialsAttributesA(&p->scred, DIGESTSSP_CRED_ATTR_REALM,
					&r, sizeof(r)),
	      SEC_E_OK);
}

static void
sasl_flags(struct sasl_pair *p, int layer, const char *cipher)
{
	/* layer: 0 auth, 1 auth-int, 2 auth-conf */
	p->iflags = layer == 2 ? ISC_REQ_CONFIDENTIALITY :
		    layer == 1 ? ISC_REQ_INTEGRITY : 0;
	p->aflags = layer == 2 ? ASC_REQ_CONFIDENTIALITY :
		    layer == 1 ? ASC_REQ_INTEGRITY : 0;
	p->cipher = cipher;
}

/* Keep only `cipher` in the challenge's cipher list (in place). */
static ULONG
only_cipher(char *chal, ULONG len, const char *cipher)
{
	char *p, *q;
	size_t cl = strlen(cipher);

	chal[len] = '\0';
	p = strstr(chal, "cipher=\"");
	if (p == NULL)
		return len;
	p += 8;
	q = strchr(p, '"');
	if (q == NULL)
		return len;
	memmove(p + cl, q, strlen(q) + 1);
	memcpy(p, cipher, cl);
	return (ULONG)strlen(chal);
}

static SECURITY_STATUS
sasl_asc(struct sasl_pair *p, int first, const char *tok, ULONG len, char *out,
	 ULONG *olen)
{
	SecBuffer ib = { len, SECBUFFER_TOKEN, (void *)(uintptr_t)tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	st = AcceptSecurityContext(&p->scred, first ? NULL : &p->sctx, &in,
				   p->aflags, 0, &p->sctx, &od, &attr, NULL);
	*olen = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS
sasl_isc(struct sasl_pair *p, int first, const char *tok, ULONG len, char *out,
	 ULONG *olen)
{
	static char target[] = S_TARGET;
	SecBuffer ib = { len, SECBUFFER_TOKEN, (void *)(uintptr_t)tok };
	SecBuffer ob = { TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(first ? &p->ccred : NULL,
					first ? NULL : &p->cctx, target,
					p->iflags, 0, 0, &in, 0, &p->cctx, &od,
					&attr, NULL);
	*olen = ob.cbBuffer;
	return st;
}

/* One whole handshake; both contexts established. */
static void
sasl_handshake(struct sasl_pair *p)
{
	char a[TOKEN_MAX + 1], b[TOKEN_MAX + 1];
	ULONG alen, blen;

	CHECK(sasl_asc(p, 1, "", 0, a, &alen), SEC_I_CONTINUE_NEEDED);
	if (p->cipher != NULL)
		alen = only_cipher(a, alen, p->cipher);
	CHECK(sasl_isc(p, 1, a, alen, b, &blen), SEC_I_CONTINUE_NEEDED);
	CHECK(sasl_asc(p, 0, b, blen, a, &alen), SEC_E_OK);
	CHECK(sasl_isc(p, 0, a, alen, b, &blen), SEC_E_OK);
}

static void
sasl_layer_sizes(struct sasl_pair *p)
{
	SecPkgContext_StreamSizes ss;
	SecPkgContext_Sizes sz;

	CHECK(QueryContextAttributesA(&p->cctx, SECPKG_ATTR_STREAM_SIZES, &ss),
	      SEC_E_OK);
	CHECK(QueryContextAttributesA(&p->cctx, SECPKG_ATTR_SIZES, &sz),
	      SEC_E_OK);
	p->maxmsg = ss.cbMaximumMessage;
	p->trailer = sz.cbSecurityTrailer + sz.cbBlockSize;
}

static void
sasl_qop(struct sasl_pair *p, int q)
{
	static const char *const ciph[] = { NULL, NULL, "rc4", "3des" };

	sasl_flags(p, q == Q_AUTH ? 0 : q == Q_INT ? 1 : 2, ciph[q]);
}

/* -- sasl/hs -- */
static void *
sasl_hs_setup(const struct scen *s, long n)
{
	struct sasl_pair *p = xmalloc(sizeof(*p));

	(void)n;
	sasl_creds(p);
	sasl_qop(p, s->alg);
	return p;
}

static void
sasl_hs_run(void *st, const struct scen *s, long n)
{
	struct sasl_pair *p = st;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		sasl_handshake(p);
		CHECK(DeleteSecurityContext(&p->cctx), SEC_E_OK);
		CHECK(DeleteSecurityContext(&p->sctx), SEC_E_OK);
	}
}

static void
sasl_pair_free(void *st)
{
	struct sasl_pair *p = st;

	FreeCredentialsHandle(&p->ccred);
	FreeCredentialsHandle(&p->scred);
	free(p);
}

/* -- layer: the message laid out as frames with room for the trailer -- */
struct layer_st {
	struct sasl_pair p;
	unsigned char *buf;
	size_t chunk, nchunks, stride;
	unsigned char sig[64];
};

static void
layer_alloc(struct layer_st *t, size_t size, size_t maxmsg, size_t trailer)
{
	size_t i;

	t->chunk = size < maxmsg ? size : maxmsg;
	t->nchunks = (size + t->chunk - 1) / t->chunk;
	t->stride = t->chunk + trailer + 64;
	t->buf = xmalloc(t->stride * t->nchunks);
	for (i = 0; i < t->stride * t->nchunks; i++)
		t->buf[i] = (unsigned char)(i * 131u + 7u);
}

static size_t
layer_chunk_len(const struct layer_st *t, size_t size, size_t k)
{
	size_t off = k * t->chunk;

	return size - off < t->chunk ? size - off : t->chunk;
}

static void *
layer_setup(const struct scen *s, long n)
{
	struct layer_st *t = xmalloc(sizeof(*t));

	(void)n;
	sasl_creds(&t->p);
	if (s->cipher < 0)
		sasl_flags(&t->p, 1, NULL);
	else
		sasl_flags(&t->p, 2, cipher_names[s->cipher]);
	sasl_handshake(&t->p);
	sasl_layer_sizes(&t->p);
	layer_alloc(t, s->size, t->p.maxmsg, t->p.trailer);
	return t;
}

static void
layer_seal_run(void *st, const struct scen *s, long n)
{
	struct layer_st *t = st;
	long i;
	size_t k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < t->nchunks; k++) {
			unsigned char *f = t->buf + k * t->stride;
			size_t len = layer_chunk_len(t, s->size, k);
			SecBuffer b[2];
			SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
			ULONG qop;

			b[0] = (SecBuffer){ (ULONG)len, SECBUFFER_DATA, f };
			b[1] = (SecBuffer){ 64, SECBUFFER_PADDING, f + len };
			CHECK(EncryptMessage(&t->p.cctx, 0, &d, 0), SEC_E_OK);
			b[0] = (SecBuffer){ (ULONG)len + b[1].cbBuffer,
					    SECBUFFER_DATA, f };
			d.cBuffers = 1;
			CHECK(DecryptMessage(&t->p.sctx, &d, 0, &qop),
			      SEC_E_OK);
		}
	}
}

static void
layer_sign_run(void *st, const struct scen *s, long n)
{
	struct layer_st *t = st;
	long i;
	size_t k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < t->nchunks; k++) {
			unsigned char *f = t->buf + k * t->stride;
			size_t len = layer_chunk_len(t, s->size, k);
			SecBuffer b[2];
			SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
			ULONG qop;

			b[0] = (SecBuffer){ 16, SECBUFFER_TOKEN, t->sig };
			b[1] = (SecBuffer){ (ULONG)len, SECBUFFER_DATA, f };
			CHECK(MakeSignature(&t->p.cctx, 0, &d, 0), SEC_E_OK);
			b[0] = (SecBuffer){ (ULONG)len, SECBUFFER_DATA, f };
			b[1] = (SecBuffer){ 16, SECBUFFER_TOKEN, t->sig };
			CHECK(VerifySignature(&t->p.sctx, &d, 0, &qop),
			      SEC_E_OK);
		}
	}
}

static void
layer_teardown(void *st)
{
	struct layer_st *t = st;

	DeleteSecurityContext(&t->p.cctx);
	DeleteSecurityContext(&t->p.sctx);
	FreeCredentialsHandle(&t->p.ccred);
	FreeCredentialsHandle(&t->p.scred);
	free(t->buf);
	free(t);
}

/* ---- libmicrohttpd: its own Digest check, the HTTP server peer ------------------ */

#ifdef HAVE_MHD
/*
 * What a C server that does not use digestssp would call:
 * MHD_digest_auth_check2() in its request handler. The daemon runs in
 * this thread (no internal thread, driven by MHD_run) and listens on
 * 127.0.0.1; one keep-alive connection carries every request. The 401
 * comes from MHD_queue_auth_fail_response2(), and our own client answers
 * it (ISC, then MakeSignature with nc 2, 3, ...), so MHD checks
 * Authorization values made by another implementation.
 *
 * Only the call to MHD_digest_auth_check2() is measured: callgrind
 * collects inside it alone (the run turns collection off, the handler
 * turns it on around the call), and its time is summed the same way
 * (inner_time), so the socket and HTTP work around it count for nothing.
 * MHD has no kept H(A1): it hashes the password in every check, as it
 * must with the password-based API.
 */
struct mhd_st {
	struct MHD_Daemon *d;
	int fd; /* the client's end */
	int alg;
	bool answered; /* the challenge went out: check from now on */
	bool measuring; /* collect and time the checks (in runs) */
	bool ok;
	double spent;
	char **req;
	size_t *rlen;
	long n;
};

static enum MHD_DigestAuthAlgorithm
mhd_alg(int alg)
{
	return alg == 0 ? MHD_DIGEST_ALG_MD5 : MHD_DIGEST_ALG_SHA256;
}

static enum MHD_Result
mhd_handler(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload,
	    size_t *upload_size, void **con_cls)
{
	struct mhd_st *t = cls;
	struct MHD_Response *r;
	enum MHD_Result q;
	int v;

	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	/* the usual first call: the headers are in, answer in the next */
	if (*con_cls == NULL) {
		*con_cls = t;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"",
					    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		die("MHD_create_response_from_buffer", 0);
	if (!t->answered) {
		/* the first request: the challenge */
		q = MHD_queue_auth_fail_response2(c, H_REALM, "0pq", r, 0,
						  mhd_alg(t->alg));
	} else {
		double t0 = now();

		if (t->measuring) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		v = MHD_digest_auth_check2(c, H_REALM, H_USER, H_PASSWORD,
					   3600, mhd_alg(t->alg));
		if (t->measuring) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		t->spent += now() - t0;
		if (v != MHD_YES)
			t->ok = false;
		q = MHD_queue_response(c, MHD_HTTP_OK, r);
	}
	MHD_destroy_response(r);
	return q;
}

/* One request out, its whole answer (headers, empty body) into buf. */
static size_t
mhd_exchange(struct mhd_st *t, const char *req, size_t len, char *buf,
	     size_t cap)
{
	size_t got = 0;
	int spins = 0;

	if (send(t->fd, req, len, 0) != (ssize_t)len)
		die("send", errno);
	for (;;) {
		ssize_t k;

		if (MHD_run(t->d) != MHD_YES)
			die("MHD_run", 0);
		k = recv(t->fd, buf + got, cap - 1 - got, MSG_DONTWAIT);
		if (k > 0) {
			got += (size_t)k;
			buf[got] = '\0';
			if (strstr(buf, "\r\n\r\n") != NULL)
				return got;
			if (got == cap - 1)
				die("mhd answer too long", (long)got);
		} else if (k == 0) {
			die("mhd closed the connection", 0);
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			die("recv", errno);
		}
		if (++spins > 1000000)
			die("mhd answers nothing", 0);
	}
}

static char *
mhd_request(const char *auth, size_t alen, size_t *len)
{
	char *p = xmalloc(alen + 128);
	int k = snprintf(p, alen + 128,
			 "GET " H_URI " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Authorization: Digest %.*s\r\n\r\n",
			 (int)alen, auth);

	*len = (size_t)k;
	return p;
}

static void *
mhd_setup(const struct scen *s, long n)
{
	static const char first[] =
		"GET " H_URI " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	struct mhd_st *t = xmalloc(sizeof(*t));
	static unsigned char rnd[32] = "digestssp bench: not secret ...";
	const union MHD_DaemonInfo *info;
	struct sockaddr_in a;
	char buf[TOKEN_MAX + 1], out[TOKEN_MAX + 1], *chal, *end;
	CredHandle ccred;
	CtxtHandle c;
	ULONG olen;
	long i;

	memset(t, 0, sizeof(*t));
	t->alg = s->alg;
	t->n = n;
	t->ok = true;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t->d = MHD_start_daemon(MHD_NO_FLAG, 0, NULL, NULL, mhd_handler, t,
				MHD_OPTION_SOCK_ADDR, &a,
				MHD_OPTION_DIGEST_AUTH_RANDOM, sizeof(rnd), rnd,
				MHD_OPTION_NONCE_NC_SIZE, 64,
				MHD_OPTION_CONNECTION_TIMEOUT, 0u,
				MHD_OPTION_END);
	if (t->d == NULL)
		die("MHD_start_daemon", 0);
	info = MHD_get_daemon_info(t->d, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0)
		die("MHD_DAEMON_INFO_BIND_PORT", 0);
	a.sin_port = htons(info->port);
	t->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (t->fd < 0 || connect(t->fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		die("connect", errno);

	/* the challenge, answered by our client */
	mhd_exchange(t, first, sizeof(first) - 1, buf, sizeof(buf));
	chal = strstr(buf, "WWW-Authenticate: Digest ");
	if (chal == NULL || strncmp(buf, "HTTP/1.1 401", 12) != 0)
		die("mhd challenge", 0);
	chal += sizeof("WWW-Authenticate: Digest ") - 1;
	end = strstr(chal, "\r\n");
	http_client_cred(&ccred);
	CHECK(http_isc(&ccred, &c, chal, (size_t)(end - chal), out, &olen),
	      SEC_E_OK);
	t->req = xmalloc(sizeof(char *) * (size_t)(n + 1));
	t->rlen = xmalloc(sizeof(size_t) * (size_t)(n + 1));
	t->req[0] = mhd_request(out, olen, &t->rlen[0]);
	for (i = 1; i <= n; i++) {
		CHECK(http_sign(&c, out, &olen), SEC_E_OK);
		t->req[i] = mhd_request(out, olen, &t->rlen[i]);
	}
	DeleteSecurityContext(&c);
	FreeCredentialsHandle(&ccred);
	/* the first answer (nc=1), checked outside the measurement */
	t->answered = true;
	mhd_exchange(t, t->req[0], t->rlen[0], buf, sizeof(buf));
	if (!t->ok || strncmp(buf, "HTTP/1.1 200", 12) != 0)
		die("mhd refused our answer", 0);
	t->measuring = true;
	t->spent = 0;
	return t;
}

static void
mhd_run(void *st, const struct scen *s, long n)
{
	struct mhd_st *t = st;
	char buf[TOKEN_MAX + 1];
	long i;

	(void)s;
	CALLGRIND_TOGGLE_COLLECT; /* on only inside the check */
	for (i = 1; i <= n; i++)
		mhd_exchange(t, t->req[i], t->rlen[i], buf, sizeof(buf));
	CALLGRIND_TOGGLE_COLLECT;
	if (!t->ok || strncmp(buf, "HTTP/1.1 200", 12) != 0)
		die("MHD_digest_auth_check2", 0);
	inner_time = t->spent;
}

static void
mhd_teardown(void *st)
{
	struct mhd_st *t = st;
	long i;

	close(t->fd);
	MHD_stop_daemon(t->d);
	for (i = 0; i <= t->n; i++)
		free(t->req[i]);
	free(t->req);
	free(t->rlen);
	free(t);
}
#endif

/* ---- the limit: nettle alone ------------------------------------------------------ */

static const char lim_nonce[] = "ts8bytesRND8bytesMACmacMACmacMACmacMAC000";
static const char lim_cnonce[] = "0a4f113b0a4f113b0a4f113b0a4f113b";

static const struct nettle_hash *
lim_hash(int alg)
{
	return alg == 0 ? &nettle_md5 : alg == 1 ? &nettle_sha256 :
						   &nettle_sha512_256;
}

#define UPD(h, ctx, s) (h)->update((ctx), sizeof(s) - 1, (const uint8_t *)(s))

/*
 * H(A1), H(A2), response: 3 hashes with hex between them. With rspauth
 * (the server's first check, RFC 7616 section 3.5), 2 more: H(A2') with
 * A2' = ":" uri, and KD(H(A1), nonce ":" nc ":" cnonce ":auth:" H(A2')).
 */
static void
lim_http_once(const struct nettle_hash *h, int with_a1, int with_rspauth,
	      uint8_t *ha1hex)
{
	union {
		struct md5_ctx m;
		struct sha256_ctx s;
		struct sha512_ctx l;
	} c;
	uint8_t d[64], ha2hex[129], resp[64];
	size_t dl = h->digest_size;

	if (with_a1) {
		h->init(&c);
		UPD(h, &c, H_USER ":" H_REALM ":" H_PASSWORD);
		h->digest(&c, dl, d);
		base16_encode_update((char *)ha1hex, dl, d);
	}
	h->init(&c);
	UPD(h, &c, "GET:" H_URI);
	h->digest(&c, dl, d);
	base16_encode_update((char *)ha2hex, dl, d);
	h->init(&c);
	h->update(&c, 2 * dl, ha1hex);
	UPD(h, &c, ":");
	UPD(h, &c, lim_nonce);
	UPD(h, &c, ":00000001:");
	UPD(h, &c, lim_cnonce);
	UPD(h, &c, ":auth:");
	h->update(&c, 2 * dl, ha2hex);
	h->digest(&c, dl, resp);
	sink += resp[0];
	if (!with_rspauth)
		return;
	h->init(&c);
	UPD(h, &c, ":" H_URI);
	h->digest(&c, dl, d);
	base16_encode_update((char *)ha2hex, dl, d);
	h->init(&c);
	h->update(&c, 2 * dl, ha1hex);
	UPD(h, &c, ":");
	UPD(h, &c, lim_nonce);
	UPD(h, &c, ":00000001:");
	UPD(h, &c, lim_cnonce);
	UPD(h, &c, ":auth:");
	h->update(&c, 2 * dl, ha2hex);
	h->digest(&c, dl, resp);
	sink += resp[0];
}

static void *
no_setup(const struct scen *s, long n)
{
	(void)s;
	(void)n;
	return NULL;
}

static void
no_teardown(void *st)
{
	(void)st;
}

static void
lim_http_run(void *st, const struct scen *s, long n)
{
	uint8_t ha1hex[129];
	long i;

	(void)st;
	memset(ha1hex, '0', sizeof(ha1hex));
	for (i = 0; i < n; i++)
		lim_http_once(lim_hash(s->alg), 1, 0, ha1hex);
}

static void
lim_http_server_run(void *st, const struct scen *s, long n)
{
	uint8_t ha1hex[129];
	long i;

	(void)st;
	memset(ha1hex, '0', sizeof(ha1hex));
	for (i = 0; i < n; i++)
		lim_http_once(lim_hash(s->alg), 1, 1, ha1hex);
}

static void
lim_http_later_run(void *st, const struct scen *s, long n)
{
	uint8_t ha1hex[129];
	long i;

	(void)st;
	memset(ha1hex, '0', sizeof(ha1hex));
	for (i = 0; i < n; i++)
		lim_http_once(lim_hash(s->alg), 0, 0, ha1hex);
}

/* One side of a SASL handshake: SS, H(A1), A2/response, rspauth,
 * then the keys of the layer. */
static void
lim_sasl_side(int q)
{
	static const char kic[] =
	    "Digest session key to client-to-server signing key magic constant";
	static const char kis[] =
	    "Digest session key to server-to-client signing key magic constant";
	static const char kcc[] =
	    "Digest H(A1) to client-to-server sealing key magic constant";
	static const char kcs[] =
	    "Digest H(A1) to server-to-client sealing key magic constant";
	static const char zeros[] = ":00000000000000000000000000000000";
	struct md5_ctx c;
	uint8_t ss[16], ha1[16], h[16], ha1hex[32], ha2hex[32], key[16];
	const char *qop = q == Q_AUTH ? "auth" : q == Q_INT ? "auth-int" :
							      "auth-conf";
	int pass;

	md5_init(&c);
	md5_update(&c, sizeof(S_USER ":" S_REALM ":" S_PASSWORD) - 1,
		   (const uint8_t *)(S_USER ":" S_REALM ":" S_PASSWORD));
	md5_digest(&c, 16, ss);
	md5_init(&c);
	md5_update(&c, 16, ss);
	UPD(&nettle_md5, &c, ":");
	UPD(&nettle_md5, &c, lim_nonce);
	UPD(&nettle_md5, &c, ":");
	UPD(&nettle_md5, &c, lim_cnonce);
	md5_digest(&c, 16, ha1);
	base16_encode_update((char *)ha1hex, 16, ha1);
	for (pass = 0; pass < 2; pass++) { /* response, then rspauth */
		md5_init(&c);
		if (pass == 0)
			UPD(&nettle_md5, &c, "AUTHENTICATE");
		UPD(&nettle_md5, &c, ":" S_TARGET);
		if (q != Q_AUTH)
			UPD(&nettle_md5, &c, zeros);
		md5_digest(&c, 16, h);
		base16_encode_update((char *)ha2hex, 16, h);
		md5_init(&c);
		md5_update(&c, 32, ha1hex);
		UPD(&nettle_md5, &c, ":");
		UPD(&nettle_md5, &c, lim_nonce);
		UPD(&nettle_md5, &c, ":00000001:");
		UPD(&nettle_md5, &c, lim_cnonce);
		UPD(&nettle_md5, &c, ":");
		md5_update(&c, strlen(qop), (const uint8_t *)qop);
		UPD(&nettle_md5, &c, ":");
		md5_update(&c, 32, ha2hex);
		md5_digest(&c, 16, h);
		sink += h[0];
	}
	if (q == Q_AUTH)
		return;
	md5_init(&c);
	md5_update(&c, 16, ha1);
	UPD(&nettle_md5, &c, kic);
	md5_digest(&c, 16, key);
	sink += key[0];
	md5_init(&c);
	md5_update(&c, 16, ha1);
	UPD(&nettle_md5, &c, kis);
	md5_digest(&c, 16, key);
	sink += key[0];
	if (q == Q_INT)
		return;
	{
		int dir;

		for (dir = 0; dir < 2; dir++) {
			md5_init(&c);
			md5_update(&c, 16, ha1);
			if (dir == 0)
				UPD(&nettle_md5, &c, kcc);
			else
				UPD(&nettle_md5, &c, kcs);
			md5_digest(&c, 16, key);
			if (q == Q_CONF_RC4) {
				struct arcfour_ctx a;

				arcfour_set_key(&a, 16, key);
				sink += a.i;
			} else {
				struct des3_ctx d3;
				uint8_t k24[24];

				memcpy(k24, key, 16);
				memcpy(k24 + 16, key, 8);
				des_fix_parity(24, k24, k24);
				sink += (unsigned)des3_set_key(&d3, k24);
			}
		}
	}
}

static void
lim_sasl_run(void *st, const struct scen *s, long n)
{
	long i;

	(void)st;
	for (i = 0; i < n; i++) {
		lim_sasl_side(s->alg); /* client */
		lim_sasl_side(s->alg); /* server */
	}
}

/* The layer: HMAC-MD5(Ki, seq || msg)[0..9] + the cipher over
 * msg || padding || mac, on both sides. */
struct lim_layer_st {
	struct hmac_md5_ctx hs, hr;
	struct arcfour_ctx ae, ad;
	struct des_ctx de;
	struct des3_ctx d3;
	uint8_t ive[8], ivd[8];
	uint32_t seq;
	struct layer_st l;
};

static void *
lim_layer_setup(const struct scen *s, long n)
{
	struct lim_layer_st *t = xmalloc(sizeof(*t));
	uint8_t key[24] = { 0x13, 0x34, 0x57, 0x79, 0x9b, 0xbc, 0xdf, 0xf1,
			    0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01,
			    0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23 };

	(void)n;
	des_fix_parity(24, key, key);
	hmac_md5_set_key(&t->hs, 16, key);
	hmac_md5_set_key(&t->hr, 16, key);
	if (s->cipher >= 0) {
		arcfour_set_key(&t->ae, cipher_keylen[s->cipher] < 5 ? 5 :
				cipher_keylen[s->cipher], key);
		des_set_key(&t->de, key);
		des3_set_key(&t->d3, key);
	}
	memset(t->ive, 0, 8);
	memset(t->ivd, 0, 8);
	t->seq = 0;
	layer_alloc(&t->l, s->size, 65536 - 32, 32);
	return t;
}

static void
lim_cbc(struct lim_layer_st *t, int c, int enc, uint8_t *p, size_t len)
{
	if (c == C_DES) {
		if (enc)
			cbc_encrypt(&t->de, (nettle_cipher_func *)des_encrypt,
				    8, t->ive, len, p, p);
		else
			cbc_decrypt(&t->de, (nettle_cipher_func *)des_decrypt,
				    8, t->ivd, len, p, p);
	} else {
		if (enc)
			cbc_encrypt(&t->d3, (nettle_cipher_func *)des3_encrypt,
				    8, t->ive, len, p, p);
		else
			cbc_decrypt(&t->d3, (nettle_cipher_func *)des3_decrypt,
				    8, t->ivd, len, p, p);
	}
}

static void
lim_mac(struct hmac_md5_ctx *h, uint32_t seq, const uint8_t *p, size_t len,
	uint8_t *mac)
{
	uint8_t sq[4] = { (uint8_t)(seq >> 24), (uint8_t)(seq >> 16),
			  (uint8_t)(seq >> 8), (uint8_t)seq };

	hmac_md5_update(h, 4, sq);
	hmac_md5_update(h, len, p);
	hmac_md5_digest(h, 16, mac);
}

static void
lim_layer_run(void *st, const struct scen *s, long n)
{
	struct lim_layer_st *t = st;
	long i;
	size_t k;
	int c = s->cipher;

	for (i = 0; i < n; i++) {
		for (k = 0; k < t->l.nchunks; k++) {
			uint8_t *f = t->l.buf + k * t->l.stride;
			size_t len = layer_chunk_len(&t->l, s->size, k), tot;
			uint8_t mac[16], mac2[16];

			/* sender */
			lim_mac(&t->hs, t->seq, f, len, mac);
			if (c < 0) {
				/* receiver of a signature */
				lim_mac(&t->hr, t->seq, f, len, mac2);
				sink += (unsigned)memeql_sec(mac, mac2, 10);
				t->seq++;
				continue;
			}
			tot = len;
			if (c == C_DES || c == C_3DES) {
				size_t pad = 8 - (len + 10) % 8;

				memset(f + tot, (int)pad, pad);
				tot += pad;
			}
			memcpy(f + tot, mac, 10);
			tot += 10;
			if (c == C_DES || c == C_3DES)
				lim_cbc(t, c, 1, f, tot);
			else
				arcfour_crypt(&t->ae, tot, f, f);
			/* receiver */
			if (c == C_DES || c == C_3DES)
				lim_cbc(t, c, 0, f, tot);
			else
				arcfour_crypt(&t->ae, tot, f, f);
			lim_mac(&t->hr, t->seq, f, len, mac2);
			sink += (unsigned)memeql_sec(mac2, f + tot - 10, 10);
			t->seq++;
		}
	}
}

static void
lim_layer_teardown(void *st)
{
	struct lim_layer_st *t = st;

	free(t->l.buf);
	free(t);
}

/* ---- Cyrus SASL ------------------------------------------------------------------- */

#ifdef HAVE_CYRUS
#define CB(fn) ((int (*)(void))(void (*)(void))(fn))
#define AUXPROP_NAME "dssbench"

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
		*result = "0";
	else
		return SASL_FAIL;
	if (len != NULL)
		*len = (unsigned)strlen(*result);
	return SASL_OK;
}

static sasl_callback_t cy_global_cbs[] = {
	{ SASL_CB_GETOPT, CB(cy_getopt_cb), NULL },
	{ SASL_CB_LIST_END, NULL, NULL },
};

static int
cy_aux_lookup(void *glob_context, sasl_server_params_t *sparams,
	      unsigned flags, const char *user, unsigned ulen)
{
	const struct propval *cur;

	(void)glob_context;
	(void)user;
	(void)ulen;
	if (flags & SASL_AUXPROP_AUTHZID)
		return SASL_OK;
	for (cur = sparams->utils->prop_get(sparams->propctx);
	     cur != NULL && cur->name != NULL; cur++) {
		if (strcmp(cur->name, SASL_AUX_PASSWORD) != 0)
			continue;
		if (cur->values != NULL) {
			if (!(flags & SASL_AUXPROP_OVERRIDE))
				continue;
			sparams->utils->prop_erase(sparams->propctx,
						   cur->name);
		}
		sparams->utils->prop_set(sparams->propctx, cur->name,
					 S_PASSWORD,
					 (int)strlen(S_PASSWORD));
	}
	return SASL_OK;
}

static char cy_aux_name[] = AUXPROP_NAME;
static sasl_auxprop_plug_t cy_aux_plug = {
	.auxprop_lookup = cy_aux_lookup,
	.name = cy_aux_name,
};

static int
cy_aux_init(const sasl_utils_t *utils, int max_version, int *out_version,
	    sasl_auxprop_plug_t **plug, const char *plugname)
{
	(void)utils;
	(void)plugname;
	if (max_version < SASL_AUXPROP_PLUG_VERSION)
		return SASL_BADVERS;
	*out_version = SASL_AUXPROP_PLUG_VERSION;
	*plug = &cy_aux_plug;
	return SASL_OK;
}

static int cy_ready;

static void
cy_init(void)
{
	if (cy_ready)
		return;
	if (sasl_server_init(cy_global_cbs, "dss-bench") != SASL_OK ||
	    sasl_auxprop_add_plugin(AUXPROP_NAME, cy_aux_init) != SASL_OK ||
	    sasl_client_init(cy_global_cbs) != SASL_OK)
		die("Cyrus SASL initialisation", 0);
	cy_ready = 1;
}

struct cy_pair {
	sasl_conn_t *c, *s;
	sasl_callback_t cbs[5];
	sasl_secret_t *secret;
	unsigned ssf;
	struct layer_st l;
};

static int
cy_simple_cb(void *context, int id, const char **result, unsigned *len)
{
	(void)context;
	if (id != SASL_CB_AUTHNAME && id != SASL_CB_USER)
		return SASL_FAIL;
	*result = S_USER;
	if (len != NULL)
		*len = sizeof(S_USER) - 1;
	return SASL_OK;
}

static int
cy_pass_cb(sasl_conn_t *conn, void *context, int id, sasl_secret_t **psecret)
{
	struct cy_pair *p = context;

	(void)conn;
	if (id != SASL_CB_PASS)
		return SASL_FAIL;
	*psecret = p->secret;
	return SASL_OK;
}

static int
cy_realm_cb(void *context, int id, const char **availrealms,
	    const char **result)
{
	(void)context;
	if (id != SASL_CB_GETREALM)
		return SASL_FAIL;
	*result = availrealms != NULL && availrealms[0] != NULL ?
			  availrealms[0] : S_REALM;
	return SASL_OK;
}

static void
cy_props(sasl_conn_t *c, unsigned ssf)
{
	sasl_security_properties_t sp;

	memset(&sp, 0, sizeof(sp));
	sp.min_ssf = ssf;
	sp.max_ssf = ssf;
	sp.maxbufsize = 65536;
	if (sasl_setprop(c, SASL_SEC_PROPS, &sp) != SASL_OK)
		die("sasl_setprop", 0);
}

static void
cy_handshake(struct cy_pair *p)
{
	const char *o = NULL, *mech = NULL;
	unsigned olen = 0;
	int rc;

	if (sasl_server_new(S_SERVICE, S_HOST, S_REALM, NULL, NULL, NULL,
			    SASL_SUCCESS_DATA, &p->s) != SASL_OK)
		die("sasl_server_new", 0);
	cy_props(p->s, p->ssf);
	if (sasl_client_new(S_SERVICE, S_HOST, NULL, NULL, p->cbs, 0, &p->c) !=
	    SASL_OK)
		die("sasl_client_new", 0);
	cy_props(p->c, p->ssf);
	rc = sasl_server_start(p->s, "DIGEST-MD5", NULL, 0, &o, &olen);
	if (rc != SASL_CONTINUE)
		die("sasl_server_start", rc);
	rc = sasl_client_start(p->c, "DIGEST-MD5", NULL, NULL, NULL, &mech);
	if (rc != SASL_CONTINUE)
		die("sasl_client_start", rc);
	rc = sasl_client_step(p->c, o, olen, NULL, &o, &olen);
	if (rc != SASL_CONTINUE)
		die("sasl_client_step", rc);
	rc = sasl_server_step(p->s, o, olen, &o, &olen);
	if (rc != SASL_OK)
		die("sasl_server_step", rc);
	rc = sasl_client_step(p->c, o, olen, NULL, &o, &olen);
	if (rc != SASL_OK)
		die("sasl_client_step (rspauth)", rc);
}

static void *
cy_setup(const struct scen *s, long n)
{
	struct cy_pair *p = calloc(1, sizeof(*p));
	size_t plen = strlen(S_PASSWORD);

	(void)n;
	if (p == NULL)
		die("calloc", 0);
	cy_init();
	p->secret = xmalloc(sizeof(sasl_secret_t) + plen);
	p->secret->len = plen;
	memcpy(p->secret->data, S_PASSWORD, plen + 1);
	p->cbs[0] = (sasl_callback_t){ SASL_CB_AUTHNAME, CB(cy_simple_cb), p };
	p->cbs[1] = (sasl_callback_t){ SASL_CB_USER, CB(cy_simple_cb), p };
	p->cbs[2] = (sasl_callback_t){ SASL_CB_PASS, CB(cy_pass_cb), p };
	p->cbs[3] = (sasl_callback_t){ SASL_CB_GETREALM, CB(cy_realm_cb), p };
	p->cbs[4] = (sasl_callback_t){ SASL_CB_LIST_END, NULL, NULL };
	p->ssf = s->cipher >= 0 ? cipher_ssf[s->cipher] :
		 s->size > 0	? 1 : 0;
	if (s->size > 0) {
		const void *v = NULL;

		cy_handshake(p);
		if (sasl_getprop(p->c, SASL_MAXOUTBUF, &v) != SASL_OK ||
		    v == NULL)
			die("sasl_getprop(MAXOUTBUF)", 0);
		layer_alloc(&p->l, s->size, *(const unsigned *)v, 0);
	}
	return p;
}

static void
cy_hs_run(void *st, const struct scen *s, long n)
{
	struct cy_pair *p = st;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		cy_handshake(p);
		sasl_dispose(&p->c);
		sasl_dispose(&p->s);
	}
}

static void
cy_layer_run(void *st, const struct scen *s, long n)
{
	struct cy_pair *p = st;
	long i;
	size_t k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < p->l.nchunks; k++) {
			const char *o = NULL, *d = NULL;
			unsigned olen = 0, dlen = 0;
			size_t len = layer_chunk_len(&p->l, s->size, k);

			if (sasl_encode(p->c,
					(const char *)p->l.buf + k * p->l.stride,
					(unsigned)len, &o, &olen) != SASL_OK)
				die("sasl_encode", 0);
			if (sasl_decode(p->s, o, olen, &d, &dlen) != SASL_OK ||
			    dlen != len)
				die("sasl_decode", 0);
		}
	}
}

static void
cy_teardown(void *st)
{
	struct cy_pair *p = st;

	if (p->c != NULL)
		sasl_dispose(&p->c);
	if (p->s != NULL)
		sasl_dispose(&p->s);
	free(p->l.buf);
	free(p->secret);
	free(p);
}
#endif

/* ---- GNU SASL --------------------------------------------------------------------- */

#ifdef HAVE_GSASL
static Gsasl *gctx;

static int
gs_callback(Gsasl *ctx, Gsasl_session *sctx, Gsasl_property prop)
{
	(void)ctx;
	if (prop != GSASL_PASSWORD)
		return GSASL_NO_CALLBACK;
	return gsasl_property_set(sctx, GSASL_PASSWORD, S_PASSWORD);
}

struct gs_pair {
	Gsasl_session *c, *s;
	int integrity;
	struct layer_st l;
};

static void
gs_prop(Gsasl_session *s, Gsasl_property p, const char *v)
{
	if (gsasl_property_set(s, p, v) != GSASL_OK)
		die("gsasl_property_set", 0);
}

static void
gs_handshake(struct gs_pair *p)
{
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	const char *qop = p->integrity ? "qop-int" : "qop-auth";
	int rc;

	if (gsasl_server_start(gctx, "DIGEST-MD5", &p->s) != GSASL_OK ||
	    gsasl_client_start(gctx, "DIGEST-MD5", &p->c) != GSASL_OK)
		die("gsasl_*_start", 0);
	gs_prop(p->s, GSASL_SERVICE, S_SERVICE);
	gs_prop(p->s, GSASL_HOSTNAME, S_HOST);
	gs_prop(p->s, GSASL_REALM, S_REALM);
	gs_prop(p->s, GSASL_QOPS, qop);
	gs_prop(p->c, GSASL_AUTHID, S_USER);
	gs_prop(p->c, GSASL_PASSWORD, S_PASSWORD);
	gs_prop(p->c, GSASL_SERVICE, S_SERVICE);
	gs_prop(p->c, GSASL_HOSTNAME, S_HOST);
	gs_prop(p->c, GSASL_QOP, qop);
	rc = gsasl_step(p->s, "", 0, &a, &alen);
	if (rc != GSASL_NEEDS_MORE)
		die("gsasl_step(server start)", rc);
	rc = gsasl_step(p->c, a, alen, &b, &blen);
	if (rc != GSASL_NEEDS_MORE)
		die("gsasl_step(client)", rc);
	gsasl_free(a);
	rc = gsasl_step(p->s, b, blen, &a, &alen);
	if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
		die("gsasl_step(server)", rc);
	gsasl_free(b);
	rc = gsasl_step(p->c, a, alen, &b, &blen);
	if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
		die("gsasl_step(client rspauth)", rc);
	gsasl_free(a);
	gsasl_free(b);
	if (rc == GSASL_NEEDS_MORE) {
		/* the server's final empty step */
		rc = gsasl_step(p->s, "", 0, &a, &alen);
		if (rc != GSASL_OK)
			die("gsasl_step(server final)", rc);
		gsasl_free(a);
	}
}

static void *
gs_setup(const struct scen *s, long n)
{
	struct gs_pair *p = calloc(1, sizeof(*p));

	(void)n;
	if (p == NULL)
		die("calloc", 0);
	if (gctx == NULL) {
		if (gsasl_init(&gctx) != GSASL_OK)
			die("gsasl_init", 0);
		gsasl_callback_set(gctx, gs_callback);
	}
	p->integrity = s->size > 0;
	if (p->integrity) {
		gs_handshake(p);
		layer_alloc(&p->l, s->size, 65536 - 16, 0);
	}
	return p;
}

static void
gs_hs_run(void *st, const struct scen *s, long n)
{
	struct gs_pair *p = st;
	long i;

	(void)s;
	for (i = 0; i < n; i++) {
		gs_handshake(p);
		gsasl_finish(p->c);
		gsasl_finish(p->s);
		p->c = p->s = NULL;
	}
}

static void
gs_layer_run(void *st, const struct scen *s, long n)
{
	struct gs_pair *p = st;
	long i;
	size_t k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < p->l.nchunks; k++) {
			char *o = NULL, *d = NULL;
			size_t olen = 0, dlen = 0;
			size_t len = layer_chunk_len(&p->l, s->size, k);

			if (gsasl_encode(p->c,
					 (const char *)p->l.buf +
						 k * p->l.stride,
					 len, &o, &olen) != GSASL_OK)
				die("gsasl_encode", 0);
			if (gsasl_decode(p->s, o, olen, &d, &dlen) !=
				    GSASL_OK ||
			    dlen != len)
				die("gsasl_decode", 0);
			gsasl_free(o);
			gsasl_free(d);
		}
	}
}

static void
gs_teardown(void *st)
{
	struct gs_pair *p = st;

	if (p->c != NULL)
		gsasl_finish(p->c);
	if (p->s != NULL)
		gsasl_finish(p->s);
	free(p->l.buf);
	free(p);
}
#endif

/* ---- the scenario list ----------------------------------------------------------------- */

#define MAX_SCEN 160
static struct scen scens[MAX_SCEN];
static size_t nscen;

static struct scen *
add(setup_fn su, run_fn ru, teardown_fn td, long instr_n, const char *fmt,
    ...) __attribute__((format(printf, 5, 6)));

static struct scen *
add(setup_fn su, run_fn ru, teardown_fn td, long instr_n, const char *fmt,
    ...)
{
	struct scen *s = &scens[nscen++];
	va_list ap;

	memset(s, 0, sizeof(*s));
	va_start(ap, fmt);
	vsnprintf(s->name, sizeof(s->name), fmt, ap);
	va_end(ap);
	s->setup = su;
	s->run = ru;
	s->teardown = td;
	s->instr_n = instr_n;
	s->cipher = -1;
	return s;
}

static const size_t layer_sizes[] = { 64, 1024, 16384, 65536 };
static const char *const size_names[] = { "64", "1K", "16K", "64K" };

static long
layer_instr_n(size_t size)
{
	return size <= 1024 ? 200 : size <= 16384 ? 20 : 6;
}

static void
build_list(void)
{
	struct scen *s;
	int a, q, c;
	size_t z;

	for (a = 0; a < 3; a++) {
		s = add(no_setup, lim_http_run, no_teardown, 2000,
			"nettle/http/%s", alg_short[a]);
		s->alg = a;
		s = add(no_setup, lim_http_later_run, no_teardown, 2000,
			"nettle/http-later/%s", alg_short[a]);
		s->alg = a;
		s = add(no_setup, lim_http_server_run, no_teardown, 2000,
			"nettle/http-server/%s", alg_short[a]);
		s->alg = a;
		s = add(http_isc_setup, http_isc_run, http_isc_teardown, 200,
			"http/isc/%s", alg_short[a]);
		s->alg = a;
		snprintf(s->limit, sizeof(s->limit), "nettle/http/%s",
			 alg_short[a]);
		s = add(http_sign_setup, http_sign_run, http_sign_teardown,
			200, "http/sign/%s", alg_short[a]);
		s->alg = a;
		snprintf(s->limit, sizeof(s->limit), "nettle/http-later/%s",
			 alg_short[a]);
		s = add(http_asc_setup, http_asc_run, http_asc_teardown, 200,
			"http/asc/%s", alg_short[a]);
		s->alg = a;
		snprintf(s->limit, sizeof(s->limit), "nettle/http-server/%s",
			 alg_short[a]);
		snprintf(s->narrow, sizeof(s->narrow), "nettle/http/%s",
			 alg_short[a]);
#ifdef HAVE_MHD
		if (a < 2)
			snprintf(s->peer, sizeof(s->peer), "mhd/check/%s",
				 alg_short[a]);
#endif
		s = add(http_later_setup, http_later_run, http_later_teardown,
			200, "http/later/%s", alg_short[a]);
		s->alg = a;
		snprintf(s->limit, sizeof(s->limit), "nettle/http-later/%s",
			 alg_short[a]);
#ifdef HAVE_MHD
		if (a < 2) { /* MHD 0.9.75: MD5 and SHA-256 */
			snprintf(s->peer, sizeof(s->peer), "mhd/check/%s",
				 alg_short[a]);
			s = add(mhd_setup, mhd_run, mhd_teardown, 200,
				"mhd/check/%s", alg_short[a]);
			s->alg = a;
			snprintf(s->limit, sizeof(s->limit),
				 "nettle/http/%s", alg_short[a]);
		}
#endif
		s = add(http_later_setup, http_verify_run, http_later_teardown,
			200, "http/verify/%s", alg_short[a]);
		s->alg = a;
		snprintf(s->limit, sizeof(s->limit), "nettle/http-later/%s",
			 alg_short[a]);
	}
	/* no limit row: the nonce's HMAC-SHA-256 is all its hashing */
	s = add(http_challenge_setup, http_challenge_run,
		http_challenge_teardown, 200, "http/challenge/md5");
	s->alg = 0;
	for (q = 0; q < Q_COUNT; q++) {
		s = add(no_setup, lim_sasl_run, no_teardown, 1000,
			"nettle/sasl-hs/%s", qop_names[q]);
		s->alg = q;
		s = add(sasl_hs_setup, sasl_hs_run, sasl_pair_free, 100,
			"sasl/hs/%s", qop_names[q]);
		s->alg = q;
		snprintf(s->limit, sizeof(s->limit), "nettle/sasl-hs/%s",
			 qop_names[q]);
		if (q == Q_AUTH) {
#ifdef HAVE_CYRUS
			snprintf(s->peer, sizeof(s->peer), "cyrus/hs/auth");
			add(cy_setup, cy_hs_run, cy_teardown, 50,
			    "cyrus/hs/auth");
#endif
#ifdef HAVE_GSASL
			add(gs_setup, gs_hs_run, gs_teardown, 50,
			    "gsasl/hs/auth");
#endif
		}
	}
	for (z = 0; z < 4; z++) {
		long in = layer_instr_n(layer_sizes[z]);

		s = add(no_setup, lim_layer_run, no_teardown, in,
			"nettle/layer/auth-int/%s", size_names[z]);
		s->setup = lim_layer_setup;
		s->teardown = lim_layer_teardown;
		s->size = layer_sizes[z];
		s = add(layer_setup, layer_sign_run, layer_teardown, in,
			"layer/sign/auth-int/%s", size_names[z]);
		s->size = layer_sizes[z];
		snprintf(s->limit, sizeof(s->limit), "nettle/layer/auth-int/%s",
			 size_names[z]);
#ifdef HAVE_CYRUS
		snprintf(s->peer, sizeof(s->peer), "cyrus/layer/auth-int/%s",
			 size_names[z]);
		s = add(cy_setup, cy_layer_run, cy_teardown, in,
			"cyrus/layer/auth-int/%s", size_names[z]);
		s->size = layer_sizes[z];
#endif
#ifdef HAVE_GSASL
		s = add(gs_setup, gs_layer_run, gs_teardown, in,
			"gsasl/layer/auth-int/%s", size_names[z]);
		s->size = layer_sizes[z];
#endif
		for (c = 0; c < C_COUNT; c++) {
			s = add(lim_layer_setup, lim_layer_run,
				lim_layer_teardown, in, "nettle/layer/%s/%s",
				cipher_names[c], size_names[z]);
			s->size = layer_sizes[z];
			s->cipher = c;
			s = add(layer_setup, layer_seal_run, layer_teardown, in,
				"layer/seal/%s/%s", cipher_names[c],
				size_names[z]);
			s->size = layer_sizes[z];
			s->cipher = c;
			snprintf(s->limit, sizeof(s->limit),
				 "nettle/layer/%s/%s", cipher_names[c],
				 size_names[z]);
#ifdef HAVE_CYRUS
			if (c == C_3DES)
				continue; /* Debian's Cyrus cannot (OpenSSL 3) */
			snprintf(s->peer, sizeof(s->peer), "cyrus/layer/%s/%s",
				 cipher_names[c], size_names[z]);
			s = add(cy_setup, cy_layer_run, cy_teardown, in,
				"cyrus/layer/%s/%s", cipher_names[c],
				size_names[z]);
			s->size = layer_sizes[z];
			s->cipher = c;
#endif
		}
	}
}

static struct scen *
find(const char *name)
{
	size_t i;

	for (i = 0; i < nscen; i++)
		if (strcmp(scens[i].name, name) == 0)
			return &scens[i];
	return NULL;
}

/* The rows whose name has filter (NULL: all), with their references. */
static void
select_rows(const char *filter)
{
	size_t i;
	struct scen *r;

	for (i = 0; i < nscen; i++)
		scens[i].selected =
		    filter == NULL || strstr(scens[i].name, filter) != NULL;
	for (i = 0; i < nscen; i++) {
		if (!scens[i].selected)
			continue;
		if (scens[i].limit[0] && (r = find(scens[i].limit)) != NULL)
			r->selected = 1;
		if (scens[i].narrow[0] && (r = find(scens[i].narrow)) != NULL)
			r->selected = 1;
		if (scens[i].peer[0] && (r = find(scens[i].peer)) != NULL)
			r->selected = 1;
	}
}

/* ---- running ----------------------------------------------------------------------- */

/* One timed run of n iterations; seconds. */
static double
timed(struct scen *s, long n)
{
	void *st = s->setup(s, n);
	double t0, t1;

	inner_time = -1;
	CALLGRIND_TOGGLE_COLLECT;
	t0 = now();
	s->run(st, s, n);
	t1 = now();
	CALLGRIND_TOGGLE_COLLECT;
	s->teardown(st);
	return inner_time >= 0 ? inner_time : t1 - t0;
}

static double min_time = 0.15; /* seconds per measured run */

static void
measure(struct scen *s)
{
	long n = 4;
	double t = timed(s, n), best;
	int r;

	while (t < min_time && n < (1L << 26)) {
		n = t > 0.001 ? (long)((double)n * min_time / t * 1.2) + 1 :
				n * 8;
		t = timed(s, n);
	}
	best = t;
	for (r = 0; r < 2; r++) {
		t = timed(s, n);
		if (t < best)
			best = t;
	}
	s->ops = (double)n / best;
}

static char self_path[4096];
static char out_dir[4096] = "bench-callgrind";

static double
callgrind_ir(struct scen *s, long n)
{
	char file[4400], cmd[9000], line[512], safe[64];
	FILE *f;
	double ir = -1;
	size_t i;

	for (i = 0; s->name[i] && i < sizeof(safe) - 1; i++)
		safe[i] = s->name[i] == '/' ? '_' : s->name[i];
	safe[i] = '\0';
	snprintf(file, sizeof(file), "%s/%s.%ld.out", out_dir, safe, n);
	snprintf(cmd, sizeof(cmd),
		 "valgrind --tool=callgrind --collect-atstart=no "
		 "--callgrind-out-file='%s' '%s' --run '%s' %ld "
		 ">/dev/null 2>&1",
		 file, self_path, s->name, n);
	if (system(cmd) != 0)
		return -1;
	f = fopen(file, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "totals:", 7) == 0 ||
		    strncmp(line, "summary:", 8) == 0)
			ir = strtod(line + (line[0] == 't' ? 7 : 8), NULL);
	fclose(f);
	return ir;
}

static void
measure_instr(struct scen *s)
{
	double a = callgrind_ir(s, s->instr_n);
	double b = callgrind_ir(s, 2 * s->instr_n);

	s->ir = a >= 0 && b >= 0 ? (b - a) / (double)s->instr_n : 0;
}

/* ratio of s to the row named ref: instructions if known, else time */
static double
ratio(const struct scen *s, const char *ref, int *by_ir)
{
	const struct scen *r = ref[0] ? find(ref) : NULL;

	if (r == NULL || r->ops == 0)
		return 0;
	if (s->ir > 0 && r->ir > 0) {
		*by_ir = 1;
		return s->ir / r->ir;
	}
	*by_ir = 0;
	return s->ops > 0 ? r->ops / s->ops : 0;
}

static int use_instr;

static void
print_table(void)
{
	size_t i;

	printf("%-30s %12s %10s %12s %9s %9s\n", "scenario", "ops/s",
	       "ns/op", "Ir/op", "x-limit", "x-peer");
	for (i = 0; i < nscen; i++) {
		const struct scen *s = &scens[i];
		char ir[32] = "-", rl[16] = "-", rp[16] = "-";
		int b1 = 0, b2 = 0;
		double x;

		if (s->ops == 0)
			continue;
		if (s->ir > 0)
			snprintf(ir, sizeof(ir), "%.0f", s->ir);
		if ((x = ratio(s, s->limit, &b1)) > 0)
			snprintf(rl, sizeof(rl), "%.2f%s", x, b1 ? "" : "t");
		if ((x = ratio(s, s->peer, &b2)) > 0)
			snprintf(rp, sizeof(rp), "%.2f%s", x, b2 ? "" : "t");
		printf("%-30s %12.0f %10.0f %12s %9s %9s\n", s->name, s->ops,
		       1e9 / s->ops, ir, rl, rp);
	}
	printf("(x-limit, x-peer: ratio of instructions per op; a trailing "
	       "t: of time, run with --instr for instructions)\n");
}

struct target {
	const char *row, *ref;
	double max;
	const char *what;
};

static const struct target targets[] = {
	{ "sasl/hs/auth", "nettle/sasl-hs/auth", 1.5,
	  "SASL handshake (qop=auth) <= 1.5x nettle" },
	{ "sasl/hs/auth", "cyrus/hs/auth", 1.0 / 3,
	  "SASL handshake (qop=auth) <= 1/3 of Cyrus" },
	{ "http/isc/md5", "nettle/http/md5", 1.5, "HTTP client MD5 <= 1.5x" },
	{ "http/isc/sha256", "nettle/http/sha256", 1.5,
	  "HTTP client SHA-256 <= 1.5x" },
	{ "http/isc/sha512-256", "nettle/http/sha512-256", 1.5,
	  "HTTP client SHA-512-256 <= 1.5x" },
	{ "http/asc/md5", "nettle/http-server/md5", 1.5,
	  "HTTP server MD5 <= 1.5x" },
	{ "http/asc/sha256", "nettle/http-server/sha256", 1.5,
	  "HTTP server SHA-256 <= 1.5x" },
	{ "http/asc/sha512-256", "nettle/http-server/sha512-256", 1.5,
	  "HTTP server SHA-512-256 <= 1.5x" },
	{ "http/later/md5", "nettle/http-later/md5", 1.5,
	  "HTTP server later MD5 <= 1.5x" },
	{ "http/later/sha256", "nettle/http-later/sha256", 1.5,
	  "HTTP server later SHA-256 <= 1.5x" },
	{ "http/later/sha512-256", "nettle/http-later/sha512-256", 1.5,
	  "HTTP server later SHA-512-256 <= 1.5x" },
	{ NULL, NULL, 0, NULL },
};

static void
print_targets(void)
{
	const struct target *t;
	size_t i;

	printf("\ntargets (%s):\n", use_instr ? "instructions" : "time");
	for (t = targets; t->row != NULL; t++) {
		struct scen *s = find(t->row);
		int b = 0;
		double x = s != NULL ? ratio(s, t->ref, &b) : 0;

		if (x == 0)
			continue;
		printf("  %-4s %-44s %.2f", x <= t->max ? "PASS" : "MISS",
		       t->what, x);
		/* the goal posts, as they were: also against the narrow row */
		if (s->narrow[0] && (x = ratio(s, s->narrow, &b)) > 0)
			printf("  (%.2f against %s)", x, s->narrow);
		printf("\n");
	}
	for (i = 0; i < nscen; i++) {
		struct scen *s = &scens[i];
		double max, x;
		int b = 0;

		if (strncmp(s->name, "layer/", 6) != 0 ||
		    (s->size != 64 && s->size != 16384))
			continue;
		max = s->size == 64 ? 1.2 : 1.05;
		x = ratio(s, s->limit, &b);
		if (x == 0)
			continue;
		printf("  %-4s %-36s <= %.2fx %.2f\n",
		       x <= max ? "PASS" : "MISS", s->name, max, x);
	}
}

/* ---- scaling: the server checks on 1 and 2 threads ------------------------------- */

/*
 * What one thread checks: later requests of one session (http/later),
 * or first answers to challenges of the shared credential (http/asc),
 * n of them, made before the clock starts.
 */
struct first_st {
	CredHandle *scred;
	char **tok;
	ULONG *len;
};

static void
first_prepare(struct first_st *f, CredHandle *scred, long n)
{
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1];
	CredHandle ccred;
	ULONG clen, olen;
	CtxtHandle c;
	long i;

	f->scred = scred;
	f->tok = xmalloc(sizeof(char *) * (size_t)n);
	f->len = xmalloc(sizeof(ULONG) * (size_t)n);
	http_client_cred(&ccred);
	for (i = 0; i < n; i++) {
		http_challenge(scred, chal, &clen);
		CHECK(http_isc(&ccred, &c, chal, clen, out, &olen), SEC_E_OK);
		CHECK(DeleteSecurityContext(&c), SEC_E_OK);
		f->tok[i] = strdup(out);
		f->len[i] = olen;
	}
	FreeCredentialsHandle(&ccred);
}

static void
first_check(struct first_st *f, long n)
{
	char out[TOKEN_MAX + 1];
	ULONG olen;
	CtxtHandle h;
	long i;

	for (i = 0; i < n; i++) {
		CHECK(http_asc(f->scred, f->tok[i], f->len[i], &h, out, &olen),
		      SEC_E_OK);
		CHECK(DeleteSecurityContext(&h), SEC_E_OK);
	}
}

static void
first_release(struct first_st *f, long n)
{
	long i;

	for (i = 0; i < n; i++)
		free(f->tok[i]);
	free(f->tok);
	free(f->len);
}

struct thr {
	bool first; /* first answers, else later requests */
	struct http_later_st t;
	struct first_st f;
	long n;
	atomic_int *ready; /* threads at the start line */
	int nthreads;
	double cpu; /* seconds of this thread's CPU time in the checks */
	long waits; /* its voluntary context switches meanwhile */
	double t0, t1; /* wall clock when it started and ended its checks */
};

static double
thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *
thr_main(void *arg)
{
	struct thr *h = arg;
	struct rusage r0, r1;
	double c0;

	/*
	 * Start together: each thread spins until all are at the line, so
	 * all are on a CPU when the first check begins (a barrier would
	 * wake them one by one, a long time next to a run of 8 ms).
	 */
	atomic_fetch_add(h->ready, 1);
	while (atomic_load(h->ready) < h->nthreads)
		;
	getrusage(RUSAGE_THREAD, &r0);
	h->t0 = now();
	c0 = thread_cpu();
	if (h->first)
		first_check(&h->f, h->n);
	else
		http_later_check(&h->t, h->n);
	h->cpu = thread_cpu() - c0;
	h->t1 = now();
	getrusage(RUSAGE_THREAD, &r1);
	h->waits = r1.ru_nvcsw - r0.ru_nvcsw;
	return NULL;
}

/*
 * ops/s of nthreads checking n requests each; *cpu_op: CPU s per check,
 * *waits: voluntary context switches (a thread sleeping on a lock),
 * *cpus: the threads' CPU time over the wall time (2: both ran all along).
 */
static double
scaling_run(CredHandle *scred, bool first, int nthreads, long n,
	    double *cpu_op, long *waits, double *cpus)
{
	struct thr th[2];
	pthread_t tid[2];
	atomic_int ready = 0;
	double t0, t1;
	int i;

	for (i = 0; i < nthreads; i++) {
		th[i].first = first;
		if (first)
			first_prepare(&th[i].f, scred, n);
		else
			http_later_prepare(&th[i].t, scred, n);
		th[i].n = n;
		th[i].ready = &ready;
		th[i].nthreads = nthreads;
		pthread_create(&tid[i], NULL, thr_main, &th[i]);
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(tid[i], NULL);
	/*
	 * The wall time is from the first thread's start to the last one's
	 * end, as the threads saw them: this (main) thread may be scheduled
	 * late after the barrier, which would shorten a span it measured.
	 */
	t0 = th[0].t0;
	t1 = th[0].t1;
	for (i = 1; i < nthreads; i++) {
		if (th[i].t0 < t0)
			t0 = th[i].t0;
		if (th[i].t1 > t1)
			t1 = th[i].t1;
	}
	*cpu_op = 0;
	*waits = 0;
	*cpus = 0;
	for (i = 0; i < nthreads; i++) {
		*cpu_op += th[i].cpu / (double)(n * nthreads);
		*waits += th[i].waits;
		*cpus += th[i].cpu / (t1 - t0);
		if (first)
			first_release(&th[i].f, n);
		else
			http_later_release(&th[i].t);
	}
	return (double)(n * nthreads) / (t1 - t0);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define SCALING_ROUNDS_MAX 32

/*
 * `rounds` rounds of three runs on one server credential (and so one
 * session cache) shared by the threads of a run: 2n checks on 1 thread,
 * then n on each of 2 threads (the same work: the verdict), and n on 1
 * thread (half the work and, for first answers, half the sessions and
 * tokens in memory: reported, as it mixes in the size of the data).
 * The verdict is on the median of the rounds' ratios: on a shared VM the
 * speed of one CPU drifts by tens of percent between runs, and a ratio of
 * runs made back to back drifts less than a ratio of best runs picked
 * from different moments. First answers each use up a session: every
 * run gets a new credential, and 2 x n stays below the cache's bound.
 */
static void
scaling_one(const char *what, bool first, long n, int rounds)
{
	double ratio[SCALING_ROUNDS_MAX], cpur[SCALING_ROUNDS_MAX];
	double half[SCALING_ROUNDS_MAX], par[SCALING_ROUNDS_MAX];
	double x[3], cpu[3], p, lo, hi;
	/* per run: threads, checks per thread */
	const int threads[3] = { 1, 2, 1 };
	const long checks[3] = { 2 * n, n, n };
	CredHandle scred;
	long w, waits2 = 0;
	int r, k;

	if (rounds > SCALING_ROUNDS_MAX)
		rounds = SCALING_ROUNDS_MAX;
	if (!first)
		http_server_cred(&scred, 0);
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 3; k++) {
			if (first)
				http_server_cred(&scred, 0);
			x[k] = scaling_run(&scred, first, threads[k],
					   checks[k], &cpu[k], &w, &p);
			if (first)
				FreeCredentialsHandle(&scred);
			if (threads[k] == 2) {
				waits2 += w;
				par[r] = p;
			}
		}
		ratio[r] = x[1] / x[0];
		cpur[r] = 2 * cpu[0] / cpu[1];
		half[r] = x[1] / x[2];
	}
	if (!first)
		FreeCredentialsHandle(&scred);
	lo = hi = ratio[0];
	for (r = 1; r < rounds; r++) {
		lo = ratio[r] < lo ? ratio[r] : lo;
		hi = ratio[r] > hi ? ratio[r] : hi;
	}
	printf("\nscaling (%s, one credential and session cache, %ld checks "
	       "on 1 thread or %ld on each of 2, %d rounds, %ld CPUs):\n",
	       what, 2 * n, n, rounds, sysconf(_SC_NPROCESSORS_ONLN));
	x[0] = median(ratio, rounds);
	printf("  2 threads / 1 thread: median %.2fx (%.2f-%.2f)  %s "
	       "(target >= 1.8x)\n",
	       x[0], lo, hi, x[0] >= 1.8 ? "PASS" : "MISS");
	/*
	 * Wall clock needs 2 idle CPUs. These do not: a cache line fetched
	 * from the other core shows as more CPU time per check on 2 threads
	 * than on 1, a lock slept on as a voluntary context switch.
	 */
	printf("  2-thread runs had a median %.2f CPUs; CPU time per check, "
	       "1 thread x 2 / 2 threads: median %.2fx; 2 threads slept on a "
	       "lock %.2f times per 1000 checks\n",
	       median(par, rounds), median(cpur, rounds),
	       (double)waits2 * 1000 / (double)(rounds * 2 * n));
	printf("  against %ld checks on 1 thread (%s): median %.2fx\n", n,
	       first ? "half the sessions and tokens in memory" :
		       "the same data",
	       median(half, rounds));
}

/* --rounds: the rounds of both rows (0: 9 and 15), for A/B experiments */
static int scaling_rounds;

static void
scaling(void)
{
	/*
	 * Runs of 0.1 s or more for later requests. First answers are
	 * bounded by the session cache (10 000 sessions): 4 800 each, so
	 * short runs, and more rounds.
	 */
	scaling_one("http/later/md5: later requests", false, 150000,
		    scaling_rounds > 0 ? scaling_rounds : 9);
	scaling_one("http/asc/md5: first answers", true, 4800,
		    scaling_rounds > 0 ? scaling_rounds : 15);
}

/* ---- memory ---------------------------------------------------------------------------- */

static size_t
heap_used(void)
{
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
}

#define MEM_N 1000

/*
 * Bytes each of MEM_N HTTP server sessions takes: authenticated, cached,
 * no handle left; with `later`, after one later request too (each then
 * keeps its shape, asc.c).
 */
static double
http_session_bytes(CredHandle *scred, CredHandle *ccred, bool later)
{
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1], info[TOKEN_MAX + 1];
	ULONG clen, olen, ilen;
	size_t before, i;

	malloc_trim(0);
	before = heap_used();
	for (i = 0; i < MEM_N; i++) {
		CtxtHandle c, h;

		http_challenge(scred, chal, &clen);
		CHECK(http_isc(ccred, &c, chal, clen, out, &olen), SEC_E_OK);
		CHECK(http_asc(scred, out, olen, &h, info, &ilen), SEC_E_OK);
		CHECK(DeleteSecurityContext(&h), SEC_E_OK);
		if (later)
			CHECK(http_sign(&c, out, &olen), SEC_E_OK);
		CHECK(DeleteSecurityContext(&c), SEC_E_OK);
		if (later)
			http_later_one(scred, out, olen);
	}
	return (double)(heap_used() - before) / MEM_N;
}

static void
memory(void)
{
	CredHandle scred, ccred;
	CtxtHandle *cs = xmalloc(sizeof(CtxtHandle) * MEM_N);
	char chal[TOKEN_MAX + 1], out[TOKEN_MAX + 1];
	ULONG clen, olen;
	size_t before, after, i;
	double http_client, http_session, http_shaped, sasl_client;
	double sasl_server;
	struct sasl_pair p;

	http_server_cred(&scred, 0);
	http_client_cred(&ccred);
	http_challenge(&scred, chal, &clen);
	/* HTTP client contexts, established on one challenge */
	CHECK(http_isc(&ccred, &cs[0], chal, clen, out, &olen), SEC_E_OK);
	CHECK(DeleteSecurityContext(&cs[0]), SEC_E_OK);
	malloc_trim(0);
	before = heap_used();
	for (i = 0; i < MEM_N; i++)
		CHECK(http_isc(&ccred, &cs[i], chal, clen, out, &olen),
		      SEC_E_OK);
	after = heap_used();
	http_client = (double)(after - before) / MEM_N;
	for (i = 0; i < MEM_N; i++)
		CHECK(DeleteSecurityContext(&cs[i]), SEC_E_OK);

	http_session = http_session_bytes(&scred, &ccred, false);
	http_shaped = http_session_bytes(&scred, &ccred, true);
	FreeCredentialsHandle(&scred);
	FreeCredentialsHandle(&ccred);

	/* SASL contexts with an rc4 layer: keep one side, delete the other */
	sasl_creds(&p);
	sasl_flags(&p, 2, "rc4");
	sasl_handshake(&p);
	DeleteSecurityContext(&p.cctx);
	DeleteSecurityContext(&p.sctx);
	malloc_trim(0);
	before = heap_used();
	for (i = 0; i < MEM_N; i++) {
		sasl_handshake(&p);
		cs[i] = p.cctx;
		CHECK(DeleteSecurityContext(&p.sctx), SEC_E_OK);
	}
	after = heap_used();
	sasl_client = (double)(after - before) / MEM_N;
	for (i = 0; i < MEM_N; i++)
		DeleteSecurityContext(&cs[i]);
	malloc_trim(0);
	before = heap_used();
	for (i = 0; i < MEM_N; i++) {
		sasl_handshake(&p);
		cs[i] = p.sctx;
		CHECK(DeleteSecurityContext(&p.cctx), SEC_E_OK);
	}
	after = heap_used();
	sasl_server = (double)(after - before) / MEM_N;
	for (i = 0; i < MEM_N; i++)
		DeleteSecurityContext(&cs[i]);
	FreeCredentialsHandle(&p.ccred);
	FreeCredentialsHandle(&p.scred);
	free(cs);

	printf("\nmemory (mallinfo2 delta over %d live contexts, bytes "
	       "each, malloc overhead included):\n", MEM_N);
	printf("  HTTP client context            %8.0f  %s (target <= 1024)\n",
	       http_client, http_client <= 1024 ? "PASS" : "MISS");
	printf("  HTTP server session (cached)   %8.0f\n", http_session);
	printf("  ... after a later request      %8.0f  (with its shape)\n",
	       http_shaped);
	printf("  SASL client context, rc4 layer %8.0f\n", sasl_client);
	printf("  SASL server context, rc4 layer %8.0f\n", sasl_server);
	printf("  sizeof(struct dss_session)     %8zu\n", bench_session_size());
	printf("  sizeof(struct dss_nc_window)   %8zu  %s (replay state per "
	       "live nonce, target <= 64)\n",
	       bench_nc_window_size(),
	       bench_nc_window_size() <= 64 ? "PASS" : "MISS");
}

/* ---- main -------------------------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr,
		"usage: dss_bench [--instr] [--filter SUBSTR] [--time SEC] "
		"[--out DIR] [--no-extra] [--rounds N]\n"
		"       dss_bench --list | --extra [--rounds N] | --run NAME N\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *filter = NULL;
	int extra = 1, only_extra = 0, i;
	size_t k;
	ssize_t sl;

	build_list();
	sl = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (sl > 0)
		self_path[sl] = '\0';
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--run") == 0 && i + 2 < argc) {
			struct scen *s = find(argv[i + 1]);

			if (s == NULL)
				usage();
			timed(s, atol(argv[i + 2]));
			return 0;
		} else if (strcmp(argv[i], "--list") == 0) {
			for (k = 0; k < nscen; k++)
				printf("%s\n", scens[k].name);
			return 0;
		} else if (strcmp(argv[i], "--instr") == 0) {
			use_instr = 1;
		} else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
			filter = argv[++i];
		} else if (strcmp(argv[i], "--time") == 0 && i + 1 < argc) {
			min_time = atof(argv[++i]);
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			snprintf(out_dir, sizeof(out_dir), "%s", argv[++i]);
		} else if (strcmp(argv[i], "--no-extra") == 0) {
			extra = 0;
		} else if (strcmp(argv[i], "--extra") == 0) {
			only_extra = 1;
		} else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
			scaling_rounds = atoi(argv[++i]);
			if (scaling_rounds < 1 ||
			    scaling_rounds > SCALING_ROUNDS_MAX)
				usage();
		} else {
			usage();
		}
	}
	if (!only_extra) {
		if (use_instr && mkdir(out_dir, 0777) != 0 && errno != EEXIST)
			die("mkdir", errno);
		select_rows(filter);
		for (k = 0; k < nscen; k++) {
			struct scen *s = &scens[k];

			if (!s->selected)
				continue;
			measure(s);
			if (use_instr)
				measure_instr(s);
			fprintf(stderr, ".");
		}
		fprintf(stderr, "\n");
		print_table();
		print_targets();
	}
	if (extra || only_extra) {
		scaling();
		memory();
	}
	return 0;
}
