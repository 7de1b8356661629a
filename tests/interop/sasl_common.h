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
 */
#ifndef DSS_INTEROP_SASL_COMMON_H
#define DSS_INTEROP_SASL_COMMON_H

#include <stddef.h>

#include <digestssp/sspi.h>

/* The test identity (as in shared/vectors/sasl-layer.json). */
#define T_USER		"chris"
#define T_PASSWORD	"secret"
#define T_REALM		"elwood.innosoft.com"
#define T_HOST		"elwood.innosoft.com"
#define T_SERVICE	"imap"
#define T_TARGET	T_SERVICE "/" T_HOST

/* maxbuf a side assumes when its peer announced none (RFC 2831). */
#define DEFAULT_MAXBUF	65536u

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
/* Print the summary line; returns the exit status (0 or 1). */
int t_summary(void);
/* A peer library is unusable: exit 77, or 1 under CI=true. */
void t_missing_peer(const char *why) __attribute__((noreturn));

/* Name of a SECURITY_STATUS, e.g. "SEC_E_LOGON_DENIED (0x8009030c)".
 * Returns a static buffer. */
const char *sec_name(SECURITY_STATUS st);

/* --- the digestssp side ------------------------------------------------ */

enum layer {
	LAYER_NONE,	/* qop=auth */
	LAYER_INT,	/* qop=auth-int */
	LAYER_CONF	/* qop=auth-conf */
};

struct dss_ep {
	int server;
	CredHandle cred;
	int have_cred;
	CtxtHandle ctx;
	int have_ctx;
	ULONG attrs;		/* last returned context attributes */
	int done;		/* SEC_E_OK reached */
	enum layer layer;
	SecPkgContext_Sizes sizes;
	SecPkgContext_StreamSizes stream;
	unsigned long nwrap;	/* frames wrapped (alternates the calls) */
	unsigned long nunwrap;	/* frames unwrapped */
	char user[64], domain[64], password[64], target[128];
	char err[512];
};

/* Client credential: identity {user, domain, password}, ANSI. */
SECURITY_STATUS dss_client_new(struct dss_ep *e, const char *user,
	const char *domain, const char *password);
/* Server credential for service (NULL: any) with identity {user, realm,
 * password}, and DIGESTSSP_CRED_ATTR_REALM = realm. */
SECURITY_STATUS dss_server_new(struct dss_ep *e, const char *service,
	const char *user, const char *realm, const char *password);
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
#define LAYER_OK	0
#define LAYER_ERR	(-1)
#define LAYER_SKIP	1	/* this peer cannot send this message */

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

/* Deterministic test data: n bytes derived from seed. */
void test_data(unsigned char *buf, size_t n, unsigned seed);

/* The message sizes sent both ways. */
extern const size_t msg_sizes[];
extern const size_t n_msg_sizes;

#endif
