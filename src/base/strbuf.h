/*
 * strbuf.h - a bounded writer over caller memory.
 *
 * Writes never pass `cap`. Once something did not fit, `overflow` stays
 * set (sticky) while `len` keeps counting, so one pass with cap 0
 * measures what a second pass needs.
 *
 * The small writers are inline: a literal given to dss_sb_puts() becomes
 * a fixed-size copy.
 */
#ifndef DSS_BASE_STRBUF_H
#define DSS_BASE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/base.h"

struct dss_strbuf {
	char *p;
	size_t cap;
	size_t len;
	bool overflow;
};

static inline void
dss_sb_init(struct dss_strbuf *sb, char *p, size_t cap)
{
	sb->p = p;
	sb->cap = p != NULL ? cap : 0;
	sb->len = 0;
	sb->overflow = false;
}

static inline void
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

static inline void
dss_sb_puts(struct dss_strbuf *sb, const char *s)
{
	dss_sb_put(sb, s, strlen(s));
}

static inline void
dss_sb_putc(struct dss_strbuf *sb, char c)
{
	if (!sb->overflow && sb->len < sb->cap)
		sb->p[sb->len] = c;
	else
		sb->overflow = true;
	sb->len++;
}

/* `"` s `"` with a backslash before every `"` and `\`. */
void dss_sb_put_quoted(struct dss_strbuf *sb, const char *s, size_t n);

/* NUL after the text when there is room (not counted in len). */
static inline void
dss_sb_terminate(struct dss_strbuf *sb)
{
	if (!sb->overflow && sb->len < sb->cap)
		sb->p[sb->len] = '\0';
}

#endif
