/*
 * digestssp demo - Digest between an SSPI client and an SSPI server, both
 * in this process, told step by step.
 *
 * No network is involved: the tokens the two sides would send are handed
 * over directly and printed.
 *
 * Part 1, HTTP Digest, follows api.md sections 2.3 and 4.3:
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
 * Part 2, SASL DIGEST-MD5 with a security layer, follows api.md sections
 * 2.2, 2.4 and 4.4 (buffers.md 7 for the messages):
 *
 *   server ASC (no token, ASC_REQ_CONFIDENTIALITY)
 *                                -> SEC_I_CONTINUE_NEEDED, digest-challenge
 *   client ISC (challenge)       -> SEC_I_CONTINUE_NEEDED, digest-response
 *   server ASC (response)        -> SEC_E_OK, rspauth
 *   client ISC (rspauth)         -> SEC_E_OK, mutual authentication
 *   QueryContextAttributes       -> KEY_INFO, STREAM_SIZES
 *   EncryptMessage / DecryptMessage both ways, a tampered frame
 *   (SEC_E_MESSAGE_ALTERED) and a replayed one (SEC_E_OUT_OF_SEQUENCE)
 *
 * The exit status is 0 only when every call returned what it should.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <digestssp/sspi.h>

#include "cli.h"
#include "errnames.h"
#include "wwwauth.h"

/* the second line starts under "demo" of "usage: digestssp demo" */
#define DEMO_USAGE                                                             \
	"demo [--algorithm LIST] [--auth-int] [--identity]\n"                  \
	"                      [--no-http] [--no-sasl]"

/* RFC 7616 section 3.9.1's user. */
#define DEMO_USER "Mufasa"
#define DEMO_PASSWORD "Circle of Life"
#define DEMO_REALM "http-auth@example.org"

/* RFC 2831 section 4's IMAP example. */
#define SASL_USER "chris"
#define SASL_PASSWORD "secret"
#define SASL_REALM "elwood.innosoft.com"
#define SASL_SERVICE "imap"
#define SASL_TARGET SASL_SERVICE "/" SASL_REALM

#define WIDTH 76
#define INDENT "    "

static char package_name[] = "WDigest";

struct demo_opts {
	const char *algorithms; /* offered by the server */
	int auth_int;
	int identity; /* server password source: identity, not callback */
	int no_http, no_sasl; /* skip a part */
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

/* The title of a part of the demo, between two rules. */
static void
part(const char *title)
{
	char rule[WIDTH + 1];

	memset(rule, '=', WIDTH);
	rule[WIDTH] = '\0';
	printf("\n\n%s\n%s\n%s\n", rule, title, rule);
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
/* Part 2: SASL DIGEST-MD5                                            */

/* The largest SASL frame this demo builds (its messages are short). */
#define FRAME_MAX 256

struct sasl {
	CredHandle client_cred, server_cred;
	int have_client_cred, have_server_cred;
	CtxtHandle client_ctx, server_ctx;
	int have_client_ctx, have_server_ctx;
	char *challenge, *response, *rspauth; /* the three tokens */
	char cipher[16];   /* negotiated, from SECPKG_ATTR_KEY_INFO */
	ULONG trailer;     /* cbTrailer of SECPKG_ATTR_STREAM_SIZES */
	ULONG max_message; /* cbMaximumMessage */
};

struct flag_name {
	ULONG bit;
	const char *name;
};

/* clang-format off */
#define FLAG(x) { x, #x }

static const struct flag_name isc_ret_names[] = {
    FLAG(ISC_RET_DELEGATE),
    FLAG(ISC_RET_MUTUAL_AUTH),
    FLAG(ISC_RET_REPLAY_DETECT),
    FLAG(ISC_RET_SEQUENCE_DETECT),
    FLAG(ISC_RET_CONFIDENTIALITY),
    FLAG(ISC_RET_USE_SESSION_KEY),
    FLAG(ISC_RET_USED_SUPPLIED_CREDS),
    FLAG(ISC_RET_ALLOCATED_MEMORY),
    FLAG(ISC_RET_CONNECTION),
    FLAG(ISC_RET_INTEGRITY),
    FLAG(ISC_RET_USED_HTTP_STYLE),
    FLAG(ISC_RET_REAUTHENTICATION),
};

static const struct flag_name asc_ret_names[] = {
    FLAG(ASC_RET_DELEGATE),
    FLAG(ASC_RET_MUTUAL_AUTH),
    FLAG(ASC_RET_REPLAY_DETECT),
    FLAG(ASC_RET_SEQUENCE_DETECT),
    FLAG(ASC_RET_CONFIDENTIALITY),
    FLAG(ASC_RET_USE_SESSION_KEY),
    FLAG(ASC_RET_ALLOCATED_MEMORY),
    FLAG(ASC_RET_CONNECTION),
    FLAG(ASC_RET_INTEGRITY),
};
/* clang-format on */

#undef FLAG

/* Prints "label NAME | NAME | 0x..." for the bits of `v`. */
static void
show_flags(const char *label, ULONG v, const struct flag_name *t, size_t n)
{
	char text[512], first[64];
	size_t i, len = 0;
	ULONG rest = v;

	text[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(v & t[i].bit))
			continue;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
		                        len > 0 ? " | " : "", t[i].name);
		rest &= ~t[i].bit;
		if (len >= sizeof(text))
			return;
	}
	if (rest != 0)
		snprintf(text + len, sizeof(text) - len, "%s0x%08x",
		         len > 0 ? " | " : "", (unsigned)rest);
	else if (len == 0)
		snprintf(text, sizeof(text), "0");
	snprintf(first, sizeof(first), INDENT "%s", label);
	say(first, INDENT INDENT, "%s", text);
}

/*
 * The value of directive `name` in a DIGEST-MD5 token, quotes removed,
 * into out ("" when absent).
 */
static void
directive(const char *tok, const char *name, char *out, size_t size)
{
	const char *p = tok;
	size_t nlen = strlen(name);

	out[0] = '\0';
	while (*p != '\0') {
		const char *key, *v;
		size_t klen, vlen = 0;
		int quoted;

		while (*p == ' ' || *p == ',')
			p++;
		key = p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		klen = (size_t)(p - key);
		if (*p != '=')
			continue;
		p++;
		quoted = *p == '"';
		if (quoted)
			p++;
		v = p;
		while (*p != '\0' && (quoted ? *p != '"' : *p != ',')) {
			if (quoted && *p == '\\' && p[1] != '\0')
				p++;
			p++;
		}
		vlen = (size_t)(p - v);
		if (quoted && *p == '"')
			p++;
		if (klen == nlen && strncasecmp(key, name, nlen) == 0) {
			if (vlen >= size)
				vlen = size - 1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return;
		}
	}
}

/*
 * Prints bytes as hex in groups of 4 bytes, 7 groups a line, under a
 * label line.
 */
static void
show_hex(const char *label, const unsigned char *p, size_t n)
{
	size_t i;

	printf(INDENT "%s\n", label);
	for (i = 0; i < n; i++) {
		if (i % 28 == 0)
			fputs(i > 0 ? "\n" INDENT INDENT : INDENT INDENT,
			      stdout);
		else if (i % 4 == 0)
			fputc(' ', stdout);
		printf("%02x", p[i]);
	}
	fputc('\n', stdout);
}

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

/* A SEC_WINNT_AUTH_IDENTITY_EXA of ANSI strings. */
static void
sasl_identity(SEC_WINNT_AUTH_IDENTITY_EXA *id, const char *user,
              const char *domain, const char *password)
{
	memset(id, 0, sizeof(*id));
	id->Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id->Length = (ULONG)sizeof(*id);
	id->User = (unsigned char *)(uintptr_t)user;
	id->UserLength = (ULONG)strlen(user);
	id->Domain = (unsigned char *)(uintptr_t)domain;
	id->DomainLength = (ULONG)strlen(domain);
	id->Password = (unsigned char *)(uintptr_t)password;
	id->PasswordLength = (ULONG)strlen(password);
	id->Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
}

/* Step 0: the two credentials. */
static int
sasl_credentials(struct demo *d, struct sasl *s)
{
	static char service[] = SASL_SERVICE;
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SECURITY_STATUS st;

	heading("0. Both sides get credentials");
	sasl_identity(&id, SASL_USER, "", SASL_PASSWORD);
	show_call("client",
	          "AcquireCredentialsHandleA(NULL, \"WDigest\", "
	          "SECPKG_CRED_OUTBOUND, user \"%s\", domain \"\", password)",
	          SASL_USER);
	st = AcquireCredentialsHandleA(NULL, package_name, SECPKG_CRED_OUTBOUND,
	                               NULL, &id, NULL, NULL, &s->client_cred,
	                               NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	s->have_client_cred = 1;

	sasl_identity(&id, SASL_USER, SASL_REALM, SASL_PASSWORD);
	show_call("server",
	          "AcquireCredentialsHandleA(\"%s\", \"WDigest\", "
	          "SECPKG_CRED_INBOUND, the one account \"%s\" of realm "
	          "\"%s\")",
	          SASL_SERVICE, SASL_USER, SASL_REALM);
	st = AcquireCredentialsHandleA(service, package_name,
	                               SECPKG_CRED_INBOUND, NULL, &id, NULL,
	                               NULL, &s->server_cred, NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	s->have_server_cred = 1;
	explain("The client's domain is empty: it will take the realm the "
	        "server names in its challenge. The server's principal "
	        "\"" SASL_SERVICE "\" is the service it accepts (a client "
	        "must log in to \"" SASL_SERVICE "/...\"), and its identity "
	        "is the one account it knows, in its realm \"" SASL_REALM
	        "\". No HTTP flag will be passed below: that is what makes "
	        "the package speak SASL.");
	return 0;
}

/* Step 1: the server's digest-challenge. */
static int
sasl_challenge(struct demo *d, struct sasl *s, char *mem)
{
	SecBuffer ob;
	SecBufferDesc out;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char ciphers[64], maxbuf[16];

	heading("1. The server challenges");
	out_token(&ob, &out, mem, d->max_token);
	show_call("server", "AcceptSecurityContext(no token, "
	                    "ASC_REQ_CONFIDENTIALITY)");
	st = AcceptSecurityContext(&s->server_cred, NULL, NULL,
	                           ASC_REQ_CONFIDENTIALITY, 0, &s->server_ctx,
	                           &out, &attrs, NULL);
	if (st >= 0)
		s->have_server_ctx = 1;
	if (!check(d, st, SEC_I_CONTINUE_NEEDED))
		return -1;
	s->challenge = token_of(&ob);
	if (s->challenge == NULL) {
		printf(INDENT "UNEXPECTED: no challenge token\n");
		d->failed = 1;
		return -1;
	}
	show_header("digest-challenge: ", s->challenge);
	directive(s->challenge, "cipher", ciphers, sizeof(ciphers));
	directive(s->challenge, "maxbuf", maxbuf, sizeof(maxbuf));
	explain("A SASL login starts with the server (an IMAP server would "
	        "send this base64-encoded after \"+ \"). It names its realm, "
	        "a fresh nonce, and qop=\"auth-conf\" only, because it asked "
	        "for confidentiality: a client that cannot encrypt cannot "
	        "log in. It lists the ciphers it has (%s), the largest "
	        "message it accepts (maxbuf=%s bytes) and "
	        "algorithm=md5-sess, the only one DIGEST-MD5 has. The "
	        "server keeps its context handle: SASL has no opaque value "
	        "to find the session again.",
	        ciphers, maxbuf);
	return 0;
}

/* Step 2: the client's digest-response. */
static int
sasl_response(struct demo *d, struct sasl *s, char *mem)
{
	static char target[] = SASL_TARGET;
	SecBuffer ib, ob;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char cipher[16], qop[16];

	heading("2. The client answers and picks a cipher");
	set_buffer(&ib, SECBUFFER_TOKEN, s->challenge, strlen(s->challenge));
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = 1;
	in.pBuffers = &ib;
	out_token(&ob, &out, mem, d->max_token);
	show_call("client",
	          "InitializeSecurityContextA(challenge, target \"%s\", "
	          "ISC_REQ_CONFIDENTIALITY | ISC_REQ_MUTUAL_AUTH)",
	          target);
	st = InitializeSecurityContextA(
	    &s->client_cred, NULL, target,
	    ISC_REQ_CONFIDENTIALITY | ISC_REQ_MUTUAL_AUTH, 0, 0, &in, 0,
	    &s->client_ctx, &out, &attrs, NULL);
	if (st >= 0)
		s->have_client_ctx = 1;
	if (!check(d, st, SEC_I_CONTINUE_NEEDED))
		return -1;
	s->response = token_of(&ob);
	if (s->response == NULL) {
		printf(INDENT "UNEXPECTED: no response token\n");
		d->failed = 1;
		return -1;
	}
	show_header("digest-response: ", s->response);
	directive(s->response, "qop", qop, sizeof(qop));
	directive(s->response, "cipher", cipher, sizeof(cipher));
	printf(INDENT "chosen: qop=%s, cipher=%s\n", qop, cipher);
	if (strcmp(qop, "auth-conf") != 0 || cipher[0] == '\0') {
		printf(INDENT "UNEXPECTED: no encryption was chosen\n");
		d->failed = 1;
		return -1;
	}
	explain("The client took the realm from the challenge, made up its "
	        "own cnonce and chose qop=auth-conf with the strongest "
	        "cipher offered, %s. digest-uri is the target name: the "
	        "service and the host it wanted to reach. response proves "
	        "the password: H(A1) = MD5(MD5(user:realm:password):nonce:"
	        "cnonce) is the session key, and response = "
	        "MD5(hex(H(A1)):nonce:nc:cnonce:qop:MD5(A2)) with A2 = "
	        "\"AUTHENTICATE:\" digest-uri plus 32 zeros for auth-conf. "
	        "SEC_I_CONTINUE_NEEDED: the server's proof is still to "
	        "come.",
	        cipher);
	return 0;
}

/* Step 3: the server checks the response and answers with rspauth. */
static int
sasl_verify(struct demo *d, struct sasl *s, char *mem)
{
	static const ULONG need =
	    ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY | ASC_RET_MUTUAL_AUTH;
	SecBuffer ib, ob;
	SecBufferDesc in, out;
	SecPkgContext_NamesA names;
	SECURITY_STATUS st;
	ULONG attrs = 0;

	heading("3. The server checks the answer and proves itself");
	set_buffer(&ib, SECBUFFER_TOKEN, s->response, strlen(s->response));
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = 1;
	in.pBuffers = &ib;
	out_token(&ob, &out, mem, d->max_token);
	show_call("server", "AcceptSecurityContext(context, digest-response, "
	                    "ASC_REQ_CONFIDENTIALITY)");
	st = AcceptSecurityContext(&s->server_cred, &s->server_ctx, &in,
	                           ASC_REQ_CONFIDENTIALITY, 0, &s->server_ctx,
	                           &out, &attrs, NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	show_flags("attributes: ", attrs, asc_ret_names,
	           sizeof(asc_ret_names) / sizeof(asc_ret_names[0]));
	if ((attrs & need) != need) {
		printf(INDENT "UNEXPECTED: a protection is missing\n");
		d->failed = 1;
		return -1;
	}
	s->rspauth = token_of(&ob);
	if (s->rspauth == NULL) {
		printf(INDENT "UNEXPECTED: no rspauth token\n");
		d->failed = 1;
		return -1;
	}
	show_header("server's final data: ", s->rspauth);
	memset(&names, 0, sizeof(names));
	show_call("server", "QueryContextAttributesA(SECPKG_ATTR_NAMES)");
	st = QueryContextAttributesA(&s->server_ctx, SECPKG_ATTR_NAMES, &names);
	if (check(d, st, SEC_E_OK) && names.sUserName != NULL) {
		printf(INDENT "authenticated: \"%s\"\n", names.sUserName);
		FreeContextBuffer(names.sUserName);
	}
	explain("The server checked that the nonce is its own, that the "
	        "digest-uri names its service \"" SASL_SERVICE "\", and that "
	        "the cipher is one it offered; then it computed the same "
	        "response from its copy of the password. They match: "
	        "SEC_E_OK. Its output must still reach the client: rspauth "
	        "is computed like response but with A2 = \":\" digest-uri "
	        "(no \"AUTHENTICATE\"), so only someone who knows the "
	        "password can produce it.");
	return 0;
}

/* Step 4: the client checks rspauth. */
static int
sasl_mutual(struct demo *d, struct sasl *s, char *mem)
{
	static const ULONG need =
	    ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY | ISC_RET_MUTUAL_AUTH;
	static char target[] = SASL_TARGET;
	SecBuffer ib, ob;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;

	heading("4. The client checks the server's proof");
	set_buffer(&ib, SECBUFFER_TOKEN, s->rspauth, strlen(s->rspauth));
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = 1;
	in.pBuffers = &ib;
	out_token(&ob, &out, mem, d->max_token);
	show_call("client", "InitializeSecurityContextA(context, rspauth, "
	                    "ISC_REQ_CONFIDENTIALITY | ISC_REQ_MUTUAL_AUTH)");
	st = InitializeSecurityContextA(
	    NULL, &s->client_ctx, target,
	    ISC_REQ_CONFIDENTIALITY | ISC_REQ_MUTUAL_AUTH, 0, 0, &in, 0,
	    &s->client_ctx, &out, &attrs, NULL);
	if (!check(d, st, SEC_E_OK))
		return -1;
	show_flags("attributes: ", attrs, isc_ret_names,
	           sizeof(isc_ret_names) / sizeof(isc_ret_names[0]));
	if ((attrs & need) != need) {
		printf(INDENT "UNEXPECTED: a protection is missing\n");
		d->failed = 1;
		return -1;
	}
	if (ob.cbBuffer != 0) {
		printf(INDENT "UNEXPECTED: an output token\n");
		d->failed = 1;
		return -1;
	}
	explain("The client computed rspauth itself and got the same value: "
	        "the server knows the password too (ISC_RET_MUTUAL_AUTH). "
	        "Nothing more is sent; both contexts are complete. The "
	        "attributes say what the connection gets from now on: "
	        "encryption (CONFIDENTIALITY), a MAC on every message "
	        "(INTEGRITY) and sequence numbers (REPLAY_DETECT, "
	        "SEQUENCE_DETECT). A client must check these bits, since an "
	        "attacker could have stripped auth-conf from the challenge.");
	return 0;
}

/* Step 5: what the security layer uses. */
static int
sasl_sizes(struct demo *d, struct sasl *s)
{
	SecPkgContext_KeyInfoA ki;
	SecPkgContext_StreamSizes ss;
	SECURITY_STATUS st;

	heading("5. The security layer's keys and sizes");
	memset(&ki, 0, sizeof(ki));
	show_call("client", "QueryContextAttributesA(SECPKG_ATTR_KEY_INFO)");
	st = QueryContextAttributesA(&s->client_ctx, SECPKG_ATTR_KEY_INFO, &ki);
	if (!check(d, st, SEC_E_OK))
		return -1;
	printf(INDENT "sEncryptAlgorithmName = \"%s\", KeySize = %u\n",
	       ki.sEncryptAlgorithmName != NULL ? ki.sEncryptAlgorithmName : "",
	       (unsigned)ki.KeySize);
	printf(INDENT "sSignatureAlgorithmName = \"%s\"\n",
	       ki.sSignatureAlgorithmName != NULL ? ki.sSignatureAlgorithmName
	                                          : "");
	snprintf(s->cipher, sizeof(s->cipher), "%s",
	         ki.sEncryptAlgorithmName != NULL ? ki.sEncryptAlgorithmName
	                                          : "");
	if (ki.sEncryptAlgorithmName != NULL)
		FreeContextBuffer(ki.sEncryptAlgorithmName);
	if (ki.sSignatureAlgorithmName != NULL)
		FreeContextBuffer(ki.sSignatureAlgorithmName);

	memset(&ss, 0, sizeof(ss));
	show_call("client",
	          "QueryContextAttributesA(SECPKG_ATTR_STREAM_SIZES)");
	st = QueryContextAttributesA(&s->client_ctx, SECPKG_ATTR_STREAM_SIZES,
	                             &ss);
	if (!check(d, st, SEC_E_OK))
		return -1;
	printf(INDENT "cbHeader = %u, cbTrailer = %u, cbMaximumMessage = %u,"
	              "\n" INDENT "cBuffers = %u, cbBlockSize = %u\n",
	       (unsigned)ss.cbHeader, (unsigned)ss.cbTrailer,
	       (unsigned)ss.cbMaximumMessage, (unsigned)ss.cBuffers,
	       (unsigned)ss.cbBlockSize);
	s->trailer = ss.cbTrailer;
	s->max_message = ss.cbMaximumMessage;
	if (s->trailer == 0 || s->trailer > FRAME_MAX / 2) {
		printf(INDENT "UNEXPECTED: cbTrailer %u\n",
		       (unsigned)s->trailer);
		d->failed = 1;
		return -1;
	}
	explain("Both sides derived the same keys from H(A1), the session "
	        "key of step 2, one pair per direction: an encryption key "
	        "(\"%s\", %u bits) and an HMAC-MD5 key for the MAC. Each "
	        "message grows by cbTrailer = %u bytes: the MAC and a "
	        "sequence number. cbMaximumMessage is the largest message "
	        "per call: the peer's maxbuf minus that trailer.",
	        s->cipher, (unsigned)ki.KeySize, (unsigned)s->trailer);
	return 0;
}

/*
 * `from` protects `msg` with EncryptMessage (DATA + PADDING) and builds
 * the SASL frame: 4-byte length, then DATA and PADDING. Returns the
 * frame's length, 0 on failure.
 */
static size_t
sasl_send(struct demo *d, struct sasl *s, CtxtHandle *from, const char *who,
          const char *msg, unsigned char *frame)
{
	size_t n = strlen(msg), payload;
	SecBuffer b[2];
	SecBufferDesc desc;
	SECURITY_STATUS st;
	char label[96];

	if (4 + n + s->trailer > FRAME_MAX) {
		printf(INDENT "UNEXPECTED: message too long for this demo\n");
		d->failed = 1;
		return 0;
	}
	memcpy(frame + 4, msg, n);
	set_buffer(&b[0], SECBUFFER_DATA, frame + 4, n);
	set_buffer(&b[1], SECBUFFER_PADDING, frame + 4 + n, s->trailer);
	desc.ulVersion = SECBUFFER_VERSION;
	desc.cBuffers = 2;
	desc.pBuffers = b;
	show_call(who,
	          "EncryptMessage(context, 0, DATA \"%s\" (%zu bytes) + "
	          "PADDING (%u bytes free))",
	          msg, n, (unsigned)s->trailer);
	st = EncryptMessage(from, 0, &desc, 0);
	if (!check(d, st, SEC_E_OK))
		return 0;
	if (b[0].cbBuffer != n || b[1].cbBuffer < 6 ||
	    b[1].cbBuffer > s->trailer) {
		printf(INDENT "UNEXPECTED: DATA %u bytes, PADDING %u bytes\n",
		       (unsigned)b[0].cbBuffer, (unsigned)b[1].cbBuffer);
		d->failed = 1;
		return 0;
	}
	snprintf(label, sizeof(label),
	         "DATA, the message encrypted in place (%zu bytes):", n);
	show_hex(label, frame + 4, n);
	snprintf(label, sizeof(label),
	         "PADDING (%u bytes): encrypted MAC, "
	         "message type, sequence number",
	         (unsigned)b[1].cbBuffer);
	{
		const unsigned char *t = frame + 4 + n;
		size_t mac = b[1].cbBuffer - 6, i;

		printf(INDENT "%s\n" INDENT INDENT, label);
		for (i = 0; i < mac; i++)
			printf("%02x", t[i]);
		printf(" | %02x%02x | %02x%02x%02x%02x (= %zu)\n", t[mac],
		       t[mac + 1], t[mac + 2], t[mac + 3], t[mac + 4],
		       t[mac + 5], get_be32(t + mac + 2));
	}
	payload = n + b[1].cbBuffer;
	put_be32(frame, payload);
	snprintf(label, sizeof(label),
	         "SASL frame sent (4-byte length %zu, then DATA and "
	         "PADDING):",
	         payload);
	show_hex(label, frame, 4 + payload);
	return 4 + payload;
}

/*
 * `to` reads a frame: the payload after the length goes to
 * DecryptMessage in one DATA buffer. `msg` is the plaintext expected
 * when `want` is SEC_E_OK. Returns 1 when the status was `want`.
 */
static int
sasl_receive(struct demo *d, CtxtHandle *to, const char *who,
             const unsigned char *frame, size_t len, const char *msg,
             SECURITY_STATUS want)
{
	unsigned char buf[FRAME_MAX];
	size_t payload = get_be32(frame);
	SecBuffer b;
	SecBufferDesc desc;
	SECURITY_STATUS st;
	ULONG qop = 99;

	if (payload != len - 4 || payload > sizeof(buf)) {
		printf(INDENT "UNEXPECTED: a frame of %zu bytes says %zu\n",
		       len, payload);
		d->failed = 1;
		return 0;
	}
	memcpy(buf, frame + 4, payload);
	set_buffer(&b, SECBUFFER_DATA, buf, payload);
	desc.ulVersion = SECBUFFER_VERSION;
	desc.cBuffers = 1;
	desc.pBuffers = &b;
	show_call(who,
	          "DecryptMessage(context, DATA = the %zu bytes after the "
	          "length)",
	          payload);
	st = DecryptMessage(to, &desc, 0, &qop);
	if (!check(d, st, want))
		return 0;
	if (st != SEC_E_OK)
		return 1;
	printf(INDENT "DATA now: \"%.*s\" (%u bytes), *pfQOP = %u\n",
	       (int)b.cbBuffer, (const char *)b.pvBuffer, (unsigned)b.cbBuffer,
	       (unsigned)qop);
	if (b.cbBuffer != strlen(msg) ||
	    memcmp(b.pvBuffer, msg, b.cbBuffer) != 0 || qop != 0) {
		printf(INDENT "UNEXPECTED: not \"%s\" with *pfQOP 0\n", msg);
		d->failed = 1;
		return 0;
	}
	return 1;
}

/* Step 6: client to server. */
static int
sasl_client_sends(struct demo *d, struct sasl *s)
{
	static const char msg[] = "a secret message";
	unsigned char frame[FRAME_MAX];
	size_t len;

	heading("6. The client sends an encrypted message");
	len = sasl_send(d, s, &s->client_ctx, "client", msg, frame);
	if (len == 0)
		return -1;
	explain("EncryptMessage computed a MAC = HMAC-MD5(client's integrity "
	        "key, sequence number 0 + message), first 10 bytes, and "
	        "encrypted message + MAC with the client-to-server key: the "
	        "message part stays the same length in DATA, the rest goes "
	        "to PADDING, followed by the message type 1 and the "
	        "sequence number in clear. The application sends DATA and "
	        "PADDING as one SASL frame, with the 4-byte length in "
	        "front.");
	fputc('\n', stdout);
	if (!sasl_receive(d, &s->server_ctx, "server", frame, len, msg,
	                  SEC_E_OK))
		return -1;
	explain("The server decrypted in place with the same key, recomputed "
	        "the MAC with its receiving sequence number 0 and found it "
	        "equal. DATA now holds the plaintext and is shorter by the "
	        "trailer; *pfQOP = 0 says the message was encrypted.");
	return 0;
}

/* Step 7: server to client. */
static int
sasl_server_sends(struct demo *d, struct sasl *s)
{
	static const char msg[] = "a secret answer";
	unsigned char frame[FRAME_MAX];
	size_t len;

	heading("7. The server answers, encrypted too");
	len = sasl_send(d, s, &s->server_ctx, "server", msg, frame);
	if (len == 0)
		return -1;
	if (!sasl_receive(d, &s->client_ctx, "client", frame, len, msg,
	                  SEC_E_OK))
		return -1;
	explain("The other direction has its own keys (server-to-client) "
	        "and its own sequence numbers, so it starts at 0 again. "
	        "The encryption state runs on from message to message in "
	        "each direction: the same text sent twice gives different "
	        "bytes.");
	return 0;
}

/* Steps 8 and 9: a tampered frame, then the genuine one, replayed. */
static int
sasl_attacks(struct demo *d, struct sasl *s)
{
	static const char msg[] = "pay chris 10 euros";
	unsigned char frame[FRAME_MAX], bad[FRAME_MAX];
	size_t len, at;
	const char *one;

	heading("8. Someone changes a byte on the way");
	len = sasl_send(d, s, &s->client_ctx, "client", msg, frame);
	if (len == 0)
		return -1;
	one = strchr(msg, '1');
	at = 4 + (size_t)(one - msg);
	memcpy(bad, frame, len);
	bad[at] ^= '1' ^ '9';
	say(INDENT, INDENT,
	    "the attacker changes frame byte %zu (from 0), under the \"1\" "
	    "of \"10\": %02x -> %02x",
	    at, frame[at], bad[at]);
	if (!sasl_receive(d, &s->server_ctx, "server", bad, len, msg,
	                  SEC_E_MESSAGE_ALTERED))
		return -1;
	if (strncmp(s->cipher, "rc4", 3) == 0)
		explain("RC4 is a stream cipher: flipping bits of the "
		        "ciphertext flips the same bits of the plaintext, so "
		        "the server decrypted \"pay chris 90 euros\". "
		        "Encryption alone would not have noticed; the MAC "
		        "did: it does not match that text. The server drops "
		        "the message.");
	else
		explain("The changed byte decrypts to something else, and "
		        "the MAC does not match it: the server drops the "
		        "message.");
	fputc('\n', stdout);
	if (!sasl_receive(d, &s->server_ctx, "server", frame, len, msg,
	                  SEC_E_OK))
		return -1;
	explain("The genuine frame, arriving next, still decrypts: a "
	        "refused message leaves the context as it was (its cipher "
	        "state and sequence number). A real server would usually "
	        "close the connection instead.");

	heading("9. Someone replays a message");
	printf(INDENT "the attacker sends the genuine frame of step 8 "
	              "again\n");
	if (!sasl_receive(d, &s->server_ctx, "server", frame, len, msg,
	                  SEC_E_OUT_OF_SEQUENCE))
		return -1;
	explain("The frame is intact, but it carries sequence number 1 and "
	        "the server now expects 2: a recorded message cannot be "
	        "played again (or dropped, or reordered) without notice. "
	        "Chris is paid only once.");
	return 0;
}

/* Step 10: both sides let go of their handles. */
static void
sasl_cleanup(struct demo *d, struct sasl *s)
{
	SECURITY_STATUS st;

	heading("10. Both sides clean up");
	if (s->have_client_ctx) {
		show_call("client", "DeleteSecurityContext(context)");
		st = DeleteSecurityContext(&s->client_ctx);
		check(d, st, SEC_E_OK);
		s->have_client_ctx = 0;
	}
	if (s->have_server_ctx) {
		show_call("server", "DeleteSecurityContext(context)");
		st = DeleteSecurityContext(&s->server_ctx);
		check(d, st, SEC_E_OK);
		s->have_server_ctx = 0;
	}
	if (s->have_client_cred) {
		show_call("client", "FreeCredentialsHandle(credential)");
		st = FreeCredentialsHandle(&s->client_cred);
		check(d, st, SEC_E_OK);
		s->have_client_cred = 0;
	}
	if (s->have_server_cred) {
		show_call("server", "FreeCredentialsHandle(credential)");
		st = FreeCredentialsHandle(&s->server_cred);
		check(d, st, SEC_E_OK);
		s->have_server_cred = 0;
	}
	explain("Deleting a context wipes its keys; the connection's "
	        "security layer ends with it. Freeing a credential wipes "
	        "the password it held.");
	free(s->challenge);
	free(s->response);
	free(s->rspauth);
}

/* Runs the SASL steps; stops at the first one that goes wrong. */
static void
run_sasl(struct demo *d, char *mem)
{
	struct sasl s;

	memset(&s, 0, sizeof(s));
	part("Part 2: SASL DIGEST-MD5 with a security layer (RFC 2831)");
	say_wrapped("", "",
	            "The same package speaks SASL DIGEST-MD5, the mechanism "
	            "of IMAP, SMTP, POP3, LDAP and XMPP logins. The tokens "
	            "are SASL messages, which the application base64-encodes "
	            "into its own protocol; there is no request to sign. "
	            "Unlike HTTP Digest, the login can set up a security "
	            "layer: with qop=auth-conf every later message is "
	            "encrypted and carries a MAC and a sequence number. User "
	            "\"" SASL_USER "\", password \"" SASL_PASSWORD "\", realm "
	            "\"" SASL_REALM "\", service \"" SASL_SERVICE "\" (RFC "
	            "2831 section 4). DIGEST-MD5 is historic (RFC 6331) and "
	            "RC4 is broken; both still turn up on older servers.");
	if (sasl_credentials(d, &s) == 0 && sasl_challenge(d, &s, mem) == 0 &&
	    sasl_response(d, &s, mem) == 0 && sasl_verify(d, &s, mem) == 0 &&
	    sasl_mutual(d, &s, mem) == 0 && sasl_sizes(d, &s) == 0 &&
	    sasl_client_sends(d, &s) == 0 && sasl_server_sends(d, &s) == 0)
		sasl_attacks(d, &s);
	sasl_cleanup(d, &s);
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
"Run Digest authentication between an SSPI client and an SSPI server in\n"
"this process and explain each step.\n"
"\n"
"Part 1, HTTP Digest: the challenge, the client's answer, the server's\n"
"check and proof, two later requests on the same session\n"
"(CompleteAuthToken, VerifySignature) and a replayed request. The user is\n"
"Mufasa, password \"Circle of Life\", realm \"http-auth@example.org\"\n"
"(RFC 7616 section 3.9.1).\n"
"\n"
"Part 2, SASL DIGEST-MD5 with a security layer: the challenge, response\n"
"and rspauth of an IMAP login (user chris, password \"secret\", realm\n"
"\"elwood.innosoft.com\", RFC 2831 section 4) with qop=auth-conf, then\n"
"messages encrypted with EncryptMessage and DecryptMessage both ways, a\n"
"tampered message and a replayed one.\n"
"\n"
"Options:\n"
"  --algorithm LIST   algorithms the HTTP server offers, preferred first\n"
"                     (default \"SHA-256,MD5\")\n"
"  --auth-int         POST requests with a body, protected with\n"
"                     qop=auth-int\n"
"  --identity         the HTTP server knows its one account from an\n"
"                     identity (AcquireCredentialsHandle) instead of\n"
"                     asking a password lookup callback\n"
"  --no-http          skip part 1\n"
"  --no-sasl          skip part 2\n"
"  -h, --help         show this help\n"
"\n"
"Exit status:\n"
"  0  every call returned what it should\n"
"  1  usage error\n"
"  6  a call returned something else\n",
	    f);
	/* clang-format on */
}

/* A usage error: the message, then the usage line (main.c). */
#define usage_error(...) cli_usage_error("demo", DEMO_USAGE, __VA_ARGS__)

enum {
	OPT_ALGORITHM = 256,
	OPT_AUTH_INT,
	OPT_IDENTITY,
	OPT_NO_HTTP,
	OPT_NO_SASL
};

static const struct option demo_options[] = {
    {"algorithm", required_argument, NULL, OPT_ALGORITHM},
    {"auth-int", no_argument, NULL, OPT_AUTH_INT},
    {"identity", no_argument, NULL, OPT_IDENTITY},
    {"no-http", no_argument, NULL, OPT_NO_HTTP},
    {"no-sasl", no_argument, NULL, OPT_NO_SASL},
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
		case OPT_NO_HTTP:
			o->no_http = 1;
			break;
		case OPT_NO_SASL:
			o->no_sasl = 1;
			break;
		case 'h':
			demo_help(stdout);
			return CLI_EXIT_OK;
		default: /* ':' or '?' */
			return cli_getopt_error("demo", DEMO_USAGE, c, argv);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->no_http && o->no_sasl)
		return usage_error("--no-http and --no-sasl leave nothing to "
		                   "show");
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

	part("Part 1: HTTP Digest (RFC 7616)");
	say_wrapped("", "",
	            "The requests and answers are printed as HTTP would "
	            "carry them. User \"" DEMO_USER "\", "
	            "password \"" DEMO_PASSWORD "\", realm \"" DEMO_REALM
	            "\".");
	heading("0. Both sides get credentials");
	if (setup_client(d) != 0 || setup_server(d) != 0)
		return;
	explain("The client holds the user's name and password. The server "
	        "holds no password of its own: it %s.",
	        d->o.identity ? "was given the one account it accepts"
	                      : "asks its password lookup callback when a "
	                        "response arrives");

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

	printf("digestssp demo: Digest between an SSPI client and an SSPI "
	       "server\n");
	say_wrapped("", "",
	            "Both sides run in this process; the tokens they would "
	            "send each other are handed over directly and printed. "
	            "Part 1 is HTTP Digest, part 2 SASL DIGEST-MD5 with its "
	            "security layer.");
	fputc('\n', stdout);
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

	if (!d.o.no_http)
		run_http(&d, mem);
	if (!d.o.no_sasl)
		run_sasl(&d, mem);

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
