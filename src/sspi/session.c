/*
 * session.c - the HTTP server's session cache (api.md 1.4).
 *
 * HTTP keeps no connection between a challenge and its answer, so every
 * challenge opens a session, named by its `opaque`; context handles are
 * references to sessions. A credential owns one cache: a hash table of
 * sessions by opaque plus a least-recently-used list, bounded in size.
 * Sessions that never completed expire with their nonce, authenticated
 * ones after an idle time.
 */
#include <string.h>

#include "base/brlock.h"
#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"

#define SHARD_BITS 4
#define SHARDS (1u << SHARD_BITS)
/* Heads per part, powers of two: the first session's, and at most. */
#define BUCKETS_MIN 16
#define BUCKETS_MAX 4096

/*
 * The cache is SHARDS independent parts, chosen by the opaque's hash:
 * each has its own lock, hash table and least-recently-used list. The
 * lock is a dss_brlock: finding a session (every request) takes its read
 * side, which writes only the thread group's own line, and marks the
 * session rather than moving it in the list; only opening and dropping
 * sessions write the part. So threads working on any sessions write no
 * line of the cache in common. The bound on the number of sessions is
 * the cache's (one atomic count, written when a session comes or goes);
 * what to forget to make room is decided within the part the new
 * session goes to (sessions spread evenly over the parts, so its LRU
 * tail is about as old as the whole cache's).
 *
 * A part's hash table doubles whenever it holds more sessions than
 * heads, so a lookup meets about one session besides its own, each a
 * cache line that is likely cold in a full cache (and written by the
 * thread serving it). An unused credential keeps no table.
 */
struct part {
	struct dss_brlock lock;
	struct dss_session **bucket; /* nbuckets heads, or no_table */
	size_t nbuckets;
	size_t n; /* sessions in this part */
	struct dss_session *lru_head; /* most recently used */
	struct dss_session *lru_tail;
};

struct dss_session_cache {
	struct part part[SHARDS];
	atomic_size_t count;
	size_t max;
};

/*
 * A multiply-xor hash, 8 bytes a step, with a final mix (the part comes
 * from the top bits, the bucket from the bottom ones). Not keyed: the
 * sessions' opaques are random (ours, or MAC-checked for a cluster's),
 * so nobody chooses where they land.
 */
static uint64_t
hash_opaque(struct dss_span o)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ o.n;
	size_t i = 0;

	for (; i + 8 <= o.n; i += 8) {
		h = (h ^ dss_load64(o.p + i)) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
	}
	for (; i < o.n; i++)
		h = (h ^ (unsigned char)o.p[i]) * 0x100000001B3u;
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53u;
	return h ^ h >> 32;
}

static struct part *
part_of(struct dss_session_cache *c, uint64_t h)
{
	return &c->part[h >> (64 - SHARD_BITS)];
}

/* The table of a part without one: a single head, never written. */
static struct dss_session *no_table[1];

static struct dss_session **
bucket_of(struct part *p, uint64_t h)
{
	return &p->bucket[h & (p->nbuckets - 1)];
}

/*
 * Room in p's table for one more session (write side held): the first
 * table, or twice the heads when the sessions outnumber them. false only
 * when there is no table at all; a table that cannot grow stays, with
 * longer chains.
 */
static bool
table_room_locked(struct part *p)
{
	bool first = p->bucket == no_table;
	struct dss_session **t, *s, *next;
	size_t i, nb;

	if (!first && (p->n < p->nbuckets || p->nbuckets >= BUCKETS_MAX))
		return true;
	nb = first ? BUCKETS_MIN : 2 * p->nbuckets;
	t = dss_calloc(nb * sizeof(*t));
	if (t == NULL)
		return !first;
	for (i = 0; i < p->nbuckets; i++) /* no_table: one empty head */
		for (s = p->bucket[i]; s != NULL; s = next) {
			next = s->hash_next;
			s->hash_next = t[s->hash & (nb - 1)];
			t[s->hash & (nb - 1)] = s;
		}
	if (!first)
		dss_free(p->bucket);
	p->bucket = t;
	p->nbuckets = nb;
	return true;
}

struct dss_session_cache *
dss_sessions_new(size_t max)
{
	/* aligned: the parts' locks keep their groups on lines of their own */
	struct dss_session_cache *c = dss_calloc_lines(sizeof(*c));
	size_t i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < SHARDS; i++) {
		c->part[i].bucket = no_table;
		c->part[i].nbuckets = 1;
	}
	atomic_init(&c->count, 0);
	c->max = max;
	return c;
}

void
dss_session_unref(struct dss_session *s)
{
	if (s == NULL ||
	    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
		return;
	dss_free(s->user); /* and realm and uri, in the same block */
	dss_free(s->shape);
	dss_lock_fini(&s->lock);
	dss_free_secret(s, sizeof(*s));
}

static void
unlink_locked(struct dss_session_cache *c, struct part *p,
	      struct dss_session *s)
{
	struct dss_session **pp = bucket_of(p, s->hash);

	while (*pp != NULL && *pp != s)
		pp = &(*pp)->hash_next;
	if (*pp == s)
		*pp = s->hash_next;
	if (s->lru_prev != NULL)
		s->lru_prev->lru_next = s->lru_next;
	else
		p->lru_head = s->lru_next;
	if (s->lru_next != NULL)
		s->lru_next->lru_prev = s->lru_prev;
	else
		p->lru_tail = s->lru_prev;
	s->hash_next = s->lru_prev = s->lru_next = NULL;
	s->in_cache = false;
	p->n--;
	atomic_fetch_sub_explicit(&c->count, 1, memory_order_relaxed);
}

void
dss_sessions_free(struct dss_session_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < SHARDS; i++) {
		struct part *p = &c->part[i];

		while (p->lru_head != NULL) {
			struct dss_session *s = p->lru_head;

			unlink_locked(c, p, s);
			dss_session_unref(s); /* the cache's reference */
		}
		if (p->bucket != no_table)
			dss_free(p->bucket);
	}
	dss_free(c);
}

static void
to_front_locked(struct part *p, struct dss_session *s)
{
	if (p->lru_head == s)
		return;
	/* out of the list ... */
	if (s->lru_prev != NULL)
		s->lru_prev->lru_next = s->lru_next;
	if (s->lru_next != NULL)
		s->lru_next->lru_prev = s->lru_prev;
	else if (p->lru_tail == s)
		p->lru_tail = s->lru_prev;
	/* ... and in at the head */
	s->lru_prev = NULL;
	s->lru_next = p->lru_head;
	if (p->lru_head != NULL)
		p->lru_head->lru_prev = s;
	p->lru_head = s;
	if (p->lru_tail == NULL)
		p->lru_tail = s;
}

/* The time after which a session is of no use. */
static bool
expired(const struct dss_session *s, int64_t now)
{
	return now > atomic_load_explicit(&s->expires, memory_order_relaxed);
}

/* May `s` be forgotten now without opening a replay? */
static bool
forgettable(const struct dss_session *s, int64_t now)
{
	return !atomic_load_explicit(&s->pinned, memory_order_relaxed) ||
	       now > atomic_load_explicit(&s->keep_until, memory_order_relaxed);
}

#define EVICT_SCAN 64 /* sessions looked at from the tail per insertion */

static void
drop_locked(struct dss_session_cache *c, struct part *p,
	    struct dss_session *s)
{
	s->discarded = true;
	unlink_locked(c, p, s);
	dss_session_unref(s);
}

static size_t
count_of(struct dss_session_cache *c)
{
	return atomic_load_explicit(&c->count, memory_order_relaxed);
}

/*
 * Make room for one more in part p: drop expired sessions from its tail,
 * then, while the cache is full, the least recently used session of p
 * that may be forgotten. The list is kept in the order of the "second
 * chance" (clock) approximation of LRU: a session found since the scan
 * last passed it goes back to the front instead. Returns false when the
 * cache is full of pinned sessions (beyond twice its size).
 */
static bool
evict_locked(struct dss_session_cache *c, struct part *p, int64_t now)
{
	struct dss_session *s, *prev, *first;
	int scanned = 0;

	while (p->lru_tail != NULL && expired(p->lru_tail, now) &&
	       forgettable(p->lru_tail, now))
		drop_locked(c, p, p->lru_tail);
	/*
	 * From the tail up to the session that was first when the scan
	 * began, not beyond: the sessions given their second chance go in
	 * front of it, and must not be met again in this scan.
	 */
	first = p->lru_head;
	for (s = p->lru_tail; s != NULL && count_of(c) >= c->max &&
			      scanned < EVICT_SCAN;
	     s = prev, scanned++) {
		prev = s == first ? NULL : s->lru_prev;
		if (atomic_load_explicit(&s->recent, memory_order_relaxed)) {
			atomic_store_explicit(&s->recent, false,
					      memory_order_relaxed);
			to_front_locked(p, s);
		} else if (forgettable(s, now)) {
			drop_locked(c, p, s);
		}
	}
	return count_of(c) < 2 * c->max;
}

struct dss_session *
dss_session_open(struct dss_session_cache *c, struct dss_span opaque,
		 int64_t now, int64_t expires)
{
	struct dss_session *s, **b;
	struct part *p;

	if (opaque.n > sizeof(s->opaque) - 1)
		return NULL;
	s = dss_calloc_lines(sizeof(*s));
	if (s == NULL)
		return NULL;
	atomic_init(&s->refs, 2); /* the cache's and the caller's */
	dss_lock_init(&s->lock);
	if (opaque.n == 0) {
		uint8_t r[16];

		if (!dss_random_public(r, sizeof(r))) {
			dss_lock_fini(&s->lock);
			dss_free(s);
			return NULL;
		}
		dss_hex_encode(s->opaque, r, sizeof(r));
		s->opaque_len = 2 * sizeof(r);
	} else {
		memcpy(s->opaque, opaque.p, opaque.n);
		s->opaque_len = opaque.n;
	}
	s->created = s->last_used = now;
	atomic_init(&s->expires, expires);
	s->hash = hash_opaque(dss_span(s->opaque, s->opaque_len));
	p = part_of(c, s->hash);
	dss_br_write_enter(&p->lock);
	if (!evict_locked(c, p, now) || !table_room_locked(p)) {
		dss_br_write_exit(&p->lock);
		dss_lock_fini(&s->lock);
		dss_free(s);
		return NULL;
	}
	b = bucket_of(p, s->hash);
	s->hash_next = *b;
	*b = s;
	s->in_cache = true;
	p->n++;
	atomic_fetch_add_explicit(&c->count, 1, memory_order_relaxed);
	to_front_locked(p, s);
	dss_br_write_exit(&p->lock);
	return s;
}

struct dss_session *
dss_session_find(struct dss_session_cache *c, struct dss_span opaque,
		 int64_t now)
{
	uint64_t h = hash_opaque(opaque);
	struct part *p = part_of(c, h);
	unsigned g = dss_thread_group();
	struct dss_session *s;
	bool writing = false;

	dss_br_read_enter(&p->lock, g);
again:
	for (s = *bucket_of(p, h); s != NULL; s = s->hash_next)
		if (s->hash == h && s->opaque_len == opaque.n &&
		    dss_eq_short(s->opaque, opaque.p, opaque.n))
			break;
	if (s != NULL && expired(s, now) && forgettable(s, now)) {
		if (!writing) {
			/* dropping it writes the part: look again as a writer */
			dss_br_read_exit(&p->lock, g);
			dss_br_write_enter(&p->lock);
			writing = true;
			goto again;
		}
		drop_locked(c, p, s);
		s = NULL;
	}
	if (s != NULL) {
		/*
		 * Marked, not moved to the front: moving would write the
		 * part's list head and two neighbours, lines that other
		 * threads' sessions share, on every request.
		 */
		if (!atomic_load_explicit(&s->recent, memory_order_relaxed))
			atomic_store_explicit(&s->recent, true,
					      memory_order_relaxed);
		atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	}
	if (writing)
		dss_br_write_exit(&p->lock);
	else
		dss_br_read_exit(&p->lock, g);
	return s;
}

void
dss_session_times(struct dss_session_cache *c, struct dss_session *s,
		  int64_t expires, bool pinned, int64_t keep_until)
{
	/*
	 * No lock: each is read alone by the eviction scan, which may see
	 * some of them set and not the others, as if it had run just
	 * before or just after (it could run between the caller's own
	 * steps anyway).
	 */
	(void)c;
	atomic_store_explicit(&s->expires, expires, memory_order_relaxed);
	atomic_store_explicit(&s->pinned, pinned, memory_order_relaxed);
	atomic_store_explicit(&s->keep_until, keep_until,
			      memory_order_relaxed);
}

void
dss_session_kill(struct dss_session_cache *c, struct dss_session *s,
		 int64_t keep_until)
{
	struct part *p = part_of(c, s->hash);

	dss_br_write_enter(&p->lock); /* no scan sees half of it */
	s->discarded = true;
	atomic_store_explicit(&s->pinned, true, memory_order_relaxed);
	atomic_store_explicit(&s->keep_until, keep_until,
			      memory_order_relaxed);
	if (atomic_load_explicit(&s->expires, memory_order_relaxed) <
	    keep_until)
		atomic_store_explicit(&s->expires, keep_until,
				      memory_order_relaxed);
	dss_br_write_exit(&p->lock);
}

void
dss_session_discard(struct dss_session_cache *c, struct dss_session *s)
{
	struct part *p = part_of(c, s->hash);

	dss_br_write_enter(&p->lock);
	s->discarded = true;
	if (s->in_cache) {
		unlink_locked(c, p, s);
		dss_br_write_exit(&p->lock);
		dss_session_unref(s);
		return;
	}
	dss_br_write_exit(&p->lock);
}

size_t
dss_sessions_count(struct dss_session_cache *c)
{
	return count_of(c);
}

size_t
dss_sessions_heads(struct dss_session_cache *c)
{
	size_t i, n = 0;

	for (i = 0; i < SHARDS; i++)
		if (c->part[i].bucket != no_table)
			n += c->part[i].nbuckets;
	return n;
}
