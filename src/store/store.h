/*
 * store.h - the server's user file: Apache htdigest format.
 *
 * One account per line:
 *
 *   user:realm:HA1hex                 MD5, exactly as htdigest(1) writes it
 *   user:realm:HA1hex:SHA-256         digestssp extension (64 hex)
 *   user:realm:HA1hex:SHA-512-256     digestssp extension (64 hex)
 *
 * HA1 = H(user ":" realm ":" password) of the line's algorithm. The user
 * name ends at the first ':' and the realm at the next one; both are
 * UTF-8 (any bytes but ':' and newline). As in Apache, white space
 * (space, tab, CR, VT, FF) at the start and end of a line is dropped, and
 * then empty lines and lines starting with '#' are ignored (so a user name
 * cannot begin with white space or '#'). A line that is longer than
 * DSS_STORE_LINE_MAX bytes, has bad hex, hex of the wrong length for its
 * algorithm or an unknown algorithm token is skipped and counted (see
 * dss_store_stats); a duplicate (user, realm, algorithm) is skipped too:
 * the first line wins, as in Apache's mod_authn_file.
 *
 * Apache takes the first line whose user and realm match, so an MD5 line
 * must come before the SHA-2 lines of its account (dss_store_format_line
 * and `digestssp passwd` keep that order); Apache then never sees the
 * SHA-2 lines.
 *
 * The store is loaded into memory and is safe to use from any number of
 * threads. At most once per second a lookup checks whether the file
 * changed (mtime, ctime, size, inode, device) and reloads it; the new
 * table is built without holding the lock and swapped in, and a reader
 * keeps a reference to the table it searches, so a reload never frees
 * memory under it. A reload that fails keeps the old table.
 */
#ifndef DSS_STORE_STORE_H
#define DSS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "base/base.h"
#include "crypto/crypto.h"

/* Longest line, in bytes without its newline, that the loader accepts. */
#define DSS_STORE_LINE_MAX 4096

struct dss_store;	/* opaque */

/*
 * Load the file at `path` (copied). SEC_E_OK and *out set;
 * SEC_E_INSUFFICIENT_MEMORY; SEC_E_NO_CREDENTIALS when the file cannot
 * be opened or read (or is larger than 1 GiB). A file without one valid
 * line is fine: every lookup then fails.
 */
SECURITY_STATUS dss_store_open(const char *path, struct dss_store **out);

/* Release the store and wipe every HA1. NULL is fine. */
void dss_store_close(struct dss_store *s);

/*
 * H(user ":" realm ":" password) for hash `h`: dss_hash_size(h) bytes
 * (16 or 32) into ha1. User and realm are compared byte for byte.
 * Checks at most once per second whether the file changed and reloads
 * it then (a failed reload keeps the old table). true when found; ha1
 * is untouched otherwise.
 */
bool dss_store_lookup(struct dss_store *s, struct dss_span user,
                      struct dss_span realm, enum dss_hash_alg h,
                      uint8_t *ha1);

/*
 * userhash (RFC 7616 section 3.4.4): the account of `realm` with an HA1
 * for `h` whose hex(H(user ":" realm)) (hash h) equals `userhash_hex`
 * (compared case-insensitively). On success *user is a new dss_alloc'ed
 * NUL-terminated copy of the name (the caller frees it with dss_free),
 * *user_len its length, and ha1 as for dss_store_lookup. The index of
 * H(user ":" realm) for `h` is built on the first call for `h` after
 * each (re)load. false when not found, and also when memory runs out.
 */
bool dss_store_lookup_userhash(struct dss_store *s,
                               struct dss_span userhash_hex,
                               struct dss_span realm, enum dss_hash_alg h,
                               char **user, size_t *user_len, uint8_t *ha1);

/*
 * One file line, "\n" included, for an account: MD5 ->
 * "user:realm:hex\n" (byte-identical to htdigest), SHA-256 ->
 * "user:realm:hex:SHA-256\n", SHA-512/256 -> "user:realm:hex:SHA-512-256\n",
 * with ha1 (dss_hash_size(h) bytes) in lower-case hex. Returns the
 * length; the line is written only when it fits in cap bytes (measure
 * with cap 0), nothing is written otherwise. No NUL is added.
 *
 * Returns 0 (and writes nothing) when the account cannot be stored: the
 * user or realm contains ':', CR, LF or NUL, the user name is empty or
 * begins with '#' or white space, or the line would exceed
 * DSS_STORE_LINE_MAX bytes.
 */
size_t dss_store_format_line(char *out, size_t cap, struct dss_span user,
                             struct dss_span realm, enum dss_hash_alg h,
                             const uint8_t *ha1);

/* ------------------------------------------------------------------ */
/* Helpers shared with `digestssp passwd`                             */

/* The algorithm token of a line ("" for MD5, "SHA-256", "SHA-512-256"). */
const char *dss_store_alg_suffix(enum dss_hash_alg h);

/*
 * "MD5", "SHA-256" or "SHA-512-256" (case-insensitive; also
 * "SHA-512/256") to a hash. false for anything else.
 */
bool dss_store_parse_alg(struct dss_span name, enum dss_hash_alg *h);

enum dss_store_line_kind {
	DSS_STORE_LINE_IGNORED,	/* empty, blanks only, or a '#' comment */
	DSS_STORE_LINE_ACCOUNT,	/* a valid account line */
	DSS_STORE_LINE_BAD	/* anything else (skipped and counted) */
};

/* One line split into its fields (views into the line). */
struct dss_store_line {
	struct dss_span user;
	struct dss_span realm;
	struct dss_span hex;
	enum dss_hash_alg alg;
};

/*
 * Classify one line, without its "\n" (white space around it is
 * ignored). For DSS_STORE_LINE_ACCOUNT, *out holds the fields; the hex
 * is known to be valid for the algorithm. Otherwise *out is unspecified.
 */
enum dss_store_line_kind dss_store_parse_line(struct dss_span line,
                                              struct dss_store_line *out);

/* Counters of the table in use, for diagnostics. */
struct dss_store_stats {
	size_t accounts;	/* (user, realm, algorithm) entries in use */
	size_t bad_lines;	/* lines skipped as DSS_STORE_LINE_BAD */
	size_t duplicates;	/* valid lines skipped: key seen before */
	uint64_t loads;		/* successful loads: 1 after open, +1 per
				 * reload */
};

void dss_store_stats(struct dss_store *s, struct dss_store_stats *st);

/*
 * Check the file now, without waiting for the once-per-second check,
 * and reload it if it changed. SEC_E_OK when the table in use matches
 * the file (reloaded or unchanged); otherwise the status of the failed
 * reload (SEC_E_NO_CREDENTIALS, SEC_E_INSUFFICIENT_MEMORY), and the old
 * table stays. For a server's SIGHUP, and for tests.
 */
SECURITY_STATUS dss_store_refresh(struct dss_store *s);

#endif
