/*
 * lock.c - the slow paths of lock.h: waiting for a lock, and waking a
 * waiter.
 */
#include "base/lock.h"

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/*
 * A holder keeps the lock for a few hundred instructions: spin a little
 * first, while it may be running on another CPU. Then mark the lock as
 * waited for (2) and sleep until it is given back; whoever takes it that
 * way keeps the 2, so that its own give wakes the next sleeper.
 */
void
dss_lock_wait(struct dss_lock *l)
{
	unsigned spins, c;

	for (spins = 0; spins < 100; spins++) {
		c = 0;
		if (atomic_load_explicit(&l->state, memory_order_relaxed) ==
			    0 &&
		    atomic_compare_exchange_weak_explicit(
			    &l->state, &c, 1, memory_order_acquire,
			    memory_order_relaxed))
			return;
		CPU_RELAX();
	}
	while (atomic_exchange_explicit(&l->state, 2, memory_order_acquire) !=
	       0)
		syscall(SYS_futex, &l->state, FUTEX_WAIT_PRIVATE, 2, NULL,
			NULL, 0);
}

void
dss_lock_wake(struct dss_lock *l)
{
	syscall(SYS_futex, &l->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
#else
typedef int dss_lock_c_is_empty_here; /* ISO C: no empty unit */
#endif
