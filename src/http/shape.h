/*
 * shape.h - reading a header value by the form of an earlier one
 * (internal to the library).
 *
 * A peer writes the same directives in the same order every time; from
 * one value to the next only a few of them change: a nonce and an opaque
 * in a server's challenges, uri, cnonce, nc and response in a client's
 * requests. A shape keeps a parsed value's bytes and where those
 * changing values ("vars") lie, so that the next value can be read by
 * comparing bytes instead of lexing them. A var is either
 *   - quoted text: replaced by any quoted text without '\', control byte
 *     or DEL, so it ends at the first '"', where the lexer ends it too;
 *   - hex digits: replaced by as many bytes, which the caller checks as
 *     its parser would.
 * A value "matches" when it is the kept bytes with only the vars
 * replaced. It then lexes into the same items at shifted places: its
 * parse is the kept parse with each var's span replaced and every other
 * span moved by the change in length of the vars before it.
 *
 * The parse is the caller's struct, whose spans (struct dss_span) are
 * named by a table of their offsets. Every span of a shaped parse must
 * lie in the value (none unescaped elsewhere): dss_shape_spans_in().
 */
#ifndef DSS_HTTP_SHAPE_H
#define DSS_HTTP_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "authparam/quick.h"
#include "base/base.h"
#include "base/bytes.h"

#define DSS_SHAPE_VARS 8
/* shorter values are not shaped (dss_ap_qd_end's windows) */
#define DSS_SHAPE_MIN 16
/* nor longer ones (the offsets are 16 bits) */
#define DSS_SHAPE_MAX 2048
/* where[] of a span: absent, a var (| its index), else the number of
 * vars before it */
#define DSS_SHAPE_ABSENT 0xFFu
#define DSS_SHAPE_VAR 0x80u

struct dss_shape {
	uint32_t n; /* bytes kept (the caller keeps them) */
	uint8_t nvar;
	struct dss_shape_var {
		uint16_t at, len; /* in the kept bytes */
		bool hex;         /* else quoted text */
	} var[DSS_SHAPE_VARS];    /* in the order of the bytes */
};

/* What a match read: the vars' new values. */
struct dss_shape_read {
	struct dss_span val[DSS_SHAPE_VARS];
};

static inline struct dss_span *
dss_shape_span(void *obj, const uint16_t *at, unsigned i)
{
	return (struct dss_span *)(void *)((char *)obj + at[i]);
}

/*
 * The length of the quoted text at p (up to end, which is at least 16
 * bytes after the value's start): the bytes before the first '"', with
 * no '\', control byte or DEL among them; SIZE_MAX when the first such
 * byte is not a '"' or there is none.
 */
static inline size_t
dss_shape_text(const char *p, const char *end)
{
	const char *q = dss_ap_qd_end(p, end);

	return q != NULL && *q == '"' ? (size_t)(q - p) : SIZE_MAX;
}

/* Every span of obj is absent (p NULL) or inside tok[0..n). */
bool dss_shape_spans_in(void *obj, const uint16_t *at, unsigned nspan,
			const char *tok, size_t n);

/* Start the shape of a value of n bytes (DSS_SHAPE_MIN..DSS_SHAPE_MAX). */
static inline void
dss_shape_init(struct dss_shape *f, size_t n)
{
	f->n = (uint32_t)n;
	f->nvar = 0;
}

/*
 * Let v (a span of tok, the value being shaped) change: as hex digits, or
 * as quoted text when it is quoted text between quotes (else it stays
 * among the bytes compared). false: no room for another var.
 */
bool dss_shape_add(struct dss_shape *f, const char *tok, struct dss_span v,
		   bool hex);

/*
 * With the vars added: where[] of each span of obj, whose spans point
 * into tok, and move them to the same places of `kept` (the copy of tok
 * the caller keeps).
 */
void dss_shape_place(const struct dss_shape *f, void *obj, const uint16_t *at,
		     unsigned nspan, const char *tok, const char *kept,
		     uint8_t *where);

/*
 * Does tok (n bytes) match the shape whose bytes are `kept`? On yes, *rd
 * holds what the vars read.
 */
static inline bool
dss_shape_match(const struct dss_shape *f, const char *kept, const char *tok,
		size_t n, struct dss_shape_read *rd)
{
	const char *t = tok, *end = tok + n;
	size_t from = 0, lit;
	unsigned k;

	if (n < DSS_SHAPE_MIN)
		return false;
	for (k = 0; k < f->nvar; k++) {
		const struct dss_shape_var *v = &f->var[k];
		size_t len = v->len;

		lit = v->at - from;
		if ((size_t)(end - t) < lit || !dss_eq_short(t, kept + from, lit))
			return false;
		t += lit;
		if (!v->hex) {
			len = dss_shape_text(t, end);
			if (len == SIZE_MAX)
				return false;
		} else if ((size_t)(end - t) < len) {
			return false;
		}
		rd->val[k] = dss_span(t, len);
		t += len;
		from = (size_t)v->at + v->len;
	}
	lit = f->n - from;
	return (size_t)(end - t) == lit && dss_eq_short(t, kept + from, lit);
}

/*
 * obj, a copy of the kept parse (spans into `kept`) of shape f, becomes
 * the parse of the value tok that matched: its vars are what rd read,
 * its other spans move into tok by the change in length of the vars
 * before them.
 */
static inline void
dss_shape_move(void *obj, const uint16_t *at, unsigned nspan,
	       const uint8_t *where, const struct dss_shape *f,
	       const char *kept, const char *tok,
	       const struct dss_shape_read *rd)
{
	ptrdiff_t moved[DSS_SHAPE_VARS + 1]; /* after k vars */
	unsigned i;

	moved[0] = 0;
	for (i = 0; i < f->nvar; i++)
		moved[i + 1] = moved[i] + (ptrdiff_t)rd->val[i].n -
			       (ptrdiff_t)f->var[i].len;
	for (i = 0; i < nspan; i++) {
		struct dss_span *s = dss_shape_span(obj, at, i);
		unsigned w = where[i];

		if (w == DSS_SHAPE_ABSENT)
			continue;
		if (w & DSS_SHAPE_VAR) {
			*s = rd->val[w & ~DSS_SHAPE_VAR];
		} else {
			s->p = tok + (s->p - kept) + moved[w];
		}
	}
}

#endif
