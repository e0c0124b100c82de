"""The booking services against the real database: every rule of the workflow."""

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from booking import services
from booking.errors import (
    ChangeTooLate,
    SlotFull,
    SlotUnavailable,
    StaleAppointment,
    TooManyActiveAppointments,
)
from booking.models import Appointment, AppointmentStatus, Slot
from tests.booking.factories import AgencyFactory, SlotFactory, book, founder, in_days

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def assert_counters_match_active_appointments():
    """booked_count is a cache of the active appointments: it must never drift."""
    active = Q(appointments__status__in=[S.PENDING, S.CONFIRMED])
    for slot in Slot.objects.annotate(active=Count("appointments", filter=active)):
        assert slot.booked_count == slot.active, slot


def test_booking_creates_a_pending_request_with_history_and_emails(
    django_capture_on_commit_callbacks, mailoutbox
):
    slot = SlotFactory()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(slot)
    assert appointment.status == S.PENDING
    assert appointment.reference.startswith("RDV-")
    assert appointment.privacy_version == "2026-11"
    assert appointment.consent_at is not None
    assert len(appointment.token_hash) == 64
    assert [(h.from_status, h.to_status) for h in appointment.history.all()] == [("", S.PENDING)]
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert [m.to for m in mailoutbox] == [
        ["camille.durand@example.org"],
        [slot.agency.notification_email],
    ]
    assert "enregistrée" in mailoutbox[0].subject


def test_agency_without_approval_confirms_at_once(django_capture_on_commit_callbacks, mailoutbox):
    slot = SlotFactory(agency=AgencyFactory(requires_approval=False))
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(slot)
    assert appointment.status == S.CONFIRMED
    assert "confirmé" in mailoutbox[0].subject


def test_a_full_slot_refuses_the_next_booking():
    slot = SlotFactory(capacity=2)
    book(slot, email="a@example.org")
    book(slot, email="b@example.org")
    with pytest.raises(SlotFull):
        book(slot, email="c@example.org")
    assert Appointment.objects.count() == 2
    assert_counters_match_active_appointments()


@pytest.mark.parametrize(
    "slot_kwargs",
    [
        {"start": in_days(-1)},  # past
        {"start": timezone.now() + timedelta(hours=2)},  # inside the 24 h notice
        {"start": in_days(90)},  # beyond the 60-day horizon
        {"is_active": False},
    ],
    ids=["past", "inside-notice", "beyond-horizon", "inactive"],
)
def test_slots_outside_the_window_cannot_be_booked(slot_kwargs):
    slot = SlotFactory(**slot_kwargs)
    with pytest.raises(SlotUnavailable):
        book(slot)
    assert not Appointment.objects.exists()


def test_inactive_agency_cannot_be_booked():
    slot = SlotFactory(agency=AgencyFactory(is_active=False))
    with pytest.raises(SlotUnavailable):
        book(slot)


def test_unknown_or_garbage_slot_ids_are_unavailable():
    for slot_id in [0, 999_999, "abc", None, 10**30]:
        with pytest.raises(SlotUnavailable):
            services.appointment_book(
                slot_id=slot_id, founder=founder(), privacy_version="v", submission_key="k" * 20
            )


def test_one_email_holds_at_most_two_active_future_appointments():
    agency = AgencyFactory()
    book(SlotFactory(agency=agency, start=in_days(3, 9)), email="Sam@Example.org")
    book(SlotFactory(agency=agency, start=in_days(4, 9)), email="sam@example.org")
    with pytest.raises(TooManyActiveAppointments):
        book(SlotFactory(agency=agency, start=in_days(5, 9)), email="SAM@example.org")


def test_a_resubmitted_form_returns_the_first_appointment():
    slot = SlotFactory(capacity=3)
    kwargs = {
        "slot_id": slot.pk,
        "founder": founder(),
        "privacy_version": "v",
        "submission_key": "same-key-123456789",
    }
    first = services.appointment_book(**kwargs)
    second = services.appointment_book(**kwargs)
    assert first.created and not second.created
    assert first.appointment.pk == second.appointment.pk
    assert Appointment.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_founder_cancellation_frees_the_place(django_capture_on_commit_callbacks, mailoutbox):
    slot = SlotFactory()
    appointment = book(slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel_by_founder(appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == S.CANCELLED_BY_FOUNDER
    assert Appointment.objects.filter(pk=appointment.pk).exists()  # never deleted
    book(slot, email="other@example.org")  # the place is free again
    assert_counters_match_active_appointments()
    assert "annulé" in mailoutbox[0].subject


def test_cancellation_after_the_cutoff_is_refused():
    slot = SlotFactory(start=timezone.now() + timedelta(hours=30))
    appointment = book(slot)
    with pytest.raises(ChangeTooLate):
        services.appointment_cancel_by_founder(
            appointment=appointment, now=timezone.now() + timedelta(hours=10)
        )


def test_reschedule_moves_the_place_and_rotates_the_link():
    agency = AgencyFactory(requires_approval=False)
    old = SlotFactory(agency=agency, start=in_days(3, 10))
    new = SlotFactory(agency=agency, meeting_type=old.meeting_type, start=in_days(4, 14))
    appointment = book(old)
    old_hash = appointment.token_hash
    moved = services.appointment_reschedule(appointment=appointment, new_slot_id=new.pk)
    assert moved.slot_id == new.pk
    assert moved.token_hash != old_hash
    assert moved.status == S.CONFIRMED
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.booked_count, new.booked_count) == (0, 1)
    assert moved.history.last().note.startswith("Déplacé du")


def test_founder_reschedule_needs_new_approval_where_the_agency_approves():
    old = SlotFactory()
    new = SlotFactory(agency=old.agency, meeting_type=old.meeting_type, start=in_days(5))
    appointment = book(old)
    services.appointment_accept(appointment=appointment, by=None)
    moved = services.appointment_reschedule(appointment=appointment, new_slot_id=new.pk)
    assert moved.status == S.PENDING


def test_reschedule_to_a_full_slot_changes_nothing():
    old = SlotFactory()
    full = SlotFactory(agency=old.agency, meeting_type=old.meeting_type, start=in_days(5))
    appointment = book(old)
    book(full, email="first@example.org")
    with pytest.raises(SlotFull):
        services.appointment_reschedule(appointment=appointment, new_slot_id=full.pk)
    appointment.refresh_from_db()
    assert appointment.slot_id == old.pk and appointment.status == S.PENDING
    assert_counters_match_active_appointments()


def test_founder_cannot_move_to_another_agency_or_meeting_type():
    old = SlotFactory()
    other_agency = SlotFactory(meeting_type=old.meeting_type, start=in_days(5))
    other_type = SlotFactory(agency=old.agency, start=in_days(5))
    appointment = book(old)
    for target in (other_agency, other_type):
        with pytest.raises(SlotUnavailable):
            services.appointment_reschedule(appointment=appointment, new_slot_id=target.pk)


def test_accept_and_refuse_are_compare_and_swap(django_capture_on_commit_callbacks, mailoutbox):
    slot = SlotFactory()
    appointment = book(slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_refuse(appointment=appointment, by=None, reason="Agenda complet")
    with pytest.raises(StaleAppointment):
        services.appointment_accept(appointment=appointment, by=None)
    appointment.refresh_from_db()
    assert appointment.status == S.REFUSED
    assert appointment.agency_note == "Agenda complet"
    assert "Agenda complet" in mailoutbox[-1].body
    assert_counters_match_active_appointments()


def test_attendance_can_only_be_marked_on_confirmed_appointments():
    appointment = book(SlotFactory())
    with pytest.raises(StaleAppointment):
        services.appointment_mark_attended(appointment=appointment, by=None)
    services.appointment_accept(appointment=appointment, by=None)
    services.appointment_mark_no_show(appointment=appointment, by=None)
    appointment.refresh_from_db()
    assert appointment.status == S.NO_SHOW
    assert [h.to_status for h in appointment.history.all()] == [S.PENDING, S.CONFIRMED, S.NO_SHOW]
    assert_counters_match_active_appointments()


def test_the_database_refuses_an_overbooked_counter():
    from django.db import IntegrityError, transaction

    slot = SlotFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=2)


def test_a_failing_mail_server_does_not_undo_the_booking(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there: the connection is refused at once
    slot = SlotFactory()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(slot)
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    assert "could not be sent" in caplog.text
    assert "camille" not in caplog.text.lower()
