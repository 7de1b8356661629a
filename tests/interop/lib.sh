# shellcheck shell=bash
# tests/interop/lib.sh - helpers shared by the interoperability scripts.
#
# Source it from a bash script that runs with `set -u`:
#     . "$(dirname "$0")/lib.sh"
#
# Sourcing it creates a private temporary directory ($INTEROP_TMP) and sets an
# EXIT trap that stops every server started with start_bg (by its recorded
# PID, never by name) and removes the directory.
#
# Case helpers print "ok NAME" or "FAIL NAME: ..." and count; `finish` prints
# the plain summary line "N passed, M failed" (", K skipped" when some were
# skipped) and exits non-zero when a case failed.
#
# Exit codes of a script: 0 all passed, 1 a case failed (or, under CI=true, a
# peer is missing), 2 usage error, 77 a peer is missing (ctest SKIP).

# --- fixed test data ------------------------------------------------------

# The realm and the users of RFC 7616 section 3.9 and friends.  The third
# user name is UTF-8 on purpose.  (Used by the scripts that source this.)
# shellcheck disable=SC2034
REALM='http-auth@example.org'
USER1='Mufasa'
PASS1='Circle of Life'
USER2='alice'
PASS2='s3cret:with:colons'
USER3='Jäsøn Doe'
PASS3='Secret, or not?'

# Seconds one `digestssp get` may take before it is killed (and fails).
INTEROP_CASE_TIMEOUT=${INTEROP_CASE_TIMEOUT:-60}

# --- state ------------------------------------------------------------------

INTEROP_PASSED=0
INTEROP_FAILED=0
INTEROP_SKIPPED=0
INTEROP_PIDS=()         # servers started by start_bg and not yet stopped
INTEROP_BG_COUNT=0
INTEROP_SERVER_LOG=''   # a log to show (tail) when a case fails
BG_PID=''               # PID of the last start_bg
BG_LOG=''               # its stdout+stderr

INTEROP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/digestssp-interop.XXXXXX") || {
    echo "cannot create a temporary directory" >&2
    exit 1
}

# --- processes --------------------------------------------------------------

# stop_bg PID: stop one server started by start_bg: SIGTERM, up to ~5 s of
# grace, then SIGKILL; reap it and forget it.
stop_bg() {
    local pid=$1 i keep=()
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "# $pid did not stop on SIGTERM, sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null
        fi
    fi
    wait "$pid" 2>/dev/null
    for i in ${INTEROP_PIDS[@]+"${INTEROP_PIDS[@]}"}; do
        [ "$i" = "$pid" ] || keep+=("$i")
    done
    INTEROP_PIDS=(${keep[@]+"${keep[@]}"})
}

interop_cleanup() {
    local pid
    # Finish the cleanup even if a signal comes now.
    trap '' INT TERM HUP
    for pid in ${INTEROP_PIDS[@]+"${INTEROP_PIDS[@]}"}; do
        stop_bg "$pid"
    done
    if [ -n "${INTEROP_KEEP_TMP:-}" ]; then
        echo "# kept $INTEROP_TMP" >&2
    else
        rm -rf "$INTEROP_TMP"
    fi
}
trap interop_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# start_bg CMD...: run CMD in the background (stdin from /dev/null, output
# to a log file in $INTEROP_TMP), record its PID for the cleanup trap.
# Sets BG_PID and BG_LOG.  CMD must be a program, not a shell function, so
# that the recorded PID is the server's own.
#
# CMD runs in a session of its own (setsid): Apache's prefork MPM signals
# its whole process group when it stops, which would otherwise be this
# script and whatever started it (ctest).  setsid does not fork here (a
# background child of a script is no group leader), so the PID stays the
# server's, and the server stays our child for `wait` and for ctest.
start_bg() {
    INTEROP_BG_COUNT=$((INTEROP_BG_COUNT + 1))
    BG_LOG="$INTEROP_TMP/bg-$INTEROP_BG_COUNT.log"
    if command -v setsid >/dev/null 2>&1; then
        setsid "$@" </dev/null >"$BG_LOG" 2>&1 &
    else
        "$@" </dev/null >"$BG_LOG" 2>&1 &
    fi
    BG_PID=$!
    INTEROP_PIDS+=("$BG_PID")
}

# free_port: print a TCP port that is free on 127.0.0.1 right now (the
# kernel picks it).  Another process may take it before we bind it, which
# is unlikely enough for a test.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
    fi
    # Fallback: random ports until one nobody listens on.
    local port i
    for ((i = 0; i < 100; i++)); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# wait_port PORT [PID]: wait (max ~10 s) until a TCP connection to
# 127.0.0.1:PORT succeeds.  Fails early if PID is given and has exited.
wait_port() {
    local port=$1 pid=${2:-} i
    for ((i = 0; i < 100; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

# start_server NAME PORT CMD...: start_bg CMD, then wait for PORT.  On
# failure print the server's output (and $INTEROP_SERVER_LOG, if set) and
# exit 1: a peer that is installed but does not start is a failure, not a
# skip.
start_server() {
    local name=$1 port=$2
    shift 2
    start_bg "$@"
    if ! wait_port "$port" "$BG_PID"; then
        echo "FAIL $name: server did not listen on 127.0.0.1:$port"
        sed 's/^/#   /' "$BG_LOG"
        if [ -n "$INTEROP_SERVER_LOG" ] && [ -f "$INTEROP_SERVER_LOG" ]; then
            tail -n 20 "$INTEROP_SERVER_LOG" | sed 's/^/#   /'
        fi
        exit 1
    fi
    echo "# $name listening on 127.0.0.1:$port (pid $BG_PID)"
}

# skip_or_fail MSG: a peer is missing.  Skip (exit 77) normally; under
# CI=true a missing peer is a failure (exit 1).
skip_or_fail() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $* (CI=true: a missing peer is a failure)"
        exit 1
    fi
    echo "SKIP: $*"
    exit 77
}

# --- small utilities ----------------------------------------------------------

# hex_hash md5|sha256 STRING: lowercase hex digest of STRING (no newline).
hex_hash() {
    local out
    out=$(printf '%s' "$2" | "${1}sum") || return 1
    printf '%s' "${out%% *}"
}

# write_whoami_cgi FILE: a CGI script that answers "user=$REMOTE_USER" and,
# when the request had a body, "body=<the body>" on a second line.
write_whoami_cgi() {
    cat >"$1" <<'EOF'
#!/bin/sh
# whoami: tells who the server authenticated (and echoes a request body).
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n'
printf 'user=%s\n' "$REMOTE_USER"
if [ "${CONTENT_LENGTH:-0}" -gt 0 ] 2>/dev/null; then
    body=$(head -c "$CONTENT_LENGTH")
    printf 'body=%s\n' "$body"
fi
EOF
    chmod 755 "$1"
}

# lines_of TEXT N: TEXT repeated N times, one per line (expected output of
# --repeat N).
lines_of() {
    local i out=''
    for ((i = 0; i < $2; i++)); do
        out+="$1"$'\n'
    done
    printf '%s' "${out%$'\n'}"
}

# --- running digestssp ------------------------------------------------------------

# digest_get USER PASSWORD ARGS...: `digestssp get` as USER, the password
# through --password-stdin, ARGS passed on.  Needs $DIGESTSSP.
digest_get() {
    local user=$1 pw=$2
    shift 2
    printf '%s' "$pw" |
        timeout -k 5 "$INTEROP_CASE_TIMEOUT" \
            "$DIGESTSSP" get --user "$user" --password-stdin "$@"
}

# --- cases ------------------------------------------------------------------

CASE_RC=0
CASE_OUT="$INTEROP_TMP/case.out"
CASE_ERR="$INTEROP_TMP/case.err"

# Run "$@", stdout and stderr to $CASE_OUT / $CASE_ERR, status in $CASE_RC.
_run_case() {
    "$@" >"$CASE_OUT" 2>"$CASE_ERR" </dev/null
    CASE_RC=$?
}

_pass() {
    INTEROP_PASSED=$((INTEROP_PASSED + 1))
    echo "ok $1"
}

# _fail NAME WHY: count and report a failure, with the case's stderr and
# the tail of the server log when there is one.
_fail() {
    INTEROP_FAILED=$((INTEROP_FAILED + 1))
    echo "FAIL $1: $2"
    if [ -s "$CASE_ERR" ]; then
        echo "#   stderr:"
        tail -n 15 "$CASE_ERR" | sed 's/^/#     /'
    fi
    if [ -n "$INTEROP_SERVER_LOG" ] && [ -s "$INTEROP_SERVER_LOG" ]; then
        echo "#   server log (tail):"
        tail -n 8 "$INTEROP_SERVER_LOG" | sed 's/^/#     /'
    fi
}

# check NAME CMD...: pass when CMD exits 0.
check() {
    local name=$1
    shift
    _run_case "$@"
    if [ "$CASE_RC" -eq 0 ]; then
        _pass "$name"
    else
        _fail "$name" "exit $CASE_RC, expected 0"
    fi
}

# expect_exit CODE NAME CMD...: pass when CMD exits with CODE.
expect_exit() {
    local code=$1 name=$2
    shift 2
    _run_case "$@"
    if [ "$CASE_RC" -eq "$code" ]; then
        _pass "$name"
    else
        _fail "$name" "exit $CASE_RC, expected $code"
    fi
}

# expect_output CODE EXPECTED NAME CMD...: pass when CMD exits with CODE and
# its stdout, trailing newlines aside, is EXPECTED.
expect_output() {
    local code=$1 expected=$2 name=$3 got
    shift 3
    _run_case "$@"
    got=$(cat "$CASE_OUT")
    if [ "$CASE_RC" -ne "$code" ]; then
        _fail "$name" "exit $CASE_RC, expected $code"
    elif [ "$got" != "$expected" ]; then
        _fail "$name" "unexpected output:
$(printf '%s\n' "$got" | head -n 10 | sed 's/^/#     got:      /')
$(printf '%s\n' "$expected" | sed 's/^/#     expected: /')"
    else
        _pass "$name"
    fi
}

# skip_case NAME WHY: a case that cannot run against this peer.
skip_case() {
    INTEROP_SKIPPED=$((INTEROP_SKIPPED + 1))
    echo "skip $1: $2"
}

# finish: print the summary line and exit (1 when a case failed).
finish() {
    local line="$INTEROP_PASSED passed, $INTEROP_FAILED failed"
    if [ "$INTEROP_SKIPPED" -gt 0 ]; then
        line+=", $INTEROP_SKIPPED skipped"
    fi
    echo "$line"
    [ "$INTEROP_FAILED" -eq 0 ] && exit 0
    exit 1
}

# need_digestssp PATH: check the CLI argument and set $DIGESTSSP.
need_digestssp() {
    if [ -z "${1:-}" ] || [ ! -x "$1" ]; then
        echo "digestssp binary not found or not executable: '${1:-}'" >&2
        exit 2
    fi
    DIGESTSSP=$1
}
