/*
 * authparam.c - see authparam.h.
 *
 * Every byte is classified through one 256-entry table, so each scanning
 * loop is a load, a test and a branch per byte, with no calls.
 */
#include <string.h>

#include "authparam/authparam.h"
#include "authparam/quick.h"

enum {
	C_TCHAR = 1u << 0, /* RFC 7230 tchar */
	C_T68 = 1u << 1,   /* token68 character before the '=' padding */
	C_VALUE = 1u << 2, /* bare value after its first character */
	C_OWS = 1u << 3,   /* SP, HTAB */
	C_QD = 1u << 4,    /* qdtext other than '"' and '\' (and obs-text) */
	C_QP = 1u << 5,    /* second byte of a quoted-pair */
	C_SEP = 1u << 6,   /* OWS or ',': what separates list elements */
};

/*
 * Classes of one byte. tchar: ALPHA DIGIT ! # $ % & ' * + - . ^ _ ` | ~.
 * token68: ALPHA DIGIT - . _ ~ + /. Bare values (see is_value_char
 * below): tchar and / : = @ ? [ ]. qdtext and quoted-pair: HTAB, SP,
 * visible characters and obs-text (0x80-0xFF); never other controls
 * or DEL.
 */
#define A (C_TCHAR | C_T68 | C_VALUE | C_QD | C_QP) /* ALPHA, DIGIT */
#define T (C_TCHAR | C_VALUE | C_QD | C_QP)         /* other tchar */
#define V (C_VALUE | C_QD | C_QP)                    /* value only */
#define Q (C_QD | C_QP)                              /* quoted only */
#define H (C_OWS | C_SEP | C_QD | C_QP)              /* SP, HTAB */
static const unsigned char cls[256] = {
	/* 0x00 - 0x1F: controls; HTAB is white space */
	0, 0, 0, 0, 0, 0, 0, 0, 0, H, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/*   SP  !  "     #  $  %  &  '  (  )  *  + */
	H, T, C_QP, T, T, T, T, T, Q, Q, T, T | C_T68,
	/*   ,                  -          .          / */
	C_SEP | C_QD | C_QP, T | C_T68, T | C_T68, V | C_T68,
	/* 0 - 9 */
	A, A, A, A, A, A, A, A, A, A,
	/*   :  ;  <  =  >  ?  @ */
	V, Q, Q, V, Q, V, V,
	/* A - Z */
	A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
	A, A, A, A,
	/*   [  \     ]  ^  _          ` */
	V, C_QP, V, T, T | C_T68, T,
	/* a - z */
	A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
	A, A, A, A,
	/*   {  |  }  ~          DEL */
	Q, T, Q, T | C_T68, 0,
	/* 0x80 - 0xFF: obs-text */
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
	Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q, Q,
};
#undef A
#undef T
#undef V
#undef Q
#undef H

#define IS(c, k) ((cls[(unsigned char)(c)] & (k)) != 0)

bool
dss_ap_is_tchar(unsigned char c)
{
	return IS(c, C_TCHAR);
}

/*
 * Bare values: RFC 7235 asks for a token; deployed servers also send
 * values with '/', ':', '=' ... (a base64 nonce), which are unambiguous
 * here because the value ends at white space or a comma (C_VALUE).
 */

static const char *
skip_ows(const char *p, const char *end)
{
	while (p < end && IS(*p, C_OWS))
		p++;
	return p;
}

/* The first byte at or after p that is not of class k (or end). */
static const char *
scan(const char *p, const char *end, unsigned k)
{
	while (p < end && IS(*p, k))
		p++;
	return p;
}

#ifdef DSS_AP_HAVE_QUICK
#define HAVE_SSE2_SCAN 1

/*
 * The first byte at or after p whose bit is set by stop(), or end: 16
 * bytes at a time, the last step a load of the 16 bytes before end
 * (which start at or after base, so are readable) with the bytes before
 * p shifted out. With fewer than 16 bytes from base to end, p is
 * returned unmoved and the caller's byte loop does the work.
 */
#define SCAN16(p, base, end, stop)                                          \
	do {                                                                \
		unsigned m_;                                                \
		while ((end) - (p) >= 16) {                                 \
			m_ = stop(dss_ap_load16(p));                        \
			if (m_ != 0)                                        \
				return (p) + __builtin_ctz(m_);             \
			(p) += 16;                                          \
		}                                                           \
		if ((p) < (end) && (end) - (base) >= 16) {                  \
			m_ = stop(dss_ap_load16((end) - 16)) >>             \
			     (16 - (unsigned)((end) - (p)));                \
			return m_ != 0 ? (p) + __builtin_ctz(m_) : (end);   \
		}                                                           \
		return (p);                                                 \
	} while (0)

/* Inside a quoted-string opened at base: see dss_ap_qd_stop_mask. */
static inline const char *
scan_qd_fast(const char *p, const char *base, const char *end)
{
	SCAN16(p, base, end, dss_ap_qd_stop_mask);
}

/* The first byte at or after p (>= base) that is not ALPHA or DIGIT. */
static inline const char *
scan_alnum_fast(const char *p, const char *base, const char *end)
{
	SCAN16(p, base, end, dss_ap_not_alnum_mask);
}
#undef SCAN16
#else
static inline const char *
scan_qd_fast(const char *p, const char *base, const char *end)
{
	(void)base;
	(void)end;
	return p;
}

static inline const char *
scan_alnum_fast(const char *p, const char *base, const char *end)
{
	(void)base;
	(void)end;
	return p;
}
#endif

/*
 * A run of class k (which holds every ALPHA and DIGIT) from p: the
 * letters and digits in bulk, then byte by byte from the first other.
 */
static inline const char *
scan_run(const char *p, const char *end, unsigned k)
{
	return scan(scan_alnum_fast(p, p, end), end, k);
}

/* After an element: OWS, then a comma or the end. */
static inline bool
at_element_end(const char *p, const char *end)
{
	if (p == end || *p == ',')
		return true;
	p = skip_ows(p, end);
	return p == end || *p == ',';
}

/*
 * quoted-string starting at q (on the DQUOTE). Returns the position after
 * the closing DQUOTE, or NULL when malformed.
 */
static inline const char *
scan_quoted(const char *q, const char *end, bool *escaped)
{
	const char *p = q + 1;
	bool esc = false;

	for (;;) {
		p = scan(scan_qd_fast(p, q, end), end, C_QD);
		if (p == end)
			return NULL;
		if (*p == '"')
			break;
		if (*p != '\\')
			return NULL; /* a control byte or DEL */
		if (++p == end || !IS(*p, C_QP))
			return NULL;
		esc = true;
		p++;
	}
	*escaped = esc;
	return p + 1;
}

/*
 * `token BWS "=" BWS (token / quoted-string)` at lx->p, whose leading
 * token ends at q (q > lx->p).
 */
static inline bool
try_param(struct dss_ap_lexer *lx, const char *q0, struct dss_ap_item *it)
{
	const char *p = lx->p, *end = lx->end, *q = q0, *v;
	bool esc;

	/* name=value without BWS is by far the most common */
	if (q == end || *q != '=') {
		q = skip_ows(q, end);
		if (q == end || *q != '=')
			return false;
	}
	q++;
	if (q == end)
		return false;
	if (*q != '"' && !IS(*q, C_TCHAR)) {
		q = skip_ows(q, end);
		if (q == end)
			return false;
	}
	if (*q == '"') {
		v = scan_quoted(q, end, &esc);
		if (v == NULL || !at_element_end(v, end))
			return false;
		it->value = dss_span(q + 1, (size_t)(v - q - 2));
		it->quoted = true;
		it->escaped = esc;
	} else {
		if (!IS(*q, C_TCHAR))
			return false;
		v = scan_run(q + 1, end, C_VALUE);
		if (!at_element_end(v, end))
			return false;
		it->value = dss_span(q, (size_t)(v - q));
		it->quoted = false;
		it->escaped = false;
	}
	it->kind = DSS_AP_PARAM;
	it->name = dss_span(p, (size_t)(q0 - p));
	lx->p = v;
	return true;
}

/* Try a token68 at p; allowed only right after "scheme SP". */
static bool
try_token68(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	const char *p = lx->p, *end = lx->end, *q;

	q = scan_run(p, end, C_T68);
	if (q == p)
		return false;
	while (q < end && *q == '=')
		q++;
	if (!at_element_end(q, end))
		return false;
	it->kind = DSS_AP_TOKEN68;
	it->name = dss_span(p, 0);
	it->value = dss_span(p, (size_t)(q - p));
	it->quoted = false;
	it->escaped = false;
	lx->p = q;
	return true;
}

void
dss_ap_init(struct dss_ap_lexer *lx, const char *p, size_t n)
{
	lx->p = p;
	lx->end = p + n;
	lx->after_scheme = false;
	lx->failed = false;
}

enum dss_ap_kind
dss_ap_next(struct dss_ap_lexer *lx, struct dss_ap_item *it)
{
	bool after_scheme = lx->after_scheme;
	const char *p = lx->p, *end = lx->end, *q;
	bool comma = false;

	if (lx->failed)
		return it->kind = DSS_AP_ERROR;
	lx->after_scheme = false;
	/* OWS and empty list elements ("a, , b"); ", " alone is the usual */
	if (end - p >= 3 && p[0] == ',' && p[1] == ' ' && !IS(p[2], C_SEP)) {
		p += 2;
		comma = true;
	} else {
		while (p < end && IS(*p, C_SEP)) {
			comma |= *p == ',';
			p++;
		}
	}
	lx->p = p;
	if (p == end)
		return it->kind = DSS_AP_END;
	q = scan_run(p, end, C_TCHAR);
	if (q > p && try_param(lx, q, it))
		return DSS_AP_PARAM;
	if (after_scheme && !comma && try_token68(lx, it))
		return DSS_AP_TOKEN68;
	/* a scheme word: a token followed by SP, HTAB, a comma or the end */
	if (q > p && (q == end || *q == ' ' || *q == '\t' || *q == ',')) {
		it->kind = DSS_AP_SCHEME;
		it->name = dss_span(p, (size_t)(q - p));
		it->value = dss_span(q, 0);
		it->quoted = false;
		it->escaped = false;
		lx->after_scheme = q < end && *q != ',';
		lx->p = q;
		return DSS_AP_SCHEME;
	}
	lx->failed = true;
	return it->kind = DSS_AP_ERROR;
}

size_t
dss_ap_unquote(const struct dss_ap_item *it, char *out)
{
	size_t i, n = 0;

	if (!it->escaped) {
		if (it->value.n > 0)
			memcpy(out, it->value.p, it->value.n);
		return it->value.n;
	}
	for (i = 0; i < it->value.n; i++) {
		if (it->value.p[i] == '\\')
			i++; /* scan_quoted guarantees a following byte */
		out[n++] = it->value.p[i];
	}
	return n;
}

size_t
dss_ap_escaped_len(const struct dss_ap_item *it)
{
	size_t i, n = 0;

	for (i = 0; i < it->value.n; i++, n++)
		if (it->value.p[i] == '\\')
			i++;
	return n;
}

bool
dss_ap_value_eq(const struct dss_ap_item *it, const char *s, size_t n)
{
	size_t i, k = 0;

	if (!it->escaped)
		return it->value.n == n &&
		       (n == 0 || memcmp(it->value.p, s, n) == 0);
	for (i = 0; i < it->value.n; i++, k++) {
		if (it->value.p[i] == '\\')
			i++;
		if (k >= n || it->value.p[i] != s[k])
			return false;
	}
	return k == n;
}
