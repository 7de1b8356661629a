/*
 * fuzz_common.c - see fuzz_common.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static char fz_package[] = "WDigest";

void
fz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	abort();
}

char *
fz_dup(const void *p, size_t n)
{
	char *q = malloc(n > 0 ? n : 1);

	FZ_CHECK(q != NULL);
	if (n > 0)
		memcpy(q, p, n);
	return q;
}

void
fz_acquire(CredHandle *cred, ULONG use, const char *principal,
	   const char *user, const char *domain, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_A id;
	SECURITY_STATUS st;

	memset(&id, 0, sizeof(id));
	id.User = (unsigned char *)(uintptr_t)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)(uintptr_t)domain;
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)(uintptr_t)password;
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	st = AcquireCredentialsHandleA((SEC_CHAR *)(uintptr_t)principal,
				       fz_package, use, NULL, &id, NULL, NULL,
				       cred, NULL);
	FZ_CHECK(st == SEC_E_OK);
}

void
fz_http_server_cred(CredHandle *cred, ULONG flags)
{
	static const unsigned char secret[32] = "digestssp fuzz nonce secret....";
	unsigned char key[sizeof(secret)];
	SecPkgCredentials_DigestServer d;
	SecPkgCredentials_DigestAlgorithmsA a;
	char algs[] = "SHA-256, MD5, MD5-sess, SHA-512-256-sess";

	fz_acquire(cred, SECPKG_CRED_INBOUND, NULL, FZ_HTTP_USER,
		   FZ_HTTP_REALM, FZ_HTTP_PASSWORD);
	memcpy(key, secret, sizeof(key));
	memset(&d, 0, sizeof(d));
	d.fFlags = flags;
	d.cbSecret = sizeof(key);
	d.pSecret = key;
	FZ_CHECK(SetCredentialsAttributesA(cred, DIGESTSSP_CRED_ATTR_SERVER,
					   &d, sizeof(d)) == SEC_E_OK);
	a.sAlgorithms = algs;
	FZ_CHECK(SetCredentialsAttributesA(cred,
					   DIGESTSSP_CRED_ATTR_ALGORITHMS, &a,
					   sizeof(a)) == SEC_E_OK);
	dss_test_set_time(FZ_HTTP_TIME);
	dss_test_set_server_nonce(FZ_HTTP_NONCE, FZ_HTTP_OPAQUE);
}

void
fz_buf(SecBuffer *b, ULONG type, void *p, size_t n)
{
	b->cbBuffer = (ULONG)n;
	b->BufferType = type;
	b->pvBuffer = p;
}

SECURITY_STATUS
fz_http_isc(CredHandle *cred, CtxtHandle *ctx, CtxtHandle *newh,
	    const void *tok, size_t n, ULONG flags, char *out, ULONG *olen)
{
	SecBuffer b[3], ob;
	SecBufferDesc id = { SECBUFFER_VERSION, 3, b };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	char *t = fz_dup(tok, n), method[] = "GET", uri[] = FZ_HTTP_URI;
	ULONG attr = 0;
	SECURITY_STATUS st;

	fz_buf(&b[0], SECBUFFER_TOKEN, t, n);
	fz_buf(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	fz_buf(&b[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	fz_buf(&ob, SECBUFFER_TOKEN, out, FZ_TOKEN_MAX);
	st = InitializeSecurityContextA(cred, ctx, uri,
					ISC_REQ_USE_HTTP_STYLE | flags, 0, 0,
					&id, 0, newh, &od, &attr, NULL);
	*olen = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	FZ_CHECK(*olen <= FZ_TOKEN_MAX);
	free(t);
	return st;
}

SECURITY_STATUS
fz_http_sign(CtxtHandle *ctx, const char *uri, char *out, ULONG *olen)
{
	SecBuffer b[5];
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	char method[] = "GET", *u = fz_dup(uri, strlen(uri));
	SECURITY_STATUS st;

	fz_buf(&b[0], SECBUFFER_TOKEN, NULL, 0);
	fz_buf(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	fz_buf(&b[2], SECBUFFER_PKG_PARAMS, u, strlen(uri));
	fz_buf(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	fz_buf(&b[4], SECBUFFER_PADDING, out, FZ_TOKEN_MAX);
	st = MakeSignature(ctx, 0, &d, 0);
	*olen = st == SEC_E_OK ? b[4].cbBuffer : 0;
	FZ_CHECK(*olen <= FZ_TOKEN_MAX);
	free(u);
	return st;
}

SECURITY_STATUS
fz_sasl_isc(CredHandle *cred, CtxtHandle *ctx, int first, ULONG flags,
	    const void *tok, size_t n, char *out, ULONG *olen)
{
	char *t = fz_dup(tok, n), target[] = FZ_SASL_URI;
	SecBuffer ib = { (ULONG)n, SECBUFFER_TOKEN, t };
	SecBuffer ob = { FZ_TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(first ? cred : NULL,
					first ? NULL : ctx, target, flags, 0,
					0, n > 0 ? &in : NULL, 0, ctx, &od,
					&attr, NULL);
	*olen = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	FZ_CHECK(*olen <= FZ_TOKEN_MAX);
	free(t);
	return st;
}

SECURITY_STATUS
fz_sasl_asc(CredHandle *cred, CtxtHandle *ctx, int first, ULONG flags,
	    const void *tok, size_t n, char *out, ULONG *olen)
{
	char *t = fz_dup(tok, n);
	SecBuffer ib = { (ULONG)n, SECBUFFER_TOKEN, t };
	SecBuffer ob = { FZ_TOKEN_MAX, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	st = AcceptSecurityContext(cred, first ? NULL : ctx, &in, flags, 0,
				   ctx, &od, &attr, NULL);
	*olen = SEC_SUCCESS(st) ? ob.cbBuffer : 0;
	FZ_CHECK(*olen <= FZ_TOKEN_MAX);
	free(t);
	return st;
}

/* The challenge with its cipher list replaced by `cipher`. */
static char *
only_cipher(const char *chal, const char *cipher)
{
	const char *p = strstr(chal, "cipher=\"");
	char *out = malloc(strlen(chal) + 32);
	const char *q;

	FZ_CHECK(out != NULL);
	if (p == NULL || cipher == NULL || *cipher == '\0') {
		strcpy(out, chal);
		return out;
	}
	q = strchr(p + 8, '"');
	FZ_CHECK(q != NULL);
	sprintf(out, "%.*scipher=\"%s%s", (int)(p - chal), chal, cipher, q);
	return out;
}

void
fz_sasl_pair(const char *cipher, CredHandle *cc, CredHandle *sc,
	     CtxtHandle *c, CtxtHandle *s)
{
	ULONG iflags = cipher == NULL ? ISC_REQ_INTEGRITY :
		       *cipher == '\0' ? 0 :
					 ISC_REQ_CONFIDENTIALITY;
	ULONG aflags = cipher == NULL ? ASC_REQ_INTEGRITY :
		       *cipher == '\0' ? 0 :
					 ASC_REQ_CONFIDENTIALITY;
	static char chal[FZ_TOKEN_MAX + 1], resp[FZ_TOKEN_MAX],
		fin[FZ_TOKEN_MAX];
	char *one;
	ULONG n, rn, fn;

	dss_test_set_server_nonce(FZ_SASL_NONCE, NULL);
	dss_test_set_cnonce(FZ_SASL_CNONCE);
	fz_acquire(cc, SECPKG_CRED_OUTBOUND, NULL, FZ_SASL_USER, "",
		   FZ_SASL_PASSWORD);
	fz_acquire(sc, SECPKG_CRED_INBOUND, FZ_SASL_SERVICE, FZ_SASL_USER,
		   FZ_SASL_REALM, FZ_SASL_PASSWORD);
	FZ_CHECK(fz_sasl_asc(sc, s, 1, aflags, "", 0, chal, &n) ==
		 SEC_I_CONTINUE_NEEDED);
	chal[n] = '\0';
	one = only_cipher(chal, cipher);
	FZ_CHECK(fz_sasl_isc(cc, c, 1, iflags, NULL, 0, resp, &rn) ==
		 SEC_I_CONTINUE_NEEDED);
	FZ_CHECK(fz_sasl_isc(cc, c, 0, iflags, one, strlen(one), resp, &rn) ==
		 SEC_I_CONTINUE_NEEDED);
	free(one);
	FZ_CHECK(fz_sasl_asc(sc, s, 0, aflags, resp, rn, fin, &fn) ==
		 SEC_E_OK);
	FZ_CHECK(fz_sasl_isc(cc, c, 0, iflags, fin, fn, resp, &rn) ==
		 SEC_E_OK);
}

size_t
fz_wrap(CtxtHandle *ctx, const uint8_t *msg, size_t n, uint8_t *out,
	size_t cap)
{
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	FZ_CHECK(n + 64 <= cap);
	memcpy(out, msg, n);
	fz_buf(&b[0], SECBUFFER_DATA, out, n);
	fz_buf(&b[1], SECBUFFER_PADDING, out + n, 64);
	FZ_CHECK(EncryptMessage(ctx, 0, &d, 0) == SEC_E_OK);
	FZ_CHECK(b[0].cbBuffer == n);
	return n + b[1].cbBuffer;
}
