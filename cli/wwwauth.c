/*
 * WWW-Authenticate values from a challenge token (see wwwauth.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "wwwauth.h"

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/* Does s start with the scheme word "Digest" followed by white space? */
static int
is_digest_word(const char *s)
{
	return strncasecmp(s, "Digest", 6) == 0 && is_ows(s[6]);
}

/* Calls fn with "Digest " + the n bytes at start (trimmed). */
static int
emit(const char *start, const char *end,
     int (*fn)(const char *value, void *arg), void *arg)
{
	char *value;
	size_t n;
	int rc;

	while (start < end && is_ows(*start))
		start++;
	while (end > start && is_ows(end[-1]))
		end--;
	n = (size_t)(end - start);
	if (n == 0)
		return 0;
	if (is_digest_word(start)) {
		value = xmemdup0(start, n);
	} else {
		value = xmalloc(n + 8);
		memcpy(value, "Digest ", 7);
		memcpy(value + 7, start, n);
		value[n + 7] = '\0';
	}
	rc = fn(value, arg);
	free(value);
	return rc;
}

/* see wwwauth.h */
int
wwwauth_split(const char *token, int (*fn)(const char *value, void *arg),
              void *arg)
{
	const char *start = token, *p = token;
	int in_quotes = 0, rc;

	for (; *p != '\0'; p++) {
		const char *q;

		if (*p == '\\' && in_quotes && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '"') {
			in_quotes = !in_quotes;
			continue;
		}
		if (*p != ',' || in_quotes)
			continue;
		for (q = p + 1; is_ows(*q); q++)
			;
		if (!is_digest_word(q))
			continue;
		rc = emit(start, p, fn, arg);
		if (rc != 0)
			return rc;
		start = q;
		p = q + 5; /* the loop's p++ moves past "Digest" */
	}
	return emit(start, p, fn, arg);
}
