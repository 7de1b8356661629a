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
	if (p != NULL && n > 0) {
		memset(p, 0, n);
		__asm__ __volatile__("" : : "r"(p) : "memory");
	}
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
