"""Open Badges 3.0 credentials for certificates, signed as VC-JWT with the platform's Ed25519 key.

Format (documented in docs/architecture.md, "Certificates"):

- The credential is an `OpenBadgeCredential` (W3C Verifiable Credentials Data Model 2.0 with the
  Open Badges 3.0 context; both contexts are named by URL and never fetched).
- It is secured as a VC-JWT, the JSON Web Token proof format of Open Badges 3.0 (section 8.2):
  a JWS in compact serialisation, `alg` EdDSA (Ed25519, RFC 8037), whose payload is the credential
  itself plus the registered claims `iss` (issuer id), `jti` (credential id) and `nbf` (validFrom).
  The header's `kid` is the issuer profile URL with the key's RFC 7638 thumbprint as fragment; the
  profile (public, at /certificates/issuer) lists that key as a JsonWebKey verification method.
- The badge download wraps the JWT in a VCDM 2.0 `EnvelopedVerifiableCredential`
  (`"id": "data:application/vc+jwt,<jwt>"`), so the file is JSON and the signed bytes are kept
  exactly as signed.
- Revocation: each credential carries a `credentialStatus` entry in the issuer's public Bitstring
  Status List (statuslist.py), itself a VC-JWT signed with the same key; the credential's id is
  also its public verification page. `verify_credential` checks the signature, then the
  certificate's status here.

The credential's wording is fixed English, not translated per request, so the same certificate
always yields the same signed document.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse

from frontline.certificates import codes, statuslist
from frontline.certificates.models import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ENVELOPE_PREFIX = "data:application/vc+jwt,"
ALGORITHM = "EdDSA"
ISSUER_NAME = "Frontline"
ISSUER_DESCRIPTION = (
    "Frontline anti-trafficking training for frontline law-enforcement officers: "
    "certificates of completed courses."
)


class NoSigningKey(Exception):
    """BADGE_SIGNING_KEY is not set (outside demo mode it must be)."""


# --- keys -------------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@lru_cache(maxsize=4)
def _private_key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    seed = settings.BADGE_SIGNING_KEY
    if not seed:
        raise NoSigningKey("BADGE_SIGNING_KEY is not set")
    return _private_key(bytes(seed))


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037), with its RFC 7638 thumbprint as `kid`."""
    x = _b64url(public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    # RFC 7638: the required members only, sorted, no white space.
    thumbprint = _b64url(
        hashlib.sha256(f'{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}'.encode()).digest()
    )
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": x,
        "kid": thumbprint,
        "alg": ALGORITHM,
        "use": "sig",
    }


def issuer_id() -> str:
    return settings.SITE_URL + reverse("certificates:issuer")


def key_id(public_key: Ed25519PublicKey) -> str:
    return f"{issuer_id()}#{public_jwk(public_key)['kid']}"


def published_keys() -> dict[str, Ed25519PublicKey]:
    """The keys a credential of this issuer may be signed with, by key id. One for now; key
    rotation would add the retired public keys here so older badges keep verifying."""
    public = signing_key().public_key()
    return {key_id(public): public}


def issuer_profile() -> dict[str, Any]:
    keys = published_keys()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL + "/",
        "description": ISSUER_DESCRIPTION,
        "verificationMethod": [
            {
                "id": kid,
                "type": "JsonWebKey",
                "controller": issuer_id(),
                "publicKeyJwk": public_jwk(key),
            }
            for kid, key in keys.items()
        ],
    }


# --- issuing ----------------------------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def achievement_id(reference: str) -> str:
    # A stable URI per course (not per holder), without exposing internal ids as a path.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/{reference}").urn


def build_credential(certificate: Certificate) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for a certificate; the same certificate always gives the
    same document."""
    completed = datetime.combine(certificate.completed_on, time.min, tzinfo=UTC)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": certificate.verification_url(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "name": certificate.title,
        "validFrom": _timestamp(certificate.issued_at),
        "credentialStatus": statuslist.entry(certificate),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                }
            ],
            "activityEndDate": _timestamp(completed),
            "achievement": {
                "id": achievement_id(certificate.reference),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.title,
                "description": (
                    f'Completed the Frontline anti-trafficking course "{certificate.title}".'
                ),
                "criteria": {
                    "narrative": (
                        "Completed a trainer-led course of the Frontline programme and met its "
                        "completion rules (attendance, post-test, required case exercises) as "
                        "recorded by the course's trainers."
                    )
                },
            },
        },
    }


def _sign(credential: dict[str, Any], valid_from: datetime) -> str:
    """A credential as a VC-JWT: compact JWS, EdDSA, the credential plus iss/jti/nbf claims."""
    key = signing_key()
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": int(valid_from.timestamp()),
    }
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"typ": "JWT", "kid": key_id(key.public_key())}
    return jwt.api_jws.PyJWS().encode(payload, key, algorithm=ALGORITHM, headers=headers)


def sign_credential(certificate: Certificate) -> str:
    """The certificate's badge as a VC-JWT."""
    return _sign(build_credential(certificate), certificate.issued_at)


def sign_status_list() -> str:
    """The revocation list as a VC-JWT, as of now."""
    now = datetime.now(UTC)
    credential = statuslist.list_credential(
        issuer=issuer_id(), valid_from=_timestamp(now), contexts=[VC_CONTEXT]
    )
    return _sign(credential, now)


def envelope(certificate: Certificate) -> dict[str, Any]:
    """The downloadable badge: the VC-JWT inside a VCDM 2.0 enveloped credential."""
    return {
        "@context": VC_CONTEXT,
        "id": ENVELOPE_PREFIX + sign_credential(certificate),
        "type": "EnvelopedVerifiableCredential",
    }


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    status: str  # "valid", "revoked" or "invalid"
    reason: str = ""
    credential: dict[str, Any] | None = None
    certificate: Certificate | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def _token(data: Any) -> str | None:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if isinstance(data, str):
        data = data.strip()
        if data.startswith("{"):
            try:
                data = json.loads(data)
            except ValueError:
                return None
        else:
            return data
    if isinstance(data, dict) and data.get("type") == "EnvelopedVerifiableCredential":
        value = data.get("id")
        if isinstance(value, str) and value.startswith(ENVELOPE_PREFIX):
            return value[len(ENVELOPE_PREFIX) :]
    return None


def verify_credential(
    data: Any, *, keys: dict[str, Ed25519PublicKey] | None = None
) -> Verification:
    """Check a badge issued here: a VC-JWT string, or the enveloped credential (dict or JSON).

    1. Find the signing key by the header's `kid` among the keys this issuer publishes (a key
       carried in the token itself is never trusted).
    2. Check the EdDSA signature over the exact bytes signed.
    3. Check the document is an OpenBadgeCredential of this issuer, its claims agreeing with it.
    4. Look the certificate up by the credential's id: revoked, or unknown here, says so.
    """
    token = _token(data)
    if token is None:
        return Verification("invalid", "not a VC-JWT or an enveloped credential")
    keys = published_keys() if keys is None else keys
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        return Verification("invalid", "not a well-formed JWS")
    public_key = keys.get(str(header.get("kid", "")))
    if public_key is None:
        return Verification("invalid", "signed with a key this issuer does not publish")
    try:
        signed = jwt.api_jws.PyJWS().decode_complete(token, key=public_key, algorithms=[ALGORITHM])
    except jwt.InvalidSignatureError:
        return Verification("invalid", "the signature does not match the content")
    except jwt.InvalidTokenError:
        return Verification("invalid", "not a well-formed JWS")
    try:
        credential = json.loads(signed["payload"])
    except ValueError:
        return Verification("invalid", "the signed content is not JSON")
    problem = _structure_problem(credential)
    if problem:
        return Verification("invalid", problem, credential)
    code = codes.normalise(credential["id"].rsplit("/", 1)[-1])
    certificate = Certificate.objects.filter(code=code).first() if code else None
    if certificate is None or certificate.verification_url() != credential["id"]:
        return Verification("invalid", "no such certificate at this issuer", credential)
    if certificate.revoked:
        return Verification("revoked", "the certificate has been revoked", credential, certificate)
    return Verification("valid", "", credential, certificate)


def _structure_problem(credential: Any) -> str:
    if not isinstance(credential, dict):
        return "the signed content is not a credential"
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or contexts[:1] != [VC_CONTEXT] or OB_CONTEXT not in contexts:
        return "the credential does not name the VC 2.0 and Open Badges 3.0 contexts"
    types = credential.get("type")
    if not isinstance(types, list) or "OpenBadgeCredential" not in types:
        return "not an OpenBadgeCredential"
    if not isinstance(credential.get("id"), str):
        return "the credential has no id"
    issuer = credential.get("issuer")
    if not isinstance(issuer, dict) or issuer.get("id") != issuer_id():
        return "issued by someone else"
    if credential.get("iss") != issuer_id() or credential.get("jti") != credential.get("id"):
        return "the token's claims disagree with the credential"
    return ""
