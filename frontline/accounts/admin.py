from __future__ import annotations

from smtplib import SMTPException

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontline.accounts import second_factor
from frontline.accounts.models import Agency, Membership, User
from frontline.accounts.views import LogoutView


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.action(description=gettext_lazy("E-mail a second-factor set-up link"))
def send_second_factor_link(
    modeladmin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> None:
    """The administrator's way to (re-)enrol someone's authenticator: a one-time link to the
    account's own e-mail address, never shown here. Their current app keeps working until they
    set up the new one."""
    acting: User = request.user  # type: ignore[assignment]
    for user in queryset:
        if not user.email:
            modeladmin.message_user(
                request,
                _("The account “%(user)s” has no e-mail address: add one, or run `frontline "
                  "second_factor_link %(user)s` on the server.") % {"user": user.username},
                messages.ERROR,
            )  # fmt: skip
            continue
        try:
            second_factor.send_link(user, acting_user=acting, request=request)
        except (SMTPException, OSError):
            modeladmin.message_user(
                request,
                _("The link for %(user)s could not be e-mailed; try again later.")
                % {"user": user.username},
                messages.ERROR,
            )
        else:
            modeladmin.message_user(
                request, _("Set-up link e-mailed to %(user)s.") % {"user": user.username}
            )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    actions = [send_second_factor_link]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "region"]


def _sign_in(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))


def _sign_out(request: HttpRequest, extra_context: object = None) -> HttpResponseBase:
    return LogoutView.as_view()(request)


# The admin site signs in and out through the site's own pages: its login form would otherwise
# check passwords outside the per-account limit (accounts/throttle.py) and the audit log.
admin.site.login = _sign_in  # type: ignore[method-assign]
admin.site.logout = _sign_out  # type: ignore[method-assign,assignment]
