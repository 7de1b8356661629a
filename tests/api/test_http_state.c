/*
 * test_http_state.c - context state after failing calls (api.md 1.8):
 * a bad parameter from the caller changes nothing; a bad token from the
 * peer fails the context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apitest.h"
#include "sspi/testhook.h"

/* RFC 2617 section 3.5 */
static char challenge[] =
	"realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
	"nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
	"opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
static char uri[] = "/dir/index.html";
static char get[] = "GET";
static char package[] = "WDigest";

static void
acquire(CredHandle *cred)
{
	static char user[] = "Mufasa", realm[] = "testrealm@host.com",
		    pw[] = "Circle Of Life";
	SEC_WINNT_AUTH_IDENTITY_A id = {
		(unsigned char *)user, 6, (unsigned char *)realm, 18,
		(unsigned char *)pw, 14, SEC_WINNT_AUTH_IDENTITY_ANSI
	};

	assert_status(AcquireCredentialsHandleA(NULL, package,
						SECPKG_CRED_OUTBOUND, NULL,
						&id, NULL, NULL, cred, NULL),
		      SEC_E_OK);
}

/* ISC with (token, method); returns the status. */
static SECURITY_STATUS
isc(CredHandle *cred, CtxtHandle *ctx, int have_ctx, char *tok,
    char *method, char *out, ULONG *out_len)
{
	SecBuffer in[3] = {
		{ (ULONG)strlen(tok), SECBUFFER_TOKEN, tok },
		{ method ? (ULONG)strlen(method) : 0, SECBUFFER_PKG_PARAMS,
		  method },
		{ 0, SECBUFFER_PKG_PARAMS, NULL },
	};
	SecBuffer ob = { 4096, SECBUFFER_TOKEN, out };
	SecBufferDesc ind = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc outd = { SECBUFFER_VERSION, 1, &ob };
	ULONG attrs;
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(have_ctx ? NULL : cred,
					have_ctx ? ctx : NULL, uri,
					ISC_REQ_USE_HTTP_STYLE, 0, 0, &ind, 0,
					ctx, &outd, &attrs, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

/* MakeSignature with curl's layout; returns the status, fills nc. */
static SECURITY_STATUS
next_request(CtxtHandle *ctx, char nc[9])
{
	char out[4096];
	SecBuffer b[5] = {
		{ 0, SECBUFFER_TOKEN, NULL },
		{ 3, SECBUFFER_PKG_PARAMS, get },
		{ (ULONG)strlen(uri), SECBUFFER_PKG_PARAMS, uri },
		{ 0, SECBUFFER_PKG_PARAMS, NULL },
		{ sizeof(out) - 1, SECBUFFER_PADDING, out },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
	SECURITY_STATUS st = MakeSignature(ctx, 0, &d, 0);

	if (st == SEC_E_OK) {
		struct apitest_dirlist l;
		const struct apitest_directive *dn;

		apitest_dirlist_parse(&l, out, b[4].cbBuffer);
		dn = apitest_dirlist_get(&l, "nc");
		assert_non_null(dn);
		assert_int_equal(dn->value_len, 8);
		memcpy(nc, dn->value, 9);
		apitest_dirlist_free(&l);
	}
	return st;
}

/* Regression: a re-challenge without a method (caller's mistake) once
   failed the context; it must leave it usable. */
static void
test_caller_error_keeps_context(void **state)
{
	CredHandle cred;
	CtxtHandle ctx;
	char out[4096], nc[9];
	ULONG n;

	(void)state;
	acquire(&cred);
	dss_test_set_cnonce("0a4f113b");
	assert_status(isc(&cred, &ctx, 0, challenge, get, out, &n), SEC_E_OK);
	assert_status(next_request(&ctx, nc), SEC_E_OK);
	assert_string_equal(nc, "00000002");
	/* no method: SEC_E_INVALID_TOKEN, nothing changes */
	assert_status(isc(&cred, &ctx, 1, challenge, NULL, out, &n),
		      SEC_E_INVALID_TOKEN);
	assert_status(next_request(&ctx, nc), SEC_E_OK);
	assert_string_equal(nc, "00000003");
	/* a malformed challenge from the peer: the context is FAILED */
	{
		char bad[] = "realm=\"x\", nonce=\"unterminated";

		assert_status(isc(&cred, &ctx, 1, bad, get, out, &n),
			      SEC_E_INVALID_TOKEN);
	}
	assert_status(next_request(&ctx, nc), SEC_E_INVALID_HANDLE);
	{
		SecPkgContext_Flags f;

		assert_status(QueryContextAttributesA(&ctx, SECPKG_ATTR_FLAGS,
						      &f),
			      SEC_E_OK);
	}
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

/* ISC on a new context with the given output buffer and flags. */
static SECURITY_STATUS
isc_out(CredHandle *cred, CtxtHandle *ctx, char *tok, SecBuffer *ob,
	ULONG req)
{
	SecBuffer in[3] = {
		{ (ULONG)strlen(tok), SECBUFFER_TOKEN, tok },
		{ 3, SECBUFFER_PKG_PARAMS, get },
		{ 0, SECBUFFER_PKG_PARAMS, NULL },
	};
	SecBufferDesc ind = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc outd = { SECBUFFER_VERSION, 1, ob };
	ULONG attrs;

	return InitializeSecurityContextA(cred, NULL, uri,
					  ISC_REQ_USE_HTTP_STYLE | req, 0, 0,
					  &ind, 0, ctx, &outd, &attrs, NULL);
}

/*
 * A response longer than the emitter's stack scratch (1 KiB) is measured
 * and written in place: the same text, and a buffer one byte short stays
 * untouched. The nonce carries escapes, which come back escaped.
 */
static void
test_long_response(void **state)
{
	enum { NONCE = 1500 };
	CredHandle cred;
	CtxtHandle ctx;
	char *tok, *nonce, *plain, *want, *buf;
	SecBuffer ob;
	size_t i, len, plen;
	struct apitest_dirlist l;

	(void)state;
	acquire(&cred);
	dss_test_set_cnonce("0a4f113b");
	nonce = malloc(2 * NONCE + 1);
	plain = malloc(NONCE + 1);
	assert_non_null(nonce);
	assert_non_null(plain);
	for (i = 0, len = 0, plen = 0; i < NONCE; i++) {
		char c = i % 100 == 7 ? '"' : i % 100 == 50 ? '\\' :
					  (char)('a' + i % 26);

		if (c == '"' || c == '\\')
			nonce[len++] = '\\';
		nonce[len++] = c;
		plain[plen++] = c;
	}
	nonce[len] = '\0';
	tok = apitest_format("realm=\"testrealm@host.com\", qop=\"auth\", "
			     "nonce=\"%s\"", nonce);

	/* the package allocates: the reference text */
	ob = (SecBuffer){ 0, SECBUFFER_TOKEN, NULL };
	assert_status(isc_out(&cred, &ctx, tok, &ob, ISC_REQ_ALLOCATE_MEMORY),
		      SEC_E_OK);
	assert_true(ob.cbBuffer > 1024);
	len = ob.cbBuffer;
	want = apitest_dup(ob.pvBuffer, len);
	assert_status(FreeContextBuffer(ob.pvBuffer), SEC_E_OK);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_non_null(strstr(want, "nonce=\"abcdefg\\\"ijk"));
	apitest_dirlist_parse(&l, want, len);
	apitest_expect_value(&l, "nonce", plain, plen);
	apitest_dirlist_free(&l);

	/* one byte short: SEC_E_BUFFER_TOO_SMALL, nothing written */
	buf = malloc(len + 1);
	assert_non_null(buf);
	memset(buf, 'x', len + 1);
	ob = (SecBuffer){ (ULONG)len - 1, SECBUFFER_TOKEN, buf };
	assert_status(isc_out(&cred, &ctx, tok, &ob, 0),
		      SEC_E_BUFFER_TOO_SMALL);
	assert_int_equal(ob.cbBuffer, len - 1);
	for (i = 0; i <= len; i++)
		assert_int_equal(buf[i], 'x');

	/* exactly long enough: the same text, no terminator past it */
	ob = (SecBuffer){ (ULONG)len, SECBUFFER_TOKEN, buf };
	assert_status(isc_out(&cred, &ctx, tok, &ob, 0), SEC_E_OK);
	assert_int_equal(ob.cbBuffer, len);
	assert_memory_equal(buf, want, len);
	assert_int_equal(buf[len], 'x');
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);

	free(buf);
	free(want);
	free(tok);
	free(nonce);
	free(plain);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	dss_test_set_cnonce(NULL);
}

/* A target with a control byte, DEL or '"' anywhere is refused. */
static void
test_target_bytes(void **state)
{
	static const unsigned char bad[] = { 0x01, 0x09, 0x1F, 0x7F, '"' };
	static const unsigned char good[] = { ' ', '~', 0x80, 0xFF, '\\' };
	CredHandle cred;
	CtxtHandle ctx;
	char target[25], out[4096];
	size_t pos, k;

	(void)state;
	acquire(&cred);
	for (pos = 0; pos + 1 < sizeof(target); pos++) {
		for (k = 0; k < sizeof(bad) + sizeof(good); k++) {
			int ok = k >= sizeof(bad);
			SecBuffer in[3] = {
				{ (ULONG)strlen(challenge), SECBUFFER_TOKEN,
				  challenge },
				{ 3, SECBUFFER_PKG_PARAMS, get },
				{ 0, SECBUFFER_PKG_PARAMS, NULL },
			};
			SecBuffer ob = { sizeof(out), SECBUFFER_TOKEN, out };
			SecBufferDesc ind = { SECBUFFER_VERSION, 3, in };
			SecBufferDesc outd = { SECBUFFER_VERSION, 1, &ob };
			ULONG attrs;
			SECURITY_STATUS st;

			memset(target, 'a', sizeof(target) - 1);
			target[0] = '/';
			target[sizeof(target) - 1] = '\0';
			target[pos] = (char)(ok ? good[k - sizeof(bad)] :
						  bad[k]);
			st = InitializeSecurityContextA(
				&cred, NULL, target, ISC_REQ_USE_HTTP_STYLE, 0,
				0, &ind, 0, &ctx, &outd, &attrs, NULL);
			assert_status(st, ok ? SEC_E_OK : SEC_E_TARGET_UNKNOWN);
			if (ok)
				assert_status(DeleteSecurityContext(&ctx),
					      SEC_E_OK);
		}
	}
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * Later requests with a longer uri than the first (the uri kept for
 * rspauth then needs room of its own), then a shorter one again; the
 * context's server name stays the first.
 */
static void
test_later_uris(void **state)
{
	CredHandle cred;
	CtxtHandle ctx;
	char out[4096], longer[301];
	const char *uris[3];
	ULONG n;
	size_t i;

	(void)state;
	memset(longer, 'x', sizeof(longer) - 1);
	longer[0] = '/';
	longer[sizeof(longer) - 1] = '\0';
	uris[0] = longer;
	uris[1] = "/";
	uris[2] = longer;
	acquire(&cred);
	assert_status(isc(&cred, &ctx, 0, challenge, get, out, &n), SEC_E_OK);
	for (i = 0; i < 3; i++) {
		char buf[4096];
		SecBuffer b[5] = {
			{ 0, SECBUFFER_TOKEN, NULL },
			{ 3, SECBUFFER_PKG_PARAMS, get },
			{ (ULONG)strlen(uris[i]), SECBUFFER_PKG_PARAMS,
			  (void *)(uintptr_t)uris[i] },
			{ 0, SECBUFFER_PKG_PARAMS, NULL },
			{ sizeof(buf) - 1, SECBUFFER_PADDING, buf },
		};
		SecBufferDesc d = { SECBUFFER_VERSION, 5, b };
		struct apitest_dirlist l;

		SecPkgContext_NativeNamesA nn;

		assert_status(MakeSignature(&ctx, 0, &d, 0), SEC_E_OK);
		apitest_dirlist_parse(&l, buf, b[4].cbBuffer);
		apitest_expect_str(&l, "uri", uris[i]);
		apitest_dirlist_free(&l);
		/* the server name stays the target the context answered */
		assert_status(QueryContextAttributesA(
				      &ctx, SECPKG_ATTR_NATIVE_NAMES, &nn),
			      SEC_E_OK);
		assert_string_equal(nn.sServerName, uri);
		assert_status(FreeContextBuffer(nn.sClientName), SEC_E_OK);
		assert_status(FreeContextBuffer(nn.sServerName), SEC_E_OK);
	}
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * Names that cannot travel as they are: a '"' or '\' in the user or
 * realm is escaped, a control byte sends username* (RFC 7616 3.4.4).
 * Each credential answers two challenges, the second read by the shape
 * of the first; a clean name is sent as it is.
 */
static void
test_names_to_escape(void **state)
{
	static const struct {
		const char *user, *realm;
		const char *star; /* username* expected, else NULL */
	} cases[] = {
		{ "Mufasa", "testrealm@host.com", NULL },
		{ "Mu\"fasa", "testrealm@host.com", NULL },
		{ "Mu\\fasa", "test\"realm", NULL },
		{ "Mufasa", "test\\realm", NULL },
		{ "Mu\x01" "fasa", "testrealm@host.com", "UTF-8''Mu%01fasa" },
	};
	size_t k;
	int round;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		SEC_WINNT_AUTH_IDENTITY_A id = {
			(unsigned char *)(uintptr_t)cases[k].user,
			(ULONG)strlen(cases[k].user),
			(unsigned char *)(uintptr_t)cases[k].realm,
			(ULONG)strlen(cases[k].realm),
			(unsigned char *)(uintptr_t)"pw", 2,
			SEC_WINNT_AUTH_IDENTITY_ANSI
		};
		CredHandle cred;

		assert_status(AcquireCredentialsHandleA(NULL, package,
							SECPKG_CRED_OUTBOUND,
							NULL, &id, NULL, NULL,
							&cred, NULL),
			      SEC_E_OK);
		for (round = 0; round < 2; round++) {
			char chal[256], out[4096];
			struct apitest_dirlist l;
			CtxtHandle ctx;
			ULONG n;

			snprintf(chal, sizeof(chal),
				 "realm=\"x\", qop=\"auth\", nonce=\"n%d\", "
				 "opaque=\"o%d\"",
				 round, round);
			assert_status(isc(&cred, &ctx, 0, chal, get, out, &n),
				      SEC_E_OK);
			apitest_dirlist_parse(&l, out, n);
			if (cases[k].star != NULL) {
				apitest_expect_str(&l, "username*",
						   cases[k].star);
				apitest_expect_absent(&l, "username");
			} else {
				apitest_expect_str(&l, "username",
						   cases[k].user);
			}
			apitest_expect_str(&l, "realm", cases[k].realm);
			snprintf(chal, sizeof(chal), "n%d", round);
			apitest_expect_str(&l, "nonce", chal);
			snprintf(chal, sizeof(chal), "o%d", round);
			apitest_expect_str(&l, "opaque", chal);
			apitest_dirlist_free(&l);
			assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
		}
		assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caller_error_keeps_context),
		cmocka_unit_test(test_long_response),
		cmocka_unit_test(test_target_bytes),
		cmocka_unit_test(test_later_uris),
		cmocka_unit_test(test_names_to_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
