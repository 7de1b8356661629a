/*
 * strbuf.c - see strbuf.h.
 */
#include <string.h>

#include "base/strbuf.h"

void
dss_sb_put_quoted(struct dss_strbuf *sb, const char *s, size_t n)
{
	const char *end = s + n, *q = NULL;

	dss_sb_putc(sb, '"');
	/*
	 * Runs without '"' or '\' go out with one copy each; memchr finds
	 * their ends. q (the next '"') is looked up again only once passed,
	 * so the whole string is scanned a bounded number of times.
	 */
	while (s < end) {
		const char *e;

		if (q == NULL || q < s) {
			q = memchr(s, '"', (size_t)(end - s));
			if (q == NULL)
				q = end;
		}
		e = q > s ? memchr(s, '\\', (size_t)(q - s)) : NULL;
		if (e == NULL)
			e = q;
		dss_sb_put(sb, s, (size_t)(e - s));
		if (e == end)
			break;
		dss_sb_putc(sb, '\\');
		dss_sb_putc(sb, *e);
		s = e + 1;
	}
	dss_sb_putc(sb, '"');
}
