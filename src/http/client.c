/*
 * client.c - HTTP Digest client: choosing a challenge, answering it,
 * checking Authentication-Info. See http.h.
 */
#include <string.h>

#include "authparam/quick.h"
#include "base/bytes.h"
#include "base/mem.h"
#include "http/http.h"

/* Bounds on what one token may hold (larger = SEC_E_INVALID_TOKEN). */
#define MAX_ITEMS 256      /* schemes + parameters + token68s */
#define MAX_CHALLENGES 32

/* ---- challenge parsing ------------------------------------------------ */

/* Directives of a challenge; the index is the bit in `seen`. */
enum { D_REALM, D_DOMAIN, D_NONCE, D_OPAQUE, D_STALE, D_ALGORITHM, D_QOP,
       D_CHARSET, D_USERHASH, D_COUNT };

#define F(d) (1u << (d))

/* Lower case, letters only (see dss_ap_name_is). */
static const char *const challenge_directives[D_COUNT] = {
	[D_REALM] = "realm",
	[D_DOMAIN] = "domain",
	[D_NONCE] = "nonce",
	[D_OPAQUE] = "opaque",
	[D_STALE] = "stale",
	[D_ALGORITHM] = "algorithm",
	[D_QOP] = "qop",
	[D_CHARSET] = "charset",
	[D_USERHASH] = "userhash",
};

/*
 * The directive a parameter name stands for, D_COUNT when it is none of
 * ours (ASCII case-insensitively): the length and the first letter pick
 * the only candidate, which is then compared in full.
 */
static DSS_ALWAYS_INLINE int
challenge_directive(struct dss_span name)
{
	unsigned c0;
	int d;

	if (name.n < 3)
		return D_COUNT;
	c0 = (unsigned char)name.p[0] | 0x20u;
	switch (name.n) {
	case 3:
		d = D_QOP;
		break;
	case 5:
		d = c0 == 'r' ? D_REALM : c0 == 'n' ? D_NONCE : D_STALE;
		break;
	case 6:
		d = c0 == 'd' ? D_DOMAIN : D_OPAQUE;
		break;
	case 7:
		d = D_CHARSET;
		break;
	case 8:
		d = D_USERHASH;
		break;
	case 9:
		d = D_ALGORITHM;
		break;
	default:
		return D_COUNT;
	}
	return dss_ap_name_is(name.p, challenge_directives[d], name.n) ?
		       d :
		       D_COUNT;
}

/*
 * A Digest challenge being read. v[d] is set only when bit d of `seen`
 * is (so nothing else needs clearing between challenges).
 */
struct pending {
	unsigned seen;
	bool bad; /* duplicate directive or token68: skip this challenge */
	struct dss_ap_item v[D_COUNT];
	/* for a shape: the quoted nonces and opaques of every Digest
	 * challenge (counted past the room too); vars NULL: not wanted */
	struct dss_span *vars;
	unsigned nvars;
};

static void
bind_param(struct pending *pc, const struct dss_ap_item *it, int d)
{
	/* unknown directives are ignored (RFC 7616 section 3.3) */
	if (d == D_COUNT)
		return;
	if (pc->seen & F(d))
		pc->bad = true; /* RFC 7235: at most once */
	pc->seen |= F(d);
	pc->v[d] = *it;
	if ((d == D_NONCE || d == D_OPAQUE) && pc->vars != NULL &&
	    it->quoted) {
		if (pc->nvars < DSS_SHAPE_VARS)
			pc->vars[pc->nvars] = it->value;
		pc->nvars++;
	}
}

/* qop="auth, auth-int, future" -> DSS_QOP_BIT_* */
static unsigned
parse_qop_list(struct dss_span v)
{
	unsigned bits = 0;
	size_t i = 0;

	while (i < v.n) {
		size_t start;

		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t' ||
				   v.p[i] == ','))
			i++;
		start = i;
		while (i < v.n && v.p[i] != ',' && v.p[i] != ' ' &&
		       v.p[i] != '\t')
			i++;
		if (dss_span_eq_ci(dss_span(v.p + start, i - start), "auth"))
			bits |= DSS_QOP_BIT_AUTH;
		else if (dss_span_eq_ci(dss_span(v.p + start, i - start),
					"auth-int"))
			bits |= DSS_QOP_BIT_INT;
	}
	return bits;
}

/*
 * Turn a finished Digest challenge into a candidate. Returns false when it
 * cannot be answered (malformed, unknown or disallowed algorithm, no
 * usable qop).
 */
static bool
finish(const struct pending *pc, unsigned allowed,
       struct dss_http_challenge *ch)
{
	const struct dss_ap_item *v = pc->v;
	int alg = DSS_HTTP_MD5;

	if (pc->bad || !(pc->seen & F(D_NONCE)) || !(pc->seen & F(D_REALM)))
		return false;
	if (pc->seen & F(D_ALGORITHM)) {
		alg = dss_http_alg_from_name(v[D_ALGORITHM].value);
		if (alg < 0 || v[D_ALGORITHM].escaped)
			return false;
	}
	if (!(allowed & DSS_HTTP_ALG_BIT(alg)))
		return false;
	ch->alg = (enum dss_http_alg)alg;
	ch->realm = v[D_REALM];
	ch->nonce = v[D_NONCE];
	ch->has_opaque = (pc->seen & F(D_OPAQUE)) != 0;
	if (ch->has_opaque)
		ch->opaque = v[D_OPAQUE];
	else
		memset(&ch->opaque, 0, sizeof(ch->opaque));
	ch->has_algorithm = (pc->seen & F(D_ALGORITHM)) != 0;
	if (ch->has_algorithm)
		ch->algorithm = v[D_ALGORITHM];
	else
		memset(&ch->algorithm, 0, sizeof(ch->algorithm));
	ch->stale = (pc->seen & F(D_STALE)) && !v[D_STALE].escaped &&
		    dss_span_eq_ci(v[D_STALE].value, "true");
	ch->utf8 = (pc->seen & F(D_CHARSET)) && !v[D_CHARSET].escaped &&
		   dss_span_eq_ci(v[D_CHARSET].value, "UTF-8");
	ch->userhash = (pc->seen & F(D_USERHASH)) && !v[D_USERHASH].escaped &&
		       dss_span_eq_ci(v[D_USERHASH].value, "true");
	ch->qops = 0;
	if (pc->seen & F(D_QOP)) {
		ch->qops = parse_qop_list(v[D_QOP].value);
		if (ch->qops == 0)
			return false; /* only unknown qop values */
	} else if (dss_http_alg_info(ch->alg)->sess) {
		return false; /* -sess needs a cnonce, hence a qop */
	}
	return true;
}

/* dss_http_pick_challenge, and the values a shape of tok would vary in
 * vars (room for DSS_SHAPE_VARS; NULL: not wanted), *nvars of them. */
static SECURITY_STATUS
pick(const char *tok, size_t n, unsigned allowed,
     struct dss_http_challenge *out, struct dss_span *vars, unsigned *nvars)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	struct pending pc;
	struct dss_http_challenge cand;
	bool in_digest = false, in_challenge = false, found = false;
	unsigned items = 0, challenges = 0;
	enum dss_ap_kind k;

	pc.seen = 0;
	pc.bad = false;
	pc.vars = vars;
	pc.nvars = 0;
	dss_ap_init(&lx, tok, n);
	for (;;) {
		const char *next;
		int d;

		/*
		 * The usual directive of a Digest challenge the quick way
		 * (quick.h): its name must be one of ours.
		 */
		if ((in_digest || !in_challenge) && n >= 16 &&
		    dss_ap_quick(&lx, &it, &next) &&
		    (d = challenge_directive(it.name)) != D_COUNT) {
			dss_ap_commit(&lx, next);
			if (++items > MAX_ITEMS)
				return SEC_E_INVALID_TOKEN;
			if (!in_challenge) {
				in_challenge = in_digest = true;
				challenges++;
			}
			bind_param(&pc, &it, d);
			continue;
		}
		k = dss_ap_next(&lx, &it);
		if (k == DSS_AP_ERROR)
			return SEC_E_INVALID_TOKEN;
		if (++items > MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		if (k == DSS_AP_END || k == DSS_AP_SCHEME) {
			if (in_digest && finish(&pc, allowed, &cand)) {
				int s = dss_http_alg_info(cand.alg)->strength;

				if (!found ||
				    s > dss_http_alg_info(out->alg)->strength)
					*out = cand;
				found = true;
			}
			if (k == DSS_AP_END)
				break;
			if (++challenges > MAX_CHALLENGES)
				return SEC_E_INVALID_TOKEN;
			pc.seen = 0;
			pc.bad = false;
			in_challenge = true;
			in_digest = dss_span_eq_ci(it.name, "Digest");
			continue;
		}
		if (!in_challenge) {
			/* the token starts after "Digest " (curl, Windows) */
			in_challenge = in_digest = true;
			challenges++;
		}
		if (!in_digest)
			continue;
		if (k == DSS_AP_TOKEN68)
			pc.bad = true;
		else
			bind_param(&pc, &it, challenge_directive(it.name));
	}
	if (nvars != NULL)
		*nvars = pc.nvars;
	return found ? SEC_E_OK : SEC_E_INVALID_TOKEN;
}

SECURITY_STATUS
dss_http_pick_challenge(const char *tok, size_t n, unsigned allowed,
			struct dss_http_challenge *out)
{
	return pick(tok, n, allowed, out, NULL, NULL);
}

bool
dss_http_challenge_match(const struct dss_http_challenge_shape *sh,
			 const char *tok, size_t n, unsigned allowed,
			 struct dss_http_challenge *out)
{
	struct dss_shape_read rd;

	if (!sh->ready || sh->allowed != allowed ||
	    !dss_shape_match(&sh->form, sh->tok, tok, n, &rd))
		return false;
	*out = sh->ch;
	dss_shape_move(out, dss_http_challenge_span_at,
		       DSS_HTTP_CHALLENGE_SPANS, sh->where, &sh->form, sh->tok,
		       tok, &rd);
	return true;
}

SECURITY_STATUS
dss_http_pick_challenge_keep(struct dss_http_challenge_shape *sh,
			     const char *tok, size_t n, unsigned allowed,
			     struct dss_http_challenge *out)
{
	struct dss_span vars[DSS_SHAPE_VARS];
	unsigned nvars, i;
	SECURITY_STATUS st;

	st = pick(tok, n, allowed, out, vars, &nvars);
	if (DSS_FAILED(st) || sh == NULL || n < DSS_SHAPE_MIN ||
	    n > DSS_SHAPE_MAX || n > sh->cap || nvars > DSS_SHAPE_VARS)
		return st;
	sh->ch = *out;
	/* (a pick's spans all lie in tok: its values stay escaped) */
	if (!dss_shape_spans_in(&sh->ch, dss_http_challenge_span_at,
				DSS_HTTP_CHALLENGE_SPANS, tok, n)) {
		sh->ready = false;
		return st;
	}
	memcpy(sh->tok, tok, n);
	dss_shape_init(&sh->form, n);
	for (i = 0; i < nvars; i++)
		(void)dss_shape_add(&sh->form, tok, vars[i], false); /* room */
	dss_shape_place(&sh->form, &sh->ch, dss_http_challenge_span_at,
			DSS_HTTP_CHALLENGE_SPANS, tok, sh->tok, sh->where);
	sh->allowed = allowed;
	sh->ready = true;
	return st;
}

bool
dss_http_token_is_challenge(const char *tok, size_t n)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	unsigned items = 0;
	enum dss_ap_kind k;

	dss_ap_init(&lx, tok, n);
	while ((k = dss_ap_next(&lx, &it)) != DSS_AP_END &&
	       k != DSS_AP_ERROR && ++items <= MAX_ITEMS) {
		if (k == DSS_AP_SCHEME)
			return true;
		if (k == DSS_AP_PARAM && dss_span_eq_ci(it.name, "nonce"))
			return true;
	}
	return false;
}

SECURITY_STATUS
dss_http_parse_auth_info(const char *tok, size_t n,
			 struct dss_http_auth_info *ai)
{
	struct dss_ap_lexer lx;
	struct dss_ap_item it;
	unsigned items = 0;
	enum dss_ap_kind k;

	dss_zero(ai, sizeof(*ai));
	dss_ap_init(&lx, tok, n);
	while ((k = dss_ap_next(&lx, &it)) != DSS_AP_END) {
		struct dss_ap_item *slot = NULL;
		bool *has = NULL;

		if (k != DSS_AP_PARAM || ++items > MAX_ITEMS)
			return SEC_E_INVALID_TOKEN;
		if (dss_span_eq_ci(it.name, "rspauth"))
			slot = &ai->rspauth, has = &ai->has_rspauth;
		else if (dss_span_eq_ci(it.name, "nextnonce"))
			slot = &ai->nextnonce, has = &ai->has_nextnonce;
		else if (dss_span_eq_ci(it.name, "cnonce"))
			slot = &ai->cnonce, has = &ai->has_cnonce;
		else if (dss_span_eq_ci(it.name, "nc"))
			slot = &ai->nc, has = &ai->has_nc;
		else if (dss_span_eq_ci(it.name, "qop"))
			slot = &ai->qop, has = &ai->has_qop;
		if (slot == NULL)
			continue;
		if (*has)
			return SEC_E_INVALID_TOKEN;
		*slot = it;
		*has = true;
	}
	return SEC_E_OK;
}

/* ---- client state ----------------------------------------------------- */

/* A user name that cannot travel in a quoted-string (controls). */
static bool
needs_ext_value(struct dss_span user)
{
	size_t i;

	for (i = 0; i < user.n; i++) {
		unsigned char c = (unsigned char)user.p[i];

		if (c < 0x20 || c == 0x7F)
			return true;
	}
	return false;
}

/* n bytes at p hold no '"' or '\\': quoted as they are. */
static bool
quotable(const char *p, size_t n)
{
	return memchr(p, '"', n) == NULL && memchr(p, '\\', n) == NULL;
}

/* Append bytes and a NUL to the block; return their span there. */
static inline struct dss_span
take_span(char **w, struct dss_span v)
{
	struct dss_span s = { *w, v.n };

	dss_copy_short(*w, v.p, v.n);
	*w += v.n;
	*(*w)++ = '\0';
	return s;
}

/* Append an item's unquoted value to the block; return its span. */
static inline struct dss_span
take(char **w, const struct dss_ap_item *it)
{
	struct dss_span s;

	if (!it->escaped)
		return take_span(w, it->value);
	s = dss_span(*w, dss_ap_unquote(it, *w));
	*w += s.n;
	*(*w)++ = '\0';
	return s;
}

static struct dss_ap_item
plain_item(struct dss_span s)
{
	struct dss_ap_item it;

	dss_zero(&it, sizeof(it));
	it.value = s;
	return it;
}

/*
 * The common part of init and renonce: fill `c` (zeroed) with copies of
 * the strings and compute H(A1).
 */
static SECURITY_STATUS
build(struct dss_http_client *c, const struct dss_ap_item *nonce,
      const struct dss_ap_item *opaque, const struct dss_ap_item *alg_token,
      const struct dss_http_ident *id, struct dss_span cnonce,
      const char *uri, size_t uri_len, struct dss_span target, bool lexed)
{
	const struct dss_http_alg_info *ai = dss_http_alg_info(c->alg);
	size_t hsize = ai->size;
	size_t need;
	char *w;

	need = (c->userhash ? 2 * hsize : id->user.n) + 1 + id->realm.n + 1 +
	       dss_ap_unquoted_len(nonce) + 1 + cnonce.n + 1 +
	       (opaque ? dss_ap_unquoted_len(opaque) : 0) + 1 +
	       (alg_token ? dss_ap_unquoted_len(alg_token) : 0) + 1 +
	       target.n + 1 + (uri != NULL ? uri_len + 1 : 0);
	c->block = need <= c->room_size ? c->room : dss_alloc(need);
	if (c->block == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	w = c->block;

	c->user_wire.p = w;
	if (c->userhash) {
		dss_http_calc_userhash(ai->hash, id->user, id->realm, w);
		c->user_wire.n = 2 * hsize;
	} else {
		dss_copy_short(w, id->user.p, id->user.n);
		c->user_wire.n = id->user.n;
		c->user_star = !id->names_clean && needs_ext_value(id->user);
	}
	w += c->user_wire.n;
	*w++ = '\0';
	c->realm = take_span(&w, id->realm);
	c->nonce = take(&w, nonce);
	c->cnonce = take_span(&w, cnonce);
	if (opaque != NULL)
		c->opaque = take(&w, opaque);
	else
		*w++ = '\0';
	if (alg_token != NULL)
		c->alg_token = take(&w, alg_token);
	else
		*w++ = '\0';
	/*
	 * The strings quoted in every request, from user_wire to here, are
	 * plain when none holds a '"' or '\\'. Values as lexed hold none
	 * unless escaped (a quoted-string ends at the one, the other is an
	 * escape, and a token holds neither); the names may be known to.
	 */
	if (lexed && id->names_clean && !nonce->escaped &&
	    (opaque == NULL || !opaque->escaped) &&
	    (alg_token == NULL || !alg_token->escaped))
		c->plain = quotable(cnonce.p, cnonce.n);
	else
		c->plain = quotable(c->block, (size_t)(w - c->block));
	c->target = take_span(&w, target);
	if (uri != NULL) {
		/* room for this uri; a longer one gets its own (reserve) */
		dss_copy_short(w, uri, uri_len);
		w[uri_len] = '\0';
		c->last_uri = w;
		c->last_uri_len = uri_len;
		c->last_uri_cap = uri_len + 1;
		c->last_uri_own = false;
	}

	if (id->ha1_base == NULL) {
		dss_http_calc_ha1(c->alg, id->user, id->realm, id->password,
				  c->nonce, c->cnonce, c->ha1, c->ha1_hex);
		return SEC_E_OK;
	}
	dss_http_calc_ha1_from_base(c->alg, id->ha1_base, c->nonce, c->cnonce,
				    c->ha1, c->ha1_hex);
	return SEC_E_OK;
}

SECURITY_STATUS
dss_http_client_start(struct dss_http_client *c,
		      const struct dss_http_challenge *ch, enum dss_http_qop qop,
		      const struct dss_http_ident *id, struct dss_span cnonce,
		      struct dss_span uri)
{
	SECURITY_STATUS st;

	c->alg = ch->alg;
	c->qop = qop;
	c->userhash = ch->userhash;
	c->has_opaque = ch->has_opaque;
	c->has_algorithm = ch->has_algorithm;
	st = build(c, &ch->nonce, ch->has_opaque ? &ch->opaque : NULL,
		   ch->has_algorithm ? &ch->algorithm : NULL, id, cnonce,
		   uri.p, uri.n, uri, true);
	if (DSS_FAILED(st))
		dss_http_client_clear(c);
	return st;
}

SECURITY_STATUS
dss_http_client_init(struct dss_http_client *c,
		     const struct dss_http_challenge *ch, enum dss_http_qop qop,
		     const struct dss_http_ident *id, struct dss_span cnonce)
{
	return dss_http_client_start(c, ch, qop, id, cnonce,
				     dss_span(NULL, 0));
}

SECURITY_STATUS
dss_http_client_renonce(struct dss_http_client *c,
			const struct dss_http_client *old, struct dss_span nonce,
			const struct dss_http_ident *id, struct dss_span cnonce)
{
	struct dss_ap_item n = plain_item(nonce);
	struct dss_ap_item o = plain_item(old->opaque);
	struct dss_ap_item a = plain_item(old->alg_token);
	SECURITY_STATUS st;

	c->alg = old->alg;
	c->qop = old->qop;
	c->userhash = old->userhash;
	c->has_opaque = old->has_opaque;
	c->has_algorithm = old->has_algorithm;
	st = build(c, &n, old->has_opaque ? &o : NULL,
		   old->has_algorithm ? &a : NULL, id, cnonce, old->last_uri,
		   old->last_uri_len, old->target, false);
	if (DSS_FAILED(st))
		dss_http_client_clear(c);
	return st;
}

void
dss_http_client_clear(struct dss_http_client *c)
{
	if (c->last_uri_own)
		dss_free(c->last_uri);
	/* names, nonces, the uri: public (H(A1) is in c, wiped below) */
	if (c->block != c->room)
		dss_free(c->block);
	dss_wipe(c, sizeof(*c));
}

SECURITY_STATUS
dss_http_client_reserve_uri(struct dss_http_client *c, size_t n)
{
	char *p;

	if (n + 1 <= c->last_uri_cap)
		return SEC_E_OK;
	p = dss_alloc(n + 1);
	if (p == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	if (c->last_uri != NULL)
		memcpy(p, c->last_uri, c->last_uri_len + 1);
	if (c->last_uri_own)
		dss_free(c->last_uri);
	c->last_uri = p;
	c->last_uri_cap = n + 1;
	c->last_uri_own = true;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_http_client_set_last_uri(struct dss_http_client *c, struct dss_span uri)
{
	SECURITY_STATUS st = dss_http_client_reserve_uri(c, uri.n);

	if (DSS_FAILED(st))
		return st;
	if (uri.n > 0)
		memcpy(c->last_uri, uri.p, uri.n);
	c->last_uri[uri.n] = '\0';
	c->last_uri_len = uri.n;
	return SEC_E_OK;
}

void
dss_http_client_compute(const struct dss_http_client *c, struct dss_span method,
			struct dss_span uri, const char *hentity_hex, uint32_t nc,
			uint8_t *resp)
{
	enum dss_hash_alg h = dss_http_alg_info(c->alg)->hash;
	char ha2[2 * DSS_HASH_MAX + 1];
	char nc8[8];

	dss_http_nc_hex(nc8, nc);
	dss_http_calc_ha2(h, method, uri, c->qop, hentity_hex, ha2);
	dss_http_calc_response(h, c->ha1_hex, c->nonce, nc8, c->cnonce, c->qop,
			       ha2, resp);
}

/* s as a quoted-string at o; plain: s has nothing to escape. */
static inline char *
put_quoted(char *o, struct dss_span s, bool plain)
{
	if (!plain)
		return dss_cur_put_quoted(o, s.p, s.n);
	*o++ = '"';
	dss_copy_short(o, s.p, s.n);
	o += s.n;
	*o++ = '"';
	return o;
}

void
dss_http_client_emit(const struct dss_http_client *c, struct dss_span uri,
		     uint32_t nc, const uint8_t *resp, struct dss_strbuf *sb)
{
	size_t hsize = dss_http_alg_info(c->alg)->size;
	char hex[2 * DSS_HASH_MAX];
	char nc8[8];

	/*
	 * The usual case, written unchecked: a bound on the length (every
	 * quoted byte escaped) that fits. The same bytes as the checked
	 * writers below.
	 */
	if (!c->user_star) {
		size_t bound = 2 * (c->user_wire.n + c->realm.n + c->nonce.n +
				    uri.n + c->opaque.n + c->cnonce.n) +
			       c->alg_token.n + 2 * hsize + 200;
		char *o = dss_sb_room(sb, bound);

		if (o != NULL) {
			o = dss_cur_lit(o, "username=");
			o = put_quoted(o, c->user_wire, c->plain);
			o = dss_cur_lit(o, ", realm=");
			o = put_quoted(o, c->realm, c->plain);
			o = dss_cur_lit(o, ", nonce=");
			o = put_quoted(o, c->nonce, c->plain);
			o = dss_cur_lit(o, ", uri=");
			o = dss_cur_put_quoted(o, uri.p, uri.n);
			if (c->has_algorithm) {
				o = dss_cur_lit(o, ", algorithm=");
				o = dss_cur_put(o, c->alg_token.p,
						c->alg_token.n);
			}
			o = dss_cur_lit(o, ", response=\"");
			dss_hex_encode(o, resp, hsize);
			o += 2 * hsize;
			*o++ = '"';
			if (c->has_opaque) {
				o = dss_cur_lit(o, ", opaque=");
				o = put_quoted(o, c->opaque, c->plain);
			}
			if (c->qop != DSS_QOP_NONE) {
				o = c->qop == DSS_QOP_AUTH ?
					    dss_cur_lit(o, ", qop=auth") :
					    dss_cur_lit(o, ", qop=auth-int");
				o = dss_cur_lit(o, ", nc=");
				dss_http_nc_hex(o, nc);
				o += 8;
				o = dss_cur_lit(o, ", cnonce=");
				o = put_quoted(o, c->cnonce, c->plain);
			}
			if (c->userhash)
				o = dss_cur_lit(o, ", userhash=true");
			dss_sb_advance(sb, o);
			return;
		}
	}

	/* RFC 7616 section 3.4: quoted and unquoted forms as it requires */
	if (c->user_star) {
		dss_sb_puts(sb, "username*=");
		dss_http_ext_value(sb, c->user_wire.p, c->user_wire.n);
	} else {
		dss_sb_puts(sb, "username=");
		dss_sb_put_quoted(sb, c->user_wire.p, c->user_wire.n);
	}
	dss_sb_puts(sb, ", realm=");
	dss_sb_put_quoted(sb, c->realm.p, c->realm.n);
	dss_sb_puts(sb, ", nonce=");
	dss_sb_put_quoted(sb, c->nonce.p, c->nonce.n);
	dss_sb_puts(sb, ", uri=");
	dss_sb_put_quoted(sb, uri.p, uri.n);
	if (c->has_algorithm) {
		dss_sb_puts(sb, ", algorithm=");
		dss_sb_put(sb, c->alg_token.p, c->alg_token.n);
	}
	dss_hex_encode(hex, resp, hsize);
	dss_sb_puts(sb, ", response=\"");
	dss_sb_put(sb, hex, 2 * hsize);
	dss_sb_putc(sb, '"');
	if (c->has_opaque) {
		dss_sb_puts(sb, ", opaque=");
		dss_sb_put_quoted(sb, c->opaque.p, c->opaque.n);
	}
	if (c->qop != DSS_QOP_NONE) {
		dss_sb_puts(sb, ", qop=");
		dss_sb_puts(sb, dss_http_qop_name(c->qop));
		dss_http_nc_hex(nc8, nc);
		dss_sb_puts(sb, ", nc=");
		dss_sb_put(sb, nc8, 8);
		dss_sb_puts(sb, ", cnonce=");
		dss_sb_put_quoted(sb, c->cnonce.p, c->cnonce.n);
	}
	if (c->userhash)
		dss_sb_puts(sb, ", userhash=true");
}

SECURITY_STATUS
dss_http_client_check_rspauth(const struct dss_http_client *c,
			      const struct dss_http_auth_info *ai,
			      const char *hbody_hex)
{
	size_t hsize = dss_http_alg_info(c->alg)->size;
	uint8_t want[DSS_HASH_MAX], got[DSS_HASH_MAX];
	char nc8[9];
	bool ok;

	if (!ai->has_rspauth || ai->rspauth.value.n != 2 * hsize ||
	    ai->rspauth.escaped)
		return SEC_E_WRONG_PRINCIPAL;
	/* the info must speak of our last request */
	dss_http_nc_hex(nc8, c->nc);
	nc8[8] = '\0';
	if (ai->has_cnonce &&
	    !dss_ap_value_eq(&ai->cnonce, c->cnonce.p, c->cnonce.n))
		return SEC_E_WRONG_PRINCIPAL;
	if (ai->has_nc && !dss_span_eq_ci(ai->nc.value, nc8))
		return SEC_E_WRONG_PRINCIPAL;
	/* and of the qop we used (RFC 7616 section 3.5) */
	if (ai->has_qop && c->qop != DSS_QOP_NONE &&
	    !dss_span_eq_ci(ai->qop.value, dss_http_qop_name(c->qop)))
		return SEC_E_WRONG_PRINCIPAL;
	/* the received value is public: its hex may be decoded with branches */
	if (!dss_hex_decode(got, ai->rspauth.value.p, hsize))
		return SEC_E_WRONG_PRINCIPAL;
	dss_http_client_compute(c, dss_span("", 0),
				dss_span(c->last_uri ? c->last_uri : "",
					 c->last_uri_len),
				hbody_hex, c->nc, want);
	ok = dss_ct_eq(want, got, hsize);
	DSS_WIPE(want);
	return ok ? SEC_E_OK : SEC_E_WRONG_PRINCIPAL;
}
