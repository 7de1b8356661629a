#!/usr/bin/env python3
"""Python Digest clients for tests/interop/serve_clients.sh.

usage:
  serve_peers.py urllib   URL USER PASSWORD [--data D]
  serve_peers.py requests URL USER PASSWORD [--data D] [--times N]
                          [--sleep S]
  serve_peers.py raw      URL USER PASSWORD [options]   (see --help)

urllib   urllib.request.HTTPDigestAuthHandler (MD5 and SHA-1 only, qop=auth,
         user names in ASCII only).
requests requests.auth.HTTPDigestAuth in one Session: the second and later
         calls send the Authorization at once, reusing the nonce with nc=2, 3...
raw      a small Digest client written here for the cases the real ones
         cannot make: username*, userhash, a chosen algorithm and qop,
         auth-int, a uri that is not the request-target, a pause between the
         challenge and the answer (stale nonces), an Authorization printed
         instead of sent (replays).

The body of a 2xx answer goes to standard output. Exit status: 0 on 2xx,
2 on 401, 3 on 401 with stale=true (raw, without --retry-stale), 4 on a
network error, 5 on another HTTP status, 1 on a usage error or when the
client library itself fails (its message on standard error).
"""

import argparse
import hashlib
import http.client
import os
import sys
import time
import urllib.parse


def out_body(data):
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def status_exit(code):
    if 200 <= code <= 299:
        return 0
    if code == 401:
        return 2
    return 5


# --- urllib --------------------------------------------------------------------

def run_urllib(args):
    import urllib.error
    import urllib.request

    pm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    pm.add_password(None, args.url, args.user, args.password)
    opener = urllib.request.build_opener(
        urllib.request.HTTPDigestAuthHandler(pm))
    data = args.data.encode('utf-8') if args.data is not None else None
    try:
        with opener.open(args.url, data=data, timeout=20) as r:
            out_body(r.read())
            return status_exit(r.status)
    except urllib.error.HTTPError as e:
        sys.stderr.write('urllib: HTTP %d\n' % e.code)
        return status_exit(e.code)
    except urllib.error.URLError as e:
        sys.stderr.write('urllib: %s\n' % e)
        return 4


# --- requests ------------------------------------------------------------------

def run_requests(args):
    import requests
    from requests.auth import HTTPDigestAuth

    s = requests.Session()
    s.auth = HTTPDigestAuth(args.user, args.password)
    rc = 0
    for i in range(args.times):
        if i > 0 and args.sleep > 0:
            time.sleep(args.sleep)
        try:
            if args.data is not None:
                r = s.post(args.url, data=args.data.encode('utf-8'),
                           timeout=20)
            else:
                r = s.get(args.url, timeout=20)
        except requests.RequestException as e:
            sys.stderr.write('requests: %s\n' % e)
            return 4
        sys.stderr.write('requests: call %d: HTTP %d\n' % (i + 1,
                                                           r.status_code))
        if r.status_code != 200:
            return status_exit(r.status_code)
        out_body(r.content)
    return rc


# --- raw -------------------------------------------------------------------------

HASHES = {
    'MD5': 'md5',
    'SHA-256': 'sha256',
    'SHA-512-256': 'sha512_256',
}


def parse_challenges(values):
    """WWW-Authenticate values -> list of dicts (Digest only)."""
    out = []
    for v in values:
        for scheme, params in parse_auth_header(v):
            if scheme.lower() == 'digest':
                out.append(params)
    return out


def parse_auth_header(s):
    """Minimal RFC 9110 challenge list parser: [(scheme, {name: value})]."""
    res = []
    i, n = 0, len(s)
    cur = None
    while i < n:
        while i < n and s[i] in ' \t,':
            i += 1
        if i >= n:
            break
        j = i
        while j < n and s[j] not in ' \t,=':
            j += 1
        tok = s[i:j]
        k = j
        while k < n and s[k] in ' \t':
            k += 1
        if k < n and s[k] == '=':
            # auth-param
            k += 1
            while k < n and s[k] in ' \t':
                k += 1
            if k < n and s[k] == '"':
                k += 1
                val = []
                while k < n and s[k] != '"':
                    if s[k] == '\\' and k + 1 < n:
                        k += 1
                    val.append(s[k])
                    k += 1
                k += 1
                value = ''.join(val)
            else:
                m = k
                while m < n and s[m] not in ' \t,':
                    m += 1
                value = s[k:m]
                k = m
            if cur is not None:
                cur[1][tok.lower()] = value
            i = k
        else:
            cur = (tok, {})
            res.append(cur)
            i = j
    return res


def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def build_authorization(a, ch, method, uri, body, nc=1):
    alg_token = ch.get('algorithm', 'MD5')
    alg = alg_token.upper()
    sess = alg.endswith('-SESS')
    base = alg[:-5] if sess else alg
    if a.hash_as:
        base = a.hash_as.upper()
    if base not in HASHES:
        raise SystemExit('raw: unsupported algorithm %s' % alg_token)

    def H(data):
        if isinstance(data, str):
            data = data.encode('utf-8')
        return hashlib.new(HASHES[base], data).hexdigest()

    realm = ch.get('realm', '')
    nonce = ch['nonce']
    cnonce = os.urandom(8).hex()
    ncv = '%08x' % nc
    offered = [q.strip() for q in ch.get('qop', '').split(',') if q.strip()]
    qop = a.qop or ('auth' if 'auth' in offered else
                    (offered[0] if offered else None))
    ha1 = H('%s:%s:%s' % (a.user, realm, a.password))
    if sess:
        ha1 = H('%s:%s:%s' % (ha1, nonce, cnonce))
    if a.hash_body is not None:
        body = a.hash_body.encode('utf-8')
    if qop == 'auth-int':
        ha2 = H('%s:%s:%s' % (method, uri, H(body or b'')))
    else:
        ha2 = H('%s:%s' % (method, uri))
    if qop:
        resp = H('%s:%s:%s:%s:%s:%s' % (ha1, nonce, ncv, cnonce, qop, ha2))
    else:
        resp = H('%s:%s:%s' % (ha1, nonce, ha2))
    if a.bad_response:
        resp = ('0' if resp[0] != '0' else '1') + resp[1:]

    parts = []
    if a.userhash:
        parts.append('username=' + quote(H('%s:%s' % (a.user, realm))))
    elif a.username_star:
        parts.append("username*=UTF-8''" +
                     urllib.parse.quote(a.user.encode('utf-8'), safe=''))
    else:
        parts.append('username=' + quote(a.user))
    parts.append('realm=' + quote(realm))
    parts.append('nonce=' + quote(nonce))
    parts.append('uri=' + quote(uri))
    parts.append('algorithm=' + alg_token)
    parts.append('response=' + quote(resp))
    opaque = a.opaque if a.opaque is not None else ch.get('opaque')
    if opaque is not None:
        parts.append('opaque=' + quote(opaque))
    if qop:
        parts.append('qop=' + qop)
        parts.append('nc=' + ncv)
        parts.append('cnonce=' + quote(cnonce))
    if a.userhash:
        parts.append('userhash=true')
    return 'Digest ' + ', '.join(parts)


def request(conn, method, target, body, auth=None):
    headers = {}
    if auth is not None:
        headers['Authorization'] = auth.encode('utf-8').decode('latin-1')
    if body is not None:
        headers['Content-Type'] = 'application/x-www-form-urlencoded'
    conn.request(method, target, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r, data


def pick(challenges, algorithm):
    if not challenges:
        return None
    if algorithm is None:
        return challenges[0]
    for ch in challenges:
        if ch.get('algorithm', 'MD5').upper() == algorithm.upper():
            return ch
    return None


def run_raw(a):
    u = urllib.parse.urlsplit(a.url)
    target = u.path or '/'
    if u.query:
        target += '?' + u.query
    uri = a.uri if a.uri is not None else target
    body = a.data.encode('utf-8') if a.data is not None else None
    method = a.method or ('POST' if body is not None else 'GET')
    try:
        conn = http.client.HTTPConnection(u.hostname, u.port or 80,
                                          timeout=20)
        r, _ = request(conn, method, target, body)
        if r.status != 401:
            sys.stderr.write('raw: expected 401, got %d\n' % r.status)
            return 5
        ch = pick(parse_challenges(r.headers.get_all('WWW-Authenticate')
                                   or []), a.algorithm)
        if ch is None:
            sys.stderr.write('raw: no usable Digest challenge\n')
            return 1
        if a.sleep > 0:
            time.sleep(a.sleep)
        auth = build_authorization(a, ch, method, uri, body)
        if a.print_only:
            print(auth)
            return 0
        for attempt in range(2):
            sys.stderr.write('raw: Authorization: %s\n' % auth)
            r, data = request(conn, method, target, body, auth)
            sys.stderr.write('raw: HTTP %d\n' % r.status)
            if r.status != 401:
                if 200 <= r.status <= 299:
                    out_body(data)
                return status_exit(r.status)
            chs = parse_challenges(r.headers.get_all('WWW-Authenticate')
                                   or [])
            stale = any(c.get('stale', '').lower() == 'true' for c in chs)
            if not stale:
                return 2
            sys.stderr.write('raw: stale=true\n')
            if not a.retry_stale or attempt > 0:
                return 3
            ch = pick(chs, a.algorithm)
            if ch is None:
                return 1
            auth = build_authorization(a, ch, method, uri, body)
        return 2
    except OSError as e:
        sys.stderr.write('raw: %s\n' % e)
        return 4


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = p.add_subparsers(dest='client', required=True)
    for name in ('urllib', 'requests', 'raw'):
        s = sub.add_parser(name)
        s.add_argument('url')
        s.add_argument('user')
        s.add_argument('password')
        s.add_argument('--data')
        if name == 'requests':
            s.add_argument('--times', type=int, default=1)
            s.add_argument('--sleep', type=float, default=0)
        if name == 'raw':
            s.add_argument('--method')
            s.add_argument('--algorithm',
                           help='answer the challenge with this algorithm')
            s.add_argument('--hash-as',
                           help='compute with this hash whatever the label')
            s.add_argument('--qop', help='auth or auth-int')
            s.add_argument('--hash-body',
                           help='auth-int: hash this instead of the body')
            s.add_argument('--uri', help='uri directive (default: target)')
            s.add_argument('--opaque', help='send this opaque instead')
            s.add_argument('--username-star', action='store_true')
            s.add_argument('--userhash', action='store_true')
            s.add_argument('--bad-response', action='store_true')
            s.add_argument('--sleep', type=float, default=0,
                           help='seconds between challenge and answer')
            s.add_argument('--retry-stale', action='store_true')
            s.add_argument('--print', dest='print_only', action='store_true',
                           help='print the Authorization value, send nothing')
    a = p.parse_args()
    if a.client == 'urllib':
        return run_urllib(a)
    if a.client == 'requests':
        return run_requests(a)
    return run_raw(a)


if __name__ == '__main__':
    sys.exit(main())
