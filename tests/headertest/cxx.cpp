/*
 * cxx.cpp - <digestssp/sspi.h> from C++ (C++11 and later, -pedantic)
 *
 * The header must compile as C++ and declare the functions with C
 * linkage. The two dispatch tables below are filled with the addresses
 * of every function, through the typedef'd member types: the compiler
 * checks that each prototype matches its table slot, and linking the
 * program against the library checks that the names are not mangled.
 */
#include <digestssp/sspi.h>

#include <type_traits>

static_assert(std::is_same<ULONG, uint32_t>::value, "ULONG");
static_assert(std::is_same<LONG, int32_t>::value, "LONG");
static_assert(std::is_same<WCHAR, char16_t>::value, "WCHAR");
static_assert(std::is_same<SEC_WCHAR, char16_t>::value, "SEC_WCHAR");
static_assert(std::is_same<SECURITY_STATUS, int32_t>::value,
	      "SECURITY_STATUS");
static_assert(std::is_same<ULONG_PTR, uintptr_t>::value, "ULONG_PTR");
static_assert(sizeof(SecurityFunctionTableA) == 32 * sizeof(void *),
	      "SecurityFunctionTableA");
static_assert(sizeof(SecurityFunctionTableW) == 32 * sizeof(void *),
	      "SecurityFunctionTableW");
static_assert(sizeof(TimeStamp) == 8 && alignof(TimeStamp) == 8,
	      "TimeStamp");
static_assert(offsetof(SecurityFunctionTableA, FreeCredentialHandle) ==
		      4 * sizeof(void *),
	      "FreeCredentialHandle");
static_assert(SEC_E_INVALID_HANDLE == (SECURITY_STATUS)0x80090301u,
	      "SEC_E_INVALID_HANDLE");
static_assert(ISC_REQ_HTTP == 0x01000000u, "ISC_REQ_HTTP");
static_assert(ASC_REQ_HTTP == 0x10000000u, "ASC_REQ_HTTP");

/* Generic names are the A forms without UNICODE. */
static_assert(std::is_same<decltype(&AcquireCredentialsHandle),
			   ACQUIRE_CREDENTIALS_HANDLE_FN_A>::value,
	      "AcquireCredentialsHandle");
static_assert(std::is_same<decltype(&InitializeSecurityContext),
			   INITIALIZE_SECURITY_CONTEXT_FN>::value,
	      "InitializeSecurityContext");
static_assert(std::is_same<SecurityFunctionTable,
			   SecurityFunctionTableA>::value,
	      "SecurityFunctionTable");
static_assert(std::is_same<SecPkgInfo, SecPkgInfoA>::value, "SecPkgInfo");

/* Every slot, in the Windows order; NULL for the reserved ones. */
SecurityFunctionTableA table_a = {
	SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
	EnumerateSecurityPackagesA,
	QueryCredentialsAttributesA,
	AcquireCredentialsHandleA,
	FreeCredentialsHandle,
	nullptr,
	InitializeSecurityContextA,
	AcceptSecurityContext,
	CompleteAuthToken,
	DeleteSecurityContext,
	ApplyControlToken,
	QueryContextAttributesA,
	ImpersonateSecurityContext,
	RevertSecurityContext,
	MakeSignature,
	VerifySignature,
	FreeContextBuffer,
	QuerySecurityPackageInfoA,
	nullptr,
	nullptr,
	ExportSecurityContext,
	ImportSecurityContextA,
	AddCredentialsA,
	nullptr,
	QuerySecurityContextToken,
	EncryptMessage,
	DecryptMessage,
	SetContextAttributesA,
	SetCredentialsAttributesA,
	ChangeAccountPasswordA,
	QueryContextAttributesExA,
	QueryCredentialsAttributesExA,
};

SecurityFunctionTableW table_w = {
	SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
	EnumerateSecurityPackagesW,
	QueryCredentialsAttributesW,
	AcquireCredentialsHandleW,
	FreeCredentialsHandle,
	nullptr,
	InitializeSecurityContextW,
	AcceptSecurityContext,
	CompleteAuthToken,
	DeleteSecurityContext,
	ApplyControlToken,
	QueryContextAttributesW,
	ImpersonateSecurityContext,
	RevertSecurityContext,
	MakeSignature,
	VerifySignature,
	FreeContextBuffer,
	QuerySecurityPackageInfoW,
	nullptr,
	nullptr,
	ExportSecurityContext,
	ImportSecurityContextW,
	AddCredentialsW,
	nullptr,
	QuerySecurityContextToken,
	EncryptMessage,
	DecryptMessage,
	SetContextAttributesW,
	SetCredentialsAttributesW,
	ChangeAccountPasswordW,
	QueryContextAttributesExW,
	QueryCredentialsAttributesExW,
};

INIT_SECURITY_INTERFACE_A init_a = InitSecurityInterfaceA;
INIT_SECURITY_INTERFACE_W init_w = InitSecurityInterfaceW;

int
main()
{
	/* Read the tables through volatile pointers so that every address
	 * (and therefore every symbol reference) survives optimisation. */
	void *const volatile *slots_a =
		reinterpret_cast<void *const volatile *>(&table_a);
	void *const volatile *slots_w =
		reinterpret_cast<void *const volatile *>(&table_w);
	int missing = 0;

	for (int i = 1; i < 32; i++) {
		bool reserved = i == 5 || i == 18 || i == 19 || i == 23;
		if ((slots_a[i] == nullptr) != reserved)
			missing++;
		if ((slots_w[i] == nullptr) != reserved)
			missing++;
	}
	/* curl's ANSI build reads member 4 under this name. */
	if (table_a.FreeCredentialsHandle == nullptr)
		missing++;
	if (init_a == nullptr || init_w == nullptr)
		missing++;

	/* The C11 anonymous members of LARGE_INTEGER work in C++ too. */
	TimeStamp ts;
	ts.QuadPart = DIGESTSSP_TIMESTAMP_NEVER;
	ts.LowPart = 0;
	SEC_WCHAR name[] = WDIGEST_SP_NAME_W;
	CtxtHandle h;
	SecInvalidateHandle(&h);
	if (SecIsValidHandle(&h) || name[0] != u'W' || ts.u.LowPart != 0)
		missing++;

	return missing != 0;
}
