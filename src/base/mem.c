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

void
dss_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}

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

void
dss_free(void *p)
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

bool
dss_span_eq_ci(struct dss_span s, const char *lit)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		if (lit[i] == '\0')
			return false;
		if (dss_ascii_lower((unsigned char)s.p[i]) !=
		    dss_ascii_lower((unsigned char)lit[i]))
			return false;
	}
	return lit[i] == '\0';
}

bool
dss_span_eq(struct dss_span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}
