/*
 * context.c - the context object, DeleteSecurityContext, and the
 * SecBuffer helpers every entry point shares (buffers.md section 1).
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "base/bytes.h"
#include "base/mem.h"
#include "base/strbuf.h"
#include "crypto/crypto.h"
#include "sspi/sspi_int.h"
#include "sspi/testhook.h"

/* ---- test hooks ----------------------------------------------------------- */

#ifdef DSS_TESTING
static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
static char hook_cnonce[256];
static size_t hook_cnonce_len;
static bool hook_cnonce_set;
static _Atomic int64_t hook_time;

void
dss_test_set_cnonce(const char *cnonce)
{
	pthread_mutex_lock(&hook_lock);
	hook_cnonce_set = cnonce != NULL;
	hook_cnonce_len = 0;
	if (cnonce != NULL) {
		hook_cnonce_len = strlen(cnonce);
		if (hook_cnonce_len > sizeof(hook_cnonce))
			hook_cnonce_len = sizeof(hook_cnonce);
		memcpy(hook_cnonce, cnonce, hook_cnonce_len);
	}
	pthread_mutex_unlock(&hook_lock);
}

void
dss_test_set_time(int64_t unix_seconds)
{
	hook_time = unix_seconds;
}
#endif

int64_t
dss_unix_now(void)
{
#ifdef DSS_TESTING
	if (hook_time != 0)
		return hook_time;
#endif
	return (int64_t)time(NULL);
}

int64_t
dss_filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
#ifdef DSS_TESTING
	if (hook_time != 0)
		ts.tv_sec = hook_time, ts.tv_nsec = 0;
#endif
	/* 1601-01-01 to 1970-01-01 is 11644473600 s */
	return ((int64_t)ts.tv_sec + 11644473600) * 10000000 +
	       ts.tv_nsec / 100;
}

bool
dss_make_cnonce(char *out, size_t cap, size_t *len)
{
	uint8_t r[16];

#ifdef DSS_TESTING
	pthread_mutex_lock(&hook_lock);
	if (hook_cnonce_set) {
		size_t n = hook_cnonce_len < cap ? hook_cnonce_len : cap;

		memcpy(out, hook_cnonce, n);
		*len = n;
		pthread_mutex_unlock(&hook_lock);
		return true;
	}
	pthread_mutex_unlock(&hook_lock);
#endif
	if (cap < 2 * sizeof(r) || !dss_random_public(r, sizeof(r)))
		return false;
	/* 128 random bits, hex: safe in any quoted-string (RFC 7616 3.4) */
	dss_hex_encode(out, r, sizeof(r));
	*len = 2 * sizeof(r);
	return true;
}

/* ---- a thread's spare block ------------------------------------------------ */

/*
 * An HTTP context often lives for one request: a server's is made by
 * AcceptSecurityContext and deleted after CompleteAuthToken, a client's
 * may be made per request too. So each thread keeps the block of the last
 * HTTP context it freed (the largest, up to SPARE_MAX bytes), and the
 * next HTTP context it makes takes it when it is large enough: no malloc
 * and free per request (about 140 instructions with glibc's per-thread
 * cache; PERFORMANCE.md, session 12). Such blocks hold no secret when
 * they are given back (ctx_destroy): a client's H(A1) is wiped first, and
 * a SASL context, which holds keys, is wiped and freed as before.
 *
 * The block goes when its thread ends (a key's destructor), and the
 * calling thread's when the library is unloaded or the process exits
 * (a destructor function). A thread that is still running when the
 * library is unloaded keeps its block: dlclose() must not leave a key
 * whose destructor is code that is gone, so the key is deleted then.
 */
#define SPARE_MAX 2048

struct spare {
	void *block;
	size_t size;
	bool registered; /* the key's destructor will see it */
};

static _Thread_local struct spare spare DSS_TLS_IE;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_key_ok;

static void
spare_drop(void *arg)
{
	struct spare *sp = arg;

	dss_free(sp->block);
	sp->block = NULL;
	sp->registered = false; /* a block given back later registers again */
}

static void
spare_key_make(void)
{
	spare_key_ok = pthread_key_create(&spare_key, spare_drop) == 0;
}

#if defined(__GNUC__)
__attribute__((destructor)) static void
spare_unload(void)
{
	spare_drop(&spare);
	if (spare_key_ok)
		pthread_key_delete(spare_key);
}
#endif

/* A block of at least `size` bytes; *got is how many. */
static void *
block_take(size_t size, size_t *got)
{
	struct spare *sp = &spare;
	void *b = sp->block;

	if (b != NULL && sp->size >= size) {
		sp->block = NULL;
		*got = sp->size;
		return b;
	}
	*got = size;
	return dss_alloc(size);
}

/* Keep b (size bytes) as this thread's spare, or free it. */
static void
block_give(void *b, size_t size)
{
	struct spare *sp = &spare;
	void *old;

	if (size > SPARE_MAX || (sp->block != NULL && sp->size >= size)) {
		dss_free(b);
		return;
	}
	if (!sp->registered) {
		pthread_once(&spare_once, spare_key_make);
		if (!spare_key_ok || pthread_setspecific(spare_key, sp) != 0) {
			dss_free(b);
			return;
		}
		sp->registered = true;
	}
	dss_set_aside(b);
	old = sp->block;
	sp->block = b;
	sp->size = size;
	dss_free(old);
}

/* ---- the object ------------------------------------------------------------ */

static void
ctx_destroy(struct dss_obj *o)
{
	struct dss_ctx *c = (struct dss_ctx *)o;

	if (!c->is_http)
		dss_sasl_ctx_clear(c);
	else if (!c->server)
		dss_http_client_clear(&c->http); /* wipes H(A1) */
	dss_session_unref(c->session);
	if (c->used_supplied) /* else it never held anything */
		dss_identity_clear(&c->supplied);
	dss_free(c->target);
	dss_cred_unref(c->cred);
	dss_lock_fini(&c->lock);
	/*
	 * An HTTP context holds no secret in its own bytes now: a client's
	 * was in c->http, just wiped; a server's keys are in its session,
	 * and it never uses the union: its block can serve again (test_wipe
	 * searches it when it is set aside). A SASL context is wiped whole.
	 */
	if (c->is_http)
		block_give(c, c->block_size);
	else
		dss_free_secret(c, sizeof(*c));
}

/* A context of `size` bytes; a reference on cred is taken unless `adopt`. */
static struct dss_ctx *
ctx_new(struct dss_cred *cred, bool adopt, bool server, bool http,
	size_t size)
{
	/* malloc, then zeroed: cheaper than glibc's calloc for this size */
	size_t got = size;
	struct dss_ctx *c = http ? block_take(size, &got) : dss_alloc(size);

	if (c == NULL)
		return NULL;
	/*
	 * Zeroed; a server's HTTP context only before the union (the
	 * largest part), which it never touches.
	 */
	if (server && http) /* each size a constant: a few stores */
		dss_zero(c, offsetof(struct dss_ctx, http));
	else
		dss_zero(c, sizeof(*c));
	if (!http)
		c->sasl = &c->sasl_state;
	dss_obj_init(&c->obj, DSS_KIND_CTX, ctx_destroy);
	dss_lock_init(&c->lock);
	c->block_size = (uint32_t)got;
	c->server = server;
	c->is_http = http;
	c->state = DSS_ST_NEW;
	c->start = dss_filetime_now();
	c->cred = cred;
	if (!adopt)
		dss_obj_ref(&cred->obj);
	return c;
}

struct dss_ctx *
dss_ctx_new(struct dss_cred *cred, bool server, bool http)
{
	return ctx_new(cred, false, server, http, sizeof(struct dss_ctx));
}

struct dss_ctx *
dss_ctx_new_client_http(struct dss_cred *cred)
{
	size_t size = offsetof(struct dss_ctx, http) +
		      sizeof(struct dss_http_client) + DSS_HTTP_CLIENT_ROOM;
	struct dss_ctx *c = ctx_new(cred, false, false, true,
				    size > sizeof(struct dss_ctx) ?
					    size :
					    sizeof(struct dss_ctx));

	if (c != NULL) {
		c->http.room = (char *)(&c->http + 1);
		c->http.room_size = DSS_HTTP_CLIENT_ROOM;
	}
	return c;
}

struct dss_ctx *
dss_ctx_new_server_http(struct dss_cred *cred, bool adopt)
{
	return ctx_new(cred, adopt, true, true, offsetof(struct dss_ctx, http));
}

struct dss_ctx *
dss_ctx_get(const CtxtHandle *h)
{
	struct dss_ctx *c =
		(struct dss_ctx *)dss_handle_ref(h, DSS_KIND_CTX);

	if (c != NULL)
		dss_lock_take(&c->lock);
	return c;
}

void
dss_ctx_put(struct dss_ctx *c)
{
	dss_lock_give(&c->lock);
	dss_obj_unref(&c->obj);
}

void
dss_ctx_unref(struct dss_ctx *c)
{
	if (c != NULL)
		dss_obj_unref(&c->obj);
}

const struct dss_identity *
dss_ctx_identity(const struct dss_ctx *c)
{
	return c->used_supplied ? &c->supplied : &c->cred->id;
}

/* see sspi.h */
SECURITY_STATUS SEC_ENTRY
DeleteSecurityContext(PCtxtHandle phContext)
{
	struct dss_obj *o;

	switch (dss_handle_unpublish(phContext, DSS_KIND_CTX, &o)) {
	case DSS_UNPUBLISHED:
		dss_obj_unref(o); /* wiped when the last user lets go */
		return SEC_E_OK;
	case DSS_ALREADY_GONE:
		return SEC_E_OK; /* api.md 3.10: already deleted is fine */
	case DSS_NOT_OURS:
	default:
		return SEC_E_INVALID_HANDLE;
	}
}

/* ---- buffers ------------------------------------------------------------- */

bool
dss_desc_ok(const SecBufferDesc *d)
{
	ULONG i;

	if (d->ulVersion != SECBUFFER_VERSION)
		return false;
	if (d->cBuffers > 0 && d->pBuffers == NULL)
		return false;
	for (i = 0; i < d->cBuffers; i++)
		if (d->pBuffers[i].cbBuffer > 0 &&
		    d->pBuffers[i].pvBuffer == NULL)
			return false;
	return true;
}

SecBuffer *
dss_desc_find(const SecBufferDesc *d, ULONG type, ULONG from)
{
	ULONG i;

	if (d == NULL)
		return NULL;
	for (i = from; i < d->cBuffers; i++)
		if (dss_buftype(&d->pBuffers[i]) == type)
			return &d->pBuffers[i];
	return NULL;
}

bool
dss_desc_slot_text(const SecBufferDesc *d, ULONG i, ULONG type,
		   struct dss_span *out)
{
	const SecBuffer *b;
	size_t n;

	*out = dss_span("", 0);
	if (d == NULL || i >= d->cBuffers)
		return true;
	b = &d->pBuffers[i];
	if (dss_buftype(b) == SECBUFFER_EMPTY && b->cbBuffer == 0)
		return true;
	if (dss_buftype(b) != type && dss_buftype(b) != SECBUFFER_EMPTY)
		return false;
	n = b->cbBuffer;
	/* some callers count the terminating NUL (buffers.md 1.5) */
	while (n > 0 && ((const char *)b->pvBuffer)[n - 1] == '\0')
		n--;
	/* an empty span never carries a NULL pointer (memchr, memcpy) */
	*out = n > 0 ? dss_span(b->pvBuffer, n) : dss_span("", 0);
	return true;
}

/* Tokens up to this size are written once, here, then copied out. */
#define WRITE_SCRATCH 1024

static SECURITY_STATUS
deliver(SecBuffer *b, bool allocate, const char *text, size_t len,
	bool *allocated)
{
	char *p;

	if (len >= UINT32_MAX)
		return allocate ? SEC_E_INSUFFICIENT_MEMORY :
				  SEC_E_BUFFER_TOO_SMALL;
	if (!allocate) {
		/* too small: the caller's buffer stays untouched */
		if (len > b->cbBuffer)
			return SEC_E_BUFFER_TOO_SMALL;
		if (len > 0)
			memcpy(b->pvBuffer, text, len);
		if (len < b->cbBuffer)
			((char *)b->pvBuffer)[len] = '\0';
		b->cbBuffer = (ULONG)len;
		return SEC_E_OK;
	}
	p = dss_ctxbuf_alloc(len + 1);
	if (p == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	if (len > 0)
		memcpy(p, text, len);
	p[len] = '\0';
	b->pvBuffer = p;
	b->cbBuffer = (ULONG)len;
	*allocated = true;
	return SEC_E_OK;
}

SECURITY_STATUS
dss_write_text(SecBuffer *b, bool allocate, const char *text, size_t len,
	       bool *allocated)
{
	*allocated = false;
	return deliver(b, allocate, text, len, allocated);
}

SECURITY_STATUS
dss_write_token(SecBuffer *b, bool allocate, dss_emit_fn fn, const void *arg,
		bool *allocated)
{
	char scratch[WRITE_SCRATCH]; /* not secret: a token for the wire */
	struct dss_strbuf sb;
	char *p;

	*allocated = false;
	/* the usual case: one pass into the scratch, then one copy */
	dss_sb_init(&sb, scratch, sizeof(scratch));
	fn(arg, &sb);
	if (!sb.overflow)
		return deliver(b, allocate, scratch, sb.len, allocated);
	/* a longer token: measure first, then write in place */
	if (sb.len >= UINT32_MAX)
		return allocate ? SEC_E_INSUFFICIENT_MEMORY :
				  SEC_E_BUFFER_TOO_SMALL;
	if (!allocate) {
		if (sb.len > b->cbBuffer)
			return SEC_E_BUFFER_TOO_SMALL;
		dss_sb_init(&sb, b->pvBuffer, b->cbBuffer);
		fn(arg, &sb);
		dss_sb_terminate(&sb);
		b->cbBuffer = (ULONG)sb.len;
		return SEC_E_OK;
	}
	p = dss_ctxbuf_alloc(sb.len + 1);
	if (p == NULL)
		return SEC_E_INSUFFICIENT_MEMORY;
	dss_sb_init(&sb, p, sb.len + 1);
	fn(arg, &sb);
	dss_sb_terminate(&sb);
	b->pvBuffer = p;
	b->cbBuffer = (ULONG)sb.len;
	*allocated = true;
	return SEC_E_OK;
}
