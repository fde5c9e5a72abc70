"""The admin site changes accounts only through accounts.actions, each change audited."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.models import Agency, Membership, Role, User
from frontline.audit.models import AuditEvent
from frontline.test import BaseTestCase, admin_form_data


class UserAdminTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.admin)
        self.url = f"/admin/accounts/user/{self.learner.pk}/change/"

    def post_change(self, **changes: Any) -> None:
        data = {**admin_form_data(self.client.get(self.url)), **changes}
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

    def last(self, action: str) -> AuditEvent:
        return AuditEvent.objects.filter(action=action).latest("id")

    def test_making_a_superuser_is_audited_with_old_and_new_values(self) -> None:
        self.post_change(is_staff="on", is_superuser="on")
        self.learner.refresh_from_db()
        self.assertTrue(self.learner.is_superuser)
        event = self.last("accounts.change_account")
        self.assertEqual((event.actor, event.object_id), (self.admin, str(self.learner.pk)))
        self.assertEqual(
            event.details["changes"],
            {"is_staff": {"old": False, "new": True}, "is_superuser": {"old": False, "new": True}},
        )
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_names_are_logged_as_changed_without_their_values(self) -> None:
        self.post_change(first_name="Lea", email="lena.marek@example.org")
        changes = self.last("accounts.change_account").details["changes"]
        self.assertEqual(changes["first_name"], "changed")
        self.assertEqual(
            changes["email"], {"old": "learner@example.org", "new": "lena.marek@example.org"}
        )
        self.assertNotIn("Lea", str(changes))

    def test_saving_unchanged_writes_no_row(self) -> None:
        self.post_change()
        self.assertFalse(AuditEvent.objects.filter(action="accounts.change_account").exists())

    def test_roles_added_changed_and_removed_inline_are_audited(self) -> None:
        atu = Agency.objects.get(name="Valdoria Anti-Trafficking Unit")
        page = self.client.get(self.url)
        data = admin_form_data(page)
        # Add a second membership row.
        data["memberships-TOTAL_FORMS"] = "2"
        data["memberships-1-agency"] = str(atu.pk)
        data["memberships-1-role"] = Role.ANALYST
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertTrue(self.learner.has_role(Role.ANALYST, atu))
        granted = self.last("accounts.grant_role")
        self.assertEqual(granted.details, {"user": self.learner.pk, "agency": atu.pk,
                                           "role": "analyst"})  # fmt: skip
        # Change the learner role to trainer, and delete the analyst one.
        data = admin_form_data(self.client.get(self.url))
        rows = {data[f"memberships-{n}-role"]: n for n in range(2)}
        data[f"memberships-{rows['learner']}-role"] = Role.TRAINER
        data[f"memberships-{rows['analyst']}-DELETE"] = "on"
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertEqual(self.learner.roles(), {Role.TRAINER})
        revoked = AuditEvent.objects.filter(action="accounts.revoke_role")
        self.assertEqual(sorted(e.details["role"] for e in revoked), ["analyst", "learner"])
        self.assertEqual(self.last("accounts.grant_role").details["role"], "trainer")
        self.assertEqual(Membership.objects.filter(user=self.learner).count(), 1)

    def test_a_new_account_is_audited_as_collected(self) -> None:
        page = self.client.get("/admin/accounts/user/add/")
        data = {**admin_form_data(page), "username": "nadia.k", "usable_password": "false"}
        self.assertEqual(self.client.post("/admin/accounts/user/add/", data).status_code, 302)
        user = User.objects.get(username="nadia.k")
        self.assertFalse(user.has_usable_password())
        event = self.last("accounts.create_account")
        self.assertEqual((event.kind, event.object_id), ("collection", str(user.pk)))
        self.assertEqual(event.details["changes"]["username"], "changed")
        self.assertEqual(event.details["changes"]["is_active"], {"old": None, "new": True})

    def test_accounts_are_not_deleted_and_passwords_not_set_here(self) -> None:
        for url in (
            f"/admin/accounts/user/{self.learner.pk}/delete/",
            f"/admin/accounts/user/{self.learner.pk}/password/",
        ):
            self.assertEqual(self.client.get(url).status_code, 403, url)
            self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403, url)
        self.assertTrue(User.objects.filter(pk=self.learner.pk).exists())
        # The admin site's own password page sends to the audited one.
        response = self.client.get("/admin/password_change/")
        self.assertRedirects(response, "/accounts/password/", fetch_redirect_response=False)


class OtherAccountAdminTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.admin)

    def test_agency_edits_are_audited_and_agencies_not_deleted(self) -> None:
        agency = Agency.objects.get(name="Northmark Police")
        url = f"/admin/accounts/agency/{agency.pk}/change/"
        data = {**admin_form_data(self.client.get(url)), "region": "Harbour District"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        event = AuditEvent.objects.get(action="accounts.save_agency")
        self.assertEqual(
            event.details["changes"],
            {"region": {"old": "Lakeside District", "new": "Harbour District"}},
        )
        delete = f"/admin/accounts/agency/{agency.pk}/delete/"
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)

    def test_no_groups_and_no_second_factor_keys(self) -> None:
        self.assertEqual(self.client.get("/admin/auth/group/").status_code, 404)
        device = TOTPDevice.objects.create(user=self.analyst, name="phone", confirmed=True)
        base = f"/admin/otp_totp/totpdevice/{device.pk}"
        page = self.client.get(f"{base}/change/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, device.key)
        for url in (f"{base}/config/", f"{base}/qrcode/", f"{base}/delete/"):
            self.assertEqual(self.client.get(url).status_code, 403, url)
        self.assertEqual(self.client.post(f"{base}/change/", {"name": "x"}).status_code, 403)

    def test_the_audit_log_is_not_in_the_admin(self) -> None:
        self.assertEqual(self.client.get("/admin/audit/auditevent/").status_code, 404)
