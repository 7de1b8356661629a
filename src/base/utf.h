/*
 * utf.h - UTF-8 / UTF-16 conversion at the edge of the W entry points.
 *
 * All strings inside the library are UTF-8. The W functions convert their
 * UTF-16 arguments once, on the way in, and their UTF-16 results once, on
 * the way out.
 */
#ifndef DSS_BASE_UTF_H
#define DSS_BASE_UTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * UTF-16 (host-order 16-bit units) -> UTF-8. Writes at most `cap` bytes,
 * returns the number of bytes the full conversion needs, or SIZE_MAX
 * when `in` holds an unpaired surrogate. Call with cap 0 to measure.
 */
size_t dss_utf16_to_utf8(char *out, size_t cap, const uint16_t *in, size_t n);

/*
 * UTF-8 -> UTF-16 units. Returns the number of units needed (same
 * measuring convention), or SIZE_MAX when `in` is not valid UTF-8.
 */
size_t dss_utf8_to_utf16(uint16_t *out, size_t cap, const char *in, size_t n);

/* True when the n bytes are well-formed UTF-8 (no overlongs, no surrogates). */
bool dss_utf8_valid(const char *in, size_t n);

/* Length of a NUL-terminated UTF-16 string, in units. */
size_t dss_utf16_len(const uint16_t *s);

#endif
