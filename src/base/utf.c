/*
 * utf.c - see utf.h.
 */
#include "base/utf.h"

/*
 * Decode one UTF-8 sequence at in[*i]; returns the code point and moves
 * *i past it, or returns UINT32_MAX (and leaves *i) when it is malformed.
 */
static uint32_t
utf8_next(const char *in, size_t n, size_t *i)
{
	const unsigned char *s = (const unsigned char *)in + *i;
	size_t left = n - *i, len, k;
	uint32_t cp, min;

	if (s[0] < 0x80) {
		*i += 1;
		return s[0];
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, cp = s[0] & 0x1Fu, min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, cp = s[0] & 0x0Fu, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, cp = s[0] & 0x07u, min = 0x10000;
	} else {
		return UINT32_MAX;
	}
	if (left < len)
		return UINT32_MAX;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return UINT32_MAX;
		cp = cp << 6 | (s[k] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return UINT32_MAX;
	*i += len;
	return cp;
}

bool
dss_utf8_valid(const char *in, size_t n)
{
	size_t i = 0;

	while (i < n)
		if (utf8_next(in, n, &i) == UINT32_MAX)
			return false;
	return true;
}

size_t
dss_utf16_to_utf8(char *out, size_t cap, const uint16_t *in, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		uint32_t cp = in[i];
		unsigned char b[4];
		size_t k, m;

		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (i + 1 >= n || in[i + 1] < 0xDC00 || in[i + 1] > 0xDFFF)
				return SIZE_MAX;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00u);
			i++;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			return SIZE_MAX;
		}
		if (cp < 0x80) {
			b[0] = (unsigned char)cp, m = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xC0 | cp >> 6);
			b[1] = (unsigned char)(0x80 | (cp & 0x3F));
			m = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xE0 | cp >> 12);
			b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp & 0x3F));
			m = 3;
		} else {
			b[0] = (unsigned char)(0xF0 | cp >> 18);
			b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[3] = (unsigned char)(0x80 | (cp & 0x3F));
			m = 4;
		}
		for (k = 0; k < m; k++, len++)
			if (len < cap)
				out[len] = (char)b[k];
	}
	return len;
}

size_t
dss_utf8_to_utf16(uint16_t *out, size_t cap, const char *in, size_t n)
{
	size_t i = 0, len = 0;

	while (i < n) {
		uint32_t cp = utf8_next(in, n, &i);

		if (cp == UINT32_MAX)
			return SIZE_MAX;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (len < cap)
				out[len] = (uint16_t)(0xD800 + (cp >> 10));
			len++;
			cp = 0xDC00 + (cp & 0x3FF);
		}
		if (len < cap)
			out[len] = (uint16_t)cp;
		len++;
	}
	return len;
}

size_t
dss_utf16_len(const uint16_t *s)
{
	size_t n = 0;

	while (s[n] != 0)
		n++;
	return n;
}
