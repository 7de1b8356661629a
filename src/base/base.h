/*
 * base.h - small definitions every room of digestssp uses.
 *
 * No project dependencies: only libc.
 */
#ifndef DSS_BASE_BASE_H
#define DSS_BASE_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DSS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* SEC_I_* codes are positive: only negative statuses are failures. */
#define DSS_FAILED(st) ((st) < 0)

/* A read-only view of bytes that belong to someone else. */
struct dss_span {
	const char *p;
	size_t n;
};

#define DSS_SPAN_LIT(s) ((struct dss_span){ (s), sizeof(s) - 1 })

static inline struct dss_span
dss_span(const char *p, size_t n)
{
	struct dss_span s = { p, n };
	return s;
}

/* ASCII-only lower-casing: never locale dependent. */
static inline unsigned char
dss_ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive (ASCII) comparison of a span with a literal. */
bool dss_span_eq_ci(struct dss_span s, const char *lit);

/* Exact comparison of a span with a literal. */
bool dss_span_eq(struct dss_span s, const char *lit);

#endif
