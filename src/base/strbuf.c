/*
 * strbuf.c - see strbuf.h.
 */
#include <string.h>

#include "base/strbuf.h"

void
dss_sb_init(struct dss_strbuf *sb, char *p, size_t cap)
{
	sb->p = p;
	sb->cap = p != NULL ? cap : 0;
	sb->len = 0;
	sb->overflow = false;
}

void
dss_sb_put(struct dss_strbuf *sb, const char *s, size_t n)
{
	if (!sb->overflow && n <= sb->cap - sb->len) {
		if (n > 0)
			memcpy(sb->p + sb->len, s, n);
	} else {
		sb->overflow = true;
	}
	sb->len += n;
}

void
dss_sb_puts(struct dss_strbuf *sb, const char *s)
{
	dss_sb_put(sb, s, strlen(s));
}

void
dss_sb_putc(struct dss_strbuf *sb, char c)
{
	dss_sb_put(sb, &c, 1);
}

void
dss_sb_put_quoted(struct dss_strbuf *sb, const char *s, size_t n)
{
	size_t i, start = 0;

	dss_sb_putc(sb, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			dss_sb_put(sb, s + start, i - start);
			dss_sb_putc(sb, '\\');
			start = i;
		}
	}
	dss_sb_put(sb, s + start, n - start);
	dss_sb_putc(sb, '"');
}

void
dss_sb_terminate(struct dss_strbuf *sb)
{
	if (!sb->overflow && sb->len < sb->cap)
		sb->p[sb->len] = '\0';
}
