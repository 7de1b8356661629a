/*
 * package.c - the one package, WDigest: EnumerateSecurityPackages and
 * QuerySecurityPackageInfo (A and W).
 *
 * Values observed on Windows 10 (constants.md section 1). The SecPkgInfo
 * and its two strings live in ONE block, so a single FreeContextBuffer
 * releases everything (curl frees it that way).
 */
#include <string.h>

#include "base/utf.h"
#include "sspi/sspi_int.h"

#define PKG_COMMENT "Digest Authentication for Windows"
#define PKG_CAPABILITIES                                                      \
	(SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_IMPERSONATION |                 \
	 SECPKG_FLAG_ACCEPT_WIN32_NAME | SECPKG_FLAG_APPCONTAINER_CHECKS)

bool
dss_package_name_ok_a(const char *name)
{
	return name != NULL &&
	       dss_span_eq_ci(dss_span(name, strlen(name)), DSS_PACKAGE_NAME);
}

bool
dss_package_name_ok_w(const SEC_WCHAR *name)
{
	const char *want = DSS_PACKAGE_NAME;
	size_t i;

	if (name == NULL)
		return false;
	for (i = 0; want[i] != '\0'; i++) {
		if (name[i] >= 0x80 ||
		    dss_ascii_lower((unsigned char)name[i]) !=
			    dss_ascii_lower((unsigned char)want[i]))
			return false;
	}
	return name[i] == 0;
}

void *
dss_package_info_block(bool wide)
{
	size_t nlen = strlen(DSS_PACKAGE_NAME), clen = strlen(PKG_COMMENT);
	size_t unit = wide ? sizeof(SEC_WCHAR) : 1;
	size_t head = sizeof(SecPkgInfoA); /* same size as SecPkgInfoW */
	char *block = dss_ctxbuf_alloc(head + (nlen + 1 + clen + 1) * unit);
	char *name, *comment;
	SecPkgInfoA *pi;

	if (block == NULL)
		return NULL;
	pi = (SecPkgInfoA *)block;
	name = block + head;
	comment = name + (nlen + 1) * unit;
	if (wide) {
		dss_utf8_to_utf16((uint16_t *)name, nlen, DSS_PACKAGE_NAME, nlen);
		dss_utf8_to_utf16((uint16_t *)comment, clen, PKG_COMMENT, clen);
	} else {
		memcpy(name, DSS_PACKAGE_NAME, nlen);
		memcpy(comment, PKG_COMMENT, clen);
	}
	/* the terminators are already zero (dss_ctxbuf_alloc zeroes) */
	pi->fCapabilities = PKG_CAPABILITIES;
	pi->wVersion = 1;
	pi->wRPCID = 21; /* RPC_C_AUTHN_DIGEST */
	pi->cbMaxToken = DSS_MAX_TOKEN;
	pi->Name = name;
	pi->Comment = comment;
	return block;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesA(ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo)
{
	void *b;

	if (pcPackages == NULL || ppPackageInfo == NULL)
		return SEC_E_INVALID_PARAMETER;
	b = dss_package_info_block(false);
	if (b == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	*pcPackages = 1;
	*ppPackageInfo = b;
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesW(ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo)
{
	void *b;

	if (pcPackages == NULL || ppPackageInfo == NULL)
		return SEC_E_INVALID_PARAMETER;
	b = dss_package_info_block(true);
	if (b == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	*pcPackages = 1;
	*ppPackageInfo = b;
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoA(SEC_CHAR *pszPackageName, PSecPkgInfoA *ppPackageInfo)
{
	void *b;

	if (ppPackageInfo == NULL)
		return SEC_E_INVALID_PARAMETER;
	if (!dss_package_name_ok_a(pszPackageName))
		return SEC_E_SECPKG_NOT_FOUND;
	b = dss_package_info_block(false);
	if (b == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	*ppPackageInfo = b;
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoW(SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo)
{
	void *b;

	if (ppPackageInfo == NULL)
		return SEC_E_INVALID_PARAMETER;
	if (!dss_package_name_ok_w(pszPackageName))
		return SEC_E_SECPKG_NOT_FOUND;
	b = dss_package_info_block(true);
	if (b == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	*ppPackageInfo = b;
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
FreeContextBuffer(void *pvContextBuffer)
{
	return dss_ctxbuf_free(pvContextBuffer);
}
