/*
 * fuzz_common.h - helpers shared by the fuzz targets (tests/fuzz): fixed
 * identities, credential set-up and single ISC / ASC steps through the
 * public SSPI calls of digestssp_testing.
 *
 * Every helper aborts on a broken invariant (a call that must succeed
 * and did not), so the fuzzer reports it as a crash.
 */
#ifndef DSS_TESTS_FUZZ_COMMON_H
#define DSS_TESTS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "sspi/testhook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* HTTP: the RFC 7616 account */
#define FZ_HTTP_USER "Mufasa"
#define FZ_HTTP_REALM "http-auth@example.org"
#define FZ_HTTP_PASSWORD "Circle of Life"
#define FZ_HTTP_URI "/dir/index.html?x=1"
#define FZ_HTTP_CNONCE "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
#define FZ_HTTP_NONCE "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
#define FZ_HTTP_OPAQUE "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
#define FZ_HTTP_TIME 1700000000

/* SASL: the RFC 2831 account */
#define FZ_SASL_USER "chris"
#define FZ_SASL_REALM "elwood.innosoft.com"
#define FZ_SASL_PASSWORD "secret"
#define FZ_SASL_SERVICE "imap"
#define FZ_SASL_URI "imap/elwood.innosoft.com"
#define FZ_SASL_NONCE "OA6MG9tEQGm2hh"
#define FZ_SASL_CNONCE "OA6MHXh6VqTrRk"

#define FZ_TOKEN_MAX 8192

/* Aborts with a message unless cond holds. */
#define FZ_CHECK(cond) \
	((cond) ? (void)0 : fz_fail(#cond, __FILE__, __LINE__))
void fz_fail(const char *what, const char *file, int line);

/* A malloc'ed copy of exactly n bytes (never NULL; n 0 gives 1 byte). */
char *fz_dup(const void *p, size_t n);

/* AcquireCredentialsHandleA with an ANSI identity; aborts on failure. */
void fz_acquire(CredHandle *cred, ULONG use, const char *principal,
		const char *user, const char *domain, const char *password);

/* An HTTP server credential: fixed secret, fixed clock, fixed nonce. */
void fz_http_server_cred(CredHandle *cred, ULONG flags);

/* Sets the buffer (cbBuffer n, type t, pvBuffer p). */
void fz_buf(SecBuffer *b, ULONG type, void *p, size_t n);

/*
 * HTTP client ISC: slot 0 the token, slot 1 "GET", slot 2 empty;
 * pszTargetName the uri. Output in out (FZ_TOKEN_MAX), length in *olen.
 */
SECURITY_STATUS fz_http_isc(CredHandle *cred, CtxtHandle *ctx,
			    CtxtHandle *newh, const void *tok, size_t n,
			    ULONG flags, char *out, ULONG *olen);

/* HTTP client MakeSignature for GET uri; the directive list in out. */
SECURITY_STATUS fz_http_sign(CtxtHandle *ctx, const char *uri, char *out,
			     ULONG *olen);

/* SASL ISC / ASC steps (one TOKEN in, one TOKEN out). */
SECURITY_STATUS fz_sasl_isc(CredHandle *cred, CtxtHandle *ctx, int first,
			    ULONG flags, const void *tok, size_t n, char *out,
			    ULONG *olen);
SECURITY_STATUS fz_sasl_asc(CredHandle *cred, CtxtHandle *ctx, int first,
			    ULONG flags, const void *tok, size_t n, char *out,
			    ULONG *olen);

/*
 * A complete SASL pair: cipher NULL for auth-int, "" for auth, else
 * auth-conf with only that cipher offered. Fixed nonce and cnonce.
 */
void fz_sasl_pair(const char *cipher, CredHandle *cc, CredHandle *sc,
		  CtxtHandle *c, CtxtHandle *s);

/* EncryptMessage (DATA || PADDING) of msg into out; returns its length. */
size_t fz_wrap(CtxtHandle *ctx, const uint8_t *msg, size_t n, uint8_t *out,
	       size_t cap);

#endif
