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
#include <string.h>

#define DSS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * For a small function on a hot path that the compiler would keep out of
 * line because it has two callers.
 */
#if defined(__GNUC__)
#define DSS_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define DSS_ALWAYS_INLINE inline
#endif

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

/* Case-insensitive (ASCII) equality of n bytes. */
bool dss_mem_eq_ci(const char *a, const char *b, size_t n);

/*
 * Case-insensitive (ASCII) comparison of a span with a literal. Inline:
 * the literal's length is known at compile time, so spans of another
 * length cost one comparison.
 */
static inline bool
dss_span_eq_ci(struct dss_span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && dss_mem_eq_ci(s.p, lit, n);
}

/* Exact comparison of a span with a literal. */
static inline bool
dss_span_eq(struct dss_span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

/* A name with its length, for tables of directive names. */
struct dss_name {
	const char *s;
	size_t n;
};

#define DSS_NAME(lit) { (lit), sizeof(lit) - 1 }

/*
 * Index of the entry of tab[0..count) equal to `s` ignoring ASCII case,
 * or -1. Entries of another length, or whose first byte differs in more
 * than the case bit, cost one or two comparisons each.
 */
static inline int
dss_name_find(struct dss_span s, const struct dss_name *tab, size_t count)
{
	unsigned char first;
	size_t i;

	if (s.n == 0) {
		for (i = 0; i < count; i++)
			if (tab[i].n == 0)
				return (int)i;
		return -1;
	}
	first = (unsigned char)(s.p[0] | 0x20);
	for (i = 0; i < count; i++)
		if (tab[i].n == s.n &&
		    (unsigned char)(tab[i].s[0] | 0x20) == first &&
		    dss_mem_eq_ci(s.p, tab[i].s, s.n))
			return (int)i;
	return -1;
}

#endif
