/*
 * brlock.h - a reader-writer lock whose readers write no shared line.
 *
 * A reader counts itself in the cache line of its thread group, then
 * checks that no writer is in; a writer takes `writing`, then waits until
 * the count of every group that has ever read under this lock is zero.
 * Both sides use sequentially consistent operations, so one of them
 * always sees the other (the store-then-load of Dekker's mutual
 * exclusion). Readers of one lock on different cores then share only
 * lines nobody writes, where a pthread rwlock has every reader write its
 * one reader count.
 *
 * For short sections that never block: both sides spin, then yield.
 * A thread must not take a lock it already holds, on either side.
 */
#ifndef DSS_BASE_BRLOCK_H
#define DSS_BASE_BRLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define DSS_BR_GROUPS 16
#define DSS_BR_LINE 64 /* a group's share of memory: one cache line */

struct dss_br_group {
	_Alignas(DSS_BR_LINE) atomic_uint_least64_t n;
};
_Static_assert(sizeof(struct dss_br_group) == DSS_BR_LINE,
	       "arrays of groups are laid out by DSS_BR_LINE (sspi/handle.c)");

/* All zero is an unlocked lock. 64-byte aligned: allocate with
 * dss_calloc_lines() when it is inside an allocated struct. */
struct dss_brlock {
	_Alignas(64) atomic_bool writing;
	atomic_uint seen; /* bit g: group g has read here (never cleared) */
	struct dss_br_group readers[DSS_BR_GROUPS];
};

/*
 * initial-exec: read at a fixed offset from the thread pointer, where the
 * default model for a shared library calls __tls_get_addr on every use.
 * The library's thread-locals (this, the random pool's pointer in
 * crypto/random.c and the spare context block in sspi/context.c) take
 * about 40 bytes of the static TLS that glibc keeps for libraries, also
 * when the library is loaded by dlopen.
 */
#if defined(__GNUC__)
#define DSS_TLS_IE __attribute__((tls_model("initial-exec")))
#else
#define DSS_TLS_IE
#endif
extern _Thread_local unsigned dss_thread_group_id DSS_TLS_IE; /* 0: none */

unsigned dss_thread_group_choose(void);

/* This thread's group, 1 .. DSS_BR_GROUPS - 1 (chosen on first use). */
static inline unsigned
dss_thread_group(void)
{
	unsigned g = dss_thread_group_id;

	return g != 0 ? g : dss_thread_group_choose();
}

void dss_br_wait_while(atomic_bool *flag);

static inline void
dss_br_read_enter(struct dss_brlock *l, unsigned g)
{
	/*
	 * Acquire: when another thread of the group set the bit, its
	 * setting comes before our count in the order writers see.
	 */
	if (!(atomic_load_explicit(&l->seen, memory_order_acquire) & 1u << g))
		atomic_fetch_or(&l->seen, 1u << g);
	for (;;) {
		atomic_fetch_add(&l->readers[g].n, 1);
		if (!atomic_load(&l->writing))
			return;
		atomic_fetch_sub_explicit(&l->readers[g].n, 1,
					  memory_order_release);
		dss_br_wait_while(&l->writing);
	}
}

static inline void
dss_br_read_exit(struct dss_brlock *l, unsigned g)
{
	atomic_fetch_sub_explicit(&l->readers[g].n, 1, memory_order_release);
}

void dss_br_write_enter(struct dss_brlock *l);

static inline void
dss_br_write_exit(struct dss_brlock *l)
{
	atomic_store_explicit(&l->writing, false, memory_order_release);
}

#endif
