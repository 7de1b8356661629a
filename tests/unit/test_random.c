/*
 * test_random.c - public random bytes from the per-thread pool
 * (src/crypto/random.c): values differ, every length and refill works,
 * and a forked child never hands out the bytes its parent hands out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypto/crypto.h"

#define DRAWS 1000

static int
cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/* 1000 draws of 16 bytes (62 pool fills) are all different. */
static void
test_public_distinct(void **state)
{
	static uint8_t v[DRAWS][16];
	size_t i;

	(void)state;
	for (i = 0; i < DRAWS; i++)
		assert_true(dss_random_public(v[i], 16));
	qsort(v, DRAWS, 16, cmp16);
	for (i = 1; i < DRAWS; i++)
		assert_int_not_equal(memcmp(v[i - 1], v[i], 16), 0);
}

/*
 * Every length from 1 to the largest, across refills, and beyond it
 * (straight from getrandom): the bytes are written, and not all zero
 * for 16 bytes or more (2^-128).
 */
static void
test_public_lengths(void **state)
{
	uint8_t buf[DSS_RANDOM_PUBLIC_MAX + 64], zero[sizeof(buf)] = { 0 };
	size_t n, round;

	(void)state;
	for (round = 0; round < 8; round++) {
		for (n = 1; n <= sizeof(buf); n++) {
			memset(buf, 0, sizeof(buf));
			assert_true(dss_random_public(buf, n));
			if (n >= 16)
				assert_int_not_equal(memcmp(buf, zero, n), 0);
			/* nothing past n */
			assert_memory_equal(buf + n, zero, sizeof(buf) - n);
		}
	}
}

/*
 * Forks; the child and this process each take 16 bytes. 0 when they
 * differ, else why not. No cmocka asserts: the fork tests call it in a
 * child too. (Without the fork handler both processes would take the
 * same bytes from the copied pool.)
 */
static int
fork_and_compare(void)
{
	uint8_t mine[16], theirs[16];
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0)
		return 10;
	pid = fork();
	if (pid < 0)
		return 11;
	if (pid == 0) {
		uint8_t v[16];
		int ok;

		close(fds[0]);
		ok = dss_random_public(v, sizeof(v)) &&
		     write(fds[1], v, sizeof(v)) == (ssize_t)sizeof(v);
		close(fds[1]);
		_exit(ok ? 0 : 1);
	}
	close(fds[1]);
	if (!dss_random_public(mine, sizeof(mine)))
		return 12;
	if (read(fds[0], theirs, sizeof(theirs)) != (ssize_t)sizeof(theirs))
		return 13;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return 14;
	return memcmp(mine, theirs, sizeof(mine)) != 0 ? 0 : 15;
}

/* A child forked with a full pool, three times, then a half-used one. */
static void
test_public_fork(void **state)
{
	uint8_t v[16];
	int i;

	(void)state;
	assert_true(dss_random_public(v, sizeof(v))); /* the pool is filled */
	for (i = 0; i < 3; i++)
		assert_int_equal(fork_and_compare(), 0);
	for (i = 0; i < DSS_RANDOM_POOL / 32; i++)
		assert_true(dss_random_public(v, sizeof(v)));
	assert_int_equal(fork_and_compare(), 0);
}

/* A grandchild: forked in a child that has used its own pool. */
static void
test_public_fork_twice(void **state)
{
	uint8_t v[16];
	int status;
	pid_t pid;

	(void)state;
	assert_true(dss_random_public(v, sizeof(v)));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t w[16];

		_exit(dss_random_public(w, sizeof(w)) ? fork_and_compare() :
							 20);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_distinct),
		cmocka_unit_test(test_public_lengths),
		cmocka_unit_test(test_public_fork),
		cmocka_unit_test(test_public_fork_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
