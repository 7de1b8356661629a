/*
 * c11.c - <digestssp/sspi.h> alone in strict C11, without UNICODE
 *
 * Checks at compile time that the generic names map to the A forms and
 * that every prototype has the type of its function-pointer typedef and
 * of its dispatch-table member. _Generic does not evaluate its operand,
 * so no library symbol is referenced and nothing needs to be linked.
 * main() then exercises the handle and status macros.
 */
#include <digestssp/sspi.h>

#ifdef UNICODE
#error "UNICODE must not be defined for this test"
#endif

/* T has exactly type TYPE. */
#define IS(T, TYPE) _Generic((T), TYPE: 1, default: 0)
/* Function F, its typedef FN, and the member M of table TBL agree. */
#define FN(F, FNT, TBL, M)                                               \
	_Static_assert(IS(&F, FNT) && IS(((TBL *)0)->M, FNT), #F)

/* ---- prototypes == typedefs == table members (A table) ---- */
FN(EnumerateSecurityPackagesA, ENUMERATE_SECURITY_PACKAGES_FN_A,
   SecurityFunctionTableA, EnumerateSecurityPackagesA);
FN(QueryCredentialsAttributesA, QUERY_CREDENTIALS_ATTRIBUTES_FN_A,
   SecurityFunctionTableA, QueryCredentialsAttributesA);
FN(AcquireCredentialsHandleA, ACQUIRE_CREDENTIALS_HANDLE_FN_A,
   SecurityFunctionTableA, AcquireCredentialsHandleA);
FN(FreeCredentialsHandle, FREE_CREDENTIALS_HANDLE_FN,
   SecurityFunctionTableA, FreeCredentialHandle);
FN(FreeCredentialsHandle, FREE_CREDENTIALS_HANDLE_FN,
   SecurityFunctionTableA, FreeCredentialsHandle);
FN(InitializeSecurityContextA, INITIALIZE_SECURITY_CONTEXT_FN_A,
   SecurityFunctionTableA, InitializeSecurityContextA);
FN(AcceptSecurityContext, ACCEPT_SECURITY_CONTEXT_FN,
   SecurityFunctionTableA, AcceptSecurityContext);
FN(CompleteAuthToken, COMPLETE_AUTH_TOKEN_FN, SecurityFunctionTableA,
   CompleteAuthToken);
FN(DeleteSecurityContext, DELETE_SECURITY_CONTEXT_FN,
   SecurityFunctionTableA, DeleteSecurityContext);
FN(ApplyControlToken, APPLY_CONTROL_TOKEN_FN, SecurityFunctionTableA,
   ApplyControlToken);
FN(QueryContextAttributesA, QUERY_CONTEXT_ATTRIBUTES_FN_A,
   SecurityFunctionTableA, QueryContextAttributesA);
FN(ImpersonateSecurityContext, IMPERSONATE_SECURITY_CONTEXT_FN,
   SecurityFunctionTableA, ImpersonateSecurityContext);
FN(RevertSecurityContext, REVERT_SECURITY_CONTEXT_FN,
   SecurityFunctionTableA, RevertSecurityContext);
FN(MakeSignature, MAKE_SIGNATURE_FN, SecurityFunctionTableA,
   MakeSignature);
FN(VerifySignature, VERIFY_SIGNATURE_FN, SecurityFunctionTableA,
   VerifySignature);
FN(FreeContextBuffer, FREE_CONTEXT_BUFFER_FN, SecurityFunctionTableA,
   FreeContextBuffer);
FN(QuerySecurityPackageInfoA, QUERY_SECURITY_PACKAGE_INFO_FN_A,
   SecurityFunctionTableA, QuerySecurityPackageInfoA);
FN(ExportSecurityContext, EXPORT_SECURITY_CONTEXT_FN,
   SecurityFunctionTableA, ExportSecurityContext);
FN(ImportSecurityContextA, IMPORT_SECURITY_CONTEXT_FN_A,
   SecurityFunctionTableA, ImportSecurityContextA);
FN(AddCredentialsA, ADD_CREDENTIALS_FN_A, SecurityFunctionTableA,
   AddCredentialsA);
FN(QuerySecurityContextToken, QUERY_SECURITY_CONTEXT_TOKEN_FN,
   SecurityFunctionTableA, QuerySecurityContextToken);
FN(EncryptMessage, ENCRYPT_MESSAGE_FN, SecurityFunctionTableA,
   EncryptMessage);
FN(DecryptMessage, DECRYPT_MESSAGE_FN, SecurityFunctionTableA,
   DecryptMessage);
FN(SetContextAttributesA, SET_CONTEXT_ATTRIBUTES_FN_A,
   SecurityFunctionTableA, SetContextAttributesA);
FN(SetCredentialsAttributesA, SET_CREDENTIALS_ATTRIBUTES_FN_A,
   SecurityFunctionTableA, SetCredentialsAttributesA);
FN(ChangeAccountPasswordA, CHANGE_PASSWORD_FN_A, SecurityFunctionTableA,
   ChangeAccountPasswordA);
FN(QueryContextAttributesExA, QUERY_CONTEXT_ATTRIBUTES_EX_FN_A,
   SecurityFunctionTableA, QueryContextAttributesExA);
FN(QueryCredentialsAttributesExA, QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A,
   SecurityFunctionTableA, QueryCredentialsAttributesExA);
_Static_assert(IS(&InitSecurityInterfaceA, INIT_SECURITY_INTERFACE_A),
	       "InitSecurityInterfaceA");
_Static_assert(IS(((SecurityFunctionTableA *)0)->Reserved2, void *),
	       "Reserved2");

/* ---- generic names map to A ---- */
_Static_assert(IS(&AcquireCredentialsHandle, ACQUIRE_CREDENTIALS_HANDLE_FN_A),
	       "AcquireCredentialsHandle");
_Static_assert(IS(&AddCredentials, ADD_CREDENTIALS_FN_A), "AddCredentials");
_Static_assert(IS(&InitializeSecurityContext,
		  INITIALIZE_SECURITY_CONTEXT_FN_A),
	       "InitializeSecurityContext");
_Static_assert(IS(&QueryContextAttributes, QUERY_CONTEXT_ATTRIBUTES_FN_A),
	       "QueryContextAttributes");
_Static_assert(IS(&QueryContextAttributesEx,
		  QUERY_CONTEXT_ATTRIBUTES_EX_FN_A),
	       "QueryContextAttributesEx");
_Static_assert(IS(&SetContextAttributes, SET_CONTEXT_ATTRIBUTES_FN_A),
	       "SetContextAttributes");
_Static_assert(IS(&QueryCredentialsAttributes,
		  QUERY_CREDENTIALS_ATTRIBUTES_FN_A),
	       "QueryCredentialsAttributes");
_Static_assert(IS(&QueryCredentialsAttributesEx,
		  QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A),
	       "QueryCredentialsAttributesEx");
_Static_assert(IS(&SetCredentialsAttributes,
		  SET_CREDENTIALS_ATTRIBUTES_FN_A),
	       "SetCredentialsAttributes");
_Static_assert(IS(&EnumerateSecurityPackages,
		  ENUMERATE_SECURITY_PACKAGES_FN_A),
	       "EnumerateSecurityPackages");
_Static_assert(IS(&QuerySecurityPackageInfo,
		  QUERY_SECURITY_PACKAGE_INFO_FN_A),
	       "QuerySecurityPackageInfo");
_Static_assert(IS(&ImportSecurityContext, IMPORT_SECURITY_CONTEXT_FN_A),
	       "ImportSecurityContext");
_Static_assert(IS(&ChangeAccountPassword, CHANGE_PASSWORD_FN_A),
	       "ChangeAccountPassword");
_Static_assert(IS(&InitSecurityInterface, INIT_SECURITY_INTERFACE_A),
	       "InitSecurityInterface");
_Static_assert(IS(&InitSecurityInterface, INIT_SECURITY_INTERFACE),
	       "INIT_SECURITY_INTERFACE");
_Static_assert(IS((PSecurityFunctionTable)0, SecurityFunctionTableA *),
	       "SecurityFunctionTable");
_Static_assert(IS((SEC_WINNT_AUTH_IDENTITY *)0, SEC_WINNT_AUTH_IDENTITY_A *),
	       "SEC_WINNT_AUTH_IDENTITY");
_Static_assert(IS((SEC_WINNT_AUTH_IDENTITY_EX *)0,
		  SEC_WINNT_AUTH_IDENTITY_EXA *),
	       "SEC_WINNT_AUTH_IDENTITY_EX");
_Static_assert(IS((PSecPkgInfo)0, SecPkgInfoA *), "SecPkgInfo");
_Static_assert(IS((SecPkgContext_Names *)0, PSecPkgContext_NamesA),
	       "SecPkgContext_Names");
_Static_assert(IS((SecPkgContext_KeyInfo *)0, PSecPkgContext_KeyInfoA),
	       "SecPkgContext_KeyInfo");
_Static_assert(IS((SecPkgContext_PackageInfo *)0,
		  PSecPkgContext_PackageInfoA),
	       "SecPkgContext_PackageInfo");
_Static_assert(IS((SecPkgCredentials_Names *)0, PSecPkgCredentials_NamesA),
	       "SecPkgCredentials_Names");
_Static_assert(IS((SecPkgCredentials_DigestAlgorithms *)0,
		  PSecPkgCredentials_DigestAlgorithmsA),
	       "SecPkgCredentials_DigestAlgorithms");
_Static_assert(IS((SECURITY_PSTR)0, SEC_CHAR *), "SECURITY_PSTR");
_Static_assert(IS((SECURITY_PCSTR)0, const SEC_CHAR *), "SECURITY_PCSTR");
_Static_assert(IS(SEC_TEXT("x"), char *), "SEC_TEXT");
_Static_assert(IS(TEXT("x"), char *), "TEXT");
_Static_assert(IS(WDIGEST_SP_NAME, char *), "WDIGEST_SP_NAME");
_Static_assert(IS(WDIGEST_SP_NAME_W, char16_t *), "WDIGEST_SP_NAME_W");
_Static_assert(sizeof(SECURITY_ENTRYPOINT) == sizeof("InitSecurityInterfaceA"),
	       "SECURITY_ENTRYPOINT");

/* ---- Windows spellings that C code uses interchangeably ---- */
_Static_assert(IS((WCHAR *)0, char16_t *) && IS((SEC_WCHAR *)0, WCHAR *),
	       "WCHAR is char16_t");
_Static_assert(IS((WCHAR *)0, unsigned short *), "WCHAR is unsigned short");
_Static_assert(IS(((SEC_WINNT_AUTH_IDENTITY_W *)0)->User, unsigned short *),
	       "identity W strings");
_Static_assert(IS(((SEC_WINNT_AUTH_IDENTITY_A *)0)->User, unsigned char *),
	       "identity A strings");

static int
check_handles(void)
{
	CredHandle cred;
	CtxtHandle ctx = { 1, 2 };
	int bad = 0;

	SecInvalidateHandle(&cred);
	if (SecIsValidHandle(&cred))
		bad++;
	if (cred.dwLower != (ULONG_PTR)-1 || cred.dwUpper != (ULONG_PTR)-1)
		bad++;
	if (!SecIsValidHandle(&ctx))
		bad++;
	ctx.dwUpper = (ULONG_PTR)-1;
	if (SecIsValidHandle(&ctx))
		bad++;
	ctx.dwUpper = SEC_DELETED_HANDLE;
	if (!SecIsValidHandle(&ctx))	/* only all-ones counts as invalid */
		bad++;
	return bad;
}

static int
check_time(void)
{
	TimeStamp ts;
	int bad = 0;

	ts.QuadPart = DIGESTSSP_TIMESTAMP_NEVER;
	if (ts.LowPart != 0xFFFFFFFFu || ts.HighPart != 0x7FFFFFFF)
		bad++;
	if (ts.u.LowPart != ts.LowPart || ts.u.HighPart != ts.HighPart)
		bad++;
	ts.LowPart = 5;
	ts.HighPart = 1;
	if (ts.QuadPart != ((LONGLONG)1 << 32) + 5)
		bad++;
	return bad;
}

static int
check_status(void)
{
	SECURITY_STATUS s = SEC_I_CONTINUE_NEEDED;
	int bad = 0;

	if (!SEC_SUCCESS(s))
		bad++;
	s = SEC_E_INVALID_HANDLE;
	if (SEC_SUCCESS(s) || s != (SECURITY_STATUS)0x80090301u)
		bad++;
	s = STATUS_LOGON_FAILURE;
	if (SEC_SUCCESS(s))
		bad++;
	return bad;
}

int
main(void)
{
	return check_handles() + check_time() + check_status() != 0;
}
