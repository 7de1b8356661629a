/*
 * bytes.c - see bytes.h.
 */
#include <string.h>

#include "base/bytes.h"

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Little-endian targets decode 8 hex digits per step (bytes in order). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS 1
#else
#define WORDS 0
#endif

/*
 * One hex digit -> 0..15, or a value with bit 8 set when c is not a hex
 * digit. Mask arithmetic only, so timing does not depend on c.
 */
static unsigned
hex_to_nibble(unsigned char c)
{
	unsigned x = c;
	/* each mask is 0xffff... when x lies in the range */
	unsigned is_dig = ((((x - '0') | ('9' - x)) >> 8) & 1u) ^ 1u;
	unsigned lx = x | 0x20u;
	unsigned is_alpha = ((((lx - 'a') | ('f' - lx)) >> 8) & 1u) ^ 1u;
	unsigned val = (x - '0') * is_dig + (lx - 'a' + 10u) * is_alpha;

	return (val & 15u) | (((is_dig | is_alpha) ^ 1u) << 8);
}

/*
 * Eight hex digits -> four bytes, in 64-bit arithmetic; returns non-zero
 * when one of them is not a hex digit. ge() sets the high bit of each
 * byte (below 0x80) that is >= k, without borrows between bytes.
 */
static uint64_t
ge(uint64_t x, unsigned k)
{
	return ((x | HIGHS) - ONES * k) & HIGHS;
}

static uint64_t
decode8(uint8_t *out, const char *in)
{
	uint64_t x, lx, digit, alpha, v;

	memcpy(&x, in, sizeof(x));
	lx = x | ONES * 0x20;
	digit = ge(x, '0') & ~ge(x, '9' + 1);
	alpha = ge(lx, 'a') & ~ge(lx, 'f' + 1);
	/* the low nibble, plus 9 for a letter */
	v = (x & ONES * 0x0F) + (alpha >> 7) * 9;
	/* byte 2i: high nibble from digit 2i, low from digit 2i + 1 */
	v = ((v << 4) | (v >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	v = (v | v >> 8) & UINT64_C(0x0000FFFF0000FFFF);
	out[0] = (uint8_t)v;
	out[1] = (uint8_t)(v >> 8);
	out[2] = (uint8_t)(v >> 32);
	out[3] = (uint8_t)(v >> 40);
	return (x & HIGHS) | ((digit | alpha) ^ HIGHS);
}

#if defined(__SSE2__) && defined(__GNUC__)
/*
 * 16 hex digits at p -> their nibble values, and in *bad the bits of
 * those that are not a hex digit. An unsigned t is at most k exactly
 * when min(t, k) == t.
 */
static inline __m128i
nibbles_16(const char *p, unsigned *bad)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	__m128i l = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
				 _mm_set1_epi8('a'));
	__m128i is_d = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	__m128i is_l = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(5)), l);

	*bad |= (unsigned)_mm_movemask_epi8(_mm_or_si128(is_d, is_l)) ^ 0xFFFFu;
	return _mm_or_si128(
		_mm_and_si128(d, is_d),
		_mm_and_si128(_mm_add_epi8(l, _mm_set1_epi8(10)), is_l));
}

/* Nibbles (two per 16-bit lane, the first the high one) -> 8 bytes. */
static inline __m128i
pair_nibbles(__m128i v)
{
	__m128i hi = _mm_and_si128(_mm_slli_epi16(v, 4), _mm_set1_epi16(0xF0));

	return _mm_or_si128(hi, _mm_srli_epi16(v, 8));
}
#endif

bool
dss_hex_decode(uint8_t *out, const char *in, size_t n)
{
	uint64_t bad64 = 0;
	unsigned bad = 0;
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	/* 16 bytes (32 digits) per step: a digest in one or two */
	for (; n - i >= 16; i += 16) {
		unsigned b16 = 0;
		__m128i a = pair_nibbles(nibbles_16(in + 2 * i, &b16));
		__m128i b = pair_nibbles(nibbles_16(in + 2 * i + 16, &b16));

		_mm_storeu_si128((__m128i *)(void *)(out + i),
				 _mm_packus_epi16(a, b));
		bad |= b16 != 0;
	}
#endif
	if (WORDS)
		for (; n - i >= 4; i += 4)
			bad64 |= decode8(out + i, in + 2 * i);
	bad |= (unsigned)((bad64 | bad64 >> 32) & 0xFFFFFFFFu) != 0;
	for (; i < n; i++) {
		unsigned hi = hex_to_nibble((unsigned char)in[2 * i]);
		unsigned lo = hex_to_nibble((unsigned char)in[2 * i + 1]);

		bad |= (hi | lo) >> 8;
		out[i] = (uint8_t)((hi & 15u) << 4 | (lo & 15u));
	}
	return bad == 0;
}

void
dss_hex32(char *out, uint32_t v)
{
	/* a count, not a secret: a table is fine */
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 7; i >= 0; i--) {
		out[i] = digits[v & 15u];
		v >>= 4;
	}
}
