from __future__ import annotations

from frontline.test import BaseTestCase


class SecurityHeaderTests(BaseTestCase):
    def test_strict_content_security_policy(self) -> None:
        csp = self.client.get("/")["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        self.assertEqual(directives["default-src"], "'self'")
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertEqual(directives["object-src"], "'none'")
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("unsafe-eval", csp)

    def test_other_headers(self) -> None:
        r = self.client.get("/")
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r["Referrer-Policy"], "same-origin")
        self.assertEqual(r["X-Frame-Options"], "DENY")
        self.assertIn("camera=()", r["Permissions-Policy"])
        self.assertIn("geolocation=()", r["Permissions-Policy"])

    def test_hsts_outside_demo(self) -> None:
        r = self.client.get("/", secure=True)
        self.assertIn("max-age=31536000", r["Strict-Transport-Security"])

    def test_headers_also_on_errors(self) -> None:
        r = self.client.get("/no-such-page/")
        self.assertEqual(r.status_code, 404)
        self.assertIn("frame-ancestors 'none'", r["Content-Security-Policy"])

    def test_cookies_are_secure_and_http_only(self) -> None:
        self.login(self.learner)
        r = self.client.get("/")
        self.assertEqual(r.status_code, 200)
        session_cookie = self.client.cookies["sessionid"]
        self.assertTrue(session_cookie["secure"])
        self.assertTrue(session_cookie["httponly"])
        self.assertEqual(session_cookie["samesite"], "Lax")
