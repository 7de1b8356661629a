/*
 * isc.c - InitializeSecurityContextA/W (api.md 3.7, buffers.md 2).
 *
 * HTTP mode: answer a WWW-Authenticate challenge (slot 0 TOKEN, slot 1
 * method, slot 2 H(entity)), check an Authentication-Info value fed back
 * on the same context, restart on a new (stale) challenge.
 *
 * Every call validates first, computes into locals, and commits the
 * context, the handle and the caller's buffers only when it succeeds.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "base/utf.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"

#define ISC_REQ_HTTP_LEGACY 0x10000000u /* old SDKs' ISC_REQ_HTTP */

struct isc_args {
	PCredHandle phCredential;
	PCtxtHandle phContext;
	struct dss_span target;
	bool target_bad; /* W variant: the name was not valid UTF-16 */
	ULONG req;
	PSecBufferDesc in;
	PCtxtHandle phNewContext;
	PSecBufferDesc out;
	ULONG *pfContextAttr;
	PTimeStamp ptsExpiry;
};

/* What one call produced, committed by the caller of the mode handler. */
struct isc_result {
	ULONG attrs;
	bool allocated;
};

struct emit_arg {
	const struct dss_http_client *c;
	struct dss_span uri;
	uint32_t nc;
	const uint8_t *resp;
};

static void
emit_response(const void *arg, struct dss_strbuf *sb)
{
	const struct emit_arg *e = arg;

	dss_http_client_emit(e->c, e->uri, e->nc, e->resp, sb);
}

SECURITY_STATUS
dss_write_http_response(SecBuffer *b, bool allocate,
			const struct dss_http_client *c, struct dss_span uri,
			uint32_t nc, const uint8_t *resp, bool *allocated)
{
	struct emit_arg e = { c, uri, nc, resp };

	return dss_write_token(b, allocate, emit_response, &e, allocated);
}

/* Non-zero when a byte of x is a control, DEL or '"' (exact yes/no). */
static uint64_t
uri_bad_in_word(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t d = x ^ (ones * 0x7F), q = x ^ (ones * '"');

	return (((x - ones * 0x20) & ~x) | ((d - ones) & ~d) |
		((q - ones) & ~q)) &
	       (ones * 0x80);
}

bool
dss_uri_ok(struct dss_span uri)
{
	size_t i = 0;
	uint64_t x;

	if (uri.n == 0 || uri.n > DSS_MAX_INPUT_TOKEN)
		return false;
	if (uri.n >= 8) {
		/* eight bytes per step, the last step overlapping */
		for (; uri.n - i > 8; i += 8) {
			memcpy(&x, uri.p + i, sizeof(x));
			if (uri_bad_in_word(x))
				return false;
		}
		memcpy(&x, uri.p + uri.n - 8, sizeof(x));
		return uri_bad_in_word(x) == 0;
	}
	for (; i < uri.n; i++) {
		unsigned char c = (unsigned char)uri.p[i];

		if (c < 0x20 || c == 0x7F || c == '"')
			return false;
	}
	return true;
}

SECURITY_STATUS
dss_entity_hex(const SecBufferDesc *in, ULONG slot, ULONG data_from,
	       enum dss_hash_alg h, char *out)
{
	size_t size = dss_http_hash_size(h);
	uint8_t d[DSS_HASH_MAX];
	const SecBuffer *b;
	struct dss_span s;

	if (!dss_desc_slot_text(in, slot, SECBUFFER_PKG_PARAMS, &s))
		return SEC_E_INVALID_TOKEN;
	b = in != NULL && slot < in->cBuffers ? &in->pBuffers[slot] : NULL;
	if (b != NULL && b->cbBuffer == size) {
		/* the raw digest (its NUL bytes are data, not terminators) */
		memcpy(d, b->pvBuffer, size);
	} else if (s.n == 2 * size) {
		if (!dss_hex_decode(d, s.p, size))
			return SEC_E_INVALID_TOKEN;
	} else if (s.n > 0) {
		return SEC_E_INVALID_TOKEN;
	} else {
		/* the body itself, or no body */
		b = dss_desc_find(in, SECBUFFER_DATA, data_from);
		if (b != NULL)
			dss_hash_buf(h, b->pvBuffer, b->cbBuffer, d);
		else
			dss_hash_buf(h, "", 0, d);
	}
	dss_hex_encode(out, d, size); /* lower case, whatever came in */
	out[2 * size] = '\0';
	return SEC_E_OK;
}

/*
 * HTTP input slots are positional (buffers.md 2.1): 1-2 PKG_PARAMS,
 * 3 TARGET_HOST, 4 CHANNEL_BINDINGS; EMPTY is fine anywhere. Buffers
 * beyond slot 4 are extensions, found by type.
 */
static bool
http_slots_ok(const SecBufferDesc *in)
{
	static const ULONG want[] = { SECBUFFER_TOKEN, SECBUFFER_PKG_PARAMS,
				      SECBUFFER_PKG_PARAMS,
				      SECBUFFER_TARGET_HOST,
				      SECBUFFER_CHANNEL_BINDINGS };
	ULONG i;

	for (i = 0; in != NULL && i < in->cBuffers && i < 5; i++) {
		ULONG t = dss_buftype(&in->pBuffers[i]);

		if (t != want[i] && t != SECBUFFER_EMPTY)
			return false;
	}
	return true;
}

/*
 * ISC_REQ_USE_SUPPLIED_CREDS (buffers.md 2.5): an identity structure in a
 * PKG_PARAMS buffer outside the positional slots.
 */
static SECURITY_STATUS
supplied_identity(const SecBufferDesc *in, ULONG from, struct dss_identity *id,
		  bool *found)
{
	const SecBuffer *b = dss_desc_find(in, SECBUFFER_PKG_PARAMS, from);

	*found = false;
	if (b == NULL)
		return SEC_E_OK;
	if (b->cbBuffer < sizeof(SEC_WINNT_AUTH_IDENTITY_A))
		return SEC_E_UNKNOWN_CREDENTIALS;
	*found = true;
	return dss_identity_decode(b->pvBuffer, false, id);
}

/*
 * Prepare the answer to a challenge: on success `nc_out` holds the new
 * client state (nc = 1, last uri set) and `resp` the response digest.
 * Nothing the caller owns is written here.
 */
static SECURITY_STATUS
http_answer(const struct isc_args *a, struct dss_cred *cred,
	    const struct dss_identity *id, struct dss_span tok, SecBuffer *ob,
	    struct dss_http_client *nc_out, uint8_t *resp,
	    struct isc_result *res, bool *peer_fault)
{
	struct dss_http_challenge ch;
	struct dss_http_ident hid;
	struct dss_span method, realm;
	enum dss_http_qop qop;
	unsigned allowed;
	uint32_t flags;
	char cnonce[256], hent[2 * DSS_HASH_MAX + 1];
	uint8_t ha1_base[DSS_HASH_MAX]; /* secret */
	char *realm_buf = NULL;
	size_t cnonce_len;
	SECURITY_STATUS st;
	bool want_int;

	if (!dss_desc_slot_text(a->in, 1, SECBUFFER_PKG_PARAMS, &method) ||
	    method.n == 0)
		return SEC_E_INVALID_TOKEN;
	allowed = atomic_load_explicit(&cred->algorithms, memory_order_relaxed);
	flags = atomic_load_explicit(&cred->flags, memory_order_relaxed);

	st = dss_cred_pick_challenge(cred, tok.p, tok.n, allowed, &ch);
	if (DSS_FAILED(st)) {
		*peer_fault = st != SEC_E_INSUFFICIENT_MEMORY;
		return st;
	}
	if (a->target_bad || !dss_uri_ok(a->target))
		return SEC_E_TARGET_UNKNOWN;
	if (ob == NULL || dss_buf_readonly(ob))
		return SEC_E_INVALID_TOKEN;

	/* qop: auth unless integrity was asked for and is offered */
	want_int = (a->req & (ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT |
			      ISC_REQ_SEQUENCE_DETECT)) != 0;
	if (ch.qops == 0)
		qop = DSS_QOP_NONE;
	else if ((want_int && (ch.qops & DSS_QOP_BIT_INT)) ||
		 !(ch.qops & DSS_QOP_BIT_AUTH))
		qop = DSS_QOP_AUTH_INT;
	else
		qop = DSS_QOP_AUTH;
	if (qop == DSS_QOP_AUTH_INT) {
		st = dss_entity_hex(a->in, 2, 5,
				    dss_http_alg_info(ch.alg)->hash, hent);
		if (DSS_FAILED(st))
			return st;
	}

	/* Windows sends the credential's Domain as the realm, even empty */
	realm = dss_span(id->domain ? id->domain : "", id->domain_len);
	if (realm.n == 0 && (flags & DIGESTSSP_CRED_FLAG_CHALLENGE_REALM)) {
		/* extension: the challenge's realm, unquoted */
		realm_buf = dss_alloc(dss_ap_unquoted_len(&ch.realm) + 1);
		if (realm_buf == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		realm = dss_span(realm_buf, dss_ap_unquote(&ch.realm, realm_buf));
	}
	hid.user = dss_span(id->user, id->user_len);
	hid.realm = realm;
	hid.password = dss_span(id->password ? id->password : "",
				id->password_len);
	hid.ha1_base = NULL;
	hid.names_clean = id->names_clean && realm_buf == NULL;
	if (id == &cred->id) {
		/* the credential remembers it for the realm */
		dss_cred_ha1_base(cred, dss_http_alg_info(ch.alg)->hash, realm,
				  ha1_base);
		hid.ha1_base = ha1_base;
	}

	if (!dss_make_cnonce(cnonce, sizeof(cnonce), &cnonce_len)) {
		st = SEC_E_INTERNAL_ERROR;
		goto free_realm;
	}
	/* nc_out is zeroed by the caller; the target is its last uri */
	st = dss_http_client_start(nc_out, &ch, qop, &hid,
				   dss_span(cnonce, cnonce_len), a->target);
	if (DSS_FAILED(st))
		goto free_realm;
	dss_http_client_compute(nc_out, method, a->target, hent, 1, resp);
	nc_out->nc = 1;
	if (qop == DSS_QOP_AUTH_INT)
		res->attrs |= ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
			      ISC_RET_SEQUENCE_DETECT;
free_realm:
	DSS_WIPE(ha1_base);
	dss_free(realm_buf);
	return st;
}

/*
 * Authentication-Info fed back on a context that answered (RFC 7615):
 * verify rspauth, adopt nextnonce.
 */
static SECURITY_STATUS
http_auth_info(const struct isc_args *a, struct dss_ctx *ctx,
	       const struct dss_identity *id, struct dss_span tok,
	       struct isc_result *res, bool *peer_fault)
{
	struct dss_http_auth_info ai;
	struct dss_http_client next;
	char hbody[2 * DSS_HASH_MAX + 1];
	SECURITY_STATUS st;
	enum dss_hash_alg h = dss_http_alg_info(ctx->http.alg)->hash;

	st = dss_http_parse_auth_info(tok.p, tok.n, &ai);
	if (!DSS_FAILED(st) && !ai.has_rspauth && !ai.has_nextnonce)
		st = SEC_E_INVALID_TOKEN;
	if (DSS_FAILED(st)) {
		*peer_fault = true;
		return st;
	}
	if (ai.has_rspauth) {
		/* rspauth's H(entity) covers the response body (DATA) */
		st = dss_entity_hex(a->in, 2, 5, h, hbody);
		if (DSS_FAILED(st))
			return st;
		st = dss_http_client_check_rspauth(&ctx->http, &ai, hbody);
		if (DSS_FAILED(st) && ctx->http.qop == DSS_QOP_AUTH_INT) {
			/*
			 * Servers that sign before the body exists (Apache,
			 * digestssp's own ASC) use H(""): accept that too
			 * (protocol.md A.5.9: auth-int rspauth is best effort).
			 */
			uint8_t d[DSS_HASH_MAX];
			size_t hs = dss_http_hash_size(h);

			dss_hash_buf(h, "", 0, d);
			dss_hex_encode(hbody, d, hs);
			hbody[2 * hs] = '\0';
			st = dss_http_client_check_rspauth(&ctx->http, &ai,
							   hbody);
		}
		if (DSS_FAILED(st)) {
			*peer_fault = true;
			return st;
		}
	}
	if (ai.has_nextnonce) {
		struct dss_http_ident hid;
		size_t nn = dss_ap_unquoted_len(&ai.nextnonce);
		char cnonce[256];
		size_t cnonce_len;
		char *nonce;

		nonce = dss_alloc(nn + 1);
		if (nonce == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		nn = dss_ap_unquote(&ai.nextnonce, nonce);
		hid.user = dss_span(id->user, id->user_len);
		hid.realm = ctx->http.realm;
		hid.password = dss_span(id->password ? id->password : "",
					id->password_len);
		hid.ha1_base = NULL;
		hid.names_clean = false; /* the realm is the answer's */
		dss_zero(&next, sizeof(next));
		if (!dss_make_cnonce(cnonce, sizeof(cnonce), &cnonce_len))
			st = SEC_E_INTERNAL_ERROR;
		else
			st = dss_http_client_renonce(&next, &ctx->http,
						     dss_span(nonce, nn), &hid,
						     dss_span(cnonce,
							      cnonce_len));
		/* renonce keeps the last uri */
		dss_free(nonce);
		if (DSS_FAILED(st)) {
			dss_http_client_clear(&next);
			return st;
		}
		/* next request: nc = 1 on the new nonce */
		dss_http_client_clear(&ctx->http);
		ctx->http = next;
	}
	if (ai.has_rspauth) {
		ctx->state = DSS_ST_VERIFIED;
		res->attrs |= ISC_RET_MUTUAL_AUTH;
	}
	if (ctx->http.qop == DSS_QOP_AUTH_INT)
		res->attrs |= ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
			      ISC_RET_SEQUENCE_DETECT;
	return SEC_E_OK;
}

static SECURITY_STATUS
isc(const struct isc_args *a)
{
	struct dss_ctx *ctx = NULL, *fresh = NULL;
	struct dss_cred *cred = NULL;
	struct dss_identity supplied;
	const struct dss_identity *id;
	struct isc_result res = { 0, false };
	struct dss_http_client next;
	struct dss_span tok = { "", 0 };
	SecBuffer *ob = NULL;
	SecHandle handle;
	uint8_t resp[DSS_HASH_MAX]; /* the response digest to send */
	char *target = NULL;
	SECURITY_STATUS st, wst;
	bool http, have_supplied = false, allocate = false, published = false;
	bool reauth = false, answered = false, peer_fault = false;
	bool sasl_step = false, sasl_called = false, is_new = false;
	struct dss_sasl_step sstep; /* set up by dss_sasl_client_step */

	memset(&supplied, 0, sizeof(supplied));

	/* 1. handles */
	if (a->phContext != NULL) {
		ctx = dss_ctx_get(a->phContext);
		if (ctx == NULL)
			return SEC_E_INVALID_HANDLE;
		if (ctx->server || ctx->state == DSS_ST_FAILED) {
			dss_ctx_put(ctx);
			return SEC_E_INVALID_HANDLE;
		}
		cred = ctx->cred;
		http = ctx->is_http;
	} else {
		cred = dss_cred_ref(a->phCredential);
		if (cred == NULL)
			return SEC_E_INVALID_HANDLE;
		if (a->phNewContext == NULL) {
			st = SEC_E_INVALID_PARAMETER;
			goto out;
		}
		http = (a->req & (ISC_REQ_USE_HTTP_STYLE |
				  ISC_REQ_HTTP_LEGACY)) != 0;
	}

	if (http)
		dss_zero(&next, sizeof(next)); /* the HTTP answer's state */

	/* 2. credential and flags */
	if (!(cred->use & SECPKG_CRED_OUTBOUND)) {
		st = SEC_E_NO_CREDENTIALS;
		goto out;
	}
	if ((a->req & (ISC_REQ_DELEGATE | ISC_REQ_PROMPT_FOR_CREDS)) ||
	    (http && (a->req & ISC_REQ_CONFIDENTIALITY))) {
		st = SEC_E_UNSUPPORTED_FUNCTION;
		goto out;
	}

	/* 3. descriptors */
	if ((a->in != NULL && !dss_desc_ok(a->in)) ||
	    (a->out != NULL && !dss_desc_ok(a->out))) {
		st = SEC_E_INVALID_TOKEN;
		goto out;
	}
	if ((http && !http_slots_ok(a->in)) ||
	    !dss_desc_slot_text(a->in, 0, SECBUFFER_TOKEN, &tok)) {
		st = SEC_E_INVALID_TOKEN;
		goto out;
	}
	if (tok.n > DSS_MAX_INPUT_TOKEN || memchr(tok.p, '\0', tok.n)) {
		/* the token's content: the peer's fault (api.md 1.8) */
		st = SEC_E_INVALID_TOKEN;
		peer_fault = true;
		goto failed;
	}
	ob = dss_desc_find(a->out, SECBUFFER_TOKEN, 0);
	allocate = (a->req & ISC_REQ_ALLOCATE_MEMORY) != 0;

	/* 4. whose identity answers */
	if (a->req & ISC_REQ_USE_SUPPLIED_CREDS) {
		st = supplied_identity(a->in, http ? 5 : 1, &supplied,
				       &have_supplied);
		if (DSS_FAILED(st))
			goto out;
	}
	id = have_supplied ? &supplied :
	     ctx != NULL   ? dss_ctx_identity(ctx) :
			     &cred->id;
	if (!have_supplied && (ctx == NULL || !ctx->used_supplied) &&
	    !cred->has_identity) {
		st = SEC_E_NO_CREDENTIALS;
		goto out;
	}
	if (id->user_len == 0) {
		st = SEC_E_NO_CREDENTIALS;
		goto out;
	}

	/* 5. the step itself */
	if (!http && tok.n > 0) {
		/* SASL DIGEST-MD5: the challenge, or the final rspauth */
		if (a->target_bad) {
			st = SEC_E_TARGET_UNKNOWN;
			goto out;
		}
		reauth = ctx != NULL && ctx->state == DSS_ST_VERIFIED;
		sasl_called = true;
		st = dss_sasl_client_step(ctx, id, a->target, a->req, tok,
					  &sstep, &peer_fault);
		if (!DSS_FAILED(st)) {
			sasl_step = true;
			answered = sstep.token != NULL;
			st = sstep.complete ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
			res.attrs |= sstep.attrs;
		}
	} else if (!http) {
		st = SEC_I_CONTINUE_NEEDED; /* the first call, no input */
	} else if (tok.n == 0) {
		/* first call without a challenge, or a reauthentication */
		st = SEC_I_CONTINUE_NEEDED;
	} else if (ctx != NULL && ctx->state != DSS_ST_NEW &&
		   !dss_http_token_is_challenge(tok.p, tok.n)) {
		st = http_auth_info(a, ctx, id, tok, &res, &peer_fault);
	} else {
		reauth = ctx != NULL && ctx->state != DSS_ST_NEW;
		if (ctx == NULL) {
			/* the new context first: the answer's strings go in
			 * its room */
			fresh = dss_ctx_new_client_http(cred);
			if (fresh == NULL) {
				st = SEC_E_INSUFFICIENT_MEMORY;
				goto out;
			}
			next.room = fresh->http.room;
			next.room_size = fresh->http.room_size;
		}
		st = http_answer(a, cred, id, tok, ob, &next, resp, &res,
				 &peer_fault);
		answered = !DSS_FAILED(st);
		if (answered)
			st = (a->req & ISC_REQ_MUTUAL_AUTH) ?
				     SEC_I_CONTINUE_NEEDED :
				     SEC_E_OK;
	}
failed:
	if (DSS_FAILED(st)) {
		/*
		 * api.md 1.8: a bad token from the peer fails the context;
		 * a bad parameter from the caller changes nothing.
		 */
		if (ctx != NULL && peer_fault)
			ctx->state = DSS_ST_FAILED;
		goto out;
	}

	/*
	 * 6. Everything that can fail, before the caller's buffers are
	 * touched: the new context and its handle (published under a local
	 * name, withdrawn again on failure), the target copy, and last the
	 * output token.
	 */
	if (ctx == NULL && fresh == NULL) {
		fresh = dss_ctx_new(cred, false, http);
		if (fresh == NULL) {
			st = SEC_E_INSUFFICIENT_MEMORY;
			goto undo;
		}
	}
	if (answered && sasl_step) { /* an HTTP answer holds its own */
		target = dss_memdup0(a->target.p, a->target.n);
		if (target == NULL) {
			st = SEC_E_INSUFFICIENT_MEMORY;
			goto undo;
		}
	}
	if (fresh != NULL) {
		wst = dss_handle_publish(&fresh->obj, &handle);
		if (DSS_FAILED(wst)) {
			st = wst;
			goto undo;
		}
		published = true;
	}
	if (answered && (ob == NULL || dss_buf_readonly(ob))) {
		st = SEC_E_INVALID_TOKEN; /* buffers.md 1.6 */
		goto undo;
	}
	if (answered && sasl_step) {
		wst = dss_write_text(ob, allocate, sstep.token,
				     sstep.token_len, &res.allocated);
		if (DSS_FAILED(wst)) {
			st = wst;
			goto undo;
		}
	} else if (answered) {
		wst = dss_write_http_response(ob, allocate, &next, a->target,
					      1, resp, &res.allocated);
		if (DSS_FAILED(wst)) {
			st = wst;
			goto undo;
		}
	}

	/* 7. commit: nothing below can fail */
	if (fresh != NULL) {
		ctx = fresh;
		fresh = NULL;
		is_new = true;
		dss_lock_take(&ctx->lock);
		*a->phNewContext = handle;
	} else if (a->phNewContext != NULL &&
		   a->phNewContext != a->phContext) {
		*a->phNewContext = *a->phContext;
	}
	if (target != NULL) {
		dss_free(ctx->target);
		ctx->target = target;
		ctx->target_len = a->target.n;
		target = NULL;
	}
	if (have_supplied) {
		dss_identity_clear(&ctx->supplied);
		ctx->supplied = supplied;
		ctx->used_supplied = true;
		memset(&supplied, 0, sizeof(supplied));
	}
	if (sasl_step) {
		dss_sasl_step_commit(ctx, &sstep, true);
	} else if (answered) {
		if (!is_new) /* a new context's state is all zero */
			dss_http_client_clear(&ctx->http);
		ctx->http = next;
		dss_zero(&next, sizeof(next));
		ctx->state = DSS_ST_RESPONDED;
	} else if (http && tok.n == 0 && ctx->state != DSS_ST_NEW) {
		/* asked to start over: forget the old nonce */
		dss_http_client_clear(&ctx->http);
		ctx->state = DSS_ST_NEW;
	}
	if (!answered)
		dss_write_none(ob, allocate);

	res.attrs |= http ? ISC_RET_USED_HTTP_STYLE : ISC_RET_CONNECTION;
	if (res.allocated)
		res.attrs |= ISC_RET_ALLOCATED_MEMORY;
	if (reauth)
		res.attrs |= ISC_RET_REAUTHENTICATION;
	if (ctx->used_supplied)
		res.attrs |= ISC_RET_USED_SUPPLIED_CREDS;
	if (ctx->state == DSS_ST_VERIFIED)
		res.attrs |= ISC_RET_MUTUAL_AUTH;
	if (st != SEC_E_OK) /* security bits only on the final return */
		res.attrs &= ~(ISC_RET_INTEGRITY | ISC_RET_REPLAY_DETECT |
			       ISC_RET_SEQUENCE_DETECT | ISC_RET_MUTUAL_AUTH |
			       ISC_RET_CONFIDENTIALITY);
	ctx->attrs = res.attrs;
	if (a->pfContextAttr != NULL)
		*a->pfContextAttr = res.attrs;
	dss_set_never(a->ptsExpiry);
	goto out;

undo:
	if (http)
		dss_http_client_clear(&next);
	if (published) /* nobody saw the handle */
		dss_handle_withdraw(&handle, DSS_KIND_CTX);
	dss_ctx_unref(fresh);
	fresh = NULL;
out:
	dss_ctx_unref(fresh); /* made for an answer that failed */
	if (answered && !sasl_step)
		DSS_WIPE(resp); /* H(A1) made it: keep no trace of the digest */
	dss_free(target);
	if (sasl_called)
		dss_sasl_step_clear(&sstep);
	if (have_supplied) /* else it never held anything */
		dss_identity_clear(&supplied);
	if (ctx != NULL)
		dss_ctx_put(ctx);
	if (a->phContext == NULL)
		dss_cred_unref(cred); /* the new context took its own */
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
			   SEC_CHAR *pszTargetName, ULONG fContextReq,
			   ULONG Reserved1, ULONG TargetDataRep,
			   PSecBufferDesc pInput, ULONG Reserved2,
			   PCtxtHandle phNewContext, PSecBufferDesc pOutput,
			   ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
	struct isc_args a = {
		.phCredential = phCredential,
		.phContext = phContext,
		.target = dss_span(pszTargetName ? pszTargetName : "",
				   pszTargetName ? strlen(pszTargetName) : 0),
		.req = fContextReq,
		.in = pInput,
		.phNewContext = phNewContext,
		.out = pOutput,
		.pfContextAttr = pfContextAttr,
		.ptsExpiry = ptsExpiry,
	};

	(void)Reserved1, (void)TargetDataRep, (void)Reserved2;
	return isc(&a);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
InitializeSecurityContextW(PCredHandle phCredential, PCtxtHandle phContext,
			   SEC_WCHAR *pszTargetName, ULONG fContextReq,
			   ULONG Reserved1, ULONG TargetDataRep,
			   PSecBufferDesc pInput, ULONG Reserved2,
			   PCtxtHandle phNewContext, PSecBufferDesc pOutput,
			   ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
	struct isc_args a = {
		.phCredential = phCredential,
		.phContext = phContext,
		.req = fContextReq,
		.in = pInput,
		.phNewContext = phNewContext,
		.out = pOutput,
		.pfContextAttr = pfContextAttr,
		.ptsExpiry = ptsExpiry,
	};
	char *target = NULL;
	SECURITY_STATUS st;

	(void)Reserved1, (void)TargetDataRep, (void)Reserved2;
	a.target = dss_span("", 0);
	if (pszTargetName != NULL) {
		size_t units = dss_utf16_len(pszTargetName);
		size_t n = dss_utf16_to_utf8(NULL, 0, pszTargetName, units);

		if (n == SIZE_MAX || n > DSS_MAX_INPUT_TOKEN) {
			a.target_bad = true;
		} else {
			target = dss_alloc(n + 1);
			if (target == NULL)
				return SEC_E_INSUFFICIENT_MEMORY;
			dss_utf16_to_utf8(target, n, pszTargetName, units);
			target[n] = '\0';
			a.target = dss_span(target, n);
		}
	}
	st = isc(&a);
	dss_free(target);
	return st;
}
