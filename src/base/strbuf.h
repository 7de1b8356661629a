/*
 * strbuf.h - a bounded writer over caller memory.
 *
 * Writes never pass `cap`. Once something did not fit, `overflow` stays
 * set (sticky) while `len` keeps counting, so one pass with cap 0
 * measures what a second pass needs.
 */
#ifndef DSS_BASE_STRBUF_H
#define DSS_BASE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

struct dss_strbuf {
	char *p;
	size_t cap;
	size_t len;
	bool overflow;
};

void dss_sb_init(struct dss_strbuf *sb, char *p, size_t cap);
void dss_sb_put(struct dss_strbuf *sb, const char *s, size_t n);
void dss_sb_puts(struct dss_strbuf *sb, const char *s);
void dss_sb_putc(struct dss_strbuf *sb, char c);

/* `"` s `"` with a backslash before every `"` and `\`. */
void dss_sb_put_quoted(struct dss_strbuf *sb, const char *s, size_t n);

/* NUL after the text when there is room (not counted in len). */
void dss_sb_terminate(struct dss_strbuf *sb);

#endif
