/*
 * digestssp get - an HTTP client that answers Digest challenges through
 * the SSPI functions of libdigestssp, the way curl's digest_sspi.c uses
 * Windows' WDigest package:
 *
 *   request without credentials -> 401 + WWW-Authenticate: Digest ...
 *   AcquireCredentialsHandleA -> InitializeSecurityContextA(challenge)
 *   -> FreeCredentialsHandle -> request with Authorization: Digest <token>
 *   -> (optional) InitializeSecurityContextA(Authentication-Info)
 *   -> further requests: MakeSignature (5-buffer HTTP layout)
 *   -> DeleteSecurityContext.
 *
 * libcurl is only the transport: its own authentication code is never
 * enabled (no CURLOPT_HTTPAUTH / CURLOPT_USERPWD).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include <digestssp/sspi.h>

#include "cli.h"
#include "errnames.h"
#include "term.h"

/* clang-format off */
#define GET_USAGE \
	"get [--user U] [--password-stdin] [-X METHOD] [-d DATA]\n" \
	"                     [--auth-int] [--algorithm LIST] [--repeat N]\n" \
	"                     [--wait SECONDS] [--mutual] [-v] URL"
/* clang-format on */

#define MAX_STALE_RETRIES 2
#define MAX_REPEAT 1000000UL
#define MAX_WAIT_SECONDS 86400.0
#define MAX_NAME_BYTES 65535

/* A growable byte string; p is NUL-terminated whenever it is non-NULL. */
struct buf {
	char *p;
	size_t n;
	size_t cap;
};

/* What we keep of one HTTP response. */
struct response {
	long status;
	char *status_line; /* "HTTP/1.1 401 Unauthorized" */
	struct buf body;
	char **www; /* WWW-Authenticate values, in order */
	size_t n_www;
	size_t cap_www;
	char *auth_info; /* last Authentication-Info value */
	int last_header; /* for obs-fold: 1 = www, 2 = auth_info */
};

struct get_opts {
	const char *user;
	int password_stdin;
	const char *method;
	const char *data;
	int auth_int;
	const char *algorithms;
	unsigned long repeat;
	double wait;
	int mutual;
	int verbose;
	const char *url;
};

struct get_state {
	struct get_opts o;
	CURL *curl;
	CURLU *url;
	char errbuf[CURL_ERROR_SIZE];
	char *method; /* owned copies: SecBuffers want char * */
	char *body;   /* NULL when the request has no body */
	size_t body_len;
	char *target;     /* request-target: path[?query] */
	char *algorithms; /* --algorithm list, or NULL */
	char *url_user;   /* percent-decoded user part of the URL */
	struct response resp;
	ULONG flags;     /* fContextReq */
	ULONG max_token; /* cbMaxToken */
	char *token;     /* max_token bytes: ISC / MakeSignature out */
	ULONG token_len; /* bytes of the current Authorization value */
	CtxtHandle ctx;
	int have_ctx;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

static void
buf_add(struct buf *b, const void *data, size_t n)
{
	if (n > SIZE_MAX - b->n - 1)
		cli_oom();
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->n + n + 1)
			cap = cap > SIZE_MAX / 2 ? b->n + n + 1 : cap * 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->n, data, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

static int
is_tchar(int c)
{
	/* RFC 9110 token characters */
	return isalnum((unsigned char)c) ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/* Length of the first token of s (after leading white space). */
static size_t
first_token(const char *s, const char **start)
{
	size_t n = 0;

	while (is_ows(*s))
		s++;
	*start = s;
	while (is_tchar(s[n]))
		n++;
	return n;
}

/*
 * True when a WWW-Authenticate value holds a Digest challenge: a list
 * element (at the start or after a comma) that begins with the scheme
 * word "Digest". One value may carry several schemes ("Basic realm=x,
 * Digest realm=y, ..."); the package picks the Digest one itself.
 */
static int
has_digest(const char *value)
{
	const char *p = value;
	int in_quotes = 0;

	for (;;) {
		const char *tok;
		size_t n = first_token(p, &tok);

		if (n == 6 && strncasecmp(tok, "Digest", 6) == 0 &&
		    (tok[6] == '\0' || tok[6] == ' ' || tok[6] == '\t'))
			return 1;
		/* the next list element: a comma outside a quoted string */
		for (; *p != '\0'; p++) {
			if (*p == '\\' && in_quotes && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_quotes = !in_quotes;
			else if (*p == ',' && !in_quotes)
				break;
		}
		if (*p == '\0')
			return 0;
		p++;
	}
}

static const char *
status_str(SECURITY_STATUS st, char tmp[16])
{
	return errname_r(st, tmp);
}

static void verbose(const struct get_state *s, const char *fmt, ...)
    CLI_PRINTF(2, 3);

static void
verbose(const struct get_state *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->o.verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Reports a failed SSPI call; returns the exit code for it. */
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

static void
sleep_seconds(double seconds)
{
	struct timespec ts, rem;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

/* ------------------------------------------------------------------ */
/* Challenge inspection                                               */

/*
 * Is there an auth-param stale=true (value case-insensitive, quoted or
 * not) anywhere in the challenge text? The text is a comma-separated
 * auth-param list, possibly preceded by scheme names (RFC 9110 section 11).
 */
static int
challenge_is_stale(const char *p)
{
	while (*p != '\0') {
		const char *name;
		size_t name_len;
		char value[8];
		size_t vlen = 0;
		int too_long = 0;

		while (is_ows(*p) || *p == ',')
			p++;
		name = p;
		while (is_tchar(*p))
			p++;
		name_len = (size_t)(p - name);
		if (name_len == 0) {
			if (*p != '\0')
				p++; /* stray character: skip it */
			continue;
		}
		while (is_ows(*p))
			p++;
		if (*p != '=')
			continue; /* a scheme name or token68 */
		p++;
		while (is_ows(*p))
			p++;
		if (*p == '"') {
			p++;
			while (*p != '\0' && *p != '"') {
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (vlen < sizeof(value) - 1)
					value[vlen++] = *p;
				else
					too_long = 1;
				p++;
			}
			if (*p == '"')
				p++;
		} else {
			while (*p != '\0' && *p != ',' && !is_ows(*p)) {
				if (vlen < sizeof(value) - 1)
					value[vlen++] = *p;
				else
					too_long = 1;
				p++;
			}
		}
		value[vlen] = '\0';
		if (name_len == 5 && strncasecmp(name, "stale", 5) == 0 &&
		    !too_long && strcasecmp(value, "true") == 0)
			return 1;
	}
	return 0;
}

/*
 * Joins the WWW-Authenticate values that hold a Digest challenge with
 * ", " (each keeps its scheme words). Returns NULL when there is none;
 * *offered then lists the schemes the server did offer.
 */
static char *
digest_challenge(const struct response *r, char **offered)
{
	struct buf joined = {0}, schemes = {0};
	size_t i;

	*offered = NULL;
	for (i = 0; i < r->n_www; i++) {
		if (!has_digest(r->www[i]))
			continue;
		if (joined.n > 0)
			buf_adds(&joined, ", ");
		buf_adds(&joined, r->www[i]);
	}
	if (joined.p != NULL)
		return joined.p;

	for (i = 0; i < r->n_www; i++) {
		const char *tok;
		size_t n = first_token(r->www[i], &tok);

		if (n == 0)
			continue;
		if (schemes.n > 0)
			buf_adds(&schemes, ", ");
		buf_add(&schemes, tok, n);
	}
	*offered = schemes.p ? schemes.p : xstrdup("none");
	return NULL;
}

/* ------------------------------------------------------------------ */
/* libcurl transport                                                  */

static void
response_reset(struct response *r)
{
	size_t i;

	for (i = 0; i < r->n_www; i++)
		free(r->www[i]);
	r->n_www = 0;
	free(r->auth_info);
	r->auth_info = NULL;
	free(r->status_line);
	r->status_line = NULL;
	r->last_header = 0;
}

static void
response_free(struct response *r)
{
	response_reset(r);
	free(r->www);
	r->www = NULL;
	r->cap_www = 0;
	buf_free(&r->body);
}

/* Appends a folded continuation line to the header it continues. */
static void
append_fold(char **value, const char *more, size_t n)
{
	struct buf b = {0};

	buf_adds(&b, *value);
	buf_add(&b, " ", 1);
	buf_add(&b, more, n);
	free(*value);
	*value = b.p;
}

static size_t
on_header(char *data, size_t size, size_t nitems, void *userdata)
{
	struct response *r = userdata;
	size_t len = size * nitems, total = len, name_len;
	const char *colon, *value;

	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* A new response head (after a 1xx, or the first one). */
		response_reset(r);
		r->status_line = xmemdup0(data, len);
		return total;
	}
	if (len == 0) {
		r->last_header = 0;
		return total;
	}
	if (is_ows(data[0])) {
		/* obs-fold: continuation of the previous header line */
		while (len > 0 && is_ows(data[0])) {
			data++;
			len--;
		}
		if (r->last_header == 1 && r->n_www > 0)
			append_fold(&r->www[r->n_www - 1], data, len);
		else if (r->last_header == 2 && r->auth_info != NULL)
			append_fold(&r->auth_info, data, len);
		return total;
	}
	r->last_header = 0;
	colon = memchr(data, ':', len);
	if (colon == NULL)
		return total;
	name_len = (size_t)(colon - data);
	value = colon + 1;
	len -= name_len + 1;
	while (len > 0 && is_ows(*value)) {
		value++;
		len--;
	}
	while (len > 0 && is_ows(value[len - 1]))
		len--;

	if (name_len == 16 && strncasecmp(data, "WWW-Authenticate", 16) == 0) {
		if (r->n_www == r->cap_www) {
			r->cap_www = r->cap_www ? r->cap_www * 2 : 4;
			r->www =
			    xrealloc(r->www, r->cap_www * sizeof(r->www[0]));
		}
		r->www[r->n_www++] = xmemdup0(value, len);
		r->last_header = 1;
	} else if (name_len == 19 &&
	           strncasecmp(data, "Authentication-Info", 19) == 0) {
		free(r->auth_info);
		r->auth_info = xmemdup0(value, len);
		r->last_header = 2;
	}
	return total;
}

static size_t
on_body(char *data, size_t size, size_t nitems, void *userdata)
{
	struct response *r = userdata;

	buf_add(&r->body, data, size * nitems);
	return size * nitems;
}

static int
setup_curl(struct get_state *s)
{
	CURL *c = curl_easy_init();

	if (c == NULL) {
		cli_error("network error: cannot create a libcurl handle");
		return CLI_EXIT_NETWORK;
	}
	s->curl = c;
	curl_easy_setopt(c, CURLOPT_CURLU, s->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "digestssp/" DSS_VERSION);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &s->resp);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s->resp);

	/* The method and body are the same for every request. */
	if (s->body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)s->body_len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, s->body);
		if (strcmp(s->method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, s->method);
	} else if (strcmp(s->method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(s->method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (strcmp(s->method, "POST") == 0) {
		/* an empty body, sent with Content-Length: 0 */
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, s->method);
	}
	return CLI_EXIT_OK;
}

/*
 * Sends the request, with "Authorization: Digest <token>" when
 * with_auth. Returns 0 with s->resp filled, or an exit code.
 */
static int
perform(struct get_state *s, int with_auth)
{
	struct curl_slist *headers = NULL, *h;
	struct buf auth = {0};
	CURLcode rc;
	size_t i;

	response_reset(&s->resp);
	s->resp.body.n = 0;
	s->resp.status = 0;
	s->errbuf[0] = '\0';

	/* No "Expect: 100-continue": the 401 would cut the body short. */
	h = curl_slist_append(headers, "Expect:");
	if (h == NULL)
		cli_oom();
	headers = h;
	if (with_auth) {
		buf_adds(&auth, "Authorization: Digest ");
		buf_add(&auth, s->token, s->token_len);
		h = curl_slist_append(headers, auth.p);
		if (h == NULL)
			cli_oom();
		headers = h;
	}
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, headers);

	verbose(s, "> %s %s HTTP/1.1", s->method, s->target);
	if (with_auth)
		verbose(s, "> %s", auth.p);

	rc = curl_easy_perform(s->curl);
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)0);
	curl_slist_free_all(headers);
	buf_free(&auth);

	if (rc != CURLE_OK) {
		if (s->errbuf[0] != '\0')
			cli_error("network error: %s (%s)",
			          curl_easy_strerror(rc), s->errbuf);
		else
			cli_error("network error: %s", curl_easy_strerror(rc));
		return CLI_EXIT_NETWORK;
	}
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &s->resp.status);

	if (s->o.verbose) {
		if (s->resp.status_line != NULL)
			verbose(s, "< %s", s->resp.status_line);
		else
			verbose(s, "< HTTP status %ld", s->resp.status);
		for (i = 0; i < s->resp.n_www; i++)
			verbose(s, "< WWW-Authenticate: %s", s->resp.www[i]);
		if (s->resp.auth_info != NULL)
			verbose(s, "< Authentication-Info: %s",
			        s->resp.auth_info);
	}
	return CLI_EXIT_OK;
}

static int
is_2xx(long status)
{
	return status >= 200 && status <= 299;
}

static void
print_body(const struct get_state *s)
{
	if (s->resp.body.n > 0)
		fwrite(s->resp.body.p, 1, s->resp.body.n, stdout);
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* SSPI                                                               */

static char package_name[] = "WDigest";

static void
set_buffer(SecBuffer *b, ULONG type, void *data, size_t len)
{
	b->BufferType = type;
	b->cbBuffer = (ULONG)len;
	b->pvBuffer = data;
}

static int
query_package(struct get_state *s)
{
	PSecPkgInfoA info = NULL;
	SECURITY_STATUS st;
	char tmp[16];

	st = QuerySecurityPackageInfoA(package_name, &info);
	verbose(s, "* QuerySecurityPackageInfoA(\"WDigest\"): %s",
	        status_str(st, tmp));
	if (st != SEC_E_OK)
		return sspi_failed("QuerySecurityPackageInfoA", st);
	if (info == NULL || info->cbMaxToken == 0) {
		if (info != NULL)
			FreeContextBuffer(info);
		cli_error("QuerySecurityPackageInfoA returned no token size");
		return CLI_EXIT_SSPI;
	}
	s->max_token = info->cbMaxToken;
	verbose(s, "*   cbMaxToken = %u", (unsigned)s->max_token);
	st = FreeContextBuffer(info);
	if (st != SEC_E_OK)
		verbose(s, "* FreeContextBuffer: %s", status_str(st, tmp));
	s->token = xmalloc(s->max_token);
	return CLI_EXIT_OK;
}

/*
 * Checks the token an SSPI call wrote (cbBuffer bytes of s->token)
 * before it goes into a header line.
 */
static int
accept_token(struct get_state *s, const char *call, ULONG len)
{
	ULONG i;

	if (len == 0 || len > s->max_token) {
		cli_error("%s returned %s token (%u bytes)", call,
		          len == 0 ? "an empty" : "an oversized",
		          (unsigned)len);
		return CLI_EXIT_SSPI;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s->token[i];

		if (c == '\r' || c == '\n' || c == '\0') {
			cli_error("%s returned a token with a line break or "
			          "NUL byte",
			          call);
			return CLI_EXIT_SSPI;
		}
	}
	s->token_len = len;
	return CLI_EXIT_OK;
}

/*
 * InitializeSecurityContextA with a challenge: the first call (cred
 * non-NULL, no context yet) or a restart on the same context after
 * stale=true (cred NULL). Produces the Authorization value.
 */
static int
isc_challenge(struct get_state *s, PCredHandle cred, char *challenge)
{
	SecBuffer in_bufs[6], out_buf;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char tmp[16];

	/* curl's three positional slots: challenge, method, H(entity) */
	set_buffer(&in_bufs[0], SECBUFFER_TOKEN, challenge, strlen(challenge));
	set_buffer(&in_bufs[1], SECBUFFER_PKG_PARAMS, s->method,
	           strlen(s->method));
	set_buffer(&in_bufs[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	/*
	 * digestssp extension: the entity body in a DATA buffer after the
	 * positional slots (index 5; slots 3 and 4, target SPN and channel
	 * bindings, stay empty), hashed by the package for qop=auth-int.
	 */
	set_buffer(&in_bufs[3], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&in_bufs[4], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&in_bufs[5], SECBUFFER_DATA, s->body, s->body_len);
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = s->body != NULL ? 6 : 3;
	in.pBuffers = in_bufs;

	set_buffer(&out_buf, SECBUFFER_TOKEN, s->token, s->max_token);
	out.ulVersion = SECBUFFER_VERSION;
	out.cBuffers = 1;
	out.pBuffers = &out_buf;

	st = InitializeSecurityContextA(cred, s->have_ctx ? &s->ctx : NULL,
	                                s->target, s->flags, 0, 0, &in, 0,
	                                &s->ctx, &out, &attrs, NULL);
	verbose(s,
	        "* InitializeSecurityContextA(%s, \"%s\"): %s, "
	        "attributes 0x%08X, token %u bytes",
	        s->have_ctx ? "context" : "credential", s->target,
	        status_str(st, tmp), (unsigned)attrs,
	        (unsigned)out_buf.cbBuffer);
	if (st == SEC_E_INVALID_TOKEN && !s->have_ctx) {
		/* Digest is offered, but in no form this client may answer */
		cli_error("no usable Digest challenge (%s): unknown or "
		          "disallowed algorithm, or malformed challenge",
		          status_str(st, tmp));
		return CLI_EXIT_NO_DIGEST;
	}
	if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
		return sspi_failed("InitializeSecurityContextA", st);
	s->have_ctx = 1;
	return accept_token(s, "InitializeSecurityContextA", out_buf.cbBuffer);
}

/* The Authorization value for a further request on the context. */
static int
make_signature(struct get_state *s)
{
	SecBuffer bufs[6];
	SecBufferDesc desc;
	SECURITY_STATUS st;
	char tmp[16];

	/* curl's five-buffer HTTP layout; the token comes back in slot 4 */
	set_buffer(&bufs[0], SECBUFFER_TOKEN, NULL, 0);
	set_buffer(&bufs[1], SECBUFFER_PKG_PARAMS, s->method,
	           strlen(s->method));
	set_buffer(&bufs[2], SECBUFFER_PKG_PARAMS, s->target,
	           strlen(s->target));
	set_buffer(&bufs[3], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&bufs[4], SECBUFFER_PADDING, s->token, s->max_token);
	/* digestssp extension: the entity body, for qop=auth-int */
	set_buffer(&bufs[5], SECBUFFER_DATA, s->body, s->body_len);
	desc.ulVersion = SECBUFFER_VERSION;
	desc.cBuffers = s->body != NULL ? 6 : 5;
	desc.pBuffers = bufs;

	st = MakeSignature(&s->ctx, 0, &desc, 0);
	verbose(s, "* MakeSignature(\"%s\"): %s, token %u bytes", s->target,
	        status_str(st, tmp), (unsigned)bufs[4].cbBuffer);
	if (st != SEC_E_OK)
		return sspi_failed("MakeSignature", st);
	return accept_token(s, "MakeSignature", bufs[4].cbBuffer);
}

/*
 * Acquires an outbound credential for user/password, configures it,
 * answers the challenge and frees the credential again (the context
 * keeps working, as with curl). The password is wiped here.
 */
static int
first_response(struct get_state *s, char *user, char *password,
               size_t password_len, char *challenge)
{
	SEC_WINNT_AUTH_IDENTITY_EXA id;
	SecPkgCredentials_DigestFlags dflags;
	SecPkgCredentials_DigestAlgorithmsA algs;
	CredHandle cred;
	SECURITY_STATUS st;
	char tmp[16];
	int rc;

	memset(&id, 0, sizeof(id));
	id.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
	id.Length = (ULONG)sizeof(id);
	id.User = (unsigned char *)user;
	id.UserLength = (ULONG)strlen(user);
	id.Domain = NULL;
	id.DomainLength = 0;
	id.Password = (unsigned char *)password;
	id.PasswordLength = (ULONG)password_len;
	id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;

	st = AcquireCredentialsHandleA(NULL, package_name, SECPKG_CRED_OUTBOUND,
	                               NULL, &id, NULL, NULL, &cred, NULL);
	explicit_bzero(&id, sizeof(id));
	term_free_secret(password, password_len);
	verbose(s,
	        "* AcquireCredentialsHandleA(\"WDigest\", OUTBOUND, "
	        "user \"%s\"): %s",
	        user, status_str(st, tmp));
	if (st != SEC_E_OK)
		return sspi_failed("AcquireCredentialsHandleA", st);

	memset(&dflags, 0, sizeof(dflags));
	dflags.fFlags = DIGESTSSP_CRED_FLAG_CHALLENGE_REALM;
	st = SetCredentialsAttributesA(&cred, DIGESTSSP_CRED_ATTR_FLAGS,
	                               &dflags, (ULONG)sizeof(dflags));
	verbose(s,
	        "* SetCredentialsAttributesA(DIGESTSSP_CRED_ATTR_FLAGS, "
	        "CHALLENGE_REALM): %s",
	        status_str(st, tmp));
	if (st != SEC_E_OK) {
		rc = sspi_failed("SetCredentialsAttributesA", st);
		goto out;
	}

	if (s->algorithms != NULL) {
		memset(&algs, 0, sizeof(algs));
		algs.sAlgorithms = s->algorithms;
		st = SetCredentialsAttributesA(&cred,
		                               DIGESTSSP_CRED_ATTR_ALGORITHMS,
		                               &algs, (ULONG)sizeof(algs));
		verbose(s,
		        "* SetCredentialsAttributesA("
		        "DIGESTSSP_CRED_ATTR_ALGORITHMS, \"%s\"): %s",
		        s->algorithms, status_str(st, tmp));
		if (st != SEC_E_OK) {
			rc = sspi_failed("SetCredentialsAttributesA", st);
			goto out;
		}
	}

	rc = isc_challenge(s, &cred, challenge);

out:
	st = FreeCredentialsHandle(&cred);
	verbose(s, "* FreeCredentialsHandle: %s", status_str(st, tmp));
	return rc;
}

/*
 * A 2xx answer to an authenticated request: feed Authentication-Info
 * to the context (rspauth check, nextnonce). Returns 0 or an exit code.
 */
static int
check_auth_info(struct get_state *s)
{
	SecBuffer in_bufs[6], out_buf;
	SecBufferDesc in, out;
	SECURITY_STATUS st;
	ULONG attrs = 0;
	char tmp[16];

	if (s->resp.auth_info == NULL) {
		if (s->o.mutual) {
			cli_error("server sent no Authentication-Info");
			return CLI_EXIT_MUTUAL;
		}
		return CLI_EXIT_OK;
	}

	/*
	 * Slot 0: the Authentication-Info value; slots 1-2 as for the
	 * challenge. With qop=auth-int, rspauth covers the *response*
	 * body (RFC 2617 3.2.3), passed like the request body: a DATA
	 * buffer after the positional slots (digestssp extension).
	 */
	set_buffer(&in_bufs[0], SECBUFFER_TOKEN, s->resp.auth_info,
	           strlen(s->resp.auth_info));
	set_buffer(&in_bufs[1], SECBUFFER_PKG_PARAMS, s->method,
	           strlen(s->method));
	set_buffer(&in_bufs[2], SECBUFFER_PKG_PARAMS, NULL, 0);
	set_buffer(&in_bufs[3], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&in_bufs[4], SECBUFFER_EMPTY, NULL, 0);
	set_buffer(&in_bufs[5], SECBUFFER_DATA,
	           s->resp.body.n > 0 ? s->resp.body.p : NULL, s->resp.body.n);
	in.ulVersion = SECBUFFER_VERSION;
	in.cBuffers = 6;
	in.pBuffers = in_bufs;
	/* No token is expected back; give it room anyway. */
	set_buffer(&out_buf, SECBUFFER_TOKEN, s->token, s->max_token);
	out.ulVersion = SECBUFFER_VERSION;
	out.cBuffers = 1;
	out.pBuffers = &out_buf;

	st = InitializeSecurityContextA(NULL, &s->ctx, s->target, s->flags, 0,
	                                0, &in, 0, &s->ctx, &out, &attrs, NULL);
	verbose(s,
	        "* InitializeSecurityContextA(context, "
	        "Authentication-Info): %s, attributes 0x%08X",
	        status_str(st, tmp), (unsigned)attrs);
	if (!s->o.mutual)
		return CLI_EXIT_OK; /* only adopts a nextnonce */
	if (st != SEC_E_OK) {
		cli_error("server failed mutual authentication (%s)",
		          status_str(st, tmp));
		return CLI_EXIT_MUTUAL;
	}
	if (!(attrs & ISC_RET_MUTUAL_AUTH)) {
		cli_error("server failed mutual authentication "
		          "(Authentication-Info carries no rspauth)");
		return CLI_EXIT_MUTUAL;
	}
	return CLI_EXIT_OK;
}

/*
 * Sends the request with the current Authorization value and handles
 * the answer (stale nonces included). Returns 0 or an exit code.
 */
static int
send_authorised(struct get_state *s)
{
	int stale_left = MAX_STALE_RETRIES;
	int rc;

	for (;;) {
		char *challenge, *offered = NULL;
		int stale;

		rc = perform(s, 1);
		if (rc != CLI_EXIT_OK)
			return rc;
		if (is_2xx(s->resp.status)) {
			rc = check_auth_info(s);
			if (rc == CLI_EXIT_OK)
				print_body(s);
			return rc;
		}
		if (s->resp.status != 401) {
			print_body(s);
			cli_error("HTTP status %ld", s->resp.status);
			return CLI_EXIT_HTTP;
		}

		challenge = digest_challenge(&s->resp, &offered);
		free(offered);
		stale = challenge != NULL && challenge_is_stale(challenge);
		if (stale && stale_left > 0) {
			stale_left--;
			verbose(s, "* stale nonce: answering the new challenge "
			           "on the same context");
			rc = isc_challenge(s, NULL, challenge);
			free(challenge);
			if (rc != CLI_EXIT_OK)
				return rc;
			continue;
		}
		free(challenge);
		if (stale)
			cli_error("authentication failed: the server still "
			          "reports a stale nonce after %d retries "
			          "(HTTP 401)",
			          MAX_STALE_RETRIES);
		else
			cli_error("authentication failed: wrong user name or "
			          "password (HTTP 401)");
		return CLI_EXIT_AUTH;
	}
}

/* ------------------------------------------------------------------ */
/* Command line                                                       */

static void
get_help(FILE *f)
{
	fprintf(f, "usage: %s " GET_USAGE "\n", cli_progname);
	/* clang-format off */
	fputs(
"\n"
"Fetch URL with libcurl and answer an HTTP Digest challenge (401) through\n"
"the SSPI functions of libdigestssp (InitializeSecurityContextA, then\n"
"MakeSignature for further requests). The response body is written to\n"
"standard output.\n"
"\n"
"Options:\n"
"  --user U           user name (default: the user part of URL, else asked\n"
"                     on /dev/tty)\n"
"  --password-stdin   read the password from the first line of standard\n"
"                     input (default: asked on /dev/tty without echo); it\n"
"                     is never taken from the command line\n"
"  -X, --request M    HTTP method (default GET, or POST with -d)\n"
"  -d, --data DATA    request body\n"
"  --auth-int         ask for qop=auth-int (ISC_REQ_INTEGRITY)\n"
"  --algorithm LIST   algorithms to accept, in order of preference,\n"
"                     e.g. \"SHA-256,MD5\"\n"
"  --repeat N         make N authenticated requests on one security\n"
"                     context, the later ones through MakeSignature\n"
"                     (default 1)\n"
"  --wait SECONDS     pause between repeated requests (fractions allowed)\n"
"  --mutual           require the server to prove it knows the password\n"
"                     (ISC_REQ_MUTUAL_AUTH, Authentication-Info rspauth)\n"
"  -v, --verbose      trace requests, challenges, Authorization values and\n"
"                     SSPI calls on standard error (never the password)\n"
"  -h, --help         show this help\n"
"\n"
"Exit status:\n"
"  0  success (HTTP 2xx)\n"
"  1  usage error, or the user name or password could not be read\n"
"  2  authentication failed (HTTP 401 after the credentials were sent)\n"
"  3  the server offers no Digest challenge this client may answer\n"
"  4  network error\n"
"  5  HTTP status other than 2xx and 401 (the body is still printed)\n"
"  6  an SSPI call failed\n"
"  7  the server failed mutual authentication (--mutual)\n",
	    f);
	/* clang-format on */
}

/* A usage error: the message, then the usage line (main.c). */
#define usage_error(...) cli_usage_error("get", GET_USAGE, __VA_ARGS__)

static int
valid_method(const char *m)
{
	if (*m == '\0')
		return 0;
	for (; *m != '\0'; m++)
		if (!is_tchar(*m))
			return 0;
	return 1;
}

enum {
	OPT_USER = 256,
	OPT_PASSWORD_STDIN,
	OPT_AUTH_INT,
	OPT_ALGORITHM,
	OPT_REPEAT,
	OPT_WAIT,
	OPT_MUTUAL
};

static const struct option get_options[] = {
    {"user", required_argument, NULL, OPT_USER},
    {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
    {"request", required_argument, NULL, 'X'},
    {"data", required_argument, NULL, 'd'},
    {"auth-int", no_argument, NULL, OPT_AUTH_INT},
    {"algorithm", required_argument, NULL, OPT_ALGORITHM},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"wait", required_argument, NULL, OPT_WAIT},
    {"mutual", no_argument, NULL, OPT_MUTUAL},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* Returns -1 to go on, else the exit code (0 for --help). */
static int
parse_options(int argc, char **argv, struct get_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->repeat = 1;
	opterr = 0;
	optind = 0; /* glibc: full reset */
	while ((c = getopt_long(argc, argv, ":X:d:vh", get_options, NULL)) !=
	       -1) {
		char *end;

		switch (c) {
		case OPT_USER:
			o->user = optarg;
			break;
		case OPT_PASSWORD_STDIN:
			o->password_stdin = 1;
			break;
		case 'X':
			if (!valid_method(optarg))
				return usage_error("invalid method '%s'",
				                   optarg);
			o->method = optarg;
			break;
		case 'd':
			o->data = optarg;
			break;
		case OPT_AUTH_INT:
			o->auth_int = 1;
			break;
		case OPT_ALGORITHM:
			if (*optarg == '\0')
				return usage_error("empty --algorithm list");
			o->algorithms = optarg;
			break;
		case OPT_REPEAT:
			if (!cli_parse_count(optarg, 1, MAX_REPEAT, &o->repeat))
				return usage_error("invalid --repeat '%s' "
				                   "(1 to 1000000)",
				                   optarg);
			break;
		case OPT_WAIT:
			errno = 0;
			o->wait = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !isfinite(o->wait) || o->wait < 0 ||
			    o->wait > MAX_WAIT_SECONDS)
				return usage_error("invalid --wait '%s' "
				                   "(0 to 86400 seconds)",
				                   optarg);
			break;
		case OPT_MUTUAL:
			o->mutual = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			get_help(stdout);
			return CLI_EXIT_OK;
		default: /* ':' or '?' */
			return cli_getopt_error("get", GET_USAGE, c, argv);
		}
	}
	if (optind >= argc)
		return usage_error("missing URL");
	if (optind + 1 < argc)
		return usage_error("unexpected argument '%s'",
		                   argv[optind + 1]);
	o->url = argv[optind];
	if (o->method == NULL)
		o->method = o->data != NULL ? "POST" : "GET";
	return -1;
}

/*
 * Parses the URL into s->url, takes the user part out of it (libcurl
 * must not see credentials) and computes the request-target.
 */
static int
prepare_url(struct get_state *s)
{
	char *scheme = NULL, *part = NULL, *path = NULL, *query = NULL;
	CURLUcode uc;
	struct buf t = {0};
	int rc = CLI_EXIT_OK;

	s->url = curl_url();
	if (s->url == NULL)
		cli_oom();
	uc = curl_url_set(s->url, CURLUPART_URL, s->o.url, CURLU_GUESS_SCHEME);
	if (uc != CURLUE_OK) {
		fprintf(stderr, "%s get: invalid URL '%s': %s\n", cli_progname,
		        s->o.url, curl_url_strerror(uc));
		return CLI_EXIT_USAGE;
	}
	if (curl_url_get(s->url, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcasecmp(scheme, "http") != 0 &&
	     strcasecmp(scheme, "https") != 0)) {
		fprintf(stderr,
		        "%s get: only http:// and https:// URLs are "
		        "supported\n",
		        cli_progname);
		rc = CLI_EXIT_USAGE;
		goto out;
	}

	uc = curl_url_get(s->url, CURLUPART_USER, &part, CURLU_URLDECODE);
	if (uc == CURLUE_OK) {
		s->url_user = xstrdup(part);
		curl_free(part);
		part = NULL;
	} else if (uc != CURLUE_NO_USER) {
		fprintf(stderr, "%s get: invalid user name in the URL: %s\n",
		        cli_progname, curl_url_strerror(uc));
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (curl_url_get(s->url, CURLUPART_PASSWORD, &part, 0) == CURLUE_OK) {
		cli_error("warning: ignoring the password in the URL; "
		          "passwords are read from the terminal or "
		          "--password-stdin");
		explicit_bzero(part, strlen(part));
		curl_free(part);
		part = NULL;
	}
	curl_url_set(s->url, CURLUPART_USER, NULL, 0);
	curl_url_set(s->url, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(s->url, CURLUPART_OPTIONS, NULL, 0);

	/*
	 * Request-target as libcurl sends it. Some libcurl versions
	 * percent-encode the path on the way out: store the encoded
	 * form back so that both sides use the same bytes.
	 */
	uc = curl_url_get(s->url, CURLUPART_PATH, &path, CURLU_URLENCODE);
	if (uc != CURLUE_OK) {
		fprintf(stderr, "%s get: invalid URL path: %s\n", cli_progname,
		        curl_url_strerror(uc));
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (*path == '\0') {
		buf_adds(&t, "/");
	} else {
		buf_adds(&t, path);
		uc = curl_url_set(s->url, CURLUPART_PATH, path, 0);
		if (uc != CURLUE_OK) {
			fprintf(stderr, "%s get: invalid URL path: %s\n",
			        cli_progname, curl_url_strerror(uc));
			rc = CLI_EXIT_USAGE;
			goto out;
		}
	}
	if (curl_url_get(s->url, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
		buf_adds(&t, "?");
		buf_adds(&t, query);
	}
	s->target = t.p;
	t.p = NULL;

out:
	buf_free(&t);
	curl_free(scheme);
	curl_free(path);
	curl_free(query);
	return rc;
}

/* User name: --user, else the URL's user part, else a prompt. */
static char *
get_user(struct get_state *s)
{
	char *user;

	if (s->o.user != NULL)
		user = xstrdup(s->o.user);
	else if (s->url_user != NULL)
		user = xstrdup(s->url_user);
	else
		user = term_read_line("User: ");
	if (user == NULL)
		return NULL;
	if (*user == '\0' || strlen(user) > MAX_NAME_BYTES) {
		cli_error("%s user name", *user == '\0' ? "empty" : "overlong");
		free(user);
		return NULL;
	}
	return user;
}

static void
state_free(struct get_state *s)
{
	SECURITY_STATUS st;
	char tmp[16];

	if (s->have_ctx) {
		st = DeleteSecurityContext(&s->ctx);
		verbose(s, "* DeleteSecurityContext: %s", status_str(st, tmp));
		s->have_ctx = 0;
	}
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	if (s->url != NULL)
		curl_url_cleanup(s->url);
	response_free(&s->resp);
	if (s->token != NULL) {
		explicit_bzero(s->token, s->max_token);
		free(s->token);
	}
	free(s->method);
	free(s->body);
	free(s->target);
	free(s->algorithms);
	free(s->url_user);
}

/*
 * Asks for the credentials (only once a Digest challenge is known) and
 * answers the challenge: AcquireCredentialsHandle ... ISC.
 */
static int
authenticate(struct get_state *s, char *challenge)
{
	char *user, *password;
	size_t password_len;
	int rc;

	user = get_user(s);
	if (user == NULL)
		return CLI_EXIT_USAGE;
	password = term_read_password("Password: ", s->o.password_stdin,
	                              &password_len);
	if (password == NULL) {
		free(user);
		return CLI_EXIT_USAGE;
	}
	/* first_response wipes and frees the password. */
	rc = first_response(s, user, password, password_len, challenge);
	free(user);
	return rc;
}

static int
run(struct get_state *s)
{
	char *challenge, *offered = NULL;
	unsigned long i;
	int rc;

	rc = setup_curl(s);
	if (rc != CLI_EXIT_OK)
		return rc;
	rc = query_package(s);
	if (rc != CLI_EXIT_OK)
		return rc;

	/* 1. The request without credentials. */
	rc = perform(s, 0);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (s->resp.status != 401) {
		print_body(s);
		if (is_2xx(s->resp.status))
			return CLI_EXIT_OK;
		cli_error("HTTP status %ld", s->resp.status);
		return CLI_EXIT_HTTP;
	}

	/* 2. The challenge, answered through SSPI. */
	challenge = digest_challenge(&s->resp, &offered);
	if (challenge == NULL) {
		cli_error("server offers no Digest authentication "
		          "(offered: %s)",
		          offered);
		free(offered);
		return CLI_EXIT_NO_DIGEST;
	}
	rc = authenticate(s, challenge);
	free(challenge);
	if (rc != CLI_EXIT_OK)
		return rc;

	/* 3. The authenticated request, then the repeats. */
	rc = send_authorised(s);
	for (i = 1; rc == CLI_EXIT_OK && i < s->o.repeat; i++) {
		sleep_seconds(s->o.wait);
		rc = make_signature(s);
		if (rc == CLI_EXIT_OK)
			rc = send_authorised(s);
	}
	return rc;
}

/* see cli.h */
int
cmd_get(int argc, char **argv)
{
	struct get_state s;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = parse_options(argc, argv, &s.o);
	if (rc >= 0)
		return rc;

	s.method = xstrdup(s.o.method);
	if (s.o.algorithms != NULL)
		s.algorithms = xstrdup(s.o.algorithms);
	if (s.o.data != NULL) {
		s.body_len = strlen(s.o.data);
		s.body = xmemdup0(s.o.data, s.body_len);
	}
	s.flags = ISC_REQ_USE_HTTP_STYLE;
	if (s.o.auth_int)
		s.flags |= ISC_REQ_INTEGRITY;
	if (s.o.mutual)
		s.flags |= ISC_REQ_MUTUAL_AUTH;

	rc = prepare_url(&s);
	if (rc == CLI_EXIT_OK)
		rc = run(&s);
	state_free(&s);
	return rc;
}
