from __future__ import annotations

import re
from typing import Any

from django.test import Client

from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.policy import Role
from frontline.audit.models import AuditEvent
from frontline.lti.models import LtiAccount
from frontline.lti.tests.platform import ISSUER, TOOL, SimulatedLms
from frontline.test import BaseTestCase


class LaunchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.agency = Agency.objects.get(memberships__user=cls.learner)
        cls.lms = SimulatedLms()
        cls.platform = cls.lms.register(cls.agency)

    def start(self, target: str = "/learn/u1/", *, client: Client | None = None) -> str:
        """The platform's login initiation; returns the tool's authorisation redirect."""
        client = client or self.client
        url = self.lms.login_url(target)
        self.assertTrue(url.startswith(TOOL + "/lti/login/?"))
        response = client.get(url[len(TOOL) :])
        self.assertEqual(response.status_code, 302, response.content[:300])
        location: str = response["Location"]
        self.assertTrue(location.startswith(ISSUER + "/auth?"), location)
        return location

    def launch(self, target: str = "/learn/u1/", **kw: Any) -> Any:
        post = self.lms.id_token_post(self.start(target), **kw)
        self.assertEqual(post["launch_url"], TOOL + "/lti/launch/")
        return self.client.post(
            "/lti/launch/", {"id_token": post["id_token"], "state": post["state"]}
        )


class ResourceLaunchTests(LaunchTestCase):
    def test_first_launch_makes_a_learner_of_the_agency_and_opens_the_unit(self) -> None:
        before = User.objects.count()
        response = self.launch("/learn/u1/")
        self.assertRedirects(response, "/learn/u1/", fetch_redirect_response=False)
        self.assertEqual(User.objects.count(), before + 1)
        link = LtiAccount.objects.get(platform=self.platform, subject="lms-user-17")
        self.assertTrue(
            Membership.objects.filter(
                user=link.user, agency=self.agency, role=Role.LEARNER
            ).exists()
        )
        self.assertFalse(link.user.has_usable_password())
        # Signed in: the unit page opens.
        self.assertEqual(self.client.get("/learn/u1/").status_code, 200)
        event = AuditEvent.objects.filter(action="lti.launch").get()
        self.assertEqual((event.kind, event.actor_id), ("authentication", link.user_id))

    def test_the_next_launch_signs_in_the_same_account(self) -> None:
        self.launch("/learn/u1/")
        self.client.logout()
        before = User.objects.count()
        response = self.launch("/learn/quizzes/u1-quiz/")
        self.assertRedirects(response, "/learn/quizzes/u1-quiz/", fetch_redirect_response=False)
        self.assertEqual(User.objects.count(), before)

    def test_a_lesson_and_a_case_exercise_can_be_launched(self) -> None:
        for target in ("/learn/u1/u1-l02/", "/learn/scenarios/border-minibus/"):
            self.client.logout()
            response = self.launch(target)
            self.assertRedirects(response, target, fetch_redirect_response=False)

    def test_a_trusted_lms_reaches_an_existing_learner_by_e_mail(self) -> None:
        self.platform.trust_email = True
        self.platform.save()
        self.launch(email=self.learner.email)
        self.assertEqual(LtiAccount.objects.get().user, self.learner)

    def test_an_untrusted_lms_never_reaches_an_existing_account_by_e_mail(self) -> None:
        self.launch(email=self.learner.email)
        self.assertNotEqual(LtiAccount.objects.get().user, self.learner)

    def test_no_lms_reaches_an_account_that_needs_a_second_factor(self) -> None:
        self.platform.trust_email = True
        self.platform.save()
        self.launch(email=self.admin.email)
        self.assertNotEqual(LtiAccount.objects.get().user, self.admin)


class BadLaunchTests(LaunchTestCase):
    def assertRefused(self, response: Any, text: str, status: int = 400) -> None:
        self.assertContains(response, text, status_code=status)

    def test_login_without_issuer_or_from_an_unknown_lms(self) -> None:
        self.assertRefused(self.client.get("/lti/login/"), "no issuer or login hint")
        other = SimulatedLms(issuer="https://elsewhere.example.org")
        url = other.login_url("/learn/u1/")
        self.assertRefused(self.client.get(url[len(TOOL) :]), "not registered")

    def test_login_for_a_page_that_cannot_be_launched(self) -> None:
        for target in ("/admin/", "/audit/", "/learn/u1/?next=https://evil.example.org"):
            url = self.lms.login_url(target)
            self.assertRefused(self.client.get(url[len(TOOL) :]), "cannot be launched")
        url = self.lms.login_url("/learn/u1/").replace("127.0.0.1%3A8000", "evil.example.org", 1)
        self.assertRefused(self.client.get(url[len(TOOL) :]), "cannot be launched")

    def test_launch_without_a_token(self) -> None:
        self.assertRefused(self.client.post("/lti/launch/", {}), "no id_token or state")
        self.assertEqual(self.client.get("/lti/launch/").status_code, 405)

    def test_a_token_signed_by_another_key(self) -> None:
        auth = self.start()
        forger = SimulatedLms()  # same issuer and client id, its own key
        post = forger.id_token_post(auth)
        response = self.client.post(
            "/lti/launch/", {"id_token": post["id_token"], "state": post["state"]}
        )
        self.assertRefused(response, "could not be verified")
        self.assertFalse(LtiAccount.objects.exists())

    def test_a_token_from_another_browser_state(self) -> None:
        post = self.lms.id_token_post(self.start())
        stranger = Client()
        response = stranger.post(
            "/lti/launch/", {"id_token": post["id_token"], "state": post["state"]}
        )
        self.assertRefused(response, "could not be verified")

    def test_a_token_replayed(self) -> None:
        post = self.lms.id_token_post(self.start())
        data = {"id_token": post["id_token"], "state": post["state"]}
        self.assertEqual(self.client.post("/lti/launch/", data).status_code, 302)
        self.client.logout()
        self.assertRefused(self.client.post("/lti/launch/", data), "could not be verified")

    def test_a_garbled_token(self) -> None:
        post = self.lms.id_token_post(self.start())
        response = self.client.post(
            "/lti/launch/", {"id_token": post["id_token"][:-12] + "x" * 12, "state": post["state"]}
        )
        self.assertRefused(response, "could not be verified")
        response = self.client.post("/lti/launch/", {"id_token": "a.b", "state": post["state"]})
        self.assertRefused(response, "could not be verified")

    def test_an_unknown_deployment(self) -> None:
        auth = self.start()
        self.lms.registration.set_deployment_id("deployment-unknown")
        post = self.lms.id_token_post(auth)
        response = self.client.post(
            "/lti/launch/", {"id_token": post["id_token"], "state": post["state"]}
        )
        self.assertRefused(response, "could not be verified")

    def test_a_launch_whose_token_names_another_page(self) -> None:
        auth = self.start("/learn/u1/")
        post = self.lms.id_token_post(auth, target_path="/audit/")
        response = self.client.post(
            "/lti/launch/", {"id_token": post["id_token"], "state": post["state"]}
        )
        self.assertRefused(response, "cannot be launched")
        self.assertFalse(LtiAccount.objects.exists())

    def test_a_switched_off_platform(self) -> None:
        self.platform.active = False
        self.platform.save()
        url = self.lms.login_url("/learn/u1/")
        self.assertRefused(self.client.get(url[len(TOOL) :]), "not registered")


class DeepLinkingTests(LaunchTestCase):
    def test_the_designer_picks_a_lesson_and_the_lms_receives_it_signed(self) -> None:
        response = self.launch("/learn/u1/", deep_link_return=f"{ISSUER}/deep-link-return")
        self.assertContains(response, "Choose what to add to your course")
        self.assertContains(response, 'value="/learn/scenarios/border-minibus/"')
        action = re.search(r'action="(/lti/deep-link/[^"]+)"', response.content.decode())
        assert action is not None
        # Nobody is signed in by choosing content.
        self.assertFalse(LtiAccount.objects.exists())
        answer = self.client.post(action.group(1), {"path": "/learn/u1/u1-l01/"})
        self.assertContains(answer, f'action="{ISSUER}/deep-link-return"')
        jwt = re.search(r'name="JWT" value="([^"]+)"', answer.content.decode())
        assert jwt is not None
        jwks = self.client.get("/lti/jwks.json").json()
        items = self.lms.read_deep_link_response(jwt.group(1), jwks)
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["type"], "ltiResourceLink")
        self.assertEqual(items[0]["url"], TOOL + "/learn/u1/u1-l01/")

    def test_a_choice_not_listed_or_an_unknown_launch_is_refused(self) -> None:
        response = self.launch("/learn/u1/", deep_link_return=f"{ISSUER}/deep-link-return")
        action = re.search(r'action="(/lti/deep-link/[^"]+)"', response.content.decode())
        assert action is not None
        self.assertContains(
            self.client.post(action.group(1), {"path": "/admin/"}), "Choose one", status_code=400
        )
        self.assertContains(
            self.client.post("/lti/deep-link/lti1p3-launch-nope/", {"path": "/learn/u1/"}),
            "expired",
            status_code=400,
        )

    def test_a_resource_launch_cannot_be_used_to_choose(self) -> None:
        self.launch("/learn/u1/")
        launch_id = self.client.session.get("lti-launch")
        self.assertIsNone(launch_id)  # a resource launch leaves nothing to choose with


class JwksTests(BaseTestCase):
    def test_the_tool_publishes_one_key_per_active_registration(self) -> None:
        agency = Agency.objects.first()
        assert agency is not None
        SimulatedLms().register(agency)
        other = SimulatedLms(client_id="other").register(agency)
        other.active = False
        other.save()
        keys = self.client.get("/lti/jwks.json").json()["keys"]
        self.assertEqual(len(keys), 1)
        self.assertEqual((keys[0]["kty"], keys[0]["alg"]), ("RSA", "RS256"))
        self.assertNotIn("d", keys[0])  # the public half only


class RegisterCommandTests(BaseTestCase):
    def test_the_command_registers_and_prints_the_tool_urls(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        agency = Agency.objects.get(memberships__user=self.learner)
        out = StringIO()
        call_command(
            "lti_register", "--name", "Academy Moodle", "--issuer", ISSUER,
            "--client-id", "abc", "--deployment", "1", "--login-url", f"{ISSUER}/auth",
            "--token-url", f"{ISSUER}/token", "--keyset-url", f"{ISSUER}/jwks",
            "--agency", agency.name, stdout=out,
        )  # fmt: skip
        self.assertIn(f"{TOOL}/lti/login/", out.getvalue())
        self.assertEqual(
            AuditEvent.objects.get(action="lti.register_platform").details["client_id"], "abc"
        )
