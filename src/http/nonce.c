/*
 * nonce.c - see nonce.h.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "http/nonce.h"

#define NONCE_RAW 32
#define MAC_LEN 16
#define MAGIC "dssp-nonce-1"
#define FUTURE_SLACK 5 /* seconds a peer's clock may run ahead */

static void
mac(const struct dss_nonce_key *k, const uint8_t *ts_rnd,
    struct dss_span opaque, struct dss_span realm, uint8_t out[32])
{
	struct dss_hmac256 h;
	uint8_t len[4];

	dss_hmac256_init(&h, k->secret, k->len);
	dss_hmac256_update(&h, MAGIC, sizeof(MAGIC) - 1);
	dss_hmac256_update(&h, ts_rnd, 16);
	dss_store_be32(len, (uint32_t)opaque.n);
	dss_hmac256_update(&h, len, 4);
	dss_hmac256_update(&h, opaque.p, opaque.n);
	dss_store_be32(len, (uint32_t)realm.n);
	dss_hmac256_update(&h, len, 4);
	dss_hmac256_update(&h, realm.p, realm.n);
	dss_hmac256_digest(&h, out);
}

void
dss_nonce_make(const struct dss_nonce_key *k, int64_t now, const uint8_t rnd[8],
	       struct dss_span opaque, struct dss_span realm,
	       char out[DSS_NONCE_LEN + 1])
{
	uint8_t raw[NONCE_RAW], m[32];
	uint64_t t = (uint64_t)now;

	dss_store_be32(raw, (uint32_t)(t >> 32));
	dss_store_be32(raw + 4, (uint32_t)t);
	memcpy(raw + 8, rnd, 8);
	mac(k, raw, opaque, realm, m);
	memcpy(raw + 16, m, MAC_LEN);
	dss_base64url_encode(out, raw, NONCE_RAW);
	out[DSS_NONCE_LEN] = '\0';
}

enum dss_nonce_verdict
dss_nonce_check(const struct dss_nonce_key *k, struct dss_span nonce,
		struct dss_span opaque, struct dss_span realm, int64_t now,
		uint32_t lifetime, int64_t *issued)
{
	uint8_t raw[NONCE_RAW + 2], m[32];
	int64_t ts;

	if (nonce.n != DSS_NONCE_LEN ||
	    dss_base64url_decode(raw, sizeof(raw), nonce.p, nonce.n) !=
		    NONCE_RAW)
		return DSS_NONCE_FORGED;
	mac(k, raw, opaque, realm, m);
	if (!dss_ct_eq(m, raw + 16, MAC_LEN))
		return DSS_NONCE_FORGED;
	ts = (int64_t)((uint64_t)dss_load_be32(raw) << 32 |
		       dss_load_be32(raw + 4));
	if (ts > now + FUTURE_SLACK)
		return DSS_NONCE_FORGED; /* ours, yet from the future */
	*issued = ts;
	return now - ts > (int64_t)lifetime ? DSS_NONCE_STALE : DSS_NONCE_FRESH;
}

bool
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

void
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
