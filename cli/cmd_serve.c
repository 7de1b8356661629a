/*
 * digestssp serve - an HTTP server that demands Digest authentication and
 * checks it through the server side of libdigestssp, the way a Windows
 * server uses the WDigest package (api.md section 4.3):
 *
 *   AcquireCredentialsHandleA(INBOUND) + SetCredentialsAttributesA once;
 *   then for every request, its whole body read first:
 *   AcceptSecurityContext(phContext NULL, Authorization value, method,
 *                         request-target, body)
 *     SEC_I_CONTINUE_NEEDED -> 401 + WWW-Authenticate (one per challenge)
 *     SEC_E_OK              -> 200 + Authentication-Info
 *     SEC_I_COMPLETE_NEEDED -> CompleteAuthToken(same input)
 *                              SEC_E_OK -> 200, else 401 + fresh challenge
 *     any error             -> 401 + fresh challenge
 *   DeleteSecurityContext (the session stays cached in the credential).
 *
 * libmicrohttpd is only the transport: its own Digest functions are never
 * used. The answer to an authenticated request is "user=<name>\n",
 * followed by "body=<request body>\n" when the request had a body, as in
 * tests/interop/mhd_server.c.
 *
 * Every request that does not authenticate, whatever the reason (no or
 * non-Digest Authorization, wrong password, unknown user, replayed or
 * forged response, nonce or opaque the server no longer knows), gets 401
 * with a fresh challenge and never 400: a client whose session the server
 * forgot (restart, eviction) must be able to start again, and the status
 * code the package returns does not tell a malformed header from a
 * forgotten session.
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include <digestssp/sspi.h>

#include "cli.h"
#include "errnames.h"
#include "wwwauth.h"

/* clang-format off */
#define SERVE_USAGE \
	"serve --listen ADDR:PORT --realm REALM --users FILE\n" \
	"                     [--algorithm LIST] [--qop LIST]\n" \
	"                     [--nonce-lifetime SECONDS] [--userhash]\n" \
	"                     [--path-only-uri]"
/* clang-format on */

/* Largest request body accepted (413 above it). */
#define MAX_BODY (1024 * 1024)
#define MAX_NONCE_LIFETIME 31536000UL /* one year */

static char package_name[] = "WDigest";

struct serve_opts {
	const char *listen;
	const char *realm;
	const char *users;
	const char *algorithms;
	const char *qop;
	unsigned long nonce_lifetime; /* 0: the package's default */
	int userhash;
	int path_only_uri;
};

/* Shared by every request; read-only once the daemon runs. */
struct server {
	CredHandle cred;
	int have_cred;
	ULONG max_token;
	char *realm;
};

/* One request while its body is read. */
struct request {
	char *target; /* request-target as on the request line */
	char *body;
	size_t body_len;
	size_t body_cap;
	int started;
	int too_large;
};

/* What the answer to one request will be. */
struct answer {
	unsigned int status;
	char *challenge; /* WWW-Authenticate values, as one token */
	char *auth_info; /* Authentication-Info value */
	char *user;      /* authenticated user name */
	char note[96];   /* SSPI status names for the log */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

static const char *
status_str(SECURITY_STATUS st, char tmp[16])
{
	return errname_r(st, tmp);
}

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/* Appends " NAME" of st to the log note. */
static void
note_add(struct answer *a, const char *word)
{
	size_t n = strlen(a->note);

	snprintf(a->note + n, sizeof(a->note) - n, "%s%s", n > 0 ? " " : "",
	         word);
}

static void
note_status(struct answer *a, SECURITY_STATUS st)
{
	char tmp[16];

	note_add(a, status_str(st, tmp));
}

/*
 * Writes s to the log with control bytes (and backslashes) escaped, so
 * that one request stays one line.
 */
static void
log_escaped(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* A token from the package, as a string fit for a header line. */
static char *
token_string(const SecBuffer *b, ULONG max)
{
	const char *p = b->pvBuffer;
	ULONG i;

	if (b->cbBuffer == 0 || b->cbBuffer > max || p == NULL)
		return NULL;
	for (i = 0; i < b->cbBuffer; i++)
		if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
			return NULL;
	return xmemdup0(p, b->cbBuffer);
}

static void
set_buffer(SecBuffer *b, ULONG type, void *data, size_t len)
{
	b->BufferType = type;
	b->cbBuffer = (ULONG)len;
	b->pvBuffer = len > 0 ? data : NULL;
}

/* ------------------------------------------------------------------ */
/* Request bodies                                                     */

static struct request *
request_new(const char *target)
{
	struct request *rq = xcalloc(1, sizeof(*rq));

	rq->target = xstrdup(target != NULL ? target : "/");
	return rq;
}

static void
request_free(struct request *rq)
{
	if (rq == NULL)
		return;
	free(rq->target);
	free(rq->body);
	free(rq);
}

static void
request_add_body(struct request *rq, const char *data, size_t n)
{
	if (rq->too_large || n > MAX_BODY - rq->body_len) {
		rq->too_large = 1;
		return;
	}
	if (rq->body_len + n > rq->body_cap) {
		size_t cap = rq->body_cap ? rq->body_cap : 1024;

		while (cap < rq->body_len + n)
			cap *= 2;
		rq->body = xrealloc(rq->body, cap);
		rq->body_cap = cap;
	}
	memcpy(rq->body + rq->body_len, data, n);
	rq->body_len += n;
}

/* ------------------------------------------------------------------ */
/* SSPI                                                               */

/*
 * The AcceptSecurityContext input for one request (buffers.md 3.1 and
 * the digestssp extensions): 0 TOKEN = Authorization value after
 * "Digest", 1 method, 2 request-target (checked against the uri
 * directive), 3 H(entity) left empty, 4 realm left empty (the
 * credential's), 5 channel bindings (none), 6 DATA = the body, hashed
 * by the package for qop=auth-int with the negotiated algorithm.
 */
struct asc_input {
	SecBuffer bufs[8]; /* [7]: see complete_request() */
	SecBufferDesc desc;
};

static void
asc_input_init(struct asc_input *in, const char *token, size_t token_len,
               const char *method, struct request *rq)
{
	set_buffer(&in->bufs[0], SECBUFFER_TOKEN, (char *)(uintptr_t)token,
	           token_len);
	set_buffer(&in->bufs[1], SECBUFFER_PKG_PARAMS,
	           (char *)(uintptr_t)method, strlen(method));
	set_buffer(&in->bufs[2], SECBUFFER_PKG_PARAMS, rq->target,
	           strlen(rq->target));
	set_buffer(&in->bufs[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&in->bufs[4], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&in->bufs[5], SECBUFFER_CHANNEL_BINDINGS, NULL, 0);
	set_buffer(&in->bufs[6], SECBUFFER_DATA, rq->body, rq->body_len);
	in->desc.ulVersion = SECBUFFER_VERSION;
	in->desc.cBuffers = rq->body_len > 0 ? 7 : 6;
	in->desc.pBuffers = in->bufs;
}

/*
 * The authenticated user of a context: SECPKG_ATTR_NAMES is
 * "realm\user" when the realm is not empty (api.md 3.15); the realm,
 * from SECPKG_ATTR_AUTHORITY, is taken off.
 */
static char *
context_user(PCtxtHandle h)
{
	SecPkgContext_NamesA names;
	SecPkgContext_AuthorityA authority;
	const char *name;
	char *user;
	size_t n;

	memset(&names, 0, sizeof(names));
	if (QueryContextAttributesA(h, SECPKG_ATTR_NAMES, &names) != SEC_E_OK ||
	    names.sUserName == NULL)
		return xstrdup("?");
	name = names.sUserName;
	memset(&authority, 0, sizeof(authority));
	if (QueryContextAttributesA(h, SECPKG_ATTR_AUTHORITY, &authority) ==
	        SEC_E_OK &&
	    authority.sAuthorityName != NULL) {
		n = strlen(authority.sAuthorityName);
		if (n > 0 && strncmp(name, authority.sAuthorityName, n) == 0 &&
		    name[n] == '\\')
			name += n + 1;
		FreeContextBuffer(authority.sAuthorityName);
	}
	user = xstrdup(name);
	FreeContextBuffer(names.sUserName);
	return user;
}

/*
 * A fresh challenge for this request: AcceptSecurityContext with an
 * empty token. Sets a->challenge, or leaves it NULL on failure.
 */
static void
fresh_challenge(struct server *srv, struct answer *a, const char *method,
                struct request *rq, char *out_mem)
{
	struct asc_input in;
	SecBuffer out_buf;
	SecBufferDesc out;
	CtxtHandle h;
	SECURITY_STATUS st;
	ULONG attrs = 0;

	asc_input_init(&in, NULL, 0, method, rq);
	set_buffer(&out_buf, SECBUFFER_TOKEN, out_mem, srv->max_token);
	out.ulVersion = SECBUFFER_VERSION;
	out.cBuffers = 1;
	out.pBuffers = &out_buf;
	st = AcceptSecurityContext(&srv->cred, NULL, &in.desc, ASC_REQ_HTTP, 0,
	                           &h, &out, &attrs, NULL);
	if (st != SEC_I_CONTINUE_NEEDED) {
		note_add(a, "challenge:");
		note_status(a, st);
		if (st >= 0)
			DeleteSecurityContext(&h);
		return;
	}
	a->challenge = token_string(&out_buf, srv->max_token);
	DeleteSecurityContext(&h);
}

/*
 * Is the Authorization value the Digest scheme? Sets *token to what
 * follows "Digest" and its white space.
 */
static int
digest_scheme(const char *value, const char **token)
{
	while (is_ows(*value))
		value++;
	if (strncasecmp(value, "Digest", 6) != 0 ||
	    (value[6] != '\0' && !is_ows(value[6])))
		return 0;
	value += 6;
	while (is_ows(*value))
		value++;
	*token = value;
	return 1;
}

/* Decides the answer to one complete request. */
static void
authenticate(struct server *srv, struct MHD_Connection *conn,
             const char *method, struct request *rq, struct answer *a)
{
	const char *auth, *token = "";
	struct asc_input in;
	SecBuffer out_buf;
	SecBufferDesc out;
	CtxtHandle h;
	SECURITY_STATUS st, st2;
	ULONG attrs = 0;
	char *out_mem = xmalloc(srv->max_token);
	int have_h;

	auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                   MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth != NULL && !digest_scheme(auth, &token)) {
		note_add(a, "not-Digest");
		token = "";
	}
	asc_input_init(&in, token, strlen(token), method, rq);
	set_buffer(&out_buf, SECBUFFER_TOKEN, out_mem, srv->max_token);
	out.ulVersion = SECBUFFER_VERSION;
	out.cBuffers = 1;
	out.pBuffers = &out_buf;

	st = AcceptSecurityContext(&srv->cred, NULL, &in.desc, ASC_REQ_HTTP, 0,
	                           &h, &out, &attrs, NULL);
	note_status(a, st);
	have_h = st == SEC_E_OK || st == SEC_I_CONTINUE_NEEDED ||
	         st == SEC_I_COMPLETE_NEEDED;

	a->status = MHD_HTTP_UNAUTHORIZED;
	switch (st) {
	case SEC_E_OK:
		/* The first response of a session: authenticated. */
		a->status = MHD_HTTP_OK;
		a->user = context_user(&h);
		a->auth_info = token_string(&out_buf, srv->max_token);
		break;
	case SEC_I_CONTINUE_NEEDED:
		/* No credentials yet, or a correct answer to a stale nonce. */
		if (*token != '\0')
			note_add(a, "stale");
		a->challenge = token_string(&out_buf, srv->max_token);
		break;
	case SEC_I_COMPLETE_NEEDED:
		/*
		 * A later request of an established session. digestssp
		 * extension: a TOKEN buffer after the positional slots
		 * receives its Authentication-Info (Windows has none here).
		 */
		set_buffer(&in.bufs[in.desc.cBuffers], SECBUFFER_TOKEN, out_mem,
		           srv->max_token - 1);
		in.desc.cBuffers++;
		st2 = CompleteAuthToken(&h, &in.desc);
		note_status(a, st2);
		if (st2 == SEC_E_OK) {
			a->status = MHD_HTTP_OK;
			a->user = context_user(&h);
			a->auth_info = token_string(&in.bufs[in.desc.cBuffers - 1],
			                            srv->max_token);
		}
		break;
	default:
		break;
	}
	if (have_h)
		DeleteSecurityContext(&h);
	if (a->status == MHD_HTTP_UNAUTHORIZED && a->challenge == NULL)
		fresh_challenge(srv, a, method, rq, out_mem);
	if (a->status == MHD_HTTP_UNAUTHORIZED && a->challenge == NULL)
		a->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	explicit_bzero(out_mem, srv->max_token);
	free(out_mem);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                               */

/* wwwauth_split callback: one WWW-Authenticate header per challenge. */
static int
add_challenge(const char *value, void *arg)
{
	struct MHD_Response *resp = arg;

	return MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	                               value) == MHD_YES
	           ? 0
	           : -1;
}

static struct MHD_Response *
text_response(const char *text, size_t len)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)text,
	                                       MHD_RESPMEM_MUST_COPY);
	if (resp != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		                        "text/plain; charset=utf-8");
	return resp;
}

/* The body of a 200: "user=NAME\n" [+ "body=BODY\n"]. */
static struct MHD_Response *
ok_response(const struct answer *a, const struct request *rq)
{
	struct MHD_Response *resp;
	size_t ulen = strlen(a->user), n = 0;
	char *text;

	if (rq->body_len > SIZE_MAX - ulen - 16)
		cli_oom();
	text = xmalloc(ulen + rq->body_len + 16);
	memcpy(text, "user=", 5);
	n = 5;
	memcpy(text + n, a->user, ulen);
	n += ulen;
	text[n++] = '\n';
	if (rq->body_len > 0) {
		memcpy(text + n, "body=", 5);
		n += 5;
		memcpy(text + n, rq->body, rq->body_len);
		n += rq->body_len;
		text[n++] = '\n';
	}
	resp = text_response(text, n);
	free(text);
	return resp;
}

static enum MHD_Result
send_answer(struct MHD_Connection *conn, struct answer *a,
            const struct request *rq)
{
	static const char unauthorized[] = "401 Unauthorized\n";
	static const char too_large[] = "413 Content Too Large\n";
	static const char failed[] = "500 Internal Server Error\n";
	struct MHD_Response *resp = NULL;
	enum MHD_Result ret;

	switch (a->status) {
	case MHD_HTTP_OK:
		resp = ok_response(a, rq);
		if (resp != NULL && a->auth_info != NULL &&
		    MHD_add_response_header(resp, "Authentication-Info",
		                            a->auth_info) != MHD_YES) {
			MHD_destroy_response(resp);
			resp = NULL;
		}
		break;
	case MHD_HTTP_UNAUTHORIZED:
		resp = text_response(unauthorized, sizeof(unauthorized) - 1);
		if (resp != NULL &&
		    wwwauth_split(a->challenge, add_challenge, resp) != 0) {
			MHD_destroy_response(resp);
			resp = NULL;
		}
		break;
	case MHD_HTTP_CONTENT_TOO_LARGE:
		resp = text_response(too_large, sizeof(too_large) - 1);
		break;
	default:
		break;
	}
	if (resp == NULL) {
		a->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		resp = text_response(failed, sizeof(failed) - 1);
		if (resp == NULL)
			return MHD_NO;
	}
	ret = MHD_queue_response(conn, a->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* One log line per request on stderr. */
static void
log_request(const char *method, const struct request *rq,
            const struct answer *a)
{
	flockfile(stderr);
	log_escaped(stderr, method);
	fputc(' ', stderr);
	log_escaped(stderr, rq->target);
	fputs(" user=", stderr);
	log_escaped(stderr, a->user != NULL ? a->user : "-");
	fprintf(stderr, " %u %s\n", a->status, a->note);
	funlockfile(stderr);
}

/* MHD_OPTION_URI_LOG_CALLBACK: the raw request-target, query included. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	return request_new(uri);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct request *rq = *con_cls;
	struct answer a;
	enum MHD_Result ret;

	(void)version;
	if (rq == NULL) {
		/* not seen by on_uri (cannot happen; kept for safety) */
		rq = request_new(url);
		*con_cls = rq;
	}
	if (!rq->started) {
		/* headers only: read the body before authenticating */
		rq->started = 1;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		request_add_body(rq, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}

	memset(&a, 0, sizeof(a));
	if (rq->too_large) {
		a.status = MHD_HTTP_CONTENT_TOO_LARGE;
		note_add(&a, "body-too-large");
	} else {
		authenticate(srv, conn, method, rq, &a);
	}
	ret = send_answer(conn, &a, rq);
	log_request(method, rq, &a);
	free(a.challenge);
	free(a.auth_info);
	free(a.user);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
}

/* ------------------------------------------------------------------ */
/* Setup                                                              */

static int
sspi_failed(const char *call, SECURITY_STATUS st)
{
	const char *meaning = errmeaning(st);
	char tmp[16];

	if (meaning != NULL)
		cli_error("%s failed: %s (%s)", call, status_str(st, tmp),
		          meaning);
	else
		cli_error("%s failed: %s", call, status_str(st, tmp));
	return CLI_EXIT_SSPI;
}

static int
set_attr(struct server *srv, ULONG attr, const char *what, void *buf,
         size_t len)
{
	SECURITY_STATUS st;
	char tmp[16];

	st = SetCredentialsAttributesA(&srv->cred, attr, buf, (ULONG)len);
	if (st == SEC_E_OK)
		return CLI_EXIT_OK;
	if (st == SEC_E_INVALID_PARAMETER) {
		cli_error("the package refused %s (%s)", what,
		          status_str(st, tmp));
		return CLI_EXIT_USAGE;
	}
	return sspi_failed("SetCredentialsAttributesA", st);
}

/* Parses "--qop auth,auth-int" into DIGESTSSP_SERVER_QOP_xxx bits. */
static int
parse_qop(const char *list, ULONG *flags)
{
	const char *p = list;

	*flags = 0;
	while (*p != '\0') {
		const char *start;
		size_t n;

		while (is_ows(*p) || *p == ',')
			p++;
		start = p;
		while (*p != '\0' && *p != ',' && !is_ows(*p))
			p++;
		n = (size_t)(p - start);
		if (n == 0)
			continue;
		if (n == 4 && strncasecmp(start, "auth", 4) == 0)
			*flags |= DIGESTSSP_SERVER_QOP_AUTH;
		else if (n == 8 && strncasecmp(start, "auth-int", 8) == 0)
			*flags |= DIGESTSSP_SERVER_QOP_AUTH_INT;
		else
			return -1;
	}
	return *flags != 0 ? 0 : -1;
}

static int
setup_credential(struct server *srv, const struct serve_opts *o)
{
	PSecPkgInfoA info = NULL;
	SecPkgCredentials_DigestRealmA realm;
	SecPkgCredentials_DigestAlgorithmsA algs;
	SecPkgCredentials_DigestServer server;
	SecPkgCredentials_DigestUserFileA file;
	SECURITY_STATUS st;
	ULONG qop;
	int rc;

	st = QuerySecurityPackageInfoA(package_name, &info);
	if (st != SEC_E_OK)
		return sspi_failed("QuerySecurityPackageInfoA", st);
	srv->max_token = info != NULL ? info->cbMaxToken : 0;
	if (info != NULL)
		FreeContextBuffer(info);
	if (srv->max_token == 0) {
		cli_error("QuerySecurityPackageInfoA returned no token size");
		return CLI_EXIT_SSPI;
	}

	st =
	    AcquireCredentialsHandleA(NULL, package_name, SECPKG_CRED_INBOUND,
	                              NULL, NULL, NULL, NULL, &srv->cred, NULL);
	if (st != SEC_E_OK)
		return sspi_failed("AcquireCredentialsHandleA", st);
	srv->have_cred = 1;

	srv->realm = xstrdup(o->realm);
	realm.sRealm = srv->realm;
	rc = set_attr(srv, DIGESTSSP_CRED_ATTR_REALM, "the realm", &realm,
	              sizeof(realm));
	if (rc != CLI_EXIT_OK)
		return rc;

	algs.sAlgorithms = (char *)(uintptr_t)o->algorithms;
	rc = set_attr(srv, DIGESTSSP_CRED_ATTR_ALGORITHMS,
	              "the --algorithm list", &algs, sizeof(algs));
	if (rc != CLI_EXIT_OK)
		return rc;

	if (parse_qop(o->qop, &qop) != 0) {
		cli_error("invalid --qop '%s' (auth, auth-int or both)",
		          o->qop);
		return CLI_EXIT_USAGE;
	}
	memset(&server, 0, sizeof(server));
	server.fFlags = qop;
	if (o->userhash)
		server.fFlags |= DIGESTSSP_SERVER_USERHASH;
	if (o->path_only_uri)
		server.fFlags |= DIGESTSSP_SERVER_PATH_ONLY_URI;
	server.NonceLifetime = (ULONG)o->nonce_lifetime;
	rc = set_attr(srv, DIGESTSSP_CRED_ATTR_SERVER, "the server settings",
	              &server, sizeof(server));
	if (rc != CLI_EXIT_OK)
		return rc;

	file.sPath = (char *)(uintptr_t)o->users;
	return set_attr(srv, DIGESTSSP_CRED_ATTR_USER_FILE, "the user file",
	                &file, sizeof(file));
}

/*
 * "HOST:PORT", "[IPV6]:PORT": the one address to bind. Returns a
 * getaddrinfo list (first entry used) or NULL after printing an error.
 */
static struct addrinfo *
parse_listen(const char *arg)
{
	struct addrinfo hints, *res = NULL;
	const char *colon;
	char *host, *end;
	unsigned long port;
	int err;

	colon = strrchr(arg, ':');
	if (colon == NULL || colon == arg || colon[1] == '\0') {
		cli_error("invalid --listen '%s' (want ADDRESS:PORT)", arg);
		return NULL;
	}
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || colon[1] == '-' || port > 65535) {
		cli_error("invalid port in --listen '%s'", arg);
		return NULL;
	}
	if (arg[0] == '[' && colon[-1] == ']')
		host = xmemdup0(arg + 1, (size_t)(colon - arg) - 2);
	else
		host = xmemdup0(arg, (size_t)(colon - arg));
	if (*host == '\0' || (arg[0] != '[' && strchr(host, ':') != NULL)) {
		cli_error("invalid address in --listen '%s' (IPv6 "
		          "addresses go in brackets: [::1]:8080)",
		          arg);
		free(host);
		return NULL;
	}

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	err = getaddrinfo(host, colon + 1, &hints, &res);
	if (err != 0) {
		cli_error("cannot resolve '%s': %s", host, gai_strerror(err));
		free(host);
		return NULL;
	}
	free(host);
	return res;
}

/* The port of an AF_INET or AF_INET6 address (for MHD's messages). */
static uint16_t
sockaddr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(
		    ((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
}

static void
serve_help(FILE *f)
{
	fprintf(f, "usage: %s " SERVE_USAGE "\n", cli_progname);
	/* clang-format off */
	fputs(
"\n"
"Run an HTTP server (libmicrohttpd) that demands Digest authentication for\n"
"every request and checks it through the server side of libdigestssp\n"
"(AcceptSecurityContext, then CompleteAuthToken for later requests of a\n"
"session). An authenticated request gets 200 with the body \"user=NAME\",\n"
"plus \"body=BODY\" when the request had one; every other request gets 401\n"
"with a fresh challenge (one WWW-Authenticate header per algorithm). One\n"
"line per request is logged on standard error: method, target, user,\n"
"HTTP status and the SSPI statuses. SIGINT or SIGTERM stops the server.\n"
"\n"
"Options:\n"
"  --listen ADDR:PORT   the one address to listen on, e.g. 127.0.0.1:8080\n"
"                       or [::1]:8080 (port 0: any free port)\n"
"  --realm REALM        the realm named in the challenges\n"
"  --users FILE         user file: htdigest lines user:realm:HA1 (MD5),\n"
"                       plus user:realm:HA1:SHA-256 / :SHA-512-256 lines\n"
"                       for the SHA-2 algorithms (digestssp passwd);\n"
"                       reloaded when it changes\n"
"  --algorithm LIST     algorithms offered, preferred first, e.g.\n"
"                       \"SHA-256,MD5\" (default MD5; also MD5-sess,\n"
"                       SHA-256-sess, SHA-512-256, SHA-512-256-sess)\n"
"  --qop LIST           auth, auth-int or \"auth,auth-int\" (default auth)\n"
"  --nonce-lifetime S   seconds a nonce stays fresh (default 300); a\n"
"                       correct answer to an older one gets stale=true\n"
"  --userhash           offer userhash=true (RFC 7616 section 3.4.4)\n"
"  --path-only-uri      also accept a uri directive without the query\n"
"                       string (old Internet Explorer and .NET clients)\n"
"  -h, --help           show this help\n"
"\n"
"Exit status:\n"
"  0  stopped by SIGINT or SIGTERM\n"
"  1  usage error, unreadable user file, or the address cannot be bound\n"
"  6  an SSPI call failed while setting up\n",
	    f);
	/* clang-format on */
}

/* A usage error: the message, then the usage line (main.c). */
#define usage_error(...) cli_usage_error("serve", SERVE_USAGE, __VA_ARGS__)

enum {
	OPT_LISTEN = 256,
	OPT_REALM,
	OPT_USERS,
	OPT_ALGORITHM,
	OPT_QOP,
	OPT_NONCE_LIFETIME,
	OPT_USERHASH,
	OPT_PATH_ONLY_URI
};

static const struct option serve_options[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"realm", required_argument, NULL, OPT_REALM},
    {"users", required_argument, NULL, OPT_USERS},
    {"algorithm", required_argument, NULL, OPT_ALGORITHM},
    {"qop", required_argument, NULL, OPT_QOP},
    {"nonce-lifetime", required_argument, NULL, OPT_NONCE_LIFETIME},
    {"userhash", no_argument, NULL, OPT_USERHASH},
    {"path-only-uri", no_argument, NULL, OPT_PATH_ONLY_URI},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* Returns -1 to go on, else the exit code (0 for --help). */
static int
parse_options(int argc, char **argv, struct serve_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->algorithms = "MD5";
	o->qop = "auth";
	opterr = 0;
	optind = 0; /* glibc: full reset */
	while ((c = getopt_long(argc, argv, ":h", serve_options, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case OPT_REALM:
			o->realm = optarg;
			break;
		case OPT_USERS:
			o->users = optarg;
			break;
		case OPT_ALGORITHM:
			if (*optarg == '\0')
				return usage_error("empty --algorithm list");
			o->algorithms = optarg;
			break;
		case OPT_QOP:
			o->qop = optarg;
			break;
		case OPT_NONCE_LIFETIME:
			if (!cli_parse_count(optarg, 1, MAX_NONCE_LIFETIME,
					     &o->nonce_lifetime))
				return usage_error("invalid --nonce-lifetime "
				                   "'%s' (1 to %lu seconds)",
				                   optarg, MAX_NONCE_LIFETIME);
			break;
		case OPT_USERHASH:
			o->userhash = 1;
			break;
		case OPT_PATH_ONLY_URI:
			o->path_only_uri = 1;
			break;
		case 'h':
			serve_help(stdout);
			return CLI_EXIT_OK;
		default: /* ':' or '?' */
			return cli_getopt_error("serve", SERVE_USAGE, c, argv);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->listen == NULL)
		return usage_error("missing --listen ADDRESS:PORT");
	if (o->realm == NULL)
		return usage_error("missing --realm");
	if (o->users == NULL)
		return usage_error("missing --users FILE");
	return -1;
}

/* Serves until SIGINT or SIGTERM. */
static int
run(struct server *srv, const struct serve_opts *o)
{
	struct addrinfo *ai;
	struct MHD_Daemon *daemon;
	const union MHD_DaemonInfo *info;
	sigset_t stop, old;
	unsigned int flags;
	int sig = 0;

	ai = parse_listen(o->listen);
	if (ai == NULL)
		return CLI_EXIT_USAGE;

	/*
	 * The stop signals are blocked before libmicrohttpd starts its
	 * thread (which inherits the mask), so that sigwait() gets them.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &stop, &old) != 0) {
		freeaddrinfo(ai);
		cli_error("cannot block signals");
		return CLI_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	daemon = MHD_start_daemon(
	    flags, sockaddr_port(ai->ai_addr), NULL, NULL, on_request, srv,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_URI_LOG_CALLBACK,
	    on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (daemon == NULL) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		cli_error("cannot listen on %s", o->listen);
		return CLI_EXIT_USAGE;
	}
	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr,
	        "%s serve: listening on http://%.*s:%u/, realm \"%s\", "
	        "algorithms %s, qop %s%s%s\n",
	        cli_progname, (int)(strrchr(o->listen, ':') - o->listen),
	        o->listen, info != NULL ? (unsigned)info->port : 0U, o->realm,
	        o->algorithms, o->qop, o->userhash ? ", userhash" : "",
	        o->path_only_uri ? ", path-only uri" : "");

	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "%s serve: %s, stopping\n", cli_progname,
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	MHD_stop_daemon(daemon);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return CLI_EXIT_OK;
}

/* see cli.h */
int
cmd_serve(int argc, char **argv)
{
	struct serve_opts o;
	struct server srv;
	FILE *f;
	int rc;

	rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;

	/* A clear message for the common mistake; the package reads it. */
	f = fopen(o.users, "r");
	if (f == NULL) {
		cli_error("cannot read the user file '%s': %s", o.users,
		          strerror(errno));
		return CLI_EXIT_USAGE;
	}
	fclose(f);

	memset(&srv, 0, sizeof(srv));
	rc = setup_credential(&srv, &o);
	if (rc == CLI_EXIT_OK)
		rc = run(&srv, &o);
	if (srv.have_cred)
		FreeCredentialsHandle(&srv.cred);
	free(srv.realm);
	fflush(stderr);
	return rc;
}
