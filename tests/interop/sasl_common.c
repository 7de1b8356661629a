/*
 * sasl_common.c - see sasl_common.h.
 */
#include "sasl_common.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- byte buffer ------------------------------------------------------- */

void
bytes_append(struct bytes *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *q;

		while (cap < b->len + n + 1)
			cap *= 2;
		q = realloc(b->p, cap);
		if (q == NULL) {
			fprintf(stderr, "out of memory\n");
			exit(99);
		}
		b->p = q;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = 0; /* tokens print as C strings */
}

void
bytes_set(struct bytes *b, const void *p, size_t n)
{
	b->len = 0;
	bytes_append(b, p, n);
}

void
bytes_free(struct bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

const char *
bytes_show(const struct bytes *b)
{
	static char out[700];
	size_t i, o = 0;

	for (i = 0; i < b->len && o < 600; i++) {
		unsigned char c = b->p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			                      "\\x%02x", c);
	}
	if (i < b->len)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "...");
	out[o] = '\0';
	return out;
}

/* --- results ----------------------------------------------------------- */

int
verbose(void)
{
	const char *v = getenv("INTEROP_VERBOSE");

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static unsigned n_passed, n_failed, n_skipped;

void
t_ok(const char *name)
{
	printf("ok %s\n", name);
	fflush(stdout);
	n_passed++;
}

void
t_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	n_failed++;
}

void
t_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("skip %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	n_skipped++;
}

void
t_note(const char *fmt, ...)
{
	va_list ap;

	printf("#   ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int
t_summary(void)
{
	printf("%u passed, %u failed", n_passed, n_failed);
	if (n_skipped > 0)
		printf(", %u skipped", n_skipped);
	printf("\n");
	return n_failed > 0 ? 1 : 0;
}

void
t_missing_peer(const char *why)
{
	const char *ci = getenv("CI");

	if (ci != NULL && strcmp(ci, "true") == 0) {
		printf("FAIL: %s (CI=true: a missing peer is a failure)\n",
		       why);
		exit(1);
	}
	printf("SKIP: %s\n", why);
	exit(77);
}

const char *
sec_name(SECURITY_STATUS st)
{
	/* clang-format off */
	static const struct {
		SECURITY_STATUS st;
		const char *name;
	} names[] = {
#define N(x) { x, #x }
		N(SEC_E_OK), N(SEC_I_CONTINUE_NEEDED), N(SEC_I_COMPLETE_NEEDED),
		N(SEC_I_COMPLETE_AND_CONTINUE), N(SEC_E_INSUFFICIENT_MEMORY),
		N(SEC_E_INVALID_HANDLE), N(SEC_E_UNSUPPORTED_FUNCTION),
		N(SEC_E_TARGET_UNKNOWN), N(SEC_E_INTERNAL_ERROR),
		N(SEC_E_SECPKG_NOT_FOUND), N(SEC_E_INVALID_TOKEN),
		N(SEC_E_QOP_NOT_SUPPORTED), N(SEC_E_LOGON_DENIED),
		N(SEC_E_UNKNOWN_CREDENTIALS), N(SEC_E_NO_CREDENTIALS),
		N(SEC_E_MESSAGE_ALTERED), N(SEC_E_OUT_OF_SEQUENCE),
		N(SEC_E_NO_AUTHENTICATING_AUTHORITY),
		N(SEC_E_INCOMPLETE_MESSAGE), N(SEC_E_BUFFER_TOO_SMALL),
		N(SEC_E_WRONG_PRINCIPAL), N(SEC_E_SECURITY_QOS_FAILED),
		N(SEC_E_CRYPTO_SYSTEM_INVALID), N(SEC_E_INVALID_PARAMETER),
		N(SEC_E_BAD_BINDINGS),
#undef N
		{ (SECURITY_STATUS)STATUS_LOGON_FAILURE,
		  "STATUS_LOGON_FAILURE" },
	};
	/* clang-format on */
	static char buf[96];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].st == st) {
			snprintf(buf, sizeof(buf), "%s (0x%08lx)",
			         names[i].name, (unsigned long)(uint32_t)st);
			return buf;
		}
	snprintf(buf, sizeof(buf), "0x%08lx", (unsigned long)(uint32_t)st);
	return buf;
}

/* --- the digestssp side ------------------------------------------------ */

static char package[] = "WDigest";

static void
set_identity(SEC_WINNT_AUTH_IDENTITY_EXA *id, struct dss_ep *e)
{
	memset(id, 0, sizeof(*id));
	id->Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id->Length = sizeof(*id);
	id->User = (unsigned char *)e->user;
	id->UserLength = (ULONG)strlen(e->user);
	id->Domain = (unsigned char *)e->domain;
	id->DomainLength = (ULONG)strlen(e->domain);
	id->Password = (unsigned char *)e->password;
	id->PasswordLength = (ULONG)strlen(e->password);
	id->Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
}

SECURITY_STATUS
dss_client_new(struct dss_ep *e, const char *user, const char *domain,
               const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	TimeStamp expiry;
	SECURITY_STATUS st;

	memset(e, 0, sizeof(*e));
	snprintf(e->user, sizeof(e->user), "%s", user);
	snprintf(e->domain, sizeof(e->domain), "%s", domain);
	snprintf(e->password, sizeof(e->password), "%s", password);
	snprintf(e->target, sizeof(e->target), "%s", T_TARGET);
	set_identity(&id, e);
	st =
	    AcquireCredentialsHandleA(NULL, package, SECPKG_CRED_OUTBOUND, NULL,
	                              &id, NULL, NULL, &e->cred, &expiry);
	if (st == SEC_E_OK)
		e->have_cred = 1;
	else
		snprintf(e->err, sizeof(e->err),
		         "AcquireCredentialsHandleA(OUTBOUND): %s",
		         sec_name(st));
	return st;
}

SECURITY_STATUS
dss_server_new(struct dss_ep *e, const char *service, const char *user,
               const char *realm, const char *password)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SecPkgCredentials_DigestRealmA r;
	char principal[64], realmbuf[64];
	TimeStamp expiry;
	SECURITY_STATUS st;

	memset(e, 0, sizeof(*e));
	e->server = 1;
	snprintf(e->user, sizeof(e->user), "%s", user);
	snprintf(e->domain, sizeof(e->domain), "%s", realm);
	snprintf(e->password, sizeof(e->password), "%s", password);
	if (service != NULL)
		snprintf(principal, sizeof(principal), "%s", service);
	set_identity(&id, e);
	st = AcquireCredentialsHandleA(service != NULL ? principal : NULL,
	                               package, SECPKG_CRED_INBOUND, NULL, &id,
	                               NULL, NULL, &e->cred, &expiry);
	if (st != SEC_E_OK) {
		snprintf(e->err, sizeof(e->err),
		         "AcquireCredentialsHandleA(INBOUND): %s",
		         sec_name(st));
		return st;
	}
	e->have_cred = 1;
	snprintf(realmbuf, sizeof(realmbuf), "%s", realm);
	r.sRealm = realmbuf;
	st = SetCredentialsAttributesA(&e->cred, DIGESTSSP_CRED_ATTR_REALM, &r,
	                               sizeof(r));
	if (st != SEC_E_OK)
		snprintf(e->err, sizeof(e->err),
		         "SetCredentialsAttributesA(REALM): %s", sec_name(st));
	return st;
}

SECURITY_STATUS
dss_client_step(struct dss_ep *e, ULONG flags, const struct bytes *in,
                struct bytes *out)
{
	unsigned char obuf[4096];
	SecBuffer ib, ob;
	SecBufferDesc idesc, odesc;
	SECURITY_STATUS st;

	ib.cbBuffer = in != NULL ? (ULONG)in->len : 0;
	ib.BufferType = SECBUFFER_TOKEN;
	ib.pvBuffer = in != NULL ? in->p : NULL;
	idesc.ulVersion = SECBUFFER_VERSION;
	idesc.cBuffers = 1;
	idesc.pBuffers = &ib;
	ob.cbBuffer = sizeof(obuf);
	ob.BufferType = SECBUFFER_TOKEN;
	ob.pvBuffer = obuf;
	odesc.ulVersion = SECBUFFER_VERSION;
	odesc.cBuffers = 1;
	odesc.pBuffers = &ob;
	st = InitializeSecurityContextA(e->have_ctx ? NULL : &e->cred,
	                                e->have_ctx ? &e->ctx : NULL, e->target,
	                                flags, 0, 0, in != NULL ? &idesc : NULL,
	                                0, &e->ctx, &odesc, &e->attrs, NULL);
	if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED) {
		e->have_ctx = 1;
		bytes_set(out, obuf, ob.cbBuffer);
		if (st == SEC_E_OK)
			e->done = 1;
	} else {
		bytes_set(out, "", 0);
		snprintf(e->err, sizeof(e->err),
		         "InitializeSecurityContextA: %s", sec_name(st));
	}
	return st;
}

SECURITY_STATUS
dss_server_step(struct dss_ep *e, ULONG flags, const struct bytes *in,
                struct bytes *out)
{
	unsigned char obuf[4096];
	SecBuffer ib, ob;
	SecBufferDesc idesc, odesc;
	SECURITY_STATUS st;

	ib.cbBuffer = in != NULL ? (ULONG)in->len : 0;
	ib.BufferType = SECBUFFER_TOKEN;
	ib.pvBuffer = in != NULL ? in->p : NULL;
	idesc.ulVersion = SECBUFFER_VERSION;
	idesc.cBuffers = 1;
	idesc.pBuffers = &ib;
	ob.cbBuffer = sizeof(obuf);
	ob.BufferType = SECBUFFER_TOKEN;
	ob.pvBuffer = obuf;
	odesc.ulVersion = SECBUFFER_VERSION;
	odesc.cBuffers = 1;
	odesc.pBuffers = &ob;
	st = AcceptSecurityContext(&e->cred, e->have_ctx ? &e->ctx : NULL,
	                           &idesc, flags, 0, &e->ctx, &odesc, &e->attrs,
	                           NULL);
	if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED) {
		e->have_ctx = 1;
		bytes_set(out, obuf, ob.cbBuffer);
		if (st == SEC_E_OK)
			e->done = 1;
	} else {
		bytes_set(out, "", 0);
		snprintf(e->err, sizeof(e->err), "AcceptSecurityContext: %s",
		         sec_name(st));
	}
	return st;
}

int
dss_layer_setup(struct dss_ep *e)
{
	SECURITY_STATUS st;
	ULONG conf =
	    e->server ? ASC_RET_CONFIDENTIALITY : ISC_RET_CONFIDENTIALITY;
	ULONG integ = e->server ? ASC_RET_INTEGRITY : ISC_RET_INTEGRITY;

	if (e->attrs & conf)
		e->layer = LAYER_CONF;
	else if (e->attrs & integ)
		e->layer = LAYER_INT;
	else
		e->layer = LAYER_NONE;
	st = QueryContextAttributesA(&e->ctx, SECPKG_ATTR_SIZES, &e->sizes);
	if (st != SEC_E_OK) {
		snprintf(e->err, sizeof(e->err),
		         "QueryContextAttributesA(SIZES): %s", sec_name(st));
		return -1;
	}
	if (e->layer == LAYER_NONE)
		return 0;
	st = QueryContextAttributesA(&e->ctx, SECPKG_ATTR_STREAM_SIZES,
	                             &e->stream);
	if (st != SEC_E_OK) {
		snprintf(e->err, sizeof(e->err),
		         "QueryContextAttributesA(STREAM_SIZES): %s",
		         sec_name(st));
		return -1;
	}
	return 0;
}

int
dss_cipher(struct dss_ep *e, char *buf, size_t size)
{
	SecPkgContext_KeyInfoA ki;
	SECURITY_STATUS st;

	memset(&ki, 0, sizeof(ki));
	st = QueryContextAttributesA(&e->ctx, SECPKG_ATTR_KEY_INFO, &ki);
	if (st != SEC_E_OK) {
		snprintf(e->err, sizeof(e->err),
		         "QueryContextAttributesA(KEY_INFO): %s", sec_name(st));
		return -1;
	}
	snprintf(buf, size, "%s",
	         ki.sEncryptAlgorithmName ? ki.sEncryptAlgorithmName
	                                  : "(null)");
	FreeContextBuffer(ki.sSignatureAlgorithmName);
	FreeContextBuffer(ki.sEncryptAlgorithmName);
	return 0;
}

void
dss_ep_free(struct dss_ep *e)
{
	if (e->have_ctx)
		DeleteSecurityContext(&e->ctx);
	if (e->have_cred)
		FreeCredentialsHandle(&e->cred);
	e->have_ctx = 0;
	e->have_cred = 0;
}

size_t
token_maxbuf(const struct bytes *tok)
{
	const char *s = (const char *)tok->p;
	const char *m;

	if (s == NULL)
		return DEFAULT_MAXBUF;
	for (m = strstr(s, "maxbuf="); m != NULL;
	     m = strstr(m + 1, "maxbuf=")) {
		/* a directive name starts the token or follows a comma */
		const char *q = m;

		while (q > s && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (q == s || q[-1] == ',') {
			m += strlen("maxbuf=");
			if (*m == '"')
				m++;
			return (size_t)strtoul(m, NULL, 10);
		}
	}
	return DEFAULT_MAXBUF;
}

/* --- digestssp wrap / unwrap ------------------------------------------- */

static void
put_be32(unsigned char *p, size_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static size_t
get_be32(const unsigned char *p)
{
	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 |
	       (size_t)p[3];
}

static size_t
dss_max_out(void *self)
{
	struct dss_ep *e = self;

	return e->stream.cbMaximumMessage;
}

/*
 * auth-conf: EncryptMessage(DATA, PADDING). auth-int: alternately
 * MakeSignature(TOKEN, DATA) and EncryptMessage(SECQOP_WRAP_NO_ENCRYPT).
 * Wire payload = DATA then TOKEN/PADDING bytes.
 */
static int
dss_wrap(void *self, const unsigned char *msg, size_t len, struct bytes *wire,
         char *err, size_t errlen)
{
	struct dss_ep *e = self;
	unsigned char *data = malloc(len + 1);
	unsigned char trailer[64], hdr[4];
	SecBuffer b[2];
	SecBufferDesc d;
	SECURITY_STATUS st;
	int use_encrypt = e->layer == LAYER_CONF || e->nwrap % 2 == 1;
	const char *fn;

	if (data == NULL)
		abort();
	if (len > 0)
		memcpy(data, msg, len);
	memset(trailer, 0xEE, sizeof(trailer));
	d.ulVersion = SECBUFFER_VERSION;
	d.cBuffers = 2;
	d.pBuffers = b;
	if (use_encrypt) {
		ULONG cap = e->sizes.cbSecurityTrailer + e->sizes.cbBlockSize;

		fn = e->layer == LAYER_CONF
		         ? "EncryptMessage(0)"
		         : "EncryptMessage(SECQOP_WRAP_NO_ENCRYPT)";
		if (cap > sizeof(trailer)) {
			snprintf(err, errlen,
			         "SIZES: trailer %lu + block %lu "
			         "too large",
			         (unsigned long)e->sizes.cbSecurityTrailer,
			         (unsigned long)e->sizes.cbBlockSize);
			free(data);
			return LAYER_ERR;
		}
		b[0].cbBuffer = (ULONG)len;
		b[0].BufferType = SECBUFFER_DATA;
		b[0].pvBuffer = data;
		b[1].cbBuffer = cap;
		b[1].BufferType = SECBUFFER_PADDING;
		b[1].pvBuffer = trailer;
		st = EncryptMessage(
		    &e->ctx,
		    e->layer == LAYER_CONF ? 0 : SECQOP_WRAP_NO_ENCRYPT, &d, 0);
	} else {
		fn = "MakeSignature";
		b[0].cbBuffer = e->sizes.cbMaxSignature;
		b[0].BufferType = SECBUFFER_TOKEN;
		b[0].pvBuffer = trailer;
		b[1].cbBuffer = (ULONG)len;
		b[1].BufferType = SECBUFFER_DATA;
		b[1].pvBuffer = data;
		st = MakeSignature(&e->ctx, 0, &d, 0);
	}
	if (st != SEC_E_OK) {
		snprintf(err, errlen, "%s of %zu bytes (frame %lu): %s", fn,
		         len, e->nwrap, sec_name(st));
		free(data);
		return LAYER_ERR;
	}
	e->nwrap++;
	{
		const SecBuffer *db = use_encrypt ? &b[0] : &b[1];
		const SecBuffer *tb = use_encrypt ? &b[1] : &b[0];

		if (db->cbBuffer != len || db->pvBuffer != data) {
			snprintf(err, errlen,
			         "%s changed the DATA buffer "
			         "(cbBuffer %zu -> %lu)",
			         fn, len, (unsigned long)db->cbBuffer);
			free(data);
			return LAYER_ERR;
		}
		if (e->layer == LAYER_INT && len > 0 &&
		    memcmp(data, msg, len) != 0) {
			snprintf(err, errlen,
			         "%s (integrity only) altered "
			         "the message",
			         fn);
			free(data);
			return LAYER_ERR;
		}
		if (tb->cbBuffer < 16 || tb->cbBuffer > sizeof(trailer)) {
			snprintf(err, errlen, "%s: trailer of %lu bytes", fn,
			         (unsigned long)tb->cbBuffer);
			free(data);
			return LAYER_ERR;
		}
		put_be32(hdr, len + tb->cbBuffer);
		bytes_append(wire, hdr, 4);
		bytes_append(wire, data, len);
		bytes_append(wire, trailer, tb->cbBuffer);
	}
	free(data);
	return LAYER_OK;
}

/*
 * auth-conf: DecryptMessage(one DATA buffer). auth-int: alternately
 * VerifySignature(DATA message, TOKEN last 16 bytes) and DecryptMessage.
 */
static int
dss_unwrap(void *self, const unsigned char *frame, size_t flen,
           struct bytes *plain, char *err, size_t errlen)
{
	struct dss_ep *e = self;
	size_t plen = flen - 4;
	unsigned char *buf = malloc(plen + 1);
	SecBuffer b[2];
	SecBufferDesc d;
	SECURITY_STATUS st;
	ULONG qop = 0xdeadbeef;
	int use_decrypt = e->layer == LAYER_CONF || e->nunwrap % 2 == 1;
	ULONG want_qop;
	const char *fn;

	if (buf == NULL)
		abort();
	memcpy(buf, frame + 4, plen);
	d.ulVersion = SECBUFFER_VERSION;
	d.pBuffers = b;
	if (use_decrypt) {
		fn = "DecryptMessage";
		want_qop = e->layer == LAYER_INT ? SECQOP_WRAP_NO_ENCRYPT : 0;
		d.cBuffers = 1;
		b[0].cbBuffer = (ULONG)plen;
		b[0].BufferType = SECBUFFER_DATA;
		b[0].pvBuffer = buf;
		st = DecryptMessage(&e->ctx, &d, 0, &qop);
	} else {
		fn = "VerifySignature";
		want_qop = 0;
		if (plen < 16) {
			snprintf(err, errlen,
			         "frame payload of %zu bytes "
			         "is shorter than a MAC trailer",
			         plen);
			free(buf);
			return LAYER_ERR;
		}
		d.cBuffers = 2;
		b[0].cbBuffer = (ULONG)(plen - 16);
		b[0].BufferType = SECBUFFER_DATA;
		b[0].pvBuffer = buf;
		b[1].cbBuffer = 16;
		b[1].BufferType = SECBUFFER_TOKEN;
		b[1].pvBuffer = buf + plen - 16;
		st = VerifySignature(&e->ctx, &d, 0, &qop);
	}
	if (st != SEC_E_OK) {
		snprintf(err, errlen,
		         "%s of a %zu-byte payload (frame %lu): "
		         "%s",
		         fn, plen, e->nunwrap, sec_name(st));
		free(buf);
		return LAYER_ERR;
	}
	e->nunwrap++;
	if (qop != want_qop) {
		snprintf(err, errlen, "%s: *pfQOP = 0x%lx, expected 0x%lx", fn,
		         (unsigned long)qop, (unsigned long)want_qop);
		free(buf);
		return LAYER_ERR;
	}
	if (b[0].pvBuffer != buf || b[0].cbBuffer > plen) {
		snprintf(err, errlen,
		         "%s: DATA buffer moved or grew "
		         "(cbBuffer %lu of %zu)",
		         fn, (unsigned long)b[0].cbBuffer, plen);
		free(buf);
		return LAYER_ERR;
	}
	bytes_append(plain, buf, b[0].cbBuffer);
	free(buf);
	return LAYER_OK;
}

void
dss_peer(struct peer *p, struct dss_ep *e, const char *name, size_t in_maxbuf)
{
	p->name = name;
	p->self = e;
	p->max_out = dss_max_out;
	p->wrap = dss_wrap;
	p->unwrap = dss_unwrap;
	p->in_maxbuf = in_maxbuf;
}

/* --- exchange ---------------------------------------------------------- */

int
exchange(struct peer *from, struct peer *to, const unsigned char *msg,
         size_t len, char *err, size_t errlen)
{
	struct bytes wire = {0}, plain = {0};
	size_t max = from->max_out(from->self);
	size_t off = 0, nframes = 0;
	int rc;

	if (max == 0) {
		snprintf(err, errlen, "%s: largest plaintext per frame is 0",
		         from->name);
		return LAYER_ERR;
	}
	/* sender: split into chunks of at most max bytes */
	do {
		size_t n = len - off < max ? len - off : max;

		rc = from->wrap(from->self, msg + off, n, &wire, err, errlen);
		if (rc != LAYER_OK)
			goto out;
		off += n;
	} while (off < len);
	/* receiver: one frame at a time */
	off = 0;
	while (off < wire.len) {
		size_t flen;

		if (wire.len - off < 4) {
			snprintf(err, errlen,
			         "%s sent a truncated frame header",
			         from->name);
			rc = LAYER_ERR;
			goto out;
		}
		flen = get_be32(wire.p + off);
		if (flen > wire.len - off - 4) {
			snprintf(err, errlen,
			         "%s: frame length %zu exceeds "
			         "the %zu bytes it produced",
			         from->name, flen, wire.len - off - 4);
			rc = LAYER_ERR;
			goto out;
		}
		if (flen > to->in_maxbuf) {
			snprintf(err, errlen,
			         "%s sent a %zu-byte frame "
			         "payload, above the receiver's maxbuf %zu "
			         "(sender's largest plaintext: %zu)",
			         from->name, flen, to->in_maxbuf, max);
			rc = LAYER_ERR;
			goto out;
		}
		rc = to->unwrap(to->self, wire.p + off, flen + 4, &plain, err,
		                errlen);
		if (rc != LAYER_OK)
			goto out;
		off += flen + 4;
		nframes++;
	}
	if (plain.len != len || (len > 0 && memcmp(plain.p, msg, len) != 0)) {
		size_t i = 0;

		while (i < len && i < plain.len && plain.p[i] == msg[i])
			i++;
		snprintf(err, errlen,
		         "%s received %zu bytes in %zu frame(s), "
		         "sent %zu; first difference at offset %zu",
		         to->name, plain.len, nframes, len, i);
		rc = LAYER_ERR;
		goto out;
	}
	if (verbose())
		t_note("%s -> %s: %zu bytes in %zu frame(s), %zu wire bytes "
		       "(largest plaintext per frame %zu)",
		       from->name, to->name, len, nframes, wire.len, max);
	rc = LAYER_OK;
out:
	bytes_free(&wire);
	bytes_free(&plain);
	return rc;
}

void
test_data(unsigned char *buf, size_t n, unsigned seed)
{
	uint32_t x = 2463534242u ^ (seed * 2654435761u);
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)(x >> 11);
	}
}

const size_t msg_sizes[] = {0, 1, 16, 1000, 4096, 65536};
const size_t n_msg_sizes = sizeof(msg_sizes) / sizeof(msg_sizes[0]);

/* --- sides and the exchange --------------------------------------------- */

/* clang-format off */
const char *const stage_names[] = {
	"server start", "client start", "client response", "server check",
	"client check", "done"
};
/* clang-format on */

ULONG
isc_flags(enum layer l)
{
	return l == LAYER_CONF  ? ISC_REQ_CONFIDENTIALITY
	       : l == LAYER_INT ? ISC_REQ_INTEGRITY
	                        : 0;
}

ULONG
asc_flags(enum layer l)
{
	return l == LAYER_CONF  ? ASC_REQ_CONFIDENTIALITY
	       : l == LAYER_INT ? ASC_REQ_INTEGRITY
	                        : 0;
}

int
side_client_new(struct side *s, const struct lib_ops *lib, const char *password,
                const char *domain, const struct qcase *q)
{
	memset(s, 0, sizeof(*s));
	s->lib = lib;
	if (lib == NULL) {
		s->flags = isc_flags(q->layer);
		if (dss_client_new(&s->d, T_USER, domain, password) == SEC_E_OK)
			return 0;
		snprintf(s->err, sizeof(s->err), "%s", s->d.err);
		return -1;
	}
	return lib->client_new(&s->ep, password, q, s->err, sizeof(s->err));
}

int
side_server_new(struct side *s, const struct lib_ops *lib,
                const struct qcase *q)
{
	memset(s, 0, sizeof(*s));
	s->lib = lib;
	if (lib == NULL) {
		s->flags = asc_flags(q->layer);
		if (dss_server_new(&s->d, T_SERVICE, T_USER, T_REALM,
		                   T_PASSWORD) == SEC_E_OK)
			return 0;
		snprintf(s->err, sizeof(s->err), "%s", s->d.err);
		return -1;
	}
	return lib->server_new(&s->ep, q, s->err, sizeof(s->err));
}

void
side_free(struct side *s)
{
	if (s->lib == NULL)
		dss_ep_free(&s->d);
	else if (s->ep != NULL)
		s->lib->free(s->ep);
	s->ep = NULL;
	bytes_free(&s->sent);
}

void
outcome_free(struct outcome *o)
{
	bytes_free(&o->chal);
	bytes_free(&o->resp);
	bytes_free(&o->final);
}

void
show_transcript(const struct lib_ops *lib, const struct outcome *o)
{
	if (o->chal.len)
		t_note("challenge: %s", bytes_show(&o->chal));
	if (o->resp.len)
		t_note("response:  %s", bytes_show(&o->resp));
	if (o->final.len)
		t_note("final:     %s", bytes_show(&o->final));
	if (lib != NULL && lib->log != NULL && lib->log()[0] != '\0')
		t_note("%s log: %s", lib->name, lib->log());
}

void
authenticate(struct side *c, struct side *s, int tamper, struct outcome *o,
             char *err, size_t errlen)
{
	SECURITY_STATUS st;
	int rc;

	memset(o, 0, sizeof(*o));
	err[0] = '\0';

	/* 1. the server's challenge */
	o->failed = ST_SERVER_START;
	if (s->lib == NULL) {
		st = dss_server_step(&s->d, s->flags, NULL, &o->chal);
		o->code = st;
		if (st != SEC_I_CONTINUE_NEEDED || o->chal.len == 0) {
			snprintf(err, errlen,
			         "first AcceptSecurityContext: "
			         "%s, %zu-byte token (expected "
			         "SEC_I_CONTINUE_NEEDED + challenge)",
			         sec_name(st), o->chal.len);
			return;
		}
	} else {
		rc = s->lib->server_start(s->ep, &o->chal, &o->code, err,
		                          errlen);
		if (rc != STEP_CONTINUE || o->chal.len == 0) {
			if (rc != STEP_FAIL)
				snprintf(err, errlen, "no challenge");
			return;
		}
	}
	bytes_set(&s->sent, o->chal.p, o->chal.len);

	/* 2. the client starts (DIGEST-MD5 is server-first) */
	o->failed = ST_CLIENT_START;
	if (c->lib == NULL) {
		struct bytes out = {0};

		st = dss_client_step(&c->d, c->flags, NULL, &out);
		o->code = st;
		if (st != SEC_I_CONTINUE_NEEDED || out.len != 0) {
			snprintf(err, errlen,
			         "first InitializeSecurityContextA"
			         " (no input): %s, %zu-byte token (expected "
			         "SEC_I_CONTINUE_NEEDED, empty)",
			         sec_name(st), out.len);
			bytes_free(&out);
			return;
		}
		bytes_free(&out);
	} else {
		rc = c->lib->client_start(c->ep, &o->code, err, errlen);
		if (rc != STEP_CONTINUE) {
			if (rc != STEP_FAIL)
				snprintf(err, errlen, "client start: done?");
			return;
		}
	}

	/* 3. the client answers the challenge */
	o->failed = ST_CLIENT_RESPONSE;
	if (c->lib == NULL) {
		st = dss_client_step(&c->d, c->flags, &o->chal, &o->resp);
		o->code = st;
		if (st != SEC_I_CONTINUE_NEEDED || o->resp.len == 0) {
			snprintf(err, errlen,
			         "InitializeSecurityContextA("
			         "challenge): %s, %zu-byte token (expected "
			         "SEC_I_CONTINUE_NEEDED + response)",
			         sec_name(st), o->resp.len);
			return;
		}
	} else {
		rc = c->lib->step(c->ep, &o->chal, &o->resp, &o->code, err,
		                  errlen);
		if (rc != STEP_CONTINUE || o->resp.len == 0) {
			if (rc != STEP_FAIL)
				snprintf(err, errlen,
				         "client step(challenge):"
				         " %s, %zu-byte response (expected to "
				         "continue)",
				         rc == STEP_DONE ? "done" : "continue",
				         o->resp.len);
			return;
		}
	}
	bytes_set(&c->sent, o->resp.p, o->resp.len);

	/* 4. the server checks the response */
	o->failed = ST_SERVER_CHECK;
	if (s->lib == NULL) {
		st = dss_server_step(&s->d, s->flags, &o->resp, &o->final);
		o->code = st;
		if (st != SEC_E_OK || o->final.len == 0) {
			snprintf(err, errlen,
			         "AcceptSecurityContext(response)"
			         ": %s, %zu-byte token (expected SEC_E_OK + "
			         "rspauth)",
			         sec_name(st), o->final.len);
			return;
		}
	} else {
		rc = s->lib->step(s->ep, &o->resp, &o->final, &o->code, err,
		                  errlen);
		if (rc != STEP_DONE || o->final.len == 0) {
			if (rc != STEP_FAIL)
				snprintf(err, errlen,
				         "server step(response):"
				         " %s, %zu-byte rspauth (expected done "
				         "+ rspauth)",
				         rc == STEP_DONE ? "done" : "continue",
				         o->final.len);
			return;
		}
	}
	if (tamper) {
		/* flip the last hex digit of rspauth=<32 hex> */
		unsigned char *last = o->final.p + o->final.len - 1;

		*last = *last == '0' ? '1' : '0';
	}

	/* 5. the client checks rspauth */
	o->failed = ST_CLIENT_CHECK;
	if (c->lib == NULL) {
		struct bytes out = {0};

		st = dss_client_step(&c->d, c->flags, &o->final, &out);
		o->code = st;
		if (st != SEC_E_OK || out.len != 0) {
			snprintf(err, errlen,
			         "InitializeSecurityContextA("
			         "rspauth): %s, %zu-byte token (expected "
			         "SEC_E_OK, empty)",
			         sec_name(st), out.len);
			bytes_free(&out);
			return;
		}
		bytes_free(&out);
	} else {
		struct bytes out = {0};

		rc =
		    c->lib->step(c->ep, &o->final, &out, &o->code, err, errlen);
		bytes_free(&out);
		if (rc != STEP_DONE) {
			if (rc != STEP_FAIL)
				snprintf(err, errlen,
				         "client step(rspauth): "
				         "not done");
			return;
		}
	}
	o->failed = ST_DONE;
	o->code = 0;
}

/* --- checks after authentication ---------------------------------------- */

/* What a digestssp side negotiated: attributes, cipher, sizes. peer_maxbuf
 * is the maxbuf its peer announced (DEFAULT_MAXBUF if none). */
static int
check_dss(struct dss_ep *e, const struct qcase *q, size_t peer_maxbuf,
          char *err, size_t errlen)
{
	ULONG mutual = e->server ? ASC_RET_MUTUAL_AUTH : ISC_RET_MUTUAL_AUTH;
	char cipher[32];
	ULONG want_block, want_trailer;

	if (!(e->attrs & mutual)) {
		snprintf(err, errlen, "attributes 0x%08lx lack %s_MUTUAL_AUTH",
		         (unsigned long)e->attrs,
		         e->server ? "ASC_RET" : "ISC_RET");
		return -1;
	}
	if (dss_layer_setup(e) != 0) {
		snprintf(err, errlen, "%s", e->err);
		return -1;
	}
	if (e->layer != q->layer) {
		snprintf(err, errlen,
		         "attributes 0x%08lx give layer %d, "
		         "expected %d (0 auth, 1 auth-int, 2 auth-conf)",
		         (unsigned long)e->attrs, (int)e->layer, (int)q->layer);
		return -1;
	}
	if (dss_cipher(e, cipher, sizeof(cipher)) != 0) {
		snprintf(err, errlen, "%s", e->err);
		return -1;
	}
	if (strcmp(cipher, q->cipher) != 0) {
		snprintf(err, errlen,
		         "KEY_INFO sEncryptAlgorithmName \"%s\", "
		         "expected \"%s\"",
		         cipher, q->cipher);
		return -1;
	}
	if (q->layer == LAYER_NONE) {
		if (e->sizes.cbMaxSignature != 0 ||
		    e->sizes.cbSecurityTrailer != 0) {
			snprintf(err, errlen,
			         "qop=auth SIZES: cbMaxSignature "
			         "%lu cbSecurityTrailer %lu, expected 0 0",
			         (unsigned long)e->sizes.cbMaxSignature,
			         (unsigned long)e->sizes.cbSecurityTrailer);
			return -1;
		}
		return 0;
	}
	want_block =
	    strcmp(q->cipher, "des") == 0 || strcmp(q->cipher, "3des") == 0 ? 8
	                                                                    : 1;
	want_trailer = want_block == 8 ? 24 : 16;
	if (e->sizes.cbMaxSignature != 16 ||
	    e->sizes.cbBlockSize != want_block ||
	    e->sizes.cbSecurityTrailer != want_trailer) {
		snprintf(err, errlen,
		         "SIZES cbMaxSignature %lu cbBlockSize %lu"
		         " cbSecurityTrailer %lu, expected 16 %lu %lu",
		         (unsigned long)e->sizes.cbMaxSignature,
		         (unsigned long)e->sizes.cbBlockSize,
		         (unsigned long)e->sizes.cbSecurityTrailer,
		         (unsigned long)want_block,
		         (unsigned long)want_trailer);
		return -1;
	}
	if (e->stream.cbHeader != 0 || e->stream.cbTrailer != want_trailer ||
	    e->stream.cbMaximumMessage != peer_maxbuf - want_trailer) {
		snprintf(err, errlen,
		         "STREAM_SIZES cbHeader %lu cbTrailer %lu"
		         " cbMaximumMessage %lu, expected 0 %lu %zu (peer "
		         "maxbuf %zu)",
		         (unsigned long)e->stream.cbHeader,
		         (unsigned long)e->stream.cbTrailer,
		         (unsigned long)e->stream.cbMaximumMessage,
		         (unsigned long)want_trailer,
		         peer_maxbuf - want_trailer, peer_maxbuf);
		return -1;
	}
	return 0;
}

/* qop=auth: the message functions refuse. */
static int
check_no_layer(struct dss_ep *e, char *err, size_t errlen)
{
	unsigned char data[8] = "abcdefg", trailer[32];
	SecBuffer b[2];
	SecBufferDesc d = {SECBUFFER_VERSION, 2, b};
	SECURITY_STATUS st;

	b[0] = (SecBuffer){sizeof(data), SECBUFFER_DATA, data};
	b[1] = (SecBuffer){sizeof(trailer), SECBUFFER_PADDING, trailer};
	st = EncryptMessage(&e->ctx, 0, &d, 0);
	if (st != SEC_E_QOP_NOT_SUPPORTED) {
		snprintf(err, errlen,
		         "EncryptMessage on a qop=auth context: "
		         "%s, expected SEC_E_QOP_NOT_SUPPORTED",
		         sec_name(st));
		return -1;
	}
	b[0] = (SecBuffer){16, SECBUFFER_TOKEN, trailer};
	b[1] = (SecBuffer){sizeof(data), SECBUFFER_DATA, data};
	st = MakeSignature(&e->ctx, 0, &d, 0);
	if (st != SEC_E_QOP_NOT_SUPPORTED) {
		snprintf(err, errlen,
		         "MakeSignature on a qop=auth context: "
		         "%s, expected SEC_E_QOP_NOT_SUPPORTED",
		         sec_name(st));
		return -1;
	}
	return 0;
}

/*
 * Frames from the peer library that were tampered with or replayed must
 * be refused by digestssp, and the context must stay usable.
 */
static void
check_tamper(const char *prefix, struct peer *lib, struct peer *dss)
{
	struct dss_ep *e = dss->self;
	unsigned char msg[100];
	struct bytes wire = {0}, plain = {0}, bad = {0};
	char name[200], err[600];
	SecBuffer b;
	SecBufferDesc d = {SECBUFFER_VERSION, 1, &b};
	ULONG qop;
	SECURITY_STATUS st;

	snprintf(name, sizeof(name),
	         "%s: tampered and replayed frames "
	         "refused, context still usable",
	         prefix);
	test_data(msg, sizeof(msg), 4242);
	if (lib->wrap(lib->self, msg, sizeof(msg), &wire, err, sizeof(err)) !=
	    LAYER_OK) {
		t_fail(name, "%s", err);
		goto out;
	}
	/* one flipped bit in the protected part */
	bytes_set(&bad, wire.p + 4, wire.len - 4);
	bad.p[10] ^= 0x01;
	b = (SecBuffer){(ULONG)bad.len, SECBUFFER_DATA, bad.p};
	st = DecryptMessage(&e->ctx, &d, 0, &qop);
	if (st != SEC_E_MESSAGE_ALTERED) {
		t_fail(name,
		       "DecryptMessage of a frame with one flipped bit: "
		       "%s, expected SEC_E_MESSAGE_ALTERED",
		       sec_name(st));
		goto out;
	}
	/* the genuine frame still goes through */
	if (dss->unwrap(e, wire.p, wire.len, &plain, err, sizeof(err)) !=
	    LAYER_OK) {
		t_fail(name, "genuine frame after a refused one: %s", err);
		goto out;
	}
	if (plain.len != sizeof(msg) || memcmp(plain.p, msg, sizeof(msg))) {
		t_fail(name, "genuine frame after a refused one: plaintext "
		             "differs");
		goto out;
	}
	/* the same frame again: a replay */
	bytes_set(&bad, wire.p + 4, wire.len - 4);
	b = (SecBuffer){(ULONG)bad.len, SECBUFFER_DATA, bad.p};
	st = DecryptMessage(&e->ctx, &d, 0, &qop);
	if (st != SEC_E_OUT_OF_SEQUENCE && st != SEC_E_MESSAGE_ALTERED) {
		t_fail(name,
		       "DecryptMessage of a replayed frame: %s, expected "
		       "SEC_E_OUT_OF_SEQUENCE or SEC_E_MESSAGE_ALTERED",
		       sec_name(st));
		goto out;
	}
	if (verbose())
		t_note("replayed frame: %s", sec_name(st));
	/* and the stream continues */
	if (exchange(lib, dss, msg, sizeof(msg), err, sizeof(err)) != 0) {
		t_fail(name, "next frame after a refused replay: %s", err);
		goto out;
	}
	t_ok(name);
out:
	bytes_free(&wire);
	bytes_free(&plain);
	bytes_free(&bad);
}

/* --- the generic cases -------------------------------------------------- */

static void
pair_name(char *buf, size_t size, const struct lib_ops *cl,
          const struct lib_ops *sl)
{
	snprintf(buf, size, "%s-client/%s-server", cl ? cl->name : "dss",
	         sl ? sl->name : "dss");
}

static void
log_clear(const struct lib_ops *a, const struct lib_ops *b)
{
	if (a != NULL && a->log_clear != NULL)
		a->log_clear();
	if (b != NULL && b != a && b->log_clear != NULL)
		b->log_clear();
}

static const struct lib_ops *
lib_of(const struct lib_ops *a, const struct lib_ops *b)
{
	return a != NULL ? a : b;
}

/* A security-layer peer for a side; peer_in_maxbuf: what the other side
 * announced. */
static void
side_peer(struct peer *p, struct side *s, const char *name,
          const struct qcase *q, size_t peer_in_maxbuf, size_t own_maxbuf)
{
	if (s->lib == NULL)
		dss_peer(p, &s->d, name, own_maxbuf);
	else
		s->lib->peer(p, s->ep, name, q, peer_in_maxbuf);
}

void
run_case(const struct lib_ops *cl, const struct lib_ops *sl,
         const struct qcase *q)
{
	const struct lib_ops *lib = lib_of(cl, sl);
	struct side c, s;
	struct outcome o;
	struct peer pc, ps;
	char name[240], prefix[200], err[600], pname[64];
	char cname[32], sname[32];
	size_t i, c_maxbuf, s_maxbuf;
	int ok;

	pair_name(pname, sizeof(pname), cl, sl);
	snprintf(prefix, sizeof(prefix), "%s %s", pname, q->name);
	log_clear(cl, sl);
	memset(&o, 0, sizeof(o));
	snprintf(name, sizeof(name), "%s: authenticate", prefix);
	if (side_client_new(&c, cl, T_PASSWORD, T_REALM, q) != 0) {
		t_fail(name, "client setup: %s", c.err);
		side_free(&c);
		return;
	}
	if (side_server_new(&s, sl, q) != 0) {
		t_fail(name, "server setup: %s", s.err);
		side_free(&c);
		side_free(&s);
		return;
	}
	authenticate(&c, &s, 0, &o, err, sizeof(err));
	ok = o.failed == ST_DONE;
	/* the maxbuf each side announced */
	c_maxbuf = token_maxbuf(&c.sent);
	s_maxbuf = token_maxbuf(&s.sent);
	if (!ok) {
		t_fail(name, "%s: %s", stage_names[o.failed], err);
		show_transcript(lib, &o);
		goto out;
	}
	if (ok && cl == NULL)
		ok = check_dss(&c.d, q, s_maxbuf, err, sizeof(err)) == 0;
	if (ok && sl == NULL)
		ok = check_dss(&s.d, q, c_maxbuf, err, sizeof(err)) == 0;
	if (ok && cl != NULL && cl->check != NULL)
		ok = cl->check(c.ep, q, err, sizeof(err)) == 0;
	if (ok && sl != NULL && sl->check != NULL)
		ok = sl->check(s.ep, q, err, sizeof(err)) == 0;
	if (ok && q->layer == LAYER_NONE && (cl == NULL || sl == NULL))
		ok = check_no_layer(cl == NULL ? &c.d : &s.d, err,
		                    sizeof(err)) == 0;
	if (!ok) {
		t_fail(name, "%s", err);
		show_transcript(lib, &o);
		goto out;
	}
	t_ok(name);
	if (verbose())
		show_transcript(lib, &o);
	if (q->layer == LAYER_NONE)
		goto out;

	/* security-layer traffic, interleaved c2s, s2c */
	snprintf(cname, sizeof(cname), "%s client", cl ? cl->name : "dss");
	snprintf(sname, sizeof(sname), "%s server", sl ? sl->name : "dss");
	side_peer(&pc, &c, cname, q, s_maxbuf, c_maxbuf);
	side_peer(&ps, &s, sname, q, c_maxbuf, s_maxbuf);
	for (i = 0; i < n_msg_sizes; i++) {
		int dir;

		for (dir = 0; dir < 2; dir++) {
			struct peer *from = dir == 0 ? &pc : &ps;
			struct peer *to = dir == 0 ? &ps : &pc;
			size_t n = msg_sizes[i];
			unsigned char *msg = malloc(n + 1);
			int rc;

			if (msg == NULL)
				abort();
			test_data(msg, n, (unsigned)(2 * i + (size_t)dir));
			snprintf(name, sizeof(name), "%s: %s %zu bytes", prefix,
			         dir == 0 ? "c2s" : "s2c", n);
			log_clear(cl, sl);
			rc = exchange(from, to, msg, n, err, sizeof(err));
			free(msg);
			if (rc == LAYER_SKIP) {
				t_skip(name, "%s", err);
			} else if (rc != LAYER_OK) {
				t_fail(name, "%s", err);
				t_note("stopping this case: the sequence "
				       "numbers are out of step now");
				show_transcript(lib, &o);
				goto out;
			} else {
				t_ok(name);
			}
		}
	}
	if (cl == NULL && sl != NULL)
		check_tamper(prefix, &ps, &pc);
	else if (sl == NULL && cl != NULL)
		check_tamper(prefix, &pc, &ps);
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}

void
run_wrong_password(const struct lib_ops *cl, const struct lib_ops *sl)
{
	static const struct qcase q = {"auth", LAYER_NONE, "", 0, 65536};
	const struct lib_ops *lib = lib_of(cl, sl);
	struct side c, s;
	struct outcome o;
	char name[200], err[600], pname[64];

	memset(&o, 0, sizeof(o));
	pair_name(pname, sizeof(pname), cl, sl);
	snprintf(name, sizeof(name), "%s: wrong password refused", pname);
	log_clear(cl, sl);
	memset(&s, 0, sizeof(s));
	if (side_client_new(&c, cl, "not-the-secret", T_REALM, &q) != 0 ||
	    side_server_new(&s, sl, &q) != 0) {
		t_fail(name, "setup: %s %s", c.err, s.err);
		goto out;
	}
	authenticate(&c, &s, 0, &o, err, sizeof(err));
	if (o.failed != ST_SERVER_CHECK) {
		t_fail(name, "expected the server check to fail; %s%s%s",
		       o.failed == ST_DONE ? "authentication succeeded"
		                           : stage_names[o.failed],
		       o.failed == ST_DONE ? "" : " failed instead: ",
		       o.failed == ST_DONE ? "" : err);
		show_transcript(lib, &o);
	} else if (sl == NULL && o.code != SEC_E_LOGON_DENIED) {
		t_fail(name,
		       "AcceptSecurityContext: %s, expected "
		       "SEC_E_LOGON_DENIED",
		       sec_name((SECURITY_STATUS)o.code));
		show_transcript(lib, &o);
	} else if (sl != NULL && o.code != sl->bad_auth_code) {
		t_fail(name, "%s; expected %s", err, sl->bad_auth_name);
		show_transcript(lib, &o);
	} else {
		t_ok(name);
	}
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}

void
run_forged_rspauth(const struct lib_ops *sl)
{
	static const struct qcase q = {"auth", LAYER_NONE, "", 0, 65536};
	struct side c, s;
	struct outcome o;
	char name[200], err[600];

	memset(&o, 0, sizeof(o));
	snprintf(name, sizeof(name),
	         "dss-client/%s-server: forged rspauth "
	         "refused (SEC_E_WRONG_PRINCIPAL)",
	         sl->name);
	log_clear(sl, NULL);
	memset(&s, 0, sizeof(s));
	if (side_client_new(&c, NULL, T_PASSWORD, T_REALM, &q) != 0 ||
	    side_server_new(&s, sl, &q) != 0) {
		t_fail(name, "setup: %s %s", c.err, s.err);
		goto out;
	}
	authenticate(&c, &s, 1, &o, err, sizeof(err));
	if (o.failed != ST_CLIENT_CHECK || o.code != SEC_E_WRONG_PRINCIPAL) {
		t_fail(name, "stage \"%s\": %s", stage_names[o.failed],
		       o.failed == ST_DONE ? "the forged rspauth was accepted"
		                           : err);
		show_transcript(sl, &o);
	} else {
		t_ok(name);
	}
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}

void
run_empty_domain(const struct lib_ops *sl)
{
	static const struct qcase q = {"auth", LAYER_NONE, "", 0, 65536};
	struct side c, s;
	struct outcome o;
	char name[200], err[600];

	memset(&o, 0, sizeof(o));
	snprintf(name, sizeof(name),
	         "dss-client/%s-server: empty Domain "
	         "answers with the challenge realm",
	         sl->name);
	log_clear(sl, NULL);
	memset(&s, 0, sizeof(s));
	if (side_client_new(&c, NULL, T_PASSWORD, "", &q) != 0 ||
	    side_server_new(&s, sl, &q) != 0) {
		t_fail(name, "setup: %s %s", c.err, s.err);
		goto out;
	}
	authenticate(&c, &s, 0, &o, err, sizeof(err));
	if (o.failed != ST_DONE) {
		t_fail(name, "%s: %s", stage_names[o.failed], err);
		show_transcript(sl, &o);
	} else if (strstr((const char *)o.resp.p, "realm=\"" T_REALM "\"") ==
	           NULL) {
		t_fail(name, "response without realm=\"" T_REALM "\"");
		show_transcript(sl, &o);
	} else {
		t_ok(name);
	}
out:
	outcome_free(&o);
	side_free(&c);
	side_free(&s);
}
