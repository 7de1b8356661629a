/*
 * hash.c - see crypto.h.
 */
#include <string.h>

#include <nettle/memops.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"

size_t
dss_hash_size(enum dss_hash_alg alg)
{
	return alg == DSS_HASH_MD5 ? MD5_DIGEST_SIZE : SHA256_DIGEST_SIZE;
}

void
dss_hash_init(struct dss_hash *h, enum dss_hash_alg alg)
{
	h->alg = alg;
	switch (alg) {
	case DSS_HASH_MD5:
		md5_init(&h->u.md5);
		break;
	case DSS_HASH_SHA256:
		sha256_init(&h->u.sha256);
		break;
	case DSS_HASH_SHA512_256:
		/* FIPS 180-4 SHA-512/256: its own IV, not truncated SHA-512 */
		sha512_256_init(&h->u.sha512);
		break;
	}
}

void
dss_hash_update(struct dss_hash *h, const void *p, size_t n)
{
	switch (h->alg) {
	case DSS_HASH_MD5:
		md5_update(&h->u.md5, n, p);
		break;
	case DSS_HASH_SHA256:
		sha256_update(&h->u.sha256, n, p);
		break;
	case DSS_HASH_SHA512_256:
		sha512_256_update(&h->u.sha512, n, p);
		break;
	}
}

void
dss_hash_digest(struct dss_hash *h, uint8_t *out)
{
	/* the state held the input's last block: wipe the member used */
	switch (h->alg) {
	case DSS_HASH_MD5:
		md5_digest(&h->u.md5, MD5_DIGEST_SIZE, out);
		DSS_WIPE(h->u.md5);
		break;
	case DSS_HASH_SHA256:
		sha256_digest(&h->u.sha256, SHA256_DIGEST_SIZE, out);
		DSS_WIPE(h->u.sha256);
		break;
	case DSS_HASH_SHA512_256:
		sha512_256_digest(&h->u.sha512, SHA512_256_DIGEST_SIZE, out);
		DSS_WIPE(h->u.sha512);
		break;
	}
}

void
dss_hash_copy(struct dss_hash *to, const struct dss_hash *from)
{
	/* the union is sized for SHA-512: copy what is in use only */
	to->alg = from->alg;
	if (from->alg == DSS_HASH_MD5)
		to->u.md5 = from->u.md5;
	else if (from->alg == DSS_HASH_SHA256)
		to->u.sha256 = from->u.sha256;
	else
		to->u.sha512 = from->u.sha512;
}

bool
dss_hash_keep(struct dss_hash_kept *k, const struct dss_hash *h)
{
	k->alg = h->alg;
	if (h->alg == DSS_HASH_MD5)
		k->u.md5 = h->u.md5;
	else if (h->alg == DSS_HASH_SHA256)
		k->u.sha256 = h->u.sha256;
	else
		return false;
	return true;
}

void
dss_hash_resume(struct dss_hash *h, const struct dss_hash_kept *k)
{
	h->alg = k->alg;
	if (k->alg == DSS_HASH_MD5)
		h->u.md5 = k->u.md5;
	else
		h->u.sha256 = k->u.sha256;
}

void
dss_hash_buf(enum dss_hash_alg alg, const void *p, size_t n, uint8_t *out)
{
	struct dss_hash h;

	dss_hash_init(&h, alg);
	dss_hash_update(&h, p, n);
	dss_hash_digest(&h, out);
}

void
dss_hashw_init(struct dss_hashw *w, enum dss_hash_alg alg, bool secret)
{
	dss_hash_init(&w->h, alg);
	w->secret = secret;
	w->len = 0;
}

void
dss_hashw_flush(struct dss_hashw *w)
{
	dss_hash_update(&w->h, w->buf, w->len);
	if (w->secret)
		dss_wipe(w->buf, w->len);
	w->len = 0;
}

void
dss_hashw_digest(struct dss_hashw *w, uint8_t *out)
{
	dss_hashw_flush(w);
	if (w->secret) {
		dss_hash_digest(&w->h, out);
		return;
	}
	/* a public input: the state need not be wiped */
	switch (w->h.alg) {
	case DSS_HASH_MD5:
		md5_digest(&w->h.u.md5, MD5_DIGEST_SIZE, out);
		break;
	case DSS_HASH_SHA256:
		sha256_digest(&w->h.u.sha256, SHA256_DIGEST_SIZE, out);
		break;
	case DSS_HASH_SHA512_256:
		sha512_256_digest(&w->h.u.sha512, SHA512_256_DIGEST_SIZE, out);
		break;
	}
}

