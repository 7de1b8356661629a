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

#include "base/mem.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"

#define SLOT_BITS 20u
#define SLOT_MASK ((1u << SLOT_BITS) - 1u)
#define SHARD_BITS 4u
#define NSHARDS (1u << SHARD_BITS)
#define SHARD_MAX (1u << (SLOT_BITS - SHARD_BITS)) /* slots per shard */

struct entry {
	uint64_t id; /* 0: free */
	struct dss_obj *obj;
};

/*
 * The table is NSHARDS independent tables: slot = index << SHARD_BITS |
 * shard. A thread publishes into its own home shard (another when that
 * one is full), so threads working on their own contexts never share a
 * lock or a cache line here; a lookup takes its shard's lock for
 * reading only, so threads resolving the same handle (a credential)
 * never wait for each other either. Serials are counted per shard: an
 * id still never repeats, because the slot names the shard.
 */
struct shard {
	_Alignas(64) pthread_rwlock_t lock;
	struct entry *e;
	uint32_t *free_slots;
	uint32_t cap, used, nfree;
	uint64_t serial;
};

static struct shard shards[NSHARDS];
static uint64_t secret;
static atomic_uint next_home;
static _Thread_local unsigned home = NSHARDS; /* NSHARDS: not chosen yet */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init_table(void)
{
	uint64_t s;
	unsigned i;

	if (!dss_random(&s, sizeof(s)))
		s = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid();
	secret = s | 1u;
	for (i = 0; i < NSHARDS; i++) {
		pthread_rwlock_init(&shards[i].lock, NULL);
		shards[i].serial = 1;
	}
}

/* splitmix64 finaliser: a cheap keyed scramble, not a MAC. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9u;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBu;
	x ^= x >> 31;
	return x;
}

static uintptr_t
check_word(enum dss_kind kind, uint64_t id)
{
	static const uint64_t tags[] = {
		[DSS_KIND_CRED] = 0x4352454448414E44u, /* "CREDHAND" */
		[DSS_KIND_CTX] = 0x4354585448414E44u,  /* "CTXTHAND" */
	};

	pthread_once(&init_once, init_table);
	return (uintptr_t)(tags[kind] ^ mix(id ^ secret));
}

void
dss_obj_init(struct dss_obj *o, enum dss_kind kind,
	     void (*destroy)(struct dss_obj *o))
{
	atomic_init(&o->refs, 1);
	o->kind = kind;
	o->destroy = destroy;
}

void
dss_obj_ref(struct dss_obj *o)
{
	atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
}

void
dss_obj_unref(struct dss_obj *o)
{
	if (o != NULL &&
	    atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) == 1)
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
 * Put o in shard k. SEC_E_OK; SEC_E_INSUFFICIENT_MEMORY when it cannot
 * grow; SEC_E_BUFFER_TOO_SMALL when it holds SHARD_MAX handles.
 */
static SECURITY_STATUS
publish_in(unsigned k, struct dss_obj *o, uint64_t *id)
{
	struct shard *t = &shards[k];
	uint32_t i;

	pthread_rwlock_wrlock(&t->lock);
	if (t->nfree > 0) {
		i = t->free_slots[--t->nfree];
	} else {
		if (t->used == t->cap &&
		    (t->cap == SHARD_MAX || !grow(t))) {
			pthread_rwlock_unlock(&t->lock);
			return t->cap == SHARD_MAX ? SEC_E_BUFFER_TOO_SMALL :
						     SEC_E_INSUFFICIENT_MEMORY;
		}
		i = t->used++;
	}
	*id = t->serial++ << SLOT_BITS | (uint64_t)i << SHARD_BITS | k;
	t->e[i].id = *id;
	t->e[i].obj = o;
	dss_obj_ref(o);
	pthread_rwlock_unlock(&t->lock);
	return SEC_E_OK;
}

SECURITY_STATUS
dss_handle_publish(struct dss_obj *o, SecHandle *out)
{
	SECURITY_STATUS st = SEC_E_INSUFFICIENT_MEMORY;
	uint64_t id;
	unsigned k;

	pthread_once(&init_once, init_table);
	if (home == NSHARDS)
		home = atomic_fetch_add_explicit(&next_home, 1,
						 memory_order_relaxed) %
		       NSHARDS;
	/* the home shard, else the next ones: 2^20 handles in all */
	for (k = 0; k < NSHARDS; k++) {
		st = publish_in((home + k) % NSHARDS, o, &id);
		if (st != SEC_E_BUFFER_TOO_SMALL)
			break;
	}
	if (st != SEC_E_OK)
		return SEC_E_INSUFFICIENT_MEMORY;
	out->dwLower = (uintptr_t)id;
	out->dwUpper = check_word(o->kind, id);
	return SEC_E_OK;
}

struct dss_obj *
dss_handle_ref(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o = NULL;
	struct shard *t;
	uint64_t id;
	uint32_t i;

	if (h == NULL)
		return NULL;
	id = h->dwLower;
	if (id == 0 || h->dwUpper != check_word(kind, id))
		return NULL;
	t = &shards[id & (NSHARDS - 1)];
	i = (uint32_t)(id & SLOT_MASK) >> SHARD_BITS;
	pthread_rwlock_rdlock(&t->lock);
	if (i < t->used && t->e[i].id == id && t->e[i].obj->kind == kind) {
		o = t->e[i].obj;
		dss_obj_ref(o);
	}
	pthread_rwlock_unlock(&t->lock);
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
	pthread_rwlock_wrlock(&t->lock);
	if (i < t->used && t->e[i].id == id && t->e[i].obj->kind == kind) {
		*out = t->e[i].obj;
		t->e[i].id = 0;
		t->e[i].obj = NULL;
		t->free_slots[t->nfree++] = i;
		r = DSS_UNPUBLISHED;
	} else if ((id >> SLOT_BITS) < t->serial) {
		r = DSS_ALREADY_GONE;
	}
	pthread_rwlock_unlock(&t->lock);
	return r;
}

void
dss_handle_withdraw(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o;

	if (dss_handle_unpublish(h, kind, &o) == DSS_UNPUBLISHED)
		dss_obj_unref(o);
}
