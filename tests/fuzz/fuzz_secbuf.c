/*
 * fuzz_secbuf.c - SecBufferDesc shapes. The input is a small script:
 *
 *   op        which call (ISC/ASC in both modes, CompleteAuthToken,
 *             MakeSignature, VerifySignature, EncryptMessage,
 *             DecryptMessage, QueryContextAttributesA) and its flags
 *   desc      flags (NULL descriptor, bad version), buffer count (0-8),
 *             then per buffer: type with attribute bits, a NULL pointer
 *             bit, a 16-bit length (at most 4096) and, when asked, the
 *             content taken from the script
 *   (ISC/ASC also read an output descriptor the same way)
 *
 * Every pointer handed to the library points at memory of exactly the
 * stated length (malloc'ed to size, so ASan sees any overrun). Buffers
 * marked SECBUFFER_READONLY must come back unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define MAXBUF 8
#define MAXLEN 4096

struct script {
	const uint8_t *p;
	size_t n;
};

static unsigned
rd(struct script *s)
{
	if (s->n == 0)
		return 0;
	s->n--;
	return *s->p++;
}

struct desc {
	SecBufferDesc d;
	SecBuffer b[MAXBUF];
	void *own[MAXBUF];     /* our allocation behind b[i] */
	size_t own_len[MAXBUF];
	void *copy[MAXBUF];    /* READONLY buffers: the content before */
	int null_desc;
};

static void
desc_build(struct desc *x, struct script *s)
{
	static const ULONG types[16] = {
		SECBUFFER_EMPTY,   SECBUFFER_DATA,     SECBUFFER_TOKEN,
		SECBUFFER_PKG_PARAMS, SECBUFFER_MISSING, SECBUFFER_EXTRA,
		SECBUFFER_PADDING, SECBUFFER_STREAM,   14 /* CHANNEL_BINDINGS */,
		SECBUFFER_TOKEN,   SECBUFFER_DATA,     SECBUFFER_PADDING,
		SECBUFFER_PKG_PARAMS, 6, 8, 0x7FFu
	};
	unsigned f = rd(s), count, i;

	memset(x, 0, sizeof(*x));
	x->null_desc = (f & 1) != 0;
	x->d.ulVersion = f & 2 ? 1u : SECBUFFER_VERSION;
	count = rd(s) % (MAXBUF + 1);
	x->d.cBuffers = count;
	x->d.pBuffers = count > 0 || !(f & 4) ? x->b : NULL;
	for (i = 0; i < count; i++) {
		unsigned t = rd(s), len = rd(s);

		len |= rd(s) << 8;
		len %= MAXLEN + 1;
		x->b[i].BufferType = types[t & 15];
		if (t & 0x10)
			x->b[i].BufferType |= SECBUFFER_READONLY;
		if (t & 0x20)
			x->b[i].BufferType |= SECBUFFER_READONLY_WITH_CHECKSUM;
		if (t & 0x40) {
			/* a NULL pointer, with length 0 */
			x->b[i].pvBuffer = NULL;
			x->b[i].cbBuffer = 0;
			continue;
		}
		x->own[i] = malloc(len > 0 ? len : 1);
		FZ_CHECK(x->own[i] != NULL);
		x->own_len[i] = len;
		memset(x->own[i], 0, len);
		if (t & 0x80) {
			size_t k = len < s->n ? len : s->n;

			memcpy(x->own[i], s->p, k);
			s->p += k;
			s->n -= k;
		}
		x->b[i].pvBuffer = x->own[i];
		x->b[i].cbBuffer = len;
		if (t & 0x10) {
			x->copy[i] = fz_dup(x->own[i], len);
		}
	}
}

static SecBufferDesc *
desc_ptr(struct desc *x)
{
	return x->null_desc ? NULL : &x->d;
}

/* Is p inside one of our allocations? */
static int
ours(const struct desc *x, const void *p)
{
	size_t i;

	for (i = 0; i < MAXBUF; i++) {
		const char *o = x->own[i];

		if (o != NULL && (const char *)p >= o &&
		    (const char *)p <= o + x->own_len[i])
			return 1;
	}
	return 0;
}

/*
 * After the call: READONLY buffers unchanged; buffers the package
 * allocated (ALLOCATE_MEMORY) freed with FreeContextBuffer.
 */
static void
desc_done(struct desc *x, int allocated)
{
	size_t i;

	for (i = 0; i < MAXBUF; i++) {
		if (x->copy[i] != NULL) {
			FZ_CHECK(memcmp(x->copy[i], x->own[i],
					x->own_len[i]) == 0);
			free(x->copy[i]);
		}
		if (allocated && i < x->d.cBuffers &&
		    x->b[i].pvBuffer != NULL && !ours(x, x->b[i].pvBuffer))
			FZ_CHECK(FreeContextBuffer(x->b[i].pvBuffer) ==
				 SEC_E_OK);
		free(x->own[i]);
	}
}

/* The SASL pairs (auth-conf rc4, auth-int), made once. */
struct pair {
	int up;
	CredHandle cc, sc;
	CtxtHandle c, s;
};

static struct pair pairs[2];

static void
free_pairs(void)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!pairs[i].up)
			continue;
		DeleteSecurityContext(&pairs[i].c);
		DeleteSecurityContext(&pairs[i].s);
		FreeCredentialsHandle(&pairs[i].cc);
		FreeCredentialsHandle(&pairs[i].sc);
		pairs[i].up = 0;
	}
}

static struct pair *
get_pair(unsigned k)
{
	static int registered;
	struct pair *p = &pairs[k & 1];

	if (!p->up) {
		if (!registered) {
			atexit(free_pairs);
			registered = 1;
		}
		fz_sasl_pair(k & 1 ? NULL : "rc4", &p->cc, &p->sc, &p->c,
			     &p->s);
		dss_test_set_server_nonce(NULL, NULL);
		p->up = 1;
	}
	return p;
}

static const char http_challenge[] =
	"Digest realm=\"" FZ_HTTP_REALM "\", qop=\"auth, auth-int\", "
	"algorithm=SHA-256, nonce=\"" FZ_HTTP_NONCE "\", opaque=\""
	FZ_HTTP_OPAQUE "\"";

/* QueryContextAttributesA with a buffer large enough for any attribute;
 * frees what the attribute returns. */
static void
query(CtxtHandle *ctx, unsigned which)
{
	static const ULONG attrs[] = {
		SECPKG_ATTR_SIZES,	  SECPKG_ATTR_NAMES,
		SECPKG_ATTR_LIFESPAN,	  SECPKG_ATTR_STREAM_SIZES,
		SECPKG_ATTR_KEY_INFO,	  SECPKG_ATTR_FLAGS,
		SECPKG_ATTR_PACKAGE_INFO, SECPKG_ATTR_NATIVE_NAMES,
		SECPKG_ATTR_SESSION_KEY,  SECPKG_ATTR_DCE_INFO,
		SECPKG_ATTR_AUTHORITY,	  SECPKG_ATTR_PASSWORD_EXPIRY,
	};
	union {
		SecPkgContext_Sizes sizes;
		SecPkgContext_NamesA names;
		SecPkgContext_Lifespan life;
		SecPkgContext_StreamSizes stream;
		SecPkgContext_KeyInfoA key;
		SecPkgContext_Flags flags;
		SecPkgContext_PackageInfoA pkg;
		SecPkgContext_NativeNamesA native;
		SecPkgContext_SessionKey session;
		SecPkgContext_DceInfo dce;
		SecPkgContext_AuthorityA auth;
		SecPkgContext_PasswordExpiry exp;
		unsigned char raw[256];
	} u;
	ULONG a = attrs[which % (sizeof(attrs) / sizeof(attrs[0]))];

	memset(&u, 0, sizeof(u));
	if (QueryContextAttributesA(ctx, a, &u) != SEC_E_OK)
		return;
	switch (a) {
	case SECPKG_ATTR_NAMES:
		FreeContextBuffer(u.names.sUserName);
		break;
	case SECPKG_ATTR_KEY_INFO:
		FreeContextBuffer(u.key.sSignatureAlgorithmName);
		FreeContextBuffer(u.key.sEncryptAlgorithmName);
		break;
	case SECPKG_ATTR_PACKAGE_INFO:
		FreeContextBuffer(u.pkg.PackageInfo);
		break;
	case SECPKG_ATTR_NATIVE_NAMES:
		FreeContextBuffer(u.native.sClientName);
		FreeContextBuffer(u.native.sServerName);
		break;
	case SECPKG_ATTR_SESSION_KEY:
		FreeContextBuffer(u.session.SessionKey);
		break;
	case SECPKG_ATTR_DCE_INFO:
		FreeContextBuffer(u.dce.pPac);
		break;
	case SECPKG_ATTR_AUTHORITY:
		FreeContextBuffer(u.auth.sAuthorityName);
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[FZ_TOKEN_MAX];
	struct script s = { data, size };
	unsigned op = rd(&s), fl = rd(&s);
	CredHandle hcc, hsc;
	CtxtHandle hc, h0, nh;
	struct desc *in = malloc(sizeof(*in)), *od = malloc(sizeof(*od));
	struct pair *p;
	char target[] = "/dir/x?y", sasl_target[] = FZ_SASL_URI;
	ULONG attr = 0, qop = 0, olen;
	ULONG iflags = (fl & 1 ? ISC_REQ_ALLOCATE_MEMORY : 0) |
		       (fl & 2 ? ISC_REQ_MUTUAL_AUTH : 0) |
		       (fl & 4 ? ISC_REQ_INTEGRITY : 0) |
		       (fl & 8 ? ISC_REQ_CONFIDENTIALITY : 0);
	ULONG aflags = (fl & 1 ? ASC_REQ_ALLOCATE_MEMORY : 0) |
		       (fl & 4 ? ASC_REQ_INTEGRITY : 0) |
		       (fl & 8 ? ASC_REQ_CONFIDENTIALITY : 0);
	int alloc = (fl & 1) != 0;

	FZ_CHECK(in != NULL && od != NULL);
	/* live HTTP contexts: a client that answered, a server challenge */
	dss_test_set_cnonce(FZ_HTTP_CNONCE);
	fz_acquire(&hcc, SECPKG_CRED_OUTBOUND, NULL, FZ_HTTP_USER,
		   FZ_HTTP_REALM, FZ_HTTP_PASSWORD);
	FZ_CHECK(fz_http_isc(&hcc, NULL, &hc, http_challenge,
			     strlen(http_challenge), 0, out, &olen) ==
		 SEC_E_OK);
	fz_http_server_cred(&hsc, fl & 0x10 ? DIGESTSSP_SERVER_QOP_AUTH_INT :
					      0);
	{
		struct desc e;
		struct script none = { NULL, 0 };
		SecBuffer ob = { FZ_TOKEN_MAX, SECBUFFER_TOKEN, out };
		SecBufferDesc odd = { SECBUFFER_VERSION, 1, &ob };

		desc_build(&e, &none);
		FZ_CHECK(AcceptSecurityContext(&hsc, NULL, &e.d, ASC_REQ_HTTP,
					       0, &h0, &odd, &attr, NULL) ==
			 SEC_I_CONTINUE_NEEDED);
		desc_done(&e, 0);
	}
	p = get_pair(fl >> 5);

	desc_build(in, &s);
	desc_build(od, &s);
	SecInvalidateHandle(&nh);
	switch (op % 14) {
	case 0: /* HTTP client, first call */
		if (InitializeSecurityContextA(&hcc, NULL, target,
					       ISC_REQ_USE_HTTP_STYLE | iflags,
					       0, 0, desc_ptr(in), 0, &nh,
					       desc_ptr(od), &attr,
					       NULL) >= 0)
			DeleteSecurityContext(&nh);
		break;
	case 1: /* HTTP client, Authentication-Info or a new challenge */
		(void)InitializeSecurityContextA(
			NULL, &hc, target, ISC_REQ_USE_HTTP_STYLE | iflags, 0,
			0, desc_ptr(in), 0, &hc, desc_ptr(od), &attr, NULL);
		break;
	case 2: /* HTTP server, no context */
		if (AcceptSecurityContext(&hsc, NULL, desc_ptr(in),
					  ASC_REQ_HTTP | aflags, 0, &nh,
					  desc_ptr(od), &attr, NULL) >= 0 &&
		    SecIsValidHandle(&nh))
			DeleteSecurityContext(&nh);
		break;
	case 3: /* HTTP server, on the challenge's handle */
		nh = h0;
		if (AcceptSecurityContext(&hsc, &h0, desc_ptr(in),
					  ASC_REQ_HTTP | aflags, 0, &nh,
					  desc_ptr(od), &attr, NULL) >= 0 &&
		    SecIsValidHandle(&nh) &&
		    (nh.dwLower != h0.dwLower || nh.dwUpper != h0.dwUpper))
			DeleteSecurityContext(&nh);
		break;
	case 4:
		(void)CompleteAuthToken(&h0, desc_ptr(in));
		break;
	case 5:
		(void)MakeSignature(&hc, 0, desc_ptr(in), 0);
		break;
	case 6:
		(void)VerifySignature(&h0, desc_ptr(in), 0, &qop);
		break;
	case 7: /* SASL client, first and second call */
		if (InitializeSecurityContextA(&p->cc, NULL, sasl_target,
					       iflags, 0, 0, desc_ptr(in), 0,
					       &nh, desc_ptr(od), &attr,
					       NULL) >= 0) {
			desc_done(od, alloc);
			desc_build(od, &s);
			(void)InitializeSecurityContextA(
				NULL, &nh, sasl_target, iflags, 0, 0,
				desc_ptr(in), 0, &nh, desc_ptr(od), &attr,
				NULL);
			DeleteSecurityContext(&nh);
		}
		break;
	case 8: /* SASL server */
		if (AcceptSecurityContext(&p->sc, NULL, desc_ptr(in), aflags,
					  0, &nh, desc_ptr(od), &attr,
					  NULL) >= 0) {
			desc_done(od, alloc);
			desc_build(od, &s);
			(void)AcceptSecurityContext(&p->sc, &nh, desc_ptr(in),
						    aflags, 0, &nh,
						    desc_ptr(od), &attr, NULL);
			DeleteSecurityContext(&nh);
		}
		break;
	case 9:
		(void)MakeSignature(fl & 0x80 ? &p->s : &p->c, 0,
				    desc_ptr(in), 0);
		break;
	case 10:
		(void)VerifySignature(fl & 0x80 ? &p->s : &p->c, desc_ptr(in),
				      0, &qop);
		break;
	case 11:
		(void)EncryptMessage(fl & 0x80 ? &p->s : &p->c,
				     fl & 2 ? SECQOP_WRAP_NO_ENCRYPT : 0,
				     desc_ptr(in), 0);
		break;
	case 12:
		(void)DecryptMessage(fl & 0x80 ? &p->s : &p->c, desc_ptr(in),
				     0, &qop);
		break;
	case 13: {
		CtxtHandle *all[6] = { &hc, &h0, &p->c, &p->s, &p->c, &p->s };

		query(all[fl % 6], fl >> 3);
		break;
	}
	}
	desc_done(in, 0);
	desc_done(od, alloc);
	free(in);
	free(od);
	DeleteSecurityContext(&hc);
	DeleteSecurityContext(&h0);
	FreeCredentialsHandle(&hcc);
	FreeCredentialsHandle(&hsc);
	dss_test_set_server_nonce(NULL, NULL);
	return 0;
}
