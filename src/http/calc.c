/*
 * calc.c - HTTP Digest computations. See http.h for the formulas.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "http/http.h"

const struct dss_http_alg_info dss_http_algs[DSS_HTTP_ALG_COUNT] = {
	[DSS_HTTP_MD5] = { "MD5", DSS_HASH_MD5, false, 1, 16 },
	[DSS_HTTP_MD5_SESS] = { "MD5-sess", DSS_HASH_MD5, true, 1, 16 },
	[DSS_HTTP_SHA256] = { "SHA-256", DSS_HASH_SHA256, false, 2, 32 },
	[DSS_HTTP_SHA256_SESS] = { "SHA-256-sess", DSS_HASH_SHA256, true, 2,
				   32 },
	[DSS_HTTP_SHA512_256] = { "SHA-512-256", DSS_HASH_SHA512_256, false, 3,
				  32 },
	[DSS_HTTP_SHA512_256_SESS] = { "SHA-512-256-sess", DSS_HASH_SHA512_256,
				       true, 3, 32 },
};

/* Every algorithm token has its own length: it picks the candidate. */
int
dss_http_alg_from_name(struct dss_span name)
{
	static const int8_t by_len[17] = {
		[3] = DSS_HTTP_MD5 + 1,
		[7] = DSS_HTTP_SHA256 + 1,
		[8] = DSS_HTTP_MD5_SESS + 1,
		[11] = DSS_HTTP_SHA512_256 + 1,
		[12] = DSS_HTTP_SHA256_SESS + 1,
		[16] = DSS_HTTP_SHA512_256_SESS + 1,
	};
	int a = name.n < DSS_ARRAY_LEN(by_len) ? by_len[name.n] - 1 : -1;

	return a >= 0 && dss_mem_eq_ci(name.p, dss_http_algs[a].name, name.n) ?
		       a :
		       -1;
}

bool
dss_http_alg_list(const char *s, size_t n, unsigned *mask, uint8_t *order,
		  size_t *norder)
{
	size_t i = 0, k = 0;
	unsigned m = 0;

	while (i < n) {
		size_t start;
		int a;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && s[i] != ',' && s[i] != ' ' && s[i] != '\t')
			i++;
		a = dss_http_alg_from_name(dss_span(s + start, i - start));
		if (a < 0)
			return false;
		if (!(m & DSS_HTTP_ALG_BIT(a)) && order != NULL)
			order[k++] = (uint8_t)a;
		m |= DSS_HTTP_ALG_BIT(a);
	}
	if (m == 0)
		return false;
	*mask = m;
	if (norder != NULL)
		*norder = k;
	return true;
}

const char *
dss_http_qop_name(enum dss_http_qop qop)
{
	return qop == DSS_QOP_AUTH_INT ? "auth-int" :
	       qop == DSS_QOP_AUTH	? "auth" :
					  "";
}

/*
 * H(s[0] ":" s[1] ":" ... ":" s[n-1]) into out (the digest): the pieces
 * joined in a buffer on the stack, hashed in one update (the usual case:
 * names, a uri, hex digests), else piece by piece. With `secret` (a
 * password, H(A1)) the buffer is wiped; the hash state always is.
 */
static void
hash_joined(enum dss_hash_alg alg, const struct dss_span *s, size_t n,
	    bool secret, uint8_t *out)
{
	char buf[256];
	struct dss_hash h;
	size_t i, len = n - 1;

	for (i = 0; i < n; i++)
		len += s[i].n;
	dss_hash_init(&h, alg);
	if (len <= sizeof(buf)) {
		char *w = buf;

		for (i = 0; i < n; i++) {
			if (i > 0)
				*w++ = ':';
			dss_copy_short(w, s[i].p, s[i].n);
			w += s[i].n;
		}
		dss_hash_update(&h, buf, len);
		if (secret)
			dss_wipe(buf, len);
	} else {
		for (i = 0; i < n; i++) {
			if (i > 0)
				dss_hash_update(&h, ":", 1);
			dss_hash_update(&h, s[i].p, s[i].n);
		}
	}
	dss_hash_digest(&h, out);
}

void
dss_http_calc_ha1(enum dss_http_alg alg, struct dss_span user,
		  struct dss_span realm, struct dss_span password,
		  struct dss_span nonce, struct dss_span cnonce, uint8_t *ha1,
		  char *ha1_hex)
{
	struct dss_span in[3] = { user, realm, password };

	hash_joined(dss_http_algs[alg].hash, in, 3, true, ha1);
	dss_http_calc_ha1_from_base(alg, ha1, nonce, cnonce, ha1, ha1_hex);
}

void
dss_http_calc_ha1_base(enum dss_hash_alg h, struct dss_span user,
		       struct dss_span realm, struct dss_span password,
		       uint8_t *out)
{
	struct dss_span in[3] = { user, realm, password };

	hash_joined(h, in, 3, true, out);
}

void
dss_http_calc_ha1_sess(enum dss_http_alg alg, struct dss_span base_hex,
		       struct dss_span nonce, struct dss_span cnonce,
		       uint8_t *ha1, char *ha1_hex)
{
	const struct dss_http_alg_info *ai = &dss_http_algs[alg];
	size_t size = ai->size;
	/* the inner digest enters as hex (RFC 2617 erratum, RFC 7616) */
	struct dss_span in[3] = { base_hex, nonce, cnonce };

	hash_joined(ai->hash, in, 3, true, ha1);
	dss_hex_encode(ha1_hex, ha1, size);
	ha1_hex[2 * size] = '\0';
}

void
dss_http_calc_ha2(enum dss_hash_alg hash, struct dss_span method,
		  struct dss_span uri, enum dss_http_qop qop,
		  const char *hentity_hex, char *ha2_hex)
{
	size_t size = dss_http_hash_size(hash);
	uint8_t d[DSS_HASH_MAX];
	struct dss_span in[3] = { method, uri, { hentity_hex, 2 * size } };

	/* not secret: the request line and the body's hash */
	hash_joined(hash, in, qop == DSS_QOP_AUTH_INT ? 3 : 2, false, d);
	dss_hex_encode(ha2_hex, d, size);
	ha2_hex[2 * size] = '\0';
}

void
dss_http_calc_response(enum dss_hash_alg hash, const char *ha1_hex,
		       struct dss_span nonce, const char *nc8,
		       struct dss_span cnonce, enum dss_http_qop qop,
		       const char *ha2_hex, uint8_t *out)
{
	struct dss_span q = qop == DSS_QOP_AUTH_INT ? DSS_SPAN_LIT("auth-int") :
			    qop == DSS_QOP_AUTH	    ? DSS_SPAN_LIT("auth") :
							      dss_span("", 0);

	dss_http_calc_response_raw(hash, ha1_hex, nonce,
				   dss_span(nc8, qop != DSS_QOP_NONE ? 8 : 0),
				   cnonce, q, ha2_hex, out);
}

void
dss_http_calc_response_raw(enum dss_hash_alg hash, const char *ha1_hex,
			   struct dss_span nonce, struct dss_span nc,
			   struct dss_span cnonce, struct dss_span qop,
			   const char *ha2_hex, uint8_t *out)
{
	size_t size = dss_http_hash_size(hash);
	struct dss_span in[6] = { { ha1_hex, 2 * size }, nonce };

	if (qop.n > 0) {
		in[2] = nc;
		in[3] = cnonce;
		in[4] = qop;
		in[5] = dss_span(ha2_hex, 2 * size);
		hash_joined(hash, in, 6, true, out);
	} else {
		in[2] = dss_span(ha2_hex, 2 * size);
		hash_joined(hash, in, 3, true, out);
	}
}

void
dss_http_calc_userhash(enum dss_hash_alg hash, struct dss_span user,
		       struct dss_span realm, char *out_hex)
{
	size_t size = dss_http_hash_size(hash);
	uint8_t d[DSS_HASH_MAX];
	struct dss_span in[2] = { user, realm };

	hash_joined(hash, in, 2, false, d);
	dss_hex_encode(out_hex, d, size);
	out_hex[2 * size] = '\0';
}

/* RFC 8187 attr-char */
static bool
is_attr_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

void
dss_http_ext_value(struct dss_strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	dss_sb_puts(sb, "UTF-8''");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_attr_char(c)) {
			dss_sb_putc(sb, (char)c);
		} else {
			char pct[3] = { '%', hex[c >> 4], hex[c & 15] };

			dss_sb_put(sb, pct, 3);
		}
	}
}

size_t
dss_http_ext_value_decode(const char *s, size_t n, char *out)
{
	size_t i = 0, len = 0;

	/* charset: UTF-8 only (case-insensitive), then ' language ' */
	if (n < 7 || !dss_span_eq_ci(dss_span(s, 5), "UTF-8") || s[5] != '\'')
		return SIZE_MAX;
	i = 6;
	while (i < n && s[i] != '\'')
		i++;
	if (i == n)
		return SIZE_MAX;
	for (i++; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			uint8_t b;

			if (n - i < 3 || !dss_hex_decode(&b, s + i + 1, 1))
				return SIZE_MAX;
			out[len++] = (char)b;
			i += 2;
		} else if (is_attr_char(c)) {
			out[len++] = (char)c;
		} else {
			return SIZE_MAX;
		}
	}
	return len;
}

void
dss_http_nc_hex(char *out, uint32_t nc)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	defined(__GNUC__)
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t x = nc, gt9;

	/* one nibble per byte, the lowest in byte 0; then most significant
	   first in memory */
	x = (x | x << 16) & UINT64_C(0x0000FFFF0000FFFF);
	x = (x | x << 8) & UINT64_C(0x00FF00FF00FF00FF);
	x = (x | x << 4) & UINT64_C(0x0F0F0F0F0F0F0F0F);
	x = __builtin_bswap64(x);
	gt9 = ((x + ones * 6) >> 4) & ones; /* 1 in each byte above 9 */
	x += ones * '0' + gt9 * ('a' - '0' - 10);
	memcpy(out, &x, sizeof(x));
#else
	dss_hex32(out, nc);
#endif
}
