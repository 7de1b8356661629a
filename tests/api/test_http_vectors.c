/*
 * Every http_digest vector of the specification (tests/vectors/
 * http_vectors.h, generated from vectors.json) through the public client
 * API: AcquireCredentialsHandleA + InitializeSecurityContextA in HTTP
 * mode, MakeSignature for the next request (nc=2), and the mutual
 * authentication step (Authentication-Info rspauth fed back to ISC).
 * The negative vectors (the RFC 7616 3.9.2 misprint, MD5-sess with a raw
 * inner hash) must never be produced.
 *
 * Behaviour under test: api.md 2.1, 3.7, 3.11; buffers.md 2, 5.1, 9; the
 * "digestssp extensions" section of sspi.h (entity body in a DATA buffer
 * after the positional slots).
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_vectors.h"
#include "sspi/testhook.h"

#define TOKEN_MAX 4096

typedef struct dss_vec_http_digest vector_t;

static int is_auth_int(const vector_t *v)
{
	return v->inputs.qop != NULL && strcmp(v->inputs.qop, "auth-int") == 0;
}

static ULONG base_flags(const vector_t *v)
{
	return ISC_REQ_USE_HTTP_STYLE | (is_auth_int(v) ? ISC_REQ_INTEGRITY : 0);
}

static void acquire(const vector_t *v, CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	char pkg[] = "WDigest";

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	id.User = (unsigned char *)apitest_dup(v->inputs.username,
	    v->inputs.username_len);
	id.UserLength = (ULONG)v->inputs.username_len;
	/* The response realm comes from the Domain (Windows behaviour). */
	id.Domain = (unsigned char *)apitest_dup(v->inputs.realm,
	    v->inputs.realm_len);
	id.DomainLength = (ULONG)v->inputs.realm_len;
	id.Password = (unsigned char *)apitest_dup(v->inputs.password,
	    v->inputs.password_len);
	id.PasswordLength = (ULONG)v->inputs.password_len;
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_OUTBOUND,
	    NULL, &id, NULL, NULL, cred, NULL), SEC_E_OK);
	free(id.User);
	free(id.Domain);
	free(id.Password);
}

static const char *algorithm_of_value(const char *value, char **tofree)
{
	*tofree = apitest_challenge_param(value, "algorithm");
	return *tofree != NULL ? *tofree : "MD5";
}

/*
 * The challenge text for slot 0.  With WWW-Authenticate values in the
 * vector: all of them joined with ", " when the library, which answers
 * the strongest algorithm offered, will pick the vector's algorithm;
 * otherwise only the values with the vector's algorithm (RFC 7616 3.9.1
 * offers SHA-256 and MD5; its MD5 case is computed from the MD5 one).
 * Without: built from the inputs.  `algorithm` overrides the vector's.
 */
static char *make_challenge(const vector_t *v, const char *algorithm,
    int *has_algorithm)
{
	const char *alg = algorithm != NULL ? algorithm : v->inputs.algorithm;
	char *out;

	if (algorithm == NULL && v->headers.challenge_count > 0) {
		int best = 0, rank, take_all;
		size_t i;
		char *tmp;

		for (i = 0; i < v->headers.challenge_count; i++) {
			rank = apitest_algorithm_rank(algorithm_of_value(
			    v->headers.challenge[i], &tmp));
			if (rank > best)
				best = rank;
			free(tmp);
		}
		take_all = apitest_algorithm_rank(alg) == best;
		*has_algorithm = 0;
		out = apitest_strdup("");
		for (i = 0; i < v->headers.challenge_count; i++) {
			const char *a = algorithm_of_value(
			    v->headers.challenge[i], &tmp);

			if (take_all || strcasecmp(a, alg) == 0) {
				char *next = apitest_format("%s%s%s", out,
				    out[0] != '\0' ? ", " : "",
				    v->headers.challenge[i]);

				free(out);
				out = next;
				if (tmp != NULL)
					*has_algorithm = 1;
			}
			free(tmp);
		}
		assert_true(out[0] != '\0');
		return out;
	} else {
		char *realm = apitest_quote(v->inputs.realm);
		char *nonce = apitest_quote(v->inputs.nonce);
		char *qop = v->inputs.qop != NULL ?
		    apitest_quote(v->inputs.qop) : NULL;
		char *opaque = v->inputs.opaque != NULL ?
		    apitest_quote(v->inputs.opaque) : NULL;

		out = apitest_format("Digest realm=%s, nonce=%s%s%s, "
		    "algorithm=%s%s%s%s%s%s",
		    realm, nonce, qop != NULL ? ", qop=" : "",
		    qop != NULL ? qop : "", alg,
		    opaque != NULL ? ", opaque=" : "",
		    opaque != NULL ? opaque : "",
		    v->inputs.charset != NULL ? ", charset=" : "",
		    v->inputs.charset != NULL ? v->inputs.charset : "",
		    v->inputs.userhash ? ", userhash=true" : "");
		*has_algorithm = 1;
		free(realm);
		free(nonce);
		free(qop);
		free(opaque);
		return out;
	}
}

/*
 * First ISC call on a new context.  body_mode 0: slot 2 = expected H(body)
 * for auth-int (else empty); 1: slot 2 empty and the body in a DATA buffer
 * after the positional slots, at index 5 (digestssp extension, as sspi.h
 * documents it); 2: the same DATA buffer right after slot 2, at index 3,
 * which is the positional TARGET_HOST slot of buffers.md 2.1 and must be
 * refused with SEC_E_INVALID_TOKEN.
 */
static SECURITY_STATUS isc_first(const vector_t *v, CredHandle *cred,
    CtxtHandle *ctx, ULONG flags, const char *challenge, int body_mode,
    char *out, ULONG *out_len, ULONG *attr)
{
	SecBuffer in[6], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char *chal = apitest_strdup(challenge);
	char *method = apitest_strdup(v->inputs.method);
	char *uri = apitest_strdup(v->inputs.uri);
	char *hbody = NULL, *body = NULL;
	SECURITY_STATUS st;

	/* curl style: the NUL after the text is not counted */
	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method,
	    strlen(method));
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	if (is_auth_int(v) && body_mode == 0) {
		hbody = apitest_strdup(v->expected.h_body);
		apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, hbody,
		    strlen(hbody));
	}
	if (body_mode == 1) {
		body = apitest_dup(v->inputs.body, v->inputs.body_len);
		apitest_set_buffer(&in[3], SECBUFFER_EMPTY, NULL, 0);
		apitest_set_buffer(&in[4], SECBUFFER_EMPTY, NULL, 0);
		apitest_set_buffer(&in[5], SECBUFFER_DATA, body,
		    v->inputs.body_len);
		in_desc.cBuffers = 6;
	} else if (body_mode == 2) {
		body = apitest_dup(v->inputs.body, v->inputs.body_len);
		apitest_set_buffer(&in[3], SECBUFFER_DATA, body,
		    v->inputs.body_len);
		in_desc.cBuffers = 4;
	}
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	*attr = 0;
	st = InitializeSecurityContextA(cred, NULL, uri, flags, 0, 0, &in_desc,
	    0, ctx, &out_desc, attr, NULL);
	*out_len = ob.cbBuffer;
	if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED)
		assert_ptr_equal(ob.pvBuffer, out);
	free(chal);
	free(method);
	free(uri);
	free(hbody);
	free(body);
	return st;
}

/* curl's MakeSignature layout (buffers.md 9): the next request's token. */
static SECURITY_STATUS make_signature(CtxtHandle *ctx, const char *method_s,
    const char *uri_s, char *out, ULONG *out_len)
{
	SecBuffer b[5];
	SecBufferDesc desc = { SECBUFFER_VERSION, 5, b };
	char *method = apitest_strdup(method_s);
	char *uri = apitest_strdup(uri_s);
	SECURITY_STATUS st;

	apitest_set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	apitest_set_buffer(&b[1], SECBUFFER_PKG_PARAMS, method, strlen(method));
	apitest_set_buffer(&b[2], SECBUFFER_PKG_PARAMS, uri, strlen(uri));
	apitest_set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&b[4], SECBUFFER_PADDING, out, TOKEN_MAX);
	st = MakeSignature(ctx, 0, &desc, 0);
	*out_len = b[4].cbBuffer;
	/* slots 0-3 are inputs and stay as they were */
	assert_int_equal(b[0].cbBuffer, 0);
	assert_null(b[0].pvBuffer);
	assert_ptr_equal(b[1].pvBuffer, method);
	assert_int_equal(b[1].cbBuffer, strlen(method));
	assert_ptr_equal(b[2].pvBuffer, uri);
	assert_int_equal(b[2].cbBuffer, strlen(uri));
	assert_null(b[3].pvBuffer);
	assert_int_equal(b[3].cbBuffer, 0);
	assert_ptr_equal(b[4].pvBuffer, out);
	free(method);
	free(uri);
	return st;
}

/* The token is a bare directive list: no "Digest " and no counted NUL. */
static void parse_token(struct apitest_dirlist *l, const char *tok,
    ULONG len)
{
	assert_true(len > 0 && len < TOKEN_MAX);
	assert_true(tok[len - 1] != '\0');
	if (len >= 7 && strncasecmp(tok, "Digest ", 7) == 0)
		fail_msg("token starts with the scheme: %.*s", (int)len, tok);
	apitest_dirlist_parse(l, tok, len);
}

/*
 * Checks an Authorization directive list against the vector.  nc: the
 * expected nc value; check_response: whether expected.response applies
 * (it does for the request whose nc is the vector's).
 */
static void check_token(const vector_t *v, const char *tok, ULONG len,
    const char *nc, int check_response, int has_algorithm)
{
	struct apitest_dirlist l;

	parse_token(&l, tok, len);
	if (check_response) {
		apitest_expect_str(&l, "response", v->expected.response);
	} else {
		const struct apitest_directive *d =
		    apitest_dirlist_get(&l, "response");

		assert_non_null(d);
		assert_int_equal(d->value_len,
		    apitest_hex_len(v->inputs.algorithm));
	}
	if (v->inputs.userhash) {
		apitest_expect_str(&l, "username", v->expected.userhash);
		apitest_expect_str_nocase(&l, "userhash", "true");
		apitest_expect_absent(&l, "username*");
	} else {
		apitest_expect_value(&l, "username", v->inputs.username,
		    v->inputs.username_len);
	}
	apitest_expect_value(&l, "realm", v->inputs.realm, v->inputs.realm_len);
	apitest_expect_value(&l, "nonce", v->inputs.nonce, v->inputs.nonce_len);
	apitest_expect_str(&l, "uri", v->inputs.uri);
	if (v->inputs.opaque != NULL)
		apitest_expect_str(&l, "opaque", v->inputs.opaque);
	if (has_algorithm)
		apitest_expect_str_nocase(&l, "algorithm", v->inputs.algorithm);
	if (v->inputs.qop != NULL) {
		apitest_expect_str(&l, "qop", v->inputs.qop);
		apitest_expect_str(&l, "nc", nc);
		apitest_expect_str(&l, "cnonce", v->inputs.cnonce);
	} else {
		apitest_expect_absent(&l, "qop");
		apitest_expect_absent(&l, "nc");
		apitest_expect_absent(&l, "cnonce");
	}
	apitest_dirlist_free(&l);
}

/*
 * New context answering the vector's challenge; when the vector is for
 * nc=2, MakeSignature produces the second request.  The final token is
 * checked against the vector.  With ISC_REQ_MUTUAL_AUTH in flags the
 * first call must return SEC_I_CONTINUE_NEEDED (api.md 2.1).
 */
static void establish(const vector_t *v, CredHandle *cred, CtxtHandle *ctx,
    ULONG flags, int body_mode)
{
	char out[TOKEN_MAX];
	ULONG len, attr;
	int has_alg;
	char *chal = make_challenge(v, NULL, &has_alg);
	SECURITY_STATUS want = (flags & ISC_REQ_MUTUAL_AUTH) ?
	    SEC_I_CONTINUE_NEEDED : SEC_E_OK;

	dss_test_set_cnonce(v->inputs.cnonce);
	assert_status(isc_first(v, cred, ctx, flags, chal, body_mode, out,
	    &len, &attr), want);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	if (want == SEC_E_OK && is_auth_int(v))
		assert_true(attr & ISC_RET_INTEGRITY);
	assert_false(attr & ISC_RET_MUTUAL_AUTH);
	if (v->inputs.nc <= 1) {
		check_token(v, out, len, v->expected.nc_value, 1, has_alg);
	} else {
		assert_int_equal(v->inputs.nc, 2);
		check_token(v, out, len, "00000001", 0, has_alg);
		assert_status(make_signature(ctx, v->inputs.method,
		    v->inputs.uri, out, &len), SEC_E_OK);
		check_token(v, out, len, v->expected.nc_value, 1, has_alg);
	}
	free(chal);
}

/* Feeds the Authentication-Info value back to ISC (api.md 2.1). */
static SECURITY_STATUS verify_rspauth(const vector_t *v, CtxtHandle *ctx,
    ULONG flags, const char *rspauth, ULONG *attr)
{
	SecBuffer in, ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 1, &in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char out[TOKEN_MAX];
	char *uri = apitest_strdup(v->inputs.uri);
	char *info;
	SECURITY_STATUS st;

	if (v->inputs.qop != NULL)
		info = apitest_format("rspauth=\"%s\", cnonce=\"%s\", nc=%s, "
		    "qop=%s", rspauth, v->inputs.cnonce, v->expected.nc_value,
		    v->inputs.qop);
	else
		info = apitest_format("rspauth=\"%s\"", rspauth);
	apitest_set_buffer(&in, SECBUFFER_TOKEN, info, strlen(info));
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, sizeof(out));
	*attr = 0;
	st = InitializeSecurityContextA(NULL, ctx, uri,
	    flags | ISC_REQ_MUTUAL_AUTH, 0, 0, &in_desc, 0, ctx, &out_desc,
	    attr, NULL);
	if (st == SEC_E_OK)
		assert_int_equal(ob.cbBuffer, 0);
	free(uri);
	free(info);
	return st;
}

static char *corrupt_hex(const char *hex)
{
	char *bad = apitest_strdup(hex);
	size_t mid = strlen(bad) / 2;

	bad[mid] = bad[mid] == '0' ? '1' : '0';
	return bad;
}

static void test_vector(void **state)
{
	const vector_t *v = *state;
	ULONG flags = base_flags(v), attr;
	CredHandle cred;
	CtxtHandle ctx;
	char *bad;

	acquire(v, &cred);

	/* response (and the nc=2 request) */
	establish(v, &cred, &ctx, flags, 0);

	/* mutual authentication with the server's rspauth */
	assert_status(verify_rspauth(v, &ctx, flags, v->expected.rspauth,
	    &attr), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);

	/* a wrong rspauth on a fresh context */
	establish(v, &cred, &ctx, flags, 0);
	bad = corrupt_hex(v->expected.rspauth);
	assert_status(verify_rspauth(v, &ctx, flags, bad, &attr),
	    SEC_E_WRONG_PRINCIPAL);
	free(bad);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);

	/* auth-int: the package hashes the body from a DATA buffer */
	if (is_auth_int(v)) {
		assert_non_null(v->inputs.body);
		establish(v, &cred, &ctx, flags, 1);
		assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
		/* slot 3 is the positional TARGET_HOST slot (buffers.md
		   2.1): a DATA buffer there is refused, no context made */
		{
			char out[TOKEN_MAX];
			ULONG out_len, a2;
			CtxtHandle c2;
			int has_alg;
			char *chal = make_challenge(v, NULL, &has_alg);

			SecInvalidateHandle(&c2);
			assert_status(isc_first(v, &cred, &c2, flags, chal, 2,
			    out, &out_len, &a2), SEC_E_INVALID_TOKEN);
			assert_false(SecIsValidHandle(&c2));
			free(chal);
		}
	}

	dss_test_set_cnonce(NULL);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* ISC_REQ_MUTUAL_AUTH on the first call: SEC_I_CONTINUE_NEEDED, then the
   rspauth step completes the context. */
static void test_mutual_first(void **state)
{
	const vector_t *v = *state;
	ULONG flags = base_flags(v) | ISC_REQ_MUTUAL_AUTH, attr;
	CredHandle cred;
	CtxtHandle ctx;

	acquire(v, &cred);
	establish(v, &cred, &ctx, flags, 0);
	assert_status(verify_rspauth(v, &ctx, flags, v->expected.rspauth,
	    &attr), SEC_E_OK);
	assert_true(attr & ISC_RET_MUTUAL_AUTH);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	dss_test_set_cnonce(NULL);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * Negative vectors: answer the same challenge with the real algorithm and
 * make sure the known-wrong values do not come out.
 */
static void test_not_produced(void **state)
{
	const vector_t *v = *state;
	const char *alg = v->inputs.algorithm;
	char out[TOKEN_MAX];
	ULONG len, attr;
	CredHandle cred;
	CtxtHandle ctx;
	struct apitest_dirlist l;
	const struct apitest_directive *d;
	char *chal;
	int has_alg;

	/* the misprint is "SHA-512-256" computed as truncated SHA-512 */
	if (strcmp(alg, "SHA-512-TRUNCATED-256") == 0)
		alg = "SHA-512-256";
	assert_true(apitest_hex_len(alg) > 0);
	chal = make_challenge(v, alg, &has_alg);
	acquire(v, &cred);
	dss_test_set_cnonce(v->inputs.cnonce);
	assert_status(isc_first(v, &cred, &ctx, base_flags(v), chal, 0, out,
	    &len, &attr), SEC_E_OK);
	parse_token(&l, out, len);
	d = apitest_dirlist_get(&l, "response");
	assert_non_null(d);
	assert_int_equal(d->value_len, apitest_hex_len(alg));
	if (strcasecmp(d->value, v->expected.response) == 0)
		fail_msg("%s: produced the known-wrong response %s", v->id,
		    d->value);
	if (v->expected.userhash != NULL) {
		d = apitest_dirlist_get(&l, "username");
		assert_non_null(d);
		if (strcasecmp(d->value, v->expected.userhash) == 0)
			fail_msg("%s: produced the known-wrong userhash %s",
			    v->id, d->value);
	}
	apitest_dirlist_free(&l);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	dss_test_set_cnonce(NULL);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	free(chal);
}

int main(void)
{
	struct CMUnitTest tests[DSS_VEC_HTTP_DIGEST_COUNT +
	    DSS_VEC_HTTP_MD5SESS_RAW_COUNT + 1];
	char *names[DSS_VEC_HTTP_DIGEST_COUNT +
	    DSS_VEC_HTTP_MD5SESS_RAW_COUNT + 1];
	size_t n = 0, i, first_qop = SIZE_MAX;
	int rc;

	for (i = 0; i < DSS_VEC_HTTP_DIGEST_COUNT; i++) {
		const vector_t *v = &dss_vec_http_digest[i];
		int negative = strcmp(v->origin, "official-misprint") == 0;

		names[n] = apitest_format("%s%s", negative ? "not-produced:" :
		    "", v->id);
		memset(&tests[n], 0, sizeof(tests[n]));
		tests[n].name = names[n];
		tests[n].test_func = negative ? test_not_produced : test_vector;
		tests[n].initial_state = (void *)(uintptr_t)v;
		n++;
		if (!negative && first_qop == SIZE_MAX && v->inputs.qop != NULL)
			first_qop = i;
	}
	for (i = 0; i < DSS_VEC_HTTP_MD5SESS_RAW_COUNT; i++) {
		const vector_t *v = &dss_vec_http_md5sess_raw[i];

		names[n] = apitest_format("not-produced:%s", v->id);
		memset(&tests[n], 0, sizeof(tests[n]));
		tests[n].name = names[n];
		tests[n].test_func = test_not_produced;
		tests[n].initial_state = (void *)(uintptr_t)v;
		n++;
	}
	if (first_qop != SIZE_MAX) {
		const vector_t *v = &dss_vec_http_digest[first_qop];

		names[n] = apitest_format("mutual-auth-requested-first:%s",
		    v->id);
		memset(&tests[n], 0, sizeof(tests[n]));
		tests[n].name = names[n];
		tests[n].test_func = test_mutual_first;
		tests[n].initial_state = (void *)(uintptr_t)v;
		n++;
	}
	rc = _cmocka_run_group_tests("http_vectors", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
