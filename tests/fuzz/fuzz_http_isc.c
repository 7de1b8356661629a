/*
 * fuzz_http_isc.c - the HTTP client: InitializeSecurityContextA with the
 * input as the WWW-Authenticate challenge (fixed cnonce), then
 * MakeSignature for a later request, then the input again as the
 * Authentication-Info (the part after the first NUL byte when there is
 * one, else the whole input).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FZ_TOKEN_MAX];
	const uint8_t *nul = memchr(data, 0, size);
	const uint8_t *info = nul != NULL ? nul + 1 : data;
	size_t info_n = nul != NULL ? size - (size_t)(nul + 1 - data) : size;
	CredHandle cred;
	CtxtHandle ctx;
	ULONG olen;
	SECURITY_STATUS st;

	dss_test_set_cnonce(FZ_HTTP_CNONCE);
	fz_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, FZ_HTTP_USER,
		   FZ_HTTP_REALM, FZ_HTTP_PASSWORD);
	SecInvalidateHandle(&ctx);
	st = fz_http_isc(&cred, NULL, &ctx, data, nul != NULL ?
			 (size_t)(nul - data) : size, 0, out, &olen);
	if (SEC_SUCCESS(st)) {
		FZ_CHECK(SecIsValidHandle(&ctx));
		(void)fz_http_sign(&ctx, "/other?q", out, &olen);
		(void)fz_http_isc(NULL, &ctx, &ctx, info, info_n,
				  ISC_REQ_MUTUAL_AUTH, out, &olen);
		/* the context survives whatever the info was */
		(void)fz_http_sign(&ctx, FZ_HTTP_URI, out, &olen);
		FZ_CHECK(DeleteSecurityContext(&ctx) == SEC_E_OK);
	}
	FZ_CHECK(FreeCredentialsHandle(&cred) == SEC_E_OK);
	return 0;
}
