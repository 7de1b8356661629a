/*
 * bytes.h - hexadecimal and big-endian helpers.
 */
#ifndef DSS_BASE_BYTES_H
#define DSS_BASE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Lower-case hex of n bytes into out (2n characters, no terminator).
 * Branch-free on the data: safe for secrets such as H(A1).
 */
void dss_hex_encode(char *out, const uint8_t *in, size_t n);

/*
 * Decode exactly 2n hex characters (either case) into n bytes.
 * Returns false on any non-hex character; out is then unspecified.
 * Runs in time independent of the digit values.
 */
bool dss_hex_decode(uint8_t *out, const char *in, size_t n);

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
