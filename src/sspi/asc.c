/*
 * asc.c - AcceptSecurityContext in HTTP mode, and the check of later
 * requests behind CompleteAuthToken and VerifySignature (api.md 2.3, 3.8,
 * 3.9, 3.12; buffers.md 3, 4, 5.2; protocol.md A.8, A.9).
 *
 * Input slots: 0 TOKEN (Authorization value), 1 method, 2 request-target
 * (digestssp: checked against the uri directive; Windows: reserved),
 * 3 H(entity), 4 realm, 5 channel bindings; a SECBUFFER_DATA at index
 * >= 6 carries the entity body (digestssp extension).
 *
 * The order of the initial checks follows protocol.md A.8, so that
 * stale=true only ever reaches a client that proved it knows the
 * password, and an unknown user costs the same as a wrong password.
 */
#include <stddef.h>
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "base/utf.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "sspi/sspi_int.h"
#include "sspi/testhook.h"

#define NEVER_DONE_TTL 300 /* s a challenged session may wait (min) */
#define NEXTNONCE_AT 4     /* send nextnonce after 3/4 of the lifetime */
#define MAX_FAILURES 3     /* bad responses before a session is dropped */

/* What one request presents (the ASC / CompleteAuthToken layout). */
struct request {
	struct dss_span tok, method, target, realm;
	const SecBufferDesc *in;
};

/*
 * Server settings: the credential's current block (read without a lock,
 * see struct dss_server_conf) and the qops this call offers.
 */
struct settings {
	const struct dss_server_conf *conf;
	const uint8_t *offer;
	size_t noffer;
	uint32_t flags;
	uint32_t nonce_lifetime;
	uint32_t session_lifetime;
	unsigned qops;
	const struct dss_nonce_key *key; /* secret */
	struct dss_span realm;           /* the default challenge realm */
};

/*
 * A slot's bytes as text, "" when it has none; some callers count the
 * terminating NUL (buffers.md 1.5). Its memory was checked.
 */
static inline struct dss_span
slot_text(const SecBuffer *b)
{
	const char *p = b->pvBuffer;
	size_t len = b->cbBuffer;

	while (len > 0 && p[len - 1] == '\0')
		len--;
	return len > 0 ? dss_span(p, len) : dss_span("", 0);
}

/*
 * The input checks of an HTTP request, and slots 0 to 2 (token, method,
 * request-target) as text, in one pass over the buffers: dss_desc_ok()
 * (every buffer with bytes has memory), the positional types of slots
 * 0 to 5 (buffers.md 3: each its own type, or EMPTY), then for slots 0
 * to 2 what dss_desc_slot_text() gives (its type check is this one).
 * false: the descriptor is refused (SEC_E_INVALID_TOKEN; the spans are
 * then of no use).
 */
static bool
http_in_texts(const SecBufferDesc *in, struct request *q)
{
	static const ULONG want[6] = {
		SECBUFFER_TOKEN,      SECBUFFER_PKG_PARAMS,
		SECBUFFER_PKG_PARAMS, SECBUFFER_PKG_PARAMS,
		SECBUFFER_PKG_PARAMS, SECBUFFER_CHANNEL_BINDINGS,
	};
	const SecBuffer *b;
	ULONG i, n, typed;

	q->tok = q->method = q->target = dss_span("", 0);
	if (in == NULL)
		return true;
	n = in->cBuffers;
	b = in->pBuffers;
	if (in->ulVersion != SECBUFFER_VERSION || (n > 0 && b == NULL))
		return false;
	/* one test per buffer: bytes counted but no memory, or a wrong type */
	typed = n < 6 ? n : 6;
	for (i = 0; i < typed; i++) {
		ULONG t = dss_buftype(&b[i]);

		if ((b[i].cbBuffer > 0 && b[i].pvBuffer == NULL) |
		    (t != want[i] && t != SECBUFFER_EMPTY))
			return false;
	}
	for (; i < n; i++)
		if (b[i].cbBuffer > 0 && b[i].pvBuffer == NULL)
			return false;
	if (n > 0)
		q->tok = slot_text(&b[0]);
	if (n > 1)
		q->method = slot_text(&b[1]);
	if (n > 2)
		q->target = slot_text(&b[2]);
	return true;
}

/*
 * The output descriptor checked (dss_desc_ok()) and its first TOKEN
 * buffer found (dss_desc_find()) in one pass: *ob, or NULL. No
 * descriptor is fine (*ob NULL). false: refused (SEC_E_INVALID_TOKEN).
 */
static bool
http_out_token(const SecBufferDesc *d, SecBuffer **ob)
{
	ULONG i;

	*ob = NULL;
	if (d == NULL)
		return true;
	if (d->ulVersion != SECBUFFER_VERSION ||
	    (d->cBuffers > 0 && d->pBuffers == NULL))
		return false;
	for (i = 0; i < d->cBuffers; i++) {
		SecBuffer *b = &d->pBuffers[i];

		if (b->cbBuffer > 0 && b->pvBuffer == NULL)
			return false;
		if (*ob == NULL && dss_buftype(b) == SECBUFFER_TOKEN)
			*ob = b;
	}
	return true;
}

/*
 * Slot 4, the realm: UTF-16LE when every odd byte is zero (buffers.md
 * 3.1), else the bytes as they are. *out: the realm as UTF-8, empty when
 * the slot is; a view into the slot, or into a new string left in *buf
 * (UTF-16) for the caller to free.
 */
static SECURITY_STATUS
slot_realm(const SecBufferDesc *in, struct dss_span *out, char **buf)
{
	const SecBuffer *b;
	const unsigned char *p;
	size_t i, n;
	bool wide;

	*out = dss_span("", 0);
	*buf = NULL;
	if (in == NULL || in->cBuffers <= 4)
		return SEC_E_OK;
	b = &in->pBuffers[4];
	if (dss_buftype(b) != SECBUFFER_PKG_PARAMS &&
	    dss_buftype(b) != SECBUFFER_EMPTY)
		return SEC_E_INVALID_TOKEN;
	p = b->pvBuffer;
	n = b->cbBuffer;
	/*
	 * Read the raw bytes: stripping NULs first would eat the high byte
	 * of the last UTF-16 character. UTF-16LE when the length is even
	 * and every odd byte is zero (buffers.md 3.1), else 8-bit text.
	 */
	wide = n >= 2 && n % 2 == 0;
	for (i = 1; wide && i < n; i += 2)
		wide = p[i] == 0;
	if (wide) {
		size_t units = n / 2;

		while (units > 0 && p[2 * (units - 1)] == 0)
			units--; /* a counted terminator */
		if (units == 0)
			return SEC_E_OK;
		for (i = 0; i < units; i++)
			if (p[2 * i] >= 0x80 || p[2 * i] < 0x20)
				return SEC_E_INVALID_TOKEN; /* US-ASCII only */
		*buf = dss_alloc(units + 1);
		if (*buf == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		for (i = 0; i < units; i++)
			(*buf)[i] = (char)p[2 * i];
		(*buf)[units] = '\0';
		*out = dss_span(*buf, units);
		return SEC_E_OK;
	}
	while (n > 0 && p[n - 1] == 0)
		n--;
	if (n == 0)
		return SEC_E_OK;
	if (memchr(p, '\0', n) != NULL || memchr(p, '"', n) != NULL)
		return SEC_E_INVALID_TOKEN;
	*out = dss_span((const char *)p, n);
	return SEC_E_OK;
}

static void
snapshot(struct dss_cred *c, ULONG req, struct settings *st)
{
	const struct dss_server_conf *f = dss_cred_conf(c);

	st->conf = f;
	st->offer = f->offer;
	st->noffer = f->noffer;
	st->flags = f->flags;
	st->nonce_lifetime = f->nonce_lifetime;
	st->session_lifetime = f->session_lifetime;
	st->key = &f->key;
	st->realm = dss_span(f->realm, f->realm_len);
	st->qops = 0;
	if (st->flags & DIGESTSSP_SERVER_QOP_AUTH)
		st->qops |= DSS_QOP_BIT_AUTH;
	if (st->flags & DIGESTSSP_SERVER_QOP_AUTH_INT)
		st->qops |= DSS_QOP_BIT_INT;
	if (st->qops == 0)
		st->qops = DSS_QOP_BIT_AUTH;
	/* api.md 3.8: integrity asked for -> offer only auth-int */
	if (req & (ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT |
		   ASC_REQ_SEQUENCE_DETECT))
		st->qops = DSS_QOP_BIT_INT;
}

static bool
offered(const struct settings *st, enum dss_http_alg alg)
{
	size_t i;

	for (i = 0; i < st->noffer; i++)
		if (st->offer[i] == alg)
			return true;
	return false;
}

/* ---- the password source (api.md 3.4) ---------------------------------- */

static const char *
hash_label(enum dss_hash_alg h)
{
	return h == DSS_HASH_MD5	? "MD5" :
	       h == DSS_HASH_SHA256 ? "SHA-256" :
				      "SHA-512-256";
}

/* pGetKeyFn: H(A1) first, else the password. */
static SECURITY_STATUS
ask_callback(struct dss_cred *c, struct dss_span user, struct dss_span realm,
	     enum dss_hash_alg h, uint8_t *base)
{
	DIGESTSSP_KEY_PRINCIPAL p;
	char *u = dss_memdup0(user.p, user.n);
	char *r = dss_memdup0(realm.p, realm.n);
	SECURITY_STATUS status = SEC_E_LOGON_DENIED;
	void *key = NULL;

	if (u == NULL || r == NULL) {
		dss_free(u);
		dss_free(r);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	p.User = u;
	p.Realm = r;
	p.Algorithm = hash_label(h);
	c->get_key(c->get_key_arg, &p, DIGESTSSP_KEYVER_HA1, &key, &status);
	if (status == SEC_E_OK && key != NULL) {
		memcpy(base, key, dss_http_hash_size(h));
	} else if (status == SEC_E_UNSUPPORTED_FUNCTION) {
		key = NULL;
		status = SEC_E_LOGON_DENIED;
		c->get_key(c->get_key_arg, &p, DIGESTSSP_KEYVER_PASSWORD, &key,
			   &status);
		if (status == SEC_E_OK && key != NULL) {
			const char *pw = key;

			dss_http_calc_ha1_base(h, user, realm,
					       dss_span(pw, strlen(pw)), base);
		}
	}
	dss_free(u);
	dss_free(r);
	if (status == SEC_E_OK && key == NULL)
		status = SEC_E_LOGON_DENIED;
	return status == SEC_E_OK ? SEC_E_OK : SEC_E_LOGON_DENIED;
}

/*
 * base = H(user ":" realm ":" password) for hash h. With userhash, `user`
 * is the hex H(user ":" realm) and *name receives the real name.
 * *name is borrowed (from user, or from the credential, which the call
 * holds), or lives in *name_buf, which the caller frees.
 *   SEC_E_OK, SEC_E_LOGON_DENIED (unknown), SEC_E_NO_AUTHENTICATING_AUTHORITY,
 *   SEC_E_INSUFFICIENT_MEMORY
 */
static SECURITY_STATUS
password_source(struct dss_cred *c, struct dss_span user, bool userhash,
		struct dss_span realm, struct dss_span chal_realm,
		enum dss_hash_alg h, uint8_t *base, struct dss_span *name,
		char **name_buf)
{
	*name = dss_span("", 0);
	*name_buf = NULL;
	if (c->get_key != NULL) {
		SECURITY_STATUS st;

		if (userhash)
			return SEC_E_LOGON_DENIED; /* no index to search */
		st = ask_callback(c, user, realm, h, base);
		if (st == SEC_E_OK)
			*name = user;
		return st;
	}
	if (c->store != NULL) {
		if (userhash) {
			size_t n = 0;

			if (!dss_store_lookup_userhash(c->store, user, realm,
						       h, name_buf, &n, base))
				return SEC_E_LOGON_DENIED;
			*name = dss_span(*name_buf, n);
			return SEC_E_OK;
		}
		if (!dss_store_lookup(c->store, user, realm, h, base))
			return SEC_E_LOGON_DENIED;
		*name = user;
		return SEC_E_OK;
	}
	if (c->has_identity) {
		/* one account: its Domain, the challenge realm, or "" */
		struct dss_span id_user = dss_span(c->id.user, c->id.user_len);
		struct dss_span dom = dss_span(c->id.domain ? c->id.domain : "",
					       c->id.domain_len);
		bool match;

		if (!(realm.n == 0 ||
		      (realm.n == dom.n && !memcmp(realm.p, dom.p, dom.n)) ||
		      (realm.n == chal_realm.n &&
		       !memcmp(realm.p, chal_realm.p, realm.n))))
			return SEC_E_LOGON_DENIED;
		if (userhash) {
			uint8_t want[DSS_HASH_MAX], got[DSS_HASH_MAX];
			char hex[2 * DSS_HASH_MAX + 1]; /* public */
			size_t hs = dss_http_hash_size(h);

			dss_http_calc_userhash(h, id_user, realm, hex);
			match = user.n == 2 * hs &&
				dss_hex_decode(got, user.p, hs) &&
				dss_hex_decode(want, hex, hs) &&
				memcmp(got, want, hs) == 0;
		} else {
			match = user.n == id_user.n &&
				memcmp(user.p, id_user.p, user.n) == 0;
		}
		if (!match)
			return SEC_E_LOGON_DENIED;
		dss_http_calc_ha1_base(h, id_user, realm,
				       dss_span(c->id.password ? c->id.password :
								 "",
						c->id.password_len),
				       base);
		*name = id_user;
		return SEC_E_OK;
	}
	return SEC_E_NO_AUTHENTICATING_AUTHORITY;
}

/* ---- checks shared by the first and the later requests ------------------ */

/* uri directive vs the request-target (protocol.md A.8 step 3). */
static bool
uri_matches(struct dss_span uri, struct dss_span target, uint32_t flags)
{
	const char *q;

	if (target.n == 0)
		return true; /* Windows layout: nothing to compare with */
	if (uri.n == target.n && dss_eq_short(uri.p, target.p, uri.n))
		return true;
	if (!(flags & DIGESTSSP_SERVER_PATH_ONLY_URI))
		return false;
	q = memchr(target.p, '?', target.n);
	return q != NULL && uri.n == (size_t)(q - target.p) &&
	       memcmp(uri.p, target.p, uri.n) == 0;
}

/*
 * The expected response for `r` with the base H(A1) `base` (for -sess the
 * session H(A1) is derived with this request's nonce and cnonce), written
 * to `want`; `ha1` receives H(A1) (the session key), `kd` (unless NULL)
 * the hashing before H(A2) that rspauth_of() goes on from (secret: wipe
 * it).
 */
static SECURITY_STATUS
expected_response(const struct dss_http_response *r, const uint8_t *base,
		  const struct request *q, uint8_t *want, uint8_t *ha1,
		  struct dss_hash *kd, struct dss_session *kept)
{
	const struct dss_http_alg_info *ai = dss_http_alg_info(r->alg);
	size_t hs = ai->size;
	char ha1_hex[2 * DSS_HASH_MAX + 1], ha2[2 * DSS_HASH_MAX + 1];
	char hent[2 * DSS_HASH_MAX + 1];
	struct dss_hash h; /* secret; used up by kd_last */
	SECURITY_STATUS st;

	if (r->qop == DSS_QOP_AUTH_INT) {
		st = dss_entity_hex(q->in, 3, 6, ai->hash, hent);
		if (DSS_FAILED(st))
			return st;
	}
	if (kd == NULL)
		kd = &h;
	if (ai->sess)
		kept = NULL; /* H(A1) takes each request's cnonce */
	if (kept != NULL && kept->kd_kept_ok) {
		dss_copy_usual(ha1, base, hs); /* not -sess: the base */
		dss_hash_resume(kd, &kept->kd_kept);
	} else {
		dss_http_calc_ha1_from_base(r->alg, base, r->nonce, r->cnonce,
					    ha1, ha1_hex);
		dss_http_kd_begin(kd, ai->hash, ha1_hex, r->nonce);
		DSS_WIPE(ha1_hex);
		if (kept != NULL)
			kept->kd_kept_ok = dss_hash_keep(&kept->kd_kept, kd);
	}
	dss_http_calc_ha2(ai->hash, q->method, r->uri, r->qop, hent, ha2);
	if (kd == &h) {
		dss_http_kd_end(&h, r->nc, r->cnonce, r->qop_raw, ha2, want);
		return SEC_E_OK;
	}
	dss_http_kd_more(kd, r->nc, r->cnonce, r->qop_raw);
	dss_http_kd_finish(kd, ha2, want);
	return SEC_E_OK;
}

/*
 * rspauth: the response with an empty method and, for auth-int, H("") as
 * the body; `kd` is what expected_response() left.
 */
static void
rspauth_of(const struct dss_http_response *r, const struct dss_hash *kd,
	   uint8_t *out)
{
	enum dss_hash_alg h = dss_http_alg_info(r->alg)->hash;
	char ha2[2 * DSS_HASH_MAX + 1];

	dss_http_calc_ha2(h, dss_span("", 0), r->uri, r->qop,
			  dss_http_empty_body_hex(h), ha2);
	dss_http_kd_finish(kd, ha2, out);
}

/* ---- the Authorization value ------------------------------------------- */

/* Tokens up to this size are parsed with the scratch on the stack. */
#define PARSE_STACK 1024

/*
 * A parse of the token where it lies, in the caller's buffer (a call
 * reads it only while it runs). The unescaped values go to `stack`, or
 * for a longer token to `heap` (it may need as many bytes as the token
 * has).
 */
struct parse_here {
	struct dss_http_response r;
	const char *scratch;
	char *heap;
	char stack[PARSE_STACK];
};

/*
 * A token with a NUL inside is SEC_E_INVALID_TOKEN: the lexer refuses
 * the byte anywhere, so no separate pass looks for it (only when the
 * allocation fails, to answer the same). ph->heap is the caller's to
 * free, whatever the result.
 */
static SECURITY_STATUS
parse_here(struct dss_span tok, struct parse_here *ph)
{
	char *scratch = ph->stack;

	ph->heap = NULL;
	if (tok.n > sizeof(ph->stack)) {
		scratch = ph->heap = dss_alloc(tok.n);
		if (scratch == NULL)
			return memchr(tok.p, '\0', tok.n) != NULL ?
				       SEC_E_INVALID_TOKEN :
				       SEC_E_INSUFFICIENT_MEMORY;
	}
	ph->scratch = scratch;
	return dss_http_parse_response(tok.p, tok.n, scratch, &ph->r);
}

/*
 * Room for the shape of a token of n bytes, made before anything is
 * changed (caller holds s->lock): *fresh is a new block when the
 * session's is too small, else NULL. false: no memory.
 */
static bool
shape_room(const struct dss_session *s, size_t n,
	   struct dss_http_shape **fresh)
{
	*fresh = NULL;
	if (n > DSS_SHAPE_MAX || (s->shape != NULL && s->shape->cap >= n))
		return true;
	*fresh = dss_alloc(dss_http_shape_size(n));
	if (*fresh == NULL)
		return false;
	(*fresh)->cap = (uint32_t)n;
	return true;
}

/*
 * Keep the shape of `tok`, parsed as r, for the session's next requests
 * (caller holds s->lock), in the room shape_room() gave (*fresh, taken).
 * A token that has none leaves the session without one: its requests
 * are then parsed.
 */
static void
shape_keep(struct dss_session *s, struct dss_http_shape **fresh,
	   struct dss_span tok, const struct dss_http_response *r)
{
	if (*fresh != NULL) {
		dss_free(s->shape);
		s->shape = *fresh;
		*fresh = NULL;
	}
	if (s->shape != NULL && (tok.n > s->shape->cap ||
				 !dss_http_shape_make(s->shape, tok.p, tok.n,
						      r))) {
		dss_free(s->shape);
		s->shape = NULL;
	}
}

/* The session's opaque is `o`. */
static bool
is_opaque(const struct dss_session *s, struct dss_span o)
{
	return o.n == s->opaque_len && dss_eq_short(o.p, s->opaque, o.n);
}

/*
 * The session the opaque of `tok` probably names (dss_http_opaque_hint),
 * referenced, or NULL. Only a hint: a later request's every byte is read
 * by CompleteAuthToken (its opaque too); for any other token the caller
 * takes the session only if the opaque it parses is the one the session
 * has.
 */
static struct dss_session *
session_by_hint(struct dss_cred *cred, struct dss_span tok, int64_t now)
{
	struct dss_span hint =
		dss_http_opaque_hint(tok.p, tok.n, &cred->opaque_at);

	return hint.n == 0 ? NULL :
			     dss_session_find(cred->sessions, hint, now);
}

/* ---- nonces and output tokens --------------------------------------------- */

#ifdef DSS_TESTING
static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
static char hook_nonce[DSS_SESSION_NONCE_MAX + 1];
static char hook_opaque[48];
static size_t hook_nonce_len, hook_opaque_len;

void
dss_test_set_server_nonce(const char *nonce, const char *opaque)
{
	pthread_mutex_lock(&hook_lock);
	hook_nonce_len = hook_opaque_len = 0;
	if (nonce != NULL && strlen(nonce) <= DSS_SESSION_NONCE_MAX) {
		hook_nonce_len = strlen(nonce);
		memcpy(hook_nonce, nonce, hook_nonce_len);
	}
	if (opaque != NULL && strlen(opaque) < sizeof(hook_opaque)) {
		hook_opaque_len = strlen(opaque);
		memcpy(hook_opaque, opaque, hook_opaque_len);
	}
	pthread_mutex_unlock(&hook_lock);
}

/* Test build: the injected nonce, if any (also used by sasl.c). */
bool
dss_test_injected_nonce(char *out, size_t *len)
{
	bool done = false;

	pthread_mutex_lock(&hook_lock);
	if (hook_nonce_len > 0) {
		memcpy(out, hook_nonce, hook_nonce_len);
		out[hook_nonce_len] = '\0';
		*len = hook_nonce_len;
		done = true;
	}
	pthread_mutex_unlock(&hook_lock);
	return done;
}

/* Test build: the opaque a new session is opened with (empty: random). */
static struct dss_span
new_opaque(char *buf)
{
	size_t n;

	pthread_mutex_lock(&hook_lock);
	n = hook_nonce_len > 0 ? hook_opaque_len : 0;
	memcpy(buf, hook_opaque, n);
	pthread_mutex_unlock(&hook_lock);
	return dss_span(buf, n);
}
#else
#define dss_test_injected_nonce(out, len) ((void)(out), (void)(len), false)
#define new_opaque(buf) ((void)(buf), dss_span("", 0))
#endif

/* A nonce about to be given to a session (not yet installed). */
struct fresh_nonce {
	char text[DSS_SESSION_NONCE_MAX + 1];
	size_t len;
	bool injected;
	const struct dss_server_conf *conf; /* see dss_session.nonce_conf */
};

/* Is `realm` the settings' own realm (the call named none)? */
static bool
default_realm(const struct settings *st, struct dss_span realm)
{
	return realm.p == st->realm.p && realm.n == st->realm.n;
}

static bool
make_nonce(const struct dss_session *s, const struct settings *st,
	   struct dss_span realm, int64_t now, struct fresh_nonce *n)
{
	uint8_t rnd[8];

	n->conf = NULL;
	n->injected = dss_test_injected_nonce(n->text, &n->len);
	if (n->injected)
		return true;
	if (!dss_random_public(rnd, sizeof(rnd)))
		return false;
	dss_nonce_make(st->key, now, rnd, dss_span(s->opaque, s->opaque_len),
		       realm, n->text);
	n->len = DSS_NONCE_LEN;
	if (default_realm(st, realm))
		n->conf = st->conf;
	return true;
}

/*
 * The session's nonce is now `text` (len bytes and a NUL), issued now:
 * everything that belonged to the old one goes (caller holds the
 * session lock).
 */
static void
set_nonce(struct dss_session *s, const char *text, size_t len,
	  const struct dss_server_conf *conf, bool injected, int64_t now)
{
	memcpy(s->nonce, text, len + 1);
	s->nonce_len = len;
	s->kd_kept_ok = false;
	s->nonce_conf = conf;
	s->injected = injected;
	s->issued = now;
	s->has_next = false;
	memset(&s->window, 0, sizeof(s->window));
}

/* Install a new nonce in the session (caller holds the session lock). */
static void
install_nonce(struct dss_session *s, const struct fresh_nonce *n,
	      int64_t now)
{
	set_nonce(s, n->text, n->len, n->conf, n->injected, now);
}

/* Does the response name the session's current nonce? */
static bool
is_current_nonce(const struct dss_session *s, struct dss_span n)
{
	return n.n == s->nonce_len && dss_eq_short(n.p, s->nonce, n.n);
}

struct challenge_arg {
	const struct settings *st;
	struct dss_span realm, nonce, opaque;
	bool stale;
};

static void
emit_challenge(const void *arg, struct dss_strbuf *sb)
{
	const struct challenge_arg *a = arg;
	struct dss_http_offer o;

	o.realm = a->realm;
	o.nonce = a->nonce;
	o.opaque = a->opaque;
	o.algs = a->st->offer;
	o.nalgs = a->st->noffer;
	o.qops = a->st->qops;
	o.userhash = (a->st->flags & DIGESTSSP_SERVER_USERHASH) != 0;
	o.stale = a->stale;
	dss_http_emit_challenge(&o, sb);
}

struct info_arg {
	const struct dss_http_response *r;
	const uint8_t *rspauth;
	struct dss_span nextnonce;
};

static void
emit_info(const void *arg, struct dss_strbuf *sb)
{
	const struct info_arg *a = arg;

	dss_http_emit_auth_info(
		a->rspauth,
		dss_http_alg_info(a->r->alg)->size, a->r->qop,
		a->r->cnonce, a->r->nc, a->nextnonce, sb);
}

/* ---- the first response on a session ------------------------------------- */

/*
 * What a good first response will change in its session, prepared
 * without touching the session (so that a failure afterwards, a small
 * output buffer say, leaves it as it was).
 */
struct first {
	bool used;            /* check_first ran: there is something to wipe */
	bool stale;           /* answer with a stale=true challenge */
	struct fresh_nonce next;
	bool nextnonce;       /* next holds a nextnonce for the client */
	struct dss_span name;  /* the account's name (see password_source) */
	char *name_buf;        /* owned by name, or NULL */
	/* name, realm and uri, NUL-terminated, in one allocation (block) */
	char *block;
	/* the secrets, together up to rspauth (see first_clear) */
	uint8_t base[DSS_HASH_MAX];     /* secret */
	uint8_t ha1[DSS_HASH_MAX];      /* secret */
	struct dss_hash kd;             /* secret: see expected_response */
	uint8_t rspauth[DSS_HASH_MAX];  /* sent to the client */
};

static void
first_clear(struct first *f)
{
	if (!f->used)
		return;
	dss_free(f->name_buf);
	dss_free(f->block);
	/* the secrets: base, ha1 and kd, side by side (the rest is public) */
	dss_wipe(f->base, offsetof(struct first, rspauth) -
				  offsetof(struct first, base));
}

/*
 * The checks of protocol.md A.8 on the first response of a session
 * (caller holds the session lock). Only the failure counter changes.
 */
static SECURITY_STATUS
check_first(struct dss_cred *cred, struct dss_session *s,
	    const struct settings *st, const struct dss_http_response *r,
	    const struct request *q, struct dss_span chal_realm, int64_t now,
	    struct first *f)
{
	enum dss_hash_alg h = dss_http_alg_info(r->alg)->hash;
	size_t hs = dss_http_hash_size(h);
	uint8_t want[DSS_HASH_MAX];
	enum dss_nonce_verdict nv;
	int64_t issued;
	SECURITY_STATUS src, res;
	bool known;

	f->used = true;
	/* 2. offer match */
	if (!offered(st, r->alg) || r->qop == DSS_QOP_NONE ||
	    !(st->qops & (r->qop == DSS_QOP_AUTH ? DSS_QOP_BIT_AUTH :
						   DSS_QOP_BIT_INT)) ||
	    (r->userhash && !(st->flags & DIGESTSSP_SERVER_USERHASH)))
		return SEC_E_INVALID_TOKEN;
	/* 3. uri */
	if (!uri_matches(r->uri, q->target, st->flags))
		return SEC_E_INVALID_TOKEN;
	/* 4. credentials: an unknown user is checked against a random key */
	src = password_source(cred, r->user, r->userhash, r->realm, chal_realm,
			      h, f->base, &f->name, &f->name_buf);
	if (src == SEC_E_NO_AUTHENTICATING_AUTHORITY ||
	    src == SEC_E_INSUFFICIENT_MEMORY)
		return src;
	known = src == SEC_E_OK;
	/*
	 * Any key will do (the check below fails without `known`, and
	 * nothing made from it is sent): the pool's, as a getrandom call
	 * here would make an unknown user ~0.5 us slower than a known one.
	 */
	if (!known && !dss_random_public(f->base, hs))
		return SEC_E_INTERNAL_ERROR;
	/* 5. the digest, in constant time */
	res = expected_response(r, f->base, q, want, f->ha1, &f->kd, NULL);
	if (DSS_FAILED(res))
		return res;
	if (!(dss_ct_eq(want, r->digest, hs) && known)) {
		DSS_WIPE(want);
		s->failures++;
		return SEC_E_LOGON_DENIED;
	}
	DSS_WIPE(want);
	/* 6. nonce freshness, only now that the password was proven */
	if (s->injected) {
		nv = DSS_NONCE_FRESH; /* test build only */
		issued = s->issued;
	} else if (s->nonce_conf == st->conf && default_realm(st, chal_realm)) {
		/*
		 * The response names the nonce this session holds (the caller
		 * compared it byte for byte), made or checked under these very
		 * settings (the key) for this realm: its MAC holds by
		 * construction, and its time is s->issued. Only the age is
		 * left to judge, exactly as dss_nonce_check would.
		 */
		issued = s->issued;
		nv = dss_nonce_age(issued, now, st->nonce_lifetime);
	} else {
		nv = dss_nonce_check(st->key, r->nonce,
				     dss_span(s->opaque, s->opaque_len),
				     chal_realm, now, st->nonce_lifetime,
				     &issued);
	}
	if (nv == DSS_NONCE_FORGED)
		return SEC_E_INVALID_TOKEN;
	if (nv == DSS_NONCE_STALE) {
		f->stale = true;
		return make_nonce(s, st, chal_realm, now, &f->next) ?
			       SEC_I_CONTINUE_NEEDED :
			       SEC_E_INTERNAL_ERROR;
	}
	/* 7. replay */
	if (!dss_nc_acceptable(&s->window, r->nc_value,
			       st->flags & DIGESTSSP_SERVER_STRICT_NC))
		return SEC_E_OUT_OF_SEQUENCE;
	/* 8. success, prepared */
	f->block = dss_alloc(f->name.n + 1 + r->realm.n + 1 + r->uri.n + 1);
	if (f->block == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	{
		char *w = f->block;

		if (f->name.n > 0)
			memcpy(w, f->name.p, f->name.n);
		w[f->name.n] = '\0';
		w += f->name.n + 1;
		memcpy(w, r->realm.p, r->realm.n);
		w[r->realm.n] = '\0';
		w += r->realm.n + 1;
		memcpy(w, r->uri.p, r->uri.n);
		w[r->uri.n] = '\0';
	}
	rspauth_of(r, &f->kd, f->rspauth);
	/* a nextnonce once the nonce has lived 3/4 of its time (RFC 7615) */
	if (!s->injected &&
	    now - issued >= (int64_t)st->nonce_lifetime * 3 / NEXTNONCE_AT &&
	    make_nonce(s, st, chal_realm, now, &f->next))
		f->nextnonce = f->next.len == DSS_NONCE_LEN;
	return SEC_E_OK;
}

/* Apply a prepared success to the session (caller holds its lock). */
static void
commit_first(struct dss_session *s, const struct dss_http_response *r,
	     struct first *f, int64_t now)
{
	size_t hs = dss_http_alg_info(r->alg)->size;

	dss_nc_record(&s->window, r->nc_value);
	s->alg = r->alg;
	s->qop = r->qop;
	s->userhash = r->userhash;
	dss_free(s->user); /* and realm and uri, in the same block */
	s->user = f->block, s->user_len = f->name.n;
	s->realm = s->user + s->user_len + 1, s->realm_len = r->realm.n;
	s->uri = s->realm + s->realm_len + 1, s->uri_len = r->uri.n;
	f->block = NULL;
	dss_copy_usual(s->base, f->base, hs);
	dss_copy_usual(s->session_key, f->ha1, hs);
	s->kd_kept_ok = false; /* a new login, maybe a new H(A1) */
	if (r->userhash) {
		memcpy(s->userhash_hex, r->user.p, r->user.n);
		s->userhash_hex[r->user.n] = '\0';
	}
	if (f->nextnonce) {
		memcpy(s->next_nonce, f->next.text, DSS_NONCE_LEN + 1);
		s->has_next = true;
	}
	s->last_used = now;
	s->established = true;
}

/* ---- later requests on an established session ----------------------------- */

SECURITY_STATUS
dss_http_server_verify(struct dss_ctx *ctx, const SecBufferDesc *in)
{
	struct dss_session *s = ctx->session;
	struct parse_here ph;
	const struct dss_http_response *r;
	struct settings st;
	struct request q;
	uint8_t want[DSS_HASH_MAX], ha1[DSS_HASH_MAX], rsp[DSS_HASH_MAX];
	bool shaped = false;
	struct dss_http_shape *shape = NULL;
	static const struct dss_nc_window fresh_window; /* all zero */
	struct dss_hash kd; /* secret */
	SecBuffer *info = NULL;
	SECURITY_STATUS res;
	int64_t keep_until = 0;
	bool next = false;
	size_t hs;
	int64_t now = dss_unix_now();

	memset(&q, 0, sizeof(q));
	ph.heap = NULL;
	/* buffers.md §5.2: at least the token and the method. */
	if (in == NULL || in->cBuffers < 2 || !http_in_texts(in, &q) ||
	    q.tok.n == 0 || q.method.n == 0 || q.tok.n > DSS_MAX_INPUT_TOKEN)
		return SEC_E_INVALID_TOKEN;
	q.in = in;
	snapshot(ctx->cred, 0, &st);
	/* read by the session's shape, else parsed (without the lock) */
	dss_lock_take(&s->lock);
	shaped = s->shape != NULL &&
		 dss_http_shape_match(s->shape, q.tok.p, q.tok.n, &ph.r);
	if (!shaped) {
		dss_lock_give(&s->lock);
		res = parse_here(q.tok, &ph); /* refuses a NUL */
		if (DSS_FAILED(res)) {
			dss_free(ph.heap);
			return res;
		}
		dss_lock_take(&s->lock);
	}
	r = &ph.r;
	res = SEC_E_INVALID_TOKEN;
	if (!s->established || atomic_load(&s->discarded))
		goto unlock;
	if (r->has_opaque && !is_opaque(s, r->opaque))
		goto unlock;
	if (is_current_nonce(s, r->nonce))
		next = false;
	else if (s->has_next && r->nonce.n == DSS_NONCE_LEN &&
		 memcmp(r->nonce.p, s->next_nonce, DSS_NONCE_LEN) == 0)
		next = true;
	else
		goto unlock;
	if (!uri_matches(r->uri, q.target, st.flags) ||
	    r->qop == DSS_QOP_NONE)
		goto unlock;
	/* the same account: name (or its hash), realm and algorithm */
	res = SEC_E_MESSAGE_ALTERED;
	if (r->alg != s->alg || r->userhash != s->userhash ||
	    r->realm.n != s->realm_len ||
	    !dss_eq_short(r->realm.p, s->realm, s->realm_len))
		goto unlock;
	if (s->userhash ? !dss_span_eq_ci(r->user, s->userhash_hex) :
			  (r->user.n != s->user_len ||
			   !dss_eq_short(r->user.p, s->user, s->user_len)))
		goto unlock;
	hs = dss_http_alg_info(r->alg)->size;
	/*
	 * digestssp extension: a TOKEN buffer after the positional slots
	 * receives this request's Authentication-Info (RFC 7615 allows it on
	 * every response; Windows has no output here).
	 */
	info = dss_desc_find(in, SECBUFFER_TOKEN, 6);
	if (info != NULL && dss_buf_readonly(info))
		info = NULL;
	/* the session keeps the hashing of its nonce, not of nextnonce */
	res = expected_response(r, s->base, &q, want, ha1,
				info != NULL ? &kd : NULL, next ? NULL : s);
	if (DSS_FAILED(res))
		goto unlock;
	if (!dss_ct_eq(want, r->digest, hs)) {
		res = SEC_E_MESSAGE_ALTERED;
		goto unlock;
	}
	/* a move to nextnonce starts its count afresh (made at commit) */
	if (!dss_nc_acceptable(next ? &fresh_window : &s->window, r->nc_value,
			       st.flags & DIGESTSSP_SERVER_STRICT_NC)) {
		res = SEC_E_OUT_OF_SEQUENCE;
		goto unlock;
	}
	if (!shaped && !shape_room(s, q.tok.n, &shape)) {
		res = SEC_E_INSUFFICIENT_MEMORY;
		goto unlock;
	}
	/* written before anything changes: a small buffer changes nothing */
	if (info != NULL) {
		struct info_arg ia = { r, rsp, dss_span("", 0) };
		bool allocated;

		rspauth_of(r, &kd, rsp);
		res = dss_write_token(info, false, emit_info, &ia, &allocated);
		if (DSS_FAILED(res))
			goto unlock;
	}
	if (next) /* the client moved to the nextnonce we sent */
		set_nonce(s, s->next_nonce, DSS_NONCE_LEN, NULL, false, now);
	dss_nc_record(&s->window, r->nc_value);
	if (!shaped) /* the next request is likely to look like this one */
		shape_keep(s, &shape, q.tok, r);
	s->last_used = now;
	keep_until = s->issued + st.nonce_lifetime;
	res = SEC_E_OK;
unlock:
	dss_lock_give(&s->lock);
	if (res == SEC_E_OK)
		dss_session_times(ctx->cred->sessions, s,
				  now + st.session_lifetime, true, keep_until);
	dss_free(ph.heap);
	dss_free(shape);
	DSS_WIPE(want);
	DSS_WIPE(ha1);
	DSS_WIPE(rsp);
	if (info != NULL)
		DSS_WIPE(kd);
	return res;
}

/* ---- AcceptSecurityContext ---------------------------------------------- */

/*
 * A new context on session s. With *own_cred, the call's reference on
 * cred goes to the context (one shared counter update fewer per call)
 * and *own_cred becomes false.
 */
static SECURITY_STATUS
new_server_ctx(struct dss_cred *cred, bool *own_cred, struct dss_session *s,
	       struct dss_ctx **out)
{
	struct dss_ctx *c = dss_ctx_new_server_http(cred, *own_cred);

	if (c == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	*own_cred = false;
	c->session = s;
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	*out = c;
	return SEC_E_OK;
}

/*
 * A later request (api.md 2.3): a request carrying the opaque of an
 * established session s. CompleteAuthToken reads all of it (parsed once,
 * there) and answers; this call only makes the context that names s and
 * returns SEC_I_COMPLETE_NEEDED. The call's references on cred and s
 * are taken (the context's, or dropped on failure); the context is
 * complete when published, and the handle table takes its reference.
 */
static SECURITY_STATUS
asc_later(struct dss_cred *cred, struct dss_session *s, SecBuffer *ob,
	  bool allocate, PCtxtHandle phNewContext, ULONG *pfContextAttr,
	  PTimeStamp ptsExpiry)
{
	struct dss_ctx *c = dss_ctx_new_server_http(cred, true);
	SecHandle handle;

	if (c == NULL) {
		dss_session_unref(s);
		dss_cred_unref(cred);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	c->session = s;
	c->attrs = DIGESTSSP_ASC_RET_HTTP;
	if (DSS_FAILED(dss_handle_publish_given(&c->obj, &handle))) {
		dss_ctx_unref(c); /* and with it cred and s */
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	dss_write_none(ob, allocate);
	*phNewContext = handle;
	if (pfContextAttr != NULL)
		*pfContextAttr = DIGESTSSP_ASC_RET_HTTP;
	dss_set_never(ptsExpiry);
	return SEC_I_COMPLETE_NEEDED;
}

/*
 * SASL DIGEST-MD5 server (api.md 2.4): the challenge on a new context,
 * then the response on it. *ctxp is the locked context or NULL; a new
 * one is left locked in *ctxp.
 */
static SECURITY_STATUS
asc_sasl(struct dss_cred *cred, struct dss_ctx **ctxp, PSecBufferDesc in,
	 ULONG req, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
	 ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
	struct dss_ctx *ctx = *ctxp, *fresh = NULL;
	struct dss_sasl_step st;
	struct dss_span tok;
	SecBuffer *ob;
	SecHandle handle;
	SECURITY_STATUS res, wst;
	bool allocate = (req & ASC_REQ_ALLOCATE_MEMORY) != 0;
	bool allocated = false;
	ULONG attrs;

	if ((in != NULL && !dss_desc_ok(in)) ||
	    (pOutput != NULL && !dss_desc_ok(pOutput)) ||
	    !dss_desc_slot_text(in, 0, SECBUFFER_TOKEN, &tok) ||
	    tok.n > DSS_MAX_INPUT_TOKEN || memchr(tok.p, '\0', tok.n) != NULL)
		return SEC_E_INVALID_TOKEN;
	ob = dss_desc_find(pOutput, SECBUFFER_TOKEN, 0);
	if (ob == NULL || dss_buf_readonly(ob))
		return SEC_E_INVALID_TOKEN; /* a token always goes out */
	res = dss_sasl_server_step(cred, ctx, req, tok, &st);
	if (DSS_FAILED(res)) {
		/* api.md 2.4: a bad response fails the context */
		if (ctx != NULL && tok.n > 0 &&
		    res != SEC_E_INSUFFICIENT_MEMORY &&
		    res != SEC_E_NO_AUTHENTICATING_AUTHORITY)
			ctx->state = DSS_ST_FAILED;
		return res;
	}
	if (ctx == NULL) {
		fresh = dss_ctx_new(cred, true, false);
		if (fresh == NULL) {
			res = SEC_E_INSUFFICIENT_MEMORY;
			goto fail;
		}
		wst = dss_handle_publish(&fresh->obj, &handle);
		if (DSS_FAILED(wst)) {
			res = wst;
			goto fail;
		}
	}
	/* the step's token is written already: copied out once */
	wst = dss_write_text(ob, allocate, st.token, st.token_len, &allocated);
	if (DSS_FAILED(wst)) {
		res = wst;
		if (fresh != NULL)
			dss_handle_withdraw(&handle, DSS_KIND_CTX);
		goto fail;
	}
	res = st.complete ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
	if (fresh != NULL) {
		ctx = fresh;
		fresh = NULL;
		dss_lock_take(&ctx->lock);
		*ctxp = ctx;
		*phNewContext = handle;
	}
	dss_sasl_step_commit(ctx, &st, false);
	attrs = ASC_RET_CONNECTION | (st.complete ? st.attrs : 0);
	if (allocated)
		attrs |= ASC_RET_ALLOCATED_MEMORY;
	ctx->attrs = attrs;
	if (pfContextAttr != NULL)
		*pfContextAttr = attrs;
	dss_set_never(ptsExpiry);
fail:
	dss_ctx_unref(fresh);
	dss_sasl_step_clear(&st);
	return res;
}

/* How long a session that has not authenticated yet is kept. */
static int64_t
pending_ttl(const struct settings *st)
{
	return st->nonce_lifetime > NEVER_DONE_TTL ? st->nonce_lifetime :
						     NEVER_DONE_TTL;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
		      PSecBufferDesc pInput, ULONG fContextReq,
		      ULONG TargetDataRep, PCtxtHandle phNewContext,
		      PSecBufferDesc pOutput, ULONG *pfContextAttr,
		      PTimeStamp ptsExpiry)
{
	struct dss_ctx *ctx = NULL, *fresh = NULL;
	struct dss_cred *cred;
	struct dss_session *s = NULL, *hinted = NULL;
	static const struct dss_http_response none; /* no token */
	const struct dss_http_response *r = &none;
	struct parse_here ph;
	struct settings st;
	struct request q;
	struct first f;
	struct fresh_nonce challenge_nonce;
	char *realm_buf = NULL;
	SecBuffer *ob = NULL;
	SecHandle handle;
	SECURITY_STATUS res, wst;
	bool allocate, allocated = false, published = false, locked = false;
	bool own_cred = phContext == NULL, opened = false;
	enum { OUT_NONE, OUT_CHALLENGE, OUT_INFO } out_kind = OUT_NONE;
	ULONG attrs;
	int64_t now = dss_unix_now();

	(void)TargetDataRep;
	memset(&q, 0, sizeof(q));
	/*
	 * Of f, only what is read before check_first writes it: the flags
	 * and the pointers first_clear frees (the hashes and keys, a few
	 * hundred bytes, are written before any use).
	 */
	f.used = f.stale = f.nextnonce = false;
	f.name_buf = f.block = NULL;
	ph.heap = NULL;
	memset(&st, 0, sizeof(st));

	/* 1. handles */
	if (phContext != NULL) {
		ctx = dss_ctx_get(phContext);
		if (ctx == NULL)
			return SEC_E_INVALID_HANDLE;
		if (!ctx->server || ctx->state == DSS_ST_FAILED ||
		    (ctx->is_http && (ctx->session == NULL ||
				      atomic_load(&ctx->session->discarded)))) {
			dss_ctx_put(ctx);
			return SEC_E_INVALID_HANDLE;
		}
		cred = ctx->cred;
		if (ctx->is_http ? atomic_load(&ctx->session->established) :
				   ctx->state == DSS_ST_VERIFIED) {
			dss_ctx_put(ctx);
			return STATUS_LOGON_FAILURE; /* api.md 2.3, 2.4 */
		}
	} else {
		cred = dss_cred_ref(phCredential);
		if (cred == NULL || !(cred->use & SECPKG_CRED_INBOUND)) {
			dss_cred_unref(cred);
			return SEC_E_NO_CREDENTIALS;
		}
		if (phNewContext == NULL) {
			res = SEC_E_INVALID_PARAMETER;
			goto out;
		}
	}

	/* 2. flags and mode */
	if ((fContextReq & ASC_REQ_DELEGATE) ||
	    ((fContextReq & ASC_REQ_HTTP) &&
	     (fContextReq & ASC_REQ_CONFIDENTIALITY))) {
		res = SEC_E_SECURITY_QOS_FAILED;
		goto out;
	}
	if (ctx != NULL ? !ctx->is_http : !(fContextReq & ASC_REQ_HTTP)) {
		res = asc_sasl(cred, &ctx, pInput, fContextReq, phNewContext,
			       pOutput, pfContextAttr, ptsExpiry);
		goto out;
	}

	/* 3. descriptors, the request, the settings */
	if (!http_in_texts(pInput, &q) || !http_out_token(pOutput, &ob) ||
	    (q.tok.n > 0 && q.method.n == 0) ||
	    q.tok.n > DSS_MAX_INPUT_TOKEN) {
		res = SEC_E_INVALID_TOKEN;
		goto out;
	}
	/* a NUL inside the token: parse_here answers SEC_E_INVALID_TOKEN */
	q.in = pInput;
	res = slot_realm(pInput, &q.realm, &realm_buf);
	if (DSS_FAILED(res)) {
		if (memchr(q.tok.p, '\0', q.tok.n) != NULL)
			res = SEC_E_INVALID_TOKEN; /* as before the realm */
		goto out;
	}
	snapshot(cred, fContextReq, &st);
	if (q.realm.n == 0)
		q.realm = st.realm;
	allocate = (fContextReq & ASC_REQ_ALLOCATE_MEMORY) != 0;
	if (ob != NULL && dss_buf_readonly(ob))
		ob = NULL;

	/* 4. the session this call is about */
	if (q.tok.n == 0) {
		if (ctx != NULL) {
			s = ctx->session;
			atomic_fetch_add_explicit(&s->refs, 1,
						  memory_order_relaxed);
		} else {
			char ob_buf[48];

			s = dss_session_open(cred->sessions, new_opaque(ob_buf),
					     now, now + pending_ttl(&st));
			if (s == NULL) {
				res = SEC_E_INSUFFICIENT_MEMORY;
				goto out;
			}
			opened = true;
		}
		if (!make_nonce(s, &st, q.realm, now, &challenge_nonce)) {
			res = SEC_E_INTERNAL_ERROR;
			goto out;
		}
		dss_lock_take(&s->lock);
		locked = true;
		out_kind = OUT_CHALLENGE;
		res = SEC_I_CONTINUE_NEEDED;
		goto prepare;
	}
	ph.scratch = ph.stack;
	if (ctx == NULL) {
		hinted = session_by_hint(cred, q.tok, now);
		if (hinted != NULL && atomic_load(&hinted->established) &&
		    !atomic_load(&hinted->discarded)) {
			res = asc_later(cred, hinted, ob, allocate,
					phNewContext, pfContextAttr, ptsExpiry);
			own_cred = false;
			hinted = NULL;
			goto out;
		}
	}
	res = parse_here(q.tok, &ph);
	if (DSS_FAILED(res))
		goto out;
	r = &ph.r;
	if (ctx != NULL) {
		/* the handle names the session; an opaque must agree */
		s = ctx->session;
		atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
		if (r->has_opaque && !is_opaque(s, r->opaque)) {
			res = SEC_E_INVALID_TOKEN;
			goto out;
		}
	} else {
		int64_t issued;

		if (!r->has_opaque) {
			res = SEC_E_INVALID_TOKEN;
			goto out;
		}
		if (hinted != NULL && is_opaque(hinted, r->opaque)) {
			s = hinted; /* what the lookup below would find */
			hinted = NULL;
		} else {
			s = dss_session_find(cred->sessions, r->opaque, now);
		}
		if (s == NULL) {
			/*
			 * Not in memory. A nonce that a server of the cluster
			 * (or this one, before a restart) issued with our
			 * secret for this opaque and realm opens the session
			 * it names. Sessions that could still be answered
			 * fresh are never forgotten (session.c), so this
			 * cannot reopen one and replay into it.
			 */
			if (dss_nonce_check(st.key, r->nonce, r->opaque, q.realm,
					    now, st.nonce_lifetime, &issued) ==
			    DSS_NONCE_FORGED) {
				res = SEC_E_INVALID_TOKEN;
				goto out;
			}
			s = dss_session_open(cred->sessions, r->opaque, now,
					     issued + pending_ttl(&st));
			if (s == NULL) {
				res = SEC_E_INSUFFICIENT_MEMORY;
				goto out;
			}
			opened = true;
			dss_lock_take(&s->lock);
			memcpy(s->nonce, r->nonce.p, DSS_NONCE_LEN);
			s->nonce[DSS_NONCE_LEN] = '\0';
			/* its MAC was just checked, as check_first would */
			s->nonce_conf = default_realm(&st, q.realm) ? st.conf :
								      NULL;
			s->nonce_len = DSS_NONCE_LEN;
			s->issued = issued;
			dss_lock_give(&s->lock);
		}
	}
	if (atomic_load(&s->discarded)) {
		res = SEC_E_INVALID_TOKEN; /* a tombstone: no more tries */
		goto out;
	}

	/* 5. a response: check it (nothing is changed yet) */
	dss_lock_take(&s->lock);
	locked = true;
	if (s->established) {
		/* api.md 2.3: a later request; CompleteAuthToken checks it */
		res = SEC_I_COMPLETE_NEEDED;
		goto prepare;
	}
	if (!is_current_nonce(s, r->nonce)) {
		res = SEC_E_INVALID_TOKEN;
		goto out;
	}
	res = check_first(cred, s, &st, r, &q, q.realm, now, &f);
	if (res == SEC_E_LOGON_DENIED && s->failures >= MAX_FAILURES) {
		/* api.md 1.8: the session goes; its nonce is dead too */
		dss_session_kill(cred->sessions, s,
				 s->issued + st.nonce_lifetime);
		goto out;
	}
	if (DSS_FAILED(res))
		goto out;
	out_kind = f.stale ? OUT_CHALLENGE : OUT_INFO;

prepare:
	/* 6. everything that can fail, before anything changes */
	if (ctx == NULL) {
		wst = new_server_ctx(cred, &own_cred, s, &fresh);
		if (DSS_FAILED(wst)) {
			res = wst;
			goto out;
		}
		wst = dss_handle_publish(&fresh->obj, &handle);
		if (DSS_FAILED(wst)) {
			res = wst;
			goto out;
		}
		published = true;
	}
	if (out_kind != OUT_NONE && ob == NULL) {
		res = SEC_E_INVALID_TOKEN; /* buffers.md 1.6 */
		goto out;
	}
	if (out_kind == OUT_CHALLENGE) {
		const struct fresh_nonce *n = f.stale ? &f.next :
							&challenge_nonce;
		struct challenge_arg ca = {
			&st, q.realm, dss_span(n->text, n->len),
			dss_span(s->opaque, s->opaque_len), f.stale
		};

		wst = dss_write_token(ob, allocate, emit_challenge, &ca,
				      &allocated);
	} else if (out_kind == OUT_INFO) {
		struct info_arg ia = {
			r, f.rspauth,
			dss_span(f.next.text, f.nextnonce ? DSS_NONCE_LEN : 0)
		};

		wst = dss_write_token(ob, allocate, emit_info, &ia, &allocated);
	} else {
		wst = SEC_E_OK;
		dss_write_none(ob, allocate);
	}
	if (DSS_FAILED(wst)) {
		res = wst;
		goto out;
	}

	/* 7. commit: nothing below can fail */
	if (out_kind == OUT_CHALLENGE)
		install_nonce(s, f.stale ? &f.next : &challenge_nonce, now);
	else if (out_kind == OUT_INFO)
		commit_first(s, r, &f, now);
	dss_lock_give(&s->lock);
	locked = false;
	if (out_kind == OUT_INFO)
		dss_session_times(cred->sessions, s,
				  now + st.session_lifetime, true,
				  s->issued + st.nonce_lifetime);
	else if (out_kind == OUT_CHALLENGE)
		dss_session_times(cred->sessions, s, now + pending_ttl(&st),
				  false, 0);
	if (fresh != NULL) {
		ctx = fresh;
		fresh = NULL;
		published = false;
		dss_lock_take(&ctx->lock);
		*phNewContext = handle;
	} else if (phNewContext != NULL && phNewContext != phContext) {
		*phNewContext = *phContext;
	}
	attrs = DIGESTSSP_ASC_RET_HTTP;
	if (allocated)
		attrs |= ASC_RET_ALLOCATED_MEMORY;
	if (res == SEC_E_OK && r->qop == DSS_QOP_AUTH_INT)
		attrs |= ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT |
			 ASC_RET_SEQUENCE_DETECT;
	ctx->attrs = attrs;
	if (pfContextAttr != NULL)
		*pfContextAttr = attrs;
	dss_set_never(ptsExpiry);

out:
	if (locked)
		dss_lock_give(&s->lock);
	if (published) /* nobody saw the handle */
		dss_handle_withdraw(&handle, DSS_KIND_CTX);
	/*
	 * A session this call opened and then failed on, for a reason that
	 * is not the client's wrong password, must not linger. (After a
	 * wrong password it stays, so that failures add up.)
	 */
	if (opened && DSS_FAILED(res) && res != SEC_E_LOGON_DENIED)
		dss_session_discard(cred->sessions, s);
	dss_session_unref(s);
	dss_session_unref(hinted);
	dss_free(realm_buf);
	dss_free(ph.heap);
	first_clear(&f);
	if (ctx != NULL)
		dss_ctx_put(ctx);
	/* last: a failed new context may hold the call's reference on cred */
	dss_ctx_unref(fresh);
	if (own_cred)
		dss_cred_unref(cred);
	return res;
}
