/*
 * digestssp demo - an HTTP Digest exchange between an SSPI client and an
 * SSPI server, both in this process, told step by step.
 *
 * No network is involved: the tokens the two sides would put in HTTP
 * headers are handed over directly and printed. The sequence is the one
 * of api.md section 2.3 and 4.3:
 *
 *   server ASC (no token)        -> SEC_I_CONTINUE_NEEDED, challenge (401)
 *   client ISC (challenge)       -> Authorization
 *   server ASC (Authorization)   -> SEC_E_OK, Authentication-Info
 *   client ISC (Auth.-Info)      -> rspauth checked (mutual authentication)
 *   client MakeSignature (nc=2)  -> server ASC -> SEC_I_COMPLETE_NEEDED
 *                                   -> CompleteAuthToken -> SEC_E_OK
 *   client MakeSignature (nc=3)  -> server VerifySignature -> SEC_E_OK
 *   the nc=3 request replayed    -> refused
 *
 * The exit status is 0 only when every call returned what it should.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <digestssp/sspi.h>

#include "cli.h"
#include "errnames.h"
#include "wwwauth.h"

#define DEMO_USAGE "demo [--algorithm LIST] [--auth-int] [--identity]"

/* RFC 7616 section 3.9.1's user. */
#define DEMO_USER "Mufasa"
#define DEMO_PASSWORD "Circle of Life"
#define DEMO_REALM "http-auth@example.org"

#define WIDTH 76
#define INDENT "    "

static char package_name[] = "WDigest";

struct demo_opts {
	const char *algorithms; /* offered by the server */
	int auth_int;
	int identity; /* server password source: identity, not callback */
};

/* One HTTP request as the two sides see it. */
struct request {
	char method[8];
	const char *target;
	char *body; /* NULL: none */
	size_t body_len;
};

struct demo {
	struct demo_opts o;
	ULONG max_token;
	CredHandle client_cred, server_cred;
	int have_client_cred, have_server_cred;
	CtxtHandle client_ctx, server_ctx; /* server_ctx: kept from step 3 */
	int have_client_ctx, have_server_ctx;
	char *authorization; /* the last Authorization value (no "Digest ") */
	int failed;
};

/* ------------------------------------------------------------------ */
/* Printing                                                           */

static void heading(const char *fmt, ...) CLI_PRINTF(1, 2);

static void
heading(const char *fmt, ...)
{
	va_list ap;

	fputs("\n== ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputs(" ==\n", stdout);
}

/*
 * Prints text word-wrapped at WIDTH columns: the first line starts with
 * `first`, the others with `cont`.
 */
static void
say_wrapped(const char *first, const char *cont, const char *text)
{
	const char *p = text, *indent = first;
	size_t col = 0;

	while (*p != '\0') {
		const char *w = p;
		size_t n;

		while (*p != '\0' && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (col > strlen(indent) && col + 1 + n > WIDTH) {
			fputc('\n', stdout);
			col = 0;
			indent = cont;
		}
		if (col == 0) {
			fputs(indent, stdout);
			col = strlen(indent);
		} else {
			fputc(' ', stdout);
			col++;
		}
		fwrite(w, 1, n, stdout);
		col += n;
		while (*p == ' ')
			p++;
	}
	if (col > 0)
		fputc('\n', stdout);
}

/* say_wrapped with a format. */
static void say(const char *first, const char *cont, const char *fmt, ...)
    CLI_PRINTF(3, 4);

static void
say(const char *first, const char *cont, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	say_wrapped(first, cont, text);
}

/* One plain sentence (or a few) of what happened. */
static void explain(const char *fmt, ...) CLI_PRINTF(1, 2);

static void
explain(const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	say_wrapped("  ", "  ", text);
}

/*
 * Prints "label value" wrapped at WIDTH columns: lines are broken after
 * the commas that separate directives (outside quoted strings); a
 * directive longer than a line (a SHA-256 response) is cut where it must.
 */
static void
show_header(const char *label, const char *value)
{
	const size_t ind = strlen(INDENT INDENT);
	const char *p = value;
	size_t col, used = 0; /* used: bytes of value on this line */
	int in_quotes = 0;

	printf(INDENT "%s", label);
	col = strlen(INDENT) + strlen(label);
	while (*p != '\0') {
		const char *piece = p;
		size_t n;

		/* one directive, up to and including its comma */
		for (; *p != '\0'; p++) {
			if (*p == '\\' && in_quotes && p[1] != '\0') {
				p++;
				continue;
			}
			if (*p == '"') {
				in_quotes = !in_quotes;
			} else if (*p == ',' && !in_quotes) {
				p++;
				break;
			}
		}
		n = (size_t)(p - piece);
		while (*p == ' ')
			p++;
		if (used > 0 && col + 1 + n > WIDTH) {
			fputs("\n" INDENT INDENT, stdout);
			col = ind;
			used = 0;
		} else if (used > 0) {
			fputc(' ', stdout);
			col++;
		}
		while (col + n > WIDTH && col < WIDTH) {
			size_t room = WIDTH - col;

			fwrite(piece, 1, room, stdout);
			fputs("\n" INDENT INDENT, stdout);
			piece += room;
			n -= room;
			col = ind;
		}
		fwrite(piece, 1, n, stdout);
		col += n;
		used += n;
	}
	fputc('\n', stdout);
}

static int
show_challenge(const char *value, void *arg)
{
	(void)arg;
	show_header("WWW-Authenticate: ", value);
	return 0;
}

/* "who: call" before the call; the callback may print in between. */
static void show_call(const char *who, const char *fmt, ...) CLI_PRINTF(2, 3);

static void
show_call(const char *who, const char *fmt, ...)
{
	char text[1024], first[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(first, sizeof(first), "  %s: ", who);
	say_wrapped(first, "          ", text);
	fflush(stdout);
}

/*
 * Prints the status of the call just shown; when it is not `want`,
 * says so and marks the demo failed. Returns 1 when it matched.
 */
static int
check(struct demo *d, SECURITY_STATUS st, SECURITY_STATUS want)
{
	char tmp[16], tmp2[16];

	printf(INDENT "= %s\n", errname_r(st, tmp));
	if (st == want)
		return 1;
	printf(INDENT "UNEXPECTED: expected %s", errname_r(want, tmp2));
	if (errmeaning(st) != NULL)
		printf(" (got: %s)", errmeaning(st));
	fputc('\n', stdout);
	d->failed = 1;
	return 0;
}

/* A token as a string (cbBuffer bytes; NULL when empty). */
static char *
token_of(const SecBuffer *b)
{
	if (b->cbBuffer == 0 || b->pvBuffer == NULL)
		return NULL;
	return xmemdup0(b->pvBuffer, b->cbBuffer);
}

static void
set_buffer(SecBuffer *b, ULONG type, void *data, size_t len)
{
	b->BufferType = type;
	b->cbBuffer = (ULONG)len;
	b->pvBuffer = len > 0 ? data : NULL;
}

/* ------------------------------------------------------------------ */
/* The server's password lookup                                       */

/*
 * pGetKeyFn of the server credential (sspi.h, digestssp extensions). A
 * real server would look the user up in its database and return the
 * stored H(user:realm:password) (KeyVer DIGESTSSP_KEYVER_HA1). This one
 * keeps only a password, so it declines the HA1 question and answers the
 * second one, for the password.
 */
static void SEC_ENTRY
lookup_key(void *arg, void *principal, ULONG key_ver, void **key,
           SECURITY_STATUS *status)
{
	const DIGESTSSP_KEY_PRINCIPAL *p = principal;
	static char password[] = DEMO_PASSWORD;

	(void)arg;
	say(INDENT, INDENT " ",
	    "(the package asks the server's password lookup for the %s of "
	    "\"%s\" in realm \"%s\", %s)",
	    key_ver == DIGESTSSP_KEYVER_HA1 ? "stored hash" : "password",
	    p->User != NULL ? p->User : "", p->Realm != NULL ? p->Realm : "",
	    p->Algorithm != NULL ? p->Algorithm : "?");
	if (p->User == NULL || strcmp(p->User, DEMO_USER) != 0 ||
	    p->Realm == NULL || strcmp(p->Realm, DEMO_REALM) != 0) {
		*status = SEC_E_LOGON_DENIED;
		printf(INDENT "(lookup: no such user)\n");
		return;
	}
	if (key_ver == DIGESTSSP_KEYVER_HA1) {
		*status = SEC_E_UNSUPPORTED_FUNCTION;
		printf(INDENT "(lookup: no stored hash here, "
		              "ask for the password)\n");
		return;
	}
	*key = password;
	*status = SEC_E_OK;
	printf(INDENT "(lookup: password found)\n");
}

/* ------------------------------------------------------------------ */
/* Setup                                                              */

static int
setup_client(struct demo *d)
{
	static unsigned char user[] = DEMO_USER, realm[] = DEMO_REALM,
	                     password[] = DEMO_PASSWORD;
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SECURITY_STATUS st;

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = (ULONG)sizeof(id);
	id.User = user;
	id.UserLength = (ULONG)strlen(DEMO_USER);
	id.Domain = realm;
	id.DomainLength = (ULONG)strlen(DEMO_REALM);
	id.Password = password;
	id.PasswordLength = (ULONG)strlen(DEMO_PASSWORD);
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;

	show_call("client",
	          "AcquireCredentialsHandleA(\"WDigest\", "
	          "SECPKG_CRED_OUTBOUND, user \"%s\", domain "
	          "\"%s\", password)",
	          DEMO_USER, DEMO_REALM);
	st = AcquireCredentialsHandleA(NULL, package_name, SECPKG_CRED_OUTBOUND,
	                               NULL, &id, NULL, NULL, &d->client_cred,
	                               NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	d->have_client_cred = 1;
	return 0;
}

static int
set_server_attr(struct demo *d, ULONG attr, const char *what, void *buf,
                size_t len)
{
	SECURITY_STATUS st;

	show_call("server", "SetCredentialsAttributesA(%s)", what);
	st = SetCredentialsAttributesA(&d->server_cred, attr, buf, (ULONG)len);
	return check(d, st, SEC_E_OK) ? 0 : -1;
}

static int
setup_server(struct demo *d)
{
	static unsigned char user[] = DEMO_USER, realm_id[] = DEMO_REALM,
	                     password[] = DEMO_PASSWORD;
	static char realm[] = DEMO_REALM;
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SecPkgCredentials_DigestRealmA r;
	SecPkgCredentials_DigestAlgorithmsA a;
	SecPkgCredentials_DigestServer s;
	SECURITY_STATUS st;
	char what[160];

	if (d->o.identity) {
		/* api.md 3.4 item 2: one accepted account */
		memset(&id, 0, sizeof(id));
		id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
		id.Length = (ULONG)sizeof(id);
		id.User = user;
		id.UserLength = (ULONG)strlen(DEMO_USER);
		id.Domain = realm_id;
		id.DomainLength = (ULONG)strlen(DEMO_REALM);
		id.Password = password;
		id.PasswordLength = (ULONG)strlen(DEMO_PASSWORD);
		id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
		show_call("server",
		          "AcquireCredentialsHandleA(\"WDigest\", "
		          "SECPKG_CRED_INBOUND, the one account \"%s\" of "
		          "realm \"%s\")",
		          DEMO_USER, DEMO_REALM);
		st = AcquireCredentialsHandleA(
		    NULL, package_name, SECPKG_CRED_INBOUND, NULL, &id, NULL,
		    NULL, &d->server_cred, NULL);
	} else {
		show_call("server", "AcquireCredentialsHandleA(\"WDigest\", "
		                    "SECPKG_CRED_INBOUND, password lookup "
		                    "callback)");
		st = AcquireCredentialsHandleA(
		    NULL, package_name, SECPKG_CRED_INBOUND, NULL, NULL,
		    lookup_key, d, &d->server_cred, NULL);
	}
	if (!check(d, st, SEC_E_OK))
		return -1;
	d->have_server_cred = 1;

	r.sRealm = realm;
	if (set_server_attr(d, DIGESTSSP_CRED_ATTR_REALM,
	                    "DIGESTSSP_CRED_ATTR_REALM, \"" DEMO_REALM "\"", &r,
	                    sizeof(r)) != 0)
		return -1;

	a.sAlgorithms = (char *)(uintptr_t)d->o.algorithms;
	snprintf(what, sizeof(what), "DIGESTSSP_CRED_ATTR_ALGORITHMS, \"%s\"",
	         d->o.algorithms);
	if (set_server_attr(d, DIGESTSSP_CRED_ATTR_ALGORITHMS, what, &a,
	                    sizeof(a)) != 0)
		return -1;

	memset(&s, 0, sizeof(s));
	s.fFlags = d->o.auth_int ? DIGESTSSP_SERVER_QOP_AUTH_INT
	                         : DIGESTSSP_SERVER_QOP_AUTH;
	snprintf(what, sizeof(what), "DIGESTSSP_CRED_ATTR_SERVER, qop %s",
	         d->o.auth_int ? "auth-int" : "auth");
	return set_server_attr(d, DIGESTSSP_CRED_ATTR_SERVER, what, &s,
	                       sizeof(s));
}

/* ------------------------------------------------------------------ */
/* The two sides                                                      */

/*
 * The server's AcceptSecurityContext input (buffers.md 3.1 with the
 * digestssp extensions): 0 the Authorization value, 1 method, 2
 * request-target, 3 H(entity) empty, 4 realm empty (the credential's),
 * 5 channel bindings (none), 6 the body.
 */
struct server_input {
	SecBuffer bufs[7];
	SecBufferDesc desc;
};

static void
server_input(struct server_input *in, const char *token, struct request *rq)
{
	set_buffer(&in->bufs[0], SECBUFFER_TOKEN, (char *)(uintptr_t)token,
	           token != NULL ? strlen(token) : 0);
	set_buffer(&in->bufs[1], SECBUFFER_PKG_PARAMS, rq->method,
	           strlen(rq->method));
	set_buffer(&in->bufs[2], SECBUFFER_PKG_PARAMS,
	           (char *)(uintptr_t)rq->target, strlen(rq->target));
	set_buffer(&in->bufs[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&in->bufs[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&in->bufs[5], SECBUFFER_CHANNEL_BINDINGS, NULL, 0);
	set_buffer(&in->bufs[6], SECBUFFER_DATA, rq->body, rq->body_len);
	in->desc.ulVersion = SECBUFFER_VERSION;
	in->desc.cBuffers = rq->body != NULL ? 7 : 6;
	in->desc.pBuffers = in->bufs;
}

static void
out_token(SecBuffer *b, SecBufferDesc *desc, char *mem, ULONG size)
{
	set_buffer(b, SECBUFFER_TOKEN, mem, size);
	desc->ulVersion = SECBUFFER_VERSION;
	desc->cBuffers = 1;
	desc->pBuffers = b;
}

static void
show_request(const struct request *rq, const char *authorization)
{
	printf(INDENT "%s %s HTTP/1.1\n", rq->method, rq->target);
	if (authorization != NULL) {
		char *h = xmalloc(strlen(authorization) + 8);

		memcpy(h, "Digest ", 7);
		strcpy(h + 7, authorization);
		show_header("Authorization: ", h);
		free(h);
	}
	if (rq->body != NULL)
		printf("\n" INDENT "%.*s\n", (int)rq->body_len, rq->body);
}

/* Step 1: the request without credentials gets a challenge. */
static char *
step_challenge(struct demo *d, struct request *rq, char *mem)
{
	struct server_input in;
	SecBuffer ob;
	SecBufferDesc out;
	CtxtHandle h;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char *challenge;

	heading("1. The client asks; the server challenges");
	show_request(rq, NULL);
	server_input(&in, NULL, rq);
	out_token(&ob, &out, mem, d->max_token);
	show_call("server",
	          "AcceptSecurityContext(no token, \"%s\", \"%s\", "
	          "ASC_REQ_HTTP)",
	          rq->method, rq->target);
	st = AcceptSecurityContext(&d->server_cred, NULL, &in.desc,
	                           ASC_REQ_HTTP, 0, &h, &out, &attrs, NULL);
	if (!check(d, st, SEC_I_CONTINUE_NEEDED)) {
		if (st >= 0)
			DeleteSecurityContext(&h);
		return NULL;
	}
	challenge = token_of(&ob);
	DeleteSecurityContext(&h);
	if (challenge == NULL) {
		printf(INDENT "UNEXPECTED: no challenge token\n");
		d->failed = 1;
		return NULL;
	}
	printf(INDENT "HTTP/1.1 401 Unauthorized\n");
	wwwauth_split(challenge, show_challenge, NULL);
	explain("The request has no Authorization header, so the server "
	        "answers 401 with a challenge per algorithm it offers (%s): "
	        "its realm, a fresh nonce (a number the answer must "
	        "include, so an old answer cannot be reused), an opaque "
	        "value the client sends back, and the protection levels "
	        "(qop) it accepts. The server deletes its context handle "
	        "at once; the session stays in the server credential, "
	        "where the opaque value finds it again.",
	        d->o.algorithms);
	return challenge;
}

/* Step 2: the client answers the challenge. */
static int
step_answer(struct demo *d, struct request *rq, char *challenge, char *mem,
            ULONG flags)
{
	SecBuffer ib[6], ob;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;

	heading("2. The client answers the challenge");
	set_buffer(&ib[0], SECBUFFER_TOKEN, challenge, strlen(challenge));
	set_buffer(&ib[1], SECBUFFER_PKG_PARAMS, rq->method,
	           strlen(rq->method));
	set_buffer(&ib[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&ib[3], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&ib[4], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&ib[5], SECBUFFER_DATA, rq->body, rq->body_len);
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = rq->body != NULL ? 6 : 3;
	in.pBuffers = ib;
	out_token(&ob, &out, mem, d->max_token);
	show_call("client",
	          "InitializeSecurityContextA(challenge, \"%s\", "
	          "target \"%s\", ISC_REQ_USE_HTTP_STYLE | "
	          "ISC_REQ_MUTUAL_AUTH%s)",
	          rq->method, rq->target,
	          d->o.auth_int ? " | ISC_REQ_INTEGRITY" : "");
	st = InitializeSecurityContextA(
	    &d->client_cred, NULL, (char *)(uintptr_t)rq->target, flags, 0, 0,
	    &in, 0, &d->client_ctx, &out, &attrs, NULL);
	if (st >= 0)
		d->have_client_ctx = 1;
	/* HTTP with ISC_REQ_MUTUAL_AUTH: CONTINUE until rspauth is checked */
	if (!check(d, st, SEC_I_CONTINUE_NEEDED))
		return -1;
	free(d->authorization);
	d->authorization = token_of(&ob);
	if (d->authorization == NULL) {
		printf(INDENT "UNEXPECTED: no Authorization token\n");
		d->failed = 1;
		return -1;
	}
	show_request(rq, d->authorization);
	explain("The client picks the strongest algorithm it allows, makes "
	        "up its own nonce (cnonce), numbers the request nc=00000001 "
	        "and computes response = H(H(A1):nonce:nc:cnonce:qop:H(A2)) "
	        "with A1 = user:realm:password and A2 = method:uri%s. The "
	        "password itself never travels. SEC_I_CONTINUE_NEEDED: the "
	        "context waits for the server's proof (mutual "
	        "authentication was asked for).",
	        d->o.auth_int ? ":H(body)" : "");
	return 0;
}

/* Step 3: the server checks the first response. */
static char *
step_verify_first(struct demo *d, struct request *rq, char *mem)
{
	struct server_input in;
	SecBuffer ob;
	SecBufferDesc out;
	SecPkgContext_NamesA names;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char *info;

	heading("3. The server checks the answer");
	server_input(&in, d->authorization, rq);
	out_token(&ob, &out, mem, d->max_token);
	show_call("server",
	          "AcceptSecurityContext(Authorization, \"%s\", "
	          "\"%s\", ASC_REQ_HTTP)",
	          rq->method, rq->target);
	st =
	    AcceptSecurityContext(&d->server_cred, NULL, &in.desc, ASC_REQ_HTTP,
	                          0, &d->server_ctx, &out, &attrs, NULL);
	if (st >= 0)
		d->have_server_ctx = 1;
	if (!check(d, st, SEC_E_OK))
		return NULL;
	memset(&names, 0, sizeof(names));
	st = QueryContextAttributesA(&d->server_ctx, SECPKG_ATTR_NAMES, &names);
	show_call("server", "QueryContextAttributesA(SECPKG_ATTR_NAMES)");
	if (check(d, st, SEC_E_OK) && names.sUserName != NULL) {
		printf(INDENT "authenticated: \"%s\"\n", names.sUserName);
		FreeContextBuffer(names.sUserName);
	}
	info = token_of(&ob);
	if (info == NULL) {
		printf(INDENT "UNEXPECTED: no Authentication-Info token\n");
		d->failed = 1;
		return NULL;
	}
	printf(INDENT "HTTP/1.1 200 OK\n");
	show_header("Authentication-Info: ", info);
	explain("The server found the session by its opaque value, got the "
	        "user's key from its password source, computed the same "
	        "response and compared: they are equal, so the request is "
	        "served. Authentication-Info carries rspauth, computed like "
	        "the response but without the method: it proves that the "
	        "server knows the password too. The server keeps this "
	        "context handle for step 6.");
	return info;
}

/* Step 4: the client checks rspauth. */
static int
step_mutual(struct demo *d, struct request *rq, char *info, char *mem,
            ULONG flags)
{
	SecBuffer ib[3], ob;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;

	heading("4. The client checks the server's proof");
	set_buffer(&ib[0], SECBUFFER_TOKEN, info, strlen(info));
	set_buffer(&ib[1], SECBUFFER_PKG_PARAMS, rq->method,
	           strlen(rq->method));
	set_buffer(&ib[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = 3;
	in.pBuffers = ib;
	out_token(&ob, &out, mem, d->max_token);
	show_call("client", "InitializeSecurityContextA(context, "
	                    "Authentication-Info)");
	st = InitializeSecurityContextA(
	    NULL, &d->client_ctx, (char *)(uintptr_t)rq->target, flags, 0, 0,
	    &in, 0, &d->client_ctx, &out, &attrs, NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	if (!(attrs & ISC_RET_MUTUAL_AUTH)) {
		printf(INDENT "UNEXPECTED: ISC_RET_MUTUAL_AUTH is not set\n");
		d->failed = 1;
		return -1;
	}
	printf(INDENT "attributes include ISC_RET_MUTUAL_AUTH\n");
	explain("The client computed rspauth itself and got the same value: "
	        "the server is genuine (ISC_RET_MUTUAL_AUTH).");
	return 0;
}

/* The client's Authorization value for a later request. */
static int
client_next(struct demo *d, struct request *rq, char *mem)
{
	SecBuffer b[6];
	SecBufferDesc desc;
	SECURITY_STATUS st;

	/* curl's five-buffer layout; the token comes back in slot 4 */
	set_buffer(&b[0], SECBUFFER_TOKEN, NULL, 0);
	set_buffer(&b[1], SECBUFFER_PKG_PARAMS, rq->method, strlen(rq->method));
	set_buffer(&b[2], SECBUFFER_PKG_PARAMS, (char *)(uintptr_t)rq->target,
	           strlen(rq->target));
	set_buffer(&b[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&b[4], SECBUFFER_PADDING, mem, d->max_token);
	set_buffer(&b[5], SECBUFFER_DATA, rq->body, rq->body_len);
	desc.ulVersion = SECBUFFER_VERSION;
	desc.cBuffers = rq->body != NULL ? 6 : 5;
	desc.pBuffers = b;
	show_call("client", "MakeSignature(context, \"%s\", \"%s\")",
	          rq->method, rq->target);
	st = MakeSignature(&d->client_ctx, 0, &desc, 0);
	if (!check(d, st, SEC_E_OK))
		return -1;
	free(d->authorization);
	d->authorization = token_of(&b[4]);
	if (d->authorization == NULL) {
		printf(INDENT "UNEXPECTED: no Authorization token\n");
		d->failed = 1;
		return -1;
	}
	show_request(rq, d->authorization);
	return 0;
}

/*
 * The server side of a later request through AcceptSecurityContext
 * (phContext NULL) and CompleteAuthToken; `want` is what
 * CompleteAuthToken should return. Returns the final status.
 */
static SECURITY_STATUS
server_later(struct demo *d, struct request *rq, char *mem,
             SECURITY_STATUS want)
{
	struct server_input in;
	SecBuffer ob;
	SecBufferDesc out;
	CtxtHandle h;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char tmp[16];

	server_input(&in, d->authorization, rq);
	out_token(&ob, &out, mem, d->max_token);
	show_call("server",
	          "AcceptSecurityContext(Authorization, \"%s\", "
	          "\"%s\", ASC_REQ_HTTP)",
	          rq->method, rq->target);
	st = AcceptSecurityContext(&d->server_cred, NULL, &in.desc,
	                           ASC_REQ_HTTP, 0, &h, &out, &attrs, NULL);
	if (st != SEC_I_COMPLETE_NEEDED && st < 0 && want != SEC_E_OK) {
		/* refused already here: also a refusal */
		printf(INDENT "= %s\n", errname_r(st, tmp));
		return st;
	}
	if (!check(d, st, SEC_I_COMPLETE_NEEDED)) {
		if (st >= 0)
			DeleteSecurityContext(&h);
		return st;
	}
	show_call("server", "CompleteAuthToken(context, the same input)");
	st = CompleteAuthToken(&h, &in.desc);
	if (want == SEC_E_OK)
		check(d, st, SEC_E_OK);
	else
		printf(INDENT "= %s\n", errname_r(st, tmp));
	DeleteSecurityContext(&h);
	return st;
}

/* Step 5: a later request, checked by ASC + CompleteAuthToken. */
static int
step_second(struct demo *d, struct request *rq, char *mem)
{
	heading("5. A second request, without a new challenge");
	if (client_next(d, rq, mem) != 0)
		return -1;
	if (server_later(d, rq, mem, SEC_E_OK) != SEC_E_OK)
		return -1;
	printf(INDENT "HTTP/1.1 200 OK\n");
	explain("No new 401 round trip: MakeSignature reuses the nonce with "
	        "the next nonce count (nc=00000002) and the new method and "
	        "URI. AcceptSecurityContext, called without a context "
	        "handle, recognises the established session by its opaque "
	        "value and returns SEC_I_COMPLETE_NEEDED; CompleteAuthToken "
	        "then checks the response and that this nonce count was "
	        "never used before.");
	return 0;
}

/* Step 6: a later request, checked by VerifySignature. */
static int
step_third(struct demo *d, struct request *rq, char *mem)
{
	struct server_input in;
	SECURITY_STATUS st;
	ULONG qop = 0;

	heading("6. A third request, checked with VerifySignature");
	if (client_next(d, rq, mem) != 0)
		return -1;
	server_input(&in, d->authorization, rq);
	show_call("server",
	          "VerifySignature(the context kept from step 3, "
	          "Authorization, \"%s\", \"%s\")",
	          rq->method, rq->target);
	st = VerifySignature(&d->server_ctx, &in.desc, 0, &qop);
	if (!check(d, st, SEC_E_OK))
		return -1;
	printf(INDENT "HTTP/1.1 200 OK\n");
	explain("A server that keeps its context handle can check a later "
	        "request with VerifySignature: the same checks as "
	        "CompleteAuthToken (nc=00000003 this time).");
	return 0;
}

/* Step 7: the third request replayed. */
static int
step_replay(struct demo *d, struct request *rq, char *mem)
{
	SECURITY_STATUS st;

	heading("7. Someone replays the third request");
	show_request(rq, d->authorization);
	st = server_later(d, rq, mem, SEC_E_OUT_OF_SEQUENCE);
	if (st >= 0) {
		printf(INDENT "UNEXPECTED: the replayed request was "
		              "accepted\n");
		d->failed = 1;
		return -1;
	}
	printf(INDENT "HTTP/1.1 401 Unauthorized (with a fresh challenge)\n");
	explain("Whoever copied the header cannot use it again: nonce count "
	        "00000003 was already accepted for this nonce, so the "
	        "server refuses the request and answers 401 with a fresh "
	        "challenge.");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Command line                                                       */

static void
demo_help(FILE *f)
{
	fprintf(f, "usage: %s " DEMO_USAGE "\n", cli_progname);
	/* clang-format off */
	fputs(
"\n"
"Run an HTTP Digest exchange between an SSPI client and an SSPI server in\n"
"this process and explain each step: the challenge, the client's answer,\n"
"the server's check and proof, two later requests on the same session\n"
"(CompleteAuthToken, VerifySignature) and a replayed request. The user is\n"
"Mufasa, password \"Circle of Life\", realm \"http-auth@example.org\"\n"
"(RFC 7616 section 3.9.1).\n"
"\n"
"Options:\n"
"  --algorithm LIST   algorithms the server offers, preferred first\n"
"                     (default \"SHA-256,MD5\")\n"
"  --auth-int         POST requests with a body, protected with\n"
"                     qop=auth-int\n"
"  --identity         the server knows its one account from an identity\n"
"                     (AcquireCredentialsHandle) instead of asking a\n"
"                     password lookup callback\n"
"  -h, --help         show this help\n"
"\n"
"Exit status:\n"
"  0  every call returned what it should\n"
"  1  usage error\n"
"  6  a call returned something else\n",
	    f);
	/* clang-format on */
}

static int usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s demo: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s " DEMO_USAGE "\n", cli_progname);
	return CLI_EXIT_USAGE;
}

enum { OPT_ALGORITHM = 256, OPT_AUTH_INT, OPT_IDENTITY };

static const struct option demo_options[] = {
    {"algorithm", required_argument, NULL, OPT_ALGORITHM},
    {"auth-int", no_argument, NULL, OPT_AUTH_INT},
    {"identity", no_argument, NULL, OPT_IDENTITY},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* Returns -1 to go on, else the exit code (0 for --help). */
static int
parse_options(int argc, char **argv, struct demo_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->algorithms = "SHA-256,MD5";
	opterr = 0;
	optind = 0; /* glibc: full reset */
	while ((c = getopt_long(argc, argv, ":h", demo_options, NULL)) != -1) {
		switch (c) {
		case OPT_ALGORITHM:
			if (*optarg == '\0')
				return usage_error("empty --algorithm list");
			o->algorithms = optarg;
			break;
		case OPT_AUTH_INT:
			o->auth_int = 1;
			break;
		case OPT_IDENTITY:
			o->identity = 1;
			break;
		case 'h':
			demo_help(stdout);
			return CLI_EXIT_OK;
		case ':':
			return usage_error("option '%s' needs a value",
			                   argv[optind - 1]);
		default:
			if (optopt != 0) {
				char opt[3] = {'-', (char)optopt, '\0'};

				return usage_error("unknown option '%s'", opt);
			}
			return usage_error("unknown option '%s'",
			                   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Runs the HTTP steps; stops at the first one that goes wrong. */
static void
run_http(struct demo *d, char *mem)
{
	static char body[] = "{\"lion\": \"king\"}";
	struct request r1, r2, r3;
	ULONG flags = ISC_REQ_USE_HTTP_STYLE | ISC_REQ_MUTUAL_AUTH;
	char *challenge, *info;

	memset(&r1, 0, sizeof(r1));
	strcpy(r1.method, d->o.auth_int ? "POST" : "GET");
	r1.target = "/dir/index.html";
	if (d->o.auth_int) {
		flags |= ISC_REQ_INTEGRITY;
		r1.body = body;
		r1.body_len = strlen(body);
	}
	r2 = r1;
	r2.target = "/dir/page2.html?lang=en&size=2";
	r3 = r1;
	r3.target = "/dir/page3.html";

	challenge = step_challenge(d, &r1, mem);
	if (challenge == NULL)
		return;
	if (step_answer(d, &r1, challenge, mem, flags) != 0) {
		free(challenge);
		return;
	}
	free(challenge);
	info = step_verify_first(d, &r1, mem);
	if (info == NULL)
		return;
	if (step_mutual(d, &r1, info, mem, flags) != 0) {
		free(info);
		return;
	}
	free(info);
	if (step_second(d, &r2, mem) != 0)
		return;
	if (step_third(d, &r3, mem) != 0)
		return;
	step_replay(d, &r3, mem);
}

static void
cleanup(struct demo *d)
{
	if (d->have_client_ctx)
		DeleteSecurityContext(&d->client_ctx);
	if (d->have_server_ctx)
		DeleteSecurityContext(&d->server_ctx);
	if (d->have_client_cred)
		FreeCredentialsHandle(&d->client_cred);
	if (d->have_server_cred)
		FreeCredentialsHandle(&d->server_cred);
	free(d->authorization);
}

/* see cli.h */
int
cmd_demo(int argc, char **argv)
{
	PSecPkgInfoA info = NULL;
	struct demo d;
	SECURITY_STATUS st;
	char *mem = NULL;
	int rc;

	memset(&d, 0, sizeof(d));
	rc = parse_options(argc, argv, &d.o);
	if (rc >= 0)
		return rc;

	printf("digestssp demo: HTTP Digest between an SSPI client and an "
	       "SSPI server\n");
	say_wrapped("", "",
	            "Both sides run in this process; the values they "
	            "would send in HTTP headers are printed instead. "
	            "User \"" DEMO_USER "\", password \"" DEMO_PASSWORD
	            "\", realm \"" DEMO_REALM "\".");

	heading("0. Both sides get credentials");
	show_call("both", "QuerySecurityPackageInfoA(\"WDigest\")");
	st = QuerySecurityPackageInfoA(package_name, &info);
	if (check(&d, st, SEC_E_OK) && info != NULL) {
		d.max_token = info->cbMaxToken;
		printf(INDENT "cbMaxToken = %u: the size of every token "
		              "buffer\n",
		       (unsigned)d.max_token);
		FreeContextBuffer(info);
	}
	if (d.max_token == 0) {
		d.failed = 1;
		goto out;
	}
	mem = xmalloc(d.max_token);
	if (setup_client(&d) != 0 || setup_server(&d) != 0)
		goto out;
	explain("The client holds the user's name and password. The server "
	        "holds no password of its own: it %s.",
	        d.o.identity ? "was given the one account it accepts"
	                     : "asks its password lookup callback when a "
	                       "response arrives");

	run_http(&d, mem);

	/*
	 * ============================================================
	 * SASL DIGEST-MD5: to be added here.
	 *
	 * The same two credentials without ASC_REQ_HTTP /
	 * ISC_REQ_USE_HTTP_STYLE: server ASC (no input) -> challenge;
	 * client ISC -> response; server ASC -> SEC_E_OK + rspauth;
	 * client ISC -> SEC_E_OK; then EncryptMessage / DecryptMessage
	 * with qop=auth-conf (api.md section 4.4).
	 * ============================================================
	 */

out:
	cleanup(&d);
	if (mem != NULL) {
		explicit_bzero(mem, d.max_token);
		free(mem);
	}
	if (d.failed) {
		printf("\n== a step did not return what it should ==\n");
		return CLI_EXIT_SSPI;
	}
	printf("\n== every step returned what it should ==\n");
	return CLI_EXIT_OK;
}
