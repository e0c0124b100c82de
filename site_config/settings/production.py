"""Production: WhiteNoise manifest storage, secure cookies, HSTS. Secrets come from the env."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .env import env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

DEBUG = False
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# --- Two-factor authentication (admin) ---
# Mandatory for every account that can see appointments (ADMIN_2FA_REQUIRED=false to lift it).
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", True)
