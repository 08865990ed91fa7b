"""Lantian settings: one module, driven by environment variables.

Every deployment difference is an environment variable (twelve-factor); see the README
for the list. Defaults give an embedded, single-machine set-up: SQLite in WAL mode,
local-memory cache, tasks in the database.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/lantian
# Where var/ (database, media, static) lives: the checkout by default.
BASE_DIR = Path(environ.Env().str("LANTIAN_HOME", default=str(PACKAGE_DIR.parent.parent)))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
_INSECURE_KEY = "insecure-development-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Lantian
    "lantian.core",
    "lantian.portal",
    "lantian.air",
    "lantian.water",
    "lantian.disclosure",
    "lantian.foi",
    "lantian.complaints",
    "lantian.sources",
    "lantian.enforcement",
    "lantian.eia",
    "lantian.approvals",
    "lantian.reports",
    "lantian.demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Infrastructure
    "django_tasks_db",
    "crontask",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response; the back office gets its own policy
    # (core/csp.py, decision 0031).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "lantian.core.csp.AreaPolicyMiddleware",
    "lantian.config.api.JsonErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lantian.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lantian.core.twofactor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantian.config.urls"
WSGI_APPLICATION = "lantian.config.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite (WAL) embedded by default, PostgreSQL in production.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'lantian.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the web server read while the worker writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    INSTALLED_APPS.append("django.contrib.postgres")  # Wagtail's search index uses its fields
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory embedded, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lantian",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: django.tasks on the database backend; ImmediateBackend in tests.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# One scheduler at a time: with Redis, crontask holds a lock so a second replica waits.
CRONTASK = {"REDIS_URL": REDIS_URL or None}

AUTH_USER_MODEL = "core.User"

# Authentication: django-axes locks an account after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# Lock an account after repeated failures, and an address that tries many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False
# Proxies in front of the app that append the client address to X-Forwarded-For (0: use
# REMOTE_ADDR); the rate limits count per client address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Disclosure applications: accepted submissions and failed tracking attempts per address.
FOI_SUBMIT_RATE = env.str("FOI_SUBMIT_RATE", default="5/hour")
FOI_TRACK_RATE = env.str("FOI_TRACK_RATE", default="10/hour")
# Years an FOI case file (with the applicant's personal data) is kept after the reply;
# stated in the privacy notice of the application form.
FOI_RETENTION_YEARS = env.int("FOI_RETENTION_YEARS", default=10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Lantian")

# Language and time: Chinese first, English second; store UTC, show Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Front-end packages from npm (package-lock.json; `make install` runs `npm ci`), beside the
# lockfile in the checkout: the finder serves the files the pages need from here under
# lantian/vendor/ (core/staticfinders.py), and collectstatic copies them.
NODE_MODULES_DIR = Path(
    env.str("NODE_MODULES_DIR", default=str(PACKAGE_DIR.parent.parent / "node_modules"))
)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lantian.core.staticfinders.NodeModulesFinder",
]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# With DEBUG off the proxy serves MEDIA_URL/images/ (image renditions); with no proxy in
# front (the demo), Django serves them when this is on.
LANTIAN_SERVE_IMAGES = env.bool("LANTIAN_SERVE_IMAGES", default=False)
# Files with personal data (FOI letters and released files …): never under MEDIA_ROOT,
# served only by views that check the case (lantian.core.privatefiles, decision 0014).
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")))
_private_backend = env.str(
    "PRIVATE_STORAGE_BACKEND", default="lantian.core.privatefiles.PrivateFileSystemStorage"
)
_private_options = env.json("PRIVATE_STORAGE_OPTIONS", default={})
if _private_backend.endswith("PrivateFileSystemStorage"):
    _private_options = {"location": str(PRIVATE_ROOT), **_private_options}
# Hand the bytes to the proxy instead of streaming them through Django: nginx's internal
# location for PRIVATE_ROOT (X-Accel-Redirect), or X-Sendfile (Apache, lighttpd).
PRIVATE_FILES_X_ACCEL_PREFIX = env.str("PRIVATE_FILES_X_ACCEL_PREFIX", default="")
PRIVATE_FILES_X_SENDFILE = env.bool("PRIVATE_FILES_X_SENDFILE", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": _private_backend, "OPTIONS": _private_options},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail.
# EMAIL_URL (smtp+tls://user:password@host:587, consolemail://) becomes Django 6.1's MAILERS.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER") or None,
    "password": _email.get("EMAIL_HOST_PASSWORD") or None,
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": env.int("EMAIL_TIMEOUT", default=20),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@lantian.example")

# Wagtail.
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="示范市生态环境局")
WAGTAILADMIN_USER_LOGIN_FORM = "lantian.core.admin_shell.LoginForm"  # a labelled password
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's database backend (SQLite FTS5 / PostgreSQL) fed with jieba-segmented text
# (lantian.core.text); "simple" keeps PostgreSQL from stemming, as SQLite does not.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "lantian.core.search_backend", "SEARCH_CONFIG": "simple"}
}
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# A finished workflow publishes its object; for disclosure items the approval itself is the
# permission (nobody but an administrator holds "publish" on them).
WAGTAIL_FINISH_WORKFLOW_ACTION = "lantian.disclosure.workflow.publish_workflow_state"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "odt", "ods", "zip", "ofd"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to outside hosts
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# ---- Uploads checked by content (lantian.core.uploads; system checks lantian.W020-W024) ----
# Documents and images are accepted only through our form bases, which read each file's
# type from its bytes and refuse HTML, scripted SVG and polyglots (also in the multiple
# uploader and the choosers). Documents are served by Wagtail's view (never straight from
# MEDIA_URL) with nosniff, inline only when PDF or a raster image, else as attachments.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lantian.core.upload_forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "lantian.core.upload_forms.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
]
# No "svg": add it only deliberately (an SVG with script is refused even then).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# ---- end of uploads ----

# Security: strict when DEBUG is off (manage.py check --deploy stays silent).
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt in to SAMEORIGIN themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Production is behind TLS. LANTIAN_HTTPS=false only for the demo on plain
    # http://127.0.0.1: no redirect to https and cookies not marked Secure (a browser would
    # not send them back over http); `check --deploy` warns about exactly that.
    _https = env.bool("LANTIAN_HTTPS", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = _https
    CSRF_COOKIE_SECURE = _https
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"scheduler_routine": {"()": "lantian.core.logs.SchedulerRoutine"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # `lantian scheduler`: every job's "Running job" and "executed successfully" (it
        # enqueued its task; the lock upkeep every 5 seconds) at DEBUG; a task logs at
        # INFO itself when it did something (core/logs.py).
        "apscheduler.executors.default": {"filters": ["scheduler_routine"]},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page operation at INFO; the audit log already has them.
        "wagtail": {"level": "WARNING"},
        # Every task start and finish at INFO drowns the console; raise it when tracing jobs.
        "django.tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        "django_tasks_db": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        # WeasyPrint narrates every layout step, fontTools every subset, at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
LANTIAN_REQUIRE_TWO_FACTOR = env.bool("LANTIAN_REQUIRE_TWO_FACTOR", default=False)

# Air station map: an XYZ tile URL template ({z}, {x}, {y}) drawn under the stations, e.g.
# 天地图 or OpenStreetMap; empty draws the map without tiles (no outside requests).
AIR_MAP_TILES = env.str("AIR_MAP_TILES", default="")
AIR_MAP_ATTRIBUTION = env.str("AIR_MAP_ATTRIBUTION", default="")
# The districts drawn under the station map (GeoJSON); unset: the bundled demo city's,
# empty: none (lantian.air.boundaries, decision 0020).
AIR_MAP_DISTRICTS = env.str("AIR_MAP_DISTRICTS", default=None)

# ---- Content-Security-Policy (decision 0031) ----
# The public site runs no inline script and no eval: scripts only from our own origin
# (a nonce from {{ csp_nonce }} where a page ever needs an inline one). Style attributes
# are allowed (style-src-attr): level colours and bar heights are data, and ECharts'
# tooltips write them; an attribute cannot run script. <style> elements are not.
# The back office (/admin/) has a relaxed policy of its own: see lantian.core.csp.
_tiles = urlsplit(AIR_MAP_TILES)  # the station map's tile server, when one is set
_map_tiles = f"{_tiles.scheme}://{_tiles.netloc}" if _tiles.netloc else ""
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", *([_map_tiles] if _map_tiles else [])],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Proactive disclosure: the organisation code that starts every index number (索引号),
# e.g. the bureau's 9-character organisation code or 18-character credit code.
DISCLOSURE_ORGANISATION_CODE = env.str("DISCLOSURE_ORGANISATION_CODE", default="MB1C00001")
# Largest attachment accepted on a disclosure item, in megabytes.
DISCLOSURE_MAX_UPLOAD_MB = env.int("DISCLOSURE_MAX_UPLOAD_MB", default=20)
# An unpublished item is "due soon" within this many working days of its time limit.
DISCLOSURE_DUE_SOON_DAYS = env.int("DISCLOSURE_DUE_SOON_DAYS", default=5)
# Disclosure on application: a case is "due soon" within this many working days of its
# statutory due date; the default internal deadline lies this many working days before it;
# the department (code) whose staff see every case (the disclosure office, 办公室).
FOI_DUE_SOON_DAYS = env.int("FOI_DUE_SOON_DAYS", default=5)
FOI_INTERNAL_MARGIN_DAYS = env.int("FOI_INTERNAL_MARGIN_DAYS", default=5)
FOI_OFFICE_DEPARTMENT = env.str("FOI_OFFICE_DEPARTMENT", default="office")
# EIA approvals: the department (code) whose case handlers and heads keep the projects
# (环境影响评价与排放管理处); public comments on open notices per client.
EIA_DEPARTMENT = env.str("EIA_DEPARTMENT", default="eia")
EIA_COMMENT_RATE = env.str("EIA_COMMENT_RATE", default="5/hour")
# Pollution sources: a staff upload of self-monitoring data larger than this (bytes) is
# imported by a background job whose progress its page shows; smaller ones at once.
SOURCES_BACKGROUND_UPLOAD_BYTES = env.int(
    "SOURCES_BACKGROUND_UPLOAD_BYTES", default=2 * 1024 * 1024
)
# A folder (shared mount in a cluster) where station systems drop CSV/XLSX/JSON files;
# the scheduler ingests them every 5 minutes. Empty: no folder is watched.
AIR_INBOX_DIR = env.str("AIR_INBOX_DIR", default="")
# Publication channels besides the website (disclosure/channels.py), each off until its
# credentials are set. The API bases are only changed to point tests at a fake server.
DISCLOSURE_CHANNELS = {
    "wechat": {
        "app_id": env.str("WECHAT_APP_ID", default=""),
        "app_secret": env.str("WECHAT_APP_SECRET", default=""),
        "thumb_media_id": env.str("WECHAT_THUMB_MEDIA_ID", default=""),
        "api_base": env.str("WECHAT_API_BASE", default="https://api.weixin.qq.com"),
    },
    "weibo": {
        "access_token": env.str("WEIBO_ACCESS_TOKEN", default=""),
        "rip": env.str("WEIBO_RIP", default=""),
        "api_base": env.str("WEIBO_API_BASE", default="https://api.weibo.com"),
    },
}
# Kinds of disclosure item that go to WeChat and Weibo too (all go to the website).
DISCLOSURE_SOCIAL_KINDS = env.list(
    "DISCLOSURE_SOCIAL_KINDS", default=["news", "press", "interpretation", "policy", "notice"]
)
DISCLOSURE_CHANNEL_MAX_ATTEMPTS = env.int("DISCLOSURE_CHANNEL_MAX_ATTEMPTS", default=8)
DISCLOSURE_CHANNEL_TIMEOUT = env.float("DISCLOSURE_CHANNEL_TIMEOUT", default=10.0)

# The transparency self-score (reports.transparency, docs/transparency-score.md): the
# PITI-aligned class maxima and dimension weights are Lantian's own; a JSON object here
# overrides parts of the defaults, e.g. '{"classes": {"supervision": 40}}'.
LANTIAN_TRANSPARENCY_WEIGHTS = env.json("LANTIAN_TRANSPARENCY_WEIGHTS", default={})

# ---- Website self-inspection (lantian.reports.inspection, 国办秘函〔2019〕19号) ----
# Links to other sites are checked only when allowed (a request leaves the network).
LANTIAN_INSPECTION_OUTBOUND_LINKS = env.bool("LANTIAN_INSPECTION_OUTBOUND_LINKS", default=False)
# The crawl for broken links stops after this many of the site's own pages.
LANTIAN_INSPECTION_MAX_PAGES = env.int("LANTIAN_INSPECTION_MAX_PAGES", default=500)
