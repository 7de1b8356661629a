/*
 * http.h - the HTTP Digest engine (RFC 2617, RFC 7616, RFC 7615).
 *
 * Knows the directives, the hashing and the choice among challenges. It
 * does not know SSPI: no handles, no SecBuffer. The sspi room feeds it
 * spans and a strbuf and turns its SECURITY_STATUS into Windows
 * behaviour.
 */
#ifndef DSS_HTTP_HTTP_H
#define DSS_HTTP_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "authparam/authparam.h"
#include "base/base.h"
#include "base/bytes.h"
#include "base/strbuf.h"
#include "crypto/crypto.h"
#include "http/shape.h"

/* RFC 7616 section 3.3 algorithms. */
enum dss_http_alg {
	DSS_HTTP_MD5,
	DSS_HTTP_MD5_SESS,
	DSS_HTTP_SHA256,
	DSS_HTTP_SHA256_SESS,
	DSS_HTTP_SHA512_256,
	DSS_HTTP_SHA512_256_SESS,
	DSS_HTTP_ALG_COUNT
};

#define DSS_HTTP_ALG_BIT(a) (1u << (a))
#define DSS_HTTP_ALG_ALL ((1u << DSS_HTTP_ALG_COUNT) - 1u)

enum dss_http_qop {
	DSS_QOP_NONE,     /* RFC 2069 compatibility: no qop directive */
	DSS_QOP_AUTH,
	DSS_QOP_AUTH_INT,
};

#define DSS_QOP_BIT_AUTH 1u
#define DSS_QOP_BIT_INT 2u

struct dss_http_alg_info {
	const char *name;      /* canonical RFC 7616 token */
	enum dss_hash_alg hash;
	bool sess;
	int strength;          /* larger is stronger */
	size_t size;           /* dss_hash_size(hash) */
};

/* dss_hash_size(), inline: asked several times on every request */
static inline size_t
dss_http_hash_size(enum dss_hash_alg h)
{
	return h == DSS_HASH_MD5 ? MD5_DIGEST_SIZE : SHA256_DIGEST_SIZE;
}

/* by enum dss_http_alg (calc.c); read through dss_http_alg_info() */
extern const struct dss_http_alg_info dss_http_algs[DSS_HTTP_ALG_COUNT];

/* inline: asked several times on every request */
static inline const struct dss_http_alg_info *
dss_http_alg_info(enum dss_http_alg alg)
{
	return &dss_http_algs[alg];
}

/* Algorithm token (case-insensitive) -> enum; -1 when unknown. */
int dss_http_alg_from_name(struct dss_span name);

/*
 * Parse a comma-separated list of algorithm tokens into a bit mask and,
 * when order is not NULL, the distinct algorithms in the order of their
 * first mention (order holds DSS_HTTP_ALG_COUNT entries, *norder their
 * number). Returns false on an unknown token or an empty list.
 */
bool dss_http_alg_list(const char *s, size_t n, unsigned *mask,
		       uint8_t *order, size_t *norder);

/* ---- computations (calc.c) ------------------------------------------- */

/*
 * RFC 7616 section 3.4.2:
 *   A1 = unq(username) ":" unq(realm) ":" passwd
 *   -sess: A1 = H(unq(username) ":" unq(realm) ":" passwd)
 *               ":" unq(nonce-prefer) ":" unq(cnonce-prefer)
 * Writes H(A1) in binary (ha1) and lower-case hex (ha1_hex, 2*size chars).
 * Secret in, secret out.
 */
void dss_http_calc_ha1(enum dss_http_alg alg, struct dss_span user,
		       struct dss_span realm, struct dss_span password,
		       struct dss_span nonce, struct dss_span cnonce,
		       uint8_t *ha1, char *ha1_hex);

/*
 * H(user ":" realm ":" password) alone, into `out` (dss_hash_size(h)
 * bytes): the base a server keeps, and -sess derives from. Secret.
 */
void dss_http_calc_ha1_base(enum dss_hash_alg h, struct dss_span user,
			    struct dss_span realm, struct dss_span password,
			    uint8_t *out);

/* -sess from a stored H(user:realm:password) in hex (server side). */
void dss_http_calc_ha1_sess(enum dss_http_alg alg, struct dss_span base_hex,
			    struct dss_span nonce, struct dss_span cnonce,
			    uint8_t *ha1, char *ha1_hex);

/*
 * H(A1) of dss_http_calc_ha1() from its base (dss_http_calc_ha1_base,
 * which may be at ha1 itself): the base for the plain algorithms, -sess
 * derived from it for the others. Secret in, secret out. Inline: the
 * client and the server call it on every first answer.
 */
static inline void
dss_http_calc_ha1_from_base(enum dss_http_alg alg, const uint8_t *base,
			    struct dss_span nonce, struct dss_span cnonce,
			    uint8_t *ha1, char *ha1_hex)
{
	const struct dss_http_alg_info *ai = dss_http_alg_info(alg);
	size_t size = ai->size;

	if (ha1 != base)
		dss_copy_usual(ha1, base, size);
	dss_hex_encode(ha1_hex, ha1, size);
	ha1_hex[2 * size] = '\0';
	if (ai->sess)
		dss_http_calc_ha1_sess(alg, dss_span(ha1_hex, 2 * size), nonce,
				       cnonce, ha1, ha1_hex);
}

/*
 * RFC 7616 section 3.4.3:
 *   A2 = Method ":" request-uri                          (auth, none)
 *   A2 = Method ":" request-uri ":" H(entity-body)       (auth-int)
 * hentity_hex: 2*size hex characters, only read for auth-int.
 * Writes hex(H(A2)).
 */
void dss_http_calc_ha2(enum dss_hash_alg h, struct dss_span method,
		       struct dss_span uri, enum dss_http_qop qop,
		       const char *hentity_hex, char *ha2_hex);

/*
 * RFC 7616 section 3.4.1:
 *   response = KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" qop ":" H(A2))
 *   RFC 2069 (no qop): KD(H(A1), unq(nonce) ":" H(A2))
 * with KD(secret, data) = H(secret ":" data). Writes the binary digest.
 */
void dss_http_calc_response(enum dss_hash_alg h, const char *ha1_hex,
			    struct dss_span nonce, const char *nc8,
			    struct dss_span cnonce, enum dss_http_qop qop,
			    const char *ha2_hex, uint8_t *out);

/* nc as 8 lower-case hex digits (no NUL): dss_hex32 in a few word steps. */
void dss_http_nc_hex(char *out, uint32_t nc);

/* RFC 7616 section 3.4.4: userhash = H(unq(username) ":" unq(realm)), hex. */
void dss_http_calc_userhash(enum dss_hash_alg h, struct dss_span user,
			    struct dss_span realm, char *out_hex);

/*
 * RFC 8187 ext-value of UTF-8 bytes: "UTF-8''" then attr-char kept,
 * everything else %XX (upper case). Appended to sb.
 */
void dss_http_ext_value(struct dss_strbuf *sb, const char *s, size_t n);

/*
 * Decode an RFC 8187 ext-value (UTF-8 charset only, language skipped)
 * into out (room for n bytes). Returns the length or SIZE_MAX when
 * malformed.
 */
size_t dss_http_ext_value_decode(const char *s, size_t n, char *out);

/* The string that names a qop on the wire. */
const char *dss_http_qop_name(enum dss_http_qop qop);

/* ---- client (client.c) ----------------------------------------------- */

/* One Digest challenge, as picked from a WWW-Authenticate value. */
struct dss_http_challenge {
	enum dss_http_alg alg;
	struct dss_ap_item realm, nonce, opaque, algorithm;
	bool has_opaque;
	bool has_algorithm;
	bool stale;
	bool userhash;
	bool utf8;       /* charset=UTF-8 */
	unsigned qops;   /* DSS_QOP_BIT_*; 0 = no qop directive */
};

/*
 * Parse a challenge token: the value of WWW-Authenticate, with or without
 * its leading "Digest", possibly holding several challenges of several
 * schemes. Picks the strongest Digest challenge whose algorithm is in
 * `allowed` (server order breaks ties).
 *   SEC_E_OK            *out filled (its spans point into tok)
 *   SEC_E_INVALID_TOKEN syntax error, oversize, no usable Digest challenge
 */
SECURITY_STATUS dss_http_pick_challenge(const char *tok, size_t n,
					unsigned allowed,
					struct dss_http_challenge *out);

/*
 * Every span of struct dss_http_challenge, by its offset (as
 * dss_http_response_span_at).
 */
#define DSS_HTTP_CHALLENGE_SPANS 8
static const uint16_t dss_http_challenge_span_at[DSS_HTTP_CHALLENGE_SPANS] = {
	offsetof(struct dss_http_challenge, realm.name),
	offsetof(struct dss_http_challenge, realm.value),
	offsetof(struct dss_http_challenge, nonce.name),
	offsetof(struct dss_http_challenge, nonce.value),
	offsetof(struct dss_http_challenge, opaque.name),
	offsetof(struct dss_http_challenge, opaque.value),
	offsetof(struct dss_http_challenge, algorithm.name),
	offsetof(struct dss_http_challenge, algorithm.value),
};

/*
 * The shape of a challenge token (shape.h). A server sends the same
 * challenges every time but for their nonces and opaques: those (quoted,
 * in every Digest challenge of the token) are the vars, and the pick is
 * kept with the algorithms it was made among. Nothing of a pick depends
 * on what a nonce or an opaque holds, only on their being there: a token
 * that matches picks the same challenge, with the new values. Memory:
 * dss_http_challenge_shape_size(cap) bytes, cap and ready set by the
 * owner (ready false until a shape is made).
 */
struct dss_http_challenge_shape {
	struct dss_http_challenge ch; /* the pick; its spans into tok */
	unsigned allowed;             /* the algorithms picked among */
	uint32_t cap;                 /* room in tok */
	bool ready;
	struct dss_shape form;
	uint8_t where[DSS_HTTP_CHALLENGE_SPANS];
	char tok[];
};

static inline size_t
dss_http_challenge_shape_size(size_t cap)
{
	return sizeof(struct dss_http_challenge_shape) + cap;
}

/*
 * When tok matches the shape and allowed is what it was picked among,
 * the pick into *out (spans into tok) and true; else false.
 */
bool dss_http_challenge_match(const struct dss_http_challenge_shape *sh,
			      const char *tok, size_t n, unsigned allowed,
			      struct dss_http_challenge *out);

/*
 * dss_http_pick_challenge, which on success also makes *sh the shape of
 * tok when it can (sh not NULL, room for n bytes, n in DSS_SHAPE_MIN to
 * DSS_SHAPE_MAX, at most DSS_SHAPE_VARS quoted nonces and opaques); else
 * *sh is left as it was.
 */
SECURITY_STATUS
dss_http_pick_challenge_keep(struct dss_http_challenge_shape *sh,
			     const char *tok, size_t n, unsigned allowed,
			     struct dss_http_challenge *out);

/* What the client knows of the user (UTF-8, borrowed). */
struct dss_http_ident {
	struct dss_span user;
	struct dss_span realm;    /* the realm to send and hash */
	struct dss_span password; /* secret */
	/*
	 * secret: H(user:realm:password) with the challenge's hash, when the
	 * caller has it already (a credential remembers it), else NULL
	 */
	const uint8_t *ha1_base;
	/* user and realm are known to hold no control byte, DEL, '"' or
	 * '\\' (else they are looked at) */
	bool names_clean;
};

/* Client state of one protection space; lives in the context. */
struct dss_http_client {
	enum dss_http_alg alg;
	enum dss_http_qop qop;
	bool userhash;
	bool user_star;   /* send username* (RFC 8187) */
	bool has_opaque;
	bool has_algorithm;
	/* user_wire, realm, nonce, cnonce and opaque hold no '"' or '\\':
	   quoted as they are, without a scan for escapes at every request */
	bool plain;
	uint32_t nc;      /* nonce count of the last request sent */
	/* the strings below, NUL-separated: in `room` when they fit, else
	 * in an allocation of their own */
	char *block;
	/* room its owner lends for them (set before start, else NULL) */
	char *room;
	size_t room_size;
	struct dss_span user_wire; /* username value, or userhash hex */
	struct dss_span realm, nonce, opaque, cnonce, alg_token;
	/* the target name the answer was made for (its first uri), which
	 * QueryContextAttributes reports (NATIVE_NAMES) */
	struct dss_span target;
	char *last_uri;   /* uri of the last request, for rspauth */
	size_t last_uri_len, last_uri_cap;
	bool last_uri_own; /* last_uri is an allocation (else in block) */
	uint8_t ha1[DSS_HASH_MAX];         /* secret: H(A1) */
	char ha1_hex[2 * DSS_HASH_MAX + 1]; /* secret */
};

/*
 * Build a fresh client state in `c` (which must be zeroed) from a picked
 * challenge: copies realm/nonce/opaque, the given cnonce, and computes
 * H(A1) once (also for -sess). Returns SEC_E_OK or
 * SEC_E_INSUFFICIENT_MEMORY (then `c` owns nothing).
 */
SECURITY_STATUS dss_http_client_init(struct dss_http_client *c,
				     const struct dss_http_challenge *ch,
				     enum dss_http_qop qop,
				     const struct dss_http_ident *id,
				     struct dss_span cnonce);

/*
 * Same, with `uri` (the first request's) kept as the last uri and as the
 * target, in the same allocation as the strings.
 */
SECURITY_STATUS dss_http_client_start(struct dss_http_client *c,
				      const struct dss_http_challenge *ch,
				      enum dss_http_qop qop,
				      const struct dss_http_ident *id,
				      struct dss_span cnonce,
				      struct dss_span uri);

/*
 * Same, keeping everything but the nonce (nextnonce of RFC 7615); the
 * last uri and the target of `old` are kept too.
 */
SECURITY_STATUS dss_http_client_renonce(struct dss_http_client *c,
					const struct dss_http_client *old,
					struct dss_span nonce,
					const struct dss_http_ident *id,
					struct dss_span cnonce);

/* Wipe secrets and free what `c` owns; `c` is zeroed. */
void dss_http_client_clear(struct dss_http_client *c);

/*
 * The response for a request with nonce count `nc`: fills resp (binary,
 * hash size bytes). hentity_hex is read for auth-int only.
 */
void dss_http_client_compute(const struct dss_http_client *c,
			     struct dss_span method, struct dss_span uri,
			     const char *hentity_hex, uint32_t nc,
			     uint8_t *resp);

/* Emit the Authorization directive list (no "Digest " prefix). */
void dss_http_client_emit(const struct dss_http_client *c,
			  struct dss_span uri, uint32_t nc,
			  const uint8_t *resp, struct dss_strbuf *sb);

/*
 * Remember the uri of the request just sent (for rspauth). Allocates only
 * when the uri is longer than any before; after a successful
 * dss_http_client_reserve_uri() for that length it cannot fail.
 */
SECURITY_STATUS dss_http_client_set_last_uri(struct dss_http_client *c,
					     struct dss_span uri);
SECURITY_STATUS dss_http_client_reserve_uri(struct dss_http_client *c,
					    size_t n);

/* Parsed Authentication-Info. */
struct dss_http_auth_info {
	struct dss_ap_item rspauth, nextnonce, cnonce, nc, qop;
	bool has_rspauth, has_nextnonce, has_cnonce, has_nc, has_qop;
};

/*
 * Parse an Authentication-Info value (RFC 7615 #auth-param).
 *   SEC_E_OK, SEC_E_INVALID_TOKEN (syntax, duplicates, oversize)
 */
SECURITY_STATUS dss_http_parse_auth_info(const char *tok, size_t n,
					 struct dss_http_auth_info *out);

/*
 * True when `tok` is a challenge (it names a nonce) rather than an
 * Authentication-Info value. Only looks at the syntax.
 */
bool dss_http_token_is_challenge(const char *tok, size_t n);

/*
 * Check rspauth of the last request (RFC 7616 section 3.5): A2 = ":" uri
 * [":" H(response-body)], compared in constant time.
 *   SEC_E_OK, SEC_E_WRONG_PRINCIPAL (mismatch, or the info names another
 *   cnonce or nc)
 */
SECURITY_STATUS dss_http_client_check_rspauth(
	const struct dss_http_client *c, const struct dss_http_auth_info *ai,
	const char *hbody_hex);

/* ---- server (server.c) ------------------------------------------------ */

/*
 * A parsed Authorization value (RFC 7616 section 3.4), its values
 * unquoted into caller scratch memory.
 */
struct dss_http_response {
	/* a new span must be added to dss_http_response_span_at too */
	struct dss_span user;     /* username, or decoded username* */
	bool user_star;           /* came as username* */
	bool userhash;            /* userhash=true: user is H(user:realm) */
	struct dss_span realm, nonce, uri, cnonce, opaque;
	struct dss_span nc;       /* 8 hex digits as sent */
	struct dss_span qop_raw;  /* as sent; empty when absent */
	struct dss_span resp;     /* the response's hex digits as sent */
	bool has_opaque;
	bool has_algorithm;
	enum dss_http_alg alg;    /* MD5 when absent */
	enum dss_http_qop qop;    /* DSS_QOP_NONE when absent */
	uint32_t nc_value;
	uint8_t digest[DSS_HASH_MAX]; /* the response, decoded */
};

/*
 * Every span of struct dss_http_response, by its offset: here, so that a
 * loop over them unrolls into fixed offsets.
 */
#define DSS_HTTP_RESPONSE_SPANS 9
/* the two hex spans, vars of every shape (dss_http_shape_make) */
#define DSS_HTTP_SPAN_NC 6
#define DSS_HTTP_SPAN_RESP 8
static const uint16_t dss_http_response_span_at[DSS_HTTP_RESPONSE_SPANS] = {
	offsetof(struct dss_http_response, user),
	offsetof(struct dss_http_response, realm),
	offsetof(struct dss_http_response, nonce),
	offsetof(struct dss_http_response, uri),
	offsetof(struct dss_http_response, cnonce),
	offsetof(struct dss_http_response, opaque),
	[DSS_HTTP_SPAN_NC] = offsetof(struct dss_http_response, nc),
	offsetof(struct dss_http_response, qop_raw),
	[DSS_HTTP_SPAN_RESP] = offsetof(struct dss_http_response, resp),
};

static inline struct dss_span *
dss_http_response_span(struct dss_http_response *r, unsigned i)
{
	return (struct dss_span *)(void *)((char *)r +
					   dss_http_response_span_at[i]);
}

/*
 * Parse credentials: "[Digest] name=value, ..." (RFC 7616 section 3.4,
 * protocol.md A.8 step 1). `scratch` must have room for n bytes; the
 * spans of *r point into it.
 *   SEC_E_OK, SEC_E_INVALID_TOKEN (syntax, duplicate or missing
 *   directive, username with username*, bad nc or response, unknown
 *   algorithm or qop)
 */
SECURITY_STATUS dss_http_parse_response(const char *tok, size_t n,
					char *scratch,
					struct dss_http_response *r);

/*
 * The shape of an Authorization value (shape.h): a client sends the same
 * directives in the same order on every request of a session; what
 * changes is uri and cnonce (quoted text) and nc and response (hex
 * digits, of a fixed number). The parser's checks of those (8 hex digits
 * for nc, twice the hash size for response, none for uri and cnonce) are
 * the only ones that can differ between a matching value and the shape,
 * and the match makes them. A value that does not match is parsed the
 * usual way.
 *
 * A shape is made only of a parse whose spans all lie in the token (no
 * quoted-pair unescaped, no username*), of a token of DSS_SHAPE_MIN to
 * DSS_SHAPE_MAX bytes. Its memory is the caller's:
 * dss_http_shape_size(n) bytes for a token of n.
 */
struct dss_http_shape {
	struct dss_http_response r; /* the parse; its spans into tok */
	uint32_t cap;               /* room for this many (the caller's) */
	struct dss_shape form;
	uint8_t var_span[DSS_SHAPE_VARS]; /* the span of each var */
	char tok[];
};

static inline size_t
dss_http_shape_size(size_t n)
{
	return sizeof(struct dss_http_shape) + n;
}

/*
 * Make *sh (room for n bytes) the shape of tok, whose parse is r (spans
 * into tok). false: this parse cannot be a shape (sh is then unusable).
 */
bool dss_http_shape_make(struct dss_http_shape *sh, const char *tok,
			 size_t n, const struct dss_http_response *r);

/*
 * When tok matches the shape, its parse into *r and true; else false (*r
 * is then undefined). The spans of the vars point into tok, the others
 * into the shape's own copy of the same bytes (sh->tok): *r holds while
 * the shape does.
 */
bool dss_http_shape_match(const struct dss_http_shape *sh, const char *tok,
			  size_t n, struct dss_http_response *r);

/*
 * Where the opaque's value probably is, found without parsing; empty when
 * there is none. Only a hint, for finding the session the value may
 * belong to: what reads the whole value says whether it does.
 *
 * A client writes its directives in the same order every time, so the
 * quoted opaque sits at the same distance from the end of each value:
 * *guess (shared, any thread; 0 to start with) remembers where the last
 * one was found, and when `opaque="` stands there, followed after as
 * many bytes by '"', that is the hint. Else it is the value after the
 * last `opaque=` (lower case), and *guess is set to it when quoted.
 */
struct dss_span dss_http_opaque_hint(const char *tok, size_t n,
				     _Atomic uint32_t *guess);

/*
 * response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)) with nc
 * and qop exactly as sent (RFC 7616 section 3.4.1); qop empty: RFC 2069.
 */
void dss_http_calc_response_raw(enum dss_hash_alg h, const char *ha1_hex,
				struct dss_span nonce, struct dss_span nc,
				struct dss_span cnonce, struct dss_span qop,
				const char *ha2_hex, uint8_t *out);

/*
 * The response KD (RFC 7616 section 3.4.1, as dss_http_calc_response_raw)
 * in two steps, so that the response and rspauth, which differ only in
 * H(A2), share the hashing of what comes before it:
 *   start:  H(A1) hex ":" nonce ":" [nc ":" cnonce ":" qop ":"]
 *   finish: the same state, then H(A2) hex; the digest into out.
 * start is begin (up to the nonce's colon: the same for every request on
 * a nonce, so a session can keep it), then more (the rest).
 * `prefix` holds H(A1) material: secret, DSS_WIPE it when done.
 */
void dss_http_kd_begin(struct dss_hash *prefix, enum dss_hash_alg h,
		       const char *ha1_hex, struct dss_span nonce);
void dss_http_kd_more(struct dss_hash *prefix, struct dss_span nc,
		      struct dss_span cnonce, struct dss_span qop);
void dss_http_kd_finish(const struct dss_hash *prefix, const char *ha2_hex,
			uint8_t *out);
/* The same, when the prefix is not needed again: it is used up (wiped). */
void dss_http_kd_last(struct dss_hash *prefix, const char *ha2_hex,
		      uint8_t *out);
/* more and last in one: the prefix (from begin) is used up. */
void dss_http_kd_end(struct dss_hash *prefix, struct dss_span nc,
		     struct dss_span cnonce, struct dss_span qop,
		     const char *ha2_hex, uint8_t *out);

/* H("") in hex for hash h (2 * size characters, no terminator). */
const char *dss_http_empty_body_hex(enum dss_hash_alg h);

/* What a server offers in a 401. */
struct dss_http_offer {
	struct dss_span realm, nonce, opaque;
	const uint8_t *algs; /* enum dss_http_alg values, preferred first */
	size_t nalgs;
	unsigned qops;       /* DSS_QOP_BIT_* */
	bool userhash;
	bool stale;
};

/*
 * One challenge per algorithm, joined as one WWW-Authenticate list: the
 * first without its scheme word (the caller writes "Digest "), the next
 * ones introduced by ", Digest ".
 */
void dss_http_emit_challenge(const struct dss_http_offer *o,
			     struct dss_strbuf *sb);

/* Authentication-Info (RFC 7615, RFC 7616 section 3.5). */
void dss_http_emit_auth_info(const uint8_t *rspauth, size_t hsize,
			     enum dss_http_qop qop, struct dss_span cnonce,
			     struct dss_span nc, struct dss_span nextnonce,
			     struct dss_strbuf *sb);

#endif
