#!/usr/bin/env bash
# Interop: `digestssp get` against libmicrohttpd's own Digest authentication.
#
# usage: mhd_digest.sh /path/to/digestssp /path/to/mhd_server
#
# mhd_server (mhd_server.c beside this script) checks every request with
# MHD_digest_auth_check2() and refuses with MHD_queue_auth_fail_response2().
# libmicrohttpd 0.9.75 sends one challenge, qop="auth", an opaque, and
# writes the algorithm in lower case (algorithm=md5 / algorithm=sha-256) and
# stale="true" quoted; it knows nothing of charset, userhash or username*,
# and it checks that nc grows on each nonce.
#
# For each algorithm (md5, sha256) two servers run on free ports on
# 127.0.0.1: one with a nonce timeout of 300 s for the ordinary cases and one
# with 1 s for the stale-nonce case.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

need_digestssp "${1:-}"
MHD_SERVER=${2:-}
if [ -z "$MHD_SERVER" ] || [ ! -x "$MHD_SERVER" ]; then
    skip_or_fail "mhd_server was not built (libmicrohttpd not found at configure time?): '${MHD_SERVER}'"
fi

DIR="$INTEROP_TMP/mhd"
mkdir -p "$DIR"
printf '%s:%s\n' "$USER1" "$PASS1" "$USER2" "$PASS2" "$USER3" "$PASS3" \
    >"$DIR/users"

# mhd_start ALGORITHM NONCE_TIMEOUT: start one mhd_server; sets MHD_PORT,
# MHD_LOG.
mhd_start() {
    MHD_PORT=$(free_port) || { echo "no free port" >&2; exit 1; }
    start_server "mhd_server $1 (nonce timeout $2 s)" "$MHD_PORT" \
        "$MHD_SERVER" --port "$MHD_PORT" --realm "$REALM" --algorithm "$1" \
        --users "$DIR/users" --nonce-timeout "$2"
    MHD_LOG=$BG_LOG
}

for alg in md5 sha256; do
    mhd_start "$alg" 300
    main_pid=$BG_PID
    INTEROP_SERVER_LOG=$MHD_LOG
    url="http://127.0.0.1:$MHD_PORT/whoami"

    expect_output 0 "user=$USER1" "mhd $alg: (a) GET as $USER1" \
        digest_get "$USER1" "$PASS1" "$url"

    expect_output 0 "user=$USER2" "mhd $alg: (b) query string as $USER2" \
        digest_get "$USER2" "$PASS2" "$url?x=1&y=a%20b"

    expect_output 0 "user=$USER1
body=hello=world&n=1" "mhd $alg: (c) POST with a body" \
        digest_get "$USER1" "$PASS1" -X POST -d 'hello=world&n=1' "$url"

    expect_output 0 "user=$USER3" "mhd $alg: (d) UTF-8 user name" \
        digest_get "$USER3" "$PASS3" "$url"

    expect_exit 2 "mhd $alg: (e) wrong password -> exit 2" \
        digest_get "$USER1" "not the password" "$url"

    expect_output 0 "$(lines_of "user=$USER1" 3)" "mhd $alg: (g) --repeat 3" \
        digest_get "$USER1" "$PASS1" --repeat 3 "$url"

    stop_bg "$main_pid"

    # (f) A nonce that lives 1 s: after --wait 3 the server answers 401
    # stale="true" and digestssp must go on with the new nonce.
    mhd_start "$alg" 1
    INTEROP_SERVER_LOG=$MHD_LOG
    url="http://127.0.0.1:$MHD_PORT/whoami"
    expect_output 0 "$(lines_of "user=$USER1" 2)" \
        "mhd $alg: (f) stale nonce: --repeat 2 --wait 3" \
        digest_get "$USER1" "$PASS1" --repeat 2 --wait 3 "$url"
    check "mhd $alg: (f) the server did declare the nonce stale" \
        grep -q -- '-> 401 stale' "$MHD_LOG"
    stop_bg "$BG_PID"
done

finish
