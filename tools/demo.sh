#!/usr/bin/env bash
# make demo: digestssp's HTTP Digest client and server.
#
# Part 1 runs `digestssp demo`: an SSPI client and an SSPI server in one
# process go through a whole Digest exchange, each step explained.
#
# Part 2 starts libmicrohttpd's own Digest server (tests/interop/mhd_server,
# SHA-256) on 127.0.0.1, then runs `digestssp get -v --repeat 3` against it: the
# first request answers the 401 through InitializeSecurityContext, the next
# two are authorised through MakeSignature (nc=2, nc=3) on the same context.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CLI="$BUILD/cli/digestssp"
SERVER="$BUILD/tests/interop/mhd_server"
for f in "$CLI" "$SERVER"; do
    [ -x "$f" ] || { echo "demo: $f is missing; run 'make build'" >&2; exit 1; }
done
# shellcheck source=../tests/interop/lib.sh
. "$ROOT/tests/interop/lib.sh"

cat <<MSG
== digestssp demo: HTTP Digest and SASL DIGEST-MD5, client and server in one process ==

\$ digestssp demo
MSG
"$CLI" demo
demo_rc=$?
echo "== exit status $demo_rc =="
echo

printf '%s:%s\n' "Mufasa" "Circle of Life" >"$INTEROP_TMP/users"
PORT=$(free_port)
start_bg "$SERVER" --port "$PORT" --realm "http-auth@example.org" \
    --algorithm sha256 --users "$INTEROP_TMP/users" --nonce-timeout 300
wait_port "$PORT" "$BG_PID" || { echo "demo: server did not start" >&2; exit 1; }

cat <<MSG
== digestssp get: the HTTP Digest client against a real server ==
A libmicrohttpd server on 127.0.0.1:$PORT demands Digest (SHA-256).
digestssp answers its challenge through the Windows SSPI calls
(InitializeSecurityContext, then MakeSignature for later requests).

\$ printf 'Circle of Life' | digestssp get -v --user Mufasa --password-stdin --repeat 3 http://127.0.0.1:$PORT/whoami
MSG
printf '%s' "Circle of Life" |
    "$CLI" get -v --user Mufasa --password-stdin --repeat 3 \
        "http://127.0.0.1:$PORT/whoami"
rc=$?
echo "== exit status $rc =="
[ "$demo_rc" -eq 0 ] || exit "$demo_rc"
exit $rc
