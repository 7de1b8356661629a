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

void
dss_nonce_key_set(struct dss_nonce_key *k, const uint8_t *secret, size_t len)
{
	dss_wipe(k->secret, sizeof(k->secret));
	memcpy(k->secret, secret, len);
	k->len = len;
	dss_hmac256_init(&k->keyed, k->secret, k->len);
}

static void
mac(const struct dss_nonce_key *k, const uint8_t *ts_rnd,
    struct dss_span opaque, struct dss_span realm, uint8_t out[32])
{
	struct dss_hmac256 h = k->keyed; /* secret; wiped by the digest */
	uint8_t len[4];

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

/*
 * base64url digit values (RFC 4648 section 5); 0xff: not a digit. The
 * nonce is public, so a table lookup is fine here.
 */
static const uint8_t b64url[256] = {
	['A'] = 0,  ['B'] = 1,	['C'] = 2,  ['D'] = 3,	['E'] = 4,  ['F'] = 5,
	['G'] = 6,  ['H'] = 7,	['I'] = 8,  ['J'] = 9,	['K'] = 10, ['L'] = 11,
	['M'] = 12, ['N'] = 13, ['O'] = 14, ['P'] = 15, ['Q'] = 16, ['R'] = 17,
	['S'] = 18, ['T'] = 19, ['U'] = 20, ['V'] = 21, ['W'] = 22, ['X'] = 23,
	['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27, ['c'] = 28, ['d'] = 29,
	['e'] = 30, ['f'] = 31, ['g'] = 32, ['h'] = 33, ['i'] = 34, ['j'] = 35,
	['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39, ['o'] = 40, ['p'] = 41,
	['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47,
	['w'] = 48, ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53,
	['2'] = 54, ['3'] = 55, ['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59,
	['8'] = 60, ['9'] = 61, ['-'] = 62, ['_'] = 63,
};

/*
 * The 32 bytes of a DSS_NONCE_LEN-character nonce. As nettle's decoder
 * did before: the 2 bits left over in the last digit are ignored.
 */
static bool
decode_nonce(uint8_t raw[NONCE_RAW], const char *s)
{
	uint32_t acc = 0;
	unsigned bits = 0, bad = 0;
	size_t i, o = 0;

	for (i = 0; i < DSS_NONCE_LEN; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned v = b64url[c];

		/* 'A' is the only digit whose value is 0 */
		bad |= v == 0 && c != 'A';
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[o++] = (uint8_t)(acc >> bits);
		}
	}
	return !bad;
}

enum dss_nonce_verdict
dss_nonce_check(const struct dss_nonce_key *k, struct dss_span nonce,
		struct dss_span opaque, struct dss_span realm, int64_t now,
		uint32_t lifetime, int64_t *issued)
{
	uint8_t raw[NONCE_RAW], m[32];
	int64_t ts;

	if (nonce.n != DSS_NONCE_LEN || !decode_nonce(raw, nonce.p))
		return DSS_NONCE_FORGED;
	mac(k, raw, opaque, realm, m);
	if (!dss_ct_eq(m, raw + 16, MAC_LEN))
		return DSS_NONCE_FORGED;
	ts = (int64_t)((uint64_t)dss_load_be32(raw) << 32 |
		       dss_load_be32(raw + 4));
	if (ts > now + DSS_NONCE_FUTURE_SLACK)
		return DSS_NONCE_FORGED; /* ours, yet from the future */
	*issued = ts;
	return dss_nonce_age(ts, now, lifetime);
}
