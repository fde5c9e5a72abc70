"""Every page that exists, against every persona: who gets what."""

from __future__ import annotations

from frontline.test import BaseTestCase

ALL = ["learner", "trainer", "coordinator", "officer", "analyst", "investigator", "caseworker",
       "admin", "outsider"]  # fmt: skip
# Signed in with a verified authenticator (the test base gives them one).
WITH_APP = ["analyst", "investigator", "caseworker", "admin"]

# url -> expected status for anonymous visitors and for each signed-in (verified) persona
MATRIX: dict[str, tuple[int, dict[str, int]]] = {
    "/": (200, dict.fromkeys(ALL, 200)),
    "/healthz": (200, dict.fromkeys(ALL, 200)),
    "/accounts/": (302, dict.fromkeys(ALL, 200)),
    "/accounts/password/": (302, dict.fromkeys(ALL, 200)),
    # Verified, or not needing it: sent on.
    "/accounts/second-factor/": (302, dict.fromkeys(ALL, 302)),
    # Without a set-up link opened in the session there is nothing to set up.
    "/accounts/second-factor/set-up/": (302, dict.fromkeys(ALL, 404)),
    "/accounts/second-factor/set-up/not-a-link/": (404, dict.fromkeys(ALL, 404)),
    "/accounts/recovery-codes/": (302, {**dict.fromkeys(ALL, 403), **dict.fromkeys(WITH_APP, 200)}),
    "/accounts/login/": (200, dict.fromkeys(ALL, 302)),  # signed-in users are sent on
    "/accounts/password/reset/": (200, dict.fromkeys(ALL, 200)),
    # Only staff reach the admin site; everyone else is sent to its login.
    "/admin/": (302, {**dict.fromkeys(ALL, 302), "admin": 200}),
}


class RoleMatrixTests(BaseTestCase):
    def test_anonymous(self) -> None:
        for url, (expected, _) in MATRIX.items():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, expected)

    def test_personas(self) -> None:
        for username in ALL:
            self.client.logout()
            self.login(getattr(self, username))
            for url, (_, by_persona) in MATRIX.items():
                with self.subTest(url=url, persona=username):
                    self.assertEqual(self.client.get(url).status_code, by_persona[username])

    def test_outsider_sees_no_role_of_agency_a(self) -> None:
        self.login(self.outsider)
        r = self.client.get("/accounts/")
        self.assertContains(r, "Northmark Police")
        self.assertNotContains(r, "Valdoria")
