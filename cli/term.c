/*
 * User name and password input (see term.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "term.h"

#define LINE_MAX_BYTES 65536

/*
 * State shared with the signal handler: the terminal whose echo is off
 * and its original settings. Only async-signal-safe calls touch it
 * from the handler (tcsetattr, write, raise).
 */
static int tty_fd = -1;
static struct termios tty_saved;
static volatile sig_atomic_t tty_echo_off;

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define N_CAUGHT (sizeof(caught_signals) / sizeof(caught_signals[0]))
static struct sigaction old_actions[N_CAUGHT];
static int installed[N_CAUGHT];

static void
restore_on_signal(int sig)
{
	int saved_errno = errno;
	ssize_t w;

	if (tty_echo_off) {
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
		tty_echo_off = 0;
		w = write(tty_fd, "\n", 1);
		(void)w;
	}
	errno = saved_errno;
	/*
	 * SA_RESETHAND put the default action back; the signal is blocked
	 * while this handler runs, so it is delivered (and normally ends
	 * the process) as soon as the handler returns.
	 */
	raise(sig);
}

static void
install_handlers(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < N_CAUGHT; i++)
		sigaddset(&sa.sa_mask, caught_signals[i]);
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < N_CAUGHT; i++) {
		installed[i] = 0;
		if (sigaction(caught_signals[i], NULL, &old_actions[i]) != 0)
			continue;
		/* Leave signals the parent told us to ignore alone. */
		if (old_actions[i].sa_handler == SIG_IGN)
			continue;
		if (sigaction(caught_signals[i], &sa, NULL) == 0)
			installed[i] = 1;
	}
}

static void
remove_handlers(void)
{
	size_t i;

	for (i = 0; i < N_CAUGHT; i++) {
		if (installed[i])
			sigaction(caught_signals[i], &old_actions[i], NULL);
		installed[i] = 0;
	}
}

/* see term.h */
void
term_free_secret(char *s, size_t len)
{
	if (s == NULL)
		return;
	explicit_bzero(s, len + 1);
	free(s);
}

/*
 * Reads bytes from fd up to a newline or end of input; the newline is
 * not stored. With `secret`, every buffer the line has lived in is
 * wiped before it is freed. Returns the line (NUL-terminated) or NULL:
 * *err is then 0 for end of input before any byte, else an errno value
 * (E2BIG: line too long).
 */
static char *
read_line_fd(int fd, int secret, size_t *len, int *err)
{
	size_t cap = 128, n = 0;
	char *buf = xmalloc(cap);
	int got_any = 0;
	char c;

	*err = 0;
	for (;;) {
		ssize_t r = read(fd, &c, 1);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			goto fail;
		}
		if (r == 0)
			break;
		got_any = 1;
		if (c == '\n')
			break;
		if (n + 1 >= cap) {
			char *bigger;

			if (cap >= LINE_MAX_BYTES) {
				*err = E2BIG;
				goto fail;
			}
			bigger = xmalloc(cap * 2);
			memcpy(bigger, buf, n);
			if (secret)
				explicit_bzero(buf, cap);
			free(buf);
			buf = bigger;
			cap *= 2;
		}
		buf[n++] = c;
	}
	c = 0;
	if (!got_any)
		goto fail;
	buf[n] = '\0';
	*len = n;
	return buf;

fail:
	c = 0;
	explicit_bzero(buf, cap);
	free(buf);
	return NULL;
}

static int
open_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		cli_error("cannot open /dev/tty: %s", strerror(errno));
	return fd;
}

static void
write_all(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

/* see term.h */
char *
term_read_line(const char *prompt)
{
	size_t len;
	char *line;
	int fd, err;

	fd = open_tty();
	if (fd < 0)
		return NULL;
	write_all(fd, prompt);
	line = read_line_fd(fd, 0, &len, &err);
	if (line == NULL) {
		if (err == 0)
			cli_error("no input on /dev/tty");
		else
			cli_error("cannot read /dev/tty: %s", strerror(err));
	}
	close(fd);
	return line;
}

static char *
password_from_stdin(size_t *len)
{
	char *pw;
	int err;

	pw = read_line_fd(STDIN_FILENO, 1, len, &err);
	if (pw == NULL) {
		if (err == 0)
			cli_error("--password-stdin: no password on standard "
			          "input");
		else if (err == E2BIG)
			cli_error("--password-stdin: line too long");
		else
			cli_error("--password-stdin: %s", strerror(err));
	}
	return pw;
}

static char *
password_from_tty(const char *prompt, size_t *len)
{
	struct termios noecho;
	char *pw;
	int err = 0;

	tty_fd = open_tty();
	if (tty_fd < 0) {
		cli_error("no terminal to ask for the password; "
		          "use --password-stdin");
		return NULL;
	}
	if (tcgetattr(tty_fd, &tty_saved) != 0) {
		cli_error("cannot read the terminal settings: %s",
		          strerror(errno));
		close(tty_fd);
		tty_fd = -1;
		return NULL;
	}
	noecho = tty_saved;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	noecho.c_lflag |= ECHONL | ICANON;

	install_handlers();
	write_all(tty_fd, prompt);
	/*
	 * Raise the flag before echo goes off: a signal in between makes
	 * the handler restore settings that were never changed, which is
	 * harmless, whereas the other order could leave echo off.
	 */
	tty_echo_off = 1;
	if (tcsetattr(tty_fd, TCSAFLUSH, &noecho) != 0) {
		err = errno;
		tty_echo_off = 0;
		remove_handlers();
		cli_error("cannot turn off terminal echo: %s", strerror(err));
		close(tty_fd);
		tty_fd = -1;
		return NULL;
	}

	pw = read_line_fd(tty_fd, 1, len, &err);

	/* Same reasoning: restore first, then lower the flag. */
	tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	tty_echo_off = 0;
	remove_handlers();
	if (pw == NULL) {
		/* ECHONL did not run: end the prompt line ourselves. */
		write_all(tty_fd, "\n");
		if (err == 0)
			cli_error("no password entered");
		else if (err == E2BIG)
			cli_error("password too long");
		else
			cli_error("cannot read /dev/tty: %s", strerror(err));
	}
	close(tty_fd);
	tty_fd = -1;
	return pw;
}

/* see term.h */
char *
term_read_password(const char *prompt, int from_stdin, size_t *len)
{
	*len = 0;
	if (from_stdin)
		return password_from_stdin(len);
	return password_from_tty(prompt, len);
}
