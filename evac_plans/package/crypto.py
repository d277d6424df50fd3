"""The cryptography of packages, each piece matching what the page does with WebCrypto.

* Signature: Ed25519 over the canonical manifest; the private key stays in the project store
  (``store.package_keys``), so only this project can issue a package it will later accept.
* Passphrase: AES-256-GCM under a key from PBKDF2-SHA256 (WebCrypto has no scrypt or Argon2),
  :data:`PBKDF2_ITERATIONS` iterations, a random 16-byte salt and 12-byte IV.
* Return files: HMAC-SHA256 under a random per-package secret carried inside the package.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from store.connection import ProjectStore
from store.package_keys import KeyRow, save_signing_key, signing_key

PBKDF2_ITERATIONS = 600_000
"""OWASP's 2023 figure for PBKDF2-HMAC-SHA256; stated in every encrypted package's manifest."""
_RAW = serialization.Encoding.Raw


def b64(data: bytes) -> str:
    """Standard base64 text (what the page's ``atob`` reads)."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Bytes of standard base64 text (raises ``ValueError`` when it is not)."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical(value: Any) -> bytes:
    """The one byte form that is signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def project_key(store: ProjectStore) -> KeyRow:
    """The project's signing key, created (and kept in the store) on first use."""
    key = signing_key(store)
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    key = KeyRow(hashlib.sha256(public).hexdigest()[:16], raw, public)
    save_signing_key(store, key)
    return key


def sign(key: KeyRow, data: bytes) -> str:
    """Ed25519 signature of ``data`` (base64)."""
    return b64(Ed25519PrivateKey.from_private_bytes(key.private_key).sign(data))


def signature_ok(public_key: bytes, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the key's signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(unb64(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _kdf(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(passphrase.encode("utf-8"))


def encrypt(plain: bytes, passphrase: str, iterations: int = PBKDF2_ITERATIONS) -> dict[str, Any]:
    """AES-256-GCM of ``plain`` under a PBKDF2-SHA256 key: ``{"cipher", "kdf", "iterations", "salt", "iv", "data"}``."""
    salt, iv = os.urandom(16), os.urandom(12)
    data = AESGCM(_kdf(passphrase, salt, iterations)).encrypt(iv, plain, None)
    return {"cipher": "AES-256-GCM", "kdf": "PBKDF2-SHA256", "iterations": iterations, "salt": b64(salt), "iv": b64(iv), "data": b64(data)}


def decrypt(blob: dict[str, Any], passphrase: str) -> bytes | None:
    """The plain bytes of :func:`encrypt`'s output, or None for a wrong passphrase (or altered data)."""
    key = _kdf(passphrase, unb64(blob["salt"]), int(blob["iterations"]))
    try:
        return AESGCM(key).decrypt(unb64(blob["iv"]), unb64(blob["data"]), None)
    except InvalidTag:
        return None


def new_secret() -> bytes:
    """A fresh 32-byte secret for one package's return files."""
    return os.urandom(32)


def mac(secret: bytes, data: bytes) -> str:
    """HMAC-SHA256 of ``data`` under ``secret``, lower-case hex (as the page writes it)."""
    return hmac.new(secret, data, hashlib.sha256).hexdigest()


def mac_ok(secret: bytes, data: bytes, tag: str) -> bool:
    """Constant-time check of an HMAC tag."""
    return hmac.compare_digest(mac(secret, data), tag.lower())
