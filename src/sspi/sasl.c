/*
 * sasl.c - SASL DIGEST-MD5 through SSPI: the client steps of
 * InitializeSecurityContext and the server steps of AcceptSecurityContext
 * without the HTTP flags (api.md 2.2, 2.4, 3.7, 3.8), and the security
 * layer behind MakeSignature, VerifySignature, EncryptMessage and
 * DecryptMessage (api.md 3.11 - 3.14, buffers.md 5.3, 5.4, 7).
 *
 * Steps are prepared in a struct dss_sasl_step without touching the
 * context, and installed by dss_sasl_step_commit() once the output token
 * is written: a failing call changes nothing.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "sspi/sspi_int.h"

#define OUR_MAXBUF 65536u
#define DEFAULT_SASL_REALM "WDigest"

static enum dss_sl_cipher
layer_cipher(enum dss_sasl_cipher c)
{
	switch (c) {
	case DSS_SASL_RC4:
		return DSS_SL_RC4;
	case DSS_SASL_3DES:
		return DSS_SL_3DES;
	case DSS_SASL_RC4_56:
		return DSS_SL_RC4_56;
	case DSS_SASL_RC4_40:
		return DSS_SL_RC4_40;
	case DSS_SASL_DES:
		return DSS_SL_DES;
	default:
		return DSS_SL_NONE;
	}
}

void
dss_sasl_step_init(struct dss_sasl_step *st)
{
	memset(st, 0, offsetof(struct dss_sasl_step, nonce_buf));
}

void
dss_sasl_step_clear(struct dss_sasl_step *st)
{
	/* a token for the wire: nothing secret in it */
	if (st->token != st->token_buf)
		dss_free(st->token);
	if (st->names != NULL && st->names != st->names_buf)
		dss_free(st->names);
	if (st->new_layer != NULL)
		dss_free(st->new_layer); /* never initialised: no secret */
	/* the session (H(A1)) is in the header; the buffers hold no secret */
	dss_wipe(st, offsetof(struct dss_sasl_step, nonce_buf));
}

static void
free_layer(struct dss_ctx_sasl *s)
{
	if (s->layer != NULL) {
		/*
		 * a plain struct (seclayer.h): dss_free_secret wipes all of
		 * it, so dss_sl_clear would wipe the same 1.4 KB twice
		 */
		dss_free_secret(s->layer, sizeof(*s->layer));
		s->layer = NULL;
	}
}

void
dss_sasl_ctx_clear(struct dss_ctx *c)
{
	struct dss_ctx_sasl *s = c->sasl;

	if (s == NULL)
		return;
	free_layer(s);
	dss_free(s->names);
	s->names = NULL;
	s->peer_user = s->peer_realm = NULL;
	s->nonce_len = 0;
	DSS_WIPE(s->sess);
}

void
dss_sasl_step_commit(struct dss_ctx *c, struct dss_sasl_step *st, bool client)
{
	struct dss_ctx_sasl *s = c->sasl;

	if (st->names != NULL) {
		const char *p;

		dss_free(s->names);
		s->names = NULL;
		if (st->names == st->names_buf) {
			memcpy(s->names_buf, st->names_buf,
			       st->user_len + 1 + st->realm_len + 1);
			p = s->names_buf;
		} else {
			s->names = st->names;
			st->names = NULL;
			p = s->names;
		}
		s->peer_user = p, s->peer_user_len = st->user_len;
		s->peer_realm = p + st->user_len + 1;
		s->peer_realm_len = st->realm_len;
	}
	if (st->nonce_len > 0) {
		memcpy(s->nonce, st->nonce_buf, st->nonce_len);
		s->nonce_len = st->nonce_len;
		s->offer_qops = st->offer_qops;
		s->offer_ciphers = st->offer_ciphers;
	}
	if (st->complete || !client || st->token != NULL)
		s->sess = st->sasl;
	if (st->complete) {
		free_layer(s);
		if (st->layer) {
			s->layer = st->new_layer;
			st->new_layer = NULL;
			dss_sl_init(s->layer, s->sess.ha1, client,
				    layer_cipher(s->sess.cipher));
		}
		c->state = DSS_ST_VERIFIED;
	} else {
		c->state = client ? DSS_ST_RESPONDED : DSS_ST_NEW;
	}
}

/* Memory for the layer a completing step installs (SEC_E_OK or OOM). */
static SECURITY_STATUS
reserve_layer(struct dss_sasl_step *st)
{
	st->layer = st->sasl.qop != DSS_SASL_AUTH;
	if (!st->layer)
		return SEC_E_OK;
	st->new_layer = dss_alloc(sizeof(*st->new_layer));
	return st->new_layer != NULL ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* Security bits for the final return of a step. */
static ULONG
security_bits(const struct dss_sasl_session *s, bool client)
{
	ULONG b = 0;

	if (s->qop != DSS_SASL_AUTH)
		b |= client ? (ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
			       ISC_RET_SEQUENCE_DETECT) :
			      (ASC_RET_INTEGRITY | ASC_RET_REPLAY_DETECT |
			       ASC_RET_SEQUENCE_DETECT);
	if (s->qop == DSS_SASL_AUTH_CONF)
		b |= client ? ISC_RET_CONFIDENTIALITY : ASC_RET_CONFIDENTIALITY;
	b |= client ? ISC_RET_MUTUAL_AUTH : ASC_RET_MUTUAL_AUTH;
	return b;
}

/*
 * Keep user and realm (NAMES) in one block: user "\0" realm "\0"; the
 * usual short names in the step itself, not on the heap.
 */
static SECURITY_STATUS
keep_names(struct dss_sasl_step *st, struct dss_span user,
	   struct dss_span realm)
{
	char *p = st->names_buf;

	if (user.n + 1 + realm.n + 1 > sizeof(st->names_buf)) {
		p = dss_alloc(user.n + 1 + realm.n + 1);
		if (p == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
	}
	if (user.n > 0)
		memcpy(p, user.p, user.n);
	p[user.n] = '\0';
	if (realm.n > 0)
		memcpy(p + user.n + 1, realm.p, realm.n);
	p[user.n + 1 + realm.n] = '\0';
	st->names = p;
	st->user_len = user.n;
	st->realm_len = realm.n;
	return SEC_E_OK;
}

/* Parsed tokens are unquoted into this much stack before the heap. */
#define SCRATCH_STACK 1024

/* ---- client ------------------------------------------------------------- */

static SECURITY_STATUS
client_answer(const struct dss_identity *id, struct dss_span target,
	      ULONG req, struct dss_span tok, struct dss_sasl_step *st,
	      bool *peer_fault)
{
	struct dss_sasl_challenge ch;
	struct dss_sasl_client_opts o;
	struct dss_strbuf sb;
	char cnonce[256], stack[SCRATCH_STACK], *scratch = stack;
	size_t cnonce_len, cap;
	SECURITY_STATUS res;
	struct dss_span realm;

	if (tok.n > sizeof(stack)) {
		scratch = dss_alloc(tok.n);
		if (scratch == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
	}
	res = dss_sasl_parse_challenge(tok.p, tok.n, scratch, &ch);
	if (DSS_FAILED(res)) {
		*peer_fault = true;
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.user = dss_span(id->user, id->user_len);
	o.domain = dss_span(id->domain ? id->domain : "", id->domain_len);
	o.password = dss_span(id->password ? id->password : "",
			      id->password_len);
	o.authzid = dss_span("", 0);
	o.digest_uri = target;
	o.want_int = (req & (ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
			     ISC_REQ_SEQUENCE_DETECT)) != 0;
	o.want_conf = (req & ISC_REQ_CONFIDENTIALITY) != 0;
	o.builtin = DSS_SASL_CIPHER_ALL;
	o.maxbuf = OUR_MAXBUF;
	if (!dss_make_cnonce(cnonce, sizeof(cnonce), &cnonce_len)) {
		res = SEC_E_INTERNAL_ERROR;
		goto out;
	}
	/* what the response can hold: every field escaped, plus names */
	cap = 512 + 2 * (tok.n + id->user_len + id->domain_len + target.n +
			 cnonce_len);
	if (cap <= sizeof(st->token_buf)) {
		st->token = st->token_buf;
	} else {
		st->token = dss_alloc(cap);
		if (st->token == NULL) {
			res = SEC_E_INSUFFICIENT_MEMORY;
			goto out;
		}
	}
	dss_sb_init(&sb, st->token, cap);
	res = dss_sasl_client_answer(&ch, &o, dss_span(cnonce, cnonce_len),
				     &st->sasl, &sb);
	if (res == SEC_E_INVALID_TOKEN)
		*peer_fault = true; /* nothing usable was offered */
	if (DSS_FAILED(res))
		goto out;
	if (sb.overflow) {
		res = SEC_E_INTERNAL_ERROR; /* cap is an upper bound */
		goto out;
	}
	st->token_len = sb.len;
	realm = dss_sasl_client_realm(&ch, o.domain);
	res = keep_names(st, o.user, realm);
out:
	if (scratch != stack)
		dss_free(scratch);
	return res;
}

SECURITY_STATUS
dss_sasl_client_step(const struct dss_ctx *c, const struct dss_identity *id,
		     struct dss_span target, ULONG req, struct dss_span tok,
		     struct dss_sasl_step *st, bool *peer_fault)
{
	SECURITY_STATUS res;

	dss_sasl_step_init(st);
	if (c != NULL && c->state == DSS_ST_RESPONDED) {
		/* the server's final message: rspauth=<hex> */
		res = dss_sasl_client_check_final(&c->sasl->sess, tok.p, tok.n);
		if (DSS_FAILED(res)) {
			*peer_fault = true;
			return res;
		}
		st->sasl = c->sasl->sess;
		st->complete = true;
		st->attrs = security_bits(&c->sasl->sess, true);
		res = reserve_layer(st);
		if (DSS_FAILED(res))
			dss_sasl_step_clear(st);
		return res;
	}
	/* a challenge: first answer, or reauthentication when complete */
	if (target.n == 0)
		return SEC_E_TARGET_UNKNOWN;
	res = client_answer(id, target, req, tok, st, peer_fault);
	if (res == SEC_E_INVALID_PARAMETER || res == SEC_E_UNKNOWN_CREDENTIALS)
		res = res == SEC_E_UNKNOWN_CREDENTIALS ? SEC_E_NO_CREDENTIALS :
							 SEC_E_INVALID_TOKEN;
	if (DSS_FAILED(res))
		dss_sasl_step_clear(st);
	return res;
}

/* ---- server ------------------------------------------------------------- */

/* The realm a server names: DIGESTSSP_CRED_ATTR_REALM, Domain, default. */
static struct dss_span
server_realm(const struct dss_cred *cred)
{
	if (cred->realm != NULL)
		return dss_span(cred->realm, cred->realm_len);
	if (cred->has_identity && cred->id.domain_len > 0)
		return dss_span(cred->id.domain, cred->id.domain_len);
	return DSS_SPAN_LIT(DEFAULT_SASL_REALM);
}

static SECURITY_STATUS
server_challenge(struct dss_cred *cred, ULONG req, struct dss_sasl_step *st)
{
	struct dss_sasl_offer o;
	struct dss_strbuf sb;
	struct dss_span realm;
	uint8_t rnd[DSS_SASL_NONCE_RAW];
	SECURITY_STATUS res;

#ifdef DSS_TESTING
	/* test build: a nonce set by dss_test_set_server_nonce */
	if (!dss_test_injected_nonce(st->nonce_buf, &st->nonce_len))
#endif
	{
		if (!dss_random_public(rnd, sizeof(rnd)))
			return SEC_E_INTERNAL_ERROR;
		/* 32 characters */
		st->nonce_len = dss_base64url_encode(st->nonce_buf, rnd,
						     sizeof(rnd));
	}
	memset(&o, 0, sizeof(o));
	o.realms = &realm;
	o.nrealms = 1;
	o.nonce = dss_span(st->nonce_buf, st->nonce_len);
	o.maxbuf = OUR_MAXBUF;
	st->token = st->token_buf;
	dss_sb_init(&sb, st->token_buf,
		    DSS_SASL_CHALLENGE_MAX < sizeof(st->token_buf) ?
			    DSS_SASL_CHALLENGE_MAX :
			    sizeof(st->token_buf));
	/* the realm is the credential's: emitted under its lock */
	pthread_mutex_lock(&cred->lock);
	/*
	 * api.md 3.8: offer the level the flags ask for (no downgrade);
	 * DIGESTSSP_SERVER_QOP_* add levels a server is willing to accept.
	 */
	if (req & ASC_REQ_CONFIDENTIALITY) {
		st->offer_qops = DSS_SASL_QOP_BIT(DSS_SASL_AUTH_CONF);
		st->offer_ciphers = DSS_SASL_CIPHER_ALL;
	} else if (req & (ASC_REQ_INTEGRITY | ASC_REQ_REPLAY_DETECT |
			  ASC_REQ_SEQUENCE_DETECT)) {
		st->offer_qops = DSS_SASL_QOP_BIT(DSS_SASL_AUTH_INT);
	} else {
		st->offer_qops = DSS_SASL_QOP_BIT(DSS_SASL_AUTH);
		if (cred->server_flags & DIGESTSSP_SERVER_QOP_AUTH_INT)
			st->offer_qops |= DSS_SASL_QOP_BIT(DSS_SASL_AUTH_INT);
	}
	o.qops = st->offer_qops;
	o.ciphers = st->offer_ciphers;
	realm = server_realm(cred);
	res = dss_sasl_emit_challenge(&o, &sb);
	pthread_mutex_unlock(&cred->lock);
	if (DSS_FAILED(res))
		return res == SEC_E_INVALID_PARAMETER ? SEC_E_INVALID_TOKEN :
							res;
	st->token_len = sb.len;
	return SEC_E_OK;
}

/*
 * The secret of r->user in r->realm (api.md 3.4): the callback (SS for
 * KEYVER_HA1 with "MD5", else the password), the user file's MD5 line
 * (an SS), or the one account of the identity.
 */
static SECURITY_STATUS
server_secret(struct dss_cred *cred, const struct dss_sasl_response *r,
	      struct dss_sasl_secret *sec, uint8_t *ss, char **pw)
{
	memset(sec, 0, sizeof(*sec));
	*pw = NULL;
	if (cred->get_key != NULL) {
		DIGESTSSP_KEY_PRINCIPAL p;
		char *u = dss_memdup0(r->user.p, r->user.n);
		char *rl = dss_memdup0(r->realm.p, r->realm.n);
		SECURITY_STATUS status = SEC_E_LOGON_DENIED;
		void *key = NULL;

		if (u == NULL || rl == NULL) {
			dss_free(u);
			dss_free(rl);
			return SEC_E_INSUFFICIENT_MEMORY;
		}
		p.User = u, p.Realm = rl, p.Algorithm = "MD5";
		cred->get_key(cred->get_key_arg, &p, DIGESTSSP_KEYVER_HA1,
			      &key, &status);
		if (status == SEC_E_OK && key != NULL) {
			memcpy(ss, key, DSS_SASL_HASH_LEN);
			sec->ss = ss;
		} else if (status == SEC_E_UNSUPPORTED_FUNCTION) {
			key = NULL;
			status = SEC_E_LOGON_DENIED;
			cred->get_key(cred->get_key_arg, &p,
				      DIGESTSSP_KEYVER_PASSWORD, &key, &status);
			if (status == SEC_E_OK && key != NULL) {
				*pw = dss_memdup0(key, strlen(key));
				if (*pw == NULL)
					status = SEC_E_INSUFFICIENT_MEMORY;
			}
		}
		dss_free(u);
		dss_free(rl);
		if (status == SEC_E_INSUFFICIENT_MEMORY)
			return status;
	} else if (cred->store != NULL) {
		if (dss_store_lookup(cred->store, r->user, r->realm,
				     DSS_HASH_MD5, ss))
			sec->ss = ss;
	} else if (cred->has_identity) {
		bool realm_ok = !r->has_realm || r->realm.n == 0 ||
				(r->realm.n == cred->id.domain_len &&
				 memcmp(r->realm.p, cred->id.domain,
					r->realm.n) == 0);
		pthread_mutex_lock(&cred->lock);
		if (cred->realm != NULL && r->realm.n == cred->realm_len &&
		    memcmp(r->realm.p, cred->realm, r->realm.n) == 0)
			realm_ok = true;
		pthread_mutex_unlock(&cred->lock);
		if (realm_ok && r->user.n == cred->id.user_len &&
		    memcmp(r->user.p, cred->id.user, r->user.n) == 0) {
			/*
			 * The identity does not change while the credential
			 * lives: no copy. As a C string (up to a NUL).
			 */
			const char *p = cred->id.password ? cred->id.password :
							    "";
			const char *nul = memchr(p, '\0',
						 cred->id.password_len);

			sec->password = p;
			sec->password_len = nul != NULL ?
						    (size_t)(nul - p) :
						    cred->id.password_len;
		}
	} else {
		return SEC_E_NO_AUTHENTICATING_AUTHORITY;
	}
	if (*pw != NULL) {
		sec->password = *pw;
		sec->password_len = strlen(*pw);
	}
	return SEC_E_OK;
}

/* The service a SASL server accepts: the principal's part before '/'. */
static struct dss_span
server_service(const struct dss_cred *cred)
{
	const char *p = cred->principal, *slash;

	if (p == NULL)
		return dss_span("", 0);
	slash = strchr(p, '/');
	return dss_span(p, slash != NULL ? (size_t)(slash - p) : strlen(p));
}

static SECURITY_STATUS
server_verify(struct dss_cred *cred, const struct dss_ctx *c,
	      struct dss_span tok, struct dss_sasl_step *st)
{
	struct dss_sasl_response r;
	struct dss_sasl_policy p;
	struct dss_sasl_secret sec;
	struct dss_strbuf sb;
	uint8_t ss[DSS_SASL_HASH_LEN];
	char stack[SCRATCH_STACK], *scratch = stack, *pw = NULL;
	SECURITY_STATUS res;

	if (tok.n > sizeof(stack)) {
		scratch = dss_alloc(tok.n);
		if (scratch == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
	}
	sec.ss = NULL;
	res = dss_sasl_parse_response(tok.p, tok.n, scratch, &r);
	if (DSS_FAILED(res))
		goto out;
	memset(&p, 0, sizeof(p));
	p.nonce = dss_span(c->sasl->nonce, c->sasl->nonce_len);
	p.qops = c->sasl->offer_qops;
	p.ciphers = c->sasl->offer_ciphers;
	p.service = server_service(cred);
	res = dss_sasl_server_check(&p, &r);
	if (DSS_FAILED(res))
		goto out;
	res = server_secret(cred, &r, &sec, ss, &pw);
	if (DSS_FAILED(res))
		goto out;
	res = dss_sasl_server_verify(&r, &sec, &st->sasl);
	if (DSS_FAILED(res))
		goto out;
	st->token = st->token_buf;
	dss_sb_init(&sb, st->token_buf, sizeof(st->token_buf));
	dss_sasl_emit_final(&st->sasl, &sb);
	st->token_len = sb.len;
	res = keep_names(st, r.user, r.realm);
	if (!DSS_FAILED(res))
		res = reserve_layer(st);
	st->complete = true;
	st->attrs = security_bits(&st->sasl, false);
out:
	if (pw != NULL)
		dss_free_secret(pw, strlen(pw));
	/* written (by the callback or the user file) only when used */
	if (sec.ss != NULL)
		DSS_WIPE(ss);
	/* the unquoted response: nothing secret in it */
	if (scratch != stack)
		dss_free(scratch);
	return res;
}

SECURITY_STATUS
dss_sasl_server_step(struct dss_cred *cred, const struct dss_ctx *c,
		     ULONG req, struct dss_span tok, struct dss_sasl_step *st)
{
	SECURITY_STATUS res;

	dss_sasl_step_init(st);
	if (tok.n == 0)
		res = server_challenge(cred, req, st);
	else if (c == NULL)
		res = SEC_E_INVALID_TOKEN; /* no session lookup in SASL */
	else
		res = server_verify(cred, c, tok, st);
	if (DSS_FAILED(res))
		dss_sasl_step_clear(st);
	return res;
}

/* ---- the security layer (message functions) ----------------------------- */

static bool
layer_on(const struct dss_ctx *c)
{
	return c->state == DSS_ST_VERIFIED && c->sasl->sess.qop != DSS_SASL_AUTH;
}

/* Up to this many DATA buffers are signed as one message. */
#define MAX_IOV 16

static SECURITY_STATUS
gather(const SecBufferDesc *m, struct dss_iov *iov, size_t *n)
{
	ULONG i;

	*n = 0;
	for (i = 0; i < m->cBuffers; i++) {
		if (dss_buftype(&m->pBuffers[i]) != SECBUFFER_DATA)
			continue;
		if (*n == MAX_IOV)
			return SEC_E_INVALID_TOKEN;
		iov[*n].p = m->pBuffers[i].pvBuffer;
		iov[*n].n = m->pBuffers[i].cbBuffer;
		(*n)++;
	}
	return *n > 0 ? SEC_E_OK : SEC_E_INVALID_TOKEN;
}

SECURITY_STATUS
dss_sasl_make_signature(struct dss_ctx *c, ULONG fQOP, PSecBufferDesc m)
{
	struct dss_iov iov[MAX_IOV];
	uint8_t sig[DSS_SL_SIG_LEN];
	SecBuffer *tok, *pad;
	SECURITY_STATUS res;
	size_t n;

	if (c->state != DSS_ST_VERIFIED)
		return SEC_E_INVALID_HANDLE;
	if (fQOP != 0 || c->sasl->sess.qop == DSS_SASL_AUTH)
		return SEC_E_QOP_NOT_SUPPORTED;
	if (m == NULL || !dss_desc_ok(m))
		return SEC_E_INVALID_TOKEN;
	tok = dss_desc_find(m, SECBUFFER_TOKEN, 0);
	if (tok == NULL || dss_buf_readonly(tok))
		return SEC_E_INVALID_TOKEN;
	res = gather(m, iov, &n);
	if (DSS_FAILED(res))
		return res;
	if (tok->cbBuffer < DSS_SL_SIG_LEN)
		return SEC_E_BUFFER_TOO_SMALL;
	res = dss_sl_sign(c->sasl->layer, iov, n, sig);
	if (DSS_FAILED(res))
		return res;
	memcpy(tok->pvBuffer, sig, DSS_SL_SIG_LEN);
	tok->cbBuffer = DSS_SL_SIG_LEN;
	pad = dss_desc_find(m, SECBUFFER_PADDING, 0);
	if (pad != NULL && !dss_buf_readonly(pad))
		pad->cbBuffer = 0;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_sasl_verify_signature(struct dss_ctx *c, PSecBufferDesc m, ULONG *pfQOP)
{
	struct dss_iov iov[MAX_IOV];
	SecBuffer *tok;
	SECURITY_STATUS res;
	size_t n;

	if (c->state != DSS_ST_VERIFIED)
		return SEC_E_INVALID_HANDLE;
	if (c->sasl->sess.qop == DSS_SASL_AUTH)
		return SEC_E_QOP_NOT_SUPPORTED;
	if (m == NULL || !dss_desc_ok(m))
		return SEC_E_INVALID_TOKEN;
	tok = dss_desc_find(m, SECBUFFER_TOKEN, 0);
	if (tok == NULL)
		return SEC_E_INVALID_TOKEN;
	res = gather(m, iov, &n);
	if (DSS_FAILED(res))
		return res;
	res = dss_sl_verify(c->sasl->layer, iov, n, tok->pvBuffer, tok->cbBuffer);
	if (res == SEC_E_OK && pfQOP != NULL)
		*pfQOP = 0;
	return res;
}

/* The largest message one frame carries: the peer's maxbuf less overhead. */
static size_t
max_message(const struct dss_ctx *c)
{
	size_t over = dss_sl_trailer_max(c->sasl->layer);

	return c->sasl->sess.peer_maxbuf > over ? c->sasl->sess.peer_maxbuf - over : 0;
}

SECURITY_STATUS
dss_sasl_encrypt(struct dss_ctx *c, ULONG fQOP, PSecBufferDesc m)
{
	SecBuffer *data, *tail;
	SECURITY_STATUS res;
	size_t tail_len;
	bool sign_only;

	if (c->state != DSS_ST_VERIFIED)
		return SEC_E_INVALID_HANDLE;
	if (!layer_on(c))
		return SEC_E_QOP_NOT_SUPPORTED;
	/* fQOP: 0 = the negotiated layer; WRAP_NO_ENCRYPT only on auth-int */
	if (fQOP != 0 && !(fQOP == SECQOP_WRAP_NO_ENCRYPT &&
			   c->sasl->sess.qop == DSS_SASL_AUTH_INT))
		return SEC_E_QOP_NOT_SUPPORTED;
	sign_only = c->sasl->sess.qop == DSS_SASL_AUTH_INT;
	if (m == NULL || !dss_desc_ok(m))
		return SEC_E_INVALID_TOKEN;
	data = dss_desc_find(m, SECBUFFER_DATA, 0);
	if (data == NULL)
		return SEC_E_INVALID_TOKEN;
	tail = dss_desc_find(m, SECBUFFER_PADDING, 0);
	if (tail == NULL)
		tail = dss_desc_find(m, SECBUFFER_DATA,
				     (ULONG)(data - m->pBuffers) + 1);
	if (tail == NULL || dss_buf_readonly(tail))
		return SEC_E_BUFFER_TOO_SMALL;
	if (data->cbBuffer > max_message(c))
		return SEC_E_INVALID_PARAMETER;
	if (sign_only) {
		struct dss_iov iov = { data->pvBuffer, data->cbBuffer };

		if (tail->cbBuffer < DSS_SL_SIG_LEN)
			return SEC_E_BUFFER_TOO_SMALL;
		res = dss_sl_sign(c->sasl->layer, &iov, 1, tail->pvBuffer);
		tail_len = DSS_SL_SIG_LEN;
	} else {
		if (dss_buf_readonly(data))
			return SEC_E_INVALID_TOKEN; /* encrypted in place */
		res = dss_sl_seal(c->sasl->layer, data->pvBuffer, data->cbBuffer,
				  tail->pvBuffer, tail->cbBuffer, &tail_len);
	}
	if (DSS_FAILED(res))
		return res;
	tail->cbBuffer = (ULONG)tail_len;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_sasl_decrypt(struct dss_ctx *c, PSecBufferDesc m, ULONG *pfQOP)
{
	SecBuffer *stream, *data;
	SECURITY_STATUS res;
	size_t plain;

	if (c->state != DSS_ST_VERIFIED)
		return SEC_E_INVALID_HANDLE;
	if (!layer_on(c))
		return SEC_E_QOP_NOT_SUPPORTED;
	if (m == NULL || !dss_desc_ok(m))
		return SEC_E_INVALID_TOKEN;
	stream = dss_desc_find(m, SECBUFFER_STREAM, 0);
	data = dss_desc_find(m, SECBUFFER_DATA, 0);
	if (stream != NULL) {
		/*
		 * form B: the plaintext is pointed to inside STREAM, which is
		 * decrypted in place (and wiped when the frame is bad)
		 */
		if (dss_buf_readonly(stream) ||
		    (data != NULL && dss_buf_readonly(data)))
			return SEC_E_BUFFER_TOO_SMALL;
		res = dss_sl_unseal(c->sasl->layer, stream->pvBuffer,
				    stream->cbBuffer, &plain);
		if (DSS_FAILED(res))
			return res;
		if (data != NULL) {
			data->pvBuffer = stream->pvBuffer;
			data->cbBuffer = (ULONG)plain;
		}
	} else {
		/* form A: one DATA buffer, decrypted in place */
		if (data == NULL)
			return SEC_E_INVALID_TOKEN;
		if (dss_buf_readonly(data))
			return SEC_E_BUFFER_TOO_SMALL;
		res = dss_sl_unseal(c->sasl->layer, data->pvBuffer, data->cbBuffer,
				    &plain);
		if (DSS_FAILED(res))
			return res;
		data->cbBuffer = (ULONG)plain;
	}
	if (pfQOP != NULL)
		*pfQOP = c->sasl->sess.qop == DSS_SASL_AUTH_INT ?
				 SECQOP_WRAP_NO_ENCRYPT :
				 0;
	return SEC_E_OK;
}
