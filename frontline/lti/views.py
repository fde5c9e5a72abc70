"""LTI 1.3 tool endpoints: OIDC login, launch, deep linking, and the tool's public keys.

The LMS posts from another site, so these views take no CSRF token: the signed id_token, the
state cookie and the nonce (checked by pylti1p3) are what prove a launch, and a deep-linking
choice is bound to its validated launch by the launch id, a random key held in the cache.
Every refusal is a 400 page saying what was wrong; nothing of the token is logged.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
from django.contrib.auth import login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException

from frontline.lti import keys, targets
from frontline.lti.actions import Refused, account_for_launch
from frontline.lti.config import tool_conf
from frontline.lti.models import Platform

logger = logging.getLogger(__name__)
BACKEND = "frontline.accounts.backends.UserBackend"
# Longer than any id_token lives (pylti1p3 allows a few minutes of clock skew on its exp).
NONCE_SECONDS = 24 * 3600
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def refused(request: HttpRequest, reason: str, status: int = 400) -> HttpResponse:
    logger.info("LTI request refused: %s", reason)
    return render(request, "lti/refused.html", {"reason": reason}, status=status)


def _storage() -> DjangoCacheDataStorage:
    return DjangoCacheDataStorage(cache_name="default")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("target_link_uri", "")
    if not params.get("iss") or not params.get("login_hint"):
        return refused(request, _("The LMS sent no issuer or login hint."))
    if targets.launch_path(target) is None:
        return refused(request, _("The LMS asked for a page that cannot be launched."))
    if _platform(params.get("iss", ""), params.get("client_id")) is None:
        return refused(request, _("This LMS is not registered with Frontline."))
    try:
        oidc = DjangoOIDCLogin(request, tool_conf(), launch_data_storage=_storage())
        response: HttpResponse = oidc.redirect(targets.absolute(reverse("lti:launch")))
    except (LtiException, OIDCException) as problem:
        return refused(request, _("This LMS is not registered with Frontline: %(why)s")
                       % {"why": problem})  # fmt: skip
    return response


def _platform(issuer: str, client_id: str | None) -> Platform | None:
    found = Platform.objects.filter(active=True, issuer=issuer)
    return (found.filter(client_id=client_id) if client_id else found).first()


def _unverified_platform(id_token: str) -> Platform | None:
    """The registration a token claims to come from, read before its signature is checked
    (pylti1p3 then checks it with that platform's keys)."""
    try:
        body = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    audience = body.get("aud")
    client_id = audience[0] if isinstance(audience, list) and audience else audience
    if not isinstance(body.get("iss"), str) or not isinstance(client_id, str):
        return None
    return _platform(body["iss"], client_id)


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    if not request.POST.get("id_token") or not request.POST.get("state"):
        return refused(request, _("The launch carries no id_token or state."))
    platform = _unverified_platform(request.POST["id_token"])
    if platform is None:
        return refused(request, _("The launch could not be verified: %(why)s")
                       % {"why": _("it names no LMS registered with Frontline")})  # fmt: skip
    message = DjangoMessageLaunch(request, tool_conf(), launch_data_storage=_storage())
    try:
        claims: dict[str, Any] = dict(message.get_launch_data())
    except LtiException as problem:
        return refused(request, _("The launch could not be verified: %(why)s") % {"why": problem})
    # pylti1p3 checks that the nonce is one it issued, not that it is used once: a token
    # replayed within its lifetime is refused here.
    if not cache.add(f"lti-nonce:{platform.pk}:{claims.get('nonce')}", 1, timeout=NONCE_SECONDS):
        return refused(request, _("The launch could not be verified: %(why)s")
                       % {"why": _("it was used already")})  # fmt: skip
    if message.is_deep_link_launch():
        return render(
            request,
            "lti/pick.html",
            {"launch_id": message.get_launch_id(), "choices": targets.choices()},
        )
    if not message.is_resource_launch():
        return refused(request, _("Frontline accepts resource-link and deep-linking launches."))
    path = targets.launch_path(
        claims.get("https://purl.imsglobal.org/spec/lti/claim/target_link_uri", "")
    )
    if path is None:
        return refused(request, _("The LMS asked for a page that cannot be launched."))
    try:
        user, _created = account_for_launch(platform, claims, request=request)
    except Refused as problem:
        return refused(request, str(problem), status=403)
    login(request, user, backend=BACKEND)
    return redirect(path)


@csrf_exempt
@xframe_options_exempt
@never_cache
@require_POST
def deep_link(request: HttpRequest, launch_id: str) -> HttpResponse:
    """The course designer's choice goes back to the LMS as a signed deep-linking response."""
    try:
        message = DjangoMessageLaunch.from_cache(
            launch_id, request, tool_conf(), launch_data_storage=_storage()
        )
    except LtiException:
        return refused(request, _("This choice has expired: start again from your LMS."))
    if not message.is_deep_link_launch():
        return refused(request, _("This launch was not for choosing content."))
    chosen = {t.path: t for t in targets.choices()}.get(request.POST.get("path", ""))
    if chosen is None:
        return refused(request, _("Choose one of the items listed."))
    launch_claims: dict[str, Any] = dict(message.get_launch_data())
    settings = launch_claims[DEEP_LINKING_SETTINGS]
    resource = (
        DeepLinkResource()
        .set_url(targets.absolute(chosen.path))
        .set_title(f"{chosen.kind}: {chosen.title}")
    )
    return render(
        request,
        "lti/deep_link_return.html",
        {
            "return_url": settings["deep_link_return_url"],
            "jwt": message.get_deep_link().get_response_jwt([resource]),
            "chosen": chosen,
        },
    )


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """The tool's public keys, one per active registration, for the platforms to check."""
    platforms = Platform.objects.filter(active=True).only("private_key")
    return JsonResponse({"keys": [keys.public_jwk(p.private_key) for p in platforms]})
