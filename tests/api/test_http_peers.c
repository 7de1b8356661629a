/*
 * Real-peer captures (tests/vectors/http_peers.h, generated from
 * shared/vectors/http-peers.md) through the public client API: for the
 * first request of every captured exchange, and for every request that
 * answers a stale=true challenge, feed the server's challenge(s) verbatim
 * and check that digestssp answers as the captured client did (same
 * response with the same cnonce), except where the capture documents a
 * client bug (curl 7.88 computed SHA-512-256 with SHA-256) and where
 * several challenges are offered (digestssp takes the strongest).
 *
 * The identity has an empty Domain and the credential carries
 * DIGESTSSP_CRED_FLAG_CHALLENGE_REALM (sspi.h, digestssp extensions), so
 * the response uses the challenge's realm.
 */
#include "apitest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_peers.h"
#include "sspi/testhook.h"

#define TOKEN_MAX 4096

typedef struct dss_peer_request peer_t;

static void acquire(const peer_t *e, CredHandle *cred, int challenge_realm)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	char pkg[] = "WDigest";

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = sizeof(id);
	id.User = (unsigned char *)apitest_dup(e->user, e->user_len);
	id.UserLength = (ULONG)e->user_len;
	id.Domain = NULL;
	id.DomainLength = 0;
	id.Password = (unsigned char *)apitest_dup(e->password,
	    e->password_len);
	id.PasswordLength = (ULONG)e->password_len;
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
	assert_status(AcquireCredentialsHandleA(NULL, pkg, SECPKG_CRED_OUTBOUND,
	    NULL, &id, NULL, NULL, cred, NULL), SEC_E_OK);
	free(id.User);
	free(id.Password);
	if (challenge_realm) {
		SecPkgCredentials_DigestFlags f = {
			DIGESTSSP_CRED_FLAG_CHALLENGE_REALM
		};

		assert_status(SetCredentialsAttributesA(cred,
		    DIGESTSSP_CRED_ATTR_FLAGS, &f, sizeof(f)), SEC_E_OK);
	}
}

static char *joined_challenge(const peer_t *e)
{
	char *out = apitest_strdup("");
	size_t i;

	for (i = 0; i < e->challenge_count; i++) {
		char *next = apitest_format("%s%s%s", out, i > 0 ? ", " : "",
		    e->challenge[i]);

		free(out);
		out = next;
	}
	return out;
}

/* ISC answering the captured challenge(s); the token goes to out. */
static void answer(const peer_t *e, CredHandle *cred, CtxtHandle *ctx,
    char *out, ULONG *out_len)
{
	SecBuffer in[3], ob;
	SecBufferDesc in_desc = { SECBUFFER_VERSION, 3, in };
	SecBufferDesc out_desc = { SECBUFFER_VERSION, 1, &ob };
	char *chal = joined_challenge(e);
	char *method = apitest_strdup(e->method);
	char *uri = apitest_strdup(e->uri);
	ULONG attr = 0;

	apitest_set_buffer(&in[0], SECBUFFER_TOKEN, chal, strlen(chal));
	apitest_set_buffer(&in[1], SECBUFFER_PKG_PARAMS, method,
	    strlen(method));
	apitest_set_buffer(&in[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	apitest_set_buffer(&ob, SECBUFFER_TOKEN, out, TOKEN_MAX);
	dss_test_set_cnonce(e->cnonce);
	assert_status(InitializeSecurityContextA(cred, NULL, uri,
	    ISC_REQ_USE_HTTP_STYLE, 0, 0, &in_desc, 0, ctx, &out_desc, &attr,
	    NULL), SEC_E_OK);
	dss_test_set_cnonce(NULL);
	assert_true(attr & ISC_RET_USED_HTTP_STYLE);
	assert_true(ob.cbBuffer > 0 && ob.cbBuffer < TOKEN_MAX);
	assert_true(out[ob.cbBuffer - 1] != '\0');
	*out_len = ob.cbBuffer;
	free(chal);
	free(method);
	free(uri);
}

/* What a correct client answers: the challenge it should pick. */
struct pick {
	size_t index;     /* challenge value used */
	char *algorithm;  /* its algorithm ("MD5" when absent) */
	char *realm;
	char *nonce;
	char *opaque;     /* or NULL */
	int userhash;
};

static void pick_challenge(const peer_t *e, struct pick *p)
{
	int best = -1;
	size_t i;
	char *tmp;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < e->challenge_count; i++) {
		int rank;

		tmp = apitest_challenge_param(e->challenge[i], "algorithm");
		rank = apitest_algorithm_rank(tmp != NULL ? tmp : "MD5");
		if (rank > best) {
			best = rank;
			p->index = i;
		}
		free(tmp);
	}
	assert_true(best > 0);
	p->algorithm = apitest_challenge_param(e->challenge[p->index],
	    "algorithm");
	if (p->algorithm == NULL)
		p->algorithm = apitest_strdup("MD5");
	p->realm = apitest_challenge_param(e->challenge[p->index], "realm");
	p->nonce = apitest_challenge_param(e->challenge[p->index], "nonce");
	p->opaque = apitest_challenge_param(e->challenge[p->index], "opaque");
	tmp = apitest_challenge_param(e->challenge[p->index], "userhash");
	p->userhash = tmp != NULL && strcasecmp(tmp, "true") == 0;
	free(tmp);
	assert_non_null(p->realm);
	assert_non_null(p->nonce);
}

static void pick_free(struct pick *p)
{
	free(p->algorithm);
	free(p->realm);
	free(p->nonce);
	free(p->opaque);
}

static void check_username(const struct apitest_dirlist *l, const peer_t *e,
    const struct pick *p)
{
	if (p->userhash) {
		char want[65];
		char *in = apitest_format("%.*s:%s", (int)e->user_len, e->user,
		    p->realm);

		apitest_hash_hex(p->algorithm, in, strlen(in), want);
		free(in);
		if (e->expected_userhash != NULL && e->algorithm != NULL &&
		    strcasecmp(e->algorithm, p->algorithm) == 0)
			assert_string_equal(want, e->expected_userhash);
		apitest_expect_str(l, "username", want);
		apitest_expect_str_nocase(l, "userhash", "true");
		apitest_expect_absent(l, "username*");
		return;
	}
	apitest_expect_username(l, e->user, e->user_len);
}

static void test_peer(void **state)
{
	const peer_t *e = *state;
	char out[TOKEN_MAX], want[65];
	ULONG len;
	CredHandle cred;
	CtxtHandle ctx;
	struct apitest_dirlist l;
	struct pick p;
	const struct apitest_directive *resp;
	int same_choice;

	/* the capture itself: a first use of a challenge nonce, nc=1 */
	assert_string_equal(e->nonce_source, "challenge");
	assert_string_equal(e->nc, "00000001");
	assert_non_null(e->cnonce);

	pick_challenge(e, &p);
	acquire(e, &cred, 1);
	answer(e, &cred, &ctx, out, &len);
	apitest_dirlist_parse(&l, out, len);

	/* the algorithm: the captured client's, or the strongest offered */
	apitest_expect_str_nocase(&l, "algorithm", p.algorithm);
	same_choice = e->algorithm != NULL &&
	    strcasecmp(e->algorithm, p.algorithm) == 0 &&
	    strcmp(e->nonce, p.nonce) == 0;
	if (e->challenge_count == 1)
		assert_true(same_choice);

	apitest_expect_str(&l, "realm", p.realm);
	apitest_expect_str(&l, "nonce", p.nonce);
	apitest_expect_str(&l, "uri", e->uri);
	apitest_expect_str(&l, "qop", "auth");
	apitest_expect_str(&l, "nc", "00000001");
	apitest_expect_str(&l, "cnonce", e->cnonce);
	if (p.opaque != NULL)
		apitest_expect_str(&l, "opaque", p.opaque);
	else
		apitest_expect_absent(&l, "opaque");
	check_username(&l, e, &p);

	/* the response, recomputed here with nettle */
	apitest_digest_response(p.algorithm, e->user, e->user_len, p.realm,
	    strlen(p.realm), e->password, e->password_len, e->method, e->uri,
	    p.nonce, "00000001", e->cnonce, "auth", NULL, want);
	if (same_choice)
		assert_string_equal(want, e->expected_response);
	resp = apitest_dirlist_get(&l, "response");
	assert_non_null(resp);
	assert_string_equal(resp->value, want);
	if (same_choice && !e->matches) {
		/* xfail capture: the client sent a wrong response */
		assert_string_equal(e->outcome, "xfail");
		assert_true(strcmp(resp->value, e->response) != 0);
	} else if (same_choice) {
		assert_string_equal(resp->value, e->response);
	}

	apitest_dirlist_free(&l);
	pick_free(&p);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * Without DIGESTSSP_CRED_FLAG_CHALLENGE_REALM an empty Domain is sent as
 * realm="" (Windows behaviour, api.md 3.7), and hashed as such.
 */
static void test_empty_domain_default(void **state)
{
	const peer_t *e = *state;
	char out[TOKEN_MAX], want[65];
	ULONG len;
	CredHandle cred;
	CtxtHandle ctx;
	struct apitest_dirlist l;
	struct pick p;

	pick_challenge(e, &p);
	acquire(e, &cred, 0);
	answer(e, &cred, &ctx, out, &len);
	apitest_dirlist_parse(&l, out, len);
	apitest_expect_str(&l, "realm", "");
	apitest_digest_response(p.algorithm, e->user, e->user_len, "", 0,
	    e->password, e->password_len, e->method, e->uri, p.nonce,
	    "00000001", e->cnonce, "auth", NULL, want);
	apitest_expect_str(&l, "response", want);
	apitest_dirlist_free(&l);
	pick_free(&p);
	assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
}

static int selected(const peer_t *e)
{
	if (e->request_index == 0)
		return 1;
	return e->challenge_stale && strcmp(e->nonce_source, "challenge") == 0;
}

int main(void)
{
	struct CMUnitTest tests[DSS_PEER_REQUEST_COUNT + 1];
	char *names[DSS_PEER_REQUEST_COUNT + 1];
	size_t n = 0, i, blocks = 0, stale = 0;
	int rc;

	for (i = 0; i < DSS_PEER_REQUEST_COUNT; i++) {
		const peer_t *e = &dss_peer_requests[i];

		if (!selected(e))
			continue;
		if (e->request_index == 0)
			blocks++;
		else
			stale++;
		names[n] = apitest_format("%s #%u%s", e->title,
		    e->request_index + 1, e->request_index > 0 ?
		    " (stale)" : "");
		memset(&tests[n], 0, sizeof(tests[n]));
		tests[n].name = names[n];
		tests[n].test_func = test_peer;
		tests[n].initial_state = (void *)(uintptr_t)e;
		n++;
	}
	/* every exchange is covered */
	if (blocks != DSS_PEER_BLOCK_COUNT || stale == 0) {
		fprintf(stderr, "peers: %zu first requests for %d blocks, "
		    "%zu stale\n", blocks, DSS_PEER_BLOCK_COUNT, stale);
		return 1;
	}
	names[n] = apitest_strdup("empty-domain-sends-empty-realm");
	memset(&tests[n], 0, sizeof(tests[n]));
	tests[n].name = names[n];
	tests[n].test_func = test_empty_domain_default;
	tests[n].initial_state = (void *)(uintptr_t)&dss_peer_requests[0];
	n++;

	rc = _cmocka_run_group_tests("http_peers", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
