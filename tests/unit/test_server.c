/*
 * test_server.c - the HTTP server engine without SSPI: nonces (MAC,
 * lifetime, binding to opaque and realm), the nonce-count window, parsing
 * credentials, and the challenge / Authentication-Info we emit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/bytes.h"
#include "base/strbuf.h"
#include "http/http.h"
#include "http/nonce.h"
#include "one_byte.h"

static struct dss_span
S(const char *s)
{
	return dss_span(s, strlen(s));
}

static void
key_of(struct dss_nonce_key *k, unsigned char fill)
{
	uint8_t secret[32];

	memset(secret, fill, sizeof(secret));
	dss_nonce_key_set(k, secret, sizeof(secret));
}

static void
test_nonce(void **state)
{
	static const uint8_t rnd[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct dss_nonce_key k, other;
	char n[DSS_NONCE_LEN + 1];
	int64_t issued = 0;

	(void)state;
	key_of(&k, 0x11);
	key_of(&other, 0x22);
	dss_nonce_make(&k, 1000000, rnd, S("opq"), S("realm"), n);
	assert_int_equal(strlen(n), DSS_NONCE_LEN);
	/* base64url: no '+', '/', '=' that would need care in headers */
	assert_null(strpbrk(n, "+/=\"\\"));
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq"), S("realm"),
					 1000010, 300, &issued),
			 DSS_NONCE_FRESH);
	assert_int_equal(issued, 1000000);
	/* any server holding the same secret accepts it */
	{
		struct dss_nonce_key same;

		key_of(&same, 0x11);
		assert_int_equal(dss_nonce_check(&same, S(n), S("opq"),
						 S("realm"), 1000010, 300,
						 &issued),
				 DSS_NONCE_FRESH);
	}
	/* genuine but old: stale; not before */
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq"), S("realm"),
					 1000300, 300, &issued),
			 DSS_NONCE_FRESH);
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq"), S("realm"),
					 1000301, 300, &issued),
			 DSS_NONCE_STALE);
	/* from the future (beyond the slack): refused */
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq"), S("realm"),
					 999000, 300, &issued),
			 DSS_NONCE_FORGED);
	/* another secret, session or realm: forged */
	assert_int_equal(dss_nonce_check(&other, S(n), S("opq"), S("realm"),
					 1000010, 300, &issued),
			 DSS_NONCE_FORGED);
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq2"), S("realm"),
					 1000010, 300, &issued),
			 DSS_NONCE_FORGED);
	assert_int_equal(dss_nonce_check(&k, S(n), S("opq"), S("realm2"),
					 1000010, 300, &issued),
			 DSS_NONCE_FORGED);
	/* every single-character change is caught */
	{
		size_t i;

		for (i = 0; i < DSS_NONCE_LEN; i++) {
			char m[DSS_NONCE_LEN + 1];

			memcpy(m, n, sizeof(m));
			m[i] = m[i] == 'A' ? 'B' : 'A';
			assert_int_equal(dss_nonce_check(&k, S(m), S("opq"),
							 S("realm"), 1000010,
							 300, &issued),
					 DSS_NONCE_FORGED);
		}
	}
	/*
	 * The decoder (nonce.c) as nettle's before it: outside base64url's
	 * alphabet is forged; the 2 bits the last digit carries beyond the
	 * 32 bytes are not looked at.
	 */
	{
		static const char not_url[] = "+/=. \"";
		static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "abcdefghijklmnopqrstuvwxyz"
					     "0123456789-_";
		char m[DSS_NONCE_LEN + 1];
		size_t i, v;

		for (i = 0; not_url[i] != '\0'; i++) {
			memcpy(m, n, sizeof(m));
			m[7] = not_url[i];
			assert_int_equal(dss_nonce_check(&k, S(m), S("opq"),
							 S("realm"), 1000010,
							 300, &issued),
					 DSS_NONCE_FORGED);
		}
		memcpy(m, n, sizeof(m));
		v = (size_t)(strchr(digits, m[DSS_NONCE_LEN - 1]) - digits);
		m[DSS_NONCE_LEN - 1] = digits[v ^ 3];
		assert_int_equal(dss_nonce_check(&k, S(m), S("opq"), S("realm"),
						 1000010, 300, &issued),
				 DSS_NONCE_FRESH);
		m[DSS_NONCE_LEN - 1] = digits[v ^ 4];
		assert_int_equal(dss_nonce_check(&k, S(m), S("opq"), S("realm"),
						 1000010, 300, &issued),
				 DSS_NONCE_FORGED);
	}
	/* wrong length, garbage */
	assert_int_equal(dss_nonce_check(&k, dss_span(n, DSS_NONCE_LEN - 1),
					 S("opq"), S("realm"), 1000010, 300,
					 &issued),
			 DSS_NONCE_FORGED);
	assert_int_equal(dss_nonce_check(&k, S("not a nonce"), S("opq"),
					 S("realm"), 1000010, 300, &issued),
			 DSS_NONCE_FORGED);
}

static void
test_nc_window(void **state)
{
	struct dss_nc_window w = { 0, 0 };
	uint32_t i;

	(void)state;
	assert_false(dss_nc_acceptable(&w, 0, false));
	assert_true(dss_nc_acceptable(&w, 1, false));
	dss_nc_record(&w, 1);
	assert_false(dss_nc_acceptable(&w, 1, false)); /* replay */
	/* out of order within the window: fine, once */
	assert_true(dss_nc_acceptable(&w, 5, false));
	dss_nc_record(&w, 5);
	assert_true(dss_nc_acceptable(&w, 3, false));
	dss_nc_record(&w, 3);
	assert_false(dss_nc_acceptable(&w, 3, false));
	assert_false(dss_nc_acceptable(&w, 5, false));
	assert_true(dss_nc_acceptable(&w, 2, false));
	assert_true(dss_nc_acceptable(&w, 4, false));
	/* strict (Windows): only max + 1 */
	assert_false(dss_nc_acceptable(&w, 4, true));
	assert_true(dss_nc_acceptable(&w, 6, true));
	assert_false(dss_nc_acceptable(&w, 7, true));
	/* beyond the 64-request window below max: refused */
	dss_nc_record(&w, 100);
	assert_false(dss_nc_acceptable(&w, 36, false));
	assert_true(dss_nc_acceptable(&w, 37, false));
	/* a long run keeps exactly the last 64 */
	memset(&w, 0, sizeof(w));
	for (i = 1; i <= 1000; i++) {
		assert_true(dss_nc_acceptable(&w, i, true));
		dss_nc_record(&w, i);
	}
	for (i = 937; i <= 1000; i++)
		assert_false(dss_nc_acceptable(&w, i, false));
	assert_false(dss_nc_acceptable(&w, 936, false));
	/* the top of the range */
	w.max = UINT32_MAX;
	w.seen = 1;
	assert_false(dss_nc_acceptable(&w, UINT32_MAX, true));
	assert_false(dss_nc_acceptable(&w, UINT32_MAX, false));
}

static SECURITY_STATUS
parse(const char *v, struct dss_http_response *r, char *scratch)
{
	return dss_http_parse_response(v, strlen(v), scratch, r);
}

static void
test_parse_response(void **state)
{
	char scratch[2048];
	struct dss_http_response r;

	(void)state;
	/* RFC 2617 section 3.5, with its scheme word */
	assert_int_equal(
		parse("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
		      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
		      "uri=\"/dir/index.html\", qop=auth, nc=00000001, "
		      "cnonce=\"0a4f113b\", "
		      "response=\"6629fae49393a05397450978507c4ef1\", "
		      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
		      &r, scratch),
		SEC_E_OK);
	assert_true(dss_span_eq(r.user, "Mufasa"));
	assert_true(dss_span_eq(r.uri, "/dir/index.html"));
	assert_int_equal(r.qop, DSS_QOP_AUTH);
	assert_int_equal(r.nc_value, 1);
	assert_int_equal(r.alg, DSS_HTTP_MD5);
	assert_false(r.has_algorithm);
	assert_true(r.has_opaque);
	assert_int_equal(r.digest[0], 0x66);

	/* quoted algorithm and qop (urllib, requests), escapes, username* */
	assert_int_equal(
		parse("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"r\", "
		      "nonce=\"n\\\"x\", uri=\"/\", algorithm=\"SHA-256\", "
		      "qop=\"auth\", nc=0000000A, cnonce=\"c\", response=\""
		      "0000000000000000000000000000000000000000000000000000000"
		      "000000000\"",
		      &r, scratch),
		SEC_E_OK);
	assert_true(r.user_star);
	assert_int_equal(r.user.n, 11);
	assert_memory_equal(r.user.p, "J\xc3\xa4s\xc3\xb8n Doe", 11);
	assert_true(dss_span_eq(r.nonce, "n\"x"));
	assert_int_equal(r.alg, DSS_HTTP_SHA256);
	assert_int_equal(r.nc_value, 10);
	assert_true(dss_span_eq(r.nc, "0000000A")); /* hashed as sent */

	static const char *const bad[] = {
		/* username and username* */
		"username=\"a\", username*=UTF-8''a, realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		/* no username */
		"realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		/* missing realm / nonce / uri / response */
		"username=a, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, uri=/",
		/* qop without nc / cnonce, nc without qop */
		"username=a, realm=r, nonce=n, uri=/, qop=auth, cnonce=c, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, uri=/, nc=00000001, cnonce=c, "
		"response=\"00000000000000000000000000000000\"",
		/* bad nc, unknown qop, unknown algorithm */
		"username=a, realm=r, nonce=n, uri=/, qop=auth, nc=1, cnonce=c, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, uri=/, qop=auth-conf, "
		"nc=00000001, cnonce=c, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, uri=/, algorithm=SHA-1, "
		"response=\"00000000000000000000000000000000\"",
		/* response of the wrong length for the algorithm, not hex */
		"username=a, realm=r, nonce=n, uri=/, algorithm=SHA-256, "
		"response=\"00000000000000000000000000000000\"",
		"username=a, realm=r, nonce=n, uri=/, "
		"response=\"0000000000000000000000000000000g\"",
		/* duplicate directive */
		"username=a, realm=r, realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		/* username* quoted, broken, or with userhash */
		"username*=\"UTF-8''a\", realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		"username*=UTF-8''%zz, realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		"username*=UTF-8''a, userhash=true, realm=r, nonce=n, uri=/, "
		"response=\"00000000000000000000000000000000\"",
		/* two schemes, a token68, syntax */
		"Digest username=a, Basic x=y",
		"Digest abc==",
		"username=\"a",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("refused: %s\n", bad[i]);
		assert_int_equal(parse(bad[i], &r, scratch),
				 SEC_E_INVALID_TOKEN);
	}
	/* every byte that is not a hex digit: in the response, in nc */
	for (i = 1; i < 256; i++) {
		char v[256];
		int ok = (i >= '0' && i <= '9') || (i >= 'a' && i <= 'f') ||
			 (i >= 'A' && i <= 'F');

		if (i == '"' || i == '\\' || i < 0x20 || i == 0x7f)
			continue; /* not in a quoted-string as such */
		snprintf(v, sizeof(v),
			 "username=a, realm=r, nonce=n, uri=\"/\", response="
			 "\"0000000000000000000000000000000%c\"", (char)i);
		assert_int_equal(parse(v, &r, scratch),
				 ok ? SEC_E_OK : SEC_E_INVALID_TOKEN);
		snprintf(v, sizeof(v),
			 "username=a, realm=r, nonce=n, uri=\"/\", qop=auth, "
			 "nc=\"0000000%c\", cnonce=c, response="
			 "\"00000000000000000000000000000000\"", (char)i);
		assert_int_equal(parse(v, &r, scratch),
				 ok ? SEC_E_OK : SEC_E_INVALID_TOKEN);
		/* and first, with nc the last directive (nothing after) */
		snprintf(v, sizeof(v),
			 "username=a, realm=r, nonce=n, uri=\"/\", qop=auth, "
			 "cnonce=c, response=\"00000000000000000000000000000000"
			 "\", nc=%c0000000", (char)i);
		if (i != ',' && i != ' ' && i != '=')
			assert_int_equal(parse(v, &r, scratch),
					 ok ? SEC_E_OK : SEC_E_INVALID_TOKEN);
	}
	/* every digit in its place, either case */
	assert_int_equal(parse("username=a, realm=r, nonce=n, uri=\"/\", "
			       "qop=auth, cnonce=c, response=\"0000000000000000"
			       "0000000000000000\", nc=89ABcdef",
			       &r, scratch),
			 SEC_E_OK);
	assert_int_equal(r.nc_value, 0x89ABCDEFu);
}

/*
 * Directive names are matched case-insensitively and exactly: a name
 * appended to full credentials is refused as a duplicate when it is one
 * of ours in any case, and ignored when one byte differs otherwise.
 */
static void
test_directive_names(void **state)
{
	static const char base[] =
		"username=a, realm=r, nonce=n, uri=\"/\", algorithm=MD5, "
		"qop=auth, nc=00000001, cnonce=c, opaque=o, userhash=false, "
		"response=\"00000000000000000000000000000000\"";
	static const char *const names[] = {
		"username", "username*", "realm", "nonce", "uri", "response",
		"algorithm", "cnonce", "nc", "qop", "opaque", "userhash",
	};
	char scratch[2048], v[512], name[16];
	struct dss_http_response r;
	size_t i, j, len;
	unsigned c;

	(void)state;
	assert_int_equal(parse(base, &r, scratch), SEC_E_OK);
	assert_int_equal(parse("USERNAME=a, Realm=r, NONCE=n, Uri=\"/\", "
			       "AlGoRiThM=MD5, QOP=auth, Nc=00000001, "
			       "cNonce=c, OPAQUE=o, UserHash=false, "
			       "RESPONSE=\"00000000000000000000000000000000\"",
			       &r, scratch),
			 SEC_E_OK);
	assert_true(r.has_opaque);
	assert_int_equal(r.qop, DSS_QOP_AUTH);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		len = strlen(names[i]);
		for (j = 0; j < len; j++) {
			for (c = 1; c < 256; c++) {
				bool same;

				if (!dss_ap_is_tchar((unsigned char)c))
					continue;
				memcpy(name, names[i], len);
				name[j] = (char)c;
				same = (unsigned char)names[i][j] == c ||
				       ((c | 0x20u) == (unsigned char)names[i][j] &&
					c >= 'A' && c <= 'Z');
				snprintf(v, sizeof(v), "%s, %.*s=x", base,
					 (int)len, name);
				assert_int_equal(parse(v, &r, scratch),
						 same ? SEC_E_INVALID_TOKEN :
							SEC_E_OK);
			}
		}
	}
}

/* An Authorization value whose response is `hex` (32: MD5, 64: SHA-256). */
static void
response_with(char *v, size_t cap, const char *hex, size_t len)
{
	snprintf(v, cap,
		 "username=a, realm=r, nonce=n, uri=\"/\", algorithm=%s, "
		 "response=\"%s\"",
		 len == 32 ? "MD5" : "SHA-256", hex);
}

/*
 * The response's hex digits, decoded 16 bytes at a time: every digit
 * value in either case in every position, and a byte next to the digit
 * ranges in every position refused.
 */
static void
test_response_hex(void **state)
{
	static const char digits[] = "0123456789abcdefABCDEF";
	static const char bad[] = "/:@G`g \x7f\x80\xff";
	char scratch[2048], v[512], hex[65];
	struct dss_http_response r;
	size_t len, i, k;

	(void)state;
	for (len = 32; len <= 64; len += 32) {
		for (i = 0; i < len; i++) {
			for (k = 0; k < sizeof(digits) - 1; k++) {
				size_t j;

				for (j = 0; j < len; j++)
					hex[j] = digits[(j * 5 + k) % 22];
				hex[i] = digits[k];
				hex[len] = '\0';
				response_with(v, sizeof(v), hex, len);
				assert_int_equal(parse(v, &r, scratch),
						 SEC_E_OK);
				for (j = 0; j < len / 2; j++) {
					uint8_t want;

					assert_true(dss_hex_decode(
						&want, hex + 2 * j, 1));
					assert_int_equal(r.digest[j], want);
				}
			}
			for (k = 0; k < sizeof(bad) - 1; k++) {
				memset(hex, '0', len);
				hex[i] = bad[k];
				hex[len] = '\0';
				response_with(v, sizeof(v), hex, len);
				assert_int_equal(parse(v, &r, scratch),
						 SEC_E_INVALID_TOKEN);
			}
		}
	}
}

/* The constant H("") of rspauth for auth-int (server.c). */
static void
test_empty_body_hex(void **state)
{
	static const enum dss_hash_alg hs[] = { DSS_HASH_MD5, DSS_HASH_SHA256,
						DSS_HASH_SHA512_256 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
		uint8_t d[DSS_HASH_MAX];
		char hex[2 * DSS_HASH_MAX];
		size_t n = dss_hash_size(hs[i]);

		dss_hash_buf(hs[i], "", 0, d);
		dss_hex_encode(hex, d, n);
		assert_memory_equal(dss_http_empty_body_hex(hs[i]), hex, 2 * n);
	}
}

/* The split KD gives dss_http_calc_response_raw's digest. */
static void
test_kd_split(void **state)
{
	static const enum dss_hash_alg hs[] = { DSS_HASH_MD5, DSS_HASH_SHA256,
						DSS_HASH_SHA512_256 };
	const char *ha1 = "939e7578ed9e3c518a452acee763bce9"
			  "939e7578ed9e3c518a452acee763bce9";
	const char *ha2 = "39aff3a2bab6126f332b942af96d3366"
			  "39aff3a2bab6126f332b942af96d3366";
	char long_cnonce[300], long_nonce[200];
	size_t i, q;

	(void)state;
	memset(long_cnonce, 'c', sizeof(long_cnonce));
	memset(long_nonce, 'n', sizeof(long_nonce));
	for (i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
		for (q = 0; q < 4; q++) {
			/* no qop; short pieces (gathered); a long cnonce;
			 * a long nonce */
			struct dss_span qop = q ? S("auth") : S("");
			struct dss_span cn = q == 2 ? dss_span(long_cnonce, 300) :
						      S("0a4f113b");
			struct dss_span n = q == 3 ? dss_span(long_nonce, 200) :
						     S("dcd98b71");
			uint8_t a[DSS_HASH_MAX], b[DSS_HASH_MAX];
			struct dss_hash kd, h;
			struct dss_hash_kept k;

			dss_http_calc_response_raw(hs[i], ha1, n, S("00000001"),
						   cn, qop, ha2, a);
			dss_http_kd_begin(&kd, hs[i], ha1, n);
			dss_http_kd_more(&kd, S("00000001"), cn, qop);
			dss_http_kd_finish(&kd, ha2, b);
			assert_memory_equal(a, b, dss_hash_size(hs[i]));
			/* finish leaves the prefix as it was */
			dss_http_kd_finish(&kd, ha2, b);
			assert_memory_equal(a, b, dss_hash_size(hs[i]));

			/* begin, kept and resumed (as a session does), more */
			dss_http_kd_begin(&kd, hs[i], ha1, n);
			if (!dss_hash_keep(&k, &kd)) {
				assert_int_equal(hs[i], DSS_HASH_SHA512_256);
				continue;
			}
			memset(&kd, 0xA5, sizeof(kd));
			dss_hash_resume(&h, &k);
			dss_http_kd_more(&h, S("00000001"), cn, qop);
			dss_http_kd_last(&h, ha2, b);
			assert_memory_equal(a, b, dss_hash_size(hs[i]));
		}
	}
}

static void
test_emit(void **state)
{
	static const uint8_t algs[] = { DSS_HTTP_SHA256, DSS_HTTP_MD5 };
	struct dss_http_offer o = {
		S("a \"quoted\" realm"), S("NONCE"), S("OPAQUE"), algs, 2,
		DSS_QOP_BIT_AUTH | DSS_QOP_BIT_INT, true, true
	};
	char buf[1024];
	struct dss_strbuf sb;
	uint8_t rsp[16];

	(void)state;
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_http_emit_challenge(&o, &sb);
	dss_sb_terminate(&sb);
	assert_string_equal(
		buf,
		"realm=\"a \\\"quoted\\\" realm\", qop=\"auth,auth-int\", "
		"algorithm=SHA-256, nonce=\"NONCE\", opaque=\"OPAQUE\", "
		"charset=UTF-8, userhash=true, stale=true, Digest "
		"realm=\"a \\\"quoted\\\" realm\", qop=\"auth,auth-int\", "
		"algorithm=MD5, nonce=\"NONCE\", opaque=\"OPAQUE\", "
		"charset=UTF-8, userhash=true, stale=true");
	/* what we emit, our client picks (strongest first) */
	{
		struct dss_http_challenge ch;

		assert_int_equal(dss_http_pick_challenge(buf, sb.len,
							 DSS_HTTP_ALG_ALL, &ch),
				 SEC_E_OK);
		assert_int_equal(ch.alg, DSS_HTTP_SHA256);
		assert_true(ch.stale && ch.userhash && ch.utf8);
	}
	memset(rsp, 0xab, sizeof(rsp));
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_http_emit_auth_info(rsp, 16, DSS_QOP_AUTH, S("c\"n"),
				S("00000001"), S("NEXT"), &sb);
	dss_sb_terminate(&sb);
	assert_string_equal(buf, "rspauth=\"abababababababababababababababab\", "
				 "qop=auth, cnonce=\"c\\\"n\", nc=00000001, "
				 "nextnonce=\"NEXT\"");
}

/*
 * Authentication-Info written unchecked (a bound fits) and through the
 * checked writers (a buffer of exactly the length): the same bytes.
 */
static void
test_emit_auth_info_paths(void **state)
{
	static const enum dss_http_qop qops[] = { DSS_QOP_NONE, DSS_QOP_AUTH,
						  DSS_QOP_AUTH_INT };
	static const char *const cnonces[] = { "c", "c\"n\\",
					       "0123456789abcdef\"0123" };
	static const char *const next[] = { "", "NEXT", "0123456789abcdef01" };
	uint8_t rsp[32];
	size_t q, i, hs;

	(void)state;
	for (i = 0; i < sizeof(rsp); i++)
		rsp[i] = (uint8_t)(i * 29 + 7);
	for (hs = 16; hs <= 32; hs += 16)
		for (q = 0; q < DSS_ARRAY_LEN(qops); q++)
			for (i = 0; i < DSS_ARRAY_LEN(cnonces); i++) {
				char fast[512], slow[512];
				struct dss_strbuf a, b;

				dss_sb_init(&a, fast, sizeof(fast));
				dss_sb_put(&a, "x", 1);
				dss_http_emit_auth_info(rsp, hs, qops[q],
							S(cnonces[i]),
							S("0000002a"),
							S(next[i]), &a);
				assert_false(a.overflow);
				dss_sb_init(&b, slow, a.len);
				dss_sb_put(&b, "x", 1);
				dss_http_emit_auth_info(rsp, hs, qops[q],
							S(cnonces[i]),
							S("0000002a"),
							S(next[i]), &b);
				assert_false(b.overflow);
				assert_int_equal(a.len, b.len);
				assert_memory_equal(fast, slow, a.len);
			}
}

/* ---- shapes: reading a later request by its likeness to the last one ---- */

/*
 * Authorization values in the directive orders of real clients
 * (../shared/vectors/http-peers.md: curl, Python's urllib and requests;
 * our own client), the session's first request; a later one changes uri,
 * cnonce, nc and response.
 */
static const char *const shape_bases[] = {
	/* curl 7.88 */
	"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
	"nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
	"uri=\"/dir/index.html\", cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
	"nc=00000001, qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\", "
	"opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", algorithm=MD5",
	/* urllib: quoted qop and algorithm, nc and cnonce last */
	"Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
	"nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
	"uri=\"/dir/index.html\", "
	"response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
	"opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", "
	"algorithm=\"SHA-256\", qop=\"auth\", nc=00000001, cnonce=\"f2b8f8da0ae9a1c5\"",
	/* requests: no algorithm, quoted qop */
	"Digest username=\"Mufasa\", realm=\"r\", nonce=\"abc\", uri=\"/a?b=c\", "
	"response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"o\", qop=\"auth\", "
	"nc=00000001, cnonce=\"0a4f113b\"",
	/* RFC 2069 (no qop), no opaque */
	"Digest username=\"Mufasa\", realm=\"r\", nonce=\"abc\", uri=\"/\", "
	"response=\"8ca523f5e9506fed4657c9700eebdbec\"",
};

/*
 * a and b say the same, field by field: a span is absent in both or has
 * the same bytes in both (b's may lie in the shape's copy of the value,
 * see dss_http_shape_match).
 */
static void
assert_same_parse(struct dss_http_response *a, struct dss_http_response *b)
{
	unsigned i;

	for (i = 0; i < DSS_HTTP_RESPONSE_SPANS; i++) {
		const struct dss_span *x = dss_http_response_span(a, i);
		const struct dss_span *y = dss_http_response_span(b, i);

		assert_int_equal(x->p == NULL, y->p == NULL);
		if (x->p == NULL)
			continue;
		assert_int_equal(x->n, y->n);
		assert_memory_equal(x->p, y->p, x->n);
	}
	assert_int_equal(a->user_star, b->user_star);
	assert_int_equal(a->userhash, b->userhash);
	assert_int_equal(a->has_opaque, b->has_opaque);
	assert_int_equal(a->has_algorithm, b->has_algorithm);
	assert_int_equal(a->alg, b->alg);
	assert_int_equal(a->qop, b->qop);
	assert_int_equal(a->nc_value, b->nc_value);
	assert_memory_equal(a->digest, b->digest, DSS_HASH_MAX);
}

/*
 * A value the shape matches must parse, to the same result; returns
 * whether it matched.
 */
static bool
shape_agrees(const struct dss_http_shape *sh, const char *v, size_t n)
{
	static char scratch[4096];
	struct dss_http_response viaparse, viashape;

	memset(&viashape, 0xA5, sizeof(viashape));
	if (!dss_http_shape_match(sh, v, n, &viashape))
		return false;
	assert_int_equal(dss_http_parse_response(v, n, scratch, &viaparse),
			 SEC_E_OK);
	assert_same_parse(&viaparse, &viashape);
	return true;
}

/* Replace the value of directive `name` in v (quoted or not) by `to`. */
static void
set_value(char *v, size_t cap, const char *name, const char *to)
{
	char out[1024], key[32];
	char *p, *e;

	snprintf(key, sizeof(key), " %s=", name);
	p = strstr(v, key);
	assert_non_null(p);
	p += strlen(key);
	if (*p == '"') {
		p++;
		e = strchr(p, '"');
	} else {
		e = p + strcspn(p, ",");
	}
	assert_non_null(e);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - v), v, to, e);
	assert_true(strlen(out) < cap);
	strcpy(v, out);
}

static bool
shape_agrees_try(const char *v, size_t n, void *sh)
{
	return shape_agrees((const struct dss_http_shape *)sh, v, n);
}

static void
test_shape(void **state)
{
	static _Alignas(16) char room[sizeof(struct dss_http_shape) + 1024];
	struct dss_http_shape *sh = (struct dss_http_shape *)(void *)room;
	char scratch[2048];
	size_t b;

	(void)state;
	for (b = 0; b < sizeof(shape_bases) / sizeof(shape_bases[0]); b++) {
		const char *base = shape_bases[b];
		size_t n = strlen(base), matched, tried;
		struct dss_http_response r;
		char v[1024];
		bool md5;

		print_message("shape of: %s\n", base);
		assert_int_equal(parse(base, &r, scratch), SEC_E_OK);
		md5 = r.alg == DSS_HTTP_MD5;
		sh->cap = (uint32_t)n;
		assert_true(dss_http_shape_make(sh, base, n, &r));
		/* the same bytes, from a copy */
		memcpy(v, base, n + 1);
		assert_true(shape_agrees(sh, v, n));

		/* a later request: other uri, cnonce, nc and response */
		strcpy(v, base);
		set_value(v, sizeof(v), "uri", "/a/much/longer/path?with=query&x=1");
		if (r.cnonce.p != NULL) {
			set_value(v, sizeof(v), "cnonce", "Zz");
			set_value(v, sizeof(v), "nc", "0000A0fF");
		}
		set_value(v, sizeof(v), "response",
			  md5 ? "0123456789abcdefABCDEF0123456789" :
				"0123456789abcdefABCDEF0123456789"
				"0123456789abcdefABCDEF0123456789");
		assert_true(shape_agrees(sh, v, strlen(v)));
		/* an empty uri and cnonce are values too */
		set_value(v, sizeof(v), "uri", "");
		if (r.cnonce.p != NULL)
			set_value(v, sizeof(v), "cnonce", "");
		assert_true(shape_agrees(sh, v, strlen(v)));

		/*
		 * Every one-byte change, deletion and insertion of the
		 * value: where the shape still matches, the parser agrees.
		 * What changes in a literal part never matches.
		 */
		matched = one_byte_variants(base, n, v, shape_agrees_try, sh,
					    &tried);
		print_message("  %zu of %zu one-byte changes matched\n",
			      matched, tried);
		/* the changes inside the four values that keep their form */
		assert_true(matched > 100);
	}

	/* a value with a quoted-pair or username* has no shape */
	{
		static const char *const none[] = {
			"username=\"Mu\\fasa\", realm=\"r\", nonce=\"abc\", "
			"uri=\"/\", response=\"8ca523f5e9506fed4657c9700eebdbec\"",
			"username*=UTF-8''Mufasa, realm=\"r\", nonce=\"abc\", "
			"uri=\"/\", response=\"8ca523f5e9506fed4657c9700eebdbec\"",
		};

		for (b = 0; b < 2; b++) {
			struct dss_http_response r;
			size_t n = strlen(none[b]);

			assert_int_equal(parse(none[b], &r, scratch), SEC_E_OK);
			sh->cap = (uint32_t)n;
			assert_false(dss_http_shape_make(sh, none[b], n, &r));
		}
	}
	/* an escaped quote in a new uri is left to the parser */
	{
		struct dss_http_response r;
		char v[512];

		strcpy(v, shape_bases[2]);
		assert_int_equal(parse(v, &r, scratch), SEC_E_OK);
		sh->cap = (uint32_t)strlen(v);
		assert_true(dss_http_shape_make(sh, v, strlen(v), &r));
		set_value(v, sizeof(v), "uri", "/a\\\"b");
		assert_int_equal(parse(v, &r, scratch), SEC_E_OK);
		assert_false(dss_http_shape_match(sh, v, strlen(v), &r));
	}
}

/* dss_http_opaque_hint() without a guess (each call starts afresh). */
static struct dss_span
hint(const char *tok, size_t n)
{
	_Atomic uint32_t g = 0;

	return dss_http_opaque_hint(tok, n, &g);
}

static void
test_opaque_hint(void **state)
{
	static const char op[] = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
	char other[1024];
	_Atomic uint32_t g = 0;
	struct dss_span h;
	size_t n = strlen(shape_bases[0]);

	(void)state;
	h = hint(shape_bases[0], n);
	assert_true(dss_span_eq(h, op));
	h = hint("qop=auth, opaque=abc, nc=1", 26);
	assert_true(dss_span_eq(h, "abc"));
	h = hint("opaque=abc", 10);
	assert_true(dss_span_eq(h, "abc"));
	/* none, unterminated, or cut right after the '=' */
	assert_int_equal(hint(shape_bases[3], strlen(shape_bases[3])).n, 0);
	assert_int_equal(hint("opaque=\"abc", 11).n, 0);
	assert_int_equal(hint("x, opaque=", 10).n, 0);
	assert_int_equal(hint("q", 1).n, 0);

	/* the scan sets the guess; the next value is read where it says */
	h = dss_http_opaque_hint(shape_bases[0], n, &g);
	assert_true(dss_span_eq(h, op));
	assert_int_equal(g >> 16, strlen(op));
	assert_ptr_equal(shape_bases[0] + n - (g & 0xFFFF), h.p);
	snprintf(other, sizeof(other), "x=\"%s\"", op); /* no opaque= */
	assert_int_equal(dss_http_opaque_hint(other, strlen(other), &g).n, 0);
	/* a value with the opaque elsewhere: the scan, a new guess */
	snprintf(other, sizeof(other), "%s, algorithm=MD5", shape_bases[0]);
	h = dss_http_opaque_hint(other, strlen(other), &g);
	assert_true(dss_span_eq(h, op));
	/* the base ends with one ", algorithm=MD5" already */
	assert_int_equal(g & 0xFFFF,
			 strlen(op) + 1 + 2 * strlen(", algorithm=MD5"));
	/* the guess is used: the same place in another value */
	memcpy(other + (h.p - other), "ZZ", 2);
	h = dss_http_opaque_hint(other, strlen(other), &g);
	assert_int_equal(h.n, strlen(op));
	assert_memory_equal(h.p, "ZZ", 2);
	/* shorter than the guess needs: the scan, which finds none */
	assert_int_equal(dss_http_opaque_hint("opaque", 6, &g).n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonce),
		cmocka_unit_test(test_nc_window),
		cmocka_unit_test(test_parse_response),
		cmocka_unit_test(test_directive_names),
		cmocka_unit_test(test_response_hex),
		cmocka_unit_test(test_empty_body_hex),
		cmocka_unit_test(test_kd_split),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_emit_auth_info_paths),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_opaque_hint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
