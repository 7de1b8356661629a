/*
 * layout.c - compile-time checks of <digestssp/sspi.h> against the spec
 *
 * Sizes, alignments and member offsets come from types.md (LP64), the
 * constant values from constants.md. Everything is a _Static_assert: if
 * this file compiles, the test has passed; main() only gives ctest
 * something to run.
 */
#include <digestssp/sspi.h>

#define SIZE(T, s) _Static_assert(sizeof(T) == (s), "sizeof " #T)
#define ALIGN(T, a) _Static_assert(_Alignof(T) == (a), "alignof " #T)
#define OFF(T, m, o)                                                     \
	_Static_assert(offsetof(T, m) == (o), "offsetof " #T "." #m)
/* A status code: exact bit pattern and type SECURITY_STATUS. */
#define STATUS(name, v)                                                  \
	_Static_assert((name) == (SECURITY_STATUS)(v) &&                 \
			       _Generic((name), SECURITY_STATUS: 1,       \
					default: 0),                      \
		       #name)
/* A flag or id: exact value and a 32-bit unsigned type (never UL). */
#define FLAG(name, v)                                                    \
	_Static_assert((name) == (v) &&                                  \
			       _Generic((name), ULONG: 1, default: 0),    \
		       #name)

/* ---- scalar types (types.md section 1) ---- */
SIZE(ULONG, 4);
SIZE(LONG, 4);
SIZE(DWORD, 4);
SIZE(USHORT, 2);
SIZE(UCHAR, 1);
SIZE(BOOLEAN, 1);
SIZE(WCHAR, 2);
SIZE(SEC_WCHAR, 2);
SIZE(SEC_CHAR, 1);
SIZE(LONGLONG, 8);
SIZE(ULONGLONG, 8);
SIZE(SECURITY_STATUS, 4);
SIZE(NTSTATUS, 4);
SIZE(ULONG_PTR, sizeof(void *));
SIZE(INT_PTR, sizeof(void *));
_Static_assert((ULONG)-1 == 0xFFFFFFFFu, "ULONG is unsigned");
_Static_assert((LONG)-1 < 0, "LONG is signed");
_Static_assert((SECURITY_STATUS)-1 < 0, "SECURITY_STATUS is signed");
_Static_assert((WCHAR)-1 > 0, "WCHAR is unsigned");

/* ---- time stamps (section 4) ---- */
SIZE(LARGE_INTEGER, 8);
SIZE(TimeStamp, 8);
SIZE(SECURITY_INTEGER, 8);
OFF(LARGE_INTEGER, QuadPart, 0);
SIZE(LUID, 8);
ALIGN(LUID, 4);

/* ---- pointer-free structures ---- */
SIZE(SEC_CHANNEL_BINDINGS, 32);
ALIGN(SEC_CHANNEL_BINDINGS, 4);
OFF(SEC_CHANNEL_BINDINGS, dwInitiatorAddrType, 0);
OFF(SEC_CHANNEL_BINDINGS, cbInitiatorLength, 4);
OFF(SEC_CHANNEL_BINDINGS, dwInitiatorOffset, 8);
OFF(SEC_CHANNEL_BINDINGS, dwAcceptorAddrType, 12);
OFF(SEC_CHANNEL_BINDINGS, cbAcceptorLength, 16);
OFF(SEC_CHANNEL_BINDINGS, dwAcceptorOffset, 20);
OFF(SEC_CHANNEL_BINDINGS, cbApplicationDataLength, 24);
OFF(SEC_CHANNEL_BINDINGS, dwApplicationDataOffset, 28);

SIZE(SEC_WINNT_AUTH_IDENTITY_EX2, 48);
ALIGN(SEC_WINNT_AUTH_IDENTITY_EX2, 4);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, Version, 0);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, cbHeaderLength, 4);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, cbStructureLength, 8);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, UserOffset, 12);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, UserLength, 16);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, DomainOffset, 20);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, DomainLength, 24);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, PackedCredentialsOffset, 28);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, PackedCredentialsLength, 32);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, Flags, 36);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, PackageListOffset, 40);
OFF(SEC_WINNT_AUTH_IDENTITY_EX2, PackageListLength, 44);

SIZE(SecPkgContext_Sizes, 16);
ALIGN(SecPkgContext_Sizes, 4);
OFF(SecPkgContext_Sizes, cbMaxToken, 0);
OFF(SecPkgContext_Sizes, cbMaxSignature, 4);
OFF(SecPkgContext_Sizes, cbBlockSize, 8);
OFF(SecPkgContext_Sizes, cbSecurityTrailer, 12);
SIZE(SecPkgContext_StreamSizes, 20);
ALIGN(SecPkgContext_StreamSizes, 4);
OFF(SecPkgContext_StreamSizes, cbHeader, 0);
OFF(SecPkgContext_StreamSizes, cbTrailer, 4);
OFF(SecPkgContext_StreamSizes, cbMaximumMessage, 8);
OFF(SecPkgContext_StreamSizes, cBuffers, 12);
OFF(SecPkgContext_StreamSizes, cbBlockSize, 16);
SIZE(SecPkgContext_DatagramSizes, 20);
SIZE(SecPkgContext_Lifespan, 16);
OFF(SecPkgContext_Lifespan, tsStart, 0);
OFF(SecPkgContext_Lifespan, tsExpiry, 8);
SIZE(SecPkgContext_PasswordExpiry, 8);
SIZE(SecPkgContext_Flags, 4);
ALIGN(SecPkgContext_Flags, 4);
SIZE(SecPkgCredentials_DigestFlags, 4);

#if UINTPTR_MAX == UINT64_MAX
/* ---- LP64 layouts (the offsets printed in types.md) ---- */

/* 64-bit integers are 8-aligned (i386 aligns them to 4 in structures) */
ALIGN(LARGE_INTEGER, 8);
ALIGN(TimeStamp, 8);
ALIGN(SecPkgContext_Lifespan, 8);
ALIGN(SecPkgContext_PasswordExpiry, 8);

/* handles (section 3) */
SIZE(SecHandle, 16);
ALIGN(SecHandle, 8);
OFF(SecHandle, dwLower, 0);
OFF(SecHandle, dwUpper, 8);
SIZE(CredHandle, 16);
SIZE(CtxtHandle, 16);

/* buffers (section 5) */
SIZE(SecBuffer, 16);
ALIGN(SecBuffer, 8);
OFF(SecBuffer, cbBuffer, 0);
OFF(SecBuffer, BufferType, 4);
OFF(SecBuffer, pvBuffer, 8);
SIZE(SecBufferDesc, 16);
ALIGN(SecBufferDesc, 8);
OFF(SecBufferDesc, ulVersion, 0);
OFF(SecBufferDesc, cBuffers, 4);
OFF(SecBufferDesc, pBuffers, 8);

/* identities (section 6) */
SIZE(SEC_WINNT_AUTH_IDENTITY_A, 48);
ALIGN(SEC_WINNT_AUTH_IDENTITY_A, 8);
OFF(SEC_WINNT_AUTH_IDENTITY_A, User, 0);
OFF(SEC_WINNT_AUTH_IDENTITY_A, UserLength, 8);
OFF(SEC_WINNT_AUTH_IDENTITY_A, Domain, 16);
OFF(SEC_WINNT_AUTH_IDENTITY_A, DomainLength, 24);
OFF(SEC_WINNT_AUTH_IDENTITY_A, Password, 32);
OFF(SEC_WINNT_AUTH_IDENTITY_A, PasswordLength, 40);
OFF(SEC_WINNT_AUTH_IDENTITY_A, Flags, 44);
SIZE(SEC_WINNT_AUTH_IDENTITY_W, 48);
OFF(SEC_WINNT_AUTH_IDENTITY_W, Password, 32);
OFF(SEC_WINNT_AUTH_IDENTITY_W, Flags, 44);

SIZE(SEC_WINNT_AUTH_IDENTITY_EXA, 72);
ALIGN(SEC_WINNT_AUTH_IDENTITY_EXA, 8);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, Version, 0);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, Length, 4);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, User, 8);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, UserLength, 16);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, Domain, 24);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, DomainLength, 32);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, Password, 40);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, PasswordLength, 48);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, Flags, 52);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, PackageList, 56);
OFF(SEC_WINNT_AUTH_IDENTITY_EXA, PackageListLength, 64);
SIZE(SEC_WINNT_AUTH_IDENTITY_EXW, 72);
OFF(SEC_WINNT_AUTH_IDENTITY_EXW, Flags, 52);
OFF(SEC_WINNT_AUTH_IDENTITY_EXW, PackageListLength, 64);

SIZE(SEC_WINNT_AUTH_IDENTITY_INFO, 72);

/* package information (section 7) */
SIZE(SecPkgInfoA, 32);
ALIGN(SecPkgInfoA, 8);
OFF(SecPkgInfoA, fCapabilities, 0);
OFF(SecPkgInfoA, wVersion, 4);
OFF(SecPkgInfoA, wRPCID, 6);
OFF(SecPkgInfoA, cbMaxToken, 8);
OFF(SecPkgInfoA, Name, 16);
OFF(SecPkgInfoA, Comment, 24);
SIZE(SecPkgInfoW, 32);
OFF(SecPkgInfoW, Name, 16);
OFF(SecPkgInfoW, Comment, 24);

/* attribute structures (section 8) */
SIZE(SecPkgContext_NamesA, 8);
SIZE(SecPkgContext_NamesW, 8);
SIZE(SecPkgContext_DceInfo, 16);
OFF(SecPkgContext_DceInfo, pPac, 8);
SIZE(SecPkgContext_KeyInfoA, 32);
ALIGN(SecPkgContext_KeyInfoA, 8);
OFF(SecPkgContext_KeyInfoA, sSignatureAlgorithmName, 0);
OFF(SecPkgContext_KeyInfoA, sEncryptAlgorithmName, 8);
OFF(SecPkgContext_KeyInfoA, KeySize, 16);
OFF(SecPkgContext_KeyInfoA, SignatureAlgorithm, 20);
OFF(SecPkgContext_KeyInfoA, EncryptAlgorithm, 24);
SIZE(SecPkgContext_KeyInfoW, 32);
OFF(SecPkgContext_KeyInfoW, EncryptAlgorithm, 24);
SIZE(SecPkgContext_AuthorityA, 8);
SIZE(SecPkgContext_AuthorityW, 8);
SIZE(SecPkgContext_SessionKey, 16);
OFF(SecPkgContext_SessionKey, SessionKey, 8);
SIZE(SecPkgContext_PackageInfoA, 8);
SIZE(SecPkgContext_PackageInfoW, 8);
SIZE(SecPkgContext_NegotiationInfoA, 16);
OFF(SecPkgContext_NegotiationInfoA, NegotiationState, 8);
SIZE(SecPkgContext_NegotiationInfoW, 16);
OFF(SecPkgContext_NegotiationInfoW, NegotiationState, 8);
SIZE(SecPkgContext_NativeNamesA, 16);
OFF(SecPkgContext_NativeNamesA, sServerName, 8);
SIZE(SecPkgContext_NativeNamesW, 16);
SIZE(SecPkgContext_AccessToken, 8);
SIZE(SecPkgContext_TargetInformation, 16);
OFF(SecPkgContext_TargetInformation, MarshalledTargetInfo, 8);
SIZE(SecPkgContext_ClientSpecifiedTarget, 8);
SIZE(SecPkgContext_Bindings, 16);
OFF(SecPkgContext_Bindings, Bindings, 8);
SIZE(SecPkgContext_CredentialNameA, 16);
OFF(SecPkgContext_CredentialNameA, sCredentialName, 8);
SIZE(SecPkgContext_CredentialNameW, 16);
SIZE(SecPkgCredentials_NamesA, 8);
SIZE(SecPkgCredentials_NamesW, 8);
SIZE(SecPkgCredentials_DigestAlgorithmsA, 8);
SIZE(SecPkgCredentials_DigestAlgorithmsW, 8);

/* dispatch tables (section 11): every member, in order */
SIZE(SecurityFunctionTableA, 256);
ALIGN(SecurityFunctionTableA, 8);
OFF(SecurityFunctionTableA, dwVersion, 0);
OFF(SecurityFunctionTableA, EnumerateSecurityPackagesA, 8);
OFF(SecurityFunctionTableA, QueryCredentialsAttributesA, 16);
OFF(SecurityFunctionTableA, AcquireCredentialsHandleA, 24);
OFF(SecurityFunctionTableA, FreeCredentialHandle, 32);
OFF(SecurityFunctionTableA, FreeCredentialsHandle, 32);
OFF(SecurityFunctionTableA, Reserved2, 40);
OFF(SecurityFunctionTableA, InitializeSecurityContextA, 48);
OFF(SecurityFunctionTableA, AcceptSecurityContext, 56);
OFF(SecurityFunctionTableA, CompleteAuthToken, 64);
OFF(SecurityFunctionTableA, DeleteSecurityContext, 72);
OFF(SecurityFunctionTableA, ApplyControlToken, 80);
OFF(SecurityFunctionTableA, QueryContextAttributesA, 88);
OFF(SecurityFunctionTableA, ImpersonateSecurityContext, 96);
OFF(SecurityFunctionTableA, RevertSecurityContext, 104);
OFF(SecurityFunctionTableA, MakeSignature, 112);
OFF(SecurityFunctionTableA, VerifySignature, 120);
OFF(SecurityFunctionTableA, FreeContextBuffer, 128);
OFF(SecurityFunctionTableA, QuerySecurityPackageInfoA, 136);
OFF(SecurityFunctionTableA, Reserved3, 144);
OFF(SecurityFunctionTableA, Reserved4, 152);
OFF(SecurityFunctionTableA, ExportSecurityContext, 160);
OFF(SecurityFunctionTableA, ImportSecurityContextA, 168);
OFF(SecurityFunctionTableA, AddCredentialsA, 176);
OFF(SecurityFunctionTableA, Reserved8, 184);
OFF(SecurityFunctionTableA, QuerySecurityContextToken, 192);
OFF(SecurityFunctionTableA, EncryptMessage, 200);
OFF(SecurityFunctionTableA, DecryptMessage, 208);
OFF(SecurityFunctionTableA, SetContextAttributesA, 216);
OFF(SecurityFunctionTableA, SetCredentialsAttributesA, 224);
OFF(SecurityFunctionTableA, ChangeAccountPasswordA, 232);
OFF(SecurityFunctionTableA, QueryContextAttributesExA, 240);
OFF(SecurityFunctionTableA, QueryCredentialsAttributesExA, 248);

SIZE(SecurityFunctionTableW, 256);
ALIGN(SecurityFunctionTableW, 8);
OFF(SecurityFunctionTableW, dwVersion, 0);
OFF(SecurityFunctionTableW, EnumerateSecurityPackagesW, 8);
OFF(SecurityFunctionTableW, QueryCredentialsAttributesW, 16);
OFF(SecurityFunctionTableW, AcquireCredentialsHandleW, 24);
OFF(SecurityFunctionTableW, FreeCredentialsHandle, 32);
OFF(SecurityFunctionTableW, Reserved2, 40);
OFF(SecurityFunctionTableW, InitializeSecurityContextW, 48);
OFF(SecurityFunctionTableW, AcceptSecurityContext, 56);
OFF(SecurityFunctionTableW, CompleteAuthToken, 64);
OFF(SecurityFunctionTableW, DeleteSecurityContext, 72);
OFF(SecurityFunctionTableW, ApplyControlToken, 80);
OFF(SecurityFunctionTableW, QueryContextAttributesW, 88);
OFF(SecurityFunctionTableW, ImpersonateSecurityContext, 96);
OFF(SecurityFunctionTableW, RevertSecurityContext, 104);
OFF(SecurityFunctionTableW, MakeSignature, 112);
OFF(SecurityFunctionTableW, VerifySignature, 120);
OFF(SecurityFunctionTableW, FreeContextBuffer, 128);
OFF(SecurityFunctionTableW, QuerySecurityPackageInfoW, 136);
OFF(SecurityFunctionTableW, Reserved3, 144);
OFF(SecurityFunctionTableW, Reserved4, 152);
OFF(SecurityFunctionTableW, ExportSecurityContext, 160);
OFF(SecurityFunctionTableW, ImportSecurityContextW, 168);
OFF(SecurityFunctionTableW, AddCredentialsW, 176);
OFF(SecurityFunctionTableW, Reserved8, 184);
OFF(SecurityFunctionTableW, QuerySecurityContextToken, 192);
OFF(SecurityFunctionTableW, EncryptMessage, 200);
OFF(SecurityFunctionTableW, DecryptMessage, 208);
OFF(SecurityFunctionTableW, SetContextAttributesW, 216);
OFF(SecurityFunctionTableW, SetCredentialsAttributesW, 224);
OFF(SecurityFunctionTableW, ChangeAccountPasswordW, 232);
OFF(SecurityFunctionTableW, QueryContextAttributesExW, 240);
OFF(SecurityFunctionTableW, QueryCredentialsAttributesExW, 248);
#endif /* LP64 */

/* The table is 32 pointer-sized slots on any ABI. */
SIZE(SecurityFunctionTableA, 32 * sizeof(void *));
SIZE(SecurityFunctionTableW, 32 * sizeof(void *));

/* ---- handle macros ---- */
_Static_assert(SEC_DELETED_HANDLE == (ULONG_PTR)-2, "SEC_DELETED_HANDLE");
_Static_assert(SEC_SUCCESS(SEC_I_CONTINUE_NEEDED), "SEC_SUCCESS(I)");
_Static_assert(!SEC_SUCCESS(SEC_E_INVALID_TOKEN), "SEC_SUCCESS(E)");

/* ---- constants (constants.md), a sample from every table ---- */
/* section 1 */
FLAG(WDIGEST_WRAP_NO_ENCRYPT, 0x80000001u);
_Static_assert(sizeof(WDIGEST_SP_NAME_A) == 8, "WDIGEST_SP_NAME_A");
_Static_assert(sizeof(WDIGEST_SP_NAME_W) == 16, "WDIGEST_SP_NAME_W");
/* section 2 */
FLAG(ISC_REQ_HTTP, 0x01000000u);
FLAG(ASC_REQ_HTTP, 0x10000000u);
FLAG(DIGESTSSP_ASC_RET_HTTP, 0x10000000u);
/* section 3 */
FLAG(ISC_REQ_DELEGATE, 0x00000001u);
FLAG(ISC_REQ_MUTUAL_AUTH, 0x00000002u);
FLAG(ISC_REQ_CONFIDENTIALITY, 0x00000010u);
FLAG(ISC_REQ_PROMPT_FOR_CREDS, 0x00000040u);
FLAG(ISC_REQ_USE_SUPPLIED_CREDS, 0x00000080u);
FLAG(ISC_REQ_ALLOCATE_MEMORY, 0x00000100u);
FLAG(ISC_REQ_EXTENDED_ERROR, 0x00004000u);
FLAG(ISC_REQ_STREAM, 0x00008000u);
FLAG(ISC_REQ_INTEGRITY, 0x00010000u);
FLAG(ISC_REQ_USE_HTTP_STYLE, 0x01000000u);
FLAG(ISC_REQ_CONFIDENTIALITY_ONLY, 0x40000000u);
_Static_assert(ISC_REQ_MESSAGES == 0x100000000ull &&
		       _Generic(ISC_REQ_MESSAGES, uint64_t: 1, default: 0),
	       "ISC_REQ_MESSAGES");
/* section 4 */
FLAG(ISC_RET_MUTUAL_AUTH, 0x00000002u);
FLAG(ISC_RET_USED_SUPPLIED_CREDS, 0x00000080u);
FLAG(ISC_RET_ALLOCATED_MEMORY, 0x00000100u);
FLAG(ISC_RET_CONNECTION, 0x00000800u);
FLAG(ISC_RET_INTEGRITY, 0x00010000u);
FLAG(ISC_RET_USED_HTTP_STYLE, 0x01000000u);
FLAG(ISC_RET_REAUTHENTICATION, 0x08000000u);
_Static_assert(ISC_RET_MESSAGES == 0x100000000ull, "ISC_RET_MESSAGES");
/* section 5 */
FLAG(ASC_REQ_DELEGATE, 0x00000001u);
FLAG(ASC_REQ_CONFIDENTIALITY, 0x00000010u);
FLAG(ASC_REQ_ALLOCATE_MEMORY, 0x00000100u);
FLAG(ASC_REQ_EXTENDED_ERROR, 0x00008000u);
FLAG(ASC_REQ_STREAM, 0x00010000u);
FLAG(ASC_REQ_INTEGRITY, 0x00020000u);
FLAG(ASC_REQ_PROXY_BINDINGS, 0x04000000u);
FLAG(ASC_REQ_ALLOW_MISSING_BINDINGS, 0x10000000u);
_Static_assert(ASC_REQ_MESSAGES == 0x100000000ull, "ASC_REQ_MESSAGES");
/* section 6 */
FLAG(ASC_RET_MUTUAL_AUTH, 0x00000002u);
FLAG(ASC_RET_CONNECTION, 0x00000800u);
FLAG(ASC_RET_THIRD_LEG_FAILED, 0x00004000u);
FLAG(ASC_RET_INTEGRITY, 0x00020000u);
FLAG(ASC_RET_NO_ADDITIONAL_TOKEN, 0x02000000u);
_Static_assert(ASC_RET_MESSAGES == 0x100000000ull, "ASC_RET_MESSAGES");
/* section 7 */
FLAG(SECBUFFER_VERSION, 0u);
FLAG(SECURITY_NATIVE_DREP, 0x00000010u);
FLAG(SECURITY_NETWORK_DREP, 0u);
FLAG(SECBUFFER_EMPTY, 0u);
FLAG(SECBUFFER_DATA, 1u);
FLAG(SECBUFFER_TOKEN, 2u);
FLAG(SECBUFFER_PKG_PARAMS, 3u);
FLAG(SECBUFFER_PADDING, 9u);
FLAG(SECBUFFER_STREAM, 0x0000000Au);
FLAG(SECBUFFER_CHANNEL_BINDINGS, 0x0000000Eu);
FLAG(SECBUFFER_TARGET_HOST, 0x00000010u);
FLAG(SECBUFFER_TRAFFIC_SECRETS, 0x0000001Cu);
FLAG(SECBUFFER_ATTRMASK, 0xF0000000u);
FLAG(SECBUFFER_READONLY, 0x80000000u);
FLAG(SECBUFFER_READONLY_WITH_CHECKSUM, 0x10000000u);
FLAG(SECBUFFER_RESERVED, 0x60000000u);
/* section 8 */
FLAG(SECPKG_CRED_INBOUND, 1u);
FLAG(SECPKG_CRED_OUTBOUND, 2u);
FLAG(SECPKG_CRED_BOTH, 3u);
FLAG(SECPKG_CRED_RESERVED, 0xF0000000u);
FLAG(SECPKG_CRED_ATTR_NAMES, 1u);
FLAG(SECPKG_CRED_ATTR_PAC_BYPASS, 5u);
/* section 9 */
FLAG(SECPKG_ATTR_SIZES, 0u);
FLAG(SECPKG_ATTR_NAMES, 1u);
FLAG(SECPKG_ATTR_STREAM_SIZES, 4u);
FLAG(SECPKG_ATTR_DATAGRAM_SIZES, 4u);
FLAG(SECPKG_ATTR_KEY_INFO, 5u);
FLAG(SECPKG_ATTR_SESSION_KEY, 9u);
FLAG(SECPKG_ATTR_PACKAGE_INFO, 0x0000000Au);
FLAG(SECPKG_ATTR_FLAGS, 0x0000000Eu);
FLAG(SECPKG_ATTR_CLIENT_SPECIFIED_TARGET, 0x0000001Bu);
FLAG(SECPKG_ATTR_SUBJECT_SECURITY_ATTRIBUTES, 0x00000080u);
FLAG(SECPKG_ATTR_IS_LOOPBACK, 0x00000025u);
FLAG(SECPKG_ATTR_LOCAL_CRED, 0x00000052u);
FLAG(SECPKG_ATTR_ROOT_STORE, 0x00000055u);
FLAG(SECPKG_ATTR_CREDS_2, 0x80000086u);
FLAG(SECPKG_NEGOTIATION_COMPLETE, 0u);
FLAG(SECPKG_NEGOTIATION_IN_PROGRESS, 2u);
FLAG(SECPKG_NEGOTIATION_TRY_MULTICRED, 4u);
/* section 10 */
FLAG(SECPKG_FLAG_TOKEN_ONLY, 0x00000004u);
FLAG(SECPKG_FLAG_IMPERSONATION, 0x00000100u);
FLAG(SECPKG_FLAG_ACCEPT_WIN32_NAME, 0x00000200u);
FLAG(SECPKG_FLAG_APPCONTAINER_CHECKS, 0x00800000u);
FLAG(SECPKG_FLAG_APPLY_LOOPBACK, 0x02000000u);
_Static_assert((SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_IMPERSONATION |
		SECPKG_FLAG_ACCEPT_WIN32_NAME |
		SECPKG_FLAG_APPCONTAINER_CHECKS) == 0x00800304u,
	       "WDigest fCapabilities");
FLAG(SECPKG_ID_NONE, 0x0000FFFFu);
FLAG(SECPKG_CALLFLAGS_APPCONTAINER, 1u);
FLAG(SECPKG_CALLFLAGS_APPCONTAINER_UPNCAPABLE, 8u);
/* section 11 */
FLAG(SECPKG_CONTEXT_EXPORT_RESET_NEW, 1u);
FLAG(SECPKG_CONTEXT_EXPORT_DELETE_OLD, 2u);
FLAG(SECPKG_CONTEXT_EXPORT_TO_KERNEL, 4u);
FLAG(SECQOP_WRAP_NO_ENCRYPT, 0x80000001u);
FLAG(SECQOP_WRAP_OOB_DATA, 0x40000000u);
FLAG(SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION, 1u);
FLAG(SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5, 5u);
_Static_assert(sizeof(SECURITY_ENTRYPOINT_ANSIW) ==
		       sizeof("InitSecurityInterfaceW"),
	       "SECURITY_ENTRYPOINT_ANSIW");
_Static_assert(sizeof(SECURITY_ENTRYPOINT16) ==
		       sizeof("INITSECURITYINTERFACEA"),
	       "SECURITY_ENTRYPOINT16");
FLAG(SEC_WINNT_AUTH_IDENTITY_ANSI, 1u);
FLAG(SEC_WINNT_AUTH_IDENTITY_UNICODE, 2u);
FLAG(SEC_WINNT_AUTH_IDENTITY_MARSHALLED, 4u);
FLAG(SEC_WINNT_AUTH_IDENTITY_ONLY, 8u);
FLAG(SEC_WINNT_AUTH_IDENTITY_VERSION, 0x00000200u);
FLAG(SEC_WINNT_AUTH_IDENTITY_VERSION_2, 0x00000201u);
FLAG(SASL_OPTION_SEND_SIZE, 1u);
FLAG(SASL_OPTION_AUTHZ_PROCESSING, 4u);
/* section 12 */
STATUS(SEC_E_OK, 0x00000000u);
STATUS(SEC_E_INSUFFICIENT_MEMORY, 0x80090300u);
STATUS(SEC_E_INVALID_HANDLE, 0x80090301u);
STATUS(SEC_E_UNSUPPORTED_FUNCTION, 0x80090302u);
STATUS(SEC_E_TARGET_UNKNOWN, 0x80090303u);
STATUS(SEC_E_INTERNAL_ERROR, 0x80090304u);
STATUS(SEC_E_SECPKG_NOT_FOUND, 0x80090305u);
STATUS(SEC_E_INVALID_TOKEN, 0x80090308u);
STATUS(SEC_E_QOP_NOT_SUPPORTED, 0x8009030Au);
STATUS(SEC_E_NO_IMPERSONATION, 0x8009030Bu);
STATUS(SEC_E_LOGON_DENIED, 0x8009030Cu);
STATUS(SEC_E_UNKNOWN_CREDENTIALS, 0x8009030Du);
STATUS(SEC_E_NO_CREDENTIALS, 0x8009030Eu);
STATUS(SEC_E_MESSAGE_ALTERED, 0x8009030Fu);
STATUS(SEC_E_OUT_OF_SEQUENCE, 0x80090310u);
STATUS(SEC_E_NO_AUTHENTICATING_AUTHORITY, 0x80090311u);
STATUS(SEC_I_CONTINUE_NEEDED, 0x00090312u);
STATUS(SEC_I_COMPLETE_NEEDED, 0x00090313u);
STATUS(SEC_I_COMPLETE_AND_CONTINUE, 0x00090314u);
STATUS(SEC_E_CONTEXT_EXPIRED, 0x80090317u);
STATUS(SEC_I_CONTEXT_EXPIRED, 0x00090317u);
STATUS(SEC_E_INCOMPLETE_MESSAGE, 0x80090318u);
STATUS(SEC_E_BUFFER_TOO_SMALL, 0x80090321u);
STATUS(SEC_I_RENEGOTIATE, 0x00090321u);
STATUS(SEC_E_WRONG_PRINCIPAL, 0x80090322u);
STATUS(SEC_E_SECURITY_QOS_FAILED, 0x80090332u);
STATUS(SEC_E_CRYPTO_SYSTEM_INVALID, 0x80090337u);
STATUS(SEC_E_BAD_BINDINGS, 0x80090346u);
STATUS(SEC_E_INVALID_PARAMETER, 0x8009035Du);
STATUS(SEC_E_MUTUAL_AUTH_FAILED, 0x80090363u);
STATUS(SEC_E_INSUFFICIENT_BUFFERS, 0x8009036Bu);
STATUS(SEC_E_NO_SPM, 0x80090304u);
STATUS(SEC_E_NOT_SUPPORTED, 0x80090302u);
STATUS(STATUS_SUCCESS, 0x00000000u);
STATUS(STATUS_LOGON_FAILURE, 0xC000006Du);
STATUS(STATUS_INVALID_PARAMETER, 0xC000000Du);
STATUS(STATUS_INVALID_HANDLE, 0xC0000008u);
STATUS(STATUS_NOT_SUPPORTED, 0xC00000BBu);
_Static_assert(SEC_E_INVALID_HANDLE == (SECURITY_STATUS)0x80090301u,
	       "SEC_E_INVALID_HANDLE");
_Static_assert(SEC_E_INVALID_HANDLE < 0 && SEC_I_CONTINUE_NEEDED > 0,
	       "status signs");
/* section 13 */
FLAG(CALG_MD5, 0x00008003u);
FLAG(CALG_HMAC, 0x00008009u);
FLAG(CALG_RC4, 0x00006801u);
FLAG(CALG_DES, 0x00006601u);
FLAG(CALG_3DES_112, 0x00006609u);
/* section 14 and the other digestssp extensions */
_Static_assert(DIGESTSSP_TIMESTAMP_NEVER == 0x7FFFFFFFFFFFFFFFll &&
		       _Generic(DIGESTSSP_TIMESTAMP_NEVER, LONGLONG: 1,
				default: 0),
	       "DIGESTSSP_TIMESTAMP_NEVER");
FLAG(DIGESTSSP_CRED_ATTR_ALGORITHMS, 0x44530001u);
FLAG(DIGESTSSP_CRED_ATTR_FLAGS, 0x44530002u);
FLAG(DIGESTSSP_CRED_FLAG_CHALLENGE_REALM, 0x00000001u);

int
main(void)
{
	return 0;
}
