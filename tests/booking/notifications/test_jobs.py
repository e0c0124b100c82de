"""The periodic jobs: reminders, nudges, expiry, no-show, the command, and two runs at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from booking import services
from booking.models import Appointment, AppointmentStatus, OutboxMessage, RateLimitHit, Slot
from booking.notify.tasks import run_booking_jobs
from booking.services import booking_jobs_run
from tests.booking.factories import AgencyFactory, SlotFactory, book, in_days

from .conftest import event_of
from .helpers import messages_of

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def confirmed(slot, **founder):
    appointment = book(slot, **founder)
    services.appointment_accept(appointment=appointment, by=None)
    return appointment


def test_reminder_is_sent_once_the_day_before(booking_page, settings):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    slot = SlotFactory(start=in_days(5, 10))
    appointment = confirmed(slot)

    assert booking_jobs_run(now=slot.start - timedelta(hours=25))["reminders"] == 0
    assert booking_jobs_run(now=slot.start - timedelta(hours=23))["reminders"] == 1
    assert booking_jobs_run(now=slot.start - timedelta(hours=22))["reminders"] == 0

    [reminder] = messages_of(appointment, "reminder")
    assert reminder.to_email == appointment.email
    assert "/gerer/" in reminder.body_text  # the private manage link
    calendar, event = event_of(reminder.ics)
    assert calendar["METHOD"] == "REQUEST"
    assert event.start == slot.start
    assert event["SEQUENCE"] == 1  # a reminder changes nothing: same version as the confirmation


@pytest.mark.parametrize("outcome", ["cancelled", "refused", "pending"])
def test_no_reminder_for_appointments_that_do_not_hold(outcome):
    slot = SlotFactory(start=in_days(5, 10))
    appointment = book(slot)
    if outcome == "cancelled":
        services.appointment_accept(appointment=appointment, by=None)
        services.appointment_cancel_by_founder(appointment=appointment)
    elif outcome == "refused":
        services.appointment_refuse(appointment=appointment, by=None)
    booking_jobs_run(now=slot.start - timedelta(hours=2))
    assert messages_of(appointment, "reminder") == []


def test_a_moved_appointment_is_reminded_of_its_new_time_only(adviser):
    old = SlotFactory(start=in_days(5, 10))
    new = SlotFactory(agency=old.agency, meeting_type=old.meeting_type, start=in_days(9, 14))
    appointment = confirmed(old)
    booking_jobs_run(now=old.start - timedelta(hours=20))  # reminded of the old time
    services.appointment_reschedule(appointment=appointment, new_slot_id=new.pk, by=adviser)

    booking_jobs_run(now=old.start - timedelta(hours=2))
    assert len(messages_of(appointment, "reminder")) == 1  # nothing more about the old time
    booking_jobs_run(now=new.start - timedelta(hours=20))
    reminders = messages_of(appointment, "reminder")
    assert len(reminders) == 2
    assert event_of(reminders[1].ics)[1].start == new.start


def test_unanswered_request_nudges_the_agency_then_expires(settings, adviser):
    settings.BOOKING_NUDGE_AFTER_HOURS = 24
    settings.BOOKING_EXPIRE_AFTER_HOURS = 72
    agency = AgencyFactory()
    agency.advisers.add(adviser)
    slot = SlotFactory(agency=agency, start=in_days(10, 10))
    appointment = book(slot)
    booked_at = appointment.created_at

    booking_jobs_run(now=booked_at + timedelta(hours=23))
    assert messages_of(appointment, "adviser_nudge") == []
    for hours in (25, 26):
        booking_jobs_run(now=booked_at + timedelta(hours=hours))
    nudges = messages_of(appointment, "adviser_nudge")
    assert sorted(m.to_email for m in nudges) == sorted([adviser.email, agency.notification_email])
    assert all(m.ics for m in nudges)

    assert booking_jobs_run(now=booked_at + timedelta(hours=71))["expired"] == 0
    assert booking_jobs_run(now=booked_at + timedelta(hours=73))["expired"] == 1
    appointment.refresh_from_db()
    slot.refresh_from_db()
    assert appointment.status == S.EXPIRED
    assert slot.booked_count == 0
    assert appointment.history.last().to_status == S.EXPIRED
    [expired] = messages_of(appointment, "expired")
    assert "http://testserver/" in expired.body_text  # invited to book again
    calendar, event = event_of(expired.ics)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert booking_jobs_run(now=booked_at + timedelta(hours=80))["expired"] == 0


def test_a_request_expires_when_its_slot_starts():
    # Less than BOOKING_EXPIRE_AFTER_HOURS (72) ahead at any hour of the day: the request is
    # still young when its slot starts.
    slot = SlotFactory(start=in_days(2, 10))
    appointment = book(slot)
    booking_jobs_run(now=slot.start - timedelta(minutes=1))
    assert Appointment.objects.get(pk=appointment.pk).status == S.PENDING
    booking_jobs_run(now=slot.start)
    assert Appointment.objects.get(pk=appointment.pk).status == S.EXPIRED
    assert Slot.objects.get(pk=slot.pk).booked_count == 0


def test_a_request_moved_back_to_pending_gets_its_full_delay(settings, adviser):
    """A founder's move puts a confirmed appointment back to pending: the delay restarts."""
    settings.BOOKING_EXPIRE_AFTER_HOURS = 72
    slot = SlotFactory(start=in_days(20, 10))
    other = SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(21, 10))
    appointment = confirmed(slot)
    Appointment.objects.filter(pk=appointment.pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )
    services.appointment_reschedule(appointment=appointment, new_slot_id=other.pk)
    assert Appointment.objects.get(pk=appointment.pk).status == S.PENDING
    booking_jobs_run(now=timezone.now() + timedelta(hours=1))
    assert Appointment.objects.get(pk=appointment.pk).status == S.PENDING
    booking_jobs_run(now=timezone.now() + timedelta(hours=73))
    assert Appointment.objects.get(pk=appointment.pk).status == S.EXPIRED


def test_a_no_show_is_invited_to_book_again():
    appointment = confirmed(SlotFactory())
    services.appointment_mark_no_show(appointment=appointment, by=None)
    [email] = messages_of(appointment, "no_show")
    assert email.to_email == appointment.email
    assert "nouveau rendez-vous" in email.body_text


def test_the_command_runs_every_job_and_purges_old_rate_limit_hits():
    old = RateLimitHit.objects.create(scope="booking", ip_hash="a" * 64)
    RateLimitHit.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = RateLimitHit.objects.create(scope="booking", ip_hash="b" * 64)
    slot = SlotFactory(start=in_days(3, 10))
    book(slot)
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() - timedelta(minutes=5))

    from io import StringIO

    out = StringIO()
    call_command("run_booking_jobs", stdout=out)
    assert "expired=1" in out.getvalue()
    assert "rate_limit_hits_purged=1" in out.getvalue()
    assert list(RateLimitHit.objects.all()) == [recent]


def test_the_jobs_also_run_as_a_task():
    slot = SlotFactory(start=in_days(3, 10))
    book(slot)
    Slot.objects.filter(pk=slot.pk).update(start=timezone.now() - timedelta(minutes=5))
    result = run_booking_jobs.enqueue()
    assert result.return_value["expired"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_two_runs_at_once_send_each_email_once(settings, mailoutbox):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 48
    slots = [SlotFactory(start=in_days(3, hour)) for hour in (9, 10, 11, 14, 15)]
    appointments = [
        confirmed(slot, email=f"porteur{i}@example.org") for i, slot in enumerate(slots)
    ]
    Appointment.objects.filter(pk=appointments[0].pk).update(status=S.PENDING)  # to expire
    Appointment.objects.filter(pk=appointments[0].pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    now = slots[0].start - timedelta(hours=30)
    mailoutbox.clear()
    runs = 4
    barrier = threading.Barrier(runs)

    def run(_):
        barrier.wait()
        try:
            return booking_jobs_run(now=now)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        results = list(pool.map(run, range(runs)))

    assert sum(r["reminders"] for r in results) == 4
    assert sum(r["expired"] for r in results) == 1
    assert OutboxMessage.objects.filter(kind="reminder").count() == 4
    assert OutboxMessage.objects.filter(kind="expired").count() == 1
    reminder_recipients = sorted(m.to[0] for m in mailoutbox if "Rappel" in m.subject)
    assert reminder_recipients == sorted(a.email for a in appointments[1:])
