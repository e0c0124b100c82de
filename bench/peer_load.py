"""The peer's data, loaded in ITS virtualenv and project (written by `bench/peer.py`):

    cd .bench/peer && DJANGO_SETTINGS_MODULE=peer_site.settings PEER_DATABASE=db.sqlite3 \\
        ../peer-venv/bin/python ../../bench/peer_load.py --appointments 100000

django-appointment has no slot rows: a staff member's free times are computed from working
hours minus appointments. So the data mirrors `generate_load_data`: 20 services (our agencies),
200 staff members (our advisers, ten per service) working Monday to Friday 9:00-17:00 in
one-hour slots, and `--appointments` appointments (with their appointment requests and one
client account each) on distinct (staff member, day, hour) cells at 9, 10, 11, 14, 15 and 16 h,
from about a year ago to 70 days ahead. Deterministic (seeded), bulk inserts.

Prints one JSON line: the URLs to measure and the queries each one runs.
"""

import argparse
import json
import random
import time as clock
from datetime import date, datetime, time, timedelta

import django

django.setup()

from appointment.models import (  # noqa: E402
    Appointment,
    AppointmentRequest,
    Config,
    Service,
    StaffMember,
    WorkingHours,
)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SERVICES = 20
STAFF = 200
HOURS = [9, 10, 11, 14, 15, 16]
DAYS_AHEAD = 70
SPAN_DAYS = 310
BATCH = 2000
MEASURED_DAY_AHEAD = 7  # the free-slots request asks for a weekday a week ahead


def weekdays_back(last: date, count: int) -> list[date]:
    days = []
    day = last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def load(count: int, seed: int):
    rng = random.Random(seed)  # noqa: S311 - reproducible, not secret
    users = get_user_model()
    password = make_password(None)
    Config.objects.create(
        slot_duration=60, lead_time=time(9), finish_time=time(17), website_name="Banc d'essai"
    )
    services = Service.objects.bulk_create(
        [
            Service(name=f"Rendez-vous agence {i + 1}", duration=timedelta(hours=1), price=0)
            for i in range(SERVICES)
        ]
    )
    staff_users = users.objects.bulk_create(
        [
            users(
                username=f"conseiller.{i:04d}",
                first_name=f"Conseiller {i}",
                last_name=f"Agence {i % SERVICES + 1}",
                email=f"conseiller.{i:04d}@osengo.test",
                password=password,
            )
            for i in range(STAFF)
        ]
    )
    staff = StaffMember.objects.bulk_create(
        [
            StaffMember(user=user, slot_duration=60, lead_time=time(9), finish_time=time(17))
            for user in staff_users
        ]
    )
    through = StaffMember.services_offered.through
    through.objects.bulk_create(
        [
            through(staffmember_id=member.pk, service_id=services[i % SERVICES].pk)
            for i, member in enumerate(staff)
        ]
    )
    WorkingHours.objects.bulk_create(
        [
            WorkingHours(
                staff_member=member, day_of_week=day, start_time=time(9), end_time=time(17)
            )
            for member in staff
            for day in (1, 2, 3, 4, 5)  # the peer counts from Sunday = 0
        ]
    )
    today = timezone.localdate()
    days = weekdays_back(
        today + timedelta(days=DAYS_AHEAD), max(SPAN_DAYS, -(-count // (STAFF * len(HOURS))))
    )
    cells = len(days) * len(HOURS) * STAFF
    chosen = rng.sample(range(cells), count)
    for start in range(0, count, BATCH):
        batch = chosen[start : start + BATCH]
        clients = users.objects.bulk_create(
            [
                users(
                    username=f"client.{start + i}",
                    first_name="Camille",
                    last_name=f"Client {start + i}",
                    email=f"client.{start + i}@exemple.fr",
                    password=password,
                )
                for i in range(len(batch))
            ]
        )
        requests = []
        for cell in batch:
            day_index, rest = divmod(cell, len(HOURS) * STAFF)
            hour_index, member_index = divmod(rest, STAFF)
            hour = HOURS[hour_index]
            member = staff[member_index]
            requests.append(
                AppointmentRequest(
                    date=days[day_index],
                    start_time=time(hour),
                    end_time=time(hour, 50),
                    service_id=services[member_index % SERVICES].pk,
                    staff_member=member,
                    id_request=f"bench{start}{cell}",
                )
            )
        requests = AppointmentRequest.objects.bulk_create(requests)
        Appointment.objects.bulk_create(
            [
                Appointment(
                    client=client,
                    appointment_request=request,
                    phone=f"+336{start + i:08d}",
                    address="Clermont-Ferrand",
                    amount_to_pay=0,
                    id_request=f"bench{start + i}",
                )
                for i, (client, request) in enumerate(zip(clients, requests, strict=True))
            ]
        )


def count_queries(paths: dict) -> dict:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    out = {}
    for key, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            started = clock.perf_counter()
            response = client.get(path)
            elapsed = clock.perf_counter() - started
        out[key] = {
            "queries": len(queries.captured_queries),
            "ms": round(elapsed * 1000, 1),
            "status": response.status_code,
            "bytes": len(response.content),
        }
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--appointments", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    started = clock.monotonic()
    call_command("makemigrations", "appointment", verbosity=0)  # see the peer's settings
    call_command("migrate", verbosity=0, interactive=False)
    if not Service.objects.exists():
        with transaction.atomic():
            load(args.appointments, args.seed)
    service = Service.objects.order_by("pk").first()
    member = StaffMember.objects.filter(services_offered=service).order_by("pk").first()
    day = timezone.localdate() + timedelta(days=MEASURED_DAY_AHEAD)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    paths = {
        "peer_slots": (
            f"/appointment/ajax/available_slots/?selected_date={day.isoformat()}"
            f"&staff_member={member.pk}&service_id={service.pk}"
        ),
        "peer_request": f"/appointment/request/{service.pk}/",
    }
    booked = AppointmentRequest.objects.filter(staff_member=member, date=day).count()
    slots = json.loads(
        Client(HTTP_HOST="127.0.0.1")
        .get(paths["peer_slots"], headers={"x-requested-with": "XMLHttpRequest"})
        .content
    )
    print(
        json.dumps(
            {
                "paths": paths,
                "queries": count_queries(paths),
                "appointments": Appointment.objects.count(),
                "staff": StaffMember.objects.count(),
                "services": Service.objects.count(),
                "measured_day": {
                    "date": day.isoformat(),
                    "booked": booked,
                    "free": len(slots.get("available_slots", [])),
                    "answer": slots.get("message"),
                },
                "seconds": round(clock.monotonic() - started, 1),
                "loaded_at": datetime.now().isoformat(timespec="seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
