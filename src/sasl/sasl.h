/*
 * sasl.h - the SASL DIGEST-MD5 engine (RFC 2831 as Cyrus SASL 2.1.28
 * speaks it; protocol.md Part B).
 *
 * Knows the digest-challenge and the digest-response, the hashing, the
 * ISO-8859-1 rule, the client's choices and the server's checks. It does
 * not know SSPI (no handles, no SecBuffer) and does not protect messages
 * (that is src/seclayer). Nothing here allocates: parsers hand out views
 * into the token and unquote escaped values into caller scratch memory,
 * emitters write to a dss_strbuf.
 *
 *   server                                client
 *   dss_sasl_emit_challenge()   ---->     dss_sasl_parse_challenge()
 *                                         dss_sasl_client_answer()
 *   dss_sasl_parse_response()   <----       (or _choose, _realm, _respond)
 *   dss_sasl_server_check()
 *     (look the user up)
 *   dss_sasl_server_verify()
 *   dss_sasl_emit_final()       ---->     dss_sasl_client_check_final()
 *
 * Both sides end with a struct dss_sasl_session: H(A1) (the key of the
 * security layer), the qop, the cipher and the peer's maxbuf.
 *
 * Sizes: RFC 2831 bounds a challenge to < 2048 and a response to < 4096
 * bytes. The parsers take tokens up to DSS_SASL_MAX_INPUT (64 KiB, the
 * package's input limit) and refuse longer ones; the challenge emitter
 * refuses to write DSS_SASL_CHALLENGE_MAX bytes or more. The response
 * emitter does not bound its output (it grows with the user name and the
 * digest-uri): a caller that cares compares sb->len with
 * DSS_SASL_RESPONSE_MAX (Cyrus servers refuse 4096 bytes and more).
 */
#ifndef DSS_SASL_SASL_H
#define DSS_SASL_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "base/base.h"
#include "base/strbuf.h"
#include "crypto/crypto.h"

#define DSS_SASL_HASH_LEN 16            /* MD5: SS, H(A1), response */
#define DSS_SASL_MAX_INPUT 65536u       /* longest token parsed */
#define DSS_SASL_CHALLENGE_MAX 2048u    /* a challenge is shorter */
#define DSS_SASL_RESPONSE_MAX 4096u     /* a response should be shorter */
#define DSS_SASL_MAX_REALMS 16          /* realms kept from a challenge */

#define DSS_SASL_MAXBUF_DEFAULT 65536u  /* maxbuf when absent */
#define DSS_SASL_MAXBUF_MIN 17u         /* rfc2831bis range */
#define DSS_SASL_MAXBUF_MAX 16777215u

enum dss_sasl_qop {
	DSS_SASL_AUTH,      /* authentication only */
	DSS_SASL_AUTH_INT,  /* + integrity layer */
	DSS_SASL_AUTH_CONF, /* + confidentiality layer */
};

#define DSS_SASL_QOP_BIT(q) (1u << (q))
#define DSS_SASL_QOP_ALL 7u

/*
 * Ciphers of qop=auth-conf, in the order of preference of the Microsoft
 * documentation (api.md 3.7): the smallest value is the strongest.
 */
enum dss_sasl_cipher {
	DSS_SASL_CIPHER_NONE, /* qop is not auth-conf */
	DSS_SASL_RC4,
	DSS_SASL_3DES,
	DSS_SASL_RC4_56,
	DSS_SASL_RC4_40,
	DSS_SASL_DES,
	DSS_SASL_CIPHER_COUNT
};

#define DSS_SASL_CIPHER_BIT(c) (1u << (c))
/* every real cipher (not NONE) */
#define DSS_SASL_CIPHER_ALL \
	(((1u << DSS_SASL_CIPHER_COUNT) - 1u) & ~DSS_SASL_CIPHER_BIT(0))

/* How user name, realm and password were encoded before hashing SS. */
enum dss_sasl_form {
	DSS_SASL_FORM_CYRUS, /* each string in ISO-8859-1 when it fits */
	DSS_SASL_FORM_RAW,   /* all three as UTF-8 (curl) */
	DSS_SASL_FORM_GSASL, /* only the password converted (GNU SASL) */
	DSS_SASL_FORM_SS,    /* server: a stored SS, form unknown */
};

/* "auth", "auth-int", "auth-conf" */
const char *dss_sasl_qop_name(enum dss_sasl_qop qop);

/* The same with its length. */
struct dss_span dss_sasl_qop_span(enum dss_sasl_qop qop);

/* "rc4", "3des", "rc4-56", "rc4-40", "des"; "" for NONE */
const char *dss_sasl_cipher_name(enum dss_sasl_cipher c);

/* Token (case-insensitive) -> value; -1 when unknown. */
int dss_sasl_qop_from_name(struct dss_span name);
int dss_sasl_cipher_from_name(struct dss_span name);

/* ---- the ISO-8859-1 rule and the computations (digest.c) ----------------- */

/*
 * protocol.md B.5.3 (RFC 2831 section 8 sample code): a string may be
 * hashed in ISO-8859-1 when every non-ASCII byte belongs to a pair
 * (0xC0..0xC3, 0x80..0xBF); each pair stands for the byte
 * ((lead & 3) << 6) | (trail & 0x3F). Anything else (a byte above 0xC3,
 * a lone lead or trail byte) leaves the whole string as it is.
 */
bool dss_sasl_latin1_fits(const char *s, size_t n);

/*
 * Convert when it fits: writes the ISO-8859-1 form into out (room for n
 * bytes) and returns its length; when it does not fit, copies s. Used by
 * the tests; the hashing converts on the fly.
 */
size_t dss_sasl_latin1(const char *s, size_t n, char *out);

/*
 * ISO-8859-1 -> UTF-8 (out: room for 2n bytes); returns the length.
 * For a server that wants to hand a user name which arrived in
 * ISO-8859-1 (not valid UTF-8, no charset=utf-8) to a UTF-8 password
 * source.
 */
size_t dss_sasl_latin1_to_utf8(const char *s, size_t n, char *out);

/*
 * SS = MD5(user ":" realm ":" password), 16 raw bytes (B.5.1), with the
 * strings encoded as `form` says (FORM_SS is not a form to hash: it is
 * treated as FORM_RAW). Secret in, secret out.
 */
void dss_sasl_calc_ss(enum dss_sasl_form form, struct dss_span user,
		      struct dss_span realm, struct dss_span password,
		      uint8_t *ss);

/*
 * H(A1) = MD5(SS ":" nonce ":" cnonce [":" authzid]), 16 raw bytes. The
 * authzid part is present when has_authzid (also when authzid is empty:
 * the Cyrus reading of authzid="").
 */
void dss_sasl_calc_ha1(const uint8_t *ss, struct dss_span nonce,
		       struct dss_span cnonce, bool has_authzid,
		       struct dss_span authzid, uint8_t *ha1);

/*
 * hex(MD5(A2)), 32 characters (no NUL):
 *   A2 = "AUTHENTICATE:" digest-uri [":" 32 * "0"]      (for_rspauth false)
 *   A2 = ":" digest-uri [":" 32 * "0"]                   (for_rspauth true)
 * The suffix is there when qop (as sent) is auth-int or auth-conf, in
 * any case; an empty qop means auth.
 */
void dss_sasl_calc_ha2(struct dss_span digest_uri, struct dss_span qop,
		       bool for_rspauth, char *ha2_hex);

/*
 * response (or rspauth) = MD5(hex(H(A1)) ":" nonce ":" nc ":" cnonce ":"
 * qop ":" hex(MD5(A2))), 16 raw bytes. nc and qop are hashed as given
 * (the client's text); an empty qop is hashed as "auth".
 */
void dss_sasl_calc_response(const uint8_t *ha1, struct dss_span nonce,
			    struct dss_span nc, struct dss_span cnonce,
			    struct dss_span qop, struct dss_span digest_uri,
			    bool for_rspauth, uint8_t *out);

/*
 * The same in two steps, for a response and an rspauth that share all
 * but H(A2): dss_sasl_kd_start() hashes hex(H(A1)) ":" nonce ":" nc ":"
 * cnonce ":" qop ":" (an empty qop as "auth"); dss_sasl_kd_finish()
 * appends hex(MD5(A2)) (from dss_sasl_calc_ha2()) to a copy and writes
 * the digest, so one start serves several finishes. The state is
 * secret: DSS_WIPE it when done.
 */
struct dss_sasl_kd {
	/* the MD5 state only: a dss_hash is the size of SHA-512's */
	struct md5_ctx md5;
};

void dss_sasl_kd_start(struct dss_sasl_kd *k, const uint8_t *ha1,
		       struct dss_span nonce, struct dss_span nc,
		       struct dss_span cnonce, struct dss_span qop);
void dss_sasl_kd_finish(const struct dss_sasl_kd *k, const char *ha2_hex,
			uint8_t *out);

/* ---- what both sides end with -------------------------------------------- */

struct dss_sasl_session {
	uint8_t ha1[DSS_SASL_HASH_LEN];     /* secret: security-layer key */
	uint8_t rspauth[DSS_SASL_HASH_LEN]; /* client: expected; server: sent */
	enum dss_sasl_qop qop;
	enum dss_sasl_cipher cipher;        /* NONE unless auth-conf */
	uint32_t peer_maxbuf;  /* largest frame the peer receives (B.10) */
	enum dss_sasl_form form; /* how SS was made (server: the match) */
	bool charset_sent;       /* client: charset=utf-8 went out */
};

/* ---- client (client.c) --------------------------------------------------- */

/*
 * A parsed digest-challenge; the spans point into the token, or into the
 * caller's scratch for values that had escapes: both must outlive it.
 */
struct dss_sasl_challenge {
	struct dss_span realms[DSS_SASL_MAX_REALMS]; /* in challenge order */
	size_t nrealms;   /* realms kept (later ones are ignored) */
	size_t realms_seen; /* realm directives in the challenge */
	struct dss_span nonce;
	unsigned qops;    /* DSS_SASL_QOP_BIT(); auth-conf only with ciphers */
	unsigned ciphers; /* DSS_SASL_CIPHER_BIT(); 0 unless auth-conf */
	uint32_t maxbuf;  /* the server's; 65536 when absent */
	bool utf8;        /* charset=utf-8 */
	bool stale;       /* stale=true */
};

/*
 * Parse a digest-challenge (B.3). `scratch` must have room for n bytes.
 *   SEC_E_OK
 *   SEC_E_INVALID_TOKEN  longer than DSS_SASL_MAX_INPUT, syntax error
 *       (also NUL and other control bytes, a bare word), nonce missing,
 *       empty or repeated, algorithm missing, repeated or not md5-sess,
 *       qop, cipher, maxbuf, charset or stale repeated, no known qop
 *       (after auth-conf without a known cipher is dropped), maxbuf not
 *       digits or outside 17..16777215
 * Unknown directives (opaque, domain, ...) are ignored; realm may
 * repeat; unknown qop and cipher tokens are ignored; a charset other
 * than utf-8 is ignored (as if absent).
 */
SECURITY_STATUS dss_sasl_parse_challenge(const char *tok, size_t n,
					 char *scratch,
					 struct dss_sasl_challenge *ch);

/*
 * Pick qop and cipher (api.md 3.7):
 *   auth-conf when offered and want_conf, with the strongest cipher
 *     offered and in `builtin` (rc4, 3des, rc4-56, rc4-40, des);
 *   else auth-int when offered and (want_int or want_conf);
 *   else auth when offered;
 *   else the lowest qop offered (a server that only offers a layer).
 * auth-conf counts as offered only with a cipher that is also built in.
 *   SEC_E_OK, SEC_E_INVALID_TOKEN (nothing usable)
 */
SECURITY_STATUS dss_sasl_client_choose(const struct dss_sasl_challenge *ch,
				       bool want_int, bool want_conf,
				       unsigned builtin,
				       enum dss_sasl_qop *qop,
				       enum dss_sasl_cipher *cipher);

/*
 * The realm to send (api.md 3.7, SASL): the credential's Domain when not
 * empty, else the first realm offered, else the empty string.
 */
struct dss_span dss_sasl_client_realm(const struct dss_sasl_challenge *ch,
				      struct dss_span domain);

/* Everything one digest-response depends on (strings UTF-8, borrowed). */
struct dss_sasl_client_input {
	struct dss_span user;
	struct dss_span realm;      /* sent as realm="..." even when empty */
	struct dss_span password;   /* secret */
	struct dss_span authzid;    /* empty, or equal to user: not sent */
	struct dss_span nonce;
	struct dss_span cnonce;
	struct dss_span digest_uri; /* "service/host" */
	uint32_t nc;                /* 1 for initial authentication */
	enum dss_sasl_qop qop;
	enum dss_sasl_cipher cipher; /* for auth-conf; else NONE */
	uint32_t maxbuf;            /* ours; 0 means 65536 */
	uint32_t peer_maxbuf;       /* the challenge's; copied to session */
	bool server_utf8;           /* the challenge had charset=utf-8 */
};

/*
 * Compute (Cyrus form, B.5.3) and emit a digest-response in the Cyrus
 * order
 *   username,realm,[authzid,]nonce,cnonce,nc,qop,[cipher,]maxbuf,
 *   [charset,]digest-uri,response
 * nc and response unquoted. charset=utf-8 is sent only when the server
 * offered it and user name, realm or password is non-ASCII and does not
 * fit ISO-8859-1. Fills *s (H(A1), the rspauth to expect, qop, cipher,
 * peer maxbuf).
 *   SEC_E_OK
 *   SEC_E_NO_CREDENTIALS      empty user name
 *   SEC_E_UNKNOWN_CREDENTIALS control bytes (other than HTAB) in user,
 *                             realm or authzid
 *   SEC_E_TARGET_UNKNOWN      digest-uri empty, or with a control byte
 *                             or '"'
 *   SEC_E_INVALID_PARAMETER   nc 0, maxbuf out of range, auth-conf
 *                             without cipher (or cipher without it),
 *                             nonce or cnonce empty or with control bytes
 * On failure nothing is written to sb and *s is untouched.
 */
SECURITY_STATUS dss_sasl_client_respond(const struct dss_sasl_client_input *in,
					struct dss_sasl_session *s,
					struct dss_strbuf *sb);

/* What the SSPI client knows when a challenge arrives. */
struct dss_sasl_client_opts {
	struct dss_span user, domain, password; /* the credential */
	struct dss_span authzid;     /* usually empty */
	struct dss_span digest_uri;  /* pszTargetName */
	bool want_int;               /* ISC_REQ_INTEGRITY, REPLAY, SEQUENCE */
	bool want_conf;              /* ISC_REQ_CONFIDENTIALITY */
	unsigned builtin;            /* ciphers available (CIPHER_BIT) */
	uint32_t maxbuf;             /* ours; 0 means 65536 */
};

/*
 * dss_sasl_client_choose + dss_sasl_client_realm +
 * dss_sasl_client_respond with nc = 1 and the given fresh cnonce.
 * Statuses of those functions.
 */
SECURITY_STATUS dss_sasl_client_answer(const struct dss_sasl_challenge *ch,
				       const struct dss_sasl_client_opts *o,
				       struct dss_span cnonce,
				       struct dss_sasl_session *s,
				       struct dss_strbuf *sb);

/*
 * The server's final message "rspauth=<32 hex>" (B.2 step 3; hex of
 * either case, quoted or not; other directives ignored), compared in
 * constant time with s->rspauth.
 *   SEC_E_OK
 *   SEC_E_WRONG_PRINCIPAL  well-formed and different
 *   SEC_E_INVALID_TOKEN    no rspauth (for instance a new challenge),
 *                          rspauth repeated or not 32 hex digits,
 *                          syntax error, oversize
 */
SECURITY_STATUS dss_sasl_client_check_final(const struct dss_sasl_session *s,
					    const char *tok, size_t n);

/* ---- server (server.c) --------------------------------------------------- */

/* A server nonce: base64url (dss_base64url_encode) of 24 random bytes. */
#define DSS_SASL_NONCE_RAW 24

/* What a server offers. */
struct dss_sasl_offer {
	const struct dss_span *realms; /* may be NULL when nrealms is 0 */
	size_t nrealms;
	struct dss_span nonce;  /* fresh, from the caller */
	unsigned qops;          /* DSS_SASL_QOP_BIT() */
	unsigned ciphers;       /* required with auth-conf, else ignored */
	uint32_t maxbuf;        /* ours; 0 means 65536 */
	bool stale;
};

/*
 * Emit a digest-challenge in the Cyrus order
 *   nonce,realm...,qop,[cipher,][stale,][maxbuf,]charset,algorithm
 * with the cipher list in preference order, maxbuf only when a layer is
 * offered, charset=utf-8 and algorithm=md5-sess always.
 *   SEC_E_OK
 *   SEC_E_INVALID_PARAMETER  no qop, auth-conf without a cipher, empty
 *       nonce, control bytes in nonce or a realm, maxbuf out of range,
 *       or the challenge would be DSS_SASL_CHALLENGE_MAX bytes or more
 * On failure sb's length and overflow flag are as they were (bytes past
 * the length may have been written).
 */
SECURITY_STATUS dss_sasl_emit_challenge(const struct dss_sasl_offer *o,
					struct dss_strbuf *sb);

/*
 * A parsed digest-response; the spans point into the token, or into the
 * caller's scratch for values that had escapes: both must outlive it.
 */
struct dss_sasl_response {
	struct dss_span user, realm, nonce, cnonce, digest_uri, authzid;
	struct dss_span nc;      /* as sent (8 hex digits) */
	struct dss_span qop_raw; /* as sent; empty when absent */
	bool has_realm, has_authzid, has_qop, has_maxbuf, has_charset;
	uint32_t nc_value;
	enum dss_sasl_qop qop;       /* auth when absent */
	enum dss_sasl_cipher cipher; /* NONE unless auth-conf */
	uint32_t maxbuf;             /* the client's; 65536 when absent */
	bool utf8;                   /* charset=utf-8 */
	uint8_t response[DSS_SASL_HASH_LEN];
	/* digest-uri split (views into digest_uri) */
	struct dss_span serv_type, host, serv_name; /* serv_name may be empty */
};

/*
 * Parse a digest-response (B.3). `scratch` must have room for n bytes.
 *   SEC_E_OK
 *   SEC_E_INVALID_TOKEN  oversize, syntax (NUL, bare words, quoting),
 *       any known directive repeated, username, nonce, cnonce, nc,
 *       digest-uri or response missing, nc not 8 hex digits, unknown
 *       qop, unknown cipher, cipher with a qop other than auth-conf or
 *       auth-conf without cipher, maxbuf not digits or outside
 *       17..16777215, charset other than utf-8, response not 32 hex
 *       digits, digest-uri not "serv-type/host[/serv-name]"
 * nc and qop may be quoted (curl, accepted by Cyrus); algorithm, opaque
 * and unknown directives are ignored.
 */
SECURITY_STATUS dss_sasl_parse_response(const char *tok, size_t n,
					char *scratch,
					struct dss_sasl_response *r);

/* What the server checks a response against. */
struct dss_sasl_policy {
	struct dss_span nonce;   /* the one issued for this exchange */
	unsigned qops;           /* offered */
	unsigned ciphers;        /* offered (auth-conf) */
	struct dss_span service; /* serv-type expected; empty: any */
	const struct dss_span *hosts; /* names of this server; */
	size_t nhosts;           /* 0: host and serv-name not checked */
	bool any_authzid;        /* false: authzid must equal the user */
};

/*
 * Everything but the hash (B.6 steps 2-6 and 8):
 *   SEC_E_OK
 *   SEC_E_INVALID_TOKEN  nonce not ours, nc not 1, qop or cipher not
 *       offered, serv-type not `service` (case-insensitive), host or
 *       serv-name not among `hosts` (case-insensitive)
 *   SEC_E_LOGON_DENIED   authzid present, not empty and not the user
 *                        name (unless any_authzid)
 * The realm is not checked here: it goes to the password source with
 * the user name (api.md 3.8).
 */
SECURITY_STATUS dss_sasl_server_check(const struct dss_sasl_policy *p,
				      const struct dss_sasl_response *r);

/*
 * The server's knowledge of the account r->user / r->realm: a password
 * (UTF-8), or SS = MD5(user:realm:password) from a store (a pGetKeyFn
 * answering DIGESTSSP_KEYVER_HA1, an htdigest line: it matches only
 * clients that hashed the same bytes), or both.
 */
struct dss_sasl_secret {
	const char *password;   /* NULL: none */
	size_t password_len;
	const uint8_t *ss;      /* 16 bytes, or NULL */
};

/*
 * Check the response hash in constant time (B.6 step 7). With a
 * password the forms are tried in the order Cyrus, raw, GNU SASL
 * (B.5.3), then a stored SS. An empty authzid is tried with and without
 * its A1 part (Cyrus and GNU SASL read authzid="" differently). All
 * candidates are always computed. On success fills *s: H(A1), the
 * rspauth to send, qop, cipher, the client's maxbuf and the form that
 * matched.
 *   SEC_E_OK, SEC_E_LOGON_DENIED (no match, or no secret given)
 */
SECURITY_STATUS dss_sasl_server_verify(const struct dss_sasl_response *r,
				       const struct dss_sasl_secret *sec,
				       struct dss_sasl_session *s);

/* "rspauth=" hex(s->rspauth) */
void dss_sasl_emit_final(const struct dss_sasl_session *s,
			 struct dss_strbuf *sb);

#endif
