/*
 * lock.h - a mutex of one word, for the library's short sections.
 *
 * On Linux: 0 free, 1 held, 2 held and somebody may sleep on it (the
 * three-state futex mutex of Drepper's "Futexes Are Tricky"). Taking a
 * free lock is one compare-and-swap and giving it back one exchange; only
 * a lock somebody waits for enters the kernel. A pthread mutex does the
 * same atomics inside a call through the PLT, with its type and owner
 * checks around them: about 55 instructions a pair against 10 here, paid
 * several times by every request (docs/PERFORMANCE.md, session 12).
 *
 * Elsewhere it is a pthread mutex. Either way: dss_lock_init() before
 * use, dss_lock_fini() after (both a store or nothing on Linux); not
 * recursive.
 */
#ifndef DSS_BASE_LOCK_H
#define DSS_BASE_LOCK_H

#if defined(__linux__)
#include <stdatomic.h>

struct dss_lock {
	atomic_uint state;
};

void dss_lock_wait(struct dss_lock *l);
void dss_lock_wake(struct dss_lock *l);

static inline void
dss_lock_init(struct dss_lock *l)
{
	atomic_init(&l->state, 0);
}

static inline void
dss_lock_fini(struct dss_lock *l)
{
	(void)l;
}

static inline void
dss_lock_take(struct dss_lock *l)
{
	unsigned free_ = 0;

	if (!atomic_compare_exchange_strong_explicit(&l->state, &free_, 1,
						     memory_order_acquire,
						     memory_order_relaxed))
		dss_lock_wait(l);
}

static inline void
dss_lock_give(struct dss_lock *l)
{
	if (atomic_exchange_explicit(&l->state, 0, memory_order_release) == 2)
		dss_lock_wake(l);
}

#else
#include <pthread.h>

struct dss_lock {
	pthread_mutex_t m;
};

static inline void
dss_lock_init(struct dss_lock *l)
{
	pthread_mutex_init(&l->m, NULL);
}

static inline void
dss_lock_fini(struct dss_lock *l)
{
	pthread_mutex_destroy(&l->m);
}

static inline void
dss_lock_take(struct dss_lock *l)
{
	pthread_mutex_lock(&l->m);
}

static inline void
dss_lock_give(struct dss_lock *l)
{
	pthread_mutex_unlock(&l->m);
}
#endif

#endif
