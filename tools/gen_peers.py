#!/usr/bin/env python3
"""Generate tests/vectors/http_peers.h from the captured HTTP exchanges.

Usage: python3 tools/gen_peers.py [HTTP_PEERS_MD [OUTPUT_H]]

HTTP_PEERS_MD defaults to ../shared/vectors/http-peers.md relative to the
repository root; OUTPUT_H to tests/vectors/http_peers.h.

The file is a list of blocks:

    ### server/setup <- client (test)[ - client FAILED here]
    user `U`, password `P`, outcome: pass|xfail
    ```http
    request / response messages, blank-line separated, headers verbatim
    ```
    - URI -> STATUS: response ... **matches** | does **not** match ...
      HA1=`..` HA2=`..` expected response=`..` [userhash=`..`] [- note]

One C entry is written per request that carries an Authorization header.
It records the challenge it answers: all WWW-Authenticate values of the
latest 401 seen before it in the block, in order.  Where its nonce came
from is in nonce_source: "challenge" (first use of a nonce of that 401),
"reuse" (a nonce of that 401 used again, nc > 1) or "nextnonce" (taken from
an earlier Authentication-Info).  The bullet lines are matched to the
requests in order and their URI and status are checked against the
messages; any line the parser does not understand stops the run.
"""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cgen import (Fields, c_bool, c_str, comment_safe,  # noqa: E402
                  display_path, file_sha256, repo_root, write_if_changed)


class PeerError(Exception):
    pass


RE_TITLE = re.compile(
    r'^### (?P<server>[^/]+)/(?P<setup>.+?) \u2190 (?P<client>\S+) '
    r'\((?P<test>[^)]+)\)(?P<tail>.*)$')
RE_USER = re.compile(
    r'^user `(?P<user>[^`]*)`, password `(?P<password>[^`]*)`, '
    r'outcome: (?P<outcome>\w+)$')
RE_REQUEST = re.compile(r'^(?P<method>[A-Z]+) (?P<target>\S+) HTTP/1\.[01]$')
RE_RESPONSE = re.compile(r'^HTTP/1\.[01] (?P<status>\d{3})(?: .*)?$')
RE_HEADER = re.compile(r'^(?P<name>[A-Za-z0-9-]+): (?P<value>.*)$')
RE_BULLET = re.compile(
    r'^- (?P<uri>\S+) \u2192 (?P<status>\d{3}): response '
    r'(?:(?P<yes>recomputed from the password \*\*matches\*\*)'
    r'|(?P<no>does \*\*not\*\* match the password))\. '
    r'HA1=`(?P<ha1>[0-9a-f]+)` HA2=`(?P<ha2>[0-9a-f]+)` '
    r'expected response=`(?P<response>[0-9a-f]+)`'
    r'(?: userhash=`(?P<userhash>[0-9a-f]+)`)?'
    r'(?: \u2014 (?P<note>.+))?$')

TCHAR = set('!#$%&\'*+-.^_`|~0123456789'
            'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')


def parse_params(text, where):
    """Parses `name=value, ...` (token or quoted-string values).

    Returns a list of (lower-cased name, unquoted value, quoted?)."""
    params = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in ' \t,':
            i += 1
        if i >= n:
            return params
        start = i
        while i < n and text[i] in TCHAR:
            i += 1
        name = text[start:i]
        while i < n and text[i] in ' \t':
            i += 1
        if not name or i >= n or text[i] != '=':
            raise PeerError('%s: cannot parse parameters at %r'
                            % (where, text[start:]))
        i += 1
        while i < n and text[i] in ' \t':
            i += 1
        if i < n and text[i] == '"':
            i += 1
            value = []
            while True:
                if i >= n:
                    raise PeerError('%s: unterminated quoted string' % where)
                ch = text[i]
                if ch == '\\' and i + 1 < n:
                    value.append(text[i + 1])
                    i += 2
                elif ch == '"':
                    i += 1
                    break
                else:
                    value.append(ch)
                    i += 1
            params.append((name.lower(), ''.join(value), True))
        else:
            start = i
            while i < n and text[i] not in ', \t':
                i += 1
            params.append((name.lower(), text[start:i], False))
        while i < n and text[i] in ' \t':
            i += 1
        if i < n and text[i] != ',':
            raise PeerError('%s: junk after parameter %s' % (where, name))


def parse_digest(value, where):
    """A `Digest ...` header value as a dict (one challenge/credentials)."""
    m = re.match(r'^Digest[ \t]+(.*)$', value, re.S)
    if not m:
        raise PeerError('%s: not a Digest value: %r' % (where, value))
    out = {}
    for name, val, _quoted in parse_params(m.group(1), where):
        if name in out:
            raise PeerError('%s: duplicate %s' % (where, name))
        out[name] = val
    return out


def parse_messages(lines, first_lineno, where):
    """The fenced http block as a list of messages.

    Each message: {'kind': 'request'|'response', 'line': n, 'start': m,
    'headers': [(name, value, lineno)], 'body': [lines]}."""
    msgs = []
    cur = None
    in_headers = False
    for k, line in enumerate(lines):
        lineno = first_lineno + k
        mreq = RE_REQUEST.match(line)
        mres = RE_RESPONSE.match(line)
        if mreq or mres:
            cur = {'kind': 'request' if mreq else 'response',
                   'line': lineno, 'match': mreq or mres,
                   'headers': [], 'body': []}
            msgs.append(cur)
            in_headers = True
            continue
        if cur is None:
            if line.strip():
                raise PeerError('%s:%d: text before the first message'
                                % (where, lineno))
            continue
        if not line.strip():
            in_headers = False
            continue
        if in_headers:
            mh = RE_HEADER.match(line)
            if not mh:
                raise PeerError('%s:%d: bad header line %r'
                                % (where, lineno, line))
            cur['headers'].append((mh.group('name'), mh.group('value'),
                                   lineno))
        else:
            cur['body'].append(line)
    return msgs


def header_values(msg, name):
    return [v for (n, v, _l) in msg['headers'] if n.lower() == name.lower()]


def is_stale(chal):
    return chal.get('stale', '').lower() == 'true'


def parse_block(block, path):
    """block: dict with title, lineno, lines.  Returns request entries."""
    where = '%s:%d' % (path, block['lineno'])
    mt = RE_TITLE.match(block['title'])
    if not mt:
        raise PeerError('%s: bad block title %r' % (where, block['title']))
    body = block['lines']

    user = None
    fence = []
    bullets = []
    state = 'head'
    fence_start = None
    for k, line in enumerate(body):
        lineno = block['lineno'] + 1 + k
        if state == 'head':
            mu = RE_USER.match(line)
            if mu:
                if user is not None:
                    raise PeerError('%s: two user lines' % where)
                user = mu
            elif line == '```http':
                state = 'fence'
                fence_start = lineno + 1
            elif line.strip():
                raise PeerError('%s:%d: unexpected %r' % (path, lineno, line))
        elif state == 'fence':
            if line == '```':
                state = 'tail'
            else:
                fence.append(line)
        else:
            if line.startswith('- '):
                mb = RE_BULLET.match(line)
                if not mb:
                    raise PeerError('%s:%d: bad bullet %r'
                                    % (path, lineno, line))
                bullets.append(mb)
            elif line.strip():
                raise PeerError('%s:%d: unexpected %r' % (path, lineno, line))
    if user is None or state != 'tail':
        raise PeerError('%s: incomplete block' % where)
    if user.group('outcome') not in ('pass', 'xfail'):
        raise PeerError('%s: unknown outcome' % where)

    msgs = parse_messages(fence, fence_start, path)
    entries = []
    latest = None          # (values, parsed challenges) of the latest 401
    used_nonces = set()
    nextnonces = set()
    for idx, msg in enumerate(msgs):
        if msg['kind'] == 'response':
            status = int(msg['match'].group('status'))
            if status == 401:
                values = header_values(msg, 'WWW-Authenticate')
                if not values:
                    raise PeerError('%s:%d: 401 without WWW-Authenticate'
                                    % (path, msg['line']))
                latest = (values, [parse_digest(v, '%s:%d' % (path, msg['line']))
                                   for v in values])
            for ai in header_values(msg, 'Authentication-Info'):
                m = re.search(r'nextnonce="([^"]*)"', ai)
                if m:
                    nextnonces.add(m.group(1))
            continue
        auth = header_values(msg, 'Authorization')
        if not auth:
            continue
        if len(auth) != 1:
            raise PeerError('%s:%d: several Authorization headers'
                            % (path, msg['line']))
        if latest is None:
            raise PeerError('%s:%d: Authorization before any 401'
                            % (path, msg['line']))
        aline = [l for (n, _v, l) in msg['headers']
                 if n.lower() == 'authorization'][0]
        cred = parse_digest(auth[0], '%s:%d' % (path, aline))
        # The response that follows this request.
        resp = None
        for later in msgs[idx + 1:]:
            if later['kind'] == 'response':
                resp = later
                break
            raise PeerError('%s:%d: request not followed by a response'
                            % (path, msg['line']))
        if resp is None:
            raise PeerError('%s:%d: no response' % (path, msg['line']))
        ainfo = header_values(resp, 'Authentication-Info')
        if len(ainfo) > 1:
            raise PeerError('%s:%d: several Authentication-Info'
                            % (path, resp['line']))

        nonce = cred.get('nonce')
        chal_nonces = [c.get('nonce') for c in latest[1]]
        if nonce in chal_nonces:
            chal_index = chal_nonces.index(nonce)
            source = 'reuse' if nonce in used_nonces else 'challenge'
        elif nonce in nextnonces:
            chal_index = -1
            source = 'nextnonce'
        else:
            raise PeerError('%s:%d: nonce of unknown origin' % (path, aline))
        used_nonces.add(nonce)
        for key in ('realm', 'uri', 'response', 'nonce'):
            if key not in cred:
                raise PeerError('%s:%d: Authorization lacks %s'
                                % (path, aline, key))
        if cred['uri'] != msg['match'].group('target'):
            raise PeerError('%s:%d: uri differs from the request line'
                            % (path, aline))
        entries.append({
            'title': block['title'][4:],
            'server': mt.group('server'),
            'setup': mt.group('setup'),
            'client': mt.group('client'),
            'test': mt.group('test'),
            'outcome': user.group('outcome'),
            'user': user.group('user'),
            'password': user.group('password'),
            'challenge': latest[0],
            'challenge_stale': any(is_stale(c) for c in latest[1]),
            'challenge_index': chal_index,
            'nonce_source': source,
            'method': msg['match'].group('method'),
            'uri': msg['match'].group('target'),
            'authorization': auth[0],
            'line': aline,
            'cred': cred,
            'status': int(resp['match'].group('status')),
            'authentication_info': ainfo[0] if ainfo else None,
        })

    if len(bullets) != len(entries):
        raise PeerError('%s: %d bullet lines for %d Authorization requests'
                        % (where, len(bullets), len(entries)))
    for e, b in zip(entries, bullets):
        if b.group('uri') != e['uri'] or int(b.group('status')) != e['status']:
            raise PeerError('%s: bullet %r does not fit request at line %d'
                            % (where, b.group(0), e['line']))
        e['ha1'] = b.group('ha1')
        e['ha2'] = b.group('ha2')
        e['expected_response'] = b.group('response')
        e['matches'] = b.group('yes') is not None
        e['expected_userhash'] = b.group('userhash')
        e['verdict_note'] = b.group('note')
        if e['matches'] != (e['cred']['response'] == e['expected_response']):
            raise PeerError('%s: "matches" disagrees with the response sent '
                            '(line %d)' % (where, e['line']))
    for i, e in enumerate(entries):
        e['request_index'] = i
    return entries


def split_blocks(text, path):
    lines = text.split('\n')
    blocks = []
    cur = None
    for k, line in enumerate(lines):
        if line.startswith('### '):
            cur = {'title': line, 'lineno': k + 1, 'lines': []}
            blocks.append(cur)
        elif line.startswith('#') and not line.startswith('# '):
            raise PeerError('%s:%d: unexpected heading' % (path, k + 1))
        elif cur is not None:
            cur['lines'].append(line)
    return blocks


STRUCT = '''\
/* One request with an Authorization header, in file order.  Strings are
   UTF-8 C literals; absent values are NULL. */
struct dss_peer_request {
\tconst char *title;          /* block title: "server/setup <- client (test)..." */
\tconst char *server;         /* apache, lighttpd, mhd */
\tconst char *server_setup;   /* e.g. "MD5", "SHA-256,MD5 (2 challenges)" */
\tconst char *client;         /* curl, urllib, requests, raw */
\tconst char *test;           /* get, query, post, utf8, reuse, stale */
\tconst char *outcome;        /* "pass" or "xfail" (the client failed) */
\tunsigned block_index;       /* 0-based block number */
\tunsigned request_index;     /* 0-based among the block's Authorization requests */
\tunsigned line;              /* line of the Authorization header in the .md */
\tconst char *user;
\tsize_t user_len;
\tconst char *password;
\tsize_t password_len;
\t/* The 401 this request answers: every WWW-Authenticate value of the
\t   latest 401 before it in the block, verbatim, in order. */
\tconst char *challenge[DSS_PEER_MAX_CHALLENGES];
\tsize_t challenge_count;
\tint challenge_stale;         /* that 401 carried stale=true */
\tint challenge_index;         /* challenge value whose nonce was used, -1: none */
\tconst char *nonce_source;    /* "challenge", "reuse" or "nextnonce" */
\tconst char *method;          /* request line */
\tconst char *uri;             /* request-target */
\tconst char *authorization;   /* Authorization value sent, verbatim ("Digest ...") */
\t/* Directives of that Authorization (unquoted; NULL when not sent) */
\tconst char *username;
\tsize_t username_len;
\tconst char *username_star;
\tconst char *realm;
\tconst char *nonce;
\tconst char *cnonce;
\tconst char *nc;
\tconst char *qop;
\tconst char *algorithm;
\tconst char *opaque;
\tconst char *userhash;
\tconst char *response;        /* as sent by the client */
\tint status;                  /* server verdict: 200 or 401 */
\t/* Recomputed by the capture's author from the password (bullet line) */
\tconst char *expected_ha1;
\tconst char *expected_ha2;
\tconst char *expected_response;
\tconst char *expected_userhash;  /* NULL unless given */
\tint matches;                 /* the response sent equals expected_response */
\tconst char *verdict_note;    /* remark after the dash, or NULL */
\tconst char *authentication_info; /* Authentication-Info of the answer, or NULL */
};'''

CRED_KEYS = ('username', 'username*', 'realm', 'nonce', 'uri', 'cnonce', 'nc',
             'qop', 'algorithm', 'opaque', 'userhash', 'response')


def generate(text, src, command):
    blocks = split_blocks(text, display_path(src))
    if not blocks:
        raise PeerError('no blocks')
    entries = []
    for bi, block in enumerate(blocks):
        block_entries = parse_block(block, display_path(src))
        if not block_entries:
            raise PeerError('block %r has no Authorization' % block['title'])
        for e in block_entries:
            e['block_index'] = bi
        entries.extend(block_entries)

    max_chal = max(len(e['challenge']) for e in entries)
    n_first = sum(1 for e in entries if e['request_index'] == 0)
    n_stale = sum(1 for e in entries
                  if e['challenge_stale'] and e['nonce_source'] == 'challenge')
    by_source = {}
    for e in entries:
        by_source[e['nonce_source']] = by_source.get(e['nonce_source'], 0) + 1

    out = []
    for e in entries:
        unknown = sorted(set(e['cred']) - set(CRED_KEYS))
        if unknown:
            raise PeerError('line %d: unknown directives %s'
                            % (e['line'], unknown))
        f = Fields()
        f.str('title', e['title'])
        f.str('server', e['server'])
        f.str('server_setup', e['setup'])
        f.str('client', e['client'])
        f.str('test', e['test'])
        f.str('outcome', e['outcome'])
        f.raw('block_index', '%du' % e['block_index'])
        f.raw('request_index', '%du' % e['request_index'])
        f.raw('line', '%du' % e['line'])
        f.text('user', e['user'])
        f.text('password', e['password'])
        f.raw('challenge', '{\n%s\n\t\t}' % '\n'.join(
            '\t\t\t%s,' % c_str(c) for c in e['challenge']))
        f.raw('challenge_count', '%d' % len(e['challenge']))
        f.raw('challenge_stale', c_bool(e['challenge_stale']))
        f.raw('challenge_index', '%d' % e['challenge_index'])
        f.str('nonce_source', e['nonce_source'])
        f.str('method', e['method'])
        f.str('uri', e['uri'])
        f.str('authorization', e['authorization'])
        cred = e['cred']
        f.text('username', cred.get('username'))
        f.str('username_star', cred.get('username*'))
        for key in ('realm', 'nonce', 'cnonce', 'nc', 'qop', 'algorithm',
                    'opaque', 'userhash', 'response'):
            f.str(key, cred.get(key))
        f.raw('status', '%d' % e['status'])
        f.str('expected_ha1', e['ha1'])
        f.str('expected_ha2', e['ha2'])
        f.str('expected_response', e['expected_response'])
        f.str('expected_userhash', e['expected_userhash'])
        f.raw('matches', c_bool(e['matches']))
        f.str('verdict_note', e['verdict_note'])
        f.str('authentication_info', e['authentication_info'])
        out.append('\t{ /* %s, request %d */\n%s\n\t},'
                   % (comment_safe(e['title']), e['request_index'] + 1,
                      f.render()))

    guard = 'DSS_TESTS_HTTP_PEERS_H'
    head = [
        '/*',
        ' * GENERATED FILE - do not edit.',
        ' *',
        ' * Generated by: %s' % command,
        ' * From: %s (sha256 %s)' % (display_path(src), file_sha256(src)),
        ' *',
        ' * Real HTTP Digest exchanges (Apache, lighttpd, libmicrohttpd',
        ' * servers; curl, urllib, requests and hand-written clients): one',
        ' * entry per request that carries an Authorization header.',
        ' *',
        ' * Blocks: %d; Authorization requests: %d (first of a block: %d;'
        % (len(blocks), len(entries), n_first),
        ' * answering a stale=true challenge: %d; nonce source: %s).'
        % (n_stale, ', '.join('%s %d' % (k, by_source[k])
                              for k in sorted(by_source))),
        ' */',
        '#ifndef %s' % guard,
        '#define %s' % guard,
        '',
        '#include <stddef.h>',
        '',
        '#if defined(__GNUC__) || defined(__clang__)',
        '#define DSS_PEER_UNUSED __attribute__((unused))',
        '#else',
        '#define DSS_PEER_UNUSED',
        '#endif',
        '',
        '#define DSS_PEER_MAX_CHALLENGES %d' % max_chal,
        '#define DSS_PEER_BLOCK_COUNT %d' % len(blocks),
        '#define DSS_PEER_REQUEST_COUNT %d' % len(entries),
        '',
        STRUCT,
        '',
        'static const struct dss_peer_request dss_peer_requests[] '
        'DSS_PEER_UNUSED = {',
    ]
    return ('\n'.join(head) + '\n' + '\n'.join(out) + '\n};\n\n#endif /* %s */\n'
            % guard, len(blocks), len(entries), n_first, n_stale)


def main(argv):
    root = repo_root()
    src = argv[1] if len(argv) > 1 else os.path.join(
        root, '..', 'shared', 'vectors', 'http-peers.md')
    dst = argv[2] if len(argv) > 2 else os.path.join(
        root, 'tests', 'vectors', 'http_peers.h')
    with open(src, 'rb') as f:
        text = f.read().decode('utf-8')
    command = 'python3 tools/gen_peers.py %s' % display_path(src)
    try:
        out, nb, nr, nf, ns = generate(text, src, command)
    except PeerError as e:
        sys.stderr.write('gen_peers.py: %s\n' % e)
        return 1
    changed = write_if_changed(dst, out)
    sys.stdout.write('%s %s: %d blocks, %d requests (%d first, %d stale)\n'
                     % ('wrote' if changed else 'unchanged', display_path(dst),
                        nb, nr, nf, ns))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
