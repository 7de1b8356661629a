/*
 * test_handle.c - the handle table (src/sspi/handle.c) and the ctxbuf
 * registry: typed tickets, stale and foreign handles, growth, threads.
 */
#include <pthread.h>
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
		cmocka_unit_test(test_ctxbuf),
		cmocka_unit_test(test_uri_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
