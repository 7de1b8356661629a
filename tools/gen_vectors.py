#!/usr/bin/env python3
"""Generate tests/vectors/http_vectors.h and tests/vectors/sasl_vectors.h
from the spec's vectors.json (and the recorded Cyrus sessions).

Usage: python3 tools/gen_vectors.py [VECTORS_JSON [OUTPUT_H
                                     [SASL_OUTPUT_H [SASL_LAYER_JSON]]]]

VECTORS_JSON defaults to ../shared/spec/vectors.json relative to the
repository root; OUTPUT_H to tests/vectors/http_vectors.h; SASL_OUTPUT_H
to tests/vectors/sasl_vectors.h; SASL_LAYER_JSON (Cyrus SASL sessions
recorded by tools/sasl-peers, of which only the authentication exchange
is taken here) to ../shared/vectors/sasl-layer.json.

Each vector kind has its own generator function (see KINDS at the bottom);
to add a kind (the SASL ones, for instance) write one more function that
returns its C text and register it there.  A kind's generator checks every
key of every case, so a vector with a field this script does not know
fails the run instead of being dropped silently.

Output is deterministic: vectors keep the order of the JSON file, and the
header names its input by repository-relative path and SHA-256.
"""

import json
import os
import sys
import textwrap

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cgen import (Fields, c_bool, c_len, c_str, comment_safe,  # noqa: E402
                  display_path, file_sha256, repo_root, write_if_changed)

PREFIX = 'dss_vec'


class VectorError(Exception):
    pass


def check_keys(case, where, obj, allowed):
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise VectorError('%s: case %s has unknown %s keys %s'
                          % (case.get('kind'), case.get('id'), where, unknown))


CASE_KEYS = ('id', 'kind', 'origin', 'source', 'note', 'source_fields',
             'inputs', 'expected', 'headers', 'messages')


def common_fields(case, f):
    """id, origin, source (every vector names its source), note, source_fields."""
    check_keys(case, 'top-level', case, CASE_KEYS)
    for key in ('id', 'origin', 'source'):
        if not isinstance(case.get(key), str) or not case[key]:
            raise VectorError('case %r lacks %s' % (case.get('id'), key))
    f.str('id', case['id'])
    f.str('origin', case['origin'])
    f.str('source', case['source'])
    sf = case.get('source_fields')
    f.str('source_fields', ','.join(sf) if sf else None)
    f.str('note', case.get('note'))


COMMON_DECL = '''\
\tconst char *id;
\tconst char *origin;        /* official, derived, ... (vectors.json "origin") */
\tconst char *source;        /* where the expected values come from */
\tconst char *source_fields; /* comma-separated expected fields taken from the source, or NULL */
\tconst char *note;          /* or NULL */'''


class Output:
    """Collects type definitions (each once, in first-use order) and data."""

    def __init__(self):
        self.types = []
        self.type_names = set()
        self.data = []
        self.max_challenges = 1

    def need_type(self, name, text):
        if name not in self.type_names:
            self.type_names.add(name)
            self.types.append(text)

    def add(self, text):
        self.data.append(text)


def strings_array(name, values):
    lines = ['static const char *const %s[] DSS_VEC_UNUSED = {' % name]
    for v in values:
        lines.append('\t%s,' % c_str(v))
    lines.append('};')
    return '\n'.join(lines)


def emit_array(out, kind, struct, entries):
    """entries: list of (comment, Fields)."""
    name = '%s_%s' % (PREFIX, kind)
    lines = ['#define %s_COUNT %d' % (name.upper(), len(entries)),
             'static const struct %s %s[] DSS_VEC_UNUSED = {' % (struct, name)]
    for comment, f in entries:
        lines.append('\t{ /* %s */' % comment_safe(comment))
        lines.append(f.render())
        lines.append('\t},')
    lines.append('};')
    out.add('\n'.join(lines))


# --------------------------------------------------------------------------
# HTTP Digest computation cases (http_digest, http_md5sess_raw)

HTTP_INPUTS = {
    # key: (kind, C declaration)   kind: str, text (with _len), int, bool
    'algorithm': 'str', 'username': 'text', 'username_hex': 'str',
    'realm': 'text', 'password': 'text', 'method': 'str', 'uri': 'str',
    'nonce': 'text', 'cnonce': 'str', 'nc': 'u32', 'qop': 'str',
    'opaque': 'str', 'charset': 'str', 'userhash': 'bool',
    'body': 'text', 'response_body': 'text',
}
HTTP_EXPECTED = {
    'nc_value': 'str', 'a1': 'text', 'ha1_base': 'str', 'ha1': 'str',
    'h_body': 'str', 'h_response_body': 'str', 'a2': 'str', 'ha2': 'str',
    'response': 'str', 'a2_rspauth': 'str', 'ha2_rspauth': 'str',
    'rspauth': 'str', 'userhash': 'str',
}
HTTP_HEADERS = ('challenge', 'authorization', 'authorization_username_star',
                'authentication_info')


def struct_decl(name, spec, comment):
    wrapped = textwrap.wrap(comment, 70)
    lines = ['/* ' + wrapped[0]] + ['   ' + w for w in wrapped[1:]]
    lines[-1] += ' */'
    lines.append('struct %s {' % name)
    for key, typ in spec.items():
        if typ == 'str':
            lines.append('\tconst char *%s;' % key)
        elif typ == 'text':
            lines.append('\tconst char *%s;' % key)
            lines.append('\tsize_t %s_len;' % key)
        elif typ == 'u32':
            lines.append('\tuint32_t %s;' % key)
        elif typ == 'bool':
            lines.append('\tint %s;' % key)
        else:
            raise AssertionError(typ)
    lines.append('};')
    return '\n'.join(lines)


def fill(f, spec, obj):
    for key, typ in spec.items():
        present = key in obj
        value = obj.get(key)
        if typ == 'str':
            if present and value is not None and not isinstance(value, str):
                raise VectorError('%s is not a string' % key)
            f.str(key, value)
        elif typ == 'text':
            if present and value is not None and not isinstance(value, str):
                raise VectorError('%s is not a string' % key)
            f.text(key, value)
        elif typ == 'u32':
            if value is None:
                value = 0
            if not isinstance(value, int) or not 0 <= value <= 0xffffffff:
                raise VectorError('%s is not a 32-bit count' % key)
            f.raw(key, '%du' % value)
        elif typ == 'bool':
            if value is not None and not isinstance(value, bool):
                raise VectorError('%s is not a boolean' % key)
            f.raw(key, c_bool(value))


def check_text_hex(case, obj, key):
    """When `key_hex` is given, it must equal the UTF-8 octets of `key`."""
    hexkey = key + '_hex'
    if hexkey in obj and obj[key].encode('utf-8').hex() != obj[hexkey]:
        raise VectorError('%s: %s_hex does not match %s' % (case['id'], key, key))


def http_types(out):
    out.need_type('http_inputs', struct_decl(
        PREFIX + '_http_inputs', HTTP_INPUTS,
        'Inputs of an HTTP Digest computation.  Absent strings are NULL; a '
        'NULL qop means RFC 2069 mode (no qop directive); nc is 0 when '
        'absent; userhash is 1 when the challenge asks for it.'))
    out.need_type('http_expected', struct_decl(
        PREFIX + '_http_expected', HTTP_EXPECTED,
        'Expected values (lower-case hex digests; NULL when not given).'))
    out.need_type('http_headers', '\n'.join([
        '/* Header values from the vector (NULL / 0 when not given).  The',
        '   challenge values are complete WWW-Authenticate field values, in',
        '   field order. */',
        'struct %s_http_headers {' % PREFIX,
        '\tconst char *challenge[DSS_VEC_MAX_CHALLENGES];',
        '\tsize_t challenge_count;',
        '\tconst char *authorization;',
        '\tconst char *authorization_username_star;',
        '\tconst char *authentication_info;',
        '};']))
    out.need_type('http_digest', '\n'.join([
        '/* kinds http_digest and http_md5sess_raw */',
        'struct %s_http_digest {' % PREFIX,
        COMMON_DECL,
        '\tstruct %s_http_inputs inputs;' % PREFIX,
        '\tstruct %s_http_expected expected;' % PREFIX,
        '\tstruct %s_http_headers headers;' % PREFIX,
        '};']))


def http_digest_like(out, kind, cases):
    http_types(out)
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        inputs = case.get('inputs', {})
        expected = case.get('expected', {})
        headers = case.get('headers', {})
        check_keys(case, 'inputs', inputs, HTTP_INPUTS)
        check_keys(case, 'expected', expected, HTTP_EXPECTED)
        check_keys(case, 'headers', headers, HTTP_HEADERS)
        for key in ('username', 'password', 'realm'):
            if key in inputs:
                check_text_hex(case, inputs, key)
        for key in ('username', 'realm', 'password', 'method', 'uri', 'nonce'):
            if key not in inputs:
                raise VectorError('%s: missing input %s' % (case['id'], key))
        if 'response' not in expected:
            raise VectorError('%s: missing expected response' % case['id'])

        sub = Fields('\t\t\t')
        fill(sub, HTTP_INPUTS, inputs)
        f.raw('inputs', '{\n%s\n\t\t}' % sub.render())
        sub = Fields('\t\t\t')
        fill(sub, HTTP_EXPECTED, expected)
        f.raw('expected', '{\n%s\n\t\t}' % sub.render())

        sub = Fields('\t\t\t')
        chal = headers.get('challenge', [])
        if not isinstance(chal, list):
            raise VectorError('%s: headers.challenge is not a list' % case['id'])
        out.max_challenges = max(out.max_challenges, len(chal))
        if chal:
            sub.raw('challenge', '{\n%s\n\t\t\t}' % '\n'.join(
                '\t\t\t\t%s,' % c_str(c) for c in chal))
        sub.raw('challenge_count', '%d' % len(chal))
        for key in HTTP_HEADERS[1:]:
            sub.str(key, headers.get(key))
        f.raw('headers', '{\n%s\n\t\t}' % sub.render())
        entries.append((case['id'], f))
    emit_array(out, kind, PREFIX + '_http_digest', entries)


def gen_http_digest(out, cases):
    http_digest_like(out, 'http_digest', cases)


def gen_http_md5sess_raw(out, cases):
    """Negative vectors: values a correct implementation must NOT produce."""
    http_digest_like(out, 'http_md5sess_raw', cases)


# --------------------------------------------------------------------------
# Small formatting rules

def gen_nc_format(out, cases):
    out.need_type('nc_format', '\n'.join([
        'struct %s_nc_format {' % PREFIX, COMMON_DECL,
        '\tuint32_t count;', '\tconst char *nc_value;', '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('count',))
        check_keys(case, 'expected', case['expected'], ('nc_value',))
        fill(f, {'count': 'u32'}, case['inputs'])
        f.str('nc_value', case['expected']['nc_value'])
        entries.append((case['id'], f))
    emit_array(out, 'nc_format', PREFIX + '_nc_format', entries)


def gen_ext_value_encode(out, cases):
    out.need_type('ext_value_encode', '\n'.join([
        '/* RFC 8187 ext-value: text (UTF-8 octets) -> encoded */',
        'struct %s_ext_value_encode {' % PREFIX, COMMON_DECL,
        '\tconst char *text;', '\tsize_t text_len;', '\tconst char *text_hex;',
        '\tconst char *encoded;', '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('text', 'text_hex'))
        check_keys(case, 'expected', case['expected'], ('encoded',))
        check_text_hex(case, case['inputs'], 'text')
        f.text('text', case['inputs']['text'])
        f.str('text_hex', case['inputs'].get('text_hex'))
        f.str('encoded', case['expected']['encoded'])
        entries.append((case['id'], f))
    emit_array(out, 'ext_value_encode', PREFIX + '_ext_value_encode', entries)


def gen_ext_value_decode(out, cases):
    out.need_type('ext_value_decode', '\n'.join([
        '/* RFC 8187 ext-value: encoded -> text (UTF-8 octets), language */',
        'struct %s_ext_value_decode {' % PREFIX, COMMON_DECL,
        '\tconst char *encoded;', '\tconst char *text;', '\tsize_t text_len;',
        '\tconst char *text_hex;', '\tconst char *language; /* or NULL */',
        '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('encoded',))
        check_keys(case, 'expected', case['expected'],
                   ('text', 'text_hex', 'language'))
        check_text_hex(case, case['expected'], 'text')
        f.str('encoded', case['inputs']['encoded'])
        f.text('text', case['expected']['text'])
        f.str('text_hex', case['expected'].get('text_hex'))
        f.str('language', case['expected'].get('language'))
        entries.append((case['id'], f))
    emit_array(out, 'ext_value_decode', PREFIX + '_ext_value_decode', entries)


# --------------------------------------------------------------------------
# Header parsing (challenges, credentials, Authentication-Info)

def auth_param_types(out):
    out.need_type('auth_param', '\n'.join([
        '/* One parsed auth-param: lower-cased name, unquoted value, and',
        '   whether the value was a quoted-string. */',
        'struct %s_auth_param {' % PREFIX,
        '\tconst char *name;', '\tconst char *value;', '\tsize_t value_len;',
        '\tint quoted;', '};']))
    out.need_type('challenge', '\n'.join([
        '/* One parsed challenge / credentials: lower-cased scheme, its',
        '   parameters in order (params NULL when there are none), token68 or',
        '   NULL. */',
        'struct %s_challenge {' % PREFIX,
        '\tconst char *scheme;',
        '\tconst struct %s_auth_param *params;' % PREFIX,
        '\tsize_t param_count;', '\tconst char *token68;', '};']))


def params_array(out, name, params):
    """Emits a static array of auth params; returns (C expr, count)."""
    if not params:
        return 'NULL', 0
    lines = ['static const struct %s_auth_param %s[] DSS_VEC_UNUSED = {'
             % (PREFIX, name)]
    for p in params:
        if (not isinstance(p, list) or len(p) != 3
                or not isinstance(p[0], str) or not isinstance(p[1], str)
                or not isinstance(p[2], bool)):
            raise VectorError('%s: malformed param %r' % (name, p))
        lines.append('\t{ %s, %s, %s, %s },'
                     % (c_str(p[0]), c_str(p[1]), c_len(p[1]), c_bool(p[2])))
    lines.append('};')
    out.add('\n'.join(lines))
    return name, len(params)


def gen_http_challenge_parse(out, cases):
    auth_param_types(out)
    out.need_type('http_challenge_parse', '\n'.join([
        'struct %s_http_challenge_parse {' % PREFIX, COMMON_DECL,
        '\tconst char *const *header_values; /* WWW-Authenticate field values */',
        '\tsize_t header_value_count;',
        '\tconst struct %s_challenge *challenges;' % PREFIX,
        '\tsize_t challenge_count;', '};']))
    entries = []
    for i, case in enumerate(cases):
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('header_values',))
        check_keys(case, 'expected', case['expected'], ('challenges',))
        base = '%s_http_challenge_parse_%d' % (PREFIX, i)
        hv = case['inputs']['header_values']
        out.add(strings_array(base + '_header_values', hv))
        chal_lines = ['static const struct %s_challenge %s_challenges[] '
                      'DSS_VEC_UNUSED = {' % (PREFIX, base)]
        for j, ch in enumerate(case['expected']['challenges']):
            check_keys(case, 'challenge', ch, ('scheme', 'params', 'token68'))
            expr, n = params_array(out, '%s_c%d_params' % (base, j),
                                   ch['params'])
            chal_lines.append('\t{ %s, %s, %d, %s },'
                              % (c_str(ch['scheme']), expr, n,
                                 c_str(ch['token68'])))
        chal_lines.append('};')
        out.add('\n'.join(chal_lines))
        f.raw('header_values', base + '_header_values')
        f.raw('header_value_count', '%d' % len(hv))
        f.raw('challenges', base + '_challenges')
        f.raw('challenge_count', '%d' % len(case['expected']['challenges']))
        entries.append((case['id'], f))
    emit_array(out, 'http_challenge_parse',
               PREFIX + '_http_challenge_parse', entries)


def gen_http_credentials_parse(out, cases):
    auth_param_types(out)
    out.need_type('http_credentials_parse', '\n'.join([
        'struct %s_http_credentials_parse {' % PREFIX, COMMON_DECL,
        '\tconst char *header_value; /* Authorization field value */',
        '\tconst char *scheme;',
        '\tconst struct %s_auth_param *params;' % PREFIX,
        '\tsize_t param_count;', '\tconst char *token68;', '};']))
    entries = []
    for i, case in enumerate(cases):
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('header_value',))
        check_keys(case, 'expected', case['expected'],
                   ('scheme', 'params', 'token68'))
        exp = case['expected']
        expr, n = params_array(
            out, '%s_http_credentials_parse_%d_params' % (PREFIX, i),
            exp['params'])
        f.str('header_value', case['inputs']['header_value'])
        f.str('scheme', exp['scheme'])
        f.raw('params', expr)
        f.raw('param_count', '%d' % n)
        f.str('token68', exp['token68'])
        entries.append((case['id'], f))
    emit_array(out, 'http_credentials_parse',
               PREFIX + '_http_credentials_parse', entries)


def gen_http_auth_info_parse(out, cases):
    auth_param_types(out)
    out.need_type('http_auth_info_parse', '\n'.join([
        'struct %s_http_auth_info_parse {' % PREFIX, COMMON_DECL,
        '\tconst char *header_value; /* Authentication-Info field value */',
        '\tconst struct %s_auth_param *params;' % PREFIX,
        '\tsize_t param_count;', '};']))
    entries = []
    for i, case in enumerate(cases):
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('header_value',))
        check_keys(case, 'expected', case['expected'], ('params',))
        expr, n = params_array(
            out, '%s_http_auth_info_parse_%d_params' % (PREFIX, i),
            case['expected']['params'])
        f.str('header_value', case['inputs']['header_value'])
        f.raw('params', expr)
        f.raw('param_count', '%d' % n)
        entries.append((case['id'], f))
    emit_array(out, 'http_auth_info_parse',
               PREFIX + '_http_auth_info_parse', entries)


# --------------------------------------------------------------------------
# Primitive known-answer tests

def gen_primitive_hash(out, cases):
    out.need_type('primitive_hash', '\n'.join([
        '/* algorithm: MD5, SHA-256, SHA-512-256, or SHA-512-TRUNCATED-256',
        '   (first half of SHA-512; shown only to differ from SHA-512/256) */',
        'struct %s_primitive_hash {' % PREFIX, COMMON_DECL,
        '\tconst char *algorithm;', '\tconst char *message;',
        '\tsize_t message_len;', '\tconst char *digest_hex;', '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('algorithm', 'message'))
        check_keys(case, 'expected', case['expected'], ('digest_hex',))
        f.str('algorithm', case['inputs']['algorithm'])
        f.text('message', case['inputs']['message'])
        f.str('digest_hex', case['expected']['digest_hex'])
        entries.append((case['id'], f))
    emit_array(out, 'primitive_hash', PREFIX + '_primitive_hash', entries)


def gen_primitive_hmac_md5(out, cases):
    out.need_type('primitive_hmac_md5', '\n'.join([
        '/* The key is given either as text (key/key_len) or as hex (key_hex);',
        '   the other one is NULL. */',
        'struct %s_primitive_hmac_md5 {' % PREFIX, COMMON_DECL,
        '\tconst char *key;', '\tsize_t key_len;', '\tconst char *key_hex;',
        '\tconst char *message;', '\tsize_t message_len;',
        '\tconst char *mac_hex;', '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        inp = case['inputs']
        check_keys(case, 'inputs', inp, ('key', 'key_hex', 'message'))
        check_keys(case, 'expected', case['expected'], ('mac_hex',))
        if ('key' in inp) == ('key_hex' in inp):
            raise VectorError('%s: need exactly one of key, key_hex'
                              % case['id'])
        f.text('key', inp.get('key'))
        f.str('key_hex', inp.get('key_hex'))
        f.text('message', inp['message'])
        f.str('mac_hex', case['expected']['mac_hex'])
        entries.append((case['id'], f))
    emit_array(out, 'primitive_hmac_md5', PREFIX + '_primitive_hmac_md5',
               entries)


# --------------------------------------------------------------------------
# SASL DIGEST-MD5 (sasl_digest, sasl_challenge_parse) and the Cyrus sessions
# of sasl-layer.json.  The kinds of the security layer (sasl_layer,
# sasl_observed_session, primitive_des_ecb, primitive_rc4, des_key_expand)
# have their own generator.

SASL_INPUTS = {
    'username': 'text', 'username_hex': 'str', 'realm': 'text',
    'password': 'text', 'password_hex': 'str', 'nonce': 'str',
    'cnonce': 'str', 'nc': 'u32', 'qop': 'str', 'digest_uri': 'str',
    'authzid': 'str', 'latin1': 'str',
}
SASL_EXPECTED = {
    'secret_hex': 'str', 'a1_hex': 'str', 'ha1_hex': 'str', 'a2': 'str',
    'ha2': 'str', 'a2_rspauth': 'str', 'ha2_rspauth': 'str',
    'nc_value': 'str', 'response': 'str', 'rspauth': 'str',
    # keys of the layer (given for one case only); C names for 3des_*
    'kic': 'str', 'kis': 'str', 'kcc_rc4_40': 'str', 'kcs_rc4_40': 'str',
    'kcc_rc4_56': 'str', 'kcs_rc4_56': 'str', 'kcc_n16': 'str',
    'kcs_n16': 'str', 'des_key_c2s': 'str', 'des3_k1_c2s': 'str',
    'des3_k2_c2s': 'str', 'cbc_iv_c2s': 'str', 'des_key_s2c': 'str',
    'des3_k1_s2c': 'str', 'des3_k2_s2c': 'str', 'cbc_iv_s2c': 'str',
}
SASL_MESSAGES = {
    'challenge': 'text', 'response': 'text', 'final': 'str',
    'challenge_b64': 'str', 'response_b64': 'str', 'final_b64': 'str',
    'challenge_literal_len': 'u32', 'response_literal_len': 'u32',
    'final_literal_len': 'u32',
}


def sasl_expected_c_names(expected):
    """vectors.json names -> C member names (3des_k1_c2s -> des3_k1_c2s)."""
    out = {}
    for key, value in expected.items():
        if key.startswith('3des_'):
            key = 'des3_' + key[len('3des_'):]
        out[key] = value
    return out


def gen_sasl_digest(out, cases):
    out.need_type('sasl_digest_inputs', struct_decl(
        PREFIX + '_sasl_digest_inputs', SASL_INPUTS,
        'Inputs of a DIGEST-MD5 computation.  authzid is NULL when absent; '
        'latin1 names the ISO-8859-1 rule that produced the expected '
        'values (cyrus: each string converted when it fits; gsasl: only '
        'the password; none: nothing), NULL when absent (all strings '
        'ASCII: every rule agrees).'))
    out.need_type('sasl_digest_expected', struct_decl(
        PREFIX + '_sasl_digest_expected', SASL_EXPECTED,
        'Expected values (lower-case hex; a2 texts as text); NULL when the '
        'vector does not give them.  The des3_* members are the '
        'vectors.json 3des_* fields.'))
    out.need_type('sasl_digest_messages', struct_decl(
        PREFIX + '_sasl_digest_messages', SASL_MESSAGES,
        'Complete messages of the exchange when the vector records them '
        '(NULL / 0 otherwise): digest-challenge, digest-response, the '
        'final rspauth, their base64 (IMAP) and literal lengths (ACAP).'))
    out.need_type('sasl_digest', '\n'.join([
        '/* kind sasl_digest */',
        'struct %s_sasl_digest {' % PREFIX,
        COMMON_DECL,
        '\tstruct %s_sasl_digest_inputs inputs;' % PREFIX,
        '\tstruct %s_sasl_digest_expected expected;' % PREFIX,
        '\tstruct %s_sasl_digest_messages messages;' % PREFIX,
        '};']))
    entries = []
    for case in cases:
        f = Fields()
        common_fields(case, f)
        inputs = case.get('inputs', {})
        expected = sasl_expected_c_names(case.get('expected', {}))
        messages = case.get('messages', {})
        check_keys(case, 'inputs', inputs, SASL_INPUTS)
        check_keys(case, 'expected', expected, SASL_EXPECTED)
        check_keys(case, 'messages', messages, SASL_MESSAGES)
        for key in ('username', 'password', 'realm'):
            if key in inputs:
                check_text_hex(case, inputs, key)
        for key in ('username', 'realm', 'password', 'nonce', 'cnonce',
                    'nc', 'digest_uri'):
            if key not in inputs:
                raise VectorError('%s: missing input %s' % (case['id'], key))
        for key in ('secret_hex', 'ha1_hex', 'response', 'rspauth'):
            if key not in expected:
                raise VectorError('%s: missing expected %s'
                                  % (case['id'], key))
        if inputs.get('latin1') not in (None, 'cyrus', 'gsasl', 'none'):
            raise VectorError('%s: unknown latin1 rule' % case['id'])
        for name, spec, obj in (('inputs', SASL_INPUTS, inputs),
                                ('expected', SASL_EXPECTED, expected),
                                ('messages', SASL_MESSAGES, messages)):
            sub = Fields('\t\t\t')
            fill(sub, spec, obj)
            f.raw(name, '{\n%s\n\t\t}' % sub.render())
        entries.append((case['id'], f))
    emit_array(out, 'sasl_digest', PREFIX + '_sasl_digest', entries)


def sasl_params_array(out, name, params):
    """A static array of parsed directives; returns (C expr, count)."""
    if not params:
        return 'NULL', 0
    lines = ['static const struct %s_sasl_param %s[] DSS_VEC_UNUSED = {'
             % (PREFIX, name)]
    for p in params:
        if (not isinstance(p, list) or len(p) != 3
                or not isinstance(p[0], str) or not isinstance(p[1], str)
                or not isinstance(p[2], bool)):
            raise VectorError('%s: malformed param %r' % (name, p))
        lines.append('\t{ %s, %s, %s, %s },'
                     % (c_str(p[0]), c_str(p[1]), c_len(p[1]), c_bool(p[2])))
    lines.append('};')
    out.add('\n'.join(lines))
    return name, len(params)


def gen_sasl_challenge_parse(out, cases):
    out.need_type('sasl_param', '\n'.join([
        '/* One directive of a DIGEST-MD5 message: name as written, unquoted',
        '   value, and whether the value was a quoted-string. */',
        'struct %s_sasl_param {' % PREFIX,
        '\tconst char *name;', '\tconst char *value;', '\tsize_t value_len;',
        '\tint quoted;', '};']))
    out.need_type('sasl_challenge_parse', '\n'.join([
        '/* kind sasl_challenge_parse: a digest-challenge and its',
        '   directives in order (unknown ones included) */',
        'struct %s_sasl_challenge_parse {' % PREFIX, COMMON_DECL,
        '\tconst char *text;', '\tsize_t text_len;',
        '\tconst struct %s_sasl_param *params;' % PREFIX,
        '\tsize_t param_count;', '};']))
    entries = []
    for i, case in enumerate(cases):
        f = Fields()
        common_fields(case, f)
        check_keys(case, 'inputs', case['inputs'], ('text',))
        check_keys(case, 'expected', case['expected'], ('params',))
        expr, n = sasl_params_array(
            out, '%s_sasl_challenge_parse_%d_params' % (PREFIX, i),
            case['expected']['params'])
        f.text('text', case['inputs']['text'])
        f.raw('params', expr)
        f.raw('param_count', '%d' % n)
        entries.append((case['id'], f))
    emit_array(out, 'sasl_challenge_parse',
               PREFIX + '_sasl_challenge_parse', entries)


CYRUS_SESSION = {
    'user': 'text', 'password': 'text', 'realm': 'text', 'authzid': 'str',
    'service': 'str', 'host': 'str', 'digest_uri': 'str',
    'challenge': 'text', 'response': 'text', 'final': 'str',
    'nonce': 'str', 'cnonce': 'str', 'nc': 'str', 'qop': 'str',
    'cipher': 'str', 'charset_in_response': 'str', 'client_maxbuf': 'u32',
    'server_maxbuf': 'u32', 'ssf': 'u32', 'client_maxoutbuf': 'u32',
    'server_maxoutbuf': 'u32',
}
CYRUS_DERIVED = {
    'urp_hashed': 'str', 'secret': 'str', 'ha1': 'str', 'kic': 'str',
    'kis': 'str', 'kcc': 'str', 'kcs': 'str',
}
# taken by the security layer's generator, not here
CYRUS_SKIPPED = ('messages',)


def gen_sasl_cyrus_session(out, doc, input_path):
    """The authentication exchange of each recorded Cyrus session."""
    if doc.get('format') != 'digestssp-sasl-layer-vectors/1':
        raise VectorError('unknown sasl-layer.json format %r'
                          % doc.get('format'))
    source = doc.get('generator')
    if not isinstance(source, str) or not source:
        raise VectorError('sasl-layer.json names no generator')
    decl = {}
    decl.update(CYRUS_SESSION)
    decl.update(('derived_' + k, v) for k, v in CYRUS_DERIVED.items())
    out.need_type('sasl_cyrus_session', struct_decl(
        PREFIX + '_sasl_cyrus_session', dict(
            [('id', 'str'), ('origin', 'str'), ('source', 'str'),
             ('note', 'str')] + list(decl.items())),
        'A DIGEST-MD5 authentication recorded between a Cyrus SASL 2.1.28 '
        'client and server (%s, set "%s"); origin is observed.  Strings '
        'absent from the recording (authzid, cipher, charset_in_response) '
        'are NULL; id is the recording\'s "name".  derived_* are the hex '
        'values the recorder re-derived.  '
        'The frames of the security layer are not copied here.'
        % (display_path(input_path), doc.get('set'))))
    entries = []
    for case in doc.get('cases', []):
        allowed = (('name', 'note', 'derived') + tuple(CYRUS_SESSION)
                   + CYRUS_SKIPPED)
        unknown = sorted(set(case) - set(allowed))
        if unknown:
            raise VectorError('sasl-layer.json: case %s has unknown keys %s'
                              % (case.get('name'), unknown))
        check_keys(case, 'derived', case.get('derived', {}), CYRUS_DERIVED)
        for key in ('name', 'user', 'password', 'challenge', 'response',
                    'final', 'nonce', 'cnonce', 'digest_uri'):
            if not isinstance(case.get(key), str):
                raise VectorError('sasl-layer.json: case %s lacks %s'
                                  % (case.get('name'), key))
        f = Fields()
        f.str('id', case['name'])
        f.str('origin', 'observed')
        f.str('source', source)
        f.str('note', case.get('note'))
        fill(f, CYRUS_SESSION, case)
        fill(f, dict(('derived_' + k, v) for k, v in CYRUS_DERIVED.items()),
             dict(('derived_' + k, v)
                  for k, v in case.get('derived', {}).items()))
        entries.append((case['name'], f))
    if not entries:
        raise VectorError('sasl-layer.json has no cases')
    emit_array(out, 'sasl_cyrus_session', PREFIX + '_sasl_cyrus_session',
               entries)


# Kinds written to sasl_vectors.h, in output order.
SASL_KINDS = [
    ('sasl_digest', gen_sasl_digest),
    ('sasl_challenge_parse', gen_sasl_challenge_parse),
]


# Kinds written to http_vectors.h, in output order (the SASL ones are in
# SASL_KINDS above).
HTTP_KINDS = [
    ('http_digest', gen_http_digest),
    ('http_md5sess_raw', gen_http_md5sess_raw),
    ('nc_format', gen_nc_format),
    ('ext_value_encode', gen_ext_value_encode),
    ('ext_value_decode', gen_ext_value_decode),
    ('http_challenge_parse', gen_http_challenge_parse),
    ('http_credentials_parse', gen_http_credentials_parse),
    ('http_auth_info_parse', gen_http_auth_info_parse),
    ('primitive_hash', gen_primitive_hash),
    ('primitive_hmac_md5', gen_primitive_hmac_md5),
]


def generate(doc, kinds, guard, input_path, command, extra=None):
    """extra: (path, json document, function(out, doc, path)) for a
    second input, or None (http_vectors.h)."""
    if doc.get('format') != 'digestssp-vectors-1':
        raise VectorError('unknown vectors.json format %r' % doc.get('format'))
    cases = doc['cases']
    out = Output()
    counts = []
    for kind, fn in kinds:
        selected = [c for c in cases if c.get('kind') == kind]
        if not selected:
            raise VectorError('no cases of kind %s' % kind)
        try:
            fn(out, selected)
        except (KeyError, TypeError) as e:
            raise VectorError('kind %s: %r' % (kind, e))
        counts.append((kind, len(selected)))
    if extra is not None:
        extra_path, extra_doc, extra_fn = extra
        extra_fn(out, extra_doc, extra_path)

    head = [
        '/*',
        ' * GENERATED FILE - do not edit.',
        ' *',
        ' * Generated by: %s' % command,
        ' * From: %s (sha256 %s)' % (display_path(input_path),
                                    file_sha256(input_path)),
    ]
    if extra is not None:
        head.append(' *       %s (sha256 %s)' % (display_path(extra[0]),
                                                file_sha256(extra[0])))
    head += [
        ' *',
        ' * Test vectors of the digestssp specification (vectors.md explains',
        ' * every case).  Every entry keeps its id, its origin and its source.',
        ' * Strings are UTF-8 C literals; a "_len" member gives the octet',
        ' * length where the text may hold non-ASCII octets.  Absent values',
        ' * are NULL.',
        ' *',
        ' * Cases per kind:',
    ]
    for kind, n in counts:
        head.append(' *   %-24s %d' % (kind, n))
    if extra is not None:
        head.append(' * and the recorded sessions of %s.'
                    % os.path.basename(extra[0]))
    head += [' */', '#ifndef %s' % guard, '#define %s' % guard, '',
             '#include <stddef.h>', '#include <stdint.h>', '',
             '#if defined(__GNUC__) || defined(__clang__)',
             '#define DSS_VEC_UNUSED __attribute__((unused))',
             '#else', '#define DSS_VEC_UNUSED', '#endif', '']
    if extra is None:
        head += [
            '/* Most WWW-Authenticate values any http_digest vector carries */',
            '#define DSS_VEC_MAX_CHALLENGES %d' % out.max_challenges, '']
    body = '\n\n'.join(out.types) + '\n\n' + '\n\n'.join(out.data)
    return '\n'.join(head) + '\n' + body + '\n\n#endif /* %s */\n' % guard


def main(argv):
    root = repo_root()
    src = argv[1] if len(argv) > 1 else os.path.join(
        root, '..', 'shared', 'spec', 'vectors.json')
    dst = argv[2] if len(argv) > 2 else os.path.join(
        root, 'tests', 'vectors', 'http_vectors.h')
    with open(src, 'rb') as f:
        doc = json.loads(f.read().decode('utf-8'))
    sasl_dst = argv[3] if len(argv) > 3 else os.path.join(
        root, 'tests', 'vectors', 'sasl_vectors.h')
    layer_src = argv[4] if len(argv) > 4 else os.path.join(
        root, '..', 'shared', 'vectors', 'sasl-layer.json')
    with open(layer_src, 'rb') as f:
        layer_doc = json.loads(f.read().decode('utf-8'))
    command = 'python3 tools/gen_vectors.py %s' % display_path(src)
    try:
        text = generate(doc, HTTP_KINDS, 'DSS_TESTS_HTTP_VECTORS_H',
                        src, command)
        sasl_text = generate(doc, SASL_KINDS, 'DSS_TESTS_SASL_VECTORS_H',
                             src, command,
                             (layer_src, layer_doc, gen_sasl_cyrus_session))
    except VectorError as e:
        sys.stderr.write('gen_vectors.py: %s\n' % e)
        return 1
    for path, body in ((dst, text), (sasl_dst, sasl_text)):
        changed = write_if_changed(path, body)
        sys.stdout.write('%s %s\n' % ('wrote' if changed else 'unchanged',
                                      display_path(path)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
