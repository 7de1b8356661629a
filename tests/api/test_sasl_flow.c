/*
 * test_sasl_flow.c - SASL DIGEST-MD5 through the public SSPI calls.
 *
 * 1. The six real Cyrus SASL 2.1.28 sessions (shared/vectors/
 *    sasl-layer.json: tests/vectors/sasl_vectors.h and
 *    sasl_layer_vectors.h) replayed through InitializeSecurityContext /
 *    AcceptSecurityContext and EncryptMessage / DecryptMessage, as client
 *    and as server: every token and every frame byte-exact.
 * 2. Our client with our server: every qop and cipher, messages of 0 to
 *    64 KiB both ways, tampering, replay, sizes and key attributes.
 * 3. curl's SASL call sequence (lib/vauth/digest_sspi.c), failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apitest.h"
#include "sasl_layer_vectors.h"
#include "sasl_vectors.h"
#include "sspi/testhook.h"

static char package[] = "WDigest";

static size_t
unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2, i;

	for (i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

static const struct dss_slvec_session *
layer_session(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(dss_slvec_sessions) /
				sizeof(dss_slvec_sessions[0]);
	     i++)
		if (strcmp(dss_slvec_sessions[i].id, id) == 0)
			return &dss_slvec_sessions[i];
	fail_msg("no layer session %s", id);
	return NULL;
}

static void
acquire(ULONG use, const char *principal, const char *user, size_t ulen,
	const char *realm, size_t rlen, const char *pw, size_t plen,
	CredHandle *cred)
{
	SEC_WINNT_AUTH_IDENTITY_A id = {
		(unsigned char *)(uintptr_t)user, (ULONG)ulen,
		(unsigned char *)(uintptr_t)realm, (ULONG)rlen,
		(unsigned char *)(uintptr_t)pw, (ULONG)plen,
		SEC_WINNT_AUTH_IDENTITY_ANSI
	};

	assert_status(AcquireCredentialsHandleA(
			      (SEC_CHAR *)(uintptr_t)principal, package, use,
			      NULL, &id, NULL, NULL, cred, NULL),
		      SEC_E_OK);
}

/* ISC step; returns the status, output in out/out_len. */
static SECURITY_STATUS
isc(CredHandle *cred, CtxtHandle *ctx, int first, const char *target,
    ULONG flags, const void *tok, size_t tok_len, char *out,
    ULONG *out_len, ULONG *attrs)
{
	SecBuffer ib = { (ULONG)tok_len, SECBUFFER_TOKEN, (void *)(uintptr_t)tok };
	SecBuffer ob = { 4096, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	SECURITY_STATUS st;

	st = InitializeSecurityContextA(first ? cred : NULL,
					first ? NULL : ctx,
					(SEC_CHAR *)(uintptr_t)target, flags,
					0, 0, tok_len ? &in : NULL, 0, ctx,
					&od, attrs, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

static SECURITY_STATUS
asc(CredHandle *cred, CtxtHandle *ctx, int first, ULONG flags,
    const void *tok, size_t tok_len, char *out, ULONG *out_len,
    ULONG *attrs)
{
	SecBuffer ib = { (ULONG)tok_len, SECBUFFER_TOKEN, (void *)(uintptr_t)tok };
	SecBuffer ob = { 4096, SECBUFFER_TOKEN, out };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &ib };
	SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
	SECURITY_STATUS st;

	st = AcceptSecurityContext(cred, first ? NULL : ctx, &in, flags, 0,
				   ctx, &od, attrs, NULL);
	*out_len = ob.cbBuffer;
	return st;
}

/* Wrap with EncryptMessage: payload = DATA || PADDING. */
static size_t
wrap(CtxtHandle *ctx, ULONG fqop, const uint8_t *msg, size_t n, uint8_t *out)
{
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

	memcpy(out, msg, n);
	b[0].cbBuffer = (ULONG)n, b[0].BufferType = SECBUFFER_DATA;
	b[0].pvBuffer = out;
	b[1].cbBuffer = 64, b[1].BufferType = SECBUFFER_PADDING;
	b[1].pvBuffer = out + n;
	assert_status(EncryptMessage(ctx, fqop, &d, 0), SEC_E_OK);
	assert_int_equal(b[0].cbBuffer, n);
	return n + b[1].cbBuffer;
}

/* Unwrap with DecryptMessage (one DATA buffer); returns the status. */
static SECURITY_STATUS
unwrap(CtxtHandle *ctx, uint8_t *buf, size_t n, size_t *plain, ULONG *qop)
{
	SecBuffer b = { (ULONG)n, SECBUFFER_DATA, buf };
	SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
	SECURITY_STATUS st = DecryptMessage(ctx, &d, 0, qop);

	*plain = b.cbBuffer;
	return st;
}

/* The challenge with its cipher list replaced by `cipher`. */
static char *
only_cipher(const char *chal, const char *cipher)
{
	const char *p = strstr(chal, "cipher=\"");
	char *out = malloc(strlen(chal) + 32);
	const char *q;

	assert_non_null(out);
	if (p == NULL || cipher == NULL) {
		strcpy(out, chal);
		return out;
	}
	q = strchr(p + 8, '"');
	assert_non_null(q);
	sprintf(out, "%.*scipher=\"%s%s", (int)(p - chal), chal, cipher, q);
	return out;
}

static ULONG
isc_flags(const char *qop)
{
	return strcmp(qop, "auth-conf") == 0 ? ISC_REQ_CONFIDENTIALITY :
	       strcmp(qop, "auth-int") == 0  ? ISC_REQ_INTEGRITY :
					       0;
}

static ULONG
asc_flags(const char *qop)
{
	return strcmp(qop, "auth-conf") == 0 ? ASC_REQ_CONFIDENTIALITY :
	       strcmp(qop, "auth-int") == 0  ? ASC_REQ_INTEGRITY :
					       0;
}

/* Frames of one direction: wrap ours and compare, or unwrap theirs. */
static void
check_frames(CtxtHandle *ctx, const struct dss_slvec_session *ls, int send_c2s,
	     int we_send)
{
	size_t i;

	for (i = 0; i < ls->msg_count; i++) {
		const struct dss_slvec_msg *m = &ls->msgs[i];
		static uint8_t plain[70000], wire[70100], buf[70100];
		size_t pn, wn, n;
		ULONG qop = 99;

		if (m->c2s != send_c2s)
			continue;
		pn = unhex(m->plain_hex, plain);
		wn = unhex(m->wire_hex, wire);
		if (we_send) {
			n = wrap(ctx, 0, plain, pn, buf);
			assert_int_equal(n, wn - 4);
			assert_memory_equal(buf, wire + 4, n);
		} else {
			memcpy(buf, wire + 4, wn - 4);
			assert_status(unwrap(ctx, buf, wn - 4, &n, &qop),
				      SEC_E_OK);
			assert_int_equal(n, pn);
			if (n > 0)
				assert_memory_equal(buf, plain, n);
			assert_int_equal(qop, ls->cipher ? 0 :
						       SECQOP_WRAP_NO_ENCRYPT);
		}
	}
}

/* 1a. Our client replays the Cyrus client of each recorded session. */
static void
test_cyrus_sessions_client(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DSS_VEC_SASL_CYRUS_SESSION_COUNT; i++) {
		const struct dss_vec_sasl_cyrus_session *v =
			&dss_vec_sasl_cyrus_session[i];
		const struct dss_slvec_session *ls = layer_session(v->id);
		char out[4096], *chal;
		ULONG n, attrs;
		CredHandle cred;
		CtxtHandle ctx;

		print_message("client %s (%s)\n", v->id, v->source);
		acquire(SECPKG_CRED_OUTBOUND, NULL, v->user, v->user_len,
			v->realm, v->realm_len, v->password, v->password_len,
			&cred);
		dss_test_set_cnonce(v->cnonce);
		chal = only_cipher(v->challenge, ls->cipher);
		assert_status(isc(&cred, &ctx, 1, v->digest_uri,
				  isc_flags(ls->qop), chal, strlen(chal), out,
				  &n, &attrs),
			      SEC_I_CONTINUE_NEEDED);
		assert_true(attrs & ISC_RET_CONNECTION);
		assert_int_equal(n, v->response_len);
		assert_memory_equal(out, v->response, n);
		assert_status(isc(&cred, &ctx, 0, v->digest_uri,
				  isc_flags(ls->qop), v->final,
				  strlen(v->final), out, &n, &attrs),
			      SEC_E_OK);
		assert_int_equal(n, 0);
		assert_true(attrs & ISC_RET_MUTUAL_AUTH);
		assert_true(attrs & ISC_RET_INTEGRITY);
		assert_int_equal(!!(attrs & ISC_RET_CONFIDENTIALITY),
				 ls->cipher != NULL);
		check_frames(&ctx, ls, 1, 1); /* we send c2s */
		check_frames(&ctx, ls, 0, 0); /* we receive s2c */
		free(chal);
		assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
		assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	}
	dss_test_set_cnonce(NULL);
}

/* 1b. Our server replays the Cyrus server of each recorded session. */
static void
test_cyrus_sessions_server(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DSS_VEC_SASL_CYRUS_SESSION_COUNT; i++) {
		const struct dss_vec_sasl_cyrus_session *v =
			&dss_vec_sasl_cyrus_session[i];
		const struct dss_slvec_session *ls = layer_session(v->id);
		char out[4096];
		ULONG n, attrs;
		CredHandle cred;
		CtxtHandle ctx;

		print_message("server %s\n", v->id);
		acquire(SECPKG_CRED_INBOUND, v->service, v->user, v->user_len,
			v->realm, v->realm_len, v->password, v->password_len,
			&cred);
		dss_test_set_server_nonce(v->nonce, NULL);
		assert_status(asc(&cred, &ctx, 1, asc_flags(ls->qop), "", 0,
				  out, &n, &attrs),
			      SEC_I_CONTINUE_NEEDED);
		out[n] = '\0';
		assert_non_null(strstr(out, v->nonce));
		assert_non_null(strstr(out, "algorithm=md5-sess"));
		assert_status(asc(&cred, &ctx, 0, asc_flags(ls->qop),
				  v->response, v->response_len, out, &n,
				  &attrs),
			      SEC_E_OK);
		assert_int_equal(n, strlen(v->final));
		assert_memory_equal(out, v->final, n);
		assert_true(attrs & ASC_RET_MUTUAL_AUTH);
		assert_true(attrs & ASC_RET_INTEGRITY);
		check_frames(&ctx, ls, 0, 1); /* we send s2c */
		check_frames(&ctx, ls, 1, 0); /* we receive c2s */
		{
			SecPkgContext_NamesA nm;

			assert_status(QueryContextAttributesA(
					      &ctx, SECPKG_ATTR_NAMES, &nm),
				      SEC_E_OK);
			assert_non_null(strstr(nm.sUserName, v->user));
			FreeContextBuffer(nm.sUserName);
		}
		/* established: ASC again is a logon failure */
		assert_status(asc(&cred, &ctx, 0, asc_flags(ls->qop), "x", 1,
				  out, &n, &attrs),
			      STATUS_LOGON_FAILURE);
		assert_status(DeleteSecurityContext(&ctx), SEC_E_OK);
		assert_status(FreeCredentialsHandle(&cred), SEC_E_OK);
	}
	dss_test_set_server_nonce(NULL, NULL);
}

static const char USER[] = "chris", REALM[] = "elwood.innosoft.com",
		  PW[] = "secret", URI[] = "imap/elwood.innosoft.com";

/* Our client and our server; cipher NULL: auth-int; "": auth. */
static void
handshake(const char *cipher, CredHandle *cc, CredHandle *sc, CtxtHandle *c,
	  CtxtHandle *s)
{
	const char *qop = cipher == NULL ? "auth-int" :
			  *cipher == '\0' ? "auth" :
					    "auth-conf";
	char chal[4096], resp[4096], fin[4096], *one;
	ULONG n, rn, fn, attrs;

	acquire(SECPKG_CRED_OUTBOUND, NULL, USER, 5, "", 0, PW, 6, cc);
	acquire(SECPKG_CRED_INBOUND, "imap", USER, 5, REALM,
		sizeof(REALM) - 1, PW, 6, sc);
	assert_status(asc(sc, s, 1, asc_flags(qop), "", 0, chal, &n, &attrs),
		      SEC_I_CONTINUE_NEEDED);
	chal[n] = '\0';
	one = only_cipher(chal, cipher != NULL && *cipher ? cipher : NULL);
	assert_status(isc(cc, c, 1, URI, isc_flags(qop), NULL, 0, resp, &rn,
			  &attrs),
		      SEC_I_CONTINUE_NEEDED);
	assert_int_equal(rn, 0);
	assert_status(isc(cc, c, 0, URI, isc_flags(qop), one, strlen(one),
			  resp, &rn, &attrs),
		      SEC_I_CONTINUE_NEEDED);
	free(one);
	assert_status(asc(sc, s, 0, asc_flags(qop), resp, rn, fin, &fn,
			  &attrs),
		      SEC_E_OK);
	assert_status(isc(cc, c, 0, URI, isc_flags(qop), fin, fn, resp, &rn,
			  &attrs),
		      SEC_E_OK);
}

static void
teardown(CredHandle *cc, CredHandle *sc, CtxtHandle *c, CtxtHandle *s)
{
	assert_status(DeleteSecurityContext(c), SEC_E_OK);
	assert_status(DeleteSecurityContext(s), SEC_E_OK);
	assert_status(FreeCredentialsHandle(cc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(sc), SEC_E_OK);
}

/* 2. Every cipher: sizes, both ways, tamper, replay, attributes. */
static void
test_own_pairs(void **state)
{
	static const char *const ciphers[] = { NULL, "rc4-40", "rc4-56",
					       "rc4",  "des",	 "3des" };
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 15, 16, 17, 1000,
					65536 - 24 };
	uint8_t *msg = malloc(70000), *buf = malloc(70000);
	size_t k, j;

	(void)state;
	assert_non_null(msg);
	assert_non_null(buf);
	for (j = 0; j < 70000; j++)
		msg[j] = (uint8_t)(j * 7 + 3);
	for (k = 0; k < sizeof(ciphers) / sizeof(ciphers[0]); k++) {
		CredHandle cc, sc;
		CtxtHandle c, s;
		SecPkgContext_KeyInfoA ki;
		SecPkgContext_StreamSizes ss;

		print_message("pair %s\n", ciphers[k] ? ciphers[k] :
							"auth-int");
		handshake(ciphers[k], &cc, &sc, &c, &s);
		assert_status(QueryContextAttributesA(&c, SECPKG_ATTR_KEY_INFO,
						      &ki),
			      SEC_E_OK);
		assert_string_equal(ki.sEncryptAlgorithmName,
				    ciphers[k] ? ciphers[k] : "");
		assert_string_equal(ki.sSignatureAlgorithmName, "HMAC-MD5");
		FreeContextBuffer(ki.sSignatureAlgorithmName);
		FreeContextBuffer(ki.sEncryptAlgorithmName);
		assert_status(QueryContextAttributesA(
				      &s, SECPKG_ATTR_STREAM_SIZES, &ss),
			      SEC_E_OK);
		assert_true(ss.cbMaximumMessage >= 65536 - 24);
		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			CtxtHandle *from = j % 2 ? &s : &c;
			CtxtHandle *to = j % 2 ? &c : &s;
			size_t n = wrap(from, 0, msg, sizes[j], buf), p;
			ULONG qop;

			assert_status(unwrap(to, buf, n, &p, &qop), SEC_E_OK);
			assert_int_equal(p, sizes[j]);
			if (p > 0)
				assert_memory_equal(buf, msg, p);
			/* a flipped bit: refused (and what was decrypted is
			   wiped), then the genuine frame still passes */
			{
				uint8_t keep[200];

				n = wrap(from, 0, msg, 100, buf);
				memcpy(keep, buf, n);
				buf[n / 2] ^= 0x10;
				assert_true(unwrap(to, buf, n, &p, &qop) < 0);
				memcpy(buf, keep, n);
				assert_status(unwrap(to, buf, n, &p, &qop),
					      SEC_E_OK);
				/* the same frame again: a replay */
				memcpy(buf, keep, n);
				assert_status(unwrap(to, buf, n, &p, &qop),
					      SEC_E_OUT_OF_SEQUENCE);
			}
		}
		/* MakeSignature / VerifySignature with two DATA pieces */
		{
			uint8_t sig[16];
			SecBuffer b[3] = {
				{ 16, SECBUFFER_TOKEN, sig },
				{ 10, SECBUFFER_DATA, msg },
				{ 20, SECBUFFER_DATA, msg + 10 },
			};
			SecBufferDesc d = { SECBUFFER_VERSION, 3, b };
			ULONG qop = 7;

			assert_status(MakeSignature(&c, 0, &d, 0), SEC_E_OK);
			assert_int_equal(b[0].cbBuffer, 16);
			assert_status(VerifySignature(&s, &d, 0, &qop),
				      SEC_E_OK);
			assert_int_equal(qop, 0);
			assert_status(VerifySignature(&s, &d, 0, &qop),
				      SEC_E_OUT_OF_SEQUENCE);
			b[0].cbBuffer = 15;
			assert_status(VerifySignature(&s, &d, 0, &qop),
				      SEC_E_INVALID_TOKEN);
		}
		teardown(&cc, &sc, &c, &s);
	}
	free(msg);
	free(buf);
}

/* qop=auth: no layer; the message functions say so. */
static void
test_auth_only(void **state)
{
	CredHandle cc, sc;
	CtxtHandle c, s;
	uint8_t msg[8] = { 0 }, tail[32];
	SecBuffer b[2] = { { 8, SECBUFFER_DATA, msg },
			   { 32, SECBUFFER_PADDING, tail } };
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SecPkgContext_Sizes sz;

	(void)state;
	handshake("", &cc, &sc, &c, &s);
	assert_status(EncryptMessage(&c, 0, &d, 0), SEC_E_QOP_NOT_SUPPORTED);
	assert_status(MakeSignature(&c, 0, &d, 0), SEC_E_QOP_NOT_SUPPORTED);
	assert_status(QueryContextAttributesA(&c, SECPKG_ATTR_SIZES, &sz),
		      SEC_E_OK);
	assert_int_equal(sz.cbMaxSignature, 0);
	assert_int_equal(sz.cbSecurityTrailer, 0);
	teardown(&cc, &sc, &c, &s);
}

/*
 * NAMES on both sides, for user names whose NAMES block (user "\0" realm
 * "\0") is kept in the context itself and for longer ones on the heap;
 * the client answers a second challenge on the same context (the names
 * replaced).
 */
static void
test_names_lengths(void **state)
{
	static const size_t lens[] = { 1, 5, 26, 27, 28, 29, 60, 300 };
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		char user[301], chal[4096], resp[4096], fin[4096];
		ULONG n, rn, fn, attrs;
		CredHandle cc, sc;
		CtxtHandle c, s, s2;
		SecPkgContext_NamesA nm;
		int round;

		memset(user, 'u', lens[k]);
		user[0] = 'A' + (char)k;
		user[lens[k]] = '\0';
		acquire(SECPKG_CRED_OUTBOUND, NULL, user, lens[k], "", 0, PW,
			6, &cc);
		acquire(SECPKG_CRED_INBOUND, "imap", user, lens[k], REALM,
			sizeof(REALM) - 1, PW, 6, &sc);
		for (round = 0; round < 2; round++) {
			CtxtHandle *sp = round == 0 ? &s : &s2;

			assert_status(asc(&sc, sp, 1, 0, "", 0, chal, &n,
					  &attrs),
				      SEC_I_CONTINUE_NEEDED);
			assert_status(isc(&cc, &c, round == 0, URI, 0, chal, n,
					  resp, &rn, &attrs),
				      SEC_I_CONTINUE_NEEDED);
			assert_status(asc(&sc, sp, 0, 0, resp, rn, fin, &fn,
					  &attrs),
				      SEC_E_OK);
			assert_status(isc(&cc, &c, 0, URI, 0, fin, fn, resp,
					  &rn, &attrs),
				      SEC_E_OK);
		}
		assert_status(QueryContextAttributesA(&c, SECPKG_ATTR_NAMES,
						      &nm),
			      SEC_E_OK);
		assert_non_null(strstr(nm.sUserName, user));
		assert_non_null(strstr(nm.sUserName, REALM));
		FreeContextBuffer(nm.sUserName);
		assert_status(QueryContextAttributesA(&s2, SECPKG_ATTR_NAMES,
						      &nm),
			      SEC_E_OK);
		assert_non_null(strstr(nm.sUserName, user));
		assert_non_null(strstr(nm.sUserName, REALM));
		FreeContextBuffer(nm.sUserName);
		assert_status(DeleteSecurityContext(&s2), SEC_E_OK);
		teardown(&cc, &sc, &c, &s);
	}
}

/* 3. curl's sequence: ISC straight on the challenge, then delete. */
static void
test_curl_sequence(void **state)
{
	static const char chal[] =
		"realm=\"elwood.innosoft.com\",nonce=\"OA6MG9tEQGm2hh\","
		"qop=\"auth\",algorithm=md5-sess,charset=utf-8";
	PSecurityFunctionTableA t = InitSecurityInterfaceA();
	char out[4096];
	ULONG n, attrs;
	CredHandle cred;
	CtxtHandle ctx;

	(void)state;
	acquire(SECPKG_CRED_OUTBOUND, NULL, USER, 5, "", 0, PW, 6, &cred);
	assert_status(isc(&cred, &ctx, 1, "smtp/mail.example.com", 0, chal,
			  sizeof(chal) - 1, out, &n, &attrs),
		      SEC_I_CONTINUE_NEEDED);
	out[n] = '\0';
	assert_non_null(strstr(out, "digest-uri=\"smtp/mail.example.com\""));
	assert_non_null(strstr(out, "qop=auth"));
	assert_status(t->DeleteSecurityContext(&ctx), SEC_E_OK);
	assert_status(t->FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* Wrong password: the server refuses and fails; a forged rspauth. */
static void
test_failures(void **state)
{
	char chal[4096], resp[4096], fin[4096];
	ULONG n, rn, fn, attrs;
	CredHandle cc, sc;
	CtxtHandle c, s;

	(void)state;
	acquire(SECPKG_CRED_OUTBOUND, NULL, USER, 5, "", 0, "wrong", 5, &cc);
	acquire(SECPKG_CRED_INBOUND, "imap", USER, 5, REALM,
		sizeof(REALM) - 1, PW, 6, &sc);
	assert_status(asc(&sc, &s, 1, 0, "", 0, chal, &n, &attrs),
		      SEC_I_CONTINUE_NEEDED);
	assert_status(isc(&cc, &c, 1, URI, 0, chal, n, resp, &rn, &attrs),
		      SEC_I_CONTINUE_NEEDED);
	assert_status(asc(&sc, &s, 0, 0, resp, rn, fin, &fn, &attrs),
		      SEC_E_LOGON_DENIED);
	assert_status(asc(&sc, &s, 0, 0, resp, rn, fin, &fn, &attrs),
		      SEC_E_INVALID_HANDLE); /* FAILED */
	/* the client gets a forged rspauth */
	assert_status(isc(&cc, &c, 0, URI, 0,
			  "rspauth=00000000000000000000000000000000", 40, fin,
			  &fn, &attrs),
		      SEC_E_WRONG_PRINCIPAL);
	assert_status(isc(&cc, &c, 0, URI, 0, "x", 1, fin, &fn, &attrs),
		      SEC_E_INVALID_HANDLE);
	/* a token without a context, on the server: no session lookup */
	assert_status(asc(&sc, &s, 1, 0, resp, rn, fin, &fn, &attrs),
		      SEC_E_INVALID_TOKEN);
	assert_status(DeleteSecurityContext(&c), SEC_E_OK);
	assert_status(DeleteSecurityContext(&s), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&cc), SEC_E_OK);
	assert_status(FreeCredentialsHandle(&sc), SEC_E_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cyrus_sessions_client),
		cmocka_unit_test(test_cyrus_sessions_server),
		cmocka_unit_test(test_own_pairs),
		cmocka_unit_test(test_auth_only),
		cmocka_unit_test(test_names_lengths),
		cmocka_unit_test(test_curl_sequence),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
