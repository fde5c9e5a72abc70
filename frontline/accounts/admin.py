from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frontline.accounts import actions
from frontline.accounts.models import Agency, Membership, User


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
        actions.send_password_link(user, acting_user=acting_user, request=request)
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    actions = [send_password_links]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "region"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "region"]
