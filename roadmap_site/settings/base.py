"""Settings for every environment, read strictly from the environment.

DEBUG is off unless DEBUG=1; with it off, SECRET_KEY and ALLOWED_HOSTS must be
set and the HTTPS protections are on, so that a forgotten variable fails at
start-up instead of serving an insecure site.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.http import is_same_domain

BASE_DIR = Path(__file__).resolve().parent.parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-only-used-when-DEBUG-is-on")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs a secret key: set SECRET_KEY to a long "
            "random string (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off, set ALLOWED_HOSTS to the comma-separated host names "
            "the site answers to, for example ALLOWED_HOSTS=roadmap.example.gov.uk."
        )

# The site's address as readers reach it, scheme and host only. Where set, exports name it in
# their Address note and the open-data page lists it, whichever host a request came in by (an
# internal one, say): a committee cites what a file says. Unset, each request's own host is used.
SITE_URL = os.environ.get("SITE_URL", "").strip()
if SITE_URL:
    site_parts = urlsplit(SITE_URL)
    try:
        site_port = site_parts.port  # a ValueError unless a number from 0 to 65535
    except ValueError:
        site_port = -1
    if (
        site_parts.scheme not in {"http", "https"}
        or not site_parts.hostname
        or site_port == -1
        or site_parts.netloc.endswith(":")  # an empty port
        or site_parts.username is not None  # credentials would be printed in every export
        or site_parts.path not in {"", "/"}
        or site_parts.query
        or site_parts.fragment
    ):
        raise ImproperlyConfigured(
            "SITE_URL must be the site's scheme and host only, such as https://roadmap.example.gov.uk; "
            f"not {SITE_URL!r}."
        )
    # As Django reads a Host header: IPv6 keeps its brackets, a trailing dot goes.
    site_host = site_parts.netloc.rsplit(":", 1)[0] if site_port is not None else site_parts.netloc
    site_host = site_host.lower().removesuffix(".")
    if not any(pattern == "*" or is_same_domain(site_host, pattern) for pattern in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"SITE_URL's host {site_host} is not in ALLOWED_HOSTS, so the site would not answer to it."
        )
    SITE_URL = f"{site_parts.scheme}://{site_parts.netloc}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "missions",
    "commitments",
    "departments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything a cached page needn't run again (roadmap_site/page_cache.py).
    "roadmap_site.page_cache.PublicPageCacheMiddleware",
    "roadmap_site.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "roadmap_site.middleware.DatabaseUnavailableMiddleware",
    "commitments.publication.PublicationMiddleware",
    # Last, as django-axes asks, so that it sees every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five wrong passwords, for one account or from one address, lock it out for an hour;
# a CDDO administrator can unlock it sooner from the admin.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "admin:login"

ROOT_URLCONF = "roadmap_site.urls"

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

WSGI_APPLICATION = "roadmap_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# Public pages are cached whole (roadmap_site/page_cache.py): in this process's memory by
# default, or in Redis, shared by every worker, when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "roadmap"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "roadmap"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "roadmap_site.storage.StaticFilesStorage"},
}

# The report's data ships with the code; the loader reads it from here.
REPORT_FIXTURES_DIR = BASE_DIR / "fixtures"

# No inline scripts or styles anywhere. plotly.js adds an empty style element and then
# fills it through the CSSOM (which CSP allows), so that one empty element is allowed by
# its hash rather than by 'unsafe-inline'.
PLOTLY_STYLE_HASHES = ["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *PLOTLY_STYLE_HASHES],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY"):
        # The proxy terminates TLS and says so in this header; trust it only when told to.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every successful login at INFO; lockouts and failures are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
