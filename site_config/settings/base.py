"""Production-safe settings shared by every environment.

Everything that differs between machines is read from the environment (see `.env.example`).
The defaults are the "embedded" ones: SQLite file, console email, local-memory cache and
tasks run immediately, so a newcomer needs nothing installed.
"""

from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "booking",
    "accounts",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
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
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "anymail",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and other text gzip-compressed for the clients that ask (`Accept-Encoding: gzip`),
    # with `Vary: Accept-Encoding` either way: the home page's 45 KB go over the wire as about
    # 5 (home/compression.py: Django's GZipMiddleware for text types only). After WhiteNoise,
    # which answers static files itself with its pre-compressed `.br`/`.gz` files; before
    # everything that reads or writes the body, as Django's docs ask. Outside the page cache,
    # which stores a page as rendered with its gzip made once, and answers each hit compressed
    # or not for its own request (home/page_cache.py). BREACH: Django (since 4.2) adds up to
    # 100 random bytes to each gzip answer, the "Heal The Breach" mitigation
    # (GZipMiddleware.max_random_bytes), on top of its per-request masking of the CSRF token.
    "home.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.page_cache.PageCacheMiddleware",  # anonymous page views from the cache (see Cache)
    "home.security.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Right after OTPMiddleware: unverified admin sessions go to the 2FA pages.
    "accounts.two_factor.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.security.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects the engine (PostgreSQL in production); the default is a SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions + WAL + a long busy timeout: concurrent bookings queue up instead of
    # failing with "database is locked" (as 22 to 26 of 100 parallel bookings of one slot did with
    # the default deferred transactions). The public writes share the same 20 s between
    # BOOKING_DB_BUSY_ATTEMPTS tries, then answer 503 with the form kept (booking.services.retry):
    # under gunicorn's 30 s worker timeout.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# No ATOMIC_REQUESTS: the booking services open their own short transactions.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# One cache shared by every gunicorn worker and management command of the machine, with no
# server to run: Django's file-based cache in CACHE_DIR (the page cache serves from it faster
# than from Redis on one host). CACHE_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0, is for
# sites served by several machines, which must then share one cache.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
CACHE_DIR = env_str("CACHE_DIR") or str(BASE_DIR / ".cache")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "osengo",
            # A Redis outage makes the site slower (pages rendered again), never hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # home/caches.py: Django's file-based cache, without listing the folder on every write.
    CACHES = {
        "default": {
            "BACKEND": "home.caches.FileCache",
            "LOCATION": CACHE_DIR,
            "KEY_PREFIX": "osengo",
            # Pages of a few tens of KB each: room for every page and filter of a large site.
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        },
        # Wagtail's image renditions, written once per key rather than at every page render.
        "renditions": {
            "BACKEND": "home.caches.RenditionFileCache",
            "LOCATION": str(Path(CACHE_DIR) / "renditions"),
            "KEY_PREFIX": "osengo",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        },
    }
# Full-page cache of the anonymous views of showcase, news and booking listings
# (home/page_cache.py), in seconds; 0 turns it off. Every publish and every booking empties it.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 300)

# --- Tasks ----------------------------------------------------------------------------------
TASKS = {
    "default": {
        # "immediate" runs tasks in the request; "database" queues them for `manage.py db_worker`.
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env_str("TASKS_BACKEND", "immediate")],
    }
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while this username is locked out from this address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login lockout: 5 failures of one username from one address lock that pair for 15
# minutes. Never the address alone: behind a reverse proxy every visitor shares the proxy's
# address, and anyone's five wrong passwords would lock every member of staff out. The address
# is the one the rate limits use (TRUSTED_PROXY_COUNT, below): X-Forwarded-For only behind
# trusted proxies. (Axes' AXES_IPWARE_* settings need django-ipware, which is not installed.)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "booking.public.abuse.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# --- Two-factor authentication (admin) --------------------------------------------------------
# TOTP codes (django-otp) from an authenticator app; see accounts/two_factor/. When required,
# every account that can see appointments must enrol before using the admin; anyone who enrolled
# is always asked for a code. True in production.py.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = "Osengo"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from a PyPI package and is served by us (WhiteNoise), never from a CDN.
    ("vendor/bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Let Django serve MEDIA_ROOT (small hosts without a separate web server for uploads).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ----------------------------------------------------------------------------------
# ANYMAIL_ESP names an Anymail provider (e.g. "brevo", "mailgun", "postmark"); otherwise
# EMAIL_HOST switches to SMTP; otherwise messages are printed on the console.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Osengo <rendez-vous@osengo.fr>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
ANYMAIL_ESP = env_str("ANYMAIL_ESP")
if ANYMAIL_ESP:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
    ANYMAIL = {"API_KEY": env_str("ANYMAIL_API_KEY")} if env_str("ANYMAIL_API_KEY") else {}
    if env_str("ANYMAIL_WEBHOOK_SECRET"):
        ANYMAIL["WEBHOOK_SECRET"] = env_str("ANYMAIL_WEBHOOK_SECRET")
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Security defaults (tightened further in production.py) ----------------------------------
# Content Security Policy (django-csp 4). Public pages: our own origin only, a nonce for any
# inline script, nothing framed, no plugins. Third-party frames (video embeds) only if listed.
CSP_FRAME_SOURCES = env_list("CSP_FRAME_SOURCES")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": CSP_FRAME_SOURCES or [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# The Wagtail admin (own origin still, but its inline scripts and styles, blob: previews and
# same-origin frames for the page preview). See home/security.py.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *CSP_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# security.W003 looks for Django's own CsrfViewMiddleware by name; ours is a subclass of it
# (home/security.py) and tests/home/test_security.py proves CSRF is enforced.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Osengo"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Slugs in ASCII ("aides-a-la-creation"): addresses that survive being typed, pasted and printed.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Wagtail's database backend: PostgreSQL full-text search, or SQLite's FTS5 table.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming ("incubateurs" finds "incubateur") with accents optional ("creneau" finds
    # "créneau"): the french_unaccent text search configuration made by migration home 0003
    # (French without unaccent if the extension could not be installed). SQLite's FTS5 has no
    # French stemmer but ignores accents already (see README, "Search"). After a change of
    # configuration, `manage.py update_index` rebuilds the index.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = env_str("SEARCH_CONFIG", "french_unaccent")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third party for avatars
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR", "propagate": True},
        # One line per search-index update otherwise.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},  # one line per page saved or published otherwise
    },
}

# --- Booking --------------------------------------------------------------------------------
# Absolute base of the links put in emails (manage links); the public site's address.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
BOOKING_MAX_ACTIVE_PER_EMAIL = env_int("BOOKING_MAX_ACTIVE_PER_EMAIL", 2)
BOOKING_MAX_ACTIVE_PER_PHONE = env_int("BOOKING_MAX_ACTIVE_PER_PHONE", 2)
# Notifications and periodic jobs (`manage.py run_booking_jobs`).
BOOKING_REMINDER_HOURS_BEFORE = env_int("BOOKING_REMINDER_HOURS_BEFORE", 24)
BOOKING_NUDGE_AFTER_HOURS = env_int("BOOKING_NUDGE_AFTER_HOURS", 24)
BOOKING_EXPIRE_AFTER_HOURS = env_int("BOOKING_EXPIRE_AFTER_HOURS", 72)
BOOKING_EMAIL_MAX_ATTEMPTS = env_int("BOOKING_EMAIL_MAX_ATTEMPTS", 6)
# With the immediate task backend, emails leave from this many background threads once the
# change commits, so that no answer waits for the mail server; 0 sends them in the request.
BOOKING_EMAIL_DELIVERY_THREADS = env_int("BOOKING_EMAIL_DELIVERY_THREADS", 2)
# Public writes (booking, cancel or move from the link) run this many times at most while the
# database is locked by other writes, then answer 503 with the form kept.
BOOKING_DB_BUSY_ATTEMPTS = env_int("BOOKING_DB_BUSY_ATTEMPTS", 3)
# Abuse protection, per IP and counted in the database: (count, seconds). "booking" counts the
# bookings made (not the forms sent back with a mistake), "manage" every hit on a private link.
BOOKING_RATE_LIMITS = {
    "booking": (env_int("BOOKING_RATE_LIMIT_BOOKINGS", 5), 3600),
    "manage": (env_int("BOOKING_RATE_LIMIT_LINK_HITS", 30), 600),
}
# A form sent back faster than this after it was shown is shown again ("check and send").
BOOKING_MIN_FILL_SECONDS = env_int("BOOKING_MIN_FILL_SECONDS", 3)
# A booking form older than this is shown again with a fresh signed timestamp.
BOOKING_FORM_MAX_AGE_HOURS = env_int("BOOKING_FORM_MAX_AGE_HOURS", 6)
# Privacy: appointments are anonymised this many months after the meeting.
BOOKING_RETENTION_MONTHS = env_int("BOOKING_RETENTION_MONTHS", 36)
# Number of reverse proxies in front of the app (e.g. 1 on Render/Fly.io/Railway): the client IP
# used by the rate limits and the admin login lockout is then read from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
