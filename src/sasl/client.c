/*
 * client.c - DIGEST-MD5 client: reading the challenge, choosing qop,
 * cipher and realm, writing the response, checking rspauth. See sasl.h.
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

/*
 * Single-valued directives of a challenge; the index is the bit in seen.
 * realm, which may come more than once, is C_REALM (not a bit).
 */
enum { C_NONCE, C_QOP, C_STALE, C_MAXBUF, C_CHARSET, C_ALGORITHM, C_CIPHER,
       C_COUNT, C_REALM = C_COUNT, C_OTHER };

/* Lower case, letters only (see dss_ap_name_is). */
static const char *const challenge_directives[C_OTHER] = {
	[C_NONCE] = "nonce",	 [C_QOP] = "qop",
	[C_STALE] = "stale",	 [C_MAXBUF] = "maxbuf",
	[C_CHARSET] = "charset", [C_ALGORITHM] = "algorithm",
	[C_CIPHER] = "cipher",	 [C_REALM] = "realm",
};

/*
 * The directive a parameter name stands for, C_OTHER when it is none of
 * ours: the length and one letter pick the only candidate, compared in
 * full ASCII case-insensitively. The names are letters only, so this is
 * exact for any bytes (dss_ap_quick's names are not checked tokens).
 */
static DSS_ALWAYS_INLINE int
challenge_directive(struct dss_span name)
{
	unsigned c0;
	int d;

	if (name.n < 3)
		return C_OTHER;
	c0 = (unsigned char)name.p[0] | 0x20u;
	switch (name.n) {
	case 3:
		d = C_QOP;
		break;
	case 5:
		d = c0 == 'n' ? C_NONCE : c0 == 'r' ? C_REALM : C_STALE;
		break;
	case 6:
		d = c0 == 'm' ? C_MAXBUF : C_CIPHER;
		break;
	case 7:
		d = C_CHARSET;
		break;
	case 9:
		d = C_ALGORITHM;
		break;
	default:
		return C_OTHER;
	}
	return dss_ap_name_is(name.p, challenge_directives[d], name.n) ?
		       d :
		       C_OTHER;
}

/* qop="auth,auth-int,future" -> DSS_SASL_QOP_BIT() of the known ones */
static unsigned
qop_list(struct dss_span v)
{
	struct dss_sasl_list_iter li;
	struct dss_span t;
	unsigned bits = 0;

	dss_sasl_list_init(&li, v);
	while (dss_sasl_list_next(&li, &t)) {
		int q = dss_sasl_qop_from_name(t);

		if (q >= 0)
			bits |= DSS_SASL_QOP_BIT(q);
	}
	return bits;
}

static unsigned
cipher_list(struct dss_span v)
{
	struct dss_sasl_list_iter li;
	struct dss_span t;
	unsigned bits = 0;

	dss_sasl_list_init(&li, v);
	while (dss_sasl_list_next(&li, &t)) {
		int c = dss_sasl_cipher_from_name(t);

		if (c > 0)
			bits |= DSS_SASL_CIPHER_BIT(c);
	}
	return bits;
}

SECURITY_STATUS
dss_sasl_parse_challenge(const char *tok, size_t n, char *scratch,
			 struct dss_sasl_challenge *ch)
{
	struct dss_span v[C_COUNT];
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	enum dss_ap_kind k;
	unsigned seen = 0, items = 0;
	char *w = scratch;
	const bool quick = n >= 16; /* dss_ap_quick's windows */
	int i;

	memset(ch, 0, sizeof(*ch));
	if (n > DSS_SASL_MAX_INPUT)
		return SEC_E_INVALID_TOKEN;
	dss_ap_init(&lx, tok, n);
	for (;;) {
		k = dss_sasl_next(&lx, quick, &it, challenge_directive, C_OTHER,
				  &i);
		if (k == DSS_AP_END)
			break;
		if (k != DSS_AP_PARAM)
			return SEC_E_INVALID_TOKEN;
		if (++items > DSS_SASL_MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		if (i == C_REALM) {
			struct dss_span r = dss_sasl_take(&w, &it);

			if (ch->nrealms < DSS_SASL_MAX_REALMS)
				ch->realms[ch->nrealms++] = r;
			ch->realms_seen++;
			continue;
		}
		/* anything else (opaque, domain, future ones) is ignored */
		if (i == C_OTHER)
			continue;
		if (seen & (1u << i))
			return SEC_E_INVALID_TOKEN; /* duplicate */
		seen |= 1u << i;
		v[i] = dss_sasl_take(&w, &it);
	}

	if (!(seen & (1u << C_NONCE)) || v[C_NONCE].n == 0)
		return SEC_E_INVALID_TOKEN;
	ch->nonce = v[C_NONCE];
	if (!(seen & (1u << C_ALGORITHM)) ||
	    !dss_span_eq_ci(v[C_ALGORITHM], "md5-sess"))
		return SEC_E_INVALID_TOKEN;
	ch->maxbuf = DSS_SASL_MAXBUF_DEFAULT;
	if ((seen & (1u << C_MAXBUF)) &&
	    !dss_sasl_parse_maxbuf(v[C_MAXBUF], &ch->maxbuf))
		return SEC_E_INVALID_TOKEN;
	ch->utf8 = (seen & (1u << C_CHARSET)) &&
		   dss_span_eq_ci(v[C_CHARSET], "utf-8");
	ch->stale = (seen & (1u << C_STALE)) &&
		    dss_span_eq_ci(v[C_STALE], "true");
	ch->qops = (seen & (1u << C_QOP)) ? qop_list(v[C_QOP]) :
					    DSS_SASL_QOP_BIT(DSS_SASL_AUTH);
	if (ch->qops & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF)) {
		if (seen & (1u << C_CIPHER))
			ch->ciphers = cipher_list(v[C_CIPHER]);
		if (ch->ciphers == 0) /* as if auth-conf were not offered */
			ch->qops &= ~DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF);
	}
	if (ch->qops == 0)
		return SEC_E_INVALID_TOKEN;
	return SEC_E_OK;
}

/* ---- choices ------------------------------------------------------------- */

SECURITY_STATUS
dss_sasl_client_choose(const struct dss_sasl_challenge *ch, bool want_int,
		       bool want_conf, unsigned builtin,
		       enum dss_sasl_qop *qop, enum dss_sasl_cipher *cipher)
{
	unsigned usable = ch->qops & DSS_SASL_QOP_ALL;
	unsigned ciphers = ch->ciphers & builtin & DSS_SASL_CIPHER_ALL;
	int c, best = DSS_SASL_CIPHER_NONE;

	for (c = DSS_SASL_CIPHER_COUNT - 1; c > 0; c--)
		if (ciphers & DSS_SASL_CIPHER_BIT(c))
			best = c; /* the smallest value is the strongest */
	if (best == DSS_SASL_CIPHER_NONE)
		usable &= ~DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF);

	if (want_conf && (usable & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF)))
		*qop = DSS_SASL_AUTH_CONF;
	else if ((want_int || want_conf) &&
		 (usable & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_INT)))
		*qop = DSS_SASL_AUTH_INT;
	else if (usable & DSS_SASL_QOP_BIT(DSS_SASL_AUTH))
		*qop = DSS_SASL_AUTH;
	else if (usable & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_INT))
		*qop = DSS_SASL_AUTH_INT; /* only a layer is offered */
	else if (usable & DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF))
		*qop = DSS_SASL_AUTH_CONF;
	else
		return SEC_E_INVALID_TOKEN;
	*cipher = *qop == DSS_SASL_AUTH_CONF ? (enum dss_sasl_cipher)best :
					       DSS_SASL_CIPHER_NONE;
	return SEC_E_OK;
}

struct dss_span
dss_sasl_client_realm(const struct dss_sasl_challenge *ch,
		      struct dss_span domain)
{
	if (domain.n > 0)
		return domain;
	if (ch->nrealms > 0)
		return ch->realms[0];
	return dss_span("", 0);
}

/* ---- the response -------------------------------------------------------- */

/* Non-ASCII, and left in UTF-8 by the ISO-8859-1 rule. */
static bool
stays_utf8(struct dss_span s)
{
	return dss_sasl_ascii_len(s.p, s.n) < s.n &&
	       !dss_sasl_latin1_fits(s.p, s.n);
}

static bool
same(struct dss_span a, struct dss_span b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static SECURITY_STATUS
check_input(const struct dss_sasl_client_input *in, uint32_t maxbuf)
{
	if (in->user.n == 0)
		return SEC_E_NO_CREDENTIALS;
	if (!dss_sasl_text_ok(in->user) || !dss_sasl_text_ok(in->realm) ||
	    !dss_sasl_text_ok(in->authzid))
		return SEC_E_UNKNOWN_CREDENTIALS;
	if (in->digest_uri.n == 0 || !dss_sasl_uri_ok(in->digest_uri))
		return SEC_E_TARGET_UNKNOWN;
	if (in->nc == 0 || maxbuf < DSS_SASL_MAXBUF_MIN ||
	    maxbuf > DSS_SASL_MAXBUF_MAX || in->qop > DSS_SASL_AUTH_CONF ||
	    in->cipher >= DSS_SASL_CIPHER_COUNT ||
	    (in->qop == DSS_SASL_AUTH_CONF) !=
		    (in->cipher != DSS_SASL_CIPHER_NONE))
		return SEC_E_INVALID_PARAMETER;
	if (in->nonce.n == 0 || in->cnonce.n == 0 ||
	    !dss_sasl_text_ok(in->nonce) || !dss_sasl_text_ok(in->cnonce))
		return SEC_E_INVALID_PARAMETER;
	return SEC_E_OK;
}

static void emit_response(const struct dss_sasl_client_input *in,
			  bool authzid, bool charset, struct dss_span qop,
			  const char *nc, uint32_t maxbuf, const uint8_t *resp,
			  struct dss_strbuf *sb);

SECURITY_STATUS
dss_sasl_client_respond(const struct dss_sasl_client_input *in,
			struct dss_sasl_session *s, struct dss_strbuf *sb)
{
	uint32_t maxbuf = in->maxbuf ? in->maxbuf : DSS_SASL_MAXBUF_DEFAULT;
	struct dss_span qop, nc_span;
	uint8_t resp[DSS_SASL_HASH_LEN];
	char nc[8], ha2[2 * DSS_SASL_HASH_LEN];
	struct {
		uint8_t ss[DSS_SASL_HASH_LEN];
		struct dss_sasl_kd kd;
	} t; /* secret: wiped once, at the end */
	bool authzid, charset, ascii;
	SECURITY_STATUS st;

	st = check_input(in, maxbuf);
	if (DSS_FAILED(st))
		return st;
	/* Cyrus: no authzid when it is the user name; never an empty one */
	authzid = in->authzid.n > 0 && !same(in->authzid, in->user);
	/* non-ASCII: only then may a string change or stay in UTF-8 */
	ascii = dss_sasl_ascii_len(in->user.p, in->user.n) == in->user.n &&
		dss_sasl_ascii_len(in->realm.p, in->realm.n) == in->realm.n &&
		dss_sasl_ascii_len(in->password.p, in->password.n) ==
			in->password.n;
	charset = in->server_utf8 && !ascii &&
		  (stays_utf8(in->user) || stays_utf8(in->realm) ||
		   stays_utf8(in->password));
	qop = dss_sasl_qop_span(in->qop);
	/* the usual nc (the first answer to a challenge) without the encoder */
	if (in->nc == 1)
		memcpy(nc, "00000001", sizeof(nc));
	else
		dss_hex32(nc, in->nc);
	nc_span = dss_span(nc, sizeof(nc));

	/* all ASCII: the Cyrus form's bytes are the raw ones */
	dss_sasl_calc_ss(ascii ? DSS_SASL_FORM_RAW : DSS_SASL_FORM_CYRUS,
			 in->user, in->realm, in->password, t.ss);
	dss_sasl_calc_ha1(t.ss, in->nonce, in->cnonce, authzid, in->authzid,
			  s->ha1);
	/* response and rspauth differ only in A2: one KD prefix for both */
	dss_sasl_kd_start(&t.kd, s->ha1, in->nonce, nc_span, in->cnonce, qop);
	dss_sasl_calc_ha2(in->digest_uri, qop, false, ha2);
	dss_sasl_kd_finish(&t.kd, ha2, resp);
	dss_sasl_calc_ha2(in->digest_uri, qop, true, ha2);
	dss_sasl_kd_finish(&t.kd, ha2, s->rspauth);
	DSS_WIPE(t);
	s->qop = in->qop;
	s->cipher = in->cipher;
	s->peer_maxbuf = in->peer_maxbuf ? in->peer_maxbuf :
					   DSS_SASL_MAXBUF_DEFAULT;
	s->form = DSS_SASL_FORM_CYRUS;
	s->charset_sent = charset;

	emit_response(in, authzid, charset, qop, nc, maxbuf, resp, sb);
	return SEC_E_OK;
}

/*
 * The response's text. Usually written unchecked (strbuf.h cursors): a
 * bound on its length (every quoted byte escaped) fits. The checked
 * writers below give the same bytes.
 */
static void
emit_response(const struct dss_sasl_client_input *in, bool authzid,
	      bool charset, struct dss_span qop, const char *nc,
	      uint32_t maxbuf, const uint8_t *resp, struct dss_strbuf *sb)
{
	/* the fixed text: names, nc, qop, cipher, maxbuf, charset, hex */
	size_t bound = 2 * (in->user.n + in->realm.n + in->authzid.n +
			    in->nonce.n + in->cnonce.n + in->digest_uri.n) +
		       256;
	char *o = dss_sb_room(sb, bound);
	char hex[2 * DSS_SASL_HASH_LEN];

	if (o != NULL) {
		o = dss_cur_lit(o, "username=");
		o = dss_cur_put_quoted(o, in->user.p, in->user.n);
		o = dss_cur_lit(o, ",realm=");
		o = dss_cur_put_quoted(o, in->realm.p, in->realm.n);
		if (authzid) {
			o = dss_cur_lit(o, ",authzid=");
			o = dss_cur_put_quoted(o, in->authzid.p,
					       in->authzid.n);
		}
		o = dss_cur_lit(o, ",nonce=");
		o = dss_cur_put_quoted(o, in->nonce.p, in->nonce.n);
		o = dss_cur_lit(o, ",cnonce=");
		o = dss_cur_put_quoted(o, in->cnonce.p, in->cnonce.n);
		o = dss_cur_lit(o, ",nc=");
		o = dss_cur_put(o, nc, 8);
		o = dss_cur_lit(o, ",qop=");
		o = dss_cur_put(o, qop.p, qop.n);
		if (in->qop == DSS_SASL_AUTH_CONF) {
			const char *c = dss_sasl_cipher_name(in->cipher);

			o = dss_cur_lit(o, ",cipher=");
			o = dss_cur_put(o, c, strlen(c));
		}
		o = dss_cur_lit(o, ",maxbuf=");
		o = dss_sasl_cur_uint(o, maxbuf);
		if (charset)
			o = dss_cur_lit(o, ",charset=utf-8");
		o = dss_cur_lit(o, ",digest-uri=");
		o = dss_cur_put_quoted(o, in->digest_uri.p, in->digest_uri.n);
		o = dss_cur_lit(o, ",response=");
		dss_hex_encode(o, resp, DSS_SASL_HASH_LEN);
		dss_sb_advance(sb, o + 2 * DSS_SASL_HASH_LEN);
		return;
	}

	dss_sb_puts(sb, "username=");
	dss_sb_put_quoted(sb, in->user.p, in->user.n);
	dss_sb_puts(sb, ",realm=");
	dss_sb_put_quoted(sb, in->realm.p, in->realm.n);
	if (authzid) {
		dss_sb_puts(sb, ",authzid=");
		dss_sb_put_quoted(sb, in->authzid.p, in->authzid.n);
	}
	dss_sb_puts(sb, ",nonce=");
	dss_sb_put_quoted(sb, in->nonce.p, in->nonce.n);
	dss_sb_puts(sb, ",cnonce=");
	dss_sb_put_quoted(sb, in->cnonce.p, in->cnonce.n);
	dss_sb_puts(sb, ",nc=");
	dss_sb_put(sb, nc, 8);
	dss_sb_puts(sb, ",qop=");
	dss_sb_put(sb, qop.p, qop.n);
	if (in->qop == DSS_SASL_AUTH_CONF) {
		dss_sb_puts(sb, ",cipher=");
		dss_sb_puts(sb, dss_sasl_cipher_name(in->cipher));
	}
	dss_sb_puts(sb, ",maxbuf=");
	dss_sasl_put_uint(sb, maxbuf);
	if (charset)
		dss_sb_puts(sb, ",charset=utf-8");
	dss_sb_puts(sb, ",digest-uri=");
	dss_sb_put_quoted(sb, in->digest_uri.p, in->digest_uri.n);
	dss_sb_puts(sb, ",response=");
	dss_hex_encode(hex, resp, DSS_SASL_HASH_LEN);
	dss_sb_put(sb, hex, sizeof(hex));
}

SECURITY_STATUS
dss_sasl_client_answer(const struct dss_sasl_challenge *ch,
		       const struct dss_sasl_client_opts *o,
		       struct dss_span cnonce, struct dss_sasl_session *s,
		       struct dss_strbuf *sb)
{
	struct dss_sasl_client_input in;
	SECURITY_STATUS st;

	memset(&in, 0, sizeof(in));
	st = dss_sasl_client_choose(ch, o->want_int, o->want_conf, o->builtin,
				    &in.qop, &in.cipher);
	if (DSS_FAILED(st))
		return st;
	in.user = o->user;
	in.realm = dss_sasl_client_realm(ch, o->domain);
	in.password = o->password;
	in.authzid = o->authzid;
	in.nonce = ch->nonce;
	in.cnonce = cnonce;
	in.digest_uri = o->digest_uri;
	in.nc = 1;
	in.maxbuf = o->maxbuf;
	in.peer_maxbuf = ch->maxbuf;
	in.server_utf8 = ch->utf8;
	return dss_sasl_client_respond(&in, s, sb);
}

/* ---- rspauth ------------------------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * Whether hex (32 bytes received) is d in hex, in either case, with no
 * branch on d: ours is made in lower case and each received byte has 0x20
 * or-ed in. Only '0'-'9', 'a'-'f', 'A'-'F' and the bytes 0x10-0x19 become
 * a lower-case digit that way; the last are refused on their own.
 */
static bool
hex_matches(const char *hex, const uint8_t *d)
{
	char want[2 * DSS_SASL_HASH_LEN];
	uint64_t diff = 0;
	size_t i;

	dss_hex_encode(want, d, DSS_SASL_HASH_LEN);
	for (i = 0; i < sizeof(want); i += 8) {
		uint64_t w, v;

		memcpy(&w, hex + i, sizeof(w));
		memcpy(&v, want + i, sizeof(v));
		diff |= (w - ONES * 0x30) & ~w & HIGHS; /* a byte below '0' */
		diff |= (w | ONES * 0x20) ^ v;
	}
	/* 1 when diff is 0, without a comparison */
	return (bool)(((diff | (0 - diff)) >> 63) ^ 1u);
}

/* 1 for the one directive of the server's final answer, else 0. */
static DSS_ALWAYS_INLINE int
is_rspauth(struct dss_span name)
{
	return name.n == 7 && dss_ap_name_is(name.p, "rspauth", 7);
}

SECURITY_STATUS
dss_sasl_client_check_final(const struct dss_sasl_session *s, const char *tok,
			    size_t n)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it, rsp;
	enum dss_ap_kind k;
	unsigned items = 0;
	bool have = false;
	char hex[2 * DSS_SASL_HASH_LEN];
	uint32_t mask;

	if (n > DSS_SASL_MAX_INPUT || memchr(tok, '\0', n) != NULL)
		return SEC_E_INVALID_TOKEN;
	memset(&rsp, 0, sizeof(rsp));
	dss_ap_init(&lx, tok, n);
	for (;;) {
		int d;

		k = dss_sasl_next(&lx, n >= 16, &it, is_rspauth, 0, &d);
		if (k == DSS_AP_END)
			break;
		if (k != DSS_AP_PARAM)
			return SEC_E_INVALID_TOKEN;
		if (++items > DSS_SASL_MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		if (!d)
			continue;
		if (have)
			return SEC_E_INVALID_TOKEN;
		have = true;
		rsp = it;
	}
	if (!have)
		return SEC_E_INVALID_TOKEN;
	/*
	 * An rspauth that cannot be ours (length, hex) is a mismatch, as in
	 * HTTP's Authentication-Info: SEC_E_WRONG_PRINCIPAL.
	 */
	if (dss_ap_unquoted_len(&rsp) != sizeof(hex))
		return SEC_E_WRONG_PRINCIPAL;
	dss_ap_unquote(&rsp, hex);
	/* the verdict is taken with a mask: no branch on the comparison */
	mask = (uint32_t)hex_matches(hex, s->rspauth) - 1u;
	return (SECURITY_STATUS)((uint32_t)SEC_E_WRONG_PRINCIPAL & mask);
}
