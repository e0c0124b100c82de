"""The production settings, as the benchmark runs them: only the static files go to the
benchmark's own folder (STATIC_ROOT is not an environment variable) and request logging is
quiet. Everything else — WhiteNoise manifest storage, secure cookies, CSP, the middleware — is
production's, with the environment `bench/run.py` sets."""

# ruff: noqa: F403, F405
import os

from site_config.settings.production import *

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
LOGGING["root"]["level"] = "WARNING"
