/*
 * cipher.c - HMAC-MD5, RC4 and DES / 3DES-CBC for the SASL DIGEST-MD5
 * security layer. See crypto.h.
 *
 * The primitives are nettle's, and so is CBC decryption. Written here:
 * the CBC encryption loop (a mode: an XOR and a direct call of nettle's
 * block function per block, which avoids nettle's per-block indirect
 * call), the 7-to-8 byte key spread, and for the constant-time MAC of a
 * des/3des frame the layout of MD5's last blocks (message, 0x80, bit
 * length) around nettle's compression function.
 */
#include <string.h>

#include <nettle/cbc.h>
#include <nettle/version.h>

#include "base/mem.h"
#include "crypto/crypto.h"

void
dss_hmac_md5_init(struct dss_hmac_md5 *h, const uint8_t *key, size_t n)
{
	hmac_md5_set_key(&h->ctx, n, key);
}

void
dss_hmac_md5_update(struct dss_hmac_md5 *h, const void *p, size_t n)
{
	if (n > 0)
		hmac_md5_update(&h->ctx, n, p);
}

void
dss_hmac_md5_digest(struct dss_hmac_md5 *h, uint8_t *out, size_t n)
{
	/* nettle leaves the context keyed, ready for the next message */
	hmac_md5_digest(&h->ctx, n, out);
}

/* 0xff when a == b, else 0, without a branch */
static uint8_t
ct_eq_mask(uint32_t a, uint32_t b)
{
	uint32_t d = a ^ b;

	return (uint8_t)(((d | (0u - d)) >> 31) - 1u);
}

#if NETTLE_VERSION_MAJOR == 3 && NETTLE_VERSION_MINOR >= 8 && \
	NETTLE_VERSION_MINOR < 10
/* all ones when a == b, else 0, without a branch */
static uint32_t
ct_eq_mask32(uint32_t a, uint32_t b)
{
	uint32_t d = a ^ b;

	return ((d | (0u - d)) >> 31) - 1u;
}

/* all ones when a < b (both below 2^31), else 0, without a branch */
static uint32_t
ct_lt_mask32(uint32_t a, uint32_t b)
{
	return 0u - ((a - b) >> 31);
}

static void
md5_state_le(uint8_t out[MD5_DIGEST_SIZE], const uint32_t s[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		out[4 * i] = (uint8_t)s[i];
		out[4 * i + 1] = (uint8_t)(s[i] >> 8);
		out[4 * i + 2] = (uint8_t)(s[i] >> 16);
		out[4 * i + 3] = (uint8_t)(s[i] >> 24);
	}
}

/* see crypto.h */
void
dss_hmac_md5_digest_tail_ct(const struct dss_hmac_md5 *h,
			    const uint8_t *tail, size_t len, uint32_t lim,
			    uint32_t sel, uint8_t *out, size_t n)
{
	/*
	 * nettle's HMAC context is { outer, inner, state } (HMAC_CTX in
	 * nettle/hmac.h) and an md5_ctx is { state, count (blocks done),
	 * index, block } (nettle/md5.h). The inner hash of every candidate
	 * ends within the next two blocks after the bytes state->block
	 * holds: at most 63 buffered + 16 tail + 9 of MD5 padding. So the
	 * blocks are laid out once (Lucky 13 countermeasure as in OpenSSL's
	 * ssl3_cbc_digest_record): the bytes every candidate shares as they
	 * are, the last lim bytes of the tail kept, turned into the 0x80
	 * that ends the message, or cleared by masks, and the bit length
	 * added to the block the selected candidate ends in. Every block is
	 * compressed, whichever candidate it ends, and the state after the
	 * right one kept with masks: the same calls and the same lengths for
	 * every sel. Then one outer hash, as hmac_md5_digest does.
	 */
	const struct md5_ctx *in = &h->ctx.state;
	uint32_t valid = ct_lt_mask32(0, sel) & ct_lt_mask32(sel, lim + 1);
	uint32_t end, fin;
	size_t idx, lo, nb, i, b;
	uint64_t bits;
	struct {
		struct md5_ctx m;
		uint8_t blk[2 * MD5_BLOCK_SIZE];
		uint8_t inner[MD5_DIGEST_SIZE];
		uint32_t s[4], keep[4];
	} w; /* everything secret, wiped at once */

	if (len > lim) {
		/* what every candidate has (public length): hashed as is */
		w.m = *in;
		md5_update(&w.m, len - lim, tail);
		tail += len - lim;
		len = lim;
		in = &w.m;
	}
	idx = in->index;			/* public, < 64 */
	lo = idx + len - lim;			/* shortest candidate */
	nb = (idx + len - 1 + 8) / MD5_BLOCK_SIZE + 1; /* 1 or 2 */
	/* secret: the selected message's bytes after the done blocks */
	end = (uint32_t)(idx + len) - sel;
	fin = (end + 8) / MD5_BLOCK_SIZE; /* its last block */
	bits = (in->count * MD5_BLOCK_SIZE + end) * 8;

	memcpy(w.blk, in->block, idx);
	memcpy(w.blk + idx, tail, len);
	memset(w.blk + idx + len, 0, nb * MD5_BLOCK_SIZE - idx - len);
	for (i = lo; i < idx + len; i++) {
		uint8_t data = (uint8_t)ct_lt_mask32((uint32_t)i, end);
		uint8_t stop = ct_eq_mask((uint32_t)i, end);

		w.blk[i] = (uint8_t)((w.blk[i] & data) | (0x80 & stop));
	}
	memcpy(w.s, in->state, sizeof(w.s));
	memset(w.keep, 0, sizeof(w.keep));
	for (b = 0; b < nb; b++) {
		uint32_t take = ct_eq_mask32((uint32_t)b, fin) & valid;
		uint8_t t8 = (uint8_t)take;
		uint8_t *p = w.blk + b * MD5_BLOCK_SIZE;

		/* bytes 56..63 of the last block lie past the message */
		for (i = 0; i < 8; i++)
			p[56 + i] |= (uint8_t)(bits >> (8 * i)) & t8;
		nettle_md5_compress(w.s, p);
		for (i = 0; i < 4; i++)
			w.keep[i] |= w.s[i] & take;
	}
	md5_state_le(w.inner, w.keep);
	w.m = h->ctx.outer;
	md5_update(&w.m, sizeof(w.inner), w.inner);
	md5_digest(&w.m, n, out);
	DSS_WIPE(w);
}
#else
/* see crypto.h */
void
dss_hmac_md5_digest_tail_ct(const struct dss_hmac_md5 *h,
			    const uint8_t *tail, size_t len, uint32_t lim,
			    uint32_t sel, uint8_t *out, size_t n)
{
#if NETTLE_VERSION_MAJOR == 3 && NETTLE_VERSION_MINOR < 10
	/*
	 * nettle's HMAC context is { outer, inner, state } (HMAC_CTX in
	 * nettle/hmac.h): finish the inner hash of each candidate on a copy
	 * of `state`, keep the selected one, then hash it once under `outer`
	 * as hmac_md5_digest does.
	 */
	struct md5_ctx m;
	uint8_t cand[MD5_DIGEST_SIZE], inner[MD5_DIGEST_SIZE] = { 0 };
	uint32_t q;
	size_t i;

	for (q = 1; q <= lim; q++) {
		uint8_t take = ct_eq_mask(q, sel);

		m = h->ctx.state;
		md5_update(&m, len - q, tail);
		md5_digest(&m, sizeof(cand), cand);
		for (i = 0; i < sizeof(inner); i++)
			inner[i] |= cand[i] & take;
	}
	m = h->ctx.outer;
	md5_update(&m, sizeof(inner), inner);
	md5_digest(&m, n, out);
	DSS_WIPE(m);
	DSS_WIPE(cand);
	DSS_WIPE(inner);
#else
	/* other context layouts: the whole HMAC of every candidate */
	struct dss_hmac_md5 c;
	uint8_t cand[MD5_DIGEST_SIZE];
	uint32_t q;
	size_t i;

	memset(out, 0, n);
	for (q = 1; q <= lim; q++) {
		uint8_t take = ct_eq_mask(q, sel);

		c = *h;
		hmac_md5_update(&c.ctx, len - q, tail);
		hmac_md5_digest(&c.ctx, n, cand);
		for (i = 0; i < n; i++)
			out[i] |= cand[i] & take;
	}
	DSS_WIPE(c);
	DSS_WIPE(cand);
#endif
}
#endif

void
dss_rc4_init(struct dss_rc4 *r, const uint8_t *key, size_t n)
{
	arcfour_set_key(&r->ctx, n, key);
}

void
dss_rc4_crypt(struct dss_rc4 *r, uint8_t *dst, const uint8_t *src, size_t n)
{
	if (n > 0)
		arcfour_crypt(&r->ctx, n, dst, src);
}

/* 1 when x holds an even number of one bits; branch-free. */
static uint8_t
even_parity(uint8_t x)
{
	x ^= (uint8_t)(x >> 4);
	x ^= (uint8_t)(x >> 2);
	x ^= (uint8_t)(x >> 1);
	return (uint8_t)((x & 1) ^ 1);
}

void
dss_des_key_expand(uint8_t out[8], const uint8_t in[7])
{
	int i;

	out[0] = in[0];
	for (i = 1; i < 7; i++)
		out[i] = (uint8_t)(in[i - 1] << (8 - i) | in[i] >> i);
	out[7] = (uint8_t)(in[6] << 1);
	for (i = 0; i < 8; i++) {
		out[i] &= 0xFE;
		out[i] |= even_parity(out[i]);
	}
}

void
dss_des_ecb(const uint8_t key[8], bool decrypt, uint8_t *dst,
	    const uint8_t *src, size_t n)
{
	struct des_ctx ctx;

	(void)des_set_key(&ctx, key); /* 0 only flags a weak key */
	if (decrypt)
		des_decrypt(&ctx, n, dst, src);
	else
		des_encrypt(&ctx, n, dst, src);
	DSS_WIPE(ctx);
}

void
dss_des_cbc_init(struct dss_des_cbc *c, bool triple, const uint8_t *key,
		 const uint8_t iv[8])
{
	c->triple = triple;
	if (triple) {
		uint8_t k3[DES3_KEY_SIZE];

		/* two-key EDE: E(K1) D(K2) E(K1) */
		memcpy(k3, key, 16);
		memcpy(k3 + 16, key, 8);
		(void)des3_set_key(&c->key.des3, k3);
		DSS_WIPE(k3);
	} else {
		(void)des_set_key(&c->key.des, key);
	}
	memcpy(c->iv, iv, DSS_DES_BLOCK);
}

/* one 64-bit XOR (memcpy: any alignment, any byte order) */
static inline void
xor8(uint8_t *dst, const uint8_t *src)
{
	uint64_t a, b;

	memcpy(&a, dst, sizeof(a));
	memcpy(&b, src, sizeof(b));
	a ^= b;
	memcpy(dst, &a, sizeof(a));
}

void
dss_des_cbc_encrypt(struct dss_des_cbc *c, uint8_t *buf, size_t n)
{
	const uint8_t *prev = c->iv;
	size_t i;

	if (c->triple) {
		for (i = 0; i < n; i += DSS_DES_BLOCK) {
			xor8(buf + i, prev);
			des3_encrypt(&c->key.des3, DSS_DES_BLOCK, buf + i,
				     buf + i);
			prev = buf + i;
		}
	} else {
		for (i = 0; i < n; i += DSS_DES_BLOCK) {
			xor8(buf + i, prev);
			des_encrypt(&c->key.des, DSS_DES_BLOCK, buf + i,
				    buf + i);
			prev = buf + i;
		}
	}
	if (prev != c->iv)
		memcpy(c->iv, prev, DSS_DES_BLOCK);
}

/* nettle_cipher_func adapters: nettle's CBC decrypts a chunk per call. */
static void
des_decrypt_fn(const void *ctx, size_t n, uint8_t *dst, const uint8_t *src)
{
	des_decrypt(ctx, n, dst, src);
}

static void
des3_decrypt_fn(const void *ctx, size_t n, uint8_t *dst, const uint8_t *src)
{
	des3_decrypt(ctx, n, dst, src);
}

void
dss_des_cbc_decrypt(struct dss_des_cbc *c, uint8_t *buf, size_t n)
{
	/* in place: nettle decrypts through a bounded stack buffer */
	if (n == 0)
		return;
	if (c->triple)
		cbc_decrypt(&c->key.des3, des3_decrypt_fn, DSS_DES_BLOCK, c->iv,
			    n, buf, buf);
	else
		cbc_decrypt(&c->key.des, des_decrypt_fn, DSS_DES_BLOCK, c->iv,
			    n, buf, buf);
}
