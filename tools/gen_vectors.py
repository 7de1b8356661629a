#!/usr/bin/env python3
"""Generate tests/vectors/http_vectors.h from the spec's vectors.json.

Usage: python3 tools/gen_vectors.py [VECTORS_JSON [OUTPUT_H]]

VECTORS_JSON defaults to ../shared/spec/vectors.json relative to the
repository root; OUTPUT_H to tests/vectors/http_vectors.h.

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
             'inputs', 'expected', 'headers')


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


# Kinds written to http_vectors.h, in output order.  SASL kinds go into a
# second table / header later (sasl_digest, sasl_layer, ...).
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


def generate(doc, kinds, guard, input_path, command):
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

    head = [
        '/*',
        ' * GENERATED FILE - do not edit.',
        ' *',
        ' * Generated by: %s' % command,
        ' * From: %s (sha256 %s)' % (display_path(input_path),
                                    file_sha256(input_path)),
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
    head += [' */', '#ifndef %s' % guard, '#define %s' % guard, '',
             '#include <stddef.h>', '#include <stdint.h>', '',
             '#if defined(__GNUC__) || defined(__clang__)',
             '#define DSS_VEC_UNUSED __attribute__((unused))',
             '#else', '#define DSS_VEC_UNUSED', '#endif', '',
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
    command = 'python3 tools/gen_vectors.py %s' % display_path(src)
    try:
        text = generate(doc, HTTP_KINDS, 'DSS_TESTS_HTTP_VECTORS_H',
                        src, command)
    except VectorError as e:
        sys.stderr.write('gen_vectors.py: %s\n' % e)
        return 1
    changed = write_if_changed(dst, text)
    sys.stdout.write('%s %s\n' % ('wrote' if changed else 'unchanged',
                                  display_path(dst)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
