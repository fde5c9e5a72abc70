"""Revocation as a W3C Bitstring Status List, so verifiers elsewhere can see it.

Each credential names its place in one public list (`credentialStatus`, type
BitstringStatusListEntry, purpose "revocation"); the list is a credential of its own, signed like
the badges, whose `encodedList` is a bitstring with a 1 at the place of every revoked certificate:
GZIP-compressed, base64url-encoded and prefixed with "u" (multibase). Index 0 is the most
significant bit of the first byte. The list is at least 131,072 bits long (16 KB before
compression, a few dozen bytes after) so it does not reveal how many certificates exist.

A certificate's place in the list is its primary key: fixed at issue time, never reused.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse

from frontline.certificates.models import Certificate

MIN_BITS = 131_072
PURPOSE = "revocation"


def list_url() -> str:
    return settings.SITE_URL + reverse("certificates:status_list")


def entry(certificate: Certificate) -> dict[str, Any]:
    index = str(certificate.pk)
    return {
        "id": f"{list_url()}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": index,
        "statusListCredential": list_url(),
    }


def encode(revoked: Iterable[int]) -> str:
    indexes = sorted(revoked)
    bits = max(MIN_BITS, ((indexes[-1] // 8) + 1) * 8 if indexes else 0)
    bitstring = bytearray(bits // 8)
    for index in indexes:
        bitstring[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations always give the same bytes.
    compressed = gzip.compress(bytes(bitstring), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def is_set(encoded: str, index: int) -> bool:
    """Read one bit of an encoded list (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("not a base64url multibase string")
    data = encoded[1:]
    bitstring = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    if not 0 <= index < len(bitstring) * 8:
        raise ValueError("index outside the list")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def list_credential(*, issuer: str, valid_from: str, contexts: list[str]) -> dict[str, Any]:
    revoked = Certificate.objects.filter(revoked_at__isnull=False).values_list("pk", flat=True)
    return {
        "@context": contexts,
        "id": list_url(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked),
        },
    }
