/*
 * Helpers shared by the API tests (tests/api): a parser for the directive
 * lists the library produces, Digest computations done independently with
 * nettle, SecBuffer set-up and status checks.
 *
 * Include after <cmocka.h>'s prerequisites; apitest.h includes cmocka.h
 * itself.
 */
#ifndef DSS_TESTS_APITEST_H
#define DSS_TESTS_APITEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <digestssp/sspi.h>

/* ---- status codes ------------------------------------------------------ */

/* Fails the test with both codes in hex unless got == want. */
#define assert_status(got, want) \
	apitest_check_status((got), (want), #got, __FILE__, __LINE__)
void apitest_check_status(SECURITY_STATUS got, SECURITY_STATUS want,
    const char *expr, const char *file, int line);

/* ---- directive lists ----------------------------------------------------- */

#define APITEST_MAX_DIRECTIVES 32

struct apitest_directive {
	char *name;      /* lower-cased */
	char *value;     /* unquoted, NUL-terminated (value_len octets) */
	size_t value_len;
	int quoted;      /* the value was a quoted-string */
};

struct apitest_dirlist {
	struct apitest_directive d[APITEST_MAX_DIRECTIVES];
	size_t n;
};

/*
 * Parses `name=token, name="quoted", ...` (optional whitespace around
 * '=' and ','; backslash escapes in quoted strings).  Fails the test on a
 * syntax error or a duplicate name.  Free with apitest_dirlist_free().
 */
void apitest_dirlist_parse(struct apitest_dirlist *l, const char *text,
    size_t len);
void apitest_dirlist_free(struct apitest_dirlist *l);
/* The directive called `name` (case-insensitive), or NULL. */
const struct apitest_directive *apitest_dirlist_get(
    const struct apitest_dirlist *l, const char *name);
/* Fails unless directive `name` exists and its value is `want`. */
void apitest_expect_value(const struct apitest_dirlist *l, const char *name,
    const char *want, size_t want_len);
void apitest_expect_str(const struct apitest_dirlist *l, const char *name,
    const char *want);
/* Same, compared ASCII-case-insensitively. */
void apitest_expect_str_nocase(const struct apitest_dirlist *l,
    const char *name, const char *want);
/* The user name, either as username="..." or as an RFC 8187 username*
   (UTF-8 ext-value); never both. */
void apitest_expect_username(const struct apitest_dirlist *l,
    const char *user, size_t user_len);
/* Fails if directive `name` is present. */
void apitest_expect_absent(const struct apitest_dirlist *l, const char *name);

/* ---- Digest computations (nettle, independent of the library) ---------- */

/* Hex length of the algorithm's digests (32 or 64); 0 if unknown.
   Accepts MD5, SHA-256, SHA-512-256 and their -sess forms (any case). */
size_t apitest_hex_len(const char *algorithm);
/* Lower-case hex digest of data into out (>= 65 bytes). */
void apitest_hash_hex(const char *algorithm, const void *data, size_t len,
    char *out);
/*
 * response = KD(HA1, nonce:nc:cnonce:qop:HA2) (RFC 7616 §3.4.1), or
 * KD(HA1, nonce:HA2) when qop is NULL.  hbody is the hex H(entity-body)
 * for qop=auth-int (NULL otherwise).  `rspauth` selects the empty method.
 */
void apitest_digest_response(const char *algorithm, const char *user,
    size_t user_len, const char *realm, size_t realm_len,
    const char *password, size_t password_len, const char *method,
    const char *uri, const char *nonce, const char *nc, const char *cnonce,
    const char *qop, const char *hbody, char *out);
/* Rank of an algorithm for "strongest first" (higher is stronger). */
int apitest_algorithm_rank(const char *algorithm);

/* ---- buffers and strings ---------------------------------------------------- */

/* Mutable copy of len octets plus a NUL (tests own API strings that the
   SSPI prototypes declare non-const).  Never NULL. */
char *apitest_dup(const void *s, size_t len);
char *apitest_strdup(const char *s);
void apitest_set_buffer(SecBuffer *b, ULONG type, void *p, size_t len);
/* Quoted-string form of s ('"' and '\\' escaped), malloc'ed. */
char *apitest_quote(const char *s);
/* printf into a new malloc'ed string. */
char *apitest_format(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Value of parameter `name` of a Digest challenge text (first occurrence,
   unquoted, malloc'ed), or NULL. */
char *apitest_challenge_param(const char *challenge, const char *name);

#endif
