"""Generating slots from weekly opening hours: breaks, holidays, closures, no duplicates, no
overlap for an adviser, and right local times on the days the clocks change."""

from datetime import UTC, date, time

import pytest
from django.urls import reverse

from booking import services
from booking.models import Closure, Slot
from booking.timefmt import to_local
from tests.booking.factories import SlotFactory, local_dt

pytestmark = pytest.mark.django_db

MORNING_AND_AFTERNOON = [(time(9, 0), time(12, 0)), (time(14, 0), time(16, 0))]


def opening(agency, meeting_type, **overrides):
    data = {
        "agency": agency,
        "meeting_type": meeting_type,
        "ranges": {0: MORNING_AND_AFTERNOON, 2: MORNING_AND_AFTERNOON},
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 3, 14),
        "duration_minutes": 45,
        "gap_minutes": 15,
    }
    data.update(overrides)
    return services.OpeningHours(**data)


def test_slots_follow_the_opening_hours_with_breaks(clermont, meeting_type):
    created = services.slots_generate(opening=opening(clermont, meeting_type))
    # Mondays and Wednesdays of two weeks, 3 in the morning (9:00, 10:00, 11:00) + 2 after.
    assert len(created) == 4 * 5
    starts = sorted({to_local(s.start).strftime("%H:%M") for s in created})
    assert starts == ["09:00", "10:00", "11:00", "14:00", "15:00"]
    assert all((s.end - s.start).total_seconds() == 45 * 60 for s in created)


def test_running_it_twice_creates_no_duplicates(clermont, meeting_type, adviser_clermont):
    for adviser in (None, adviser_clermont):
        spec = opening(clermont, meeting_type, adviser=adviser)
        first = services.slots_generate(opening=spec)
        assert first
        assert services.slots_generate(opening=spec) == []
        assert services.slots_plan(spec).new == []
    assert Slot.objects.count() == 2 * len(first)


def test_an_adviser_never_gets_overlapping_slots(clermont, vichy, meeting_type, adviser_clermont):
    busy = SlotFactory(
        agency=vichy,
        meeting_type=meeting_type,
        adviser=adviser_clermont,
        start=local_dt(date(2027, 3, 1), 9, 30),
        end=local_dt(date(2027, 3, 1), 10, 30),
    )
    created = services.slots_generate(
        opening=opening(clermont, meeting_type, adviser=adviser_clermont)
    )
    for slot in created:
        assert not (slot.start < busy.end and busy.start < slot.end)
    assert len(created) == 4 * 5 - 2  # 9:00 and 10:00 that Monday


def test_holidays_and_closure_days_are_skipped(clermont, meeting_type, adviser_clermont):
    Closure.objects.create(
        agency=clermont, start_date=date(2027, 5, 12), end_date=date(2027, 5, 12)
    )
    spec = opening(
        clermont,
        meeting_type,
        ranges={d: [(time(9, 0), time(10, 0))] for d in range(5)},
        start_date=date(2027, 5, 3),
        end_date=date(2027, 5, 14),
        closed_days=frozenset({date(2027, 5, 4)}),
    )
    plan = services.slots_plan(spec)
    days = {to_local(s.start).date() for s in plan.new}
    # 8 May (Saturday here) aside, 6 May 2027 is Ascension, a public holiday.
    assert date(2027, 5, 6) not in days
    assert date(2027, 5, 4) not in days  # listed closure day
    assert date(2027, 5, 12) not in days  # declared closure
    assert len(days) == 10 - 3
    reasons = " ".join(reason for _when, reason in plan.skipped)
    assert "férié" in reasons and "fermeture" in reasons


@pytest.mark.parametrize(
    ("first", "last", "utc_hours"),
    [
        (date(2026, 3, 27), date(2026, 3, 30), [8, 8, 7, 7]),  # spring forward on Sunday 29
        (date(2026, 10, 23), date(2026, 10, 26), [7, 7, 8, 8]),  # fall back on Sunday 25
    ],
)
def test_slots_keep_their_local_time_across_clock_changes(
    clermont, meeting_type, first, last, utc_hours
):
    spec = opening(
        clermont,
        meeting_type,
        ranges={d: [(time(9, 0), time(9, 45))] for d in range(7)},
        start_date=first,
        end_date=last,
        skip_holidays=False,
    )
    created = sorted(services.slots_generate(opening=spec), key=lambda s: s.start)
    assert [to_local(s.start).strftime("%H:%M") for s in created] == ["09:00"] * 4
    assert [s.start.astimezone(UTC).hour for s in created] == utc_hours


def test_the_wall_clock_hour_skipped_in_spring_gets_no_slot(clermont, meeting_type):
    spec = opening(
        clermont,
        meeting_type,
        ranges={6: [(time(1, 0), time(4, 0))]},
        start_date=date(2026, 3, 29),
        end_date=date(2026, 3, 29),
        duration_minutes=60,
        gap_minutes=0,
        skip_holidays=False,
    )
    starts = [to_local(s.start).strftime("%H:%M") for s in services.slots_plan(spec).new]
    assert starts == ["01:00", "03:00"]


def test_the_admin_form_previews_then_creates(clermont_client, clermont, meeting_type):
    url = reverse("booking_slots_generate")
    data = {
        "agency": clermont.pk,
        "meeting_type": meeting_type.pk,
        "start_date": "2027-03-01",
        "end_date": "2027-03-07",
        "duration_minutes": "60",
        "gap_minutes": "0",
        "capacity": "1",
        "skip_holidays": "on",
        "monday": "9:00-12:00, 14h-16h",
        "friday": "9h-10h",
    }
    preview = clermont_client.post(url, {**data, "preview": "1"})
    html = preview.content.decode()
    assert "Créer les 6 créneaux" in html
    assert "lundi 1er mars 2027" in html
    assert not Slot.objects.exists()
    response = clermont_client.post(url, {**data, "create": "1"})
    assert response.status_code == 302
    assert Slot.objects.filter(agency=clermont).count() == 6


def test_the_admin_form_rejects_bad_ranges(clermont_client, clermont, meeting_type):
    response = clermont_client.post(
        reverse("booking_slots_generate"),
        {
            "agency": clermont.pk,
            "meeting_type": meeting_type.pk,
            "start_date": "2027-03-01",
            "end_date": "2027-03-07",
            "gap_minutes": "0",
            "capacity": "1",
            "monday": "midi",
            "preview": "1",
        },
    )
    assert "écrivez les plages comme" in response.content.decode()
    assert not Slot.objects.exists()


def test_declaring_a_closure_deactivates_free_slots_and_lists_booked_ones(
    clermont_client, clermont, meeting_type
):
    from tests.booking.factories import book, in_days

    free = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(10, 9))
    booked = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(10, 14))
    appointment = book(booked)
    outside = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(12, 9))
    day = in_days(10).date()
    response = clermont_client.post(
        reverse("booking_closure_modeladmin_create"),
        {"agency": clermont.pk, "start_date": day, "end_date": day, "reason": "Inventaire"},
    )
    assert response.status_code == 302
    free.refresh_from_db()
    outside.refresh_from_db()
    assert not free.is_active and outside.is_active
    page = clermont_client.get(response["Location"]).content.decode()
    assert "Rendez-vous à traiter" in page
    assert appointment.full_name in page
    assert "1 rendez-vous tombe pendant cette fermeture" in page
