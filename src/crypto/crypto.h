/*
 * crypto.h - the only room that includes nettle.
 *
 * Hashes for HTTP Digest (MD5, SHA-256, SHA-512/256), constant-time
 * comparison, and randomness from getrandom(). For the SASL DIGEST-MD5
 * security layer (cipher.c): HMAC-MD5, RC4 and DES / two-key 3DES in CBC
 * mode.
 */
#ifndef DSS_CRYPTO_CRYPTO_H
#define DSS_CRYPTO_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nettle/arcfour.h>
#include <nettle/des.h>
#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>

#include "base/bytes.h"

#define DSS_HASH_MAX 32 /* largest digest, bytes */

enum dss_hash_alg {
	DSS_HASH_MD5,
	DSS_HASH_SHA256,
	DSS_HASH_SHA512_256,
};

/* A running hash; a plain struct without pointers (copyable). */
struct dss_hash {
	enum dss_hash_alg alg;
	union {
		struct md5_ctx md5;
		struct sha256_ctx sha256;
		struct sha512_ctx sha512;
	} u;
};

/*
 * A running MD5 or SHA-256 hash kept to go on from later (a server
 * session keeps one): the members of struct dss_hash those two use, so
 * half its size. SHA-512/256 is not kept.
 */
struct dss_hash_kept {
	enum dss_hash_alg alg;
	union {
		struct md5_ctx md5;
		struct sha256_ctx sha256;
	} u;
};

/* Digest size in bytes: 16 or 32. */
size_t dss_hash_size(enum dss_hash_alg alg);

void dss_hash_init(struct dss_hash *h, enum dss_hash_alg alg);
void dss_hash_update(struct dss_hash *h, const void *p, size_t n);

/* Writes dss_hash_size() bytes; the context is wiped afterwards. */
void dss_hash_digest(struct dss_hash *h, uint8_t *out);

/* *to = *from, copying only the member in use. */
void dss_hash_copy(struct dss_hash *to, const struct dss_hash *from);

/* Keep h in *k; false (nothing kept) for SHA-512/256. */
bool dss_hash_keep(struct dss_hash_kept *k, const struct dss_hash *h);

/* h = the hash kept in *k, to go on with. */
void dss_hash_resume(struct dss_hash *h, const struct dss_hash_kept *k);

/* One-shot H(p) into out. */
void dss_hash_buf(enum dss_hash_alg alg, const void *p, size_t n, uint8_t *out);

/*
 * A hash fed through a buffer on the caller's stack: the pieces of an
 * input (names, colons, nonces) are copied together and hashed with one
 * update per DSS_HASHW_MAX bytes instead of one call per piece; longer
 * inputs simply take more updates. With `secret` every byte the buffer
 * held is wiped (a password, H(A1)).
 */
#define DSS_HASHW_MAX 512

struct dss_hashw {
	struct dss_hash h;
	bool secret;
	size_t len;
	char buf[DSS_HASHW_MAX];
};

void dss_hashw_init(struct dss_hashw *w, enum dss_hash_alg alg, bool secret);

/* Hash what the buffer holds and empty it; w->h then has everything. */
void dss_hashw_flush(struct dss_hashw *w);

/* The digest of everything put; with `secret` the state is wiped too. */
void dss_hashw_digest(struct dss_hashw *w, uint8_t *out);

static inline void
dss_hashw_put(struct dss_hashw *w, const void *p, size_t n)
{
	if (n > sizeof(w->buf) - w->len) {
		dss_hashw_flush(w);
		if (n > sizeof(w->buf)) {
			dss_hash_update(&w->h, p, n);
			return;
		}
	}
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

/*
 * Room for n (<= DSS_HASHW_MAX) bytes written in place; the caller then
 * adds what it wrote to w->len.
 */
static inline char *
dss_hashw_room(struct dss_hashw *w, size_t n)
{
	if (n > sizeof(w->buf) - w->len)
		dss_hashw_flush(w);
	return w->buf + w->len;
}

/* HMAC-SHA256 (nonce MACs of the HTTP server). */
struct dss_hmac256 {
	struct hmac_sha256_ctx ctx;
};

void dss_hmac256_init(struct dss_hmac256 *h, const uint8_t *key, size_t n);
void dss_hmac256_update(struct dss_hmac256 *h, const void *p, size_t n);
/* 32 bytes; the context is wiped. */
void dss_hmac256_digest(struct dss_hmac256 *h, uint8_t *out);

/* base64url without padding (RFC 4648 section 5): 4*ceil(n/3) at most. */
size_t dss_base64url_encode(char *out, const uint8_t *in, size_t n);

/*
 * Decode base64url without padding into out (room for `cap` bytes).
 * Returns the decoded length, or SIZE_MAX when malformed or too long.
 */
size_t dss_base64url_decode(uint8_t *out, size_t cap, const char *in,
			    size_t n);

/*
 * Constant-time equality of two n-byte secrets. The differences are
 * OR-ed together over the whole length, eight bytes per step: no branch
 * depends on the bytes (memeql_sec works byte by byte; a digest is 16 to
 * 64 bytes). Inline: a later request's check calls it once.
 */
static inline bool
dss_ct_eq(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	uint64_t diff = 0;
	size_t i = 0;

	for (; n - i >= 8; i += 8)
		diff |= dss_load64(x + i) ^ dss_load64(y + i);
	if (i < n)
		diff |= (uint64_t)(memeql_sec(x + i, y + i, n - i) == 0);
	/* 1 when diff is 0, computed without a comparison */
	return (bool)(((diff | (0 - diff)) >> 63) ^ 1u);
}

/*
 * n bytes from the kernel's CSPRNG (getrandom). Returns false only when
 * the kernel refuses; callers map that to SEC_E_INTERNAL_ERROR.
 */
bool dss_random(void *out, size_t n);

/*
 * n bytes (at most DSS_RANDOM_PUBLIC_MAX) for values sent in clear:
 * nonces, cnonces, opaques. They come from the same getrandom() output,
 * fetched DSS_RANDOM_POOL bytes at a time into a pool of the calling
 * thread: one system call per several values instead of one per value
 * (about 470 ns each here, a third of an HTTP client answer). A process
 * forked from this one never reuses its parent's pool (random.c). Keys
 * and other secrets use dss_random(): the pool holds bytes not yet used.
 */
#define DSS_RANDOM_POOL 256
#define DSS_RANDOM_PUBLIC_MAX 64
bool dss_random_public(void *out, size_t n);

/*
 * SASL DIGEST-MD5 security layer primitives (protocol.md B.8, B.9), in
 * cipher.c. Every state is a plain struct without pointers: copying it
 * takes a snapshot, copying it back restores it. They hold key material:
 * DSS_WIPE them when done.
 */

/*
 * HMAC-MD5 keyed once, then used for many messages: after each digest the
 * context is ready for the next message under the same key (nettle resets
 * it to the keyed state).
 */
struct dss_hmac_md5 {
	struct hmac_md5_ctx ctx;
};

void dss_hmac_md5_init(struct dss_hmac_md5 *h, const uint8_t *key,
		       size_t n);
void dss_hmac_md5_update(struct dss_hmac_md5 *h, const void *p, size_t n);
/* The first n (1..16) bytes of the MAC; the key stays set. */
void dss_hmac_md5_digest(struct dss_hmac_md5 *h, uint8_t *out, size_t n);

/*
 * The first n (1..16) bytes of the MAC of what h absorbed followed by
 * tail[0 .. len - sel], where sel, 1..lim (lim <= len, lim <= 16), is
 * secret: the inner hash of every candidate length len - q, q = 1..lim,
 * is computed and the one for q == sel kept with masks, then one outer
 * hash (Lucky 13). A sel outside 1..lim gives a MAC of no candidate. h is
 * not changed.
 * With nettle 3.8 and 3.9 the candidates are not finished one by one:
 * the one or two MD5 blocks they end in are laid out with masks and each
 * compressed once, the same work for every sel (cipher.c).
 */
void dss_hmac_md5_digest_tail_ct(const struct dss_hmac_md5 *h,
				 const uint8_t *tail, size_t len,
				 uint32_t lim, uint32_t sel, uint8_t *out,
				 size_t n);

/* RC4 (nettle arcfour): one keystream that every call continues. */
struct dss_rc4 {
	struct arcfour_ctx ctx;
};

/* key: 1..256 bytes. */
void dss_rc4_init(struct dss_rc4 *r, const uint8_t *key, size_t n);
/* dst may equal src. */
void dss_rc4_crypt(struct dss_rc4 *r, uint8_t *dst, const uint8_t *src,
		   size_t n);

#define DSS_DES_BLOCK 8

/*
 * Spread 7 key bytes over 8 (7 bits each, most significant first) and
 * set bit 0 of every byte for odd parity (protocol.md B.9).
 */
void dss_des_key_expand(uint8_t out[8], const uint8_t in[7]);

/*
 * Single DES in ECB mode over n bytes (a multiple of 8), for the
 * known-answer tests. Parity bits are ignored.
 */
void dss_des_ecb(const uint8_t key[8], bool decrypt, uint8_t *dst,
		 const uint8_t *src, size_t n);

/*
 * DES, or two-key triple DES (EDE with K3 = K1), in CBC mode. The
 * chaining block `iv` carries over from one call to the next, so a
 * snapshot of the direction is a copy of `iv` alone (the key schedule
 * never changes).
 */
struct dss_des_cbc {
	bool triple;
	union {
		struct des_ctx des;
		struct des3_ctx des3;
	} key;
	uint8_t iv[DSS_DES_BLOCK];
};

/*
 * key: 8 bytes (DES) or 16 bytes K1 || K2 (triple). Parity bits are
 * ignored and weak keys are accepted: nettle's key setup only reports
 * them, and MD5 output practically never is one.
 */
void dss_des_cbc_init(struct dss_des_cbc *c, bool triple, const uint8_t *key,
		      const uint8_t iv[8]);
/* In place; n a multiple of 8. */
void dss_des_cbc_encrypt(struct dss_des_cbc *c, uint8_t *buf, size_t n);
void dss_des_cbc_decrypt(struct dss_des_cbc *c, uint8_t *buf, size_t n);

#endif
