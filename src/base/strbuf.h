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

/*
 * Unchecked writing, for an emitter that knows a bound on what it writes:
 * a cursor with room for n more bytes, or NULL when they may not fit
 * (then the checked writers above do the work, with the same result).
 * Write at most n bytes through it, then give dss_sb_advance() the end.
 * The writers a cursor gets are plain stores: no reloads of the
 * strbuf's fields between them.
 */
static inline char *
dss_sb_room(struct dss_strbuf *sb, size_t n)
{
	if (sb->overflow || n > sb->cap - sb->len)
		return NULL;
	return sb->p + sb->len;
}

static inline void
dss_sb_advance(struct dss_strbuf *sb, char *end)
{
	sb->len = (size_t)(end - sb->p);
}

/* n bytes at o; returns the end. */
static inline char *
dss_cur_put(char *o, const char *s, size_t n)
{
	if (n > 0)
		memcpy(o, s, n);
	return o + n;
}

/* A string literal at o (a fixed-size copy); returns the end. */
#define dss_cur_lit(o, lit) dss_cur_put((o), (lit), sizeof(lit) - 1)

/*
 * dss_sb_put_quoted at a cursor with room for 2 + 2 * n bytes (every
 * byte escaped); returns the end.
 */
char *dss_cur_put_quoted(char *o, const char *s, size_t n);

/* NUL after the text when there is room (not counted in len). */
static inline void
dss_sb_terminate(struct dss_strbuf *sb)
{
	if (!sb->overflow && sb->len < sb->cap)
		sb->p[sb->len] = '\0';
}

#endif
