/*
 * nonce.h - server nonces any server of a cluster can check, and the
 * nonce-count replay window.
 *
 *   nonce = base64url( ts || rnd || mac )                    43 characters
 *     ts  = issue time, 8 bytes big-endian Unix seconds
 *     rnd = 8 random bytes
 *     mac = HMAC-SHA256(secret, "dssp-nonce-1" || ts || rnd
 *                       || len(opaque) || opaque || len(realm) || realm)[0..15]
 *
 * The MAC binds the nonce to the session (opaque) and to the realm, so a
 * nonce cannot be moved to another session or realm, and every server
 * holding the same secret recognises it without shared state.
 */
#ifndef DSS_HTTP_NONCE_H
#define DSS_HTTP_NONCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"
#include "crypto/crypto.h"

#define DSS_NONCE_LEN 43 /* characters, no terminator */
#define DSS_NONCE_SECRET_MAX 64

/*
 * The MAC key, with the HMAC state after the key blocks (RFC 2104:
 * H(K ^ opad) and H(K ^ ipad) absorbed) computed once, so a nonce costs
 * the compressions of its own data only. A plain struct: copyable.
 */
struct dss_nonce_key {
	uint8_t secret[DSS_NONCE_SECRET_MAX]; /* secret */
	size_t len;
	struct dss_hmac256 keyed; /* secret: the state after the key */
};

/* Set the key (len <= DSS_NONCE_SECRET_MAX) and its keyed state. */
void dss_nonce_key_set(struct dss_nonce_key *k, const uint8_t *secret,
		       size_t len);

/* Writes DSS_NONCE_LEN characters (plus a NUL) into out. */
void dss_nonce_make(const struct dss_nonce_key *k, int64_t now,
		    const uint8_t rnd[8], struct dss_span opaque,
		    struct dss_span realm, char out[DSS_NONCE_LEN + 1]);

enum dss_nonce_verdict {
	DSS_NONCE_FRESH,
	DSS_NONCE_STALE,   /* genuine, but older than the lifetime */
	DSS_NONCE_FORGED,  /* not ours, altered, or for another session */
};

/*
 * Check a nonce received with `opaque` for `realm` (MAC compared in
 * constant time). *issued gets its time when genuine.
 */
enum dss_nonce_verdict dss_nonce_check(const struct dss_nonce_key *k,
				       struct dss_span nonce,
				       struct dss_span opaque,
				       struct dss_span realm, int64_t now,
				       uint32_t lifetime, int64_t *issued);

/*
 * The verdict on a genuine nonce issued at `issued`: FORGED when from
 * the future (beyond a few seconds of clock skew), STALE when older
 * than `lifetime`, else FRESH. dss_nonce_check ends with it.
 */
#define DSS_NONCE_FUTURE_SLACK 5 /* seconds a peer's clock may run ahead */

/* (inline, as the two below: asked on every request) */
static inline enum dss_nonce_verdict
dss_nonce_age(int64_t issued, int64_t now, uint32_t lifetime)
{
	if (issued > now + DSS_NONCE_FUTURE_SLACK)
		return DSS_NONCE_FORGED;
	return now - issued > (int64_t)lifetime ? DSS_NONCE_STALE :
						  DSS_NONCE_FRESH;
}

/*
 * Nonce counts seen on one nonce: the highest, and a 64-bit mask of the
 * ones below it (bit i: max - i was seen). nc 0 is never valid.
 */
struct dss_nc_window {
	uint32_t max;
	uint64_t seen;
};

/* True when nc may be accepted (strict: only max + 1). */
static inline bool
dss_nc_acceptable(const struct dss_nc_window *w, uint32_t nc, bool strict)
{
	uint32_t back;

	if (nc == 0)
		return false;
	if (strict)
		return w->max != UINT32_MAX && nc == w->max + 1;
	if (nc > w->max)
		return true;
	back = w->max - nc;
	return back < 64 && !(w->seen >> back & 1u);
}

/* Record nc as used (after the request was verified). */
static inline void
dss_nc_record(struct dss_nc_window *w, uint32_t nc)
{
	if (nc > w->max) {
		uint32_t shift = nc - w->max;

		w->seen = shift >= 64 ? 0 : w->seen << shift;
		w->seen |= 1u;
		w->max = nc;
	} else {
		w->seen |= (uint64_t)1 << (w->max - nc);
	}
}

#endif
