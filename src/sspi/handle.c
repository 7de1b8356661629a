/*
 * handle.c - handles are typed, checked tickets, never pointers.
 *
 *   dwLower = id    = serial << SLOT_BITS | slot   (serial never reused)
 *   dwUpper = check = kind tag ^ mix(id ^ process secret)
 *
 * A handle whose check word is wrong for the expected kind is rejected
 * before the table is even looked at; the table is an array indexed by
 * the slot bits, so a lookup is O(1) and a garbage handle touches
 * nothing but our own array. Because serials only grow, a handle that was
 * issued and later deleted is recognised (DeleteSecurityContext answers
 * SEC_E_OK for it).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/brlock.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"

#define SLOT_BITS 20u
#define SLOT_MASK ((1u << SLOT_BITS) - 1u)
#define SHARD_BITS 4u
#define NSHARDS (1u << SHARD_BITS)
#define SHARD_MAX (1u << (SLOT_BITS - SHARD_BITS)) /* slots per shard */
#define CRED_SHARD 0u /* where credentials go first */

_Static_assert(DSS_BR_GROUPS == NSHARDS,
	       "a thread's group is its home");

struct entry {
	uint64_t id; /* 0: free */
	struct dss_obj *obj;
};

/*
 * The table is NSHARDS independent tables: slot = index << SHARD_BITS |
 * shard. Each thread has a home shard (never CRED_SHARD) where it
 * publishes its contexts, so threads working on their own contexts do
 * not share a lock or a cache line here. Credentials go to CRED_SHARD,
 * which sees a write only when one is acquired or freed: the lookups of
 * a credential that every thread shares then only read its lines.
 *
 * Each shard's lock is a dss_brlock (base/brlock.h): a lookup writes
 * only its thread group's line of it. A thread's home shard is its
 * group.
 *
 * Serials are counted per shard: an id never repeats, because the slot
 * names the shard.
 */
struct shard {
	struct dss_brlock lock; /* its readers: thread groups */
	struct entry *e;
	uint32_t *free_slots;
	uint32_t cap, used, nfree;
	uint64_t serial;
};

static struct shard shards[NSHARDS];
/* relaxed: a lookup may race with the first publish (check_word) */
static _Atomic uint64_t secret;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static atomic_bool init_done; /* what init_table wrote can be read */

static void
init_table(void)
{
	uint64_t s;
	unsigned i;

	if (!dss_random(&s, sizeof(s)))
		s = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid();
	atomic_store_explicit(&secret, s | 1u, memory_order_relaxed);
	for (i = 0; i < NSHARDS; i++)
		shards[i].serial = 1;
	atomic_store_explicit(&init_done, true, memory_order_release);
}

static inline void
init(void)
{
	if (!atomic_load_explicit(&init_done, memory_order_acquire))
		pthread_once(&init_once, init_table);
}

/*
 * A cheap keyed scramble, not a MAC: one odd multiply and a shift (a
 * handle changed in any bit of its id gets another check word). It
 * keeps garbage and stale words out, not a caller who wants in: one
 * handle seen gives the secret away whatever the mix, and any caller
 * can corrupt its own process anyway.
 */
static uint64_t
mix(uint64_t x)
{
	x *= 0x9E3779B97F4A7C15u;
	return x ^ x >> 29;
}

/*
 * Only publishing needs the secret set (init()): before the first handle
 * is published every table is empty, so a lookup fails whatever the word
 * it checks; after, the caller got its handle from the thread that
 * published it, and with it what that thread wrote.
 */
static uintptr_t
check_word(enum dss_kind kind, uint64_t id)
{
	static const uint64_t tags[] = {
		[DSS_KIND_CRED] = 0x4352454448414E44u, /* "CREDHAND" */
		[DSS_KIND_CTX] = 0x4354585448414E44u,  /* "CTXTHAND" */
	};

	return (uintptr_t)(tags[kind] ^
			   mix(id ^ atomic_load_explicit(&secret,
							 memory_order_relaxed)));
}

/*
 * Distributed reference counts. While an object is published, a
 * reference is taken and dropped in the group word of the thread that
 * does it (another thread may drop it: only the sum means anything).
 * A group word holds RC_ZERO plus its share, so it never reaches 0 or
 * RC_DEAD. Unpublishing closes every group word by setting RC_DEAD (one
 * atomic operation each, which returns the share it closes) and adds the
 * shares to `refs`; a reference taken or dropped on a closed word goes
 * to `refs` instead. Until the shares are in, `refs` carries RC_BIAS so
 * that drops of references the groups still count cannot take it to
 * zero early. Before the object is published its words are closed.
 */
#define RC_DEAD ((uint64_t)1 << 63)
#define RC_ZERO ((uint64_t)1 << 61)
#define RC_BIAS ((int_least64_t)1 << 40)

void
dss_obj_init(struct dss_obj *o, enum dss_kind kind,
	     void (*destroy)(struct dss_obj *o))
{
	atomic_init(&o->refs, 1);
	o->kind = kind;
	o->destroy = destroy;
	o->groups = NULL;
}

void
dss_obj_distribute(struct dss_obj *o, unsigned char *space)
{
	uintptr_t a = ((uintptr_t)space + DSS_BR_LINE - 1) &
		      ~(uintptr_t)(DSS_BR_LINE - 1);
	unsigned g;

	o->groups = (struct dss_br_group *)a;
	for (g = 0; g < DSS_BR_GROUPS; g++)
		atomic_init(&o->groups[g].n, RC_DEAD | RC_ZERO);
}

/* Open the group words (write side of the shard held, o not yet seen). */
static void
rc_open(struct dss_obj *o)
{
	unsigned g;

	for (g = 0; g < DSS_BR_GROUPS; g++)
		atomic_store_explicit(&o->groups[g].n, RC_ZERO,
				      memory_order_relaxed);
}

/* Close the group words and move their shares to o->refs. */
static void
rc_close(struct dss_obj *o)
{
	int_least64_t sum = 0;
	unsigned g;

	atomic_fetch_add_explicit(&o->refs, RC_BIAS, memory_order_relaxed);
	for (g = 0; g < DSS_BR_GROUPS; g++) {
		uint64_t w = atomic_fetch_or_explicit(&o->groups[g].n, RC_DEAD,
						      memory_order_acq_rel);

		sum += (int_least64_t)(w - RC_ZERO);
	}
	/* the caller still holds the table's reference: never zero here */
	atomic_fetch_add_explicit(&o->refs, sum - RC_BIAS,
				  memory_order_acq_rel);
}

void
dss_obj_ref(struct dss_obj *o)
{
	if (o->groups != NULL &&
	    !(atomic_fetch_add_explicit(&o->groups[dss_thread_group()].n, 1,
					memory_order_relaxed) &
	      RC_DEAD))
		return;
	atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
}

void
dss_obj_unref(struct dss_obj *o)
{
	if (o == NULL)
		return;
	if (o->groups != NULL &&
	    !(atomic_fetch_sub_explicit(&o->groups[dss_thread_group()].n, 1,
					memory_order_release) &
	      RC_DEAD))
		return; /* open: the table still holds a reference */
	if (atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) == 1)
		o->destroy(o);
}

/* Room for more slots in shard t, not full (write lock held). */
static bool
grow(struct shard *t)
{
	uint32_t ncap = t->cap ? t->cap * 2 : 64;
	struct entry *e;
	uint32_t *f;

	if (ncap > SHARD_MAX)
		ncap = SHARD_MAX;
	e = dss_calloc((size_t)ncap * sizeof(*e));
	f = dss_alloc((size_t)ncap * sizeof(*f));
	if (e == NULL || f == NULL) {
		dss_free(e);
		dss_free(f);
		return false;
	}
	if (t->cap > 0) {
		memcpy(e, t->e, (size_t)t->cap * sizeof(*e));
		memcpy(f, t->free_slots, (size_t)t->nfree * sizeof(*f));
	}
	dss_free(t->e);
	dss_free(t->free_slots);
	t->e = e;
	t->free_slots = f;
	t->cap = ncap;
	return true;
}

/*
 * Put o in shard k, with a reference of its own unless `given`.
 * SEC_E_OK; SEC_E_INSUFFICIENT_MEMORY when it cannot grow;
 * SEC_E_BUFFER_TOO_SMALL when it holds SHARD_MAX handles.
 */
static SECURITY_STATUS
publish_in(unsigned k, struct dss_obj *o, bool given, uint64_t *id)
{
	struct shard *t = &shards[k];
	uint32_t i;

	dss_br_write_enter(&t->lock);
	if (t->nfree > 0) {
		i = t->free_slots[--t->nfree];
	} else {
		if (t->used == t->cap &&
		    (t->cap == SHARD_MAX || !grow(t))) {
			dss_br_write_exit(&t->lock);
			return t->cap == SHARD_MAX ? SEC_E_BUFFER_TOO_SMALL :
						     SEC_E_INSUFFICIENT_MEMORY;
		}
		i = t->used++;
	}
	*id = t->serial++ << SLOT_BITS | (uint64_t)i << SHARD_BITS | k;
	t->e[i].id = *id;
	t->e[i].obj = o;
	if (o->groups != NULL)
		rc_open(o);
	if (!given)
		dss_obj_ref(o);
	dss_br_write_exit(&t->lock);
	return SEC_E_OK;
}

static SECURITY_STATUS
handle_publish(struct dss_obj *o, bool given, SecHandle *out)
{
	SECURITY_STATUS st = SEC_E_INSUFFICIENT_MEMORY;
	unsigned first, k;
	uint64_t id;

	init();
	first = o->kind == DSS_KIND_CRED ? CRED_SHARD : dss_thread_group();
	/* the first choice, else the next ones: 2^20 handles in all */
	for (k = 0; k < NSHARDS; k++) {
		st = publish_in((first + k) % NSHARDS, o, given, &id);
		if (st != SEC_E_BUFFER_TOO_SMALL)
			break;
	}
	if (st != SEC_E_OK)
		return SEC_E_INSUFFICIENT_MEMORY;
	out->dwLower = (uintptr_t)id;
	out->dwUpper = check_word(o->kind, id);
	return SEC_E_OK;
}

SECURITY_STATUS
dss_handle_publish(struct dss_obj *o, SecHandle *out)
{
	return handle_publish(o, false, out);
}

SECURITY_STATUS
dss_handle_publish_given(struct dss_obj *o, SecHandle *out)
{
	return handle_publish(o, true, out);
}

struct dss_obj *
dss_handle_ref(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o = NULL;
	struct shard *t;
	unsigned g;
	uint64_t id;
	uint32_t i;

	if (h == NULL)
		return NULL;
	id = h->dwLower;
	if (id == 0 || h->dwUpper != check_word(kind, id))
		return NULL;
	t = &shards[id & (NSHARDS - 1)];
	i = (uint32_t)(id & SLOT_MASK) >> SHARD_BITS;
	g = dss_thread_group();
	dss_br_read_enter(&t->lock, g);
	if (i < t->used && t->e[i].id == id && t->e[i].obj->kind == kind) {
		o = t->e[i].obj;
		dss_obj_ref(o);
	}
	dss_br_read_exit(&t->lock, g);
	return o;
}

enum dss_unpublish
dss_handle_unpublish(const SecHandle *h, enum dss_kind kind,
		     struct dss_obj **out)
{
	enum dss_unpublish r = DSS_NOT_OURS;
	struct shard *t;
	uint64_t id;
	uint32_t i;

	*out = NULL;
	if (h == NULL)
		return DSS_NOT_OURS;
	id = h->dwLower;
	if (id == 0 || h->dwUpper != check_word(kind, id))
		return DSS_NOT_OURS;
	t = &shards[id & (NSHARDS - 1)];
	i = (uint32_t)(id & SLOT_MASK) >> SHARD_BITS;
	dss_br_write_enter(&t->lock);
	if (i < t->used && t->e[i].id == id && t->e[i].obj->kind == kind) {
		*out = t->e[i].obj;
		t->e[i].id = 0;
		t->e[i].obj = NULL;
		t->free_slots[t->nfree++] = i;
		r = DSS_UNPUBLISHED;
	} else if ((id >> SLOT_BITS) < t->serial) {
		r = DSS_ALREADY_GONE;
	}
	dss_br_write_exit(&t->lock);
	/*
	 * No lookup can find it now, and none is half-way (the write side
	 * waited for them): its count can be gathered.
	 */
	if (*out != NULL && (*out)->groups != NULL)
		rc_close(*out);
	return r;
}

void
dss_handle_withdraw(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o;

	if (dss_handle_unpublish(h, kind, &o) == DSS_UNPUBLISHED)
		dss_obj_unref(o);
}
