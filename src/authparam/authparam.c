/*
 * authparam.c - see authparam.h.
 */
#include <string.h>

#include "authparam/authparam.h"

bool
dss_ap_is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool
is_token68_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' ||
	       c == '~' || c == '+' || c == '/';
}

/*
 * Characters of an unquoted parameter value after its first one.
 * RFC 7235 asks for a token; deployed servers also send bare values
 * with '/', ':', '=' ... (a base64 nonce), which are unambiguous here
 * because the value ends at white space or a comma.
 */
static bool
is_value_char(unsigned char c)
{
	return dss_ap_is_tchar(c) || (c != '\0' && strchr("/:=@?[]", c) != NULL);
}

static bool
is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_ows(const char *p, const char *end)
{
	while (p < end && is_ows((unsigned char)*p))
		p++;
	return p;
}

static const char *
scan_token(const char *p, const char *end)
{
	while (p < end && dss_ap_is_tchar((unsigned char)*p))
		p++;
	return p;
}

/* After an element: OWS, then a comma or the end. */
static bool
at_element_end(const char *p, const char *end)
{
	p = skip_ows(p, end);
	return p == end || *p == ',';
}

/*
 * quoted-string starting at p (on the DQUOTE). Returns the position after
 * the closing DQUOTE, or NULL when malformed.
 */
static const char *
scan_quoted(const char *p, const char *end, bool *escaped)
{
	*escaped = false;
	for (p++; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c == '\\') {
			if (++p == end)
				return NULL;
			c = (unsigned char)*p;
			if (c != '\t' && (c < 0x20 || c == 0x7F))
				return NULL;
			*escaped = true;
			continue;
		}
		/* qdtext: HTAB, SP, visible characters, obs-text */
		if (c != '\t' && (c < 0x20 || c == 0x7F))
			return NULL;
	}
	return NULL;
}

/* Try `token BWS "=" BWS (token / quoted-string)` at p. */
static bool
try_param(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	const char *p = lx->p, *end = lx->end, *q;

	q = scan_token(p, end);
	if (q == p)
		return false;
	it->name = dss_span(p, (size_t)(q - p));
	q = skip_ows(q, end);
	if (q == end || *q != '=')
		return false;
	q = skip_ows(q + 1, end);
	if (q == end)
		return false;
	if (*q == '"') {
		const char *v = scan_quoted(q, end, &it->escaped);

		if (v == NULL)
			return false;
		it->value = dss_span(q + 1, (size_t)(v - q - 2));
		it->quoted = true;
		q = v;
	} else {
		const char *v = q;

		if (!dss_ap_is_tchar((unsigned char)*v))
			return false;
		while (v < end && is_value_char((unsigned char)*v))
			v++;
		it->value = dss_span(q, (size_t)(v - q));
		it->quoted = false;
		it->escaped = false;
		q = v;
	}
	if (!at_element_end(q, end))
		return false;
	it->kind = DSS_AP_PARAM;
	lx->p = q;
	return true;
}

/* Try a token68 at p; allowed only right after "scheme SP". */
static bool
try_token68(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	const char *p = lx->p, *end = lx->end, *q = p;

	while (q < end && is_token68_char((unsigned char)*q))
		q++;
	if (q == p)
		return false;
	while (q < end && *q == '=')
		q++;
	if (!at_element_end(q, end))
		return false;
	it->kind = DSS_AP_TOKEN68;
	it->name = dss_span(p, 0);
	it->value = dss_span(p, (size_t)(q - p));
	it->quoted = false;
	it->escaped = false;
	lx->p = q;
	return true;
}

/* A scheme word: a token followed by SP, a comma or the end. */
static bool
try_scheme(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	const char *p = lx->p, *end = lx->end, *q;

	q = scan_token(p, end);
	if (q == p)
		return false;
	if (q < end && *q != ' ' && *q != '\t' && *q != ',')
		return false;
	it->kind = DSS_AP_SCHEME;
	it->name = dss_span(p, (size_t)(q - p));
	it->value = dss_span(q, 0);
	it->quoted = false;
	it->escaped = false;
	lx->after_scheme = q < end && *q != ',';
	lx->p = q;
	return true;
}

void
dss_ap_init(struct dss_ap_lexer *lx, const char *p, size_t n)
{
	lx->p = p;
	lx->end = p + n;
	lx->after_scheme = false;
	lx->failed = false;
}

enum dss_ap_kind
dss_ap_next(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	bool after_scheme = lx->after_scheme;
	bool comma = false;

	if (lx->failed)
		return it->kind = DSS_AP_ERROR;
	lx->after_scheme = false;
	/* OWS and empty list elements ("a, , b") */
	while (lx->p < lx->end &&
	       (is_ows((unsigned char)*lx->p) || *lx->p == ',')) {
		comma |= *lx->p == ',';
		lx->p++;
	}
	if (lx->p == lx->end)
		return it->kind = DSS_AP_END;
	if (try_param(lx, it))
		return DSS_AP_PARAM;
	if (after_scheme && !comma && try_token68(lx, it))
		return DSS_AP_TOKEN68;
	if (try_scheme(lx, it))
		return DSS_AP_SCHEME;
	lx->failed = true;
	return it->kind = DSS_AP_ERROR;
}

size_t
dss_ap_unquote(const struct dss_ap_item *it, char *out)
{
	size_t i, n = 0;

	if (!it->escaped) {
		if (it->value.n > 0)
			memcpy(out, it->value.p, it->value.n);
		return it->value.n;
	}
	for (i = 0; i < it->value.n; i++) {
		if (it->value.p[i] == '\\')
			i++; /* scan_quoted guarantees a following byte */
		out[n++] = it->value.p[i];
	}
	return n;
}

size_t
dss_ap_unquoted_len(const struct dss_ap_item *it)
{
	size_t i, n = 0;

	if (!it->escaped)
		return it->value.n;
	for (i = 0; i < it->value.n; i++, n++)
		if (it->value.p[i] == '\\')
			i++;
	return n;
}

bool
dss_ap_value_eq(const struct dss_ap_item *it, const char *s, size_t n)
{
	size_t i, k = 0;

	if (!it->escaped)
		return it->value.n == n &&
		       (n == 0 || memcmp(it->value.p, s, n) == 0);
	for (i = 0; i < it->value.n; i++, k++) {
		if (it->value.p[i] == '\\')
			i++;
		if (k >= n || it->value.p[i] != s[k])
			return false;
	}
	return k == n;
}
