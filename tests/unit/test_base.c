/*
 * test_base.c - src/base: hex, big-endian, UTF-8/UTF-16, strbuf, spans.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/base.h"
#include "base/bytes.h"
#include "base/lock.h"
#include "base/mem.h"
#include "base/strbuf.h"
#include "base/utf.h"

static void
test_hex(void **state)
{
	static const uint8_t in[] = { 0x00, 0x09, 0x0a, 0x7f, 0x80, 0xab,
				      0xf0, 0xff };
	uint8_t back[sizeof(in)];
	char out[2 * sizeof(in) + 1] = { 0 };
	unsigned c;

	(void)state;
	dss_hex_encode(out, in, sizeof(in));
	assert_string_equal(out, "00090a7f80abf0ff");
	assert_true(dss_hex_decode(back, out, sizeof(in)));
	assert_memory_equal(back, in, sizeof(in));
	assert_true(dss_hex_decode(back, "00090A7F80ABF0FF", sizeof(in)));
	assert_memory_equal(back, in, sizeof(in));
	/* every byte value: exactly 0-9 a-f A-F are digits */
	for (c = 0; c < 256; c++) {
		char two[2] = { '0', (char)c };
		int digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			    (c >= 'A' && c <= 'F');

		assert_int_equal(dss_hex_decode(back, two, 1), digit);
		two[0] = (char)c, two[1] = '0';
		assert_int_equal(dss_hex_decode(back, two, 1), digit);
	}
}

/* Every length up to 40 (the 16-byte SSE2 steps and both tails) and every
   byte value in every position. */
static void
test_hex_lengths(void **state)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t in[40], back[40];
	char out[81], want[81];
	size_t n, i, k;
	unsigned c;

	(void)state;
	for (n = 0; n <= sizeof(in); n++) {
		for (k = 0; k < 256; k++) {
			for (i = 0; i < n; i++)
				in[i] = (uint8_t)(k * 31 + i * 77 + (i == k % 40 ? k : 0));
			for (i = 0; i < n; i++) {
				want[2 * i] = digits[in[i] >> 4];
				want[2 * i + 1] = digits[in[i] & 15];
			}
			dss_hex_encode(out, in, n);
			assert_memory_equal(out, want, 2 * n);
			memset(back, 0, sizeof(back));
			assert_true(dss_hex_decode(back, out, n));
			assert_memory_equal(back, in, n);
		}
		/* one bad character anywhere fails the whole decode */
		memset(want, 'A', sizeof(want));
		for (i = 0; i < 2 * n; i++) {
			for (c = 0; c < 256; c++) {
				int digit = (c >= '0' && c <= '9') ||
					    (c >= 'a' && c <= 'f') ||
					    (c >= 'A' && c <= 'F');

				want[i] = (char)c;
				assert_int_equal(dss_hex_decode(back, want, n),
						 digit);
			}
			want[i] = 'A';
		}
	}
}

static void
test_be32(void **state)
{
	uint8_t b[4];
	char h[8];

	(void)state;
	dss_store_be32(b, 0x01020304u);
	assert_int_equal(b[0], 1);
	assert_int_equal(b[3], 4);
	assert_int_equal(dss_load_be32(b), 0x01020304u);
	dss_hex32(h, 0xdeadbeefu);
	assert_memory_equal(h, "deadbeef", 8);
}

/* Every length up to 100 at every offset mod 16: the bytes copied, and
 * none around them touched. */
static void
test_copy_short(void **state)
{
	unsigned char src[160], dst[200], want[200];
	size_t n, at, i;

	(void)state;
	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 37 + 11);
	for (n = 0; n <= 100; n++) {
		for (at = 0; at < 16; at++) {
			memset(dst, 0xEE, sizeof(dst));
			memset(want, 0xEE, sizeof(want));
			memcpy(want + 40 + at, src + at, n);
			dss_copy_short(dst + 40 + at, src + at, n);
			assert_memory_equal(dst, want, sizeof(dst));
		}
	}
	dss_copy_short(dst, NULL, 0); /* nothing read */
}

static void
test_utf(void **state)
{
	/* "Jäsøn" + U+1F600 (a surrogate pair) */
	static const uint16_t w[] = { 'J', 0xE4, 's', 0xF8, 'n', 0xD83D,
				      0xDE00 };
	static const char u[] = "J\xc3\xa4s\xc3\xb8n\xf0\x9f\x98\x80";
	char out[32];
	uint16_t wout[16];
	size_t n;

	(void)state;
	n = dss_utf16_to_utf8(NULL, 0, w, 7);
	assert_int_equal(n, sizeof(u) - 1);
	assert_int_equal(dss_utf16_to_utf8(out, sizeof(out), w, 7), n);
	assert_memory_equal(out, u, n);
	assert_int_equal(dss_utf8_to_utf16(wout, 16, u, n), 7);
	assert_memory_equal(wout, w, sizeof(w));
	assert_true(dss_utf8_valid(u, n));

	/* unpaired surrogates */
	{
		static const uint16_t hi[] = { 'a', 0xD800 };
		static const uint16_t lo[] = { 0xDC00, 'a' };
		static const uint16_t hi2[] = { 0xD800, 'a' };

		assert_int_equal(dss_utf16_to_utf8(NULL, 0, hi, 2), SIZE_MAX);
		assert_int_equal(dss_utf16_to_utf8(NULL, 0, lo, 2), SIZE_MAX);
		assert_int_equal(dss_utf16_to_utf8(NULL, 0, hi2, 2), SIZE_MAX);
	}
	/* invalid UTF-8: overlong, surrogate, truncated, stray, > U+10FFFF */
	assert_false(dss_utf8_valid("\xc0\xaf", 2));
	assert_false(dss_utf8_valid("\xed\xa0\x80", 3));
	assert_false(dss_utf8_valid("\xe2\x82", 2));
	assert_false(dss_utf8_valid("\x80", 1));
	assert_false(dss_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_int_equal(dss_utf8_to_utf16(NULL, 0, "\xc3", 1), SIZE_MAX);
	assert_int_equal(dss_utf16_len((const uint16_t *)L"" "\0"), 0);
}

static void
test_strbuf(void **state)
{
	char buf[8];
	struct dss_strbuf sb;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	dss_sb_init(&sb, buf, sizeof(buf));
	dss_sb_puts(&sb, "abc");
	dss_sb_put_quoted(&sb, "a\"b", 3); /* "a\"b" = 6 bytes */
	assert_true(sb.overflow);
	assert_int_equal(sb.len, 9);
	/* sticky: a later short write does not land */
	dss_sb_putc(&sb, 'z');
	assert_int_equal(sb.len, 10);
	assert_memory_equal(buf, "abc", 3);
	dss_sb_terminate(&sb); /* no room: nothing written */

	dss_sb_init(&sb, buf, sizeof(buf));
	dss_sb_put_quoted(&sb, "a\\", 2);
	dss_sb_terminate(&sb);
	assert_false(sb.overflow);
	assert_string_equal(buf, "\"a\\\\\"");

	dss_sb_init(&sb, NULL, 100);
	dss_sb_puts(&sb, "measure");
	assert_int_equal(sb.len, 7);
	assert_true(sb.overflow);
}

/* Every string of up to 7 bytes over a, '"', '\' quotes as expected. */
static void
test_strbuf_quoting(void **state)
{
	static const char alpha[3] = { 'a', '"', '\\' };
	char in[7], want[2 * sizeof(in) + 2], got[sizeof(want) + 1];
	struct dss_strbuf sb;
	size_t n, k, i, w;

	(void)state;
	for (n = 0; n <= sizeof(in); n++) {
		size_t combos = 1;

		for (i = 0; i < n; i++)
			combos *= 3;
		for (k = 0; k < combos; k++) {
			size_t x = k;

			w = 0;
			want[w++] = '"';
			for (i = 0; i < n; i++, x /= 3) {
				in[i] = alpha[x % 3];
				if (in[i] != 'a')
					want[w++] = '\\';
				want[w++] = in[i];
			}
			want[w++] = '"';
			memset(got, 'x', sizeof(got));
			dss_sb_init(&sb, got, sizeof(got));
			dss_sb_put_quoted(&sb, in, n);
			assert_false(sb.overflow);
			assert_int_equal(sb.len, w);
			assert_memory_equal(got, want, w);
			/* measuring gives the same length */
			dss_sb_init(&sb, NULL, 0);
			dss_sb_put_quoted(&sb, in, n);
			assert_int_equal(sb.len, w);
		}
	}
	/* longer strings: one or two specials in every pair of positions */
	{
		char lin[70], lwant[2 * sizeof(lin) + 2];
		char lgot[sizeof(lwant)];
		size_t a, b;

		for (n = 0; n <= sizeof(lin); n++)
		for (a = 0; a <= n; a++)
		for (b = a; b <= n; b++) {
			memset(lin, 'x', sizeof(lin));
			if (a < n)
				lin[a] = '"';
			if (b < n && b != a)
				lin[b] = '\\';
			w = 0;
			lwant[w++] = '"';
			for (i = 0; i < n; i++) {
				if (lin[i] != 'x')
					lwant[w++] = '\\';
				lwant[w++] = lin[i];
			}
			lwant[w++] = '"';
			dss_sb_init(&sb, lgot, sizeof(lgot));
			dss_sb_put_quoted(&sb, lin, n);
			assert_int_equal(sb.len, w);
			assert_memory_equal(lgot, lwant, w);
		}
	}
}

/* dss_mem_eq_ci against a reference for every length up to 20. */
static int
ref_eq_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dss_ascii_lower((unsigned char)a[i]) !=
		    dss_ascii_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

static void
test_mem_eq_ci(void **state)
{
	static const char pool[] = "aZ09-@`[{\x7f\xc1\xe1";
	char a[20], b[20];
	size_t n, i, k;
	unsigned c;

	(void)state;
	for (n = 0; n <= sizeof(a); n++) {
		for (k = 0; k < 64; k++) {
			for (i = 0; i < n; i++)
				a[i] = pool[(i * 7 + k) % (sizeof(pool) - 1)];
			memcpy(b, a, n);
			assert_true(dss_mem_eq_ci(a, b, n));
			for (i = 0; i < n; i++) {
				for (c = 0; c < 256; c++) {
					b[i] = (char)c;
					assert_int_equal(dss_mem_eq_ci(a, b, n),
							 ref_eq_ci(a, b, n));
				}
				b[i] = a[i];
			}
		}
	}
}

static void
test_span_and_mem(void **state)
{
	char *p;
	uint8_t secret[16];

	(void)state;
	assert_true(dss_span_eq_ci(dss_span("DiGeSt", 6), "digest"));
	assert_false(dss_span_eq_ci(dss_span("Digest", 6), "digests"));
	assert_false(dss_span_eq_ci(dss_span("Digests", 7), "digest"));
	assert_true(dss_span_eq(dss_span("abc", 3), "abc"));
	assert_false(dss_span_eq(dss_span("abC", 3), "abc"));
	p = dss_memdup0("ab\0c", 4);
	assert_non_null(p);
	assert_memory_equal(p, "ab\0c", 5);
	dss_free(p);
	memset(secret, 0xAA, sizeof(secret));
	DSS_WIPE(secret);
	{
		uint8_t zero[16] = { 0 };

		assert_memory_equal(secret, zero, sizeof(zero));
	}
}

/*
 * dss_wipe (dss_zero) of objects of a size known at the call (the
 * inline vector stores for 16 to 512 bytes, the last overlapping;
 * memset outside that): exactly the n bytes are zero, the guards
 * around them intact.
 */
#define WIPE_CHECK(n)                                                   \
	do {                                                            \
		unsigned char buf_[(n) + 32];                           \
		size_t i_;                                              \
                                                                        \
		memset(buf_, 0xAA, sizeof(buf_));                       \
		dss_wipe(buf_ + 16, (n));                               \
		for (i_ = 0; i_ < sizeof(buf_); i_++)                   \
			assert_int_equal(buf_[i_],                      \
			    i_ >= 16 && i_ < 16 + (size_t)(n) ? 0 : 0xAA); \
	} while (0)

static void
test_wipe_sizes(void **state)
{
	(void)state;
	WIPE_CHECK(1);
	WIPE_CHECK(15);
	WIPE_CHECK(16);
	WIPE_CHECK(17);
	WIPE_CHECK(31);
	WIPE_CHECK(32);
	WIPE_CHECK(65);
	WIPE_CHECK(92);
	WIPE_CHECK(96);
	WIPE_CHECK(127);
	WIPE_CHECK(128);
	WIPE_CHECK(129);
	WIPE_CHECK(300);
	WIPE_CHECK(504);
	WIPE_CHECK(511);
	WIPE_CHECK(512);
	WIPE_CHECK(513);
}

/*
 * dss_eq_short against memcmp: every length up to 48 at 8 alignments,
 * equal, then with one byte changed at each position (a difference only
 * the last byte of a length, or one only in the middle of a 16..32-byte
 * string, is what overlapping loads could miss).
 */
static void
test_eq_short(void **state)
{
	unsigned char a[64 + 8], b[64 + 8];
	size_t n, at, off;

	(void)state;
	for (n = 0; n < sizeof(a); n++)
		a[n] = b[n] = (unsigned char)(n * 37 + 11);
	for (off = 0; off < 8; off++) {
		for (n = 0; n <= 48; n++) {
			assert_true(dss_eq_short(a + off, b + off, n));
			for (at = 0; at < n; at++) {
				b[off + at] ^= 0x40;
				assert_false(dss_eq_short(a + off, b + off, n));
				b[off + at] ^= 0x40;
			}
			/* a byte just past the end does not count */
			b[off + n] ^= 0x40;
			assert_true(dss_eq_short(a + off, b + off, n));
			b[off + n] ^= 0x40;
		}
	}
}

/*
 * dss_lock: four threads add to one counter under the lock, with a
 * non-atomic read, pause and write in the section. A lock that let two
 * threads in would lose updates, and one that lost a wake-up would hang
 * (ctest's timeout). The holder yields inside the section now and then,
 * so that the others find it taken, spin out and sleep on it.
 */
#define LOCK_THREADS 4
#define LOCK_ROUNDS 20000

struct lock_test {
	struct dss_lock lock;
	volatile unsigned long count;
	unsigned long in_section; /* never above 1, seen from inside */
	unsigned long max_seen;
};

static void *
lock_worker(void *arg)
{
	struct lock_test *t = arg;
	unsigned i;

	for (i = 0; i < LOCK_ROUNDS; i++) {
		unsigned long c;

		dss_lock_take(&t->lock);
		if (++t->in_section > t->max_seen)
			t->max_seen = t->in_section;
		c = t->count;
		if (i % 512 == 0)
			sched_yield();
		t->count = c + 1;
		t->in_section--;
		dss_lock_give(&t->lock);
	}
	return NULL;
}

static void
test_lock(void **state)
{
	static struct lock_test t;
	pthread_t th[LOCK_THREADS];
	unsigned i;

	(void)state;
	dss_lock_init(&t.lock);
	for (i = 0; i < LOCK_THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, lock_worker, &t),
				 0);
	for (i = 0; i < LOCK_THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_int_equal(t.count, (unsigned long)LOCK_THREADS * LOCK_ROUNDS);
	assert_int_equal(t.max_seen, 1);
	/* given back: a take now does not wait */
	dss_lock_take(&t.lock);
	dss_lock_give(&t.lock);
	dss_lock_fini(&t.lock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_wipe_sizes),
		cmocka_unit_test(test_hex_lengths),
		cmocka_unit_test(test_be32),
		cmocka_unit_test(test_copy_short),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_eq_short),
		cmocka_unit_test(test_utf),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_strbuf_quoting),
		cmocka_unit_test(test_mem_eq_ci),
		cmocka_unit_test(test_span_and_mem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
