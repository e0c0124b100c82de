"""An email that tells the founder their confirmed date inside the reminder window (an
acceptance, a booking confirmed at once, a move) stands for the reminder: none follows minutes
later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booking import services
from booking.models import Appointment
from booking.services import booking_jobs_run
from tests.booking.factories import AgencyFactory, SlotFactory, founder, in_days

from .helpers import book_at, messages_of, received

pytestmark = pytest.mark.django_db


def test_a_confirmation_inside_the_reminder_window_stands_for_the_reminder(
    settings, smtp, django_capture_on_commit_callbacks
):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    smtp.start()
    slot = SlotFactory(start=timezone.now() + timedelta(hours=5))
    appointment = book_at(slot)  # a request made days ago, answered five hours before
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_accept(appointment=appointment, by=None)
        assert booking_jobs_run()["reminders"] == 0
        assert booking_jobs_run(now=timezone.now() + timedelta(hours=1))["reminders"] == 0
    assert messages_of(appointment, "reminder") == []
    assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is not None
    assert received(smtp)[-1] == "confirmed"


def test_a_confirmation_outside_the_window_leaves_the_reminder_due(settings):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    slot = SlotFactory(start=in_days(5, 10))
    appointment = book_at(slot)
    services.appointment_accept(appointment=appointment, by=None)
    assert booking_jobs_run(now=slot.start - timedelta(hours=20))["reminders"] == 1
    assert len(messages_of(appointment, "reminder")) == 1


def test_a_booking_confirmed_at_once_inside_the_window_is_not_reminded(settings, adviser):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    agency = AgencyFactory(requires_approval=False)
    slot = SlotFactory(agency=agency, start=timezone.now() + timedelta(hours=6))
    appointment = services.appointment_book(
        slot_id=slot.pk,
        founder=founder(),
        privacy_version="2026-11",
        submission_key="by-phone-inside-the-window-0001",
        booked_by=adviser,  # by phone, inside the agency's minimum notice
    ).appointment
    assert messages_of(appointment, "confirmed")
    assert booking_jobs_run()["reminders"] == 0


def test_a_move_into_the_window_tells_the_new_date_and_stands_for_the_reminder(settings, adviser):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    slot = SlotFactory(start=in_days(5, 10))
    soon = SlotFactory(
        agency=slot.agency,
        meeting_type=slot.meeting_type,
        start=timezone.now() + timedelta(hours=8),
    )
    appointment = book_at(slot)
    services.appointment_accept(appointment=appointment, by=None)
    services.appointment_reschedule(appointment=appointment, new_slot_id=soon.pk, by=adviser)
    assert booking_jobs_run()["reminders"] == 0
    assert messages_of(appointment, "reminder") == []
