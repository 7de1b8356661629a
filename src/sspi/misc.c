/*
 * misc.c - entry points with little or nothing to do for WDigest on
 * Linux (api.md 3.16, 3.18, 3.19).
 */
#include "sspi/sspi_int.h"

/* Server contexts only. */
static SECURITY_STATUS
server_only(PCtxtHandle h, SECURITY_STATUS ok)
{
	struct dss_ctx *c = dss_ctx_get(h);
	SECURITY_STATUS st;

	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	st = c->server && c->state != DSS_ST_FAILED ? ok : SEC_E_INVALID_HANDLE;
	dss_ctx_put(c);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ImpersonateSecurityContext(PCtxtHandle phContext)
{
	/* no Windows access tokens here: fail closed */
	return server_only(phContext, SEC_E_NO_IMPERSONATION);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
RevertSecurityContext(PCtxtHandle phContext)
{
	return server_only(phContext, SEC_E_OK);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QuerySecurityContextToken(PCtxtHandle phContext, HANDLE *Token)
{
	SECURITY_STATUS st = server_only(phContext, SEC_E_UNSUPPORTED_FUNCTION);

	if (st == SEC_E_UNSUPPORTED_FUNCTION && Token != NULL)
		*Token = NULL;
	return st;
}

/* A valid context handle, then "unsupported" (api.md 3.19). */
static SECURITY_STATUS
ctx_unsupported(PCtxtHandle h)
{
	struct dss_ctx *c = dss_ctx_get(h);

	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	dss_ctx_put(c);
	return SEC_E_UNSUPPORTED_FUNCTION;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ApplyControlToken(PCtxtHandle phContext, PSecBufferDesc pInput)
{
	(void)pInput;
	return ctx_unsupported(phContext);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
SetContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
		      void *pBuffer, ULONG cbBuffer)
{
	(void)ulAttribute, (void)pBuffer, (void)cbBuffer;
	return ctx_unsupported(phContext);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
SetContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
		      void *pBuffer, ULONG cbBuffer)
{
	(void)ulAttribute, (void)pBuffer, (void)cbBuffer;
	return ctx_unsupported(phContext);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ChangeAccountPasswordA(SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
		       SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword,
		       SEC_CHAR *pszNewPassword, BOOLEAN bImpersonating,
		       ULONG dwReserved, PSecBufferDesc pOutput)
{
	(void)pszPackageName, (void)pszDomainName, (void)pszAccountName;
	(void)pszOldPassword, (void)pszNewPassword, (void)bImpersonating;
	(void)dwReserved, (void)pOutput;
	return SEC_E_UNSUPPORTED_FUNCTION;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ChangeAccountPasswordW(SEC_WCHAR *pszPackageName, SEC_WCHAR *pszDomainName,
		       SEC_WCHAR *pszAccountName, SEC_WCHAR *pszOldPassword,
		       SEC_WCHAR *pszNewPassword, BOOLEAN bImpersonating,
		       ULONG dwReserved, PSecBufferDesc pOutput)
{
	(void)pszPackageName, (void)pszDomainName, (void)pszAccountName;
	(void)pszOldPassword, (void)pszNewPassword, (void)bImpersonating;
	(void)dwReserved, (void)pOutput;
	return SEC_E_UNSUPPORTED_FUNCTION;
}

/*
 * see sspi.h. Export/Import are optional for WDigest (api.md 3.18); not
 * provided yet: a valid handle gets SEC_E_UNSUPPORTED_FUNCTION.
 */
SECURITY_STATUS SEC_ENTRY
ExportSecurityContext(PCtxtHandle phContext, ULONG fFlags,
		      PSecBuffer pPackedContext, void **pToken)
{
	(void)fFlags, (void)pPackedContext;
	if (pToken != NULL)
		*pToken = NULL;
	return ctx_unsupported(phContext);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ImportSecurityContextA(SEC_CHAR *pszPackage, PSecBuffer pPackedContext,
		       void *Token, PCtxtHandle phContext)
{
	(void)pPackedContext, (void)Token, (void)phContext;
	if (!dss_package_name_ok_a(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	return SEC_E_UNSUPPORTED_FUNCTION;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
ImportSecurityContextW(SEC_WCHAR *pszPackage, PSecBuffer pPackedContext,
		       void *Token, PCtxtHandle phContext)
{
	(void)pPackedContext, (void)Token, (void)phContext;
	if (!dss_package_name_ok_w(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	return SEC_E_UNSUPPORTED_FUNCTION;
}
