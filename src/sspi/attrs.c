/*
 * attrs.c - QueryContextAttributes(Ex)A/W (api.md 3.15).
 *
 * The caller owns the structure; every string or block we put inside it
 * is a separate ctxbuf block, freed with FreeContextBuffer. The A
 * functions fill 8-bit (UTF-8) strings, the W functions UTF-16.
 */
#include <string.h>

#include "base/mem.h"
#include "sspi/sspi_int.h"

/* Size the caller's structure must have, per attribute (Ex variants). */
static size_t
attr_size(ULONG attr)
{
	switch (attr) {
	case SECPKG_ATTR_SIZES:
		return sizeof(SecPkgContext_Sizes);
	case SECPKG_ATTR_STREAM_SIZES:
		return sizeof(SecPkgContext_StreamSizes);
	case SECPKG_ATTR_NAMES:
		return sizeof(SecPkgContext_NamesA);
	case SECPKG_ATTR_LIFESPAN:
		return sizeof(SecPkgContext_Lifespan);
	case SECPKG_ATTR_KEY_INFO:
		return sizeof(SecPkgContext_KeyInfoA);
	case SECPKG_ATTR_AUTHORITY:
		return sizeof(SecPkgContext_AuthorityA);
	case SECPKG_ATTR_PASSWORD_EXPIRY:
		return sizeof(SecPkgContext_PasswordExpiry);
	case SECPKG_ATTR_SESSION_KEY:
		return sizeof(SecPkgContext_SessionKey);
	case SECPKG_ATTR_PACKAGE_INFO:
		return sizeof(SecPkgContext_PackageInfoA);
	case SECPKG_ATTR_NEGOTIATION_INFO:
		return sizeof(SecPkgContext_NegotiationInfoA);
	case SECPKG_ATTR_NATIVE_NAMES:
		return sizeof(SecPkgContext_NativeNamesA);
	case SECPKG_ATTR_FLAGS:
		return sizeof(SecPkgContext_Flags);
	case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET:
		return sizeof(SecPkgContext_ClientSpecifiedTarget);
	default:
		return 0;
	}
}

static bool
keys_known(const struct dss_ctx *c)
{
	if (!c->is_http)
		return c->state == DSS_ST_VERIFIED ||
		       (!c->server && c->state == DSS_ST_RESPONDED);
	if (c->server)
		return c->session != NULL && c->session->established;
	return c->is_http &&
	       (c->state == DSS_ST_RESPONDED || c->state == DSS_ST_VERIFIED);
}

/*
 * What the attributes report, for either role: algorithm, session key,
 * realm, user and the digest-uri. A server's come from its session,
 * read under the session lock.
 */
struct view {
	bool known;
	enum dss_http_alg alg;
	const uint8_t *key;
	struct dss_span realm, user, uri;
};

static void
view_of(const struct dss_ctx *c, struct view *v)
{
	const struct dss_identity *id = dss_ctx_identity(c);

	v->known = keys_known(c);
	if (!c->is_http) {
		v->alg = DSS_HTTP_MD5;
		v->key = c->sasl->sess.ha1;
		v->realm = c->sasl->peer_realm != NULL ?
				   dss_span(c->sasl->peer_realm, c->sasl->peer_realm_len) :
				   dss_span(id->domain ? id->domain : "",
					    id->domain_len);
		v->user = c->sasl->peer_user != NULL ?
				  dss_span(c->sasl->peer_user, c->sasl->peer_user_len) :
				  dss_span(id->user ? id->user : "",
					   id->user_len);
		v->uri = dss_span(c->target ? c->target : "", c->target_len);
		return;
	}
	if (c->server) {
		const struct dss_session *s = c->session;

		v->alg = v->known ? s->alg : DSS_HTTP_MD5;
		v->key = s != NULL ? s->session_key : NULL;
		v->realm = v->known ? dss_span(s->realm, s->realm_len) :
				      dss_span("", 0);
		v->user = v->known ? dss_span(s->user, s->user_len) :
				     dss_span("", 0);
		v->uri = v->known ? dss_span(s->uri, s->uri_len) :
				    dss_span("", 0);
		return;
	}
	v->alg = c->http.alg;
	v->key = c->http.ha1;
	v->realm = v->known ? c->http.realm :
			      dss_span(id->domain ? id->domain : "",
				       id->domain_len);
	v->user = dss_span(id->user ? id->user : "", id->user_len);
	v->uri = c->http.target.p != NULL ? c->http.target : dss_span("", 0);
}

/* "realm\user" or "user" (api.md: NAMES), as a new UTF-8 string. */
static char *
names_string(const struct view *v, size_t *len)
{
	char *s;

	*len = v->realm.n > 0 ? v->realm.n + 1 + v->user.n : v->user.n;
	s = dss_alloc(*len + 1);
	if (s == NULL)
		return NULL;
	if (v->realm.n > 0) {
		memcpy(s, v->realm.p, v->realm.n);
		s[v->realm.n] = '\\';
		memcpy(s + v->realm.n + 1, v->user.p, v->user.n);
	} else if (v->user.n > 0) {
		memcpy(s, v->user.p, v->user.n);
	}
	s[*len] = '\0';
	return s;
}

static SECURITY_STATUS
query(struct dss_ctx *c, const struct view *v, ULONG attr, void *buf,
      bool wide)
{
	bool done = v->known;

	switch (attr) {
	case SECPKG_ATTR_SIZES: {
		/* buffers.md 7.3 */
		SecPkgContext_Sizes *s = buf;
		bool layer = !c->is_http && done &&
			     c->sasl->sess.qop != DSS_SASL_AUTH &&
			     c->state == DSS_ST_VERIFIED;

		s->cbMaxToken = DSS_MAX_TOKEN;
		s->cbMaxSignature = c->is_http ? DSS_MAX_TOKEN :
				    layer	 ? DSS_SL_SIG_LEN :
						   0;
		s->cbBlockSize =
			layer ? (ULONG)dss_sl_block_size(c->sasl->layer) : 0;
		s->cbSecurityTrailer =
			layer ? (ULONG)dss_sl_trailer_max(c->sasl->layer) : 0;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_STREAM_SIZES: {
		SecPkgContext_StreamSizes *s = buf;
		size_t over;

		if (c->is_http || c->state != DSS_ST_VERIFIED ||
		    c->sasl->sess.qop == DSS_SASL_AUTH)
			return SEC_E_UNSUPPORTED_FUNCTION;
		over = dss_sl_trailer_max(c->sasl->layer);
		s->cbHeader = 0;
		s->cbTrailer = (ULONG)over;
		s->cbMaximumMessage = c->sasl->sess.peer_maxbuf > over ?
					      (ULONG)(c->sasl->sess.peer_maxbuf - over) :
					      0;
		s->cBuffers = 2;
		s->cbBlockSize = (ULONG)dss_sl_block_size(c->sasl->layer);
		return SEC_E_OK;
	}
	case SECPKG_ATTR_FLAGS:
		((SecPkgContext_Flags *)buf)->Flags = c->attrs;
		return SEC_E_OK;
	case SECPKG_ATTR_LIFESPAN: {
		SecPkgContext_Lifespan *l = buf;

		l->tsStart.QuadPart = c->start;
		l->tsExpiry.QuadPart = DIGESTSSP_TIMESTAMP_NEVER;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_PASSWORD_EXPIRY:
		((SecPkgContext_PasswordExpiry *)buf)
			->tsPasswordExpires.QuadPart = DIGESTSSP_TIMESTAMP_NEVER;
		return SEC_E_OK;
	case SECPKG_ATTR_PACKAGE_INFO:
	case SECPKG_ATTR_NEGOTIATION_INFO: {
		void *pi = dss_package_info_block(wide);

		if (pi == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		/* PackageInfo is the first member of both structures */
		((SecPkgContext_NegotiationInfoA *)buf)->PackageInfo = pi;
		if (attr == SECPKG_ATTR_NEGOTIATION_INFO)
			((SecPkgContext_NegotiationInfoA *)buf)
				->NegotiationState =
				done ? SECPKG_NEGOTIATION_COMPLETE :
				       SECPKG_NEGOTIATION_IN_PROGRESS;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_NAMES:
	case SECPKG_ATTR_NATIVE_NAMES: {
		size_t n;
		char *s;
		void *name, *server = NULL;

		if (c->server && !v->known)
			return SEC_E_UNSUPPORTED_FUNCTION;
		s = names_string(v, &n);
		if (s == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		name = dss_ctxbuf_strdup(s, n, wide);
		dss_free(s);
		if (name == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		if (attr == SECPKG_ATTR_NAMES) {
			((SecPkgContext_NamesA *)buf)->sUserName = name;
			return SEC_E_OK;
		}
		server = dss_ctxbuf_strdup(v->uri.p, v->uri.n, wide);
		if (server == NULL) {
			dss_ctxbuf_free(name);
			return SEC_E_INSUFFICIENT_MEMORY;
		}
		((SecPkgContext_NativeNamesA *)buf)->sClientName = name;
		((SecPkgContext_NativeNamesA *)buf)->sServerName = server;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_AUTHORITY: {
		void *r;

		if (!v->known)
			return SEC_E_UNSUPPORTED_FUNCTION;
		r = dss_ctxbuf_strdup(v->realm.p, v->realm.n, wide);
		if (r == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		((SecPkgContext_AuthorityA *)buf)->sAuthorityName = r;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_KEY_INFO: {
		const struct dss_http_alg_info *ai;
		SecPkgContext_KeyInfoA *k = buf;
		const char *name, *cipher;
		void *sig, *enc;

		if (!v->known)
			return SEC_E_UNSUPPORTED_FUNCTION;
		ai = dss_http_alg_info(v->alg);
		/* the hash, not the algorithm token: MD5-sess signs with MD5 */
		name = ai->hash == DSS_HASH_MD5	   ? "MD5" :
		       ai->hash == DSS_HASH_SHA256 ? "SHA-256" :
						     "SHA-512-256";
		if (!c->is_http && c->sasl->sess.qop != DSS_SASL_AUTH)
			name = "HMAC-MD5";
		cipher = c->is_http ? "" : dss_sasl_cipher_name(c->sasl->sess.cipher);
		sig = dss_ctxbuf_strdup(name, strlen(name), wide);
		enc = dss_ctxbuf_strdup(cipher, strlen(cipher), wide);
		if (sig == NULL || enc == NULL) {
			dss_ctxbuf_free(sig);
			dss_ctxbuf_free(enc);
			return SEC_E_INSUFFICIENT_MEMORY;
		}
		k->sSignatureAlgorithmName = sig;
		k->sEncryptAlgorithmName = enc;
		k->KeySize = (ULONG)ai->size * 8;
		/* wincrypt has an id for MD5 only among our hashes */
		k->SignatureAlgorithm = ai->hash == DSS_HASH_MD5 ? CALG_MD5 : 0;
		k->EncryptAlgorithm = 0;
		if (!c->is_http) {
			/* api.md 3.15: 128/112/56/56/40, 128 without cipher */
			static const ULONG bits[DSS_SASL_CIPHER_COUNT] = {
				[DSS_SASL_CIPHER_NONE] = 128,
				[DSS_SASL_RC4] = 128,
				[DSS_SASL_3DES] = 112,
				[DSS_SASL_RC4_56] = 56,
				[DSS_SASL_RC4_40] = 40,
				[DSS_SASL_DES] = 56,
			};
			static const ULONG calg[DSS_SASL_CIPHER_COUNT] = {
				[DSS_SASL_CIPHER_NONE] = 0,
				[DSS_SASL_RC4] = CALG_RC4,
				[DSS_SASL_3DES] = CALG_3DES_112,
				[DSS_SASL_RC4_56] = CALG_RC4,
				[DSS_SASL_RC4_40] = CALG_RC4,
				[DSS_SASL_DES] = CALG_DES,
			};

			k->KeySize = bits[c->sasl->sess.cipher];
			k->EncryptAlgorithm = calg[c->sasl->sess.cipher];
			k->SignatureAlgorithm = c->sasl->sess.qop != DSS_SASL_AUTH ?
							CALG_HMAC :
							CALG_MD5;
		}
		return SEC_E_OK;
	}
	case SECPKG_ATTR_SESSION_KEY: {
		SecPkgContext_SessionKey *sk = buf;
		size_t n;
		unsigned char *key;

		if (!v->known)
			return SEC_E_UNSUPPORTED_FUNCTION;
		n = dss_http_alg_info(v->alg)->size;
		key = dss_ctxbuf_alloc(n);
		if (key == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		memcpy(key, v->key, n);
		sk->SessionKeyLength = (ULONG)n;
		sk->SessionKey = key;
		return SEC_E_OK;
	}
	case SECPKG_ATTR_CLIENT_SPECIFIED_TARGET: {
		/* UTF-16 in both A and W: the structure is W-only */
		void *t;

		if (!c->server || !v->known)
			return SEC_E_UNSUPPORTED_FUNCTION;
		t = dss_ctxbuf_strdup(v->uri.p, v->uri.n, true);
		if (t == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		((SecPkgContext_ClientSpecifiedTarget *)buf)->sTargetName = t;
		return SEC_E_OK;
	}
	default:
		/* STREAM_SIZES: no security layer on HTTP contexts */
		return SEC_E_UNSUPPORTED_FUNCTION;
	}
}

static SECURITY_STATUS
query_ctx(PCtxtHandle h, ULONG attr, void *buf, bool wide, bool ex,
	  ULONG cb)
{
	struct dss_ctx *c = dss_ctx_get(h);
	SECURITY_STATUS st;
	size_t need;

	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	need = attr_size(attr);
	if (buf == NULL)
		st = SEC_E_INVALID_PARAMETER;
	else if (need == 0)
		st = SEC_E_UNSUPPORTED_FUNCTION;
	else if (ex && cb < need)
		st = SEC_E_BUFFER_TOO_SMALL;
	else if (c->state == DSS_ST_FAILED && (attr == SECPKG_ATTR_KEY_INFO ||
					       attr == SECPKG_ATTR_SESSION_KEY))
		st = SEC_E_INVALID_HANDLE;
	else {
		struct view v;

		if (c->session != NULL)
			dss_lock_take(&c->session->lock);
		view_of(c, &v);
		st = query(c, &v, attr, buf, wide);
		if (c->session != NULL)
			dss_lock_give(&c->session->lock);
	}
	dss_ctx_put(c);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
			void *pBuffer)
{
	return query_ctx(phContext, ulAttribute, pBuffer, false, false, 0);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
			void *pBuffer)
{
	return query_ctx(phContext, ulAttribute, pBuffer, true, false, 0);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryContextAttributesExA(PCtxtHandle phContext, ULONG ulAttribute,
			  void *pBuffer, ULONG cbBuffer)
{
	return query_ctx(phContext, ulAttribute, pBuffer, false, true,
			 cbBuffer);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryContextAttributesExW(PCtxtHandle phContext, ULONG ulAttribute,
			  void *pBuffer, ULONG cbBuffer)
{
	return query_ctx(phContext, ulAttribute, pBuffer, true, true, cbBuffer);
}
