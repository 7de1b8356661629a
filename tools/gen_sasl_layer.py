#!/usr/bin/env python3
"""Generate tests/vectors/sasl_layer_vectors.h: SASL DIGEST-MD5 security
layer vectors for tests/unit/test_seclayer.c.

Usage:
  python3 tools/gen_sasl_layer.py [VECTORS_JSON [SASL_LAYER_JSON [OUTPUT_H]]]

Defaults (relative to the repository root):
  VECTORS_JSON     ../shared/spec/vectors.json
                   kinds sasl_layer, sasl_observed_session,
                   primitive_des_ecb, primitive_rc4, primitive_hmac_md5,
                   des_key_expand, and the keys listed by the sasl_digest
                   cases that carry them (rfc2831-4-imap)
  SASL_LAYER_JSON  ../shared/vectors/sasl-layer.json
                   complete Cyrus SASL 2.1.28 sessions, every frame
  OUTPUT_H         tests/vectors/sasl_layer_vectors.h

Sessions of both files become one table of `struct dss_slvec_session`,
each with its id, origin and source.  Messages are listed in the order
they were sent; vectors.json lists each direction apart, so its messages
are interleaved c2s, s2c, c2s, ... (the directions are independent, only
the order within a direction matters).

Nothing is computed here but strings: H(A1), keys and frames are left to
the C test.  The one derived input is `urp`, the exact octets of
user ":" realm ":" password that go into MD5: each of the three strings
is converted to ISO-8859-1 when all its characters fit (the Cyrus rule,
protocol.md B.5.3); sasl-layer.json records the same octets and the
script checks that they agree.

Output is deterministic.  Python 3 standard library only.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cgen import (Fields, comment_safe, display_path,  # noqa: E402
                  file_sha256, repo_root, write_if_changed)

PREFIX = 'dss_slvec'


class VectorError(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise VectorError(msg)


def check_keys(where, obj, allowed):
    unknown = sorted(set(obj) - set(allowed))
    need(not unknown, '%s: unknown keys %s' % (where, unknown))


def is_hex(s, n=None):
    return (isinstance(s, str) and re.fullmatch('[0-9a-f]*', s) is not None
            and len(s) % 2 == 0 and (n is None or len(s) == 2 * n))


# --------------------------------------------------------------------------
# DIGEST-MD5 directive lists (only to pull nonce, cnonce, ... out of the
# recorded challenge and response strings)

_TOKEN = r'[^\s",=]+'


def parse_directives(text):
    """name=value pairs of a digest-challenge / digest-response."""
    out = {}
    pos = 0
    rx = re.compile(r'\s*(%s)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(%s))\s*(,|$)'
                    % (_TOKEN, _TOKEN))
    while pos < len(text):
        m = rx.match(text, pos)
        need(m is not None, 'cannot parse directive list at %r'
             % text[pos:pos + 20])
        name = m.group(1).lower()
        value = m.group(2)
        if value is not None:
            value = re.sub(r'\\(.)', r'\1', value)
        else:
            value = m.group(3)
        need(name not in out, 'duplicate directive %s' % name)
        out[name] = value
        pos = m.end()
    return out


def cyrus_octets(s):
    """A string as Cyrus hashes it: ISO-8859-1 when it fits, else UTF-8."""
    if all(ord(ch) < 0x100 for ch in s):
        return s.encode('latin-1')
    return s.encode('utf-8')


def urp_of(user, realm, password):
    return (cyrus_octets(user) + b':' + cyrus_octets(realm) + b':' +
            cyrus_octets(password))


# --------------------------------------------------------------------------
# Output

class Output:
    def __init__(self):
        self.parts = []

    def add(self, text):
        self.parts.append(text)


def emit_array(out, name, struct, entries, count_macro=True):
    lines = []
    if count_macro:
        lines.append('#define %s_COUNT %d' % (name.upper(), len(entries)))
    lines.append('static const struct %s %s[] DSS_SLVEC_UNUSED = {'
                 % (struct, name))
    for comment, f in entries:
        lines.append('\t{ /* %s */' % comment_safe(comment))
        lines.append(f.render())
        lines.append('\t},')
    lines.append('};')
    out.add('\n'.join(lines))


COMMON_DECL = '''\
\tconst char *id;
\tconst char *origin; /* vectors.json "origin"; observed for sasl-layer.json */
\tconst char *source; /* where the values come from */'''

TYPES = '''\
/* Known answers for the primitives, through src/crypto's wrappers. */
struct dss_slvec_des_ecb {
%(common)s
\tconst char *key_hex;
\tconst char *plaintext_hex;
\tconst char *ciphertext_hex;
};

struct dss_slvec_rc4 {
%(common)s
\tconst char *key;
\tsize_t key_len;
\tconst char *plaintext;
\tsize_t plaintext_len;
\tconst char *ciphertext_hex;
};

/* The key is given either as text (key/key_len) or as hex (key_hex);
   the other one is NULL. */
struct dss_slvec_hmac_md5 {
%(common)s
\tconst char *key;
\tsize_t key_len;
\tconst char *key_hex;
\tconst char *message;
\tsize_t message_len;
\tconst char *mac_hex;
};

/* 7-byte to 8-byte DES key expansion with odd parity. */
struct dss_slvec_des_key_expand {
%(common)s
\tconst char *key7_hex;
\tconst char *key8_hex;
};

/* Every key derived from one H(A1) (vectors.json sasl_digest cases that
   list them).  kcc_n16/kcs_n16 serve rc4, des and 3des; des and 3des
   keys are after expansion with odd parity; cbc_iv = Kc[8..15]. */
struct dss_slvec_keys {
%(common)s
\tconst char *ha1_hex;
\tconst char *kic;
\tconst char *kis;
\tconst char *kcc_rc4_40;
\tconst char *kcs_rc4_40;
\tconst char *kcc_rc4_56;
\tconst char *kcs_rc4_56;
\tconst char *kcc_n16;
\tconst char *kcs_n16;
\tconst char *des_key_c2s;
\tconst char *des_key_s2c;
\tconst char *des3_k1_c2s;
\tconst char *des3_k2_c2s;
\tconst char *des3_k1_s2c;
\tconst char *des3_k2_s2c;
\tconst char *cbc_iv_c2s;
\tconst char *cbc_iv_s2c;
};

/* One message of a session, in the order it was sent. */
struct dss_slvec_msg {
\tint c2s;                /* 1: client to server, 0: server to client */
\tuint32_t seq;           /* the sender's sequence number */
\tconst char *plain_hex;  /* the message */
\tconst char *wire_hex;   /* the whole frame, 4-byte length included */
\tint pad_len;            /* recorded des/3des padding, -1 when not given */
\tconst char *mac10_hex;  /* recorded MAC, or NULL */
};

/* A session: H(A1) (recorded, or from the inputs: SS = MD5(urp),
   H(A1) = MD5(SS ":" nonce ":" cnonce [":" authzid])), the keys when
   recorded, and every message.  Absent values are NULL. */
struct dss_slvec_session {
%(common)s
\tconst char *file;       /* input file: vectors.json or sasl-layer.json */
\tconst char *note;
\tconst char *qop;        /* auth-int or auth-conf */
\tconst char *cipher;     /* NULL for auth-int */
\tconst char *ha1_hex;    /* recorded H(A1), or NULL */
\tconst char *urp;        /* octets of user:realm:password hashed */
\tsize_t urp_len;
\tconst char *secret_hex; /* recorded SS, or NULL */
\tconst char *nonce;
\tconst char *cnonce;
\tconst char *authzid;
\tconst char *nc;
\tconst char *digest_uri;
\tconst char *response;   /* recorded response (hex), or NULL */
\tconst char *rspauth;    /* recorded rspauth (hex), or NULL */
\tconst char *kic;        /* recorded keys (hex), or NULL */
\tconst char *kis;
\tconst char *kcc;
\tconst char *kcs;
\tconst struct dss_slvec_msg *msgs;
\tsize_t msg_count;
};''' % {'common': COMMON_DECL}


def common(f, case):
    for key in ('id', 'origin', 'source'):
        need(isinstance(case.get(key), str) and case[key],
             'case %r lacks %s' % (case.get('id'), key))
    f.str('id', case['id'])
    f.str('origin', case['origin'])
    f.str('source', case['source'])


CASE_KEYS = ('id', 'kind', 'origin', 'source', 'note', 'source_fields',
             'inputs', 'expected', 'messages')


# --------------------------------------------------------------------------
# Primitive kinds

def gen_des_ecb(out, cases):
    entries = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        check_keys(c['id'], c['inputs'], ('key_hex', 'plaintext_hex'))
        check_keys(c['id'], c['expected'], ('ciphertext_hex',))
        f = Fields()
        common(f, c)
        f.str('key_hex', c['inputs']['key_hex'])
        f.str('plaintext_hex', c['inputs']['plaintext_hex'])
        f.str('ciphertext_hex', c['expected']['ciphertext_hex'])
        entries.append((c['id'], f))
    emit_array(out, PREFIX + '_des_ecb', PREFIX + '_des_ecb', entries)


def gen_rc4(out, cases):
    entries = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        check_keys(c['id'], c['inputs'], ('key', 'plaintext'))
        check_keys(c['id'], c['expected'], ('ciphertext_hex',))
        f = Fields()
        common(f, c)
        f.text('key', c['inputs']['key'])
        f.text('plaintext', c['inputs']['plaintext'])
        f.str('ciphertext_hex', c['expected']['ciphertext_hex'])
        entries.append((c['id'], f))
    emit_array(out, PREFIX + '_rc4', PREFIX + '_rc4', entries)


def gen_hmac_md5(out, cases):
    entries = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        inp = c['inputs']
        check_keys(c['id'], inp, ('key', 'key_hex', 'message'))
        check_keys(c['id'], c['expected'], ('mac_hex',))
        need(('key' in inp) != ('key_hex' in inp),
             '%s: need exactly one of key, key_hex' % c['id'])
        f = Fields()
        common(f, c)
        f.text('key', inp.get('key'))
        f.str('key_hex', inp.get('key_hex'))
        f.text('message', inp['message'])
        f.str('mac_hex', c['expected']['mac_hex'])
        entries.append((c['id'], f))
    emit_array(out, PREFIX + '_hmac_md5', PREFIX + '_hmac_md5', entries)


def gen_des_key_expand(out, cases):
    entries = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        check_keys(c['id'], c['inputs'], ('key7_hex',))
        check_keys(c['id'], c['expected'], ('key8_hex',))
        need(is_hex(c['inputs']['key7_hex'], 7), c['id'])
        need(is_hex(c['expected']['key8_hex'], 8), c['id'])
        f = Fields()
        common(f, c)
        f.str('key7_hex', c['inputs']['key7_hex'])
        f.str('key8_hex', c['expected']['key8_hex'])
        entries.append((c['id'], f))
    emit_array(out, PREFIX + '_des_key_expand', PREFIX + '_des_key_expand',
               entries)


KEY_FIELDS = [
    ('kic', 'kic'), ('kis', 'kis'),
    ('kcc_rc4_40', 'kcc_rc4_40'), ('kcs_rc4_40', 'kcs_rc4_40'),
    ('kcc_rc4_56', 'kcc_rc4_56'), ('kcs_rc4_56', 'kcs_rc4_56'),
    ('kcc_n16', 'kcc_n16'), ('kcs_n16', 'kcs_n16'),
    ('des_key_c2s', 'des_key_c2s'), ('des_key_s2c', 'des_key_s2c'),
    ('des3_k1_c2s', '3des_k1_c2s'), ('des3_k2_c2s', '3des_k2_c2s'),
    ('des3_k1_s2c', '3des_k1_s2c'), ('des3_k2_s2c', '3des_k2_s2c'),
    ('cbc_iv_c2s', 'cbc_iv_c2s'), ('cbc_iv_s2c', 'cbc_iv_s2c'),
]


def gen_keys(out, cases):
    entries = []
    for c in cases:
        exp = c['expected']
        f = Fields()
        common(f, c)
        need(is_hex(exp.get('ha1_hex'), 16), '%s: ha1_hex' % c['id'])
        f.str('ha1_hex', exp['ha1_hex'])
        for cname, jname in KEY_FIELDS:
            need(jname in exp, '%s lacks %s' % (c['id'], jname))
            need(is_hex(exp[jname]), '%s: %s' % (c['id'], jname))
            f.str(cname, exp[jname])
        entries.append((c['id'], f))
    need(entries, 'no sasl_digest case lists the layer keys')
    emit_array(out, PREFIX + '_keys', PREFIX + '_keys', entries)


# --------------------------------------------------------------------------
# Sessions

CIPHERS = (None, 'rc4-40', 'rc4-56', 'rc4', 'des', '3des')


def msg_fields(c2s, seq, plain, wire, pad_len=None, mac10=None):
    need(is_hex(plain) and is_hex(wire), 'message hex')
    need(len(wire) >= 8 and int(wire[:8], 16) == len(wire) // 2 - 4,
         'frame length prefix does not match the frame')
    need(wire[-12:] == '0001%08x' % seq, 'frame trailer does not carry '
         'type 1 and sequence number %d' % seq)
    f = Fields('\t\t')
    f.raw('c2s', '1' if c2s else '0')
    f.raw('seq', '%du' % seq)
    f.str('plain_hex', plain)
    f.str('wire_hex', wire)
    f.raw('pad_len', '%d' % (-1 if pad_len is None else pad_len))
    f.str('mac10_hex', mac10)
    return f


def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        if i < len(a):
            out.append(a[i])
        if i < len(b):
            out.append(b[i])
    return out


def emit_msgs(out, ident, msgs):
    name = '%s_msgs_%s' % (PREFIX, ident)
    lines = ['static const struct %s_msg %s[] DSS_SLVEC_UNUSED = {'
             % (PREFIX, name)]
    for comment, f in msgs:
        lines.append('\t{ /* %s */' % comment)
        lines.append(f.render())
        lines.append('\t},')
    lines.append('};')
    out.add('\n'.join(lines))
    return name, len(msgs)


def c_ident(text):
    return ''.join(ch if ch.isalnum() and ch.isascii() else '_'
                   for ch in text)


def session_fields(f, ident, qop, cipher):
    need(qop in ('auth-int', 'auth-conf'), '%s: qop %r' % (ident, qop))
    need(cipher in CIPHERS, '%s: cipher %r' % (ident, cipher))
    need((qop == 'auth-int') == (cipher is None),
         '%s: cipher and qop disagree' % ident)
    f.str('qop', qop)
    f.str('cipher', cipher)


def gen_sasl_layer(out, cases, file_label):
    """vectors.json kind sasl_layer: H(A1) given, messages per direction."""
    sessions = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        inp, exp = c['inputs'], c['expected']
        check_keys(c['id'], inp, (
            'ha1_hex', 'qop', 'cipher', 'client_to_server',
            'client_to_server_hex', 'server_to_client',
            'server_to_client_hex'))
        check_keys(c['id'], exp, ('client_to_server', 'server_to_client'))
        lists = []
        for direction, c2s in (('client_to_server', True),
                               ('server_to_client', False)):
            plains = inp[direction + '_hex']
            need(len(plains) == len(inp[direction]) == len(exp[direction]),
                 '%s: %s lengths' % (c['id'], direction))
            msgs = []
            for i, (txt, ph, e) in enumerate(zip(inp[direction], plains,
                                                 exp[direction])):
                check_keys(c['id'], e, ('seq', 'mac10', 'pad_len', 'frame'))
                need(txt.encode('utf-8').hex() == ph,
                     '%s: text and hex differ' % c['id'])
                need(e['seq'] == i, '%s: sequence numbers' % c['id'])
                f = msg_fields(c2s, e['seq'], ph, e['frame'],
                               e['pad_len'], e['mac10'])
                msgs.append(('%s %d' % ('c2s' if c2s else 's2c', i), f))
            lists.append(msgs)
        ident = c_ident(c['id'])
        name, count = emit_msgs(out, ident, interleave(*lists))
        f = Fields()
        common(f, c)
        f.str('file', file_label)
        f.str('note', c.get('note'))
        session_fields(f, c['id'], inp['qop'], inp['cipher'])
        need(is_hex(inp['ha1_hex'], 16), '%s: ha1_hex' % c['id'])
        f.str('ha1_hex', inp['ha1_hex'])
        f.raw('msgs', name)
        f.raw('msg_count', '%d' % count)
        sessions.append((c['id'], f))
    return sessions


def gen_observed(out, cases, file_label):
    """vectors.json kind sasl_observed_session: inputs and Cyrus frames."""
    sessions = []
    for c in cases:
        check_keys(c['id'], c, CASE_KEYS)
        inp, exp = c['inputs'], c['expected']
        check_keys(c['id'], inp, (
            'username', 'password', 'realm', 'service', 'host', 'challenge',
            'response', 'client_to_server', 'server_to_client'))
        check_keys(c['id'], exp, ('final', 'client_to_server_frames',
                                  'server_to_client_frames'))
        ch = parse_directives(inp['challenge'])
        rs = parse_directives(inp['response'])
        fin = parse_directives(exp['final'])
        need(rs['nonce'] == ch['nonce'], '%s: nonce' % c['id'])
        need(rs['username'] == inp['username'], '%s: username' % c['id'])
        need(rs['realm'] == inp['realm'], '%s: realm' % c['id'])
        need(rs['digest-uri'] == inp['service'] + '/' + inp['host'],
             '%s: digest-uri' % c['id'])
        lists = []
        for direction, c2s in (('client_to_server', True),
                               ('server_to_client', False)):
            frames = exp[direction + '_frames']
            need(len(frames) == len(inp[direction]),
                 '%s: %s lengths' % (c['id'], direction))
            msgs = []
            for i, (txt, wire) in enumerate(zip(inp[direction], frames)):
                f = msg_fields(c2s, i, txt.encode('utf-8').hex(), wire)
                msgs.append(('%s %d' % ('c2s' if c2s else 's2c', i), f))
            lists.append(msgs)
        ident = c_ident(c['id'])
        name, count = emit_msgs(out, ident, interleave(*lists))
        f = Fields()
        common(f, c)
        f.str('file', file_label)
        f.str('note', c.get('note'))
        session_fields(f, c['id'], rs['qop'], rs.get('cipher'))
        f.text('urp', urp_of(inp['username'], inp['realm'], inp['password']))
        f.str('nonce', rs['nonce'])
        f.str('cnonce', rs['cnonce'])
        f.str('authzid', rs.get('authzid'))
        f.str('nc', rs['nc'])
        f.str('digest_uri', rs['digest-uri'])
        f.str('response', rs['response'])
        f.str('rspauth', fin['rspauth'])
        f.raw('msgs', name)
        f.raw('msg_count', '%d' % count)
        sessions.append((c['id'], f))
    return sessions


SL_CASE_KEYS = (
    'name', 'note', 'user', 'password', 'realm', 'authzid', 'service',
    'host', 'digest_uri', 'challenge', 'response', 'final', 'nonce',
    'cnonce', 'nc', 'qop', 'cipher', 'charset_in_response',
    'client_maxbuf', 'server_maxbuf', 'client_maxoutbuf',
    'server_maxoutbuf', 'ssf', 'derived', 'messages')


def gen_cyrus_file(out, doc, file_label):
    """sasl-layer.json: complete Cyrus sessions with derived keys."""
    need(doc.get('format') == 'digestssp-sasl-layer-vectors/1',
         'unknown sasl-layer.json format %r' % doc.get('format'))
    source = doc['generator']
    sessions = []
    for c in doc['cases']:
        check_keys(c['name'], c, SL_CASE_KEYS)
        d = c['derived']
        check_keys(c['name'], d, ('urp_hashed', 'secret', 'ha1', 'kic',
                                  'kis', 'kcc', 'kcs'))
        urp = urp_of(c['user'], c['realm'], c['password'])
        need(urp.hex() == d['urp_hashed'],
             '%s: urp_hashed differs from the Cyrus conversion' % c['name'])
        rs = parse_directives(c['response'])
        need(rs['nonce'] == c['nonce'] and rs['cnonce'] == c['cnonce'] and
             rs['nc'] == c['nc'] and rs['qop'] == c['qop'] and
             rs['digest-uri'] == c['digest_uri'] and
             rs.get('cipher') == c['cipher'] and
             rs.get('authzid') == c['authzid'],
             '%s: response and fields disagree' % c['name'])
        msgs = []
        seqs = {True: 0, False: 0}
        for m in c['messages']:
            check_keys(c['name'], m, ('dir', 'seq', 'plaintext', 'wire'))
            need(m['dir'] in ('c2s', 's2c'), '%s: dir' % c['name'])
            c2s = m['dir'] == 'c2s'
            need(m['seq'] == seqs[c2s], '%s: sequence numbers' % c['name'])
            seqs[c2s] += 1
            f = msg_fields(c2s, m['seq'], m['plaintext'], m['wire'])
            msgs.append(('%s %d' % (m['dir'], m['seq']), f))
        ident = c_ident(c['name'])
        name, count = emit_msgs(out, ident, msgs)
        f = Fields()
        f.str('id', c['name'])
        f.str('origin', 'observed')
        f.str('source', source)
        f.str('file', file_label)
        f.str('note', c.get('note'))
        session_fields(f, c['name'], c['qop'], c['cipher'])
        f.str('ha1_hex', d['ha1'])
        f.text('urp', urp)
        f.str('secret_hex', d['secret'])
        f.str('nonce', c['nonce'])
        f.str('cnonce', c['cnonce'])
        f.str('authzid', c['authzid'])
        f.str('nc', c['nc'])
        f.str('digest_uri', c['digest_uri'])
        f.str('response', rs['response'])
        f.str('rspauth', parse_directives(c['final'])['rspauth'])
        for k in ('kic', 'kis', 'kcc', 'kcs'):
            need(is_hex(d[k], 16), '%s: %s' % (c['name'], k))
            f.str(k, d[k])
        f.raw('msgs', name)
        f.raw('msg_count', '%d' % count)
        sessions.append((c['name'], f))
    return sessions


# --------------------------------------------------------------------------

def generate(doc, cyrus, vec_path, cyrus_path, command):
    need(doc.get('format') == 'digestssp-vectors-1',
         'unknown vectors.json format %r' % doc.get('format'))
    cases = doc['cases']

    def kind(k):
        sel = [c for c in cases if c.get('kind') == k]
        need(sel, 'no cases of kind %s' % k)
        return sel

    out = Output()
    counts = []
    for k, fn in (('primitive_des_ecb', gen_des_ecb),
                  ('primitive_rc4', gen_rc4),
                  ('primitive_hmac_md5', gen_hmac_md5),
                  ('des_key_expand', gen_des_key_expand)):
        sel = kind(k)
        fn(out, sel)
        counts.append((k, len(sel)))
    keyed = [c for c in cases if c.get('kind') == 'sasl_digest' and
             'kic' in c.get('expected', {})]
    gen_keys(out, keyed)
    counts.append(('sasl_digest (keys)', len(keyed)))

    vec_label = os.path.basename(vec_path)
    cyrus_label = os.path.basename(cyrus_path)
    sessions = []
    sel = kind('sasl_layer')
    sessions += gen_sasl_layer(out, sel, vec_label)
    counts.append(('sasl_layer', len(sel)))
    sel = kind('sasl_observed_session')
    sessions += gen_observed(out, sel, vec_label)
    counts.append(('sasl_observed_session', len(sel)))
    cy = gen_cyrus_file(out, cyrus, cyrus_label)
    sessions += cy
    counts.append(('%s cases' % cyrus_label, len(cy)))
    emit_array(out, PREFIX + '_sessions', PREFIX + '_session', sessions)

    head = [
        '/*',
        ' * GENERATED FILE - do not edit.',
        ' *',
        ' * Generated by: %s' % command,
        ' * From: %s (sha256 %s)' % (display_path(vec_path),
                                    file_sha256(vec_path)),
        ' *       %s (sha256 %s)' % (display_path(cyrus_path),
                                    file_sha256(cyrus_path)),
        ' *',
        ' * SASL DIGEST-MD5 security-layer vectors (protocol.md B.8, B.9):',
        ' * primitive known answers, the keys of one H(A1), and complete',
        ' * sessions whose every frame a sender must reproduce and a',
        ' * receiver must accept.  Every entry keeps its id, its origin and',
        ' * its source.  Byte strings are lower-case hex; absent values are',
        ' * NULL.',
        ' *',
        ' * Entries:',
    ]
    for k, n in counts:
        head.append(' *   %-28s %d' % (k, n))
    guard = 'DSS_TESTS_SASL_LAYER_VECTORS_H'
    head += [' */', '#ifndef %s' % guard, '#define %s' % guard, '',
             '#include <stddef.h>', '#include <stdint.h>', '',
             '#if defined(__GNUC__) || defined(__clang__)',
             '#define DSS_SLVEC_UNUSED __attribute__((unused))',
             '#else', '#define DSS_SLVEC_UNUSED', '#endif', '']
    body = TYPES + '\n\n' + '\n\n'.join(out.parts)
    return '\n'.join(head) + '\n' + body + '\n\n#endif /* %s */\n' % guard


def main(argv):
    root = repo_root()
    vec = argv[1] if len(argv) > 1 else os.path.join(
        root, '..', 'shared', 'spec', 'vectors.json')
    cyr = argv[2] if len(argv) > 2 else os.path.join(
        root, '..', 'shared', 'vectors', 'sasl-layer.json')
    dst = argv[3] if len(argv) > 3 else os.path.join(
        root, 'tests', 'vectors', 'sasl_layer_vectors.h')
    with open(vec, 'rb') as f:
        doc = json.loads(f.read().decode('utf-8'))
    with open(cyr, 'rb') as f:
        cyrus = json.loads(f.read().decode('utf-8'))
    command = 'python3 tools/gen_sasl_layer.py %s %s' % (
        display_path(vec), display_path(cyr))
    try:
        text = generate(doc, cyrus, vec, cyr, command)
    except (VectorError, KeyError, TypeError) as e:
        sys.stderr.write('gen_sasl_layer.py: %s\n' % e)
        return 1
    changed = write_if_changed(dst, text)
    sys.stdout.write('%s %s\n' % ('wrote' if changed else 'unchanged',
                                  display_path(dst)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
