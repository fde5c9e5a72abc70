"""Certificate pages: the learner's list and downloads, the public verification page, the badge
and the issuer profile, and revocation."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from frontline.accounts.models import User
from frontline.certificates import badges, codes, ratelimit
from frontline.certificates.access import certificate_for
from frontline.certificates.actions import AlreadyRevoked, revoke_certificate
from frontline.certificates.models import Certificate
from frontline.certificates.pdf import certificate_pdf


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# --- signed in --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = Certificate.objects.visible_to(user)
    own = visible.filter(holder=user)
    # Beyond their own, what a user sees is what they issued or oversee: exactly what they may
    # revoke (see may_revoke). Newest first; the admin has the full list.
    managed = visible.exclude(holder=user)[:100]
    return render(request, "certificates/mine.html", {"certificates": own, "managed": managed})


@never_cache
@login_required
@require_GET
def pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_for(_user(request), code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.display_code}.pdf"'
    )
    return response


@never_cache
@login_required
@require_GET
def badge(request: HttpRequest, code: str) -> HttpResponse:
    certificate = certificate_for(_user(request), code)
    try:
        credential = badges.envelope(certificate)
    except badges.NoSigningKey:
        return _no_key(request)
    response = JsonResponse(credential, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="badge-{certificate.display_code}.json"'
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    certificate = certificate_for(user, code, revoke=True)
    error = ""
    if request.method == "POST":
        try:
            revoke_certificate(
                certificate,
                reason=request.POST.get("reason", ""),
                acting_user=user,
                request=request,
            )
        except (ValueError, AlreadyRevoked) as problem:
            error = str(problem)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("certificates:mine")
    status = 400 if error else 200
    return render(
        request,
        "certificates/revoke.html",
        {"certificate": certificate, "error": error, "reason": request.POST.get("reason", "")},
        status=status,
    )


# --- public -----------------------------------------------------------------------------------


@never_cache
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """The form to type a code; a typed code goes to its verification page."""
    typed = request.GET.get("code", "")
    if not typed:
        return render(request, "certificates/verify.html", {})
    code = codes.normalise(typed)
    if code is None:
        return render(
            request,
            "certificates/verify.html",
            {
                "typed": typed[:40],
                "error": _("A code has 12 letters and digits, like 7K3D-9QWX-M2HP."),
            },
            status=400,
        )
    return redirect("certificates:verify", code=codes.display(code))


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code sees the holder's name, the course, the date and the status,
    and nothing else."""
    paused = ratelimit.refused(request)
    if paused is not None:
        return paused
    normal = codes.normalise(code)
    certificate = Certificate.objects.filter(code=normal).first() if normal else None
    if certificate is None:
        ratelimit.count_miss(request)
        return render(
            request, "certificates/verify.html", {"unknown": True, "typed": code[:40]}, status=404
        )
    if code != certificate.display_code:
        return redirect(certificate)
    return render(request, "certificates/verify.html", {"certificate": certificate})


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    """Public: the issuer profile with its public key, for anyone verifying a badge."""
    try:
        profile = badges.issuer_profile()
    except badges.NoSigningKey:
        return _no_key(request)
    return HttpResponse(json.dumps(profile, indent=2), content_type="application/json")


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    """Public: the same public key as a JWK Set, for JOSE tools."""
    try:
        keys = [badges.public_jwk(key) for key in badges.published_keys().values()]
    except badges.NoSigningKey:
        return _no_key(request)
    return JsonResponse({"keys": keys})


@never_cache
@require_GET
def status_list(request: HttpRequest) -> HttpResponse:
    """Public: the signed revocation list every badge points to (`credentialStatus`)."""
    try:
        token = badges.sign_status_list()
    except badges.NoSigningKey:
        return _no_key(request)
    return HttpResponse(token, content_type="application/vc+jwt")


def _no_key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        _("Badges are not available: the site has no signing key configured."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
