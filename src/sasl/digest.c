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
	size_t i = 0;

	/* eight bytes at a time while none has its high bit set */
	for (; n - i >= 8; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, sizeof(x));
		if (x & UINT64_C(0x8080808080808080))
			break;
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
 * Inputs up to JOIN_MAX bytes are joined in a stack buffer and hashed
 * with one update (instead of one per piece and per colon); longer ones
 * are hashed piece by piece. A join that may hold a secret is wiped.
 */
#define JOIN_MAX 512

struct join {
	char buf[JOIN_MAX]; /* secret when it holds a password or H(A1) */
	size_t len;
	bool fits;
};

static void
join_init(struct join *j, size_t total)
{
	j->len = 0;
	j->fits = total <= sizeof(j->buf);
}

static void
join_put(struct join *j, const void *p, size_t n)
{
	if (n > 0)
		memcpy(j->buf + j->len, p, n);
	j->len += n;
}

static void
join_colon(struct join *j)
{
	j->buf[j->len++] = ':';
}

static void
join_put_latin1(struct join *j, struct dss_span s, bool convert)
{
	/* ASCII (the usual case) is the same in both charsets */
	if (convert && dss_sasl_ascii_len(s.p, s.n) < s.n &&
	    dss_sasl_latin1_fits(s.p, s.n))
		j->len += to_latin1(s.p, s.n, (unsigned char *)j->buf + j->len);
	else
		join_put(j, s.p, s.n);
}

void
dss_sasl_calc_ss(enum dss_sasl_form form, struct dss_span user,
		 struct dss_span realm, struct dss_span password, uint8_t *ss)
{
	struct dss_hash h;
	struct join j;
	bool names = form == DSS_SASL_FORM_CYRUS;
	bool pass = form == DSS_SASL_FORM_CYRUS || form == DSS_SASL_FORM_GSASL;

	/* the ISO-8859-1 forms are never longer than the UTF-8 ones */
	join_init(&j, user.n + 1 + realm.n + 1 + password.n);
	if (j.fits) {
		join_put_latin1(&j, user, names);
		join_colon(&j);
		join_put_latin1(&j, realm, names);
		join_colon(&j);
		join_put_latin1(&j, password, pass);
		dss_hash_buf(DSS_HASH_MD5, j.buf, j.len, ss);
		dss_wipe(j.buf, j.len);
		return;
	}
	dss_hash_init(&h, DSS_HASH_MD5);
	hash_string(&h, user, names);
	dss_hash_update(&h, ":", 1);
	hash_string(&h, realm, names);
	dss_hash_update(&h, ":", 1);
	hash_string(&h, password, pass);
	dss_hash_digest(&h, ss);
}

void
dss_sasl_calc_ha1(const uint8_t *ss, struct dss_span nonce,
		  struct dss_span cnonce, bool has_authzid,
		  struct dss_span authzid, uint8_t *ha1)
{
	struct dss_hash h;
	struct join j;

	/* SS enters as 16 raw bytes, unlike HTTP MD5-sess (B.5.1) */
	join_init(&j, DSS_SASL_HASH_LEN + 1 + nonce.n + 1 + cnonce.n + 1 +
			      authzid.n);
	if (j.fits) {
		join_put(&j, ss, DSS_SASL_HASH_LEN);
		join_colon(&j);
		join_put(&j, nonce.p, nonce.n);
		join_colon(&j);
		join_put(&j, cnonce.p, cnonce.n);
		if (has_authzid) {
			join_colon(&j);
			join_put(&j, authzid.p, authzid.n);
		}
		dss_hash_buf(DSS_HASH_MD5, j.buf, j.len, ha1);
		dss_wipe(j.buf, j.len);
		return;
	}
	dss_hash_init(&h, DSS_HASH_MD5);
	dss_hash_update(&h, ss, DSS_SASL_HASH_LEN);
	dss_hash_update(&h, ":", 1);
	dss_hash_update(&h, nonce.p, nonce.n);
	dss_hash_update(&h, ":", 1);
	dss_hash_update(&h, cnonce.p, cnonce.n);
	if (has_authzid) {
		dss_hash_update(&h, ":", 1);
		dss_hash_update(&h, authzid.p, authzid.n);
	}
	dss_hash_digest(&h, ha1);
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
	struct dss_hash h;
	struct join j;

	/* not secret: the digest-uri */
	join_init(&j, an + digest_uri.n + zn);
	if (j.fits) {
		join_put(&j, authenticate + sizeof(authenticate) - 1 - an, an);
		join_put(&j, digest_uri.p, digest_uri.n);
		join_put(&j, zeros, zn);
		dss_hash_buf_public(DSS_HASH_MD5, j.buf, j.len, d);
	} else {
		dss_hash_init(&h, DSS_HASH_MD5);
		dss_hash_update(&h,
				authenticate + sizeof(authenticate) - 1 - an,
				an);
		dss_hash_update(&h, digest_uri.p, digest_uri.n);
		dss_hash_update(&h, zeros, zn);
		dss_hash_digest(&h, d);
	}
	dss_hex_encode(ha2_hex, d, sizeof(d));
}

void
dss_sasl_kd_start(struct dss_sasl_kd *k, const uint8_t *ha1,
		  struct dss_span nonce, struct dss_span nc,
		  struct dss_span cnonce, struct dss_span qop)
{
	struct join j;

	if (qop.n == 0)
		qop = DSS_SPAN_LIT("auth");
	dss_hash_init(&k->h, DSS_HASH_MD5);
	join_init(&j, 2 * DSS_SASL_HASH_LEN + 1 + nonce.n + 1 + nc.n + 1 +
			      cnonce.n + 1 + qop.n + 1);
	if (j.fits) {
		dss_hex_encode(j.buf, ha1, DSS_SASL_HASH_LEN);
		j.len = 2 * DSS_SASL_HASH_LEN;
		join_colon(&j);
		join_put(&j, nonce.p, nonce.n);
		join_colon(&j);
		join_put(&j, nc.p, nc.n);
		join_colon(&j);
		join_put(&j, cnonce.p, cnonce.n);
		join_colon(&j);
		join_put(&j, qop.p, qop.n);
		join_colon(&j);
		dss_hash_update(&k->h, j.buf, j.len);
		dss_wipe(j.buf, j.len);
		return;
	}
	dss_hex_encode(j.buf, ha1, DSS_SASL_HASH_LEN);
	dss_hash_update(&k->h, j.buf, 2 * DSS_SASL_HASH_LEN);
	dss_wipe(j.buf, 2 * DSS_SASL_HASH_LEN);
	dss_hash_update(&k->h, ":", 1);
	dss_hash_update(&k->h, nonce.p, nonce.n);
	dss_hash_update(&k->h, ":", 1);
	dss_hash_update(&k->h, nc.p, nc.n);
	dss_hash_update(&k->h, ":", 1);
	dss_hash_update(&k->h, cnonce.p, cnonce.n);
	dss_hash_update(&k->h, ":", 1);
	dss_hash_update(&k->h, qop.p, qop.n);
	dss_hash_update(&k->h, ":", 1);
}

void
dss_sasl_kd_finish(const struct dss_sasl_kd *k, const char *ha2_hex,
		   uint8_t *out)
{
	struct dss_hash h; /* secret; dss_hash_digest wipes it */

	/* a copy of the MD5 state only (the union is larger) */
	h.alg = k->h.alg;
	h.u.md5 = k->h.u.md5;
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
