"""An LMS for the tests, built on lti1p3platform (an independent LTI 1.3 platform, MIT).

`SimulatedLms` holds the platform's RSA key and registration, and plays the platform's half of
the flow: it starts the OIDC login at the tool, answers the tool's authorisation request with a
signed id_token (the library's own message launch), and checks the tool's deep-linking response
with the tool's published keys.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request

from frontline.accounts.models import Agency, User
from frontline.lti.actions import register_platform
from frontline.lti.models import Platform

ISSUER = "https://lms.example.org"
CLIENT_ID = "frontline-tool"
DEPLOYMENT = "deployment-1"
TOOL = "http://127.0.0.1:8000"  # settings.SITE_URL in the tests


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()  # fmt: skip
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()  # fmt: skip
    return private, public


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: Any) -> None:
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        return self._registration  # type: ignore[return-value]


class _Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        return url


class _DictRequest(Request):
    def build_metadata(self, request: Any) -> Any:
        return {"method": "GET", "form_data": {}, "get_data": request, "headers": {},
                "content_type": None, "path": "", "json": None}  # fmt: skip


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return launch_data


class SimulatedLms:
    def __init__(self, *, issuer: str = ISSUER, client_id: str = CLIENT_ID) -> None:
        self.private_key, self.public_key = _key_pair()
        self.registration = (
            Registration()
            .set_iss(issuer)
            .set_client_id(client_id)
            .set_deployment_id(DEPLOYMENT)
            .set_oidc_login_url(f"{TOOL}/lti/login/")
            .set_platform_public_key(self.public_key)
            .set_platform_private_key(self.private_key)
        )
        self.conf = _Conf(registration=self.registration)

    def register(self, agency: Agency, **extra: Any) -> Platform:
        """Register this LMS with Frontline, as an administrator would."""
        return register_platform(
            name="Police academy LMS", issuer=self.registration.get_iss() or "",
            client_id=self.registration.get_client_id() or "", deployment_ids=[DEPLOYMENT],
            auth_login_url=f"{ISSUER}/auth", auth_token_url=f"{ISSUER}/token",
            key_set={"keys": self.registration.get_jwks()}, agency=agency, acting_user=None,
            **extra,
        )  # fmt: skip

    def login_url(self, target_path: str, user_id: str = "lms-user-17") -> str:
        """Step 1: the platform sends the browser to the tool's login with the target."""
        self.registration.set_launch_url(TOOL + target_path)
        login = _Login(None, self.conf)
        login.set_lti_message_hint(hint="resource-42")
        url: str = login.initiate_login(user_id)
        return url

    def id_token_post(
        self,
        authorisation_url: str,
        *,
        user_id: str = "lms-user-17",
        email: str = "",
        target_path: str | None = None,
        deep_link_return: str | None = None,
        claims: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Step 2: the platform answers the tool's authorisation request (the redirect the
        tool sent) with a signed id_token; returns what the browser posts to the tool."""
        query = dict(parse_qsl(urlsplit(authorisation_url).query))
        if target_path is not None:
            self.registration.set_launch_url(TOOL + target_path)
        launch = _Launch(_DictRequest(query), self.conf)
        launch.set_user_data(
            user_id, ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            full_name="Mira Voss", email_address=email or None,
        )  # fmt: skip
        launch.set_resource_link_claim("resource-42", title="Unit 1")
        if deep_link_return:
            self.registration.set_deeplink_launch_url(f"{TOOL}/lti/launch/")
            launch.set_dl(deep_link_return, accept_types={"ltiResourceLink"})
        if claims:
            launch.set_extra_claims(claims)
        data: dict[str, Any] = launch.lti_launch()
        return data

    def read_deep_link_response(self, jwt: str, tool_jwks: dict[str, Any]) -> list[Any]:
        """Step 3 of deep linking: check the tool's signed answer, return the items."""
        self.registration.set_tool_key_set(tool_jwks)  # type: ignore[arg-type]
        items: list[Any] = self.conf.validate_deeplinking_resp({"JWT": jwt})
        return items


def user_count() -> int:
    return User.objects.count()
