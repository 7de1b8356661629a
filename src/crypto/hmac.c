/*
 * hmac.c - HMAC-SHA256 and base64url. See crypto.h.
 */
#include <nettle/base64.h>

#include "base/mem.h"
#include "crypto/crypto.h"

void
dss_hmac256_init(struct dss_hmac256 *h, const uint8_t *key, size_t n)
{
	hmac_sha256_set_key(&h->ctx, n, key);
}

void
dss_hmac256_update(struct dss_hmac256 *h, const void *p, size_t n)
{
	hmac_sha256_update(&h->ctx, n, p);
}

void
dss_hmac256_digest(struct dss_hmac256 *h, uint8_t *out)
{
	hmac_sha256_digest(&h->ctx, SHA256_DIGEST_SIZE, out);
	DSS_WIPE(h->ctx);
}

size_t
dss_base64url_encode(char *out, const uint8_t *in, size_t n)
{
	struct base64_encode_ctx ctx;
	size_t len, i;

	if (n % 3 == 0) {
		/*
		 * Whole groups need neither padding nor nettle's streaming
		 * state: its raw encoder, then the two letters in which the
		 * URL alphabet differs.
		 */
		len = BASE64_ENCODE_RAW_LENGTH(n);
		base64_encode_raw(out, n, in);
		for (i = 0; i < len; i++)
			out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
		return len;
	}
	base64url_encode_init(&ctx);
	len = base64_encode_update(&ctx, out, n, in);
	len += base64_encode_final(&ctx, out + len);
	while (len > 0 && out[len - 1] == '=')
		len--;
	return len;
}

size_t
dss_base64url_decode(uint8_t *out, size_t cap, const char *in, size_t n)
{
	struct base64_decode_ctx ctx;
	size_t len = cap, i;

	/* nettle skips white space; a nonce never holds any */
	for (i = 0; i < n; i++)
		if (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' ||
		    in[i] == '\n' || in[i] == '=')
			return SIZE_MAX;
	if (BASE64_DECODE_LENGTH(n) > cap)
		return SIZE_MAX;
	base64url_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &len, out, n, in))
		return SIZE_MAX;
	/* a length that leaves bits over is not canonical base64url */
	if (n % 4 == 1)
		return SIZE_MAX;
	return len;
}
