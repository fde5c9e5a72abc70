"""The admin site for accounts: every change goes through accounts.actions and is audited.

Also here, because they belong to signing in: the second-factor devices and the sign-in records
of django-axes, read-only (a device's key is never shown), and no auth groups (roles come from
memberships, not from Django's groups and permissions).
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontline.accounts.actions import (
    change_account,
    create_account,
    grant_role,
    revoke_role,
    save_agency,
    send_password_link,
    send_second_factor_link,
)
from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.views import LogoutView
from frontline.lib.admin import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.action(description=_("E-mail a link to choose a password"))
def send_password_links(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> None:
    """A lost or expired invitation, a forgotten password: a fresh one-time link, audited."""
    acting_user = request.user
    assert isinstance(acting_user, User)
    users = list(queryset.exclude(email=""))
    for user in users:
        send_password_link(user, acting_user=acting_user, request=request)
    modeladmin.message_user(
        request,
        ngettext(
            "A link to choose a password is on its way to %(n)d person.",
            "A link to choose a password is on its way to %(n)d people.",
            len(users),
        )
        % {"n": len(users)},
        messages.SUCCESS,
    )


@admin.action(description=_("E-mail a second-factor set-up link"))
def send_second_factor_links(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> None:
    """The administrator's way to (re-)enrol someone's authenticator: a one-time link to the
    account's own e-mail address, never shown here. Their current app keeps working until they
    set up the new one."""
    acting_user = request.user
    assert isinstance(acting_user, User)
    for user in queryset:
        if not user.email:
            modeladmin.message_user(
                request,
                _("The account “%(user)s” has no e-mail address: add one, or run `frontline "
                  "second_factor_link %(user)s` on the server.") % {"user": user.username},
                messages.ERROR,
            )  # fmt: skip
            continue
        send_second_factor_link(user, acting_user=acting_user, request=request)
        modeladmin.message_user(
            request, _("A set-up link is on its way to %(user)s.") % {"user": user.username}
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are never deleted (deactivate them: their audit rows keep pointing at them), and
    a password is never changed here: a new account gets a first one or none, later the person
    changes it themselves or through a reset link."""

    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active")
    actions = [send_password_links, send_second_factor_links]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        raise PermissionDenied

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        acting: User = request.user  # type: ignore[assignment]
        if not change:
            create_account(obj, acting_user=acting, request=request)
            return
        # The form has already set its values on `obj`; the action compares them with the row.
        values = {field: getattr(obj, field) for field in form.changed_data}
        change_account(obj, acting_user=acting, request=request, **values)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        acting: User = request.user  # type: ignore[assignment]
        user: User = form.instance
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            revoke_role(membership, acting_user=acting, request=request)
        for membership in memberships:
            if membership.pk:  # edited in place: the old role goes, the new one comes
                revoke_role(Membership.objects.get(pk=membership.pk), acting_user=acting,
                            request=request)  # fmt: skip
            grant_role(user, membership.agency, membership.role, acting_user=acting,
                       request=request)  # fmt: skip


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Agencies are not deleted here: their memberships, courses and records hang on them."""

    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "region"]
    actions: Any = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Agency, form: ModelForm, change: bool) -> None:
        save_agency(obj, acting_user=request.user, request=request)  # type: ignore[arg-type]


def _password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponseRedirect:
    return redirect("accounts:password_change")


# The admin site's own "change password" page would change it unaudited; use the site's page.
admin.site.password_change = _password_change  # type: ignore[method-assign, assignment]


def _read_only(model: type[Model], base: type[admin.ModelAdmin]) -> None:
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (ReadOnlyAdmin, base), {}))


admin.site.unregister(Group)
# Second factors are enrolled through the sign-in pages (audited), never on the admin site.
_read_only(TOTPDevice, TOTPDeviceAdmin)
_read_only(StaticDevice, StaticDeviceAdmin)
# Sign-in records are evidence; lock-outs end by themselves after the cool-off time.
for _model, _admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    _read_only(_model, _admin)


def _sign_in(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))


def _sign_out(request: HttpRequest, extra_context: object = None) -> HttpResponseBase:
    return LogoutView.as_view()(request)


# The admin site signs in and out through the site's own pages: its login form would otherwise
# check passwords outside the per-account limit (accounts/throttle.py) and the audit log.
admin.site.login = _sign_in  # type: ignore[method-assign]
admin.site.logout = _sign_out  # type: ignore[method-assign,assignment]
