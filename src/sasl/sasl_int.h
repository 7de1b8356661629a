/*
 * sasl_int.h - helpers shared by the files of the sasl room (lex.c).
 */
#ifndef DSS_SASL_SASL_INT_H
#define DSS_SASL_SASL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "authparam/authparam.h"
#include "authparam/quick.h"
#include "base/base.h"
#include "base/strbuf.h"

/* Directives in one token (more = SEC_E_INVALID_TOKEN). */
#define DSS_SASL_MAX_ITEMS 256

/*
 * The unquoted value of an item: the value itself (a view into the
 * token) when it has no escapes, else unquoted to *w (advanced past it).
 */
static inline struct dss_span
dss_sasl_take(char **w, const struct dss_ap_item *it)
{
	struct dss_span s;

	/* without escapes the value is its own unquoted form: no copy */
	if (!it->escaped)
		return it->value;
	s = dss_span(*w, dss_ap_unquote(it, *w));
	*w += s.n;
	return s;
}

/*
 * Step the lexer over a comma that ends the item before, for
 * dss_ap_quick (quick.h): SASL peers (Cyrus, GNU SASL, we) join
 * directives with a bare ",", which dss_ap_quick does not skip. This
 * changes nothing the lexer gives: from a ',' (a separator) it skips the
 * separators that follow it too, and whether one was a comma matters only
 * right after a scheme word, which the SASL parsers refuse. True at the
 * end of the input, where the lexer (which has not failed: the parsers
 * stop at an error) would say DSS_AP_END.
 */
static inline bool
dss_sasl_skip_comma(struct dss_ap_lexer *lx)
{
	if (lx->p < lx->end && *lx->p == ',')
		lx->p++;
	return lx->p == lx->end;
}

/*
 * The next item of a SASL token: the usual directive the quick way
 * (quick.h) when classify() knows its name, else the lexer's item.
 * Returns the lexer's kind (DSS_AP_END at the end); for DSS_AP_PARAM,
 * *d = classify(it->name), `other` for a name that is none of ours.
 * quick: the token is at least 16 bytes long (dss_ap_quick's windows).
 * The lexer must not have failed, as dss_ap_quick asks: the callers stop
 * at the first kind that is not DSS_AP_PARAM.
 */
static DSS_ALWAYS_INLINE enum dss_ap_kind
dss_sasl_next(struct dss_ap_lexer *lx, bool quick, struct dss_ap_item *it,
	      int (*classify)(struct dss_span), int other, int *d)
{
	const char *next;
	enum dss_ap_kind k;

	if (dss_sasl_skip_comma(lx))
		return DSS_AP_END;
	if (quick && dss_ap_quick(lx, it, &next) &&
	    (*d = classify(it->name)) != other) {
		dss_ap_commit(lx, next);
		return DSS_AP_PARAM;
	}
	k = dss_ap_next(lx, it);
	if (k == DSS_AP_PARAM)
		*d = classify(it->name);
	return k;
}

/* The elements of a comma-separated list such as "auth, auth-int". */
struct dss_sasl_list_iter {
	struct dss_span v;
	size_t i;
};

void dss_sasl_list_init(struct dss_sasl_list_iter *li, struct dss_span v);

/* The next non-empty element (white space around it removed). */
bool dss_sasl_list_next(struct dss_sasl_list_iter *li, struct dss_span *t);

/* 1*DIGIT within 17..16777215 (leading zeros allowed). */
bool dss_sasl_parse_maxbuf(struct dss_span v, uint32_t *out);

/* Length of the leading run of ASCII bytes (all of s: n). */
size_t dss_sasl_ascii_len(const char *s, size_t n);

/* No control byte other than HTAB (and no NUL). */
bool dss_sasl_text_ok(struct dss_span s);

/* A digest-uri we send: no control byte at all (HTAB neither), no '"'. */
bool dss_sasl_uri_ok(struct dss_span s);

/* Decimal digits of v. */
void dss_sasl_put_uint(struct dss_strbuf *sb, uint32_t v);

/* The same at a cursor with room for 10 bytes (strbuf.h); the end. */
char *dss_sasl_cur_uint(char *o, uint32_t v);

#endif
