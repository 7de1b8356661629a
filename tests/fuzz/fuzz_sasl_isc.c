/*
 * fuzz_sasl_isc.c - the SASL client: InitializeSecurityContextA with the
 * input (up to its first NUL byte) as the digest-challenge (fixed
 * cnonce), then the rest of the input (after the NUL; the whole input
 * when there is none) as the server's final message.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FZ_TOKEN_MAX];
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul != NULL ? (size_t)(nul - data) : size;
	const uint8_t *fin = nul != NULL ? nul + 1 : data;
	size_t fin_n = nul != NULL ? size - n1 - 1 : size;
	/* the first byte's low bits pick the security layer asked for */
	static const ULONG flags[4] = { 0, ISC_REQ_INTEGRITY,
					ISC_REQ_CONFIDENTIALITY,
					ISC_REQ_MUTUAL_AUTH |
						ISC_REQ_CONFIDENTIALITY };
	ULONG f = size > 0 ? flags[data[0] & 3] : 0;
	CredHandle cred;
	CtxtHandle ctx;
	ULONG olen;
	SECURITY_STATUS st;

	dss_test_set_cnonce(FZ_SASL_CNONCE);
	fz_acquire(&cred, SECPKG_CRED_OUTBOUND, NULL, FZ_SASL_USER, "",
		   FZ_SASL_PASSWORD);
	SecInvalidateHandle(&ctx);
	st = fz_sasl_isc(&cred, &ctx, 1, f, NULL, 0, out, &olen);
	FZ_CHECK(st == SEC_I_CONTINUE_NEEDED);
	st = fz_sasl_isc(&cred, &ctx, 0, f, data, n1, out, &olen);
	if (st == SEC_I_CONTINUE_NEEDED)
		(void)fz_sasl_isc(&cred, &ctx, 0, f, fin, fin_n, out, &olen);
	(void)DeleteSecurityContext(&ctx);
	FZ_CHECK(FreeCredentialsHandle(&cred) == SEC_E_OK);
	return 0;
}
