#!/usr/bin/env bash
# Interop: real Digest clients against `digestssp serve`.
#
# usage: serve_clients.sh /path/to/digestssp
#
# `digestssp serve` (libmicrohttpd transport, Digest checked by the server
# side of libdigestssp: AcceptSecurityContext, CompleteAuthToken) is started
# on free ports on 127.0.0.1 with several configurations, and these clients
# log in to it:
#
#   curl --digest (7.88: MD5, MD5-sess, SHA-256, userhash; its SHA-512-256
#                  is really SHA-256 and must be refused)
#   Python urllib HTTPDigestAuthHandler (MD5, qop=auth, ASCII names only)
#   Python requests HTTPDigestAuth (MD5, MD5-sess, SHA-256; reuses the nonce
#                  with nc=2 on the next call)
#   digestssp get (every algorithm, -sess, auth-int, userhash, username*)
#   serve_peers.py raw: hand-made Authorization values (username*, replays,
#                  stale nonces, wrong uri, forged opaque)
#
# The user file is made by `digestssp passwd` when the CLI has it, else
# written here (MD5 lines as htdigest writes them, SHA-2 lines
# user:realm:HA1:SHA-256 / :SHA-512-256); one server uses a file made by
# Apache's htdigest itself.
#
# A missing curl skips the whole script (fails under CI=true); a missing
# Python or python3-requests skips those cases (fails them under CI=true).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

need_digestssp "${1:-}"
command -v curl >/dev/null 2>&1 || skip_or_fail "curl is not installed"

PEERS="$HERE/serve_peers.py"
PY=''
if [ -x /usr/bin/python3 ]; then
    PY=/usr/bin/python3 # Debian's, where python3-requests lives
elif command -v python3 >/dev/null 2>&1; then
    PY=$(command -v python3)
fi
HAVE_REQUESTS=0
if [ -n "$PY" ] && "$PY" -c 'import requests' 2>/dev/null; then
    HAVE_REQUESTS=1
fi

DIR="$INTEROP_TMP/serve"
mkdir -p "$DIR"

# A user whose name has a control character (a tab): digestssp get sends
# it as username* (RFC 7616 section 3.4.4).
USER4=$'tab\tuser'
PASS4='tabbed'

# --- helpers ------------------------------------------------------------------

# peer_missing WHAT NAME: a client is not installed: skip the case, or fail
# it under CI=true.
peer_missing() {
    if [ "${CI:-}" = true ]; then
        INTEROP_FAILED=$((INTEROP_FAILED + 1))
        echo "FAIL $2: $1 is missing (CI=true: a missing peer is a failure)"
    else
        skip_case "$2" "$1 is missing"
    fi
}

# sha512_256 STRING: lowercase hex SHA-512/256 (no coreutils tool has it).
sha512_256() {
    if [ -n "$PY" ]; then
        "$PY" -c 'import hashlib, sys
print(hashlib.new("sha512_256", sys.argv[1].encode()).hexdigest())' "$1"
    else
        printf '%s' "$1" | openssl dgst -sha512-256 -r | cut -d' ' -f1
    fi
}

# make_users_by_hand FILE: every test user, with MD5, SHA-256 and
# SHA-512-256 lines (user:realm:HA1[:ALGORITHM]).
make_users_by_hand() {
    local i u p u_var p_var
    : >"$1" || return 1
    for i in 1 2 3 4; do
        u_var="USER$i" p_var="PASS$i"
        u=${!u_var} p=${!p_var}
        {
            printf '%s:%s:%s\n' "$u" "$REALM" \
                "$(hex_hash md5 "$u:$REALM:$p")"
            printf '%s:%s:%s:SHA-256\n' "$u" "$REALM" \
                "$(hex_hash sha256 "$u:$REALM:$p")"
            printf '%s:%s:%s:SHA-512-256\n' "$u" "$REALM" \
                "$(sha512_256 "$u:$REALM:$p")"
        } >>"$1" || return 1
    done
}

# make_users_passwd FILE: the same through `digestssp passwd`.
make_users_passwd() {
    local i u p u_var p_var alg create=-c
    for i in 1 2 3 4; do
        u_var="USER$i" p_var="PASS$i"
        u=${!u_var} p=${!p_var}
        for alg in MD5 SHA-256 SHA-512-256; do
            # the password is a line of standard input (not a terminal)
            printf '%s\n' "$p" |
                "$DIGESTSSP" passwd $create --algorithm "$alg" \
                    "$1" "$REALM" "$u" >>"$INTEROP_TMP/passwd.log" 2>&1 ||
                return 1
            create=''
        done
    done
}

# serve NAME OPTIONS...: start one `digestssp serve` on a free port; sets
# PORT_<NAME>, PID_<NAME>, LOG_<NAME>.
serve() {
    local name=$1 port
    shift
    port=$(free_port) || { echo "no free port" >&2; exit 1; }
    start_server "serve $name ($*)" "$port" \
        "$DIGESTSSP" serve --listen "127.0.0.1:$port" --realm "$REALM" "$@"
    printf -v "PORT_$name" '%s' "$port"
    printf -v "PID_$name" '%s' "$BG_PID"
    printf -v "LOG_$name" '%s' "$BG_LOG"
}

url_of() {
    local v="PORT_$1"
    printf 'http://127.0.0.1:%s%s' "${!v}" "$2"
}

use_log() {
    local v="LOG_$1"
    # shellcheck disable=SC2034 # read by lib.sh's _fail
    INTEROP_SERVER_LOG=${!v}
}

# curl_digest USER PASSWORD ARGS...: curl --digest, body on stdout.
curl_digest() {
    local user=$1 pw=$2
    shift 2
    timeout -k 5 "$INTEROP_CASE_TIMEOUT" \
        curl -sS --max-time 30 --digest -u "$user:$pw" "$@"
}

# curl_code ARGS...: curl printing only the HTTP status code.
curl_code() {
    timeout -k 5 "$INTEROP_CASE_TIMEOUT" \
        curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$@"
}

# peer CLIENT URL USER PASSWORD ARGS...: serve_peers.py.
peer() {
    timeout -k 5 "$INTEROP_CASE_TIMEOUT" "$PY" "$PEERS" "$@"
}

# stderr_has NAME REGEX: pass when the last case's stderr matches (checks
# what a client sent, from its verbose output).
stderr_has() {
    if grep -Eq -- "$2" "$CASE_ERR"; then
        _pass "$1"
    else
        _fail "$1" "stderr does not match /$2/"
    fi
}

# log_has NAME SERVER REGEX: pass when the server's log matches.
log_has() {
    local v="LOG_$2"
    if grep -Eq -- "$3" "${!v}"; then
        _pass "$1"
    else
        _fail "$1" "the $2 server log does not match /$3/"
    fi
}

# --- user files -----------------------------------------------------------------

# `digestssp passwd` when the CLI has it; otherwise (or when it fails,
# which is then a failed case) the file is written here.
made=0
if "$DIGESTSSP" passwd --help >/dev/null 2>&1; then
    CASE_ERR="$INTEROP_TMP/passwd.log"
    if make_users_passwd "$DIR/users"; then
        _pass "digestssp passwd: the user file"
        made=1
    else
        _fail "digestssp passwd: the user file" \
            "passwd failed; writing the file by hand instead"
    fi
    CASE_ERR="$INTEROP_TMP/case.err"
fi
if [ "$made" = 0 ] && ! make_users_by_hand "$DIR/users"; then
    echo "FAIL: cannot write the user file"
    exit 1
fi
chmod 600 "$DIR/users"

# An MD5 file written by Apache's htdigest (it reads the password twice
# from standard input when there is no terminal: hence setsid).
HAVE_HTDIGEST=0
if command -v htdigest >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1
then
    rm -f "$DIR/htdigest"
    if printf '%s\n%s\n' "$PASS1" "$PASS1" |
        setsid -w htdigest -c "$DIR/htdigest" "$REALM" "$USER1" \
            >/dev/null 2>&1 &&
        printf '%s\n%s\n' "$PASS2" "$PASS2" |
        setsid -w htdigest "$DIR/htdigest" "$REALM" "$USER2" \
            >/dev/null 2>&1; then
        HAVE_HTDIGEST=1
    fi
fi

# --- servers ----------------------------------------------------------------------

U="--users $DIR/users"
# shellcheck disable=SC2086
{
    serve md5 $U --algorithm MD5 --qop auth,auth-int
    serve all $U --qop auth,auth-int \
        --algorithm SHA-256,SHA-512-256,MD5,SHA-256-sess,SHA-512-256-sess,MD5-sess
    serve sha256 $U --algorithm SHA-256 --userhash
    serve sha512 $U --algorithm SHA-512-256
    serve sess $U --algorithm MD5-sess
    serve short $U --algorithm MD5 --nonce-lifetime 2
    if [ "$HAVE_HTDIGEST" = 1 ]; then
        serve ht --users "$DIR/htdigest" --algorithm MD5 --path-only-uri
    fi
}

W=/whoami

# --- the challenges ---------------------------------------------------------------

use_log all
_run_case curl -s -o /dev/null -D - "$(url_of all $W)"
n=$(tr -d '\r' <"$CASE_OUT" | grep -c '^WWW-Authenticate: Digest realm=')
if [ "$n" = 6 ]; then
    _pass "challenge: one WWW-Authenticate header per algorithm (6)"
else
    _fail "challenge: one WWW-Authenticate header per algorithm (6)" \
        "got $n Digest challenges:
$(tr -d '\r' <"$CASE_OUT" | grep -i '^www-authenticate' | sed 's/^/#     /')"
fi
if tr -d '\r' <"$CASE_OUT" | grep -q '^HTTP/1.1 401'; then
    _pass "challenge: 401 without Authorization"
else
    _fail "challenge: 401 without Authorization" "$(head -n 1 "$CASE_OUT")"
fi
expect_output 0 401 "challenge: Authorization: Basic -> 401" \
    curl_code -H 'Authorization: Basic TXVmYXNhOkNpcmNsZSBvZiBMaWZl' \
    "$(url_of all $W)"

# --- curl ---------------------------------------------------------------------------

use_log md5
expect_output 0 "user=$USER1" "curl MD5: GET" \
    curl_digest "$USER1" "$PASS1" "$(url_of md5 $W)"
log_has "serve: log line 'GET /whoami user=$USER1 200 SEC_E_OK'" md5 \
    "^GET /whoami user=$USER1 200 SEC_E_OK"
expect_output 0 "user=$USER2" "curl MD5: query string" \
    curl_digest "$USER2" "$PASS2" "$(url_of md5 "$W?x=1&y=a%20b")"
expect_output 0 "user=$USER1
body=hello=world&n=1" "curl MD5: POST with a body" \
    curl_digest "$USER1" "$PASS1" -d 'hello=world&n=1' "$(url_of md5 $W)"
expect_output 0 "user=$USER3" "curl MD5: UTF-8 user name (raw bytes)" \
    curl_digest "$USER3" "$PASS3" "$(url_of md5 $W)"
expect_output 0 401 "curl MD5: wrong password -> 401" \
    curl_code --digest -u "$USER1:not the password" "$(url_of md5 $W)"
expect_output 0 401 "curl MD5: unknown user -> 401" \
    curl_code --digest -u "nobody:$PASS1" "$(url_of md5 $W)"
# curl 7.88 does not reuse the nonce for another URL: it asks again.
expect_output 0 "user=$USER1
user=$USER1" "curl MD5: two URLs in one run" \
    curl_digest "$USER1" "$PASS1" "$(url_of md5 $W)" "$(url_of md5 /two)"

use_log all
expect_output 0 "user=$USER1" "curl SHA-256 (first of six challenges)" \
    curl_digest "$USER1" "$PASS1" -v "$(url_of all $W)"
stderr_has "curl SHA-256: it did answer with SHA-256" \
    'Authorization: Digest .*algorithm="?SHA-256"?([^-]|$)'

use_log sha256
expect_output 0 "user=$USER2" "curl SHA-256 userhash" \
    curl_digest "$USER2" "$PASS2" -v "$(url_of sha256 "$W?q=1")"
stderr_has "curl SHA-256 userhash: it did send userhash=true" \
    'Authorization: Digest .*userhash=true'

use_log sess
expect_output 0 "user=$USER1" "curl MD5-sess" \
    curl_digest "$USER1" "$PASS1" "$(url_of sess $W)"

use_log sha512
expect_output 0 401 "curl SHA-512-256 (computed as SHA-256 by curl 7.88) -> 401" \
    curl_code --digest -u "$USER1:$PASS1" "$(url_of sha512 $W)"

# A response made once (not sent by its maker), sent twice by curl: the
# second time it is a replay.
if [ -n "$PY" ]; then
    use_log md5
    auth=$(peer raw "$(url_of md5 $W)" "$USER1" "$PASS1" --print 2>/dev/null)
    expect_output 0 "user=$USER1" "curl -H: a fresh Authorization -> 200" \
        curl -sS -H "Authorization: $auth" "$(url_of md5 $W)"
    expect_output 0 401 "curl -H: the same Authorization again -> 401" \
        curl_code -H "Authorization: $auth" "$(url_of md5 $W)"
    log_has "serve: the replay was refused by CompleteAuthToken" md5 \
        'SEC_I_COMPLETE_NEEDED SEC_E_OUT_OF_SEQUENCE'

    # username* (RFC 7616 section 3.4.4), sent by curl -H
    auth=$(peer raw "$(url_of md5 $W)" "$USER3" "$PASS3" --username-star \
        --print 2>/dev/null)
    expect_output 0 "user=$USER3" "curl -H: username*=UTF-8''... -> 200" \
        curl -sS -H "Authorization: $auth" "$(url_of md5 $W)"
else
    peer_missing python3 "curl -H: replayed Authorization"
    peer_missing python3 "curl -H: username*"
fi

if [ "$HAVE_HTDIGEST" = 1 ]; then
    use_log ht
    expect_output 0 "user=$USER1" "curl: htdigest-made user file" \
        curl_digest "$USER1" "$PASS1" "$(url_of ht $W)"
    expect_output 0 "user=$USER2" "curl: htdigest-made user file, user 2" \
        curl_digest "$USER2" "$PASS2" "$(url_of ht "$W?a=b")"
else
    peer_missing "htdigest (apache2-utils)" "curl: htdigest-made user file"
fi

# --- Python urllib ------------------------------------------------------------------

if [ -n "$PY" ]; then
    use_log md5
    expect_output 0 "user=$USER1" "urllib: GET" \
        peer urllib "$(url_of md5 $W)" "$USER1" "$PASS1"
    expect_output 0 "user=$USER2" "urllib: query string" \
        peer urllib "$(url_of md5 "$W?x=1&y=a%20b")" "$USER2" "$PASS2"
    expect_output 0 "user=$USER1
body=a=1&b=2" "urllib: POST with a body" \
        peer urllib "$(url_of md5 $W)" "$USER1" "$PASS1" --data 'a=1&b=2'
    expect_exit 2 "urllib: wrong password -> 401" \
        peer urllib "$(url_of md5 $W)" "$USER1" "wrong"
    skip_case "urllib: UTF-8 user name" \
        "urllib hashes the user name with the ascii codec"
    if [ "$HAVE_HTDIGEST" = 1 ]; then
        use_log ht
        expect_output 0 "user=$USER1" "urllib: htdigest-made user file" \
            peer urllib "$(url_of ht $W)" "$USER1" "$PASS1"
    fi
else
    peer_missing python3 "urllib"
fi

# --- Python requests ----------------------------------------------------------------

if [ "$HAVE_REQUESTS" = 1 ]; then
    use_log md5
    expect_output 0 "user=$USER1" "requests MD5: GET" \
        peer requests "$(url_of md5 $W)" "$USER1" "$PASS1"
    expect_output 0 "user=$USER2" "requests MD5: query string" \
        peer requests "$(url_of md5 "$W?x=1&y=a%20b")" "$USER2" "$PASS2"
    expect_output 0 "user=$USER1
body=k=v" "requests MD5: POST with a body" \
        peer requests "$(url_of md5 $W)" "$USER1" "$PASS1" --data 'k=v'
    expect_exit 2 "requests MD5: wrong password -> 401" \
        peer requests "$(url_of md5 $W)" "$USER1" "wrong"
    expect_output 0 "$(lines_of "user=$USER1" 3)" \
        "requests MD5: three calls, the nonce reused (nc=2, 3)" \
        peer requests "$(url_of md5 /three)" "$USER1" "$PASS1" --times 3
    log_has "serve: requests' later calls went through CompleteAuthToken" \
        md5 '^GET /three user=Mufasa 200 SEC_I_COMPLETE_NEEDED SEC_E_OK'
    skip_case "requests: UTF-8 user name" \
        "requests hashes the name as UTF-8 but sends it as Latin-1"

    # requests joins the six WWW-Authenticate values into one string and
    # parses it as one challenge: the values of the last one (MD5-sess) win.
    use_log all
    expect_output 0 "user=$USER2" "requests: six challenges joined" \
        peer requests "$(url_of all $W)" "$USER2" "$PASS2"
    use_log sha256
    expect_output 0 "user=$USER1" "requests SHA-256 (userhash offered)" \
        peer requests "$(url_of sha256 $W)" "$USER1" "$PASS1"
    use_log sess
    expect_output 0 "user=$USER2" "requests MD5-sess" \
        peer requests "$(url_of sess $W)" "$USER2" "$PASS2"
    use_log short
    expect_output 0 "$(lines_of "user=$USER1" 2)" \
        "requests: two calls 3 s apart, nonce lifetime 2 s" \
        peer requests "$(url_of short /later)" "$USER1" "$PASS1" --times 2 \
        --sleep 3
else
    peer_missing "python3-requests" "requests"
fi

# --- digestssp get ------------------------------------------------------------------

use_log all
for alg in MD5 SHA-256 SHA-512-256 MD5-sess SHA-256-sess SHA-512-256-sess; do
    expect_output 0 "user=$USER1" "get $alg --mutual" \
        digest_get "$USER1" "$PASS1" --algorithm "$alg" --mutual -v \
        "$(url_of all $W)"
    stderr_has "get $alg: it did answer with $alg" \
        "Authorization: Digest .*algorithm=$alg(,|$)"
done
expect_output 0 "user=$USER2" "get (strongest of six): query string" \
    digest_get "$USER2" "$PASS2" -v "$(url_of all "$W?x=1&y=a%20b")"
stderr_has "get: the strongest was SHA-512-256" \
    'Authorization: Digest .*algorithm=SHA-512-256(,|$)'
for alg in MD5 SHA-256 SHA-512-256; do
    expect_output 0 "user=$USER1
body=hello=world&n=1" "get $alg --auth-int POST" \
        digest_get "$USER1" "$PASS1" --algorithm "$alg" --auth-int \
        -v -d 'hello=world&n=1' "$(url_of all $W)"
    stderr_has "get $alg --auth-int: qop=auth-int was used" \
        'Authorization: Digest .*qop=auth-int'
done
# With auth-int, rspauth covers the body of the response (RFC 2617
# section 3.2.3); `get --mutual` checks it over the body it received.
expect_output 0 "user=$USER1
body=a=b" "get SHA-256 --auth-int --mutual (rspauth over the response body)" \
    digest_get "$USER1" "$PASS1" --algorithm SHA-256 --auth-int --mutual \
    -d 'a=b' "$(url_of all $W)"
expect_output 0 "user=$USER3" "get: UTF-8 user name" \
    digest_get "$USER3" "$PASS3" "$(url_of all $W)"
expect_output 0 "user=$USER4" "get: user name with a tab (username*)" \
    digest_get "$USER4" "$PASS4" -v "$(url_of all $W)"
stderr_has "get: it did send username*" "Authorization: Digest username\\*="
expect_exit 2 "get: wrong password -> exit 2" \
    digest_get "$USER1" "not the password" "$(url_of all $W)"
expect_output 0 "$(lines_of "user=$USER2" 3)" "get --repeat 3 (nc=2, 3)" \
    digest_get "$USER2" "$PASS2" --repeat 3 "$(url_of all /rep)"
log_has "serve: --repeat went through CompleteAuthToken" all \
    '^GET /rep user=alice 200 SEC_I_COMPLETE_NEEDED SEC_E_OK'
# --mutual wants Authentication-Info (rspauth) on every answer, as Apache
# sends it; the later requests are the ones checked by CompleteAuthToken.
expect_output 0 "$(lines_of "user=$USER1" 2)" "get --mutual --repeat 2" \
    digest_get "$USER1" "$PASS1" --mutual --repeat 2 "$(url_of all /mut)"

use_log sha256
expect_output 0 "user=$USER1" "get SHA-256 userhash" \
    digest_get "$USER1" "$PASS1" --mutual -v "$(url_of sha256 $W)"
stderr_has "get userhash: it did send userhash=true" \
    'Authorization: Digest .*userhash=true'
expect_output 0 "user=$USER3" "get SHA-256 userhash, UTF-8 user" \
    digest_get "$USER3" "$PASS3" "$(url_of sha256 $W)"

use_log sha512
expect_output 0 "user=$USER1" "get SHA-512-256 (only offer)" \
    digest_get "$USER1" "$PASS1" --mutual "$(url_of sha512 $W)"

use_log short
expect_output 0 "$(lines_of "user=$USER1" 2)" \
    "get --repeat 2 --wait 3, nonce lifetime 2 s" \
    digest_get "$USER1" "$PASS1" --repeat 2 --wait 3 "$(url_of short /wait)"

if [ "$HAVE_HTDIGEST" = 1 ]; then
    use_log ht
    expect_output 0 "user=$USER2" "get: htdigest-made user file" \
        digest_get "$USER2" "$PASS2" --mutual "$(url_of ht $W)"
fi

# --- hand-made requests ---------------------------------------------------------------

if [ -n "$PY" ]; then
    use_log short
    expect_exit 3 "raw: answer 3 s after a 2 s nonce -> 401 stale=true" \
        peer raw "$(url_of short $W)" "$USER1" "$PASS1" --sleep 3
    log_has "serve: the stale answer was logged" short \
        '401 SEC_I_CONTINUE_NEEDED stale'
    expect_output 0 "user=$USER1" "raw: stale, then the new nonce -> 200" \
        peer raw "$(url_of short $W)" "$USER1" "$PASS1" --sleep 3 \
        --retry-stale

    use_log all
    for alg in MD5 SHA-256 SHA-512-256 SHA-256-sess; do
        expect_output 0 "user=$USER3" "raw $alg: username*" \
            peer raw "$(url_of all $W)" "$USER3" "$PASS3" --algorithm "$alg" \
            --username-star
    done
    expect_output 0 "user=$USER1
body=x=y" "raw SHA-512-256: auth-int POST" \
        peer raw "$(url_of all $W)" "$USER1" "$PASS1" --algorithm SHA-512-256 \
        --qop auth-int --data 'x=y'
    expect_exit 2 "raw: auth-int, the body changed on the way -> 401" \
        peer raw "$(url_of all $W)" "$USER1" "$PASS1" --algorithm SHA-256 \
        --qop auth-int --data 'x=y' --hash-body 'x=z'
    expect_exit 2 "raw: wrong response -> 401" \
        peer raw "$(url_of all $W)" "$USER1" "$PASS1" --bad-response
    expect_exit 2 "raw: uri of another resource -> 401" \
        peer raw "$(url_of all $W)" "$USER1" "$PASS1" --uri /other
    expect_exit 2 "raw: uri without the query string -> 401" \
        peer raw "$(url_of all "$W?x=1")" "$USER1" "$PASS1" --uri "$W"
    expect_exit 2 "raw: forged opaque -> 401" \
        peer raw "$(url_of all $W)" "$USER1" "$PASS1" \
        --opaque 00000000000000000000000000000000
    use_log sha512
    expect_exit 2 "raw: SHA-512-256 label, SHA-256 hash (curl 7.88) -> 401" \
        peer raw "$(url_of sha512 $W)" "$USER1" "$PASS1" --hash-as SHA-256
    use_log sha256
    expect_output 0 "user=$USER2" "raw SHA-256: userhash" \
        peer raw "$(url_of sha256 $W)" "$USER2" "$PASS2" --userhash
    if [ "$HAVE_HTDIGEST" = 1 ]; then
        use_log ht
        expect_output 0 "user=$USER1" \
            "raw: uri without the query string, --path-only-uri -> 200" \
            peer raw "$(url_of ht "$W?x=1")" "$USER1" "$PASS1" --uri "$W"
    fi
else
    peer_missing python3 "raw Digest requests"
fi

# --- clean stop ----------------------------------------------------------------------

# shellcheck disable=SC2154 # PID_md5 is set by serve()
pid=$PID_md5
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ]; then
    _pass "serve: exit 0 on SIGTERM"
else
    _fail "serve: exit 0 on SIGTERM" "exit status $rc"
fi
stop_bg "$pid"

finish
