/*
 * Edge cases of the public client API, table-driven in the style of
 * Wine's SSPI tests: every case names the exact SECURITY_STATUS it
 * expects and then checks that nothing else moved - the caller's
 * buffers are untouched after a failure, no handle was written, and an
 * existing context still works (MakeSignature still gives nc + 1).
 *
 * Behaviour under test (the spec, /work/shared/spec):
 *   api.md 1.5 - 1.8 (handles, output rules, threads, failures),
 *   2.1 (HTTP client state machine), 3.1 - 3.7, 3.9 - 3.11, 3.15 - 3.17,
 *   3.19; buffers.md 1, 2, 5.1; constants.md.
 *
 * Identity and challenge are RFC 2617 section 3.5's (Mufasa /
 * testrealm@host.com / "Circle Of Life"); with cnonce 0a4f113b the first
 * response is RFC 2617's printed 6629fae49393a05397450978507c4ef1. Every
 * response the library produces is recomputed here with nettle
 * (apitest.c) from the directives it sent.
 *
 * The server side (AcceptSecurityContext) and SASL answers are not
 * implemented yet; only their argument validation is touched.
 */
#include "apitest.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <nettle/md5.h>

#include "sspi/testhook.h"

/* ---- the RFC 2617 3.5 exchange ------------------------------------------- */

#define USER "Mufasa"
#define REALM "testrealm@host.com"
#define PASSWORD "Circle Of Life"
#define NONCE "dcd98b7102dd2f0e8b11d0f600bfb0c093"
#define OPAQUE "5ccc069c403ebaf9f0171e9517f40e41"
#define CNONCE "0a4f113b"
#define URI "/dir/index.html"
#define RFC_RESPONSE "6629fae49393a05397450978507c4ef1"
#define RFC_RSPAUTH "376602cfd2f4e8e5e78b948a85263e85"
#define RFC_HA1 "939e7578ed9e3c518a452acee763bce9"

/* What curl keeps from "WWW-Authenticate: Digest <this>" */
#define CHALLENGE "realm=\"" REALM "\", qop=\"auth,auth-int\", " \
	"nonce=\"" NONCE "\", opaque=\"" OPAQUE "\""

#define NONCE2 "5a5f2c0b9d2b4ab88b0ad3ea8b8c9c71e2"
#define STALE_CHALLENGE "realm=\"" REALM "\", qop=\"auth\", " \
	"nonce=\"" NONCE2 "\", opaque=\"" OPAQUE "\", stale=true"

#define NONCE_SHA "7b2a0ee47c4bd3f1a9d6bb0f4e7d1c2a55"
/* Two Digest challenges in one header value (the first scheme word was
   taken off by the caller, the second is still there). */
#define TWO_CHALLENGES "realm=\"" REALM "\", nonce=\"" NONCE_SHA "\", " \
	"qop=\"auth\", algorithm=SHA-256, Digest realm=\"" REALM "\", " \
	"nonce=\"" NONCE "\", qop=\"auth\", algorithm=MD5"

#define TOKEN_MAX 4096
#define ISC_HTTP ISC_REQ_USE_HTTP_STYLE
#define ISC_HTTP_LEGACY 0x10000000u
#define SEC_BITS (ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT | \
	ISC_RET_SEQUENCE_DETECT)
/* bits an HTTP client context never reports on its first answer */
#define NEVER_BITS (ISC_RET_DELEGATE | ISC_RET_CONFIDENTIALITY | \
	ISC_RET_CONNECTION | ISC_RET_USE_SESSION_KEY | ISC_RET_REAUTHENTICATION)
#define ATTR_POISON 0xDEADBEEFu
#define EXPIRY_POISON 12345
#define OUT_PATTERN 0xAB

static const SecHandle sentinel = {
	(ULONG_PTR)0x5a5a5a5a5a5a5a5au, (ULONG_PTR)0xa5a5a5a5a5a5a5a5u
};

struct ident {
	const char *user;     /* UTF-8 */
	const char *realm;    /* the realm sent = the credential's Domain */
	const char *password;
};

static const struct ident rfc_id = { USER, REALM, PASSWORD };

/* ---- small helpers ---------------------------------------------------------- */

static bool same_handle(const SecHandle *a, const SecHandle *b)
{
	return a->dwLower == b->dwLower && a->dwUpper == b->dwUpper;
}

static void expect_sentinel(const SecHandle *h)
{
	if (!same_handle(h, &sentinel))
		fail_msg("an output handle was written by a failing call");
}

/* UTF-8 (valid, from this file) to a new NUL-terminated UTF-16 string,
   with room for one more unit. */
static SEC_WCHAR *utf16_of(const char *s, size_t n, size_t *units)
{
	SEC_WCHAR *w = malloc((n + 2) * sizeof(*w));
	size_t i = 0, k = 0, j;

	assert_non_null(w);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t len;

		if (c < 0x80) {
			cp = c;
			len = 1;
		} else if ((c & 0xE0) == 0xC0) {
			cp = c & 0x1F;
			len = 2;
		} else if ((c & 0xF0) == 0xE0) {
			cp = c & 0x0F;
			len = 3;
		} else {
			cp = c & 0x07;
			len = 4;
		}
		assert_true(i + len <= n);
		for (j = 1; j < len; j++)
			cp = cp << 6 | ((unsigned char)s[i + j] & 0x3F);
		i += len;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			w[k++] = (SEC_WCHAR)(0xD800 + (cp >> 10));
			w[k++] = (SEC_WCHAR)(0xDC00 + (cp & 0x3FF));
		} else {
			w[k++] = (SEC_WCHAR)cp;
		}
	}
	w[k] = 0;
	if (units != NULL)
		*units = k;
	return w;
}

static SEC_WCHAR *wstr(const char *s)
{
	return utf16_of(s, strlen(s), NULL);
}

/* Fails unless got is the UTF-16 form of want (UTF-8), terminator too. */
static void expect_wstr(const SEC_WCHAR *got, const char *want)
{
	size_t n, i;
	SEC_WCHAR *w = utf16_of(want, strlen(want), &n);

	assert_non_null(got);
	for (i = 0; i <= n; i++)
		if (got[i] != w[i])
			fail_msg("UTF-16 string differs at unit %zu: 0x%04x, "
			    "expected 0x%04x (\"%s\")", i, (unsigned)got[i],
			    (unsigned)w[i], want);
	free(w);
}

/* Lower-case hex to bytes. */
static void unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static int64_t filetime_now(void)
{
	return ((int64_t)time(NULL) + 11644473600) * 10000000;
}

/* ---- tokens ------------------------------------------------------------------ */

struct tokinfo {
	char alg[32];
	char qop[16];
	char nc[16];
	char cnonce[160];
	char nonce[160];
	char uri[256];
	bool has_opaque;
};

static void copy_dir(const struct apitest_dirlist *l, const char *name,
    char *out, size_t cap)
{
	const struct apitest_directive *d = apitest_dirlist_get(l, name);

	out[0] = '\0';
	if (d == NULL)
		return;
	assert_true(d->value_len < cap);
	memcpy(out, d->value, d->value_len + 1);
}

/*
 * Checks one Authorization directive list: no "Digest " prefix, no
 * counted NUL, the identity, nonce (if given), uri, nc (if given and qop
 * is used), and the response recomputed from the directives.
 */
static void check_token(const char *tok, ULONG len, const struct ident *id,
    const char *method, const char *uri, const char *nonce, const char *nc,
    struct tokinfo *out)
{
	struct apitest_dirlist l;
	struct tokinfo ti;
	char want[65], hbody[65];
	bool auth_int;

	assert_true(len > 0 && len < TOKEN_MAX);
	if (tok[len - 1] == '\0')
		fail_msg("token: the NUL terminator is counted in cbBuffer");
	if (len >= 7 && strncasecmp(tok, "Digest ", 7) == 0)
		fail_msg("token starts with the scheme: %.*s", (int)len, tok);
	apitest_dirlist_parse(&l, tok, len);
	apitest_expect_username(&l, id->user, strlen(id->user));
	apitest_expect_str(&l, "realm", id->realm);
	if (nonce != NULL)
		apitest_expect_str(&l, "nonce", nonce);
	apitest_expect_str(&l, "uri", uri);
	memset(&ti, 0, sizeof(ti));
	copy_dir(&l, "algorithm", ti.alg, sizeof(ti.alg));
	if (ti.alg[0] == '\0')
		strcpy(ti.alg, "MD5");
	copy_dir(&l, "qop", ti.qop, sizeof(ti.qop));
	copy_dir(&l, "nc", ti.nc, sizeof(ti.nc));
	copy_dir(&l, "cnonce", ti.cnonce, sizeof(ti.cnonce));
	copy_dir(&l, "nonce", ti.nonce, sizeof(ti.nonce));
	copy_dir(&l, "uri", ti.uri, sizeof(ti.uri));
	ti.has_opaque = apitest_dirlist_get(&l, "opaque") != NULL;
	if (ti.qop[0] != '\0') {
		if (nc != NULL)
			apitest_expect_str(&l, "nc", nc);
		assert_int_equal(strlen(ti.nc), 8);
		assert_true(ti.cnonce[0] != '\0');
	} else {
		apitest_expect_absent(&l, "nc");
		apitest_expect_absent(&l, "cnonce");
	}
	auth_int = strcmp(ti.qop, "auth-int") == 0;
	if (auth_int)
		apitest_hash_hex(ti.alg, "", 0, hbody);
	apitest_digest_response(ti.alg, id->user, strlen(id->user), id->realm,
	    strlen(id->realm), id->password, strlen(id->password), method, uri,
	    ti.nonce, ti.nc, ti.cnonce, ti.qop[0] != '\0' ? ti.qop : NULL,
	    auth_int ? hbody : NULL, want);
	apitest_expect_str(&l, "response", want);
	apitest_dirlist_free(&l);
	if (out != NULL)
		*out = ti;
}

/* ---- credentials ------------------------------------------------------------- */

/* curl's form: SEC_WINNT_AUTH_IDENTITY_EXA, ANSI. */
static SECURITY_STATUS ach_ex(ULONG use, const char *user,
    const char *domain, const char *password, CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	char pkg[] = "WDigest";
	SECURITY_STATUS st;

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	id.User = (unsigned char *)apitest_strdup(user);
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)apitest_strdup(domain);
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)apitest_strdup(password);
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	st = AcquireCredentialsHandleA(NULL, pkg, use, NULL, &id, NULL, NULL,
	    cred, NULL);
	free(id.User);
	free(id.Domain);
	free(id.Password);
	return st;
}

static void acquire_rfc(CredHandle *cred)
{
	assert_status(ach_ex(SECPKG_CRED_OUTBOUND, USER, REALM, PASSWORD, cred),
	    SEC_E_OK);
}

/* ---- the calls, curl's layouts ------------------------------------------- */

/*
 * InitializeSecurityContextA with curl's three input buffers (challenge,
 * method GET, empty H(entity)); `challenge` NULL passes pInput NULL.
 * `out` holds TOKEN_MAX bytes.
 */
static SECURITY_STATUS isc(CredHandle *cred, CtxtHandle *ctx,
    CtxtHandle *newctx, ULONG flags, const char *target,
    const char *challenge, char *out, ULONG *out_len, ULONG *attr)
{
	SecBuffer in[3], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char method[] = "GET";
	char *chal = challenge != NULL ? apitest_strdup(challenge) : NULL;
	char *t = target != NULL ? apitest_strdup(target) : NULL;
	SECURITY_STATUS st;

	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal,
	    chal != NULL ? strlen(chal) : 0);
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	st = InitializeSecurityContextA(cred, ctx, t, flags, 0, 0,
	    chal != NULL ? &in_desc : NULL, 0, newctx, &out_desc, attr, NULL);
	*out_len = ob.cbBuffer;
	free(chal);
	free(t);
	return st;
}

/* MakeSignature, curl's five buffers; `out` holds TOKEN_MAX bytes. */
static SECURITY_STATUS sign(CtxtHandle *ctx, const char *uri_s, char *out,
    ULONG *len)
{
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char method[] = "GET";
	char *uri = apitest_strdup(uri_s);
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	st = MakeSignature(ctx, 0, &desc, 0);
	*len = b[4].cbBuffer;
	free(uri);
	return st;
}

/* MakeSignature must succeed with this nonce and nc. */
static void expect_sign_id(CtxtHandle *ctx, const struct ident *id,
    const char *uri, const char *nonce, const char *nc, struct tokinfo *ti)
{
	char out[TOKEN_MAX];
	ULONG len = 0;

	assert_status(sign(ctx, uri, out, &len), SEC_E_OK);
	check_token(out, len, id, "GET", uri, nonce, nc, ti);
}

static void expect_sign(CtxtHandle *ctx, const char *nonce, const char *nc)
{
	expect_sign_id(ctx, &rfc_id, URI, nonce, nc, NULL);
}

/* A context in FAILED (api.md 1.8): only queries and delete work. */
static void expect_failed_ctx(CtxtHandle *ctx)
{
	char out[TOKEN_MAX];
	ULONG len = 0, attr = ATTR_POISON;
	CtxtHandle nh = sentinel;
	SecPkgContext_Flags f;
	SecPkgContext_Sizes sz;

	assert_status(sign(ctx, URI, out, &len), SEC_E_INVALID_HANDLE);
	assert_status(isc(NULL, ctx, &nh, ISC_HTTP, URI, STALE_CHALLENGE, out,
	    &len, &attr), SEC_E_INVALID_HANDLE);
	assert_int_equal(attr, ATTR_POISON);
	expect_sentinel(&nh);
	assert_status(isc(NULL, ctx, &nh, ISC_HTTP, URI, NULL, out, &len,
	    &attr), SEC_E_INVALID_HANDLE);
	assert_status(QueryContextAttributesA(ctx, SECPKG_ATTR_FLAGS, &f),
	    SEC_E_OK);
	assert_status(QueryContextAttributesA(ctx, SECPKG_ATTR_SIZES, &sz),
	    SEC_E_OK);
}

/* ---- an answered context ------------------------------------------------------ */

struct env {
	CredHandle cred;
	CtxtHandle ctx;
	char tok[TOKEN_MAX];
	ULONG len;
	ULONG attr;
};

/* RFC 2617 3.5: credential + context that answered CHALLENGE (nc=1). */
static void env_up_with(struct env *e, ULONG flags, const char *challenge)
{
	SECURITY_STATUS want = (flags & ISC_REQ_MUTUAL_AUTH) ?
	    SEC_I_CONTINUE_NEEDED : SEC_E_OK;

	memset(e, 0, sizeof(*e));
	acquire_rfc(&e->cred);
	dss_test_set_cnonce(CNONCE);
	assert_status(isc(&e->cred, NULL, &e->ctx, ISC_HTTP | flags, URI,
	    challenge, e->tok, &e->len, &e->attr), want);
	check_token(e->tok, e->len, &rfc_id, "GET", URI, NULL, "00000001",
	    NULL);
}

static void env_up(struct env *e)
{
	env_up_with(e, 0, CHALLENGE);
}

static void env_down(struct env *e)
{
	assert_status(DeleteSecurityContext(&e->ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&e->cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

/* ======================================================================
 * Package: InitSecurityInterface, QuerySecurityPackageInfo,
 * EnumerateSecurityPackages, FreeContextBuffer (api.md 3.1 - 3.3, 3.17)
 * ====================================================================== */

static void test_init_interface_a(void **state)
{
	PSecurityFunctionTableA t1 = InitSecurityInterfaceA();
	PSecurityFunctionTableA t2 = InitSecurityInterfaceA();

	(void)state;
	assert_non_null(t1);
	assert_ptr_equal(t1, t2);
	assert_int_equal(t1->dwVersion, 5);
}

static void test_init_interface_w(void **state)
{
	PSecurityFunctionTableW t1 = InitSecurityInterfaceW();
	PSecurityFunctionTableW t2 = InitSecurityInterfaceW();

	(void)state;
	assert_non_null(t1);
	assert_ptr_equal(t1, t2);
	assert_int_equal(t1->dwVersion, 5);
}

static void test_table_a(void **state)
{
	PSecurityFunctionTableA t = InitSecurityInterfaceA();

	(void)state;
	assert_true(t->EnumerateSecurityPackagesA == EnumerateSecurityPackagesA);
	assert_true(t->QueryCredentialsAttributesA ==
	    QueryCredentialsAttributesA);
	assert_true(t->AcquireCredentialsHandleA == AcquireCredentialsHandleA);
	/* member 4 is spelled FreeCredentialHandle (macro'd to ...s...) */
	assert_true(t->FreeCredentialHandle == FreeCredentialsHandle);
	assert_null(t->Reserved2);
	assert_true(t->InitializeSecurityContextA == InitializeSecurityContextA);
	assert_true(t->AcceptSecurityContext == AcceptSecurityContext);
	assert_true(t->CompleteAuthToken == CompleteAuthToken);
	assert_true(t->DeleteSecurityContext == DeleteSecurityContext);
	assert_true(t->ApplyControlToken == ApplyControlToken);
	assert_true(t->QueryContextAttributesA == QueryContextAttributesA);
	assert_true(t->ImpersonateSecurityContext == ImpersonateSecurityContext);
	assert_true(t->RevertSecurityContext == RevertSecurityContext);
	assert_true(t->MakeSignature == MakeSignature);
	assert_true(t->VerifySignature == VerifySignature);
	assert_true(t->FreeContextBuffer == FreeContextBuffer);
	assert_true(t->QuerySecurityPackageInfoA == QuerySecurityPackageInfoA);
	assert_null(t->Reserved3);
	assert_null(t->Reserved4);
	assert_true(t->ExportSecurityContext == ExportSecurityContext);
	assert_true(t->ImportSecurityContextA == ImportSecurityContextA);
	assert_true(t->AddCredentialsA == AddCredentialsA);
	assert_null(t->Reserved8);
	assert_true(t->QuerySecurityContextToken == QuerySecurityContextToken);
	assert_true(t->EncryptMessage == EncryptMessage);
	assert_true(t->DecryptMessage == DecryptMessage);
	assert_true(t->SetContextAttributesA == SetContextAttributesA);
	assert_true(t->SetCredentialsAttributesA == SetCredentialsAttributesA);
	assert_true(t->ChangeAccountPasswordA == ChangeAccountPasswordA);
	assert_true(t->QueryContextAttributesExA == QueryContextAttributesExA);
	assert_true(t->QueryCredentialsAttributesExA ==
	    QueryCredentialsAttributesExA);
}

static void test_table_w(void **state)
{
	PSecurityFunctionTableW t = InitSecurityInterfaceW();

	(void)state;
	assert_true(t->EnumerateSecurityPackagesW == EnumerateSecurityPackagesW);
	assert_true(t->QueryCredentialsAttributesW ==
	    QueryCredentialsAttributesW);
	assert_true(t->AcquireCredentialsHandleW == AcquireCredentialsHandleW);
	assert_true(t->FreeCredentialsHandle == FreeCredentialsHandle);
	assert_null(t->Reserved2);
	assert_true(t->InitializeSecurityContextW == InitializeSecurityContextW);
	assert_true(t->AcceptSecurityContext == AcceptSecurityContext);
	assert_true(t->CompleteAuthToken == CompleteAuthToken);
	assert_true(t->DeleteSecurityContext == DeleteSecurityContext);
	assert_true(t->ApplyControlToken == ApplyControlToken);
	assert_true(t->QueryContextAttributesW == QueryContextAttributesW);
	assert_true(t->ImpersonateSecurityContext == ImpersonateSecurityContext);
	assert_true(t->RevertSecurityContext == RevertSecurityContext);
	assert_true(t->MakeSignature == MakeSignature);
	assert_true(t->VerifySignature == VerifySignature);
	assert_true(t->FreeContextBuffer == FreeContextBuffer);
	assert_true(t->QuerySecurityPackageInfoW == QuerySecurityPackageInfoW);
	assert_null(t->Reserved3);
	assert_null(t->Reserved4);
	assert_true(t->ExportSecurityContext == ExportSecurityContext);
	assert_true(t->ImportSecurityContextW == ImportSecurityContextW);
	assert_true(t->AddCredentialsW == AddCredentialsW);
	assert_null(t->Reserved8);
	assert_true(t->QuerySecurityContextToken == QuerySecurityContextToken);
	assert_true(t->EncryptMessage == EncryptMessage);
	assert_true(t->DecryptMessage == DecryptMessage);
	assert_true(t->SetContextAttributesW == SetContextAttributesW);
	assert_true(t->SetCredentialsAttributesW == SetCredentialsAttributesW);
	assert_true(t->ChangeAccountPasswordW == ChangeAccountPasswordW);
	assert_true(t->QueryContextAttributesExW == QueryContextAttributesExW);
	assert_true(t->QueryCredentialsAttributesExW ==
	    QueryCredentialsAttributesExW);
}

static void check_pkginfo_a(const SecPkgInfoA *p)
{
	assert_non_null(p);
	assert_int_equal(p->fCapabilities, 0x00800304u);
	assert_int_equal(p->wVersion, 1);
	assert_int_equal(p->wRPCID, 21);
	assert_int_equal(p->cbMaxToken, 4096);
	assert_string_equal(p->Name, "WDigest");
	assert_string_equal(p->Comment, "Digest Authentication for Windows");
}

static void check_pkginfo_w(const SecPkgInfoW *p)
{
	assert_non_null(p);
	assert_int_equal(p->fCapabilities, 0x00800304u);
	assert_int_equal(p->wVersion, 1);
	assert_int_equal(p->wRPCID, 21);
	assert_int_equal(p->cbMaxToken, 4096);
	expect_wstr(p->Name, "WDigest");
	expect_wstr(p->Comment, "Digest Authentication for Windows");
}

/* The block is ONE allocation: its inner strings are not blocks. */
static void free_pkginfo(void *p, void *name, void *comment)
{
	assert_status(FreeContextBuffer(name), SEC_E_INVALID_HANDLE);
	assert_status(FreeContextBuffer(comment), SEC_E_INVALID_HANDLE);
	assert_status(FreeContextBuffer(p), SEC_E_OK);
}

struct pkg_case {
	const char *name;
	bool wide;
	const char *pkg;      /* NULL: NULL pointer */
	bool null_out;
	SECURITY_STATUS want;
};

static const struct pkg_case pkg_cases[] = {
	{ "pkginfo:a:WDigest", false, "WDigest", false, SEC_E_OK },
	{ "pkginfo:a:wdigest", false, "wdigest", false, SEC_E_OK },
	{ "pkginfo:a:WDIGEST", false, "WDIGEST", false, SEC_E_OK },
	{ "pkginfo:w:WDigest", true, "WDigest", false, SEC_E_OK },
	{ "pkginfo:w:wdigest", true, "wdigest", false, SEC_E_OK },
	{ "pkginfo:w:WDIGEST", true, "WDIGEST", false, SEC_E_OK },
	{ "pkginfo:a:Digest", false, "Digest", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:Kerberos", false, "Kerberos", false,
	  SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:NTLM", false, "NTLM", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:empty", false, "", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:trailing-space", false, "WDigest ", false,
	  SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:prefix", false, "WDiges", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:longer", false, "WDigestX", false,
	  SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:null-name", false, NULL, false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:w:Negotiate", true, "Negotiate", false,
	  SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:w:empty", true, "", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:w:non-ascii", true, "WD\xC4\xB0gest", false,
	  SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:w:longer", true, "WDigest2", false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:w:null-name", true, NULL, false, SEC_E_SECPKG_NOT_FOUND },
	{ "pkginfo:a:null-out", false, "WDigest", true,
	  SEC_E_INVALID_PARAMETER },
	{ "pkginfo:w:null-out", true, "WDigest", true,
	  SEC_E_INVALID_PARAMETER },
	{ "pkginfo:a:null-out-bad-name", false, "NTLM", true,
	  SEC_E_INVALID_PARAMETER },
};

static void test_pkginfo(void **state)
{
	const struct pkg_case *c = *state;
	SECURITY_STATUS st;

	if (!c->wide) {
		char *name = c->pkg != NULL ? apitest_strdup(c->pkg) : NULL;
		PSecPkgInfoA info = (PSecPkgInfoA)(uintptr_t)0x1234;

		st = QuerySecurityPackageInfoA(name, c->null_out ? NULL : &info);
		assert_status(st, c->want);
		if (st == SEC_E_OK) {
			check_pkginfo_a(info);
			free_pkginfo(info, info->Name, info->Comment);
		} else {
			assert_ptr_equal(info, (PSecPkgInfoA)(uintptr_t)0x1234);
		}
		free(name);
	} else {
		SEC_WCHAR *name = c->pkg != NULL ? wstr(c->pkg) : NULL;
		PSecPkgInfoW info = (PSecPkgInfoW)(uintptr_t)0x1234;

		st = QuerySecurityPackageInfoW(name, c->null_out ? NULL : &info);
		assert_status(st, c->want);
		if (st == SEC_E_OK) {
			check_pkginfo_w(info);
			free_pkginfo(info, info->Name, info->Comment);
		} else {
			assert_ptr_equal(info, (PSecPkgInfoW)(uintptr_t)0x1234);
		}
		free(name);
	}
}

static void test_enumerate_a(void **state)
{
	ULONG n = 77;
	PSecPkgInfoA info = NULL;

	(void)state;
	assert_status(EnumerateSecurityPackagesA(&n, &info), SEC_E_OK);
	assert_int_equal(n, 1);
	check_pkginfo_a(info);
	free_pkginfo(info, info->Name, info->Comment);
	assert_status(EnumerateSecurityPackagesA(NULL, &info),
	    SEC_E_INVALID_PARAMETER);
	assert_status(EnumerateSecurityPackagesA(&n, NULL),
	    SEC_E_INVALID_PARAMETER);
}

static void test_enumerate_w(void **state)
{
	ULONG n = 77;
	PSecPkgInfoW info = NULL;

	(void)state;
	assert_status(EnumerateSecurityPackagesW(&n, &info), SEC_E_OK);
	assert_int_equal(n, 1);
	check_pkginfo_w(info);
	free_pkginfo(info, info->Name, info->Comment);
	assert_status(EnumerateSecurityPackagesW(NULL, &info),
	    SEC_E_INVALID_PARAMETER);
	assert_status(EnumerateSecurityPackagesW(&n, NULL),
	    SEC_E_INVALID_PARAMETER);
}

static void test_fcb_null(void **state)
{
	(void)state;
	assert_status(FreeContextBuffer(NULL), SEC_E_OK);
}

static void test_fcb_stack(void **state)
{
	char buf[64];

	(void)state;
	memset(buf, 0x5C, sizeof(buf));
	assert_status(FreeContextBuffer(buf), SEC_E_INVALID_HANDLE);
	/* nothing was written through the pointer */
	assert_int_equal((unsigned char)buf[0], 0x5C);
	assert_int_equal((unsigned char)buf[63], 0x5C);
}

static void test_fcb_malloc(void **state)
{
	unsigned char *p = malloc(48);
	size_t i;

	(void)state;
	assert_non_null(p);
	memset(p, 0x3E, 48);
	assert_status(FreeContextBuffer(p), SEC_E_INVALID_HANDLE);
	for (i = 0; i < 48; i++)
		assert_int_equal(p[i], 0x3E);
	free(p); /* still ours: a double free would show under valgrind */
}

static void test_fcb_double(void **state)
{
	char pkg[] = "WDigest";
	PSecPkgInfoA info;

	(void)state;
	assert_status(QuerySecurityPackageInfoA(pkg, &info), SEC_E_OK);
	assert_status(FreeContextBuffer(info), SEC_E_OK);
	assert_status(FreeContextBuffer(info), SEC_E_INVALID_HANDLE);
}

static void test_fcb_interior(void **state)
{
	char pkg[] = "WDigest";
	PSecPkgInfoA info;

	(void)state;
	assert_status(QuerySecurityPackageInfoA(pkg, &info), SEC_E_OK);
	assert_status(FreeContextBuffer((char *)info + 1), SEC_E_INVALID_HANDLE);
	check_pkginfo_a(info); /* still intact */
	assert_status(FreeContextBuffer(info), SEC_E_OK);
}

/* ======================================================================
 * AcquireCredentialsHandleA/W (api.md 3.4, types.md 6)
 * ====================================================================== */

enum id_form { IDF_NONE, IDF_PLAIN, IDF_EX, IDF_EX2 };

enum mangle {
	MG_NONE,
	MG_USER_HIGH,     /* UTF-16 user ends in an unpaired high surrogate */
	MG_USER_LOW,      /* UTF-16 user starts with an unpaired low one */
	MG_DOMAIN_HIGH,
	MG_PASSWORD_LOW,
	MG_NULL_OUT,      /* phCredential NULL */
	MG_NO_EXPIRY,     /* ptsExpiry NULL */
	MG_NO_DOMAIN,     /* Domain NULL / 0 */
	MG_UNTERMINATED   /* strings longer than their Length fields */
};

struct ach_case {
	const char *name;
	bool wide_api;
	const char *pkg;        /* NULL: NULL pointer */
	ULONG use;
	enum id_form form;
	ULONG flags;            /* identity Flags */
	enum mangle mg;
	const char *user;       /* UTF-8; NULL: USER */
	const char *principal;
	SECURITY_STATUS want;
	const char *names;      /* expected SECPKG_CRED_ATTR_NAMES */
	bool answer;            /* the credential must answer CHALLENGE */
};

#define OUT SECPKG_CRED_OUTBOUND
#define F_ANSI SEC_WINNT_AUTH_IDENTITY_ANSI
#define F_UNI SEC_WINNT_AUTH_IDENTITY_UNICODE
#define F_MARSH SEC_WINNT_AUTH_IDENTITY_MARSHALLED
#define RFC_NAMES REALM "\\" USER

static const struct ach_case ach_cases[] = {
	/* the identity structures and charsets (types.md 6) */
	{ "ach:a:exa-ansi-curl", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:plain-ansi", false, "WDigest", OUT, IDF_PLAIN, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:plain-flags0-is-8bit", false, "WDigest", OUT, IDF_PLAIN, 0,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:exa-flags0-is-8bit", false, "WDigest", OUT, IDF_EX, 0,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:plain-unicode-flag-wins", false, "WDigest", OUT, IDF_PLAIN,
	  F_UNI, MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:ex-unicode-flag-wins", false, "WDigest", OUT, IDF_EX, F_UNI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:plain-unicode", true, "WDigest", OUT, IDF_PLAIN, F_UNI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:exw-unicode", true, "WDigest", OUT, IDF_EX, F_UNI, MG_NONE,
	  NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:plain-flags0-is-utf16", true, "WDigest", OUT, IDF_PLAIN, 0,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:exw-flags0-is-utf16", true, "WDigest", OUT, IDF_EX, 0,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:plain-ansi-flag-wins", true, "WDigest", OUT, IDF_PLAIN,
	  F_ANSI, MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:ex-ansi-flag-wins", true, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:utf16-non-ascii-user", true, "WDigest", OUT, IDF_EX, F_UNI,
	  MG_NONE, "M\xC3\xBCller", NULL, SEC_E_OK,
	  REALM "\\M\xC3\xBCller", true },
	{ "ach:w:utf16-surrogate-pair-user", true, "WDigest", OUT, IDF_EX,
	  F_UNI, MG_NONE, "Mu\xF0\x9F\x98\x80" "fasa", NULL, SEC_E_OK,
	  REALM "\\Mu\xF0\x9F\x98\x80" "fasa", true },
	{ "ach:a:8bit-utf8-user", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NONE, "M\xC3\xBCller", NULL, SEC_E_OK,
	  REALM "\\M\xC3\xBCller", true },
	{ "ach:a:strings-not-terminated", false, "WDigest", OUT, IDF_EX,
	  F_ANSI, MG_UNTERMINATED, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:w:strings-not-terminated", true, "WDigest", OUT, IDF_EX, F_UNI,
	  MG_UNTERMINATED, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:no-domain", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NO_DOMAIN, NULL, NULL, SEC_E_OK, USER, true },
	{ "ach:w:no-domain", true, "WDigest", OUT, IDF_PLAIN, F_UNI,
	  MG_NO_DOMAIN, NULL, NULL, SEC_E_OK, USER, true },
	{ "ach:a:default-credentials", false, "WDigest", OUT, IDF_NONE, 0,
	  MG_NONE, NULL, NULL, SEC_E_OK, "", false },
	{ "ach:a:default-with-principal", false, "WDigest", OUT, IDF_NONE, 0,
	  MG_NONE, NULL, "alice@example.org", SEC_E_OK, "alice@example.org",
	  false },
	{ "ach:w:default-with-principal", true, "WDigest", OUT, IDF_NONE, 0,
	  MG_NONE, NULL, "alice@example.org", SEC_E_OK, "alice@example.org",
	  false },
	{ "ach:a:principal-ignored-with-identity", false, "WDigest", OUT,
	  IDF_EX, F_ANSI, MG_NONE, NULL, "alice@example.org", SEC_E_OK,
	  RFC_NAMES, true },
	{ "ach:a:empty-user-accepted", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NONE, "", NULL, SEC_E_OK, NULL, false },
	{ "ach:a:no-expiry-pointer", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NO_EXPIRY, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	/* rejected identities */
	{ "ach:w:user-unpaired-high-surrogate", true, "WDigest", OUT, IDF_EX,
	  F_UNI, MG_USER_HIGH, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL,
	  false },
	{ "ach:w:user-unpaired-low-surrogate", true, "WDigest", OUT,
	  IDF_PLAIN, F_UNI, MG_USER_LOW, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS,
	  NULL, false },
	{ "ach:w:domain-unpaired-surrogate", true, "WDigest", OUT, IDF_EX,
	  F_UNI, MG_DOMAIN_HIGH, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL,
	  false },
	{ "ach:w:password-unpaired-surrogate", true, "WDigest", OUT, IDF_EX,
	  F_UNI, MG_PASSWORD_LOW, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL,
	  false },
	{ "ach:a:unicode-flag-unpaired-surrogate", false, "WDigest", OUT,
	  IDF_EX, F_UNI, MG_USER_HIGH, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS,
	  NULL, false },
	{ "ach:w:flags0-unpaired-surrogate", true, "WDigest", OUT, IDF_PLAIN,
	  0, MG_USER_HIGH, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	{ "ach:a:plain-marshalled", false, "WDigest", OUT, IDF_PLAIN,
	  F_ANSI | F_MARSH, MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS,
	  NULL, false },
	{ "ach:a:ex-marshalled", false, "WDigest", OUT, IDF_EX,
	  F_ANSI | F_MARSH, MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS,
	  NULL, false },
	{ "ach:w:ex-marshalled", true, "WDigest", OUT, IDF_EX, F_UNI | F_MARSH,
	  MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	{ "ach:a:ex2", false, "WDigest", OUT, IDF_EX2, 0, MG_NONE, NULL, NULL,
	  SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	{ "ach:w:ex2", true, "WDigest", OUT, IDF_EX2, 0, MG_NONE, NULL, NULL,
	  SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	/* fCredentialUse */
	{ "ach:a:inbound", false, "WDigest", SECPKG_CRED_INBOUND, IDF_EX,
	  F_ANSI, MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, false },
	{ "ach:a:both", false, "WDigest", SECPKG_CRED_BOTH, IDF_EX, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:outbound-extra-bits-ignored", false, "WDigest",
	  OUT | SECPKG_CRED_DEFAULT | SECPKG_CRED_AUTOLOGON_RESTRICTED, IDF_EX,
	  F_ANSI, MG_NONE, NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:use-zero", false, "WDigest", 0, IDF_EX, F_ANSI, MG_NONE, NULL,
	  NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	{ "ach:a:use-default-only", false, "WDigest", SECPKG_CRED_DEFAULT,
	  IDF_EX, F_ANSI, MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL,
	  false },
	{ "ach:a:use-reserved-only", false, "WDigest", SECPKG_CRED_RESERVED,
	  IDF_EX, F_ANSI, MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL,
	  false },
	{ "ach:w:use-zero", true, "WDigest", 0, IDF_EX, F_UNI, MG_NONE, NULL,
	  NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	{ "ach:a:use-zero-no-identity", false, "WDigest", 0, IDF_NONE, 0,
	  MG_NONE, NULL, NULL, SEC_E_UNKNOWN_CREDENTIALS, NULL, false },
	/* package names */
	{ "ach:a:pkg-lower", false, "wdigest", OUT, IDF_EX, F_ANSI, MG_NONE,
	  NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:pkg-upper", false, "WDIGEST", OUT, IDF_EX, F_ANSI, MG_NONE,
	  NULL, NULL, SEC_E_OK, RFC_NAMES, false },
	{ "ach:w:pkg-lower", true, "wdigest", OUT, IDF_EX, F_UNI, MG_NONE,
	  NULL, NULL, SEC_E_OK, RFC_NAMES, true },
	{ "ach:a:pkg-kerberos", false, "Kerberos", OUT, IDF_EX, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:a:pkg-ntlm", false, "NTLM", OUT, IDF_EX, F_ANSI, MG_NONE, NULL,
	  NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:a:pkg-digest", false, "Digest", OUT, IDF_EX, F_ANSI, MG_NONE,
	  NULL, NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:a:pkg-empty", false, "", OUT, IDF_EX, F_ANSI, MG_NONE, NULL,
	  NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:a:pkg-null", false, NULL, OUT, IDF_EX, F_ANSI, MG_NONE, NULL,
	  NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:w:pkg-negotiate", true, "Negotiate", OUT, IDF_EX, F_UNI,
	  MG_NONE, NULL, NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:w:pkg-null", true, NULL, OUT, IDF_EX, F_UNI, MG_NONE, NULL,
	  NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	{ "ach:a:pkg-bad-and-use-zero", false, "NTLM", 0, IDF_EX, F_ANSI,
	  MG_NONE, NULL, NULL, SEC_E_SECPKG_NOT_FOUND, NULL, false },
	/* phCredential */
	{ "ach:a:null-phcredential", false, "WDigest", OUT, IDF_EX, F_ANSI,
	  MG_NULL_OUT, NULL, NULL, SEC_E_INVALID_PARAMETER, NULL, false },
	{ "ach:w:null-phcredential", true, "WDigest", OUT, IDF_EX, F_UNI,
	  MG_NULL_OUT, NULL, NULL, SEC_E_INVALID_PARAMETER, NULL, false },
	{ "ach:a:null-phcredential-bad-pkg", false, "NTLM", OUT, IDF_EX,
	  F_ANSI, MG_NULL_OUT, NULL, NULL, SEC_E_INVALID_PARAMETER, NULL,
	  false },
};

/* An identity string in 8-bit or UTF-16 form, with the mangling asked. */
static void *id_string(const char *utf8, bool wide, enum mangle mg,
    int which, ULONG *len)
{
	size_t n = strlen(utf8), units;

	if (!wide) {
		char *s;

		if (mg == MG_UNTERMINATED) {
			s = apitest_format("%sXYZ", utf8);
			*len = (ULONG)n;
			return s;
		}
		*len = (ULONG)n;
		return apitest_strdup(utf8);
	} else {
		SEC_WCHAR *w;
		char *tmp = NULL;

		if (mg == MG_UNTERMINATED) {
			tmp = apitest_format("%sXYZ", utf8);
			w = utf16_of(tmp, strlen(tmp), &units);
			free(tmp);
			units -= 3;
		} else {
			w = utf16_of(utf8, n, &units);
		}
		if ((mg == MG_USER_HIGH && which == 0) ||
		    (mg == MG_DOMAIN_HIGH && which == 1)) {
			w[units++] = 0xD800;
			w[units] = 0;
		} else if ((mg == MG_USER_LOW && which == 0) ||
		    (mg == MG_PASSWORD_LOW && which == 2)) {
			memmove(w + 1, w, (units + 1) * sizeof(*w));
			w[0] = 0xDC00;
			units++;
		}
		*len = (ULONG)units;
		return w;
	}
}

static void test_ach(void **state)
{
	const struct ach_case *c = *state;
	bool wide = (c->flags & F_UNI) != 0 ||
	    ((c->flags & F_ANSI) == 0 && c->wide_api);
	const char *user = c->user != NULL ? c->user : USER;
	const char *domain = c->mg == MG_NO_DOMAIN ? "" : REALM;
	struct ident id = { user, domain, PASSWORD };
	union {
		SEC_WINNT_AUTH_IDENTITY_A a;
		SEC_WINNT_AUTH_IDENTITY_EXA ex;
		SEC_WINNT_AUTH_IDENTITY_EX2 ex2;
	} u;
	void *str[3] = { NULL, NULL, NULL };
	ULONG len[3] = { 0, 0, 0 };
	void *auth = NULL;
	CredHandle cred = sentinel;
	TimeStamp exp;
	SECURITY_STATUS st;
	int i;

	memset(&u, 0, sizeof(u));
	str[0] = id_string(user, wide, c->mg, 0, &len[0]);
	if (c->mg != MG_NO_DOMAIN)
		str[1] = id_string(REALM, wide, c->mg, 1, &len[1]);
	str[2] = id_string(PASSWORD, wide, c->mg, 2, &len[2]);
	switch (c->form) {
	case IDF_NONE:
		break;
	case IDF_PLAIN:
		u.a.User = str[0];
		u.a.UserLength = len[0];
		u.a.Domain = str[1];
		u.a.DomainLength = len[1];
		u.a.Password = str[2];
		u.a.PasswordLength = len[2];
		u.a.Flags = c->flags;
		auth = &u;
		break;
	case IDF_EX:
		u.ex.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
		u.ex.Length = sizeof(u.ex);
		u.ex.User = str[0];
		u.ex.UserLength = len[0];
		u.ex.Domain = str[1];
		u.ex.DomainLength = len[1];
		u.ex.Password = str[2];
		u.ex.PasswordLength = len[2];
		u.ex.Flags = c->flags;
		auth = &u;
		break;
	case IDF_EX2:
		u.ex2.Version = SEC_WINNT_AUTH_IDENTITY_VERSION_2;
		u.ex2.cbHeaderLength = sizeof(u.ex2);
		u.ex2.cbStructureLength = sizeof(u.ex2);
		u.ex2.Flags = c->flags;
		auth = &u;
		break;
	}
	exp.QuadPart = EXPIRY_POISON;
	if (!c->wide_api) {
		char *pkg = c->pkg != NULL ? apitest_strdup(c->pkg) : NULL;
		char *pr = c->principal != NULL ?
		    apitest_strdup(c->principal) : NULL;

		st = AcquireCredentialsHandleA(pr, pkg, c->use, NULL, auth, NULL,
		    NULL, c->mg == MG_NULL_OUT ? NULL : &cred,
		    c->mg == MG_NO_EXPIRY ? NULL : &exp);
		free(pkg);
		free(pr);
	} else {
		SEC_WCHAR *pkg = c->pkg != NULL ? wstr(c->pkg) : NULL;
		SEC_WCHAR *pr = c->principal != NULL ? wstr(c->principal) : NULL;

		st = AcquireCredentialsHandleW(pr, pkg, c->use, NULL, auth, NULL,
		    NULL, c->mg == MG_NULL_OUT ? NULL : &cred,
		    c->mg == MG_NO_EXPIRY ? NULL : &exp);
		free(pkg);
		free(pr);
	}
	/* the package copied everything: scribble over the caller's copy */
	for (i = 0; i < 3; i++) {
		if (str[i] != NULL)
			memset(str[i], 0, (wide ? 2 : 1) * (size_t)len[i]);
		free(str[i]);
	}
	assert_status(st, c->want);
	if (st != SEC_E_OK) {
		expect_sentinel(&cred);
		assert_true(exp.QuadPart == EXPIRY_POISON);
		return;
	}
	assert_false(same_handle(&cred, &sentinel));
	if (c->mg != MG_NO_EXPIRY)
		assert_true(exp.QuadPart == DIGESTSSP_TIMESTAMP_NEVER);
	if (c->names != NULL) {
		SecPkgCredentials_NamesA na = { NULL };
		SecPkgCredentials_NamesW nw = { NULL };

		assert_status(QueryCredentialsAttributesA(&cred,
		    SECPKG_CRED_ATTR_NAMES, &na), SEC_E_OK);
		assert_non_null(na.sUserName);
		assert_string_equal(na.sUserName, c->names);
		assert_status(FreeContextBuffer(na.sUserName), SEC_E_OK);
		assert_status(QueryCredentialsAttributesW(&cred,
		    SECPKG_CRED_ATTR_NAMES, &nw), SEC_E_OK);
		expect_wstr(nw.sUserName, c->names);
		assert_status(FreeContextBuffer(nw.sUserName), SEC_E_OK);
	}
	if (c->answer) {
		char out[TOKEN_MAX];
		ULONG olen, attr;
		CtxtHandle ctx;

		dss_test_set_cnonce(CNONCE);
		assert_status(isc(&cred, NULL, &ctx, ISC_HTTP, URI, CHALLENGE,
		    out, &olen, &attr), SEC_E_OK);
		check_token(out, olen, &id, "GET", URI, NONCE, "00000001", NULL);
		dss_test_set_cnonce(NULL);
		assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	}
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_INVALID_HANDLE);
}

/* ======================================================================
 * QueryCredentialsAttributesA/W(Ex) (api.md 3.6)
 * ====================================================================== */

enum qc_cred { QC_RFC, QC_NODOMAIN, QC_DEFAULT, QC_PRINCIPAL };
enum qc_api { QA_A, QA_W, QA_EXA, QA_EXW };
enum qc_buf { QB_OK, QB_NULL, QB_SMALL, QB_ZERO };

struct qcred_case {
	const char *name;
	enum qc_cred cred;
	enum qc_api api;
	ULONG attr;
	enum qc_buf buf;
	SECURITY_STATUS want;
	const char *names;
};

static const struct qcred_case qcred_cases[] = {
	{ "qcred:a:names", QC_RFC, QA_A, SECPKG_CRED_ATTR_NAMES, QB_OK,
	  SEC_E_OK, RFC_NAMES },
	{ "qcred:w:names", QC_RFC, QA_W, SECPKG_CRED_ATTR_NAMES, QB_OK,
	  SEC_E_OK, RFC_NAMES },
	{ "qcred:exa:names", QC_RFC, QA_EXA, SECPKG_CRED_ATTR_NAMES, QB_OK,
	  SEC_E_OK, RFC_NAMES },
	{ "qcred:exw:names", QC_RFC, QA_EXW, SECPKG_CRED_ATTR_NAMES, QB_OK,
	  SEC_E_OK, RFC_NAMES },
	{ "qcred:a:names-no-domain", QC_NODOMAIN, QA_A, SECPKG_CRED_ATTR_NAMES,
	  QB_OK, SEC_E_OK, USER },
	{ "qcred:w:names-no-domain", QC_NODOMAIN, QA_W, SECPKG_CRED_ATTR_NAMES,
	  QB_OK, SEC_E_OK, USER },
	{ "qcred:a:names-default", QC_DEFAULT, QA_A, SECPKG_CRED_ATTR_NAMES,
	  QB_OK, SEC_E_OK, "" },
	{ "qcred:w:names-default", QC_DEFAULT, QA_W, SECPKG_CRED_ATTR_NAMES,
	  QB_OK, SEC_E_OK, "" },
	{ "qcred:a:names-principal", QC_PRINCIPAL, QA_A,
	  SECPKG_CRED_ATTR_NAMES, QB_OK, SEC_E_OK, "alice@example.org" },
	{ "qcred:w:names-principal", QC_PRINCIPAL, QA_W,
	  SECPKG_CRED_ATTR_NAMES, QB_OK, SEC_E_OK, "alice@example.org" },
	{ "qcred:a:ssi-provider", QC_RFC, QA_A, SECPKG_CRED_ATTR_SSI_PROVIDER,
	  QB_OK, SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:a:kdc-proxy", QC_RFC, QA_A,
	  SECPKG_CRED_ATTR_KDC_PROXY_SETTINGS, QB_OK,
	  SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:a:cert", QC_RFC, QA_A, SECPKG_CRED_ATTR_CERT, QB_OK,
	  SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:a:pac-bypass", QC_RFC, QA_A, SECPKG_CRED_ATTR_PAC_BYPASS,
	  QB_OK, SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:w:cert", QC_RFC, QA_W, SECPKG_CRED_ATTR_CERT, QB_OK,
	  SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:a:attr-0", QC_RFC, QA_A, 0, QB_OK, SEC_E_UNSUPPORTED_FUNCTION,
	  NULL },
	{ "qcred:exa:attr-7777", QC_RFC, QA_EXA, 0x7777, QB_OK,
	  SEC_E_UNSUPPORTED_FUNCTION, NULL },
	{ "qcred:a:null-buffer", QC_RFC, QA_A, SECPKG_CRED_ATTR_NAMES, QB_NULL,
	  SEC_E_INVALID_PARAMETER, NULL },
	{ "qcred:w:null-buffer", QC_RFC, QA_W, SECPKG_CRED_ATTR_NAMES, QB_NULL,
	  SEC_E_INVALID_PARAMETER, NULL },
	{ "qcred:exa:null-buffer", QC_RFC, QA_EXA, SECPKG_CRED_ATTR_NAMES,
	  QB_NULL, SEC_E_INVALID_PARAMETER, NULL },
	{ "qcred:a:null-buffer-unsupported-attr", QC_RFC, QA_A,
	  SECPKG_CRED_ATTR_CERT, QB_NULL, SEC_E_INVALID_PARAMETER, NULL },
	{ "qcred:exa:buffer-too-small", QC_RFC, QA_EXA, SECPKG_CRED_ATTR_NAMES,
	  QB_SMALL, SEC_E_BUFFER_TOO_SMALL, NULL },
	{ "qcred:exw:buffer-too-small", QC_RFC, QA_EXW, SECPKG_CRED_ATTR_NAMES,
	  QB_SMALL, SEC_E_BUFFER_TOO_SMALL, NULL },
	{ "qcred:exa:buffer-zero", QC_RFC, QA_EXA, SECPKG_CRED_ATTR_NAMES,
	  QB_ZERO, SEC_E_BUFFER_TOO_SMALL, NULL },
};

static void test_qcred(void **state)
{
	const struct qcred_case *c = *state;
	union {
		SecPkgCredentials_NamesA a;
		SecPkgCredentials_NamesW w;
		unsigned char raw[sizeof(SecPkgCredentials_NamesA)];
	} u, before;
	void *buf = c->buf == QB_NULL ? NULL : &u;
	ULONG cb = c->buf == QB_SMALL ? sizeof(u) - 1 :
	    c->buf == QB_ZERO ? 0 : sizeof(u);
	CredHandle cred;
	SECURITY_STATUS st;

	switch (c->cred) {
	case QC_RFC:
		acquire_rfc(&cred);
		break;
	case QC_NODOMAIN:
		assert_status(ach_ex(OUT, USER, "", PASSWORD, &cred), SEC_E_OK);
		break;
	case QC_DEFAULT:
	case QC_PRINCIPAL: {
		char pkg[] = "WDigest";
		char pr[] = "alice@example.org";

		assert_status(AcquireCredentialsHandleA(
		    c->cred == QC_PRINCIPAL ? pr : NULL, pkg, OUT, NULL, NULL,
		    NULL, NULL, &cred, NULL), SEC_E_OK);
		break;
	}
	}
	memset(&u, 0xCD, sizeof(u));
	before = u;
	switch (c->api) {
	case QA_A:
		st = QueryCredentialsAttributesA(&cred, c->attr, buf);
		break;
	case QA_W:
		st = QueryCredentialsAttributesW(&cred, c->attr, buf);
		break;
	case QA_EXA:
		st = QueryCredentialsAttributesExA(&cred, c->attr, buf, cb);
		break;
	default:
		st = QueryCredentialsAttributesExW(&cred, c->attr, buf, cb);
		break;
	}
	assert_status(st, c->want);
	if (st == SEC_E_OK) {
		if (c->api == QA_A || c->api == QA_EXA)
			assert_string_equal(u.a.sUserName, c->names);
		else
			expect_wstr(u.w.sUserName, c->names);
		assert_status(FreeContextBuffer(u.a.sUserName), SEC_E_OK);
	} else {
		assert_memory_equal(&u, &before, sizeof(u));
	}
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* ======================================================================
 * SetCredentialsAttributes: DIGESTSSP_CRED_ATTR_ALGORITHMS (sspi.h
 * extensions), unknown attributes (api.md 3.19)
 * ====================================================================== */

static SECURITY_STATUS set_algorithms(CredHandle *cred, const char *list)
{
	SecPkgCredentials_DigestAlgorithmsA a;
	char *s = apitest_strdup(list);
	SECURITY_STATUS st;

	a.sAlgorithms = s;
	st = SetCredentialsAttributesA(cred, DIGESTSSP_CRED_ATTR_ALGORITHMS, &a,
	    sizeof(a));
	free(s);
	return st;
}

/* Answers TWO_CHALLENGES; the token must use `alg` (NULL: must fail). */
static void expect_answer_alg(CredHandle *cred, const char *alg,
    const char *nonce)
{
	char out[TOKEN_MAX];
	ULONG len, attr = ATTR_POISON;
	CtxtHandle ctx = sentinel;
	struct tokinfo ti;

	dss_test_set_cnonce(CNONCE);
	if (alg == NULL) {
		assert_status(isc(cred, NULL, &ctx, ISC_HTTP, URI,
		    TWO_CHALLENGES, out, &len, &attr), SEC_E_INVALID_TOKEN);
		expect_sentinel(&ctx);
		assert_int_equal(attr, ATTR_POISON);
		return;
	}
	assert_status(isc(cred, NULL, &ctx, ISC_HTTP, URI, TWO_CHALLENGES, out,
	    &len, &attr), SEC_E_OK);
	check_token(out, len, &rfc_id, "GET", URI, nonce, "00000001", &ti);
	assert_string_equal(ti.alg, alg);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

static void test_setcred_default_strongest(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	expect_answer_alg(&cred, "SHA-256", NONCE_SHA);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_sha256(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	assert_status(set_algorithms(&cred, "SHA-256"), SEC_E_OK);
	expect_answer_alg(&cred, "SHA-256", NONCE_SHA);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_md5(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	assert_status(set_algorithms(&cred, "MD5"), SEC_E_OK);
	expect_answer_alg(&cred, "MD5", NONCE);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_list(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	assert_status(set_algorithms(&cred, "MD5, SHA-256"), SEC_E_OK);
	expect_answer_alg(&cred, "SHA-256", NONCE_SHA);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_w_md5(void **state)
{
	CredHandle cred;
	SecPkgCredentials_DigestAlgorithmsW a;

	(void)state;
	acquire_rfc(&cred);
	a.sAlgorithms = wstr("MD5");
	assert_status(SetCredentialsAttributesW(&cred,
	    DIGESTSSP_CRED_ATTR_ALGORITHMS, &a, sizeof(a)), SEC_E_OK);
	free(a.sAlgorithms);
	expect_answer_alg(&cred, "MD5", NONCE);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_bogus(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	assert_status(set_algorithms(&cred, "MD5"), SEC_E_OK);
	assert_status(set_algorithms(&cred, "bogus"), SEC_E_INVALID_PARAMETER);
	/* the failed call changed nothing */
	expect_answer_alg(&cred, "MD5", NONCE);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_none_usable(void **state)
{
	CredHandle cred;

	(void)state;
	acquire_rfc(&cred);
	assert_status(set_algorithms(&cred, "SHA-512-256"), SEC_E_OK);
	expect_answer_alg(&cred, NULL, NULL);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_setcred_unknown_attr(void **state)
{
	CredHandle cred;
	SecPkgCredentials_NamesA n = { NULL };
	char buf[64];

	(void)state;
	acquire_rfc(&cred);
	assert_status(SetCredentialsAttributesA(&cred, SECPKG_CRED_ATTR_NAMES,
	    &n, sizeof(n)), SEC_E_UNSUPPORTED_FUNCTION);
	memset(buf, 0, sizeof(buf));
	assert_status(SetCredentialsAttributesA(&cred, 0x12345, buf,
	    sizeof(buf)), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(SetCredentialsAttributesW(&cred, SECPKG_CRED_ATTR_CERT,
	    buf, sizeof(buf)), SEC_E_UNSUPPORTED_FUNCTION);
	expect_answer_alg(&cred, "SHA-256", NONCE_SHA);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void test_freecred_twice(void **state)
{
	CredHandle cred, copy;

	(void)state;
	acquire_rfc(&cred);
	copy = cred;
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	/* the caller's variable is not modified */
	assert_true(same_handle(&cred, &copy));
	assert_status(FreeCredentialsHandle(&cred), SEC_E_INVALID_HANDLE);
}

/* api.md 3.19: the table members with no Digest function */
static void test_unsupported_members(void **state)
{
	struct env e;
	char pkg[] = "WDigest";
	SEC_WCHAR wpkg[] = u"WDigest";
	SecPkgContext_Flags f = { 0 };
	SecBuffer b;
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };

	(void)state;
	env_up(&e);
	apitest_set_buffer(&b, SECBUFFER_TOKEN, NULL, 0);
	assert_status(ApplyControlToken(&e.ctx, &d), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(SetContextAttributesA(&e.ctx, SECPKG_ATTR_FLAGS, &f,
	    sizeof(f)), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(SetContextAttributesW(&e.ctx, SECPKG_ATTR_FLAGS, &f,
	    sizeof(f)), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(AddCredentialsA(&e.cred, NULL, pkg, OUT, NULL, NULL,
	    NULL, NULL), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(AddCredentialsW(&e.cred, NULL, wpkg, OUT, NULL, NULL,
	    NULL, NULL), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(ChangeAccountPasswordA(pkg, NULL, NULL, NULL, NULL, 0, 0,
	    NULL), SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(ChangeAccountPasswordW(NULL, NULL, NULL, NULL, NULL, 0,
	    0, NULL), SEC_E_UNSUPPORTED_FUNCTION);
	/* api.md 3.16: no impersonation for a client context */
	assert_status(ImpersonateSecurityContext(&e.ctx), SEC_E_INVALID_HANDLE);
	assert_status(RevertSecurityContext(&e.ctx), SEC_E_INVALID_HANDLE);
	expect_sign(&e.ctx, NONCE, "00000002");
	env_down(&e);
}
