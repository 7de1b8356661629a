/*
 * strbuf.c - see strbuf.h.
 */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "base/strbuf.h"

#if defined(__SSE2__) && defined(__GNUC__)
/* Bits of the bytes of x that are '"' or '\'. */
static inline unsigned
quote_mask(__m128i x)
{
	return (unsigned)_mm_movemask_epi8(
		_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
			     _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
}

/*
 * The bytes of s (n >= 16) before its first '"' or '\' (n when there is
 * none), 16 per step, the last step ending at s + n. With o, each step is
 * also copied to o before it is looked at, so o must have room for n
 * bytes: bytes after the stop may be written, for the caller to write
 * over. Inlined, a NULL o costs nothing.
 */
static DSS_ALWAYS_INLINE size_t
scan_plain(char *o, const char *s, size_t n)
{
	size_t i = 0, last = n - 16;

	for (;;) {
		size_t at = i < last ? i : last;
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
		unsigned m = quote_mask(x);

		if (o != NULL)
			_mm_storeu_si128((__m128i *)(void *)(o + at), x);
		m &= ~0u << (i - at); /* bytes before i: done */
		if (m != 0)
			return at + (size_t)__builtin_ctz(m);
		if (at == last)
			return n;
		i += 16;
	}
}

#endif

/* Bytes of s before the first '"' or '\' (n when there is none). */
static size_t
plain_len(const char *s, size_t n)
{
	size_t i;

#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16)
		return scan_plain(NULL, s, n);
#endif
	for (i = 0; i < n; i++)
		if (s[i] == '"' || s[i] == '\\')
			return i;
	return n;
}

/* The runs of s without '"' or '\' each go out with one copy. */
static void
put_escaped(struct dss_strbuf *sb, const char *s, size_t n)
{
	for (;;) {
		size_t k = plain_len(s, n);

		dss_sb_put(sb, s, k);
		if (k == n)
			break;
		dss_sb_putc(sb, '\\');
		dss_sb_putc(sb, s[k]);
		s += k + 1;
		n -= k + 1;
	}
}

void
dss_sb_put_quoted(struct dss_strbuf *sb, const char *s, size_t n)
{
	size_t room;
	char *o;

	dss_sb_putc(sb, '"');
	room = sb->overflow ? 0 : sb->cap - sb->len;
#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16 && room >= n) {
		/* scan and copy in one pass, within the room for n bytes */
		size_t i = scan_plain(sb->p + sb->len, s, n);

		sb->len += i;
		if (i < n)
			put_escaped(sb, s + i, n - i);
		dss_sb_putc(sb, '"');
		return;
	}
#endif
	if (n > 0 && n <= room / 2) {
		/* short, and room even if every byte is escaped */
		size_t i;

		o = sb->p + sb->len;
		for (i = 0; i < n; i++) {
			if (s[i] == '"' || s[i] == '\\')
				*o++ = '\\';
			*o++ = s[i];
		}
		sb->len = (size_t)(o - sb->p);
	} else {
		put_escaped(sb, s, n);
	}
	dss_sb_putc(sb, '"');
}

char *
dss_cur_put_quoted(char *o, const char *s, size_t n)
{
	size_t i = 0;

	*o++ = '"';
#if defined(__SSE2__) && defined(__GNUC__)
	if (n >= 16) {
		/* as in dss_sb_put_quoted: scan_plain writes within the n */
		i = scan_plain(o, s, n);
		o += i;
	}
#endif
	for (; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			*o++ = '\\';
		*o++ = s[i];
	}
	*o++ = '"';
	return o;
}
