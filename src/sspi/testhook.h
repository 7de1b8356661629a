/*
 * Test hooks. Compiled only into the digestssp_testing library (DSS_TESTING),
 * never into the shipped libdigestssp.so / libdigestssp.a.
 *
 * Tests link digestssp_testing and include this header to make the
 * library deterministic: a fixed client nonce, a fixed clock, and an
 * allocation that fails on purpose.
 */
#ifndef DSS_SSPI_TESTHOOK_H
#define DSS_SSPI_TESTHOOK_H

#include <stddef.h>
#include <stdint.h>

#ifdef DSS_TESTING
/*
 * Every cnonce generated from now on is exactly `cnonce` (copied).
 * NULL goes back to random cnonces.
 */
void dss_test_set_cnonce(const char *cnonce);

/*
 * The next challenges of any HTTP server credential carry exactly this
 * nonce (at most 128 bytes) and, when not NULL, this opaque; a response
 * with that nonce counts as fresh. NULL goes back to real nonces. Lets
 * captured responses of other servers be checked.
 */
void dss_test_set_server_nonce(const char *nonce, const char *opaque);

/* Unix time the library sees; 0 goes back to the real clock. */
void dss_test_set_time(int64_t unix_seconds);

/*
 * Make the n-th allocation from now on fail (1 = the next one);
 * 0 turns failures off. dss_test_alloc_count() tells how many
 * allocations the library made since the last call with 0.
 */
void dss_test_fail_alloc(long n);
long dss_test_alloc_count(void);

/*
 * Called for every block the library frees: by dss_free_secret() after
 * wiping (secret = 1, n = the size it was told), by dss_free() before
 * freeing (secret = 0, n = malloc_usable_size()). Lets a test check that
 * no secret leaves the library in freed memory. NULL turns it off.
 */
void dss_test_on_free(void (*fn)(const void *p, size_t n, int secret));
#endif

#endif
