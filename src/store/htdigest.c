/*
 * htdigest.c - the user file in Apache htdigest format (see store.h).
 *
 * A load reads the whole file into one buffer and parses it in place:
 * the entries point into the buffer for the user and realm, the HA1 is
 * decoded into the entry and its hex is wiped from the buffer at once.
 * One hash table (chained through entry indexes) is keyed by
 * (user, realm); the algorithm is compared in the chain. The userhash
 * index of one hash family is built on first use.
 *
 * Concurrency: s->lock guards s->cur (the table in use) and the
 * counters; a lookup takes a reference to the table under it and
 * searches without it. Tables never change after they are published,
 * except for their userhash indexes, which their own uh_lock guards.
 * s->reload_lock serialises the checks of the file; a lookup only
 * try-locks it, so it never waits for a reload.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define NIL UINT32_MAX
#define N_ALGS 3
#define FILE_MAX ((size_t)1 << 30)	/* larger files are refused */
#define CHECK_INTERVAL_NS 1000000000LL
/* shortest account line: "u::" + 32 hex digits, plus its newline */
#define MIN_LINE 36

struct entry {
	const char *user;	/* into table->buf */
	const char *realm;
	uint32_t user_len;
	uint32_t realm_len;
	uint32_t hash;		/* of (user, realm) */
	uint32_t next;		/* next entry of the bucket, or NIL */
	uint8_t alg;		/* enum dss_hash_alg */
	uint8_t ha1[DSS_HASH_MAX];
};

/* H(user ":" realm) of every account that has an HA1 of one family. */
struct uh_node {
	uint8_t digest[DSS_HASH_MAX];
	uint32_t entry;
	uint32_t next;
};

struct uh_index {
	uint32_t mask;
	uint32_t *buckets;
	struct uh_node *nodes;
	size_t n_nodes;
};

struct table {
	atomic_size_t refs;
	char *buf;		/* the file; hex digits wiped */
	size_t buf_cap;
	struct entry *e;
	size_t n_e;
	size_t cap_e;
	uint32_t *buckets;
	uint32_t mask;
	uint64_t seed;
	size_t accounts;
	size_t bad;
	size_t dups;
	pthread_mutex_t uh_lock;
	struct uh_index *uh[N_ALGS];
};

/* What identifies one version of the file. */
struct ident {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct timespec ctime;
};

struct dss_store {
	char *path;
	pthread_mutex_t lock;		/* guards cur, loads, last_check */
	struct table *cur;
	uint64_t loads;
	int64_t last_check;		/* monotonic ns */
	pthread_mutex_t reload_lock;	/* guards ident */
	struct ident ident;
};

/* ------------------------------------------------------------------ */
/* Lines                                                              */

static bool
is_space(unsigned char c)
{
	/* apr_isspace in the C locale: Apache trims these */
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	       c == '\f' || c == '\r';
}

/* see store.h */
const char *
dss_store_alg_suffix(enum dss_hash_alg h)
{
	switch (h) {
	case DSS_HASH_SHA256:
		return "SHA-256";
	case DSS_HASH_SHA512_256:
		return "SHA-512-256";
	case DSS_HASH_MD5:
	default:
		return "";
	}
}

/* see store.h */
bool
dss_store_parse_alg(struct dss_span name, enum dss_hash_alg *h)
{
	if (dss_span_eq_ci(name, "MD5"))
		*h = DSS_HASH_MD5;
	else if (dss_span_eq_ci(name, "SHA-256"))
		*h = DSS_HASH_SHA256;
	else if (dss_span_eq_ci(name, "SHA-512-256") ||
		 dss_span_eq_ci(name, "SHA-512/256"))
		*h = DSS_HASH_SHA512_256;
	else
		return false;
	return true;
}

static bool
valid_alg(enum dss_hash_alg h)
{
	return h == DSS_HASH_MD5 || h == DSS_HASH_SHA256 ||
	       h == DSS_HASH_SHA512_256;
}

/* The token after the hex: only the SHA-2 names (MD5 has none). */
static bool
parse_suffix(struct dss_span tok, enum dss_hash_alg *h)
{
	if (dss_span_eq_ci(tok, "SHA-256"))
		*h = DSS_HASH_SHA256;
	else if (dss_span_eq_ci(tok, "SHA-512-256"))
		*h = DSS_HASH_SHA512_256;
	else
		return false;
	return true;
}

static bool
valid_hex(struct dss_span hex, enum dss_hash_alg h)
{
	uint8_t tmp[DSS_HASH_MAX];
	size_t n = dss_hash_size(h);
	bool ok;

	if (hex.n != 2 * n)
		return false;
	ok = dss_hex_decode(tmp, hex.p, n);
	dss_wipe(tmp, sizeof(tmp));
	return ok;
}

/* see store.h */
enum dss_store_line_kind
dss_store_parse_line(struct dss_span line, struct dss_store_line *out)
{
	const char *p = line.p, *end = line.p + line.n;
	const char *c1, *c2, *c3;

	while (p < end && is_space((unsigned char)*p))
		p++;
	while (end > p && is_space((unsigned char)end[-1]))
		end--;
	if (p == end || *p == '#')
		return DSS_STORE_LINE_IGNORED;

	c1 = memchr(p, ':', (size_t)(end - p));
	if (c1 == NULL || c1 == p)
		return DSS_STORE_LINE_BAD;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (c2 == NULL)
		return DSS_STORE_LINE_BAD;
	out->user = dss_span(p, (size_t)(c1 - p));
	out->realm = dss_span(c1 + 1, (size_t)(c2 - c1 - 1));
	c3 = memchr(c2 + 1, ':', (size_t)(end - c2 - 1));
	if (c3 == NULL) {
		out->hex = dss_span(c2 + 1, (size_t)(end - c2 - 1));
		out->alg = DSS_HASH_MD5;
	} else {
		out->hex = dss_span(c2 + 1, (size_t)(c3 - c2 - 1));
		if (!parse_suffix(dss_span(c3 + 1, (size_t)(end - c3 - 1)),
				  &out->alg))
			return DSS_STORE_LINE_BAD;
	}
	if (!valid_hex(out->hex, out->alg))
		return DSS_STORE_LINE_BAD;
	return DSS_STORE_LINE_ACCOUNT;
}

static bool
storable(struct dss_span s)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (c == ':' || c == '\n' || c == '\r' || c == '\0')
			return false;
	}
	return true;
}

/* see store.h */
size_t
dss_store_format_line(char *out, size_t cap, struct dss_span user,
		      struct dss_span realm, enum dss_hash_alg h,
		      const uint8_t *ha1)
{
	const char *suffix;
	size_t hs, sn, len;
	char *w;

	if (!valid_alg(h) || user.n == 0 || user.n > DSS_STORE_LINE_MAX ||
	    realm.n > DSS_STORE_LINE_MAX)
		return 0;
	if (user.p[0] == '#' || is_space((unsigned char)user.p[0]) ||
	    !storable(user) || !storable(realm))
		return 0;
	hs = dss_hash_size(h);
	suffix = dss_store_alg_suffix(h);
	sn = strlen(suffix);
	len = user.n + 1 + realm.n + 1 + 2 * hs + (sn > 0 ? 1 + sn : 0);
	if (len > DSS_STORE_LINE_MAX)
		return 0;
	len++;	/* "\n" */
	if (len > cap)
		return len;

	w = out;
	memcpy(w, user.p, user.n);
	w += user.n;
	*w++ = ':';
	if (realm.n > 0)
		memcpy(w, realm.p, realm.n);
	w += realm.n;
	*w++ = ':';
	dss_hex_encode(w, ha1, hs);
	w += 2 * hs;
	if (sn > 0) {
		*w++ = ':';
		memcpy(w, suffix, sn);
		w += sn;
	}
	*w = '\n';
	return len;
}

/* ------------------------------------------------------------------ */
/* Tables                                                             */

/* FNV-1a (64-bit) with a per-table seed, folded to 32 bits. */
static uint32_t
key_hash(uint64_t seed, struct dss_span user, struct dss_span realm)
{
	uint64_t x = 0xcbf29ce484222325ULL ^ seed;
	size_t i;

	for (i = 0; i < user.n; i++)
		x = (x ^ (unsigned char)user.p[i]) * 0x100000001b3ULL;
	x = (x ^ ':') * 0x100000001b3ULL;
	for (i = 0; i < realm.n; i++)
		x = (x ^ (unsigned char)realm.p[i]) * 0x100000001b3ULL;
	return (uint32_t)(x ^ (x >> 32));
}

static bool
entry_is(const struct entry *e, struct dss_span user, struct dss_span realm)
{
	return e->user_len == user.n && e->realm_len == realm.n &&
	       (user.n == 0 || memcmp(e->user, user.p, user.n) == 0) &&
	       (realm.n == 0 || memcmp(e->realm, realm.p, realm.n) == 0);
}

/* Smallest power of two >= n and >= 16, as a mask; 0 when too large. */
static uint32_t
mask_for(size_t n)
{
	size_t m = 16;

	while (m < n) {
		if (m >= ((size_t)1 << 31))
			return 0;
		m <<= 1;
	}
	return (uint32_t)(m - 1);
}

static const struct entry *
table_find(const struct table *t, struct dss_span user, struct dss_span realm,
	   enum dss_hash_alg h)
{
	uint32_t i, hash;

	if (user.n > UINT32_MAX || realm.n > UINT32_MAX)
		return NULL;
	hash = key_hash(t->seed, user, realm);
	for (i = t->buckets[hash & t->mask]; i != NIL; i = t->e[i].next) {
		const struct entry *e = &t->e[i];

		if (e->hash == hash && e->alg == (uint8_t)h &&
		    entry_is(e, user, realm))
			return e;
	}
	return NULL;
}

static void
uh_free(struct uh_index *x)
{
	if (x == NULL)
		return;
	dss_free(x->buckets);
	dss_free(x->nodes);
	dss_free(x);
}

static void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < N_ALGS; i++)
		uh_free(t->uh[i]);
	pthread_mutex_destroy(&t->uh_lock);
	dss_free(t->buckets);
	dss_free_secret(t->e, t->cap_e * sizeof(*t->e));
	dss_free_secret(t->buf, t->buf_cap);
	dss_free(t);
}

static void
table_release(struct table *t)
{
	if (t != NULL && atomic_fetch_sub(&t->refs, 1) == 1)
		table_free(t);
}

/* Wipe the bytes [p, eol) of t->buf. */
static void
wipe_line(struct table *t, const char *p, const char *eol)
{
	dss_wipe(t->buf + (p - t->buf), (size_t)(eol - p));
}

/* Split t->buf (n bytes) into entries. */
static SECURITY_STATUS
table_parse(struct table *t, size_t n)
{
	const char *p = t->buf, *end = t->buf + n;
	size_t cap = n / MIN_LINE + 1;

	if (cap > SIZE_MAX / sizeof(struct entry))
		return SEC_E_INSUFFICIENT_MEMORY;
	t->e = dss_alloc(cap * sizeof(struct entry));
	if (t->e == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	t->cap_e = cap;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;
		struct dss_store_line f;
		struct entry *e;

		if ((size_t)(eol - p) > DSS_STORE_LINE_MAX) {
			t->bad++;
			wipe_line(t, p, eol);
		} else {
			switch (dss_store_parse_line(
				dss_span(p, (size_t)(eol - p)), &f)) {
			case DSS_STORE_LINE_IGNORED:
				break;
			case DSS_STORE_LINE_BAD:
				/* it may hold a (mistyped) secret */
				t->bad++;
				wipe_line(t, p, eol);
				break;
			case DSS_STORE_LINE_ACCOUNT:
				if (t->n_e == t->cap_e) { /* cannot happen */
					t->bad++;
					break;
				}
				e = &t->e[t->n_e++];
				e->user = f.user.p;
				e->user_len = (uint32_t)f.user.n;
				e->realm = f.realm.p;
				e->realm_len = (uint32_t)f.realm.n;
				e->alg = (uint8_t)f.alg;
				e->next = NIL;
				dss_hex_decode(e->ha1, f.hex.p,
					       dss_hash_size(f.alg));
				/* the digits are no longer needed */
				dss_wipe(t->buf + (f.hex.p - t->buf), f.hex.n);
				break;
			}
		}
		p = eol + (nl != NULL);
	}
	return SEC_E_OK;
}

/* Chain the entries; a repeated (user, realm, algorithm) is dropped. */
static SECURITY_STATUS
table_index(struct table *t)
{
	size_t i;

	t->mask = mask_for(t->n_e);
	if (t->mask == 0)
		return SEC_E_INSUFFICIENT_MEMORY;
	t->buckets = dss_alloc(((size_t)t->mask + 1) * sizeof(uint32_t));
	if (t->buckets == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	memset(t->buckets, 0xff, ((size_t)t->mask + 1) * sizeof(uint32_t));

	for (i = 0; i < t->n_e; i++) {
		struct entry *e = &t->e[i];
		struct dss_span u = dss_span(e->user, e->user_len);
		struct dss_span r = dss_span(e->realm, e->realm_len);
		uint32_t *head;

		e->hash = key_hash(t->seed, u, r);
		if (table_find(t, u, r, (enum dss_hash_alg)e->alg) != NULL) {
			t->dups++;
			dss_wipe(e->ha1, sizeof(e->ha1));
			continue;
		}
		head = &t->buckets[e->hash & t->mask];
		e->next = *head;
		*head = (uint32_t)i;
		t->accounts++;
	}
	return SEC_E_OK;
}

static void
ident_of(const struct stat *st, struct ident *id)
{
	memset(id, 0, sizeof(*id));
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	id->size = st->st_size;
	id->mtime = st->st_mtim;
	id->ctime = st->st_ctim;
}

static bool
ident_eq(const struct ident *a, const struct ident *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->ctime.tv_sec == b->ctime.tv_sec &&
	       a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/*
 * Read the whole file into t->buf. *id describes the file as it was
 * before the read: if it changes during the read, the next check sees
 * a different file and loads it again.
 */
static SECURITY_STATUS
read_file(struct table *t, const char *path, size_t *len, struct ident *id)
{
	struct stat st;
	size_t n = 0, cap;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return SEC_E_NO_CREDENTIALS;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (uint64_t)st.st_size > FILE_MAX) {
		close(fd);
		return SEC_E_NO_CREDENTIALS;
	}
	ident_of(&st, id);
	cap = (size_t)st.st_size + 1;
	t->buf = dss_alloc(cap);
	if (t->buf == NULL) {
		close(fd);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	t->buf_cap = cap;
	for (;;) {
		ssize_t r;

		if (n == t->buf_cap) {
			/* the file grew since fstat */
			char *bigger;

			if (t->buf_cap > FILE_MAX) {
				close(fd);
				return SEC_E_NO_CREDENTIALS;
			}
			bigger = dss_alloc(t->buf_cap * 2);
			if (bigger == NULL) {
				close(fd);
				return SEC_E_INSUFFICIENT_MEMORY;
			}
			memcpy(bigger, t->buf, n);
			dss_free_secret(t->buf, t->buf_cap);
			t->buf = bigger;
			t->buf_cap *= 2;
		}
		r = read(fd, t->buf + n, t->buf_cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return SEC_E_NO_CREDENTIALS;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return SEC_E_OK;
}

static SECURITY_STATUS
table_load(const char *path, struct table **out, struct ident *id)
{
	struct table *t;
	SECURITY_STATUS st;
	size_t n = 0;

	t = dss_calloc(sizeof(*t));
	if (t == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	if (pthread_mutex_init(&t->uh_lock, NULL) != 0) {
		dss_free(t);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	atomic_init(&t->refs, 1);
	/* a fixed seed would do; a random one spoils crafted collisions */
	if (!dss_random(&t->seed, sizeof(t->seed)))
		t->seed = 0;

	st = read_file(t, path, &n, id);
	if (st == SEC_E_OK)
		st = table_parse(t, n);
	if (st == SEC_E_OK)
		st = table_index(t);
	if (st != SEC_E_OK) {
		table_free(t);
		return st;
	}
	*out = t;
	return SEC_E_OK;
}

/* The userhash index of family h (uh_lock held). */
static struct uh_index *
uh_build(const struct table *t, enum dss_hash_alg h)
{
	struct uh_index *x;
	size_t i, m = 0;

	for (i = 0; i < t->n_e; i++)
		if (t->e[i].alg == (uint8_t)h)
			m++;
	x = dss_calloc(sizeof(*x));
	if (x == NULL)
		return NULL;
	x->mask = mask_for(m);
	if (x->mask == 0 || m > SIZE_MAX / sizeof(struct uh_node)) {
		dss_free(x);
		return NULL;
	}
	x->buckets = dss_alloc(((size_t)x->mask + 1) * sizeof(uint32_t));
	x->nodes = dss_alloc(m * sizeof(struct uh_node));
	if (x->buckets == NULL || x->nodes == NULL) {
		uh_free(x);
		return NULL;
	}
	memset(x->buckets, 0xff, ((size_t)x->mask + 1) * sizeof(uint32_t));

	for (i = 0; i < t->n_e; i++) {
		const struct entry *e = &t->e[i];
		struct uh_node *node;
		struct dss_hash hc;
		uint32_t b;

		/* duplicates were never chained: skip them too */
		if (e->alg != (uint8_t)h ||
		    table_find(t, dss_span(e->user, e->user_len),
			       dss_span(e->realm, e->realm_len), h) != e)
			continue;
		node = &x->nodes[x->n_nodes];
		dss_hash_init(&hc, h);
		dss_hash_update(&hc, e->user, e->user_len);
		dss_hash_update(&hc, ":", 1);
		dss_hash_update(&hc, e->realm, e->realm_len);
		dss_hash_digest(&hc, node->digest);
		node->entry = (uint32_t)i;
		b = dss_load_be32(node->digest) & x->mask;
		node->next = x->buckets[b];
		x->buckets[b] = (uint32_t)x->n_nodes;
		x->n_nodes++;
	}
	return x;
}

/* ------------------------------------------------------------------ */
/* The store                                                          */

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* see store.h */
SECURITY_STATUS
dss_store_open(const char *path, struct dss_store **out)
{
	struct dss_store *s;
	SECURITY_STATUS st;

	*out = NULL;
	if (path == NULL)
		return SEC_E_NO_CREDENTIALS;
	s = dss_calloc(sizeof(*s));
	if (s == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	s->path = dss_memdup0(path, strlen(path));
	if (s->path == NULL) {
		dss_free(s);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	st = table_load(s->path, &s->cur, &s->ident);
	if (st != SEC_E_OK) {
		dss_free(s->path);
		dss_free(s);
		return st;
	}
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		table_release(s->cur);
		dss_free(s->path);
		dss_free(s);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	if (pthread_mutex_init(&s->reload_lock, NULL) != 0) {
		pthread_mutex_destroy(&s->lock);
		table_release(s->cur);
		dss_free(s->path);
		dss_free(s);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	s->loads = 1;
	s->last_check = now_ns();
	*out = s;
	return SEC_E_OK;
}

/* see store.h */
void
dss_store_close(struct dss_store *s)
{
	if (s == NULL)
		return;
	table_release(s->cur);
	pthread_mutex_destroy(&s->reload_lock);
	pthread_mutex_destroy(&s->lock);
	dss_free(s->path);
	dss_free(s);
}

/* Reload when the file changed (reload_lock held). */
static SECURITY_STATUS
check_file(struct dss_store *s)
{
	struct table *t, *old;
	struct ident id;
	struct stat sb;
	SECURITY_STATUS st;

	if (stat(s->path, &sb) != 0)
		return SEC_E_NO_CREDENTIALS;
	ident_of(&sb, &id);
	if (ident_eq(&id, &s->ident))
		return SEC_E_OK;
	st = table_load(s->path, &t, &id);
	if (st != SEC_E_OK)
		return st;
	s->ident = id;
	pthread_mutex_lock(&s->lock);
	old = s->cur;
	s->cur = t;
	s->loads++;
	pthread_mutex_unlock(&s->lock);
	table_release(old);
	return SEC_E_OK;
}

/* see store.h */
SECURITY_STATUS
dss_store_refresh(struct dss_store *s)
{
	SECURITY_STATUS st;

	pthread_mutex_lock(&s->reload_lock);
	st = check_file(s);
	pthread_mutex_unlock(&s->reload_lock);
	pthread_mutex_lock(&s->lock);
	s->last_check = now_ns();
	pthread_mutex_unlock(&s->lock);
	return st;
}

/* The table in use, with a reference; checks the file when it is time. */
static struct table *
acquire(struct dss_store *s)
{
	struct table *t;
	int64_t now = now_ns();
	bool check = false;

	pthread_mutex_lock(&s->lock);
	if (now - s->last_check >= CHECK_INTERVAL_NS) {
		s->last_check = now;
		check = true;
	}
	pthread_mutex_unlock(&s->lock);
	/* one thread checks; the others go on with the table they have */
	if (check && pthread_mutex_trylock(&s->reload_lock) == 0) {
		(void)check_file(s);
		pthread_mutex_unlock(&s->reload_lock);
	}

	pthread_mutex_lock(&s->lock);
	t = s->cur;
	atomic_fetch_add(&t->refs, 1);
	pthread_mutex_unlock(&s->lock);
	return t;
}

/* see store.h */
bool
dss_store_lookup(struct dss_store *s, struct dss_span user,
		 struct dss_span realm, enum dss_hash_alg h, uint8_t *ha1)
{
	const struct entry *e;
	struct table *t;

	if (s == NULL || !valid_alg(h))
		return false;
	t = acquire(s);
	e = table_find(t, user, realm, h);
	if (e != NULL)
		memcpy(ha1, e->ha1, dss_hash_size(h));
	table_release(t);
	return e != NULL;
}

/* see store.h */
bool
dss_store_lookup_userhash(struct dss_store *s, struct dss_span userhash_hex,
			  struct dss_span realm, enum dss_hash_alg h,
			  char **user, size_t *user_len, uint8_t *ha1)
{
	uint8_t want[DSS_HASH_MAX];
	const struct uh_node *node = NULL;
	struct uh_index *x;
	struct table *t;
	size_t hs;
	bool found = false;
	uint32_t i;

	if (s == NULL || !valid_alg(h))
		return false;
	hs = dss_hash_size(h);
	if (userhash_hex.n != 2 * hs ||
	    !dss_hex_decode(want, userhash_hex.p, hs))
		return false;

	t = acquire(s);
	pthread_mutex_lock(&t->uh_lock);
	x = t->uh[h];
	if (x == NULL)
		x = t->uh[h] = uh_build(t, h);
	if (x != NULL) {
		for (i = x->buckets[dss_load_be32(want) & x->mask]; i != NIL;
		     i = x->nodes[i].next) {
			const struct entry *e = &t->e[x->nodes[i].entry];

			if (memcmp(x->nodes[i].digest, want, hs) == 0 &&
			    e->realm_len == realm.n &&
			    (realm.n == 0 ||
			     memcmp(e->realm, realm.p, realm.n) == 0)) {
				node = &x->nodes[i];
				break;
			}
		}
	}
	if (node != NULL) {
		const struct entry *e = &t->e[node->entry];
		char *copy = dss_memdup0(e->user, e->user_len);

		if (copy != NULL) {
			*user = copy;
			*user_len = e->user_len;
			memcpy(ha1, e->ha1, hs);
			found = true;
		}
	}
	pthread_mutex_unlock(&t->uh_lock);
	table_release(t);
	return found;
}

/* see store.h */
void
dss_store_stats(struct dss_store *s, struct dss_store_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	st->accounts = s->cur->accounts;
	st->bad_lines = s->cur->bad;
	st->duplicates = s->cur->dups;
	st->loads = s->loads;
	pthread_mutex_unlock(&s->lock);
}
