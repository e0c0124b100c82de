"""Local development: DEBUG on, any host, console email."""

from .base import *
from .env import env_int, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", EMAIL_BACKEND)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# A template or code change shows at the next reload: no page cache unless asked for.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 0)
