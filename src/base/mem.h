/*
 * mem.h - allocation and wiping.
 *
 * Every allocation of the library goes through dss_alloc() so that the
 * test build can make any one of them fail (see sspi/testhook.h).
 * Memory that held a secret is released with dss_free_secret(), which
 * wipes it first.
 */
#ifndef DSS_BASE_MEM_H
#define DSS_BASE_MEM_H

#include <stddef.h>
#include <string.h>

#if defined(__GNUC__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
/*
 * Overwrite n bytes with zeros; never optimised away. This is what
 * glibc's explicit_bzero() does (memset, then a compiler barrier), here
 * inline: the empty asm may read any memory through p, so the stores
 * must all be made before it, and a wipe of a small object of known
 * size is a few stores, not two calls.
 */
static inline void
dss_wipe(void *p, size_t n)
{
	if (p == NULL || n == 0)
		return;
#if defined(__SSE2__)
	/*
	 * An object of at most 128 bytes, of a size known here (a digest,
	 * a hash state): 16-byte stores, the last one overlapping. (For
	 * such sizes the compiler's memset is often a rep stos, slow to
	 * start.)
	 */
	if (__builtin_constant_p(n) && n >= 16 && n <= 128) {
		unsigned char *c = p;
		const __m128i z = _mm_setzero_si128();

		/* straight stores (as a loop, it would become a memset) */
#define DSS_WIPE16(at)                                                  \
	if (n >= (at) + 16)                                             \
	_mm_storeu_si128((__m128i *)(void *)(c + (at)), z)
		DSS_WIPE16(0);
		DSS_WIPE16(16);
		DSS_WIPE16(32);
		DSS_WIPE16(48);
		DSS_WIPE16(64);
		DSS_WIPE16(80);
		DSS_WIPE16(96);
		DSS_WIPE16(112);
#undef DSS_WIPE16
		if (n % 16 != 0)
			_mm_storeu_si128((__m128i *)(void *)(c + n - 16), z);
		__asm__ __volatile__("" : : "r"(p) : "memory");
		return;
	}
#endif
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}
#else
/* Overwrite n bytes with zeros; never optimised away. */
void dss_wipe(void *p, size_t n);
#endif

/* malloc/calloc that may fail on purpose in the test build. */
void *dss_alloc(size_t n);
void *dss_calloc(size_t n);
void dss_free(void *p);

/* Wipe n bytes, then free. NULL is fine. */
void dss_free_secret(void *p, size_t n);

/* Copy n bytes into a new NUL-terminated string; NULL on failure. */
char *dss_memdup0(const void *p, size_t n);

#define DSS_WIPE(var) dss_wipe(&(var), sizeof(var))

#endif
