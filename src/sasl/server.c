/*
 * server.c - DIGEST-MD5 server: writing the challenge, reading and
 * checking the response, writing rspauth. The password source and the
 * context state live in the sspi room. See sasl.h.
 */
#include <string.h>

#include "authparam/authparam.h"
#include "authparam/quick.h"
#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "sasl/sasl.h"
#include "sasl/sasl_int.h"

/* ---- the challenge ------------------------------------------------------- */

/* "a,b,c" of the names whose bit is set, in enum order */
static void
put_list(struct dss_strbuf *sb, unsigned bits, int first, int count,
	 const char *(*name)(int))
{
	bool comma = false;
	int i;

	dss_sb_putc(sb, '"');
	for (i = first; i < count; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (comma)
			dss_sb_putc(sb, ',');
		dss_sb_puts(sb, name(i));
		comma = true;
	}
	dss_sb_putc(sb, '"');
}

static const char *
qop_name(int q)
{
	return dss_sasl_qop_name((enum dss_sasl_qop)q);
}

static const char *
cipher_name(int c)
{
	return dss_sasl_cipher_name((enum dss_sasl_cipher)c);
}

/* put_list at a cursor with room for every name and a comma each */
static char *
cur_list(char *o, unsigned bits, int first, int count,
	 const char *(*name)(int))
{
	bool comma = false;
	int i;

	*o++ = '"';
	for (i = first; i < count; i++) {
		const char *s;

		if (!(bits & (1u << i)))
			continue;
		if (comma)
			*o++ = ',';
		s = name(i);
		o = dss_cur_put(o, s, strlen(s));
		comma = true;
	}
	*o++ = '"';
	return o;
}

/*
 * The challenge unchecked (strbuf.h cursors) when a bound on its length
 * (every quoted byte escaped) fits; false, with nothing written, when it
 * does not. The same bytes as the checked writers of write_challenge.
 */
static bool
cur_challenge(const struct dss_sasl_offer *o, uint32_t maxbuf,
	      struct dss_strbuf *sb)
{
	/* the fixed text: qop, cipher and qop lists, stale, maxbuf, ... */
	size_t bound = 2 * o->nonce.n + 256, i;
	char *w;

	for (i = 0; i < o->nrealms; i++)
		bound += 2 * o->realms[i].n + 16;
	w = dss_sb_room(sb, bound);
	if (w == NULL)
		return false;
	w = dss_cur_lit(w, "nonce=");
	w = dss_cur_put_quoted(w, o->nonce.p, o->nonce.n);
	for (i = 0; i < o->nrealms; i++) {
		w = dss_cur_lit(w, ",realm=");
		w = dss_cur_put_quoted(w, o->realms[i].p, o->realms[i].n);
	}
	w = dss_cur_lit(w, ",qop=");
	w = cur_list(w, o->qops, DSS_SASL_AUTH, DSS_SASL_AUTH_CONF + 1,
		     qop_name);
	if (o->qops & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF)) {
		w = dss_cur_lit(w, ",cipher=");
		w = cur_list(w, o->ciphers, 1, DSS_SASL_CIPHER_COUNT,
			     cipher_name);
	}
	if (o->stale)
		w = dss_cur_lit(w, ",stale=true");
	if (o->qops & ~DSS_SASL_QOP_BIT(DSS_SASL_AUTH)) {
		w = dss_cur_lit(w, ",maxbuf=");
		w = dss_sasl_cur_uint(w, maxbuf);
	}
	w = dss_cur_lit(w, ",charset=utf-8,algorithm=md5-sess");
	dss_sb_advance(sb, w);
	return true;
}

static void
write_challenge(const struct dss_sasl_offer *o, uint32_t maxbuf,
		struct dss_strbuf *sb)
{
	size_t i;

	if (cur_challenge(o, maxbuf, sb))
		return;
	/* Cyrus order (protocol.md B.3) */
	dss_sb_puts(sb, "nonce=");
	dss_sb_put_quoted(sb, o->nonce.p, o->nonce.n);
	for (i = 0; i < o->nrealms; i++) {
		dss_sb_puts(sb, ",realm=");
		dss_sb_put_quoted(sb, o->realms[i].p, o->realms[i].n);
	}
	dss_sb_puts(sb, ",qop=");
	put_list(sb, o->qops, DSS_SASL_AUTH, DSS_SASL_AUTH_CONF + 1, qop_name);
	if (o->qops & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF)) {
		dss_sb_puts(sb, ",cipher=");
		put_list(sb, o->ciphers, 1, DSS_SASL_CIPHER_COUNT,
			 cipher_name);
	}
	if (o->stale)
		dss_sb_puts(sb, ",stale=true");
	if (o->qops & ~DSS_SASL_QOP_BIT(DSS_SASL_AUTH)) {
		dss_sb_puts(sb, ",maxbuf=");
		dss_sasl_put_uint(sb, maxbuf);
	}
	dss_sb_puts(sb, ",charset=utf-8,algorithm=md5-sess");
}

SECURITY_STATUS
dss_sasl_emit_challenge(const struct dss_sasl_offer *o, struct dss_strbuf *sb)
{
	uint32_t maxbuf = o->maxbuf ? o->maxbuf : DSS_SASL_MAXBUF_DEFAULT;
	size_t start = sb->len, i;
	bool overflow = sb->overflow;

	if ((o->qops & DSS_SASL_QOP_ALL) == 0 || (o->qops & ~DSS_SASL_QOP_ALL))
		return SEC_E_INVALID_PARAMETER;
	if ((o->qops & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF)) &&
	    (o->ciphers & DSS_SASL_CIPHER_ALL) == 0)
		return SEC_E_INVALID_PARAMETER;
	if (o->nonce.n == 0 || !dss_sasl_text_ok(o->nonce) ||
	    maxbuf < DSS_SASL_MAXBUF_MIN || maxbuf > DSS_SASL_MAXBUF_MAX)
		return SEC_E_INVALID_PARAMETER;
	for (i = 0; i < o->nrealms; i++)
		if (!dss_sasl_text_ok(o->realms[i]))
			return SEC_E_INVALID_PARAMETER;
	/* written once; one too long is taken back (len, overflow) */
	write_challenge(o, maxbuf, sb);
	if (sb->len - start >= DSS_SASL_CHALLENGE_MAX) {
		sb->len = start;
		sb->overflow = overflow;
		return SEC_E_INVALID_PARAMETER;
	}
	return SEC_E_OK;
}

/* ---- the response -------------------------------------------------------- */

enum { R_USERNAME, R_REALM, R_NONCE, R_CNONCE, R_NC, R_QOP, R_DIGEST_URI,
       R_RESPONSE, R_MAXBUF, R_CHARSET, R_CIPHER, R_AUTHZID, R_COUNT };

#define BIT(d) (1u << (d))

/* Lower case (see directive()). */
static const char *const response_directives[R_COUNT] = {
	[R_USERNAME] = "username", [R_REALM] = "realm",
	[R_NONCE] = "nonce",	   [R_CNONCE] = "cnonce",
	[R_NC] = "nc",		   [R_QOP] = "qop",
	[R_DIGEST_URI] = "digest-uri", [R_RESPONSE] = "response",
	[R_MAXBUF] = "maxbuf",	   [R_CHARSET] = "charset",
	[R_CIPHER] = "cipher",	   [R_AUTHZID] = "authzid",
};

/*
 * The directive a parameter name stands for, R_COUNT when it is none of
 * ours: the length and one or two letters pick the only candidate,
 * compared in full ASCII case-insensitively. dss_ap_name_is is exact for
 * letters whatever the bytes (dss_ap_quick's names are not checked
 * tokens); the '-' of digest-uri is checked on its own, as CR | 0x20 is
 * '-' too.
 */
static DSS_ALWAYS_INLINE int
directive(struct dss_span name)
{
	unsigned c0;
	int d;

	if (name.n < 2)
		return R_COUNT;
	c0 = (unsigned char)name.p[0] | 0x20u;
	switch (name.n) {
	case 2:
		d = R_NC;
		break;
	case 3:
		d = R_QOP;
		break;
	case 5:
		d = c0 == 'r' ? R_REALM : R_NONCE;
		break;
	case 6:
		d = c0 == 'm' ? R_MAXBUF :
		    ((unsigned char)name.p[1] | 0x20u) == 'n' ? R_CNONCE :
								R_CIPHER;
		break;
	case 7:
		d = c0 == 'c' ? R_CHARSET : R_AUTHZID;
		break;
	case 8:
		d = c0 == 'u' ? R_USERNAME : R_RESPONSE;
		break;
	case 10:
		if (name.p[6] != '-')
			return R_COUNT;
		d = R_DIGEST_URI;
		break;
	default:
		return R_COUNT;
	}
	return dss_ap_name_is(name.p, response_directives[d], name.n) ?
		       d :
		       R_COUNT;
}

#define REQUIRED                                                  \
	(BIT(R_USERNAME) | BIT(R_NONCE) | BIT(R_CNONCE) | BIT(R_NC) | \
	 BIT(R_DIGEST_URI) | BIT(R_RESPONSE))

/* serv-type "/" host [ "/" serv-name ], no part empty (B.4) */
static bool
split_uri(struct dss_sasl_response *r)
{
	const char *p = r->digest_uri.p, *end = p + r->digest_uri.n;
	const char *s1, *s2;

	s1 = memchr(p, '/', r->digest_uri.n);
	if (s1 == NULL || s1 == p)
		return false;
	r->serv_type = dss_span(p, (size_t)(s1 - p));
	s2 = memchr(s1 + 1, '/', (size_t)(end - s1 - 1));
	if (s2 == NULL) {
		r->host = dss_span(s1 + 1, (size_t)(end - s1 - 1));
		r->serv_name = dss_span(end, 0);
	} else {
		r->host = dss_span(s1 + 1, (size_t)(s2 - s1 - 1));
		r->serv_name = dss_span(s2 + 1, (size_t)(end - s2 - 1));
		if (r->serv_name.n == 0 ||
		    memchr(r->serv_name.p, '/', r->serv_name.n) != NULL)
			return false;
	}
	return r->host.n > 0;
}

SECURITY_STATUS
dss_sasl_parse_response(const char *tok, size_t n, char *scratch,
			struct dss_sasl_response *r)
{
	struct dss_span v[R_COUNT];
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	enum dss_ap_kind k;
	unsigned seen = 0, items = 0;
	char *w = scratch;
	const bool quick = n >= 16; /* dss_ap_quick's windows */

	memset(r, 0, sizeof(*r));
	if (n > DSS_SASL_MAX_INPUT)
		return SEC_E_INVALID_TOKEN;
	dss_ap_init(&lx, tok, n);
	for (;;) {
		int i;

		k = dss_sasl_next(&lx, quick, &it, directive, R_COUNT, &i);
		if (k == DSS_AP_END)
			break;
		if (k != DSS_AP_PARAM)
			return SEC_E_INVALID_TOKEN;
		if (++items > DSS_SASL_MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		/* algorithm, opaque and unknown directives are ignored */
		if (i == R_COUNT)
			continue;
		if (seen & BIT(i))
			return SEC_E_INVALID_TOKEN; /* duplicate */
		seen |= BIT(i);
		v[i] = dss_sasl_take(&w, &it);
	}
	if ((seen & REQUIRED) != REQUIRED)
		return SEC_E_INVALID_TOKEN;

	r->user = v[R_USERNAME];
	r->nonce = v[R_NONCE];
	r->cnonce = v[R_CNONCE];
	r->digest_uri = v[R_DIGEST_URI];
	r->has_realm = (seen & BIT(R_REALM)) != 0;
	r->realm = r->has_realm ? v[R_REALM] : dss_span(w, 0);
	r->has_authzid = (seen & BIT(R_AUTHZID)) != 0;
	r->authzid = r->has_authzid ? v[R_AUTHZID] : dss_span(w, 0);

	/* nc: 8 hex digits, quoted or not (curl quotes it) */
	{
		uint8_t b[4];

		r->nc = v[R_NC];
		if (r->nc.n != 8)
			return SEC_E_INVALID_TOKEN;
		/* the one value a server accepts, without the decoder */
		if (memcmp(r->nc.p, "00000001", 8) == 0) {
			r->nc_value = 1;
		} else {
			if (!dss_hex_decode(b, r->nc.p, 4))
				return SEC_E_INVALID_TOKEN;
			r->nc_value = dss_load_be32(b);
		}
	}

	r->qop = DSS_SASL_AUTH;
	r->has_qop = (seen & BIT(R_QOP)) != 0;
	r->qop_raw = r->has_qop ? v[R_QOP] : dss_span(w, 0);
	if (r->has_qop) {
		int q = dss_sasl_qop_from_name(r->qop_raw);

		if (q < 0)
			return SEC_E_INVALID_TOKEN;
		r->qop = (enum dss_sasl_qop)q;
	}

	r->cipher = DSS_SASL_CIPHER_NONE;
	if (((seen & BIT(R_CIPHER)) != 0) != (r->qop == DSS_SASL_AUTH_CONF))
		return SEC_E_INVALID_TOKEN;
	if (seen & BIT(R_CIPHER)) {
		int c = dss_sasl_cipher_from_name(v[R_CIPHER]);

		if (c <= 0)
			return SEC_E_INVALID_TOKEN;
		r->cipher = (enum dss_sasl_cipher)c;
	}

	r->maxbuf = DSS_SASL_MAXBUF_DEFAULT;
	r->has_maxbuf = (seen & BIT(R_MAXBUF)) != 0;
	if (r->has_maxbuf && !dss_sasl_parse_maxbuf(v[R_MAXBUF], &r->maxbuf))
		return SEC_E_INVALID_TOKEN;

	r->has_charset = (seen & BIT(R_CHARSET)) != 0;
	if (r->has_charset) {
		if (!dss_span_eq_ci(v[R_CHARSET], "utf-8"))
			return SEC_E_INVALID_TOKEN;
		r->utf8 = true;
	}

	if (v[R_RESPONSE].n != 2 * DSS_SASL_HASH_LEN ||
	    !dss_hex_decode(r->response, v[R_RESPONSE].p, 16))
		return SEC_E_INVALID_TOKEN;

	if (!split_uri(r))
		return SEC_E_INVALID_TOKEN;
	return SEC_E_OK;
}

static bool
same(struct dss_span a, struct dss_span b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static bool
same_ci(struct dss_span a, struct dss_span b)
{
	size_t i;

	if (a.n != b.n)
		return false;
	for (i = 0; i < a.n; i++)
		if (dss_ascii_lower((unsigned char)a.p[i]) !=
		    dss_ascii_lower((unsigned char)b.p[i]))
			return false;
	return true;
}

static bool
one_of(struct dss_span s, const struct dss_span *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_ci(s, list[i]))
			return true;
	return false;
}

SECURITY_STATUS
dss_sasl_server_check(const struct dss_sasl_policy *p,
		      const struct dss_sasl_response *r)
{
	if (!same(r->nonce, p->nonce) || r->nc_value != 1)
		return SEC_E_INVALID_TOKEN;
	if (!(p->qops & DSS_SASL_QOP_BIT(r->qop)))
		return SEC_E_INVALID_TOKEN;
	if (r->qop == DSS_SASL_AUTH_CONF &&
	    !(p->ciphers & DSS_SASL_CIPHER_BIT(r->cipher)))
		return SEC_E_INVALID_TOKEN;
	if (p->service.n > 0 && !same_ci(r->serv_type, p->service))
		return SEC_E_INVALID_TOKEN;
	if (p->nhosts > 0 &&
	    (!one_of(r->host, p->hosts, p->nhosts) ||
	     (r->serv_name.n > 0 &&
	      !one_of(r->serv_name, p->hosts, p->nhosts))))
		return SEC_E_INVALID_TOKEN;
	if (r->has_authzid && r->authzid.n > 0 && !p->any_authzid &&
	    !same(r->authzid, r->user))
		return SEC_E_LOGON_DENIED;
	return SEC_E_OK;
}

/* ---- the hash ------------------------------------------------------------ */

struct match {
	uint8_t ss[DSS_SASL_HASH_LEN]; /* the SS being tried */
	bool found;
	enum dss_sasl_form form;
	uint8_t ha1[DSS_SASL_HASH_LEN];
	struct dss_sasl_kd kd; /* of the match: the rspauth reuses it */
};

/*
 * Try one SS with each reading of the authzid; ha2 is hex(MD5(A2)) of
 * the response.
 */
static void
try_ss(const struct dss_sasl_response *r, const uint8_t *ss,
       enum dss_sasl_form form, const char *ha2, struct match *m)
{
	/* authzid="": Cyrus appends ":", GNU SASL does not (B.5.4) */
	bool variants[2] = { r->has_authzid, false };
	size_t nv = r->has_authzid && r->authzid.n == 0 ? 2 : 1;
	struct {
		uint8_t ha1[DSS_SASL_HASH_LEN], want[DSS_SASL_HASH_LEN];
		struct dss_sasl_kd kd;
	} t; /* secret */
	size_t i;

	for (i = 0; i < nv; i++) {
		bool eq;

		dss_sasl_calc_ha1(ss, r->nonce, r->cnonce, variants[i],
				  r->authzid, t.ha1);
		dss_sasl_kd_start(&t.kd, t.ha1, r->nonce, r->nc, r->cnonce,
				  r->qop_raw);
		dss_sasl_kd_finish(&t.kd, ha2, t.want);
		eq = dss_ct_eq(t.want, r->response, sizeof(t.want));
		if (eq && !m->found) {
			m->found = true;
			m->form = form;
			memcpy(m->ha1, t.ha1, sizeof(t.ha1));
			m->kd = t.kd;
		}
	}
	DSS_WIPE(t);
}

/* The ISO-8859-1 rule changes the bytes of s (non-ASCII, and it fits). */
static bool
converts(struct dss_span s)
{
	return dss_sasl_ascii_len(s.p, s.n) < s.n &&
	       dss_sasl_latin1_fits(s.p, s.n);
}

SECURITY_STATUS
dss_sasl_server_verify(const struct dss_sasl_response *r,
		       const struct dss_sasl_secret *sec,
		       struct dss_sasl_session *s)
{
	struct dss_span qop = r->qop_raw.n > 0 ? r->qop_raw :
						 DSS_SPAN_LIT("auth");
	char ha2[2 * DSS_SASL_HASH_LEN];
	struct match m; /* secret, with the SS: wiped once, at the end */
	uint8_t *ss = m.ss;

	memset(&m, 0, sizeof(m));
	/* A2 is the same for every candidate */
	dss_sasl_calc_ha2(r->digest_uri, qop, false, ha2);
	if (sec->password != NULL) {
		struct dss_span pw = dss_span(sec->password, sec->password_len);
		bool names = converts(r->user) || converts(r->realm);
		bool pass = converts(pw);

		/*
		 * The forms in the order Cyrus, raw, GNU SASL; a form whose
		 * bytes equal an earlier one's (all-ASCII strings: the usual
		 * case) would give the same SS and is not hashed again. This
		 * tells through timing only whether the password has
		 * ISO-8859-1 characters, which the encoding rule itself
		 * branches on anyway.
		 */
		/* nothing to convert: the Cyrus bytes are the raw ones */
		dss_sasl_calc_ss(names || pass ? DSS_SASL_FORM_CYRUS :
						 DSS_SASL_FORM_RAW,
				 r->user, r->realm, pw, ss);
		try_ss(r, ss, DSS_SASL_FORM_CYRUS, ha2, &m);
		if (names || pass) {
			dss_sasl_calc_ss(DSS_SASL_FORM_RAW, r->user, r->realm,
					 pw, ss);
			try_ss(r, ss, DSS_SASL_FORM_RAW, ha2, &m);
		}
		if (names && pass) {
			dss_sasl_calc_ss(DSS_SASL_FORM_GSASL, r->user,
					 r->realm, pw, ss);
			try_ss(r, ss, DSS_SASL_FORM_GSASL, ha2, &m);
		}
	}
	if (sec->ss != NULL)
		try_ss(r, sec->ss, DSS_SASL_FORM_SS, ha2, &m);
	if (!m.found) {
		DSS_WIPE(m);
		return SEC_E_LOGON_DENIED;
	}
	memcpy(s->ha1, m.ha1, sizeof(m.ha1));
	/* rspauth: the same KD prefix, A2 without "AUTHENTICATE" */
	dss_sasl_calc_ha2(r->digest_uri, qop, true, ha2);
	dss_sasl_kd_finish(&m.kd, ha2, s->rspauth);
	s->qop = r->qop;
	s->cipher = r->cipher;
	s->peer_maxbuf = r->maxbuf;
	s->form = m.form;
	s->charset_sent = false;
	DSS_WIPE(m);
	return SEC_E_OK;
}

void
dss_sasl_emit_final(const struct dss_sasl_session *s, struct dss_strbuf *sb)
{
	char hex[2 * DSS_SASL_HASH_LEN];

	char *o = dss_sb_room(sb, 8 + sizeof(hex));

	if (o != NULL) {
		o = dss_cur_lit(o, "rspauth=");
		dss_hex_encode(o, s->rspauth, sizeof(s->rspauth));
		dss_sb_advance(sb, o + sizeof(hex));
		return;
	}
	dss_hex_encode(hex, s->rspauth, sizeof(s->rspauth));
	dss_sb_puts(sb, "rspauth=");
	dss_sb_put(sb, hex, sizeof(hex));
}
