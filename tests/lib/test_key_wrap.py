"""Sealing secrets under key-encryption keys (lib/key_wrap.py)."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from ita_tracker.lib import key_wrap


def test_it_opens_what_it_sealed_for_the_same_context() -> None:
    keys = [Fernet.generate_key()]

    token = key_wrap.seal(b"private key", keys=keys, context="agency:1")

    assert b"private key" not in token
    assert key_wrap.unseal(token, keys=keys, context="agency:1") == b"private key"


def test_it_refuses_another_context_or_a_foreign_key() -> None:
    keys = [Fernet.generate_key()]
    token = key_wrap.seal(b"secret", keys=keys, context="agency:1")

    with pytest.raises(key_wrap.KeyWrapError, match="another record"):
        key_wrap.unseal(token, keys=keys, context="agency:2")
    with pytest.raises(key_wrap.KeyWrapError, match="no configured"):
        key_wrap.unseal(token, keys=[Fernet.generate_key()], context="agency:1")


def test_rotation_reseals_under_the_first_key() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    token = key_wrap.seal(b"secret", keys=[old], context="c")

    assert not key_wrap.sealed_with_first_key(token, keys=[new, old])
    moved = key_wrap.reseal(token, keys=[new, old])

    assert key_wrap.sealed_with_first_key(moved, keys=[new])
    assert key_wrap.unseal(moved, keys=[new], context="c") == b"secret"


def test_derived_keys_depend_on_the_secret_and_the_purpose() -> None:
    a = key_wrap.derive_key("secret", "signing")

    assert a == key_wrap.derive_key("secret", "signing")
    assert a != key_wrap.derive_key("secret", "other")
    assert a != key_wrap.derive_key("other secret", "signing")
    assert key_wrap.check_key(a) == a
    with pytest.raises(ValueError):  # noqa: PT011 - cryptography's own message
        key_wrap.check_key("not a key")
