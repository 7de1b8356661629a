/*
 * random.c - see crypto.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/random.h>

#include "crypto/crypto.h"

bool
dss_random(void *out, size_t n)
{
	unsigned char *p = out;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += r;
		n -= (size_t)r;
	}
	return true;
}

/*
 * The pool of public random bytes, one per thread. Its bytes are used
 * from the end; `left` counts the unused ones.
 *
 * A forked child starts with a copy of the forking thread's pool, and
 * must not hand out the bytes its parent will hand out next (the same
 * cnonces and nonces in two processes). So each fill records the fork
 * generation, which a pthread_atfork child handler moves on: a pool of
 * an older generation counts as empty. The handler is registered before
 * the first fill, and a fork before that has no pool to copy. (A child
 * made with the raw clone system call runs no handler; such a child
 * must not call into the library.)
 *
 * The default TLS model: 264 bytes of initial-exec TLS could keep the
 * library from being loaded with dlopen.
 */
static _Thread_local struct {
	unsigned generation; /* 0: never filled */
	unsigned left;
	uint8_t b[DSS_RANDOM_POOL];
} pool;

static atomic_uint fork_generation = 1;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void
forked_child(void)
{
	atomic_fetch_add_explicit(&fork_generation, 1, memory_order_relaxed);
}

static void
register_atfork(void)
{
	/* On failure the pool is not used: see dss_random_public. */
	if (pthread_atfork(NULL, NULL, forked_child) != 0)
		atomic_store(&fork_generation, 0);
}

bool
dss_random_public(void *out, size_t n)
{
	unsigned g = atomic_load_explicit(&fork_generation,
					  memory_order_relaxed);

	if (n > DSS_RANDOM_PUBLIC_MAX)
		return dss_random(out, n);
	if (pool.generation != g || pool.left < n) {
		pthread_once(&atfork_once, register_atfork);
		g = atomic_load_explicit(&fork_generation,
					 memory_order_relaxed);
		if (g == 0)
			return dss_random(out, n); /* no fork handler */
		pool.left = 0;
		if (!dss_random(pool.b, sizeof(pool.b)))
			return false;
		pool.generation = g;
		pool.left = sizeof(pool.b);
	}
	pool.left -= (unsigned)n;
	memcpy(out, pool.b + pool.left, n);
	return true;
}
