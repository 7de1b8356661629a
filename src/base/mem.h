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

/*
 * memset(p, 0, n). When n is known here and from 16 to 512 bytes (a
 * digest, a hash state, a parse result, a context), as straight 16-byte
 * stores, the last one overlapping: for such sizes the compiler's memset
 * is often a rep stos, slow to start. (Written as a loop, the compiler
 * would turn it back into a memset.)
 */
static inline void
dss_zero(void *p, size_t n)
{
#if defined(__GNUC__) && defined(__SSE2__)
	if (__builtin_constant_p(n) && n >= 16 && n <= 512) {
		unsigned char *c = p;
		const __m128i z = _mm_setzero_si128();

#define DSS_ZERO16(at)                                                  \
	if (n >= (at) + 16)                                             \
	_mm_storeu_si128((__m128i *)(void *)(c + (at)), z)
#define DSS_ZERO64(at)                                                  \
	DSS_ZERO16(at);                                                 \
	DSS_ZERO16((at) + 16);                                          \
	DSS_ZERO16((at) + 32);                                          \
	DSS_ZERO16((at) + 48)
		DSS_ZERO64(0);
		DSS_ZERO64(64);
		DSS_ZERO64(128);
		DSS_ZERO64(192);
		DSS_ZERO64(256);
		DSS_ZERO64(320);
		DSS_ZERO64(384);
		DSS_ZERO64(448);
#undef DSS_ZERO64
#undef DSS_ZERO16
		if (n % 16 != 0)
			_mm_storeu_si128((__m128i *)(void *)(c + n - 16), z);
		return;
	}
#endif
	memset(p, 0, n);
}

#if defined(__GNUC__)
/*
 * Overwrite n bytes with zeros; never optimised away. This is what
 * glibc's explicit_bzero() does (memset, then a compiler barrier), here
 * inline (dss_zero): the empty asm may read any memory through p, so the
 * stores must all be made before it, and a wipe of a small object of
 * known size is a few stores, not two calls.
 */
static inline void
dss_wipe(void *p, size_t n)
{
	if (p == NULL || n == 0)
		return;
	dss_zero(p, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}
#else
/* Overwrite n bytes with zeros; never optimised away. */
void dss_wipe(void *p, size_t n);
#endif

/* malloc/calloc that may fail on purpose in the test build. */
void *dss_alloc(size_t n);
void *dss_calloc(size_t n);
/* calloc aligned to a 64-byte cache line; freed with dss_free. */
void *dss_calloc_lines(size_t n);
void dss_free_block(void *p);
/* free(); NULL is nothing, decided here (several calls per request) */
static inline void
dss_free(void *p)
{
	if (p != NULL)
		dss_free_block(p);
}
/*
 * p, from dss_alloc(), is set aside for reuse instead of freed: the test
 * build reports it as a dss_free() (dss_test_on_free), the others do
 * nothing.
 */
#ifdef DSS_TESTING
void dss_set_aside(void *p);
#else
#define dss_set_aside(p) ((void)(p))
#endif

/* Wipe n bytes, then free. NULL is fine. */
void dss_free_secret(void *p, size_t n);

/* Copy n bytes into a new NUL-terminated string; NULL on failure. */
char *dss_memdup0(const void *p, size_t n);

#define DSS_WIPE(var) dss_wipe(&(var), sizeof(var))

#endif
