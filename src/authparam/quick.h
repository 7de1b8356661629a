/*
 * quick.h - the usual auth-param in a few vector steps, for the parsers
 * that know their directive names (internal to the library).
 *
 * Headers from real clients and servers are lists of `name=value` and
 * `name="value"` joined by ", ". dss_ap_quick() reads one such item
 * without classifying each byte, and leaves everything else to
 * dss_ap_next(): when it says no, the lexer has not moved and
 * dss_ap_next() reads the same item the long way. So the language stays
 * the lexer's; this only has to agree with it where it says yes.
 *
 * The one thing it does not check is that the name is a token: the name
 * it hands out is the bytes before the first '=', and the caller must
 * match it against its own names, which are letters only (a byte whose
 * c | 0x20 is a lower-case letter is a letter; see dss_ap_name_is). A
 * name that is none of them goes back to dss_ap_next() too.
 */
#ifndef DSS_AUTHPARAM_QUICK_H
#define DSS_AUTHPARAM_QUICK_H

#include <stdint.h>
#include <string.h>

#include "authparam/authparam.h"
#include "base/bytes.h"

/*
 * n (2 to 16) bytes of s equal the lower-case literal lit, ASCII
 * case-insensitively: each byte with 0x20 set, compared a word at a time
 * (first and last, overlapping). When lit is letters only this is exact
 * for any bytes: c | 0x20 is a lower-case letter only for that letter in
 * either case. When s is a token (tchar), it is exact for a lit of
 * letters, '*' and '-' too: no other tchar c | 0x20 is '*' or '-' (but
 * LF and CR are).
 */
static inline bool
dss_ap_name_is(const char *s, const char *lit, size_t n)
{
	const uint64_t c64 = 0x2020202020202020u;
	const uint32_t c32 = 0x20202020u;

	if (n >= 8)
		return (((dss_load64(s) | c64) ^ dss_load64(lit)) |
			((dss_load64(s + n - 8) | c64) ^
			 dss_load64(lit + n - 8))) == 0;
	if (n >= 4)
		return (((dss_load32(s) | c32) ^ dss_load32(lit)) |
			((dss_load32(s + n - 4) | c32) ^
			 dss_load32(lit + n - 4))) == 0;
	return (((dss_load16(s) | 0x2020u) ^ dss_load16(lit)) |
		((dss_load16(s + n - 2) | 0x2020u) ^
		 dss_load16(lit + n - 2))) == 0;
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

#define DSS_AP_HAVE_QUICK 1

static inline __m128i
dss_ap_load16(const char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/*
 * Bits of the bytes of x that end a quoted-string run: '"', '\\', a
 * control byte (HTAB included) or DEL.
 */
static inline unsigned
dss_ap_qd_stop_mask(__m128i x)
{
	const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	const __m128i del = _mm_set1_epi8(0x7F), us = _mm_set1_epi8(0x1F);
	/* unsigned x <= 0x1F: max(x, 0x1F) == 0x1F */
	__m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(x, us), us);
	__m128i hit = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, bs)),
		_mm_or_si128(_mm_cmpeq_epi8(x, del), ctl));

	return (unsigned)_mm_movemask_epi8(hit);
}

/*
 * Bits of the bytes of x that are not ALPHA or DIGIT: c | 0x20 is in
 * 'a'..'z' exactly for letters, and an unsigned t is below k + 1 when
 * min(t, k) == t.
 */
static inline unsigned
dss_ap_not_alnum_mask(__m128i x)
{
	__m128i l = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
				 _mm_set1_epi8('a'));
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	__m128i a = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l);
	__m128i g = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(a, g)) ^ 0xFFFFu;
}

/* Bits of the bytes of x that are not ALPHA, DIGIT or '-'. */
static inline unsigned
dss_ap_not_word_mask(__m128i x)
{
	unsigned dash = (unsigned)_mm_movemask_epi8(
		_mm_cmpeq_epi8(x, _mm_set1_epi8('-')));

	return dss_ap_not_alnum_mask(x) & ~dash;
}

/*
 * The 16 bytes from p, or when fewer than 16 are left, the last 16 of
 * the input (which starts at least 16 bytes before end) with *shift the
 * number of bytes before p in them: mask >> *shift has bit i for p[i],
 * and no bits beyond end.
 */
static inline __m128i
dss_ap_window(const char *p, const char *end, unsigned *shift)
{
	if (end - p >= 16) {
		*shift = 0;
		return dss_ap_load16(p);
	}
	*shift = 16u - (unsigned)(end - p);
	return dss_ap_load16(end - 16);
}

/*
 * The first byte from p on (before end, where the input starts at least
 * 16 bytes before end) that ends a run of qdtext: '"', '\\', a control
 * byte or DEL; NULL when there is none.
 */
static inline const char *
dss_ap_qd_end(const char *p, const char *end)
{
	for (;;) {
		unsigned shift, m;
		__m128i x = dss_ap_window(p, end, &shift);

		m = dss_ap_qd_stop_mask(x) >> shift;
		if (m != 0)
			return p + __builtin_ctz(m);
		if (end - p <= 16)
			return NULL;
		p += 16;
	}
}

/*
 * One item `name=value` at the lexer's position, after ", " or " " (or
 * nothing), where value is a quoted-string without quoted-pairs or
 * controls, or a run of letters, digits and '-', and is followed by a comma
 * or the end; the name (not checked, see above) is at most 15 bytes.
 * The caller checks once what this needs of the lexer: its input is at
 * least 16 bytes long (the windows near the end are its last 16 bytes),
 * and it has not failed (the callers stop at the first error). On yes,
 * *it is what dss_ap_next() would give and *next where it would leave
 * the lexer (see dss_ap_commit); the lexer itself is not touched either
 * way.
 */
static inline bool
dss_ap_quick(const struct dss_ap_lexer *lx, struct dss_ap_item *it,
	     const char **next)
{
	const char *p = lx->p, *end = lx->end, *v, *q;
	unsigned shift, m;
	__m128i x;

	if (end - p < 4)
		return false;
	p += p[0] == ',' && p[1] == ' ' ? 2 : p[0] == ' ';
	x = dss_ap_window(p, end, &shift);
	m = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('='))) >> shift;
	if (m == 0)
		return false;
	v = p + __builtin_ctz(m); /* the '=' */
	if (v == p || ++v == end)
		return false;
	if (*v == '"') {
		/* the first byte that ends a run of qdtext must close it */
		q = dss_ap_qd_end(v + 1, end);
		if (q == NULL || *q != '"')
			return false;
		it->value = dss_span(v + 1, (size_t)(q - v - 1));
		it->quoted = true;
		q++;
	} else {
		/* letters, digits and '-' (bare values are more), then a
		 * comma or the end */
		q = v;
		for (;;) {
			x = dss_ap_window(q, end, &shift);
			m = dss_ap_not_word_mask(x) >> shift;
			if (m != 0 || end - q <= 16)
				break;
			q += 16;
		}
		q += m != 0 ? (size_t)__builtin_ctz(m) : (size_t)(end - q);
		if (q == v)
			return false;
		it->value = dss_span(v, (size_t)(q - v));
		it->quoted = false;
	}
	if (q != end && *q != ',')
		return false;
	it->kind = DSS_AP_PARAM;
	it->name = dss_span(p, (size_t)(v - 1 - p));
	it->escaped = false;
	*next = q;
	return true;
}

/* Move the lexer past an item dss_ap_quick() read. */
static inline void
dss_ap_commit(struct dss_ap_lexer *lx, const char *next)
{
	lx->p = next;
	lx->after_scheme = false;
}

#else
static inline const char *
dss_ap_qd_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F)
			return p;
	}
	return NULL;
}

static inline bool
dss_ap_quick(const struct dss_ap_lexer *lx, struct dss_ap_item *it,
	     const char **next)
{
	(void)lx;
	(void)it;
	(void)next;
	return false;
}

static inline void
dss_ap_commit(struct dss_ap_lexer *lx, const char *next)
{
	lx->p = next;
	lx->after_scheme = false;
}
#endif

#endif
