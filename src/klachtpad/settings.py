"""Klachtpad settings: one module, driven by environment variables.

SQLite in ``var/`` is the default; set DATABASE_URL (postgres://...) for PostgreSQL.
Production needs KLACHTPAD_SECRET_KEY and KLACHTPAD_ALLOWED_HOSTS; SMTP comes from
KLACHTPAD_EMAIL_URL-style variables (see README).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
# Every variable, with its type and default, is in the README's table; a value that
# cannot be read (a word where a number belongs) stops the start with its name.
env = Env()
DATA_DIR = env.path("KLACHTPAD_DATA_DIR", PROJECT_DIR / "var")


DEBUG = env.bool("KLACHTPAD_DEBUG", False)
SECRET_KEY = env.str("KLACHTPAD_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set KLACHTPAD_SECRET_KEY (or KLACHTPAD_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [
    host.strip()
    for host in env.list("KLACHTPAD_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_htmx",
    "django_tasks_db",
    "klachtpad.organisations",
    "klachtpad.complaints",
    "klachtpad.public",
    "klachtpad.audit",
    "klachtpad.accounts",
    "klachtpad.staff",
    "klachtpad.letters",
    "klachtpad.notifications",
    "klachtpad.reports",
    "klachtpad.retention",
    "klachtpad.inbox",
    "klachtpad.cli",
]

MIDDLEWARE = [
    "klachtpad.addresses.TrustedProxyMiddleware",
    "klachtpad.requests.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "klachtpad.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "klachtpad.public.middleware.SchemeDialectMiddleware",
    "klachtpad.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "klachtpad.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "klachtpad.urls"
WSGI_APPLICATION = "klachtpad.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = env.str("DATABASE_URL", "")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database lives here
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL or f"sqlite:///{DATA_DIR / 'klachtpad.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each process keeps a pool of connections (psycopg_pool): a web worker or a task
    # worker never holds more than KLACHTPAD_DB_POOL_MAX, and a connection the database
    # dropped is replaced, not handed out.
    pool_max = env.int("KLACHTPAD_DB_POOL_MAX", 4)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Klachtpad's queries read few rows through indexes; PostgreSQL's JIT compiler, set
    # off by a high cost estimate, spends more compiling them than running them (ADR 15).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Choice lists read their rows with iterator(); a server-side cursor would cost three
    # round trips for a list of a few dozen staff.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if pool_max > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool_max,
            "timeout": env.int("KLACHTPAD_DB_POOL_TIMEOUT", 10),
        }
else:
    # The embedded database is shared by the web server and the worker: write-ahead
    # logging lets them read while one writes, a write waits for the lock instead of
    # failing, and a transaction takes the write lock at its start, so two never
    # deadlock upgrading a read.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:second_factor"

# Staff sign in with a password and a second factor (TOTP, recovery codes as backup).
OTP_TOTP_ISSUER = env.str("KLACHTPAD_OTP_ISSUER", "Klachtpad")
# After this many failed sign-ins an account is locked for the cool-off time.
AXES_FAILURE_LIMIT = env.int("KLACHTPAD_LOGIN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("KLACHTPAD_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # an account, from one address
# And one address, across user names: someone trying many accounts is stopped too,
# while an office behind one address is not locked out by one person's typos.
KLACHTPAD_LOGIN_ATTEMPTS_PER_ADDRESS = env.int("KLACHTPAD_LOGIN_ATTEMPTS_PER_ADDRESS", 30)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "klachtpad.addresses.axes_client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Sessions end after 30 minutes without activity and 12 hours after signing in.
KLACHTPAD_SESSION_IDLE = timedelta(minutes=env.int("KLACHTPAD_SESSION_IDLE_MIN", 30))
KLACHTPAD_SESSION_MAX = timedelta(hours=env.int("KLACHTPAD_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(KLACHTPAD_SESSION_MAX.total_seconds())
# The access log's key (NEN 7513): a secret of its own, required in production, so
# that rotating the secret key leaves the log verifiable. After a rotation the keys used
# before stay listed in KLACHTPAD_AUDIT_OLD_KEYS (comma-separated) for older entries.
KLACHTPAD_AUDIT_KEY = env.str("KLACHTPAD_AUDIT_KEY", "")
if not DEBUG and not KLACHTPAD_AUDIT_KEY:
    raise ImproperlyConfigured("Set KLACHTPAD_AUDIT_KEY, the access log's own key.")
KLACHTPAD_AUDIT_OLD_KEYS: list[str] = [
    k for k in env.list("KLACHTPAD_AUDIT_OLD_KEYS", [], subcast=str) if k
]
# The key that encrypts authenticator secrets and keys the hashes of recovery codes: a
# copy of the database alone passes nobody's second factor. Rotate by moving the key to
# KLACHTPAD_OTP_OLD_KEYS (comma-separated) and running `manage.py otp_rekey`.
KLACHTPAD_OTP_KEY = env.str("KLACHTPAD_OTP_KEY", "")
if not DEBUG and not KLACHTPAD_OTP_KEY:
    raise ImproperlyConfigured("Set KLACHTPAD_OTP_KEY, the key of the second factors.")
KLACHTPAD_OTP_OLD_KEYS: list[str] = [
    k for k in env.list("KLACHTPAD_OTP_OLD_KEYS", [], subcast=str) if k
]
# A wrong code makes the next try wait 1, 2, 4 ... seconds, at most this long; after
# KLACHTPAD_LOGIN_ATTEMPTS wrong codes that address is locked out like wrong passwords.
KLACHTPAD_OTP_MAX_WAIT_SECONDS = env.int("KLACHTPAD_OTP_MAX_WAIT_SECONDS", 60)

# A link to choose a new password works this long (it is made when the mail is sent).
PASSWORD_RESET_TIMEOUT = env.int("KLACHTPAD_PASSWORD_RESET_HOURS", 2) * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "klachtpad.accounts.validators.MinimumLength",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("KLACHTPAD_STATIC_ROOT", DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves what collectstatic put here
STATICFILES_DIRS = [BASE_DIR / "static"]

# Attachments, letters and the access log's checkpoints: on this machine's disk (the
# default, one machine), or in S3-compatible object storage that every web and worker
# process on every machine shares (KLACHTPAD_STORAGE=s3). Attachments hold health data:
# they are never public and only ever served through a view that checks access.
KLACHTPAD_STORAGE = env.str("KLACHTPAD_STORAGE", "local")
if KLACHTPAD_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured("KLACHTPAD_STORAGE is local or s3.")


def _files(folder: str, directory_variable: str, bucket_variable: str = "") -> dict[str, Any]:
    if KLACHTPAD_STORAGE == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str(bucket_variable, "") if bucket_variable else "",
                "location": folder,
                "endpoint_url": env.str("KLACHTPAD_S3_ENDPOINT_URL", "") or None,
                "region_name": env.str("KLACHTPAD_S3_REGION", "") or None,
                "access_key": env.str("KLACHTPAD_S3_ACCESS_KEY", "") or None,
                "secret_key": env.str("KLACHTPAD_S3_SECRET_KEY", "") or None,
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        }
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.str(directory_variable, str(DATA_DIR / folder)),
            "base_url": None,
        },
    }


STORAGES: dict[str, Any] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Served by the application itself (WhiteNoise), compressed, from STATIC_ROOT.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "attachments": _files("attachments", "KLACHTPAD_ATTACHMENT_DIR"),
    "letters": _files("letters", "KLACHTPAD_LETTER_DIR"),
    # Signed checkpoints of the access log's chains, kept away from the database so that
    # removing entries and moving a chain's head back is seen (audit.anchors); in object
    # storage, best in a bucket of their own (KLACHTPAD_S3_ANCHOR_BUCKET).
    "anchors": _files("anchors", "KLACHTPAD_ANCHOR_DIR", "KLACHTPAD_S3_ANCHOR_BUCKET"),
}
if KLACHTPAD_STORAGE == "s3":
    bucket = env.str("KLACHTPAD_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("Set KLACHTPAD_S3_BUCKET for KLACHTPAD_STORAGE=s3.")
    for name in ("attachments", "letters", "anchors"):
        options = STORAGES[name]["OPTIONS"]
        options["bucket_name"] = options["bucket_name"] or bucket
KLACHTPAD_ATTACHMENT_MAX_BYTES = env.int("KLACHTPAD_ATTACHMENT_MAX_MB", 20) * 2**20

# The public side: where links in mail point, how long a status link works, and how many
# complaint forms and link requests one address may send per hour.
KLACHTPAD_BASE_URL = env.str("KLACHTPAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
KLACHTPAD_STATUS_LINK_DAYS = env.int("KLACHTPAD_STATUS_LINK_DAYS", 90)
# An invitation to new staff (or to set up a second factor again) works this many days.
KLACHTPAD_INVITATION_DAYS = env.int("KLACHTPAD_INVITATION_DAYS", 7)
KLACHTPAD_SUBMISSIONS_PER_HOUR = env.int("KLACHTPAD_SUBMISSIONS_PER_HOUR", 10)
# What the public side keeps only for a while (docs/privacy.md): form submissions and
# link requests, and status links that ended, go this many days later; records of
# sign-ins and failed sign-ins after KLACHTPAD_SIGN_IN_LOG_DAYS.
KLACHTPAD_PUBLIC_ROWS_DAYS = env.int("KLACHTPAD_PUBLIC_ROWS_DAYS", 30)
KLACHTPAD_SIGN_IN_LOG_DAYS = env.int("KLACHTPAD_SIGN_IN_LOG_DAYS", 365)
# Access-log entries go this many years after they were written (Stcrt. 2019, 38007:
# at least 5).
KLACHTPAD_ACCESS_LOG_YEARS = env.int("KLACHTPAD_ACCESS_LOG_YEARS", 5)
if KLACHTPAD_ACCESS_LOG_YEARS < 5:
    raise ImproperlyConfigured("KLACHTPAD_ACCESS_LOG_YEARS is at least 5 (Stcrt. 2019, 38007).")
if KLACHTPAD_PUBLIC_ROWS_DAYS < 2:  # a form sent again finds its complaint for a day
    raise ImproperlyConfigured("KLACHTPAD_PUBLIC_ROWS_DAYS is at least 2.")
# Files: at most this many in one sending, kept with one complaint, and sent by the
# complainant in an hour (their pages need no sign-in).
KLACHTPAD_FILES_PER_SENDING = env.int("KLACHTPAD_FILES_PER_SENDING", 5)
KLACHTPAD_FILES_PER_COMPLAINT = env.int("KLACHTPAD_FILES_PER_COMPLAINT", 30)
KLACHTPAD_FILES_PER_HOUR = env.int("KLACHTPAD_FILES_PER_HOUR", 10)
KLACHTPAD_LINK_REQUESTS_PER_HOUR = env.int("KLACHTPAD_LINK_REQUESTS_PER_HOUR", 5)

# Separate queues, so that a mail relay that hangs holds up no letter, reminder or report:
# mail, letters (PDFs), rounds (reminders, digests, checkpoints, periodic reports),
# reports (platform report builds), inbox (reading mailboxes) and default (look-ups for
# the public side).
TASK_QUEUES = ["default", "mail", "letters", "rounds", "reports", "inbox"]
TASKS = {
    "default": {
        "BACKEND": env.str("KLACHTPAD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
# A task whose worker stopped (killed, its machine gone) is taken again after this long.
KLACHTPAD_TASK_LEASE = timedelta(minutes=env.int("KLACHTPAD_TASK_LEASE_MIN", 15))

EMAIL_BACKEND = env.str("KLACHTPAD_EMAIL_BACKEND", "klachtpad.notifications.mailfiles.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env.str("KLACHTPAD_EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("KLACHTPAD_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("KLACHTPAD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.str("KLACHTPAD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.bool("KLACHTPAD_EMAIL_TLS", False)
EMAIL_TIMEOUT = env.int("KLACHTPAD_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env.str("KLACHTPAD_FROM_EMAIL", "klachtpad@localhost")
# Mailboxes read for incoming mail (klachtpad.inbox): a mail larger than this is not
# taken in (its sender and subject are, with a note); each is read this often, this
# many mails at a time; mail that needed no file is removed after this many days.
# Certificates of IMAP and OAuth servers are checked against the system's authorities,
# or against the file KLACHTPAD_INBOX_CA_FILE names.
KLACHTPAD_INBOX_MAX_BYTES = env.int("KLACHTPAD_INBOX_MAX_MB", 20) * 2**20
KLACHTPAD_INBOX_EVERY_MINUTES = env.int("KLACHTPAD_INBOX_EVERY_MINUTES", 2)
KLACHTPAD_INBOX_BATCH = env.int("KLACHTPAD_INBOX_BATCH", 50)
KLACHTPAD_INBOX_KEEP_DAYS = env.int("KLACHTPAD_INBOX_KEEP_DAYS", 90)
KLACHTPAD_INBOX_CA_FILE = env.str("KLACHTPAD_INBOX_CA_FILE", "")
# Mail that cannot be delivered is tried again with growing pauses (1 minute, doubling,
# at most an hour) and given up after this many hours; then the officer is warned.
KLACHTPAD_MAIL_GIVE_UP_HOURS = env.int("KLACHTPAD_MAIL_GIVE_UP_HOURS", 72)
KLACHTPAD_MAIL_MAX_PAUSE = timedelta(minutes=60)
# Staff who chose a daily digest get it at this hour (local time).
KLACHTPAD_DIGEST_HOUR = env.int("KLACHTPAD_DIGEST_HOUR", 7)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Production speaks HTTPS only: HSTS for a year (subdomains included) and a redirect
# from http. Behind a TLS-terminating proxy that already redirects, the redirect can be
# turned off with KLACHTPAD_SSL_REDIRECT=0.
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = not DEBUG and env.bool("KLACHTPAD_SSL_REDIRECT", True)
# Health checks come from inside (the orchestrator, the proxy) over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or
# networks, comma-separated (klachtpad.addresses). Nothing is believed by default.
KLACHTPAD_TRUSTED_PROXIES: list[str] = [
    p.strip() for p in env.list("KLACHTPAD_TRUSTED_PROXIES", [], subcast=str) if p.strip()
]
# The site's own address is a trusted origin for forms (CSRF), also behind a proxy.
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in env.list("KLACHTPAD_CSRF_TRUSTED_ORIGINS", [KLACHTPAD_BASE_URL], subcast=str)
    if origin.strip()
]

KLACHTPAD_HEALTH_MAX_QUEUE_LAG_MIN = env.int("KLACHTPAD_HEALTH_MAX_QUEUE_LAG_MIN", 0)

# Errors to Sentry when KLACHTPAD_SENTRY_DSN is set (install sentry-sdk, the extra
# "observability"), without request bodies or personal data: complaints are health data.
SENTRY_DSN = env.str("KLACHTPAD_SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("KLACHTPAD_SENTRY_TRACES", 0.0),
        environment=env.str("KLACHTPAD_ENVIRONMENT", "production"),
    )

# JSON lines in production (KLACHTPAD_LOG_FORMAT=json, the default without debug), each
# with time, level, logger, request id and message; plain text for a person at a terminal.
LOG_FORMAT = env.str("KLACHTPAD_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request lines lose their query (search words may be names) and private links.
    "filters": {
        "private": {"()": "klachtpad.logs.PrivateRequestFilter"},
        "request_id": {"()": "klachtpad.requests.RequestIdFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["private", "request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("KLACHTPAD_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO; Django's own request
    # lines repeat what klachtpad.request says.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "mail.log": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # The worker says "starting" and "no more tasks" each round; task_worker says
        # once what it serves.
        "django_tasks_db": {"level": "WARNING"},
    },
}
