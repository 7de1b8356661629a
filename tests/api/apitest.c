/* Helpers shared by the API tests; see apitest.h. */
#include "apitest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/md5.h>
#include <nettle/sha2.h>

void apitest_check_status(SECURITY_STATUS got, SECURITY_STATUS want,
    const char *expr, const char *file, int line)
{
	if (got != want) {
		print_error("%s:%d: %s returned 0x%08x, expected 0x%08x\n", file,
		    line, expr, (unsigned)(uint32_t)got, (unsigned)(uint32_t)want);
		_fail(file, line);
	}
}

/* ---- strings ------------------------------------------------------------ */

char *apitest_dup(const void *s, size_t len)
{
	char *p = malloc(len + 1);

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *apitest_strdup(const char *s)
{
	return apitest_dup(s, strlen(s));
}

void apitest_set_buffer(SecBuffer *b, ULONG type, void *p, size_t len)
{
	b->BufferType = type;
	b->pvBuffer = p;
	b->cbBuffer = (ULONG)len;
}

char *apitest_quote(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 3);
	char *q = out;

	assert_non_null(out);
	*q++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			*q++ = '\\';
		*q++ = *s;
	}
	*q++ = '"';
	*q = '\0';
	return out;
}

char *apitest_format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- directive lists ------------------------------------------------------ */

static int is_tchar(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

void apitest_dirlist_parse(struct apitest_dirlist *l, const char *text,
    size_t len)
{
	size_t i = 0;

	memset(l, 0, sizeof(*l));
	for (;;) {
		size_t start, k;
		char *value;
		size_t vlen = 0;
		int quoted = 0;
		struct apitest_directive *d;

		while (i < len && (is_ows(text[i]) || text[i] == ','))
			i++;
		if (i >= len)
			return;
		start = i;
		while (i < len && is_tchar((unsigned char)text[i]))
			i++;
		if (i == start)
			fail_msg("token: no directive name at offset %zu: %.*s",
			    start, (int)len, text);
		if (l->n == APITEST_MAX_DIRECTIVES)
			fail_msg("token: too many directives");
		d = &l->d[l->n];
		d->name = apitest_dup(text + start, i - start);
		for (k = 0; d->name[k] != '\0'; k++)
			d->name[k] = (char)tolower((unsigned char)d->name[k]);
		while (i < len && is_ows(text[i]))
			i++;
		if (i >= len || text[i] != '=')
			fail_msg("token: directive %s has no '=': %.*s", d->name,
			    (int)len, text);
		i++;
		while (i < len && is_ows(text[i]))
			i++;
		value = malloc(len - i + 1);
		assert_non_null(value);
		if (i < len && text[i] == '"') {
			quoted = 1;
			i++;
			for (;;) {
				if (i >= len)
					fail_msg("token: unterminated quoted value "
					    "of %s", d->name);
				if (text[i] == '\\') {
					if (i + 1 >= len)
						fail_msg("token: lone backslash");
					value[vlen++] = text[i + 1];
					i += 2;
				} else if (text[i] == '"') {
					i++;
					break;
				} else {
					value[vlen++] = text[i++];
				}
			}
		} else {
			while (i < len && text[i] != ',' && !is_ows(text[i]))
				value[vlen++] = text[i++];
			if (vlen == 0)
				fail_msg("token: empty value for %s", d->name);
		}
		value[vlen] = '\0';
		d->value = value;
		d->value_len = vlen;
		d->quoted = quoted;
		if (apitest_dirlist_get(l, d->name) != NULL)
			fail_msg("token: directive %s appears twice: %.*s",
			    d->name, (int)len, text);
		l->n++;
		while (i < len && is_ows(text[i]))
			i++;
		if (i < len && text[i] != ',')
			fail_msg("token: junk after %s at offset %zu: %.*s",
			    d->name, i, (int)len, text);
	}
}

void apitest_dirlist_free(struct apitest_dirlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->d[i].name);
		free(l->d[i].value);
	}
	l->n = 0;
}

const struct apitest_directive *apitest_dirlist_get(
    const struct apitest_dirlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->d[i].name, name) == 0)
			return &l->d[i];
	return NULL;
}

void apitest_expect_value(const struct apitest_dirlist *l, const char *name,
    const char *want, size_t want_len)
{
	const struct apitest_directive *d = apitest_dirlist_get(l, name);

	if (d == NULL)
		fail_msg("directive %s missing (expected \"%.*s\")", name,
		    (int)want_len, want);
	if (d->value_len != want_len || memcmp(d->value, want, want_len) != 0)
		fail_msg("directive %s: got \"%s\", expected \"%.*s\"", name,
		    d->value, (int)want_len, want);
}

void apitest_expect_str(const struct apitest_dirlist *l, const char *name,
    const char *want)
{
	apitest_expect_value(l, name, want, strlen(want));
}

void apitest_expect_str_nocase(const struct apitest_dirlist *l,
    const char *name, const char *want)
{
	const struct apitest_directive *d = apitest_dirlist_get(l, name);

	if (d == NULL)
		fail_msg("directive %s missing (expected \"%s\")", name, want);
	if (strcasecmp(d->value, want) != 0)
		fail_msg("directive %s: got \"%s\", expected \"%s\"", name,
		    d->value, want);
}

void apitest_expect_absent(const struct apitest_dirlist *l, const char *name)
{
	const struct apitest_directive *d = apitest_dirlist_get(l, name);

	if (d != NULL)
		fail_msg("directive %s must be absent, got \"%s\"", name,
		    d->value);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void apitest_expect_username(const struct apitest_dirlist *l,
    const char *user, size_t user_len)
{
	const struct apitest_directive *d = apitest_dirlist_get(l, "username");
	const char *p, *ext;
	char *dec;
	size_t n = 0;

	if (d != NULL) {
		apitest_expect_absent(l, "username*");
		apitest_expect_value(l, "username", user, user_len);
		return;
	}
	d = apitest_dirlist_get(l, "username*");
	if (d == NULL)
		fail_msg("neither username nor username*");
	ext = d->value;
	if (d->quoted)
		fail_msg("username* must be a bare ext-value: %s", ext);
	if (strncasecmp(ext, "UTF-8'", 6) != 0)
		fail_msg("username*: not UTF-8: %s", ext);
	p = strchr(ext + 6, '\'');
	if (p == NULL)
		fail_msg("username*: no language delimiter: %s", ext);
	dec = apitest_dup(ext, strlen(ext));
	for (p++; *p != '\0'; p++) {
		if (*p == '%') {
			int hi = hexval(p[1]), lo = hi >= 0 ? hexval(p[2]) : -1;

			if (lo < 0)
				fail_msg("username*: bad escape: %s", ext);
			dec[n++] = (char)(hi * 16 + lo);
			p += 2;
		} else {
			dec[n++] = *p;
		}
	}
	if (n != user_len || memcmp(dec, user, n) != 0)
		fail_msg("username* %s does not decode to the user", ext);
	free(dec);
}

char *apitest_challenge_param(const char *challenge, const char *name)
{
	struct apitest_dirlist l;
	const struct apitest_directive *d;
	char *out = NULL;

	if (strncasecmp(challenge, "Digest", 6) == 0 && is_ows(challenge[6]))
		challenge += 7;
	apitest_dirlist_parse(&l, challenge, strlen(challenge));
	d = apitest_dirlist_get(&l, name);
	if (d != NULL)
		out = apitest_dup(d->value, d->value_len);
	apitest_dirlist_free(&l);
	return out;
}

/* ---- hashing --------------------------------------------------------------- */

enum hash_id { H_NONE, H_MD5, H_SHA256, H_SHA512_256 };

static enum hash_id hash_of(const char *algorithm, int *sess)
{
	static const struct {
		const char *name;
		enum hash_id id;
	} names[] = {
		{ "MD5", H_MD5 },
		{ "SHA-256", H_SHA256 },
		{ "SHA-512-256", H_SHA512_256 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i].name);
		if (strncasecmp(algorithm, names[i].name, n) != 0)
			continue;
		if (algorithm[n] == '\0') {
			*sess = 0;
			return names[i].id;
		}
		if (strcasecmp(algorithm + n, "-sess") == 0) {
			*sess = 1;
			return names[i].id;
		}
	}
	return H_NONE;
}

int apitest_algorithm_rank(const char *algorithm)
{
	int sess;

	switch (hash_of(algorithm, &sess)) {
	case H_MD5:
		return 1;
	case H_SHA256:
		return 2;
	case H_SHA512_256:
		return 3;
	default:
		return 0;
	}
}

size_t apitest_hex_len(const char *algorithm)
{
	int sess;

	switch (hash_of(algorithm, &sess)) {
	case H_MD5:
		return 32;
	case H_SHA256:
	case H_SHA512_256:
		return 64;
	default:
		return 0;
	}
}

void apitest_hash_hex(const char *algorithm, const void *data, size_t len,
    char *out)
{
	static const char hexdig[] = "0123456789abcdef";
	uint8_t digest[32];
	size_t n = 0, i;
	int sess;

	switch (hash_of(algorithm, &sess)) {
	case H_MD5: {
		struct md5_ctx c;

		md5_init(&c);
		md5_update(&c, len, data);
		md5_digest(&c, MD5_DIGEST_SIZE, digest);
		n = MD5_DIGEST_SIZE;
		break;
	}
	case H_SHA256: {
		struct sha256_ctx c;

		sha256_init(&c);
		sha256_update(&c, len, data);
		sha256_digest(&c, SHA256_DIGEST_SIZE, digest);
		n = SHA256_DIGEST_SIZE;
		break;
	}
	case H_SHA512_256: {
		struct sha512_256_ctx c;

		sha512_256_init(&c);
		sha512_256_update(&c, len, data);
		sha512_256_digest(&c, SHA512_256_DIGEST_SIZE, digest);
		n = SHA512_256_DIGEST_SIZE;
		break;
	}
	default:
		fail_msg("unknown algorithm %s", algorithm);
	}
	for (i = 0; i < n; i++) {
		out[2 * i] = hexdig[digest[i] >> 4];
		out[2 * i + 1] = hexdig[digest[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Hash of the concatenation of `count` (pointer, length) pairs. */
static void hash_parts(const char *algorithm, char *out, size_t count, ...)
{
	va_list ap;
	size_t total = 0, i;
	char *buf, *p;

	va_start(ap, count);
	for (i = 0; i < count; i++) {
		(void)va_arg(ap, const char *);
		total += va_arg(ap, size_t);
	}
	va_end(ap);
	buf = malloc(total + 1);
	assert_non_null(buf);
	p = buf;
	va_start(ap, count);
	for (i = 0; i < count; i++) {
		const char *s = va_arg(ap, const char *);
		size_t n = va_arg(ap, size_t);

		memcpy(p, s, n);
		p += n;
	}
	va_end(ap);
	apitest_hash_hex(algorithm, buf, total, out);
	free(buf);
}

#define PART(s) (s), strlen(s)
#define COLON ":", (size_t)1

void apitest_digest_response(const char *algorithm, const char *user,
    size_t user_len, const char *realm, size_t realm_len,
    const char *password, size_t password_len, const char *method,
    const char *uri, const char *nonce, const char *nc, const char *cnonce,
    const char *qop, const char *hbody, char *out)
{
	char ha1[65], ha2[65];
	int sess = 0;

	if (hash_of(algorithm, &sess) == H_NONE)
		fail_msg("unknown algorithm %s", algorithm);
	hash_parts(algorithm, ha1, 5, user, user_len, COLON, realm, realm_len,
	    COLON, password, password_len);
	if (sess) {
		char base[65];

		memcpy(base, ha1, sizeof(base));
		hash_parts(algorithm, ha1, 5, PART(base), COLON, PART(nonce),
		    COLON, PART(cnonce));
	}
	if (hbody != NULL)
		hash_parts(algorithm, ha2, 5, PART(method), COLON, PART(uri),
		    COLON, PART(hbody));
	else
		hash_parts(algorithm, ha2, 3, PART(method), COLON, PART(uri));
	if (qop == NULL)
		hash_parts(algorithm, out, 5, PART(ha1), COLON, PART(nonce),
		    COLON, PART(ha2));
	else
		hash_parts(algorithm, out, 11, PART(ha1), COLON, PART(nonce),
		    COLON, PART(nc), COLON, PART(cnonce), COLON, PART(qop),
		    COLON, PART(ha2));
}
