/*
 * shape.c - making shapes (see shape.h); matching them is inline there.
 */
#include "http/shape.h"

bool
dss_shape_spans_in(void *obj, const uint16_t *at, unsigned nspan,
		   const char *tok, size_t n)
{
	unsigned i;

	for (i = 0; i < nspan; i++) {
		const struct dss_span *s = dss_shape_span(obj, at, i);
		/* as integers: s->p may point anywhere */
		size_t o = (size_t)((uintptr_t)s->p - (uintptr_t)tok);

		if (s->p != NULL && (o > n || s->n > n - o))
			return false;
	}
	return true;
}

bool
dss_shape_add(struct dss_shape *f, const char *tok, struct dss_span v,
	      bool hex)
{
	size_t at = (size_t)(v.p - tok), n = f->n;
	unsigned k;

	if (!hex && (at == 0 || tok[at - 1] != '"' || at + v.n >= n ||
		     tok[at + v.n] != '"' ||
		     dss_shape_text(v.p, tok + n) != v.n))
		return true; /* not quoted text: its bytes are compared */
	if (f->nvar == DSS_SHAPE_VARS)
		return false;
	/* in the order of the bytes */
	for (k = f->nvar; k > 0 && f->var[k - 1].at > at; k--)
		f->var[k] = f->var[k - 1];
	f->var[k].at = (uint16_t)at;
	f->var[k].len = (uint16_t)v.n;
	f->var[k].hex = hex;
	f->nvar++;
	return true;
}

void
dss_shape_place(const struct dss_shape *f, void *obj, const uint16_t *at,
		unsigned nspan, const char *tok, const char *kept,
		uint8_t *where)
{
	unsigned i, k;

	for (i = 0; i < nspan; i++) {
		struct dss_span *s = dss_shape_span(obj, at, i);
		size_t o;

		if (s->p == NULL) {
			where[i] = DSS_SHAPE_ABSENT;
			continue;
		}
		o = (size_t)(s->p - tok);
		s->p = kept + o;
		for (k = 0; k < f->nvar && f->var[k].at < o; k++)
			;
		where[i] = (uint8_t)(k < f->nvar && f->var[k].at == o &&
						 f->var[k].len == s->n ?
					 DSS_SHAPE_VAR | k :
					 k);
	}
}
