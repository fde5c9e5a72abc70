"""The e-mails about an account, written when they are sent (mail/outbox.py): a link to choose
a password, asked for by the person (password reset) or sent by an administrator, and a link to
set up the second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontline.accounts import second_factor
from frontline.accounts.models import User
from frontline.mail.models import Message
from frontline.mail.outbox import Email, composer


def set_password_url(user: User) -> str:
    """A one-time link to choose a password (Django's reset token: it stops working once the
    password changes, and after PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])


def _email(template: str, user: User) -> Email:
    context = {"user": user, "url": set_password_url(user), "site": settings.SITE_URL}
    return Email(
        render_to_string(f"accounts/{template}_subject.txt", context).strip(),
        render_to_string(f"accounts/{template}_email.txt", context),
    )


@composer
def password_reset(message: Message) -> Email:
    return _email("password_reset", message.recipient)


@composer
def password_link(message: Message) -> Email:
    return _email("password_link", message.recipient)


@composer
def second_factor_link(message: Message) -> Email:
    # The link is made as the e-mail leaves: only its digest is stored, and a retried e-mail
    # carries a new one (issuing a link retires the account's earlier unused ones).
    user = message.recipient
    url = second_factor.issue_link(user, acting_user=None)
    context = {"user": user, "url": url, "hours": settings.SECOND_FACTOR_LINK_HOURS}
    return Email(
        render_to_string("accounts/second_factor_link_subject.txt", context).strip(),
        render_to_string("accounts/second_factor_link_email.txt", context),
    )
