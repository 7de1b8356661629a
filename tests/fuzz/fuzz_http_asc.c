/*
 * fuzz_http_asc.c - the HTTP server: a credential with a fixed nonce
 * secret, clock and nonce gives one challenge; then AcceptSecurityContext
 * with the input (up to its first NUL byte) as the Authorization value on
 * the challenge's handle, and the rest of the input (after the NUL) as a
 * later request: ASC with phContext NULL, then CompleteAuthToken with a
 * TOKEN at index 6 for the Authentication-Info.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define SLOTS 7

struct req {
	SecBuffer b[SLOTS];
	SecBufferDesc desc;
	char *tok;
	char method[4], uri[sizeof(FZ_HTTP_URI)];
	char info[FZ_TOKEN_MAX];
};

static void
req_init(struct req *r, const uint8_t *tok, size_t n, int with_info)
{
	memset(r, 0, sizeof(*r));
	r->tok = fz_dup(tok, n);
	memcpy(r->method, "GET", 4);
	memcpy(r->uri, FZ_HTTP_URI, sizeof(FZ_HTTP_URI));
	fz_buf(&r->b[0], SECBUFFER_TOKEN, r->tok, n);
	fz_buf(&r->b[1], SECBUFFER_PKG_PARAMS, r->method, 3);
	fz_buf(&r->b[2], SECBUFFER_PKG_PARAMS, r->uri, strlen(r->uri));
	fz_buf(&r->b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	fz_buf(&r->b[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	fz_buf(&r->b[5], SECBUFFER_EMPTY, NULL, 0);
	r->desc.ulVersion = SECBUFFER_VERSION;
	r->desc.pBuffers = r->b;
	r->desc.cBuffers = 6;
	if (with_info) {
		fz_buf(&r->b[6], SECBUFFER_TOKEN, r->info, sizeof(r->info));
		r->desc.cBuffers = 7;
	}
}

static SECURITY_STATUS
asc(CredHandle *cred, CtxtHandle *ctx, struct req *r, CtxtHandle *newh)
{
	static char out[FZ_TOKEN_MAX];
	SecBuffer ob;
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	ULONG attr = 0;
	SECURITY_STATUS st;

	fz_buf(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	st = AcceptSecurityContext(cred, ctx, &r->desc, ASC_REQ_HTTP, 0, newh,
				   &od, &attr, NULL);
	if (SEC_SUCCESS(st))
		FZ_CHECK(ob.cbBuffer <= sizeof(out));
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul != NULL ? (size_t)(nul - data) : size;
	CredHandle cred;
	CtxtHandle h0, h1, h2;
	struct req *r = malloc(sizeof(*r));
	SECURITY_STATUS st;

	FZ_CHECK(r != NULL);
	fz_http_server_cred(&cred, 0);
	SecInvalidateHandle(&h0);
	SecInvalidateHandle(&h1);
	req_init(r, NULL, 0, 0);
	FZ_CHECK(asc(&cred, NULL, r, &h0) == SEC_I_CONTINUE_NEEDED);
	free(r->tok);

	req_init(r, data, n1, 0);
	h1 = h0;
	st = asc(&cred, &h0, r, &h1);
	free(r->tok);
	if (nul != NULL) {
		req_init(r, nul + 1, size - n1 - 1, 1);
		SecInvalidateHandle(&h2);
		st = asc(&cred, NULL, r, &h2);
		if (st == SEC_I_COMPLETE_NEEDED) {
			FZ_CHECK(SecIsValidHandle(&h2));
			(void)CompleteAuthToken(&h2, &r->desc);
		}
		/* a failure writes no handle */
		FZ_CHECK(SEC_SUCCESS(st) || !SecIsValidHandle(&h2));
		/* a stale nonce gives a new challenge: a new context too */
		if (SecIsValidHandle(&h2))
			FZ_CHECK(DeleteSecurityContext(&h2) == SEC_E_OK);
		free(r->tok);
	}
	/* h1 is h0 or a new handle for the same session */
	if (SecIsValidHandle(&h1) &&
	    (h1.dwLower != h0.dwLower || h1.dwUpper != h0.dwUpper))
		(void)DeleteSecurityContext(&h1);
	(void)DeleteSecurityContext(&h0);
	FZ_CHECK(FreeCredentialsHandle(&cred) == SEC_E_OK);
	free(r);
	dss_test_set_server_nonce(NULL, NULL);
	return 0;
}
