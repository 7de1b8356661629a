/*
 * cred.c - AcquireCredentialsHandle, FreeCredentialsHandle and the
 * credential attributes (api.md sections 3.4 - 3.6).
 *
 * A credential is a refcounted object: the handle holds one reference,
 * every context made from it another, so FreeCredentialsHandle right
 * after InitializeSecurityContext (curl) leaves the context working.
 */
#include <string.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "base/utf.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "sspi/sspi_int.h"

#define DEFAULT_NONCE_LIFETIME 300      /* s, as Apache (api.md 1.4) */
#define DEFAULT_SESSION_LIFETIME 36000  /* s idle (api.md 1.4) */
#define MAX_SESSIONS 10000
#define DEFAULT_REALM "WDigest" /* the challenge realm of last resort */

void
dss_identity_clear(struct dss_identity *id)
{
	dss_free_secret(id->user, id->user_len);
	dss_free_secret(id->domain, id->domain_len);
	dss_free_secret(id->password, id->password_len);
	memset(id, 0, sizeof(*id));
}

/* Copy one identity string (8-bit or UTF-16) as UTF-8. */
static SECURITY_STATUS
copy_string(const void *s, ULONG len, bool wide, char **out, size_t *out_len)
{
	size_t n;

	*out = NULL;
	*out_len = 0;
	if (s == NULL && len > 0)
		return SEC_E_UNKNOWN_CREDENTIALS;
	if (!wide) {
		*out = dss_memdup0(s, len);
		if (*out == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		*out_len = len;
		return SEC_E_OK;
	}
	n = dss_utf16_to_utf8(NULL, 0, s, len);
	if (n == SIZE_MAX)
		return SEC_E_UNKNOWN_CREDENTIALS;
	*out = dss_alloc(n + 1);
	if (*out == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	dss_utf16_to_utf8(*out, n, s, len);
	(*out)[n] = '\0';
	*out_len = n;
	return SEC_E_OK;
}

/* s holds no control byte, DEL, '"' or '\\' (see struct dss_identity). */
static bool
names_clean(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
			return false;
	}
	return true;
}

SECURITY_STATUS
dss_identity_decode(const void *auth, bool wide_api, struct dss_identity *out)
{
	const SEC_WINNT_AUTH_IDENTITY_A *plain = auth;
	const SEC_WINNT_AUTH_IDENTITY_EXA *ex = auth;
	const void *user, *domain, *password;
	ULONG ulen, dlen, plen, flags, words[2];
	SECURITY_STATUS st;
	bool wide;

	memset(out, 0, sizeof(*out));
	/* types.md section 6: recognise the structure by its first words */
	memcpy(words, auth, sizeof(words));
	if (words[0] == SEC_WINNT_AUTH_IDENTITY_VERSION &&
	    words[1] >= sizeof(SEC_WINNT_AUTH_IDENTITY_EXA)) {
		user = ex->User, ulen = ex->UserLength;
		domain = ex->Domain, dlen = ex->DomainLength;
		password = ex->Password, plen = ex->PasswordLength;
		flags = ex->Flags;
	} else if (words[0] == SEC_WINNT_AUTH_IDENTITY_VERSION_2) {
		return SEC_E_UNKNOWN_CREDENTIALS; /* EX2: packed forms */
	} else {
		user = plain->User, ulen = plain->UserLength;
		domain = plain->Domain, dlen = plain->DomainLength;
		password = plain->Password, plen = plain->PasswordLength;
		flags = plain->Flags;
	}
	if (flags & SEC_WINNT_AUTH_IDENTITY_MARSHALLED)
		return SEC_E_UNKNOWN_CREDENTIALS;
	if (flags & SEC_WINNT_AUTH_IDENTITY_UNICODE)
		wide = true;
	else if (flags & SEC_WINNT_AUTH_IDENTITY_ANSI)
		wide = false;
	else
		wide = wide_api;

	st = copy_string(user, ulen, wide, &out->user, &out->user_len);
	if (!DSS_FAILED(st))
		st = copy_string(domain, dlen, wide, &out->domain,
				 &out->domain_len);
	if (!DSS_FAILED(st))
		st = copy_string(password, plen, wide, &out->password,
				 &out->password_len);
	if (DSS_FAILED(st))
		dss_identity_clear(out);
	else
		out->names_clean = names_clean(out->user, out->user_len) &&
				   names_clean(out->domain, out->domain_len);
	return st;
}

/*
 * Build the server settings block from the credential's fields and
 * publish it (caller holds c->lock, or c is not shared yet). The block
 * it replaces stays readable until the credential is destroyed.
 */
static SECURITY_STATUS
conf_publish(struct dss_cred *c)
{
	struct dss_server_conf *old = atomic_load_explicit(
		&c->conf, memory_order_relaxed);
	const char *realm = DEFAULT_REALM;
	size_t realm_len = sizeof(DEFAULT_REALM) - 1, size;
	struct dss_server_conf *f;

	if (c->realm != NULL) {
		realm = c->realm;
		realm_len = c->realm_len;
	} else if (c->has_identity && c->id.domain_len > 0) {
		realm = c->id.domain;
		realm_len = c->id.domain_len;
	}
	size = sizeof(*f) + realm_len + 1;
	f = dss_alloc(size);
	if (f == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	f->older = old;
	f->size = size;
	memcpy(f->offer, c->offer, sizeof(f->offer));
	f->noffer = c->noffer;
	f->flags = c->server_flags;
	f->nonce_lifetime = c->nonce_lifetime;
	f->session_lifetime = c->session_lifetime;
	f->key = c->nonce_key;
	f->realm_len = realm_len;
	memcpy(f->realm, realm, realm_len);
	f->realm[realm_len] = '\0';
	atomic_store_explicit(&c->conf, f, memory_order_release);
	return SEC_E_OK;
}

void
dss_cred_ha1_base(struct dss_cred *c, enum dss_hash_alg h,
		  struct dss_span realm, uint8_t *out)
{
	size_t hs = dss_hash_size(h);
	unsigned i;

	for (i = 0; i < DSS_HA1_MEMOS; i++) {
		struct dss_ha1_memo *m = &c->ha1_memo[i];
		unsigned state = atomic_load_explicit(&m->state,
						      memory_order_acquire);

		if (state == DSS_MEMO_READY && m->h == h &&
		    m->realm_len == realm.n &&
		    (realm.n == 0 || memcmp(m->realm, realm.p, realm.n) == 0)) {
			dss_copy_usual(out, m->base, hs);
			return;
		}
		if (state == DSS_MEMO_FREE)
			break;
	}
	dss_http_calc_ha1_base(h, dss_span(c->id.user, c->id.user_len), realm,
			       dss_span(c->id.password ? c->id.password : "",
					c->id.password_len),
			       out);
	if (realm.n > DSS_HA1_MEMO_REALM_MAX)
		return;
	/* the first free slot; a slot another thread claimed is its */
	for (; i < DSS_HA1_MEMOS; i++) {
		struct dss_ha1_memo *m = &c->ha1_memo[i];
		unsigned char free_state = DSS_MEMO_FREE;

		if (!atomic_compare_exchange_strong_explicit(
			    &m->state, &free_state, DSS_MEMO_BUSY,
			    memory_order_relaxed, memory_order_relaxed))
			continue;
		m->h = (unsigned char)h;
		m->realm_len = (unsigned char)realm.n;
		if (realm.n > 0)
			memcpy(m->realm, realm.p, realm.n);
		dss_copy_usual(m->base, out, hs);
		atomic_store_explicit(&m->state, DSS_MEMO_READY,
				      memory_order_release);
		return;
	}
}

SECURITY_STATUS
dss_cred_pick_challenge(struct dss_cred *c, const char *tok, size_t n,
			unsigned allowed, struct dss_http_challenge *out)
{
	struct dss_http_challenge_shape *sh;
	SECURITY_STATUS st;

	/* a shape busy in another thread: parse, as without one */
	if (atomic_exchange_explicit(&c->chal_busy, true, memory_order_acquire))
		return dss_http_pick_challenge(tok, n, allowed, out);
	sh = c->chal;
	if (sh != NULL && dss_http_challenge_match(sh, tok, n, allowed, out)) {
		st = SEC_E_OK;
	} else {
		if (n >= DSS_SHAPE_MIN && n <= DSS_SHAPE_MAX &&
		    (sh == NULL || sh->cap < n)) {
			/* room for the usual challenges at once */
			size_t cap = n < 512 ? 512 : n;
			struct dss_http_challenge_shape *more =
				dss_alloc(dss_http_challenge_shape_size(cap));

			/* as every allocation of the library: failing it
			 * fails the call (the old shape stays) */
			if (more == NULL) {
				st = SEC_E_INSUFFICIENT_MEMORY;
				goto out;
			}
			more->cap = (uint32_t)cap;
			more->ready = false;
			dss_free(sh);
			sh = c->chal = more;
		}
		st = dss_http_pick_challenge_keep(sh, tok, n, allowed, out);
	}
out:
	atomic_store_explicit(&c->chal_busy, false, memory_order_release);
	return st;
}

static void
cred_destroy(struct dss_obj *o)
{
	struct dss_cred *c = (struct dss_cred *)o;
	struct dss_server_conf *f = atomic_load(&c->conf);

	while (f != NULL) {
		struct dss_server_conf *older = f->older;

		dss_free_secret(f, f->size);
		f = older;
	}
	dss_identity_clear(&c->id);
	dss_free(c->principal);
	dss_free(c->realm);
	dss_free(c->chal);
	dss_sessions_free(c->sessions);
	if (c->store != NULL)
		dss_store_close(c->store);
	pthread_mutex_destroy(&c->lock);
	dss_free_secret(c, sizeof(*c));
}

struct dss_cred *
dss_cred_ref(const CredHandle *h)
{
	return (struct dss_cred *)dss_handle_ref(h, DSS_KIND_CRED);
}

void
dss_cred_unref(struct dss_cred *c)
{
	if (c != NULL)
		dss_obj_unref(&c->obj);
}

static SECURITY_STATUS
acquire(const char *principal, size_t principal_len, ULONG use,
	const void *auth, bool wide, SEC_GET_KEY_FN get_key,
	void *get_key_arg, PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	struct dss_cred *c;
	SECURITY_STATUS st;

	if (!(use & (SECPKG_CRED_INBOUND | SECPKG_CRED_OUTBOUND)))
		return SEC_E_UNKNOWN_CREDENTIALS;
	c = dss_calloc(sizeof(*c));
	if (c == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	dss_obj_init(&c->obj, DSS_KIND_CRED, cred_destroy);
	dss_obj_distribute(&c->obj, c->rc_space);
	pthread_mutex_init(&c->lock, NULL);
	c->use = use & (SECPKG_CRED_INBOUND | SECPKG_CRED_OUTBOUND);
	atomic_init(&c->algorithms, DSS_HTTP_ALG_ALL);
	atomic_init(&c->flags, 0);
	/* server defaults (api.md 3.8): MD5-sess, qop=auth, 300 s nonces */
	c->offer[0] = DSS_HTTP_MD5_SESS;
	c->noffer = 1;
	c->nonce_lifetime = DEFAULT_NONCE_LIFETIME;
	c->session_lifetime = DEFAULT_SESSION_LIFETIME;
	if (c->use & SECPKG_CRED_INBOUND) {
		uint8_t secret[32]; /* secret */

		c->get_key = get_key;
		c->get_key_arg = get_key_arg;
		c->sessions = dss_sessions_new(MAX_SESSIONS);
		if (c->sessions == NULL || !dss_random(secret, sizeof(secret))) {
			/* the status first: unref frees c */
			st = c->sessions == NULL ? SEC_E_INSUFFICIENT_MEMORY :
						   SEC_E_INTERNAL_ERROR;
			dss_obj_unref(&c->obj);
			return st;
		}
		dss_nonce_key_set(&c->nonce_key, secret, sizeof(secret));
		DSS_WIPE(secret);
	}
	if (principal != NULL) {
		c->principal = dss_memdup0(principal, principal_len);
		if (c->principal == NULL) {
			dss_obj_unref(&c->obj);
			return SEC_E_INSUFFICIENT_MEMORY;
		}
	}
	if (auth != NULL) {
		st = dss_identity_decode(auth, wide, &c->id);
		if (DSS_FAILED(st)) {
			dss_obj_unref(&c->obj);
			return st;
		}
		c->has_identity = true;
	}
	if (c->use & SECPKG_CRED_INBOUND) {
		st = conf_publish(c);
		if (DSS_FAILED(st)) {
			dss_obj_unref(&c->obj);
			return st;
		}
	}
	st = dss_handle_publish(&c->obj, phCredential);
	dss_obj_unref(&c->obj); /* the table holds it now, or nobody */
	if (DSS_FAILED(st))
		return st;
	dss_set_never(ptsExpiry);
	return SEC_E_OK;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
AcquireCredentialsHandleA(SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage,
			  ULONG fCredentialUse, void *pvLogonId, void *pAuthData,
			  SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
			  PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	(void)pvLogonId;
	if (phCredential == NULL)
		return SEC_E_INVALID_PARAMETER;
	if (!dss_package_name_ok_a(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	return acquire(pszPrincipal,
		       pszPrincipal != NULL ? strlen(pszPrincipal) : 0,
		       fCredentialUse, pAuthData, false, pGetKeyFn,
		       pvGetKeyArgument, phCredential, ptsExpiry);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
AcquireCredentialsHandleW(SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage,
			  ULONG fCredentialUse, void *pvLogonId, void *pAuthData,
			  SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
			  PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	char *principal = NULL;
	size_t plen = 0;
	SECURITY_STATUS st;

	(void)pvLogonId;
	if (phCredential == NULL)
		return SEC_E_INVALID_PARAMETER;
	if (!dss_package_name_ok_w(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	if (pszPrincipal != NULL) {
		size_t units = dss_utf16_len(pszPrincipal);

		plen = dss_utf16_to_utf8(NULL, 0, pszPrincipal, units);
		if (plen == SIZE_MAX)
			return SEC_E_UNKNOWN_CREDENTIALS;
		principal = dss_alloc(plen + 1);
		if (principal == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		dss_utf16_to_utf8(principal, plen, pszPrincipal, units);
		principal[plen] = '\0';
	}
	st = acquire(principal, plen, fCredentialUse, pAuthData, true,
		     pGetKeyFn, pvGetKeyArgument, phCredential, ptsExpiry);
	dss_free(principal);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
FreeCredentialsHandle(PCredHandle phCredential)
{
	struct dss_obj *o;

	if (dss_handle_unpublish(phCredential, DSS_KIND_CRED, &o) !=
	    DSS_UNPUBLISHED)
		return SEC_E_INVALID_HANDLE;
	dss_obj_unref(o);
	return SEC_E_OK;
}

/* "Domain\User", "User", or for default credentials the principal. */
static SECURITY_STATUS
query_names(const struct dss_cred *c, void *pBuffer, bool wide)
{
	const char *s = "";
	size_t n = 0;
	char *joined = NULL;
	void *out;

	if (c->has_identity && c->id.domain_len > 0) {
		n = c->id.domain_len + 1 + c->id.user_len;
		joined = dss_alloc(n + 1);
		if (joined == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		memcpy(joined, c->id.domain, c->id.domain_len);
		joined[c->id.domain_len] = '\\';
		memcpy(joined + c->id.domain_len + 1, c->id.user,
		       c->id.user_len);
		s = joined;
	} else if (c->has_identity) {
		s = c->id.user, n = c->id.user_len;
	} else if (c->principal != NULL) {
		s = c->principal, n = strlen(c->principal);
	}
	out = dss_ctxbuf_strdup(s, n, wide);
	dss_free(joined);
	if (out == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	/* SecPkgCredentials_NamesA and _NamesW: one pointer, same place */
	((SecPkgCredentials_NamesA *)pBuffer)->sUserName = out;
	return SEC_E_OK;
}

/* DIGESTSSP_CRED_ATTR_ALGORITHMS: the allowed set, canonical tokens. */
static SECURITY_STATUS
query_algorithms(struct dss_cred *c, void *pBuffer, bool wide)
{
	char list[128];
	size_t n = 0;
	unsigned mask;
	int i;
	void *out;

	mask = atomic_load_explicit(&c->algorithms, memory_order_relaxed);
	for (i = 0; i < DSS_HTTP_ALG_COUNT; i++) {
		const char *name = dss_http_alg_info(i)->name;
		size_t len = strlen(name);

		if (!(mask & DSS_HTTP_ALG_BIT(i)))
			continue;
		if (n > 0)
			list[n++] = ',';
		memcpy(list + n, name, len); /* all six fit in 128 bytes */
		n += len;
	}
	out = dss_ctxbuf_strdup(list, n, wide);
	if (out == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	((SecPkgCredentials_DigestAlgorithmsA *)pBuffer)->sAlgorithms = out;
	return SEC_E_OK;
}

static SECURITY_STATUS
query_cred(PCredHandle h, ULONG attr, void *pBuffer, bool wide, bool ex,
	   ULONG cbBuffer)
{
	struct dss_cred *c = dss_cred_ref(h);
	SECURITY_STATUS st;
	size_t need;

	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	need = attr == SECPKG_CRED_ATTR_NAMES ?
		       sizeof(SecPkgCredentials_NamesA) :
	       attr == DIGESTSSP_CRED_ATTR_ALGORITHMS ?
		       sizeof(SecPkgCredentials_DigestAlgorithmsA) :
	       attr == DIGESTSSP_CRED_ATTR_FLAGS ?
		       sizeof(SecPkgCredentials_DigestFlags) :
		       0;
	if (pBuffer == NULL) {
		st = SEC_E_INVALID_PARAMETER;
	} else if (need == 0) {
		st = SEC_E_UNSUPPORTED_FUNCTION;
	} else if (ex && cbBuffer < need) {
		st = SEC_E_BUFFER_TOO_SMALL;
	} else if (attr == SECPKG_CRED_ATTR_NAMES) {
		st = query_names(c, pBuffer, wide);
	} else if (attr == DIGESTSSP_CRED_ATTR_ALGORITHMS) {
		st = query_algorithms(c, pBuffer, wide);
	} else {
		((SecPkgCredentials_DigestFlags *)pBuffer)->fFlags =
			atomic_load_explicit(&c->flags, memory_order_relaxed);
		st = SEC_E_OK;
	}
	dss_cred_unref(c);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
			    void *pBuffer)
{
	return query_cred(phCredential, ulAttribute, pBuffer, false, false, 0);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
			    void *pBuffer)
{
	return query_cred(phCredential, ulAttribute, pBuffer, true, false, 0);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesExA(PCredHandle phCredential, ULONG ulAttribute,
			      void *pBuffer, ULONG cbBuffer)
{
	return query_cred(phCredential, ulAttribute, pBuffer, false, true,
			  cbBuffer);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesExW(PCredHandle phCredential, ULONG ulAttribute,
			      void *pBuffer, ULONG cbBuffer)
{
	return query_cred(phCredential, ulAttribute, pBuffer, true, true,
			  cbBuffer);
}

/*
 * A string argument of an extension attribute (A: UTF-8, W: UTF-16) as a
 * new UTF-8 string. SEC_E_INVALID_PARAMETER for NULL or bad UTF-16.
 */
static SECURITY_STATUS
string_arg(const void *p, bool wide, char **out, size_t *len)
{
	*out = NULL;
	if (p == NULL)
		return SEC_E_INVALID_PARAMETER;
	if (wide) {
		size_t units = dss_utf16_len(p);
		size_t n = dss_utf16_to_utf8(NULL, 0, p, units);

		if (n == SIZE_MAX)
			return SEC_E_INVALID_PARAMETER;
		*out = dss_alloc(n + 1);
		if (*out == NULL)
			return SEC_E_INSUFFICIENT_MEMORY;
		dss_utf16_to_utf8(*out, n, p, units);
		(*out)[n] = '\0';
		*len = n;
		return SEC_E_OK;
	}
	*len = strlen(p);
	*out = dss_memdup0(p, *len);
	return *out != NULL ? SEC_E_OK : SEC_E_INSUFFICIENT_MEMORY;
}

/* "SHA-256, MD5" -> client mask and server order (first mention wins). */
static SECURITY_STATUS
set_algorithms(struct dss_cred *c, const char *s, size_t n)
{
	uint8_t order[DSS_HTTP_ALG_COUNT], old_offer[DSS_HTTP_ALG_COUNT];
	unsigned mask;
	size_t k, old_n;
	SECURITY_STATUS st = SEC_E_OK;

	if (!dss_http_alg_list(s, n, &mask, order, &k))
		return SEC_E_INVALID_PARAMETER;
	pthread_mutex_lock(&c->lock);
	memcpy(old_offer, c->offer, sizeof(old_offer));
	old_n = c->noffer;
	memcpy(c->offer, order, k);
	c->noffer = k;
	if (c->use & SECPKG_CRED_INBOUND)
		st = conf_publish(c);
	if (DSS_FAILED(st)) {
		memcpy(c->offer, old_offer, sizeof(old_offer));
		c->noffer = old_n;
	} else {
		atomic_store_explicit(&c->algorithms, mask,
				      memory_order_relaxed);
	}
	pthread_mutex_unlock(&c->lock);
	return st;
}

static SECURITY_STATUS
set_server(struct dss_cred *c, const SecPkgCredentials_DigestServer *d)
{
	struct dss_nonce_key old_key; /* secret */
	uint32_t old_flags, old_nl, old_sl;
	SECURITY_STATUS st = SEC_E_OK;

	if (d->cbSecret != 0 &&
	    (d->pSecret == NULL || d->cbSecret < 16 ||
	     d->cbSecret > DSS_NONCE_SECRET_MAX))
		return SEC_E_INVALID_PARAMETER;
	pthread_mutex_lock(&c->lock);
	old_flags = c->server_flags;
	old_nl = c->nonce_lifetime;
	old_sl = c->session_lifetime;
	old_key = c->nonce_key;
	c->server_flags = d->fFlags;
	c->nonce_lifetime = d->NonceLifetime ? d->NonceLifetime :
					       DEFAULT_NONCE_LIFETIME;
	c->session_lifetime = d->SessionLifetime ? d->SessionLifetime :
						   DEFAULT_SESSION_LIFETIME;
	if (d->cbSecret != 0)
		dss_nonce_key_set(&c->nonce_key, d->pSecret, d->cbSecret);
	if (c->use & SECPKG_CRED_INBOUND)
		st = conf_publish(c);
	if (DSS_FAILED(st)) {
		c->server_flags = old_flags;
		c->nonce_lifetime = old_nl;
		c->session_lifetime = old_sl;
		c->nonce_key = old_key;
	}
	pthread_mutex_unlock(&c->lock);
	DSS_WIPE(old_key);
	return st;
}

static SECURITY_STATUS
set_user_file(struct dss_cred *c, const char *path)
{
	struct dss_store *store, *old;
	SECURITY_STATUS st = dss_store_open(path, &store);

	if (DSS_FAILED(st))
		return st;
	pthread_mutex_lock(&c->lock);
	old = c->store;
	c->store = store;
	pthread_mutex_unlock(&c->lock);
	/* a store in use by a running check stays alive: only replace
	 * a store before serving (documented) */
	if (old != NULL)
		dss_store_close(old);
	return SEC_E_OK;
}

/* Smallest buffer each extension attribute needs. */
static size_t
set_size(ULONG attr)
{
	switch (attr) {
	case DIGESTSSP_CRED_ATTR_FLAGS:
		return sizeof(SecPkgCredentials_DigestFlags);
	case DIGESTSSP_CRED_ATTR_SERVER:
		return sizeof(SecPkgCredentials_DigestServer);
	case DIGESTSSP_CRED_ATTR_ALGORITHMS:
	case DIGESTSSP_CRED_ATTR_REALM:
	case DIGESTSSP_CRED_ATTR_USER_FILE:
		return sizeof(void *); /* one string pointer */
	default:
		return 0;
	}
}

/*
 * digestssp extensions (sspi.h). Any other attribute: unsupported, as on
 * Windows for this package.
 */
static SECURITY_STATUS
set_cred(PCredHandle h, ULONG attr, void *pBuffer, ULONG cbBuffer, bool wide)
{
	struct dss_cred *c = dss_cred_ref(h);
	SECURITY_STATUS st = SEC_E_OK;
	size_t need = set_size(attr), n = 0;
	char *s = NULL;

	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	if (need == 0) {
		st = SEC_E_UNSUPPORTED_FUNCTION;
	} else if (pBuffer == NULL) {
		st = SEC_E_INVALID_PARAMETER;
	} else if (cbBuffer < need) {
		st = SEC_E_BUFFER_TOO_SMALL;
	} else if (attr == DIGESTSSP_CRED_ATTR_FLAGS) {
		atomic_store_explicit(
			&c->flags,
			((SecPkgCredentials_DigestFlags *)pBuffer)->fFlags,
			memory_order_relaxed);
	} else if (attr == DIGESTSSP_CRED_ATTR_SERVER) {
		st = set_server(c, pBuffer);
	} else {
		/* the string structures: one pointer at offset 0 */
		st = string_arg(*(void **)pBuffer, wide, &s, &n);
		if (DSS_FAILED(st))
			goto out;
		if (attr == DIGESTSSP_CRED_ATTR_ALGORITHMS) {
			st = set_algorithms(c, s, n);
		} else if (attr == DIGESTSSP_CRED_ATTR_USER_FILE) {
			st = set_user_file(c, s);
		} else if (n == 0 || !dss_utf8_valid(s, n) ||
			   !dss_uri_ok(dss_span(s, n))) {
			/* a realm: text a quoted-string can carry */
			st = SEC_E_INVALID_PARAMETER;
		} else {
			char *old;
			size_t old_len;

			pthread_mutex_lock(&c->lock);
			old = c->realm;
			old_len = c->realm_len;
			c->realm = s;
			c->realm_len = n;
			if (c->use & SECPKG_CRED_INBOUND)
				st = conf_publish(c);
			if (DSS_FAILED(st)) {
				c->realm = old; /* s is freed below */
				c->realm_len = old_len;
			} else {
				s = old;
			}
			pthread_mutex_unlock(&c->lock);
		}
	}
out:
	dss_free(s);
	dss_cred_unref(c);
	return st;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
SetCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
			  void *pBuffer, ULONG cbBuffer)
{
	return set_cred(phCredential, ulAttribute, pBuffer, cbBuffer, false);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
SetCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
			  void *pBuffer, ULONG cbBuffer)
{
	return set_cred(phCredential, ulAttribute, pBuffer, cbBuffer, true);
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
AddCredentialsA(PCredHandle hCredentials, SEC_CHAR *pszPrincipal,
		SEC_CHAR *pszPackage, ULONG fCredentialUse, void *pAuthData,
		SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
		PTimeStamp ptsExpiry)
{
	struct dss_cred *c = dss_cred_ref(hCredentials);

	(void)pszPrincipal, (void)pszPackage, (void)fCredentialUse;
	(void)pAuthData, (void)pGetKeyFn, (void)pvGetKeyArgument;
	(void)ptsExpiry;
	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	dss_cred_unref(c);
	return SEC_E_UNSUPPORTED_FUNCTION;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
AddCredentialsW(PCredHandle hCredentials, SEC_WCHAR *pszPrincipal,
		SEC_WCHAR *pszPackage, ULONG fCredentialUse, void *pAuthData,
		SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
		PTimeStamp ptsExpiry)
{
	struct dss_cred *c = dss_cred_ref(hCredentials);

	(void)pszPrincipal, (void)pszPackage, (void)fCredentialUse;
	(void)pAuthData, (void)pGetKeyFn, (void)pvGetKeyArgument;
	(void)ptsExpiry;
	if (c == NULL)
		return SEC_E_INVALID_HANDLE;
	dss_cred_unref(c);
	return SEC_E_UNSUPPORTED_FUNCTION;
}
