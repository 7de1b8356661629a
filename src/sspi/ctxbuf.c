/*
 * ctxbuf.c - memory the package hands to the caller, released by
 * FreeContextBuffer.
 *
 * Every block is recorded in a hash set keyed by its address, so that
 * FreeContextBuffer can refuse a pointer we never handed out without
 * reading a single byte through it. Blocks are zeroed before free: they
 * may hold tokens or session keys.
 */
#include <pthread.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf.h"
#include "sspi/sspi_int.h"

struct rec {
	void *p; /* NULL: empty, TOMB: deleted */
	size_t n;
};

static char tomb_byte;
#define TOMB ((void *)&tomb_byte)

static struct {
	pthread_mutex_t lock;
	struct rec *r;
	size_t cap, live, filled; /* filled = live + tombstones */
} set = { .lock = PTHREAD_MUTEX_INITIALIZER };

static size_t
hash_ptr(const void *p, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xFF51AFD7ED558CCDu;
	x ^= x >> 33;
	return (size_t)x & (cap - 1);
}

/* Rebuild into a table of `ncap` entries (power of two). */
static bool
rehash(size_t ncap)
{
	struct rec *r = dss_calloc(ncap * sizeof(*r));
	size_t i;

	if (r == NULL)
		return false;
	for (i = 0; i < set.cap; i++) {
		size_t j;

		if (set.r[i].p == NULL || set.r[i].p == TOMB)
			continue;
		j = hash_ptr(set.r[i].p, ncap);
		while (r[j].p != NULL)
			j = (j + 1) & (ncap - 1);
		r[j] = set.r[i];
	}
	dss_free(set.r);
	set.r = r;
	set.cap = ncap;
	set.filled = set.live;
	return true;
}

void *
dss_ctxbuf_alloc(size_t n)
{
	void *p = dss_calloc(n);
	size_t j;

	if (p == NULL)
		return NULL;
	pthread_mutex_lock(&set.lock);
	if ((set.filled + 1) * 2 > set.cap) {
		size_t ncap = set.cap ? set.cap : 64;

		while ((set.live + 1) * 4 > ncap)
			ncap *= 2;
		if (!rehash(ncap)) {
			pthread_mutex_unlock(&set.lock);
			dss_free(p);
			return NULL;
		}
	}
	j = hash_ptr(p, set.cap);
	while (set.r[j].p != NULL && set.r[j].p != TOMB)
		j = (j + 1) & (set.cap - 1);
	if (set.r[j].p == NULL)
		set.filled++;
	set.r[j].p = p;
	set.r[j].n = n;
	set.live++;
	pthread_mutex_unlock(&set.lock);
	return p;
}

SECURITY_STATUS
dss_ctxbuf_free(void *p)
{
	size_t j, n = 0;
	bool found = false;

	if (p == NULL)
		return SEC_E_OK;
	pthread_mutex_lock(&set.lock);
	if (set.cap > 0) {
		j = hash_ptr(p, set.cap);
		while (set.r[j].p != NULL) {
			if (set.r[j].p == p) {
				n = set.r[j].n;
				set.r[j].p = TOMB;
				set.live--;
				found = true;
				break;
			}
			j = (j + 1) & (set.cap - 1);
		}
	}
	pthread_mutex_unlock(&set.lock);
	if (!found)
		return SEC_E_INVALID_HANDLE;
	dss_free_secret(p, n);
	return SEC_E_OK;
}

void *
dss_ctxbuf_strdup(const char *s, size_t n, bool wide)
{
	if (wide) {
		size_t units = dss_utf8_to_utf16(NULL, 0, s, n);
		uint16_t *w;

		if (units == SIZE_MAX)
			return NULL;
		w = dss_ctxbuf_alloc((units + 1) * sizeof(*w));
		if (w != NULL)
			dss_utf8_to_utf16(w, units, s, n);
		return w;
	} else {
		char *c = dss_ctxbuf_alloc(n + 1);

		if (c != NULL && n > 0)
			memcpy(c, s, n);
		return c;
	}
}
