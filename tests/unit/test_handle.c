/*
 * test_handle.c - the handle table (src/sspi/handle.c) and the ctxbuf
 * registry: typed tickets, stale and foreign handles, growth, threads.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sspi/sspi_int.h"

static int destroyed;

static void
count_destroy(struct dss_obj *o)
{
	__atomic_add_fetch(&destroyed, 1, __ATOMIC_RELAXED);
	free(o);
}

static struct dss_obj *
new_obj(enum dss_kind kind)
{
	struct dss_obj *o = malloc(sizeof(*o));

	assert_non_null(o);
	dss_obj_init(o, kind, count_destroy);
	return o;
}

static void
test_publish_lookup(void **state)
{
	struct dss_obj *o = new_obj(DSS_KIND_CTX), *got;
	SecHandle h, bad;
	int before = destroyed;

	(void)state;
	assert_int_equal(dss_handle_publish(o, &h), SEC_E_OK);
	dss_obj_unref(o); /* the table keeps it alive */
	assert_int_equal(destroyed, before);

	got = dss_handle_ref(&h, DSS_KIND_CTX);
	assert_ptr_equal(got, o);
	dss_obj_unref(got);
	/* wrong kind, NULL, tampered words, invalid patterns */
	assert_null(dss_handle_ref(&h, DSS_KIND_CRED));
	assert_null(dss_handle_ref(NULL, DSS_KIND_CTX));
	bad = h, bad.dwLower ^= 1;
	assert_null(dss_handle_ref(&bad, DSS_KIND_CTX));
	bad = h, bad.dwUpper ^= (uintptr_t)1 << 40;
	assert_null(dss_handle_ref(&bad, DSS_KIND_CTX));
	SecInvalidateHandle(&bad);
	assert_null(dss_handle_ref(&bad, DSS_KIND_CTX));
	bad.dwLower = bad.dwUpper = SEC_DELETED_HANDLE;
	assert_null(dss_handle_ref(&bad, DSS_KIND_CTX));
	memset(&bad, 0, sizeof(bad));
	assert_null(dss_handle_ref(&bad, DSS_KIND_CTX));

	/* unpublish: once, then "already gone", never "ours" for garbage */
	bad = h, bad.dwLower ^= 1;
	assert_int_equal(dss_handle_unpublish(&bad, DSS_KIND_CTX, &got),
			 DSS_NOT_OURS);
	assert_int_equal(dss_handle_unpublish(&h, DSS_KIND_CRED, &got),
			 DSS_NOT_OURS);
	assert_int_equal(dss_handle_unpublish(&h, DSS_KIND_CTX, &got),
			 DSS_UNPUBLISHED);
	assert_ptr_equal(got, o);
	dss_obj_unref(got);
	assert_int_equal(destroyed, before + 1);
	assert_int_equal(dss_handle_unpublish(&h, DSS_KIND_CTX, &got),
			 DSS_ALREADY_GONE);
	assert_null(got);
	assert_null(dss_handle_ref(&h, DSS_KIND_CTX));
}

/* A slot reused by a new object never answers to the old handle. */
static void
test_stale_slot_reuse(void **state)
{
	struct dss_obj *a = new_obj(DSS_KIND_CRED), *b, *got;
	SecHandle ha, hb;

	(void)state;
	assert_int_equal(dss_handle_publish(a, &ha), SEC_E_OK);
	dss_obj_unref(a);
	assert_int_equal(dss_handle_unpublish(&ha, DSS_KIND_CRED, &got),
			 DSS_UNPUBLISHED);
	dss_obj_unref(got);
	b = new_obj(DSS_KIND_CRED);
	assert_int_equal(dss_handle_publish(b, &hb), SEC_E_OK);
	dss_obj_unref(b);
	assert_true(ha.dwLower != hb.dwLower);
	assert_null(dss_handle_ref(&ha, DSS_KIND_CRED));
	got = dss_handle_ref(&hb, DSS_KIND_CRED);
	assert_ptr_equal(got, b);
	dss_obj_unref(got);
	assert_int_equal(dss_handle_unpublish(&hb, DSS_KIND_CRED, &got),
			 DSS_UNPUBLISHED);
	dss_obj_unref(got);
}

/* Thousands of live handles (the table grows), then all released. */
static void
test_growth(void **state)
{
	enum { N = 5000 };
	SecHandle *h = calloc(N, sizeof(*h));
	int before = destroyed, i;

	(void)state;
	assert_non_null(h);
	for (i = 0; i < N; i++) {
		struct dss_obj *o = new_obj(DSS_KIND_CTX);

		assert_int_equal(dss_handle_publish(o, &h[i]), SEC_E_OK);
		dss_obj_unref(o);
	}
	for (i = 0; i < N; i++) {
		struct dss_obj *o = dss_handle_ref(&h[i], DSS_KIND_CTX);

		assert_non_null(o);
		dss_obj_unref(o);
	}
	for (i = 0; i < N; i++) {
		struct dss_obj *o;

		assert_int_equal(dss_handle_unpublish(&h[i], DSS_KIND_CTX, &o),
				 DSS_UNPUBLISHED);
		dss_obj_unref(o);
	}
	assert_int_equal(destroyed, before + N);
	free(h);
}

/*
 * More live handles than one shard of the table holds (2^16): a thread
 * whose shard is full publishes into the next one; all stay valid.
 */
static void
test_shard_full(void **state)
{
	enum { N = 70000 };
	SecHandle *h = calloc(N, sizeof(*h));
	int before = destroyed, i;

	(void)state;
	assert_non_null(h);
	for (i = 0; i < N; i++) {
		struct dss_obj *o = new_obj(i & 1 ? DSS_KIND_CTX : DSS_KIND_CRED);

		assert_int_equal(dss_handle_publish(o, &h[i]), SEC_E_OK);
		dss_obj_unref(o);
	}
	for (i = 0; i < N; i++) {
		enum dss_kind k = i & 1 ? DSS_KIND_CTX : DSS_KIND_CRED;
		struct dss_obj *o = dss_handle_ref(&h[i], k);

		assert_non_null(o);
		dss_obj_unref(o);
		assert_null(dss_handle_ref(&h[i], k == DSS_KIND_CTX ?
							DSS_KIND_CRED :
							DSS_KIND_CTX));
	}
	for (i = 0; i < N; i++) {
		enum dss_kind k = i & 1 ? DSS_KIND_CTX : DSS_KIND_CRED;
		struct dss_obj *o;

		assert_int_equal(dss_handle_unpublish(&h[i], k, &o),
				 DSS_UNPUBLISHED);
		dss_obj_unref(o);
		assert_int_equal(dss_handle_unpublish(&h[i], k, &o),
				 DSS_ALREADY_GONE);
	}
	assert_int_equal(destroyed, before + N);
	free(h);
}

static void *
churn(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		struct dss_obj *o = new_obj(i & 1 ? DSS_KIND_CTX : DSS_KIND_CRED);
		struct dss_obj *got;
		SecHandle h;

		if (dss_handle_publish(o, &h) != SEC_E_OK)
			return (void *)1;
		dss_obj_unref(o);
		got = dss_handle_ref(&h, o->kind);
		if (got != o)
			return (void *)1;
		dss_obj_unref(got);
		if (dss_handle_unpublish(&h, o->kind, &got) != DSS_UNPUBLISHED)
			return (void *)1;
		dss_obj_unref(got);
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	void *r;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
}

/* ---- distributed reference counts (credentials) ---- */

struct shared_obj {
	struct dss_obj obj;
	unsigned char space[DSS_RC_SPACE];
	atomic_int alive; /* 1 until destroyed: a use after that is a bug */
};

static void
shared_destroy(struct dss_obj *o)
{
	struct shared_obj *s = (struct shared_obj *)o;

	/* destroyed once, and only when nobody holds it */
	assert_int_equal(atomic_exchange(&s->alive, 0), 1);
	__atomic_add_fetch(&destroyed, 1, __ATOMIC_RELAXED);
	free(s);
}

static struct shared_obj *
new_shared(void)
{
	struct shared_obj *s = malloc(sizeof(*s));

	assert_non_null(s);
	dss_obj_init(&s->obj, DSS_KIND_CRED, shared_destroy);
	dss_obj_distribute(&s->obj, s->space);
	atomic_init(&s->alive, 1);
	return s;
}

struct holder {
	struct dss_obj *o; /* a reference another thread drops */
	SecHandle h;
	int got;
};

static void *
take_refs(void *arg)
{
	struct holder *hd = arg;
	int i;

	/* references taken in this thread's group, dropped by another */
	for (i = 0; i < 1000; i++) {
		struct dss_obj *o = dss_handle_ref(&hd->h, DSS_KIND_CRED);

		if (o == NULL)
			return (void *)1;
		dss_obj_ref(o);  /* a copy, as a context takes */
		dss_obj_unref(o);
		dss_obj_unref(o);
	}
	hd->o = dss_handle_ref(&hd->h, DSS_KIND_CRED);
	return NULL;
}

/*
 * A reference taken in one thread's group and dropped in another's,
 * before and after FreeCredentialsHandle's unpublish: the object lives
 * exactly as long as a reference is held, and goes once.
 */
static void
test_distributed_count(void **state)
{
	struct shared_obj *s = new_shared();
	struct holder hd[3];
	struct dss_obj *o, *got;
	pthread_t t[3];
	int before = destroyed, i;
	void *r;

	(void)state;
	assert_int_equal(dss_handle_publish(&s->obj, &hd[0].h), SEC_E_OK);
	dss_obj_unref(&s->obj); /* the creator's: the table holds it */
	for (i = 0; i < 3; i++) {
		hd[i].h = hd[0].h;
		assert_int_equal(pthread_create(&t[i], NULL, take_refs, &hd[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
		assert_ptr_equal(hd[i].o, &s->obj);
	}
	/* unpublish with three references out, one more taken after */
	assert_int_equal(dss_handle_unpublish(&hd[0].h, DSS_KIND_CRED, &o),
			 DSS_UNPUBLISHED);
	assert_null(dss_handle_ref(&hd[0].h, DSS_KIND_CRED));
	dss_obj_ref(o);
	dss_obj_unref(o); /* the table's */
	got = o;
	for (i = 0; i < 3; i++) {
		dss_obj_unref(hd[i].o); /* from this (another) thread */
		assert_int_equal(destroyed, before);
		assert_int_equal(atomic_load(&s->alive), 1);
	}
	dss_obj_unref(got); /* the last one */
	assert_int_equal(destroyed, before + 1);
}

struct racer {
	SecHandle h;
	atomic_bool *stop;
	long found;
};

static void *
race_lookup(void *arg)
{
	struct racer *rc = arg;

	while (!atomic_load(rc->stop)) {
		struct dss_obj *o = dss_handle_ref(&rc->h, DSS_KIND_CRED);

		if (o == NULL)
			continue;
		if (atomic_load(&((struct shared_obj *)o)->alive) != 1)
			return (void *)1; /* handed out a destroyed object */
		rc->found++;
		dss_obj_unref(o);
	}
	return NULL;
}

/*
 * Threads look up one credential handle in a loop while it is freed
 * under them, again and again: every lookup either fails or returns a
 * live object, and each object is destroyed exactly once (under
 * ASan/valgrind/TSan a use after free or a race fails the run too).
 */
static void
test_lookup_while_freed(void **state)
{
	enum { ROUNDS = 200, THREADS = 3 };
	int before = destroyed, round, i;

	(void)state;
	for (round = 0; round < ROUNDS; round++) {
		struct shared_obj *s = new_shared();
		struct racer rc[THREADS];
		atomic_bool stop = false;
		pthread_t t[THREADS];
		struct dss_obj *o;
		SecHandle h;
		void *r;

		assert_int_equal(dss_handle_publish(&s->obj, &h), SEC_E_OK);
		dss_obj_unref(&s->obj);
		for (i = 0; i < THREADS; i++) {
			rc[i].h = h;
			rc[i].stop = &stop;
			rc[i].found = 0;
			assert_int_equal(pthread_create(&t[i], NULL, race_lookup,
							&rc[i]), 0);
		}
		if (round & 1)
			sched_yield();
		assert_int_equal(dss_handle_unpublish(&h, DSS_KIND_CRED, &o),
				 DSS_UNPUBLISHED);
		dss_obj_unref(o);
		atomic_store(&stop, true);
		for (i = 0; i < THREADS; i++) {
			assert_int_equal(pthread_join(t[i], &r), 0);
			assert_null(r);
		}
		assert_int_equal(destroyed, before + round + 1);
	}
}

static void
test_ctxbuf(void **state)
{
	char stack[16];
	void *p, *q[300];
	int i;

	(void)state;
	p = dss_ctxbuf_alloc(32);
	assert_non_null(p);
	assert_int_equal(dss_ctxbuf_free(stack), SEC_E_INVALID_HANDLE);
	assert_int_equal(dss_ctxbuf_free((char *)p + 1), SEC_E_INVALID_HANDLE);
	assert_int_equal(dss_ctxbuf_free(p), SEC_E_OK);
	assert_int_equal(dss_ctxbuf_free(NULL), SEC_E_OK);
	/* many blocks: the registry grows and keeps tombstones straight */
	for (i = 0; i < 300; i++) {
		q[i] = dss_ctxbuf_alloc((size_t)i + 1);
		assert_non_null(q[i]);
	}
	for (i = 0; i < 300; i += 2)
		assert_int_equal(dss_ctxbuf_free(q[i]), SEC_E_OK);
	for (i = 0; i < 300; i += 2)
		assert_int_equal(dss_ctxbuf_free(q[i]), SEC_E_INVALID_HANDLE);
	for (i = 1; i < 300; i += 2)
		assert_int_equal(dss_ctxbuf_free(q[i]), SEC_E_OK);
}

/* dss_uri_ok: every byte value at every position, lengths 1-24. */
static void
test_uri_ok(void **state)
{
	char buf[24];
	size_t n, i;
	unsigned c;

	(void)state;
	assert_false(dss_uri_ok(dss_span(buf, 0)));
	for (n = 1; n <= sizeof(buf); n++) {
		memset(buf, 'a', sizeof(buf));
		assert_true(dss_uri_ok(dss_span(buf, n)));
		for (i = 0; i < n; i++) {
			for (c = 0; c < 256; c++) {
				bool want = !(c < 0x20 || c == 0x7F || c == '"');

				buf[i] = (char)c;
				assert_int_equal(dss_uri_ok(dss_span(buf, n)),
						 want);
			}
			buf[i] = 'a';
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publish_lookup),
		cmocka_unit_test(test_stale_slot_reuse),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_shard_full),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_distributed_count),
		cmocka_unit_test(test_lookup_while_freed),
		cmocka_unit_test(test_ctxbuf),
		cmocka_unit_test(test_uri_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
