"""Certificate pages: who may see and do what, the public page shows only what it must."""

from __future__ import annotations

import json
import re
import zlib

from django.test import Client, override_settings

from frontline.audit.models import AuditEvent
from frontline.certificates import badges, ratelimit
from frontline.certificates.actions import revoke_certificate
from frontline.certificates.models import Certificate
from frontline.certificates.tests.base import CertificateTestCase
from frontline.lib.pageweight import BUDGET_BYTES, measure


def pdf_streams(pdf: bytes) -> bytes:
    """Every stream of a PDF, inflated where compressed, joined: enough to find a string."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            out.append(stream)
    return b"\n".join(out)


class MineTests(CertificateTestCase):
    def test_learner_sees_own_certificates_with_links(self) -> None:
        self.login(self.learner)
        r = self.client.get("/certificates/")
        code = self.certificate.display_code
        self.assertContains(r, "Identifying presumed victims")
        self.assertContains(r, code)
        self.assertContains(r, f'href="/certificates/{code}.pdf"')
        self.assertContains(r, f'href="/certificates/{code}/badge.json"')
        self.assertContains(r, f'href="/certificates/verify/{code}"')
        self.assertNotContains(r, "Certificates you issued or oversee")
        self.assertIn("no-cache", r["Cache-Control"])

    def test_list_shows_only_own_and_managed(self) -> None:
        self.login(self.outsider)
        r = self.client.get("/certificates/")
        self.assertContains(r, "You have no certificates yet")
        self.assertNotContains(r, self.certificate.display_code)
        self.login(self.coordinator)
        r = self.client.get("/certificates/")
        self.assertContains(r, "Certificates you issued or oversee")
        self.assertContains(r, f"/certificates/{self.certificate.display_code}/revoke")

    def test_queries_do_not_grow_with_certificates(self) -> None:
        for n in range(5):
            self.issue(self.officer, reference=f"course:{n}")
            self.issue(self.learner, reference=f"course:{n}")
        self.login(self.coordinator)
        # Session, user (with its second-factor need), own, managed; the session is not saved
        # again within a minute.
        with self.assertNumQueries(4):
            r = self.client.get("/certificates/")
        self.assertContains(r, "/revoke", count=11)  # the learner's 6 and the officer's 5

    def test_anonymous_and_wrong_method(self) -> None:
        r = self.client.get("/certificates/")
        self.assertTrue(r["Location"].startswith("/accounts/login/"))
        self.login(self.learner)
        self.assertEqual(self.client.post("/certificates/").status_code, 405)

    def test_list_within_budget(self) -> None:
        self.login(self.learner)
        weight = measure(self.client, "/certificates/")
        self.assertEqual(weight.status, 200)
        self.assertLess(weight.total, BUDGET_BYTES)


class DownloadTests(CertificateTestCase):
    def urls(self) -> list[str]:
        code = self.certificate.display_code
        return [f"/certificates/{code}.pdf", f"/certificates/{code}/badge.json"]

    def test_pdf_is_a_pdf_with_the_code(self) -> None:
        self.login(self.learner)
        r = self.client.get(self.urls()[0])
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        # The code is in the document's metadata (its keywords), inside a compressed stream.
        self.assertIn(self.certificate.display_code.encode(), pdf_streams(r.content))
        self.assertNotIn(b"0000-0000-0000", pdf_streams(r.content))
        self.assertIn("attachment", r["Content-Disposition"])

    def test_badge_is_the_signed_credential(self) -> None:
        self.login(self.learner)
        r = self.client.get(self.urls()[1])
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        data = json.loads(r.content)
        self.assertEqual(data["type"], "EnvelopedVerifiableCredential")
        self.assertEqual(badges.verify_credential(data).status, "valid")

    def test_who_may_download(self) -> None:
        # The holder, the issuing trainer, the academy's coordinator and administrator.
        for name in ("learner", "trainer", "coordinator", "admin"):
            self.login(getattr(self, name))
            for url in self.urls():
                with self.subTest(persona=name, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_outsiders_get_404(self) -> None:
        for name in ("outsider", "analyst", "caseworker", "officer"):
            self.login(getattr(self, name))
            for url in self.urls():
                with self.subTest(persona=name, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_unknown_code_anonymous_and_wrong_method(self) -> None:
        for url in self.urls():
            with self.subTest(url=url):
                self.assertTrue(self.client.get(url)["Location"].startswith("/accounts/login/"))
        self.login(self.learner)
        for url in (
            "/certificates/0000-0000-0000.pdf",
            "/certificates/0000-0000-0000/badge.json",
            "/certificates/not-a-code.pdf",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 405)

    def test_badge_without_a_key_is_503(self) -> None:
        self.login(self.learner)
        with override_settings(BADGE_SIGNING_KEY=None):
            r = self.client.get(self.urls()[1])
            self.assertContains(r, "no signing key", status_code=503)
            self.assertEqual(self.client.get("/certificates/issuer").status_code, 503)


class VerifyPageTests(CertificateTestCase):
    def url(self) -> str:
        return f"/certificates/verify/{self.certificate.display_code}"

    def test_anyone_can_verify_and_sees_only_the_allowed_fields(self) -> None:
        r = self.client.get(self.url())  # not signed in
        self.assertContains(r, "This certificate is valid")
        self.assertContains(r, "Lena Marek")
        self.assertContains(r, "Identifying presumed victims")
        self.assertContains(r, "20 November 2026")
        # Nothing else about the holder, the course or the issuer.
        for private in (
            "learner",
            "example.org",
            "course:12",
            "Verhoef",
            "Tomas",
            "Valdoria",
            "Academy",
        ):
            with self.subTest(private=private):
                self.assertNotContains(r, private)

    def test_revocation_shows_without_the_reason(self) -> None:
        revoke_certificate(
            self.certificate, reason="attendance was misrecorded", acting_user=self.trainer
        )
        r = self.client.get(self.url())
        self.assertContains(r, "This certificate has been revoked")
        self.assertContains(r, "Revoked on")
        self.assertNotContains(r, "misrecorded")
        self.assertNotContains(r, "This certificate is valid")

    def test_typed_forms_of_the_code_lead_to_it(self) -> None:
        code = self.certificate.code
        for typed in (code.lower(), code, f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()):
            with self.subTest(typed=typed):
                self.assertRedirects(
                    self.client.get(f"/certificates/verify/{typed}"),
                    self.url(),
                    fetch_redirect_response=False,
                )
                r = self.client.get("/certificates/verify/", {"code": typed})
                self.assertRedirects(r, self.url(), fetch_redirect_response=False)

    def test_unknown_code_is_404_with_a_message(self) -> None:
        for code in ("0000-0000-0000", "nonsense"):
            with self.subTest(code=code):
                r = self.client.get(f"/certificates/verify/{code}")
                self.assertContains(r, "No certificate has this code", status_code=404)

    def test_bad_typed_code_is_400_with_a_message(self) -> None:
        r = self.client.get("/certificates/verify/", {"code": "12345"})
        self.assertContains(r, "A code has 12 letters and digits", status_code=400)
        self.assertContains(self.client.get("/certificates/verify/"), 'name="code"')

    def test_guessing_is_limited(self) -> None:
        for n in range(ratelimit.MISSES_ALLOWED):
            self.assertEqual(
                self.client.get(f"/certificates/verify/0000-0000-{n:04d}").status_code, 404
            )
        # Then even a genuine code is refused for a while, from that address only.
        r = self.client.get(self.url())
        self.assertContains(r, "Too many unknown codes", status_code=429)
        self.assertContains(r, "Error 429", status_code=429)  # the site's page
        self.assertContains(r, "Try again in 1\xa0hour.", status_code=429)
        other = Client(REMOTE_ADDR="192.0.2.99")
        self.assertEqual(other.get(self.url()).status_code, 200)

    def test_genuine_lookups_are_not_limited(self) -> None:
        for _ in range(ratelimit.MISSES_ALLOWED + 5):
            self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_wrong_method(self) -> None:
        self.assertEqual(self.client.post(self.url()).status_code, 405)
        self.assertEqual(self.client.post("/certificates/verify/").status_code, 405)

    def test_within_budget(self) -> None:
        weight = measure(self.client, self.url())
        self.assertEqual(weight.status, 200)
        self.assertLess(weight.total, BUDGET_BYTES)


class IssuerTests(CertificateTestCase):
    def test_issuer_profile_publishes_the_key(self) -> None:
        r = self.client.get("/certificates/issuer")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/json")
        profile = json.loads(r.content)
        self.assertEqual(profile["id"], "https://frontline.example.org/certificates/issuer")
        self.assertEqual(profile["type"], ["Profile"])
        (method,) = profile["verificationMethod"]
        self.assertEqual(method["type"], "JsonWebKey")
        self.assertEqual(method["publicKeyJwk"]["crv"], "Ed25519")
        self.assertNotIn("d", method["publicKeyJwk"])  # never the private part
        jwks = json.loads(self.client.get("/certificates/issuer/jwks.json").content)
        self.assertEqual(jwks["keys"], [method["publicKeyJwk"]])

    def test_wrong_method(self) -> None:
        self.assertEqual(self.client.post("/certificates/issuer").status_code, 405)
        self.assertEqual(self.client.post("/certificates/issuer/jwks.json").status_code, 405)


class RevokeViewTests(CertificateTestCase):
    def url(self) -> str:
        return f"/certificates/{self.certificate.display_code}/revoke"

    def test_issuer_revokes_with_a_reason(self) -> None:
        self.login(self.trainer)
        self.assertContains(self.client.get(self.url()), 'name="reason"')
        r = self.client.post(self.url(), {"reason": "issued to the wrong person"})
        self.assertRedirects(r, "/certificates/")
        stored = Certificate.objects.get(pk=self.certificate.pk)
        self.assertTrue(stored.revoked)
        self.assertEqual(stored.revoked_by, self.trainer)
        event = AuditEvent.objects.get(action="certificate.revoke")
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_an_over_long_reason_is_refused_not_cut(self) -> None:
        self.login(self.trainer)
        r = self.client.post(self.url(), {"reason": "r" * 2001})
        self.assertContains(r, "is 2001 characters long; at most 2000", status_code=400)
        self.assertIsNone(Certificate.objects.get(pk=self.certificate.pk).revoked_at)

    def test_coordinator_and_admin_may_revoke(self) -> None:
        for name in ("coordinator", "admin"):
            with self.subTest(persona=name):
                self.login(getattr(self, name))
                self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_holder_gets_403_outsider_404(self) -> None:
        self.login(self.learner)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.assertEqual(self.client.post(self.url(), {"reason": "x"}).status_code, 403)
        for name in ("outsider", "analyst", "officer"):
            with self.subTest(persona=name):
                self.login(getattr(self, name))
                self.assertEqual(self.client.post(self.url(), {"reason": "x"}).status_code, 404)
        self.assertIsNone(Certificate.objects.get(pk=self.certificate.pk).revoked_at)

    def test_coordinator_cannot_revoke_their_own(self) -> None:
        own = self.issue(self.coordinator)
        self.login(self.coordinator)
        r = self.client.post(f"/certificates/{own.display_code}/revoke", {"reason": "mine"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.client.get(f"/certificates/{own.display_code}.pdf").status_code, 200)

    def test_missing_reason_is_400_and_nothing_changes(self) -> None:
        self.login(self.trainer)
        r = self.client.post(self.url(), {"reason": "   "})
        self.assertContains(r, "Say why the certificate is revoked.", status_code=400)
        self.assertIsNone(Certificate.objects.get(pk=self.certificate.pk).revoked_at)

    def test_revoking_twice_is_400(self) -> None:
        self.login(self.trainer)
        self.client.post(self.url(), {"reason": "first"})
        r = self.client.post(self.url(), {"reason": "second"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Certificate.objects.get(pk=self.certificate.pk).revocation_reason, "first")

    def test_csrf_and_wrong_method(self) -> None:
        client = Client(enforce_csrf_checks=True)
        self.login(self.trainer, client=client)
        self.assertEqual(client.post(self.url(), {"reason": "no token"}).status_code, 403)
        self.assertIsNone(Certificate.objects.get(pk=self.certificate.pk).revoked_at)
        self.login(self.trainer)
        self.assertEqual(self.client.put(self.url()).status_code, 405)
        self.assertEqual(self.client.delete(self.url()).status_code, 405)


class AdminTests(CertificateTestCase):
    def test_admin_is_read_only(self) -> None:
        self.login(self.admin)
        base = "/admin/certificates/certificate/"
        r = self.client.get(base)
        self.assertContains(r, self.certificate.display_code)
        self.assertEqual(self.client.get(f"{base}add/").status_code, 403)
        page = self.client.get(f"{base}{self.certificate.pk}/change/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="code"')
        r = self.client.post(f"{base}{self.certificate.pk}/change/", {"title": "Changed"})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.client.post(f"{base}{self.certificate.pk}/delete/").status_code, 403)
        self.assertEqual(
            Certificate.objects.get(pk=self.certificate.pk).title, "Identifying presumed victims"
        )
