/*
 * one_byte.h - every one-byte change of a value, for the tests that
 * compare a shortcut with the parser on values near one it knows.
 */
#ifndef DSS_TEST_ONE_BYTE_H
#define DSS_TEST_ONE_BYTE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/*
 * Calls try(v, length, arg) for every one-byte change of base (n bytes,
 * each byte to each other non-NUL value), every deletion of a byte, and
 * every insertion of a byte (every seventh value) before each; v is
 * NUL-terminated and has room for n + 2 bytes. Returns how many calls
 * said yes; *changes counts the one-byte changes.
 */
static inline size_t
one_byte_variants(const char *base, size_t n, char *v,
		  bool (*try)(const char *v, size_t n, void *arg), void *arg,
		  size_t *changes)
{
	size_t i, yes = 0;
	int c;

	*changes = 0;
	for (i = 0; i < n; i++) {
		for (c = 1; c < 256; c++) {
			if (c == (unsigned char)base[i])
				continue;
			memcpy(v, base, n + 1);
			v[i] = (char)c;
			yes += try(v, n, arg);
			(*changes)++;
		}
		memcpy(v, base, i);
		memcpy(v + i, base + i + 1, n - i);
		yes += try(v, n - 1, arg);
		for (c = 1; c < 256; c += 7) {
			memcpy(v, base, i);
			v[i] = (char)c;
			memcpy(v + i + 1, base + i, n - i + 1);
			yes += try(v, n + 1, arg);
		}
	}
	return yes;
}

#endif
