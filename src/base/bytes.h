/*
 * bytes.h - hexadecimal and big-endian helpers.
 */
#ifndef DSS_BASE_BYTES_H
#define DSS_BASE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* 0..15 -> '0'..'9','a'..'f' without a branch or a table lookup. */
static inline char
dss_nibble_to_hex(unsigned v)
{
	/* for v >= 10 add 'a' - '0' - 10 = 39 */
	unsigned gt9 = ((9u - v) >> 8) & 1u; /* 1 when v > 9 (v < 256) */

	return (char)('0' + v + gt9 * 39u);
}

#if defined(__SSE2__) && defined(__GNUC__)
/*
 * 16 bytes -> 32 hex digits: nibbles split and interleaved, then the same
 * arithmetic as dss_nibble_to_hex on every lane (no branch, no table).
 */
static inline void
dss_hex16(char *out, const uint8_t *in)
{
	const __m128i low = _mm_set1_epi8(15), nine = _mm_set1_epi8(9);
	const __m128i zero = _mm_set1_epi8('0'), gap = _mm_set1_epi8(39);
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)in);
	__m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), low);
	__m128i lo = _mm_and_si128(x, low);
	__m128i a = _mm_unpacklo_epi8(hi, lo), b = _mm_unpackhi_epi8(hi, lo);

	a = _mm_add_epi8(_mm_add_epi8(a, zero),
			 _mm_and_si128(_mm_cmpgt_epi8(a, nine), gap));
	b = _mm_add_epi8(_mm_add_epi8(b, zero),
			 _mm_and_si128(_mm_cmpgt_epi8(b, nine), gap));
	_mm_storeu_si128((__m128i *)(void *)out, a);
	_mm_storeu_si128((__m128i *)(void *)(out + 16), b);
}
#endif

/*
 * Lower-case hex of n bytes into out (2n characters, no terminator).
 * Branch-free on the data: safe for secrets such as H(A1). Inline: a
 * digest (16 or 32 bytes) is one or two vector steps.
 */
static inline void
dss_hex_encode(char *out, const uint8_t *in, size_t n)
{
	const uint8_t *end = in + n;

#if defined(__SSE2__) && defined(__GNUC__)
	for (; end - in >= 16; in += 16, out += 32)
		dss_hex16(out, in);
#endif
	for (; in < end; in++, out += 2) {
		out[0] = dss_nibble_to_hex(*in >> 4);
		out[1] = dss_nibble_to_hex(*in & 15u);
	}
}

/*
 * Decode exactly 2n hex characters (either case) into n bytes.
 * Returns false on any non-hex character; out is then unspecified.
 * Runs in time independent of the digit values.
 */
bool dss_hex_decode(uint8_t *out, const char *in, size_t n);

/*
 * memcpy for lengths that are mostly one of a few (a digest or its hex,
 * an nc, a qop): those as copies of a fixed size, a few moves instead of
 * a call.
 */
static inline void
dss_copy_usual(void *dst, const void *src, size_t n)
{
	switch (n) {
	case 4:
		memcpy(dst, src, 4);
		break;
	case 8:
		memcpy(dst, src, 8);
		break;
	case 16:
		memcpy(dst, src, 16);
		break;
	case 32:
		memcpy(dst, src, 32);
		break;
	case 64:
		memcpy(dst, src, 64);
		break;
	default:
		if (n > 0)
			memcpy(dst, src, n);
	}
}

/* n (w to 2w) bytes as two moves of w bytes, the first and the last: w
 * is a constant where this is inlined, so each move is an instruction or
 * two. */
static inline void
dss_copy_ends(unsigned char *d, const unsigned char *s, size_t n, size_t w)
{
	unsigned char a[32], b[32];

	memcpy(a, s, w);
	memcpy(b, s + n - w, w);
	memcpy(d, a, w);
	memcpy(d + n - w, b, w);
}

/*
 * memcpy for the short strings of a header (names, nonces, a uri, hex
 * digests): up to 64 bytes as two overlapping moves of one width;
 * longer ones by memcpy. Saves the call, which costs more than the copy
 * at these lengths.
 */
static inline void
dss_copy_short(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (n > 64)
		memcpy(d, s, n);
	else if (n > 32)
		dss_copy_ends(d, s, n, 32);
	else if (n >= 16)
		dss_copy_ends(d, s, n, 16);
	else if (n >= 8)
		dss_copy_ends(d, s, n, 8);
	else if (n >= 4)
		dss_copy_ends(d, s, n, 4);
	else if (n >= 2)
		dss_copy_ends(d, s, n, 2);
	else if (n == 1)
		*d = *s;
}

/* Unaligned loads in the machine's byte order (one instruction each). */
static inline uint64_t
dss_load64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
dss_load32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint16_t
dss_load16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * memcmp(a, b, n) == 0 for the short public strings a request is checked
 * against (an opaque, a nonce, a realm, a user, a uri): up to 32 bytes as
 * overlapping loads of one width, the differences OR-ed; longer ones by
 * memcmp. Not for secrets: it may stop early (dss_ct_eq is for those).
 */
static inline bool
dss_eq_short(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	if (n > 32)
		return memcmp(x, y, n) == 0;
	if (n >= 16)
		return ((dss_load64(x) ^ dss_load64(y)) |
			(dss_load64(x + 8) ^ dss_load64(y + 8)) |
			(dss_load64(x + n - 16) ^ dss_load64(y + n - 16)) |
			(dss_load64(x + n - 8) ^ dss_load64(y + n - 8))) == 0;
	if (n >= 8)
		return ((dss_load64(x) ^ dss_load64(y)) |
			(dss_load64(x + n - 8) ^ dss_load64(y + n - 8))) == 0;
	if (n >= 4)
		return ((dss_load32(x) ^ dss_load32(y)) |
			(dss_load32(x + n - 4) ^ dss_load32(y + n - 4))) == 0;
	while (n-- > 0)
		if (x[n] != y[n])
			return false;
	return true;
}

static inline void
dss_store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t
dss_load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* "%08x" of v into out (8 characters, no terminator); v is public. */
void dss_hex32(char *out, uint32_t v);

#endif
