"""Settings for ITA Tracker: one file, driven by environment variables (see .env.example)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from ita_tracker.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    load_env_file,
    secret_key_from,
)

BASE_DIR = Path(__file__).resolve().parent
# Everything the installation writes (SQLite DB, uploads, secret key, generated fonts) lives here.
# The project folder: the checkout when run from one (wherever the command is started), else
# the current directory. Its .env is read, and its ./var is the default data directory.
_CHECKOUT = BASE_DIR.parent if (BASE_DIR.parent / "pyproject.toml").is_file() else Path.cwd()
load_env_file(_CHECKOUT / ".env")
DATA_DIR = env_path("ITA_TRACKER_HOME", _CHECKOUT / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or secret_key_from(DATA_DIR / "secret_key")
# Previous secret keys, still accepted (sessions, password-reset links, and the key-encryption
# keys derived from them) while things move to the new one.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ita_tracker.agencies",
    "ita_tracker.frameworks",
    "ita_tracker.results",
    "ita_tracker.plans",
    "ita_tracker.documents",
    "ita_tracker.disclosure",
    "ita_tracker.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ita_tracker.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The published public site, served from disk before sessions or the database are touched.
    "ita_tracker.disclosure.middleware.PublishedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ita_tracker.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The agency's digits on its pages (issue 11): outside the 405 page, inside Content-Length.
    "ita_tracker.agencies.screen_digits.AgencyDigitsMiddleware",
    "ita_tracker.middleware.FriendlyNotAllowedMiddleware",
]

ROOT_URLCONF = "ita_tracker.urls"
WSGI_APPLICATION = "ita_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ita_tracker.agencies.context_processors.agency_access",
                "ita_tracker.documents.approval_views.inbox_count",
            ],
        },
    },
]

# SQLite (WAL) under DATA_DIR by default; PostgreSQL (or any dj-database-url URL) via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "ita-tracker.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with Thai messages (agencies/passwords.py).
    {"NAME": "ita_tracker.agencies.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "ita_tracker.agencies.passwords.MinimumLengthValidator"},
    {"NAME": "ita_tracker.agencies.passwords.CommonPasswordValidator"},
    {"NAME": "ita_tracker.agencies.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600
# Failed logins are counted in the database, so the limit holds across gunicorn workers: after
# LOGIN_MAX_FAILURES failures for one user name from one address within the window, that pair is
# refused until the window has passed; LOGIN_MAX_FAILURES_PER_IP caps one address over all names.
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15) * 60
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_IP = env_int("LOGIN_MAX_FAILURES_PER_IP", 30)
# Behind a reverse proxy, the request header that carries the client address (e.g.
# HTTP_X_REAL_IP as set by nginx). Empty: REMOTE_ADDR. Never set it without such a proxy.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
# Uploaded evidence and agency files are private: never under STATIC_ROOT, served only by views
# that check permissions.
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# The public site (disclosure): released content is published as static files under
# PUBLIC_ROOT, served by the embedded server (PublishedSiteMiddleware) or by nginx in
# production (deploy/nginx.conf). PUBLIC_MAX_AGE: seconds browsers and CDNs may keep a page.
PUBLIC_ROOT = env_path("PUBLIC_ROOT", DATA_DIR / "public")
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 300)
# Seconds a server process trusts the publication it last read for a page of the dynamic
# fallback before asking the database again (0: every request asks; disclosure/versions.py).
PUBLIC_FALLBACK_TTL = env_int("PUBLIC_FALLBACK_TTL", 2)

# Background work (issuing documents): Django's tasks API, stored in the database and run by
# `ita-tracker worker` (no broker). TASKS_BACKEND=immediate runs tasks inside the request
# instead (a single-process setup without a worker; approving then waits for the PDF).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_str("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ita-tracker@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Served over HTTPS (SECURE_COOKIES=1, the documented production setting): browsers are told to
# use HTTPS only (HSTS) and plain HTTP is redirected. Behind nginx, which sets X-Forwarded-Proto
# (deploy/nginx.conf), Django learns the request was HTTPS from that header.
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", SESSION_COOKIE_SECURE)
if SESSION_COOKIE_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS for subdomains and the browsers' preload list are the domain owner's decision (an
# agency's other sites under the same domain may still be plain HTTP): opt-in, not warned about.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Upload limits (evidence files, agency templates, emblems).
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024

# Digital signatures on issued PDFs (docs/signing.md, ADR 0008).
# Key-encryption keys for the agencies' uploaded signing keys: Fernet keys, comma-separated; the
# first encrypts, all decrypt (rotate: put a new key first, run `manage.py reseal_signing_keys`,
# then drop the old one). Empty: one key derived from SECRET_KEY (and SECRET_KEY_FALLBACKS).
SIGNING_KEY_ENCRYPTION_KEYS = env_list("SIGNING_KEY_ENCRYPTION_KEYS")
# An RFC 3161 timestamp server makes signatures PAdES B-T; empty: B-B (signing time as claimed).
SIGNING_TIMESTAMP_URL = env_str("SIGNING_TIMESTAMP_URL")
# Largest PKCS#12 file an agency administrator may upload, in kilobytes.
SIGNING_CERTIFICATE_MAX_KB = env_int("SIGNING_CERTIFICATE_MAX_KB", 100)
# A PKCS#11 token (HSM, smart card) signs for every agency of the installation when
# PKCS11_MODULE is set; the PIN is read from the environment variable PKCS11_PIN when signing.
PKCS11_MODULE = env_str("PKCS11_MODULE")
PKCS11_TOKEN_LABEL = env_str("PKCS11_TOKEN_LABEL")
PKCS11_KEY_LABEL = env_str("PKCS11_KEY_LABEL")
PKCS11_CERT_LABEL = env_str("PKCS11_CERT_LABEL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
