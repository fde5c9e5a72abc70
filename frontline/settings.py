"""Frontline settings: one module, driven by environment variables.

With nothing set it refuses to start, except in demo mode (FRONTLINE_DEMO=1), which uses SQLite
under var/, a generated secret key kept in var/, DEBUG and the console e-mail backend.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from frontline.lib.env import envbool, envchoice, envint, envlist, envsecret, envsigningkey

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("FRONTLINE_VAR_DIR", REPO_DIR / "var"))

DEMO = envbool("FRONTLINE_DEMO", False)
DEBUG = envbool("DEBUG", DEMO)
SECRET_KEY = envsecret("SECRET_KEY", demo=DEMO, keep_in=VAR_DIR / "secret_key")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO else [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "frontline.accounts",
    "frontline.audit",
    "frontline.mail",
    "frontline.curriculum",
    "frontline.assessment",
    "frontline.fieldkit",
    "frontline.courses",
    "frontline.certificates",
    "frontline.scenarios",
    "frontline.intelligence",
    "frontline.scorm",
    "frontline.lti",
    "frontline.xapi",
    "frontline.referrals",
    "frontline.web",
    "frontline.ops",
    "frontline.home",
]

MIDDLEWARE = [
    "frontline.web.middleware.RequestLogMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frontline.web.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "frontline.web.middleware.BadInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontline.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontline.urls"
WSGI_APPLICATION = "frontline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontline.web.languages.translation_status",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    """One database alias from its URL. PostgreSQL connections come from psycopg's pool in each
    process when DB_POOL_MAX is set (Django's "pool" option; PgBouncer in front is the other way,
    docs/deployment.md), otherwise they are opened per request or kept DB_CONN_MAX_AGE seconds."""
    pool_max = envint("DB_POOL_MAX", 0)
    max_age = 0 if pool_max else envint("DB_CONN_MAX_AGE", 0)
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=max_age))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Answers and referrals are written one small transaction at a time; WAL lets readers go on.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif pool_max:
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(envint("DB_POOL_MIN", 1), pool_max),
            "max_size": pool_max,
            "timeout": envint("DB_POOL_TIMEOUT", 10),
        }
    return config


DATABASES = {
    "default": _database(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontline.sqlite3'}")
    )
}
# A read replica for reports and statistics (frontline/lib/replica.py): the pages that only read
# aggregates ask for it by name; everything else, and every write, stays on "default".
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"])
    # In tests the "replica" is the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["frontline.lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading with the user what the second-factor check needs.
    "frontline.accounts.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

# The address a request comes from (frontline/lib/clientip.py): REMOTE_ADDR, or behind this many
# reverse proxies that each append to X-Forwarded-For, the entry the outermost one wrote. Sign-in
# throttling, the rate limits and the audit log all read it there.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Personal data of a closed referral is erased this many days after closing (the referral, its
# history and the audit log stay): `frontline referrals_retention`. Set by national law.
REFERRAL_RETENTION_DAYS = envint("REFERRAL_RETENTION_DAYS", 730)

# Sign-in throttling (accounts/throttle.py). django-axes pauses a user name *at one address* after
# AXES_FAILURE_LIMIT wrong passwords, never an address as a whole (a classroom, or everyone behind
# a proxy, shares one); a slower limit per user name, whatever the address, bounds guessing from
# many addresses. Attempts during a pause neither count nor extend it.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "frontline.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "frontline.lib.clientip.client_ip"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_USER_FAILURE_LIMIT = envint("LOGIN_USER_FAILURE_LIMIT", 20)
LOGIN_USER_WINDOW = timedelta(minutes=envint("LOGIN_USER_WINDOW_MINUTES", 60))

# The rate limits, counters and caches shared by all processes (lib/ratelimit.py). With
# REDIS_URL they live in Redis (Django's Redis cache), and so do the sessions; without it, in the
# database cache, which needs no other service (its table is made by a migration, web/migrations).
# Either way several app servers share them. Entries are many and small: a high ceiling keeps the
# database cache from culling live counters.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "frontline",
        },
        # Sessions apart from the cache: clearing the cache signs nobody out.
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "frontline-session",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "frontline_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Second factor (TOTP, with single-use recovery codes) for the roles that see referrals,
# intelligence or administration. A device is enrolled only through a set-up link sent outside
# the password (accounts/second_factor.py), valid this long and once.
OTP_TOTP_ISSUER = "Frontline"
# The admin site never shows a device's key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SECOND_FACTOR_LINK_HOURS = envint("SECOND_FACTOR_LINK_HOURS", 72)

# Sessions: expire after idle time; every request slides the window.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# With Redis, sessions are kept there (a write per request costs a SET); otherwise database
# sessions that write the slid window at most once a minute (accounts/sessions.py).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    SESSION_ENGINE = "frontline.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_COOKIES = envbool("SECURE_COOKIES", not DEMO)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 0 if DEMO else envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEMO
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEMO)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEMO)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Languages: English is complete; Arabic is there so right-to-left layout is exercised.
LANGUAGE_CODE = "en"
# Which translations have been checked by a reader of the language: web/languages.py.
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
# Uploaded files (none yet); `frontline backup` packs this folder with the database.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Production serves hashed, pre-compressed files made by `collectstatic`; the demo and the tests
# serve straight from the apps' static folders.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", not (DEBUG or DEMO))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_ROOT = VAR_DIR / "static" if STATIC_MANIFEST else None
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (checks, staging).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "frontline@example.org")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)  # seconds; a hung mail server must not hang a worker

# Background work (Django's task API, from the django-tasks package until Django 6): e-mail
# and anything slow or fallible leaves the request. In production the database backend keeps
# tasks in PostgreSQL and `frontline worker` runs them; the demo and the tests run each task
# at once, after the transaction that asked for it has committed.
TASKS = {
    "default": {
        "BACKEND": envchoice(
            "TASKS_BACKEND",
            {
                "database": "django_tasks_db.DatabaseBackend",
                "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            },
            "immediate" if DEMO else "database",
        ),
    }
}

# xAPI: statements about learning go to this learning record store (the xAPI base URL, e.g.
# https://lrs.example.org/xAPI) through the task queue (xapi/outbox.py); empty: none are made.
XAPI_LRS_URL = os.environ.get("XAPI_LRS_URL", "").strip()
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
XAPI_TIMEOUT = envint("XAPI_TIMEOUT", 10)

# Open Badges are signed with this Ed25519 key (certificates/badges.py); its public half is
# published at /certificates/issuer. Outside demo mode, without it, badges cannot be downloaded.
BADGE_SIGNING_KEY = envsigningkey("BADGE_SIGNING_KEY", demo=DEMO, keep_in=VAR_DIR / "badge_key")

CONTENT_DIR = Path(os.environ.get("FRONTLINE_CONTENT_DIR", REPO_DIR / "content"))

# Logs carry no personal data (frontline/lib/logs.py): one JSON object a line with the request's
# id outside the demo (LOG_FORMAT=text for plain lines), one line per request with the URL
# pattern, never the path or the query.
LOG_FORMAT = envchoice("LOG_FORMAT", {"json": "json", "text": "text"}, "text" if DEMO else "json")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "frontline.lib.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "filters": {"without_path": {"()": "frontline.lib.logs.WithoutPath"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "axes": {"level": "ERROR"},
        "django.request": {"filters": ["without_path"]},
        "django.security": {"filters": ["without_path"]},
        "frontline.request": {
            "level": envchoice(
                "REQUEST_LOG", {"on": "INFO", "off": "WARNING"}, "off" if DEMO else "on"
            )
        },
    },
}

# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it does not exist.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# /readyz fails when a due task has waited this long for a worker; the scheduler puts back a
# task whose worker died after it has been running this long (ops/sweeps.py).
TASK_LAG_LIMIT_SECONDS = envint("TASK_LAG_LIMIT_SECONDS", 300)
TASK_STALE_SECONDS = envint("TASK_STALE_SECONDS", 900)
