from django.urls import path, register_converter

from frontline.certificates import views
from frontline.certificates.codes import CodeConverter

app_name = "certificates"
register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.mine, name="mine"),
    path("verify/", views.verify_form, name="verify_form"),
    # Any string: a mistyped code gets the page's own "no such certificate", not a bare 404.
    path("verify/<str:code>", views.verify, name="verify"),
    path("issuer", views.issuer, name="issuer"),
    path("issuer/jwks.json", views.jwks, name="jwks"),
    path("status/revocation", views.status_list, name="status_list"),
    path("<code:code>.pdf", views.pdf, name="pdf"),
    path("<code:code>/badge.json", views.badge, name="badge"),
    path("<code:code>/revoke", views.revoke, name="revoke"),
]
