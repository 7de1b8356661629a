/*
 * c11_unicode.c - <digestssp/sspi.h> in strict C11 with UNICODE defined
 *
 * Every generic name must resolve to its W form. Checked with _Generic,
 * which does not evaluate its operand: no library symbol is referenced.
 */
#define UNICODE
#include <digestssp/sspi.h>

#define IS(T, TYPE) _Generic((T), TYPE: 1, default: 0)

/* ---- generic function names and their typedefs ---- */
#define GENERIC(F, FNW, FNG)                                             \
	_Static_assert(IS(&F, FNW) && IS(&F, FNG), #F)

GENERIC(AcquireCredentialsHandle, ACQUIRE_CREDENTIALS_HANDLE_FN_W,
	ACQUIRE_CREDENTIALS_HANDLE_FN);
GENERIC(AddCredentials, ADD_CREDENTIALS_FN_W, ADD_CREDENTIALS_FN);
GENERIC(InitializeSecurityContext, INITIALIZE_SECURITY_CONTEXT_FN_W,
	INITIALIZE_SECURITY_CONTEXT_FN);
GENERIC(QueryContextAttributes, QUERY_CONTEXT_ATTRIBUTES_FN_W,
	QUERY_CONTEXT_ATTRIBUTES_FN);
GENERIC(QueryContextAttributesEx, QUERY_CONTEXT_ATTRIBUTES_EX_FN_W,
	QUERY_CONTEXT_ATTRIBUTES_EX_FN);
GENERIC(SetContextAttributes, SET_CONTEXT_ATTRIBUTES_FN_W,
	SET_CONTEXT_ATTRIBUTES_FN);
GENERIC(QueryCredentialsAttributes, QUERY_CREDENTIALS_ATTRIBUTES_FN_W,
	QUERY_CREDENTIALS_ATTRIBUTES_FN);
GENERIC(QueryCredentialsAttributesEx, QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W,
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN);
GENERIC(SetCredentialsAttributes, SET_CREDENTIALS_ATTRIBUTES_FN_W,
	SET_CREDENTIALS_ATTRIBUTES_FN);
GENERIC(EnumerateSecurityPackages, ENUMERATE_SECURITY_PACKAGES_FN_W,
	ENUMERATE_SECURITY_PACKAGES_FN);
GENERIC(QuerySecurityPackageInfo, QUERY_SECURITY_PACKAGE_INFO_FN_W,
	QUERY_SECURITY_PACKAGE_INFO_FN);
GENERIC(ImportSecurityContext, IMPORT_SECURITY_CONTEXT_FN_W,
	IMPORT_SECURITY_CONTEXT_FN);
GENERIC(ChangeAccountPassword, CHANGE_PASSWORD_FN_W, CHANGE_PASSWORD_FN);
GENERIC(InitSecurityInterface, INIT_SECURITY_INTERFACE_W,
	INIT_SECURITY_INTERFACE);

/* ---- the generic table is the W table, with W members ---- */
_Static_assert(IS((PSecurityFunctionTable)0, SecurityFunctionTableW *),
	       "PSecurityFunctionTable");
_Static_assert(IS((SecurityFunctionTable *)0, PSecurityFunctionTableW),
	       "SecurityFunctionTable");
_Static_assert(IS(((SecurityFunctionTable *)0)->AcquireCredentialsHandle,
		  ACQUIRE_CREDENTIALS_HANDLE_FN_W),
	       "table->AcquireCredentialsHandle");
_Static_assert(IS(((SecurityFunctionTable *)0)->InitializeSecurityContext,
		  INITIALIZE_SECURITY_CONTEXT_FN_W),
	       "table->InitializeSecurityContext");
_Static_assert(IS(((SecurityFunctionTable *)0)->QuerySecurityPackageInfo,
		  QUERY_SECURITY_PACKAGE_INFO_FN_W),
	       "table->QuerySecurityPackageInfo");
_Static_assert(IS(((SecurityFunctionTable *)0)->FreeCredentialsHandle,
		  FREE_CREDENTIALS_HANDLE_FN),
	       "table->FreeCredentialsHandle");

/* ---- structures ---- */
_Static_assert(IS((SEC_WINNT_AUTH_IDENTITY *)0, SEC_WINNT_AUTH_IDENTITY_W *),
	       "SEC_WINNT_AUTH_IDENTITY");
_Static_assert(IS((PSEC_WINNT_AUTH_IDENTITY)0, SEC_WINNT_AUTH_IDENTITY_W *),
	       "PSEC_WINNT_AUTH_IDENTITY");
_Static_assert(IS((SEC_WINNT_AUTH_IDENTITY_EX *)0,
		  SEC_WINNT_AUTH_IDENTITY_EXW *),
	       "SEC_WINNT_AUTH_IDENTITY_EX");
_Static_assert(IS((PSEC_WINNT_AUTH_IDENTITY_EX)0,
		  SEC_WINNT_AUTH_IDENTITY_EXW *),
	       "PSEC_WINNT_AUTH_IDENTITY_EX");
_Static_assert(IS((SecPkgInfo *)0, SecPkgInfoW *), "SecPkgInfo");
_Static_assert(IS((PSecPkgInfo)0, SecPkgInfoW *), "PSecPkgInfo");
_Static_assert(IS((SecPkgContext_Names *)0, SecPkgContext_NamesW *),
	       "SecPkgContext_Names");
_Static_assert(IS((PSecPkgContext_Names)0, SecPkgContext_NamesW *),
	       "PSecPkgContext_Names");
_Static_assert(IS((SecPkgContext_KeyInfo *)0, SecPkgContext_KeyInfoW *),
	       "SecPkgContext_KeyInfo");
_Static_assert(IS((SecPkgContext_Authority *)0, SecPkgContext_AuthorityW *),
	       "SecPkgContext_Authority");
_Static_assert(IS((SecPkgContext_PackageInfo *)0,
		  SecPkgContext_PackageInfoW *),
	       "SecPkgContext_PackageInfo");
_Static_assert(IS((SecPkgContext_NegotiationInfo *)0,
		  SecPkgContext_NegotiationInfoW *),
	       "SecPkgContext_NegotiationInfo");
_Static_assert(IS((SecPkgContext_NativeNames *)0,
		  SecPkgContext_NativeNamesW *),
	       "SecPkgContext_NativeNames");
_Static_assert(IS((SecPkgContext_CredentialName *)0,
		  SecPkgContext_CredentialNameW *),
	       "SecPkgContext_CredentialName");
_Static_assert(IS((SecPkgCredentials_Names *)0, SecPkgCredentials_NamesW *),
	       "SecPkgCredentials_Names");
_Static_assert(IS((SecPkgCredentials_DigestAlgorithms *)0,
		  SecPkgCredentials_DigestAlgorithmsW *),
	       "SecPkgCredentials_DigestAlgorithms");

/* ---- strings ---- */
_Static_assert(IS((SECURITY_PSTR)0, SEC_WCHAR *), "SECURITY_PSTR");
_Static_assert(IS((SECURITY_PCSTR)0, const SEC_WCHAR *), "SECURITY_PCSTR");
_Static_assert(IS(SEC_TEXT("WDigest"), char16_t *), "SEC_TEXT");
_Static_assert(IS(TEXT("WDigest"), char16_t *), "TEXT");
_Static_assert(sizeof(SEC_TEXT("WDigest")) == 16, "SEC_TEXT size");
_Static_assert(IS(WDIGEST_SP_NAME, SEC_WCHAR *), "WDIGEST_SP_NAME");
_Static_assert(sizeof(WDIGEST_SP_NAME) == 8 * sizeof(SEC_WCHAR),
	       "WDIGEST_SP_NAME size");
/* dlsym() wants a narrow string even in UNICODE builds */
_Static_assert(IS(SECURITY_ENTRYPOINT, char *), "SECURITY_ENTRYPOINT");
_Static_assert(sizeof(SECURITY_ENTRYPOINT) == sizeof("InitSecurityInterfaceW"),
	       "SECURITY_ENTRYPOINT");

int
main(void)
{
	/* Typical UNICODE-build code: a wide package name and identity. */
	static SEC_WCHAR package[] = WDIGEST_SP_NAME;
	static SEC_WCHAR user[] = SEC_TEXT("user");
	SEC_WINNT_AUTH_IDENTITY id = { 0 };

	id.User = user;		/* unsigned short * and WCHAR * agree in C */
	id.UserLength = (ULONG)(sizeof(user) / sizeof(user[0]) - 1);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
	return !(package[0] == u'W' && package[7] == 0 && id.UserLength == 4);
}
