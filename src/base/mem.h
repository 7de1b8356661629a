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

/* Overwrite n bytes with zeros; never optimised away. */
void dss_wipe(void *p, size_t n);

/* malloc/calloc that may fail on purpose in the test build. */
void *dss_alloc(size_t n);
void *dss_calloc(size_t n);
/* calloc aligned to a 64-byte cache line; freed with dss_free. */
void *dss_calloc_lines(size_t n);
void dss_free(void *p);

/* Wipe n bytes, then free. NULL is fine. */
void dss_free_secret(void *p, size_t n);

/* Copy n bytes into a new NUL-terminated string; NULL on failure. */
char *dss_memdup0(const void *p, size_t n);

#define DSS_WIPE(var) dss_wipe(&(var), sizeof(var))

#endif
