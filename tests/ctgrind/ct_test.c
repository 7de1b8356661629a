/*
 * ct_test.c - constant time, ctgrind style (Adam Langley's technique):
 * secrets are marked undefined with VALGRIND_MAKE_MEM_UNDEFINED, so
 * memcheck reports "Conditional jump or move depends on uninitialised
 * value(s)" wherever code branches (or indexes memory) on them. The
 * results of the comparisons are made defined again before the test
 * branches on them.
 *
 * Run under valgrind --tool=memcheck (ctest: ctgrind, via
 * run_ctgrind.sh). Outside valgrind the client requests do nothing and
 * the program only checks the results.
 *
 * Each check prints "ct: <name>" to stderr before it starts, so that a
 * report in the log can be attributed to the check that caused it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "base/bytes.h"
#include "crypto/crypto.h"
#include "http/http.h"
#include "sasl/sasl.h"
#include "seclayer/seclayer.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int failures;

static void begin(const char *name)
{
	fprintf(stderr, "ct: %s\n", name);
}

static void expect(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "FAIL: %s\n", what);
		failures++;
	}
}

/* The status of a call on secret data, made public before use. */
static SECURITY_STATUS pub_status(SECURITY_STATUS st)
{
	PUBLIC(&st, sizeof(st));
	return st;
}

static bool pub_bool(bool b)
{
	PUBLIC(&b, sizeof(b));
	return b;
}

/* ---- dss_ct_eq --------------------------------------------------------- */

static void ct_eq(void)
{
	uint8_t a[64], b[64];
	size_t n;

	begin("dss_ct_eq");
	for (n = 1; n <= sizeof(a); n *= 2) {
		memset(a, 0x11, sizeof(a));
		memset(b, 0x11, sizeof(b));
		SECRET(a, n);
		expect(pub_bool(dss_ct_eq(a, b, n)), "ct_eq equal");
		b[n - 1] ^= 1;
		expect(!pub_bool(dss_ct_eq(a, b, n)), "ct_eq different");
		b[0] ^= 0x80;
		expect(!pub_bool(dss_ct_eq(b, a, n)), "ct_eq different 2");
		PUBLIC(a, n);
	}
}

/* ---- hex of a secret ------------------------------------------------------ */

static void hex(void)
{
	uint8_t bin[32], back[32];
	char h[65];
	size_t i;

	begin("dss_hex_encode/decode of a secret");
	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(i * 37 + 5);
	SECRET(bin, sizeof(bin));
	dss_hex_encode(h, bin, sizeof(bin));
	expect(pub_bool(dss_hex_decode(back, h, sizeof(back))),
	    "hex decode");
	PUBLIC(back, sizeof(back));
	PUBLIC(bin, sizeof(bin));
	expect(memcmp(back, bin, sizeof(bin)) == 0, "hex round trip");
}

/* ---- HTTP: the server's check (response from H(A1), compare) ---------- */

static void http_server(void)
{
	static const enum dss_hash_alg algs[] = { DSS_HASH_MD5,
		DSS_HASH_SHA256, DSS_HASH_SHA512_256 };
	size_t i;

	begin("HTTP response check (dss_http_calc_response_raw + dss_ct_eq)");
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		size_t hs = dss_hash_size(algs[i]);
		uint8_t ha1[DSS_HASH_MAX], want[DSS_HASH_MAX],
		    got[DSS_HASH_MAX];
		char ha1_hex[2 * DSS_HASH_MAX + 1], ha2_hex[2 * DSS_HASH_MAX + 1];
		const char a2[] = "GET:/dir/index.html";

		/* H(A1) from a secret password, as the server does */
		{
			char pw[] = "Mufasa:http-auth@example.org:Circle of Life";

			SECRET(pw + 29, sizeof(pw) - 30);
			dss_hash_buf(algs[i], pw, sizeof(pw) - 1, ha1);
			PUBLIC(pw, sizeof(pw));
		}
		dss_hex_encode(ha1_hex, ha1, hs);
		ha1_hex[2 * hs] = '\0';
		dss_hash_buf(algs[i], a2, sizeof(a2) - 1, want);
		dss_hex_encode(ha2_hex, want, hs);
		ha2_hex[2 * hs] = '\0';
		dss_http_calc_response_raw(algs[i], ha1_hex,
		    dss_span("nonce", 5), dss_span("00000001", 8),
		    dss_span("cnonce", 6), dss_span("auth", 4), ha2_hex, want);
		/* the client's response (public) */
		PUBLIC(want, hs);
		memcpy(got, want, hs);
		SECRET(want, hs);
		expect(pub_bool(dss_ct_eq(want, got, hs)), "http equal");
		got[hs - 1] ^= 1;
		expect(!pub_bool(dss_ct_eq(want, got, hs)), "http differ");
		/* RFC 2069 form, dss_http_calc_response */
		dss_http_calc_response(algs[i], ha1_hex, dss_span("nonce", 5),
		    NULL, dss_span("", 0), DSS_QOP_NONE, ha2_hex, want);
		expect(!pub_bool(dss_ct_eq(want, got, hs)), "http 2069");
		/* the server's split KD: response, then rspauth (asc.c) */
		{
			struct dss_hash kd;

			dss_http_kd_begin(&kd, algs[i], ha1_hex,
			    dss_span("nonce", 5));
			dss_http_kd_more(&kd, dss_span("00000001", 8),
			    dss_span("cnonce", 6), dss_span("auth", 4));
			dss_http_kd_finish(&kd, ha2_hex, want);
			got[hs - 1] ^= 1;
			expect(pub_bool(dss_ct_eq(want, got, hs)),
			    "http split equal");
			dss_http_kd_finish(&kd, ha2_hex, want);
			got[0] ^= 1;
			expect(!pub_bool(dss_ct_eq(want, got, hs)),
			    "http split differ");
			PUBLIC(&kd, sizeof(kd));
		}
		PUBLIC(ha1, sizeof(ha1));
	}
}

/* ---- HTTP: the client's rspauth check ----------------------------------- */

static void http_client(void)
{
	static const enum dss_http_alg algs[] = { DSS_HTTP_MD5,
		DSS_HTTP_SHA256, DSS_HTTP_SHA512_256_SESS };
	size_t i;

	begin("HTTP client rspauth (dss_http_client_check_rspauth)");
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		struct dss_http_client c;
		struct dss_http_auth_info ai;
		enum dss_hash_alg h = dss_http_alg_info(algs[i])->hash;
		size_t hs = dss_hash_size(h);
		char uri[] = "/dir/index.html", rsp[2 * DSS_HASH_MAX + 1];
		char info[512];
		uint8_t want[DSS_HASH_MAX];
		size_t k;

		memset(&c, 0, sizeof(c));
		c.alg = algs[i];
		c.qop = DSS_QOP_AUTH;
		c.nc = 1;
		c.nonce = dss_span("nonce", 5);
		c.cnonce = dss_span("0a4f113b", 8);
		c.last_uri = uri;
		c.last_uri_len = strlen(uri);
		for (k = 0; k < hs; k++)
			c.ha1[k] = (uint8_t)(k * 13 + 1);
		dss_hex_encode(c.ha1_hex, c.ha1, hs);
		c.ha1_hex[2 * hs] = '\0';
		/* the right rspauth, computed with public data */
		dss_http_client_compute(&c, dss_span("", 0),
		    dss_span(uri, strlen(uri)), NULL, 1, want);
		dss_hex_encode(rsp, want, hs);
		rsp[2 * hs] = '\0';
		snprintf(info, sizeof(info), "rspauth=\"%s\", cnonce=\"0a4f113b\""
		    ", nc=00000001, qop=auth", rsp);
		expect(dss_http_parse_auth_info(info, strlen(info), &ai) ==
		    SEC_E_OK, "parse info");
		SECRET(c.ha1, sizeof(c.ha1));
		SECRET(c.ha1_hex, 2 * hs);
		expect(pub_status(dss_http_client_check_rspauth(&c, &ai,
		    NULL)) == SEC_E_OK, "rspauth good");
		info[10] = info[10] == '0' ? '1' : '0';
		expect(dss_http_parse_auth_info(info, strlen(info), &ai) ==
		    SEC_E_OK, "parse info 2");
		expect(pub_status(dss_http_client_check_rspauth(&c, &ai,
		    NULL)) == SEC_E_WRONG_PRINCIPAL, "rspauth bad");
		PUBLIC(&c, sizeof(c));
	}
}

/* ---- SASL --------------------------------------------------------------- */

static void sasl(void)
{
	struct dss_sasl_session s;
	uint8_t ha1[16], want[16], got[16];
	char tok[64], hx[33];
	size_t k;

	begin("SASL response (dss_sasl_calc_response + dss_ct_eq)");
	for (k = 0; k < sizeof(ha1); k++)
		ha1[k] = (uint8_t)(k * 7 + 3);
	SECRET(ha1, sizeof(ha1));
	dss_sasl_calc_response(ha1, dss_span("OA6MG9tEQGm2hh", 14),
	    dss_span("00000001", 8), dss_span("OA6MHXh6VqTrRk", 14),
	    dss_span("auth", 4), dss_span("imap/elwood.innosoft.com", 24),
	    false, want);
	memcpy(got, want, sizeof(got));
	PUBLIC(got, sizeof(got));
	expect(pub_bool(dss_ct_eq(want, got, sizeof(got))), "sasl equal");
	got[3] ^= 4;
	expect(!pub_bool(dss_ct_eq(want, got, sizeof(got))), "sasl differ");

	begin("SASL client rspauth (dss_sasl_client_check_final)");
	memset(&s, 0, sizeof(s));
	dss_sasl_calc_response(ha1, dss_span("OA6MG9tEQGm2hh", 14),
	    dss_span("00000001", 8), dss_span("OA6MHXh6VqTrRk", 14),
	    dss_span("auth", 4), dss_span("imap/elwood.innosoft.com", 24),
	    true, s.rspauth);
	PUBLIC(s.rspauth, sizeof(s.rspauth));
	dss_hex_encode(hx, s.rspauth, 16);
	hx[32] = '\0';
	memcpy(s.ha1, ha1, sizeof(ha1));
	SECRET(s.rspauth, sizeof(s.rspauth));
	snprintf(tok, sizeof(tok), "rspauth=%s", hx);
	expect(pub_status(dss_sasl_client_check_final(&s, tok, strlen(tok)))
	    == SEC_E_OK, "sasl rspauth good");
	tok[8] = tok[8] == '0' ? '1' : '0';
	expect(pub_status(dss_sasl_client_check_final(&s, tok, strlen(tok)))
	    == SEC_E_WRONG_PRINCIPAL, "sasl rspauth bad");
	PUBLIC(ha1, sizeof(ha1));
}

/* ---- the security layer ------------------------------------------------- */

static void layer(enum dss_sl_cipher cipher, const char *name)
{
	struct dss_seclayer cl, sv;
	uint8_t ha1[16], buf[128], tail[DSS_SL_TRAILER_MAX], keep[160];
	uint8_t sig[DSS_SL_SIG_LEN], keep2[160];
	struct dss_iov iov;
	size_t len, tl, plain, m;
	char what[96];

	snprintf(what, sizeof(what), "security layer %s (dss_sl_unseal, "
	    "dss_sl_verify)", name);
	begin(what);
	for (m = 0; m < sizeof(ha1); m++)
		ha1[m] = (uint8_t)(m * 29 + 11);
	dss_sl_init(&cl, ha1, true, cipher);
	SECRET(ha1, sizeof(ha1));
	dss_sl_init(&sv, ha1, false, cipher);
	PUBLIC(ha1, sizeof(ha1));
	for (m = 0; m < 20; m++) {
		len = m * 3;
		memset(buf, 'a' + (int)m, len);
		/* the sender's state is public: only the receiver's keys
		   are under test */
		expect(dss_sl_seal(&cl, buf, len, tail, sizeof(tail), &tl) ==
		    SEC_E_OK, "seal");
		memcpy(buf + len, tail, tl);
		memcpy(keep, buf, len + tl);
		expect(pub_status(dss_sl_unseal(&sv, buf, len + tl,
		    &plain)) == SEC_E_OK, "unseal");
		PUBLIC(buf, len);
		PUBLIC(&plain, sizeof(plain));
		expect(plain == len, "unseal length");
		/* a flipped MAC bit (before the clear type/seq), then the
		   intact frame: the failure changed nothing */
		expect(dss_sl_seal(&cl, buf, len, tail, sizeof(tail), &tl) ==
		    SEC_E_OK, "seal 2");
		memcpy(buf + len, tail, tl);
		memcpy(keep2, buf, len + tl);
		buf[len + tl - 7] ^= 0x20;
		expect(pub_status(dss_sl_unseal(&sv, buf, len + tl,
		    &plain)) == SEC_E_MESSAGE_ALTERED, "unseal altered");
		/* des/3des: a flipped bit in the cipher block that holds the
		   last padding byte garbles the padding (the MAC with it) */
		if (cipher == DSS_SL_DES || cipher == DSS_SL_3DES) {
			memcpy(buf, keep2, len + tl);
			buf[len + tl - 6 - 11] ^= 0x01;
			expect(pub_status(dss_sl_unseal(&sv, buf, len + tl,
			    &plain)) == SEC_E_MESSAGE_ALTERED,
			    "unseal bad padding");
		}
		memcpy(buf, keep2, len + tl);
		expect(pub_status(dss_sl_unseal(&sv, buf, len + tl,
		    &plain)) == SEC_E_OK, "unseal after altered");
		PUBLIC(buf, sizeof(buf));
		PUBLIC(&plain, sizeof(plain));
		/* signatures: the receiver verifies with a secret key */
		iov.p = keep;
		iov.n = len;
		expect(dss_sl_sign(&cl, &iov, 1, sig) == SEC_E_OK, "sign");
		expect(pub_status(dss_sl_verify(&sv, &iov, 1, sig,
		    sizeof(sig))) == SEC_E_OK, "verify");
		expect(dss_sl_sign(&cl, &iov, 1, sig) == SEC_E_OK, "sign 2");
		sig[0] ^= 1;
		expect(pub_status(dss_sl_verify(&sv, &iov, 1, sig,
		    sizeof(sig))) == SEC_E_MESSAGE_ALTERED, "verify bad");
		sig[0] ^= 1;
		expect(pub_status(dss_sl_verify(&sv, &iov, 1, sig,
		    sizeof(sig))) == SEC_E_OK, "verify retry");
	}
	dss_sl_clear(&cl);
	dss_sl_clear(&sv);
}

int main(void)
{
	ct_eq();
	hex();
	http_server();
	http_client();
	sasl();
	layer(DSS_SL_NONE, "auth-int");
	layer(DSS_SL_RC4, "rc4");
	layer(DSS_SL_RC4_40, "rc4-40");
	layer(DSS_SL_DES, "des");
	layer(DSS_SL_3DES, "3des");
	fprintf(stderr, "ct: done, %d failure(s)\n", failures);
	return failures == 0 ? 0 : 1;
}
