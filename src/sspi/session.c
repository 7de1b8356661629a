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

#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"

#define BUCKETS 4096 /* power of two */

struct dss_session_cache {
	pthread_mutex_t lock;
	struct dss_session *bucket[BUCKETS];
	struct dss_session *lru_head; /* most recently used */
	struct dss_session *lru_tail;
	size_t count;
	size_t max;
};

static size_t
hash_opaque(struct dss_span o)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a: opaque is random */
	size_t i;

	for (i = 0; i < o.n; i++)
		h = (h ^ (unsigned char)o.p[i]) * 1099511628211u;
	return (size_t)h & (BUCKETS - 1);
}

struct dss_session_cache *
dss_sessions_new(size_t max)
{
	struct dss_session_cache *c = dss_calloc(sizeof(*c));

	if (c == NULL)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->max = max;
	return c;
}

void
dss_session_unref(struct dss_session *s)
{
	if (s == NULL ||
	    atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
		return;
	dss_free(s->user);
	dss_free(s->realm);
	dss_free(s->uri);
	pthread_mutex_destroy(&s->lock);
	dss_free_secret(s, sizeof(*s));
}

static void
unlink_locked(struct dss_session_cache *c, struct dss_session *s)
{
	struct dss_session **pp = &c->bucket[hash_opaque(
		dss_span(s->opaque, s->opaque_len))];

	while (*pp != NULL && *pp != s)
		pp = &(*pp)->hash_next;
	if (*pp == s)
		*pp = s->hash_next;
	if (s->lru_prev != NULL)
		s->lru_prev->lru_next = s->lru_next;
	else
		c->lru_head = s->lru_next;
	if (s->lru_next != NULL)
		s->lru_next->lru_prev = s->lru_prev;
	else
		c->lru_tail = s->lru_prev;
	s->hash_next = s->lru_prev = s->lru_next = NULL;
	s->in_cache = false;
	c->count--;
}

void
dss_sessions_free(struct dss_session_cache *c)
{
	if (c == NULL)
		return;
	while (c->lru_head != NULL) {
		struct dss_session *s = c->lru_head;

		unlink_locked(c, s);
		dss_session_unref(s); /* the cache's reference */
	}
	pthread_mutex_destroy(&c->lock);
	dss_free(c);
}

static void
to_front_locked(struct dss_session_cache *c, struct dss_session *s)
{
	if (c->lru_head == s)
		return;
	/* out of the list ... */
	if (s->lru_prev != NULL)
		s->lru_prev->lru_next = s->lru_next;
	if (s->lru_next != NULL)
		s->lru_next->lru_prev = s->lru_prev;
	else if (c->lru_tail == s)
		c->lru_tail = s->lru_prev;
	/* ... and in at the head */
	s->lru_prev = NULL;
	s->lru_next = c->lru_head;
	if (c->lru_head != NULL)
		c->lru_head->lru_prev = s;
	c->lru_head = s;
	if (c->lru_tail == NULL)
		c->lru_tail = s;
}

/* The time after which a session is of no use. */
static bool
expired(const struct dss_session *s, int64_t now)
{
	return now > s->expires;
}

/* May `s` be forgotten now without opening a replay? */
static bool
forgettable(const struct dss_session *s, int64_t now)
{
	return !s->pinned || now > s->keep_until;
}

#define EVICT_SCAN 64 /* sessions looked at from the tail per insertion */

static void
drop_locked(struct dss_session_cache *c, struct dss_session *s)
{
	s->discarded = true;
	unlink_locked(c, s);
	dss_session_unref(s);
}

/*
 * Make room for one more: drop expired sessions from the tail, then, while
 * full, the least recently used session that may be forgotten. Returns
 * false when the cache is full of pinned sessions (beyond twice its size).
 */
static bool
evict_locked(struct dss_session_cache *c, int64_t now)
{
	struct dss_session *s, *prev;
	int scanned = 0;

	while (c->lru_tail != NULL && expired(c->lru_tail, now) &&
	       forgettable(c->lru_tail, now))
		drop_locked(c, c->lru_tail);
	for (s = c->lru_tail; s != NULL && c->count >= c->max &&
			      scanned < EVICT_SCAN;
	     s = prev, scanned++) {
		prev = s->lru_prev;
		if (forgettable(s, now))
			drop_locked(c, s);
	}
	return c->count < 2 * c->max;
}

struct dss_session *
dss_session_open(struct dss_session_cache *c, struct dss_span opaque,
		 int64_t now, int64_t expires)
{
	struct dss_session *s;
	size_t b;

	if (opaque.n > sizeof(s->opaque) - 1)
		return NULL;
	s = dss_calloc(sizeof(*s));
	if (s == NULL)
		return NULL;
	atomic_init(&s->refs, 2); /* the cache's and the caller's */
	pthread_mutex_init(&s->lock, NULL);
	if (opaque.n == 0) {
		uint8_t r[16];

		if (!dss_random(r, sizeof(r))) {
			pthread_mutex_destroy(&s->lock);
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
	s->expires = expires;
	pthread_mutex_lock(&c->lock);
	if (!evict_locked(c, now)) {
		pthread_mutex_unlock(&c->lock);
		pthread_mutex_destroy(&s->lock);
		dss_free(s);
		return NULL;
	}
	b = hash_opaque(dss_span(s->opaque, s->opaque_len));
	s->hash_next = c->bucket[b];
	c->bucket[b] = s;
	s->in_cache = true;
	c->count++;
	to_front_locked(c, s);
	pthread_mutex_unlock(&c->lock);
	return s;
}

struct dss_session *
dss_session_find(struct dss_session_cache *c, struct dss_span opaque,
		 int64_t now)
{
	struct dss_session *s;

	pthread_mutex_lock(&c->lock);
	for (s = c->bucket[hash_opaque(opaque)]; s != NULL; s = s->hash_next)
		if (s->opaque_len == opaque.n &&
		    memcmp(s->opaque, opaque.p, opaque.n) == 0)
			break;
	if (s != NULL && expired(s, now) && forgettable(s, now)) {
		drop_locked(c, s);
		s = NULL;
	}
	if (s != NULL) {
		to_front_locked(c, s);
		atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&c->lock);
	return s;
}

void
dss_session_times(struct dss_session_cache *c, struct dss_session *s,
		  int64_t expires, bool pinned, int64_t keep_until)
{
	pthread_mutex_lock(&c->lock);
	s->expires = expires;
	s->pinned = pinned;
	s->keep_until = keep_until;
	pthread_mutex_unlock(&c->lock);
}

void
dss_session_kill(struct dss_session_cache *c, struct dss_session *s,
		 int64_t keep_until)
{
	pthread_mutex_lock(&c->lock);
	s->discarded = true;
	s->pinned = true;
	s->keep_until = keep_until;
	if (s->expires < keep_until)
		s->expires = keep_until;
	pthread_mutex_unlock(&c->lock);
}

void
dss_session_discard(struct dss_session_cache *c, struct dss_session *s)
{
	pthread_mutex_lock(&c->lock);
	s->discarded = true;
	if (s->in_cache) {
		unlink_locked(c, s);
		pthread_mutex_unlock(&c->lock);
		dss_session_unref(s);
		return;
	}
	pthread_mutex_unlock(&c->lock);
}

size_t
dss_sessions_count(struct dss_session_cache *c)
{
	size_t n;

	pthread_mutex_lock(&c->lock);
	n = c->count;
	pthread_mutex_unlock(&c->lock);
	return n;
}
