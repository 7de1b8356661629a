/*
 * bytes.c - see bytes.h.
 */
#include "base/bytes.h"

/* 0..15 -> '0'..'9','a'..'f' without a branch or a table lookup. */
static char
nibble_to_hex(unsigned v)
{
	/* for v >= 10 add 'a' - '0' - 10 = 39 */
	unsigned gt9 = ((9u - v) >> 8) & 1u; /* 1 when v > 9 (v < 256) */

	return (char)('0' + v + gt9 * 39u);
}

void
dss_hex_encode(char *out, const uint8_t *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = nibble_to_hex(in[i] >> 4);
		out[2 * i + 1] = nibble_to_hex(in[i] & 15u);
	}
}

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

bool
dss_hex_decode(uint8_t *out, const char *in, size_t n)
{
	unsigned bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
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
	int i;

	for (i = 7; i >= 0; i--) {
		out[i] = nibble_to_hex(v & 15u);
		v >>= 4;
	}
}
