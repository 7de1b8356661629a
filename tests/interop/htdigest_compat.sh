#!/usr/bin/env bash
# Interop: `digestssp passwd` against Apache's htdigest(1) and mod_auth_digest.
#
# usage: htdigest_compat.sh /path/to/digestssp
#
# (1) htdigest (Debian apache2-utils) and `digestssp passwd` write the same
#     accounts; the files must be byte-identical: creating, adding users
#     (one with a UTF-8 name, one with colons in the password) and changing
#     a password.  htdigest reads the password twice from the terminal: it
#     runs under a pseudo-terminal (python3's pty module, else script(1)),
#     and each password is typed after its prompt appeared.
# (2) A file written by `digestssp passwd` with MD5 lines and, after them,
#     SHA-256 / SHA-512-256 lines (the digestssp extension) works with Apache
#     mod_auth_digest: curl --digest logs in (200, user=... from the /whoami
#     CGI), a wrong password gets 401, a user with only SHA-2 lines gets 401
#     (Apache cannot use them), and a password changed by `digestssp passwd`
#     (rename over the file, mode kept) is seen by Apache at once.
#
# The other direction, an htdigest file written by Apache's tool used by
# `digestssp serve --users`, belongs with the tests of `serve` (whoever
# writes `serve` adds it there or here).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

need_digestssp "${1:-}"

# --- tools -------------------------------------------------------------------

HTDIGEST=$(command -v htdigest 2>/dev/null) ||
    skip_or_fail "htdigest (Debian package apache2-utils) is not installed"
PTY_DRIVER=''
if command -v python3 >/dev/null 2>&1; then
    PTY_DRIVER=python3
elif command -v script >/dev/null 2>&1; then
    PTY_DRIVER=script
else
    skip_or_fail "neither python3 nor script(1) to give htdigest a terminal"
fi
command -v curl >/dev/null 2>&1 || skip_or_fail "curl is not installed"

APACHE=''
for c in apache2 httpd /usr/sbin/apache2 /usr/sbin/httpd; do
    if command -v "$c" >/dev/null 2>&1; then
        APACHE=$(command -v "$c")
        break
    fi
done
[ -n "$APACHE" ] || skip_or_fail "apache2 (Apache httpd 2.4) is not installed"
MODDIR=''
for d in /usr/lib/apache2/modules /usr/lib64/httpd/modules \
    /usr/lib/httpd/modules /usr/libexec/apache2; do
    if [ -f "$d/mod_auth_digest.so" ]; then
        MODDIR=$d
        break
    fi
done
[ -n "$MODDIR" ] || skip_or_fail "Apache modules (mod_auth_digest.so) not found"
for m in mpm_prefork authn_core authn_file authz_core authz_user \
    auth_digest alias cgi; do
    [ -f "$MODDIR/mod_$m.so" ] || skip_or_fail "Apache module mod_$m.so not found"
done

# --- helpers -------------------------------------------------------------------

# run_htdigest PASSWORD ARGS...: htdigest ARGS under a pseudo-terminal,
# typing PASSWORD after each of its two prompts.
run_htdigest() {
    local pw=$1
    shift
    if [ "$PTY_DRIVER" = python3 ]; then
        timeout -k 5 30 python3 - "$pw" "$HTDIGEST" "$@" <<'EOF'
import os, pty, sys, time
pw = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
seen, sent = b"", 0
while True:
    try:
        data = os.read(fd, 1024)
    except OSError:          # EIO: the child closed the terminal
        break
    if not data:
        break
    seen += data
    # "New password: ", "Re-type new password: "
    while sent < 2 and seen.lower().count(b"password: ") > sent:
        time.sleep(0.1)      # let it turn echo off (a flush) first
        os.write(fd, pw + b"\n")
        sent += 1
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
EOF
    else
        local cmd
        cmd=$(printf '%q ' "$HTDIGEST" "$@")
        { sleep 1; printf '%s\n' "$pw"; sleep 1; printf '%s\n' "$pw"; } |
            timeout -k 5 30 script -qec "$cmd" /dev/null
    fi
}

# dss_passwd PASSWORD ARGS...: `digestssp passwd ARGS`, password on stdin.
dss_passwd() {
    local pw=$1
    shift
    printf '%s\n' "$pw" | timeout -k 5 "$INTEROP_CASE_TIMEOUT" \
        "$DIGESTSSP" passwd "$@"
}

# same_files NAME A B: pass when the files are byte-identical.
same_files() {
    if cmp -s "$2" "$3"; then
        _pass "$1"
    else
        _fail "$1" "files differ:
$(diff <(od -c "$2") <(od -c "$3") | head -n 12 | sed 's/^/#     /')"
    fi
}

W="$INTEROP_TMP/files"
mkdir -p "$W"

# --- (1) byte-identical to htdigest --------------------------------------------

i=0
for u_var in USER1 USER2 USER3; do
    i=$((i + 1))
    p_var="PASS$i"
    u=${!u_var} p=${!p_var}
    run_htdigest "$p" -c "$W/h$i" "$REALM" "$u" >/dev/null 2>&1
    dss_passwd "$p" -c "$W/d$i" "$REALM" "$u" 2>/dev/null
    same_files "htdigest: -c $u" "$W/h$i" "$W/d$i"
done
check "htdigest: the MD5 line is user:realm:md5(user:realm:password)" \
    test "$(cat "$W/d1")" = "$USER1:$REALM:$(hex_hash md5 "$USER1:$REALM:$PASS1")"

# Three users in one file, each tool adding to its own file.
run_htdigest "$PASS1" -c "$W/hm" "$REALM" "$USER1" >/dev/null 2>&1
run_htdigest "$PASS2" "$W/hm" "$REALM" "$USER2" >/dev/null 2>&1
run_htdigest "$PASS3" "$W/hm" "$REALM" "$USER3" >/dev/null 2>&1
run_htdigest "$PASS1" "$W/hm" "other realm" "$USER1" >/dev/null 2>&1
dss_passwd "$PASS1" -c "$W/dm" "$REALM" "$USER1" 2>/dev/null
dss_passwd "$PASS2" "$W/dm" "$REALM" "$USER2" 2>/dev/null
dss_passwd "$PASS3" "$W/dm" "$REALM" "$USER3" 2>/dev/null
dss_passwd "$PASS1" "$W/dm" "other realm" "$USER1" 2>/dev/null
same_files "htdigest: four accounts added one by one" "$W/hm" "$W/dm"

# Changing a password in the middle of the file, on copies of htdigest's file.
cp "$W/hm" "$W/hc"
cp "$W/hm" "$W/dc"
run_htdigest "new: password" "$W/hc" "$REALM" "$USER2" >/dev/null 2>&1
dss_passwd "new: password" "$W/dc" "$REALM" "$USER2" 2>/dev/null
same_files "htdigest: change $USER2's password" "$W/hc" "$W/dc"
check "htdigest: the change did change the file" \
    bash -c '! cmp -s "$1" "$2"' _ "$W/hm" "$W/hc"

# htdigest's file, edited by digestssp, read again by htdigest.
run_htdigest "x" "$W/dc" "$REALM" "late" >/dev/null 2>&1
dss_passwd "x" "$W/hc" "$REALM" "late" 2>/dev/null
same_files "htdigest: each tool adds to the other's file" "$W/hc" "$W/dc"

# --- (2) Apache uses a file written by digestssp passwd ------------------------

DIR="$INTEROP_TMP/apache"
mkdir -p "$DIR/cgi"
chmod 755 "$INTEROP_TMP" "$DIR" "$DIR/cgi"
write_whoami_cgi "$DIR/cgi/whoami"

USERS="$DIR/htdigest"
SHAONLY='shaonly'
dss_passwd "$PASS1" -c "$USERS" "$REALM" "$USER1" 2>/dev/null
dss_passwd "$PASS1" -a SHA-256 "$USERS" "$REALM" "$USER1" 2>/dev/null
dss_passwd "$PASS2" -a SHA-256 "$USERS" "$REALM" "$USER2" 2>/dev/null
dss_passwd "$PASS2" "$USERS" "$REALM" "$USER2" 2>/dev/null
dss_passwd "$PASS3" "$USERS" "$REALM" "$USER3" 2>/dev/null
dss_passwd "$PASS3" -a SHA-512-256 "$USERS" "$REALM" "$USER3" 2>/dev/null
dss_passwd "pw" -a SHA-256 "$USERS" "$REALM" "$SHAONLY" 2>/dev/null
dss_passwd "pw" -a SHA-512-256 "$USERS" "$REALM" "$SHAONLY" 2>/dev/null
# Apache's children may run as www-data: let them read it.  `passwd` keeps
# this mode when it replaces the file below.
chmod 644 "$USERS"

expected_users="$USER1:$REALM:$(hex_hash md5 "$USER1:$REALM:$PASS1")
$USER1:$REALM:$(hex_hash sha256 "$USER1:$REALM:$PASS1"):SHA-256
$USER2:$REALM:$(hex_hash md5 "$USER2:$REALM:$PASS2")
$USER2:$REALM:$(hex_hash sha256 "$USER2:$REALM:$PASS2"):SHA-256
$USER3:$REALM:$(hex_hash md5 "$USER3:$REALM:$PASS3")"
check "passwd: MD5 lines before the SHA-2 lines of each account" \
    test "$(head -n 5 "$USERS")" = "$expected_users"
check "passwd: SHA-2 lines of an account without MD5 at the end" \
    test "$(tail -n 2 "$USERS" | cut -d: -f1,4 | tr '\n' ' ')" = \
    "$SHAONLY:SHA-256 $SHAONLY:SHA-512-256 "

RUN_AS=''
if [ "$(id -u)" -eq 0 ]; then
    if getent passwd www-data >/dev/null 2>&1; then
        RUN_AS="User www-data
Group $(id -gn www-data)"
    else
        RUN_AS="User nobody
Group $(id -gn nobody)"
    fi
fi

PORT=$(free_port) || { echo "no free port" >&2; exit 1; }

cat >"$DIR/httpd.conf" <<EOF
# Generated by htdigest_compat.sh: a private Apache on 127.0.0.1:$PORT.
ServerRoot "$DIR"
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile "$DIR/httpd.pid"
DefaultRuntimeDir "$DIR"
ErrorLog "$DIR/error.log"
LogLevel warn
$RUN_AS

LoadModule mpm_prefork_module "$MODDIR/mod_mpm_prefork.so"
LoadModule authn_core_module "$MODDIR/mod_authn_core.so"
LoadModule authn_file_module "$MODDIR/mod_authn_file.so"
LoadModule authz_core_module "$MODDIR/mod_authz_core.so"
LoadModule authz_user_module "$MODDIR/mod_authz_user.so"
LoadModule auth_digest_module "$MODDIR/mod_auth_digest.so"
LoadModule alias_module "$MODDIR/mod_alias.so"
LoadModule cgi_module "$MODDIR/mod_cgi.so"

StartServers 2
MinSpareServers 1
MaxSpareServers 4
DocumentRoot "$DIR/cgi"

ScriptAlias /whoami "$DIR/cgi/whoami"

<Location />
    AuthType Digest
    AuthName "$REALM"
    AuthDigestDomain /
    AuthDigestProvider file
    AuthUserFile "$USERS"
    AuthDigestQop auth
    Require valid-user
</Location>
EOF

if ! "$APACHE" -t -f "$DIR/httpd.conf" >"$DIR/configtest.log" 2>&1; then
    echo "FAIL apache: configuration rejected:"
    sed 's/^/#   /' "$DIR/configtest.log"
    exit 1
fi

INTEROP_SERVER_LOG="$DIR/error.log"
start_server apache "$PORT" "$APACHE" -f "$DIR/httpd.conf" -DFOREGROUND
BASE="http://127.0.0.1:$PORT"

# curl_as USER PASSWORD: GET /whoami with curl's own Digest code; prints the
# HTTP status, then the body.
curl_as() {
    local body="$INTEROP_TMP/curl.body" code
    code=$(timeout -k 5 "$INTEROP_CASE_TIMEOUT" curl -sS --digest \
        -u "$1:$2" -o "$body" -w '%{http_code}' "$BASE/whoami") || return 1
    printf '%s\n' "$code"
    [ "$code" = 200 ] && cat "$body"
    return 0
}

expect_output 0 "200
user=$USER1" "apache: curl --digest as $USER1 (MD5 line, SHA-256 after it)" \
    curl_as "$USER1" "$PASS1"
expect_output 0 "200
user=$USER2" "apache: curl --digest as $USER2 (MD5 line added after SHA-256)" \
    curl_as "$USER2" "$PASS2"
expect_output 0 "200
user=$USER3" "apache: curl --digest as $USER3 (UTF-8 name)" \
    curl_as "$USER3" "$PASS3"
expect_output 0 "401" "apache: wrong password -> 401" \
    curl_as "$USER1" "not the password"
expect_output 0 "401" "apache: a user with SHA-2 lines only -> 401" \
    curl_as "$SHAONLY" "pw"
expect_output 0 "user=$USER1" "apache: digestssp get as $USER1" \
    digest_get "$USER1" "$PASS1" "$BASE/whoami"

# A password changed while Apache runs (mod_authn_file reads the file on
# every request): the new one works, the old one no longer does.
check "passwd: change $USER1's MD5 password" \
    dss_passwd "a new one" "$USERS" "$REALM" "$USER1"
check "passwd: the file kept its mode (644)" \
    test "$(stat -c %a "$USERS")" = 644
expect_output 0 "200
user=$USER1" "apache: the new password works" curl_as "$USER1" "a new one"
expect_output 0 "401" "apache: the old password is refused" \
    curl_as "$USER1" "$PASS1"

finish
