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
