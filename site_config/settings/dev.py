"""Local development: DEBUG on, any host, console email."""

from .base import *
from .env import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env_str("EMAIL_BACKEND", EMAIL_BACKEND)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
