"""Test settings: fast hashing, plain static storage, in-memory email outbox.

The test database is a *file* for SQLite, so that threads with their own connections (the
concurrency tests) share it; pytest-django creates and destroys it.
"""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test process, so that parallel runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_osengo_{os.getpid()}"}
PUBLIC_BASE_URL = "http://testserver"
# Serve static files from the finders: no collectstatic needed before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
# A cache of this process only (tests run in parallel processes), and no page cache: the page
# cache's own tests turn it on, and test the file-based default in a temporary folder.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_TIMEOUT = 0
# Abuse protection stays out of the way of the other tests; its own tests set these back.
BOOKING_RATE_LIMITS = {"booking": (100_000, 3600), "manage": (100_000, 600)}
BOOKING_MIN_FILL_SECONDS = 0
# Emails are sent in the request, once the change commits, where the tests look for them; the
# background delivery has its own test.
BOOKING_EMAIL_DELIVERY_THREADS = 0
# The lockout has its own tests; elsewhere tests log in with the test client freely.
AXES_ENABLED = False
