"""Encrypting secrets at rest under a key-encryption key (no Django imports).

Fernet (AES-128-CBC with HMAC-SHA256) through ``MultiFernet``: the first key encrypts, every key
decrypts, so keys rotate by putting the new one first and re-sealing (``reseal``). A sealed
value is bound to a ``context`` (e.g. the agency it belongs to): copied into another row, it no
longer opens. See ADR 0008.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class KeyWrapError(ValueError):
    """A sealed value cannot be opened (no key fits, or it belongs to another context)."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A Fernet key derived from ``secret`` (e.g. Django's SECRET_KEY) for one ``purpose``."""
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"ita-tracker key wrap", info=purpose.encode()
    ).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def check_key(key: str | bytes) -> bytes:
    """``key`` as Fernet key bytes; ValueError unless it is 32 url-safe base64-encoded bytes."""
    data = key.encode("ascii") if isinstance(key, str) else key
    Fernet(data)
    return data


def _box(keys: Sequence[bytes]) -> MultiFernet:
    if not keys:
        raise KeyWrapError("no key-encryption key is configured")
    return MultiFernet([Fernet(k) for k in keys])


def seal(data: bytes, *, keys: Sequence[bytes], context: str) -> bytes:
    """``data`` encrypted under ``keys[0]`` and bound to ``context``."""
    label = context.encode("utf-8")
    return _box(keys).encrypt(len(label).to_bytes(2, "big") + label + data)


def unseal(token: bytes, *, keys: Sequence[bytes], context: str) -> bytes:
    """The data of :func:`seal`. Raises KeyWrapError if no key fits or the context differs."""
    try:
        plain = _box(keys).decrypt(bytes(token))
    except InvalidToken:
        raise KeyWrapError("no configured key-encryption key opens this value") from None
    size = int.from_bytes(plain[:2], "big")
    if plain[2 : 2 + size] != context.encode("utf-8"):
        raise KeyWrapError("the sealed value belongs to another record")
    return plain[2 + size :]


def reseal(token: bytes, *, keys: Sequence[bytes]) -> bytes:
    """``token`` re-encrypted under ``keys[0]`` (after a rotation), context unchanged."""
    try:
        return _box(keys).rotate(bytes(token))
    except InvalidToken:
        raise KeyWrapError("no configured key-encryption key opens this value") from None


def sealed_with_first_key(token: bytes, *, keys: Sequence[bytes]) -> bool:
    """Whether ``token`` already opens with ``keys[0]`` (nothing to re-seal)."""
    try:
        Fernet(keys[0]).decrypt(bytes(token))
    except InvalidToken:
        return False
    return True
