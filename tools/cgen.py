"""Helpers shared by the C test-data generators (gen_vectors.py, gen_peers.py).

Python 3 standard library only.  Everything here is deterministic: the same
input always gives the same bytes of C.
"""

import hashlib
import os

# Bytes that may appear unescaped inside a C string literal ('?' is handled
# apart, see c_bytes).
_PLAIN = set(range(0x20, 0x7f)) - {ord('"'), ord('\\'), ord('?')}

_NAMED = {
    ord('"'): '\\"',
    ord('\\'): '\\\\',
    ord('\n'): '\\n',
    ord('\r'): '\\r',
    ord('\t'): '\\t',
}


def c_bytes(data):
    """A C string literal for the octets `data` (bytes)."""
    out = []
    for i, b in enumerate(data):
        if b == ord('?'):
            # Escape only the first '?' of a "??" pair: that is enough to
            # keep trigraphs (active under -std=c11) from forming.
            nxt = data[i + 1] if i + 1 < len(data) else None
            out.append('\\?' if nxt == ord('?') else '?')
        elif b in _NAMED:
            out.append(_NAMED[b])
        elif b in _PLAIN:
            out.append(chr(b))
        else:
            # Always three octal digits: an octal escape stops after three
            # digits, so a following digit can never be swallowed.
            out.append('\\%03o' % b)
    return '"' + ''.join(out) + '"'


def c_str(value):
    """A C string literal (UTF-8) for a str, or NULL for None."""
    if value is None:
        return 'NULL'
    if isinstance(value, bytes):
        return c_bytes(value)
    return c_bytes(value.encode('utf-8'))


def c_len(value):
    """Length in octets of the UTF-8 form of `value` (0 for None)."""
    if value is None:
        return '0'
    if isinstance(value, bytes):
        return '%d' % len(value)
    return '%d' % len(value.encode('utf-8'))


def c_bool(value):
    return '1' if value else '0'


def c_ident(text):
    """A C identifier fragment made from an arbitrary id."""
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() and ch.isascii() else '_')
    return ''.join(out)


def file_sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def display_path(path):
    """`path` relative to the repository root, with '/' separators."""
    rel = os.path.relpath(os.path.abspath(path), repo_root())
    return rel.replace(os.sep, '/')


def comment_safe(text):
    """ASCII text that can sit inside a /* */ comment."""
    text = text.replace('\u2190', '<-').replace('\u2192', '->')
    text = text.replace('\u2014', '-')
    text = ''.join(ch if ' ' <= ch <= '~' else '.' for ch in text)
    text = text.replace('??', '?.')
    return text.replace('*/', '* /').replace('/*', '/ *')


def write_if_changed(path, text):
    """Write `text` to `path`; returns True when the file changed."""
    data = text.encode('utf-8')
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    return True


class Fields:
    """Builds one C struct initializer, one `.name = value,` per line."""

    def __init__(self, indent='\t\t'):
        self.indent = indent
        self.lines = []

    def raw(self, name, value):
        self.lines.append('%s.%s = %s,' % (self.indent, name, value))

    def str(self, name, value):
        self.raw(name, c_str(value))

    def text(self, name, value):
        """A string that may hold non-ASCII octets: value plus name_len."""
        self.raw(name, c_str(value))
        self.raw(name + '_len', c_len(value))

    def render(self):
        return '\n'.join(self.lines)
