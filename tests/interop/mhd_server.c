/*
 * mhd_server - a tiny HTTP server for the interoperability tests.
 *
 * The peer under test is libmicrohttpd's OWN Digest authentication: every
 * request is checked with MHD_digest_auth_get_username() and
 * MHD_digest_auth_check2(), and refused with MHD_queue_auth_fail_response2()
 * (stale=true when MHD reports MHD_INVALID_NONCE).  On success the body is
 * "user=<name>\n", followed by "body=<request body>\n" when the request had
 * one, so that a test can see that a POST body went through.
 *
 * usage: mhd_server --port P --realm R --algorithm md5|sha256
 *                   --users FILE --nonce-timeout S
 *
 * FILE holds one "user:password" per line (UTF-8; the user name ends at the
 * first ':', so the password may contain colons; empty lines and lines
 * starting with '#' are skipped).  The server binds 127.0.0.1 only and exits
 * cleanly (status 0) on SIGTERM, SIGINT or SIGHUP.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

/* Largest request body kept; the rest is read and dropped. */
#define MAX_BODY (64 * 1024)

/* A fixed opaque, as the tests only need one protection space. */
static const char OPAQUE[] = "5ccc069c403ebaf9f0171e9517f40e41";

struct user {
	char *name;
	char *password;
};

struct server_config {
	unsigned int port;
	const char *realm;
	enum MHD_DigestAuthAlgorithm algo;
	const char *users_file;
	unsigned int nonce_timeout;
};

/* State of one request while its body is read. */
struct request {
	char *body;
	size_t len;
	size_t cap;
};

static struct user *users;
static size_t n_users;
static struct server_config config;

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mhd_server: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void
usage(void)
{
	fputs("usage: mhd_server --port P --realm R --algorithm md5|sha256 "
	      "--users FILE --nonce-timeout S\n",
	      stderr);
	exit(2);
}

static unsigned int
parse_uint(const char *opt, const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > max)
		die("bad value for %s: %s", opt, s);
	return (unsigned int)v;
}

static void
parse_args(int argc, char **argv)
{
	int i;

	config.port = 0;
	config.realm = NULL;
	config.algo = MHD_DIGEST_ALG_MD5;
	config.users_file = NULL;
	config.nonce_timeout = 300;

	for (i = 1; i < argc; i += 2) {
		const char *opt = argv[i];
		const char *val = (i + 1 < argc) ? argv[i + 1] : NULL;

		if (val == NULL)
			usage();
		if (strcmp(opt, "--port") == 0) {
			config.port = parse_uint(opt, val, 65535);
		} else if (strcmp(opt, "--realm") == 0) {
			config.realm = val;
		} else if (strcmp(opt, "--algorithm") == 0) {
			if (strcmp(val, "md5") == 0)
				config.algo = MHD_DIGEST_ALG_MD5;
			else if (strcmp(val, "sha256") == 0)
				config.algo = MHD_DIGEST_ALG_SHA256;
			else
				die("unknown algorithm: %s", val);
		} else if (strcmp(opt, "--users") == 0) {
			config.users_file = val;
		} else if (strcmp(opt, "--nonce-timeout") == 0) {
			config.nonce_timeout = parse_uint(opt, val, 86400);
		} else {
			usage();
		}
	}
	if (config.port == 0 || config.realm == NULL ||
	    config.users_file == NULL)
		usage();
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p == NULL)
		die("out of memory");
	return memcpy(p, s, n);
}

static void
load_users(const char *path)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	f = fopen(path, "r");
	if (f == NULL)
		die("cannot open %s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) != -1) {
		char *colon;
		struct user *grown;

		while (len > 0 &&
		       (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		colon = strchr(line, ':');
		if (colon == NULL || colon == line)
			die("%s: bad line (want user:password): %s", path,
			    line);
		*colon = '\0';
		grown = realloc(users, (n_users + 1) * sizeof(*users));
		if (grown == NULL)
			die("out of memory");
		users = grown;
		users[n_users].name = xstrdup(line);
		users[n_users].password = xstrdup(colon + 1);
		n_users++;
	}
	free(line);
	fclose(f);
	if (n_users == 0)
		die("%s: no users", path);
}

static void
free_users(void)
{
	size_t i;

	for (i = 0; i < n_users; i++) {
		free(users[i].name);
		free(users[i].password);
	}
	free(users);
	users = NULL;
	n_users = 0;
}

static const char *
find_password(const char *name)
{
	size_t i;

	for (i = 0; i < n_users; i++)
		if (strcmp(users[i].name, name) == 0)
			return users[i].password;
	return NULL;
}

/* Keep up to MAX_BODY bytes of the request body. */
static void
append_body(struct request *rq, const char *data, size_t size)
{
	size_t room;

	if (rq->len >= MAX_BODY)
		return;
	room = MAX_BODY - rq->len;
	if (size > room)
		size = room;
	if (rq->len + size > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 256;
		char *p;

		while (cap < rq->len + size)
			cap *= 2;
		p = realloc(rq->body, cap);
		if (p == NULL)
			return; /* drop the data; the test will notice */
		rq->body = p;
		rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, size);
	rq->len += size;
}

static enum MHD_Result
send_unauthorized(struct MHD_Connection *conn, int stale)
{
	static char denied[] = "401 Unauthorized\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(sizeof(denied) - 1, denied,
	                                       MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "text/plain");
	ret = MHD_queue_auth_fail_response2(conn, config.realm, OPAQUE, resp,
	                                    stale ? MHD_YES : MHD_NO,
	                                    config.algo);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
send_ok(struct MHD_Connection *conn, const char *user, const struct request *rq)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char *text;
	size_t size;
	int n;

	size = strlen(user) + rq->len + 16;
	text = malloc(size);
	if (text == NULL)
		return MHD_NO;
	if (rq->len > 0)
		n = snprintf(text, size, "user=%s\nbody=%.*s\n", user,
		             (int)rq->len, rq->body);
	else
		n = snprintf(text, size, "user=%s\n", user);
	if (n < 0 || (size_t)n >= size) {
		free(text);
		return MHD_NO;
	}
	resp = MHD_create_response_from_buffer((size_t)n, text,
	                                       MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "text/plain; charset=utf-8");
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
handle_request(void *cls, struct MHD_Connection *conn, const char *url,
               const char *method, const char *version, const char *upload_data,
               size_t *upload_data_size, void **con_cls)
{
	struct request *rq = *con_cls;
	const char *password = NULL;
	char *user;
	int rc = MHD_NO;
	enum MHD_Result ret;

	(void)cls;
	(void)version;

	/* First call: only the headers are known; start reading the body. */
	if (rq == NULL) {
		rq = calloc(1, sizeof(*rq));
		if (rq == NULL)
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		append_body(rq, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}

	/* The whole request is in: authenticate it with MHD's own code. */
	user = MHD_digest_auth_get_username(conn);
	if (user != NULL)
		password = find_password(user);
	if (password != NULL)
		rc = MHD_digest_auth_check2(conn, config.realm, user, password,
		                            config.nonce_timeout, config.algo);
	if (rc == MHD_YES)
		ret = send_ok(conn, user, rq);
	else
		ret = send_unauthorized(conn, rc == MHD_INVALID_NONCE);
	fprintf(stderr, "mhd_server: %s %s user=%s -> %s\n", method, url,
	        user ? user : "(none)",
	        rc == MHD_YES
	            ? "200"
	            : (rc == MHD_INVALID_NONCE ? "401 stale" : "401"));
	if (user != NULL)
		MHD_free(user);
	return ret;
}

static void
request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                  enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (rq != NULL) {
		free(rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static void
read_random(unsigned char *buf, size_t size)
{
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(buf, 1, size, f) != size)
		die("cannot read /dev/urandom");
	fclose(f);
}

int
main(int argc, char **argv)
{
	static unsigned char nonce_random[32];
	struct sockaddr_in addr;
	struct MHD_Daemon *daemon;
	sigset_t stop_signals;
	int sig = 0;

	parse_args(argc, argv);
	load_users(config.users_file);
	read_random(nonce_random, sizeof(nonce_random));

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)config.port);
	if (inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr) != 1)
		die("inet_pton failed");

	/*
	 * Block the stop signals before MHD starts its thread, so that they
	 * are all delivered to sigwait() below.
	 */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &stop_signals, NULL) != 0)
		die("pthread_sigmask failed");
	signal(SIGPIPE, SIG_IGN);

	daemon = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	    (uint16_t)config.port, NULL, NULL, handle_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
	    MHD_OPTION_DIGEST_AUTH_RANDOM, sizeof(nonce_random), nonce_random,
	    MHD_OPTION_NONCE_NC_SIZE, (unsigned int)1024,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_END);
	if (daemon == NULL)
		die("cannot start the daemon on 127.0.0.1:%u", config.port);
	fprintf(stderr, "mhd_server: listening on 127.0.0.1:%u (%s)\n",
	        config.port,
	        config.algo == MHD_DIGEST_ALG_SHA256 ? "SHA-256" : "MD5");

	while (sigwait(&stop_signals, &sig) != 0)
		;
	fprintf(stderr, "mhd_server: signal %d, stopping\n", sig);
	MHD_stop_daemon(daemon);
	free_users();
	return 0;
}
