/*
 * seclayer.c - the SASL DIGEST-MD5 security layer. See seclayer.h.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "seclayer/seclayer.h"

#define TYPE_SEQ_LEN 6 /* 00 01 || BE32(seq), in clear */

/* Magic constants of RFC 2831 section 2.3 / 2.4, without NUL. */
static const char magic_ic[] =
	"Digest session key to client-to-server signing key magic constant";
static const char magic_is[] =
	"Digest session key to server-to-client signing key magic constant";
static const char magic_cc[] =
	"Digest H(A1) to client-to-server sealing key magic constant";
static const char magic_cs[] =
	"Digest H(A1) to server-to-client sealing key magic constant";

static bool
is_block(enum dss_sl_cipher c)
{
	return c == DSS_SL_DES || c == DSS_SL_3DES;
}

static bool
is_rc4(enum dss_sl_cipher c)
{
	return c == DSS_SL_RC4_40 || c == DSS_SL_RC4_56 || c == DSS_SL_RC4;
}

static void
md5_of(uint8_t out[16], const uint8_t *a, size_t an, const char *magic,
       size_t mn)
{
	struct dss_hash h;

	dss_hash_init(&h, DSS_HASH_MD5);
	dss_hash_update(&h, a, an);
	dss_hash_update(&h, magic, mn);
	dss_hash_digest(&h, out); /* wipes h */
}

/* Kic and Kis; Kcc and Kcs too when `cipher_keys`. */
static void
derive(struct dss_sl_keys *k, const uint8_t ha1[16], enum dss_sl_cipher c,
       bool cipher_keys)
{
	size_t n = c == DSS_SL_RC4_40 ? 5 : c == DSS_SL_RC4_56 ? 7 : 16;

	md5_of(k->kic, ha1, 16, magic_ic, sizeof(magic_ic) - 1);
	md5_of(k->kis, ha1, 16, magic_is, sizeof(magic_is) - 1);
	if (!cipher_keys)
		return;
	md5_of(k->kcc, ha1, n, magic_cc, sizeof(magic_cc) - 1);
	md5_of(k->kcs, ha1, n, magic_cs, sizeof(magic_cs) - 1);
}

void
dss_sl_derive(struct dss_sl_keys *k, const uint8_t ha1[16],
	      enum dss_sl_cipher c)
{
	derive(k, ha1, c, true);
}

static void
dir_init(struct dss_sl_dir *d, enum dss_sl_cipher c, const uint8_t ki[16],
	 const uint8_t kc[16])
{
	uint8_t key[16];

	dss_hmac_md5_init(&d->mac, ki, DSS_SL_KEY_LEN);
	switch (c) {
	case DSS_SL_NONE:
		break;
	case DSS_SL_RC4_40:
	case DSS_SL_RC4_56:
	case DSS_SL_RC4:
		/* always the 16 bytes of Kc; "40"/"56" shortened H(A1) */
		dss_rc4_init(&d->c.rc4, kc, DSS_SL_KEY_LEN);
		break;
	case DSS_SL_DES:
		dss_des_key_expand(key, kc);
		dss_des_cbc_init(&d->c.cbc, false, key, kc + 8);
		break;
	case DSS_SL_3DES:
		/* K1 = Kc[0..6], K2 = Kc[7..13]; the IV overlaps K2 */
		dss_des_key_expand(key, kc);
		dss_des_key_expand(key + 8, kc + 7);
		dss_des_cbc_init(&d->c.cbc, true, key, kc + 8);
		break;
	}
	d->seq = 0;
	DSS_WIPE(key);
}

void
dss_sl_init(struct dss_seclayer *l, const uint8_t ha1[16], bool client,
	    enum dss_sl_cipher c)
{
	struct dss_sl_keys k;

	memset(l, 0, sizeof(*l));
	l->cipher = c;
	/* auth-int has no cipher: its Kcc/Kcs would be two MD5s for nothing */
	memset(&k, 0, sizeof(k));
	derive(&k, ha1, c, c != DSS_SL_NONE);
	dir_init(&l->send, c, client ? k.kic : k.kis, client ? k.kcc : k.kcs);
	dir_init(&l->recv, c, client ? k.kis : k.kic, client ? k.kcs : k.kcc);
	DSS_WIPE(k);
}

void
dss_sl_clear(struct dss_seclayer *l)
{
	dss_wipe(l, sizeof(*l));
}

size_t
dss_sl_block_size(const struct dss_seclayer *l)
{
	return is_block(l->cipher) ? DSS_DES_BLOCK : 1;
}

size_t
dss_sl_trailer_max(const struct dss_seclayer *l)
{
	return is_block(l->cipher) ? DSS_SL_TRAILER_MAX : DSS_SL_SIG_LEN;
}

/* Padding length for a len-byte message: 1..8, so that 8 | len + p + 10. */
static size_t
pad_len(size_t len)
{
	return DSS_DES_BLOCK - (len % DSS_DES_BLOCK + DSS_SL_MAC_LEN) %
				       DSS_DES_BLOCK;
}

size_t
dss_sl_tail_len(const struct dss_seclayer *l, size_t len)
{
	if (is_block(l->cipher))
		return DSS_SL_SIG_LEN + pad_len(len);
	return DSS_SL_SIG_LEN;
}

size_t
dss_sl_min_payload(const struct dss_seclayer *l)
{
	return is_block(l->cipher) ? 2 * DSS_DES_BLOCK + TYPE_SEQ_LEN :
				     DSS_SL_SIG_LEN;
}

/* Start the MAC of a message: HMAC-MD5(Ki, BE32(seq) || ...). */
static void
mac_start(struct dss_sl_dir *d, uint32_t seq)
{
	uint8_t b[4];

	dss_store_be32(b, seq);
	dss_hmac_md5_update(&d->mac, b, sizeof(b));
}

/* 00 01 || BE32(seq) */
static void
put_type_seq(uint8_t *p, uint32_t seq)
{
	p[0] = 0;
	p[1] = 1;
	dss_store_be32(p + 2, seq);
}

/* Message type and sequence number of a received trailer. */
static SECURITY_STATUS
check_type_seq(const struct dss_sl_dir *d, const uint8_t *p)
{
	if (p[0] != 0 || p[1] != 1)
		return SEC_E_MESSAGE_ALTERED;
	if (d->seq >= DSS_SL_SEQ_END || dss_load_be32(p + 2) != d->seq)
		return SEC_E_OUT_OF_SEQUENCE;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_sl_sign(struct dss_seclayer *l, const struct dss_iov *iov, size_t n,
	    uint8_t sig[DSS_SL_SIG_LEN])
{
	struct dss_sl_dir *d = &l->send;
	uint32_t seq;
	size_t i;

	if (d->seq >= DSS_SL_SEQ_END)
		return SEC_E_OUT_OF_SEQUENCE;
	seq = (uint32_t)d->seq;
	mac_start(d, seq);
	for (i = 0; i < n; i++)
		dss_hmac_md5_update(&d->mac, iov[i].p, iov[i].n);
	dss_hmac_md5_digest(&d->mac, sig, DSS_SL_MAC_LEN);
	put_type_seq(sig + DSS_SL_MAC_LEN, seq);
	d->seq++;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_sl_verify(struct dss_seclayer *l, const struct dss_iov *iov, size_t n,
	      const uint8_t *sig, size_t tlen)
{
	struct dss_sl_dir *d = &l->recv;
	uint8_t mac[DSS_SL_MAC_LEN];
	SECURITY_STATUS st;
	bool good;
	size_t i;

	if (tlen != DSS_SL_SIG_LEN)
		return SEC_E_INVALID_TOKEN;
	st = check_type_seq(d, sig + DSS_SL_MAC_LEN);
	if (st != SEC_E_OK)
		return st;
	mac_start(d, (uint32_t)d->seq);
	for (i = 0; i < n; i++)
		dss_hmac_md5_update(&d->mac, iov[i].p, iov[i].n);
	dss_hmac_md5_digest(&d->mac, mac, sizeof(mac));
	good = dss_ct_eq(mac, sig, sizeof(mac));
	DSS_WIPE(mac);
	if (!good)
		return SEC_E_MESSAGE_ALTERED;
	d->seq++;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_sl_seal(struct dss_seclayer *l, uint8_t *msg, size_t len, uint8_t *tail,
	    size_t cap, size_t *tail_len)
{
	struct dss_sl_dir *d = &l->send;
	size_t need = dss_sl_tail_len(l, len);
	uint8_t mac[DSS_SL_MAC_LEN];
	uint32_t seq;

	if (d->seq >= DSS_SL_SEQ_END)
		return SEC_E_OUT_OF_SEQUENCE;
	if (cap < need)
		return SEC_E_BUFFER_TOO_SMALL;
	seq = (uint32_t)d->seq;

	/* the MAC covers the plain message: before encrypting it */
	mac_start(d, seq);
	dss_hmac_md5_update(&d->mac, msg, len);
	dss_hmac_md5_digest(&d->mac, mac, sizeof(mac));

	if (l->cipher == DSS_SL_NONE) {
		memcpy(tail, mac, sizeof(mac));
	} else if (is_rc4(l->cipher)) {
		dss_rc4_crypt(&d->c.rc4, msg, msg, len);
		dss_rc4_crypt(&d->c.rc4, tail, mac, sizeof(mac));
	} else {
		/*
		 * Whole blocks in place; the last partial block, the padding
		 * and the MAC (16 or 24 bytes) on the stack, then split
		 * between the end of msg and the tail.
		 */
		size_t r = len % DSS_DES_BLOCK, full = len - r;
		size_t p = pad_len(len);
		uint8_t last[3 * DSS_DES_BLOCK];

		dss_des_cbc_encrypt(&d->c.cbc, msg, full);
		if (r > 0)
			memcpy(last, msg + full, r);
		memset(last + r, (int)p, p);
		memcpy(last + r + p, mac, sizeof(mac));
		dss_des_cbc_encrypt(&d->c.cbc, last, r + p + sizeof(mac));
		if (r > 0)
			memcpy(msg + full, last, r);
		memcpy(tail, last + r, p + sizeof(mac));
		DSS_WIPE(last);
	}
	put_type_seq(tail + need - TYPE_SEQ_LEN, seq);
	*tail_len = need;
	d->seq++;
	DSS_WIPE(mac);
	return SEC_E_OK;
}

/* 1 when a < b; both below 2^31. Branch-free. */
static uint32_t
ct_lt(uint32_t a, uint32_t b)
{
	return (a - b) >> 31;
}

/*
 * Check the CBC padding of a decrypted part buf[0..enc) (enc >= 16,
 * so 6 bytes at least precede the MAC) without branching on its bytes.
 * Returns 1 when 1 <= p <= 8, p <= enc - 10 and all p pad bytes equal p;
 * *body is then enc - 10 - p, else enc - 10 (so the MAC is computed all
 * the same).
 */
static uint32_t
check_padding(const uint8_t *buf, size_t enc, size_t *body)
{
	size_t room = enc - DSS_SL_MAC_LEN; /* public */
	uint32_t lim = room < DSS_DES_BLOCK ? (uint32_t)room : DSS_DES_BLOCK;
	uint32_t p = buf[room - 1];
	uint32_t ok = ct_lt(0, p) & ct_lt(p, lim + 1);
	uint32_t i;

	for (i = 0; i < lim; i++) {
		uint32_t diff = buf[room - 1 - i] ^ p;

		ok &= ~(ct_lt(i, p) & ct_lt(0, diff)) & 1;
	}
	*body = room - (p & (0u - ok));
	return ok;
}

/*
 * The MAC of a des/3des frame: HMAC(Ki, BE32(seq) || buf[0..room - sel))
 * where sel, the padding length (0 when the padding was bad), is secret.
 * Hashing room - sel bytes would make the work depend on it (Lucky 13):
 * the part every candidate shares (all but the last 8 bytes) is hashed
 * once, then dss_hmac_md5_digest_tail_ct finishes the inner hash of the
 * selected candidate length 1..8 with the same work for each (a bad
 * padding selects none: the frame fails anyway).
 */
static void
mac_padded(const struct dss_sl_dir *d, const uint8_t *buf, size_t room,
	   uint32_t sel, uint8_t *out)
{
	size_t fixed = room > DSS_DES_BLOCK ? room - DSS_DES_BLOCK : 0;
	struct dss_hmac_md5 base = d->mac;
	uint8_t seq[4];

	dss_store_be32(seq, (uint32_t)d->seq);
	dss_hmac_md5_update(&base, seq, sizeof(seq));
	dss_hmac_md5_update(&base, buf, fixed);
	dss_hmac_md5_digest_tail_ct(&base, buf + fixed, room - fixed,
				    (uint32_t)(room - fixed), sel, out,
				    DSS_SL_MAC_LEN);
	DSS_WIPE(base);
}

SECURITY_STATUS
dss_sl_unseal(struct dss_seclayer *l, uint8_t *buf, size_t len,
	      size_t *plain_len)
{
	struct dss_sl_dir *d = &l->recv;
	union {
		struct dss_rc4 rc4;
		uint8_t iv[DSS_DES_BLOCK];
	} saved;
	uint8_t mac[DSS_SL_MAC_LEN];
	SECURITY_STATUS st;
	size_t enc, body;
	uint32_t good = 1;

	if (len < dss_sl_min_payload(l))
		return SEC_E_INCOMPLETE_MESSAGE;
	enc = len - TYPE_SEQ_LEN;
	if (is_block(l->cipher) && enc % DSS_DES_BLOCK != 0)
		return SEC_E_MESSAGE_ALTERED;
	st = check_type_seq(d, buf + enc);
	if (st != SEC_E_OK)
		return st;

	/* snapshot what decrypting changes, then decrypt in place */
	if (is_rc4(l->cipher)) {
		saved.rc4 = d->c.rc4;
		dss_rc4_crypt(&d->c.rc4, buf, buf, enc);
	} else if (is_block(l->cipher)) {
		memcpy(saved.iv, d->c.cbc.iv, DSS_DES_BLOCK);
		dss_des_cbc_decrypt(&d->c.cbc, buf, enc);
	}

	if (is_block(l->cipher)) {
		size_t room = enc - DSS_SL_MAC_LEN; /* public */

		good = check_padding(buf, enc, &body);
		/* the MAC is computed whatever the padding said */
		mac_padded(d, buf, room, (uint32_t)(room - body), mac);
	} else {
		body = enc - DSS_SL_MAC_LEN;
		mac_start(d, (uint32_t)d->seq);
		dss_hmac_md5_update(&d->mac, buf, body);
		dss_hmac_md5_digest(&d->mac, mac, sizeof(mac));
	}
	good &= (uint32_t)dss_ct_eq(mac, buf + enc - DSS_SL_MAC_LEN,
				    sizeof(mac));
	DSS_WIPE(mac);

	if (!good) {
		if (is_rc4(l->cipher)) {
			d->c.rc4 = saved.rc4;
			dss_wipe(buf, enc);
		} else if (is_block(l->cipher)) {
			memcpy(d->c.cbc.iv, saved.iv, DSS_DES_BLOCK);
			dss_wipe(buf, enc);
		}
		DSS_WIPE(saved);
		return SEC_E_MESSAGE_ALTERED;
	}
	if (is_rc4(l->cipher))
		DSS_WIPE(saved.rc4);
	d->seq++;
	*plain_len = body;
	return SEC_E_OK;
}
