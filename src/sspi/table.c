/*
 * table.c - InitSecurityInterfaceA/W: static dispatch tables in the
 * Windows member order (types.md section 11). Never NULL, never freed,
 * the same pointer on every call.
 */
#include "sspi/sspi_int.h"

static SecurityFunctionTableA table_a = {
	SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
	EnumerateSecurityPackagesA,
	QueryCredentialsAttributesA,
	AcquireCredentialsHandleA,
	FreeCredentialsHandle,
	NULL, /* Reserved2 */
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
	NULL, /* Reserved3 */
	NULL, /* Reserved4 */
	ExportSecurityContext,
	ImportSecurityContextA,
	AddCredentialsA,
	NULL, /* Reserved8 */
	QuerySecurityContextToken,
	EncryptMessage,
	DecryptMessage,
	SetContextAttributesA,
	SetCredentialsAttributesA,
	ChangeAccountPasswordA,
	QueryContextAttributesExA,
	QueryCredentialsAttributesExA,
};

static SecurityFunctionTableW table_w = {
	SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5,
	EnumerateSecurityPackagesW,
	QueryCredentialsAttributesW,
	AcquireCredentialsHandleW,
	FreeCredentialsHandle,
	NULL, /* Reserved2 */
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
	NULL, /* Reserved3 */
	NULL, /* Reserved4 */
	ExportSecurityContext,
	ImportSecurityContextW,
	AddCredentialsW,
	NULL, /* Reserved8 */
	QuerySecurityContextToken,
	EncryptMessage,
	DecryptMessage,
	SetContextAttributesW,
	SetCredentialsAttributesW,
	ChangeAccountPasswordW,
	QueryContextAttributesExW,
	QueryCredentialsAttributesExW,
};

/* see sspi.h */
PSecurityFunctionTableA SEC_ENTRY
InitSecurityInterfaceA(void)
{
	return &table_a;
}

/* see sspi.h */
PSecurityFunctionTableW SEC_ENTRY
InitSecurityInterfaceW(void)
{
	return &table_w;
}
