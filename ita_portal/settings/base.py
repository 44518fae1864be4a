"""Settings shared by every environment. Values come from environment variables."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running portal writes (SQLite file, uploads, generated secrets) lives here.
VAR_DIR = Path(env_str("ITA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "ita_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "import_export",
    "simple_history",
    "ita_portal",
    "disclosures",
    "measures",
    "procurement",
    "links",
    "workflow",
    "submissions",
    "reports",
    # Security (README "Security"): CSP header, login lockout, optional two-factor login.
    "csp",
    "axes",
    "django_otp",
    "ita_portal.security.apps.TwoFactorDevicesConfig",  # django_otp.plugins.otp_totp
    "ita_portal.security",  # after otp_totp: its admin replaces the stock device admin
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ita_portal.middleware.FaultMiddleware",  # 503 while the database is away; failed uploads
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ita_portal.security.csp.PortalCSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "ita_portal.urls"
# Form widgets may be overridden in templates/ like any other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "ita_portal.wsgi.application"

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
                "ita_portal.context_processors.portal",
            ],
            "builtins": ["ita_portal.templatetags.thai"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A reused connection is checked before each request's first query, so a database
        # restart costs the requests made while it is down, not a restart of gunicorn.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails a request in seconds (503) instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once under gunicorn's workers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ita",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ita-portal",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Seconds a rendered public page stays in the server cache; any edit invalidates it sooner.
PAGE_CACHE_SECONDS = env_int("ITA_PAGE_CACHE_SECONDS", 600)
# Seconds a generated PDF report stays cached; keyed by the content version, so any edit
# makes the next download fresh regardless. 0 renders every download.
REPORT_CACHE_SECONDS = env_int("ITA_REPORT_CACHE_SECONDS", 86400)
# Seconds shared records (the organisation shown on every page) stay cached; edits bump the
# content version, which makes them stale at once.
DATA_CACHE_SECONDS = env_int("ITA_DATA_CACHE_SECONDS", 3600)
# Seconds browsers and proxies may keep a public page without asking again.
PAGE_BROWSER_MAX_AGE = env_int("ITA_PAGE_BROWSER_MAX_AGE", 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security: CSP, login lockout, two-factor login (README "Security") --------------------
# No inline scripts anywhere; the admin alone may use inline styles (see security/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The lockout check runs first; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "ita_portal.security.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair for 30 minutes;
# attempts live in the database, so every app server sees them (`axes_reset` unlocks).
AXES_FAILURE_LIMIT = env_int("ITA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ITA_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ita_portal.security.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # English pages; `axes_reset` unlocks (README "Security")
AXES_CLIENT_IP_CALLABLE = "ita_portal.security.lockout.client_ip"
AXES_COOLOFF_MESSAGE = _("เข้าสู่ระบบผิดหลายครั้งเกินไป บัญชีนี้ถูกระงับชั่วคราว กรุณาลองใหม่ภายหลัง")
AXES_PERMALOCK_MESSAGE = _("เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณาติดต่อผู้ดูแลระบบเพื่อปลดล็อก")
# Behind a TLS proxy every request comes from the proxy: the number of proxies that append
# to X-Forwarded-For lets the lockout see the visitor's own address (0: no proxy).
ITA_TRUSTED_PROXY_COUNT = env_int("ITA_TRUSTED_PROXY_COUNT", 0)
# The TOTP apps show this issuer name beside the account.
OTP_TOTP_ISSUER = "ITA Portal"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads: MEDIA_ROOT, or an S3-compatible bucket shared by every app server.
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Uploads: the evidence file limit, and Django's in-memory threshold kept below it.
ITA_MAX_UPLOAD_MB = env_int("ITA_MAX_UPLOAD_MB", 20)
ITA_MAX_LOGO_KB = env_int("ITA_MAX_LOGO_KB", 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# The address citizens and assessors use; absolute URLs in sitemaps and submissions use it.
ITA_PUBLIC_BASE_URL = env_str("ITA_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail (the daily `remind` command): SMTP unless told otherwise.
DEFAULT_FROM_EMAIL = env_str("ITA_FROM_EMAIL", "ITA Portal <noreply@localhost>")
EMAIL_BACKEND = env_str("ITA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("ITA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ITA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ITA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("ITA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ITA_EMAIL_USE_TLS", False)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"  # django-import-export: import needs add_<model>
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"  # and export needs view_<model>
# The file between an import's preview and its confirm waits in the media storage, which
# every app server shares, not in one server's /tmp (the confirm may reach another server).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
