/*
 * test_session.c - the HTTP server's session cache (src/sspi/session.c):
 * lookup by opaque, the bound, and which sessions eviction forgets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sspi/sspi_int.h"
#include "sspi/testhook.h"

#define NOW 1000
#define LATER 1000000 /* nothing expires in these tests */

static struct dss_span
opaque_of(const struct dss_session *s)
{
	return dss_span(s->opaque, s->opaque_len);
}

/* Open a session with a random opaque; keep its opaque in *name. */
static void
open_one(struct dss_session_cache *c, char name[48], size_t *len)
{
	struct dss_session *s =
		dss_session_open(c, dss_span(NULL, 0), NOW, LATER);

	assert_non_null(s);
	memcpy(name, s->opaque, s->opaque_len);
	*len = s->opaque_len;
	dss_session_unref(s);
}

static bool
present(struct dss_session_cache *c, const char *name, size_t len)
{
	struct dss_session *s = dss_session_find(c, dss_span(name, len), NOW);

	dss_session_unref(s);
	return s != NULL;
}

static void
test_find(void **state)
{
	struct dss_session_cache *c = dss_sessions_new(100);
	struct dss_session *s, *got;
	char other[32];

	(void)state;
	assert_non_null(c);
	s = dss_session_open(c, dss_span(NULL, 0), NOW, LATER);
	assert_non_null(s);
	assert_int_equal(s->opaque_len, 32);
	got = dss_session_find(c, opaque_of(s), NOW);
	assert_ptr_equal(got, s);
	dss_session_unref(got);
	/* one character off, a prefix, empty */
	memcpy(other, s->opaque, 32);
	other[31] ^= 1;
	assert_null(dss_session_find(c, dss_span(other, 32), NOW));
	assert_null(dss_session_find(c, dss_span(s->opaque, 31), NOW));
	assert_null(dss_session_find(c, dss_span(NULL, 0), NOW));
	assert_int_equal(dss_sessions_count(c), 1);
	dss_session_unref(s);
	dss_sessions_free(c);
}

/*
 * Full cache: every new session makes its part of the cache forget what
 * it can. A session found since the last such pass is given another
 * chance; one never found is forgotten at the first pass. With about
 * one session per part, the scan often reaches the front of the list,
 * where the sessions it gave their second chance went (it once met
 * them again there and forgot them).
 */
static void
test_recently_found_kept(void **state)
{
	enum { MAX = 16, ROUNDS = 3000 };
	struct dss_session_cache *c = dss_sessions_new(MAX);
	char kept[48], idle[48], name[48];
	size_t kept_len, idle_len, len;
	int i;

	(void)state;
	assert_non_null(c);
	open_one(c, kept, &kept_len);
	open_one(c, idle, &idle_len);
	for (i = 0; i < ROUNDS; i++) {
		/* found before every new session: never forgotten */
		assert_true(present(c, kept, kept_len));
		open_one(c, name, &len);
	}
	/* 16 parts: the chance that no new session fell in its part once
	   the cache was full is below (15/16)^2900, about 1e-81 */
	assert_false(present(c, idle, idle_len));
	/* forgetting is per part: the cache may run over its bound, never
	   to twice it */
	assert_true(dss_sessions_count(c) < 2 * MAX);
	dss_sessions_free(c);
}

/*
 * Beyond the bound, sessions are forgotten: the count stays near it
 * (each insertion forgets in its own part only, so it may pass it by a
 * few; a session found since the last scan of its part is kept, so
 * none is found here but the newest, at the end).
 */
static void
test_bound(void **state)
{
	enum { MAX = 640 };
	struct dss_session_cache *c = dss_sessions_new(MAX);
	char name[48];
	size_t len;
	int i;

	(void)state;
	assert_non_null(c);
	for (i = 0; i < 4 * MAX; i++) {
		open_one(c, name, &len);
		assert_true(dss_sessions_count(c) <= MAX + MAX / 8);
	}
	assert_true(present(c, name, len)); /* the newest stays */
	dss_sessions_free(c);
}

/*
 * A part's table doubles as its sessions outnumber its heads, and every
 * session is found after each doubling. A part that cannot get its first
 * table refuses the session, as when the session itself cannot be
 * allocated.
 */
#define GROW_N 3000

static char grow_name[GROW_N][48];
static size_t grow_len[GROW_N];

static struct dss_session *
open_failing(struct dss_session_cache *c, long fail_at)
{
	struct dss_session *s;

	dss_test_fail_alloc(fail_at);
	s = dss_session_open(c, dss_span(NULL, 0), NOW, LATER);
	dss_test_fail_alloc(0);
	return s;
}

static void
test_table_growth(void **state)
{
	struct dss_session_cache *c = dss_sessions_new(10000);
	struct dss_session *s;
	size_t i;

	(void)state;
	assert_non_null(c);
	assert_int_equal(dss_sessions_heads(c), 0); /* no table yet */
	/* allocation 1 is the session, 2 its part's first table */
	assert_null(open_failing(c, 2));
	assert_int_equal(dss_sessions_count(c), 0);
	for (i = 0; i < GROW_N; i++)
		open_one(c, grow_name[i], &grow_len[i]);
	assert_int_equal(dss_sessions_count(c), GROW_N);
	/* grown: no more sessions than heads in any part (about 190 each:
	   256 heads; 512 for a part that got more than 256) */
	assert_true(dss_sessions_heads(c) >= 16 * 256);
	assert_true(dss_sessions_heads(c) <= 16 * 512);
	for (i = 0; i < GROW_N; i++)
		assert_true(present(c, grow_name[i], grow_len[i]));
	/* discard every third: gone, the others stay */
	for (i = 0; i < GROW_N; i += 3) {
		s = dss_session_find(c, dss_span(grow_name[i], grow_len[i]),
				     NOW);
		assert_non_null(s);
		dss_session_discard(c, s);
		dss_session_unref(s);
	}
	assert_int_equal(dss_sessions_count(c), GROW_N - (GROW_N + 2) / 3);
	for (i = 0; i < GROW_N; i++)
		assert_true(present(c, grow_name[i], grow_len[i]) ==
			    (i % 3 != 0));
	dss_sessions_free(c);
}

/*
 * With every part's first table in place and no memory to grow them,
 * sessions still come in (in longer chains) and are all found.
 */
static void
test_table_no_growth(void **state)
{
	enum { N = 800 };
	struct dss_session_cache *c = dss_sessions_new(10000);
	struct dss_session *s;
	size_t i, n = 0, opened;

	(void)state;
	assert_non_null(c);
	while (dss_sessions_heads(c) < 16 * 16) {
		assert_true(n < GROW_N);
		open_one(c, grow_name[n], &grow_len[n]);
		n++;
	}
	assert_int_equal(dss_sessions_heads(c), 16 * 16);
	opened = n;
	for (i = 0; i < N; i++) {
		s = open_failing(c, 2); /* 2: the table's growth */
		assert_non_null(s);
		memcpy(grow_name[n], s->opaque, s->opaque_len);
		grow_len[n++] = s->opaque_len;
		dss_session_unref(s);
	}
	/* about 50 sessions a part, still on 16 heads each */
	assert_int_equal(dss_sessions_heads(c), 16 * 16);
	assert_int_equal(dss_sessions_count(c), opened + N);
	for (i = 0; i < n; i++)
		assert_true(present(c, grow_name[i], grow_len[i]));
	/* memory again: the next session's part doubles */
	open_one(c, grow_name[n], &grow_len[n]);
	assert_true(dss_sessions_heads(c) > 16 * 16);
	dss_sessions_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_recently_found_kept),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_table_growth),
		cmocka_unit_test(test_table_no_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
