/*
 * digest.c - DIGEST-MD5 names, the ISO-8859-1 rule and the computations
 * (protocol.md B.5). See sasl.h.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sasl/sasl.h"
#include "sasl/sasl_int.h"

static const struct dss_name qop_names[] = {
	[DSS_SASL_AUTH] = DSS_NAME("auth"),
	[DSS_SASL_AUTH_INT] = DSS_NAME("auth-int"),
	[DSS_SASL_AUTH_CONF] = DSS_NAME("auth-conf"),
};

static const struct dss_name cipher_names[DSS_SASL_CIPHER_COUNT] = {
	[DSS_SASL_CIPHER_NONE] = DSS_NAME(""),
	[DSS_SASL_RC4] = DSS_NAME("rc4"),
	[DSS_SASL_3DES] = DSS_NAME("3des"),
	[DSS_SASL_RC4_56] = DSS_NAME("rc4-56"),
	[DSS_SASL_RC4_40] = DSS_NAME("rc4-40"),
	[DSS_SASL_DES] = DSS_NAME("des"),
};

const char *
dss_sasl_qop_name(enum dss_sasl_qop qop)
{
	return qop_names[qop].s;
}

struct dss_span
dss_sasl_qop_span(enum dss_sasl_qop qop)
{
	return dss_span(qop_names[qop].s, qop_names[qop].n);
}

const char *
dss_sasl_cipher_name(enum dss_sasl_cipher c)
{
	return cipher_names[c].s;
}

int
dss_sasl_qop_from_name(struct dss_span name)
{
	return dss_name_find(name, qop_names, DSS_ARRAY_LEN(qop_names));
}

int
dss_sasl_cipher_from_name(struct dss_span name)
{
	/* NONE is not a name */
	int c = dss_name_find(name, cipher_names + 1,
			      DSS_SASL_CIPHER_COUNT - 1);

	return c < 0 ? -1 : c + 1;
}

/* ---- ISO-8859-1 ---------------------------------------------------------- */

size_t
dss_sasl_ascii_len(const char *s, size_t n)
{
	const uint64_t highs = UINT64_C(0x8080808080808080);
	size_t i = 0;

	/*
	 * The usual all-ASCII string in whole words, the last one overlapping
	 * the one before (4 to 7 bytes: two overlapping halves); from the
	 * first word with a high bit, the byte loop finds the byte.
	 */
	if (n >= 8) {
		uint64_t x;

		for (; n - i > 8; i += 8) {
			memcpy(&x, s + i, sizeof(x));
			if (x & highs)
				break;
		}
		if (n - i <= 8) {
			memcpy(&x, s + n - 8, sizeof(x));
			if (!(x & highs))
				return n;
		}
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, s, sizeof(a));
		memcpy(&b, s + n - 4, sizeof(b));
		if (!((a | b) & (uint32_t)highs))
			return n;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

bool
dss_sasl_latin1_fits(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = dss_sasl_ascii_len(s, n); i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] < 0xC0 || p[i] > 0xC3)
			return false; /* lone trail byte, or beyond U+00FF */
		if (i + 1 == n || p[i + 1] < 0x80 || p[i + 1] > 0xBF)
			return false;
		i++;
	}
	return true;
}

/* Convert a string that fits; returns the length written. */
static size_t
to_latin1(const char *s, size_t n, unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (p[i] >= 0xC0) {
			out[k++] = (unsigned char)(((p[i] & 3u) << 6) |
						   (p[i + 1] & 0x3Fu));
			i++;
		} else {
			out[k++] = p[i];
		}
	}
	return k;
}

size_t
dss_sasl_latin1(const char *s, size_t n, char *out)
{
	if (!dss_sasl_latin1_fits(s, n)) {
		if (n > 0)
			memcpy(out, s, n);
		return n;
	}
	return to_latin1(s, n, (unsigned char *)out);
}

size_t
dss_sasl_latin1_to_utf8(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80) {
			out[k++] = (char)p[i];
		} else {
			out[k++] = (char)(0xC0u | (p[i] >> 6));
			out[k++] = (char)(0x80u | (p[i] & 0x3Fu));
		}
	}
	return k;
}

/* Hash a string, in ISO-8859-1 when `convert` and it fits. */
static void
hash_string(struct dss_hash *h, struct dss_span s, bool convert)
{
	unsigned char buf[64];
	size_t i = 0;

	if (!convert || !dss_sasl_latin1_fits(s.p, s.n)) {
		dss_hash_update(h, s.p, s.n);
		return;
	}
	/* in pieces: a pair never straddles two pieces */
	while (i < s.n) {
		size_t take = s.n - i, end;

		if (take > sizeof(buf))
			take = sizeof(buf);
		end = i + take;
		if (end < s.n && (unsigned char)s.p[end - 1] >= 0xC0)
			end--; /* keep the lead byte with its trail */
		dss_hash_update(h, buf, to_latin1(s.p + i, end - i, buf));
		i = end;
	}
	DSS_WIPE(buf);
}

/* ---- computations -------------------------------------------------------- */

/*
 * Every input goes through a dss_hashw: its pieces are joined on the
 * stack and hashed with one update (wiped when they may hold a secret).
 */

/* A name or the password, in ISO-8859-1 when `convert` and it fits. */
static void
put_latin1(struct dss_hashw *w, struct dss_span s, bool convert)
{
	/* ASCII (the usual case) is the same in both charsets */
	if (convert && dss_sasl_ascii_len(s.p, s.n) < s.n &&
	    dss_sasl_latin1_fits(s.p, s.n)) {
		if (s.n <= DSS_HASHW_MAX) {
			char *o = dss_hashw_room(w, s.n);

			w->len += to_latin1(s.p, s.n, (unsigned char *)o);
		} else {
			dss_hashw_flush(w);
			hash_string(&w->h, s, true);
		}
	} else {
		dss_hashw_put(w, s.p, s.n);
	}
}

void
dss_sasl_calc_ss(enum dss_sasl_form form, struct dss_span user,
		 struct dss_span realm, struct dss_span password, uint8_t *ss)
{
	bool names = form == DSS_SASL_FORM_CYRUS;
	bool pass = form == DSS_SASL_FORM_CYRUS || form == DSS_SASL_FORM_GSASL;
	struct dss_hashw w;

	dss_hashw_init(&w, DSS_HASH_MD5, true);
	put_latin1(&w, user, names);
	dss_hashw_put(&w, ":", 1);
	put_latin1(&w, realm, names);
	dss_hashw_put(&w, ":", 1);
	put_latin1(&w, password, pass);
	dss_hashw_digest(&w, ss);
}

void
dss_sasl_calc_ha1(const uint8_t *ss, struct dss_span nonce,
		  struct dss_span cnonce, bool has_authzid,
		  struct dss_span authzid, uint8_t *ha1)
{
	struct dss_hashw w;

	/* SS enters as 16 raw bytes, unlike HTTP MD5-sess (B.5.1) */
	dss_hashw_init(&w, DSS_HASH_MD5, true);
	dss_hashw_put(&w, ss, DSS_SASL_HASH_LEN);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, nonce.p, nonce.n);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, cnonce.p, cnonce.n);
	if (has_authzid) {
		dss_hashw_put(&w, ":", 1);
		dss_hashw_put(&w, authzid.p, authzid.n);
	}
	dss_hashw_digest(&w, ha1);
}

/* auth-int and auth-conf add the 32-zero suffix to A2 */
static bool
has_layer(struct dss_span qop)
{
	return dss_span_eq_ci(qop, "auth-int") ||
	       dss_span_eq_ci(qop, "auth-conf");
}

void
dss_sasl_calc_ha2(struct dss_span digest_uri, struct dss_span qop,
		  bool for_rspauth, char *ha2_hex)
{
	static const char zeros[] = ":00000000000000000000000000000000";
	static const char authenticate[] = "AUTHENTICATE:";
	size_t zn = has_layer(qop) ? sizeof(zeros) - 1 : 0;
	size_t an = for_rspauth ? 1 : sizeof(authenticate) - 1;
	uint8_t d[DSS_SASL_HASH_LEN];
	struct dss_hashw w;

	/* not secret: the digest-uri */
	dss_hashw_init(&w, DSS_HASH_MD5, false);
	dss_hashw_put(&w, authenticate + sizeof(authenticate) - 1 - an, an);
	dss_hashw_put(&w, digest_uri.p, digest_uri.n);
	dss_hashw_put(&w, zeros, zn);
	dss_hashw_digest(&w, d);
	dss_hex_encode(ha2_hex, d, sizeof(d));
}

void
dss_sasl_kd_start(struct dss_sasl_kd *k, const uint8_t *ha1,
		  struct dss_span nonce, struct dss_span nc,
		  struct dss_span cnonce, struct dss_span qop)
{
	struct dss_hashw w;

	if (qop.n == 0)
		qop = DSS_SPAN_LIT("auth");
	dss_hashw_init(&w, DSS_HASH_MD5, true);
	dss_hex_encode(dss_hashw_room(&w, 2 * DSS_SASL_HASH_LEN), ha1,
		       DSS_SASL_HASH_LEN);
	w.len += 2 * DSS_SASL_HASH_LEN;
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, nonce.p, nonce.n);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, nc.p, nc.n);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, cnonce.p, cnonce.n);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_put(&w, qop.p, qop.n);
	dss_hashw_put(&w, ":", 1);
	dss_hashw_flush(&w);
	k->md5 = w.h.u.md5;
	DSS_WIPE(w.h.u.md5);
}

void
dss_sasl_kd_finish(const struct dss_sasl_kd *k, const char *ha2_hex,
		   uint8_t *out)
{
	struct dss_hash h; /* secret; dss_hash_digest wipes it */

	h.alg = DSS_HASH_MD5;
	h.u.md5 = k->md5;
	dss_hash_update(&h, ha2_hex, 2 * DSS_SASL_HASH_LEN);
	dss_hash_digest(&h, out);
}

void
dss_sasl_calc_response(const uint8_t *ha1, struct dss_span nonce,
		       struct dss_span nc, struct dss_span cnonce,
		       struct dss_span qop, struct dss_span digest_uri,
		       bool for_rspauth, uint8_t *out)
{
	char ha2_hex[2 * DSS_SASL_HASH_LEN];
	struct dss_sasl_kd k;

	if (qop.n == 0)
		qop = DSS_SPAN_LIT("auth");
	dss_sasl_calc_ha2(digest_uri, qop, for_rspauth, ha2_hex);
	dss_sasl_kd_start(&k, ha1, nonce, nc, cnonce, qop);
	dss_sasl_kd_finish(&k, ha2_hex, out);
	DSS_WIPE(k);
}
