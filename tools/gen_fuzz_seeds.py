#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (tests/fuzz/corpora/<target>/).

Sources: the string literals of tests/vectors/*.h (RFC and real-peer
challenges, credentials, Authentication-Info values, SASL messages and
security-layer frames) and tokens computed here for the fixed accounts,
nonces and cnonces of tests/fuzz/fuzz_common.h, so the seeds reach the
successful paths. Files are named by the SHA-1 of their content (as
libFuzzer does); existing files are kept.

usage: tools/gen_fuzz_seeds.py [repo-root]
"""
import hashlib
import os
import re
import struct
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..")
CORPORA = os.path.join(ROOT, "tests", "fuzz", "corpora")

# tests/fuzz/fuzz_common.h
H_USER, H_REALM, H_PW = "Mufasa", "http-auth@example.org", "Circle of Life"
H_URI = "/dir/index.html?x=1"
H_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
H_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
H_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
S_USER, S_REALM, S_PW = "chris", "elwood.innosoft.com", "secret"
S_URI, S_NONCE, S_CNONCE = ("imap/elwood.innosoft.com", "OA6MG9tEQGm2hh",
                            "OA6MHXh6VqTrRk")

LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_unescape(s):
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        n = s[i + 1]
        if n == "x":
            m = re.match(r"[0-9a-fA-F]+", s[i + 2:])
            out.append(int(m.group(0), 16) & 0xFF)
            i += 2 + len(m.group(0))
        elif n in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            out += {"n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0"}.get(
                n, n.encode())
            i += 2
    return bytes(out)


def literals():
    vec = os.path.join(ROOT, "tests", "vectors")
    for name in sorted(os.listdir(vec)):
        if name.endswith(".h"):
            with open(os.path.join(vec, name), encoding="utf-8") as f:
                for m in LIT.finditer(f.read()):
                    yield c_unescape(m.group(1))


def h(alg, data):
    alg = alg.upper().replace("-SESS", "")
    if alg == "MD5":
        return hashlib.md5(data).hexdigest()
    if alg == "SHA-256":
        return hashlib.sha256(data).hexdigest()
    return hashlib.new("sha512_256", data).hexdigest()


def http_authorization(alg, qop, nc="00000001", uri=H_URI, method="GET"):
    a1 = h(alg, f"{H_USER}:{H_REALM}:{H_PW}".encode())
    if alg.upper().endswith("-SESS"):
        a1 = h(alg, f"{a1}:{H_NONCE}:{H_CNONCE}".encode())
    a2 = h(alg, f"{method}:{uri}".encode())
    if qop:
        resp = h(alg, f"{a1}:{H_NONCE}:{nc}:{H_CNONCE}:{qop}:{a2}".encode())
        q = f', qop={qop}, nc={nc}, cnonce="{H_CNONCE}"'
    else:
        resp = h(alg, f"{a1}:{H_NONCE}:{a2}".encode())
        q = ""
    return (f'Digest username="{H_USER}", realm="{H_REALM}", '
            f'nonce="{H_NONCE}", uri="{uri}", algorithm={alg}, '
            f'response="{resp}", opaque="{H_OPAQUE}"{q}').encode()


def http_challenge(alg, qop="auth"):
    return (f'Digest realm="{H_REALM}", qop="{qop}", algorithm={alg}, '
            f'nonce="{H_NONCE}", opaque="{H_OPAQUE}"').encode()


def sasl_response(qop, cipher=None):
    ss = hashlib.md5(f"{S_USER}:{S_REALM}:{S_PW}".encode()).digest()
    a1 = ss + f":{S_NONCE}:{S_CNONCE}".encode()
    a2 = f"AUTHENTICATE:{S_URI}"
    if qop != "auth":
        a2 += ":00000000000000000000000000000000"
    ha1 = hashlib.md5(a1).hexdigest()
    ha2 = hashlib.md5(a2.encode()).hexdigest()
    resp = hashlib.md5(
        f"{ha1}:{S_NONCE}:00000001:{S_CNONCE}:{qop}:{ha2}".encode()
    ).hexdigest()
    c = f",cipher={cipher}" if cipher else ""
    return (f'username="{S_USER}",realm="{S_REALM}",nonce="{S_NONCE}",'
            f'cnonce="{S_CNONCE}",nc=00000001,qop={qop}{c},maxbuf=65536,'
            f'digest-uri="{S_URI}",response={resp}').encode()


def sasl_challenge(qops="auth,auth-int,auth-conf",
                   ciphers="rc4-40,rc4-56,rc4,des,3des"):
    return (f'realm="{S_REALM}",nonce="{S_NONCE}",qop="{qops}",'
            f'cipher="{ciphers}",maxbuf=65536,charset=utf-8,'
            f'algorithm=md5-sess').encode()


def save(target, data):
    d = os.path.join(CORPORA, target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)


def main():
    lits = list(literals())
    tokens = [x for x in lits if b"=" in x and 8 <= len(x) <= 4096]
    frames = [bytes.fromhex(x.decode()) for x in lits
              if re.fullmatch(rb"(?:[0-9a-f]{2}){8,}", x)]
    algs = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256",
            "SHA-512-256-sess"]
    for t in tokens:
        save("fuzz_authparam", t)
        low = t.lower()
        if b"nonce" in low and b"response" not in low:
            save("fuzz_http_isc", t)
            save("fuzz_sasl_isc", t)
        if b"response" in low:
            save("fuzz_http_asc", t)
            save("fuzz_sasl_asc", t)
        if b"rspauth" in low:
            save("fuzz_http_isc", t)
            save("fuzz_sasl_isc", t)
    for a in algs:
        for q in ["auth", "auth-int", "auth,auth-int"]:
            save("fuzz_http_isc", http_challenge(a, q))
            save("fuzz_authparam", http_challenge(a, q))
    for a in ["MD5", "MD5-sess", "SHA-256", "SHA-512-256-sess"]:
        for q in ["auth", None]:
            tok = http_authorization(a, q)
            save("fuzz_http_asc", tok)
            save("fuzz_http_asc", tok + b"\0" +
                 http_authorization(a, q, "00000002"))
            save("fuzz_authparam", tok)
    for k in range(1, 6):
        c = ["rc4-40", "rc4-56", "rc4", "des", "3des"][k - 1]
        save("fuzz_sasl_asc", sasl_response("auth-conf", c))
    for q in ["auth", "auth-int"]:
        save("fuzz_sasl_asc", sasl_response(q))
    save("fuzz_sasl_asc", sasl_response("auth-conf", "rc4") + b"\0" +
         bytes(30))
    save("fuzz_sasl_isc", sasl_challenge())
    save("fuzz_sasl_isc", sasl_challenge("auth"))
    save("fuzz_sasl_isc", b"\x01" + sasl_challenge("auth-int"))
    save("fuzz_sasl_isc", sasl_challenge() + b"\0rspauth=" +
         b"0" * 32)
    # unwrap: selector byte then a frame (length prefix removed)
    for i, fr in enumerate(frames[:40]):
        body = fr[4:] if len(fr) > 4 and struct.unpack(">I", fr[:4])[0] \
            == len(fr) - 4 else fr
        save("fuzz_unwrap", bytes([i % 16]) + body)
    for sel in range(16):
        save("fuzz_unwrap", bytes([sel]) + bytes(16 + sel * 3))
    # secbuf: op, flags, in-desc, out-desc
    for op in range(14):
        for fl in (0, 1, 0x84):
            tok = http_authorization("MD5", "auth")
            in_desc = bytes([0, 3, 0x82, len(tok) & 0xFF, len(tok) >> 8]) \
                + tok + bytes([3, 3, 0, 0x83, 7, 0])[:6] + b"GET"
            out_desc = bytes([0, 1, 2, 0, 16])
            save("fuzz_secbuf", bytes([op, fl]) + in_desc + out_desc)
            msg = bytes([0, 2, 0x81, 20, 0]) + bytes(range(20)) + \
                bytes([6, 64, 0])
            save("fuzz_secbuf", bytes([op, fl]) + msg + bytes([0, 0]))


if __name__ == "__main__":
    main()
