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

/* ======================================================================
 * Handles (api.md 1.5, 3.5, 3.9, 3.10): every function, every kind of
 * bad handle. The live objects must be unaffected afterwards.
 * ====================================================================== */

enum hfunc {
	HF_ISC_CTX, HF_ISC_CRED, HF_MAKESIG, HF_DELETE, HF_QCA_A, HF_QCA_W,
	HF_QCA_EXA, HF_COMPLETE, HF_VERIFY, HF_ENCRYPT, HF_DECRYPT, HF_APPLY,
	HF_SETCTX_A, HF_EXPORT, HF_IMPERSONATE, HF_REVERT, HF_QSCT,
	HF_FREECRED, HF_QCRED_A, HF_QCRED_EXW, HF_SETCRED_A, HF_ADDCRED_A,
	HF_ASC_CRED, HF_COUNT
};

static const struct {
	const char *name;
	bool cred; /* takes a credential handle */
} hfuncs[HF_COUNT] = {
	[HF_ISC_CTX] = { "isc-phcontext", false },
	[HF_ISC_CRED] = { "isc-phcredential", true },
	[HF_MAKESIG] = { "makesignature", false },
	[HF_DELETE] = { "deletesecuritycontext", false },
	[HF_QCA_A] = { "querycontextattributesa", false },
	[HF_QCA_W] = { "querycontextattributesw", false },
	[HF_QCA_EXA] = { "querycontextattributesexa", false },
	[HF_COMPLETE] = { "completeauthtoken", false },
	[HF_VERIFY] = { "verifysignature", false },
	[HF_ENCRYPT] = { "encryptmessage", false },
	[HF_DECRYPT] = { "decryptmessage", false },
	[HF_APPLY] = { "applycontroltoken", false },
	[HF_SETCTX_A] = { "setcontextattributesa", false },
	[HF_EXPORT] = { "exportsecuritycontext", false },
	[HF_IMPERSONATE] = { "impersonatesecuritycontext", false },
	[HF_REVERT] = { "revertsecuritycontext", false },
	[HF_QSCT] = { "querysecuritycontexttoken", false },
	[HF_FREECRED] = { "freecredentialshandle", true },
	[HF_QCRED_A] = { "querycredentialsattributesa", true },
	[HF_QCRED_EXW] = { "querycredentialsattributesexw", true },
	[HF_SETCRED_A] = { "setcredentialsattributesa", true },
	[HF_ADDCRED_A] = { "addcredentialsa", true },
	[HF_ASC_CRED] = { "acceptsecuritycontext-phcredential", true },
};

enum hkind {
	HK_NULL, HK_ZERO, HK_ONES, HK_DELETED_MARK, HK_LOWER_BIT0,
	HK_LOWER_BIT40, HK_UPPER_BIT0, HK_UPPER_BIT63, HK_SWAPPED, HK_RANDOM,
	HK_WRONG_KIND, HK_STALE, HK_COUNT
};

static const char *const hkind_names[HK_COUNT] = {
	[HK_NULL] = "null-pointer",
	[HK_ZERO] = "all-zero",
	[HK_ONES] = "all-ones-SecInvalidateHandle",
	[HK_DELETED_MARK] = "SEC_DELETED_HANDLE",
	[HK_LOWER_BIT0] = "dwLower-bit0-flipped",
	[HK_LOWER_BIT40] = "dwLower-bit40-flipped",
	[HK_UPPER_BIT0] = "dwUpper-bit0-flipped",
	[HK_UPPER_BIT63] = "dwUpper-bit63-flipped",
	[HK_SWAPPED] = "words-swapped",
	[HK_RANDOM] = "random-words-never-issued",
	[HK_WRONG_KIND] = "wrong-kind",
	[HK_STALE] = "already-deleted-or-freed",
};

struct hcase {
	enum hfunc f;
	enum hkind k;
};

static struct hcase hcases[HF_COUNT * HK_COUNT];

static SECURITY_STATUS call_with_handle(enum hfunc f, SecHandle *h)
{
	char out[TOKEN_MAX];
	ULONG len = TOKEN_MAX, attr = ATTR_POISON, qop = ATTR_POISON;
	CtxtHandle nh = sentinel;
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	char data[16] = "0123456789abcde";
	char pad[64];
	SECURITY_STATUS st = SEC_E_INTERNAL_ERROR;

	apitest_set_buffer(&b[0], SECBUFFER_DATA, data, sizeof(data));
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, pad, sizeof(pad));
	switch (f) {
	case HF_ISC_CTX:
	case HF_ISC_CRED: {
		CredHandle good;

		if (f == HF_ISC_CTX)
			acquire_rfc(&good);
		st = isc(f == HF_ISC_CRED ? h : &good,
		    f == HF_ISC_CTX ? h : NULL, &nh, ISC_HTTP, URI,
		    f == HF_ISC_CTX ? STALE_CHALLENGE : CHALLENGE, out, &len,
		    &attr);
		expect_sentinel(&nh);
		assert_int_equal(attr, ATTR_POISON);
		if (f == HF_ISC_CTX)
			assert_status(FreeCredentialsHandle(&good), SEC_E_OK);
		break;
	}
	case HF_MAKESIG:
		memset(out, OUT_PATTERN, sizeof(out));
		st = sign(h, URI, out, &len);
		assert_int_equal(len, TOKEN_MAX);
		assert_int_equal((unsigned char)out[0], OUT_PATTERN);
		break;
	case HF_DELETE:
		st = DeleteSecurityContext(h);
		break;
	case HF_QCA_A: {
		SecPkgContext_Flags fl = { 0x1234 };

		st = QueryContextAttributesA(h, SECPKG_ATTR_FLAGS, &fl);
		assert_int_equal(fl.Flags, 0x1234);
		break;
	}
	case HF_QCA_W: {
		SecPkgContext_NamesW n = { NULL };

		st = QueryContextAttributesW(h, SECPKG_ATTR_NAMES, &n);
		assert_null(n.sUserName);
		break;
	}
	case HF_QCA_EXA: {
		SecPkgContext_Sizes sz = { 1, 2, 3, 4 };

		st = QueryContextAttributesExA(h, SECPKG_ATTR_SIZES, &sz,
		    sizeof(sz));
		assert_int_equal(sz.cbMaxToken, 1);
		break;
	}
	case HF_COMPLETE:
		apitest_set_buffer(&b[0], SECBUFFER_TOKEN, out, 0);
		d.cBuffers = 1;
		st = CompleteAuthToken(h, &d);
		break;
	case HF_VERIFY:
		st = VerifySignature(h, &d, 0, &qop);
		assert_int_equal(qop, ATTR_POISON);
		break;
	case HF_ENCRYPT:
		st = EncryptMessage(h, 0, &d, 0);
		assert_string_equal(data, "0123456789abcde");
		break;
	case HF_DECRYPT:
		st = DecryptMessage(h, &d, 0, &qop);
		assert_string_equal(data, "0123456789abcde");
		break;
	case HF_APPLY:
		st = ApplyControlToken(h, &d);
		break;
	case HF_SETCTX_A: {
		SecPkgContext_Flags fl = { 0 };

		st = SetContextAttributesA(h, SECPKG_ATTR_FLAGS, &fl, sizeof(fl));
		break;
	}
	case HF_EXPORT: {
		SecBuffer packed = { 0, SECBUFFER_EMPTY, NULL };
		void *token = NULL;

		st = ExportSecurityContext(h, 0, &packed, &token);
		assert_null(packed.pvBuffer);
		break;
	}
	case HF_IMPERSONATE:
		st = ImpersonateSecurityContext(h);
		break;
	case HF_REVERT:
		st = RevertSecurityContext(h);
		break;
	case HF_QSCT: {
		HANDLE token = NULL;

		st = QuerySecurityContextToken(h, &token);
		break;
	}
	case HF_FREECRED:
		st = FreeCredentialsHandle(h);
		break;
	case HF_QCRED_A: {
		SecPkgCredentials_NamesA n = { NULL };

		st = QueryCredentialsAttributesA(h, SECPKG_CRED_ATTR_NAMES, &n);
		assert_null(n.sUserName);
		break;
	}
	case HF_QCRED_EXW: {
		SecPkgCredentials_NamesW n = { NULL };

		st = QueryCredentialsAttributesExW(h, SECPKG_CRED_ATTR_NAMES, &n,
		    sizeof(n));
		assert_null(n.sUserName);
		break;
	}
	case HF_SETCRED_A:
		st = set_algorithms(h, "MD5");
		break;
	case HF_ADDCRED_A: {
		char pkg[] = "WDigest";

		st = AddCredentialsA(h, NULL, pkg, OUT, NULL, NULL, NULL, NULL);
		break;
	}
	case HF_ASC_CRED:
		st = AcceptSecurityContext(h, NULL, NULL, ASC_REQ_HTTP,
		    0, &nh, NULL, &attr, NULL);
		expect_sentinel(&nh);
		assert_int_equal(attr, ATTR_POISON);
		break;
	case HF_COUNT:
		break;
	}
	return st;
}

static void test_handle(void **state)
{
	const struct hcase *hc = *state;
	bool is_cred = hfuncs[hc->f].cred;
	struct env e;
	CredHandle stale_cred;
	CtxtHandle stale_ctx, ctx2;
	SecHandle bad, copy;
	char out[TOKEN_MAX];
	ULONG len, attr;
	SECURITY_STATUS want = SEC_E_INVALID_HANDLE;

	env_up(&e);
	acquire_rfc(&stale_cred);
	assert_status(isc(&stale_cred, NULL, &stale_ctx, ISC_HTTP, URI, NULL,
	    out, &len, &attr), SEC_I_CONTINUE_NEEDED);
	assert_status(DeleteSecurityContext(&stale_ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&stale_cred), SEC_E_OK);

	bad = is_cred ? e.cred : e.ctx;
	switch (hc->k) {
	case HK_NULL:
		break;
	case HK_ZERO:
		bad.dwLower = bad.dwUpper = 0;
		break;
	case HK_ONES:
		SecInvalidateHandle(&bad);
		break;
	case HK_DELETED_MARK:
		bad.dwLower = bad.dwUpper = SEC_DELETED_HANDLE;
		break;
	case HK_LOWER_BIT0:
		bad.dwLower ^= 1u;
		break;
	case HK_LOWER_BIT40:
		bad.dwLower ^= (ULONG_PTR)1 << 40;
		break;
	case HK_UPPER_BIT0:
		bad.dwUpper ^= 1u;
		break;
	case HK_UPPER_BIT63:
		bad.dwUpper ^= (ULONG_PTR)1 << 63;
		break;
	case HK_SWAPPED:
		bad.dwLower = is_cred ? e.cred.dwUpper : e.ctx.dwUpper;
		bad.dwUpper = is_cred ? e.cred.dwLower : e.ctx.dwLower;
		break;
	case HK_RANDOM:
		bad.dwLower = (ULONG_PTR)0x0123456789abcdefu;
		bad.dwUpper = (ULONG_PTR)0xfedcba9876543210u;
		break;
	case HK_WRONG_KIND:
		bad = is_cred ? e.ctx : e.cred;
		break;
	case HK_STALE:
		bad = is_cred ? stale_cred : stale_ctx;
		break;
	case HK_COUNT:
		break;
	}
	if (hc->f == HF_DELETE && hc->k == HK_STALE)
		want = SEC_E_OK; /* api.md 3.10: deleted before is fine */
	if (hc->f == HF_ASC_CRED)
		want = SEC_E_NO_CREDENTIALS; /* api.md 3.8: ASC's own code */
	copy = bad;
	assert_status(call_with_handle(hc->f, hc->k == HK_NULL ? NULL : &bad),
	    want);
	assert_true(same_handle(&bad, &copy));
	if (hc->f == HF_DELETE && hc->k == HK_STALE)
		assert_status(DeleteSecurityContext(&bad), SEC_E_OK);

	/* the live context and credential are untouched */
	expect_sign(&e.ctx, NONCE, "00000002");
	assert_status(isc(&e.cred, NULL, &ctx2, ISC_HTTP, URI, CHALLENGE, out,
	    &len, &attr), SEC_E_OK);
	check_token(out, len, &rfc_id, "GET", URI, NONCE, "00000001", NULL);
	assert_status(DeleteSecurityContext(&ctx2), SEC_E_OK);
	env_down(&e);
}

static void test_delete_twice(void **state)
{
	struct env e;
	CtxtHandle copy;

	(void)state;
	env_up(&e);
	copy = e.ctx;
	assert_status(DeleteSecurityContext(&e.ctx), SEC_E_OK);
	/* the caller's variable is not modified (api.md 3.10) */
	assert_true(same_handle(&e.ctx, &copy));
	assert_status(DeleteSecurityContext(&e.ctx), SEC_E_OK);
	assert_status(DeleteSecurityContext(&e.ctx), SEC_E_OK);
	assert_status(MakeSignature(&e.ctx, 0, NULL, 0), SEC_E_INVALID_HANDLE);
	assert_status(FreeCredentialsHandle(&e.cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

/* api.md 1.2, 3.5: contexts outlive their credential handle (curl). */
static void test_context_outlives_credential(void **state)
{
	struct env e;
	char out[TOKEN_MAX];
	ULONG len, attr = 0;
	CtxtHandle nh = sentinel;
	struct tokinfo ti;

	(void)state;
	env_up(&e);
	assert_status(FreeCredentialsHandle(&e.cred), SEC_E_OK);
	expect_sign(&e.ctx, NONCE, "00000002");
	assert_status(isc(NULL, &e.ctx, &nh, ISC_HTTP, URI, STALE_CHALLENGE,
	    out, &len, &attr), SEC_E_OK);
	assert_true(same_handle(&nh, &e.ctx));
	assert_true(attr & ISC_RET_REAUTHENTICATION);
	check_token(out, len, &rfc_id, "GET", URI, NONCE2, "00000001", &ti);
	expect_sign(&e.ctx, NONCE2, "00000002");
	assert_status(DeleteSecurityContext(&e.ctx), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

/* AcceptSecurityContext validates its credential, then is not there yet */
static void test_asc_credential_checks(void **state)
{
	CredHandle in, outb;
	CtxtHandle nh = sentinel;
	ULONG attr = ATTR_POISON;

	(void)state;
	assert_status(ach_ex(SECPKG_CRED_INBOUND, USER, REALM, PASSWORD, &in),
	    SEC_E_OK);
	assert_status(ach_ex(OUT, USER, REALM, PASSWORD, &outb), SEC_E_OK);
	assert_status(AcceptSecurityContext(&outb, NULL, NULL,
	    ASC_REQ_HTTP, 0, &nh, NULL, &attr, NULL),
	    SEC_E_NO_CREDENTIALS);
	expect_sentinel(&nh);
	/* a challenge is due, but there is no output TOKEN to put it in
	   (buffers.md 1.6): nothing is created */
	assert_status(AcceptSecurityContext(&in, NULL, NULL,
	    ASC_REQ_HTTP, 0, &nh, NULL, &attr, NULL),
	    SEC_E_INVALID_TOKEN);
	expect_sentinel(&nh);
	assert_int_equal(attr, ATTR_POISON);
	assert_status(FreeCredentialsHandle(&in), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&outb), SEC_E_OK);
}

/* ======================================================================
 * InitializeSecurityContext, HTTP mode (api.md 2.1, 3.7, 1.6, 1.8;
 * buffers.md 1, 2): one row per case, run on a first call ("first:")
 * and, where it applies, on a context that already answered ("again:").
 * ====================================================================== */

enum cred_sel {
	CR_RFC, CR_INBOUND, CR_DEFAULT, CR_EMPTY_USER, CR_NULL, CR_GARBAGE,
	CR_BOTH
};

enum in_sel {
	IN_STD,            /* curl: challenge, "GET", empty */
	IN_NONE,           /* pInput NULL */
	IN_VERSION,        /* ulVersion 1 */
	IN_PBUF_NULL,      /* pBuffers NULL, cBuffers 3 */
	IN_PV_NULL,        /* slot 2: cbBuffer 32, pvBuffer NULL */
	IN_SLOT0_DATA,
	IN_SLOT1_TOKEN,
	IN_EMPTY_METHOD,
	IN_SLOT0_ONLY,     /* cBuffers 1: no method slot */
	IN_SLOT0_READONLY, /* TOKEN | SECBUFFER_READONLY */
	IN_FIVE,           /* + TARGET_HOST (read-only) + EMPTY */
	IN_BIG             /* challenge padded to chal_len bytes */
};

enum out_sel {
	OUT_STD, OUT_SMALL, OUT_ZERO_CAP, OUT_ALLOC, OUT_NO_TOKEN, OUT_NULL,
	OUT_READONLY, OUT_READONLY_CK, OUT_SECOND, OUT_VERSION,
	OUT_ZERO_BUFFERS
};

/* What the "again:" run expects of the existing context afterwards. */
enum after_sel {
	AF_SKIP,      /* no "again:" run */
	AF_SURVIVES,  /* failed, context unchanged: MakeSignature gives nc=2 */
	AF_FAILED,    /* failed on the peer's token: context is FAILED */
	AF_ANY,       /* failed; the spec does not say which */
	AF_NEW,       /* succeeded without an answer: context back to NEW */
	AF_REAUTH     /* answered again: ISC_RET_REAUTHENTICATION, nc=1 */
};

#define X_NEWCTX_NULL 1u
#define X_NO_ATTR_EXPIRY 2u

struct isc_case {
	const char *name;
	enum cred_sel cred;
	ULONG flags;
	const char *target;   /* NULL: NULL pointer */
	int wide;             /* 1: ISC-W; 2/3: + unpaired high/low surrogate */
	const char *chal;
	size_t chal_len;      /* 0: strlen(chal) */
	enum in_sel in;
	enum out_sel out;
	unsigned extra;
	SECURITY_STATUS want;
	ULONG set, clear;     /* attribute bits on success */
	const char *qop;      /* expected qop ("" = none), NULL: no check */
	const char *alg;      /* expected algorithm, NULL: no check */
	const char *nonce;    /* expected nonce, NULL: NONCE */
	enum after_sel after;
	SECURITY_STATUS want_again;
};

#define STD .flags = ISC_HTTP, .target = URI
#define ANSWER_CLEAR (SEC_BITS | ISC_RET_MUTUAL_AUTH | \
	ISC_RET_ALLOCATED_MEMORY | NEVER_BITS)
#define OK_AGAIN .after = AF_REAUTH, .want_again = SEC_E_OK
#define BAD_TOKEN .want = SEC_E_INVALID_TOKEN, .after = AF_FAILED, \
	.want_again = SEC_E_INVALID_TOKEN
#define REALM_Q "realm=\"" REALM "\""

static const struct isc_case isc_cases[] = {
	/* no challenge yet (api.md 2.1 row 1, buffers.md 2.3) */
	{ .name = "no-input", STD, .in = IN_NONE,
	  .want = SEC_I_CONTINUE_NEEDED, .set = ISC_RET_USED_HTTP_STYLE,
	  .clear = ANSWER_CLEAR, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "empty-token", STD, .chal = "",
	  .want = SEC_I_CONTINUE_NEEDED, .clear = ANSWER_CLEAR,
	  .after = AF_NEW, .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-target-null", .flags = ISC_HTTP, .in = IN_NONE,
	  .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-no-output-descriptor", STD, .in = IN_NONE,
	  .out = OUT_NULL, .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-alloc", .flags = ISC_HTTP | ISC_REQ_ALLOCATE_MEMORY,
	  .target = URI, .in = IN_NONE, .out = OUT_ALLOC,
	  .want = SEC_I_CONTINUE_NEEDED, .clear = ISC_RET_ALLOCATED_MEMORY,
	  .after = AF_NEW, .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-legacy-http-flag", .flags = ISC_HTTP_LEGACY,
	  .target = URI, .in = IN_NONE, .want = SEC_I_CONTINUE_NEEDED,
	  .set = ISC_RET_USED_HTTP_STYLE, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-null-attr-expiry", STD, .in = IN_NONE,
	  .extra = X_NO_ATTR_EXPIRY, .want = SEC_I_CONTINUE_NEEDED,
	  .after = AF_NEW, .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-small-output", STD, .in = IN_NONE,
	  .out = OUT_SMALL, .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-no-token-buffer", STD, .in = IN_NONE,
	  .out = OUT_NO_TOKEN, .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "no-input-readonly-output", STD, .in = IN_NONE,
	  .out = OUT_READONLY, .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },

	/* answering (api.md 2.1 row 2) */
	{ .name = "answer", STD, .chal = CHALLENGE, .want = SEC_E_OK,
	  .set = ISC_RET_USED_HTTP_STYLE, .clear = ANSWER_CLEAR, .qop = "auth",
	  OK_AGAIN },
	{ .name = "answer-legacy-http-flag", .flags = ISC_HTTP_LEGACY,
	  .target = URI, .chal = CHALLENGE, .want = SEC_E_OK,
	  .set = ISC_RET_USED_HTTP_STYLE, .clear = ANSWER_CLEAR, .qop = "auth",
	  OK_AGAIN },
	{ .name = "answer-both-http-flags", .flags = ISC_HTTP | ISC_HTTP_LEGACY,
	  .target = URI, .chal = CHALLENGE, .want = SEC_E_OK,
	  .set = ISC_RET_USED_HTTP_STYLE, .clear = ANSWER_CLEAR, .qop = "auth" },
	{ .name = "answer-cred-both", .cred = CR_BOTH, STD, .chal = CHALLENGE,
	  .want = SEC_E_OK, .clear = ANSWER_CLEAR },
	{ .name = "answer-ignored-flags", .flags = ISC_HTTP |
	  ISC_REQ_CONNECTION | ISC_REQ_STREAM | ISC_REQ_EXTENDED_ERROR |
	  ISC_REQ_USE_SESSION_KEY | ISC_REQ_IDENTIFY | ISC_REQ_NULL_SESSION |
	  ISC_REQ_USE_DCE_STYLE | 0x80000000u, .target = URI,
	  .chal = CHALLENGE, .want = SEC_E_OK, .clear = ANSWER_CLEAR,
	  .qop = "auth", OK_AGAIN },
	{ .name = "answer-null-attr-expiry", STD, .chal = CHALLENGE,
	  .extra = X_NO_ATTR_EXPIRY, .want = SEC_E_OK, OK_AGAIN },

	/* parameters (api.md 3.7 return codes) */
	{ .name = "new-context-null", STD, .chal = CHALLENGE,
	  .extra = X_NEWCTX_NULL, .want = SEC_E_INVALID_PARAMETER },
	{ .name = "new-context-null-no-input", STD, .in = IN_NONE,
	  .extra = X_NEWCTX_NULL, .want = SEC_E_INVALID_PARAMETER },
	{ .name = "cred-inbound-only", .cred = CR_INBOUND, STD,
	  .chal = CHALLENGE, .want = SEC_E_NO_CREDENTIALS },
	{ .name = "cred-inbound-only-no-input", .cred = CR_INBOUND, STD,
	  .in = IN_NONE, .want = SEC_E_NO_CREDENTIALS },
	{ .name = "cred-default", .cred = CR_DEFAULT, STD, .chal = CHALLENGE,
	  .want = SEC_E_NO_CREDENTIALS },
	{ .name = "cred-default-no-input", .cred = CR_DEFAULT, STD,
	  .in = IN_NONE, .want = SEC_E_NO_CREDENTIALS },
	{ .name = "cred-empty-user", .cred = CR_EMPTY_USER, STD,
	  .chal = CHALLENGE, .want = SEC_E_NO_CREDENTIALS },
	{ .name = "cred-null", .cred = CR_NULL, STD, .chal = CHALLENGE,
	  .want = SEC_E_INVALID_HANDLE },
	{ .name = "cred-garbage", .cred = CR_GARBAGE, STD, .chal = CHALLENGE,
	  .want = SEC_E_INVALID_HANDLE },
	{ .name = "req-delegate", .flags = ISC_HTTP | ISC_REQ_DELEGATE,
	  .target = URI, .chal = CHALLENGE, .want = SEC_E_UNSUPPORTED_FUNCTION,
	  .after = AF_SURVIVES, .want_again = SEC_E_UNSUPPORTED_FUNCTION },
	{ .name = "req-prompt-for-creds",
	  .flags = ISC_HTTP | ISC_REQ_PROMPT_FOR_CREDS, .target = URI,
	  .chal = CHALLENGE, .want = SEC_E_UNSUPPORTED_FUNCTION,
	  .after = AF_SURVIVES, .want_again = SEC_E_UNSUPPORTED_FUNCTION },
	{ .name = "req-confidentiality-http",
	  .flags = ISC_HTTP | ISC_REQ_CONFIDENTIALITY, .target = URI,
	  .chal = CHALLENGE, .want = SEC_E_UNSUPPORTED_FUNCTION,
	  .after = AF_SURVIVES, .want_again = SEC_E_UNSUPPORTED_FUNCTION },
	{ .name = "req-delegate-no-input", .flags = ISC_HTTP | ISC_REQ_DELEGATE,
	  .target = URI, .in = IN_NONE, .want = SEC_E_UNSUPPORTED_FUNCTION,
	  .after = AF_SURVIVES, .want_again = SEC_E_UNSUPPORTED_FUNCTION },

	/* descriptors (buffers.md 1.2, 1.3) */
	{ .name = "in-version-1", STD, .chal = CHALLENGE, .in = IN_VERSION,
	  .want = SEC_E_INVALID_TOKEN, .after = AF_SURVIVES,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-pbuffers-null", STD, .chal = CHALLENGE,
	  .in = IN_PBUF_NULL, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-buffer-pvbuffer-null", STD, .chal = CHALLENGE,
	  .in = IN_PV_NULL, .want = SEC_E_INVALID_TOKEN, .after = AF_SURVIVES,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-slot0-data", STD, .chal = CHALLENGE,
	  .in = IN_SLOT0_DATA, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-slot1-token", STD, .chal = CHALLENGE,
	  .in = IN_SLOT1_TOKEN, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-method-empty", STD, .chal = CHALLENGE,
	  .in = IN_EMPTY_METHOD, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-method-slot-missing", STD, .chal = CHALLENGE,
	  .in = IN_SLOT0_ONLY, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "in-slot0-readonly-accepted", STD, .chal = CHALLENGE,
	  .in = IN_SLOT0_READONLY, .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "in-five-slots", STD, .chal = CHALLENGE, .in = IN_FIVE,
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "out-version-1", STD, .chal = CHALLENGE, .out = OUT_VERSION,
	  .want = SEC_E_INVALID_TOKEN, .after = AF_SURVIVES,
	  .want_again = SEC_E_INVALID_TOKEN },

	/* target name */
	{ .name = "target-null", .flags = ISC_HTTP, .chal = CHALLENGE,
	  .want = SEC_E_TARGET_UNKNOWN, .after = AF_SURVIVES,
	  .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-empty", .flags = ISC_HTTP, .target = "",
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-double-quote", .flags = ISC_HTTP,
	  .target = "/dir/a\"b", .chal = CHALLENGE,
	  .want = SEC_E_TARGET_UNKNOWN, .after = AF_SURVIVES,
	  .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-newline", .flags = ISC_HTTP, .target = "/dir/a\nb",
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-tab", .flags = ISC_HTTP, .target = "/dir/a\tb",
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-control-0x01", .flags = ISC_HTTP,
	  .target = "\x01/dir", .chal = CHALLENGE,
	  .want = SEC_E_TARGET_UNKNOWN, .after = AF_SURVIVES,
	  .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-del-0x7f", .flags = ISC_HTTP, .target = "/dir/\x7f",
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "target-query-verbatim", .flags = ISC_HTTP,
	  .target = "/dir/index.html?x=1&y=a%20b", .chal = CHALLENGE,
	  .want = SEC_E_OK, OK_AGAIN },
	{ .name = "w:target", STD, .wide = 1, .chal = CHALLENGE,
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "w:target-unpaired-high-surrogate", STD, .wide = 2,
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "w:target-unpaired-low-surrogate", STD, .wide = 3,
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "w:target-null", .flags = ISC_HTTP, .wide = 1,
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "w:target-empty", .flags = ISC_HTTP, .target = "", .wide = 1,
	  .chal = CHALLENGE, .want = SEC_E_TARGET_UNKNOWN,
	  .after = AF_SURVIVES, .want_again = SEC_E_TARGET_UNKNOWN },
	{ .name = "w:no-input", STD, .wide = 1, .in = IN_NONE,
	  .want = SEC_I_CONTINUE_NEEDED, .after = AF_NEW,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "w:out-alloc", .flags = ISC_HTTP | ISC_REQ_ALLOCATE_MEMORY,
	  .target = URI, .wide = 1, .chal = CHALLENGE, .out = OUT_ALLOC,
	  .want = SEC_E_OK, .set = ISC_RET_ALLOCATED_MEMORY, OK_AGAIN },

	/* malformed challenges: the peer's fault (api.md 1.8) */
	{ .name = "chal-unterminated-quote", STD,
	  .chal = REALM_Q ", nonce=\"dcd98b7102dd", BAD_TOKEN },
	{ .name = "chal-bad-escape-at-end", STD,
	  .chal = REALM_Q ", nonce=\"dcd98b7102dd\\", BAD_TOKEN },
	{ .name = "chal-no-nonce", STD,
	  .chal = REALM_Q ", qop=\"auth\", opaque=\"" OPAQUE "\"", BAD_TOKEN },
	{ .name = "chal-no-realm", STD,
	  .chal = "nonce=\"" NONCE "\", qop=\"auth\"", BAD_TOKEN },
	{ .name = "chal-only-sha1", STD,
	  .chal = CHALLENGE ", algorithm=SHA-1", BAD_TOKEN },
	{ .name = "chal-only-unknown-algorithms", STD,
	  .chal = CHALLENGE ", algorithm=SHA-1, Digest " REALM_Q
	  ", nonce=\"x\", qop=\"auth\", algorithm=\"XYZ-999\"", BAD_TOKEN },
	{ .name = "chal-only-unknown-qop", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", qop=\"auth-conf,token\"",
	  BAD_TOKEN },
	{ .name = "chal-empty-qop", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", qop=\"\"", BAD_TOKEN },
	{ .name = "chal-md5-sess-without-qop", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", algorithm=MD5-sess",
	  BAD_TOKEN },
	{ .name = "chal-duplicate-nonce", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", nonce=\"" NONCE2 "\", "
	  "qop=\"auth\"", BAD_TOKEN },
	{ .name = "chal-nul-inside", STD,
	  .chal = REALM_Q ", nonce=\"dcd98b\0" "7102dd\", qop=\"auth\"",
	  .chal_len = sizeof(REALM_Q ", nonce=\"dcd98b\0" "7102dd\", "
	  "qop=\"auth\"") - 1, .want = SEC_E_INVALID_TOKEN, .after = AF_ANY,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "chal-larger-than-65536", STD, .in = IN_BIG,
	  .chal_len = 65537, .want = SEC_E_INVALID_TOKEN, .after = AF_ANY,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "chal-basic-only", STD, .chal = "Basic realm=\"basic\"",
	  BAD_TOKEN },
	{ .name = "chal-garbage-bytes", STD,
	  .chal = "\x01\x02\xff\xfe===,,,\"\\", BAD_TOKEN },
	{ .name = "chal-token68-after-digest", STD,
	  .chal = "Digest dGVzdDp0ZXN0==", BAD_TOKEN },
	{ .name = "chal-scheme-only", STD, .chal = "Digest", BAD_TOKEN },

	/* accepted challenge forms */
	{ .name = "chal-exactly-65536", STD, .in = IN_BIG, .chal_len = 65536,
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "chal-trailing-nul-counted", STD, .chal = CHALLENGE,
	  .chal_len = sizeof(CHALLENGE), .want = SEC_E_OK, .qop = "auth",
	  OK_AGAIN },
	{ .name = "chal-three-trailing-nuls-counted", STD,
	  .chal = CHALLENGE "\0\0", .chal_len = sizeof(CHALLENGE "\0\0"),
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "chal-leading-Digest", STD, .chal = "Digest " CHALLENGE,
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "chal-leading-digest-lower-case", STD,
	  .chal = "digest " CHALLENGE, .want = SEC_E_OK, .qop = "auth",
	  OK_AGAIN },
	{ .name = "chal-basic-then-digest", STD,
	  .chal = "Basic realm=\"basic\", Digest " CHALLENGE, .want = SEC_E_OK,
	  .qop = "auth", OK_AGAIN },
	{ .name = "chal-digest-then-basic", STD,
	  .chal = CHALLENGE ", Basic realm=\"basic\"", .want = SEC_E_OK,
	  .qop = "auth", OK_AGAIN },
	{ .name = "chal-digest-then-negotiate", STD,
	  .chal = CHALLENGE ", Negotiate", .want = SEC_E_OK, .qop = "auth" },
	{ .name = "chal-negotiate-token68-then-digest", STD,
	  .chal = "Negotiate dGVzdA==, Digest " CHALLENGE, .want = SEC_E_OK,
	  .qop = "auth" },
	{ .name = "chal-two-digest-strongest-wins", STD, .chal = TWO_CHALLENGES,
	  .want = SEC_E_OK, .alg = "SHA-256", .nonce = NONCE_SHA, OK_AGAIN },
	{ .name = "chal-unknown-algorithm-then-md5", STD,
	  .chal = REALM_Q ", nonce=\"x1\", qop=\"auth\", algorithm=SHA-1, "
	  "Digest " CHALLENGE, .want = SEC_E_OK, .alg = "MD5" },
	{ .name = "chal-unknown-directives-ignored", STD,
	  .chal = CHALLENGE ", foo=\"bar\", domain=\"/dir/ /x/\", baz=1",
	  .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
	{ .name = "chal-no-opaque", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", qop=\"auth\"",
	  .want = SEC_E_OK, .qop = "auth" },
	{ .name = "chal-stale-on-first-call", STD, .chal = STALE_CHALLENGE,
	  .want = SEC_E_OK, .nonce = NONCE2, .clear = ANSWER_CLEAR },
	{ .name = "chal-rfc2069-no-qop", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", opaque=\"" OPAQUE "\"",
	  .want = SEC_E_OK, .qop = "", .clear = ANSWER_CLEAR, OK_AGAIN },
	{ .name = "chal-md5-sess", STD,
	  .chal = CHALLENGE ", algorithm=MD5-sess", .want = SEC_E_OK,
	  .alg = "MD5-sess", .qop = "auth", OK_AGAIN },
	{ .name = "chal-sha256", STD, .chal = CHALLENGE ", algorithm=SHA-256",
	  .want = SEC_E_OK, .alg = "SHA-256", OK_AGAIN },
	{ .name = "chal-sha256-sess", STD,
	  .chal = CHALLENGE ", algorithm=SHA-256-sess", .want = SEC_E_OK,
	  .alg = "SHA-256-sess" },
	{ .name = "chal-sha512-256", STD,
	  .chal = CHALLENGE ", algorithm=SHA-512-256", .want = SEC_E_OK,
	  .alg = "SHA-512-256" },
	{ .name = "chal-unquoted-values", STD,
	  .chal = "realm=testrealm, nonce=abc123, qop=auth", .want = SEC_E_OK,
	  .nonce = "abc123", .qop = "auth" },
	{ .name = "chal-optional-whitespace", STD,
	  .chal = "  " REALM_Q " ,nonce = \"" NONCE "\" ,  qop=\"auth\"  ",
	  .want = SEC_E_OK, .qop = "auth" },
	{ .name = "chal-escaped-nonce", STD,
	  .chal = REALM_Q ", nonce=\"ab\\\"c\\\\d\", qop=\"auth\"",
	  .want = SEC_E_OK, .nonce = "ab\"c\\d", OK_AGAIN },

	/* qop choice and attribute bits (api.md 3.7, 1.6) */
	{ .name = "qop-auth-int-integrity", .flags = ISC_HTTP |
	  ISC_REQ_INTEGRITY, .target = URI, .chal = CHALLENGE,
	  .want = SEC_E_OK, .qop = "auth-int", .set = SEC_BITS |
	  ISC_RET_USED_HTTP_STYLE, .clear = ISC_RET_MUTUAL_AUTH | NEVER_BITS,
	  OK_AGAIN },
	{ .name = "qop-auth-int-replay-detect", .flags = ISC_HTTP |
	  ISC_REQ_REPLAY_DETECT, .target = URI, .chal = CHALLENGE,
	  .want = SEC_E_OK, .qop = "auth-int", .set = SEC_BITS },
	{ .name = "qop-auth-int-sequence-detect", .flags = ISC_HTTP |
	  ISC_REQ_SEQUENCE_DETECT, .target = URI, .chal = CHALLENGE,
	  .want = SEC_E_OK, .qop = "auth-int", .set = SEC_BITS },
	{ .name = "qop-integrity-not-offered", .flags = ISC_HTTP |
	  ISC_REQ_INTEGRITY, .target = URI,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", qop=\"auth\"",
	  .want = SEC_E_OK, .qop = "auth", .clear = SEC_BITS },
	{ .name = "qop-only-auth-int-offered", STD,
	  .chal = REALM_Q ", nonce=\"" NONCE "\", qop=\"auth-int\"",
	  .want = SEC_E_OK, .qop = "auth-int", .set = SEC_BITS },
	{ .name = "mutual-auth", .flags = ISC_HTTP | ISC_REQ_MUTUAL_AUTH,
	  .target = URI, .chal = CHALLENGE, .want = SEC_I_CONTINUE_NEEDED,
	  .qop = "auth", .set = ISC_RET_USED_HTTP_STYLE,
	  .clear = SEC_BITS | ISC_RET_MUTUAL_AUTH, .after = AF_REAUTH,
	  .want_again = SEC_I_CONTINUE_NEEDED },
	{ .name = "mutual-auth-integrity", .flags = ISC_HTTP |
	  ISC_REQ_MUTUAL_AUTH | ISC_REQ_INTEGRITY, .target = URI,
	  .chal = CHALLENGE, .want = SEC_I_CONTINUE_NEEDED, .qop = "auth-int",
	  .set = ISC_RET_USED_HTTP_STYLE,
	  .clear = SEC_BITS | ISC_RET_MUTUAL_AUTH, .after = AF_REAUTH,
	  .want_again = SEC_I_CONTINUE_NEEDED },

	/* output buffers (buffers.md 1.6) */
	{ .name = "out-too-small", STD, .chal = CHALLENGE, .out = OUT_SMALL,
	  .want = SEC_E_BUFFER_TOO_SMALL, .after = AF_SURVIVES,
	  .want_again = SEC_E_BUFFER_TOO_SMALL },
	{ .name = "out-zero-capacity", STD, .chal = CHALLENGE,
	  .out = OUT_ZERO_CAP, .want = SEC_E_BUFFER_TOO_SMALL,
	  .after = AF_SURVIVES, .want_again = SEC_E_BUFFER_TOO_SMALL },
	{ .name = "out-alloc", .flags = ISC_HTTP | ISC_REQ_ALLOCATE_MEMORY,
	  .target = URI, .chal = CHALLENGE, .out = OUT_ALLOC,
	  .want = SEC_E_OK, .set = ISC_RET_ALLOCATED_MEMORY |
	  ISC_RET_USED_HTTP_STYLE, .qop = "auth", OK_AGAIN },
	{ .name = "out-alloc-mutual", .flags = ISC_HTTP |
	  ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_MUTUAL_AUTH, .target = URI,
	  .chal = CHALLENGE, .out = OUT_ALLOC, .want = SEC_I_CONTINUE_NEEDED,
	  .set = ISC_RET_ALLOCATED_MEMORY, .clear = ISC_RET_MUTUAL_AUTH },
	{ .name = "out-no-token-buffer", STD, .chal = CHALLENGE,
	  .out = OUT_NO_TOKEN, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "out-null-descriptor", STD, .chal = CHALLENGE,
	  .out = OUT_NULL, .want = SEC_E_INVALID_TOKEN, .after = AF_SURVIVES,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "out-zero-buffers", STD, .chal = CHALLENGE,
	  .out = OUT_ZERO_BUFFERS, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "out-readonly", STD, .chal = CHALLENGE, .out = OUT_READONLY,
	  .want = SEC_E_INVALID_TOKEN, .after = AF_SURVIVES,
	  .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "out-readonly-with-checksum", STD, .chal = CHALLENGE,
	  .out = OUT_READONLY_CK, .want = SEC_E_INVALID_TOKEN,
	  .after = AF_SURVIVES, .want_again = SEC_E_INVALID_TOKEN },
	{ .name = "out-token-in-second-slot", STD, .chal = CHALLENGE,
	  .out = OUT_SECOND, .want = SEC_E_OK, .qop = "auth", OK_AGAIN },
};

struct isc_run {
	const struct isc_case *c;
	bool again;
};

static struct isc_run isc_runs[2 * sizeof(isc_cases) / sizeof(isc_cases[0])];

/* Output buffer checks after a call that produced no token. */
static void check_no_token_output(const struct isc_case *c,
    const SecBuffer *out, const SecBuffer *before, const char *outbuf)
{
	switch (c->out) {
	case OUT_STD:
	case OUT_SMALL:
	case OUT_ZERO_CAP:
		assert_ptr_equal(out[0].pvBuffer, before[0].pvBuffer);
		assert_int_equal(out[0].cbBuffer, 0);
		break;
	case OUT_ALLOC:
		assert_null(out[0].pvBuffer);
		assert_int_equal(out[0].cbBuffer, 0);
		break;
	case OUT_SECOND:
		assert_ptr_equal(out[1].pvBuffer, outbuf);
		assert_int_equal(out[1].cbBuffer, 0);
		break;
	default:
		/* no writable TOKEN buffer: nothing may change */
		assert_memory_equal(out, before, 2 * sizeof(*out));
		break;
	}
}

static void test_isc(void **state)
{
	const struct isc_run *r = *state;
	const struct isc_case *c = r->c;
	bool again = r->again;
	struct env e;
	CredHandle cred = sentinel, *pcred = NULL;
	bool own_cred = false, produced, has_chal;
	SecBuffer in[5], out[2], before[2], *ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, out };
	char method[] = "GET";
	char target_host[] = "HTTP/www.example.com";
	char *chal = NULL, *target = NULL, *outbuf = malloc(TOKEN_MAX);
	size_t chal_len = 0, i;
	SEC_WCHAR *wtarget = NULL;
	CtxtHandle newctx = sentinel, ctx;
	ULONG attr = ATTR_POISON, *pattr;
	TimeStamp exp, *pexp;
	SECURITY_STATUS want = again ? c->want_again : c->want, st;

	assert_non_null(outbuf);
	if (again) {
		env_up(&e);
	} else {
		switch (c->cred) {
		case CR_RFC:
			acquire_rfc(&cred);
			own_cred = true;
			break;
		case CR_INBOUND:
		case CR_BOTH:
			assert_status(ach_ex(c->cred == CR_BOTH ?
			    SECPKG_CRED_BOTH : SECPKG_CRED_INBOUND, USER, REALM,
			    PASSWORD, &cred), SEC_E_OK);
			own_cred = true;
			break;
		case CR_DEFAULT: {
			char pkg[] = "WDigest";

			assert_status(AcquireCredentialsHandleA(NULL, pkg, OUT,
			    NULL, NULL, NULL, NULL, &cred, NULL), SEC_E_OK);
			own_cred = true;
			break;
		}
		case CR_EMPTY_USER:
			assert_status(ach_ex(OUT, "", REALM, PASSWORD, &cred),
			    SEC_E_OK);
			own_cred = true;
			break;
		case CR_NULL:
			break;
		case CR_GARBAGE:
			cred.dwLower = (ULONG_PTR)0x1234;
			cred.dwUpper = (ULONG_PTR)0x5678;
			break;
		}
		pcred = c->cred == CR_NULL ? NULL : &cred;
		dss_test_set_cnonce(CNONCE);
	}

	/* input */
	if (c->in == IN_BIG) {
		static const char prefix[] = CHALLENGE ", x=\"";

		chal_len = c->chal_len;
		chal = malloc(chal_len + 1);
		assert_non_null(chal);
		memcpy(chal, prefix, sizeof(prefix) - 1);
		memset(chal + sizeof(prefix) - 1, 'a',
		    chal_len - sizeof(prefix));
		chal[chal_len - 1] = '"';
		chal[chal_len] = '\0';
	} else if (c->chal != NULL) {
		chal_len = c->chal_len != 0 ? c->chal_len : strlen(c->chal);
		chal = apitest_dup(c->chal, chal_len);
	}
	has_chal = c->in != IN_NONE && chal != NULL && chal[0] != '\0';
	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, chal_len);
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&in[3], SECBUFFER_TARGET_HOST | SECBUFFER_READONLY,
	    target_host, strlen(target_host));
	apitest_set_buffer(&in[4], SECBUFFER_EMPTY, NULL, 0);
	switch (c->in) {
	case IN_VERSION:
		in_desc.ulVersion = 1;
		break;
	case IN_PBUF_NULL:
		in_desc.pBuffers = NULL;
		break;
	case IN_PV_NULL:
		in[2].cbBuffer = 32;
		break;
	case IN_SLOT0_DATA:
		in[0].BufferType = SECBUFFER_DATA;
		break;
	case IN_SLOT1_TOKEN:
		in[1].BufferType = SECBUFFER_TOKEN;
		break;
	case IN_EMPTY_METHOD:
		in[1].cbBuffer = 0;
		break;
	case IN_SLOT0_ONLY:
		in_desc.cBuffers = 1;
		break;
	case IN_SLOT0_READONLY:
		in[0].BufferType |= SECBUFFER_READONLY;
		break;
	case IN_FIVE:
		in_desc.cBuffers = 5;
		break;
	default:
		break;
	}

	/* output */
	memset(outbuf, OUT_PATTERN, TOKEN_MAX);
	apitest_set_buffer(&out[0], SECBUFFER_TOKEN, outbuf, TOKEN_MAX);
	apitest_set_buffer(&out[1], SECBUFFER_EMPTY, NULL, 0);
	switch (c->out) {
	case OUT_SMALL:
	case OUT_ALLOC:
		out[0].cbBuffer = 10;
		break;
	case OUT_ZERO_CAP:
		apitest_set_buffer(&out[0], SECBUFFER_TOKEN, NULL, 0);
		break;
	case OUT_NO_TOKEN:
		out[0].BufferType = SECBUFFER_DATA;
		break;
	case OUT_READONLY:
		out[0].BufferType |= SECBUFFER_READONLY;
		break;
	case OUT_READONLY_CK:
		out[0].BufferType |= SECBUFFER_READONLY_WITH_CHECKSUM;
		break;
	case OUT_SECOND:
		apitest_set_buffer(&out[0], SECBUFFER_EMPTY, NULL, 0);
		apitest_set_buffer(&out[1], SECBUFFER_TOKEN, outbuf, TOKEN_MAX);
		out_desc.cBuffers = 2;
		break;
	case OUT_VERSION:
		out_desc.ulVersion = 1;
		break;
	case OUT_ZERO_BUFFERS:
		out_desc.cBuffers = 0;
		break;
	default:
		break;
	}
	memcpy(before, out, sizeof(out));

	/* target */
	if (c->wide == 0) {
		target = c->target != NULL ? apitest_strdup(c->target) : NULL;
	} else if (c->target != NULL) {
		size_t n;

		wtarget = utf16_of(c->target, strlen(c->target), &n);
		if (c->wide == 2) {
			wtarget[n++] = 0xD800; /* a high surrogate, then NUL */
			wtarget[n] = 0;
		} else if (c->wide == 3) {
			memmove(wtarget + 2, wtarget + 1, n * sizeof(*wtarget));
			wtarget[1] = 0xDC00; /* a low one after the '/' */
		}
	}

	exp.QuadPart = EXPIRY_POISON;
	pattr = (c->extra & X_NO_ATTR_EXPIRY) ? NULL : &attr;
	pexp = (c->extra & X_NO_ATTR_EXPIRY) ? NULL : &exp;
	if (c->wide == 0)
		st = InitializeSecurityContextA(again ? NULL : pcred,
		    again ? &e.ctx : NULL, target, c->flags, 0, 0,
		    c->in == IN_NONE ? NULL : &in_desc, 0,
		    (c->extra & X_NEWCTX_NULL) ? NULL : &newctx,
		    c->out == OUT_NULL ? NULL : &out_desc, pattr, pexp);
	else
		st = InitializeSecurityContextW(again ? NULL : pcred,
		    again ? &e.ctx : NULL, wtarget, c->flags, 0, 0,
		    c->in == IN_NONE ? NULL : &in_desc, 0,
		    (c->extra & X_NEWCTX_NULL) ? NULL : &newctx,
		    c->out == OUT_NULL ? NULL : &out_desc, pattr, pexp);
	assert_status(st, want);

	if (st < 0) {
		/* api.md 1.5, 1.6, 1.8; buffers.md 1.6 */
		expect_sentinel(&newctx);
		assert_int_equal(attr, ATTR_POISON);
		assert_true(exp.QuadPart == EXPIRY_POISON);
		assert_memory_equal(out, before, sizeof(out));
		for (i = 0; i < TOKEN_MAX; i++)
			if ((unsigned char)outbuf[i] != OUT_PATTERN)
				fail_msg("output byte %zu was written by a "
				    "failing call", i);
		if (again) {
			switch (c->after) {
			case AF_SURVIVES:
				expect_sign(&e.ctx, NONCE, "00000002");
				break;
			case AF_FAILED:
				expect_failed_ctx(&e.ctx);
				break;
			default:
				break;
			}
			env_down(&e);
		}
		goto done;
	}

	/* success */
	produced = st == SEC_E_OK || (has_chal &&
	    (c->flags & ISC_REQ_MUTUAL_AUTH) != 0);
	if (pattr != NULL) {
		ULONG clear = c->clear;

		if (again)
			clear &= ~ISC_RET_REAUTHENTICATION;
		assert_true(attr & ISC_RET_USED_HTTP_STYLE);
		if ((attr & c->set) != c->set || (attr & clear) != 0)
			fail_msg("attributes 0x%08x: want 0x%08x set and 0x%08x "
			    "clear", (unsigned)attr, (unsigned)c->set,
			    (unsigned)clear);
		if (st != SEC_E_OK)
			assert_int_equal(attr & (SEC_BITS | ISC_RET_MUTUAL_AUTH |
			    ISC_RET_CONFIDENTIALITY), 0);
		if (again && produced)
			assert_true(attr & ISC_RET_REAUTHENTICATION);
		if (!again)
			assert_false(attr & ISC_RET_REAUTHENTICATION);
	}
	if (pexp != NULL)
		assert_true(exp.QuadPart == DIGESTSSP_TIMESTAMP_NEVER);
	if (again) {
		assert_true(same_handle(&newctx, &e.ctx));
		ctx = e.ctx;
	} else {
		assert_false(same_handle(&newctx, &sentinel));
		ctx = newctx;
	}
	ob = c->out == OUT_SECOND ? &out[1] : &out[0];
	if (produced) {
		const char *tok;
		ULONG len = ob->cbBuffer;
		struct tokinfo ti;

		if (c->flags & ISC_REQ_ALLOCATE_MEMORY) {
			assert_non_null(ob->pvBuffer);
			assert_ptr_not_equal(ob->pvBuffer, outbuf);
			if (pattr != NULL)
				assert_true(attr & ISC_RET_ALLOCATED_MEMORY);
			tok = ob->pvBuffer;
			/* buffers.md 1.6: a NUL after the token, not counted */
			assert_int_equal(tok[len], '\0');
		} else {
			assert_ptr_equal(ob->pvBuffer, outbuf);
			if (pattr != NULL)
				assert_false(attr & ISC_RET_ALLOCATED_MEMORY);
			tok = outbuf;
			assert_true(len < TOKEN_MAX);
			assert_int_equal(tok[len], '\0');
		}
		check_token(tok, len, &rfc_id, "GET", c->target,
		    c->nonce != NULL ? c->nonce : NONCE, "00000001", &ti);
		if (c->qop != NULL)
			assert_string_equal(ti.qop, c->qop);
		if (c->alg != NULL)
			assert_string_equal(ti.alg, c->alg);
		if (c->flags & ISC_REQ_ALLOCATE_MEMORY) {
			assert_status(FreeContextBuffer(ob->pvBuffer), SEC_E_OK);
			assert_status(FreeContextBuffer(ob->pvBuffer),
			    SEC_E_INVALID_HANDLE);
		}
		/* the context goes on with nc=2 on the nonce it answered */
		expect_sign_id(&ctx, &rfc_id, URI, ti.nonce, "00000002", NULL);
	} else {
		char sig[TOKEN_MAX];
		ULONG slen;

		check_no_token_output(c, out, before, outbuf);
		if (pattr != NULL)
			assert_false(attr & ISC_RET_ALLOCATED_MEMORY);
		/* NEW: nothing to sign yet (api.md 2.1, 3.11) */
		assert_status(sign(&ctx, URI, sig, &slen),
		    SEC_E_NO_AUTHENTICATING_AUTHORITY);
	}
	if (again) {
		env_down(&e);
	} else {
		assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	}
done:
	if (own_cred)
		assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
	free(chal);
	free(target);
	free(wtarget);
	free(outbuf);
}

/* Capacity exactly the token length: fits, no NUL written after it. */
static void test_isc_exact_capacity(void **state)
{
	CredHandle cred;
	CtxtHandle ctx, ctx2 = sentinel;
	char big[TOKEN_MAX], *exact;
	ULONG len, attr = ATTR_POISON;
	SecBuffer in[3], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char method[] = "GET", uri[] = URI, chal[] = CHALLENGE;

	(void)state;
	acquire_rfc(&cred);
	dss_test_set_cnonce(CNONCE);
	assert_status(isc(&cred, NULL, &ctx, ISC_HTTP, URI, CHALLENGE, big,
	    &len, &attr), SEC_E_OK);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	exact = malloc(len + 1);
	assert_non_null(exact);
	memset(exact, OUT_PATTERN, len + 1);
	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	/* one byte short first */
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, exact, len - 1);
	assert_status(InitializeSecurityContextA(&cred, NULL, uri, ISC_HTTP, 0,
	    0, &in_desc, 0, &ctx2, &out_desc, &attr, NULL),
	    SEC_E_BUFFER_TOO_SMALL);
	expect_sentinel(&ctx2);
	assert_int_equal(ob.cbBuffer, len - 1);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, exact, len);
	assert_status(InitializeSecurityContextA(&cred, NULL, uri, ISC_HTTP, 0,
	    0, &in_desc, 0, &ctx2, &out_desc, &attr, NULL), SEC_E_OK);
	assert_int_equal(ob.cbBuffer, len);
	assert_memory_equal(exact, big, len);
	assert_int_equal((unsigned char)exact[len], OUT_PATTERN);
	check_token(exact, len, &rfc_id, "GET", URI, NONCE, "00000001", NULL);
	assert_status(DeleteSecurityContext(&ctx2), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
	free(exact);
}

/* RFC 2617 3.5's printed response comes out exactly. */
static void test_isc_rfc2617_vector(void **state)
{
	struct env e;
	struct apitest_dirlist l;

	(void)state;
	env_up(&e);
	apitest_dirlist_parse(&l, e.tok, e.len);
	apitest_expect_str(&l, "response", RFC_RESPONSE);
	apitest_expect_str(&l, "opaque", OPAQUE);
	apitest_expect_str(&l, "cnonce", CNONCE);
	apitest_dirlist_free(&l);
	assert_int_equal(e.attr, ISC_RET_USED_HTTP_STYLE);
	env_down(&e);
}

/* ======================================================================
 * Re-authentication and Authentication-Info (api.md 2.1)
 * ====================================================================== */

static void test_reauth_stale(void **state)
{
	struct env e;
	char out[TOKEN_MAX];
	ULONG len, attr = 0;
	CtxtHandle nh = sentinel;
	struct tokinfo ti;

	(void)state;
	env_up(&e);
	expect_sign(&e.ctx, NONCE, "00000002");
	expect_sign(&e.ctx, NONCE, "00000003");
	/* a new cnonce comes with the new nonce */
	dss_test_set_cnonce(NULL);
	assert_status(isc(NULL, &e.ctx, &nh, ISC_HTTP, URI, STALE_CHALLENGE,
	    out, &len, &attr), SEC_E_OK);
	assert_true(same_handle(&nh, &e.ctx));
	assert_true(attr & ISC_RET_REAUTHENTICATION);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	check_token(out, len, &rfc_id, "GET", URI, NONCE2, "00000001", &ti);
	assert_string_not_equal(ti.cnonce, CNONCE);
	expect_sign(&e.ctx, NONCE2, "00000002");
	expect_sign(&e.ctx, NONCE2, "00000003");

	/* no input on an answered context: start over (NEW) */
	attr = ATTR_POISON;
	memset(out, OUT_PATTERN, sizeof(out));
	assert_status(isc(NULL, &e.ctx, &nh, ISC_HTTP, URI, NULL, out, &len,
	    &attr), SEC_I_CONTINUE_NEEDED);
	assert_int_equal(len, 0);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	assert_int_equal(attr & (SEC_BITS | ISC_RET_MUTUAL_AUTH), 0);
	assert_status(sign(&e.ctx, URI, out, &len),
	    SEC_E_NO_AUTHENTICATING_AUTHORITY);
	assert_status(sign(&e.ctx, URI, out, &len),
	    SEC_E_NO_AUTHENTICATING_AUTHORITY);
	/* and a challenge answers it again */
	assert_status(isc(NULL, &e.ctx, &nh, ISC_HTTP, URI, CHALLENGE, out,
	    &len, &attr), SEC_E_OK);
	check_token(out, len, &rfc_id, "GET", URI, NONCE, "00000001", NULL);
	expect_sign(&e.ctx, NONCE, "00000002");
	env_down(&e);
}

/* phNewContext may be the same variable as phContext (api.md 3.7). */
static void test_reauth_same_handle_variable(void **state)
{
	struct env e;
	char out[TOKEN_MAX];
	ULONG len, attr = 0;
	CtxtHandle copy;

	(void)state;
	env_up(&e);
	copy = e.ctx;
	assert_status(isc(NULL, &e.ctx, &e.ctx, ISC_HTTP, URI, STALE_CHALLENGE,
	    out, &len, &attr), SEC_E_OK);
	assert_true(same_handle(&e.ctx, &copy));
	expect_sign(&e.ctx, NONCE2, "00000002");
	env_down(&e);
}

static void rfc_rspauth(char out[65])
{
	apitest_digest_response("MD5", USER, strlen(USER), REALM,
	    strlen(REALM), PASSWORD, strlen(PASSWORD), "", URI, NONCE,
	    "00000001", CNONCE, "auth", NULL, out);
}

/* Feeds an Authentication-Info value back on the context. */
static SECURITY_STATUS auth_info(CtxtHandle *ctx, const char *info,
    ULONG flags, ULONG *attr, ULONG *out_len)
{
	char out[64];
	ULONG len = 0;
	SECURITY_STATUS st;
	CtxtHandle nh = sentinel;

	memset(out, OUT_PATTERN, sizeof(out));
	st = isc(NULL, ctx, &nh, ISC_HTTP | flags, URI, info, out, &len, attr);
	if (st >= 0)
		assert_true(same_handle(&nh, ctx));
	else
		expect_sentinel(&nh);
	*out_len = len;
	return st;
}

static void test_rspauth_vector(void **state)
{
	char want[65];

	(void)state;
	rfc_rspauth(want);
	assert_string_equal(want, RFC_RSPAUTH);
}

static void test_rspauth_ok(void **state)
{
	struct env e;
	char rsp[65], *info;
	ULONG attr = 0, len;
	SecPkgContext_Flags f;

	(void)state;
	env_up(&e);
	rfc_rspauth(rsp);
	info = apitest_format("rspauth=\"%s\"", rsp);
	assert_status(auth_info(&e.ctx, info, 0, &attr, &len), SEC_E_OK);
	assert_int_equal(len, 0);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	assert_status(QueryContextAttributesA(&e.ctx, SECPKG_ATTR_FLAGS, &f),
	    SEC_E_OK);
	assert_int_equal(f.Flags, attr);
	/* VERIFIED: requests go on */
	expect_sign(&e.ctx, NONCE, "00000002");
	free(info);
	env_down(&e);
}

static void test_rspauth_ok_full_info(void **state)
{
	struct env e;
	char rsp[65], *info;
	ULONG attr = 0, len;

	(void)state;
	env_up_with(&e, ISC_REQ_MUTUAL_AUTH, CHALLENGE);
	rfc_rspauth(rsp);
	info = apitest_format("qop=auth, rspauth=\"%s\", cnonce=\"%s\", "
	    "nc=00000001", rsp, CNONCE);
	assert_status(auth_info(&e.ctx, info, ISC_REQ_MUTUAL_AUTH, &attr, &len),
	    SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	expect_sign(&e.ctx, NONCE, "00000002");
	free(info);
	env_down(&e);
}

/* rspauth for a later request: nc and uri of the last MakeSignature */
static void test_rspauth_after_makesignature(void **state)
{
	struct env e;
	char rsp[65], out[TOKEN_MAX], *info;
	ULONG attr = 0, len;

	(void)state;
	env_up(&e);
	assert_status(sign(&e.ctx, "/other/page", out, &len), SEC_E_OK);
	apitest_digest_response("MD5", USER, strlen(USER), REALM,
	    strlen(REALM), PASSWORD, strlen(PASSWORD), "", "/other/page",
	    NONCE, "00000002", CNONCE, "auth", NULL, rsp);
	info = apitest_format("rspauth=\"%s\", nc=00000002, cnonce=\"%s\"",
	    rsp, CNONCE);
	assert_status(auth_info(&e.ctx, info, 0, &attr, &len), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	expect_sign(&e.ctx, NONCE, "00000003");
	free(info);
	env_down(&e);
}

enum bad_info { BI_CORRUPT, BI_SHORT, BI_NC, BI_CNONCE };

static void expect_wrong_principal(enum bad_info how)
{
	struct env e;
	char rsp[65], *info;
	ULONG attr = ATTR_POISON, len;

	env_up(&e);
	rfc_rspauth(rsp);
	switch (how) {
	case BI_CORRUPT:
		rsp[7] = rsp[7] == '0' ? '1' : '0';
		info = apitest_format("rspauth=\"%s\"", rsp);
		break;
	case BI_SHORT:
		info = apitest_format("rspauth=\"%.30s\"", rsp);
		break;
	case BI_NC:
		info = apitest_format("rspauth=\"%s\", nc=00000002", rsp);
		break;
	default:
		info = apitest_format("rspauth=\"%s\", cnonce=\"deadbeef\"",
		    rsp);
		break;
	}
	assert_status(auth_info(&e.ctx, info, 0, &attr, &len),
	    SEC_E_WRONG_PRINCIPAL);
	assert_int_equal(attr, ATTR_POISON);
	/* FAILED (api.md 1.8): only queries and delete */
	expect_failed_ctx(&e.ctx);
	free(info);
	env_down(&e);
	assert_status(DeleteSecurityContext(&e.ctx), SEC_E_OK);
}

static void test_rspauth_wrong(void **state)
{
	(void)state;
	expect_wrong_principal(BI_CORRUPT);
}

static void test_rspauth_wrong_mutual_requested(void **state)
{
	struct env e;
	char rsp[65], *info;
	ULONG attr = ATTR_POISON, len;

	(void)state;
	env_up_with(&e, ISC_REQ_MUTUAL_AUTH, CHALLENGE);
	rfc_rspauth(rsp);
	rsp[0] = rsp[0] == 'f' ? 'e' : 'f';
	info = apitest_format("rspauth=\"%s\"", rsp);
	assert_status(auth_info(&e.ctx, info, ISC_REQ_MUTUAL_AUTH, &attr, &len),
	    SEC_E_WRONG_PRINCIPAL);
	assert_int_equal(attr, ATTR_POISON);
	expect_failed_ctx(&e.ctx);
	free(info);
	env_down(&e);
}

static void test_rspauth_wrong_length(void **state)
{
	(void)state;
	expect_wrong_principal(BI_SHORT);
}

static void test_rspauth_wrong_nc(void **state)
{
	(void)state;
	expect_wrong_principal(BI_NC);
}

static void test_rspauth_wrong_cnonce(void **state)
{
	(void)state;
	expect_wrong_principal(BI_CNONCE);
}

/* A reply that is neither a challenge nor Authentication-Info. */
static void test_auth_info_garbage(void **state)
{
	struct env e;
	ULONG attr = ATTR_POISON, len;

	(void)state;
	env_up(&e);
	assert_status(auth_info(&e.ctx, "foo=bar", 0, &attr, &len),
	    SEC_E_INVALID_TOKEN);
	assert_int_equal(attr, ATTR_POISON);
	expect_failed_ctx(&e.ctx);
	env_down(&e);
}

static void test_nextnonce(void **state)
{
	struct env e;
	ULONG attr = 0, len;
	struct tokinfo ti;

	(void)state;
	env_up(&e);
	expect_sign(&e.ctx, NONCE, "00000002");
	dss_test_set_cnonce(NULL);
	assert_status(auth_info(&e.ctx, "nextnonce=\"xyz\"", 0, &attr, &len),
	    SEC_E_OK);
	assert_int_equal(len, 0);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	assert_false(attr & ISC_RET_MUTUAL_AUTH);
	expect_sign_id(&e.ctx, &rfc_id, URI, "xyz", "00000001", &ti);
	assert_string_not_equal(ti.cnonce, CNONCE);
	expect_sign(&e.ctx, "xyz", "00000002");
	env_down(&e);
}

static void test_rspauth_and_nextnonce(void **state)
{
	struct env e;
	char rsp[65], *info;
	ULONG attr = 0, len;

	(void)state;
	env_up(&e);
	rfc_rspauth(rsp);
	info = apitest_format("rspauth=\"%s\", nextnonce=\"n2-abc\"", rsp);
	assert_status(auth_info(&e.ctx, info, 0, &attr, &len), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	expect_sign(&e.ctx, "n2-abc", "00000001");
	expect_sign(&e.ctx, "n2-abc", "00000002");
	free(info);
	env_down(&e);
}

/* ======================================================================
 * MakeSignature (api.md 3.11, buffers.md 5.1) and the other message
 * functions on an HTTP client context (3.9, 3.12 - 3.14)
 * ====================================================================== */

enum ms_mut {
	MS_STD, MS_FQOP1, MS_FQOP_WRAP, MS_NULL_MSG, MS_FOUR, MS_ZERO,
	MS_SLOT0_DATA, MS_SLOT0_PADDING, MS_SLOT4_TOKEN, MS_SLOT4_DATA,
	MS_VERSION, MS_PBUF_NULL, MS_PV_NULL, MS_SMALL, MS_ZERO_CAP,
	MS_SEQNO, MS_SIX, MS_SLOT0_READONLY, MS_SLOT0_CONTENT
};

struct ms_case {
	const char *name;
	enum ms_mut m;
	SECURITY_STATUS want;
};

static const struct ms_case ms_cases[] = {
	{ "makesig:curl-layout", MS_STD, SEC_E_OK },
	{ "makesig:fqop-1", MS_FQOP1, SEC_E_QOP_NOT_SUPPORTED },
	{ "makesig:fqop-wrap-no-encrypt", MS_FQOP_WRAP,
	  SEC_E_QOP_NOT_SUPPORTED },
	{ "makesig:null-pmessage", MS_NULL_MSG, SEC_E_INVALID_TOKEN },
	{ "makesig:four-buffers", MS_FOUR, SEC_E_INVALID_TOKEN },
	{ "makesig:zero-buffers", MS_ZERO, SEC_E_INVALID_TOKEN },
	{ "makesig:slot0-data", MS_SLOT0_DATA, SEC_E_INVALID_TOKEN },
	{ "makesig:slot0-padding", MS_SLOT0_PADDING, SEC_E_INVALID_TOKEN },
	{ "makesig:slot4-token", MS_SLOT4_TOKEN, SEC_E_INVALID_TOKEN },
	{ "makesig:slot4-data", MS_SLOT4_DATA, SEC_E_INVALID_TOKEN },
	{ "makesig:version-1", MS_VERSION, SEC_E_INVALID_TOKEN },
	{ "makesig:pbuffers-null", MS_PBUF_NULL, SEC_E_INVALID_TOKEN },
	{ "makesig:buffer-pvbuffer-null", MS_PV_NULL, SEC_E_INVALID_TOKEN },
	{ "makesig:slot4-too-small", MS_SMALL, SEC_E_BUFFER_TOO_SMALL },
	{ "makesig:slot4-zero-capacity", MS_ZERO_CAP, SEC_E_BUFFER_TOO_SMALL },
	{ "makesig:messageseqno-ignored", MS_SEQNO, SEC_E_OK },
	{ "makesig:six-buffers", MS_SIX, SEC_E_OK },
	{ "makesig:slot0-readonly-token", MS_SLOT0_READONLY, SEC_E_OK },
	{ "makesig:slot0-content-ignored", MS_SLOT0_CONTENT, SEC_E_OK },
};

static void test_makesig(void **state)
{
	const struct ms_case *c = *state;
	struct env e;
	SecBuffer b[6], before[6];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char method[] = "POST", uri[] = "/api/v1/items?id=7";
	char slot0[] = "ignored";
	char *out = malloc(TOKEN_MAX);
	ULONG fqop = 0, seqno = 0;
	SECURITY_STATUS st;
	size_t i;

	assert_non_null(out);
	env_up(&e);
	memset(out, OUT_PATTERN, TOKEN_MAX);
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, strlen(method));
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	apitest_set_buffer(&b[5], SECBUFFER_EMPTY, NULL, 0);
	switch (c->m) {
	case MS_FQOP1:
		fqop = 1;
		break;
	case MS_FQOP_WRAP:
		fqop = SECQOP_WRAP_NO_ENCRYPT;
		break;
	case MS_FOUR:
		desc.cBuffers = 4;
		break;
	case MS_ZERO:
		desc.cBuffers = 0;
		break;
	case MS_SLOT0_DATA:
		b[0].BufferType = SECBUFFER_DATA;
		break;
	case MS_SLOT0_PADDING:
		b[0].BufferType = SECBUFFER_PADDING;
		break;
	case MS_SLOT4_TOKEN:
		b[4].BufferType = SECBUFFER_TOKEN;
		break;
	case MS_SLOT4_DATA:
		b[4].BufferType = SECBUFFER_DATA;
		break;
	case MS_VERSION:
		desc.ulVersion = 1;
		break;
	case MS_PBUF_NULL:
		desc.pBuffers = NULL;
		break;
	case MS_PV_NULL:
		b[3].cbBuffer = 32;
		break;
	case MS_SMALL:
		b[4].cbBuffer = 10;
		break;
	case MS_ZERO_CAP:
		apitest_set_buffer(&b[4], SECBUFFER_PADDING, NULL, 0);
		break;
	case MS_SEQNO:
		seqno = 99;
		break;
	case MS_SIX:
		desc.cBuffers = 6;
		break;
	case MS_SLOT0_READONLY:
		b[0].BufferType |= SECBUFFER_READONLY;
		break;
	case MS_SLOT0_CONTENT:
		apitest_set_buffer(&b[0], SECBUFFER_TOKEN, slot0, strlen(slot0));
		break;
	default:
		break;
	}
	memcpy(before, b, sizeof(b));
	st = MakeSignature(&e.ctx, fqop, c->m == MS_NULL_MSG ? NULL : &desc,
	    seqno);
	assert_status(st, c->want);
	/* slots 0 - 3 are inputs: never written */
	assert_memory_equal(b, before, 4 * sizeof(b[0]));
	if (st == SEC_E_OK) {
		struct apitest_dirlist l;

		assert_ptr_equal(b[4].pvBuffer, out);
		check_token(out, b[4].cbBuffer, &rfc_id, "POST", uri, NONCE,
		    "00000002", NULL);
		apitest_dirlist_parse(&l, out, b[4].cbBuffer);
		apitest_expect_str(&l, "opaque", OPAQUE);
		apitest_expect_str(&l, "cnonce", CNONCE);
		apitest_dirlist_free(&l);
		expect_sign(&e.ctx, NONCE, "00000003");
	} else {
		/* buffers.md 1.6, 5.1: nothing written, nc not consumed */
		assert_memory_equal(&b[4], &before[4], sizeof(b[4]));
		for (i = 0; i < TOKEN_MAX; i++)
			if ((unsigned char)out[i] != OUT_PATTERN)
				fail_msg("slot 4 byte %zu was written by a failing "
				    "call", i);
		expect_sign(&e.ctx, NONCE, "00000002");
	}
	free(out);
	env_down(&e);
}

/* Slot 4 exactly as long as the token. */
static void test_makesig_exact_capacity(void **state)
{
	struct env e;
	char out[TOKEN_MAX], *exact;
	ULONG len;
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char method[] = "GET", uri[] = URI;

	(void)state;
	env_up(&e);
	assert_status(sign(&e.ctx, URI, out, &len), SEC_E_OK); /* nc 2 */
	exact = malloc(len + 1);
	assert_non_null(exact);
	memset(exact, OUT_PATTERN, len + 1);
	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, exact, len);
	assert_status(MakeSignature(&e.ctx, 0, &desc, 0), SEC_E_OK);
	assert_int_equal(b[4].cbBuffer, len);
	assert_int_equal((unsigned char)exact[len], OUT_PATTERN);
	check_token(exact, len, &rfc_id, "GET", URI, NONCE, "00000003", NULL);
	free(exact);
	env_down(&e);
}

static void test_makesig_new_context(void **state)
{
	CredHandle cred;
	CtxtHandle ctx;
	char out[TOKEN_MAX];
	ULONG len, attr;

	(void)state;
	acquire_rfc(&cred);
	assert_status(isc(&cred, NULL, &ctx, ISC_HTTP, URI, NULL, out, &len,
	    &attr), SEC_I_CONTINUE_NEEDED);
	assert_int_equal(len, 0);
	memset(out, OUT_PATTERN, sizeof(out));
	assert_status(sign(&ctx, URI, out, &len),
	    SEC_E_NO_AUTHENTICATING_AUTHORITY);
	assert_int_equal(len, TOKEN_MAX);
	assert_int_equal((unsigned char)out[0], OUT_PATTERN);
	/* it still answers a challenge afterwards */
	dss_test_set_cnonce(CNONCE);
	assert_status(isc(NULL, &ctx, &ctx, ISC_HTTP, URI, CHALLENGE, out, &len,
	    &attr), SEC_E_OK);
	check_token(out, len, &rfc_id, "GET", URI, NONCE, "00000001", NULL);
	expect_sign(&ctx, NONCE, "00000002");
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

static void test_other_message_functions(void **state)
{
	struct env e;
	char data[32] = "hello", pad[64];
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	ULONG qop = ATTR_POISON;

	(void)state;
	env_up(&e);
	apitest_set_buffer(&b[0], SECBUFFER_DATA, data, 5);
	apitest_set_buffer(&b[1], SECBUFFER_PADDING, pad, sizeof(pad));
	assert_status(VerifySignature(&e.ctx, &d, 0, &qop),
	    SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(EncryptMessage(&e.ctx, 0, &d, 0),
	    SEC_E_QOP_NOT_SUPPORTED);
	assert_string_equal(data, "hello");
	assert_status(DecryptMessage(&e.ctx, &d, 0, &qop),
	    SEC_E_QOP_NOT_SUPPORTED);
	assert_string_equal(data, "hello");
	assert_status(CompleteAuthToken(&e.ctx, &d), SEC_E_OK);
	assert_status(CompleteAuthToken(&e.ctx, NULL), SEC_E_OK);
	/* curl's CompleteAuthToken(&credentials, ...): wrong handle kind */
	assert_status(CompleteAuthToken(&e.cred, &d), SEC_E_INVALID_HANDLE);
	expect_sign(&e.ctx, NONCE, "00000002");
	env_down(&e);
}

static void test_complete_auth_token_new_context(void **state)
{
	CredHandle cred;
	CtxtHandle ctx;
	char out[TOKEN_MAX];
	ULONG len, attr;
	SecBuffer b;
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };

	(void)state;
	acquire_rfc(&cred);
	assert_status(isc(&cred, NULL, &ctx, ISC_HTTP, URI, NULL, out, &len,
	    &attr), SEC_I_CONTINUE_NEEDED);
	apitest_set_buffer(&b, SECBUFFER_TOKEN, out, 0);
	assert_status(CompleteAuthToken(&ctx, &d), SEC_E_OK);
	assert_status(VerifySignature(&ctx, &d, 0, NULL),
	    SEC_E_UNSUPPORTED_FUNCTION);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* ======================================================================
 * QueryContextAttributesA/W(Ex) on an HTTP client context (api.md 3.15)
 * ====================================================================== */

enum qstate {
	QS_ANSWERED,  /* RFC 2617 3.5, MD5, qop=auth */
	QS_NEW,       /* no challenge yet */
	QS_AUTHINT,   /* qop=auth-int with ISC_REQ_INTEGRITY */
	QS_MD5SESS,   /* algorithm=MD5-sess */
	QS_MUTUAL,    /* ISC_REQ_MUTUAL_AUTH: answered, rspauth pending */
	QS_FAILED     /* wrong rspauth */
};

enum qbuf { QBUF_OK, QBUF_NULL, QBUF_SHORT, QBUF_ZERO };

struct qca_case {
	const char *name;
	enum qstate state;
	bool wide;
	bool ex;
	ULONG attr;
	enum qbuf buf;
	SECURITY_STATUS want;
};

#define QOK(n, s, w, a) { n, s, w, false, a, QBUF_OK, SEC_E_OK }
#define QUNSUP(n, s, w, a) \
	{ n, s, w, false, a, QBUF_OK, SEC_E_UNSUPPORTED_FUNCTION }

static const struct qca_case qca_cases[] = {
	QOK("qca:a:sizes", QS_ANSWERED, false, SECPKG_ATTR_SIZES),
	QOK("qca:w:sizes", QS_ANSWERED, true, SECPKG_ATTR_SIZES),
	QOK("qca:a:flags", QS_ANSWERED, false, SECPKG_ATTR_FLAGS),
	QOK("qca:w:flags", QS_ANSWERED, true, SECPKG_ATTR_FLAGS),
	QOK("qca:a:lifespan", QS_ANSWERED, false, SECPKG_ATTR_LIFESPAN),
	QOK("qca:w:lifespan", QS_ANSWERED, true, SECPKG_ATTR_LIFESPAN),
	QOK("qca:a:password-expiry", QS_ANSWERED, false,
	    SECPKG_ATTR_PASSWORD_EXPIRY),
	QOK("qca:a:package-info", QS_ANSWERED, false, SECPKG_ATTR_PACKAGE_INFO),
	QOK("qca:w:package-info", QS_ANSWERED, true, SECPKG_ATTR_PACKAGE_INFO),
	QOK("qca:a:negotiation-info", QS_ANSWERED, false,
	    SECPKG_ATTR_NEGOTIATION_INFO),
	QOK("qca:w:negotiation-info", QS_ANSWERED, true,
	    SECPKG_ATTR_NEGOTIATION_INFO),
	QOK("qca:a:names", QS_ANSWERED, false, SECPKG_ATTR_NAMES),
	QOK("qca:w:names", QS_ANSWERED, true, SECPKG_ATTR_NAMES),
	QOK("qca:a:native-names", QS_ANSWERED, false, SECPKG_ATTR_NATIVE_NAMES),
	QOK("qca:w:native-names", QS_ANSWERED, true, SECPKG_ATTR_NATIVE_NAMES),
	QOK("qca:a:authority", QS_ANSWERED, false, SECPKG_ATTR_AUTHORITY),
	QOK("qca:w:authority", QS_ANSWERED, true, SECPKG_ATTR_AUTHORITY),
	QOK("qca:a:key-info", QS_ANSWERED, false, SECPKG_ATTR_KEY_INFO),
	QOK("qca:w:key-info", QS_ANSWERED, true, SECPKG_ATTR_KEY_INFO),
	QOK("qca:a:session-key", QS_ANSWERED, false, SECPKG_ATTR_SESSION_KEY),
	QOK("qca:w:session-key", QS_ANSWERED, true, SECPKG_ATTR_SESSION_KEY),
	QUNSUP("qca:a:stream-sizes", QS_ANSWERED, false,
	    SECPKG_ATTR_STREAM_SIZES),
	QUNSUP("qca:w:stream-sizes", QS_ANSWERED, true,
	    SECPKG_ATTR_STREAM_SIZES),
	QUNSUP("qca:a:access-token", QS_ANSWERED, false,
	    SECPKG_ATTR_ACCESS_TOKEN),
	QUNSUP("qca:a:dce-info", QS_ANSWERED, false, SECPKG_ATTR_DCE_INFO),
	QUNSUP("qca:a:target-information", QS_ANSWERED, false,
	    SECPKG_ATTR_TARGET_INFORMATION),
	QUNSUP("qca:w:target-information", QS_ANSWERED, true,
	    SECPKG_ATTR_TARGET_INFORMATION),
	QUNSUP("qca:a:proto-info", QS_ANSWERED, false, SECPKG_ATTR_PROTO_INFO),
	QUNSUP("qca:a:client-specified-target-on-client", QS_ANSWERED, false,
	    SECPKG_ATTR_CLIENT_SPECIFIED_TARGET),
	QUNSUP("qca:a:creds-2", QS_ANSWERED, false, SECPKG_ATTR_CREDS_2),
	QUNSUP("qca:a:attr-0x7fff", QS_ANSWERED, false, 0x7fff),
	/* before any answer (api.md 3.15 "Available") */
	QOK("qca:new:a:sizes", QS_NEW, false, SECPKG_ATTR_SIZES),
	QOK("qca:new:a:flags", QS_NEW, false, SECPKG_ATTR_FLAGS),
	QOK("qca:new:a:lifespan", QS_NEW, false, SECPKG_ATTR_LIFESPAN),
	QOK("qca:new:a:package-info", QS_NEW, false, SECPKG_ATTR_PACKAGE_INFO),
	QOK("qca:new:a:negotiation-info", QS_NEW, false,
	    SECPKG_ATTR_NEGOTIATION_INFO),
	QOK("qca:new:w:negotiation-info", QS_NEW, true,
	    SECPKG_ATTR_NEGOTIATION_INFO),
	QOK("qca:new:a:names", QS_NEW, false, SECPKG_ATTR_NAMES),
	QUNSUP("qca:new:a:key-info", QS_NEW, false, SECPKG_ATTR_KEY_INFO),
	QUNSUP("qca:new:w:key-info", QS_NEW, true, SECPKG_ATTR_KEY_INFO),
	QUNSUP("qca:new:a:session-key", QS_NEW, false, SECPKG_ATTR_SESSION_KEY),
	QUNSUP("qca:new:w:session-key", QS_NEW, true, SECPKG_ATTR_SESSION_KEY),
	QUNSUP("qca:new:a:authority", QS_NEW, false, SECPKG_ATTR_AUTHORITY),
	QUNSUP("qca:new:w:authority", QS_NEW, true, SECPKG_ATTR_AUTHORITY),
	/* other states */
	QOK("qca:auth-int:a:flags", QS_AUTHINT, false, SECPKG_ATTR_FLAGS),
	QOK("qca:auth-int:a:session-key", QS_AUTHINT, false,
	    SECPKG_ATTR_SESSION_KEY),
	QOK("qca:md5-sess:a:key-info", QS_MD5SESS, false, SECPKG_ATTR_KEY_INFO),
	QOK("qca:md5-sess:a:session-key", QS_MD5SESS, false,
	    SECPKG_ATTR_SESSION_KEY),
	QOK("qca:mutual-pending:a:flags", QS_MUTUAL, false, SECPKG_ATTR_FLAGS),
	QOK("qca:failed:a:flags", QS_FAILED, false, SECPKG_ATTR_FLAGS),
	QOK("qca:failed:a:sizes", QS_FAILED, false, SECPKG_ATTR_SIZES),
	QOK("qca:failed:a:names", QS_FAILED, false, SECPKG_ATTR_NAMES),
	QOK("qca:failed:w:package-info", QS_FAILED, true,
	    SECPKG_ATTR_PACKAGE_INFO),
	QOK("qca:failed:a:lifespan", QS_FAILED, false, SECPKG_ATTR_LIFESPAN),
	/* pBuffer NULL */
	{ "qca:a:null-buffer", QS_ANSWERED, false, false, SECPKG_ATTR_SIZES,
	  QBUF_NULL, SEC_E_INVALID_PARAMETER },
	{ "qca:w:null-buffer", QS_ANSWERED, true, false, SECPKG_ATTR_NAMES,
	  QBUF_NULL, SEC_E_INVALID_PARAMETER },
	{ "qca:exa:null-buffer", QS_ANSWERED, false, true, SECPKG_ATTR_FLAGS,
	  QBUF_NULL, SEC_E_INVALID_PARAMETER },
	{ "qca:a:null-buffer-unsupported-attr", QS_ANSWERED, false, false,
	  SECPKG_ATTR_ACCESS_TOKEN, QBUF_NULL, SEC_E_INVALID_PARAMETER },
	/* Ex variants */
	{ "qca:exa:sizes", QS_ANSWERED, false, true, SECPKG_ATTR_SIZES,
	  QBUF_OK, SEC_E_OK },
	{ "qca:exw:names", QS_ANSWERED, true, true, SECPKG_ATTR_NAMES, QBUF_OK,
	  SEC_E_OK },
	{ "qca:exa:key-info", QS_ANSWERED, false, true, SECPKG_ATTR_KEY_INFO,
	  QBUF_OK, SEC_E_OK },
	{ "qca:exa:sizes-short", QS_ANSWERED, false, true, SECPKG_ATTR_SIZES,
	  QBUF_SHORT, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exw:names-short", QS_ANSWERED, true, true, SECPKG_ATTR_NAMES,
	  QBUF_SHORT, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exa:key-info-short", QS_ANSWERED, false, true,
	  SECPKG_ATTR_KEY_INFO, QBUF_SHORT, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exw:lifespan-short", QS_ANSWERED, true, true,
	  SECPKG_ATTR_LIFESPAN, QBUF_SHORT, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exa:negotiation-info-short", QS_ANSWERED, false, true,
	  SECPKG_ATTR_NEGOTIATION_INFO, QBUF_SHORT, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exa:session-key-zero", QS_ANSWERED, false, true,
	  SECPKG_ATTR_SESSION_KEY, QBUF_ZERO, SEC_E_BUFFER_TOO_SMALL },
	{ "qca:exa:flags-zero", QS_ANSWERED, false, true, SECPKG_ATTR_FLAGS,
	  QBUF_ZERO, SEC_E_BUFFER_TOO_SMALL },
};

static size_t qca_size(ULONG attr, bool wide)
{
	switch (attr) {
	case SECPKG_ATTR_SIZES:
		return sizeof(SecPkgContext_Sizes);
	case SECPKG_ATTR_FLAGS:
		return sizeof(SecPkgContext_Flags);
	case SECPKG_ATTR_LIFESPAN:
		return sizeof(SecPkgContext_Lifespan);
	case SECPKG_ATTR_NAMES:
		return wide ? sizeof(SecPkgContext_NamesW) :
		    sizeof(SecPkgContext_NamesA);
	case SECPKG_ATTR_KEY_INFO:
		return wide ? sizeof(SecPkgContext_KeyInfoW) :
		    sizeof(SecPkgContext_KeyInfoA);
	case SECPKG_ATTR_NEGOTIATION_INFO:
		return wide ? sizeof(SecPkgContext_NegotiationInfoW) :
		    sizeof(SecPkgContext_NegotiationInfoA);
	case SECPKG_ATTR_SESSION_KEY:
		return sizeof(SecPkgContext_SessionKey);
	default:
		return 64;
	}
}

static void check_text(const void *s, bool wide, const char *want)
{
	assert_non_null(s);
	if (wide)
		expect_wstr(s, want);
	else
		assert_string_equal((const char *)s, want);
}

static void expect_free(void *p)
{
	assert_non_null(p);
	assert_status(FreeContextBuffer(p), SEC_E_OK);
}

/* H(A1) of the context as 16 raw bytes. */
static void expected_session_key(enum qstate s, unsigned char key[16])
{
	char hex[65];

	if (s == QS_MD5SESS) {
		char *in = apitest_format("%s:%s:%s", RFC_HA1, NONCE, CNONCE);

		apitest_hash_hex("MD5", in, strlen(in), hex);
		free(in);
	} else {
		strcpy(hex, RFC_HA1);
	}
	unhex(hex, key, 16);
}

static void check_qca_content(const struct qca_case *c, void *buf,
    ULONG state_attr)
{
	bool w = c->wide;
	bool answered = c->state != QS_NEW;

	switch (c->attr) {
	case SECPKG_ATTR_SIZES: {
		const SecPkgContext_Sizes *s = buf;

		assert_int_equal(s->cbMaxToken, 4096);
		assert_int_equal(s->cbMaxSignature, 4096);
		assert_int_equal(s->cbBlockSize, 0);
		assert_int_equal(s->cbSecurityTrailer, 0);
		break;
	}
	case SECPKG_ATTR_FLAGS:
		assert_int_equal(((SecPkgContext_Flags *)buf)->Flags, state_attr);
		break;
	case SECPKG_ATTR_LIFESPAN: {
		const SecPkgContext_Lifespan *l = buf;
		int64_t now = filetime_now();

		assert_true(l->tsExpiry.QuadPart == DIGESTSSP_TIMESTAMP_NEVER);
		if (l->tsStart.QuadPart > now + 20000000 ||
		    l->tsStart.QuadPart < now - 600000000)
			fail_msg("tsStart %lld is not near now (%lld)",
			    (long long)l->tsStart.QuadPart, (long long)now);
		break;
	}
	case SECPKG_ATTR_PASSWORD_EXPIRY:
		assert_true(((SecPkgContext_PasswordExpiry *)buf)
		    ->tsPasswordExpires.QuadPart == DIGESTSSP_TIMESTAMP_NEVER);
		break;
	case SECPKG_ATTR_PACKAGE_INFO:
	case SECPKG_ATTR_NEGOTIATION_INFO:
		if (w) {
			SecPkgContext_NegotiationInfoW *n = buf;

			check_pkginfo_w(n->PackageInfo);
			if (c->attr == SECPKG_ATTR_NEGOTIATION_INFO)
				assert_int_equal(n->NegotiationState, answered ?
				    SECPKG_NEGOTIATION_COMPLETE :
				    SECPKG_NEGOTIATION_IN_PROGRESS);
			free_pkginfo(n->PackageInfo, n->PackageInfo->Name,
			    n->PackageInfo->Comment);
		} else {
			SecPkgContext_NegotiationInfoA *n = buf;

			check_pkginfo_a(n->PackageInfo);
			if (c->attr == SECPKG_ATTR_NEGOTIATION_INFO)
				assert_int_equal(n->NegotiationState, answered ?
				    SECPKG_NEGOTIATION_COMPLETE :
				    SECPKG_NEGOTIATION_IN_PROGRESS);
			free_pkginfo(n->PackageInfo, n->PackageInfo->Name,
			    n->PackageInfo->Comment);
		}
		break;
	case SECPKG_ATTR_NAMES: {
		void *s = ((SecPkgContext_NamesA *)buf)->sUserName;

		check_text(s, w, RFC_NAMES);
		expect_free(s);
		break;
	}
	case SECPKG_ATTR_NATIVE_NAMES: {
		SecPkgContext_NativeNamesA *n = buf;
		void *client = n->sClientName, *server = n->sServerName;

		check_text(client, w, RFC_NAMES);
		check_text(server, w, URI);
		expect_free(client);
		expect_free(server);
		break;
	}
	case SECPKG_ATTR_AUTHORITY: {
		void *s = ((SecPkgContext_AuthorityA *)buf)->sAuthorityName;

		check_text(s, w, REALM);
		expect_free(s);
		break;
	}
	case SECPKG_ATTR_KEY_INFO: {
		SecPkgContext_KeyInfoA *k = buf;
		void *sig = k->sSignatureAlgorithmName;
		void *enc = k->sEncryptAlgorithmName;

		/* HTTP qop=auth: "MD5", no cipher (api.md 3.15) */
		check_text(sig, w, "MD5");
		check_text(enc, w, "");
		assert_int_equal(k->KeySize, 128);
		assert_int_equal(k->SignatureAlgorithm, CALG_MD5);
		assert_int_equal(k->EncryptAlgorithm, 0);
		expect_free(sig);
		expect_free(enc);
		break;
	}
	case SECPKG_ATTR_SESSION_KEY: {
		SecPkgContext_SessionKey *sk = buf;
		unsigned char want[16];

		expected_session_key(c->state, want);
		assert_int_equal(sk->SessionKeyLength, 16);
		assert_memory_equal(sk->SessionKey, want, 16);
		expect_free(sk->SessionKey);
		break;
	}
	default:
		fail_msg("no content check for attribute 0x%x",
		    (unsigned)c->attr);
	}
}

static void test_qca(void **state)
{
	const struct qca_case *c = *state;
	struct env e;
	unsigned char buf[64], before[64];
	ULONG cb, state_attr;
	void *pbuf = c->buf == QBUF_NULL ? NULL : buf;
	SECURITY_STATUS st;

	switch (c->state) {
	case QS_NEW: {
		char out[TOKEN_MAX];
		ULONG len;

		memset(&e, 0, sizeof(e));
		acquire_rfc(&e.cred);
		assert_status(isc(&e.cred, NULL, &e.ctx, ISC_HTTP, URI, NULL, out,
		    &len, &e.attr), SEC_I_CONTINUE_NEEDED);
		break;
	}
	case QS_AUTHINT:
		env_up_with(&e, ISC_REQ_INTEGRITY, CHALLENGE);
		assert_int_equal(e.attr & SEC_BITS, SEC_BITS);
		break;
	case QS_MD5SESS:
		env_up_with(&e, 0, CHALLENGE ", algorithm=MD5-sess");
		break;
	case QS_MUTUAL:
		env_up_with(&e, ISC_REQ_MUTUAL_AUTH, CHALLENGE);
		assert_int_equal(e.attr & (SEC_BITS | ISC_RET_MUTUAL_AUTH), 0);
		break;
	case QS_FAILED: {
		ULONG attr, len;

		env_up(&e);
		assert_status(auth_info(&e.ctx, "rspauth=\"0123456789abcdef"
		    "0123456789abcdef\"", 0, &attr, &len),
		    SEC_E_WRONG_PRINCIPAL);
		break;
	}
	default:
		env_up(&e);
		break;
	}
	state_attr = e.attr;
	memset(buf, 0xCD, sizeof(buf));
	memcpy(before, buf, sizeof(buf));
	cb = (ULONG)qca_size(c->attr, c->wide);
	if (c->buf == QBUF_SHORT)
		cb--;
	else if (c->buf == QBUF_ZERO)
		cb = 0;
	if (c->ex)
		st = c->wide ?
		    QueryContextAttributesExW(&e.ctx, c->attr, pbuf, cb) :
		    QueryContextAttributesExA(&e.ctx, c->attr, pbuf, cb);
	else
		st = c->wide ? QueryContextAttributesW(&e.ctx, c->attr, pbuf) :
		    QueryContextAttributesA(&e.ctx, c->attr, pbuf);
	assert_status(st, c->want);
	if (st == SEC_E_OK)
		check_qca_content(c, buf, state_attr);
	else
		assert_memory_equal(buf, before, sizeof(buf));
	/* a query changes nothing */
	if (c->state == QS_ANSWERED || c->state == QS_MD5SESS ||
	    c->state == QS_AUTHINT)
		expect_sign(&e.ctx, NULL, "00000002");
	env_down(&e);
}

/* ======================================================================
 * Allocation failures (curl's torture style): every allocation of the
 * whole sequence fails once, in turn. Each failing step must return
 * SEC_E_INSUFFICIENT_MEMORY and leave no handle behind.
 * ====================================================================== */

static SECURITY_STATUS torture_ach(bool wide, CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SECURITY_STATUS st;

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	if (!wide) {
		char pkg[] = "WDigest";

		id.User = (unsigned char *)apitest_strdup(USER);
		id.Domain = (unsigned char *)apitest_strdup(REALM);
		id.Password = (unsigned char *)apitest_strdup(PASSWORD);
		id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
		id.UserLength = (ULONG)strlen(USER);
		id.DomainLength = (ULONG)strlen(REALM);
		id.PasswordLength = (ULONG)strlen(PASSWORD);
		st = AcquireCredentialsHandleA(NULL, pkg, OUT, NULL, &id, NULL,
		    NULL, cred, NULL);
	} else {
		SEC_WCHAR pkg[] = u"WDigest";

		id.User = (unsigned char *)wstr(USER);
		id.Domain = (unsigned char *)wstr(REALM);
		id.Password = (unsigned char *)wstr(PASSWORD);
		id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
		id.UserLength = (ULONG)strlen(USER);
		id.DomainLength = (ULONG)strlen(REALM);
		id.PasswordLength = (ULONG)strlen(PASSWORD);
		st = AcquireCredentialsHandleW(NULL, pkg, OUT, NULL, &id, NULL,
		    NULL, cred, NULL);
	}
	free(id.User);
	free(id.Domain);
	free(id.Password);
	return st;
}

static SECURITY_STATUS torture_isc(bool wide, CredHandle *cred,
    CtxtHandle *ctx, char *out, ULONG *len, ULONG *attr, bool *dirty)
{
	SecBuffer in[3], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char method[] = "GET", chal[] = CHALLENGE, uri[] = URI;
	SEC_WCHAR wuri[] = u"" URI;
	SECURITY_STATUS st;

	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	if (wide)
		st = InitializeSecurityContextW(cred, NULL, wuri, ISC_HTTP, 0, 0,
		    &in_desc, 0, ctx, &out_desc, attr, NULL);
	else
		st = InitializeSecurityContextA(cred, NULL, uri, ISC_HTTP, 0, 0,
		    &in_desc, 0, ctx, &out_desc, attr, NULL);
	*len = ob.cbBuffer;
	/* a failing call leaves the caller's output buffer as it was */
	*dirty = st < 0 && (ob.pvBuffer != out || ob.cbBuffer != TOKEN_MAX ||
	    (unsigned char)out[0] != OUT_PATTERN);
	return st;
}

static void torture(bool wide)
{
	long n, failures = 0, dirty_runs = 0, first_dirty = 0;
	bool done = false;
	char *out = malloc(TOKEN_MAX);

	assert_non_null(out);
	for (n = 1; n <= 20000 && !done; n++) {
		CredHandle cred = sentinel;
		CtxtHandle ctx = sentinel;
		bool have_cred = false, have_ctx = false, injected, dirty;
		int failed_step = 0;
		ULONG len, attr = ATTR_POISON;
		SECURITY_STATUS st;

		dss_test_set_cnonce(CNONCE);
		dss_test_fail_alloc(n);

		/* 1. AcquireCredentialsHandle */
		st = torture_ach(wide, &cred);
		if (st == SEC_E_INSUFFICIENT_MEMORY) {
			expect_sentinel(&cred);
			failed_step = 1;
			goto cleanup;
		}
		assert_status(st, SEC_E_OK);
		have_cred = true;

		/* 2. InitializeSecurityContext, answering */
		memset(out, OUT_PATTERN, TOKEN_MAX);
		st = torture_isc(wide, &cred, &ctx, out, &len, &attr, &dirty);
		if (st == SEC_E_INSUFFICIENT_MEMORY) {
			expect_sentinel(&ctx);
			assert_int_equal(attr, ATTR_POISON);
			if (dirty && dirty_runs++ == 0)
				first_dirty = n;
			failed_step = 2;
			goto cleanup;
		}
		assert_status(st, SEC_E_OK);
		have_ctx = true;
		check_token(out, len, &rfc_id, "GET", URI, NONCE, "00000001",
		    NULL);

		/* 3. MakeSignature */
		st = sign(&ctx, URI, out, &len);
		if (st == SEC_E_INSUFFICIENT_MEMORY) {
			failed_step = 3;
			dss_test_fail_alloc(0);
			/* the nonce count was not consumed */
			expect_sign(&ctx, NONCE, "00000002");
			goto cleanup;
		}
		assert_status(st, SEC_E_OK);
		check_token(out, len, &rfc_id, "GET", URI, NONCE, "00000002",
		    NULL);

		/* 4. QueryContextAttributes(NAMES) */
		if (!wide) {
			SecPkgContext_NamesA na = { NULL };

			st = QueryContextAttributesA(&ctx, SECPKG_ATTR_NAMES, &na);
			if (st == SEC_E_INSUFFICIENT_MEMORY) {
				assert_null(na.sUserName);
				failed_step = 4;
				goto cleanup;
			}
			assert_status(st, SEC_E_OK);
			assert_string_equal(na.sUserName, RFC_NAMES);
			assert_status(FreeContextBuffer(na.sUserName), SEC_E_OK);
		} else {
			SecPkgContext_NamesW nw = { NULL };

			st = QueryContextAttributesW(&ctx, SECPKG_ATTR_NAMES, &nw);
			if (st == SEC_E_INSUFFICIENT_MEMORY) {
				assert_null(nw.sUserName);
				failed_step = 4;
				goto cleanup;
			}
			assert_status(st, SEC_E_OK);
			expect_wstr(nw.sUserName, RFC_NAMES);
			assert_status(FreeContextBuffer(nw.sUserName), SEC_E_OK);
		}

		/* 5. DeleteSecurityContext */
		st = DeleteSecurityContext(&ctx);
		if (st == SEC_E_INSUFFICIENT_MEMORY) {
			failed_step = 5;
			goto cleanup;
		}
		assert_status(st, SEC_E_OK);
		have_ctx = false;

		/* 6. FreeCredentialsHandle */
		st = FreeCredentialsHandle(&cred);
		if (st == SEC_E_INSUFFICIENT_MEMORY) {
			failed_step = 6;
			goto cleanup;
		}
		assert_status(st, SEC_E_OK);
		have_cred = false;
cleanup:
		injected = dss_test_alloc_count() >= n;
		dss_test_fail_alloc(0);
		if (have_ctx)
			assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
		if (have_cred)
			assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
		if (failed_step != 0)
			failures++;
		else if (!injected)
			done = true;
	}
	dss_test_set_cnonce(NULL);
	free(out);
	assert_true(done);
	/* the sequence does allocate, so some runs must have failed */
	assert_true(failures > 0);
	print_message("      %ld runs, %ld with an allocation failure\n",
	    n - 1, failures);
	if (dirty_runs > 0)
		fail_msg("%ld InitializeSecurityContext call(s) failed with "
		    "SEC_E_INSUFFICIENT_MEMORY after writing the caller's output "
		    "token (first: allocation #%ld)", dirty_runs, first_dirty);
}

static void test_alloc_failures_a(void **state)
{
	(void)state;
	torture(false);
}

static void test_alloc_failures_w(void **state)
{
	(void)state;
	torture(true);
}

/* Every package-allocating query fails cleanly too. */
static void test_alloc_failures_queries(void **state)
{
	char pkg[] = "WDigest";
	PSecPkgInfoA info;
	ULONG n = 0;
	long i;

	(void)state;
	for (i = 1; i <= 3; i++) {
		info = (PSecPkgInfoA)(uintptr_t)0x1234;
		dss_test_fail_alloc(i);
		if (QuerySecurityPackageInfoA(pkg, &info) == SEC_E_OK) {
			dss_test_fail_alloc(0);
			check_pkginfo_a(info);
			assert_status(FreeContextBuffer(info), SEC_E_OK);
			break;
		}
		dss_test_fail_alloc(0);
		assert_ptr_equal(info, (PSecPkgInfoA)(uintptr_t)0x1234);
	}
	dss_test_fail_alloc(1);
	info = NULL;
	assert_status(EnumerateSecurityPackagesA(&n, &info),
	    SEC_E_INSUFFICIENT_MEMORY);
	dss_test_fail_alloc(0);
	assert_null(info);
	assert_int_equal(n, 0);
	dss_test_fail_alloc(1);
	assert_status(QuerySecurityPackageInfoA(pkg, &info),
	    SEC_E_INSUFFICIENT_MEMORY);
	dss_test_fail_alloc(0);
	assert_null(info);
}

/* ======================================================================
 * Threads (api.md 1.7): independent sequences in parallel, one shared
 * credential, and concurrent MakeSignature on one shared context.
 * No cmocka assertion runs off the main thread: failures are recorded.
 * ====================================================================== */

#define THREADS 8
#define ITERATIONS 200
#define SHARED_SIGNS 50

struct tfail {
	int failures;
	char msg[512];
};

static void tfail(struct tfail *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void tfail(struct tfail *f, const char *fmt, ...)
{
	va_list ap;

	if (f->failures++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* Value of directive `name` (unquoted), thread-safe and tolerant. */
static bool tok_get(const char *tok, size_t len, const char *name,
    char *out, size_t cap)
{
	size_t i = 0, nlen = strlen(name);

	while (i < len) {
		size_t ns, ne, k = 0;
		bool match;

		while (i < len && (tok[i] == ' ' || tok[i] == ','))
			i++;
		ns = i;
		while (i < len && tok[i] != '=')
			i++;
		if (i >= len)
			return false;
		ne = i++;
		match = ne - ns == nlen && strncasecmp(tok + ns, name, nlen) == 0;
		if (i < len && tok[i] == '"') {
			for (i++; i < len && tok[i] != '"'; i++) {
				if (tok[i] == '\\' && i + 1 < len)
					i++;
				if (match && k + 1 < cap)
					out[k++] = tok[i];
			}
			if (i >= len)
				return false;
			i++;
		} else {
			for (; i < len && tok[i] != ','; i++)
				if (match && k + 1 < cap)
					out[k++] = tok[i];
		}
		if (match) {
			out[k] = '\0';
			return true;
		}
	}
	return false;
}

static void md5_hex_of(const char *s, char out[33])
{
	static const char hexdig[] = "0123456789abcdef";
	struct md5_ctx c;
	uint8_t d[MD5_DIGEST_SIZE];
	size_t i;

	md5_init(&c);
	md5_update(&c, strlen(s), (const uint8_t *)s);
	md5_digest(&c, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		out[2 * i] = hexdig[d[i] >> 4];
		out[2 * i + 1] = hexdig[d[i] & 15];
	}
	out[32] = '\0';
}

/* Checks an RFC 2617 identity token; returns its nc (0 on failure). */
static unsigned long t_check(struct tfail *f, const char *tok, ULONG len,
    const char *nonce, const char *uri, const char *nc)
{
	char v[256], cnonce[128], ncv[16], resp[80], ha1[33], ha2[33];
	char want[33], buf[600];

	if (len == 0 || len >= TOKEN_MAX) {
		tfail(f, "token length %u", (unsigned)len);
		return 0;
	}
	if (!tok_get(tok, len, "username", v, sizeof(v)) ||
	    strcmp(v, USER) != 0 ||
	    !tok_get(tok, len, "realm", v, sizeof(v)) ||
	    strcmp(v, REALM) != 0 ||
	    !tok_get(tok, len, "nonce", v, sizeof(v)) ||
	    strcmp(v, nonce) != 0 ||
	    !tok_get(tok, len, "uri", v, sizeof(v)) || strcmp(v, uri) != 0 ||
	    !tok_get(tok, len, "qop", v, sizeof(v)) ||
	    strcmp(v, "auth") != 0 ||
	    !tok_get(tok, len, "nc", ncv, sizeof(ncv)) ||
	    (nc != NULL && strcmp(ncv, nc) != 0) ||
	    !tok_get(tok, len, "cnonce", cnonce, sizeof(cnonce)) ||
	    !tok_get(tok, len, "response", resp, sizeof(resp))) {
		tfail(f, "unexpected token (nonce %s, nc %s): %.*s", nonce,
		    nc != NULL ? nc : "any", (int)len, tok);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s:%s:%s", USER, REALM, PASSWORD);
	md5_hex_of(buf, ha1);
	snprintf(buf, sizeof(buf), "GET:%s", uri);
	md5_hex_of(buf, ha2);
	snprintf(buf, sizeof(buf), "%s:%s:%s:%s:auth:%s", ha1, nonce, ncv,
	    cnonce, ha2);
	md5_hex_of(buf, want);
	if (strcmp(resp, want) != 0) {
		tfail(f, "wrong response %s (want %s): %.*s", resp, want,
		    (int)len, tok);
		return 0;
	}
	return strtoul(ncv, NULL, 16);
}

static SECURITY_STATUS t_ach(CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	char user[] = USER, domain[] = REALM, password[] = PASSWORD;
	char pkg[] = "WDigest";

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	id.User = (unsigned char *)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)domain;
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)password;
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	return AcquireCredentialsHandleA(NULL, pkg, OUT, NULL, &id, NULL, NULL,
	    cred, NULL);
}

static SECURITY_STATUS t_isc(CredHandle *cred, CtxtHandle *ctx,
    char *chal, char *uri, char *out, ULONG *len)
{
	SecBuffer in[3], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char method[] = "GET";
	ULONG attr;
	SECURITY_STATUS st;

	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	st = InitializeSecurityContextA(cred, NULL, uri, ISC_HTTP, 0, 0,
	    &in_desc, 0, ctx, &out_desc, &attr, NULL);
	*len = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS t_sign(CtxtHandle *ctx, char *uri, char *out,
    ULONG *len)
{
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char method[] = "GET";
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, 3);
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	st = MakeSignature(ctx, 0, &desc, 0);
	*len = b[4].cbBuffer;
	return st;
}

struct worker {
	pthread_t tid;
	int id;
	CredHandle *shared;
	struct tfail f;
};

#define T_EXPECT(w, call, want) do { \
	SECURITY_STATUS t_st_ = (call); \
	if (t_st_ != (want)) { \
		tfail(&(w)->f, "%s: 0x%08x, expected 0x%08x", #call, \
		    (unsigned)(uint32_t)t_st_, (unsigned)(uint32_t)(want)); \
		goto stop; \
	} \
} while (0)

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i, k;

	for (i = 0; i < ITERATIONS; i++) {
		char nonce[64], chal[512], uri[128], nc[16];
		char *out = malloc(TOKEN_MAX);
		CredHandle cred;
		CtxtHandle ctx, ctx2;
		ULONG len;

		if (out == NULL) {
			tfail(&w->f, "out of memory");
			return NULL;
		}
		snprintf(nonce, sizeof(nonce), "w%d-i%d-%08x", w->id, i,
		    (unsigned)(w->id * 7919 + i));
		snprintf(uri, sizeof(uri), "/w/%d/%d", w->id, i);
		snprintf(chal, sizeof(chal), "realm=\"%s\", nonce=\"%s\", "
		    "qop=\"auth\", opaque=\"%s\"", REALM, nonce, OPAQUE);

		T_EXPECT(w, t_ach(&cred), SEC_E_OK);
		T_EXPECT(w, t_isc(&cred, &ctx, chal, uri, out, &len), SEC_E_OK);
		if (t_check(&w->f, out, len, nonce, uri, "00000001") != 1)
			goto stop;
		for (k = 2; k <= 4; k++) {
			T_EXPECT(w, t_sign(&ctx, uri, out, &len), SEC_E_OK);
			snprintf(nc, sizeof(nc), "%08x", (unsigned)k);
			if (t_check(&w->f, out, len, nonce, uri, nc) !=
			    (unsigned long)k)
				goto stop;
		}
		T_EXPECT(w, DeleteSecurityContext(&ctx), SEC_E_OK);
		T_EXPECT(w, FreeCredentialsHandle(&cred), SEC_E_OK);

		/* the credential every thread shares */
		T_EXPECT(w, t_isc(w->shared, &ctx2, chal, uri, out, &len),
		    SEC_E_OK);
		if (t_check(&w->f, out, len, nonce, uri, "00000001") != 1)
			goto stop;
		T_EXPECT(w, t_sign(&ctx2, uri, out, &len), SEC_E_OK);
		if (t_check(&w->f, out, len, nonce, uri, "00000002") != 2)
			goto stop;
		T_EXPECT(w, DeleteSecurityContext(&ctx2), SEC_E_OK);
		free(out);
		continue;
stop:
		free(out);
		return NULL;
	}
	return NULL;
}

static void test_threads_sequences(void **state)
{
	struct worker w[THREADS];
	CredHandle shared;
	int i;

	(void)state;
	dss_test_set_cnonce(NULL);
	acquire_rfc(&shared);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].shared = &shared;
		assert_int_equal(pthread_create(&w[i].tid, NULL, worker_main,
		    &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
	for (i = 0; i < THREADS; i++)
		if (w[i].f.failures != 0)
			fail_msg("thread %d: %d failure(s), first: %s", i,
			    w[i].f.failures, w[i].f.msg);
	assert_status(FreeCredentialsHandle(&shared), SEC_E_OK);
}

struct signer {
	pthread_t tid;
	CtxtHandle *ctx;
	unsigned long nc[SHARED_SIGNS];
	struct tfail f;
};

static void *signer_main(void *arg)
{
	struct signer *s = arg;
	char uri[] = URI;
	char *out = malloc(TOKEN_MAX);
	ULONG len;
	int i;

	if (out == NULL) {
		tfail(&s->f, "out of memory");
		return NULL;
	}
	for (i = 0; i < SHARED_SIGNS; i++) {
		SECURITY_STATUS st = t_sign(s->ctx, uri, out, &len);

		if (st != SEC_E_OK) {
			tfail(&s->f, "MakeSignature: 0x%08x",
			    (unsigned)(uint32_t)st);
			break;
		}
		s->nc[i] = t_check(&s->f, out, len, NONCE, URI, NULL);
	}
	free(out);
	return NULL;
}

/* One context, MakeSignature from every thread: no crash, no nc twice. */
static void test_threads_shared_context(void **state)
{
	struct env e;
	struct signer s[THREADS];
	static unsigned char seen[THREADS * SHARED_SIGNS + 2];
	int i, j;

	(void)state;
	env_up(&e);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < THREADS; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].ctx = &e.ctx;
		assert_int_equal(pthread_create(&s[i].tid, NULL, signer_main,
		    &s[i]), 0);
	}
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(s[i].tid, NULL), 0);
	for (i = 0; i < THREADS; i++) {
		if (s[i].f.failures != 0)
			fail_msg("thread %d: %s", i, s[i].f.msg);
		for (j = 0; j < SHARED_SIGNS; j++) {
			unsigned long nc = s[i].nc[j];

			if (nc < 2 || nc >= sizeof(seen) || seen[nc]++)
				fail_msg("nc %lu out of range or issued twice",
				    nc);
		}
	}
	expect_sign(&e.ctx, NONCE, "00000192"); /* 8 * 50 + 2 */
	env_down(&e);
}

/* ======================================================================
 * main
 * ====================================================================== */

static int reset_hooks(void **state)
{
	(void)state;
	dss_test_fail_alloc(0);
	dss_test_set_cnonce(NULL);
	return 0;
}

static struct CMUnitTest *tests;
static char **names;
static size_t ntests, tests_cap;

static void add_test(char *name, CMUnitTestFunction fn, const void *st)
{
	if (ntests == tests_cap) {
		tests_cap = tests_cap ? 2 * tests_cap : 512;
		tests = realloc(tests, tests_cap * sizeof(*tests));
		names = realloc(names, tests_cap * sizeof(*names));
		if (tests == NULL || names == NULL) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
	}
	memset(&tests[ntests], 0, sizeof(tests[ntests]));
	tests[ntests].name = name;
	tests[ntests].test_func = fn;
	tests[ntests].teardown_func = reset_hooks;
	tests[ntests].initial_state = (void *)(uintptr_t)st;
	names[ntests] = name;
	ntests++;
}

#define ADD(name, fn) add_test(apitest_strdup(name), fn, NULL)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	size_t i, n;
	int f, k, rc;

	ADD("package:init-interface-a-same-pointer", test_init_interface_a);
	ADD("package:init-interface-w-same-pointer", test_init_interface_w);
	ADD("package:table-a-members", test_table_a);
	ADD("package:table-w-members", test_table_w);
	for (i = 0; i < ARRAY_LEN(pkg_cases); i++)
		add_test(apitest_strdup(pkg_cases[i].name), test_pkginfo,
		    &pkg_cases[i]);
	ADD("package:enumerate-a", test_enumerate_a);
	ADD("package:enumerate-w", test_enumerate_w);
	ADD("freecontextbuffer:null", test_fcb_null);
	ADD("freecontextbuffer:stack-array", test_fcb_stack);
	ADD("freecontextbuffer:malloc-block", test_fcb_malloc);
	ADD("freecontextbuffer:twice", test_fcb_double);
	ADD("freecontextbuffer:interior-pointer", test_fcb_interior);

	for (i = 0; i < ARRAY_LEN(ach_cases); i++)
		add_test(apitest_strdup(ach_cases[i].name), test_ach,
		    &ach_cases[i]);
	for (i = 0; i < ARRAY_LEN(qcred_cases); i++)
		add_test(apitest_strdup(qcred_cases[i].name), test_qcred,
		    &qcred_cases[i]);
	ADD("setcred:default-strongest-algorithm",
	    test_setcred_default_strongest);
	ADD("setcred:algorithms-sha256", test_setcred_sha256);
	ADD("setcred:algorithms-md5", test_setcred_md5);
	ADD("setcred:algorithms-list", test_setcred_list);
	ADD("setcred:w:algorithms-md5", test_setcred_w_md5);
	ADD("setcred:algorithms-bogus", test_setcred_bogus);
	ADD("setcred:algorithms-none-offered", test_setcred_none_usable);
	ADD("setcred:unknown-attribute", test_setcred_unknown_attr);
	ADD("freecred:twice", test_freecred_twice);
	ADD("unsupported:table-members-without-digest-function",
	    test_unsupported_members);

	n = 0;
	for (f = 0; f < HF_COUNT; f++) {
		for (k = 0; k < HK_COUNT; k++) {
			if (f == HF_ISC_CTX && k == HK_NULL)
				continue; /* phContext NULL is a first call */
			hcases[n].f = (enum hfunc)f;
			hcases[n].k = (enum hkind)k;
			add_test(apitest_format("handle:%s:%s", hfuncs[f].name,
			    hkind_names[k]), test_handle, &hcases[n]);
			n++;
		}
	}
	ADD("handle:deletesecuritycontext-twice", test_delete_twice);
	ADD("handle:context-outlives-credential",
	    test_context_outlives_credential);
	ADD("handle:acceptsecuritycontext-credential-checks",
	    test_asc_credential_checks);

	n = 0;
	for (i = 0; i < ARRAY_LEN(isc_cases); i++) {
		isc_runs[n].c = &isc_cases[i];
		isc_runs[n].again = false;
		add_test(apitest_format("isc:first:%s", isc_cases[i].name),
		    test_isc, &isc_runs[n]);
		n++;
		if (isc_cases[i].after == AF_SKIP)
			continue;
		isc_runs[n].c = &isc_cases[i];
		isc_runs[n].again = true;
		add_test(apitest_format("isc:again:%s", isc_cases[i].name),
		    test_isc, &isc_runs[n]);
		n++;
	}
	ADD("isc:output-exact-capacity", test_isc_exact_capacity);
	ADD("isc:rfc2617-3.5-response", test_isc_rfc2617_vector);

	ADD("reauth:stale-challenge-then-no-input", test_reauth_stale);
	ADD("reauth:same-handle-variable", test_reauth_same_handle_variable);
	ADD("authinfo:rfc2617-rspauth-vector", test_rspauth_vector);
	ADD("authinfo:rspauth-correct", test_rspauth_ok);
	ADD("authinfo:rspauth-correct-full-info-mutual",
	    test_rspauth_ok_full_info);
	ADD("authinfo:rspauth-after-makesignature",
	    test_rspauth_after_makesignature);
	ADD("authinfo:rspauth-wrong", test_rspauth_wrong);
	ADD("authinfo:rspauth-wrong-mutual-requested",
	    test_rspauth_wrong_mutual_requested);
	ADD("authinfo:rspauth-wrong-length", test_rspauth_wrong_length);
	ADD("authinfo:rspauth-wrong-nc", test_rspauth_wrong_nc);
	ADD("authinfo:rspauth-wrong-cnonce", test_rspauth_wrong_cnonce);
	ADD("authinfo:neither-challenge-nor-info", test_auth_info_garbage);
	ADD("authinfo:nextnonce", test_nextnonce);
	ADD("authinfo:rspauth-and-nextnonce", test_rspauth_and_nextnonce);

	for (i = 0; i < ARRAY_LEN(ms_cases); i++)
		add_test(apitest_strdup(ms_cases[i].name), test_makesig,
		    &ms_cases[i]);
	ADD("makesig:slot4-exact-capacity", test_makesig_exact_capacity);
	ADD("makesig:new-context", test_makesig_new_context);
	ADD("message:verify-encrypt-decrypt-complete-on-http-client",
	    test_other_message_functions);
	ADD("message:completeauthtoken-new-context",
	    test_complete_auth_token_new_context);

	for (i = 0; i < ARRAY_LEN(qca_cases); i++)
		add_test(apitest_strdup(qca_cases[i].name), test_qca,
		    &qca_cases[i]);

	ADD("alloc-failures:a-sequence", test_alloc_failures_a);
	ADD("alloc-failures:w-sequence", test_alloc_failures_w);
	ADD("alloc-failures:package-queries", test_alloc_failures_queries);
	ADD("threads:8x200-sequences-shared-credential",
	    test_threads_sequences);
	ADD("threads:shared-context-makesignature",
	    test_threads_shared_context);

	rc = _cmocka_run_group_tests("api_edges", tests, ntests, NULL, NULL);
	for (i = 0; i < ntests; i++)
		free(names[i]);
	free(tests);
	free(names);
	return rc;
}
