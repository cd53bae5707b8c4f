#!/usr/bin/env python3
"""Independent reference for libtfo's "aes" cookie (docs/cookies.md).

Builds the construction from raw AES-256 blocks (openssl enc -aes-256-ecb)
and Python's BLAKE2b, sharing no code with libtfo or libsodium's GCM. It
produced the AES known answers in tests/test_cookie.c:

    tests/ref/aes_cookie.py KEY SRC DST LEN
"""
import hashlib
import ipaddress
import subprocess
import sys


def aes256(key, block):
    return subprocess.run(['openssl', 'enc', '-aes-256-ecb', '-nopad', '-K', key.hex()],
                          input=block, capture_output=True, check=True).stdout


def key_bytes(text):
    # Linux sysctl form: each 32-bit group stored little-endian.
    return b''.join(int(g, 16).to_bytes(4, 'little') for g in text.split('-'))


def cookie(key_text, src, dst, length):
    key = key_bytes(key_text)
    if len(key) == 16:
        key = hashlib.blake2b(b'tfosim aes-256 cookie key v1', key=key,
                              digest_size=32).digest()
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    assert s.version == d.version
    msg = bytes([ord('T'), ord('F'), s.version, len(s.packed)]) + s.packed + d.packed
    msg += bytes(-len(msg) % 12)
    y = bytes(16)
    for i in range(0, len(msg), 12):
        x = bytes(a ^ b for a, b in zip(y[:12], msg[i:i + 12]))
        # F(x) = AES_K(x || 00000002), GCM's first counter block for nonce x
        y = aes256(key, x + b'\x00\x00\x00\x02')
    return y[:length].hex()


if __name__ == '__main__':
    print(cookie(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
