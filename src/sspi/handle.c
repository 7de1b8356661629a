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
#define MAX_SLOTS (1u << SLOT_BITS)

struct entry {
	uint64_t id; /* 0: free */
	struct dss_obj *obj;
};

static struct {
	pthread_mutex_t lock;
	struct entry *e;
	uint32_t *free_slots;
	uint32_t cap, used, nfree;
	uint64_t serial;
	uint64_t secret;
} tbl = { .lock = PTHREAD_MUTEX_INITIALIZER, .serial = 1 };

static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

static void
make_secret(void)
{
	uint64_t s;

	if (!dss_random(&s, sizeof(s)))
		s = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid();
	tbl.secret = s | 1u;
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

	pthread_once(&secret_once, make_secret);
	return (uintptr_t)(tags[kind] ^ mix(id ^ tbl.secret));
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

static bool
grow(void)
{
	uint32_t ncap = tbl.cap ? tbl.cap * 2 : 64;
	struct entry *e;
	uint32_t *f;

	if (tbl.cap >= MAX_SLOTS)
		return false;
	if (ncap > MAX_SLOTS)
		ncap = MAX_SLOTS;
	e = dss_calloc((size_t)ncap * sizeof(*e));
	f = dss_alloc((size_t)ncap * sizeof(*f));
	if (e == NULL || f == NULL) {
		dss_free(e);
		dss_free(f);
		return false;
	}
	if (tbl.cap > 0) {
		memcpy(e, tbl.e, (size_t)tbl.cap * sizeof(*e));
		memcpy(f, tbl.free_slots, (size_t)tbl.nfree * sizeof(*f));
	}
	dss_free(tbl.e);
	dss_free(tbl.free_slots);
	tbl.e = e;
	tbl.free_slots = f;
	tbl.cap = ncap;
	return true;
}

SECURITY_STATUS
dss_handle_publish(struct dss_obj *o, SecHandle *out)
{
	uint32_t slot;
	uint64_t id;

	pthread_once(&secret_once, make_secret);
	pthread_mutex_lock(&tbl.lock);
	if (tbl.nfree > 0) {
		slot = tbl.free_slots[--tbl.nfree];
	} else {
		if (tbl.used == tbl.cap && !grow()) {
			pthread_mutex_unlock(&tbl.lock);
			return SEC_E_INSUFFICIENT_MEMORY;
		}
		slot = tbl.used++;
	}
	id = tbl.serial++ << SLOT_BITS | slot;
	tbl.e[slot].id = id;
	tbl.e[slot].obj = o;
	dss_obj_ref(o);
	pthread_mutex_unlock(&tbl.lock);
	out->dwLower = (uintptr_t)id;
	out->dwUpper = check_word(o->kind, id);
	return SEC_E_OK;
}

struct dss_obj *
dss_handle_ref(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o = NULL;
	uint64_t id;
	uint32_t slot;

	if (h == NULL)
		return NULL;
	id = h->dwLower;
	if (id == 0 || h->dwUpper != check_word(kind, id))
		return NULL;
	slot = (uint32_t)(id & SLOT_MASK);
	pthread_mutex_lock(&tbl.lock);
	if (slot < tbl.used && tbl.e[slot].id == id &&
	    tbl.e[slot].obj->kind == kind) {
		o = tbl.e[slot].obj;
		dss_obj_ref(o);
	}
	pthread_mutex_unlock(&tbl.lock);
	return o;
}

enum dss_unpublish
dss_handle_unpublish(const SecHandle *h, enum dss_kind kind,
		     struct dss_obj **out)
{
	enum dss_unpublish r = DSS_NOT_OURS;
	uint64_t id;
	uint32_t slot;

	*out = NULL;
	if (h == NULL)
		return DSS_NOT_OURS;
	id = h->dwLower;
	if (id == 0 || h->dwUpper != check_word(kind, id))
		return DSS_NOT_OURS;
	slot = (uint32_t)(id & SLOT_MASK);
	pthread_mutex_lock(&tbl.lock);
	if (slot < tbl.used && tbl.e[slot].id == id &&
	    tbl.e[slot].obj->kind == kind) {
		*out = tbl.e[slot].obj;
		tbl.e[slot].id = 0;
		tbl.e[slot].obj = NULL;
		tbl.free_slots[tbl.nfree++] = slot;
		r = DSS_UNPUBLISHED;
	} else if ((id >> SLOT_BITS) < tbl.serial) {
		r = DSS_ALREADY_GONE;
	}
	pthread_mutex_unlock(&tbl.lock);
	return r;
}

void
dss_handle_withdraw(const SecHandle *h, enum dss_kind kind)
{
	struct dss_obj *o;

	if (dss_handle_unpublish(h, kind, &o) == DSS_UNPUBLISHED)
		dss_obj_unref(o);
}
