/*
 * curl's HTTP Digest call sequence (lib/vauth/digest_sspi.c), exactly as
 * documented in api.md 4.1 and buffers.md 9, through the dispatch table
 * returned by InitSecurityInterfaceA (and, for a UNICODE build, ...W):
 *
 *   QuerySecurityPackageInfo -> cbMaxToken -> FreeContextBuffer
 *   AcquireCredentialsHandle (SEC_WINNT_AUTH_IDENTITY_EX, Domain = realm)
 *   InitializeSecurityContext (3 input buffers, malloc'ed output)
 *   CompleteAuthToken(&credentials, ...)   curl's bug: wrong handle kind
 *   FreeCredentialsHandle right away
 *   MakeSignature (5-buffer layout) for each later request
 *   DeleteSecurityContext
 *
 * plus the stale path: MakeSignature fails -> DeleteSecurityContext ->
 * fresh AcquireCredentialsHandle + InitializeSecurityContext.
 *
 * Responses are recomputed here with nettle's MD5 from the RFC 2617 3.5
 * inputs; with cnonce 0a4f113b the first one is RFC 2617's printed
 * 6629fae49393a05397450978507c4ef1.
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/md5.h>

#include "sspi/testhook.h"

#define USER "Mufasa"
#define REALM "testrealm@host.com"
#define PASSWORD "Circle Of Life"
#define NONCE "dcd98b7102dd2f0e8b11d0f600bfb0c093"
#define OPAQUE "5ccc069c403ebaf9f0171e9517f40e41"
#define CNONCE "0a4f113b"
#define URI "/dir/index.html"
#define RFC2617_RESPONSE "6629fae49393a05397450978507c4ef1"

/* What curl keeps from "WWW-Authenticate: Digest <this>" */
#define CHALLENGE "realm=\"" REALM "\", qop=\"auth,auth-int\", " \
	"nonce=\"" NONCE "\", opaque=\"" OPAQUE "\""

#define STALE_NONCE "5a5f2c0b9d2b4ab88b0ad3ea8b8c9c71e2"
#define STALE_CHALLENGE "realm=\"" REALM "\", qop=\"auth\", " \
	"nonce=\"" STALE_NONCE "\", opaque=\"" OPAQUE "\", stale=true"

/* Later requests on the same context: nc 2, 3, 4 */
static const char *const later_uris[] = {
	"/dir/page2.html",
	"/dir/index.html?x=1&y=a%20b",
	"/img/logo.png",
};

/* ---- expected values, recomputed with nettle ----------------------------- */

static void md5_hex(const char *s, char out[33])
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

static void rfc2617_response(const char *user, const char *realm,
    const char *password, const char *method, const char *uri,
    const char *nonce, const char *nc, const char *cnonce, char out[33])
{
	char ha1[33], ha2[33];
	char *s;

	s = apitest_format("%s:%s:%s", user, realm, password);
	md5_hex(s, ha1);
	free(s);
	s = apitest_format("%s:%s", method, uri);
	md5_hex(s, ha2);
	free(s);
	s = apitest_format("%s:%s:%s:%s:auth:%s", ha1, nonce, nc, cnonce, ha2);
	md5_hex(s, out);
	free(s);
}

/* Checks one Authorization directive list (RFC 2617 3.5 identity). */
static void check_authorization(const char *tok, ULONG len,
    const char *user, const char *password, const char *nonce,
    const char *uri, const char *nc)
{
	struct apitest_dirlist l;
	char want[33];

	assert_true(len > 0 && len < 4096);
	assert_true(tok[len - 1] != '\0');
	/* curl prepends "Digest " itself */
	assert_true(strncasecmp(tok, "Digest ", 7) != 0);
	apitest_dirlist_parse(&l, tok, len);
	apitest_expect_username(&l, user, strlen(user));
	apitest_expect_str(&l, "realm", REALM);
	apitest_expect_str(&l, "nonce", nonce);
	apitest_expect_str(&l, "uri", uri);
	apitest_expect_str(&l, "qop", "auth");
	apitest_expect_str(&l, "nc", nc);
	apitest_expect_str(&l, "cnonce", CNONCE);
	apitest_expect_str(&l, "opaque", OPAQUE);
	rfc2617_response(user, REALM, password, "GET", uri, nonce, nc, CNONCE,
	    want);
	apitest_expect_str(&l, "response", want);
	apitest_dirlist_free(&l);
}

/* ---- the A (ANSI) sequence ----------------------------------------------- */

static ULONG query_max_token_a(PSecurityFunctionTableA s)
{
	char pkg[] = "WDigest";
	PSecPkgInfoA info = NULL;
	ULONG max;

	assert_status(s->QuerySecurityPackageInfoA(pkg, &info), SEC_E_OK);
	assert_non_null(info);
	assert_string_equal(info->Name, "WDigest");
	max = info->cbMaxToken;
	assert_int_equal(max, 4096);
	/* one allocation, one FreeContextBuffer */
	assert_status(s->FreeContextBuffer(info), SEC_E_OK);
	return max;
}

/*
 * First authorised request, as curl's Curl_auth_create_digest_http_message
 * does it: ACH, ISC, CompleteAuthToken(&credentials), FreeCredentialsHandle.
 * Returns the context; the token must be the expected nc=1 response.
 */
static void curl_first_request_a(PSecurityFunctionTableA s, ULONG max,
    const char *challenge, const char *nonce, CtxtHandle *ctx)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	CredHandle cred, cred_copy;
	SecBuffer chlg_buf[3], resp_buf, resp_copy;
	SecBufferDesc chlg_desc, resp_desc;
	char pkg[] = "WDigest";
	char user[] = USER, domain[] = REALM, password[] = PASSWORD;
	char request[] = "GET";
	char uripath[] = URI;
	char *input_token = apitest_strdup(challenge);
	unsigned char *output_token = malloc(max);
	unsigned char *token_copy = malloc(max);
	ULONG attrs = 0;
	SECURITY_STATUS status;

	assert_non_null(output_token);
	assert_non_null(token_copy);
	/* defined contents, so that "nothing changed" can be compared */
	memset(output_token, 0xa5, max);

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = (ULONG)sizeof(id);
	id.User = (unsigned char *)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = (unsigned char *)domain;
	id.DomainLength = (ULONG)strlen(domain);
	id.Password = (unsigned char *)password;
	id.PasswordLength = (ULONG)strlen(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	id.PackageList = NULL;
	id.PackageListLength = 0;
	assert_status(s->AcquireCredentialsHandleA(NULL, pkg,
	    SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred, NULL),
	    SEC_E_OK);
	/* curl frees its identity copy at once */
	memset(&id, 0, sizeof(id));
	memset(password, 'x', strlen(password));

	chlg_desc.ulVersion = SECBUFFER_VERSION;
	chlg_desc.cBuffers = 3;
	chlg_desc.pBuffers = chlg_buf;
	chlg_buf[0].BufferType = SECBUFFER_TOKEN;
	chlg_buf[0].pvBuffer = input_token;
	chlg_buf[0].cbBuffer = (ULONG)strlen(input_token);
	chlg_buf[1].BufferType = SECBUFFER_PKG_PARAMS;
	chlg_buf[1].pvBuffer = request;
	chlg_buf[1].cbBuffer = (ULONG)strlen(request);
	chlg_buf[2].BufferType = SECBUFFER_PKG_PARAMS;
	chlg_buf[2].pvBuffer = NULL;
	chlg_buf[2].cbBuffer = 0;

	resp_desc.ulVersion = SECBUFFER_VERSION;
	resp_desc.cBuffers = 1;
	resp_desc.pBuffers = &resp_buf;
	resp_buf.BufferType = SECBUFFER_TOKEN;
	resp_buf.pvBuffer = output_token;
	resp_buf.cbBuffer = max;

	dss_test_set_cnonce(CNONCE);
	status = s->InitializeSecurityContextA(&cred, NULL, uripath,
	    ISC_REQ_USE_HTTP_STYLE, 0, 0, &chlg_desc, 0, ctx, &resp_desc,
	    &attrs, NULL);
	assert_status(status, SEC_E_OK);
	assert_true(attrs & ISC_RET_USED_HTTP_STYLE);
	assert_ptr_equal(resp_buf.pvBuffer, output_token);
	check_authorization((const char *)output_token, resp_buf.cbBuffer,
	    USER, PASSWORD, nonce, URI, "00000001");

	/*
	 * curl calls CompleteAuthToken(&credentials, &resp_desc) on the
	 * COMPLETE codes; the library must reject the credential handle
	 * without touching anything.
	 */
	cred_copy = cred;
	resp_copy = resp_buf;
	memcpy(token_copy, output_token, max);
	assert_status(s->CompleteAuthToken(&cred, &resp_desc),
	    SEC_E_INVALID_HANDLE);
	assert_memory_equal(&cred, &cred_copy, sizeof(cred));
	assert_memory_equal(&resp_buf, &resp_copy, sizeof(resp_buf));
	assert_int_equal(resp_desc.cBuffers, 1);
	assert_ptr_equal(resp_desc.pBuffers, &resp_buf);
	assert_memory_equal(output_token, token_copy, max);

	/* curl frees the credentials right away and keeps the context */
	assert_status(s->FreeCredentialsHandle(&cred), SEC_E_OK);

	free(input_token);
	free(output_token);
	free(token_copy);
}

/* One later request through MakeSignature (buffers.md 9). */
static SECURITY_STATUS curl_make_signature(MAKE_SIGNATURE_FN ms,
    CtxtHandle *ctx, ULONG max,
    const char *uri_s, char *out, ULONG *out_len)
{
	SecBuffer chlg_buf[5];
	SecBufferDesc chlg_desc;
	char request[] = "GET";
	char *uripath = apitest_strdup(uri_s);
	SECURITY_STATUS status;

	chlg_desc.ulVersion = SECBUFFER_VERSION;
	chlg_desc.cBuffers = 5;
	chlg_desc.pBuffers = chlg_buf;
	chlg_buf[0].BufferType = SECBUFFER_TOKEN;
	chlg_buf[0].pvBuffer = NULL;
	chlg_buf[0].cbBuffer = 0;
	chlg_buf[1].BufferType = SECBUFFER_PKG_PARAMS;
	chlg_buf[1].pvBuffer = request;
	chlg_buf[1].cbBuffer = (ULONG)strlen(request);
	chlg_buf[2].BufferType = SECBUFFER_PKG_PARAMS;
	chlg_buf[2].pvBuffer = uripath;
	chlg_buf[2].cbBuffer = (ULONG)strlen(uripath);
	chlg_buf[3].BufferType = SECBUFFER_PKG_PARAMS;
	chlg_buf[3].pvBuffer = NULL;
	chlg_buf[3].cbBuffer = 0;
	chlg_buf[4].BufferType = SECBUFFER_PADDING;
	chlg_buf[4].pvBuffer = out;
	chlg_buf[4].cbBuffer = max;

	status = ms(ctx, 0, &chlg_desc, 0);
	*out_len = chlg_buf[4].cbBuffer;
	if (status == SEC_E_OK)
		assert_ptr_equal(chlg_buf[4].pvBuffer, out);
	free(uripath);
	return status;
}

static void later_requests(MAKE_SIGNATURE_FN ms, CtxtHandle *ctx, ULONG max,
    const char *user, const char *password, const char *nonce)
{
	char *out = malloc(max);
	ULONG len;
	size_t i;

	assert_non_null(out);
	for (i = 0; i < sizeof(later_uris) / sizeof(later_uris[0]); i++) {
		char nc[9];

		snprintf(nc, sizeof(nc), "%08x", (unsigned)(i + 2));
		assert_status(curl_make_signature(ms, ctx, max, later_uris[i],
		    out, &len), SEC_E_OK);
		check_authorization(out, len, user, password, nonce,
		    later_uris[i], nc);
	}
	free(out);
}

static void test_rfc2617_expected(void **state)
{
	char want[33];

	(void)state;
	rfc2617_response(USER, REALM, PASSWORD, "GET", URI, NONCE, "00000001",
	    CNONCE, want);
	assert_string_equal(want, RFC2617_RESPONSE);
}

static void test_curl_ansi(void **state)
{
	PSecurityFunctionTableA s = InitSecurityInterfaceA();
	CtxtHandle ctx, ctx_copy;
	ULONG max, len;
	char *out;

	(void)state;
	assert_non_null(s);
	assert_ptr_equal(s, InitSecurityInterfaceA());
	max = query_max_token_a(s);

	curl_first_request_a(s, max, CHALLENGE, NONCE, &ctx);
	later_requests(s->MakeSignature, &ctx, max, USER, PASSWORD, NONCE);

	ctx_copy = ctx;
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_memory_equal(&ctx, &ctx_copy, sizeof(ctx));
	/* already deleted: still SEC_E_OK (api.md 3.10) */
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	out = malloc(max);
	assert_non_null(out);
	assert_status(curl_make_signature(s->MakeSignature, &ctx, max, URI,
	    out, &len), SEC_E_INVALID_HANDLE);
	free(out);
	dss_test_set_cnonce(NULL);
}

/*
 * The stale path: a MakeSignature failure makes curl delete the context
 * and start over with ACH + ISC on the stored challenge; a later 401 with
 * stale=true makes it delete the context and answer the new challenge.
 */
static void test_curl_stale(void **state)
{
	PSecurityFunctionTableA s = InitSecurityInterfaceA();
	CtxtHandle ctx;
	ULONG max, len;
	char small[16];
	char *out;

	(void)state;
	max = query_max_token_a(s);
	out = malloc(max);
	assert_non_null(out);

	curl_first_request_a(s, max, CHALLENGE, NONCE, &ctx);
	assert_status(curl_make_signature(s->MakeSignature, &ctx, max,
	    later_uris[0], out, &len), SEC_E_OK);
	check_authorization(out, len, USER, PASSWORD, NONCE, later_uris[0],
	    "00000002");

	/* MakeSignature fails (output slot too small) */
	assert_status(curl_make_signature(s->MakeSignature, &ctx,
	    sizeof(small), later_uris[1], small, &len),
	    SEC_E_BUFFER_TOO_SMALL);
	/* curl: delete the context, redo ACH + ISC with the stored challenge */
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	curl_first_request_a(s, max, CHALLENGE, NONCE, &ctx);
	later_requests(s->MakeSignature, &ctx, max, USER, PASSWORD, NONCE);

	/* 401 with stale=true: delete, then answer the new challenge */
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	curl_first_request_a(s, max, STALE_CHALLENGE, STALE_NONCE, &ctx);
	later_requests(s->MakeSignature, &ctx, max, USER, PASSWORD,
	    STALE_NONCE);
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	free(out);
	dss_test_set_cnonce(NULL);
}

/* buffers.md 5.1: too small slot 4 does not consume a nonce count. */
static void test_small_padding_keeps_nc(void **state)
{
	PSecurityFunctionTableA s = InitSecurityInterfaceA();
	CtxtHandle ctx;
	ULONG max, len;
	char small[16];
	char *out;

	(void)state;
	max = query_max_token_a(s);
	out = malloc(max);
	assert_non_null(out);
	curl_first_request_a(s, max, CHALLENGE, NONCE, &ctx);
	assert_status(curl_make_signature(s->MakeSignature, &ctx,
	    sizeof(small), later_uris[0], small, &len),
	    SEC_E_BUFFER_TOO_SMALL);
	assert_status(curl_make_signature(s->MakeSignature, &ctx, max,
	    later_uris[0], out, &len), SEC_E_OK);
	check_authorization(out, len, USER, PASSWORD, NONCE, later_uris[0],
	    "00000002");
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	free(out);
	dss_test_set_cnonce(NULL);
}

/* ---- the W (UNICODE build) sequence ---------------------------------------- */

static size_t u16len(const SEC_WCHAR *s)
{
	size_t n = 0;

	while (s[n] != 0)
		n++;
	return n;
}

static void curl_sequence_w(const SEC_WCHAR *user_w, const char *user_utf8,
    const SEC_WCHAR *password_w, const char *password_utf8)
{
	PSecurityFunctionTableW s = InitSecurityInterfaceW();
	SEC_WCHAR pkg[] = u"WDigest";
	SEC_WCHAR domain[] = u"" REALM;
	SEC_WCHAR uripath[] = u"" URI;
	SEC_WINNT_AUTH_IDENTITY_EXW id;
	PSecPkgInfoW info = NULL;
	CredHandle cred;
	CtxtHandle ctx;
	SecBuffer chlg_buf[3], resp_buf;
	SecBufferDesc chlg_desc, resp_desc;
	char request[] = "GET";
	char *input_token = apitest_strdup(CHALLENGE);
	SEC_WCHAR *user = malloc((u16len(user_w) + 1) * sizeof(SEC_WCHAR));
	SEC_WCHAR *password = malloc((u16len(password_w) + 1) *
	    sizeof(SEC_WCHAR));
	unsigned char *output_token;
	ULONG max, attrs = 0, len;
	size_t i;

	assert_non_null(s);
	assert_ptr_equal(s, InitSecurityInterfaceW());
	assert_non_null(user);
	assert_non_null(password);
	memcpy(user, user_w, (u16len(user_w) + 1) * sizeof(SEC_WCHAR));
	memcpy(password, password_w, (u16len(password_w) + 1) *
	    sizeof(SEC_WCHAR));

	assert_status(s->QuerySecurityPackageInfoW(pkg, &info), SEC_E_OK);
	assert_non_null(info);
	for (i = 0; pkg[i] != 0; i++)
		assert_int_equal(info->Name[i], pkg[i]);
	assert_int_equal(info->Name[i], 0);
	max = info->cbMaxToken;
	assert_int_equal(max, 4096);
	assert_status(s->FreeContextBuffer(info), SEC_E_OK);
	output_token = malloc(max);
	assert_non_null(output_token);

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = (ULONG)sizeof(id);
	id.User = user;
	id.UserLength = (ULONG)u16len(user);
	id.Domain = domain;
	id.DomainLength = (ULONG)u16len(domain);
	id.Password = password;
	id.PasswordLength = (ULONG)u16len(password);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
	assert_status(s->AcquireCredentialsHandleW(NULL, pkg,
	    SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, &cred, NULL),
	    SEC_E_OK);
	memset(password, 0, u16len(password_w) * sizeof(SEC_WCHAR));
	free(password);
	free(user);

	chlg_desc.ulVersion = SECBUFFER_VERSION;
	chlg_desc.cBuffers = 3;
	chlg_desc.pBuffers = chlg_buf;
	apitest_set_buffer(&chlg_buf[0], SECBUFFER_TOKEN, input_token,
	    strlen(input_token));
	apitest_set_buffer(&chlg_buf[1], SECBUFFER_PKG_PARAMS, request,
	    strlen(request));
	apitest_set_buffer(&chlg_buf[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	resp_desc.ulVersion = SECBUFFER_VERSION;
	resp_desc.cBuffers = 1;
	resp_desc.pBuffers = &resp_buf;
	apitest_set_buffer(&resp_buf, SECBUFFER_TOKEN, output_token, max);

	dss_test_set_cnonce(CNONCE);
	assert_status(s->InitializeSecurityContextW(&cred, NULL, uripath,
	    ISC_REQ_USE_HTTP_STYLE, 0, 0, &chlg_desc, 0, &ctx, &resp_desc,
	    &attrs, NULL), SEC_E_OK);
	assert_true(attrs & ISC_RET_USED_HTTP_STYLE);
	check_authorization((const char *)output_token, resp_buf.cbBuffer,
	    user_utf8, password_utf8, NONCE, URI, "00000001");
	assert_status(s->CompleteAuthToken(&cred, &resp_desc),
	    SEC_E_INVALID_HANDLE);
	assert_status(s->FreeCredentialsHandle(&cred), SEC_E_OK);

	later_requests(s->MakeSignature, &ctx, max, user_utf8, password_utf8,
	    NONCE);
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(s->DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(curl_make_signature(s->MakeSignature, &ctx, max, URI,
	    (char *)output_token, &len), SEC_E_INVALID_HANDLE);
	free(output_token);
	free(input_token);
	dss_test_set_cnonce(NULL);
}

static void test_curl_unicode(void **state)
{
	(void)state;
	curl_sequence_w(u"" USER, USER, u"" PASSWORD, PASSWORD);
}

/* UTF-16 identity strings reach the hashes as UTF-8 */
static void test_curl_unicode_non_ascii(void **state)
{
	(void)state;
	curl_sequence_w(u"J\u00e4s\u00f8n Doe", "J\303\244s\303\270n Doe",
	    u"Secret, or n\u00f6t?", "Secret, or n\303\266t?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2617_expected),
		cmocka_unit_test(test_curl_ansi),
		cmocka_unit_test(test_curl_stale),
		cmocka_unit_test(test_small_padding_keeps_nc),
		cmocka_unit_test(test_curl_unicode),
		cmocka_unit_test(test_curl_unicode_non_ascii),
	};

	return cmocka_run_group_tests_name("curl_sequence", tests, NULL, NULL);
}
