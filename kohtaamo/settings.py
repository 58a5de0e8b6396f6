"""Kohtaamo settings.

Everything that differs between machines comes from environment variables, so the same
code runs as a laptop demo (no variables set), in the test suite and in production
(``KOHTAAMO_ENV=production``). See docs/operations.md for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# development | test | production
KOHTAAMO_ENV = env("KOHTAAMO_ENV", "development")
PRODUCTION = KOHTAAMO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when KOHTAAMO_ENV=production.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

# Proxies in front of the app that append the caller's address to X-Forwarded-For
# (AXES_PROXY_COUNT is the older name).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT") or env("AXES_PROXY_COUNT", "0"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kohtaamo.core",
    "kohtaamo.accounts",
    "kohtaamo.catalogue",
    "kohtaamo.search",
    "kohtaamo.lists",
    "kohtaamo.buyers",
    "kohtaamo.cards",
    "kohtaamo.referrals",
    "kohtaamo.arts_in_care",
    "kohtaamo.notifications",
    "kohtaamo.interop",
    "kohtaamo.integrations",
    "kohtaamo.identity",
    "kohtaamo.desk",
    "kohtaamo.volunteers",
    "kohtaamo.outcomes",
    "kohtaamo.demo",
    "kohtaamo.accessibility",
    "kohtaamo.apps.KohtaamoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
]

MIDDLEWARE = [
    "kohtaamo.core.middleware.TooManyFieldsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kohtaamo.core.middleware.PublicCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kohtaamo.core.plain.PlainLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kohtaamo.core.site.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kohtaamo.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kohtaamo.urls"
WSGI_APPLICATION = "kohtaamo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kohtaamo.core.context_processors.site",
                "kohtaamo.core.plain.context",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the development server and background work share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "kohtaamo.accounts.backends.MembershipBackend",
    # Sign-in through an organisation's OpenID Connect provider (kohtaamo/identity).
    "kohtaamo.identity.backends.ProviderBackend",
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
LOGIN_REDIRECT_URL = "desk"

# Failed-login throttling (django-axes): five wrong passwords for one account from one
# address lock that pair out for fifteen minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kohtaamo.accounts.backends.throttled_username"
AXES_LOCKOUT_CALLABLE = "kohtaamo.accounts.views.locked_out"
# The client's address behind TRUSTED_PROXY_COUNT proxies (kohtaamo/core/addresses.py):
# the lockout, the audit log and every rate limit see the same address.
AXES_CLIENT_IP_CALLABLE = "kohtaamo.core.addresses.client_address"
# Failed logins from one address across all accounts (password spraying): past the limit
# that address may not try to log in until the window ends.
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_VERBOSE = False

# Sign-in through organisations' identity providers (mozilla-django-oidc; the providers
# themselves are set up in the admin, docs/operations.md). Authorisation code flow with
# PKCE, state and nonce; one callback address for all providers.
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_CREATE_USER = False
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
# Seconds of clock difference tolerated when checking a token's expiry and issue time.
OIDC_CLOCK_LEEWAY = int(env("OIDC_CLOCK_LEEWAY", "30"))

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Kohtaamo")
OTP_TOTP_THROTTLE_FACTOR = 1

# Internationalisation: Finnish first, Swedish and English complete.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kohtaamo_language"

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"

# E-mail goes through Django's mailers: printed to the console in development, written to
# files with EMAIL_BACKEND=file, sent by SMTP in production (the tests use locmem).
MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_mail_backend = env("EMAIL_BACKEND", "smtp" if PRODUCTION else "console")
_mail_backend = MAIL_BACKENDS.get(_mail_backend, _mail_backend)
_mail_options = {}
if _mail_backend == MAIL_BACKENDS["smtp"]:
    _mail_options = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "0")) or None,
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": int(env("EMAIL_TIMEOUT", "20")),
    }
elif _mail_backend == MAIL_BACKENDS["file"]:
    _mail_options = {"file_path": env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kohtaamo <noreply@kohtaamo.invalid>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Operator", address) for address in env_list("ADMIN_EMAILS")]

# Background work through Django's tasks API (docs/decisions/0013-background-tasks.md):
# in production the database backend, with `manage.py db_worker` running beside the web
# servers; elsewhere tasks run at once in the process that enqueues them, so the laptop
# demo and the tests need no worker and see a task's e-mail as soon as it is enqueued.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
_task_backend = env("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(_task_backend, _task_backend)}}

# A closed referral's personal data are erased this many days after it closed
# (docs/decisions/0014-referrals.md); the referral stays as anonymous statistics.
REFERRAL_RETENTION_DAYS = int(env("REFERRAL_RETENTION_DAYS", "365"))
# Drafts never sent are deleted this many days after they were started.
REFERRAL_DRAFT_DAYS = int(env("REFERRAL_DRAFT_DAYS", "30"))
# Requests for a culture advisor accepted from one address (the public form needs no
# login): more wait for the next window. Counted in the shared cache.
SELF_REFERRAL_RATE = env("SELF_REFERRAL_RATE", "5/hour")
# The receiving unit is reminded this many days before its response deadline.
REFERRAL_NUDGE_DAYS = int(env("REFERRAL_NUDGE_DAYS", "3"))

# Imports (docs/decisions/0016-imports-ptv-linked-events.md). `manage.py
# run_scheduled_imports`, called by cron, imports the PTV areas listed (such as
# "Municipality:091,Municipality:049") and the Linked Events query given; empty: none.
PTV_API_URL = env("PTV_API_URL", "https://api.palvelutietovaranto.suomi.fi/api/v11/")
LINKED_EVENTS_API_URL = env("LINKED_EVENTS_API_URL", "https://api.hel.fi/linkedevents/v1/")
PTV_IMPORT_AREAS = env_list("PTV_IMPORT_AREAS")
LINKED_EVENTS_IMPORT_URL = env("LINKED_EVENTS_IMPORT_URL", "")
IMPORT_HTTP_TIMEOUT = int(env("IMPORT_HTTP_TIMEOUT", "30"))
IMPORT_USER_AGENT = env("IMPORT_USER_AGENT", "Kohtaamo importer (+https://kohtaamo.invalid)")
# A run still "running" this many minutes after it started was ended without finishing
# (its process killed or the machine restarted): it is marked failed, and may be re-run.
IMPORT_RUN_STALE_MINUTES = int(env("IMPORT_RUN_STALE_MINUTES", "180"))

# Notifications (kohtaamo/notifications, docs/decisions/0017-notifications.md): e-mail goes
# through Django's mail above; text messages to the console in development, to files
# with SMS_BACKEND=file, to an HTTP gateway with SMS_BACKEND=http (SMS_GATEWAY_URL).
SMS_BACKENDS = {
    "console": "kohtaamo.notifications.backends.ConsoleSMSBackend",
    "file": "kohtaamo.notifications.backends.FileSMSBackend",
    "locmem": "kohtaamo.notifications.backends.LocmemSMSBackend",
    "http": "kohtaamo.notifications.backends.HttpSMSBackend",
}
NOTIFICATION_EMAIL_BACKEND = "kohtaamo.notifications.backends.EmailBackend"
_sms_backend = env("SMS_BACKEND", "http" if PRODUCTION else "console")
NOTIFICATION_SMS_BACKEND = SMS_BACKENDS.get(_sms_backend, _sms_backend)
SMS_FILE_PATH = env("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms"))
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", "")
SMS_SENDER_ID = env("SMS_SENDER_ID", "Kohtaamo")
SMS_GATEWAY_TIMEOUT = int(env("SMS_GATEWAY_TIMEOUT", "10"))

# The cache holds every request count (API throttles, login and form limits,
# docs/decisions/0037-shared-cache-and-limits.md), so all workers must share it: Redis
# from CACHE_URL (redis://host:6379/0, rediss:// with TLS, unix:///path?db=0). Without
# one, each process counts in its own memory, which is only right for one process, as in
# development; `check --deploy` refuses production without a shared cache.
CACHE_URL = env("CACHE_URL") or env("REDIS_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// address.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "kohtaamo"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Webhooks go only to public https addresses (docs/webhooks.md). A receiver on this
# machine (http://127.0.0.1:8080/...) is for developing one, never for production.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
if PRODUCTION and WEBHOOK_ALLOW_LOOPBACK:
    raise ImproperlyConfigured("WEBHOOK_ALLOW_LOOPBACK is for development only.")

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (docs/decisions/0030-content-security-policy.md): everything
# from our own origin, no inline script or style; the few inline blocks we cannot avoid
# (the admin's, the print pages' style) carry the response's nonce. A page that needs more
# says so on its view with csp_override (the API reference).
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # Django's admin draws some icons as data: URLs in its style sheets.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating proxy (the usual set-up) the proxy tells us the scheme.
    if env_bool("SECURE_PROXY_SSL_HEADER", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Every line, the development server's request lines included, passes through a filter
# that blots out the codes of secret links (kohtaamo/core/secret_links.py); gunicorn's
# access log does the same through kohtaamo/gunicorn.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "secret_links": {"()": "kohtaamo.core.secret_links.RedactSecretLinks"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secret_links"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["secret_links"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "secret_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's default "django" logger has a console of its own while DEBUG is on, so
        # its lines showed twice (and unfiltered): here it keeps only the mail to ADMINS
        # and reaches the root's console once.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}

# Feedback from the accessibility statement (kohtaamo/accessibility) is mailed to these
# addresses; empty: to ADMIN_EMAILS, else to the active superusers. One address may send
# this many messages (counted in the shared cache, kohtaamo/core/ratelimit.py).
ACCESSIBILITY_FEEDBACK_EMAILS = env_list("ACCESSIBILITY_FEEDBACK_EMAILS")
ACCESSIBILITY_FEEDBACK_RATE = env("ACCESSIBILITY_FEEDBACK_RATE", "5/hour")

# The referral API's requests per organisation API key (docs/decisions/0018).
API_KEY_THROTTLE_RATE = env("API_KEY_THROTTLE_RATE", "300/minute")

# The public read-only API (docs/decisions/0011-rest-api.md): anyone may read, each
# address is throttled generously so one client cannot starve the others.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["kohtaamo.core.ratelimit.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_THROTTLE_RATE", "600/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kohtaamo API",
    "DESCRIPTION": (
        "The public catalogue of cultural services and events for wellbeing: search with "
        "the same filters as the web page, facet counts for every filter, and texts in "
        "Finnish, Swedish and English. Culture referrals for client-information systems, "
        "with an organisation's API key (docs/webhooks.md for the signed status webhooks)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# Kohtaamo's own settings.
KOHTAAMO_SITE_NAME = env("KOHTAAMO_SITE_NAME", "Kohtaamo")
# Where Statistics Finland's classification API lives; the refresh command reads it.
KOHTAAMO_CLASSIFICATION_API = env(
    "KOHTAAMO_CLASSIFICATION_API", "https://data.stat.fi/api/classifications/v2"
)
# The address people reach Kohtaamo at, for links printed on paper, in e-mails and text
# messages (kohtaamo/core/site.py). Empty: taken from the request being answered.
KOHTAAMO_PUBLIC_URL = env("KOHTAAMO_PUBLIC_URL", "").rstrip("/")
