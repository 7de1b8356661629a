/*
 * lex.c - small lexical helpers of the sasl room. See sasl_int.h.
 */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "base/bytes.h"
#include "sasl/sasl.h"
#include "sasl/sasl_int.h"

void
dss_sasl_list_init(struct dss_sasl_list_iter *li, struct dss_span v)
{
	li->v = v;
	li->i = 0;
}

static bool
is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool
dss_sasl_list_next(struct dss_sasl_list_iter *li, struct dss_span *t)
{
	const char *p = li->v.p;
	size_t n = li->v.n, i = li->i;

	while (i < n) {
		size_t start, end;

		while (i < n && (is_lws(p[i]) || p[i] == ','))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && p[i] != ',')
			i++;
		end = i;
		while (end > start && is_lws(p[end - 1]))
			end--;
		li->i = i;
		*t = dss_span(p + start, end - start);
		return true;
	}
	li->i = n;
	return false;
}

bool
dss_sasl_parse_maxbuf(struct dss_span v, uint32_t *out)
{
	uint32_t x = 0;
	size_t i;

	if (v.n == 0)
		return false;
	for (i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		x = x * 10 + (uint32_t)(v.p[i] - '0');
		if (x > DSS_SASL_MAXBUF_MAX)
			return false;
	}
	if (x < DSS_SASL_MAXBUF_MIN)
		return false;
	*out = x;
	return true;
}

/* Bytes of a 64-bit word: a byte below 0x20, or one equal to 0x7F. */
#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

static uint64_t
ctl_in_word(uint64_t x)
{
	uint64_t del = x ^ (ONES * 0x7F);

	/* exact as a yes/no answer: a borrow only follows a hit below it */
	return (((x - ONES * 0x20) & ~x) | ((del - ONES) & ~del)) & HIGHS;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Bits of the 16 bytes at p that are below 0x20 or equal to 0x7F. */
static inline unsigned
ctl_in_16(const char *p)
{
	const __m128i us = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F);
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* unsigned x <= 0x1F: max(x, 0x1F) == 0x1F */
	__m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(x, us), us);

	return (unsigned)_mm_movemask_epi8(
		_mm_or_si128(ctl, _mm_cmpeq_epi8(x, del)));
}
#endif

bool
dss_sasl_text_ok(struct dss_span s)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	/* 16 bytes at a time, the same way as the words below */
	if (s.n >= 16) {
		for (; s.n - i > 16; i += 16)
			if (ctl_in_16(s.p + i))
				break;
		if (s.n - i <= 16 && !ctl_in_16(s.p + s.n - 16))
			return true;
		goto bytes;
	}
#endif
	/*
	 * Eight bytes at a time while no control byte (HTAB included); the
	 * last word overlaps the one before, a string of 4 to 7 bytes is two
	 * overlapping 4-byte halves (padded with 'A'). Any hit, HTAB
	 * included, is settled by the byte loop.
	 */
	if (s.n >= 8) {
		uint64_t x;

		for (; s.n - i > 8; i += 8) {
			memcpy(&x, s.p + i, sizeof(x));
			if (ctl_in_word(x))
				break;
		}
		if (s.n - i <= 8) {
			memcpy(&x, s.p + s.n - 8, sizeof(x));
			if (!ctl_in_word(x))
				return true;
		}
	} else if (s.n >= 4) {
		uint32_t a, b;
		uint64_t pad = (ONES * 'A') << 32;

		memcpy(&a, s.p, sizeof(a));
		memcpy(&b, s.p + s.n - 4, sizeof(b));
		if (!ctl_in_word(pad | a) && !ctl_in_word(pad | b))
			return true;
	}
#if defined(__SSE2__) && defined(__GNUC__)
bytes:
#endif
	for (; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return false;
	}
	return true;
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Bits of the 16 bytes at p that are below 0x20, 0x7F or '"'. */
static inline unsigned
uri_stop_16(const char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);

	return ctl_in_16(p) | (unsigned)_mm_movemask_epi8(
				      _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
}
#endif

bool
dss_sasl_uri_ok(struct dss_span s)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	/* 16 bytes at a time, the last step ending at the end */
	if (s.n >= 16) {
		for (; s.n - i > 16; i += 16)
			if (uri_stop_16(s.p + i))
				return false;
		return uri_stop_16(s.p + s.n - 16) == 0;
	}
#endif
	for (; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c < 0x20 || c == 0x7F || c == '"')
			return false;
	}
	return true;
}

char *
dss_sasl_cur_uint(char *o, uint32_t v)
{
	char d[10];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return dss_cur_put(o, d + i, sizeof(d) - i);
}

void
dss_sasl_put_uint(struct dss_strbuf *sb, uint32_t v)
{
	char d[10];

	dss_sb_put(sb, d, (size_t)(dss_sasl_cur_uint(d, v) - d));
}
