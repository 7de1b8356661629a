/*
 * server.c - HTTP Digest server: reading credentials, writing challenges
 * and Authentication-Info. The checks that need sessions, clocks and
 * passwords live in the sspi room (asc.c). See http.h.
 */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "base/bytes.h"
#include "authparam/quick.h"
#include "base/mem.h"
#include "http/http.h"

#define MAX_ITEMS 64 /* directives in one Authorization value */

/* Directives of credentials; the index is also the bit in `seen`. */
enum {
	D_USERNAME, D_USERNAME_STAR, D_REALM, D_NONCE, D_URI, D_RESPONSE,
	D_ALGORITHM, D_CNONCE, D_NC, D_QOP, D_OPAQUE, D_USERHASH, D_COUNT
};

#define BIT(d) (1u << (d))

/* Lower case, as the names are matched case-insensitively. */
static const char *const response_directives[D_COUNT] = {
	[D_USERNAME] = "username", [D_USERNAME_STAR] = "username*",
	[D_REALM] = "realm",       [D_NONCE] = "nonce",
	[D_URI] = "uri",           [D_RESPONSE] = "response",
	[D_ALGORITHM] = "algorithm", [D_CNONCE] = "cnonce",
	[D_NC] = "nc",             [D_QOP] = "qop",
	[D_OPAQUE] = "opaque",     [D_USERHASH] = "userhash",
};

/*
 * n bytes of s equal the lower-case literal lit, ASCII case-insensitively
 * (lit holds letters, '-' and '*' only: c | 0x20 is exact for letters).
 * Clients write directives in lower case: that is tried first.
 */
static bool
eq_lower(const char *s, const char *lit, size_t n)
{
	size_t i;

	if (memcmp(s, lit, n) == 0)
		return true;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], l = (unsigned char)lit[i];

		if (l == '*' || l == '-' ? c != l : (c | 0x20u) != l)
			return false;
	}
	return true;
}

/*
 * The directive a parameter name (a token) stands for, D_COUNT when it
 * is none of ours: the length and one letter pick the only candidate,
 * which is then compared in full.
 */
static DSS_ALWAYS_INLINE int
directive(struct dss_span name)
{
	unsigned c0;
	int d;

	if (name.n < 2)
		return D_COUNT;
	c0 = (unsigned char)name.p[0] | 0x20u;
	switch (name.n) {
	case 2:
		d = D_NC;
		break;
	case 3:
		d = c0 == 'u' ? D_URI : D_QOP;
		break;
	case 5:
		d = c0 == 'r' ? D_REALM : D_NONCE;
		break;
	case 6:
		d = c0 == 'c' ? D_CNONCE : D_OPAQUE;
		break;
	case 8:
		d = c0 == 'r' ? D_RESPONSE :
		    ((unsigned char)name.p[4] | 0x20u) == 'n' ? D_USERNAME :
								D_USERHASH;
		break;
	case 9:
		d = c0 == 'u' ? D_USERNAME_STAR : D_ALGORITHM;
		break;
	default:
		return D_COUNT;
	}
	return dss_ap_name_is(name.p, response_directives[d], name.n) ? d :
								     D_COUNT;
}

/*
 * Hex digits of a value sent in clear (nc, response): nothing secret
 * here, so a table is fine. Decodes 2n characters into n bytes.
 */
#define X 0x100 /* beyond a nibble: not a hex digit */
#define X16 X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X
static const uint16_t hex_value[256] = {
	X16, X16, X16,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, X, X, X, X, X, X,       /* 0x30 */
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X, /* 0x40 */
	X16,
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X, /* 0x60 */
	X16, X16, X16, X16, X16, X16, X16, X16, X16,
};
#undef X16
#undef X

#if defined(__SSE2__) && defined(__GNUC__)
/*
 * 16 hex digits at in -> 8 values in the low byte of each 16-bit lane,
 * with bit 8 set in a lane when either digit is not one.
 */
static inline __m128i
hex8_of(__m128i x)
{
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	__m128i l = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
				 _mm_set1_epi8('a'));
	__m128i isd = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	__m128i isa = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);
	__m128i v = _mm_or_si128(
		_mm_and_si128(d, isd),
		_mm_and_si128(_mm_add_epi8(l, _mm_set1_epi8(10)), isa));
	/* each lane: first digit in its low byte, second in the high one */
	__m128i pair = _mm_or_si128(
		_mm_slli_epi16(_mm_and_si128(v, _mm_set1_epi16(0xFF)), 4),
		_mm_srli_epi16(v, 8));
	__m128i bad = _mm_andnot_si128(_mm_or_si128(isd, isa),
				       _mm_set1_epi8(1));

	/* a bad digit: bit 8 of its lane (0x0100 or 0x0001 << 8) */
	bad = _mm_or_si128(bad, _mm_srli_epi16(bad, 8));
	return _mm_or_si128(pair, _mm_slli_epi16(bad, 8));
}

static inline __m128i
hex8_sse2(const char *in)
{
	return hex8_of(_mm_loadu_si128((const __m128i *)(const void *)in));
}
#endif

static bool
hex_public(uint8_t *out, const char *in, size_t n)
{
	unsigned bad = 0;
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	for (; n - i >= 16; i += 16) {
		__m128i a = hex8_sse2(in + 2 * i), b = hex8_sse2(in + 2 * i + 16);
		__m128i hi = _mm_srli_epi16(_mm_or_si128(a, b), 8);

		if (_mm_movemask_epi8(_mm_cmpeq_epi8(hi, _mm_setzero_si128())) !=
		    0xFFFF)
			return false;
		_mm_storeu_si128((__m128i *)(void *)(out + i),
				 _mm_packus_epi16(a, b));
	}
#endif
	for (; i < n; i++) {
		unsigned x = (unsigned)hex_value[(unsigned char)in[2 * i]] << 4 |
			     hex_value[(unsigned char)in[2 * i + 1]];

		bad |= x;
		out[i] = (uint8_t)x;
	}
	return bad < 0x100;
}

/* nc: 8 hex digits at in (no more bytes read) -> *value; false: not so */
static inline bool
nc_public(const char *in, uint32_t *value)
{
	uint8_t b[4];
#if defined(__SSE2__) && defined(__GNUC__)
	__m128i v = hex8_of(_mm_loadl_epi64((const __m128i *)(const void *)in));
	__m128i ok = _mm_cmpeq_epi8(_mm_srli_epi16(v, 8), _mm_setzero_si128());
	int w;

	/* lanes 0 to 3 are the digits' (4 to 7, of the zeros, are bad) */
	if ((_mm_movemask_epi8(ok) & 0xFF) != 0xFF)
		return false;
	w = _mm_cvtsi128_si32(_mm_packus_epi16(v, v));
	memcpy(b, &w, 4);
#else
	if (!hex_public(b, in, 4))
		return false;
#endif
	*value = dss_load_be32(b);
	return true;
}

/*
 * The value of an item: a view into the token when it has no
 * quoted-pair, else unquoted into the scratch area.
 */
static struct dss_span
take(char **w, const struct dss_ap_item *it)
{
	struct dss_span s;

	if (!it->escaped)
		return it->value;
	s = dss_span(*w, dss_ap_unquote(it, *w));
	*w += s.n;
	return s;
}

SECURITY_STATUS
dss_http_parse_response(const char *tok, size_t n, char *scratch,
			struct dss_http_response *r)
{
	/*
	 * Items are read in place: the slot after the last kept one takes
	 * the next item (with every directive seen once, the spare last
	 * slot); it[d] points at directive d.
	 */
	struct dss_ap_item all[D_COUNT + 1], *item;
	const struct dss_ap_item *it[D_COUNT];
	struct dss_ap_lexer lx;
	enum dss_ap_kind k;
	unsigned seen = 0, items = 0;
	char *w = scratch;
	const bool quick = n >= 16; /* dss_ap_quick's windows */
	size_t hsize;
	int alg = DSS_HTTP_MD5, d;

	dss_zero(r, sizeof(*r));
	dss_ap_init(&lx, tok, n);
	item = all;
	for (;;) {
		const char *next;

		/*
		 * The usual directive the quick way (quick.h): its name must
		 * be one of ours, made of letters ("username*" is left to the
		 * lexer: '*' | 0x20 is also LF | 0x20).
		 */
		if (quick && dss_ap_quick(&lx, item, &next) &&
		    (d = directive(item->name)) != D_COUNT &&
		    d != D_USERNAME_STAR) {
			dss_ap_commit(&lx, next);
			k = DSS_AP_PARAM;
		} else {
			k = dss_ap_next(&lx, item);
			if (k == DSS_AP_END)
				break;
			if (k == DSS_AP_SCHEME && items == 0 &&
			    dss_span_eq_ci(item->name, "Digest")) {
				items++;
				continue;
			}
			if (k != DSS_AP_PARAM)
				return SEC_E_INVALID_TOKEN;
			d = directive(item->name);
		}
		if (++items > MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		if (d == D_COUNT)
			continue; /* not ours: ignored */
		if (seen & BIT(d))
			return SEC_E_INVALID_TOKEN; /* duplicate */
		seen |= BIT(d);
		it[d] = item++;
	}

	/* RFC 7616 3.4: exactly one of username and username* */
	if (!(seen & BIT(D_USERNAME)) == !(seen & BIT(D_USERNAME_STAR)))
		return SEC_E_INVALID_TOKEN;
	if ((seen & (BIT(D_REALM) | BIT(D_NONCE) | BIT(D_URI) | BIT(D_RESPONSE))) !=
	    (BIT(D_REALM) | BIT(D_NONCE) | BIT(D_URI) | BIT(D_RESPONSE)))
		return SEC_E_INVALID_TOKEN;
	if (seen & BIT(D_QOP)) {
		if ((seen & (BIT(D_NC) | BIT(D_CNONCE))) != (BIT(D_NC) | BIT(D_CNONCE)))
			return SEC_E_INVALID_TOKEN;
	} else if (seen & (BIT(D_NC) | BIT(D_CNONCE))) {
		return SEC_E_INVALID_TOKEN;
	}
	if (seen & BIT(D_ALGORITHM)) {
		alg = dss_http_alg_from_name(it[D_ALGORITHM]->value);
		if (alg < 0 || it[D_ALGORITHM]->escaped)
			return SEC_E_INVALID_TOKEN;
		r->has_algorithm = true;
	}
	r->alg = (enum dss_http_alg)alg;
	hsize = dss_http_alg_info(r->alg)->size;

	if (seen & BIT(D_USERNAME)) {
		r->user = take(&w, it[D_USERNAME]);
	} else {
		/* RFC 8187 ext-value, UTF-8 only; decoded into the scratch */
		const struct dss_ap_item *u = it[D_USERNAME_STAR];
		size_t len;

		if (u->quoted)
			return SEC_E_INVALID_TOKEN;
		/* a token: never escaped, and decoding only shrinks */
		len = dss_http_ext_value_decode(u->value.p, u->value.n, w);
		if (len == SIZE_MAX)
			return SEC_E_INVALID_TOKEN;
		r->user = dss_span(w, len);
		w += len;
		r->user_star = true;
	}
	r->realm = take(&w, it[D_REALM]);
	r->nonce = take(&w, it[D_NONCE]);
	r->uri = take(&w, it[D_URI]);
	if (seen & BIT(D_OPAQUE)) {
		r->opaque = take(&w, it[D_OPAQUE]);
		r->has_opaque = true;
	}
	if (seen & BIT(D_USERHASH)) {
		struct dss_span v = take(&w, it[D_USERHASH]);

		if (dss_span_eq_ci(v, "true"))
			r->userhash = true;
		else if (!dss_span_eq_ci(v, "false"))
			return SEC_E_INVALID_TOKEN;
		if (r->userhash && r->user_star)
			return SEC_E_INVALID_TOKEN; /* RFC 7616 3.4.4 */
	}
	if (seen & BIT(D_QOP)) {
		r->qop_raw = take(&w, it[D_QOP]);
		if (r->qop_raw.n == 4 && eq_lower(r->qop_raw.p, "auth", 4))
			r->qop = DSS_QOP_AUTH;
		else if (r->qop_raw.n == 8 &&
			 eq_lower(r->qop_raw.p, "auth-int", 8))
			r->qop = DSS_QOP_AUTH_INT;
		else
			return SEC_E_INVALID_TOKEN;
		r->cnonce = take(&w, it[D_CNONCE]);
		r->nc = take(&w, it[D_NC]);
		if (r->nc.n != 8 || !nc_public(r->nc.p, &r->nc_value))
			return SEC_E_INVALID_TOKEN;
	}
	{
		struct dss_span resp = take(&w, it[D_RESPONSE]);

		if (resp.n != 2 * hsize || !hex_public(r->digest, resp.p, hsize))
			return SEC_E_INVALID_TOKEN;
		r->resp = resp;
	}
	return SEC_E_OK;
}

/* ---- the shape of an Authorization value (see http.h) ------------------- */

static bool
is_var(uint8_t where)
{
	return where != DSS_SHAPE_ABSENT && (where & DSS_SHAPE_VAR);
}

bool
dss_http_shape_make(struct dss_http_shape *sh, const char *tok, size_t n,
		    const struct dss_http_response *r)
{
	const uint16_t *at = dss_http_response_span_at;
	uint8_t where[DSS_HTTP_RESPONSE_SPANS];
	unsigned i;

	if (n < DSS_SHAPE_MIN || n > DSS_SHAPE_MAX || n > sh->cap)
		return false;
	sh->r = *r;
	/* a value unescaped or decoded elsewhere: no shape */
	if (!dss_shape_spans_in(&sh->r, at, DSS_HTTP_RESPONSE_SPANS, tok, n))
		return false;
	memcpy(sh->tok, tok, n);
	dss_shape_init(&sh->form, n);
	dss_shape_add(&sh->form, tok, r->uri, false);
	if (r->cnonce.p != NULL)
		dss_shape_add(&sh->form, tok, r->cnonce, false);
	if (r->nc.p != NULL)
		dss_shape_add(&sh->form, tok, r->nc, true);
	dss_shape_add(&sh->form, tok, r->resp, true); /* 4 of 8: room */
	dss_shape_place(&sh->form, &sh->r, at, DSS_HTTP_RESPONSE_SPANS, tok,
			sh->tok, where);
	for (i = 0; i < DSS_HTTP_RESPONSE_SPANS; i++)
		if (is_var(where[i]))
			sh->var_span[where[i] & ~DSS_SHAPE_VAR] = (uint8_t)i;
	/* dss_http_shape_match() decodes them as vars */
	return is_var(where[DSS_HTTP_SPAN_RESP]) &&
	       (r->nc.p == NULL || is_var(where[DSS_HTTP_SPAN_NC]));
}

bool
dss_http_shape_match(const struct dss_http_shape *sh, const char *tok,
		     size_t n, struct dss_http_response *r)
{
	struct dss_shape_read rd;
	unsigned k;

	if (!dss_shape_match(&sh->form, sh->tok, tok, n, &rd))
		return false;
	/* the kept parse, its vars replaced: the rest is the same bytes */
	*r = sh->r;
	for (k = 0; k < sh->form.nvar; k++)
		*dss_http_response_span(r, sh->var_span[k]) = rd.val[k];
	/* the parser's checks of the values that changed */
	if (!hex_public(r->digest, r->resp.p, dss_http_alg_info(r->alg)->size))
		return false;
	return r->nc.p == NULL || nc_public(r->nc.p, &r->nc_value);
}

/* The guess of dss_http_opaque_hint(): the value's distance from the end
 * of the token in the low 16 bits, its length in the high ones. */
static uint32_t
hint_guess(size_t back, size_t len)
{
	return back <= 0xFFFF && len <= 0xFFFF ? (uint32_t)(len << 16 | back) :
						 0;
}

struct dss_span
dss_http_opaque_hint(const char *tok, size_t n, _Atomic uint32_t *guess)
{
	const char *p = tok + n, *end = tok + n, *v, *e;
	uint32_t g = atomic_load_explicit(guess, memory_order_relaxed);
	size_t back = g & 0xFFFF, len = g >> 16;

	/* where the last value had it (the 8 bytes before are in tok) */
	if (len > 0 && back > len && n >= back + 8) {
		uint64_t want;

		v = end - back;
		memcpy(&want, "opaque=\"", 8);
		if (v[len] == '"' && dss_load64(v - 8) == want)
			return dss_span(v, len);
	}
	/*
	 * 'q' is rare, and clients put the opaque in the second half (curl,
	 * urllib, requests and ours): looked for from the end. The "q" of
	 * "opaque=" is 3 bytes in.
	 */
	while ((p = memrchr(tok, 'q', (size_t)(p - tok))) != NULL) {
		if (p - tok >= 3 && end - p >= 5 &&
		    memcmp(p - 3, "opaque=", 7) == 0) {
			v = p + 4;
			if (*v != '"') {
				e = memchr(v, ',', (size_t)(end - v));
				return dss_span(v, (size_t)((e != NULL ? e : end) -
							    v));
			}
			v++;
			e = memchr(v, '"', (size_t)(end - v));
			if (e == NULL)
				return dss_span(NULL, 0);
			g = hint_guess((size_t)(end - v), (size_t)(e - v));
			if (g != 0 && g != atomic_load_explicit(
						   guess, memory_order_relaxed))
				atomic_store_explicit(guess, g,
						      memory_order_relaxed);
			return dss_span(v, (size_t)(e - v));
		}
	}
	return dss_span(NULL, 0);
}

void
dss_http_kd_begin(struct dss_hash *prefix, enum dss_hash_alg h,
		  const char *ha1_hex, struct dss_span nonce)
{
	size_t size = dss_http_hash_size(h);
	char buf[192]; /* secret: holds H(A1) hex */

	dss_hash_init(prefix, h);
	/* one hash update of the pieces gathered, when the nonce is short */
	if (nonce.n <= sizeof(buf) - 2 * size - 2) {
		char *w = buf;

		dss_copy_usual(w, ha1_hex, 2 * size);
		w += 2 * size;
		*w++ = ':';
		memcpy(w, nonce.p, nonce.n);
		w += nonce.n;
		*w++ = ':';
		dss_hash_update(prefix, buf, (size_t)(w - buf));
		dss_wipe(buf, 2 * size);
		return;
	}
	dss_hash_update(prefix, ha1_hex, 2 * size);
	dss_hash_update(prefix, ":", 1);
	dss_hash_update(prefix, nonce.p, nonce.n);
	dss_hash_update(prefix, ":", 1);
}

/* nc ":" cnonce ":" qop ":" at w (room checked by the caller); the end */
static char *
put_more(char *w, struct dss_span nc, struct dss_span cnonce,
	 struct dss_span qop)
{
	dss_copy_usual(w, nc.p, nc.n);
	w += nc.n;
	*w++ = ':';
	dss_copy_short(w, cnonce.p, cnonce.n);
	w += cnonce.n;
	*w++ = ':';
	dss_copy_usual(w, qop.p, qop.n);
	w += qop.n;
	*w++ = ':';
	return w;
}

/* What put_more() writes, when it fits in the buffers below. */
#define MORE_ROOM 256

void
dss_http_kd_more(struct dss_hash *prefix, struct dss_span nc,
		 struct dss_span cnonce, struct dss_span qop)
{
	char buf[MORE_ROOM]; /* public: what the request sent */

	if (qop.n == 0)
		return; /* RFC 2069: nothing between the nonce and H(A2) */
	if (nc.n + cnonce.n + qop.n <= sizeof(buf) - 3) {
		char *w = put_more(buf, nc, cnonce, qop);

		dss_hash_update(prefix, buf, (size_t)(w - buf));
		return;
	}
	dss_hash_update(prefix, nc.p, nc.n);
	dss_hash_update(prefix, ":", 1);
	dss_hash_update(prefix, cnonce.p, cnonce.n);
	dss_hash_update(prefix, ":", 1);
	dss_hash_update(prefix, qop.p, qop.n);
	dss_hash_update(prefix, ":", 1);
}

void
dss_http_kd_end(struct dss_hash *prefix, struct dss_span nc,
		struct dss_span cnonce, struct dss_span qop,
		const char *ha2_hex, uint8_t *out)
{
	size_t hx = 2 * dss_http_hash_size(prefix->alg);
	char buf[MORE_ROOM + 2 * DSS_HASH_MAX]; /* public */

	if (qop.n > 0 && nc.n + cnonce.n + qop.n <= MORE_ROOM - 3) {
		char *w = put_more(buf, nc, cnonce, qop);

		dss_copy_usual(w, ha2_hex, hx);
		dss_hash_update(prefix, buf, (size_t)(w + hx - buf));
		dss_hash_digest(prefix, out);
		return;
	}
	dss_http_kd_more(prefix, nc, cnonce, qop);
	dss_http_kd_last(prefix, ha2_hex, out);
}

void
dss_http_kd_finish(const struct dss_hash *prefix, const char *ha2_hex,
		   uint8_t *out)
{
	struct dss_hash h; /* secret; wiped by the digest */

	dss_hash_copy(&h, prefix);
	dss_hash_update(&h, ha2_hex, 2 * dss_http_hash_size(h.alg));
	dss_hash_digest(&h, out);
}

void
dss_http_kd_last(struct dss_hash *prefix, const char *ha2_hex, uint8_t *out)
{
	dss_hash_update(prefix, ha2_hex,
			2 * dss_http_hash_size(prefix->alg));
	dss_hash_digest(prefix, out);
}

const char *
dss_http_empty_body_hex(enum dss_hash_alg h)
{
	/* MD5(""), SHA-256(""), SHA-512/256("") (tests/unit/test_server.c) */
	return h == DSS_HASH_MD5 ? "d41d8cd98f00b204e9800998ecf8427e" :
	       h == DSS_HASH_SHA256 ?
				   "e3b0c44298fc1c149afbf4c8996fb924"
				   "27ae41e4649b934ca495991b7852b855" :
				   "c672b8d1ef56ed28ab87c3622c511406"
				   "9bdd3ad7b8f9737498d0c01ecef0967a";
}

static void
put_qop_list(struct dss_strbuf *sb, unsigned qops)
{
	dss_sb_puts(sb, ", qop=\"");
	if (qops & DSS_QOP_BIT_AUTH)
		dss_sb_puts(sb, "auth");
	if ((qops & DSS_QOP_BIT_AUTH) && (qops & DSS_QOP_BIT_INT))
		dss_sb_putc(sb, ',');
	if (qops & DSS_QOP_BIT_INT)
		dss_sb_puts(sb, "auth-int");
	dss_sb_putc(sb, '"');
}

void
dss_http_emit_challenge(const struct dss_http_offer *o, struct dss_strbuf *sb)
{
	size_t i;

	/* RFC 7616 3.3: realm, nonce, opaque, qop quoted; the rest tokens */
	for (i = 0; i < o->nalgs; i++) {
		if (i > 0)
			dss_sb_puts(sb, ", Digest ");
		dss_sb_puts(sb, "realm=");
		dss_sb_put_quoted(sb, o->realm.p, o->realm.n);
		put_qop_list(sb, o->qops);
		dss_sb_puts(sb, ", algorithm=");
		dss_sb_puts(sb, dss_http_alg_info(o->algs[i])->name);
		dss_sb_puts(sb, ", nonce=");
		dss_sb_put_quoted(sb, o->nonce.p, o->nonce.n);
		dss_sb_puts(sb, ", opaque=");
		dss_sb_put_quoted(sb, o->opaque.p, o->opaque.n);
		dss_sb_puts(sb, ", charset=UTF-8");
		if (o->userhash)
			dss_sb_puts(sb, ", userhash=true");
		if (o->stale)
			dss_sb_puts(sb, ", stale=true");
	}
}

void
dss_http_emit_auth_info(const uint8_t *rspauth, size_t hsize,
			enum dss_http_qop qop, struct dss_span cnonce,
			struct dss_span nc, struct dss_span nextnonce,
			struct dss_strbuf *sb)
{
	char hex[2 * DSS_HASH_MAX];
	/* the usual case unchecked (strbuf.h cursors): the same bytes */
	char *o = dss_sb_room(sb, 2 * hsize + 2 * (cnonce.n + nc.n +
						   nextnonce.n) + 80);

	if (o != NULL) {
		o = dss_cur_lit(o, "rspauth=\"");
		dss_hex_encode(o, rspauth, hsize);
		o += 2 * hsize;
		*o++ = '"';
		if (qop != DSS_QOP_NONE) {
			o = qop == DSS_QOP_AUTH ? dss_cur_lit(o, ", qop=auth") :
						  dss_cur_lit(o, ", qop=auth-int");
			o = dss_cur_lit(o, ", cnonce=");
			o = dss_cur_put_quoted(o, cnonce.p, cnonce.n);
			o = dss_cur_lit(o, ", nc=");
			o = dss_cur_put(o, nc.p, nc.n);
		}
		if (nextnonce.n > 0) {
			o = dss_cur_lit(o, ", nextnonce=");
			o = dss_cur_put_quoted(o, nextnonce.p, nextnonce.n);
		}
		dss_sb_advance(sb, o);
		return;
	}
	dss_hex_encode(hex, rspauth, hsize);
	dss_sb_puts(sb, "rspauth=\"");
	dss_sb_put(sb, hex, 2 * hsize);
	dss_sb_putc(sb, '"');
	if (qop != DSS_QOP_NONE) {
		dss_sb_puts(sb, ", qop=");
		dss_sb_puts(sb, dss_http_qop_name(qop));
		dss_sb_puts(sb, ", cnonce=");
		dss_sb_put_quoted(sb, cnonce.p, cnonce.n);
		dss_sb_puts(sb, ", nc=");
		dss_sb_put(sb, nc.p, nc.n);
	}
	if (nextnonce.n > 0) {
		dss_sb_puts(sb, ", nextnonce=");
		dss_sb_put_quoted(sb, nextnonce.p, nextnonce.n);
	}
}
