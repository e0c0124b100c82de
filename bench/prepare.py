"""Django-side helpers of `bench/run.py`, run in the benchmark's environment:

    python bench/prepare.py targets   # JSON: URLs, an admin session, free slots, form fields,
                                      # and the SQL queries of each measured request
    python bench/prepare.py verify    # JSON: what the booking benchmark wrote, checked
    python bench/prepare.py clear     # empty the configured cache (before a Redis server)

The admin session is created directly (as a login would), with a TOTP device marked verified
when django-otp is there, so the measurement does not depend on the 2FA policy.
"""

import json
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from booking import services  # noqa: E402
from booking.models import ACTIVE_STATUSES, Agency, Appointment, BookingPage, Slot  # noqa: E402
from booking.public import abuse  # noqa: E402
from booking.public.forms import QUESTION_PREFIX  # noqa: E402
from booking.tokens import token_for  # noqa: E402
from home.models import HomePage, StandardPage  # noqa: E402
from news.models import NewsIndexPage, NewsPage  # noqa: E402

BENCH_KEY_PREFIX = "bench-"
MAX_BOOKING_SLOTS = 20_000
# Admin views measured at every data size: (key, URL or URL names to try). An agenda view is
# measured as soon as one is registered under one of these names.
ADMIN_PAGES = [
    ("admin_list", "/admin/booking/appointment/"),
    ("admin_slots", "/admin/booking/slot/"),
    ("admin_agenda", ("booking_agenda", "booking_appointment_agenda")),
]


def admin_session() -> str:
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    try:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="benchmark", defaults={"confirmed": True}
        )
        session["otp_device_id"] = device.persistent_id
    except ImportError:
        pass
    session.create()
    return session.session_key


def question_values(page) -> dict:
    values = {}
    for question in page.questions.all():
        name = QUESTION_PREFIX + (question.clean_name or question.get_field_clean_name())
        choices = [c.strip() for c in question.choices.splitlines() if c.strip()]
        values[name] = {
            "radio": choices[:1],
            "dropdown": choices[:1],
            "checkboxes": choices[:1],
            "checkbox": "on",
            "date": "2027-01-15",
        }.get(question.field_type, "Réponse")
        if isinstance(values[name], list):
            values[name] = values[name][0] if values[name] else ""
    return values


def manage_url(page, now) -> str:
    """A private manage link of a fresh appointment on the last free slot."""
    slot = (
        Slot.objects.bookable(agencies=Agency.objects.filter(is_active=True), now=now)
        .filter(capacity=1)
        .order_by("-start")
        .first()
    )
    result = services.appointment_book(
        slot_id=slot.pk,
        founder=services.FounderDetails(
            first_name="Camille",
            last_name="Mesure",
            email="camille.mesure@exemple.fr",
            phone="+33612345678",
            city="Clermont-Ferrand",
            postal_code="63000",
            project_name="Mesure",
            project_description="Rendez-vous du banc d'essai.",
            project_stage="idea",
            project_sector="other",
        ),
        privacy_version=page.privacy_version,
        submission_key=f"{BENCH_KEY_PREFIX}manage-{now.timestamp():.0f}",
        now=now,
    )
    token = token_for(result.appointment.token_salt)
    return page.url + page.reverse_subpage("manage", args=(token,)), slot.pk


def admin_pages() -> dict:
    pages = {}
    for key, where in ADMIN_PAGES:
        if isinstance(where, str):
            pages[key] = where
            continue
        for name in where:
            try:
                pages[key] = reverse(name)
                break
            except NoReverseMatch:
                continue
    return pages


def count_queries(found: dict) -> dict:
    """SQL queries and in-process time of one request of each kind, page cache off (what a
    miss costs): the second of two requests, so that one-off work (a rendition, a first
    lookup) is not counted. The booking POST books one of the free slots, taken out of the
    list the load test uses."""
    client = Client(HTTP_HOST="127.0.0.1")
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.cookies["sessionid"] = found["admin_session"]
    requests = {key: (client, path) for key, path in found["pages"].items()}
    requests.update({key: (admin, path) for key, path in found["admin_pages"].items()})
    out = {}
    with override_settings(PAGE_CACHE_TIMEOUT=0):
        for key, (who, path) in requests.items():
            who.get(path)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = who.get(path).status_code
                elapsed = time.perf_counter() - started
            out[key] = {
                "queries": len(queries.captured_queries),
                "ms": round(elapsed * 1000, 1),
                "status": status,
            }
        path, slot, key, started = found["booking_slots"].pop()
        form = {
            **found["form"],
            "slot": slot,
            "submission_key": key,
            "form_started": started,
            "email": f"requetes.{time.time_ns()}@exemple.fr",
            "phone": "0699000001",
        }
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = Client(HTTP_HOST="127.0.0.1").post(path, form).status_code
            elapsed = time.perf_counter() - started
        out["booking_post"] = {
            "queries": len(queries.captured_queries),
            "ms": round(elapsed * 1000, 1),
            "status": status,
        }
    return out


def targets() -> dict:
    cache.clear()  # nothing left from a previous run or database (same URLs, same keys)
    now = timezone.now()
    page = BookingPage.objects.live().first()
    home = HomePage.objects.live().first()
    showcase = StandardPage.objects.live().child_of(home).order_by("path").first()
    agency = (
        Agency.objects.filter(is_active=True, slug__startswith="charge-").order_by("pk").first()
        or Agency.objects.filter(is_active=True).first()
    )
    manage, manage_slot = manage_url(page, now)
    agencies = list(Agency.objects.filter(is_active=True))
    slugs = {a.pk: a.slug for a in agencies}
    free = (
        Slot.objects.bookable(agencies=agencies, now=now)
        .filter(capacity=1)
        .exclude(pk=manage_slot)
        .order_by("pk")
        .values_list("pk", "agency_id")[:MAX_BOOKING_SLOTS]
    )
    booking_path = page.url + "agence/{slug}/reserver/"
    secret = _get_new_csrf_string()
    run = secrets.token_hex(3)

    def signed(key):  # a submission key and the form timestamp bound to it
        return [key, abuse.form_started_token(key)]

    found = {
        "pages": {
            "home": home.url,
            "showcase": showcase.url,
            "news_index": NewsIndexPage.objects.live().first().url,
            "news_article": NewsPage.objects.live().order_by("-date", "-pk").first().url,
            "agency_list": page.url,
            "slot_page": page.url + f"agence/{agency.slug}/",
            "manage": manage,
        },
        "admin_pages": admin_pages(),
        "export": "/admin/booking/appointment/?du=tout&export=csv",  # every date
        "admin_session": admin_session(),
        "csrf_cookie": secret,
        "csrf_token": _mask_cipher_secret(secret),
        # [path, slot id, submission key, form timestamp]: one form per slot.
        "booking_slots": [
            [booking_path.format(slug=slugs[a]), pk, *signed(f"{BENCH_KEY_PREFIX}post-{run}-{pk}")]
            for pk, a in free
        ],
        "profile_forms": [signed(f"{BENCH_KEY_PREFIX}profile-{run}-{n}") for n in range(5)],
        "form": {
            "civility": "",
            "first_name": "Camille",
            "last_name": "Charge",
            "city": "Clermont-Ferrand",
            "postal_code": "63000",
            "project_name": "Projet mesuré",
            "project_description": "Un projet pour mesurer la prise de rendez-vous.",
            "project_stage": "idea",
            "project_sector": "digital",
            "heard_from": "",
            "consent": "on",
            **question_values(page),
        },
        "appointments": Appointment.objects.count(),
        "slots": Slot.objects.count(),
    }
    found["queries"] = count_queries(found)
    return found


def verify() -> dict:
    """The booking benchmark's appointments: one per slot, counters equal to active rows."""
    booked = Appointment.objects.filter(submission_key__startswith=f"{BENCH_KEY_PREFIX}post-")
    slot_ids = booked.values("slot_id")
    per_slot = booked.values("slot_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    counters_wrong = (
        Slot.objects.filter(pk__in=slot_ids)
        .annotate(active=Count("appointments", filter=Q(appointments__status__in=ACTIVE_STATUSES)))
        .exclude(active=F("booked_count"))
        .count()
    )
    return {
        "bench_appointments": booked.count(),
        "slots_with_several": per_slot,
        "slots_with_wrong_counter": counters_wrong,
        "overbooked_slots": Slot.objects.filter(booked_count__gt=F("capacity")).count(),
    }


def clear() -> dict:
    cache.clear()
    return {"cleared": settings.CACHES["default"]["BACKEND"]}


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "targets"
    print(json.dumps({"targets": targets, "verify": verify, "clear": clear}[action]()))
