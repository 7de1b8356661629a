/*
 * strbuf.c - see strbuf.h.
 */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "base/strbuf.h"

/* Bytes of s before the first '"' or '\' (n when there is none). */
static size_t
plain_len(const char *s, size_t n)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');

	if (n >= 16) {
		/* 16 bytes per step; the last step ends at s + n exactly */
		size_t last = n - 16;

		for (;;) {
			size_t at = i < last ? i : last;
			__m128i x = _mm_loadu_si128(
				(const __m128i *)(const void *)(s + at));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, bs)));

			m &= ~0u << (i - at); /* bytes before i: seen */
			if (m != 0)
				return at + (size_t)__builtin_ctz(m);
			if (at == last)
				return n;
			i += 16;
		}
	}
#endif
	for (; i < n; i++)
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
		/*
		 * Scan and copy in one pass, 16 bytes per step, the last step
		 * ending at s + n; a step is stored before it is looked at
		 * (within the room for n bytes), so bytes after a '"' or '\'
		 * may be written and are then written over.
		 */
		const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
		size_t i = 0, last = n - 16;

		o = sb->p + sb->len;
		for (;;) {
			size_t at = i < last ? i : last;
			__m128i x = _mm_loadu_si128(
				(const __m128i *)(const void *)(s + at));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, bs)));

			_mm_storeu_si128((__m128i *)(void *)(o + at), x);
			m &= ~0u << (i - at); /* bytes before i: done */
			if (m != 0) {
				i = at + (size_t)__builtin_ctz(m);
				break;
			}
			if (at == last) {
				i = n;
				break;
			}
			i += 16;
		}
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
		/* as in dss_sb_put_quoted: stored before looked at */
		const __m128i dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
		size_t last = n - 16;

		for (;;) {
			size_t at = i < last ? i : last;
			__m128i x = _mm_loadu_si128(
				(const __m128i *)(const void *)(s + at));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(x, dq), _mm_cmpeq_epi8(x, bs)));

			_mm_storeu_si128((__m128i *)(void *)(o + at), x);
			m &= ~0u << (i - at);
			if (m != 0) {
				i = at + (size_t)__builtin_ctz(m);
				break;
			}
			if (at == last) {
				*(o + n) = '"';
				return o + n + 1;
			}
			i += 16;
		}
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
