/*
 * test_store.c - src/store: the htdigest user file.
 *
 * Files are written into a private directory under $TMPDIR (or /tmp),
 * always through a temporary name and rename(), the way an editor or
 * `digestssp passwd` replaces them.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <nettle/md5.h>

#include "base/base.h"
#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sspi/testhook.h"
#include "store/store.h"

#define REALM "http-auth@example.org"
#define MUFASA_MD5 "3d78807defe7de2157e2b0b6573a855f"
#define MUFASA_SHA256 \
	"7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232"
#define MUFASA_SHA512_256 \
	"fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce"
#define MUFASA_USERHASH_MD5 "4238f3a16167373febb9bc4d43db9cc4"
/* RFC 7616 3.9.2 (corrected): UTF-8 user name, SHA-512/256, userhash */
#define JASON "J\xc3\xa4s\xc3\xb8n Doe"
#define JASON_REALM "api@example.org"
#define JASON_HA1 \
	"2d3d9f12c9f3d30011259dc5fecee005ae24de40e3e1f61806d03e65f1e6024f"
#define JASON_USERHASH \
	"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"

static char dir[256];

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
path_of(char *out, size_t cap, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	assert_true(n > 0 && (size_t)n < cap);
}

/* Replace the file `name` by `len` bytes of `data` (temp + rename). */
static void
put_file(const char *name, const char *data, size_t len)
{
	char path[512], tmp[600];
	FILE *f;

	path_of(path, sizeof(path), name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, path), 0);
}

static void
put_str(const char *name, const char *data)
{
	put_file(name, data, strlen(data));
}

/* Move the file's mtime `secs` into the future. */
static void
bump_mtime(const char *name, long secs)
{
	struct timespec ts[2];
	char path[512];

	path_of(path, sizeof(path), name);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec += secs;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static struct dss_store *
open_ok(const char *name)
{
	struct dss_store *s = NULL;
	char path[512];

	path_of(path, sizeof(path), name);
	assert_int_equal(dss_store_open(path, &s), SEC_E_OK);
	assert_non_null(s);
	return s;
}

static size_t
hex_len(enum dss_hash_alg h)
{
	return 2 * dss_hash_size(h);
}

/* true when (user, realm, h) is found with exactly this HA1 (hex) */
static bool
has(struct dss_store *s, const char *user, const char *realm,
    enum dss_hash_alg h, const char *hex)
{
	uint8_t got[DSS_HASH_MAX], want[DSS_HASH_MAX];

	memset(got, 0xee, sizeof(got));
	if (!dss_store_lookup(s, dss_span(user, strlen(user)),
			      dss_span(realm, strlen(realm)), h, got))
		return false;
	assert_int_equal(strlen(hex), hex_len(h));
	assert_true(dss_hex_decode(want, hex, dss_hash_size(h)));
	assert_memory_equal(got, want, dss_hash_size(h));
	/* nothing written past the digest */
	if (dss_hash_size(h) < sizeof(got))
		assert_int_equal(got[dss_hash_size(h)], 0xee);
	return true;
}

static bool
found(struct dss_store *s, const char *user, const char *realm,
      enum dss_hash_alg h)
{
	uint8_t got[DSS_HASH_MAX];

	return dss_store_lookup(s, dss_span(user, strlen(user)),
				dss_span(realm, strlen(realm)), h, got);
}

/* HA1 of the test build's own hash code, in hex. */
static void
ha1_hex(char *out, enum dss_hash_alg h, const char *user, const char *realm,
	const char *pw)
{
	uint8_t d[DSS_HASH_MAX];
	struct dss_hash hc;

	dss_hash_init(&hc, h);
	dss_hash_update(&hc, user, strlen(user));
	dss_hash_update(&hc, ":", 1);
	dss_hash_update(&hc, realm, strlen(realm));
	dss_hash_update(&hc, ":", 1);
	dss_hash_update(&hc, pw, strlen(pw));
	dss_hash_digest(&hc, d);
	dss_hex_encode(out, d, dss_hash_size(h));
	out[hex_len(h)] = '\0';
}

static size_t
line_for(char *out, size_t cap, const char *user, const char *realm,
	 enum dss_hash_alg h, const char *hex)
{
	uint8_t ha1[DSS_HASH_MAX];
	size_t n;

	assert_true(dss_hex_decode(ha1, hex, dss_hash_size(h)));
	n = dss_store_format_line(out, cap, dss_span(user, strlen(user)),
				  dss_span(realm, strlen(realm)), h, ha1);
	if (n < cap)
		out[n] = '\0';
	return n;
}

/* ------------------------------------------------------------------ */
/* Group setup: a private directory                                   */

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/test_store.XXXXXX", tmp);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	/* our own directory, made by mkdtemp: plain files only */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Lines                                                              */

static void
test_format_md5_like_htdigest(void **state)
{
	static const char user[] = "Mufasa", pw[] = "Circle of Life";
	char want[128], got[128], hex[33];
	struct md5_ctx ctx;
	uint8_t d[MD5_DIGEST_SIZE];
	size_t i, n, len;

	(void)state;
	/* what htdigest writes, computed with nettle directly */
	md5_init(&ctx);
	md5_update(&ctx, strlen(user), (const uint8_t *)user);
	md5_update(&ctx, 1, (const uint8_t *)":");
	md5_update(&ctx, strlen(REALM), (const uint8_t *)REALM);
	md5_update(&ctx, 1, (const uint8_t *)":");
	md5_update(&ctx, strlen(pw), (const uint8_t *)pw);
	md5_digest(&ctx, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	assert_string_equal(hex, MUFASA_MD5);
	n = (size_t)snprintf(want, sizeof(want), "%s:%s:%s\n", user, REALM,
			     hex);

	/* measure, too small (nothing written), exact */
	assert_int_equal(dss_store_format_line(NULL, 0, DSS_SPAN_LIT(user),
					       DSS_SPAN_LIT(REALM),
					       DSS_HASH_MD5, d),
			 n);
	memset(got, 'x', sizeof(got));
	assert_int_equal(dss_store_format_line(got, n - 1, DSS_SPAN_LIT(user),
					       DSS_SPAN_LIT(REALM),
					       DSS_HASH_MD5, d),
			 n);
	for (i = 0; i < sizeof(got); i++)
		assert_int_equal(got[i], 'x');
	len = dss_store_format_line(got, n, DSS_SPAN_LIT(user),
				    DSS_SPAN_LIT(REALM), DSS_HASH_MD5, d);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
	assert_int_equal(got[n], 'x');
	assert_int_equal(n, strlen("Mufasa:" REALM ":" MUFASA_MD5 "\n"));
	assert_memory_equal(got, "Mufasa:" REALM ":" MUFASA_MD5 "\n", n);
}

static void
test_format_sha2(void **state)
{
	char out[256];
	size_t n;

	(void)state;
	n = line_for(out, sizeof(out), "Mufasa", REALM, DSS_HASH_SHA256,
		     MUFASA_SHA256);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out, "Mufasa:" REALM ":" MUFASA_SHA256
				 ":SHA-256\n");
	line_for(out, sizeof(out), "Mufasa", REALM, DSS_HASH_SHA512_256,
		 MUFASA_SHA512_256);
	assert_string_equal(out, "Mufasa:" REALM ":" MUFASA_SHA512_256
				 ":SHA-512-256\n");
	/* UTF-8 names travel as their bytes */
	line_for(out, sizeof(out), JASON, JASON_REALM, DSS_HASH_SHA512_256,
		 JASON_HA1);
	assert_string_equal(out, JASON ":" JASON_REALM ":" JASON_HA1
				 ":SHA-512-256\n");
}

static void
test_format_refuses(void **state)
{
	static const uint8_t ha1[DSS_HASH_MAX] = { 1, 2, 3 };
	static const char *const bad_users[] = {
		"", "a:b", "a\nb", "a\rb", "#x", " x", "\tx",
	};
	char big[DSS_STORE_LINE_MAX + 1];
	char out[DSS_STORE_LINE_MAX + 8];
	size_t i, room;

	(void)state;
	for (i = 0; i < DSS_ARRAY_LEN(bad_users); i++)
		assert_int_equal(dss_store_format_line(out, sizeof(out),
			dss_span(bad_users[i], strlen(bad_users[i])),
			DSS_SPAN_LIT(REALM), DSS_HASH_MD5, ha1), 0);
	assert_int_equal(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("u"), DSS_SPAN_LIT("r:x"), DSS_HASH_MD5, ha1), 0);
	assert_int_equal(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("u"), dss_span("r\0x", 3), DSS_HASH_MD5, ha1), 0);
	assert_int_equal(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("u"), DSS_SPAN_LIT(REALM), (enum dss_hash_alg)7,
		ha1), 0);
	/* a name with a space inside, or a '#' not in front, is fine */
	assert_true(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("a #b c"), DSS_SPAN_LIT(""), DSS_HASH_MD5,
		ha1) > 0);

	/* the longest storable line is DSS_STORE_LINE_MAX bytes + "\n" */
	room = DSS_STORE_LINE_MAX - (1 + 1 + 1 + 64 + 8); /* u::hex:SHA-256 */
	memset(big, 'r', sizeof(big));
	assert_int_equal(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("u"), dss_span(big, room), DSS_HASH_SHA256, ha1),
		DSS_STORE_LINE_MAX + 1);
	assert_int_equal(dss_store_format_line(out, sizeof(out),
		DSS_SPAN_LIT("u"), dss_span(big, room + 1), DSS_HASH_SHA256,
		ha1), 0);
}

static void
test_parse_line(void **state)
{
	struct dss_store_line f;
	enum dss_hash_alg h;

	(void)state;
	assert_int_equal(dss_store_parse_line(DSS_SPAN_LIT(""), &f),
			 DSS_STORE_LINE_IGNORED);
	assert_int_equal(dss_store_parse_line(DSS_SPAN_LIT(" \t\r"), &f),
			 DSS_STORE_LINE_IGNORED);
	assert_int_equal(dss_store_parse_line(DSS_SPAN_LIT("  # x:y:z"), &f),
			 DSS_STORE_LINE_IGNORED);
	assert_int_equal(dss_store_parse_line(
		DSS_SPAN_LIT(" Mufasa:" REALM ":" MUFASA_SHA256
			     ":sha-256 \r"), &f),
		DSS_STORE_LINE_ACCOUNT);
	assert_true(dss_span_eq(f.user, "Mufasa"));
	assert_true(dss_span_eq(f.realm, REALM));
	assert_true(dss_span_eq(f.hex, MUFASA_SHA256));
	assert_int_equal(f.alg, DSS_HASH_SHA256);
	assert_int_equal(dss_store_parse_line(
		DSS_SPAN_LIT("u::" MUFASA_MD5), &f), DSS_STORE_LINE_ACCOUNT);
	assert_int_equal(f.realm.n, 0);
	assert_int_equal(f.alg, DSS_HASH_MD5);
	assert_int_equal(dss_store_parse_line(
		DSS_SPAN_LIT("u:r:" MUFASA_MD5 ":MD5"), &f),
		DSS_STORE_LINE_BAD);
	assert_int_equal(dss_store_parse_line(
		DSS_SPAN_LIT(":r:" MUFASA_MD5), &f), DSS_STORE_LINE_BAD);

	assert_true(dss_store_parse_alg(DSS_SPAN_LIT("md5"), &h));
	assert_int_equal(h, DSS_HASH_MD5);
	assert_true(dss_store_parse_alg(DSS_SPAN_LIT("SHA-256"), &h));
	assert_int_equal(h, DSS_HASH_SHA256);
	assert_true(dss_store_parse_alg(DSS_SPAN_LIT("SHA-512-256"), &h));
	assert_int_equal(h, DSS_HASH_SHA512_256);
	assert_false(dss_store_parse_alg(DSS_SPAN_LIT("SHA-512"), &h));
	assert_false(dss_store_parse_alg(DSS_SPAN_LIT("MD5-sess"), &h));
	assert_string_equal(dss_store_alg_suffix(DSS_HASH_MD5), "");
	assert_string_equal(dss_store_alg_suffix(DSS_HASH_SHA512_256),
			    "SHA-512-256");
}

/* ------------------------------------------------------------------ */
/* Loading and looking up                                             */

static void
test_lookup_per_algorithm(void **state)
{
	char l1[256], l2[256], l3[256], l4[256], file[1200];
	struct dss_store_stats st;
	struct dss_store *s;
	char alice_md5[33];

	(void)state;
	ha1_hex(alice_md5, DSS_HASH_MD5, "alice", REALM, "s3cret:with:colons");
	line_for(l1, sizeof(l1), "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5);
	line_for(l2, sizeof(l2), "Mufasa", REALM, DSS_HASH_SHA256,
		 MUFASA_SHA256);
	line_for(l3, sizeof(l3), "Mufasa", REALM, DSS_HASH_SHA512_256,
		 MUFASA_SHA512_256);
	line_for(l4, sizeof(l4), JASON, JASON_REALM, DSS_HASH_SHA512_256,
		 JASON_HA1);
	snprintf(file, sizeof(file),
		 "# a comment\n\n%s%s%s%s"
		 "alice:" REALM ":%s\r\n"	/* CRLF */
		 "   \n"
		 "bob:other realm:" MUFASA_MD5,	/* no final newline */
		 l1, l2, l3, l4, alice_md5);
	put_str("algs", file);

	s = open_ok("algs");
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_SHA256, MUFASA_SHA256));
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_SHA512_256,
			MUFASA_SHA512_256));
	assert_true(has(s, JASON, JASON_REALM, DSS_HASH_SHA512_256,
			JASON_HA1));
	assert_false(found(s, JASON, JASON_REALM, DSS_HASH_MD5));
	assert_true(has(s, "alice", REALM, DSS_HASH_MD5, alice_md5));
	assert_false(found(s, "alice", REALM, DSS_HASH_SHA256));
	assert_true(has(s, "bob", "other realm", DSS_HASH_MD5, MUFASA_MD5));
	/* exact bytes: case, realm, prefixes */
	assert_false(found(s, "mufasa", REALM, DSS_HASH_MD5));
	assert_false(found(s, "Mufasa", "http-auth@example.com",
			   DSS_HASH_MD5));
	assert_false(found(s, "Mufas", REALM, DSS_HASH_MD5));
	assert_false(found(s, "Mufasa", "", DSS_HASH_MD5));
	assert_false(found(s, "", "", DSS_HASH_MD5));
	assert_false(found(s, "Mufasa", REALM, (enum dss_hash_alg)9));
	/* the UTF-8 name is not NFC-normalised or case-folded */
	assert_false(found(s, "J\xc3\x84s\xc3\xb8n Doe", JASON_REALM,
			   DSS_HASH_SHA512_256));

	dss_store_stats(s, &st);
	assert_int_equal(st.accounts, 6);
	assert_int_equal(st.bad_lines, 0);
	assert_int_equal(st.duplicates, 0);
	assert_int_equal(st.loads, 1);
	dss_store_close(s);
	dss_store_close(NULL);
}

static void
test_bad_lines_skipped(void **state)
{
	char big_ok[DSS_STORE_LINE_MAX + 2], big_bad[DSS_STORE_LINE_MAX + 3];
	char *file, *w;
	struct dss_store_stats st;
	struct dss_store *s;
	size_t n;
	static const char *const bad[] = {
		"nocolon",
		"user:realmonly",
		"user:r:" MUFASA_MD5 "0",			/* 33 hex */
		"user:r:" "3d78807defe7de2157e2b0b6573a855",	/* 31 hex */
		"user:r:" "3d78807defe7de2157e2b0b6573a855g",	/* not hex */
		"user:r:" MUFASA_MD5 ":SHA-256",		/* 32 for SHA */
		"user:r:" MUFASA_SHA256,			/* 64 for MD5 */
		"user:r:" MUFASA_SHA256 ":SHA-512",		/* unknown */
		"user:r:" MUFASA_SHA256 ":SHA-256:extra",
		"user:r:" MUFASA_MD5 ":MD5",		/* no MD5 token */
		"user:r:" MUFASA_MD5 ":",
		":r:" MUFASA_MD5,				/* no user */
		"user:r: " MUFASA_MD5,			/* blank inside */
	};
	size_t i;

	(void)state;
	/* a line of exactly DSS_STORE_LINE_MAX bytes is fine, one more not */
	n = DSS_STORE_LINE_MAX - (2 + 1 + 32);
	memset(big_ok, 'u', n);
	memcpy(big_ok + n, ":r:" MUFASA_MD5 "\n", 2 + 1 + 32 + 2);
	assert_int_equal(strlen(big_ok), DSS_STORE_LINE_MAX + 1);
	big_ok[0] = 'U';
	/* one byte longer */
	big_bad[0] = 'V';
	memcpy(big_bad + 1, big_ok, sizeof(big_ok));
	assert_int_equal(strlen(big_bad), DSS_STORE_LINE_MAX + 2);

	file = malloc(64 * 1024);
	assert_non_null(file);
	w = file;
	w += sprintf(w, "Mufasa:%s:%s\n", REALM, MUFASA_MD5);
	for (i = 0; i < DSS_ARRAY_LEN(bad); i++)
		w += sprintf(w, "%s\n", bad[i]);
	w += sprintf(w, "%s", big_ok);
	w += sprintf(w, "%s", big_bad);
	w += sprintf(w, "last:%s:%s:sha-512-256\n", REALM, MUFASA_SHA256);
	put_file("bad", file, (size_t)(w - file));
	free(file);

	s = open_ok("bad");
	dss_store_stats(s, &st);
	assert_int_equal(st.bad_lines, DSS_ARRAY_LEN(bad) + 1);
	assert_int_equal(st.accounts, 3);
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));
	assert_true(has(s, "last", REALM, DSS_HASH_SHA512_256, MUFASA_SHA256));
	big_ok[n] = '\0';
	assert_true(has(s, big_ok, "r", DSS_HASH_MD5, MUFASA_MD5));
	assert_false(found(s, "user", "r", DSS_HASH_MD5));
	assert_false(found(s, "user", "r", DSS_HASH_SHA256));
	dss_store_close(s);
}

static void
test_duplicates_first_wins(void **state)
{
	char other[33], file[1024];
	struct dss_store_stats st;
	struct dss_store *s;

	(void)state;
	ha1_hex(other, DSS_HASH_MD5, "Mufasa", REALM, "another password");
	snprintf(file, sizeof(file),
		 "Mufasa:" REALM ":" MUFASA_SHA256 ":SHA-256\n"
		 "Mufasa:" REALM ":" MUFASA_MD5 "\n"
		 "Mufasa:" REALM ":%s\n"
		 "Mufasa:" REALM ":%s%s:SHA-256\n"
		 "Mufasa:other:%s\n"
		 "Mufasa:" REALM ":" MUFASA_MD5 "\n",
		 other, other, other, other);
	put_str("dups", file);
	s = open_ok("dups");
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_SHA256, MUFASA_SHA256));
	assert_true(has(s, "Mufasa", "other", DSS_HASH_MD5, other));
	dss_store_stats(s, &st);
	assert_int_equal(st.accounts, 3);
	assert_int_equal(st.duplicates, 3);
	assert_int_equal(st.bad_lines, 0);
	dss_store_close(s);
}

static void
test_userhash(void **state)
{
	char l[256], file[1024], uh[65], upper[65];
	uint8_t ha1[DSS_HASH_MAX], d[DSS_HASH_MAX];
	struct dss_store *s;
	char *user = NULL;
	size_t len = 0, i;

	(void)state;
	file[0] = '\0';
	line_for(l, sizeof(l), "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5);
	strcat(file, l);
	line_for(l, sizeof(l), "Mufasa", REALM, DSS_HASH_SHA256,
		 MUFASA_SHA256);
	strcat(file, l);
	line_for(l, sizeof(l), JASON, JASON_REALM, DSS_HASH_SHA512_256,
		 JASON_HA1);
	strcat(file, l);
	line_for(l, sizeof(l), "Mufasa", "elsewhere", DSS_HASH_MD5,
		 &MUFASA_SHA256[32]);
	strcat(file, l);
	put_str("uh", file);
	s = open_ok("uh");

	/* MD5 vector, lower then upper case */
	assert_true(dss_store_lookup_userhash(s,
		DSS_SPAN_LIT(MUFASA_USERHASH_MD5), DSS_SPAN_LIT(REALM),
		DSS_HASH_MD5, &user, &len, ha1));
	assert_string_equal(user, "Mufasa");
	assert_int_equal(len, 6);
	dss_hex_encode(l, ha1, 16);
	assert_memory_equal(l, MUFASA_MD5, 32);
	dss_free(user);
	user = NULL;
	for (i = 0; i < 32; i++)
		upper[i] = (char)toupper((unsigned char)MUFASA_USERHASH_MD5[i]);
	assert_true(dss_store_lookup_userhash(s, dss_span(upper, 32),
		DSS_SPAN_LIT(REALM), DSS_HASH_MD5, &user, &len, ha1));
	assert_string_equal(user, "Mufasa");
	dss_free(user);
	user = NULL;

	/* SHA-256 userhash of Mufasa (computed here) gives the SHA-256 HA1 */
	dss_hash_buf(DSS_HASH_SHA256, "Mufasa:" REALM,
		     strlen("Mufasa:" REALM), d);
	dss_hex_encode(uh, d, 32);
	assert_true(dss_store_lookup_userhash(s, dss_span(uh, 64),
		DSS_SPAN_LIT(REALM), DSS_HASH_SHA256, &user, &len, ha1));
	dss_hex_encode(l, ha1, 32);
	assert_memory_equal(l, MUFASA_SHA256, 64);
	dss_free(user);
	user = NULL;
	/* ...but Mufasa has no SHA-512/256 line here */
	dss_hash_buf(DSS_HASH_SHA512_256, "Mufasa:" REALM,
		     strlen("Mufasa:" REALM), d);
	dss_hex_encode(uh, d, 32);
	assert_false(dss_store_lookup_userhash(s, dss_span(uh, 64),
		DSS_SPAN_LIT(REALM), DSS_HASH_SHA512_256, &user, &len, ha1));

	/* RFC 7616 3.9.2: UTF-8 name, SHA-512/256 */
	assert_true(dss_store_lookup_userhash(s, DSS_SPAN_LIT(JASON_USERHASH),
		DSS_SPAN_LIT(JASON_REALM), DSS_HASH_SHA512_256, &user, &len,
		ha1));
	assert_int_equal(len, strlen(JASON));
	assert_string_equal(user, JASON);
	dss_hex_encode(l, ha1, 32);
	assert_memory_equal(l, JASON_HA1, 64);
	dss_free(user);
	user = NULL;

	/* the realm must match; wrong length, bad hex, wrong family: no */
	assert_false(dss_store_lookup_userhash(s,
		DSS_SPAN_LIT(MUFASA_USERHASH_MD5), DSS_SPAN_LIT("elsewhere"),
		DSS_HASH_MD5, &user, &len, ha1));
	assert_false(dss_store_lookup_userhash(s,
		dss_span(MUFASA_USERHASH_MD5, 31), DSS_SPAN_LIT(REALM),
		DSS_HASH_MD5, &user, &len, ha1));
	assert_false(dss_store_lookup_userhash(s,
		DSS_SPAN_LIT("4238f3a16167373febb9bc4d43db9ccg"),
		DSS_SPAN_LIT(REALM), DSS_HASH_MD5, &user, &len, ha1));
	assert_false(dss_store_lookup_userhash(s,
		DSS_SPAN_LIT(MUFASA_USERHASH_MD5), DSS_SPAN_LIT(REALM),
		DSS_HASH_SHA256, &user, &len, ha1));
	assert_null(user);
	dss_store_close(s);
}

static void
test_missing_file(void **state)
{
	struct dss_store *s = (struct dss_store *)&s;
	char path[512];

	(void)state;
	path_of(path, sizeof(path), "does-not-exist");
	assert_int_equal(dss_store_open(path, &s), SEC_E_NO_CREDENTIALS);
	assert_null(s);
	/* a directory is not a user file */
	assert_int_equal(dss_store_open(dir, &s), SEC_E_NO_CREDENTIALS);
	assert_null(s);
	assert_int_equal(dss_store_open(NULL, &s), SEC_E_NO_CREDENTIALS);
	/* an empty file is a store without accounts */
	put_str("empty", "");
	s = open_ok("empty");
	assert_false(found(s, "Mufasa", REALM, DSS_HASH_MD5));
	dss_store_close(s);
}

/* ------------------------------------------------------------------ */
/* Reloading                                                          */

static void
test_reload(void **state)
{
	char other[33], file[512], path[512];
	struct dss_store_stats st;
	struct dss_store *s;
	double t0;

	(void)state;
	ha1_hex(other, DSS_HASH_MD5, "Mufasa", REALM, "new password");
	put_str("reload", "Mufasa:" REALM ":" MUFASA_MD5 "\n");
	t0 = now_s();
	s = open_ok("reload");
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));

	/* (1) the file changes: seen after the once-per-second check */
	snprintf(file, sizeof(file), "Mufasa:" REALM ":%s\nnew:r:%s\n", other,
		 other);
	put_str("reload", file);
	bump_mtime("reload", 10);
	if (now_s() - t0 < 0.5) {
		/* not yet checked: still the old table */
		assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5,
				MUFASA_MD5));
	}
	usleep(1100 * 1000);
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, other));
	assert_true(has(s, "new", "r", DSS_HASH_MD5, other));
	dss_store_stats(s, &st);
	assert_int_equal(st.loads, 2);
	assert_int_equal(st.accounts, 2);

	/* (2) unchanged file: refresh keeps the table */
	assert_int_equal(dss_store_refresh(s), SEC_E_OK);
	dss_store_stats(s, &st);
	assert_int_equal(st.loads, 2);

	/* (3) changed in place, same size, only the mtime tells */
	path_of(path, sizeof(path), "reload");
	{
		FILE *f = fopen(path, "r+b");

		assert_non_null(f);
		assert_int_equal(fwrite("X", 1, 1, f), 1);	/* "Xufasa" */
		assert_int_equal(fclose(f), 0);
	}
	bump_mtime("reload", 20);
	assert_int_equal(dss_store_refresh(s), SEC_E_OK);
	assert_false(found(s, "Mufasa", REALM, DSS_HASH_MD5));
	assert_true(has(s, "Xufasa", REALM, DSS_HASH_MD5, other));

	/* (4) a failed reload keeps the old table */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(dss_store_refresh(s), SEC_E_NO_CREDENTIALS);
	assert_true(has(s, "Xufasa", REALM, DSS_HASH_MD5, other));
	put_str("reload", "Mufasa:" REALM ":" MUFASA_MD5 "\n");
	dss_test_fail_alloc(1);
	assert_int_equal(dss_store_refresh(s), SEC_E_INSUFFICIENT_MEMORY);
	dss_test_fail_alloc(0);
	assert_true(has(s, "Xufasa", REALM, DSS_HASH_MD5, other));
	/* the same file version is tried again, and then taken */
	assert_int_equal(dss_store_refresh(s), SEC_E_OK);
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));
	assert_false(found(s, "Xufasa", REALM, DSS_HASH_MD5));
	dss_store_stats(s, &st);
	assert_int_equal(st.loads, 4);
	dss_store_close(s);
}

/* ------------------------------------------------------------------ */
/* Allocation failures                                                */

static void
test_alloc_failures(void **state)
{
	char file[1024], l[256], path[512];
	uint8_t ha1[DSS_HASH_MAX];
	struct dss_store *s;
	SECURITY_STATUS st;
	char *user = NULL;
	size_t len;
	long n;

	(void)state;
	file[0] = '\0';
	line_for(l, sizeof(l), "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5);
	strcat(file, l);
	line_for(l, sizeof(l), JASON, JASON_REALM, DSS_HASH_SHA512_256,
		 JASON_HA1);
	strcat(file, l);
	strcat(file, "bad line\n");
	put_str("alloc", file);
	path_of(path, sizeof(path), "alloc");

	for (n = 1;; n++) {
		s = (struct dss_store *)&s;
		dss_test_fail_alloc(n);
		st = dss_store_open(path, &s);
		dss_test_fail_alloc(0);
		if (st == SEC_E_OK)
			break;
		assert_int_equal(st, SEC_E_INSUFFICIENT_MEMORY);
		assert_null(s);
		assert_true(n < 100);
	}
	print_message("dss_store_open: %ld allocations\n", n - 1);
	assert_true(n > 3);
	assert_true(has(s, "Mufasa", REALM, DSS_HASH_MD5, MUFASA_MD5));

	/* userhash: the index and the copy of the name may fail */
	for (n = 1;; n++) {
		bool ok;

		dss_test_fail_alloc(n);
		ok = dss_store_lookup_userhash(s, DSS_SPAN_LIT(JASON_USERHASH),
			DSS_SPAN_LIT(JASON_REALM), DSS_HASH_SHA512_256, &user,
			&len, ha1);
		dss_test_fail_alloc(0);
		if (ok)
			break;
		assert_true(n < 100);
	}
	assert_true(n > 1);
	assert_string_equal(user, JASON);
	dss_free(user);
	dss_store_close(s);
}

/* ------------------------------------------------------------------ */
/* 100,000 users                                                      */

#define BIG_USERS 100000

static void
test_100k_users(void **state)
{
	size_t cap = (size_t)BIG_USERS * 80, n = 0, i;
	char *file = malloc(cap);
	struct dss_store_stats st;
	struct dss_store *s;
	char user[32], hex[65];
	double t0, t_load, t_look, t_uh;
	uint8_t ha1[DSS_HASH_MAX], want[DSS_HASH_MAX];

	(void)state;
	assert_non_null(file);
	for (i = 0; i < BIG_USERS; i++) {
		char pw[32];

		snprintf(user, sizeof(user), "user%06zu", i);
		snprintf(pw, sizeof(pw), "pw%zu", i);
		ha1_hex(hex, DSS_HASH_MD5, user, REALM, pw);
		n += line_for(file + n, cap - n, user, REALM, DSS_HASH_MD5,
			      hex);
	}
	put_file("big", file, n);
	free(file);

	t0 = now_s();
	s = open_ok("big");
	t_load = now_s() - t0;
	dss_store_stats(s, &st);
	assert_int_equal(st.accounts, BIG_USERS);

	t0 = now_s();
	for (i = 0; i < BIG_USERS; i++) {
		char pw[32];

		snprintf(user, sizeof(user), "user%06zu", i);
		assert_true(dss_store_lookup(s, dss_span(user, 10),
					     DSS_SPAN_LIT(REALM), DSS_HASH_MD5,
					     ha1));
		/* check every 97th against a fresh hash (cheap enough) */
		if (i % 97 == 0) {
			snprintf(pw, sizeof(pw), "pw%zu", i);
			ha1_hex(hex, DSS_HASH_MD5, user, REALM, pw);
			assert_true(dss_hex_decode(want, hex, 16));
			assert_memory_equal(ha1, want, 16);
		}
	}
	t_look = now_s() - t0;
	assert_false(found(s, "user100000", REALM, DSS_HASH_MD5));

	/* userhash: first call builds the index, then 1000 lookups */
	t0 = now_s();
	for (i = 0; i < BIG_USERS; i += 100) {
		uint8_t d[DSS_HASH_MAX];
		char line[64], *name = NULL;
		size_t len;

		snprintf(line, sizeof(line), "user%06zu:%s", i, REALM);
		dss_hash_buf(DSS_HASH_MD5, line, strlen(line), d);
		dss_hex_encode(hex, d, 16);
		assert_true(dss_store_lookup_userhash(s, dss_span(hex, 32),
			DSS_SPAN_LIT(REALM), DSS_HASH_MD5, &name, &len, ha1));
		assert_int_equal(len, 10);
		assert_memory_equal(name, line, 10);
		dss_free(name);
	}
	t_uh = now_s() - t0;
	print_message("%d users: load %.3f s, %d lookups %.3f s, "
		      "userhash index + %d lookups %.3f s\n",
		      BIG_USERS, t_load, BIG_USERS, t_look, BIG_USERS / 100,
		      t_uh);
	dss_store_close(s);
}

/* ------------------------------------------------------------------ */
/* Threads: 4 readers while the file is rewritten                     */

#define T_USERS 64
#define T_READERS 4
#define T_SECONDS 2.5

struct shared {
	struct dss_store *s;
	atomic_bool stop;
	atomic_long lookups;
	atomic_long failures;
	/* HA1 of user i in version 0 and 1 of the file */
	uint8_t ha1[2][T_USERS][16];
	char userhash[T_USERS][33];
};

static void *
reader(void *arg)
{
	struct shared *sh = arg;
	unsigned i = 0;

	while (!atomic_load(&sh->stop)) {
		char user[16];
		uint8_t ha1[DSS_HASH_MAX];
		unsigned u = i++ % T_USERS;
		bool ok;

		snprintf(user, sizeof(user), "t%02u", u);
		if (i % 8 == 0) {
			char *name = NULL;
			size_t len;

			ok = dss_store_lookup_userhash(sh->s,
				dss_span(sh->userhash[u], 32),
				DSS_SPAN_LIT(REALM), DSS_HASH_MD5, &name,
				&len, ha1);
			ok = ok && len == 3 && memcmp(name, user, 3) == 0;
			dss_free(name);
		} else {
			ok = dss_store_lookup(sh->s, dss_span(user, 3),
					      DSS_SPAN_LIT(REALM),
					      DSS_HASH_MD5, ha1);
		}
		ok = ok && (memcmp(ha1, sh->ha1[0][u], 16) == 0 ||
			    memcmp(ha1, sh->ha1[1][u], 16) == 0);
		if (!ok)
			atomic_fetch_add(&sh->failures, 1);
		atomic_fetch_add(&sh->lookups, 1);
	}
	return NULL;
}

static void
write_version(struct shared *sh, int v)
{
	static char file[T_USERS * 64 + 64];
	char user[16], hex[33];
	size_t n = 0;
	unsigned u;

	/* version 1 also has a comment, so the sizes differ */
	if (v == 1)
		n += (size_t)sprintf(file, "# version 1\n");
	for (u = 0; u < T_USERS; u++) {
		snprintf(user, sizeof(user), "t%02u", u);
		dss_hex_encode(hex, sh->ha1[v][u], 16);
		hex[32] = '\0';
		n += line_for(file + n, sizeof(file) - n, user, REALM,
			      DSS_HASH_MD5, hex);
	}
	put_file("threads", file, n);
}

static void
test_threads(void **state)
{
	static struct shared sh;
	pthread_t th[T_READERS];
	struct dss_store_stats st;
	double t0;
	unsigned u;
	int v = 0, i, rewrites = 0;

	(void)state;
	for (u = 0; u < T_USERS; u++) {
		char user[16], hex[33], line[64];
		uint8_t d[16];

		snprintf(user, sizeof(user), "t%02u", u);
		for (v = 0; v < 2; v++) {
			ha1_hex(hex, DSS_HASH_MD5, user, REALM,
				v == 0 ? "zero" : "one");
			assert_true(dss_hex_decode(sh.ha1[v][u], hex, 16));
		}
		snprintf(line, sizeof(line), "%s:%s", user, REALM);
		dss_hash_buf(DSS_HASH_MD5, line, strlen(line), d);
		dss_hex_encode(sh.userhash[u], d, 16);
		sh.userhash[u][32] = '\0';
	}
	v = 0;
	write_version(&sh, v);
	sh.s = open_ok("threads");
	atomic_init(&sh.stop, false);
	atomic_init(&sh.lookups, 0);
	atomic_init(&sh.failures, 0);

	for (i = 0; i < T_READERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, reader, &sh), 0);
	t0 = now_s();
	while (now_s() - t0 < T_SECONDS) {
		v ^= 1;
		write_version(&sh, v);
		rewrites++;
		/* half the time the readers' own once-per-second check
		 * finds it; otherwise force a check now */
		if (rewrites % 2 == 0)
			assert_int_equal(dss_store_refresh(sh.s), SEC_E_OK);
		usleep(20 * 1000);
	}
	atomic_store(&sh.stop, true);
	for (i = 0; i < T_READERS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);

	dss_store_stats(sh.s, &st);
	print_message("threads: %ld lookups, %d rewrites, %llu loads\n",
		      atomic_load(&sh.lookups), rewrites,
		      (unsigned long long)st.loads);
	assert_int_equal(atomic_load(&sh.failures), 0);
	assert_true(atomic_load(&sh.lookups) > 0);
	assert_true(st.loads > 2);
	assert_int_equal(st.accounts, T_USERS);
	dss_store_close(sh.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_md5_like_htdigest),
		cmocka_unit_test(test_format_sha2),
		cmocka_unit_test(test_format_refuses),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_lookup_per_algorithm),
		cmocka_unit_test(test_bad_lines_skipped),
		cmocka_unit_test(test_duplicates_first_wins),
		cmocka_unit_test(test_userhash),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_100k_users),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
