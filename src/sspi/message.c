/*
 * message.c - MakeSignature, VerifySignature, EncryptMessage,
 * DecryptMessage and CompleteAuthToken (api.md 3.9, 3.11 - 3.14).
 *
 * On an HTTP client context MakeSignature is "the Authorization value of
 * the next request": same nonce, cnonce and H(A1), nc + 1, a new method
 * and uri (buffers.md 5.1, the layout curl uses).
 */
#include <string.h>

#include "base/mem.h"
#include "sspi/sspi_int.h"

/* A server context whose session was not dropped. */
static bool
server_session_live(const struct dss_ctx *ctx)
{
	return ctx->session != NULL && !atomic_load(&ctx->session->discarded);
}

/* A context usable for messages: live, not FAILED. */
static struct dss_ctx *
message_ctx(PCtxtHandle h)
{
	struct dss_ctx *c = dss_ctx_get(h);

	if (c != NULL && c->state == DSS_ST_FAILED) {
		dss_ctx_put(c);
		c = NULL;
	}
	return c;
}

static SECURITY_STATUS
http_next_request(struct dss_ctx *ctx, PSecBufferDesc m)
{
	struct dss_http_client *c = &ctx->http;
	char hent[2 * DSS_HASH_MAX + 1];
	uint8_t resp[DSS_HASH_MAX];
	struct dss_span method, uri;
	SecBuffer *out;
	SECURITY_STATUS st;
	bool allocated;

	if (m == NULL || !dss_desc_ok(m) || m->cBuffers < 5 ||
	    dss_buftype(&m->pBuffers[0]) != SECBUFFER_TOKEN ||
	    dss_buftype(&m->pBuffers[4]) != SECBUFFER_PADDING)
		return SEC_E_INVALID_TOKEN;
	/* slot 3, H(entity), is positional too (buffers.md 5.1) */
	if (dss_buftype(&m->pBuffers[3]) != SECBUFFER_PKG_PARAMS &&
	    dss_buftype(&m->pBuffers[3]) != SECBUFFER_EMPTY)
		return SEC_E_INVALID_TOKEN;
	if (ctx->state == DSS_ST_NEW)
		return SEC_E_NO_AUTHENTICATING_AUTHORITY;
	if (c->nc == UINT32_MAX)
		return SEC_E_OUT_OF_SEQUENCE;
	if (!dss_desc_slot_text(m, 1, SECBUFFER_PKG_PARAMS, &method) ||
	    method.n == 0 ||
	    !dss_desc_slot_text(m, 2, SECBUFFER_PKG_PARAMS, &uri) ||
	    !dss_uri_ok(uri))
		return SEC_E_INVALID_TOKEN;
	out = &m->pBuffers[4];
	if (dss_buf_readonly(out))
		return SEC_E_INVALID_TOKEN;
	if (c->qop == DSS_QOP_AUTH_INT) {
		st = dss_entity_hex(m, 3, 5, dss_http_alg_info(c->alg)->hash,
				    hent);
		if (DSS_FAILED(st))
			return st;
	}
	/* the only allocation first, so that a failure leaves slot 4 as is */
	st = dss_http_client_reserve_uri(c, uri.n);
	if (DSS_FAILED(st))
		return st;
	dss_http_client_compute(c, method, uri, hent, c->nc + 1, resp);
	st = dss_write_http_response(out, false, c, uri, c->nc + 1, resp,
				     &allocated);
	DSS_WIPE(resp);
	if (DSS_FAILED(st))
		return st;
	/* commit: cannot fail, the room was reserved */
	dss_http_client_set_last_uri(c, uri);
	c->nc++;
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
MakeSignature(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
	      ULONG MessageSeqNo)
{
	struct dss_ctx *ctx = message_ctx(phContext);
	SECURITY_STATUS st;

	(void)MessageSeqNo; /* must be 0 on Windows; ignored */
	if (ctx == NULL)
		return SEC_E_INVALID_HANDLE;
	if (!ctx->is_http)
		st = dss_sasl_make_signature(ctx, fQOP, pMessage);
	else if (fQOP != 0)
		st = SEC_E_QOP_NOT_SUPPORTED;
	else if (ctx->server)
		st = SEC_E_UNSUPPORTED_FUNCTION;
	else
		st = http_next_request(ctx, pMessage);
	dss_ctx_put(ctx);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
VerifySignature(PCtxtHandle phContext, PSecBufferDesc pMessage,
		ULONG MessageSeqNo, ULONG *pfQOP)
{
	struct dss_ctx *ctx = message_ctx(phContext);
	SECURITY_STATUS st;

	(void)MessageSeqNo;
	if (ctx == NULL)
		return SEC_E_INVALID_HANDLE;
	if (!ctx->is_http)
		st = dss_sasl_verify_signature(ctx, pMessage, pfQOP);
	else if (!ctx->server)
		st = SEC_E_UNSUPPORTED_FUNCTION;
	else if (!server_session_live(ctx) || !ctx->session->established)
		st = SEC_E_INVALID_HANDLE; /* api.md 3.12: not complete */
	else
		st = dss_http_server_verify(ctx, pMessage);
	if (st == SEC_E_OK && pfQOP != NULL)
		*pfQOP = 0;
	dss_ctx_put(ctx);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
EncryptMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
	       ULONG MessageSeqNo)
{
	struct dss_ctx *ctx = message_ctx(phContext);
	SECURITY_STATUS st;

	(void)MessageSeqNo;
	if (ctx == NULL)
		return SEC_E_INVALID_HANDLE;
	st = ctx->is_http ? SEC_E_QOP_NOT_SUPPORTED :
			    dss_sasl_encrypt(ctx, fQOP, pMessage);
	dss_ctx_put(ctx);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
	       ULONG MessageSeqNo, ULONG *pfQOP)
{
	struct dss_ctx *ctx = message_ctx(phContext);
	SECURITY_STATUS st;

	(void)MessageSeqNo;
	if (ctx == NULL)
		return SEC_E_INVALID_HANDLE;
	st = ctx->is_http ? SEC_E_QOP_NOT_SUPPORTED :
			    dss_sasl_decrypt(ctx, pMessage, pfQOP);
	dss_ctx_put(ctx);
	return st;
}

/*
 * see sspi.h. curl calls it with its CREDENTIAL handle: that is not a
 * context, so it fails here without reading anything.
 */
SECURITY_STATUS SEC_ENTRY
CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
	struct dss_ctx *ctx = dss_ctx_get(phContext);

	SECURITY_STATUS st = SEC_E_OK;

	if (ctx == NULL)
		return SEC_E_INVALID_HANDLE;
	if (ctx->server && ctx->is_http && ctx->session != NULL) {
		if (!server_session_live(ctx))
			st = SEC_E_INVALID_HANDLE;
		else if (ctx->session->established)
			st = dss_http_server_verify(ctx, pToken);
	}
	/* client contexts and contexts with nothing to complete: no-op */
	dss_ctx_put(ctx);
	return st;
}
