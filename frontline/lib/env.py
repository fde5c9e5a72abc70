"""Small typed readers for settings that come from environment variables.

Each one fails loudly (ImproperlyConfigured) on a value it cannot understand, so a typo in a
deployment stops the process at start-up instead of quietly running with a default.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envchoice(name: str, choices: dict[str, str], default: str) -> str:
    """One of a few named values (`choices` maps the name to what settings need)."""
    raw = os.environ.get(name, "").strip().lower() or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return choices[raw]


def envsecret(name: str, *, demo: bool, keep_in: Path) -> str:
    """Read a secret; in demo mode generate one and keep it in `keep_in` across restarts."""
    raw = os.environ.get(name, "").strip()
    if raw:
        if len(raw) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long")
        return raw
    if not demo:
        raise ImproperlyConfigured(
            f"{name} is required outside demo mode (set FRONTLINE_DEMO=1 for a local demo)"
        )
    if keep_in.exists():
        return keep_in.read_text().strip()
    keep_in.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    keep_in.write_text(value)
    keep_in.chmod(0o600)
    return value


def envsigningkey(name: str, *, demo: bool, keep_in: Path) -> bytes | None:
    """Read an Ed25519 private key as its raw 32-byte seed.

    The value is either the seed in base64 (standard or URL-safe alphabet) or a PEM private key
    (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it). In demo mode a key is generated
    and kept in `keep_in`; outside demo mode a missing key is None, and what needs it (signing
    badges) says so instead of the whole site refusing to start.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        if not demo:
            return None
        if keep_in.exists():
            return _ed25519_seed(name, keep_in.read_text().strip())
        keep_in.parent.mkdir(parents=True, exist_ok=True)
        seed = secrets.token_bytes(32)
        keep_in.write_text(base64.b64encode(seed).decode())
        keep_in.chmod(0o600)
        return seed
    return _ed25519_seed(name, raw)


def _ed25519_seed(name: str, raw: str) -> bytes:
    if raw.startswith("-----BEGIN"):
        # Imported here: settings should not pay for the cryptography import when unused.
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        try:
            key = serialization.load_pem_private_key(raw.replace("\\n", "\n").encode(), None)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"{name} is not a readable PEM private key") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured(f"{name} must be an Ed25519 key; got another kind of key")
        return key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
    try:
        padded = raw + "=" * (-len(raw) % 4)
        seed = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (ValueError, binascii.Error):
        raise ImproperlyConfigured(
            f"{name} must be a base64 Ed25519 seed (32 bytes) or a PEM private key"
        ) from None
    if len(seed) != 32:
        raise ImproperlyConfigured(
            f"{name} must decode to exactly 32 bytes (an Ed25519 seed); got {len(seed)}"
        )
    return seed
