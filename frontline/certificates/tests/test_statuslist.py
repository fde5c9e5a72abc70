"""The Bitstring Status List: each badge points into it, and revoking sets its bit."""

from __future__ import annotations

import base64
import gzip
import json

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from frontline.certificates import badges, statuslist
from frontline.certificates.actions import revoke_certificate
from frontline.certificates.tests.base import CertificateTestCase

LIST_URL = "https://frontline.example.org/certificates/status/revocation"


class EncodingTests(CertificateTestCase):
    def test_bits_round_trip(self) -> None:
        revoked = {0, 7, 8, 1000, 131_071}
        encoded = statuslist.encode(revoked)
        self.assertTrue(encoded.startswith("u"))
        for index in (0, 1, 6, 7, 8, 9, 999, 1000, 1001, 131_070, 131_071):
            with self.subTest(index=index):
                self.assertEqual(statuslist.is_set(encoded, index), index in revoked)

    def test_most_significant_bit_first_and_minimum_length(self) -> None:
        data = statuslist.encode([0, 9])[1:]
        raw = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
        self.assertEqual(len(raw) * 8, statuslist.MIN_BITS)
        self.assertEqual(raw[:2], bytes([0b1000_0000, 0b0100_0000]))
        self.assertEqual(raw[2:], bytes(len(raw) - 2))

    def test_list_grows_past_the_minimum_and_is_stable(self) -> None:
        encoded = statuslist.encode([200_000])
        self.assertTrue(statuslist.is_set(encoded, 200_000))
        self.assertFalse(statuslist.is_set(encoded, 199_999))
        self.assertEqual(encoded, statuslist.encode([200_000]))
        with self.assertRaises(ValueError):
            statuslist.is_set(statuslist.encode([]), statuslist.MIN_BITS)


class ListCredentialTests(CertificateTestCase):
    def published_list(self) -> dict:
        """Fetch and check the list as an outside verifier would: signature by the published key."""
        r = self.client.get("/certificates/status/revocation")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/vc+jwt")
        token = r.content.decode()
        (method,) = badges.issuer_profile()["verificationMethod"]
        x = method["publicKeyJwk"]["x"]
        public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "="))
        self.assertEqual(jwt.get_unverified_header(token)["kid"], method["id"])
        signed = jwt.api_jws.PyJWS().decode_complete(token, key=public, algorithms=["EdDSA"])
        return json.loads(signed["payload"])

    def test_badge_points_into_the_list(self) -> None:
        status = badges.build_credential(self.certificate)["credentialStatus"]
        self.assertEqual(
            status,
            {
                "id": f"{LIST_URL}#{self.certificate.pk}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(self.certificate.pk),
                "statusListCredential": LIST_URL,
            },
        )

    def test_revoking_sets_the_bit(self) -> None:
        index = int(
            badges.build_credential(self.certificate)["credentialStatus"]["statusListIndex"]
        )
        other = self.issue(self.officer)
        listed = self.published_list()
        self.assertEqual(listed["type"], ["VerifiableCredential", "BitstringStatusListCredential"])
        self.assertEqual(listed["id"], LIST_URL)
        self.assertEqual(listed["issuer"], "https://frontline.example.org/certificates/issuer")
        subject = listed["credentialSubject"]
        self.assertEqual(subject["statusPurpose"], "revocation")
        self.assertFalse(statuslist.is_set(subject["encodedList"], index))
        revoke_certificate(self.certificate, reason="issued in error", acting_user=self.trainer)
        encoded = self.published_list()["credentialSubject"]["encodedList"]
        self.assertTrue(statuslist.is_set(encoded, index))
        self.assertFalse(statuslist.is_set(encoded, other.pk))

    def test_wrong_method_and_no_key(self) -> None:
        self.assertEqual(self.client.post("/certificates/status/revocation").status_code, 405)
        with self.settings(BADGE_SIGNING_KEY=None):
            self.assertEqual(self.client.get("/certificates/status/revocation").status_code, 503)
