"""The Django peer, django-appointment 3.12, measured in the same run as our site.

Nothing of the peer is committed: it is installed from PyPI in its own virtualenv
(`.bench/peer-venv`, with the same Django and gunicorn versions as ours), and this module writes
a minimal Django project for it under `.bench/peer/` — the settings of `startproject` (its
installation guide asks for nothing more), production-like (DEBUG off), SQLite, French, and a
trivial view `/sante/` as ITS ceiling. `bench/peer_load.py` fills its database with the same
number of appointments as ours. Its two public requests are measured like our pages:

- `peer_slots`: its free-slots endpoint, `ajax/available_slots/` (the JSON the booking page
  fetches for one staff member and one day);
- `peer_request`: its booking page for one service, `request/<service_id>/`.

Our closest page is the slot page of one agency: a whole week of free slots of every adviser,
rendered as HTML. Each side is given as a ratio to its own ceiling, and in raw req/s.
"""

import hashlib
import json
import secrets
import shutil
import time

from common import (
    BENCH,
    PY,
    WORK,
    Server,
    log,
    measure_get,
    run,
    run_json,
)

REQUIREMENT = "django-appointment==3.12.*"
VENV = WORK / "peer-venv"
PROJECT = WORK / "peer"
PEER_PY = VENV / "bin" / "python"
AJAX = "X-Requested-With: XMLHttpRequest"

SETTINGS = '''"""Written by bench/peer.py: `django-admin startproject`'s settings, DEBUG off."""

import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "phonenumber_field",
    "appointment",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
WSGI_APPLICATION = "peer_site.wsgi.application"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PEER_DATABASE"]}
}
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
APPOINTMENT_WEBSITE_NAME = "Banc d'essai"
# The package ships no migrations: its guide has them made with `makemigrations appointment`;
# here they go to the generated project rather than into site-packages.
MIGRATION_MODULES = {"appointment": "peer_site.appointment_migrations"}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
'''

URLS = '''"""Written by bench/peer.py: the peer's URLs, and a trivial view as its ceiling."""

from django.http import HttpResponse
from django.urls import include, path


def health(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("sante/", health),
    path("appointment/", include("appointment.urls")),
]
'''

WSGI = """import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
application = get_wsgi_application()
"""


def ensure_installed(django_version, gunicorn_version) -> dict:
    """The peer's virtualenv, installed once (again when the pinned versions change)."""
    requirements = [REQUIREMENT, f"Django=={django_version}", f"gunicorn=={gunicorn_version}"]
    stamp = VENV / ".bench-requirements"
    if not (stamp.exists() and stamp.read_text() == "\n".join(requirements)):
        log(f"peer: installing {' '.join(requirements)} in {VENV.relative_to(WORK.parent)}")
        shutil.rmtree(VENV, ignore_errors=True)
        run([PY, "-m", "venv", str(VENV)], None)
        run([str(PEER_PY), "-m", "pip", "install", "-q", *requirements], None)
        stamp.write_text("\n".join(requirements))
    return run_json(
        [
            str(PEER_PY),
            "-c",
            "import json, importlib.metadata as m; print(json.dumps({p: m.version(p) for p in "
            "('django-appointment', 'Django', 'gunicorn')}))",
        ],
        None,
    )


def write_project():
    site = PROJECT / "peer_site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "__init__.py").write_text("")
    (site / "settings.py").write_text(SETTINGS)
    (site / "urls.py").write_text(URLS)
    (site / "wsgi.py").write_text(WSGI)


def peer_env(database) -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "peer_site.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PEER_DATABASE": str(database),
        "LANG": "C.UTF-8",
    }


def prepare(size, versions, *, fresh=False) -> tuple[dict, dict]:
    """The peer's database with `size` appointments (kept between runs, keyed like ours on
    the loader and the versions), and what to measure."""
    loader = BENCH / "peer_load.py"
    key = hashlib.sha256(
        loader.read_bytes() + SETTINGS.encode() + json.dumps(versions).encode()
    ).hexdigest()[:12]
    stored = PROJECT / "datasets" / f"peer-{size}-{key}.sqlite3"
    database = PROJECT / f"db-{size}.sqlite3"
    env = peer_env(database)
    started = time.monotonic()
    reused = stored.exists() and not fresh
    if not reused:
        for old in (PROJECT / "datasets").glob(f"peer-{size}-*"):
            old.unlink()
        stored.parent.mkdir(parents=True, exist_ok=True)
        database.unlink(missing_ok=True)
        log(f"peer: loading {size:,} appointments")
    else:
        shutil.copy2(stored, database)
    targets = run_json([str(PEER_PY), str(loader), "--appointments", str(size)], env, cwd=PROJECT)
    if not reused:
        shutil.copy2(database, stored)
    targets["setup_seconds"] = round(time.monotonic() - started, 1)
    targets["reused"] = reused
    return env, targets


def bench(sizes, versions, args) -> dict:
    write_project()
    out = {"versions": versions, "sets": {}}
    for size in sizes:
        env, targets = prepare(size, versions, fresh=args.fresh)
        rows = {}
        with Server(
            env,
            f"peer-{size}",
            gunicorn=str(VENV / "bin" / "gunicorn"),
            app="peer_site.wsgi",
            cwd=PROJECT,
        ) as server:
            rows["ceiling"] = measure_get(server.base, "/sante/", args)
            for key, path in targets["paths"].items():
                headers = [AJAX] if key == "peer_slots" else []  # the endpoint wants it
                rows[key] = measure_get(server.base, path, args, headers=headers)
            log(
                f"peer {size:,}: ceiling {rows['ceiling']['rps']:.0f} req/s, "
                + ", ".join(f"{k} {rows[k]['rps']:.0f}" for k in targets["paths"])
            )
        out["sets"][size] = {"targets": targets, "rows": rows}
    return out
