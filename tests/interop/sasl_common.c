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
	b->p[b->len] = 0;	/* tokens print as C strings */
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
	static char buf[96];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].st == st) {
			snprintf(buf, sizeof(buf), "%s (0x%08lx)",
				names[i].name,
				(unsigned long)(uint32_t)st);
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
	st = AcquireCredentialsHandleA(NULL, package, SECPKG_CRED_OUTBOUND,
		NULL, &id, NULL, NULL, &e->cred, &expiry);
	if (st == SEC_E_OK)
		e->have_cred = 1;
	else
		snprintf(e->err, sizeof(e->err),
			"AcquireCredentialsHandleA(OUTBOUND): %s", sec_name(st));
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
		package, SECPKG_CRED_INBOUND, NULL, &id, NULL, NULL, &e->cred,
		&expiry);
	if (st != SEC_E_OK) {
		snprintf(e->err, sizeof(e->err),
			"AcquireCredentialsHandleA(INBOUND): %s", sec_name(st));
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
		e->have_ctx ? &e->ctx : NULL, e->target, flags, 0, 0,
		in != NULL ? &idesc : NULL, 0, &e->ctx, &odesc, &e->attrs,
		NULL);
	if (st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED) {
		e->have_ctx = 1;
		bytes_set(out, obuf, ob.cbBuffer);
		if (st == SEC_E_OK)
			e->done = 1;
	} else {
		bytes_set(out, "", 0);
		snprintf(e->err, sizeof(e->err), "InitializeSecurityContextA: %s",
			sec_name(st));
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
		&idesc, flags, 0, &e->ctx, &odesc, &e->attrs, NULL);
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
	ULONG conf = e->server ? ASC_RET_CONFIDENTIALITY
			       : ISC_RET_CONFIDENTIALITY;
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
		ki.sEncryptAlgorithmName ? ki.sEncryptAlgorithmName : "(null)");
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

		fn = e->layer == LAYER_CONF ? "EncryptMessage(0)"
			: "EncryptMessage(SECQOP_WRAP_NO_ENCRYPT)";
		if (cap > sizeof(trailer)) {
			snprintf(err, errlen, "SIZES: trailer %lu + block %lu "
				"too large", (unsigned long)
				e->sizes.cbSecurityTrailer,
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
		st = EncryptMessage(&e->ctx, e->layer == LAYER_CONF ? 0
			: SECQOP_WRAP_NO_ENCRYPT, &d, 0);
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
			snprintf(err, errlen, "%s changed the DATA buffer "
				"(cbBuffer %zu -> %lu)", fn, len,
				(unsigned long)db->cbBuffer);
			free(data);
			return LAYER_ERR;
		}
		if (e->layer == LAYER_INT && len > 0 &&
		    memcmp(data, msg, len) != 0) {
			snprintf(err, errlen, "%s (integrity only) altered "
				"the message", fn);
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
			snprintf(err, errlen, "frame payload of %zu bytes "
				"is shorter than a MAC trailer", plen);
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
		snprintf(err, errlen, "%s of a %zu-byte payload (frame %lu): "
			"%s", fn, plen, e->nunwrap, sec_name(st));
		free(buf);
		return LAYER_ERR;
	}
	e->nunwrap++;
	if (qop != want_qop) {
		snprintf(err, errlen, "%s: *pfQOP = 0x%lx, expected 0x%lx",
			fn, (unsigned long)qop, (unsigned long)want_qop);
		free(buf);
		return LAYER_ERR;
	}
	if (b[0].pvBuffer != buf || b[0].cbBuffer > plen) {
		snprintf(err, errlen, "%s: DATA buffer moved or grew "
			"(cbBuffer %lu of %zu)", fn,
			(unsigned long)b[0].cbBuffer, plen);
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
	struct bytes wire = { 0 }, plain = { 0 };
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
			snprintf(err, errlen, "%s sent a truncated frame header",
				from->name);
			rc = LAYER_ERR;
			goto out;
		}
		flen = get_be32(wire.p + off);
		if (flen > wire.len - off - 4) {
			snprintf(err, errlen, "%s: frame length %zu exceeds "
				"the %zu bytes it produced", from->name, flen,
				wire.len - off - 4);
			rc = LAYER_ERR;
			goto out;
		}
		if (flen > to->in_maxbuf) {
			snprintf(err, errlen, "%s sent a %zu-byte frame "
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
		snprintf(err, errlen, "%s received %zu bytes in %zu frame(s), "
			"sent %zu; first difference at offset %zu", to->name,
			plain.len, nframes, len, i);
		rc = LAYER_ERR;
		goto out;
	}
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

const size_t msg_sizes[] = { 0, 1, 16, 1000, 4096, 65536 };
const size_t n_msg_sizes = sizeof(msg_sizes) / sizeof(msg_sizes[0]);
