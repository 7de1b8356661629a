/*
 * digestssp/sspi.h - the public interface of digestssp
 *
 * digestssp is a portable implementation of the Microsoft Digest security
 * package ("WDigest") behind the Windows SSPI calling interface. It serves
 * HTTP Digest and SASL DIGEST-MD5, as client and as server.
 *
 * This is the only header a program needs. It stands in for the parts of
 * <windows.h>, <sspi.h>, <winerror.h> and <wdigest.h> that SSPI code uses:
 * the Windows scalar types, the handle, buffer, identity and attribute
 * structures, every SSPI constant and status code, the function prototypes
 * and the SecurityFunctionTableA/W dispatch tables. Code written against
 * SSPI on Windows is meant to compile unchanged; binary compatibility with
 * Windows is not a goal.
 *
 * Things that differ from Windows:
 *  - ULONG is uint32_t. "unsigned long" is 64 bits on LP64 Linux, so a
 *    variable declared unsigned long cannot be passed where ULONG * is
 *    expected.
 *  - WCHAR and SEC_WCHAR are char16_t (UTF-16). Wide literals must be
 *    written u"..." because L"..." is 32-bit wchar_t on Linux; SEC_TEXT()
 *    and TEXT() produce u"..." when UNICODE is defined.
 *  - 8-bit strings (the A functions) are UTF-8.
 *  - SEC_ENTRY, WINAPI and SEC_FAR expand to nothing. The library exports
 *    the plain C names listed in this file and nothing else.
 *  - SECURITY_WIN32 may be defined before the include but is not needed.
 *
 * Define UNICODE before the include to map the generic names
 * (AcquireCredentialsHandle, SecPkgInfo, SecurityFunctionTable, ...) to
 * the W forms; without it they map to the A forms.
 *
 * Status codes keep their Windows bit patterns in a 32-bit signed
 * SECURITY_STATUS: compare them with ==, and test for success with
 * SEC_SUCCESS() (errors are negative). Memory that the package hands to
 * the caller is released with FreeContextBuffer.
 *
 * Names beginning with DIGESTSSP_ are digestssp extensions with no Windows
 * counterpart; they are collected in the last section.
 */
#ifndef DIGESTSSP_SSPI_H
#define DIGESTSSP_SSPI_H

#include <stddef.h>
#include <stdint.h>
#ifndef __cplusplus
#include <uchar.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ====================================================================
 * Decoration macros
 * ==================================================================== */

/* Marks the exported functions (the library is built with hidden
 * default visibility). Harmless for callers. */
#if defined(__GNUC__)
#define DSS_API __attribute__((visibility("default")))
#else
#define DSS_API
#endif

/* An anonymous struct inside a union is standard C11 but an extension
 * in C++; __extension__ keeps g++/clang++ -pedantic quiet about it. */
#if defined(__cplusplus) && defined(__GNUC__)
#define DSS_ANON_STRUCT __extension__ struct
#else
#define DSS_ANON_STRUCT struct
#endif

/* Calling convention and pointer decorations: no meaning on Linux. */
#define SEC_ENTRY
#define WINAPI
#define NTAPI
#define SEC_FAR
#define __SEC_FAR
#define KSECDDDECLSPEC

/* Only user mode is provided; the mode macros need not be defined. */
#ifndef ISSP_LEVEL
#define ISSP_LEVEL 32
#endif
#ifndef ISSP_MODE
#define ISSP_MODE 1
#endif

/* String literals of the generic character type: u"..." with UNICODE,
 * "..." without. */
#define DSS_UTF16_TEXT(x) u##x
#ifdef UNICODE
#define SEC_TEXT(x) DSS_UTF16_TEXT(x)
#ifndef TEXT
#define TEXT(x) DSS_UTF16_TEXT(x)
#endif
#else
#define SEC_TEXT(x) x
#ifndef TEXT
#define TEXT(x) x
#endif
#endif

/* ====================================================================
 * Scalar types (fixed width: LP64 must not change their size)
 * ==================================================================== */

typedef uint32_t ULONG, *PULONG;
typedef int32_t LONG, *PLONG;
typedef uint32_t DWORD, *PDWORD;
typedef uint16_t USHORT, *PUSHORT;
typedef uint8_t UCHAR, *PUCHAR;
typedef uint8_t BYTE, *PBYTE;
typedef uint8_t BOOLEAN, *PBOOLEAN;
typedef char CHAR, *PCHAR;
typedef char16_t WCHAR, *PWCHAR;
typedef int64_t LONGLONG, *PLONGLONG;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t INT_PTR;
typedef intptr_t LONG_PTR;
typedef void *PVOID;
typedef void *HANDLE, **PHANDLE;

/* Result of every SSPI function: a Windows HRESULT-style bit pattern. */
typedef LONG SECURITY_STATUS;
/* Kernel status codes; a few are returned through SECURITY_STATUS. */
typedef LONG NTSTATUS;

/* String elements: 8-bit (UTF-8) for the A functions, UTF-16 for W. */
typedef CHAR SEC_CHAR;
typedef WCHAR SEC_WCHAR;

#ifdef UNICODE
typedef SEC_WCHAR *SECURITY_PSTR;
typedef const SEC_WCHAR *SECURITY_PCSTR;
#else
typedef SEC_CHAR *SECURITY_PSTR;
typedef const SEC_CHAR *SECURITY_PCSTR;
#endif

#define SEC_SUCCESS(Status) ((Status) >= 0)

/* ====================================================================
 * Handles
 *
 * Credential and context handles are two opaque words. Their content
 * belongs to the package; callers only copy them, compare them, and use
 * the two macros below.
 * ==================================================================== */

typedef struct _SecHandle {
	ULONG_PTR dwLower;
	ULONG_PTR dwUpper;
} SecHandle, *PSecHandle;

typedef SecHandle CredHandle;
typedef PSecHandle PCredHandle;
typedef SecHandle CtxtHandle;
typedef PSecHandle PCtxtHandle;

/* Mark a handle as "no handle" (both words all ones). */
#define SecInvalidateHandle(x)                                           \
	((PSecHandle)(x))->dwLower = ((PSecHandle)(x))->dwUpper =         \
		((ULONG_PTR)((INT_PTR)-1))

/* True unless either word holds the all-ones "no handle" value. */
#define SecIsValidHandle(x)                                              \
	((((PSecHandle)(x))->dwLower != ((ULONG_PTR)((INT_PTR)-1))) &&    \
	 (((PSecHandle)(x))->dwUpper != ((ULONG_PTR)((INT_PTR)-1))))

/* Word value Windows uses for a deleted handle; never a valid handle. */
#define SEC_DELETED_HANDLE ((ULONG_PTR)(-2))

/* ====================================================================
 * Time and identifiers
 * ==================================================================== */

/* A signed 64-bit quantity that may also be read as two 32-bit halves.
 * The halves follow the byte order of the machine, so that QuadPart,
 * LowPart and HighPart always agree. */
typedef union _LARGE_INTEGER {
	DSS_ANON_STRUCT {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	};
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef LARGE_INTEGER SECURITY_INTEGER, *PSECURITY_INTEGER;

/* A FILETIME: 100 ns intervals since 1601-01-01 (UTC). Digest
 * credentials and contexts never expire; their expiry is reported as
 * DIGESTSSP_TIMESTAMP_NEVER. */
typedef SECURITY_INTEGER TimeStamp, *PTimeStamp;

/* Logon session id (AcquireCredentialsHandle pvLogonId; ignored). */
typedef struct _LUID {
	ULONG LowPart;
	LONG HighPart;
} LUID, *PLUID;

/* ====================================================================
 * Security buffers
 * ==================================================================== */

/* One buffer. BufferType is a SECBUFFER_ type, possibly OR-ed with
 * attribute bits (SECBUFFER_READONLY...): mask with ~SECBUFFER_ATTRMASK
 * before comparing. */
typedef struct _SecBuffer {
	ULONG cbBuffer;		/* size of *pvBuffer in bytes */
	ULONG BufferType;	/* SECBUFFER_xxx [| attribute bits] */
	void *pvBuffer;
} SecBuffer, *PSecBuffer;

/* An array of buffers. ulVersion must be SECBUFFER_VERSION. */
typedef struct _SecBufferDesc {
	ULONG ulVersion;
	ULONG cBuffers;		/* number of elements of pBuffers */
	PSecBuffer pBuffers;
} SecBufferDesc, *PSecBufferDesc;

/* Header of a SECBUFFER_CHANNEL_BINDINGS buffer. Each offset counts bytes
 * from the start of this structure; the data follows it in the same
 * buffer. */
typedef struct _SEC_CHANNEL_BINDINGS {
	ULONG dwInitiatorAddrType;
	ULONG cbInitiatorLength;
	ULONG dwInitiatorOffset;
	ULONG dwAcceptorAddrType;
	ULONG cbAcceptorLength;
	ULONG dwAcceptorOffset;
	ULONG cbApplicationDataLength;
	ULONG dwApplicationDataOffset;
} SEC_CHANNEL_BINDINGS, *PSEC_CHANNEL_BINDINGS;

/* ====================================================================
 * Identity structures (AcquireCredentialsHandle pAuthData)
 *
 * Lengths count characters and exclude any terminator; the strings need
 * not be NUL-terminated. Flags (SEC_WINNT_AUTH_IDENTITY_ANSI or _UNICODE),
 * not the A/W variant of the function, tells whether the strings are
 * 8-bit (UTF-8) or UTF-16. A NULL pointer with length 0 is an empty
 * string. The _W structures use unsigned short, as on Windows; in C that
 * is the same type as WCHAR.
 * ==================================================================== */

typedef struct _SEC_WINNT_AUTH_IDENTITY_A {
	unsigned char *User;
	ULONG UserLength;
	unsigned char *Domain;
	ULONG DomainLength;
	unsigned char *Password;
	ULONG PasswordLength;
	ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_A, *PSEC_WINNT_AUTH_IDENTITY_A;

typedef struct _SEC_WINNT_AUTH_IDENTITY_W {
	unsigned short *User;
	ULONG UserLength;
	unsigned short *Domain;
	ULONG DomainLength;
	unsigned short *Password;
	ULONG PasswordLength;
	ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_W, *PSEC_WINNT_AUTH_IDENTITY_W;

/* Versioned form: Version = SEC_WINNT_AUTH_IDENTITY_VERSION and
 * Length = sizeof the structure. PackageList is ignored by Digest. */
typedef struct _SEC_WINNT_AUTH_IDENTITY_EXA {
	ULONG Version;
	ULONG Length;
	unsigned char *User;
	ULONG UserLength;
	unsigned char *Domain;
	ULONG DomainLength;
	unsigned char *Password;
	ULONG PasswordLength;
	ULONG Flags;
	unsigned char *PackageList;
	ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXA, *PSEC_WINNT_AUTH_IDENTITY_EXA;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXW {
	ULONG Version;
	ULONG Length;
	unsigned short *User;
	ULONG UserLength;
	unsigned short *Domain;
	ULONG DomainLength;
	unsigned short *Password;
	ULONG PasswordLength;
	ULONG Flags;
	unsigned short *PackageList;
	ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXW, *PSEC_WINNT_AUTH_IDENTITY_EXW;

/* Packed form (Version = SEC_WINNT_AUTH_IDENTITY_VERSION_2): the strings
 * follow the header at the given byte offsets. Declared for source
 * compatibility; WDigest rejects it with SEC_E_UNKNOWN_CREDENTIALS. */
typedef struct _SEC_WINNT_AUTH_IDENTITY_EX2 {
	ULONG Version;
	USHORT cbHeaderLength;
	ULONG cbStructureLength;
	ULONG UserOffset;
	USHORT UserLength;
	ULONG DomainOffset;
	USHORT DomainLength;
	ULONG PackedCredentialsOffset;
	USHORT PackedCredentialsLength;
	ULONG Flags;
	ULONG PackageListOffset;
	USHORT PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EX2, *PSEC_WINNT_AUTH_IDENTITY_EX2;

typedef union _SEC_WINNT_AUTH_IDENTITY_INFO {
	SEC_WINNT_AUTH_IDENTITY_EXW AuthIdExw;
	SEC_WINNT_AUTH_IDENTITY_EXA AuthIdExa;
	SEC_WINNT_AUTH_IDENTITY_A AuthId_a;
	SEC_WINNT_AUTH_IDENTITY_W AuthId_w;
	SEC_WINNT_AUTH_IDENTITY_EX2 AuthIdEx2;
} SEC_WINNT_AUTH_IDENTITY_INFO, *PSEC_WINNT_AUTH_IDENTITY_INFO;

typedef PVOID PSEC_WINNT_AUTH_IDENTITY_OPAQUE;

/* ====================================================================
 * Package information (EnumerateSecurityPackages,
 * QuerySecurityPackageInfo, SECPKG_ATTR_PACKAGE_INFO)
 *
 * Returned as one block (structures followed by their strings) that is
 * released with a single FreeContextBuffer call.
 * ==================================================================== */

typedef struct _SecPkgInfoA {
	ULONG fCapabilities;	/* SECPKG_FLAG_xxx */
	USHORT wVersion;
	USHORT wRPCID;
	ULONG cbMaxToken;	/* largest token the package produces */
	SEC_CHAR *Name;
	SEC_CHAR *Comment;
} SecPkgInfoA, *PSecPkgInfoA;

typedef struct _SecPkgInfoW {
	ULONG fCapabilities;
	USHORT wVersion;
	USHORT wRPCID;
	ULONG cbMaxToken;
	SEC_WCHAR *Name;
	SEC_WCHAR *Comment;
} SecPkgInfoW, *PSecPkgInfoW;

/* ====================================================================
 * Attribute structures (QueryContextAttributes,
 * QueryCredentialsAttributes)
 *
 * The caller provides the structure; every pointer the package stores in
 * it is a separate allocation, released with FreeContextBuffer. The A
 * variants are filled by the A functions (UTF-8), the W variants by the
 * W functions (UTF-16).
 * ==================================================================== */

/* SECPKG_ATTR_SIZES */
typedef struct _SecPkgContext_Sizes {
	ULONG cbMaxToken;
	ULONG cbMaxSignature;
	ULONG cbBlockSize;
	ULONG cbSecurityTrailer;
} SecPkgContext_Sizes, *PSecPkgContext_Sizes;

/* SECPKG_ATTR_STREAM_SIZES (also SECPKG_ATTR_DATAGRAM_SIZES) */
typedef struct _SecPkgContext_StreamSizes {
	ULONG cbHeader;
	ULONG cbTrailer;
	ULONG cbMaximumMessage;
	ULONG cBuffers;
	ULONG cbBlockSize;
} SecPkgContext_StreamSizes, *PSecPkgContext_StreamSizes;

typedef SecPkgContext_StreamSizes SecPkgContext_DatagramSizes;
typedef PSecPkgContext_StreamSizes PSecPkgContext_DatagramSizes;

/* SECPKG_ATTR_NAMES */
typedef struct _SecPkgContext_NamesA {
	SEC_CHAR *sUserName;
} SecPkgContext_NamesA, *PSecPkgContext_NamesA;

typedef struct _SecPkgContext_NamesW {
	SEC_WCHAR *sUserName;
} SecPkgContext_NamesW, *PSecPkgContext_NamesW;

/* SECPKG_ATTR_LIFESPAN */
typedef struct _SecPkgContext_Lifespan {
	TimeStamp tsStart;
	TimeStamp tsExpiry;
} SecPkgContext_Lifespan, *PSecPkgContext_Lifespan;

/* SECPKG_ATTR_DCE_INFO */
typedef struct _SecPkgContext_DceInfo {
	ULONG AuthzSvc;
	void *pPac;
} SecPkgContext_DceInfo, *PSecPkgContext_DceInfo;

/* SECPKG_ATTR_KEY_INFO; the algorithm ids are CALG_xxx values. */
typedef struct _SecPkgContext_KeyInfoA {
	SEC_CHAR *sSignatureAlgorithmName;
	SEC_CHAR *sEncryptAlgorithmName;
	ULONG KeySize;
	ULONG SignatureAlgorithm;
	ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoA, *PSecPkgContext_KeyInfoA;

typedef struct _SecPkgContext_KeyInfoW {
	SEC_WCHAR *sSignatureAlgorithmName;
	SEC_WCHAR *sEncryptAlgorithmName;
	ULONG KeySize;
	ULONG SignatureAlgorithm;
	ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoW, *PSecPkgContext_KeyInfoW;

/* SECPKG_ATTR_AUTHORITY */
typedef struct _SecPkgContext_AuthorityA {
	SEC_CHAR *sAuthorityName;
} SecPkgContext_AuthorityA, *PSecPkgContext_AuthorityA;

typedef struct _SecPkgContext_AuthorityW {
	SEC_WCHAR *sAuthorityName;
} SecPkgContext_AuthorityW, *PSecPkgContext_AuthorityW;

/* SECPKG_ATTR_PASSWORD_EXPIRY */
typedef struct _SecPkgContext_PasswordExpiry {
	TimeStamp tsPasswordExpires;
} SecPkgContext_PasswordExpiry, *PSecPkgContext_PasswordExpiry;

/* SECPKG_ATTR_SESSION_KEY */
typedef struct _SecPkgContext_SessionKey {
	ULONG SessionKeyLength;
	unsigned char *SessionKey;
} SecPkgContext_SessionKey, *PSecPkgContext_SessionKey;

/* SECPKG_ATTR_PACKAGE_INFO */
typedef struct _SecPkgContext_PackageInfoA {
	PSecPkgInfoA PackageInfo;
} SecPkgContext_PackageInfoA, *PSecPkgContext_PackageInfoA;

typedef struct _SecPkgContext_PackageInfoW {
	PSecPkgInfoW PackageInfo;
} SecPkgContext_PackageInfoW, *PSecPkgContext_PackageInfoW;

/* SECPKG_ATTR_FLAGS */
typedef struct _SecPkgContext_Flags {
	ULONG Flags;
} SecPkgContext_Flags, *PSecPkgContext_Flags;

/* SECPKG_ATTR_NEGOTIATION_INFO; NegotiationState is SECPKG_NEGOTIATION_xxx */
typedef struct _SecPkgContext_NegotiationInfoA {
	PSecPkgInfoA PackageInfo;
	ULONG NegotiationState;
} SecPkgContext_NegotiationInfoA, *PSecPkgContext_NegotiationInfoA;

typedef struct _SecPkgContext_NegotiationInfoW {
	PSecPkgInfoW PackageInfo;
	ULONG NegotiationState;
} SecPkgContext_NegotiationInfoW, *PSecPkgContext_NegotiationInfoW;

/* SECPKG_ATTR_NATIVE_NAMES */
typedef struct _SecPkgContext_NativeNamesA {
	SEC_CHAR *sClientName;
	SEC_CHAR *sServerName;
} SecPkgContext_NativeNamesA, *PSecPkgContext_NativeNamesA;

typedef struct _SecPkgContext_NativeNamesW {
	SEC_WCHAR *sClientName;
	SEC_WCHAR *sServerName;
} SecPkgContext_NativeNamesW, *PSecPkgContext_NativeNamesW;

/* SECPKG_ATTR_ACCESS_TOKEN (not supported by WDigest) */
typedef struct _SecPkgContext_AccessToken {
	void *AccessToken;
} SecPkgContext_AccessToken, *PSecPkgContext_AccessToken;

/* SECPKG_ATTR_TARGET_INFORMATION (not supported by WDigest) */
typedef struct _SecPkgContext_TargetInformation {
	ULONG MarshalledTargetInfoLength;
	unsigned char *MarshalledTargetInfo;
} SecPkgContext_TargetInformation, *PSecPkgContext_TargetInformation;

/* SECPKG_ATTR_CLIENT_SPECIFIED_TARGET: UTF-16 for both A and W calls. */
typedef struct _SecPkgContext_ClientSpecifiedTarget {
	SEC_WCHAR *sTargetName;
} SecPkgContext_ClientSpecifiedTarget, *PSecPkgContext_ClientSpecifiedTarget;

/* SECPKG_ATTR_UNIQUE_BINDINGS / _ENDPOINT_BINDINGS (not supported) */
typedef struct _SecPkgContext_Bindings {
	ULONG BindingsLength;
	SEC_CHANNEL_BINDINGS *Bindings;
} SecPkgContext_Bindings, *PSecPkgContext_Bindings;

/* SECPKG_ATTR_CREDENTIAL_NAME (not supported by WDigest) */
typedef struct _SecPkgContext_CredentialNameA {
	ULONG CredentialType;
	SEC_CHAR *sCredentialName;
} SecPkgContext_CredentialNameA, *PSecPkgContext_CredentialNameA;

typedef struct _SecPkgContext_CredentialNameW {
	ULONG CredentialType;
	SEC_WCHAR *sCredentialName;
} SecPkgContext_CredentialNameW, *PSecPkgContext_CredentialNameW;

/* QueryCredentialsAttributes SECPKG_CRED_ATTR_NAMES */
typedef struct _SecPkgCredentials_NamesA {
	SEC_CHAR *sUserName;
} SecPkgCredentials_NamesA, *PSecPkgCredentials_NamesA;

typedef struct _SecPkgCredentials_NamesW {
	SEC_WCHAR *sUserName;
} SecPkgCredentials_NamesW, *PSecPkgCredentials_NamesW;

/* ====================================================================
 * Package identity
 * ==================================================================== */

/* Name to pass as pszPackage / pszPackageName. */
#define WDIGEST_SP_NAME_A "WDigest"
#define WDIGEST_SP_NAME_W u"WDigest"

/* EncryptMessage fQOP for an integrity-only wrap (same as
 * SECQOP_WRAP_NO_ENCRYPT). */
#define WDIGEST_WRAP_NO_ENCRYPT 0x80000001u

/* ====================================================================
 * InitializeSecurityContext request flags (fContextReq)
 *
 * The ISC and ASC bit layouts differ; never test one with the other's
 * constants.
 * ==================================================================== */

#define ISC_REQ_DELEGATE		0x00000001u
#define ISC_REQ_MUTUAL_AUTH		0x00000002u
#define ISC_REQ_REPLAY_DETECT		0x00000004u
#define ISC_REQ_SEQUENCE_DETECT		0x00000008u
#define ISC_REQ_CONFIDENTIALITY		0x00000010u
#define ISC_REQ_USE_SESSION_KEY		0x00000020u
#define ISC_REQ_PROMPT_FOR_CREDS	0x00000040u
#define ISC_REQ_USE_SUPPLIED_CREDS	0x00000080u
#define ISC_REQ_ALLOCATE_MEMORY		0x00000100u
#define ISC_REQ_USE_DCE_STYLE		0x00000200u
#define ISC_REQ_DATAGRAM		0x00000400u
#define ISC_REQ_CONNECTION		0x00000800u
#define ISC_REQ_CALL_LEVEL		0x00001000u
#define ISC_REQ_FRAGMENT_SUPPLIED	0x00002000u
#define ISC_REQ_EXTENDED_ERROR		0x00004000u
#define ISC_REQ_STREAM			0x00008000u
#define ISC_REQ_INTEGRITY		0x00010000u
#define ISC_REQ_IDENTIFY		0x00020000u
#define ISC_REQ_NULL_SESSION		0x00040000u
#define ISC_REQ_MANUAL_CRED_VALIDATION	0x00080000u
#define ISC_REQ_RESERVED1		0x00100000u
#define ISC_REQ_FRAGMENT_TO_FIT		0x00200000u
#define ISC_REQ_FORWARD_CREDENTIALS	0x00400000u
#define ISC_REQ_NO_INTEGRITY		0x00800000u
#define ISC_REQ_USE_HTTP_STYLE		0x01000000u
#define ISC_REQ_UNVERIFIED_TARGET_NAME	0x20000000u
#define ISC_REQ_CONFIDENTIALITY_ONLY	0x40000000u

/* The Digest documentation's "ISC_REQ_HTTP" (selects HTTP mode). The
 * legacy bit 0x10000000 is accepted as well. */
#define ISC_REQ_HTTP ISC_REQ_USE_HTTP_STYLE

/* 64-bit; does not fit a ULONG flag word. Source compatibility only. */
#define ISC_REQ_MESSAGES ((uint64_t)0x0000000100000000ull)

/* ====================================================================
 * InitializeSecurityContext returned attributes (*pfContextAttr)
 * ==================================================================== */

#define ISC_RET_DELEGATE		0x00000001u
#define ISC_RET_MUTUAL_AUTH		0x00000002u
#define ISC_RET_REPLAY_DETECT		0x00000004u
#define ISC_RET_SEQUENCE_DETECT		0x00000008u
#define ISC_RET_CONFIDENTIALITY		0x00000010u
#define ISC_RET_USE_SESSION_KEY		0x00000020u
#define ISC_RET_USED_COLLECTED_CREDS	0x00000040u
#define ISC_RET_USED_SUPPLIED_CREDS	0x00000080u
#define ISC_RET_ALLOCATED_MEMORY	0x00000100u
#define ISC_RET_USED_DCE_STYLE		0x00000200u
#define ISC_RET_DATAGRAM		0x00000400u
#define ISC_RET_CONNECTION		0x00000800u
#define ISC_RET_INTERMEDIATE_RETURN	0x00001000u
#define ISC_RET_CALL_LEVEL		0x00002000u
#define ISC_RET_EXTENDED_ERROR		0x00004000u
#define ISC_RET_STREAM			0x00008000u
#define ISC_RET_INTEGRITY		0x00010000u
#define ISC_RET_IDENTIFY		0x00020000u
#define ISC_RET_NULL_SESSION		0x00040000u
#define ISC_RET_MANUAL_CRED_VALIDATION	0x00080000u
#define ISC_RET_RESERVED1		0x00100000u
#define ISC_RET_FRAGMENT_ONLY		0x00200000u
#define ISC_RET_FORWARD_CREDENTIALS	0x00400000u
#define ISC_RET_USED_HTTP_STYLE		0x01000000u
#define ISC_RET_NO_ADDITIONAL_TOKEN	0x02000000u
#define ISC_RET_REAUTHENTICATION	0x08000000u
#define ISC_RET_CONFIDENTIALITY_ONLY	0x40000000u

#define ISC_RET_MESSAGES ((uint64_t)0x0000000100000000ull)

/* ====================================================================
 * AcceptSecurityContext request flags (fContextReq)
 * ==================================================================== */

#define ASC_REQ_DELEGATE		0x00000001u
#define ASC_REQ_MUTUAL_AUTH		0x00000002u
#define ASC_REQ_REPLAY_DETECT		0x00000004u
#define ASC_REQ_SEQUENCE_DETECT		0x00000008u
#define ASC_REQ_CONFIDENTIALITY		0x00000010u
#define ASC_REQ_USE_SESSION_KEY		0x00000020u
#define ASC_REQ_SESSION_TICKET		0x00000040u
#define ASC_REQ_ALLOCATE_MEMORY		0x00000100u
#define ASC_REQ_USE_DCE_STYLE		0x00000200u
#define ASC_REQ_DATAGRAM		0x00000400u
#define ASC_REQ_CONNECTION		0x00000800u
#define ASC_REQ_CALL_LEVEL		0x00001000u
#define ASC_REQ_FRAGMENT_SUPPLIED	0x00002000u
#define ASC_REQ_EXTENDED_ERROR		0x00008000u
#define ASC_REQ_STREAM			0x00010000u
#define ASC_REQ_INTEGRITY		0x00020000u
#define ASC_REQ_LICENSING		0x00040000u
#define ASC_REQ_IDENTIFY		0x00080000u
#define ASC_REQ_ALLOW_NULL_SESSION	0x00100000u
#define ASC_REQ_ALLOW_NON_USER_LOGONS	0x00200000u
#define ASC_REQ_ALLOW_CONTEXT_REPLAY	0x00400000u
#define ASC_REQ_FRAGMENT_TO_FIT		0x00800000u
#define ASC_REQ_NO_TOKEN		0x01000000u
#define ASC_REQ_PROXY_BINDINGS		0x04000000u
#define ASC_REQ_ALLOW_MISSING_BINDINGS	0x10000000u

/* Selects HTTP mode in AcceptSecurityContext. Same bit as
 * ASC_REQ_ALLOW_MISSING_BINDINGS; WDigest reads it as HTTP mode. */
#define ASC_REQ_HTTP 0x10000000u

#define ASC_REQ_MESSAGES ((uint64_t)0x0000000100000000ull)

/* ====================================================================
 * AcceptSecurityContext returned attributes (*pfContextAttr)
 * (in HTTP mode WDigest also sets DIGESTSSP_ASC_RET_HTTP)
 * ==================================================================== */

#define ASC_RET_DELEGATE		0x00000001u
#define ASC_RET_MUTUAL_AUTH		0x00000002u
#define ASC_RET_REPLAY_DETECT		0x00000004u
#define ASC_RET_SEQUENCE_DETECT		0x00000008u
#define ASC_RET_CONFIDENTIALITY		0x00000010u
#define ASC_RET_USE_SESSION_KEY		0x00000020u
#define ASC_RET_SESSION_TICKET		0x00000040u
#define ASC_RET_ALLOCATED_MEMORY	0x00000100u
#define ASC_RET_USED_DCE_STYLE		0x00000200u
#define ASC_RET_DATAGRAM		0x00000400u
#define ASC_RET_CONNECTION		0x00000800u
#define ASC_RET_CALL_LEVEL		0x00002000u
#define ASC_RET_THIRD_LEG_FAILED	0x00004000u
#define ASC_RET_EXTENDED_ERROR		0x00008000u
#define ASC_RET_STREAM			0x00010000u
#define ASC_RET_INTEGRITY		0x00020000u
#define ASC_RET_LICENSING		0x00040000u
#define ASC_RET_IDENTIFY		0x00080000u
#define ASC_RET_NULL_SESSION		0x00100000u
#define ASC_RET_ALLOW_NON_USER_LOGONS	0x00200000u
#define ASC_RET_ALLOW_CONTEXT_REPLAY	0x00400000u
#define ASC_RET_FRAGMENT_ONLY		0x00800000u
#define ASC_RET_NO_TOKEN		0x01000000u
#define ASC_RET_NO_ADDITIONAL_TOKEN	0x02000000u

#define ASC_RET_MESSAGES ((uint64_t)0x0000000100000000ull)

/* ====================================================================
 * Security buffers: version, data representation, types, attributes
 * ==================================================================== */

#define SECBUFFER_VERSION	0x00000000u
#define SECURITY_NATIVE_DREP	0x00000010u
#define SECURITY_NETWORK_DREP	0x00000000u

/* Buffer types */
#define SECBUFFER_EMPTY					0x00000000u
#define SECBUFFER_DATA					0x00000001u
#define SECBUFFER_TOKEN					0x00000002u
#define SECBUFFER_PKG_PARAMS				0x00000003u
#define SECBUFFER_MISSING				0x00000004u
#define SECBUFFER_EXTRA					0x00000005u
#define SECBUFFER_STREAM_TRAILER			0x00000006u
#define SECBUFFER_STREAM_HEADER				0x00000007u
#define SECBUFFER_NEGOTIATION_INFO			0x00000008u
#define SECBUFFER_PADDING				0x00000009u
#define SECBUFFER_STREAM				0x0000000Au
#define SECBUFFER_MECHLIST				0x0000000Bu
#define SECBUFFER_MECHLIST_SIGNATURE			0x0000000Cu
#define SECBUFFER_TARGET				0x0000000Du
#define SECBUFFER_CHANNEL_BINDINGS			0x0000000Eu
#define SECBUFFER_CHANGE_PASS_RESPONSE			0x0000000Fu
#define SECBUFFER_TARGET_HOST				0x00000010u
#define SECBUFFER_ALERT					0x00000011u
#define SECBUFFER_APPLICATION_PROTOCOLS			0x00000012u
#define SECBUFFER_SRTP_PROTECTION_PROFILES		0x00000013u
#define SECBUFFER_SRTP_MASTER_KEY_IDENTIFIER		0x00000014u
#define SECBUFFER_TOKEN_BINDING				0x00000015u
#define SECBUFFER_PRESHARED_KEY				0x00000016u
#define SECBUFFER_PRESHARED_KEY_IDENTITY		0x00000017u
#define SECBUFFER_DTLS_MTU				0x00000018u
#define SECBUFFER_SEND_GENERIC_TLS_EXTENSION		0x00000019u
#define SECBUFFER_SUBSCRIBE_GENERIC_TLS_EXTENSION	0x0000001Au
#define SECBUFFER_FLAGS					0x0000001Bu
#define SECBUFFER_TRAFFIC_SECRETS			0x0000001Cu

/* Attribute bits in the top nibble of BufferType */
#define SECBUFFER_ATTRMASK			0xF0000000u
#define SECBUFFER_READONLY			0x80000000u
#define SECBUFFER_READONLY_WITH_CHECKSUM	0x10000000u
#define SECBUFFER_RESERVED			0x60000000u

/* ====================================================================
 * Credentials: use flags (fCredentialUse) and attribute ids
 * ==================================================================== */

#define SECPKG_CRED_INBOUND			0x00000001u
#define SECPKG_CRED_OUTBOUND			0x00000002u
#define SECPKG_CRED_BOTH			0x00000003u
#define SECPKG_CRED_DEFAULT			0x00000004u
#define SECPKG_CRED_RESERVED			0xF0000000u
#define SECPKG_CRED_AUTOLOGON_RESTRICTED	0x00000010u
#define SECPKG_CRED_PROCESS_POLICY_ONLY		0x00000020u

/* QueryCredentialsAttributes / SetCredentialsAttributes ulAttribute */
#define SECPKG_CRED_ATTR_NAMES			0x00000001u
#define SECPKG_CRED_ATTR_SSI_PROVIDER		0x00000002u
#define SECPKG_CRED_ATTR_KDC_PROXY_SETTINGS	0x00000003u
#define SECPKG_CRED_ATTR_CERT			0x00000004u
#define SECPKG_CRED_ATTR_PAC_BYPASS		0x00000005u

/* ====================================================================
 * Context attribute ids (QueryContextAttributes ulAttribute)
 * ==================================================================== */

#define SECPKG_ATTR_SIZES			0x00000000u
#define SECPKG_ATTR_NAMES			0x00000001u
#define SECPKG_ATTR_LIFESPAN			0x00000002u
#define SECPKG_ATTR_DCE_INFO			0x00000003u
#define SECPKG_ATTR_STREAM_SIZES		0x00000004u
#define SECPKG_ATTR_KEY_INFO			0x00000005u
#define SECPKG_ATTR_AUTHORITY			0x00000006u
#define SECPKG_ATTR_PROTO_INFO			0x00000007u
#define SECPKG_ATTR_PASSWORD_EXPIRY		0x00000008u
#define SECPKG_ATTR_SESSION_KEY			0x00000009u
#define SECPKG_ATTR_PACKAGE_INFO		0x0000000Au
#define SECPKG_ATTR_USER_FLAGS			0x0000000Bu
#define SECPKG_ATTR_NEGOTIATION_INFO		0x0000000Cu
#define SECPKG_ATTR_NATIVE_NAMES		0x0000000Du
#define SECPKG_ATTR_FLAGS			0x0000000Eu
#define SECPKG_ATTR_USE_VALIDATED		0x0000000Fu
#define SECPKG_ATTR_CREDENTIAL_NAME		0x00000010u
#define SECPKG_ATTR_TARGET_INFORMATION		0x00000011u
#define SECPKG_ATTR_ACCESS_TOKEN		0x00000012u
#define SECPKG_ATTR_TARGET			0x00000013u
#define SECPKG_ATTR_AUTHENTICATION_ID		0x00000014u
#define SECPKG_ATTR_LOGOFF_TIME			0x00000015u
#define SECPKG_ATTR_NEGO_KEYS			0x00000016u
#define SECPKG_ATTR_PROMPTING_NEEDED		0x00000018u
#define SECPKG_ATTR_UNIQUE_BINDINGS		0x00000019u
#define SECPKG_ATTR_ENDPOINT_BINDINGS		0x0000001Au
#define SECPKG_ATTR_CLIENT_SPECIFIED_TARGET	0x0000001Bu
#define SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS	0x0000001Eu
#define SECPKG_ATTR_NEGO_PKG_INFO		0x0000001Fu
#define SECPKG_ATTR_NEGO_STATUS			0x00000020u
#define SECPKG_ATTR_CONTEXT_DELETED		0x00000021u
#define SECPKG_ATTR_DTLS_MTU			0x00000022u
#define SECPKG_ATTR_SUBJECT_SECURITY_ATTRIBUTES	0x00000080u
#define SECPKG_ATTR_APPLICATION_PROTOCOL	0x00000023u
#define SECPKG_ATTR_NEGOTIATED_TLS_EXTENSIONS	0x00000024u
#define SECPKG_ATTR_IS_LOOPBACK			0x00000025u

/* Same value as SECPKG_ATTR_STREAM_SIZES */
#define SECPKG_ATTR_DATAGRAM_SIZES SECPKG_ATTR_STREAM_SIZES

/* Defined outside sspi.h on Windows (Schannel, CredSSP); unsupported. */
#define SECPKG_ATTR_LOCAL_CRED	0x00000052u
#define SECPKG_ATTR_ROOT_STORE	0x00000055u
#define SECPKG_ATTR_CREDS_2	0x80000086u

/* SecPkgContext_NegotiationInfo NegotiationState */
#define SECPKG_NEGOTIATION_COMPLETE		0x00000000u
#define SECPKG_NEGOTIATION_OPTIMISTIC		0x00000001u
#define SECPKG_NEGOTIATION_IN_PROGRESS		0x00000002u
#define SECPKG_NEGOTIATION_DIRECT		0x00000003u
#define SECPKG_NEGOTIATION_TRY_MULTICRED	0x00000004u

/* ====================================================================
 * Package capabilities (SecPkgInfo fCapabilities) and call flags
 * ==================================================================== */

#define SECPKG_FLAG_INTEGRITY				0x00000001u
#define SECPKG_FLAG_PRIVACY				0x00000002u
#define SECPKG_FLAG_TOKEN_ONLY				0x00000004u
#define SECPKG_FLAG_DATAGRAM				0x00000008u
#define SECPKG_FLAG_CONNECTION				0x00000010u
#define SECPKG_FLAG_MULTI_REQUIRED			0x00000020u
#define SECPKG_FLAG_CLIENT_ONLY				0x00000040u
#define SECPKG_FLAG_EXTENDED_ERROR			0x00000080u
#define SECPKG_FLAG_IMPERSONATION			0x00000100u
#define SECPKG_FLAG_ACCEPT_WIN32_NAME			0x00000200u
#define SECPKG_FLAG_STREAM				0x00000400u
#define SECPKG_FLAG_NEGOTIABLE				0x00000800u
#define SECPKG_FLAG_GSS_COMPATIBLE			0x00001000u
#define SECPKG_FLAG_LOGON				0x00002000u
#define SECPKG_FLAG_ASCII_BUFFERS			0x00004000u
#define SECPKG_FLAG_FRAGMENT				0x00008000u
#define SECPKG_FLAG_MUTUAL_AUTH				0x00010000u
#define SECPKG_FLAG_DELEGATION				0x00020000u
#define SECPKG_FLAG_READONLY_WITH_CHECKSUM		0x00040000u
#define SECPKG_FLAG_RESTRICTED_TOKENS			0x00080000u
#define SECPKG_FLAG_NEGO_EXTENDER			0x00100000u
#define SECPKG_FLAG_NEGOTIABLE2				0x00200000u
#define SECPKG_FLAG_APPCONTAINER_PASSTHROUGH		0x00400000u
#define SECPKG_FLAG_APPCONTAINER_CHECKS			0x00800000u
#define SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED	0x01000000u
#define SECPKG_FLAG_APPLY_LOOPBACK			0x02000000u

#define SECPKG_ID_NONE	0x0000FFFFu

#define SECPKG_CALLFLAGS_APPCONTAINER			0x00000001u
#define SECPKG_CALLFLAGS_APPCONTAINER_AUTHCAPABLE	0x00000002u
#define SECPKG_CALLFLAGS_FORCE_SUPPLIED			0x00000004u
#define SECPKG_CALLFLAGS_APPCONTAINER_UPNCAPABLE	0x00000008u

/* ====================================================================
 * Miscellaneous
 * ==================================================================== */

/* ExportSecurityContext fFlags */
#define SECPKG_CONTEXT_EXPORT_RESET_NEW		0x00000001u
#define SECPKG_CONTEXT_EXPORT_DELETE_OLD	0x00000002u
#define SECPKG_CONTEXT_EXPORT_TO_KERNEL		0x00000004u

/* EncryptMessage fQOP / DecryptMessage *pfQOP */
#define SECQOP_WRAP_NO_ENCRYPT	0x80000001u
#define SECQOP_WRAP_OOB_DATA	0x40000000u

/* SecurityFunctionTable dwVersion values */
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION	1u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2	2u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_3	3u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_4	4u
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5	5u

/* Symbol names of the table entry points, for dlsym() */
#define SECURITY_ENTRYPOINT_ANSIW	"InitSecurityInterfaceW"
#define SECURITY_ENTRYPOINT_ANSIA	"InitSecurityInterfaceA"
#define SECURITY_ENTRYPOINT16		"INITSECURITYINTERFACEA"

/* Identity structure Flags and Version values */
#define SEC_WINNT_AUTH_IDENTITY_ANSI		0x00000001u
#define SEC_WINNT_AUTH_IDENTITY_UNICODE		0x00000002u
#define SEC_WINNT_AUTH_IDENTITY_VERSION		0x00000200u
#define SEC_WINNT_AUTH_IDENTITY_VERSION_2	0x00000201u
#define SEC_WINNT_AUTH_IDENTITY_MARSHALLED	0x00000004u
#define SEC_WINNT_AUTH_IDENTITY_ONLY		0x00000008u

/* Option ids of the Sasl* helpers (not provided by digestssp) */
#define SASL_OPTION_SEND_SIZE		0x00000001u
#define SASL_OPTION_RECV_SIZE		0x00000002u
#define SASL_OPTION_AUTHZ_STRING	0x00000003u
#define SASL_OPTION_AUTHZ_PROCESSING	0x00000004u

/* ====================================================================
 * Status codes
 *
 * SEC_I_xxx are success codes (positive), SEC_E_xxx failures (negative).
 * ==================================================================== */

#define SEC_E_OK				((SECURITY_STATUS)0x00000000u)
#define SEC_E_INSUFFICIENT_MEMORY		((SECURITY_STATUS)0x80090300u)
#define SEC_E_INVALID_HANDLE			((SECURITY_STATUS)0x80090301u)
#define SEC_E_UNSUPPORTED_FUNCTION		((SECURITY_STATUS)0x80090302u)
#define SEC_E_TARGET_UNKNOWN			((SECURITY_STATUS)0x80090303u)
#define SEC_E_INTERNAL_ERROR			((SECURITY_STATUS)0x80090304u)
#define SEC_E_SECPKG_NOT_FOUND			((SECURITY_STATUS)0x80090305u)
#define SEC_E_NOT_OWNER				((SECURITY_STATUS)0x80090306u)
#define SEC_E_CANNOT_INSTALL			((SECURITY_STATUS)0x80090307u)
#define SEC_E_INVALID_TOKEN			((SECURITY_STATUS)0x80090308u)
#define SEC_E_CANNOT_PACK			((SECURITY_STATUS)0x80090309u)
#define SEC_E_QOP_NOT_SUPPORTED			((SECURITY_STATUS)0x8009030Au)
#define SEC_E_NO_IMPERSONATION			((SECURITY_STATUS)0x8009030Bu)
#define SEC_E_LOGON_DENIED			((SECURITY_STATUS)0x8009030Cu)
#define SEC_E_UNKNOWN_CREDENTIALS		((SECURITY_STATUS)0x8009030Du)
#define SEC_E_NO_CREDENTIALS			((SECURITY_STATUS)0x8009030Eu)
#define SEC_E_MESSAGE_ALTERED			((SECURITY_STATUS)0x8009030Fu)
#define SEC_E_OUT_OF_SEQUENCE			((SECURITY_STATUS)0x80090310u)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY	((SECURITY_STATUS)0x80090311u)
#define SEC_I_CONTINUE_NEEDED			((SECURITY_STATUS)0x00090312u)
#define SEC_I_COMPLETE_NEEDED			((SECURITY_STATUS)0x00090313u)
#define SEC_I_COMPLETE_AND_CONTINUE		((SECURITY_STATUS)0x00090314u)
#define SEC_I_LOCAL_LOGON			((SECURITY_STATUS)0x00090315u)
#define SEC_I_GENERIC_EXTENSION_RECEIVED	((SECURITY_STATUS)0x00090316u)
#define SEC_E_BAD_PKGID				((SECURITY_STATUS)0x80090316u)
#define SEC_E_CONTEXT_EXPIRED			((SECURITY_STATUS)0x80090317u)
#define SEC_I_CONTEXT_EXPIRED			((SECURITY_STATUS)0x00090317u)
#define SEC_E_INCOMPLETE_MESSAGE		((SECURITY_STATUS)0x80090318u)
#define SEC_E_INCOMPLETE_CREDENTIALS		((SECURITY_STATUS)0x80090320u)
#define SEC_E_BUFFER_TOO_SMALL			((SECURITY_STATUS)0x80090321u)
#define SEC_I_INCOMPLETE_CREDENTIALS		((SECURITY_STATUS)0x00090320u)
#define SEC_I_RENEGOTIATE			((SECURITY_STATUS)0x00090321u)
#define SEC_E_WRONG_PRINCIPAL			((SECURITY_STATUS)0x80090322u)
#define SEC_I_NO_LSA_CONTEXT			((SECURITY_STATUS)0x00090323u)
#define SEC_E_TIME_SKEW				((SECURITY_STATUS)0x80090324u)
#define SEC_E_UNTRUSTED_ROOT			((SECURITY_STATUS)0x80090325u)
#define SEC_E_ILLEGAL_MESSAGE			((SECURITY_STATUS)0x80090326u)
#define SEC_E_CERT_UNKNOWN			((SECURITY_STATUS)0x80090327u)
#define SEC_E_CERT_EXPIRED			((SECURITY_STATUS)0x80090328u)
#define SEC_E_ENCRYPT_FAILURE			((SECURITY_STATUS)0x80090329u)
#define SEC_E_DECRYPT_FAILURE			((SECURITY_STATUS)0x80090330u)
#define SEC_E_ALGORITHM_MISMATCH		((SECURITY_STATUS)0x80090331u)
#define SEC_E_SECURITY_QOS_FAILED		((SECURITY_STATUS)0x80090332u)
#define SEC_E_UNFINISHED_CONTEXT_DELETED	((SECURITY_STATUS)0x80090333u)
#define SEC_E_NO_TGT_REPLY			((SECURITY_STATUS)0x80090334u)
#define SEC_E_NO_IP_ADDRESSES			((SECURITY_STATUS)0x80090335u)
#define SEC_E_WRONG_CREDENTIAL_HANDLE		((SECURITY_STATUS)0x80090336u)
#define SEC_E_CRYPTO_SYSTEM_INVALID		((SECURITY_STATUS)0x80090337u)
#define SEC_E_MAX_REFERRALS_EXCEEDED		((SECURITY_STATUS)0x80090338u)
#define SEC_E_MUST_BE_KDC			((SECURITY_STATUS)0x80090339u)
#define SEC_E_STRONG_CRYPTO_NOT_SUPPORTED	((SECURITY_STATUS)0x8009033Au)
#define SEC_E_TOO_MANY_PRINCIPALS		((SECURITY_STATUS)0x8009033Bu)
#define SEC_E_NO_PA_DATA			((SECURITY_STATUS)0x8009033Cu)
#define SEC_E_PKINIT_NAME_MISMATCH		((SECURITY_STATUS)0x8009033Du)
#define SEC_E_SMARTCARD_LOGON_REQUIRED		((SECURITY_STATUS)0x8009033Eu)
#define SEC_E_SHUTDOWN_IN_PROGRESS		((SECURITY_STATUS)0x8009033Fu)
#define SEC_E_KDC_INVALID_REQUEST		((SECURITY_STATUS)0x80090340u)
#define SEC_E_KDC_UNABLE_TO_REFER		((SECURITY_STATUS)0x80090341u)
#define SEC_E_KDC_UNKNOWN_ETYPE			((SECURITY_STATUS)0x80090342u)
#define SEC_E_UNSUPPORTED_PREAUTH		((SECURITY_STATUS)0x80090343u)
#define SEC_E_DELEGATION_REQUIRED		((SECURITY_STATUS)0x80090345u)
#define SEC_E_BAD_BINDINGS			((SECURITY_STATUS)0x80090346u)
#define SEC_E_MULTIPLE_ACCOUNTS			((SECURITY_STATUS)0x80090347u)
#define SEC_E_NO_KERB_KEY			((SECURITY_STATUS)0x80090348u)
#define SEC_E_CERT_WRONG_USAGE			((SECURITY_STATUS)0x80090349u)
#define SEC_E_DOWNGRADE_DETECTED		((SECURITY_STATUS)0x80090350u)
#define SEC_E_SMARTCARD_CERT_REVOKED		((SECURITY_STATUS)0x80090351u)
#define SEC_E_ISSUING_CA_UNTRUSTED		((SECURITY_STATUS)0x80090352u)
#define SEC_E_REVOCATION_OFFLINE_C		((SECURITY_STATUS)0x80090353u)
#define SEC_E_PKINIT_CLIENT_FAILURE		((SECURITY_STATUS)0x80090354u)
#define SEC_E_SMARTCARD_CERT_EXPIRED		((SECURITY_STATUS)0x80090355u)
#define SEC_E_NO_S4U_PROT_SUPPORT		((SECURITY_STATUS)0x80090356u)
#define SEC_E_CROSSREALM_DELEGATION_FAILURE	((SECURITY_STATUS)0x80090357u)
#define SEC_E_REVOCATION_OFFLINE_KDC		((SECURITY_STATUS)0x80090358u)
#define SEC_E_ISSUING_CA_UNTRUSTED_KDC		((SECURITY_STATUS)0x80090359u)
#define SEC_E_KDC_CERT_EXPIRED			((SECURITY_STATUS)0x8009035Au)
#define SEC_E_KDC_CERT_REVOKED			((SECURITY_STATUS)0x8009035Bu)
#define SEC_I_SIGNATURE_NEEDED			((SECURITY_STATUS)0x0009035Cu)
#define SEC_E_INVALID_PARAMETER			((SECURITY_STATUS)0x8009035Du)
#define SEC_E_DELEGATION_POLICY			((SECURITY_STATUS)0x8009035Eu)
#define SEC_E_POLICY_NLTM_ONLY			((SECURITY_STATUS)0x8009035Fu)
#define SEC_I_NO_RENEGOTIATION			((SECURITY_STATUS)0x00090360u)
#define SEC_E_NO_CONTEXT			((SECURITY_STATUS)0x80090361u)
#define SEC_E_PKU2U_CERT_FAILURE		((SECURITY_STATUS)0x80090362u)
#define SEC_E_MUTUAL_AUTH_FAILED		((SECURITY_STATUS)0x80090363u)
#define SEC_I_MESSAGE_FRAGMENT			((SECURITY_STATUS)0x00090364u)
#define SEC_E_ONLY_HTTPS_ALLOWED		((SECURITY_STATUS)0x80090365u)
#define SEC_I_CONTINUE_NEEDED_MESSAGE_OK	((SECURITY_STATUS)0x00090366u)
#define SEC_E_APPLICATION_PROTOCOL_MISMATCH	((SECURITY_STATUS)0x80090367u)
#define SEC_I_ASYNC_CALL_PENDING		((SECURITY_STATUS)0x00090368u)
#define SEC_E_INVALID_UPN_NAME			((SECURITY_STATUS)0x80090369u)
#define SEC_E_EXT_BUFFER_TOO_SMALL		((SECURITY_STATUS)0x8009036Au)
#define SEC_E_INSUFFICIENT_BUFFERS		((SECURITY_STATUS)0x8009036Bu)

/* Older names of two of the codes above */
#define SEC_E_NO_SPM		SEC_E_INTERNAL_ERROR
#define SEC_E_NOT_SUPPORTED	SEC_E_UNSUPPORTED_FUNCTION

/* Kernel status codes that WDigest returns through SECURITY_STATUS */
#define STATUS_SUCCESS			((NTSTATUS)0x00000000u)
#define STATUS_LOGON_FAILURE		((NTSTATUS)0xC000006Du)
#define STATUS_INVALID_PARAMETER	((NTSTATUS)0xC000000Du)
#define STATUS_INVALID_HANDLE		((NTSTATUS)0xC0000008u)
#define STATUS_NOT_SUPPORTED		((NTSTATUS)0xC00000BBu)

/* ====================================================================
 * Algorithm ids (SecPkgContext_KeyInfo)
 * ==================================================================== */

#define CALG_MD5	0x00008003u
#define CALG_HMAC	0x00008009u
#define CALG_RC4	0x00006801u
#define CALG_DES	0x00006601u
#define CALG_3DES_112	0x00006609u

/* ====================================================================
 * Function pointer types
 * ==================================================================== */

/* Key callback of AcquireCredentialsHandle. Windows Digest does not use
 * it; callers pass NULL. */
typedef void (SEC_ENTRY *SEC_GET_KEY_FN)(void *Arg, void *Principal,
					   ULONG KeyVer, void **Key,
					   SECURITY_STATUS *Status);

typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_A)(
	SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_W)(
	SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);

typedef SECURITY_STATUS (SEC_ENTRY *FREE_CREDENTIALS_HANDLE_FN)(
	PCredHandle phCredential);

typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_A)(
	PCredHandle hCredentials, SEC_CHAR *pszPrincipal,
	SEC_CHAR *pszPackage, ULONG fCredentialUse, void *pAuthData,
	SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
	PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_W)(
	PCredHandle hCredentials, SEC_WCHAR *pszPrincipal,
	SEC_WCHAR *pszPackage, ULONG fCredentialUse, void *pAuthData,
	SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
	PTimeStamp ptsExpiry);

typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_A)(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_CHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_W)(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_WCHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);

typedef SECURITY_STATUS (SEC_ENTRY *ACCEPT_SECURITY_CONTEXT_FN)(
	PCredHandle phCredential, PCtxtHandle phContext,
	PSecBufferDesc pInput, ULONG fContextReq, ULONG TargetDataRep,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);

typedef SECURITY_STATUS (SEC_ENTRY *COMPLETE_AUTH_TOKEN_FN)(
	PCtxtHandle phContext, PSecBufferDesc pToken);

typedef SECURITY_STATUS (SEC_ENTRY *IMPERSONATE_SECURITY_CONTEXT_FN)(
	PCtxtHandle phContext);

typedef SECURITY_STATUS (SEC_ENTRY *REVERT_SECURITY_CONTEXT_FN)(
	PCtxtHandle phContext);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_CONTEXT_TOKEN_FN)(
	PCtxtHandle phContext, HANDLE *Token);

typedef SECURITY_STATUS (SEC_ENTRY *DELETE_SECURITY_CONTEXT_FN)(
	PCtxtHandle phContext);

typedef SECURITY_STATUS (SEC_ENTRY *APPLY_CONTROL_TOKEN_FN)(
	PCtxtHandle phContext, PSecBufferDesc pInput);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_A)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_W)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_A)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_EX_FN_W)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_A)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_W)(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_A)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_W)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_A)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_W)(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *FREE_CONTEXT_BUFFER_FN)(
	void *pvContextBuffer);

typedef SECURITY_STATUS (SEC_ENTRY *MAKE_SIGNATURE_FN)(
	PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
	ULONG MessageSeqNo);

typedef SECURITY_STATUS (SEC_ENTRY *VERIFY_SIGNATURE_FN)(
	PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo,
	ULONG *pfQOP);

typedef SECURITY_STATUS (SEC_ENTRY *ENCRYPT_MESSAGE_FN)(
	PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
	ULONG MessageSeqNo);

typedef SECURITY_STATUS (SEC_ENTRY *DECRYPT_MESSAGE_FN)(
	PCtxtHandle phContext, PSecBufferDesc pMessage, ULONG MessageSeqNo,
	ULONG *pfQOP);

typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_A)(
	ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_W)(
	ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo);

typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_A)(
	SEC_CHAR *pszPackageName, PSecPkgInfoA *ppPackageInfo);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_W)(
	SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo);

typedef SECURITY_STATUS (SEC_ENTRY *EXPORT_SECURITY_CONTEXT_FN)(
	PCtxtHandle phContext, ULONG fFlags, PSecBuffer pPackedContext,
	void **pToken);

typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_A)(
	SEC_CHAR *pszPackage, PSecBuffer pPackedContext, void *Token,
	PCtxtHandle phContext);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_W)(
	SEC_WCHAR *pszPackage, PSecBuffer pPackedContext, void *Token,
	PCtxtHandle phContext);

typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_A)(
	SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
	SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword,
	SEC_CHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);
typedef SECURITY_STATUS (SEC_ENTRY *CHANGE_PASSWORD_FN_W)(
	SEC_WCHAR *pszPackageName, SEC_WCHAR *pszDomainName,
	SEC_WCHAR *pszAccountName, SEC_WCHAR *pszOldPassword,
	SEC_WCHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);

/* ====================================================================
 * Dispatch tables (InitSecurityInterfaceA/W)
 *
 * 32 pointer-sized slots in the Windows order; digestssp fills every
 * function slot and always includes the two ...Ex members at the end.
 * The A table spells member 4 FreeCredentialHandle, as Windows does; the
 * macro below makes it readable as ->FreeCredentialsHandle too.
 * ==================================================================== */

#define FreeCredentialHandle FreeCredentialsHandle

typedef struct _SECURITY_FUNCTION_TABLE_A {
	ULONG dwVersion;
	ENUMERATE_SECURITY_PACKAGES_FN_A EnumerateSecurityPackagesA;
	QUERY_CREDENTIALS_ATTRIBUTES_FN_A QueryCredentialsAttributesA;
	ACQUIRE_CREDENTIALS_HANDLE_FN_A AcquireCredentialsHandleA;
	FREE_CREDENTIALS_HANDLE_FN FreeCredentialHandle;
	void *Reserved2;
	INITIALIZE_SECURITY_CONTEXT_FN_A InitializeSecurityContextA;
	ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
	COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
	DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
	APPLY_CONTROL_TOKEN_FN ApplyControlToken;
	QUERY_CONTEXT_ATTRIBUTES_FN_A QueryContextAttributesA;
	IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
	REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
	MAKE_SIGNATURE_FN MakeSignature;
	VERIFY_SIGNATURE_FN VerifySignature;
	FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
	QUERY_SECURITY_PACKAGE_INFO_FN_A QuerySecurityPackageInfoA;
	void *Reserved3;
	void *Reserved4;
	EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
	IMPORT_SECURITY_CONTEXT_FN_A ImportSecurityContextA;
	ADD_CREDENTIALS_FN_A AddCredentialsA;
	void *Reserved8;
	QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
	ENCRYPT_MESSAGE_FN EncryptMessage;
	DECRYPT_MESSAGE_FN DecryptMessage;
	SET_CONTEXT_ATTRIBUTES_FN_A SetContextAttributesA;
	SET_CREDENTIALS_ATTRIBUTES_FN_A SetCredentialsAttributesA;
	CHANGE_PASSWORD_FN_A ChangeAccountPasswordA;
	QUERY_CONTEXT_ATTRIBUTES_EX_FN_A QueryContextAttributesExA;
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A QueryCredentialsAttributesExA;
} SecurityFunctionTableA, *PSecurityFunctionTableA;

typedef struct _SECURITY_FUNCTION_TABLE_W {
	ULONG dwVersion;
	ENUMERATE_SECURITY_PACKAGES_FN_W EnumerateSecurityPackagesW;
	QUERY_CREDENTIALS_ATTRIBUTES_FN_W QueryCredentialsAttributesW;
	ACQUIRE_CREDENTIALS_HANDLE_FN_W AcquireCredentialsHandleW;
	FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
	void *Reserved2;
	INITIALIZE_SECURITY_CONTEXT_FN_W InitializeSecurityContextW;
	ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
	COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
	DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
	APPLY_CONTROL_TOKEN_FN ApplyControlToken;
	QUERY_CONTEXT_ATTRIBUTES_FN_W QueryContextAttributesW;
	IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
	REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
	MAKE_SIGNATURE_FN MakeSignature;
	VERIFY_SIGNATURE_FN VerifySignature;
	FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
	QUERY_SECURITY_PACKAGE_INFO_FN_W QuerySecurityPackageInfoW;
	void *Reserved3;
	void *Reserved4;
	EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
	IMPORT_SECURITY_CONTEXT_FN_W ImportSecurityContextW;
	ADD_CREDENTIALS_FN_W AddCredentialsW;
	void *Reserved8;
	QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
	ENCRYPT_MESSAGE_FN EncryptMessage;
	DECRYPT_MESSAGE_FN DecryptMessage;
	SET_CONTEXT_ATTRIBUTES_FN_W SetContextAttributesW;
	SET_CREDENTIALS_ATTRIBUTES_FN_W SetCredentialsAttributesW;
	CHANGE_PASSWORD_FN_W ChangeAccountPasswordW;
	QUERY_CONTEXT_ATTRIBUTES_EX_FN_W QueryContextAttributesExW;
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W QueryCredentialsAttributesExW;
} SecurityFunctionTableW, *PSecurityFunctionTableW;

typedef PSecurityFunctionTableA (SEC_ENTRY *INIT_SECURITY_INTERFACE_A)(void);
typedef PSecurityFunctionTableW (SEC_ENTRY *INIT_SECURITY_INTERFACE_W)(void);

/* ====================================================================
 * Functions
 *
 * Every function validates its handles first: a NULL, zeroed, all-ones,
 * deleted, unknown or wrong-kind handle gives SEC_E_INVALID_HANDLE unless
 * the text says otherwise. Output handles are written only when the call
 * succeeds (SEC_E_OK or a SEC_I_xxx code). String parameters are not
 * const (as on Windows) but are never written.
 * ==================================================================== */

/*
 * InitSecurityInterfaceA / InitSecurityInterfaceW
 *
 * Return the package's dispatch table, with every function slot filled
 * and dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5. The
 * table is static: the same pointer comes back on every call, it is
 * never NULL and must not be freed.
 */
DSS_API PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA(void);
DSS_API PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW(void);

/*
 * EnumerateSecurityPackagesA / EnumerateSecurityPackagesW
 *
 * Report the single package, WDigest: *pcPackages = 1 and *ppPackageInfo
 * points to one SecPkgInfo whose strings live in the same block, so one
 * FreeContextBuffer(*ppPackageInfo) releases everything.
 * SEC_E_INVALID_PARAMETER if either pointer is NULL.
 */
DSS_API SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(
	ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo);
DSS_API SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(
	ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo);

/*
 * QuerySecurityPackageInfoA / QuerySecurityPackageInfoW
 *
 * Describe WDigest (name compared without regard to ASCII case): one
 * SecPkgInfo block, released with one FreeContextBuffer. cbMaxToken
 * (4096) is the size to give caller-allocated output tokens.
 * SEC_E_SECPKG_NOT_FOUND for any other or a NULL name,
 * SEC_E_INVALID_PARAMETER for a NULL ppPackageInfo.
 */
DSS_API SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(
	SEC_CHAR *pszPackageName, PSecPkgInfoA *ppPackageInfo);
DSS_API SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(
	SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo);

/*
 * AcquireCredentialsHandleA / AcquireCredentialsHandleW
 *
 * Create a credential for pszPackage "WDigest" (any case; otherwise
 * SEC_E_SECPKG_NOT_FOUND). fCredentialUse needs SECPKG_CRED_OUTBOUND
 * (client), SECPKG_CRED_INBOUND (server) or both. pAuthData is NULL for
 * the default identity or points to a SEC_WINNT_AUTH_IDENTITY_A/W or
 * _EXA/_EXW structure; everything in it is copied, so it may be freed
 * right away. On an inbound credential that identity is the account the
 * server accepts. pszPrincipal, pvLogonId and the key callback are
 * optional. Returns SEC_E_OK (expiry: never), SEC_E_UNKNOWN_CREDENTIALS
 * for an unusable identity or no use bit, SEC_E_INVALID_PARAMETER for a
 * NULL phCredential.
 */
DSS_API SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleA(
	SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);
DSS_API SECURITY_STATUS SEC_ENTRY AcquireCredentialsHandleW(
	SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage, ULONG fCredentialUse,
	void *pvLogonId, void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
	void *pvGetKeyArgument, PCredHandle phCredential,
	PTimeStamp ptsExpiry);

/*
 * FreeCredentialsHandle (also spelled FreeCredentialHandle)
 *
 * Release a credential handle. Contexts already created from it keep
 * working until they are deleted. SEC_E_INVALID_HANDLE for a bad,
 * already freed or context handle.
 */
DSS_API SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(
	PCredHandle phCredential);

/*
 * AddCredentialsA / AddCredentialsW
 *
 * Not supported by WDigest: SEC_E_UNSUPPORTED_FUNCTION for a valid
 * credential handle.
 */
DSS_API SECURITY_STATUS SEC_ENTRY AddCredentialsA(PCredHandle hCredentials,
	SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage, ULONG fCredentialUse,
	void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
	PTimeStamp ptsExpiry);
DSS_API SECURITY_STATUS SEC_ENTRY AddCredentialsW(PCredHandle hCredentials,
	SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage, ULONG fCredentialUse,
	void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
	PTimeStamp ptsExpiry);

/*
 * InitializeSecurityContextA / InitializeSecurityContextW  (client)
 *
 * ISC_REQ_USE_HTTP_STYLE (ISC_REQ_HTTP) selects HTTP Digest, otherwise
 * SASL DIGEST-MD5. A call without a challenge creates a context and
 * returns SEC_I_CONTINUE_NEEDED with an empty token; phContext may also
 * stay NULL and the challenge be passed at once. HTTP input: slot 0
 * TOKEN = WWW-Authenticate value after "Digest", slot 1 PKG_PARAMS =
 * method, slot 2 PKG_PARAMS = H(entity) in hex, optional slots 3/4 =
 * target host SPN and channel bindings; pszTargetName is the request-URI.
 * SASL input: slot 0 = challenge, later the server's rspauth;
 * pszTargetName is "service/host". The response goes to the first TOKEN
 * buffer of pOutput (HTTP: without the "Digest " prefix; allocated by the
 * package with ISC_REQ_ALLOCATE_MEMORY). Integrity/confidentiality
 * flags choose qop=auth-int/auth-conf when offered; check *pfContextAttr.
 * Returns: HTTP SEC_E_OK once the response is made (SEC_I_CONTINUE_NEEDED
 * when ISC_REQ_MUTUAL_AUTH awaits rspauth); SASL SEC_I_CONTINUE_NEEDED
 * after the response, SEC_E_OK after rspauth verified. Errors:
 * SEC_E_INVALID_TOKEN (bad challenge or buffers), SEC_E_NO_CREDENTIALS,
 * SEC_E_TARGET_UNKNOWN, SEC_E_UNSUPPORTED_FUNCTION (delegation, prompting),
 * SEC_E_WRONG_PRINCIPAL (rspauth mismatch), SEC_E_BUFFER_TOO_SMALL.
 * See also the digestssp extensions: DATA buffers at index 5 and later.
 */
DSS_API SECURITY_STATUS SEC_ENTRY InitializeSecurityContextA(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_CHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);
DSS_API SECURITY_STATUS SEC_ENTRY InitializeSecurityContextW(
	PCredHandle phCredential, PCtxtHandle phContext,
	SEC_WCHAR *pszTargetName, ULONG fContextReq, ULONG Reserved1,
	ULONG TargetDataRep, PSecBufferDesc pInput, ULONG Reserved2,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);

/*
 * AcceptSecurityContext  (server)
 *
 * ASC_REQ_HTTP selects HTTP Digest, otherwise SASL DIGEST-MD5. With an
 * empty input it returns SEC_I_CONTINUE_NEEDED and a challenge in the
 * first TOKEN buffer of pOutput. HTTP input: slot 0 TOKEN = Authorization
 * value after "Digest" (empty for a challenge), slot 1 = method, slot 2
 * reserved, slot 3 = H(entity) in hex, slot 4 = realm, slot 5 = channel
 * bindings. SEC_E_OK means authenticated (the output, rspauth or an
 * Authentication-Info list, should reach the client). In HTTP mode a
 * later request may come with phContext NULL: its opaque finds the
 * session, and SEC_I_COMPLETE_NEEDED returns a handle for
 * CompleteAuthToken. Errors: SEC_E_LOGON_DENIED (bad user or password),
 * SEC_E_INVALID_TOKEN, SEC_E_NO_CREDENTIALS (bad credential handle),
 * SEC_E_NO_AUTHENTICATING_AUTHORITY (no password source),
 * SEC_E_BAD_BINDINGS, SEC_E_SECURITY_QOS_FAILED, and STATUS_LOGON_FAILURE
 * when phContext is already established.
 */
DSS_API SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(
	PCredHandle phCredential, PCtxtHandle phContext,
	PSecBufferDesc pInput, ULONG fContextReq, ULONG TargetDataRep,
	PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	ULONG *pfContextAttr, PTimeStamp ptsExpiry);

/*
 * CompleteAuthToken
 *
 * On an established HTTP server context: verify a later request, passed
 * in the same descriptor as the AcceptSecurityContext call that returned
 * SEC_I_COMPLETE_NEEDED. SEC_E_OK, SEC_E_OUT_OF_SEQUENCE (nonce count not
 * previous + 1) or SEC_E_MESSAGE_ALTERED (wrong response). Other contexts:
 * SEC_E_OK, nothing done. A credential handle gives SEC_E_INVALID_HANDLE
 * without touching anything.
 */
DSS_API SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext,
	PSecBufferDesc pToken);

/*
 * DeleteSecurityContext
 *
 * Delete a context handle and wipe its keys. A handle that was already
 * deleted also gives SEC_E_OK. An HTTP server session stays cached for
 * later requests; only the handle goes away.
 */
DSS_API SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(
	PCtxtHandle phContext);

/*
 * ApplyControlToken
 *
 * Not supported by WDigest: SEC_E_UNSUPPORTED_FUNCTION.
 */
DSS_API SECURITY_STATUS SEC_ENTRY ApplyControlToken(PCtxtHandle phContext,
	PSecBufferDesc pInput);

/*
 * QueryContextAttributesA / QueryContextAttributesW
 * QueryContextAttributesExA / QueryContextAttributesExW
 *
 * Fill the caller's structure for ulAttribute. Supported: SIZES,
 * STREAM_SIZES (SASL with a security layer), NAMES, LIFESPAN, KEY_INFO,
 * AUTHORITY (the realm), PASSWORD_EXPIRY, SESSION_KEY, PACKAGE_INFO,
 * FLAGS, NEGOTIATION_INFO, NATIVE_NAMES and CLIENT_SPECIFIED_TARGET
 * (server). Strings and blocks inside the structure are freed one by one
 * with FreeContextBuffer. SEC_E_UNSUPPORTED_FUNCTION for other attributes
 * or ones not known yet; SEC_E_INVALID_PARAMETER for a NULL pBuffer; the
 * Ex forms also return SEC_E_BUFFER_TOO_SMALL if cbBuffer is smaller
 * than the structure.
 */
DSS_API SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryContextAttributesExA(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryContextAttributesExW(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

/*
 * SetContextAttributesA / SetContextAttributesW
 *
 * Not supported by WDigest: SEC_E_UNSUPPORTED_FUNCTION.
 */
DSS_API SECURITY_STATUS SEC_ENTRY SetContextAttributesA(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY SetContextAttributesW(
	PCtxtHandle phContext, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

/*
 * QueryCredentialsAttributesA / QueryCredentialsAttributesW
 * QueryCredentialsAttributesExA / QueryCredentialsAttributesExW
 *
 * SECPKG_CRED_ATTR_NAMES: sUserName = "Domain\User" (or "User" without a
 * domain), freed with FreeContextBuffer. Also the DIGESTSSP_CRED_ATTR_xxx
 * extensions. Anything else: SEC_E_UNSUPPORTED_FUNCTION. The Ex forms
 * return SEC_E_BUFFER_TOO_SMALL if cbBuffer is smaller than the structure.
 */
DSS_API SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesExW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

/*
 * SetCredentialsAttributesA / SetCredentialsAttributesW
 *
 * WDigest supports no Windows attribute here (SEC_E_UNSUPPORTED_FUNCTION);
 * digestssp accepts its own DIGESTSSP_CRED_ATTR_xxx ids (see the
 * extensions section).
 */
DSS_API SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);
DSS_API SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(
	PCredHandle phCredential, ULONG ulAttribute, void *pBuffer,
	ULONG cbBuffer);

/*
 * ImpersonateSecurityContext / RevertSecurityContext
 *
 * Linux has no Windows access tokens: Impersonate always fails with
 * SEC_E_NO_IMPERSONATION on a valid server context, so the caller must
 * not act as the client. Revert has nothing to undo and returns SEC_E_OK.
 */
DSS_API SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(
	PCtxtHandle phContext);
DSS_API SECURITY_STATUS SEC_ENTRY RevertSecurityContext(
	PCtxtHandle phContext);

/*
 * QuerySecurityContextToken
 *
 * No access tokens on Linux: *Token = NULL, SEC_E_UNSUPPORTED_FUNCTION.
 */
DSS_API SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(
	PCtxtHandle phContext, HANDLE *Token);

/*
 * MakeSignature
 *
 * HTTP client context: build the Authorization value for the next request
 * with the next nonce count. Five buffers: 0 TOKEN (empty), 1 PKG_PARAMS
 * method, 2 PKG_PARAMS request-URI, 3 PKG_PARAMS H(entity) in hex,
 * 4 PADDING = output space, whose cbBuffer is set to the length written.
 * Works for qop=auth too. SASL context with auth-int or auth-conf: put
 * the 16-byte MAC of the DATA buffers into the TOKEN buffer. fQOP and
 * MessageSeqNo must be 0. Errors: SEC_E_INVALID_TOKEN (layout),
 * SEC_E_BUFFER_TOO_SMALL, SEC_E_QOP_NOT_SUPPORTED (SASL qop=auth or
 * fQOP != 0), SEC_E_NO_AUTHENTICATING_AUTHORITY (no challenge answered
 * yet), SEC_E_OUT_OF_SEQUENCE (counter exhausted).
 */
DSS_API SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle phContext,
	ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo);

/*
 * VerifySignature
 *
 * HTTP server context: check a later request (AcceptSecurityContext
 * layout), as CompleteAuthToken does. SASL context with auth-int or
 * auth-conf: check the MAC in the TOKEN buffer against the DATA buffers.
 * SEC_E_OK (*pfQOP = 0), SEC_E_MESSAGE_ALTERED, SEC_E_OUT_OF_SEQUENCE,
 * SEC_E_INVALID_TOKEN, SEC_E_QOP_NOT_SUPPORTED.
 */
DSS_API SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle phContext,
	PSecBufferDesc pMessage, ULONG MessageSeqNo, ULONG *pfQOP);

/*
 * EncryptMessage  (SASL security layer only)
 *
 * Protect the DATA buffer in place and write the trailer to the PADDING
 * (or second DATA) buffer. fQOP 0 encrypts on an auth-conf context;
 * SECQOP_WRAP_NO_ENCRYPT only adds the MAC (auth-int). Errors:
 * SEC_E_QOP_NOT_SUPPORTED (HTTP or qop=auth), SEC_E_INVALID_TOKEN (no
 * DATA), SEC_E_BUFFER_TOO_SMALL (no room for the trailer),
 * SEC_E_INVALID_PARAMETER (message too long), SEC_E_CRYPTO_SYSTEM_INVALID.
 */
DSS_API SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle phContext,
	ULONG fQOP, PSecBufferDesc pMessage, ULONG MessageSeqNo);

/*
 * DecryptMessage  (SASL security layer only)
 *
 * Check and unwrap a message from the peer in place (DATA or STREAM
 * buffer). *pfQOP is SECQOP_WRAP_NO_ENCRYPT for integrity-only messages,
 * else 0. An empty result is valid. Errors: SEC_E_MESSAGE_ALTERED,
 * SEC_E_OUT_OF_SEQUENCE, SEC_E_INCOMPLETE_MESSAGE (too short),
 * SEC_E_QOP_NOT_SUPPORTED, SEC_E_INVALID_TOKEN.
 */
DSS_API SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle phContext,
	PSecBufferDesc pMessage, ULONG MessageSeqNo, ULONG *pfQOP);

/*
 * FreeContextBuffer
 *
 * Release memory the package returned (allocated tokens, SecPkgInfo
 * blocks, attribute strings, exported contexts). NULL is accepted;
 * a pointer the package did not allocate gives SEC_E_INVALID_HANDLE.
 */
DSS_API SECURITY_STATUS SEC_ENTRY FreeContextBuffer(void *pvContextBuffer);

/*
 * ExportSecurityContext
 *
 * Serialise a context into *pPackedContext (package-allocated; free with
 * FreeContextBuffer); *pToken is set to NULL.
 * SECPKG_CONTEXT_EXPORT_DELETE_OLD deletes the source handle on success;
 * SECPKG_CONTEXT_EXPORT_TO_KERNEL gives SEC_E_UNSUPPORTED_FUNCTION.
 */
DSS_API SECURITY_STATUS SEC_ENTRY ExportSecurityContext(
	PCtxtHandle phContext, ULONG fFlags, PSecBuffer pPackedContext,
	void **pToken);

/*
 * ImportSecurityContextA / ImportSecurityContextW
 *
 * Rebuild an exported context as a new, independent handle. pszPackage
 * must be WDigest (SEC_E_SECPKG_NOT_FOUND); a damaged blob gives
 * SEC_E_INVALID_TOKEN; Token is ignored.
 */
DSS_API SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(
	SEC_CHAR *pszPackage, PSecBuffer pPackedContext, void *Token,
	PCtxtHandle phContext);
DSS_API SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(
	SEC_WCHAR *pszPackage, PSecBuffer pPackedContext, void *Token,
	PCtxtHandle phContext);

/*
 * ChangeAccountPasswordA / ChangeAccountPasswordW
 *
 * Not supported by WDigest: SEC_E_UNSUPPORTED_FUNCTION.
 */
DSS_API SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordA(
	SEC_CHAR *pszPackageName, SEC_CHAR *pszDomainName,
	SEC_CHAR *pszAccountName, SEC_CHAR *pszOldPassword,
	SEC_CHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);
DSS_API SECURITY_STATUS SEC_ENTRY ChangeAccountPasswordW(
	SEC_WCHAR *pszPackageName, SEC_WCHAR *pszDomainName,
	SEC_WCHAR *pszAccountName, SEC_WCHAR *pszOldPassword,
	SEC_WCHAR *pszNewPassword, BOOLEAN bImpersonating, ULONG dwReserved,
	PSecBufferDesc pOutput);

/* ====================================================================
 * digestssp extensions
 *
 * Not part of Windows SSPI. Portable code should guard their use with
 * #ifdef DIGESTSSP_CRED_ATTR_ALGORITHMS (or the name it needs).
 *
 * HTTP entity bodies: in InitializeSecurityContext and MakeSignature
 * (HTTP mode) an input buffer of type SECBUFFER_DATA placed after the
 * positional slots (index 5 or later) carries the entity body itself.
 * When qop=auth-int is used, the package hashes that body with the
 * negotiated algorithm, so the caller need not compute H(entity) (which
 * for the SHA-2 algorithms is not an MD5 hash) in slot 2 / slot 3.
 * ==================================================================== */

/* SetCredentialsAttributes / QueryCredentialsAttributes attribute ids
 * (digestssp only) */

/* Buffer: SecPkgCredentials_DigestAlgorithmsA/W. sAlgorithms is a
 * comma-separated list of RFC 7616 algorithm tokens, out of "MD5,
 * MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess". On an
 * outbound credential it is the set the client may answer with; of the
 * algorithms a challenge offers, the strongest allowed one wins. Default:
 * all of them. Query returns a package-allocated string (free it with
 * FreeContextBuffer). */
#define DIGESTSSP_CRED_ATTR_ALGORITHMS	0x44530001u

/* Buffer: SecPkgCredentials_DigestFlags; fFlags is a set of
 * DIGESTSSP_CRED_FLAG_xxx bits. */
#define DIGESTSSP_CRED_ATTR_FLAGS	0x44530002u

typedef struct _SecPkgCredentials_DigestAlgorithmsA {
	SEC_CHAR *sAlgorithms;
} SecPkgCredentials_DigestAlgorithmsA, *PSecPkgCredentials_DigestAlgorithmsA;

typedef struct _SecPkgCredentials_DigestAlgorithmsW {
	SEC_WCHAR *sAlgorithms;
} SecPkgCredentials_DigestAlgorithmsW, *PSecPkgCredentials_DigestAlgorithmsW;

typedef struct _SecPkgCredentials_DigestFlags {
	ULONG fFlags;
} SecPkgCredentials_DigestFlags, *PSecPkgCredentials_DigestFlags;

/* When the identity's Domain is empty, answer a challenge with the realm
 * the challenge named instead of realm="". Windows always sends the
 * Domain as it is, even when empty, so this flag is off by default. */
#define DIGESTSSP_CRED_FLAG_CHALLENGE_REALM	0x00000001u

/* --- HTTP server settings (inbound credentials) --------------------- */

/* Buffer: SecPkgCredentials_DigestRealmA/W. The realm a server names in
 * its challenges when the caller gives none in ASC slot 4. Default: the
 * Domain of the identity passed to AcquireCredentialsHandle, else
 * "WDigest". */
#define DIGESTSSP_CRED_ATTR_REALM	0x44530003u

typedef struct _SecPkgCredentials_DigestRealmA {
	SEC_CHAR *sRealm;
} SecPkgCredentials_DigestRealmA, *PSecPkgCredentials_DigestRealmA;

typedef struct _SecPkgCredentials_DigestRealmW {
	SEC_WCHAR *sRealm;
} SecPkgCredentials_DigestRealmW, *PSecPkgCredentials_DigestRealmW;

/* Buffer: SecPkgCredentials_DigestServer. How a server challenges and
 * checks. On an inbound credential DIGESTSSP_CRED_ATTR_ALGORITHMS is the
 * list offered, one challenge each, in the order given (preferred
 * first); default "MD5". */
#define DIGESTSSP_CRED_ATTR_SERVER	0x44530004u

typedef struct _SecPkgCredentials_DigestServer {
	ULONG fFlags;		/* DIGESTSSP_SERVER_xxx */
	ULONG NonceLifetime;	/* seconds a nonce stays fresh; 0: 300 */
	ULONG SessionLifetime;	/* idle seconds an authenticated session
				 * is kept; 0: 36000 */
	ULONG cbSecret;		/* 0: keep the current nonce secret */
	unsigned char *pSecret;	/* 16 to 64 bytes shared by every server
				 * of a cluster, so that any of them can
				 * check the nonces the others issue */
} SecPkgCredentials_DigestServer, *PSecPkgCredentials_DigestServer;

/* Offer qop=auth (the default when neither qop bit is set). */
#define DIGESTSSP_SERVER_QOP_AUTH	0x00000001u
/* Offer qop=auth-int (ASC_REQ_INTEGRITY also asks for it). */
#define DIGESTSSP_SERVER_QOP_AUTH_INT	0x00000002u
/* Offer userhash=true (RFC 7616 section 3.4.4); clients may then send
 * H(user:realm) instead of the name. Needs a user file. */
#define DIGESTSSP_SERVER_USERHASH	0x00000004u
/* Accept a uri directive that is the request path without its query
 * string (old .NET and Internet Explorer clients). Off by default: the
 * uri must equal the request-target byte for byte. */
#define DIGESTSSP_SERVER_PATH_ONLY_URI	0x00000008u
/* Require the nonce count to be exactly the previous one + 1 (Windows'
 * rule) instead of the default 64-request replay window, which lets
 * pipelined requests arrive out of order but never twice. */
#define DIGESTSSP_SERVER_STRICT_NC	0x00000010u

/* HTTP server input (AcceptSecurityContext, CompleteAuthToken,
 * VerifySignature): slot 2 carries the request-target, checked against the
 * uri directive (Windows: reserved); a SECBUFFER_DATA at index 6 or later
 * carries the entity body; in CompleteAuthToken and VerifySignature a
 * writable SECBUFFER_TOKEN at index 6 or later receives the
 * Authentication-Info of that request. */

/* Buffer: SecPkgCredentials_DigestUserFileA/W. A user file in Apache
 * htdigest format ("user:realm:HA1hex"; MD5 lines byte-identical to
 * htdigest's) with the digestssp extension "user:realm:HA1hex:SHA-256"
 * and ":SHA-512-256" for the SHA-2 algorithms. Reloaded when it changes.
 * Setting it makes the file the server's password source. */
#define DIGESTSSP_CRED_ATTR_USER_FILE	0x44530005u

typedef struct _SecPkgCredentials_DigestUserFileA {
	SEC_CHAR *sPath;
} SecPkgCredentials_DigestUserFileA, *PSecPkgCredentials_DigestUserFileA;

typedef struct _SecPkgCredentials_DigestUserFileW {
	SEC_WCHAR *sPath;
} SecPkgCredentials_DigestUserFileW, *PSecPkgCredentials_DigestUserFileW;

/*
 * The password-lookup callback of a server (AcquireCredentialsHandle's
 * pGetKeyFn on an inbound credential, with pvGetKeyArgument):
 *
 *   pGetKeyFn(pvGetKeyArgument, Principal, KeyVer, &Key, &Status)
 *
 * Principal points to a DIGESTSSP_KEY_PRINCIPAL (UTF-8, as received).
 * The package first asks with KeyVer = DIGESTSSP_KEYVER_HA1: set *Key to
 * the binary H(user ":" realm ":" password) of the algorithm's hash (16
 * bytes for MD5, 32 for SHA-256 and SHA-512/256) and Status to SEC_E_OK.
 * Answer Status = SEC_E_UNSUPPORTED_FUNCTION to be asked again with
 * KeyVer = DIGESTSSP_KEYVER_PASSWORD, for a NUL-terminated UTF-8
 * password. Unknown user: Status = SEC_E_LOGON_DENIED. *Key stays owned by
 * the callback; the package copies it before the callback returns to it
 * and wipes its copy after use.
 */
typedef struct _DIGESTSSP_KEY_PRINCIPAL {
	const char *User;
	const char *Realm;
	const char *Algorithm;	/* "MD5", "SHA-256" or "SHA-512-256" */
} DIGESTSSP_KEY_PRINCIPAL, *PDIGESTSSP_KEY_PRINCIPAL;

#define DIGESTSSP_KEYVER_PASSWORD	0u
#define DIGESTSSP_KEYVER_HA1		1u

/* Set in AcceptSecurityContext's *pfContextAttr in HTTP mode (there is
 * no Windows ASC_RET name for this bit). */
#define DIGESTSSP_ASC_RET_HTTP	0x10000000u

/* TimeStamp.QuadPart written for every expiry: Digest credentials and
 * contexts never expire. */
#define DIGESTSSP_TIMESTAMP_NEVER ((LONGLONG)0x7FFFFFFFFFFFFFFFll)

/* ====================================================================
 * Generic names: W forms with UNICODE, A forms without
 * ==================================================================== */

#ifdef UNICODE
#define AcquireCredentialsHandle	AcquireCredentialsHandleW
#define AddCredentials			AddCredentialsW
#define InitializeSecurityContext	InitializeSecurityContextW
#define QueryContextAttributes		QueryContextAttributesW
#define QueryContextAttributesEx	QueryContextAttributesExW
#define SetContextAttributes		SetContextAttributesW
#define QueryCredentialsAttributes	QueryCredentialsAttributesW
#define QueryCredentialsAttributesEx	QueryCredentialsAttributesExW
#define SetCredentialsAttributes	SetCredentialsAttributesW
#define EnumerateSecurityPackages	EnumerateSecurityPackagesW
#define QuerySecurityPackageInfo	QuerySecurityPackageInfoW
#define ImportSecurityContext		ImportSecurityContextW
#define ChangeAccountPassword		ChangeAccountPasswordW
#define InitSecurityInterface		InitSecurityInterfaceW

#define ACQUIRE_CREDENTIALS_HANDLE_FN	ACQUIRE_CREDENTIALS_HANDLE_FN_W
#define ADD_CREDENTIALS_FN		ADD_CREDENTIALS_FN_W
#define INITIALIZE_SECURITY_CONTEXT_FN	INITIALIZE_SECURITY_CONTEXT_FN_W
#define QUERY_CONTEXT_ATTRIBUTES_FN	QUERY_CONTEXT_ATTRIBUTES_FN_W
#define QUERY_CONTEXT_ATTRIBUTES_EX_FN	QUERY_CONTEXT_ATTRIBUTES_EX_FN_W
#define SET_CONTEXT_ATTRIBUTES_FN	SET_CONTEXT_ATTRIBUTES_FN_W
#define QUERY_CREDENTIALS_ATTRIBUTES_FN	QUERY_CREDENTIALS_ATTRIBUTES_FN_W
#define QUERY_CREDENTIALS_ATTRIBUTES_EX_FN \
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W
#define SET_CREDENTIALS_ATTRIBUTES_FN	SET_CREDENTIALS_ATTRIBUTES_FN_W
#define ENUMERATE_SECURITY_PACKAGES_FN	ENUMERATE_SECURITY_PACKAGES_FN_W
#define QUERY_SECURITY_PACKAGE_INFO_FN	QUERY_SECURITY_PACKAGE_INFO_FN_W
#define IMPORT_SECURITY_CONTEXT_FN	IMPORT_SECURITY_CONTEXT_FN_W
#define CHANGE_PASSWORD_FN		CHANGE_PASSWORD_FN_W
#define INIT_SECURITY_INTERFACE		INIT_SECURITY_INTERFACE_W

#define SecurityFunctionTable		SecurityFunctionTableW
#define PSecurityFunctionTable		PSecurityFunctionTableW

#define SEC_WINNT_AUTH_IDENTITY		SEC_WINNT_AUTH_IDENTITY_W
#define PSEC_WINNT_AUTH_IDENTITY	PSEC_WINNT_AUTH_IDENTITY_W
#define SEC_WINNT_AUTH_IDENTITY_EX	SEC_WINNT_AUTH_IDENTITY_EXW
#define PSEC_WINNT_AUTH_IDENTITY_EX	PSEC_WINNT_AUTH_IDENTITY_EXW

#define SecPkgInfo			SecPkgInfoW
#define PSecPkgInfo			PSecPkgInfoW
#define SecPkgContext_Names		SecPkgContext_NamesW
#define PSecPkgContext_Names		PSecPkgContext_NamesW
#define SecPkgContext_KeyInfo		SecPkgContext_KeyInfoW
#define PSecPkgContext_KeyInfo		PSecPkgContext_KeyInfoW
#define SecPkgContext_Authority		SecPkgContext_AuthorityW
#define PSecPkgContext_Authority	PSecPkgContext_AuthorityW
#define SecPkgContext_PackageInfo	SecPkgContext_PackageInfoW
#define PSecPkgContext_PackageInfo	PSecPkgContext_PackageInfoW
#define SecPkgContext_NegotiationInfo	SecPkgContext_NegotiationInfoW
#define PSecPkgContext_NegotiationInfo	PSecPkgContext_NegotiationInfoW
#define SecPkgContext_NativeNames	SecPkgContext_NativeNamesW
#define PSecPkgContext_NativeNames	PSecPkgContext_NativeNamesW
#define SecPkgContext_CredentialName	SecPkgContext_CredentialNameW
#define PSecPkgContext_CredentialName	PSecPkgContext_CredentialNameW
#define SecPkgCredentials_Names		SecPkgCredentials_NamesW
#define PSecPkgCredentials_Names	PSecPkgCredentials_NamesW
#define SecPkgCredentials_DigestAlgorithms \
	SecPkgCredentials_DigestAlgorithmsW
#define PSecPkgCredentials_DigestAlgorithms \
	PSecPkgCredentials_DigestAlgorithmsW
#define SecPkgCredentials_DigestRealm	SecPkgCredentials_DigestRealmW
#define PSecPkgCredentials_DigestRealm	PSecPkgCredentials_DigestRealmW
#define SecPkgCredentials_DigestUserFile SecPkgCredentials_DigestUserFileW
#define PSecPkgCredentials_DigestUserFile PSecPkgCredentials_DigestUserFileW

#define WDIGEST_SP_NAME			WDIGEST_SP_NAME_W
#define SECURITY_ENTRYPOINT		SECURITY_ENTRYPOINT_ANSIW
#define SECURITY_ENTRYPOINT_ANSI	SECURITY_ENTRYPOINT_ANSIW
#else /* !UNICODE */
#define AcquireCredentialsHandle	AcquireCredentialsHandleA
#define AddCredentials			AddCredentialsA
#define InitializeSecurityContext	InitializeSecurityContextA
#define QueryContextAttributes		QueryContextAttributesA
#define QueryContextAttributesEx	QueryContextAttributesExA
#define SetContextAttributes		SetContextAttributesA
#define QueryCredentialsAttributes	QueryCredentialsAttributesA
#define QueryCredentialsAttributesEx	QueryCredentialsAttributesExA
#define SetCredentialsAttributes	SetCredentialsAttributesA
#define EnumerateSecurityPackages	EnumerateSecurityPackagesA
#define QuerySecurityPackageInfo	QuerySecurityPackageInfoA
#define ImportSecurityContext		ImportSecurityContextA
#define ChangeAccountPassword		ChangeAccountPasswordA
#define InitSecurityInterface		InitSecurityInterfaceA

#define ACQUIRE_CREDENTIALS_HANDLE_FN	ACQUIRE_CREDENTIALS_HANDLE_FN_A
#define ADD_CREDENTIALS_FN		ADD_CREDENTIALS_FN_A
#define INITIALIZE_SECURITY_CONTEXT_FN	INITIALIZE_SECURITY_CONTEXT_FN_A
#define QUERY_CONTEXT_ATTRIBUTES_FN	QUERY_CONTEXT_ATTRIBUTES_FN_A
#define QUERY_CONTEXT_ATTRIBUTES_EX_FN	QUERY_CONTEXT_ATTRIBUTES_EX_FN_A
#define SET_CONTEXT_ATTRIBUTES_FN	SET_CONTEXT_ATTRIBUTES_FN_A
#define QUERY_CREDENTIALS_ATTRIBUTES_FN	QUERY_CREDENTIALS_ATTRIBUTES_FN_A
#define QUERY_CREDENTIALS_ATTRIBUTES_EX_FN \
	QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A
#define SET_CREDENTIALS_ATTRIBUTES_FN	SET_CREDENTIALS_ATTRIBUTES_FN_A
#define ENUMERATE_SECURITY_PACKAGES_FN	ENUMERATE_SECURITY_PACKAGES_FN_A
#define QUERY_SECURITY_PACKAGE_INFO_FN	QUERY_SECURITY_PACKAGE_INFO_FN_A
#define IMPORT_SECURITY_CONTEXT_FN	IMPORT_SECURITY_CONTEXT_FN_A
#define CHANGE_PASSWORD_FN		CHANGE_PASSWORD_FN_A
#define INIT_SECURITY_INTERFACE		INIT_SECURITY_INTERFACE_A

#define SecurityFunctionTable		SecurityFunctionTableA
#define PSecurityFunctionTable		PSecurityFunctionTableA

#define SEC_WINNT_AUTH_IDENTITY		SEC_WINNT_AUTH_IDENTITY_A
#define PSEC_WINNT_AUTH_IDENTITY	PSEC_WINNT_AUTH_IDENTITY_A
#define SEC_WINNT_AUTH_IDENTITY_EX	SEC_WINNT_AUTH_IDENTITY_EXA
#define PSEC_WINNT_AUTH_IDENTITY_EX	PSEC_WINNT_AUTH_IDENTITY_EXA

#define SecPkgInfo			SecPkgInfoA
#define PSecPkgInfo			PSecPkgInfoA
#define SecPkgContext_Names		SecPkgContext_NamesA
#define PSecPkgContext_Names		PSecPkgContext_NamesA
#define SecPkgContext_KeyInfo		SecPkgContext_KeyInfoA
#define PSecPkgContext_KeyInfo		PSecPkgContext_KeyInfoA
#define SecPkgContext_Authority		SecPkgContext_AuthorityA
#define PSecPkgContext_Authority	PSecPkgContext_AuthorityA
#define SecPkgContext_PackageInfo	SecPkgContext_PackageInfoA
#define PSecPkgContext_PackageInfo	PSecPkgContext_PackageInfoA
#define SecPkgContext_NegotiationInfo	SecPkgContext_NegotiationInfoA
#define PSecPkgContext_NegotiationInfo	PSecPkgContext_NegotiationInfoA
#define SecPkgContext_NativeNames	SecPkgContext_NativeNamesA
#define PSecPkgContext_NativeNames	PSecPkgContext_NativeNamesA
#define SecPkgContext_CredentialName	SecPkgContext_CredentialNameA
#define PSecPkgContext_CredentialName	PSecPkgContext_CredentialNameA
#define SecPkgCredentials_Names		SecPkgCredentials_NamesA
#define PSecPkgCredentials_Names	PSecPkgCredentials_NamesA
#define SecPkgCredentials_DigestAlgorithms \
	SecPkgCredentials_DigestAlgorithmsA
#define PSecPkgCredentials_DigestAlgorithms \
	PSecPkgCredentials_DigestAlgorithmsA
#define SecPkgCredentials_DigestRealm	SecPkgCredentials_DigestRealmA
#define PSecPkgCredentials_DigestRealm	PSecPkgCredentials_DigestRealmA
#define SecPkgCredentials_DigestUserFile SecPkgCredentials_DigestUserFileA
#define PSecPkgCredentials_DigestUserFile PSecPkgCredentials_DigestUserFileA

#define WDIGEST_SP_NAME			WDIGEST_SP_NAME_A
#define SECURITY_ENTRYPOINT		SECURITY_ENTRYPOINT_ANSIA
#define SECURITY_ENTRYPOINT_ANSI	SECURITY_ENTRYPOINT_ANSIA
#endif /* UNICODE */

#ifdef __cplusplus
}
#endif

#endif /* DIGESTSSP_SSPI_H */
