/*
 * brlock.c - the slow paths of brlock.h and the threads' groups.
 */
#include <sched.h>

#include "base/brlock.h"

_Thread_local unsigned dss_thread_group_id DSS_TLS_IE;
static atomic_uint next_group;

unsigned
dss_thread_group_choose(void)
{
	dss_thread_group_id = 1 + atomic_fetch_add_explicit(
					  &next_group, 1, memory_order_relaxed) %
					  (DSS_BR_GROUPS - 1);
	return dss_thread_group_id;
}

/*
 * Until *flag is false. Whoever holds it does a few loads and stores:
 * spin a little, then give the CPU away (it may have been preempted).
 */
void
dss_br_wait_while(atomic_bool *flag)
{
	unsigned spins;

	for (spins = 0; atomic_load_explicit(flag, memory_order_relaxed);
	     spins++)
		if (spins >= 64)
			sched_yield();
}

void
dss_br_write_enter(struct dss_brlock *l)
{
	unsigned m, spins;

	while (atomic_exchange(&l->writing, true))
		dss_br_wait_while(&l->writing);
	/* only the groups that ever read here: often just one */
	for (m = atomic_load(&l->seen); m != 0; m &= m - 1) {
		atomic_uint_least64_t *n = &l->readers[__builtin_ctz(m)].n;

		for (spins = 0; atomic_load(n) != 0; spins++)
			if (spins >= 64)
				sched_yield();
	}
}
