/*
 * mem.c - see mem.h.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/mem.h"

#ifdef DSS_TESTING
#include <malloc.h>

#include "sspi/testhook.h"

static void (*_Atomic on_free)(const void *p, size_t n, int secret);

void
dss_test_on_free(void (*fn)(const void *p, size_t n, int secret))
{
	atomic_store(&on_free, fn);
}

static void
notify_free(void *p, size_t n, int secret)
{
	void (*fn)(const void *, size_t, int) = atomic_load(&on_free);

	if (fn != NULL && p != NULL)
		fn(p, secret ? n : malloc_usable_size(p), secret);
}

void
dss_set_aside(void *p)
{
	notify_free(p, 0, 0);
}

static atomic_long fail_at;   /* 0: never; else fail when count reaches it */
static atomic_long alloc_count;

void
dss_test_fail_alloc(long n)
{
	atomic_store(&alloc_count, 0);
	atomic_store(&fail_at, n);
}

long
dss_test_alloc_count(void)
{
	return atomic_load(&alloc_count);
}

static int
should_fail(void)
{
	long n = atomic_fetch_add(&alloc_count, 1) + 1;
	long at = atomic_load(&fail_at);

	return at > 0 && n == at;
}
#else
#define should_fail() 0
#define notify_free(p, n, secret) ((void)0)
#endif

#if !defined(__GNUC__)
void
dss_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}
#endif

void *
dss_alloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n == 0 ? 1 : n);
}

void *
dss_calloc(size_t n)
{
	if (should_fail())
		return NULL;
	return calloc(1, n == 0 ? 1 : n);
}

void *
dss_calloc_lines(size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	n = (n + 63) & ~(size_t)63; /* aligned_alloc wants a multiple */
	p = aligned_alloc(64, n == 0 ? 64 : n);
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

void
dss_free_block(void *p)
{
	notify_free(p, 0, 0);
	free(p);
}

void
dss_free_secret(void *p, size_t n)
{
	if (p == NULL)
		return;
	dss_wipe(p, n);
	notify_free(p, n, 1);
	free(p);
}

char *
dss_memdup0(const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		return NULL;
	s = dss_alloc(n + 1);
	if (s == NULL)
		return NULL;
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Case-insensitive comparison, byte by byte. */
static bool
eq_ci_bytes(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		/* equal, or differing in bit 5 only and a letter */
		if (x != y && ((x ^ y) != 0x20 ||
			       (unsigned char)((x | 0x20) - 'a') > 'z' - 'a'))
			return false;
	}
	return true;
}

static uint64_t
load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

bool
dss_mem_eq_ci(const char *a, const char *b, size_t n)
{
	/*
	 * The usual case is the same bytes: compared with two (overlapping)
	 * loads of the first and last 4 or 8 bytes, within the n bytes.
	 */
	if (n >= 4 && n <= 8) {
		if (load32(a) == load32(b) &&
		    load32(a + n - 4) == load32(b + n - 4))
			return true;
	} else if (n >= 8 && n <= 16) {
		if (load64(a) == load64(b) &&
		    load64(a + n - 8) == load64(b + n - 8))
			return true;
	}
	return eq_ci_bytes(a, b, n);
}
