/*
 * digestssp - command-line front end of the digestssp library.
 *
 * main() looks the first argument up in the command table below and
 * hands the remaining arguments to the command's handler. Adding a
 * command is one row in `commands` (plus its cmd_<name>.c file).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include <digestssp/sspi.h>

#include "cli.h"

const char *const cli_progname = "digestssp";

/* One row per command: name, handler, usage line, summary. */
/* clang-format off */
static const struct cli_command commands[] = {
	{ "get", cmd_get, "get [options] URL",
	  "fetch a URL, answering HTTP Digest challenges through SSPI" },
	{ "serve", cmd_serve, "serve [options] --listen ADDR:PORT --realm R "
	  "--users FILE",
	  "run an HTTP server that checks Digest through SSPI" },
	{ "demo", cmd_demo, "demo [options]",
	  "show a Digest exchange between an SSPI client and server" },
	{ "passwd", cmd_passwd, "passwd [-c] [-a ALG] FILE REALM USER",
	  "add or change an account in an htdigest user file" },
};
/* clang-format on */

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* see cli.h */
/* see cli.h */
int
cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_progname, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s\n", cli_progname, usage);
	return CLI_EXIT_USAGE;
}

/* see cli.h */
int
cli_parse_count(const char *s, unsigned long min, unsigned long max,
		unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s[0] == '-')
		return 0; /* strtoul would wrap it around */
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

/* see cli.h */
int
cli_getopt_error(const char *cmd, const char *usage, int c, char **argv)
{
	char opt[3] = {'-', (char)optopt, '\0'};

	if (c == ':')
		return cli_usage_error(cmd, usage, "option '%s' needs a value",
				       argv[optind - 1]);
	return cli_usage_error(cmd, usage, "unknown option '%s'",
			       optopt != 0 ? opt : argv[optind - 1]);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* see cli.h */
void
cli_oom(void)
{
	fprintf(stderr, "%s: out of memory\n", cli_progname);
	exit(70);
}

/* see cli.h */
void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		cli_oom();
	return p;
}

/* see cli.h */
void *
xcalloc(size_t count, size_t size)
{
	void *p;

	if (count == 0 || size == 0)
		count = size = 1;
	p = calloc(count, size);
	if (p == NULL)
		cli_oom();
	return p;
}

/* see cli.h */
void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		cli_oom();
	return q;
}

/* see cli.h */
char *
xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

/* see cli.h */
char *
xmemdup0(const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		cli_oom();
	s = xmalloc(n + 1);
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static const struct cli_command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s [--help] [--version] <command> [<args>]\n\n",
	        cli_progname);
	fputs("Commands:\n", f);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		        commands[i].summary);
	fputs("\nUsage of each command:\n", f);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %s %s\n", cli_progname, commands[i].usage);
	fprintf(f,
	        "\nRun '%s help <command>' or '%s <command> --help' "
	        "for details.\n",
	        cli_progname, cli_progname);
}

static int
print_version(void)
{
	PSecPkgInfoA info = NULL;
	SECURITY_STATUS st;
	char pkg[] = "WDigest";

	printf("%s %s\n", cli_progname, DSS_VERSION);
	st = QuerySecurityPackageInfoA(pkg, &info);
	if (st == SEC_E_OK && info != NULL) {
		printf("package: %s (%s), max token %u bytes\n",
		       info->Name ? info->Name : "?",
		       info->Comment ? info->Comment : "",
		       (unsigned)info->cbMaxToken);
		FreeContextBuffer(info);
	} else {
		printf("package: unavailable (status 0x%08X)\n",
		       (unsigned)(uint32_t)st);
	}
	printf("%s\n", curl_version());
	return CLI_EXIT_OK;
}

/* "digestssp help [command]" */
static int
run_help(int argc, char **argv)
{
	static char help_opt[] = "--help";
	const struct cli_command *cmd;
	char *args[3];

	if (argc < 2) {
		print_usage(stdout);
		return CLI_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		cli_error("unknown command '%s'", argv[1]);
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	args[0] = argv[1];
	args[1] = help_opt;
	args[2] = NULL;
	return cmd->run(2, args);
}

int
main(int argc, char **argv)
{
	const struct cli_command *cmd;
	int rc;

	if (argc < 2) {
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0)
		return print_version();
	if (strcmp(argv[1], "help") == 0)
		return run_help(argc - 1, argv + 1);

	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		if (argv[1][0] == '-')
			cli_error("unknown option '%s'", argv[1]);
		else
			cli_error("unknown command '%s'", argv[1]);
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		cli_error("cannot initialise libcurl");
		return CLI_EXIT_NETWORK;
	}
	rc = cmd->run(argc - 1, argv + 1);
	curl_global_cleanup();
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
		cli_error("cannot write to standard output");
		rc = CLI_EXIT_USAGE;
	}
	return rc;
}
