/*
 * sasl_common.h - shared parts of the SASL DIGEST-MD5 interoperability
 * programs (sasl_cyrus.c, sasl_gsasl.c).
 *
 * - struct bytes: a growable byte buffer.
 * - result lines: "ok NAME", "FAIL NAME: why", "skip NAME: why", and the
 *   summary "N passed, M failed[, K skipped]".
 * - struct dss_ep: one digestssp side (client or server), driven through
 *   the public SSPI API of <digestssp/sspi.h> only.
 * - struct peer + exchange(): send one application message from one side
 *   to the other through the SASL security layer: split it to respect the
 *   sender's largest plaintext per frame, frame it (4-byte big-endian
 *   length + payload), and unwrap every frame on the receiving side.
 * - struct lib_ops: the peer library (Cyrus SASL, GNU SASL) behind one
 *   interface, and the cases run against it: run_case() (authenticate,
 *   check what both sides negotiated, messages both ways, tampered and
 *   replayed frames), run_wrong_password(), run_forged_rspauth(),
 *   run_empty_domain().
 */
#ifndef DSS_INTEROP_SASL_COMMON_H
#define DSS_INTEROP_SASL_COMMON_H

#include <stddef.h>

#include <digestssp/sspi.h>

/* The test identity (as in shared/vectors/sasl-layer.json). */
#define T_USER "chris"
#define T_PASSWORD "secret"
#define T_REALM "elwood.innosoft.com"
#define T_HOST "elwood.innosoft.com"
#define T_SERVICE "imap"
#define T_TARGET T_SERVICE "/" T_HOST

/* maxbuf a side assumes when its peer announced none (RFC 2831). */
#define DEFAULT_MAXBUF 65536u

/* --- byte buffer ------------------------------------------------------- */

struct bytes {
	unsigned char *p;
	size_t len;
	size_t cap;
};

void bytes_append(struct bytes *b, const void *p, size_t n);
void bytes_set(struct bytes *b, const void *p, size_t n);
void bytes_free(struct bytes *b);
/* The contents as a C string for messages: non-printable bytes as \xNN,
 * cut after 600 characters. Returns a static buffer. */
const char *bytes_show(const struct bytes *b);

/* --- results ----------------------------------------------------------- */

void t_ok(const char *name);
void t_fail(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void t_skip(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A "# ..." line under the last result (details, transcripts). */
void t_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* INTEROP_VERBOSE set (not "0"): also show the tokens and frame counts of
 * passing cases. */
int verbose(void);
/* Print the summary line; returns the exit status (0 or 1). */
int t_summary(void);
/* A peer library is unusable: exit 77, or 1 under CI=true. */
void t_missing_peer(const char *why) __attribute__((noreturn));

/* Name of a SECURITY_STATUS, e.g. "SEC_E_LOGON_DENIED (0x8009030c)".
 * Returns a static buffer. */
const char *sec_name(SECURITY_STATUS st);

/* --- the digestssp side ------------------------------------------------ */

enum layer {
	LAYER_NONE, /* qop=auth */
	LAYER_INT,  /* qop=auth-int */
	LAYER_CONF  /* qop=auth-conf */
};

struct dss_ep {
	int server;
	CredHandle cred;
	int have_cred;
	CtxtHandle ctx;
	int have_ctx;
	ULONG attrs; /* last returned context attributes */
	int done;    /* SEC_E_OK reached */
	enum layer layer;
	SecPkgContext_Sizes sizes;
	SecPkgContext_StreamSizes stream;
	unsigned long nwrap;   /* frames wrapped (alternates the calls) */
	unsigned long nunwrap; /* frames unwrapped */
	char user[64], domain[64], password[64], target[128];
	char err[512];
};

/* Client credential: identity {user, domain, password}, ANSI. */
SECURITY_STATUS dss_client_new(struct dss_ep *e, const char *user,
                               const char *domain, const char *password);
/* Server credential for service (NULL: any) with identity {user, realm,
 * password}, and DIGESTSSP_CRED_ATTR_REALM = realm. */
SECURITY_STATUS dss_server_new(struct dss_ep *e, const char *service,
                               const char *user, const char *realm,
                               const char *password);
/* One InitializeSecurityContextA call. in NULL: no input (first call).
 * out receives the output token (replaced). */
SECURITY_STATUS dss_client_step(struct dss_ep *e, ULONG flags,
                                const struct bytes *in, struct bytes *out);
/* One AcceptSecurityContext call; in NULL or empty: first call. */
SECURITY_STATUS dss_server_step(struct dss_ep *e, ULONG flags,
                                const struct bytes *in, struct bytes *out);
/* After SEC_E_OK: query SIZES (and STREAM_SIZES with a layer) and set
 * e->layer from the returned attributes. 0 ok, -1 with e->err set. */
int dss_layer_setup(struct dss_ep *e);
/* The negotiated cipher from SECPKG_ATTR_KEY_INFO into buf ("" for none).
 * 0 ok, -1 with e->err set. */
int dss_cipher(struct dss_ep *e, char *buf, size_t size);
void dss_ep_free(struct dss_ep *e);

/* The maxbuf value a digestssp token announces (challenge or response),
 * DEFAULT_MAXBUF when it has none. */
size_t token_maxbuf(const struct bytes *tok);

/* --- security-layer traffic -------------------------------------------- */

/* Return values of the wrap/unwrap operations. */
#define LAYER_OK 0
#define LAYER_ERR (-1)
#define LAYER_SKIP 1 /* this peer cannot send this message */

struct peer {
	const char *name;
	void *self;
	/* largest plaintext the sender may put into one frame */
	size_t (*max_out)(void *self);
	/* wrap one plaintext chunk (<= max_out) and append the complete
	 * frame(s) (length prefix included) to wire */
	int (*wrap)(void *self, const unsigned char *msg, size_t len,
	            struct bytes *wire, char *err, size_t errlen);
	/* unwrap one complete frame (prefix included) and append the
	 * plaintext */
	int (*unwrap)(void *self, const unsigned char *frame, size_t len,
	              struct bytes *plain, char *err, size_t errlen);
	/* largest frame payload this side accepts (its announced maxbuf) */
	size_t in_maxbuf;
};

/* A peer for a digestssp endpoint (after dss_layer_setup). */
void dss_peer(struct peer *p, struct dss_ep *e, const char *name,
              size_t in_maxbuf);

/* Send len bytes of msg from -> to. 0: the plaintext arrived byte-exact;
 * LAYER_SKIP: the sender cannot send it (err says why); -1: failure
 * described in err. */
int exchange(struct peer *from, struct peer *to, const unsigned char *msg,
             size_t len, char *err, size_t errlen);

/* --- the peer library and the generic cases ------------------------------ */

/* One negotiation to test. */
struct qcase {
	const char *name;
	enum layer layer;
	const char *cipher; /* KEY_INFO sEncryptAlgorithmName, "" none */
	unsigned ssf;       /* Cyrus-style SSF: 0 auth, 1 auth-int, ... */
	unsigned maxbuf;    /* the peer library's own maxbuf (if it has
	                     * one to set) */
};

/* Results of a step of a peer library. */
#define STEP_DONE 0
#define STEP_CONTINUE 1
#define STEP_FAIL (-1)

/* A peer library (Cyrus SASL, GNU SASL) behind one interface. code gets
 * the library's own result code; err a description of a failure. */
struct lib_ops {
	const char *name;   /* "cyrus", "gsasl" */
	long bad_auth_code; /* server result for a wrong password */
	const char *bad_auth_name;
	int (*client_new)(void **ep, const char *password,
	                  const struct qcase *q, char *err, size_t errlen);
	int (*server_new)(void **ep, const struct qcase *q, char *err,
	                  size_t errlen);
	void (*free)(void *ep);
	/* server: produce the challenge */
	int (*server_start)(void *ep, struct bytes *out, long *code, char *err,
	                    size_t errlen);
	/* client: start without input (DIGEST-MD5 is server-first) */
	int (*client_start)(void *ep, long *code, char *err, size_t errlen);
	/* either side: one step with the peer's data */
	int (*step)(void *ep, const struct bytes *in, struct bytes *out,
	            long *code, char *err, size_t errlen);
	/* after success: did the library negotiate q? (may be NULL) */
	int (*check)(void *ep, const struct qcase *q, char *err, size_t errlen);
	/* a security-layer peer; peer_in_maxbuf is what the other side
	 * announced it can receive */
	void (*peer)(struct peer *p, void *ep, const char *name,
	             const struct qcase *q, size_t peer_in_maxbuf);
	/* the library's log since log_clear ("" if none; may be NULL) */
	const char *(*log)(void);
	void (*log_clear)(void);
};

/* One side of an exchange: digestssp (lib == NULL) or the peer library. */
struct side {
	const struct lib_ops *lib;
	struct dss_ep d;
	void *ep;
	ULONG flags;       /* ISC_REQ_ / ASC_REQ_ flags (digestssp) */
	struct bytes sent; /* challenge (server) or response (client) */
	char err[600];
};

/* The exchange, in order. */
enum stage {
	ST_SERVER_START,    /* server: challenge */
	ST_CLIENT_START,    /* client: first call, no input */
	ST_CLIENT_RESPONSE, /* client: challenge -> response */
	ST_SERVER_CHECK,    /* server: response -> rspauth */
	ST_CLIENT_CHECK,    /* client: rspauth -> done */
	ST_DONE
};

extern const char *const stage_names[];

struct outcome {
	enum stage failed; /* ST_DONE: success */
	long code;         /* SECURITY_STATUS or the library's result */
	struct bytes chal, resp, final;
};

ULONG isc_flags(enum layer l);
ULONG asc_flags(enum layer l);
/* lib NULL: digestssp. 0 ok, -1 with s->err set. */
int side_client_new(struct side *s, const struct lib_ops *lib,
                    const char *password, const char *domain,
                    const struct qcase *q);
int side_server_new(struct side *s, const struct lib_ops *lib,
                    const struct qcase *q);
void side_free(struct side *s);
void outcome_free(struct outcome *o);
/* "#" lines: the tokens exchanged and the library's log. */
void show_transcript(const struct lib_ops *lib, const struct outcome *o);
/* Run the DIGEST-MD5 exchange; tamper: flip the last hex digit of the
 * server's rspauth before the client sees it. */
void authenticate(struct side *c, struct side *s, int tamper, struct outcome *o,
                  char *err, size_t errlen);

/* The generic cases. client_lib / server_lib NULL: digestssp. */
void run_case(const struct lib_ops *client_lib,
              const struct lib_ops *server_lib, const struct qcase *q);
void run_wrong_password(const struct lib_ops *client_lib,
                        const struct lib_ops *server_lib);
void run_forged_rspauth(const struct lib_ops *server_lib);
void run_empty_domain(const struct lib_ops *server_lib);

/* Deterministic test data: n bytes derived from seed. */
void test_data(unsigned char *buf, size_t n, unsigned seed);

/* The message sizes sent both ways. */
extern const size_t msg_sizes[];
extern const size_t n_msg_sizes;

#endif
