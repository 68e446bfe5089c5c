"""Renaksi settings: one module, production differs only by environment variables.

The defaults are a working embedded install: SQLite file, local files, local-memory cache.
See README "Configuration" for every variable.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from renaksi.core.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("RENAKSI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", "False")
SECRET_KEY = env("SECRET_KEY", "renaksi-embedded-default-not-for-production")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Renaksi")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    # Before djhuey: its `run_huey` command is replaced by renaksi.core's (lower CPU priority).
    "renaksi.core",
    "huey.contrib.djhuey",
    "renaksi.audit",
    "renaksi.organisations",
    "renaksi.plans",
    "renaksi.monitoring",
    "renaksi.reports",
    "renaksi.rollup",
    "renaksi.chain",
    "renaksi.cascade",
    "renaksi.registers",
    "renaksi.worklist",
    "renaksi.quality",
    "renaksi.security",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "renaksi.surveys",
    *("rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "renaksi.api"),
    "renaksi.evaluations",
    "renaksi.maintenance",
]

MIDDLEWARE = [
    "renaksi.core.observability.RequestIdMiddleware",
    "renaksi.core.observability.RequestMetricsMiddleware",
    # Compresses what every middleware below produced (brotli or gzip; BREACH: README
    # "Performance, second round"). Above WhiteNoise, which serves its own precompressed files.
    "renaksi.core.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renaksi.core.middleware.IndonesianFirstLocaleMiddleware",
    "renaksi.security.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "renaksi.security.twofactor.TwoFactorMiddleware",
    "renaksi.security.middleware.SecurityResponseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
# Server-Timing header with the request's time and query count, for the bench suite (bench/).
if envbool("RENAKSI_SERVER_TIMING"):
    MIDDLEWARE.insert(0, "renaksi.core.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "renaksi.urls"
WSGI_APPLICATION = "renaksi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renaksi.core.context_processors.site",
                "renaksi.worklist.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL in production; the default is an SQLite file.
_default_db = f"sqlite:///{VAR_DIR / 'renaksi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL") or _default_db, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and a busy timeout keep concurrent writers from failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
# Failed sign-ins allowed per username and address before a pause of LOGIN_FAILURE_WINDOW s.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", "900")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    # Argon2id with OWASP's m=19 MiB, t=2, p=1 instead of Django's 100 MiB per hash.
    "renaksi.core.hashers.RenaksiArgon2PasswordHasher",
    # Older hashes keep working and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ARGON2_MEMORY_KIB = envint("ARGON2_MEMORY_KIB", "19456")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    # Django's 20,000 most common breached passwords plus our own list (renaksi/security/data).
    {"NAME": "renaksi.security.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bahasa Indonesia first, English second. Source strings (msgids) are Indonesian.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: the django.tasks API on huey. The queue is an SQLite file in VAR_DIR by default
# and Redis when REDIS_URL is set; `manage.py run_huey` (./dev worker) is the worker for both.
_huey_queue = (
    {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
    if REDIS_URL
    else {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}
)
HUEY = {
    "name": "renaksi",
    **_huey_queue,
    # djhuey would run tasks inline whenever DEBUG is on; the queue behaves the same everywhere.
    "immediate": False,
    # Huey keeps local time (TIME_ZONE), so a periodic task's crontab hour is a Jakarta hour.
    "utc": False,
    "consumer": {"workers": envint("HUEY_WORKERS", "2"), "worker_type": "thread"},
}
# The worker's niceness, at least (renaksi/core/management/commands/run_huey.py): report PDFs take
# tens of CPU-seconds and must not starve the web requests on the same cores. 0 leaves it alone.
RENAKSI_WORKER_NICE = max(0, min(19, envint("RENAKSI_WORKER_NICE", "10")))
TASKS = {"default": {"BACKEND": "renaksi.core.tasks.HueyBackend"}}
# Local hour at which the worker e-mails the daily reminder digests.
REMINDER_HOUR = envint("REMINDER_HOUR", "7")
# Absolute links in e-mails: the address users open Renaksi at.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# S3-compatible storage when S3_BUCKET is set; local files otherwise.
if env("S3_BUCKET"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "access_key": env("S3_ACCESS_KEY"),
            "secret_key": env("S3_SECRET_KEY"),
            "region_name": env("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "renaksi.core.staticfiles.VersionedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Largest non-file request body (bytes), checked against Content-Length before anything is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024))
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024))
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", "2000")
PLAN_IMPORT_MAX_BYTES = envint("PLAN_IMPORT_MAX_BYTES", str(2 * 1024 * 1024))
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
# Working days after a period's end before its realisation counts as late.
REALISATION_GRACE_WORKDAYS = envint("REALISATION_GRACE_WORKDAYS", "5")
# Font folders of the documents Typst lays out (reports.typst_writer); Debian's fonts-liberation2
# (Arial's metrics) and fonts-dejavu-core, installed by ./dev.
DOCUMENT_FONT_DIRS = envlist(
    "DOCUMENT_FONT_DIRS",
    "/usr/share/fonts/truetype/liberation2,/usr/share/fonts/truetype/liberation,"
    "/usr/share/fonts/truetype/dejavu",
)

# Console e-mail by default; SMTP when EMAIL_HOST is set (Django 6.1 MAILERS).
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", "587"),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", "True"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "renaksi@localhost")

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS in production (RENAKSI_HTTPS=true): secure cookies, redirect to HTTPS, HSTS, and
# trust the proxy's X-Forwarded-Proto header.
HTTPS = envbool("RENAKSI_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS or envbool("SECURE_COOKIES")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Content security policy: only our own scripts, styles and images (no inline code anywhere).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# LOG_FORMAT=json: one JSON object per line with the request id (renaksi.core.observability).
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "renaksi.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "renaksi.core.observability.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # huey logs through its own handler; without this every worker line would print twice.
    "loggers": {"huey": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# Who may read /metrics (Prometheus): this machine by default.
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", "127.0.0.1,::1")

# Serve static files straight from the app folders, so the embedded install needs no collectstatic.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", "True")
# Hashed names (after collectstatic) and versioned vendor folders are cached for good.
# (WhiteNoise reads a string as a regular expression over the URL.)
WHITENOISE_IMMUTABLE_FILE_TEST = (
    r"^/static/(.*\.[0-9a-f]{12}\.[A-Za-z0-9]+$|vendor/[a-z0-9]+-\d+(\.\d+)*/)"
)
# collectstatic compresses every text file twice (brotli, gzip); source maps (9 MB of the API docs'
# bundles) are read by developer tools only and are not worth a minute of brotli.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "woff", "woff2", "mp4", "webm", "map",
)  # fmt: skip

# Security, second round (renaksi/security; README "Security"). Addresses of reverse proxies
# whose X-Forwarded-For is believed (comma-separated CIDRs); empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
# Failed sign-ins per address (any account) before the address is delayed too.
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", "20")
# First delay after the limit; it doubles with each failure up to LOGIN_FAILURE_WINDOW.
LOGIN_DELAY_SECONDS = envint("LOGIN_DELAY_SECONDS", "30")
# A browser that signed in keeps a signed device cookie for this long (its own counter).
LOGIN_DEVICE_COOKIE_AGE = envint("LOGIN_DEVICE_COOKIE_AGE", str(180 * 24 * 60 * 60))
# "database" (default, shared by every process) or "cache" (needs REDIS_URL in production).
LOGIN_THROTTLE_STORE = env("LOGIN_THROTTLE_STORE", "database")
CSRF_FAILURE_VIEW = "renaksi.security.errors.csrf_failure"
# TOTP two-factor sign-in (django-otp): required for superusers and unit administrators when on.
REQUIRE_2FA_FOR_ADMINS = envbool("REQUIRE_2FA_FOR_ADMINS")
OTP_TOTP_ISSUER = SITE_NAME
# Pending document jobs allowed per person, per read-only person and per unit (reports/queue.py).
REPORT_JOBS_PER_USER = envint("REPORT_JOBS_PER_USER", "5")
REPORT_JOBS_PER_READER = envint("REPORT_JOBS_PER_READER", "1")
REPORT_JOBS_PER_UNIT = envint("REPORT_JOBS_PER_UNIT", "20")
# Largest request body of any kind (bytes), refused from its Content-Length before it is read.
MAX_REQUEST_BODY_BYTES = envint(
    "MAX_REQUEST_BODY_BYTES", str(max(EVIDENCE_MAX_BYTES, PLAN_IMPORT_MAX_BYTES) + 1024 * 1024)
)
# REST API v1 (renaksi/api): DRF, OpenAPI, throttles, webhooks.
from renaksi.api.conf import REST_FRAMEWORK, SPECTACULAR_SETTINGS, WEBHOOK_ALLOW_PRIVATE  # noqa: E402, F401
