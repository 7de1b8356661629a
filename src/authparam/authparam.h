/*
 * authparam.h - syntax of HTTP authentication fields (RFC 7235 section 2,
 * RFC 7230 section 3.2.6) and of Authentication-Info (RFC 7615).
 *
 *   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param  = token BWS "=" BWS ( token / quoted-string )
 *   token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 *   quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
 *
 * The lexer walks a field value and hands out one item at a time: a
 * scheme word, a name=value parameter or a token68. It knows nothing of
 * Digest: the engines give the names their meaning. It never allocates
 * and never reads past the end of its input; values are views into it.
 */
#ifndef DSS_AUTHPARAM_AUTHPARAM_H
#define DSS_AUTHPARAM_AUTHPARAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

enum dss_ap_kind {
	DSS_AP_END,     /* no more items */
	DSS_AP_SCHEME,  /* name = the scheme word */
	DSS_AP_PARAM,   /* name = value */
	DSS_AP_TOKEN68, /* value = the token68 */
	DSS_AP_ERROR,   /* malformed input; the lexer stays in error */
};

struct dss_ap_item {
	enum dss_ap_kind kind;
	struct dss_span name;
	/* the value as written: inside the quotes, escapes still in it */
	struct dss_span value;
	bool quoted;
	bool escaped; /* value holds at least one quoted-pair */
};

struct dss_ap_lexer {
	const char *p;
	const char *end;
	bool after_scheme; /* a scheme word followed by SP was just read */
	bool failed;
};

void dss_ap_init(struct dss_ap_lexer *lx, const char *p, size_t n);

/* The next item; DSS_AP_END at the end, DSS_AP_ERROR from then on. */
enum dss_ap_kind dss_ap_next(struct dss_ap_lexer *lx, struct dss_ap_item *it);

/*
 * Writes the unquoted value of `it` (RFC 7616 unq()) into out, which must
 * have room for it->value.n bytes. Returns the length written.
 */
size_t dss_ap_unquote(const struct dss_ap_item *it, char *out);

/* Length of the unquoted value without writing it. */
size_t dss_ap_escaped_len(const struct dss_ap_item *it);

static inline size_t
dss_ap_unquoted_len(const struct dss_ap_item *it)
{
	return it->escaped ? dss_ap_escaped_len(it) : it->value.n;
}

/* Compare the unquoted value with n bytes (exact, case-sensitive). */
bool dss_ap_value_eq(const struct dss_ap_item *it, const char *s, size_t n);

/* True for RFC 7230 tchar. */
bool dss_ap_is_tchar(unsigned char c);

#endif
