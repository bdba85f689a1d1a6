"""Settings of the KLOCKET portal, read from the environment (see .env.example)."""

import re
from pathlib import Path

from csp.constants import NONCE
from django.conf.locale import LANG_INFO

from klocket.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_rate,
    env_secret_key,
    env_str,
    env_tile_url,
    tile_origin,
)
from klocket.languages import LANGUAGES_KNOWN, lang_info, parse_languages
from klocket.logging import logging_config
from klocket.observability import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "klocket",
    "activities",
    "safety_walks",
    "goals",
    "about",
    "bookings",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    # Texts in several languages in one JSON field per model (klocket/content_languages.py).
    "modeltrans",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rosetta",
    "corsheaders",
    "api",
    # Last: deletes a replaced or deleted upload's file after the transaction commits (klocket/files.py).
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request cover everything below (klocket/middleware.py).
    "klocket.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for the read-only API only (CORS_URLS_REGEX), before anything that may answer early.
    "corsheaders.middleware.CorsMiddleware",
    "klocket.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A catalogue a translator saved in Rosetta is read afresh (klocket/translation_reload.py).
    "klocket.translation_reload.TranslationReloadMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "klocket.security.RejectNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Cache-Control: private, no-store on every response to a logged-in user.
    "klocket.security.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "klocket.urls"
WSGI_APPLICATION = "klocket.wsgi.application"

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
                "csp.context_processors.nonce",
                "klocket.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite under var/ for a first run, PostgreSQL (psycopg 3) in production.
DATABASES = {"default": env_database("DATABASE_URL", default="sqlite:///var/db.sqlite3", base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default, Redis when CACHE_URL=redis://...
CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "klocket.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "klocket"),
        }
    }
elif CACHE_URL.startswith("locmem://"):
    # Room for the calendar feed's cached entries (one per public date) besides the pages.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CACHE_URL must start with locmem:// or redis://")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=300)

# Two-factor login (django-otp, optional per user): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env_str("KLOCKET_OTP_ISSUER", "KLOCKET")
# Wrong codes per user (over all logins, from any address) that lock the code step for
# AXES_COOLOFF_TIME hours (klocket/two_factor.py). That lock replaces django-otp's growing pauses
# between attempts, which left the right code refused as "wrong" and did not count while paused.
KLOCKET_OTP_FAILURE_LIMIT = env_int("KLOCKET_OTP_FAILURE_LIMIT", 10, minimum=1)
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Login throttling (django-axes): 5 failures per user name and address lock for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Languages: Swedish first and always offered; KLOCKET_LANGUAGES chooses the others among
# sv,en,ar,fa,so,ti (klocket/languages.py). Django has no locale data for so and ti: their
# names go into LANG_INFO (Django's documented extension point) and their formats into
# klocket/formats/.
LANGUAGE_CODE = "sv"
LANGUAGES = [
    (code, LANGUAGES_KNOWN[code][1]) for code in parse_languages("KLOCKET_LANGUAGES", env_str("KLOCKET_LANGUAGES"))
]
LANGUAGES_BIDI = [code for code, (_name, _local, bidi) in LANGUAGES_KNOWN.items() if bidi]
LANG_INFO.update(lang_info())
# Date formats per language, by name (klocket/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["klocket.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff write activities, places, partners and walks in the site's languages (django-modeltrans).
MODELTRANS_ADD_FIELD_HELP_TEXT = False

# Rosetta (/oversattning/): translators (klocket/roles.py) correct the catalogues in the browser.
# It writes the .po and compiles the .mo in locale/ (writable by the service user, see
# docs/deploy.md); every worker notices the new .mo at its next request and reads it afresh
# (TranslationReloadMiddleware), so no restart or deploy is needed. Rosetta's own auto-reload
# settings restart mod_wsgi or uWSGI processes only, so they stay off. Its working copy of a catalogue
# lives in the session (shared by every worker, whatever the cache does).
ROSETTA_ACCESS_CONTROL_FUNCTION = "klocket.permissions.can_translate"
ROSETTA_STORAGE_CLASS = "rosetta.storage.SessionRosettaStorage"
ROSETTA_WSGI_AUTO_RELOAD = False
ROSETTA_UWSGI_AUTO_RELOAD = False
ROSETTA_LANGUAGES = LANGUAGES
ROSETTA_EXCLUDED_APPLICATIONS = ["rosetta"]
ROSETTA_SHOW_AT_ADMIN_PANEL = False
ROSETTA_MESSAGES_PER_PAGE = 20
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False
ROSETTA_AUTO_COMPILE = True
ROSETTA_ENABLE_REFLANG = True  # translators may show the Swedish text beside the English source
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# Static and media files. Static files are served by whitenoise with hashed names.
STATIC_URL = "static/"
STATIC_ROOT = env_path("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "KLOCKET <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind TLS (the default outside development) cookies are secure and HSTS is on;
# a LAN installation without TLS sets DJANGO_HTTPS=0.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF token stays a cookie: in the session, every visitor opening a form would get a session
# row and cookie (about/cookies.py lists the cookies the portal sets).
CSRF_USE_SESSIONS = False
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
# Behind nginx (deploy/nginx): trust its X-Forwarded-Proto, and its X-Real-IP as the client's address
# on connections from TRUSTED_PROXIES (the addresses nginx or the load balancer connect from).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits and login throttling count per resident, not per proxy: one function decides the
# client's address, reading X-Real-IP only when BEHIND_PROXY and from a trusted proxy (klocket/client_ip.py).
RATELIMIT_IP_META_KEY = "klocket.client_ip.client_ip"
# The public forms' limits (residents' reports, the survey) count in the cache: while Redis is
# down they let posts through rather than refuse every resident. Login throttling (django-axes)
# counts in the database and keeps locking whatever Redis does.
RATELIMIT_FAIL_OPEN = True
AXES_CLIENT_IP_CALLABLE = "klocket.client_ip.client_ip"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = []

# The public deficiency map: tiles load only when a visitor presses "Show map", and then from this
# server (it sees the visitor's IP address; the page says so). "none": markers without tiles.
KLOCKET_MAP_TILE_URL = env_tile_url("KLOCKET_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
KLOCKET_MAP_ATTRIBUTION = env_str(
    "KLOCKET_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

# Content-Security-Policy (django-csp): no inline scripts; each script tag carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        # Map tiles of the safety-walk pages (KLOCKET_MAP_TILE_URL); lists work without them.
        "img-src": ["'self'", "data:", *filter(None, [tile_origin(KLOCKET_MAP_TILE_URL)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to stderr (the journal under systemd): one JSON object per line in production, plain text
# in development; each line carries the request id (klocket/logging.py).
LOGGING = logging_config(
    log_format=env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json"),
    level=env_str("DJANGO_LOG_LEVEL", "INFO"),
)

# The admin lives under a configurable path.
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# Portal settings.
KLOCKET_DEFAULT_AREA = env_str("KLOCKET_DEFAULT_AREA", "Klockaretorpet")
# The domain part of iCalendar UIDs (occurrence-<pk>@<domain>): never change it once feeds are public.
KLOCKET_FEED_UID_DOMAIN = env_str("KLOCKET_FEED_UID_DOMAIN", "klocket-portal")
LOGO_MAX_BYTES = 2 * 1024 * 1024
# The portal's address as residents and staff reach it, for links in e-mails sent outside a request
# (manage.py send_reminders), e.g. https://portal.your-municipality.se.
KLOCKET_SITE_URL = env_str("KLOCKET_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if KLOCKET_SITE_URL and not re.fullmatch(r"https?://[^/?#\s@]+", KLOCKET_SITE_URL):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"KLOCKET_SITE_URL={KLOCKET_SITE_URL!r} is not an address like https://portal.your-municipality.se "
        "(scheme and host name, no path)."
    )
# Safety walks: a deficiency with its responsible party longer than this is overdue.
KLOCKET_DEFICIENCY_OVERDUE_DAYS = env_int("KLOCKET_DEFICIENCY_OVERDUE_DAYS", 182, minimum=1)

# Study-circle participant lists are anonymised this many months after the circle ended
# (python manage.py purge_participants, run daily by a timer).
KLOCKET_PARTICIPANT_RETENTION_MONTHS = env_int("KLOCKET_PARTICIPANT_RETENTION_MONTHS", 36, minimum=1)
# Sign-up (bookings/): bookings are anonymised this many days after their date (manage.py
# purge_participants, run daily by a timer); reminders go out this many hours before the start.
KLOCKET_BOOKING_RETENTION_DAYS = env_int("KLOCKET_BOOKING_RETENTION_DAYS", 30, minimum=1)
KLOCKET_BOOKING_REMINDER_HOURS = env_int("KLOCKET_BOOKING_REMINDER_HOURS", 24, minimum=1)
# Sign-ups per address and per contact (phone number or e-mail address).
KLOCKET_BOOKING_RATE = env_rate("KLOCKET_BOOKING_RATE", "20/h")
KLOCKET_BOOKING_CONTACT_RATE = env_rate("KLOCKET_BOOKING_CONTACT_RATE", "5/h")
# Text messages: "console" (printed, for development) or "46elks" (https://46elks.se, needs the
# API user name and password); the sender is a name of at most 11 letters or a phone number.
KLOCKET_SMS_BACKEND = env_str("KLOCKET_SMS_BACKEND", "console")
KLOCKET_SMS_SENDER = env_str("KLOCKET_SMS_SENDER", "KLOCKET")
KLOCKET_46ELKS_USERNAME = env_str("KLOCKET_46ELKS_USERNAME", "")
KLOCKET_46ELKS_PASSWORD = env_str("KLOCKET_46ELKS_PASSWORD", "")
KLOCKET_46ELKS_URL = env_str("KLOCKET_46ELKS_URL", "https://api.46elks.com/a1/sms")
# Residents' reports per address (a walk group shares one connection): at most this many an hour,
# and at most KLOCKET_REPORT_BURST_RATE in a short burst (a script, not a group).
KLOCKET_REPORT_RATE = env_rate("KLOCKET_REPORT_RATE", "30/h")
KLOCKET_REPORT_BURST_RATE = env_rate("KLOCKET_REPORT_BURST_RATE", "5/m")
# Residents' contacts are erased this many days after their report was moderated
# (manage.py erase_report_contacts); the privacy notice shows the number.
KLOCKET_REPORT_CONTACT_DAYS = env_int("KLOCKET_REPORT_CONTACT_DAYS", 90, minimum=1)
# Accessibility feedback (about app): at most this many per address an hour; the sender's contact
# is erased this many days after the feedback was answered or closed (the daily purge_participants run).
KLOCKET_FEEDBACK_RATE = env_rate("KLOCKET_FEEDBACK_RATE", "10/h")
KLOCKET_FEEDBACK_CONTACT_DAYS = env_int("KLOCKET_FEEDBACK_CONTACT_DAYS", 90, minimum=1)
IMAGE_MAX_PIXELS = 40_000_000  # Pillow refuses larger images: decompression bombs.
CSRF_FAILURE_VIEW = "klocket.views.csrf_failure"

# The read-only JSON API (api/): GET from any origin, never with cookies (django-cors-headers),
# at most KLOCKET_API_RATE requests per client address (429 with Retry-After beyond).
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 86400
KLOCKET_API_RATE = env_rate("KLOCKET_API_RATE", "300/m")

# Error reports to Sentry when SENTRY_DSN is set; no personal data is sent (klocket/observability.py).
init_sentry()
