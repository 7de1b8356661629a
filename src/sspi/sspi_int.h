/*
 * sspi_int.h - the SSPI room: handles, credentials, contexts, buffers.
 *
 * This is the only room that knows Windows types. Every exported
 * function validates its arguments, resolves handles to objects (taking
 * a reference), calls an engine, and commits results only on success.
 */
#ifndef DSS_SSPI_INT_H
#define DSS_SSPI_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <digestssp/sspi.h>

#include "base/base.h"
#include "base/brlock.h"
#include "base/lock.h"
#include "http/http.h"
#include "http/nonce.h"
#include "sasl/sasl.h"
#include "seclayer/seclayer.h"

struct dss_store;

/* ---- objects and handles (handle.c) ------------------------------------ */

enum dss_kind {
	DSS_KIND_CRED = 1,
	DSS_KIND_CTX = 2,
};

/*
 * A credential shared by threads counts the calls and contexts that use
 * it in one cache line per thread group (handle.c), the groups of
 * base/brlock.h: DSS_RC_SPACE bytes hold them at any 16-byte aligned
 * address.
 */
#define DSS_RC_SPACE ((DSS_BR_GROUPS + 1) * DSS_BR_LINE)

/* Common head of every object a handle can name. */
struct dss_obj {
	atomic_int_least64_t refs; /* all of the count, or what groups don't hold */
	enum dss_kind kind;
	void (*destroy)(struct dss_obj *o);
	struct dss_br_group *groups; /* NULL, or the per-group shares */
};

void dss_obj_init(struct dss_obj *o, enum dss_kind kind,
		  void (*destroy)(struct dss_obj *o));

/*
 * Give o a distributed count in `space` (DSS_RC_SPACE bytes that live
 * as long as o), before it is published. While o is published, its
 * references are counted per thread group; unpublishing it gathers them.
 */
void dss_obj_distribute(struct dss_obj *o, unsigned char *space);
void dss_obj_ref(struct dss_obj *o);
void dss_obj_unref(struct dss_obj *o);

/*
 * Put `o` in the handle table (the table takes its own reference) and
 * write its handle. SEC_E_OK or SEC_E_INSUFFICIENT_MEMORY.
 */
SECURITY_STATUS dss_handle_publish(struct dss_obj *o, SecHandle *out);
/*
 * The same, the table taking the caller's reference: for an object
 * complete when published, which the caller does not touch after. On
 * failure the reference stays the caller's.
 */
SECURITY_STATUS dss_handle_publish_given(struct dss_obj *o, SecHandle *out);

/*
 * The object named by *h if it is live and of `kind`, with a new
 * reference for the caller; NULL otherwise (NULL h, garbage, stale,
 * wrong kind). Never dereferences the handle's words.
 */
struct dss_obj *dss_handle_ref(const SecHandle *h, enum dss_kind kind);

enum dss_unpublish {
	DSS_UNPUBLISHED,   /* removed; *out holds the table's reference */
	DSS_ALREADY_GONE,  /* issued by us earlier, already removed */
	DSS_NOT_OURS,      /* never issued, or wrong kind */
};

enum dss_unpublish dss_handle_unpublish(const SecHandle *h, enum dss_kind kind,
					struct dss_obj **out);

/*
 * Takes back a handle published by a call that then failed before the
 * caller saw it, and drops the table's reference.
 */
void dss_handle_withdraw(const SecHandle *h, enum dss_kind kind);

/* ---- FreeContextBuffer-able blocks (ctxbuf.c) ---------------------------- */

/* Zeroed block the caller frees with FreeContextBuffer; NULL on failure. */
void *dss_ctxbuf_alloc(size_t n);

/* SEC_E_OK when p came from dss_ctxbuf_alloc (then wiped and freed). */
SECURITY_STATUS dss_ctxbuf_free(void *p);

/* Copy a UTF-8 string into a new ctxbuf block as char or UTF-16. */
void *dss_ctxbuf_strdup(const char *s, size_t n, bool wide);

/* ---- package information (package.c) ----------------------------------- */

#define DSS_PACKAGE_NAME "WDigest"
#define DSS_MAX_TOKEN 4096u

/* Case-insensitive match of a package name against WDigest. */
bool dss_package_name_ok_a(const char *name);
bool dss_package_name_ok_w(const SEC_WCHAR *name);

/* One ctxbuf block: SecPkgInfoA/W followed by its strings. */
void *dss_package_info_block(bool wide);

/* ---- credentials (cred.c) ------------------------------------------------ */

struct dss_identity {
	char *user;
	size_t user_len;
	char *domain;
	size_t domain_len;
	char *password; /* secret */
	size_t password_len;
	/* user and domain hold no control byte, DEL, '"' or '\\': they
	 * travel in quoted-strings as they are */
	bool names_clean;
};

/*
 * What the HTTP server (asc.c) reads of its credential on every call, as
 * one block that never changes once published: a setter builds a new one
 * under the credential's lock and swaps it in; AcceptSecurityContext
 * loads the current one without a lock. A replaced block stays on
 * `older` until the credential goes, as a running call may still read it
 * (settings are changed before serving, so the chain stays short).
 */
struct dss_server_conf {
	struct dss_server_conf *older;
	size_t size;                       /* of this block */
	uint8_t offer[DSS_HTTP_ALG_COUNT]; /* algorithms offered, in order */
	size_t noffer;
	uint32_t flags;                    /* DIGESTSSP_SERVER_* */
	uint32_t nonce_lifetime;
	uint32_t session_lifetime;
	struct dss_nonce_key key;          /* secret */
	size_t realm_len;
	char realm[];   /* the challenge realm when the call names none */
};

/*
 * One remembered H(user:realm:password) of a client credential: claimed
 * (BUSY), written, then READY; never changed after (dss_cred_ha1_base).
 */
#define DSS_HA1_MEMOS 4
#define DSS_HA1_MEMO_REALM_MAX 125
enum { DSS_MEMO_FREE, DSS_MEMO_BUSY, DSS_MEMO_READY };

struct dss_ha1_memo {
	_Atomic unsigned char state;
	unsigned char h;         /* enum dss_hash_alg */
	unsigned char realm_len;
	char realm[DSS_HA1_MEMO_REALM_MAX];
	uint8_t base[DSS_HASH_MAX]; /* secret */
};

struct dss_cred {
	struct dss_obj obj;
	/*
	 * Threads sharing a server credential take a reference on every
	 * call: the count is distributed over these lines (dss_obj_distribute),
	 * which also keep it off the lines of the fields below.
	 */
	unsigned char rc_space[DSS_RC_SPACE];
	uint32_t use; /* SECPKG_CRED_INBOUND / OUTBOUND */
	bool has_identity;
	struct dss_identity id;
	char *principal; /* UTF-8, may be NULL */
	/*
	 * settings (SetCredentialsAttributes): set under lock; the two
	 * a client reads on every call are atomics it reads without it
	 */
	pthread_mutex_t lock;
	atomic_uint algorithms; /* DSS_HTTP_ALG_BIT mask a client may answer */
	_Atomic uint32_t flags; /* DIGESTSSP_CRED_FLAG_* */
	/* server side */
	SEC_GET_KEY_FN get_key; /* password source callback, or NULL */
	void *get_key_arg;
	char *realm;            /* DIGESTSSP_CRED_ATTR_REALM, or NULL */
	size_t realm_len;
	uint8_t offer[DSS_HTTP_ALG_COUNT]; /* algorithms offered, in order */
	size_t noffer;
	uint32_t server_flags;  /* DIGESTSSP_SERVER_* */
	uint32_t nonce_lifetime;
	uint32_t session_lifetime;
	struct dss_nonce_key nonce_key; /* secret */
	struct dss_store *store;        /* DIGESTSSP_CRED_ATTR_USER_FILE */
	struct dss_session_cache *sessions;
	_Atomic uint32_t opaque_at; /* inbound: dss_http_opaque_hint's guess */
	_Atomic(struct dss_server_conf *) conf; /* inbound: see above */
	/* outbound: H(user:realm:password) of `id` for the first realms */
	struct dss_ha1_memo ha1_memo[DSS_HA1_MEMOS];
	/* outbound: the shape of the last challenge picked, used by one
	 * caller at a time (chal_busy); the others parse */
	atomic_bool chal_busy;
	struct dss_http_challenge_shape *chal;
};

/*
 * H(user:realm:password) of the credential's own identity with hash h,
 * into out (secret): remembered for the first DSS_HA1_MEMOS realms and
 * hashes asked for (realms up to DSS_HA1_MEMO_REALM_MAX bytes), computed
 * every time for others.
 */
void dss_cred_ha1_base(struct dss_cred *c, enum dss_hash_alg h,
		       struct dss_span realm, uint8_t *out);

/*
 * dss_http_pick_challenge, reading tok by the shape of the last challenge
 * this credential picked when it matches (else parsing it, and keeping
 * its shape).
 */
SECURITY_STATUS dss_cred_pick_challenge(struct dss_cred *c, const char *tok,
					size_t n, unsigned allowed,
					struct dss_http_challenge *out);

/* ---- HTTP server sessions (session.c) ------------------------------------- */

/* Our nonces are DSS_NONCE_LEN long; the test build may inject others. */
#define DSS_SESSION_NONCE_MAX 128

/*
 * One challenge and what came of it. Fields below `lock` are guarded by
 * it; the links by the lock of the cache's part (written on its write
 * side); `recent` and the times are atomics, set on its read side or
 * without it, read by the eviction scan.
 */
struct dss_session {
	/*
	 * On lines of its own (allocated with dss_calloc_lines): two
	 * sessions next to each other in memory are often in use on two
	 * threads, which would otherwise share the line between them.
	 */
	_Alignas(64) atomic_int refs;
	atomic_bool discarded;  /* handles die; kept as a tombstone */
	atomic_bool established;
	struct dss_session *hash_next, *lru_prev, *lru_next;
	uint64_t hash; /* of the opaque: the cache's part and bucket */
	bool in_cache;
	atomic_bool recent; /* found since the eviction scan last passed it */
	_Atomic int64_t expires;
	/*
	 * Pinned sessions (authenticated, or dropped after failures) are not
	 * forgotten to make room while their nonce could still be answered
	 * fresh (keep_until): forgetting them would let the stateless nonce
	 * check reopen them with an empty replay window.
	 */
	atomic_bool pinned;
	_Atomic int64_t keep_until;
	char opaque[48];
	size_t opaque_len;
	int64_t created;
	struct dss_lock lock;
	int64_t last_used;
	char nonce[DSS_SESSION_NONCE_MAX + 1];
	size_t nonce_len;
	/*
	 * The settings block `nonce` was made (or its MAC checked) under,
	 * for that block's own realm; NULL otherwise. While the credential
	 * still has that block and the call that realm, the MAC need not be
	 * computed again (asc.c check_first). Compared, never dereferenced.
	 */
	const struct dss_server_conf *nonce_conf;
	int64_t issued;
	char next_nonce[DSS_NONCE_LEN + 1]; /* sent as nextnonce */
	bool has_next;
	bool injected; /* test build: a nonce set by dss_test_set_server_nonce */
	unsigned failures;
	struct dss_nc_window window; /* nonce counts seen on `nonce` */
	/* established: who, and the secret to check later requests with */
	enum dss_http_alg alg;
	enum dss_http_qop qop;
	bool userhash;
	char *user, *realm, *uri; /* one allocation: user's */
	size_t user_len, realm_len, uri_len;
	uint8_t base[DSS_HASH_MAX];   /* secret: H(user:realm:password) */
	uint8_t session_key[DSS_HASH_MAX]; /* secret: H(A1) of the login */
	char userhash_hex[2 * DSS_HASH_MAX + 1];
	/*
	 * secret: the response's hash up to "H(A1) hex:nonce:" for `nonce`,
	 * where every later request on that nonce starts (asc.c
	 * expected_response); valid while `kd_kept_ok`.
	 */
	bool kd_kept_ok;
	struct dss_hash_kept kd_kept;
	/* the last request that passed, to read the next by (asc.c) */
	struct dss_http_shape *shape;
};

struct dss_session_cache *dss_sessions_new(size_t max);
void dss_sessions_free(struct dss_session_cache *c);

/*
 * A new session in the cache, with the given opaque (empty: a random
 * one). Returns it with a reference for the caller, or NULL on OOM.
 */
struct dss_session *dss_session_open(struct dss_session_cache *c,
				     struct dss_span opaque, int64_t now,
				     int64_t expires);

/* The live session named by `opaque`, with a reference; or NULL. */
struct dss_session *dss_session_find(struct dss_session_cache *c,
				     struct dss_span opaque, int64_t now);

/* Set when a session may be forgotten. */
void dss_session_times(struct dss_session_cache *c, struct dss_session *s,
		       int64_t expires, bool pinned, int64_t keep_until);

/* Remove a session that never served anyone (a failed first call). */
void dss_session_discard(struct dss_session_cache *c, struct dss_session *s);

/* Handles of the session die; it stays as a tombstone until keep_until. */
void dss_session_kill(struct dss_session_cache *c, struct dss_session *s,
		      int64_t keep_until);
void dss_session_unref(struct dss_session *s);
size_t dss_sessions_count(struct dss_session_cache *c);
/* Hash heads over all parts (tests: read without the parts' locks). */
size_t dss_sessions_heads(struct dss_session_cache *c);

struct dss_cred *dss_cred_ref(const CredHandle *h);
void dss_cred_unref(struct dss_cred *c);

/* The current server settings of an inbound credential (never NULL). */
static inline const struct dss_server_conf *
dss_cred_conf(struct dss_cred *c)
{
	return atomic_load_explicit(&c->conf, memory_order_acquire);
}

/*
 * Decode a SEC_WINNT_AUTH_IDENTITY_A/W or _EXA/_EXW structure (types.md
 * section 6) into UTF-8 copies. `wide_api` gives the charset when Flags
 * names none. SEC_E_OK, SEC_E_UNKNOWN_CREDENTIALS,
 * SEC_E_INSUFFICIENT_MEMORY.
 */
SECURITY_STATUS dss_identity_decode(const void *auth, bool wide_api,
				    struct dss_identity *out);
void dss_identity_clear(struct dss_identity *id);

/* ---- contexts (context.c) ------------------------------------------------- */

enum dss_ctx_state {
	DSS_ST_NEW,       /* no challenge answered yet */
	DSS_ST_RESPONDED, /* a response was produced */
	DSS_ST_VERIFIED,  /* the server proved itself (rspauth) */
	DSS_ST_FAILED,    /* the peer sent something bad; only delete works */
};

/*
 * NAMES (user "\0" realm "\0") up to this size are kept without an
 * allocation, in the step and in the context.
 */
#define DSS_SASL_NAMES_INLINE 48

/* The SASL DIGEST-MD5 state of a context (sasl.c). */
struct dss_ctx_sasl {
	struct dss_sasl_session sess;  /* secret: H(A1); qop, cipher, maxbuf */
	/*
	 * secret; allocated when a layer is installed: never NULL while the
	 * context is VERIFIED with a qop other than auth
	 */
	struct dss_seclayer *layer;
	unsigned offer_qops, offer_ciphers; /* server: what it offered */
	/*
	 * NAMES: as sent / as authenticated; both in one block, names_buf
	 * or (longer) the allocation `names`
	 */
	char *names;
	const char *peer_user, *peer_realm;
	size_t peer_user_len, peer_realm_len;
	size_t nonce_len;              /* server: the nonce it issued */
	char nonce[DSS_SESSION_NONCE_MAX + 1];
	char names_buf[DSS_SASL_NAMES_INLINE];
};

struct dss_ctx {
	struct dss_obj obj;
	struct dss_lock lock; /* serialises every call on the context */
	uint32_t block_size;  /* bytes allocated for it (context.c) */
	bool server;
	bool is_http;
	enum dss_ctx_state state;
	struct dss_cred *cred; /* own reference: outlives the handle */
	uint32_t attrs;        /* last *pfContextAttr */
	int64_t start;         /* FILETIME of creation */
	bool used_supplied;    /* identity came from an input buffer */
	struct dss_identity supplied;
	char *target;          /* SASL client: digest-uri of the last
				* response (HTTP: in the client state) */
	size_t target_len;
	struct dss_session *session; /* server (HTTP): the session named */
	struct dss_ctx_sasl *sasl;   /* SASL: &sasl_state; HTTP: NULL */
	/* the mode is fixed when the context is made: one or the other */
	union {
		struct dss_http_client http;	/* HTTP (client) */
		struct dss_ctx_sasl sasl_state; /* SASL */
	};
};

/* New client/server context with a reference on `cred`; NULL on OOM. */
struct dss_ctx *dss_ctx_new(struct dss_cred *cred, bool server, bool http);

/*
 * A client HTTP context (with a reference on `cred`) with room for
 * DSS_HTTP_CLIENT_ROOM bytes of its answer's strings in its own block,
 * after its state: ctx->http.room.
 */
#define DSS_HTTP_CLIENT_ROOM 256
struct dss_ctx *dss_ctx_new_client_http(struct dss_cred *cred);

/*
 * A server HTTP context (with a reference on `cred`, or taking the
 * caller's with `adopt`), without the union of the other kinds, which it
 * never uses: its block ends where that union starts.
 */
struct dss_ctx *dss_ctx_new_server_http(struct dss_cred *cred, bool adopt);

/*
 * Resolve and lock a context handle. NULL when the handle is not a live
 * context; a FAILED context is returned (callers decide).
 */
struct dss_ctx *dss_ctx_get(const CtxtHandle *h);

/* Unlock and drop the reference dss_ctx_get() took. */
void dss_ctx_put(struct dss_ctx *c);

/* Drop a reference on a context that is not locked. */
void dss_ctx_unref(struct dss_ctx *c);

/* ---- SASL DIGEST-MD5 (sasl.c) ------------------------------------------- */

/* Room for a token in the step itself (a challenge is shorter). */
#define DSS_SASL_STEP_TOKEN 2048

/*
 * A SASL step prepared without touching the context. The fields up to
 * nonce_buf are set by dss_sasl_step_init(); the buffers after it are
 * only read as far as their lengths say.
 */
struct dss_sasl_step {
	char *token;            /* the output to send (token_buf or heap) */
	size_t token_len;
	struct dss_sasl_session sasl;
	char *names;            /* user "\0" realm "\0": names_buf or heap */
	size_t user_len, realm_len;
	size_t nonce_len;       /* a nonce in nonce_buf (0: none) */
	unsigned offer_qops, offer_ciphers;
	bool layer;             /* install the security layer */
	struct dss_seclayer *new_layer; /* its memory, when layer */
	bool complete;          /* the exchange is over */
	ULONG attrs;            /* ISC_RET_ / ASC_RET_ security bits */
	char nonce_buf[DSS_SESSION_NONCE_MAX + 1];
	char names_buf[DSS_SASL_NAMES_INLINE];
	char token_buf[DSS_SASL_STEP_TOKEN];
};

/* Ready a step for dss_sasl_client_step or dss_sasl_server_step. */
void dss_sasl_step_init(struct dss_sasl_step *st);

void dss_sasl_step_clear(struct dss_sasl_step *st);

/* Install a prepared step in the context (cannot fail). */
void dss_sasl_step_commit(struct dss_ctx *c, struct dss_sasl_step *st,
			  bool client);

/*
 * Client (ISC without the HTTP flag) with a token: the challenge (state
 * NEW or complete: reauthentication) or the final rspauth (RESPONDED).
 * *peer_fault tells an error caused by the token. Nothing is changed.
 */
SECURITY_STATUS dss_sasl_client_step(const struct dss_ctx *c,
				     const struct dss_identity *id,
				     struct dss_span target, ULONG req,
				     struct dss_span tok,
				     struct dss_sasl_step *st,
				     bool *peer_fault);

/*
 * Server (ASC without ASC_REQ_HTTP): an empty token gives the challenge
 * (c may be NULL: a new context); a token on a challenged context is the
 * response. Nothing is changed.
 */
SECURITY_STATUS dss_sasl_server_step(struct dss_cred *cred,
				     const struct dss_ctx *c, ULONG req,
				     struct dss_span tok,
				     struct dss_sasl_step *st);

/* Wipe and free the SASL part of a context. */
void dss_sasl_ctx_clear(struct dss_ctx *c);

/* SASL message functions (sasl.c); the context is locked. */
SECURITY_STATUS dss_sasl_make_signature(struct dss_ctx *c, ULONG fQOP,
					PSecBufferDesc m);
SECURITY_STATUS dss_sasl_verify_signature(struct dss_ctx *c,
					  PSecBufferDesc m, ULONG *pfQOP);
SECURITY_STATUS dss_sasl_encrypt(struct dss_ctx *c, ULONG fQOP,
				 PSecBufferDesc m);
SECURITY_STATUS dss_sasl_decrypt(struct dss_ctx *c, PSecBufferDesc m,
				 ULONG *pfQOP);

/* The identity a context answers with. */
const struct dss_identity *dss_ctx_identity(const struct dss_ctx *c);

/* ---- buffers (context.c) ------------------------------------------------- */

#define DSS_MAX_INPUT_TOKEN 65536u

static inline ULONG
dss_buftype(const SecBuffer *b)
{
	return b->BufferType & ~SECBUFFER_ATTRMASK;
}

static inline bool
dss_buf_readonly(const SecBuffer *b)
{
	return (b->BufferType &
		(SECBUFFER_READONLY | SECBUFFER_READONLY_WITH_CHECKSUM)) != 0;
}

/* No token produced: an empty TOKEN buffer, when the caller gave one. */
static inline void
dss_write_none(SecBuffer *b, bool allocate)
{
	if (b == NULL || dss_buf_readonly(b))
		return;
	if (allocate)
		b->pvBuffer = NULL;
	b->cbBuffer = 0;
}

/* buffers.md section 1 rule 2. NULL is fine (checked by callers). */
bool dss_desc_ok(const SecBufferDesc *d);

/* First buffer of `type` (attribute bits masked), or NULL. */
SecBuffer *dss_desc_find(const SecBufferDesc *d, ULONG type, ULONG from);

/*
 * Positional slot `i` as text (buffers.md section 1 rules 3 and 5): absent
 * or EMPTY -> empty span; wrong type -> false. Trailing NULs stripped.
 */
bool dss_desc_slot_text(const SecBufferDesc *d, ULONG i, ULONG type,
			struct dss_span *out);

/*
 * Write a text token into `b` (caller capacity or package allocation).
 * SEC_E_OK, SEC_E_BUFFER_TOO_SMALL, SEC_E_INSUFFICIENT_MEMORY.
 * The emitter writes into a stack scratch once; only a token longer than
 * that is measured first and written again in place.
 */
typedef void (*dss_emit_fn)(const void *arg, struct dss_strbuf *sb);
SECURITY_STATUS dss_write_token(SecBuffer *b, bool allocate, dss_emit_fn fn,
				const void *arg, bool *allocated);

/* The same for a token already written out (len bytes of text). */
SECURITY_STATUS dss_write_text(SecBuffer *b, bool allocate, const char *text,
			       size_t len, bool *allocated);


/*
 * CompleteAuthToken / VerifySignature on an established HTTP server
 * session (asc.c): SEC_E_OK, SEC_E_INVALID_TOKEN, SEC_E_OUT_OF_SEQUENCE,
 * SEC_E_MESSAGE_ALTERED. The context is locked by the caller.
 */
SECURITY_STATUS dss_http_server_verify(struct dss_ctx *ctx,
				       const SecBufferDesc *in);

/* The Authorization directive list of `c` for (uri, nc) into `b`. */
SECURITY_STATUS dss_write_http_response(SecBuffer *b, bool allocate,
					const struct dss_http_client *c,
					struct dss_span uri, uint32_t nc,
					const uint8_t *resp, bool *allocated);

/* FILETIME now (UTC, 100 ns since 1601). */
int64_t dss_filetime_now(void);

/* Unix seconds now (test hook aware). */
int64_t dss_unix_now(void);

static inline void
dss_set_never(PTimeStamp ts)
{
	if (ts != NULL)
		ts->QuadPart = DIGESTSSP_TIMESTAMP_NEVER;
}

/*
 * A request-target we can put in uri="...": not empty, no controls, no
 * double quote (api.md 3.7: SEC_E_TARGET_UNKNOWN otherwise).
 */
bool dss_uri_ok(struct dss_span uri);

/*
 * H(entity-body) as hex for hash `h` (auth-int). In order: the positional
 * slot (2*size hex characters, or `size` raw bytes), a SECBUFFER_DATA
 * buffer at index >= data_from (the body itself, hashed here), else the
 * empty body. SEC_E_INVALID_TOKEN when the slot holds anything else.
 */
SECURITY_STATUS dss_entity_hex(const SecBufferDesc *in, ULONG slot,
			       ULONG data_from, enum dss_hash_alg h, char *out);

#ifdef DSS_TESTING
/* The nonce set by dss_test_set_server_nonce(), if any (asc.c). */
bool dss_test_injected_nonce(char *out, size_t *len);
#endif

/* A fresh cnonce (hex of 16 random bytes; test hook aware). */
bool dss_make_cnonce(char *out, size_t cap, size_t *len);

#endif
