"""The Open Badges 3.0 credential: what it says, that it verifies, and that any change to it,
another key, or a revocation is caught."""

from __future__ import annotations

import base64
import io
import json
import os
import tempfile
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.management import call_command
from django.core.management.base import CommandError

from frontline.certificates import badges
from frontline.certificates.actions import revoke_certificate
from frontline.certificates.tests.base import TEST_SEED, CertificateTestCase


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(unb64url(header)), json.loads(unb64url(payload)), signature


def reassemble(header: dict[str, Any], payload: dict[str, Any], signature: str) -> str:
    encode = lambda part: b64url(json.dumps(part, separators=(",", ":")).encode())  # noqa: E731
    return f"{encode(header)}.{encode(payload)}.{signature}"


class CredentialTests(CertificateTestCase):
    def test_credential_is_an_open_badge(self) -> None:
        credential = badges.build_credential(self.certificate)
        self.assertEqual(
            credential["@context"],
            [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
        )
        self.assertEqual(credential["type"], ["VerifiableCredential", "OpenBadgeCredential"])
        code = self.certificate.display_code
        self.assertEqual(
            credential["id"], f"https://frontline.example.org/certificates/verify/{code}"
        )
        self.assertEqual(
            credential["issuer"]["id"], "https://frontline.example.org/certificates/issuer"
        )
        self.assertRegex(credential["validFrom"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        subject = credential["credentialSubject"]
        self.assertEqual(subject["identifier"][0]["identityHash"], "Lena Marek")
        self.assertEqual(subject["activityEndDate"], "2026-11-20T00:00:00Z")
        achievement = subject["achievement"]
        self.assertEqual(achievement["name"], "Identifying presumed victims")
        self.assertTrue(achievement["id"].startswith("urn:uuid:"))
        self.assertIn("narrative", achievement["criteria"])
        self.assertTrue(achievement["description"])
        # The same certificate always gives the same document (and so the same signature).
        self.assertEqual(
            badges.sign_credential(self.certificate), badges.sign_credential(self.certificate)
        )

    def test_token_header_and_claims(self) -> None:
        header, payload, _ = parts(badges.sign_credential(self.certificate))
        self.assertEqual(header["alg"], "EdDSA")
        self.assertTrue(
            header["kid"].startswith("https://frontline.example.org/certificates/issuer#")
        )
        self.assertEqual(payload["iss"], payload["issuer"]["id"])
        self.assertEqual(payload["jti"], payload["id"])
        self.assertEqual(payload["nbf"], int(self.certificate.issued_at.timestamp()))

    def test_genuine_credential_verifies(self) -> None:
        for data in (
            badges.sign_credential(self.certificate),
            badges.envelope(self.certificate),
            json.dumps(badges.envelope(self.certificate)),
        ):
            with self.subTest(form=type(data).__name__):
                result = badges.verify_credential(data)
                self.assertEqual(result.status, "valid", result.reason)
                self.assertTrue(result.valid)
                self.assertEqual(result.certificate, self.certificate)

    def test_published_key_alone_verifies_the_signature(self) -> None:
        """What an outside verifier does: take the key from the issuer profile, check the JWS."""
        token = badges.sign_credential(self.certificate)
        header, _, _ = parts(token)
        profile = badges.issuer_profile()
        (method,) = [m for m in profile["verificationMethod"] if m["id"] == header["kid"]]
        public = Ed25519PublicKey.from_public_bytes(unb64url(method["publicKeyJwk"]["x"]))
        signed = jwt.api_jws.PyJWS().decode_complete(token, key=public, algorithms=["EdDSA"])
        self.assertEqual(json.loads(signed["payload"])["name"], "Identifying presumed victims")
        expected = Ed25519PrivateKey.from_private_bytes(TEST_SEED).public_key()
        self.assertEqual(public.public_bytes_raw(), expected.public_bytes_raw())

    def test_any_change_breaks_the_signature(self) -> None:
        token = badges.sign_credential(self.certificate)
        changes = {
            "holder name": lambda p: p["credentialSubject"]["identifier"][0].update(
                identityHash="Someone Else"
            ),
            "achievement name": lambda p: p["credentialSubject"]["achievement"].update(
                name="Advanced investigation"
            ),
            "achievement criteria": lambda p: p["credentialSubject"]["achievement"].update(
                criteria={"narrative": "none"}
            ),
            "completion date": lambda p: p["credentialSubject"].update(
                activityEndDate="2020-01-01T00:00:00Z"
            ),
            "validFrom": lambda p: p.update(validFrom="2020-01-01T00:00:00Z"),
        }
        for what, change in changes.items():
            with self.subTest(change=what):
                header, payload, signature = parts(token)
                change(payload)
                result = badges.verify_credential(reassemble(header, payload, signature))
                self.assertEqual(result.status, "invalid")
                self.assertEqual(result.reason, "the signature does not match the content")

    def test_tampered_envelope_fails(self) -> None:
        envelope = badges.envelope(self.certificate)
        token = envelope["id"].removeprefix(badges.ENVELOPE_PREFIX)
        header, payload, signature = parts(token)
        payload["name"] = "Something else"
        envelope["id"] = badges.ENVELOPE_PREFIX + reassemble(header, payload, signature)
        self.assertEqual(badges.verify_credential(envelope).status, "invalid")

    def test_another_key_fails(self) -> None:
        genuine = badges.sign_credential(self.certificate)
        header, payload, _ = parts(genuine)
        forger = Ed25519PrivateKey.generate()
        body = json.dumps(payload).encode()
        # Claiming the issuer's key id: the signature does not match the published key.
        same_kid = jwt.api_jws.PyJWS().encode(body, forger, algorithm="EdDSA", headers=header)
        result = badges.verify_credential(same_kid)
        self.assertEqual(result.status, "invalid")
        self.assertEqual(result.reason, "the signature does not match the content")
        # Naming its own key, even carrying it in the header: not a key this issuer publishes.
        own = {
            "kid": "https://attacker.example.org/key",
            "jwk": badges.public_jwk(forger.public_key()),
        }
        own_kid = jwt.api_jws.PyJWS().encode(body, forger, algorithm="EdDSA", headers=own)
        result = badges.verify_credential(own_kid)
        self.assertEqual(result.status, "invalid")
        self.assertEqual(result.reason, "signed with a key this issuer does not publish")

    def test_unsigned_or_malformed_fails(self) -> None:
        header, payload, _ = parts(badges.sign_credential(self.certificate))
        unsigned = reassemble({**header, "alg": "none"}, payload, "")
        for data in (
            unsigned,
            "not a token",
            "",
            {},
            {"type": "EnvelopedVerifiableCredential"},
            badges.build_credential(self.certificate),
            42,
            "{broken json",
        ):
            with self.subTest(data=str(data)[:30]):
                self.assertEqual(badges.verify_credential(data).status, "invalid")

    def test_signed_by_this_key_for_another_issuer_fails(self) -> None:
        """A genuine signature over a document that is not one of ours is still refused."""
        key = badges.signing_key()
        header, payload, _ = parts(badges.sign_credential(self.certificate))
        payload["issuer"]["id"] = payload["iss"] = "https://elsewhere.example.org/issuer"
        token = jwt.api_jws.PyJWS().encode(
            json.dumps(payload).encode(), key, algorithm="EdDSA", headers=header
        )
        result = badges.verify_credential(token)
        self.assertEqual((result.status, result.reason), ("invalid", "issued by someone else"))

    def test_revoked_certificate_reports_revoked(self) -> None:
        token = badges.sign_credential(self.certificate)
        revoke_certificate(self.certificate, reason="issued in error", acting_user=self.trainer)
        result = badges.verify_credential(token)
        self.assertEqual(result.status, "revoked")
        self.assertFalse(result.valid)
        self.assertEqual(result.certificate, self.certificate)

    def test_unknown_certificate_fails(self) -> None:
        token = badges.sign_credential(self.certificate)
        self.certificate.delete()
        result = badges.verify_credential(token)
        self.assertEqual(
            (result.status, result.reason), ("invalid", "no such certificate at this issuer")
        )


class VerifyCommandTests(CertificateTestCase):
    def run_command(self, data: str) -> tuple[str, int]:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(data)
        out = io.StringIO()
        try:
            call_command("verify_badge", handle.name, stdout=out)
        except CommandError as error:
            return str(error), error.returncode
        finally:
            os.unlink(handle.name)
        return out.getvalue(), 0

    def test_valid_tampered_and_revoked(self) -> None:
        envelope = badges.envelope(self.certificate)
        out, code = self.run_command(json.dumps(envelope))
        self.assertEqual(code, 0)
        self.assertIn("valid (Identifying presumed victims", out)
        tampered = envelope["id"].replace(envelope["id"][-10:], "AAAAAAAAAA")
        out, code = self.run_command(json.dumps({**envelope, "id": tampered}))
        self.assertEqual(code, 1)
        revoke_certificate(self.certificate, reason="issued in error", acting_user=self.trainer)
        out, code = self.run_command(json.dumps(envelope))
        self.assertEqual((code, out.split(":")[0]), (2, "revoked"))
