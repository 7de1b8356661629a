/*
 * test_http.c - the HTTP Digest engine (src/http) without SSPI: hashes,
 * H(A1)/H(A2)/response/userhash, RFC 8187 ext-values, nc formatting,
 * choosing among challenges, and the emitted directive list.
 *
 * Vectors: tests/vectors/http_vectors.h (generated from vectors.json;
 * each names its source).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/bytes.h"
#include "base/strbuf.h"
#include "crypto/crypto.h"
#include "http/http.h"
#include "http_vectors.h"
#include "one_byte.h"

static struct dss_span
S(const char *s)
{
	return dss_span(s ? s : "", s ? strlen(s) : 0);
}

/* Constant-time equality: equal, and one bit off at every position. */
static void
test_ct_eq(void **state)
{
	uint8_t a[40], b[40];
	size_t n, i, bit;

	(void)state;
	for (i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 37 + 1);
	for (n = 0; n <= sizeof(a); n++) {
		assert_true(dss_ct_eq(a, b, n));
		for (i = 0; i < n; i++) {
			for (bit = 0; bit < 8; bit++) {
				b[i] ^= (uint8_t)(1u << bit);
				assert_false(dss_ct_eq(a, b, n));
				b[i] ^= (uint8_t)(1u << bit);
			}
		}
	}
}

/* dss_hex_encode (16 bytes per vector step, then a byte tail) matches
 * printf's %02x for every byte value and every length up to 48. */
static void
test_hex_lengths(void **state)
{
	uint8_t d[48];
	char want[2 * sizeof(d) + 1], got[sizeof(want)];
	size_t n, i, k;

	(void)state;
	for (k = 0; k < 256; k += sizeof(d)) {
		for (i = 0; i < sizeof(d); i++)
			d[i] = (uint8_t)(k + i);
		for (n = 0; n <= sizeof(d); n++) {
			memset(want, 'x', sizeof(want));
			memset(got, 'x', sizeof(got));
			for (i = 0; i < n; i++)
				snprintf(want + 2 * i, 3, "%02x", d[i]);
			want[2 * n] = 'x'; /* snprintf's NUL: not written */
			dss_hex_encode(got, d, n);
			assert_memory_equal(got, want, sizeof(got));
		}
	}
	dss_hex_encode(got, (const uint8_t *)"\x00\x09\x0a\x0f\x10\x9f\xa0\xff"
		       "\x7f\x80\x5a\xa5\x01\x23\xcd\xef", 16);
	assert_memory_equal(got, "00090a0f109fa0ff7f805aa50123cdef", 32);
}

static enum dss_http_alg
alg_of(const char *name)
{
	int a = dss_http_alg_from_name(S(name ? name : "MD5"));

	assert_true(a >= 0);
	return (enum dss_http_alg)a;
}

static void
hex_of(const uint8_t *d, size_t n, char *out)
{
	dss_hex_encode(out, d, n);
	out[2 * n] = '\0';
}

static void
test_primitive_hashes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DSS_VEC_PRIMITIVE_HASH_COUNT; i++) {
		const struct dss_vec_primitive_hash *v =
			&dss_vec_primitive_hash[i];
		uint8_t d[DSS_HASH_MAX];
		char hex[2 * DSS_HASH_MAX + 1];
		enum dss_hash_alg h;

		print_message("%s (%s)\n", v->id, v->source);
		if (strcmp(v->algorithm, "SHA-512-TRUNCATED-256") == 0) {
			/* must differ from real SHA-512/256 */
			dss_hash_buf(DSS_HASH_SHA512_256, v->message,
				     v->message_len, d);
			hex_of(d, 32, hex);
			assert_string_not_equal(hex, v->digest_hex);
			continue;
		}
		h = strcmp(v->algorithm, "MD5") == 0	 ? DSS_HASH_MD5 :
		    strcmp(v->algorithm, "SHA-256") == 0 ? DSS_HASH_SHA256 :
							   DSS_HASH_SHA512_256;
		dss_hash_buf(h, v->message, v->message_len, d);
		hex_of(d, dss_hash_size(h), hex);
		assert_string_equal(hex, v->digest_hex);
	}
}

/* The inline sizes of http.h agree with crypto's dss_hash_size(). */
static void
test_alg_sizes(void **state)
{
	int a;

	(void)state;
	for (a = 0; a < DSS_HTTP_ALG_COUNT; a++) {
		const struct dss_http_alg_info *ai =
			dss_http_alg_info((enum dss_http_alg)a);

		assert_int_equal(ai->size, dss_hash_size(ai->hash));
		assert_int_equal(dss_http_hash_size(ai->hash),
				 dss_hash_size(ai->hash));
	}
}

static void
test_nc_format(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DSS_VEC_NC_FORMAT_COUNT; i++) {
		char out[9] = { 0 };

		dss_hex32(out, dss_vec_nc_format[i].count);
		assert_string_equal(out, dss_vec_nc_format[i].nc_value);
		memset(out, 0, sizeof(out));
		dss_http_nc_hex(out, dss_vec_nc_format[i].count);
		assert_string_equal(out, dss_vec_nc_format[i].nc_value);
	}
	/* the word version against dss_hex32: every nibble value at every
	   position, and a spread of other counts */
	for (i = 0; i < 8 * 16 + 4096; i++) {
		uint32_t v = i < 8 * 16 ? (uint32_t)(i % 16) << (4 * (i / 16)) :
					  (uint32_t)(i * 2654435761u);
		char want[8], got[8];

		dss_hex32(want, v);
		dss_http_nc_hex(got, v);
		assert_memory_equal(got, want, 8);
	}
}

static void
test_ext_value(void **state)
{
	const struct dss_vec_ext_value_encode *e = &dss_vec_ext_value_encode[0];
	const struct dss_vec_ext_value_decode *d = &dss_vec_ext_value_decode[0];
	char buf[256], out[256];
	struct dss_strbuf sb;
	size_t n;

	(void)state;
	print_message("%s (%s)\n", e->id, e->source);
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_http_ext_value(&sb, e->text, e->text_len);
	dss_sb_terminate(&sb);
	assert_false(sb.overflow);
	assert_string_equal(buf, e->encoded);
	n = dss_http_ext_value_decode(buf, sb.len, out);
	assert_int_equal(n, e->text_len);
	assert_memory_equal(out, e->text, n);

	print_message("%s (%s)\n", d->id, d->source);
	n = dss_http_ext_value_decode(d->encoded, strlen(d->encoded), out);
	assert_int_equal(n, d->text_len);
	assert_memory_equal(out, d->text, n);

	/* refused: other charsets, broken escapes, raw specials */
	assert_int_equal(dss_http_ext_value_decode("ISO-8859-1''a", 13, out),
			 SIZE_MAX);
	assert_int_equal(dss_http_ext_value_decode("UTF-8''%4", 9, out),
			 SIZE_MAX);
	assert_int_equal(dss_http_ext_value_decode("UTF-8''%zz", 10, out),
			 SIZE_MAX);
	assert_int_equal(dss_http_ext_value_decode("UTF-8''a b", 10, out),
			 SIZE_MAX);
	assert_int_equal(dss_http_ext_value_decode("UTF-8'en", 8, out),
			 SIZE_MAX);
}

/* Every http_digest vector through the computations of calc.c. */
static void
test_digest_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < DSS_VEC_HTTP_DIGEST_COUNT; i++) {
		const struct dss_vec_http_digest *v = &dss_vec_http_digest[i];
		const struct dss_vec_http_inputs *in = &v->inputs;
		const struct dss_vec_http_expected *ex = &v->expected;
		enum dss_http_alg alg;
		enum dss_hash_alg h;
		enum dss_http_qop qop;
		uint8_t ha1[DSS_HASH_MAX], resp[DSS_HASH_MAX];
		char ha1_hex[65], ha2[65], hent[65], hex[65], nc8[8];
		size_t size;

		if (strcmp(in->algorithm ? in->algorithm : "MD5",
			   "SHA-512-TRUNCATED-256") == 0)
			continue; /* a misprint: checked as "not produced" */
		print_message("%s (%s)\n", v->id, v->source);
		alg = alg_of(in->algorithm);
		h = dss_http_alg_info(alg)->hash;
		size = dss_hash_size(h);
		qop = in->qop == NULL			 ? DSS_QOP_NONE :
		      strcmp(in->qop, "auth-int") == 0 ? DSS_QOP_AUTH_INT :
							 DSS_QOP_AUTH;

		dss_http_calc_ha1(alg, dss_span(in->username, in->username_len),
				  dss_span(in->realm, in->realm_len),
				  dss_span(in->password, in->password_len),
				  dss_span(in->nonce, in->nonce_len),
				  S(in->cnonce), ha1, ha1_hex);
		assert_string_equal(ha1_hex, ex->ha1);
		hex_of(ha1, size, hex);
		assert_string_equal(hex, ex->ha1);

		if (qop == DSS_QOP_AUTH_INT) {
			uint8_t d[DSS_HASH_MAX];

			dss_hash_buf(h, in->body, in->body_len, d);
			hex_of(d, size, hent);
			assert_string_equal(hent, ex->h_body);
		}
		dss_http_calc_ha2(h, S(in->method), S(in->uri), qop, hent, ha2);
		assert_string_equal(ha2, ex->ha2);
		dss_hex32(nc8, in->nc);
		dss_http_calc_response(h, ha1_hex,
				       dss_span(in->nonce, in->nonce_len), nc8,
				       S(in->cnonce), qop, ha2, resp);
		hex_of(resp, size, hex);
		assert_string_equal(hex, ex->response);

		/* rspauth: empty method, H(response body) for auth-int */
		if (qop == DSS_QOP_AUTH_INT)
			strcpy(hent, ex->h_response_body);
		dss_http_calc_ha2(h, S(""), S(in->uri), qop, hent, ha2);
		assert_string_equal(ha2, ex->ha2_rspauth);
		dss_http_calc_response(h, ha1_hex,
				       dss_span(in->nonce, in->nonce_len), nc8,
				       S(in->cnonce), qop, ha2, resp);
		hex_of(resp, size, hex);
		assert_string_equal(hex, ex->rspauth);

		if (ex->userhash != NULL) {
			dss_http_calc_userhash(
				h, dss_span(in->username, in->username_len),
				dss_span(in->realm, in->realm_len), hex);
			assert_string_equal(hex, ex->userhash);
		}
		if (ex->ha1_base != NULL) {
			/* -sess from a stored base H(A1), as a server does */
			dss_http_calc_ha1_sess(alg, S(ex->ha1_base),
					       dss_span(in->nonce,
							in->nonce_len),
					       S(in->cnonce), ha1, ha1_hex);
			assert_string_equal(ha1_hex, ex->ha1);
		}
	}
}

/* The raw-bytes MD5-sess of RFC 2617's sample code is never produced. */
static void
test_md5sess_rawbytes_not_produced(void **state)
{
	const struct dss_vec_http_digest *v = &dss_vec_http_md5sess_raw[0];
	uint8_t ha1[DSS_HASH_MAX];
	char ha1_hex[65];

	(void)state;
	print_message("%s (%s)\n", v->id, v->source);
	dss_http_calc_ha1(DSS_HTTP_MD5_SESS, S(v->inputs.username),
			  S(v->inputs.realm), S(v->inputs.password),
			  S(v->inputs.nonce), S(v->inputs.cnonce), ha1,
			  ha1_hex);
	assert_string_not_equal(ha1_hex, v->expected.ha1);
}

static void
test_alg_names(void **state)
{
	unsigned m = 0;

	(void)state;
	assert_int_equal(dss_http_alg_from_name(S("md5")), DSS_HTTP_MD5);
	assert_int_equal(dss_http_alg_from_name(S("sha-512-256-SESS")),
			 DSS_HTTP_SHA512_256_SESS);
	assert_int_equal(dss_http_alg_from_name(S("SHA-1")), -1);
	assert_int_equal(dss_http_alg_from_name(S("MD5 ")), -1);
	assert_true(dss_http_alg_list("SHA-256, MD5", 12, &m, NULL, NULL));
	assert_int_equal(m, DSS_HTTP_ALG_BIT(DSS_HTTP_SHA256) |
				    DSS_HTTP_ALG_BIT(DSS_HTTP_MD5));
	assert_false(dss_http_alg_list("SHA-256,bogus", 13, &m, NULL, NULL));
	assert_false(dss_http_alg_list(" , ", 3, &m, NULL, NULL));
	/* order of first mention, duplicates once (the server's offer) */
	{
		uint8_t order[DSS_HTTP_ALG_COUNT];
		size_t k = 99;

		assert_true(dss_http_alg_list("md5,SHA-256 , MD5", 17, &m,
					      order, &k));
		assert_int_equal(k, 2);
		assert_int_equal(order[0], DSS_HTTP_MD5);
		assert_int_equal(order[1], DSS_HTTP_SHA256);
	}
}

static SECURITY_STATUS
pick(const char *tok, unsigned allowed, struct dss_http_challenge *ch)
{
	return dss_http_pick_challenge(tok, strlen(tok), allowed, ch);
}

static void
test_pick_challenge(void **state)
{
	struct dss_http_challenge ch;
	const char *two = "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, "
			  "qop=\"auth\", Digest realm=\"r\", nonce=\"n2\", "
			  "algorithm=SHA-256, qop=\"auth\"";

	(void)state;
	/* the strongest wins, whatever the order */
	assert_int_equal(pick(two, DSS_HTTP_ALG_ALL, &ch), SEC_E_OK);
	assert_int_equal(ch.alg, DSS_HTTP_SHA256);
	assert_true(dss_ap_value_eq(&ch.nonce, "n2", 2));
	/* unless the caller does not allow it */
	assert_int_equal(pick(two, DSS_HTTP_ALG_BIT(DSS_HTTP_MD5), &ch),
			 SEC_E_OK);
	assert_int_equal(ch.alg, DSS_HTTP_MD5);
	assert_int_equal(pick(two, DSS_HTTP_ALG_BIT(DSS_HTTP_SHA512_256), &ch),
			 SEC_E_INVALID_TOKEN);
	/* equal strength: server order */
	assert_int_equal(pick("realm=r, nonce=a, algorithm=MD5-sess, qop=auth,"
			      " Digest realm=r, nonce=b, qop=auth",
			      DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_OK);
	assert_int_equal(ch.alg, DSS_HTTP_MD5_SESS);
	/* other schemes around it */
	assert_int_equal(pick("Basic realm=\"b\", Digest realm=\"r\", "
			      "nonce=\"n\", stale=TRUE, charset=utf-8, "
			      "userhash=true, Negotiate abc==",
			      DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_OK);
	assert_int_equal(ch.alg, DSS_HTTP_MD5);
	assert_int_equal(ch.qops, 0u);
	assert_true(ch.stale);
	assert_true(ch.utf8);
	assert_true(ch.userhash);
	assert_false(ch.has_opaque);
	/* qop list with spaces and unknown tokens */
	assert_int_equal(pick("realm=r, nonce=n, qop=\"auth-int , x, auth\"",
			      DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_OK);
	assert_int_equal(ch.qops, DSS_QOP_BIT_AUTH | DSS_QOP_BIT_INT);

	/* not answerable */
	static const char *const bad[] = {
		"realm=r",                              /* no nonce */
		"nonce=n",                              /* no realm */
		"realm=r, nonce=n, algorithm=SHA-1",    /* unknown algorithm */
		"realm=r, nonce=n, qop=\"auth-conf\"",  /* no usable qop */
		"realm=r, nonce=n, algorithm=MD5-sess", /* -sess without qop */
		"realm=r, nonce=n, nonce=m",            /* duplicate */
		"realm=r, nonce=n, Realm=s",            /* duplicate, any case */
		"Basic realm=r",                        /* no Digest at all */
		"Digest abc==",                         /* token68 */
		"realm=\"r, nonce=n",                   /* syntax */
		"",                                     /* empty */
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("refused: %s\n", bad[i]);
		assert_int_equal(pick(bad[i], DSS_HTTP_ALG_ALL, &ch),
				 SEC_E_INVALID_TOKEN);
	}
	/* one bad challenge does not spoil a good one */
	assert_int_equal(pick("Digest realm=r, nonce=n, nonce=m, Digest "
			      "realm=r, nonce=ok",
			      DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_OK);
	assert_true(dss_ap_value_eq(&ch.nonce, "ok", 2));
}

/* Too many items: refused, in bounded time. */
static void
test_pick_oversize(void **state)
{
	struct dss_http_challenge ch;
	size_t n = 0, i;
	char *tok = malloc(64 * 1024);

	(void)state;
	assert_non_null(tok);
	n += (size_t)sprintf(tok, "realm=r, nonce=n");
	for (i = 0; i < 1000; i++)
		n += (size_t)sprintf(tok + n, ", x%zu=1", i);
	assert_int_equal(dss_http_pick_challenge(tok, n, DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_INVALID_TOKEN);
	free(tok);
}

/*
 * Challenges as servers send them (tests/vectors: http-peers.md for
 * Apache 2.4, lighttpd 1.4 and libmicrohttpd 0.9.75; ours from
 * `digestssp demo`), whose shapes test_challenge_shape checks.
 */
static const char *const chal_bases[] = {
	/* Apache, MD5 */
	"Digest realm=\"http-auth@example.org\", "
	"nonce=\"epomF/xgBgA=62e9ac09880a49ba27d64fe058b25ba430be6969\", "
	"algorithm=MD5, domain=\"/\", qop=\"auth\"",
	/* lighttpd, SHA-256 with userhash */
	"Digest realm=\"http-auth@example.org\", charset=\"UTF-8\", "
	"algorithm=SHA-256, nonce=\"6b04f030:ea7acb09b8eb1075de6cc830ac2bcd84"
	"a1404507151d0c897bc1b8d499bc8324\", qop=\"auth\", userhash=true",
	/* libmicrohttpd, MD5 */
	"Digest realm=\"http-auth@example.org\",qop=\"auth\","
	"nonce=\"97e86403d0d1659d2f5ec3e59f21ad6d00000000\","
	"opaque=\"4e2f49ee46680e9bc0cd6217b16b4fba\",algorithm=md5",
	/* lighttpd's two headers (SHA-256, MD5) as one list */
	"Digest realm=\"http-auth@example.org\", charset=\"UTF-8\", "
	"algorithm=SHA-256, nonce=\"6b04f03a:b0c279e60a06ff47430dd8d54ee8f6f6"
	"1dec53bd655219c78d29376c612187df\", qop=\"auth\", Digest "
	"realm=\"http-auth@example.org\", charset=\"UTF-8\", algorithm=MD5, "
	"nonce=\"6b04f03a:49f418f970c0f3b89f7d1d3687fc790d\", qop=\"auth\"",
	/* ours, without the scheme (as ASC writes it) */
	"realm=\"http-auth@example.org\", qop=\"auth\", algorithm=MD5, "
	"nonce=\"AAAAAGsGEZmPOjXzSdiHY9QrN7eBr2btu0Bj3jOld_Y\", "
	"opaque=\"196151ae893588bb5b8f7f571326fb27\", charset=UTF-8",
};

static void
assert_same_item(const struct dss_ap_item *a, const struct dss_ap_item *b,
		 const char *tok)
{
	assert_int_equal(a->name.p == NULL ? -1 : a->name.p - tok,
			 b->name.p == NULL ? -1 : b->name.p - tok);
	assert_int_equal(a->name.n, b->name.n);
	assert_int_equal(a->value.p == NULL ? -1 : a->value.p - tok,
			 b->value.p == NULL ? -1 : b->value.p - tok);
	assert_int_equal(a->value.n, b->value.n);
	assert_int_equal(a->quoted, b->quoted);
	assert_int_equal(a->escaped, b->escaped);
}

/* A token the shape matches must be picked alike; returns whether it
 * matched. */
static bool
chal_shape_agrees(const struct dss_http_challenge_shape *sh, const char *v,
		  size_t n, unsigned allowed)
{
	struct dss_http_challenge viapick, viashape;

	memset(&viashape, 0xA5, sizeof(viashape));
	if (!dss_http_challenge_match(sh, v, n, allowed, &viashape))
		return false;
	assert_int_equal(dss_http_pick_challenge(v, n, allowed, &viapick),
			 SEC_E_OK);
	assert_int_equal(viapick.alg, viashape.alg);
	assert_same_item(&viapick.realm, &viashape.realm, v);
	assert_same_item(&viapick.nonce, &viashape.nonce, v);
	assert_int_equal(viapick.has_opaque, viashape.has_opaque);
	if (viapick.has_opaque)
		assert_same_item(&viapick.opaque, &viashape.opaque, v);
	assert_int_equal(viapick.has_algorithm, viashape.has_algorithm);
	if (viapick.has_algorithm)
		assert_same_item(&viapick.algorithm, &viashape.algorithm, v);
	assert_int_equal(viapick.stale, viashape.stale);
	assert_int_equal(viapick.userhash, viashape.userhash);
	assert_int_equal(viapick.utf8, viashape.utf8);
	assert_int_equal(viapick.qops, viashape.qops);
	return true;
}

struct chal_try {
	const struct dss_http_challenge_shape *sh;
	unsigned allowed;
};

static bool
chal_agrees_try(const char *v, size_t n, void *arg)
{
	const struct chal_try *t = arg;

	return chal_shape_agrees(t->sh, v, n, t->allowed);
}

/* Every quoted nonce and opaque of v replaced by `to`. */
static void
chal_set_values(char *v, size_t cap, const char *to)
{
	static const char *const names[] = { "nonce=\"", "opaque=\"" };
	char out[2048];
	size_t k;

	for (k = 0; k < 2; k++) {
		char *p = v;

		while ((p = strstr(p, names[k])) != NULL) {
			char *e = strchr(p + strlen(names[k]), '"');
			size_t at = (size_t)(p - v) + strlen(names[k]);

			assert_non_null(e);
			snprintf(out, sizeof(out), "%.*s%s%s", (int)at, v, to, e);
			assert_true(strlen(out) < cap);
			strcpy(v, out);
			p = v + at + strlen(to) + 1;
		}
	}
}

static void
test_challenge_shape(void **state)
{
	static _Alignas(16) char
		room[sizeof(struct dss_http_challenge_shape) + 1024];
	struct dss_http_challenge_shape *sh =
		(struct dss_http_challenge_shape *)(void *)room;
	static const unsigned alloweds[] = {
		DSS_HTTP_ALG_ALL, DSS_HTTP_ALG_BIT(DSS_HTTP_MD5)
	};
	size_t b, a;

	(void)state;
	for (b = 0; b < sizeof(chal_bases) / sizeof(chal_bases[0]); b++) {
		for (a = 0; a < 2; a++) {
			const char *base = chal_bases[b];
			unsigned allowed = alloweds[a];
			size_t n = strlen(base), matched, tried;
			struct dss_http_challenge ch;
			struct chal_try arg;
			char v[2048];

			sh->cap = 1024;
			sh->ready = false;
			if (dss_http_pick_challenge_keep(sh, base, n, allowed,
							 &ch) != SEC_E_OK) {
				assert_false(sh->ready); /* lighttpd, SHA-256 */
				continue;
			}
			print_message("shape of: %s\n", base);
			assert_true(sh->ready);
			/* the same bytes, from a copy */
			memcpy(v, base, n + 1);
			assert_true(chal_shape_agrees(sh, v, n, allowed));
			/* not for other algorithms */
			assert_false(dss_http_challenge_match(
				sh, v, n, allowed ^ DSS_HTTP_ALG_BIT(DSS_HTTP_SHA256),
				&ch));
			/* the next challenge: other nonces and opaques */
			chal_set_values(v, sizeof(v),
					"a-much-longer-nonce:0123456789abcdef");
			assert_true(chal_shape_agrees(sh, v, strlen(v),
						      allowed));
			chal_set_values(v, sizeof(v), "");
			assert_true(chal_shape_agrees(sh, v, strlen(v),
						      allowed));
			/* a quoted-pair is left to the parser */
			memcpy(v, base, n + 1);
			chal_set_values(v, sizeof(v), "a\\\"b");
			assert_false(dss_http_challenge_match(sh, v, strlen(v),
							      allowed, &ch));

			/*
			 * Every one-byte change, deletion and insertion:
			 * where the shape still matches, the pick agrees.
			 */
			arg.sh = sh;
			arg.allowed = allowed;
			matched = one_byte_variants(base, n, v, chal_agrees_try,
						    &arg, &tried);
			print_message("  %zu of %zu one-byte changes matched\n",
				      matched, tried);
			/* the changes inside the nonces and opaques */
			assert_true(matched > 100);
		}
	}
	/* no room: a pick without a shape */
	{
		struct dss_http_challenge ch;

		sh->cap = 8;
		sh->ready = false;
		assert_int_equal(dss_http_pick_challenge_keep(
					 sh, chal_bases[0], strlen(chal_bases[0]),
					 DSS_HTTP_ALG_ALL, &ch),
				 SEC_E_OK);
		assert_false(sh->ready);
	}
}

/* The emitted Authorization value of the RFC 2617 section 3.5 example. */
static void
test_emit(void **state)
{
	const struct dss_vec_http_digest *v = &dss_vec_http_digest[0];
	struct dss_http_challenge ch;
	struct dss_http_client c;
	struct dss_http_ident id;
	uint8_t resp[DSS_HASH_MAX];
	char buf[1024];
	struct dss_strbuf sb;
	const char *chal = v->headers.challenge[0] + strlen("Digest ");

	(void)state;
	assert_string_equal(v->id, "rfc2617-3.5");
	assert_int_equal(pick(chal, DSS_HTTP_ALG_ALL, &ch), SEC_E_OK);
	id.user = S("Mufasa");
	id.realm = S("testrealm@host.com");
	id.password = S("Circle Of Life");
	id.ha1_base = NULL;
	id.names_clean = false;
	memset(&c, 0, sizeof(c));
	assert_int_equal(dss_http_client_init(&c, &ch, DSS_QOP_AUTH, &id,
					      S("0a4f113b")),
			 SEC_E_OK);
	dss_http_client_compute(&c, S("GET"), S("/dir/index.html"), NULL, 1,
				resp);
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_http_client_emit(&c, S("/dir/index.html"), 1, resp, &sb);
	dss_sb_terminate(&sb);
	assert_string_equal(
		buf, "username=\"Mufasa\", realm=\"testrealm@host.com\", "
		     "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
		     "uri=\"/dir/index.html\", "
		     "response=\"6629fae49393a05397450978507c4ef1\", "
		     "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, "
		     "nc=00000001, cnonce=\"0a4f113b\"");

	/* measuring pass: same length, nothing written */
	{
		struct dss_strbuf m;

		dss_sb_init(&m, NULL, 0);
		dss_http_client_emit(&c, S("/dir/index.html"), 1, resp, &m);
		assert_int_equal(m.len, strlen(buf));
		assert_true(m.overflow);
	}
	dss_http_client_clear(&c);

	/* a user name with a control character goes as username* */
	id.user = S("tab\there");
	memset(&c, 0, sizeof(c));
	assert_int_equal(dss_http_client_init(&c, &ch, DSS_QOP_AUTH, &id,
					      S("0a4f113b")),
			 SEC_E_OK);
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_http_client_emit(&c, S("/"), 1, resp, &sb);
	dss_sb_terminate(&sb);
	assert_non_null(strstr(buf, "username*=UTF-8''tab%09here, "));
	dss_http_client_clear(&c);
}

/*
 * dss_http_client_emit writes unchecked when a bound on its length fits
 * (strbuf.h cursors) and through the checked writers otherwise: both
 * give the same bytes, escapes included, after text already in the
 * buffer, and a buffer of exactly the length takes the checked way.
 * Returns whether the client found nothing to escape in its strings
 * (c.plain: the unchecked way then quotes them without a scan).
 */
static bool
emit_both_ways(const char *chal, const char *user, const char *uri_text,
	       const char *realm, const char *cnonce)
{
	struct dss_http_challenge ch;
	struct dss_http_client c;
	struct dss_http_ident id;
	uint8_t resp[DSS_HASH_MAX];
	char fast[1024], slow[1024];
	struct dss_strbuf a, b;
	struct dss_span uri = S(uri_text);
	enum dss_http_qop qop;
	bool plain;

	assert_int_equal(pick(chal, DSS_HTTP_ALG_ALL, &ch), SEC_E_OK);
	qop = ch.qops & DSS_QOP_BIT_INT ? DSS_QOP_AUTH_INT :
	      ch.qops != 0		? DSS_QOP_AUTH :
					  DSS_QOP_NONE;
	id.user = S(user);
	id.realm = S(realm);
	id.password = S("pw");
	id.ha1_base = NULL;
	id.names_clean = false;
	memset(&c, 0, sizeof(c));
	assert_int_equal(dss_http_client_init(&c, &ch, qop, &id, S(cnonce)),
			 SEC_E_OK);
	plain = c.plain;
	memset(resp, 0xA5, sizeof(resp));
	dss_sb_init(&a, fast, sizeof(fast));
	dss_sb_put(&a, "Digest ", 7);
	dss_http_client_emit(&c, uri, 0x1234abcd, resp, &a);
	assert_false(a.overflow);
	/* exactly the length: the bound does not fit */
	dss_sb_init(&b, slow, a.len);
	dss_sb_put(&b, "Digest ", 7);
	dss_http_client_emit(&c, uri, 0x1234abcd, resp, &b);
	assert_false(b.overflow);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(fast, slow, a.len);
	dss_http_client_clear(&c);
	return plain;
}

/*
 * Both ways agree; each of user, realm, nonce, opaque and cnonce is in
 * some case the only string with a '"' or '\\', and one case has none.
 */
static void
test_emit_paths(void **state)
{
	static const char *const chals[] = {
		"realm=\"a\\\"b\", nonce=\"0123456789abcdef\\\\0123456789\\\"x\", "
		"opaque=\"o\\\\p\", algorithm=MD5-sess, qop=\"auth-int\", "
		"userhash=true",
		"realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0\", "
		"algorithm=SHA-256",
		"realm=\"r\", nonce=\"n\", qop=auth, algorithm=sha-512-256, "
		"opaque=\"0123456789abcdef0123\\\"\"",
	};
	static const char *const users[] = { "Mufasa", "a\"b\\c",
					     "0123456789abcdef\"" };
	static const char *const uris[] = { "/", "/dir/index.html?a=\"b\"",
					    "/0123456789abcdef0123456789" };
	/* the credential's realm and the cnonce: one, the other, neither */
	static const char *const realms[] = { "re\"alm", "realm", "realm" };
	static const char *const cnonces[] = { "0a4f113b", "0a4f113b",
					       "c\\n" };
	size_t i, j, k;

	(void)state;
	for (i = 0; i < DSS_ARRAY_LEN(chals); i++)
		for (j = 0; j < DSS_ARRAY_LEN(users); j++)
			for (k = 0; k < DSS_ARRAY_LEN(realms); k++)
				assert_int_equal(
					emit_both_ways(chals[i], users[j],
						       uris[j], realms[k],
						       cnonces[k]),
					i == 1 && j == 0 && k == 1);
}

/* Authentication-Info parsing and rspauth. */
static void
test_rspauth(void **state)
{
	const struct dss_vec_http_digest *v = &dss_vec_http_digest[0];
	const char *ai_ok = v->headers.authentication_info;
	struct dss_http_auth_info ai;
	struct dss_http_challenge ch;
	struct dss_http_client c;
	struct dss_http_ident id;

	(void)state;
	assert_int_equal(pick(v->headers.challenge[0], DSS_HTTP_ALG_ALL, &ch),
			 SEC_E_OK);
	id.user = S("Mufasa");
	id.realm = S("testrealm@host.com");
	id.password = S("Circle Of Life");
	id.ha1_base = NULL;
	id.names_clean = false;
	memset(&c, 0, sizeof(c));
	assert_int_equal(dss_http_client_init(&c, &ch, DSS_QOP_AUTH, &id,
					      S("0a4f113b")),
			 SEC_E_OK);
	c.nc = 1;
	assert_int_equal(dss_http_client_set_last_uri(&c, S("/dir/index.html")),
			 SEC_E_OK);

	assert_int_equal(dss_http_parse_auth_info(ai_ok, strlen(ai_ok), &ai),
			 SEC_E_OK);
	assert_int_equal(dss_http_client_check_rspauth(&c, &ai, NULL),
			 SEC_E_OK);
	/* upper-case hex is the same value */
	{
		const char *up = "rspauth=\"376602CFD2F4E8E5E78B948A85263E85\"";

		assert_int_equal(dss_http_parse_auth_info(up, strlen(up), &ai),
				 SEC_E_OK);
		assert_int_equal(dss_http_client_check_rspauth(&c, &ai, NULL),
				 SEC_E_OK);
	}
	static const char *const wrong[] = {
		"rspauth=\"376602cfd2f4e8e5e78b948a85263e86\"",
		"rspauth=\"376602cfd2f4e8e5e78b948a85263e8\"",
		"rspauth=\"376602cfd2f4e8e5e78b948a85263e8g\"",
		"rspauth=\"376602cfd2f4e8e5e78b948a85263e85\", nc=00000002",
		"rspauth=\"376602cfd2f4e8e5e78b948a85263e85\", cnonce=\"x\"",
		"nextnonce=\"abc\"",
	};
	size_t i;

	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		assert_int_equal(dss_http_parse_auth_info(wrong[i],
							  strlen(wrong[i]),
							  &ai),
				 SEC_E_OK);
		assert_int_equal(dss_http_client_check_rspauth(&c, &ai, NULL),
				 SEC_E_WRONG_PRINCIPAL);
	}
	/* malformed Authentication-Info */
	assert_int_equal(dss_http_parse_auth_info("rspauth=a, rspauth=b", 20,
						  &ai),
			 SEC_E_INVALID_TOKEN);
	assert_int_equal(dss_http_parse_auth_info("Digest rspauth=a", 16, &ai),
			 SEC_E_INVALID_TOKEN);
	assert_true(dss_http_token_is_challenge("realm=r, nonce=n", 16));
	assert_true(dss_http_token_is_challenge("Digest realm=r", 14));
	assert_false(dss_http_token_is_challenge(ai_ok, strlen(ai_ok)));
	dss_http_client_clear(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primitive_hashes),
		cmocka_unit_test(test_hex_lengths),
		cmocka_unit_test(test_ct_eq),
		cmocka_unit_test(test_nc_format),
		cmocka_unit_test(test_alg_sizes),
		cmocka_unit_test(test_ext_value),
		cmocka_unit_test(test_digest_vectors),
		cmocka_unit_test(test_md5sess_rawbytes_not_produced),
		cmocka_unit_test(test_alg_names),
		cmocka_unit_test(test_pick_challenge),
		cmocka_unit_test(test_pick_oversize),
		cmocka_unit_test(test_challenge_shape),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_emit_paths),
		cmocka_unit_test(test_rspauth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
