/*
 * digestssp passwd - add or change an account in an htdigest user file.
 *
 * The file is the one `digestssp serve --users` and
 * DIGESTSSP_CRED_ATTR_USER_FILE read (src/store/store.h). An MD5 line is
 * byte for byte what Apache's htdigest(1) writes; SHA-256 and
 * SHA-512-256 lines are a digestssp extension.
 *
 * Apache's mod_authn_file takes the first line whose user and realm
 * match, so the MD5 line of an account always goes before its other
 * lines, and a SHA-2 line goes after the account's lines when it has an
 * MD5 line (else at the end). Every other line is kept byte for byte.
 * The new file is written next to the old one and renamed over it.
 *
 * Unlike the other commands this one uses two internal headers of the
 * library (the line format and the hashes); it links the static library
 * for them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <digestssp/sspi.h>

#include "cli.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "term.h"

#define PASSWD_USAGE \
	"passwd [-c] [-a MD5|SHA-256|SHA-512-256] FILE REALM USER"

/* exit status for a file that cannot be read or written */
#define EXIT_FILE 2

static void
passwd_help(FILE *f)
{
	fprintf(f, "usage: %s " PASSWD_USAGE "\n", cli_progname);
	/* clang-format off */
	fputs(
"\n"
"Add USER in REALM to FILE, an Apache htdigest user file, or change the\n"
"password of that account. The file is what `digestssp serve --users` and\n"
"DIGESTSSP_CRED_ATTR_USER_FILE read. An MD5 line is byte for byte what\n"
"Apache's htdigest writes (user:realm:hex); SHA-256 and SHA-512-256 lines\n"
"(user:realm:hex:SHA-256) are a digestssp extension that Apache does not\n"
"use: they are kept after the account's MD5 line, where Apache never\n"
"looks. Every other line of FILE is kept as it is.\n"
"\n"
"The password is one line of standard input when that is not a terminal;\n"
"otherwise it is asked twice on the terminal, without echo.\n"
"\n"
"Options:\n"
"  -c, --create           create FILE, or empty it if it exists\n"
"  -a, --algorithm ALG    MD5 (default), SHA-256 or SHA-512-256\n"
"  -h, --help             show this help\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  usage error, or no password could be read\n"
"  2  FILE could not be read or written\n",
	    f);
	/* clang-format on */
}

/* A usage error: the message, then the usage line (main.c). */
#define usage_error(...) cli_usage_error("passwd", PASSWD_USAGE, __VA_ARGS__)

static void
wipe_free(void *p, size_t n)
{
	if (p == NULL)
		return;
	explicit_bzero(p, n);
	free(p);
}

/* ------------------------------------------------------------------ */
/* The password and the new line                                     */

/* Returns the password (term_free_secret it) or NULL after a message. */
static char *
read_password(size_t *len)
{
	char *pw, *again;
	size_t len2;
	bool same;

	if (!isatty(STDIN_FILENO))
		return term_read_password(NULL, 1, len);
	pw = term_read_password("Password: ", 0, len);
	if (pw == NULL)
		return NULL;
	again = term_read_password("Again: ", 0, &len2);
	if (again == NULL) {
		term_free_secret(pw, *len);
		return NULL;
	}
	same = len2 == *len && memcmp(pw, again, len2) == 0;
	term_free_secret(again, len2);
	if (!same) {
		term_free_secret(pw, *len);
		cli_error("passwd: the passwords do not match");
		return NULL;
	}
	return pw;
}

/* The file line for the account; *n its length. NULL when no password. */
static char *
make_line(struct dss_span user, struct dss_span realm, enum dss_hash_alg h,
          size_t *n)
{
	uint8_t ha1[DSS_HASH_MAX];
	struct dss_hash hc;
	size_t pw_len, len;
	char *pw, *line;

	pw = read_password(&pw_len);
	if (pw == NULL)
		return NULL;
	dss_hash_init(&hc, h);
	dss_hash_update(&hc, user.p, user.n);
	dss_hash_update(&hc, ":", 1);
	dss_hash_update(&hc, realm.p, realm.n);
	dss_hash_update(&hc, ":", 1);
	dss_hash_update(&hc, pw, pw_len);
	dss_hash_digest(&hc, ha1); /* wipes hc */
	term_free_secret(pw, pw_len);

	len = dss_store_format_line(NULL, 0, user, realm, h, ha1);
	line = xmalloc(len);
	*n = dss_store_format_line(line, len, user, realm, h, ha1);
	explicit_bzero(ha1, sizeof(ha1));
	return line;
}

/* ------------------------------------------------------------------ */
/* The file                                                           */

/* Whole file into a malloc'ed buffer; -1 (errno set) on failure. */
static int
read_all(const char *path, char **out, size_t *n)
{
	size_t cap = 4096, len = 0;
	char *buf;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (len == cap) {
			char *bigger;

			if (cap > SIZE_MAX / 2)
				cli_oom();
			/* no realloc: the old copy holds hashes, wipe it */
			bigger = xmalloc(cap * 2);
			memcpy(bigger, buf, len);
			wipe_free(buf, cap);
			buf = bigger;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			close(fd);
			wipe_free(buf, cap);
			errno = err;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	/* hand back a buffer of exactly len bytes (+1), wipe the other */
	*out = xmalloc(len + 1);
	memcpy(*out, buf, len);
	wipe_free(buf, cap);
	*n = len;
	return 0;
}

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	       c == '\f' || c == '\r';
}

/* What a line is to this command. */
enum kind {
	K_OTHER,	/* another account, a comment, anything else */
	K_SAME,		/* our user, realm and algorithm */
	K_MD5,		/* our user and realm, an MD5 line (h is SHA-2) */
	K_ACCOUNT	/* our user and realm, another algorithm or token */
};

/*
 * Classify a line the way Apache finds accounts: trim it, skip comments,
 * the user ends at the first ':', the realm at the next; what follows
 * without a further ':' is an MD5 line (whatever its hex), else the token
 * after the last field names the algorithm. The hex need not be valid:
 * a broken line of our account is replaced as well.
 */
static enum kind
classify(const char *p, size_t n, struct dss_span user, struct dss_span realm,
         enum dss_hash_alg h)
{
	const char *end = p + n, *c1, *c2, *c3;
	enum dss_hash_alg alg;

	while (p < end && is_space((unsigned char)*p))
		p++;
	while (end > p && is_space((unsigned char)end[-1]))
		end--;
	if (p == end || *p == '#')
		return K_OTHER;
	c1 = memchr(p, ':', (size_t)(end - p));
	if (c1 == NULL)
		return K_OTHER;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (c2 == NULL)
		return K_OTHER;
	if ((size_t)(c1 - p) != user.n || memcmp(p, user.p, user.n) != 0 ||
	    (size_t)(c2 - c1 - 1) != realm.n ||
	    (realm.n > 0 && memcmp(c1 + 1, realm.p, realm.n) != 0))
		return K_OTHER;
	c3 = memchr(c2 + 1, ':', (size_t)(end - c2 - 1));
	if (c3 == NULL)
		alg = DSS_HASH_MD5;
	else if (!dss_store_parse_alg(dss_span(c3 + 1, (size_t)(end - c3 - 1)),
	                              &alg) ||
	         alg == DSS_HASH_MD5) /* ":MD5" is no line of ours */
		return K_ACCOUNT;
	if (alg == h)
		return K_SAME;
	return alg == DSS_HASH_MD5 ? K_MD5 : K_ACCOUNT;
}

struct line {
	const char *p;
	size_t n; /* with its "\n", if it has one */
	enum kind kind;
};

/* Output buffer: large enough by construction (see edit()). */
struct out {
	char *p;
	size_t n;
	size_t cap;
};

static void
emit(struct out *o, const char *p, size_t n)
{
	/* an unterminated last line gets its "\n" when a line follows */
	if (o->n > 0 && o->p[o->n - 1] != '\n')
		o->p[o->n++] = '\n';
	if (n > o->cap - o->n)
		abort(); /* cannot happen: cap counts every byte */
	memcpy(o->p + o->n, p, n);
	o->n += n;
}

/*
 * The new content: `old` (n bytes) with `line` put in place. Sets
 * *changed when a line of the account was replaced.
 */
static void
edit(struct out *o, const char *old, size_t n, const char *line,
     size_t line_n, struct dss_span user, struct dss_span realm,
     enum dss_hash_alg h, bool *changed)
{
	struct line *lines;
	size_t count = 0, i, at = SIZE_MAX, first_of_account = SIZE_MAX;
	size_t last_of_account = SIZE_MAX, first_same = SIZE_MAX;
	bool has_md5 = false;
	const char *p = old, *end = old + n;

	for (i = 0; i < n; i++)
		if (old[i] == '\n')
			count++;
	lines = xcalloc(count + 1, sizeof(*lines));
	count = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		struct line *l = &lines[count];

		l->p = p;
		l->n = len + (nl != NULL);
		l->kind = classify(p, len, user, realm, h);
		if (l->kind != K_OTHER) {
			if (first_of_account == SIZE_MAX)
				first_of_account = count;
			last_of_account = count;
		}
		if (l->kind == K_SAME && first_same == SIZE_MAX)
			first_same = count;
		if (l->kind == K_MD5)
			has_md5 = true;
		count++;
		p += l->n;
	}

	/* where the line goes: before line `at`, or after the last */
	if (h == DSS_HASH_MD5)
		at = first_of_account; /* before every other line of it */
	else if (first_same != SIZE_MAX)
		at = first_same;
	else if (has_md5)
		at = last_of_account + 1;
	*changed = first_same != SIZE_MAX;

	o->cap = n + 1 + line_n;
	o->p = xmalloc(o->cap);
	o->n = 0;
	for (i = 0; i < count; i++) {
		if (i == at)
			emit(o, line, line_n);
		/* the old lines of the same algorithm go */
		if (lines[i].kind != K_SAME)
			emit(o, lines[i].p, lines[i].n);
	}
	if (at >= count)
		emit(o, line, line_n);
	free(lines);
}

/*
 * Write `data` to a new file next to `path` and rename it over `path`.
 * `st` is the old file (mode and owner are kept) or NULL (mode 0640).
 * Returns 0, or -1 after a message.
 */
static int
replace_file(const char *path, const struct stat *st, const char *data,
             size_t n)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	char *tmp;
	int fd, err, dfd;
	size_t off = 0;

	/* "<dir>/.<name>.XXXXXX" */
	tmp = xmalloc(strlen(path) + 10);
	memcpy(tmp, path, dir_len);
	snprintf(tmp + dir_len, strlen(path) - dir_len + 10, ".%s.XXXXXX",
	         path + dir_len);
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_error("passwd: cannot create a file next to %s: %s", path,
		          strerror(errno));
		free(tmp);
		return -1;
	}
	if (st != NULL) {
		/* keep the owner when we may (root editing a server's file) */
		if (fchown(fd, st->st_uid, st->st_gid) != 0) {
			/* not permitted: the file becomes ours */
		}
		if (fchmod(fd, st->st_mode & 07777) != 0)
			goto fail;
	} else if (fchmod(fd, 0640) != 0) {
		goto fail;
	}
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	/* make the rename durable too (best effort) */
	if (dir_len > 0) {
		tmp[dir_len] = '\0';
		dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(tmp);
	return 0;

fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	cli_error("passwd: cannot write %s: %s", path, strerror(err));
	free(tmp);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Command line                                                       */

static const struct option passwd_options[] = {
    {"create", no_argument, NULL, 'c'},
    {"algorithm", required_argument, NULL, 'a'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

int
cmd_passwd(int argc, char **argv)
{
	static const uint8_t zero[DSS_HASH_MAX];
	enum dss_hash_alg h = DSS_HASH_MD5;
	struct dss_span user, realm;
	struct stat st;
	struct out o = {NULL, 0, 0};
	const char *file;
	char *real = NULL, *old = NULL, *line;
	size_t old_n = 0, line_n;
	bool create = false, exists, changed = false;
	int c, rc;

	opterr = 0;
	optind = 0; /* glibc: full reset */
	while ((c = getopt_long(argc, argv, ":ca:h", passwd_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'c':
			create = true;
			break;
		case 'a':
			if (!dss_store_parse_alg(dss_span(optarg,
			                                  strlen(optarg)),
			                         &h))
				return usage_error("unknown algorithm '%s' "
				                   "(MD5, SHA-256, "
				                   "SHA-512-256)",
				                   optarg);
			break;
		case 'h':
			passwd_help(stdout);
			return CLI_EXIT_OK;
		default: /* ':' or '?' */
			return cli_getopt_error("passwd", PASSWD_USAGE, c, argv);
		}
	}
	if (argc - optind != 3)
		return usage_error("expected FILE REALM USER");
	file = argv[optind];
	realm = dss_span(argv[optind + 1], strlen(argv[optind + 1]));
	user = dss_span(argv[optind + 2], strlen(argv[optind + 2]));
	if (*file == '\0')
		return usage_error("empty FILE");
	if (dss_store_format_line(NULL, 0, user, realm, h, zero) == 0)
		return usage_error("this user name or realm cannot be stored: "
		                   "no ':' or line breaks, the name must not "
		                   "be empty or begin with '#' or a blank, "
		                   "and the line is at most %d bytes",
		                   DSS_STORE_LINE_MAX);

	/* through a symbolic link: replace the file it points to */
	exists = lstat(file, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		real = realpath(file, NULL);
		if (real == NULL) {
			cli_error("passwd: %s: %s", file, strerror(errno));
			return EXIT_FILE;
		}
		file = real;
		exists = stat(file, &st) == 0;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		cli_error("passwd: %s is not a regular file", file);
		free(real);
		return EXIT_FILE;
	}
	if (!exists && !create) {
		cli_error("passwd: cannot open %s: %s (use -c to create it)",
		          file, strerror(errno));
		free(real);
		return EXIT_FILE;
	}
	if (!create && access(file, R_OK | W_OK) != 0) {
		cli_error("passwd: cannot open %s: %s", file, strerror(errno));
		free(real);
		return EXIT_FILE;
	}

	line = make_line(user, realm, h, &line_n);
	if (line == NULL) {
		free(real);
		return CLI_EXIT_USAGE;
	}

	if (!create && read_all(file, &old, &old_n) != 0) {
		cli_error("passwd: cannot read %s: %s", file, strerror(errno));
		rc = EXIT_FILE;
		goto out;
	}
	edit(&o, old != NULL ? old : "", old_n, line, line_n, user, realm, h,
	     &changed);
	if (replace_file(file, exists ? &st : NULL, o.p, o.n) != 0) {
		rc = EXIT_FILE;
		goto out;
	}
	fprintf(stderr, "%s %s password for user %s in realm %s.\n",
	        changed ? "Changed" : "Added",
	        h == DSS_HASH_MD5 ? "MD5" : dss_store_alg_suffix(h),
	        argv[optind + 2], argv[optind + 1]);
	rc = CLI_EXIT_OK;
out:
	wipe_free(o.p, o.cap);
	wipe_free(old, old_n + 1);
	wipe_free(line, line_n);
	free(real);
	return rc;
}
