/*
 * Reading a user name and a password for the command-line tool.
 *
 * Passwords never come from the command line: either one line of
 * standard input (--password-stdin) or a no-echo prompt on /dev/tty.
 * Secret buffers are wiped with explicit_bzero before they are freed,
 * also while they grow.
 */
#ifndef DSS_CLI_TERM_H
#define DSS_CLI_TERM_H

#include <stddef.h>

/*
 * Prints `prompt` on /dev/tty and reads one line with echo on.
 * Returns a malloc'ed string without the newline, or NULL after
 * printing an error (no terminal, end of input).
 */
char *term_read_line(const char *prompt);

/*
 * Reads a password. With from_stdin, one line of standard input (the
 * trailing newline is removed, nothing is printed); otherwise `prompt`
 * is printed on /dev/tty and the line is read with echo off. The
 * terminal settings are restored before returning, and also when
 * SIGINT, SIGTERM, SIGHUP or SIGQUIT arrives during the read (the
 * signal then takes its default action).
 *
 * Returns a malloc'ed NUL-terminated string and its length in *len,
 * or NULL after printing an error. Release with term_free_secret().
 */
char *term_read_password(const char *prompt, int from_stdin, size_t *len);

/* Wipes `len` bytes of `s` (plus its terminator) and frees it. */
void term_free_secret(char *s, size_t len);

#endif
