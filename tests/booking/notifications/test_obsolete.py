"""Emails that no longer hold when they can finally leave: the real SMTP server on loopback is
down while the story goes on, then back. What the founder receives must be what is still true."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.groups import MANAGERS_GROUP
from booking import services
from booking.models import OutboxMessage, OutboxStatus
from booking.notify import outbox
from booking.services import booking_jobs_run
from tests.booking.factories import SlotFactory, in_days

from .helpers import book_at, messages_of, received
from .test_admin import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def down(smtp, django_capture_on_commit_callbacks):
    """Every change runs its delivery tasks at once, against the server that is down."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def server_back(smtp):
    """The server answers again and every retry is due: the next job run delivers."""
    smtp.start()
    OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def status_of(appointment, kind):
    [message] = messages_of(appointment, kind)
    return message.status, message.obsolete_reason


def confirmed_on(slot, down, **founder):
    appointment = down(book_at, slot, **founder)
    down(services.appointment_accept, appointment=appointment, by=None)
    return appointment


def test_a_reminder_queued_before_a_cancellation_is_never_sent(smtp, down):
    slot = SlotFactory(start=in_days(5, 10))
    appointment = confirmed_on(slot, down)
    down(booking_jobs_run, now=slot.start - timedelta(hours=20))  # the reminder is written
    assert messages_of(appointment, "reminder")
    down(services.appointment_cancel_by_founder, appointment=appointment)
    assert smtp.messages == []  # the server was down all along

    server_back(smtp)
    booking_jobs_run()
    booking_jobs_run()

    assert received(smtp) == ["request_received", "cancelled"]
    assert received(smtp, slot.agency.notification_email) == ["agency_cancelled"]
    for kind in ("reminder", "confirmed"):
        status, reason = status_of(appointment, kind)
        assert status == OutboxStatus.OBSOLETE
        assert reason == (
            "Le rendez-vous n'est plus d'actualité (statut : Annulé par le porteur de projet)."
        )
    assert status_of(appointment, "cancelled")[0] == OutboxStatus.SENT


def test_nothing_about_a_meeting_that_is_over_is_sent(smtp, down):
    slot = SlotFactory(start=in_days(4, 10))
    appointment = confirmed_on(slot, down)
    down(booking_jobs_run, now=slot.start - timedelta(hours=20))
    assert messages_of(appointment, "reminder")

    with time_machine.travel(slot.start + timedelta(hours=2), tick=True):
        server_back(smtp)
        booking_jobs_run()

    assert smtp.messages == []
    for kind in ("request_received", "confirmed", "reminder", "agency_new_request"):
        status, reason = status_of(appointment, kind)
        assert status == OutboxStatus.OBSOLETE, kind
        assert reason.startswith("Le rendez-vous (") and reason.endswith(") a déjà commencé.")


def test_a_refusal_follows_the_request_received_notice(smtp, down):
    """Decision: "request received" is still true history after a refusal (the request was
    received): it leaves, then the refusal; the founder reads them in that order."""
    slot = SlotFactory(start=in_days(5, 10))
    appointment = down(book_at, slot)
    down(services.appointment_refuse, appointment=appointment, by=None, reason="Complet")

    server_back(smtp)
    booking_jobs_run()

    assert received(smtp) == ["request_received", "refused"]


def test_a_request_received_notice_overtaken_by_a_later_email_is_dropped(smtp, down):
    """Out of order (its retry came after the refusal was sent) it would say less than what
    the founder already knows, and its invitation would come after the cancellation."""
    slot = SlotFactory(start=in_days(5, 10))
    appointment = down(book_at, slot)
    [request] = messages_of(appointment, "request_received")
    down(services.appointment_refuse, appointment=appointment, by=None)
    server_back(smtp)
    OutboxMessage.objects.filter(pk=request.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    booking_jobs_run()
    assert received(smtp) == ["refused"]

    OutboxMessage.objects.filter(pk=request.pk).update(next_attempt_at=None)
    assert outbox.deliver(request.pk) == outbox.OBSOLETE
    assert received(smtp) == ["refused"]
    assert status_of(appointment, "request_received") == (
        OutboxStatus.OBSOLETE,
        "Un email plus récent sur ce rendez-vous a déjà été envoyé à cette adresse.",
    )


def test_a_later_move_replaces_the_queued_confirmation(smtp, down, adviser):
    slot = SlotFactory(start=in_days(5, 10))
    other = SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(6, 14))
    appointment = confirmed_on(slot, down)
    down(services.appointment_reschedule, appointment=appointment, new_slot_id=other.pk, by=adviser)
    third = SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(7, 9))
    down(services.appointment_reschedule, appointment=appointment, new_slot_id=third.pk, by=adviser)

    server_back(smtp)
    booking_jobs_run()

    assert received(smtp) == ["request_received", "moved"]
    first_move, last_move = messages_of(appointment, "moved")
    assert (first_move.status, last_move.status) == (OutboxStatus.OBSOLETE, OutboxStatus.SENT)
    assert status_of(appointment, "confirmed") == (
        OutboxStatus.OBSOLETE,
        "Le rendez-vous a changé depuis : un email plus récent le décrit.",
    )
    assert received(smtp, slot.agency.notification_email) == ["agency_new_request", "agency_moved"]


def test_a_confirmation_delivered_late_inside_the_window_makes_the_queued_reminder_obsolete(
    settings, smtp, down
):
    settings.BOOKING_REMINDER_HOURS_BEFORE = 24
    slot = SlotFactory(start=in_days(4, 10))
    appointment = confirmed_on(slot, down)  # outside the window: the reminder stays due
    down(booking_jobs_run, now=slot.start - timedelta(hours=20))

    with time_machine.travel(slot.start - timedelta(hours=10), tick=True):
        server_back(smtp)
        booking_jobs_run()

    assert received(smtp) == ["request_received", "confirmed"]
    status, reason = status_of(appointment, "reminder")
    assert status == OutboxStatus.OBSOLETE
    assert "en indiquait déjà la date" in reason


def test_resending_an_obsolete_email_checks_it_again(smtp, down):
    slot = SlotFactory(start=in_days(5, 10))
    appointment = confirmed_on(slot, down)
    down(services.appointment_cancel_by_agency, appointment=appointment, by=None)
    server_back(smtp)
    booking_jobs_run()
    [confirmation] = messages_of(appointment, "confirmed")
    assert confirmation.status == OutboxStatus.OBSOLETE
    message = services.outbox_message_resend(message=confirmation)
    assert outbox.deliver(message.pk) == outbox.OBSOLETE
    assert "confirmed" not in received(smtp)


@pytest.mark.urls("tests.booking.notifications.admin_urls")
def test_the_outbox_admin_shows_obsolete_emails_and_why(
    smtp, down, client, django_user_model, django_capture_on_commit_callbacks
):
    slot = SlotFactory(start=in_days(5, 10))
    appointment = confirmed_on(slot, down)
    down(services.appointment_cancel_by_founder, appointment=appointment)
    server_back(smtp)
    booking_jobs_run()
    [confirmation] = messages_of(appointment, "confirmed")

    client.force_login(staff(django_user_model, "responsable", MANAGERS_GROUP))
    listing = client.get("/admin/booking/outboxmessage/", {"status": "obsolete"})
    text = listing.content.decode()
    assert listing.status_code == 200
    assert "Obsolète" in text
    assert "plus d&#x27;actualité (statut : Annulé par le porteur de projet)" in text
    inspect = client.get(f"/admin/booking/outboxmessage/inspect/{confirmation.pk}/")
    assert "Obsolète" in inspect.content.decode()
    assert "Annulé par le porteur de projet" in inspect.content.decode()
    resend_url = f"/admin/booking/outboxmessage/resend/{confirmation.pk}/"
    assert "Annulé par le porteur de projet" in client.get(resend_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend_url).status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.status == OutboxStatus.OBSOLETE  # checked again: still obsolete
    assert "Annulé par le porteur de projet" in confirmation.obsolete_reason
    assert "confirmed" not in received(smtp)
