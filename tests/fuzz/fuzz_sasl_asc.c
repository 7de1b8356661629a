/*
 * fuzz_sasl_asc.c - the SASL server: a fixed challenge (injected nonce,
 * every qop and cipher offered), then AcceptSecurityContext with the
 * input (up to its first NUL byte) as the digest-response; on success
 * the rest of the input is unwrapped with DecryptMessage.
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
	CredHandle cred;
	CtxtHandle ctx;
	ULONG olen;
	SECURITY_STATUS st;

	dss_test_set_server_nonce(FZ_SASL_NONCE, NULL);
	fz_acquire(&cred, SECPKG_CRED_INBOUND, FZ_SASL_SERVICE, FZ_SASL_USER,
		   FZ_SASL_REALM, FZ_SASL_PASSWORD);
	SecInvalidateHandle(&ctx);
	st = fz_sasl_asc(&cred, &ctx, 1, ASC_REQ_CONFIDENTIALITY, "", 0, out,
			 &olen);
	FZ_CHECK(st == SEC_I_CONTINUE_NEEDED);
	st = fz_sasl_asc(&cred, &ctx, 0, ASC_REQ_CONFIDENTIALITY, data, n1,
			 out, &olen);
	if (st == SEC_E_OK && nul != NULL) {
		char *m = fz_dup(nul + 1, size - n1 - 1);
		SecBuffer b = { (ULONG)(size - n1 - 1), SECBUFFER_DATA, m };
		SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
		ULONG qop;

		(void)DecryptMessage(&ctx, &d, 0, &qop);
		free(m);
	}
	(void)DeleteSecurityContext(&ctx);
	FZ_CHECK(FreeCredentialsHandle(&cred) == SEC_E_OK);
	dss_test_set_server_nonce(NULL, NULL);
	return 0;
}
