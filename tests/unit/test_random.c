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
#include <signal.h>
#include <stdbool.h>
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
 * A child ends with SIGKILL once it has written its answer: no exit
 * handler runs in it, and under make test-valgrind the leak report
 * memcheck prints for the test's copied state (cmocka's, the pool) does
 * not become the child's exit status.
 */
static void
child_end(int fd, const void *answer, size_t n)
{
	if (write(fd, answer, n) != (ssize_t)n)
		(void)0; /* the parent sees a short read */
	close(fd);
	raise(SIGKILL);
	_exit(1);
}

/* The child pid ended by child_end. */
static bool
child_ended(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGKILL;
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
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		return 10;
	pid = fork();
	if (pid < 0)
		return 11;
	if (pid == 0) {
		uint8_t v[16];

		close(fds[0]);
		if (!dss_random_public(v, sizeof(v)))
			child_end(fds[1], "", 0);
		child_end(fds[1], v, sizeof(v));
	}
	close(fds[1]);
	if (!dss_random_public(mine, sizeof(mine)))
		return 12;
	if (read(fds[0], theirs, sizeof(theirs)) != (ssize_t)sizeof(theirs))
		return 13;
	close(fds[0]);
	if (!child_ended(pid))
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
	unsigned char verdict = 99;
	int fds[2];
	pid_t pid;

	(void)state;
	assert_true(dss_random_public(v, sizeof(v)));
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t w[16];
		unsigned char r = 20;

		close(fds[0]);
		if (dss_random_public(w, sizeof(w)))
			r = (unsigned char)fork_and_compare();
		child_end(fds[1], &r, 1);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &verdict, 1), 1);
	close(fds[0]);
	assert_true(child_ended(pid));
	assert_int_equal(verdict, 0);
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
