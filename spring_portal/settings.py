"""Settings for the SPRING community portal.

Everything that differs between machines comes from the environment through the
typed helpers in spring_portal.env. The defaults are the production-safe ones;
development is switched on explicitly with DJANGO_DEBUG=1 (the Makefile does).
"""

from pathlib import Path

from django.utils.csp import CSP

from spring_portal.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_cache_url,
    parse_database_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=not DEBUG) or "dev-only-insecure-key"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Production serves over HTTPS behind a proxy; development and tests over plain HTTP.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "spring_portal",
    "members",
    "practices",
    "events",
    "hub",
    "reviews",
    "api",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored open data API answers (public, no session), before everything else.
    "api.http.ApiCacheMiddleware",
    # Cached public pages for anonymous visitors, before sessions, auth and locale.
    "spring_portal.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "spring_portal.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "spring_portal.middleware.QueryStringGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "spring_portal.middleware.StaffMultiFactorMiddleware",
    "spring_portal.middleware.SecurityHeadersMiddleware",
    "spring_portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "spring_portal.urls"
# Development only: the benchmark app (bench/portal_bench) with its commands and URLs,
# switched on by the bench/ scripts; production never sets BENCH.
if env_bool("BENCH", False):
    INSTALLED_APPS.append("bench.portal_bench")
    ROOT_URLCONF = "bench.portal_bench.urls"
WSGI_APPLICATION = "spring_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spring_portal.context_processors.site",
                "members.context_processors.notifications",
            ],
        },
    },
]

# Database: DATABASE_URL in production; the embedded pgserver otherwise.
_database_url = env_str("DATABASE_URL")
if _database_url:
    _default_db = parse_database_url(_database_url)
else:
    from spring_portal.embedded_db import database_settings

    _default_db = database_settings()
_default_db["CONN_HEALTH_CHECKS"] = True
# Lets several test runs share one PostgreSQL server without clashing.
if env_str("TEST_DB_NAME"):
    _default_db["TEST"] = {"NAME": env_str("TEST_DB_NAME")}
if env_bool("DATABASE_POOL", False):
    _default_db["OPTIONS"]["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2, minimum=0),
        "max_size": env_int("DATABASE_POOL_MAX", 10, minimum=1),
        "timeout": 10,
    }
else:
    _default_db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker and app server: cached pages must go stale
# everywhere at once, and rate limits must count every attempt. Redis when
# REDIS_URL is set, else the database (table created by `migrate`); CACHE_URL
# picks explicitly (tests use locmem://). `check --deploy` refuses a per-process
# cache in production.
_redis_url = env_str("REDIS_URL")
_cache_url = env_str("CACHE_URL") or _redis_url or ("locmem://" if DEBUG else "db://")
CACHES = {"default": parse_cache_url(_cache_url)}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Proxies in front of the portal that append the connecting address to
# X-Forwarded-For (1 for the documented nginx). 0 trusts no proxy: the client is
# REMOTE_ADDR and X-Forwarded-For is ignored. spring_portal.client_ip applies it,
# for the portal's limits and for allauth's (members.adapter.get_client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Public lists (practices): any SQL statement past this is cancelled and the visitor
# gets a friendly 503; and each client address may ask for this many pages a minute
# that the page cache does not answer (0 turns the budget off, as the benchmark does).
LIST_STATEMENT_TIMEOUT_MS = env_int("LIST_STATEMENT_TIMEOUT_MS", 3000, minimum=0)
LIST_CLIENT_BUDGET = env_int("LIST_CLIENT_BUDGET", 60, minimum=0)
# Uncached list requests one client address may have running at once (0: no limit).
LIST_CLIENT_CONCURRENCY = env_int("LIST_CLIENT_CONCURRENCY", 2, minimum=0)
# The facet index is built once per change for every request and app server, so it
# gets its own, longer bound (~0.3 s at 100,000 practices, seconds at a million).
LIST_INDEX_TIMEOUT_MS = env_int("LIST_INDEX_TIMEOUT_MS", 60000, minimum=0)
# The open data API (/api/v1/): answers its cache does not hold, per client address and
# minute (0 turns the budget off, as the benchmark does). Cached answers are free.
API_CLIENT_BUDGET = env_int("API_CLIENT_BUDGET", 120, minimum=0)
# Where export_open_data writes the nightly bulk downloads (served as static files
# under /api/v1/downloads/); a folder shared by the app servers in production.
OPEN_DATA_ROOT = Path(env_str("OPEN_DATA_ROOT", str(BASE_DIR / ".data" / "open-data")))

# Background work: run at once in development and tests; in production set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"
SITE_ID = 1

# django-allauth: email as the login, verification mandatory, no enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SPRING] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff must enrol TOTP before reaching the admin (off only in development and tests).
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)
MFA_TOTP_ISSUER = "SPRING portal"

LANGUAGE_CODE = "en"
# Each language is named in itself in the switcher; URLs carry /fr/ or /de/ (English has none).
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch")]
LANGUAGE_COOKIE_NAME = "spring_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["spring_portal.formats"]
LOCALE_PATHS = [Path(env_str("DJANGO_LOCALE_DIR", str(BASE_DIR / "locale")))]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
_manifest = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
WHITENOISE_USE_FINDERS = not _manifest
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads on S3-compatible object storage (shared by every app server) when a bucket
# is configured; a directory (MEDIA_ROOT, shared by NFS or similar) otherwise.
_s3_bucket = env_str("S3_BUCKET")
if _s3_bucket:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

MAILERS = {
    "default": parse_email_url(
        env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25") or "console://"
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SPRING portal <noreply@spring-portal.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MODERATORS_EMAIL = env_list("MODERATORS_EMAIL", [])
# Review panels (issue 16): a criterion is flagged when reviewers' scores differ by
# more than this many points; reviewers get this many days to score, and reminders
# from this many days before the due date.
REVIEW_DIVERGENCE_THRESHOLD = env_int("REVIEW_DIVERGENCE_THRESHOLD", 1, minimum=0)
REVIEW_MIN_REVIEWERS = env_int("REVIEW_MIN_REVIEWERS", 2, minimum=1)
REVIEW_DAYS = env_int("REVIEW_DAYS", 21, minimum=1)
REVIEW_REMINDER_DAYS = env_int("REVIEW_REMINDER_DAYS", 3, minimum=0)

# Machine translation (optional): with a DeepL API key, moderators can make machine
# drafts of translations, reviewed by a person before publication. Free-plan keys
# (ending in ":fx") use api-free.deepl.com.
DEEPL_API_KEY = env_str("DEEPL_API_KEY", "") or ""
DEEPL_API_URL = (
    env_str(
        "DEEPL_API_URL",
        "https://api-free.deepl.com" if DEEPL_API_KEY.endswith(":fx") else "https://api.deepl.com",
    )
    or ""
).rstrip("/")
DEEPL_TIMEOUT_SECONDS = env_int("DEEPL_TIMEOUT_SECONDS", 20, minimum=1)

ADMIN_PATH = (env_str("DJANGO_ADMIN_PATH", "admin/") or "admin/").strip("/") + "/"

# Security. Production defaults; HTTPS-only parts follow DJANGO_HTTPS.
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
CSRF_FAILURE_VIEW = "spring_portal.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "permission_denied_without_traceback": {
            "()": "spring_portal.logfilters.PermissionDeniedWithoutTraceback"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default "django" logger has a console handler of its own and also
        # propagates to the root's: every 403 (and every django.* record) was written
        # twice in development. The root's console handler is the only one now.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.request": {"filters": ["permission_denied_without_traceback"]},
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
    },
}
