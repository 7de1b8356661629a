/*
 * random.c - see crypto.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/brlock.h"
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
 * The pool of public random bytes, one per thread, allocated on the
 * thread's first draw and freed when the thread ends (a pthread key).
 * Its bytes are used from the end; `left` counts the unused ones.
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
 * Only the pointer is thread-local, in initial-exec TLS like the
 * thread's group (base/brlock.h): a module with initial-exec TLS has its
 * whole TLS block in the static TLS area, of which a library loaded with
 * dlopen gets a few hundred bytes to share; the pool itself is not put
 * there.
 */
struct pool {
	unsigned generation; /* 0: never filled */
	unsigned left;
	uint8_t b[DSS_RANDOM_POOL];
};

_Static_assert(DSS_RANDOM_PUBLIC_MAX <= DSS_RANDOM_POOL,
	       "a draw must fit in a full pool");

static _Thread_local struct pool *my_pool DSS_TLS_IE;
static atomic_uint fork_generation = 1; /* 0: no pool in this process */
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static pthread_key_t pool_key;
static bool key_made; /* pool_key is ours to delete */

static void
forked_child(void)
{
	atomic_fetch_add_explicit(&fork_generation, 1, memory_order_relaxed);
}

static void
pool_free(void *p)
{
	free(p);
}

static void
setup(void)
{
	/* Without the handler or the key, draws go straight to getrandom. */
	if (pthread_key_create(&pool_key, pool_free) != 0) {
		atomic_store(&fork_generation, 0);
		return;
	}
	key_made = true;
	if (pthread_atfork(NULL, NULL, forked_child) != 0)
		atomic_store(&fork_generation, 0);
}

/*
 * The process ends or the library is unloaded: the calling thread's pool
 * goes (exit() runs no key destructor for it), and no thread's exit may
 * call pool_free any more.
 */
__attribute__((destructor)) static void
teardown(void)
{
	free(my_pool);
	my_pool = NULL;
	/* (never made when nothing was drawn: key 0 may be another's) */
	if (key_made)
		pthread_key_delete(pool_key);
}

/* This thread's pool, made on its first use; NULL when there is none. */
static struct pool *
thread_pool(void)
{
	struct pool *p = my_pool;

	pthread_once(&setup_once, setup);
	if (p != NULL || atomic_load(&fork_generation) == 0)
		return p;
	/*
	 * Plain malloc, outside the allocation-failure hook of the test
	 * build (base/mem.h): without a pool the draw still succeeds, so
	 * its failure is not one a caller sees.
	 */
	p = malloc(sizeof(*p));
	if (p == NULL)
		return NULL;
	if (pthread_setspecific(pool_key, p) != 0) {
		free(p);
		return NULL;
	}
	p->generation = 0;
	p->left = 0;
	my_pool = p;
	return p;
}

bool
dss_random_public(void *out, size_t n)
{
	struct pool *p = my_pool;
	unsigned g = atomic_load_explicit(&fork_generation,
					  memory_order_relaxed);

	if (n > DSS_RANDOM_PUBLIC_MAX)
		return dss_random(out, n);
	if (p == NULL || p->generation != g || p->left < n) {
		p = thread_pool();
		g = atomic_load_explicit(&fork_generation,
					 memory_order_relaxed);
		if (p == NULL || g == 0)
			return dss_random(out, n);
		p->left = 0;
		if (!dss_random(p->b, sizeof(p->b)))
			return false;
		p->generation = g;
		p->left = sizeof(p->b);
	}
	p->left -= (unsigned)n;
	memcpy(out, p->b + p->left, n);
	return true;
}
