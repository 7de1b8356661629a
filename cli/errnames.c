/*
 * SECURITY_STATUS -> name and meaning (see errnames.h).
 *
 * The table lists every status constants.md section 12 says digestssp can
 * produce, plus the few documented success codes a caller may meet.
 */
#include <stdint.h>
#include <stdio.h>

#include <digestssp/sspi.h>

#include "errnames.h"

struct errname_row {
	SECURITY_STATUS status;
	const char *name;
	const char *meaning;
};

/* clang-format off */
#define ROW(s, m) { s, #s, m }

static const struct errname_row rows[] = {
	ROW(SEC_E_OK, "the call succeeded"),
	ROW(SEC_I_CONTINUE_NEEDED,
	    "send the output token to the peer and call again with its "
	    "answer"),
	ROW(SEC_I_COMPLETE_NEEDED,
	    "the server found an existing HTTP session: call "
	    "CompleteAuthToken to verify the request"),
	ROW(SEC_I_COMPLETE_AND_CONTINUE,
	    "call CompleteAuthToken, then send the output token"),
	ROW(SEC_E_INSUFFICIENT_MEMORY,
	    "the package ran out of memory"),
	ROW(SEC_E_INVALID_HANDLE,
	    "the handle is not a live credential or context of the right "
	    "kind"),
	ROW(SEC_E_UNSUPPORTED_FUNCTION,
	    "the function, attribute or request flag is not supported by "
	    "WDigest"),
	ROW(SEC_E_TARGET_UNKNOWN,
	    "the target name, request URI or SPN, is missing or unusable"),
	ROW(SEC_E_INTERNAL_ERROR,
	    "the package hit an unexpected internal error"),
	ROW(SEC_E_SECPKG_NOT_FOUND,
	    "no security package of that name; only WDigest exists"),
	ROW(SEC_E_INVALID_TOKEN,
	    "the token or buffer layout is malformed, or the challenge "
	    "cannot be answered: bad syntax, no nonce, unsupported "
	    "algorithm or qop"),
	ROW(SEC_E_QOP_NOT_SUPPORTED,
	    "the requested quality of protection is not available on this "
	    "context"),
	ROW(SEC_E_NO_IMPERSONATION,
	    "impersonation is not available"),
	ROW(SEC_E_LOGON_DENIED,
	    "the user name or password is wrong"),
	ROW(SEC_E_UNKNOWN_CREDENTIALS,
	    "the supplied identity structure is not recognised"),
	ROW(SEC_E_NO_CREDENTIALS,
	    "no usable credentials: empty user name, default credentials "
	    "or an inbound-only handle"),
	ROW(SEC_E_MESSAGE_ALTERED,
	    "the message failed its integrity check"),
	ROW(SEC_E_OUT_OF_SEQUENCE,
	    "the nonce count or sequence number is out of order or "
	    "exhausted"),
	ROW(SEC_E_NO_AUTHENTICATING_AUTHORITY,
	    "no authority can verify the credentials, or the context must "
	    "answer a challenge first"),
	ROW(SEC_E_INCOMPLETE_MESSAGE,
	    "the wrapped message is shorter than its trailer"),
	ROW(SEC_E_BUFFER_TOO_SMALL,
	    "an output buffer is too small"),
	ROW(SEC_E_WRONG_PRINCIPAL,
	    "the server's rspauth did not verify: mutual authentication "
	    "failed"),
	ROW(SEC_E_SECURITY_QOS_FAILED,
	    "the requested combination of context flags is not valid"),
	ROW(SEC_E_CRYPTO_SYSTEM_INVALID,
	    "the negotiated cipher is not available"),
	ROW(SEC_E_BAD_BINDINGS,
	    "the channel bindings are missing or do not match"),
	ROW(SEC_E_INVALID_PARAMETER,
	    "a required argument is missing or invalid"),
	ROW(SEC_E_CONTEXT_EXPIRED,
	    "the context has expired or was closed"),
	ROW(STATUS_LOGON_FAILURE,
	    "the server context is already established"),
	ROW(STATUS_INVALID_PARAMETER,
	    "a parameter, such as a nonce count, is invalid"),
};
/* clang-format on */

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static const struct errname_row *
find(SECURITY_STATUS st)
{
	size_t i;

	for (i = 0; i < N_ROWS; i++)
		if (rows[i].status == st)
			return &rows[i];
	return NULL;
}

/* see errnames.h */
const char *
errname(SECURITY_STATUS st)
{
	const struct errname_row *r = find(st);

	return r ? r->name : NULL;
}

/* see errnames.h */
const char *
errmeaning(SECURITY_STATUS st)
{
	const struct errname_row *r = find(st);

	return r ? r->meaning : NULL;
}

/* see errnames.h */
const char *
errname_r(SECURITY_STATUS st, char buf[16])
{
	const char *name = errname(st);

	if (name != NULL)
		return name;
	snprintf(buf, 16, "0x%08X", (unsigned)(uint32_t)st);
	return buf;
}
