"""Settings shared by every environment. Everything that varies is read from KEMBAR_* variables."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KEMBAR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database and uploads live here


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("KEMBAR_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("KEMBAR_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("KEMBAR_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the public portal's sitemap.xml (kembar/public/sitemaps.py)
    "simple_history",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "kembar.core",
    "kembar.regions",
    "kembar.accounts",
    "kembar.partners",
    "kembar.cooperations",
    "kembar.procedure",
    "kembar.conditions",
    "kembar.plans",
    "kembar.evaluation",
    "kembar.monitoring",
    "kembar.alerts",
    "kembar.reports",
    "kembar.dashboards",
    "kembar.imports",
    "kembar.search",
    "kembar.public",  # the portal's directory entries (kembar/public/entries.py)
    "ninja",  # its Swagger UI files, served from the package (no CDN)
    "kembar.api",
    "kembar.participation",
    "kembar.smes",
    "kembar.catalogue",
    "kembar.trade",
    "kembar.discovery",
    "kembar.studies",
    "kembar.seeking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kembar.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kembar.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so every view's transaction ends inside it: files written by one that rolled back are deleted.
    "kembar.core.files.middleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kembar" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kembar.accounts.context_processors.memberships",
            ],
        },
    }
]

# A connection kept between requests (KEMBAR_DB_CONN_MAX_AGE seconds) is checked before a request's first query
# and opened again if the database restarted meanwhile; while it is down, pages answer 503 (kembar/core/errors.py).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("KEMBAR_DATABASE_URL", f"sqlite:///{VAR_DIR / 'kembar.sqlite3'}"),
        conn_max_age=int(os.environ.get("KEMBAR_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Bahasa Indonesia first; English on request. Dates are written "21 September 2006".
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kembar.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "kembar" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("KEMBAR_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through a tenant-checked view

# Uploads: content-checked types and a size limit (megabytes).
KEMBAR_UPLOAD_MAX_MB = int(os.environ.get("KEMBAR_UPLOAD_MAX_MB", "20"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Limits on every dimension of a spreadsheet import (docs/import.md, "Limits"). An XLSX is a ZIP of XML:
# its parts' sizes and compression ratio are checked before openpyxl opens it (openpyxl reads the shared
# strings part whole), then cells, columns and rows while the rows stream.
if "KEMBAR_IMPORT_MAX_MB" in os.environ:  # else an import follows KEMBAR_UPLOAD_MAX_MB (imports.services)
    KEMBAR_IMPORT_MAX_MB = int(os.environ["KEMBAR_IMPORT_MAX_MB"])
KEMBAR_IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("KEMBAR_IMPORT_MAX_UNCOMPRESSED_MB", "400"))
KEMBAR_IMPORT_MAX_SHARED_STRINGS_MB = int(os.environ.get("KEMBAR_IMPORT_MAX_SHARED_STRINGS_MB", "64"))
KEMBAR_IMPORT_MAX_RATIO = int(os.environ.get("KEMBAR_IMPORT_MAX_RATIO", "100"))
KEMBAR_IMPORT_MAX_CELL_CHARS = int(os.environ.get("KEMBAR_IMPORT_MAX_CELL_CHARS", "10000"))
KEMBAR_IMPORT_MAX_COLUMNS = int(os.environ.get("KEMBAR_IMPORT_MAX_COLUMNS", "200"))
KEMBAR_IMPORT_MAX_ROWS = int(os.environ.get("KEMBAR_IMPORT_MAX_ROWS", "200000"))
# Case files (docs/case-file.md, "Limits"): the file's size before it is parsed, any text, any list.
KEMBAR_CASE_FILE_MAX_KB = int(os.environ.get("KEMBAR_CASE_FILE_MAX_KB", "2048"))
KEMBAR_CASE_FILE_MAX_TEXT = int(os.environ.get("KEMBAR_CASE_FILE_MAX_TEXT", "20000"))
KEMBAR_CASE_FILE_MAX_ITEMS = int(os.environ.get("KEMBAR_CASE_FILE_MAX_ITEMS", "2000"))

# Login throttling (django-axes): five failures lock the user+address for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("KEMBAR_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("KEMBAR_AXES_ENABLED", True)
# The client's address behind the reverse proxies named here (addresses or networks, comma-separated):
# kembar/accounts/addresses.py. Empty: the connection's own address.
KEMBAR_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("KEMBAR_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in KEMBAR_TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start, not every login
AXES_CLIENT_IP_CALLABLE = "kembar.accounts.addresses.client_address"
# The backup's format: Django's JSON lines with times to the microsecond (kembar/core/backup.py).
SERIALIZATION_MODULES = {"kjsonl": "kembar.core.serializers"}
# A report or an import whose worker shows no sign of life for this long has died with it (kembar/core/lease.py).
KEMBAR_TASK_LEASE_SECONDS = int(os.environ.get("KEMBAR_TASK_LEASE_SECONDS", "600"))

# Content-Security-Policy (django-csp 4): only our own assets; htmx needs no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Background tasks (django-tasks, the backport of Django's tasks API). The embedded default runs
# each task at once in the calling process; production sets KEMBAR_TASKS_BACKEND to
# django_tasks_db.DatabaseBackend and runs `kembar db_worker` (docs/adr/0012-tasks-and-feeds.md).
KEMBAR_TASKS_BACKEND = os.environ.get("KEMBAR_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": KEMBAR_TASKS_BACKEND}}
if KEMBAR_TASKS_BACKEND.startswith("django_tasks_db."):
    INSTALLED_APPS.append("django_tasks_db")

# Email (alert digests). The demo prints mail to the console; production names an SMTP backend.
EMAIL_BACKEND = os.environ.get("KEMBAR_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("KEMBAR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KEMBAR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KEMBAR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KEMBAR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KEMBAR_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("KEMBAR_DEFAULT_FROM_EMAIL", "Kembar <kembar@localhost>")
#: Absolute address of the site, for links in emails and feeds (no request there to build them from).
KEMBAR_SITE_URL = os.environ.get("KEMBAR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# One shared cache, for page bodies many people read between writes (kembar/core/pages.py, docs/adr/0023): files
# under var/ serve every worker of one server; servers behind one balancer name a shared one (a database table:
# KEMBAR_CACHE=db, after `kembar createcachetable`).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kembar_cache"}
        if os.environ.get("KEMBAR_CACHE") == "db"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database only: a logout or an expiry holds on every worker at once (a per-process
# session cache, `cached_db`, would let another worker go on accepting a logged-out session; docs/adr/0020).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KEMBAR_LOG_LEVEL", "WARNING")},
}
