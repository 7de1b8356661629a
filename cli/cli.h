/*
 * Shared declarations of the digestssp command-line tool.
 *
 * The tool is a client of the public API only: it includes
 * <digestssp/sspi.h> and nothing else from the project.
 */
#ifndef DSS_CLI_H
#define DSS_CLI_H

#include <stddef.h>

#ifndef DSS_VERSION
#define DSS_VERSION "unknown"
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CLI_NORETURN __attribute__((noreturn))
#else
#define CLI_PRINTF(f, a)
#define CLI_NORETURN
#endif

/*
 * Exit codes shared by every command (documented in each command's
 * --help text).
 */
enum {
	CLI_EXIT_OK = 0,        /* success */
	CLI_EXIT_USAGE = 1,     /* bad command line, no terminal, bad input */
	CLI_EXIT_AUTH = 2,      /* authentication refused (wrong password) */
	CLI_EXIT_NO_DIGEST = 3, /* server offers no Digest scheme */
	CLI_EXIT_NETWORK = 4,   /* transport (libcurl) error */
	CLI_EXIT_HTTP = 5,      /* HTTP status other than 2xx / 401 */
	CLI_EXIT_SSPI = 6,      /* an SSPI call failed */
	CLI_EXIT_MUTUAL = 7     /* server failed mutual authentication */
};

/*
 * A command handler. argv[0] is the command name; options start at
 * argv[1]. Returns the process exit code.
 */
typedef int cli_handler(int argc, char **argv);

/* One row of the command table in main.c. */
struct cli_command {
	const char *name;
	cli_handler *run;
	const char *usage;   /* one line, after "digestssp " */
	const char *summary; /* one line, for "digestssp help" */
};

/* Command handlers (one file each: cmd_<name>.c). */
int cmd_get(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_passwd(int argc, char **argv);

/* Program name used in messages ("digestssp"). */
extern const char *const cli_progname;

/* "digestssp: <message>\n" on stderr. */
void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/*
 * "PROG CMD: message" then "usage: PROG USAGE" on stderr; returns
 * CLI_EXIT_USAGE.
 */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
	CLI_PRINTF(3, 4);

/*
 * The usage error for what getopt_long returned as ':' (a missing value)
 * or '?' (an unknown option); argv and optind as getopt left them.
 */
int cli_getopt_error(const char *cmd, const char *usage, int c, char **argv);

/*
 * A whole decimal number in [min, max] (no sign, no trailing text) into
 * *out; 0 when the text is not one.
 */
int cli_parse_count(const char *s, unsigned long min, unsigned long max,
		    unsigned long *out);

/* Reports an allocation failure and exits with status 70. */
CLI_NORETURN void cli_oom(void);

/*
 * Die-on-OOM allocation helpers: they never return NULL (a request
 * for 0 bytes returns a unique non-NULL pointer).
 */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup0(const void *p, size_t n); /* copy + NUL terminator */

#endif
