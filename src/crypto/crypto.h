/*
 * crypto.h - the only room that includes nettle.
 *
 * Hashes for HTTP Digest (MD5, SHA-256, SHA-512/256), constant-time
 * comparison, and randomness from getrandom().
 */
#ifndef DSS_CRYPTO_CRYPTO_H
#define DSS_CRYPTO_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/sha2.h>

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

/* Digest size in bytes: 16 or 32. */
size_t dss_hash_size(enum dss_hash_alg alg);

void dss_hash_init(struct dss_hash *h, enum dss_hash_alg alg);
void dss_hash_update(struct dss_hash *h, const void *p, size_t n);

/* Writes dss_hash_size() bytes; the context is wiped afterwards. */
void dss_hash_digest(struct dss_hash *h, uint8_t *out);

/* One-shot H(p) into out. */
void dss_hash_buf(enum dss_hash_alg alg, const void *p, size_t n, uint8_t *out);

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

/* Constant-time equality of two n-byte secrets (nettle memeql_sec). */
bool dss_ct_eq(const void *a, const void *b, size_t n);

/*
 * n bytes from the kernel's CSPRNG (getrandom). Returns false only when
 * the kernel refuses; callers map that to SEC_E_INTERNAL_ERROR.
 */
bool dss_random(void *out, size_t n);

#endif
