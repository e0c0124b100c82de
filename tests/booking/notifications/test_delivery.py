"""Delivery through the outbox: a real SMTP server on loopback that is down then back, an
email provider's API (Anymail) on loopback, Anymail's test backend, retries and idempotency."""

import base64
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from booking.models import Appointment, OutboxMessage, OutboxStatus
from booking.notify import outbox
from booking.notify.outbox import deliver_email
from booking.services import booking_jobs_run, outbox_message_resend
from tests.booking.factories import SlotFactory, book
from tests.booking.test_views import book_url, form_data

from .conftest import ics_part

pytestmark = pytest.mark.django_db


def test_mail_server_down_then_back(smtp, client, booking_page, django_capture_on_commit_callbacks):
    slot = SlotFactory()
    # Down: nothing listens on the port. The booking still succeeds.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(booking_page, slot), form_data(slot))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    queued = list(OutboxMessage.objects.order_by("pk"))
    assert [m.to_email for m in queued] == ["camille@example.org", slot.agency.notification_email]
    for message in queued:
        assert message.status == OutboxStatus.QUEUED
        assert message.attempts == 1
        assert "ConnectionRefusedError" in message.last_error
        assert message.next_attempt_at > timezone.now()

    # Not due yet: the periodic command leaves them alone.
    booking_jobs_run()
    assert smtp.messages == []
    assert OutboxMessage.objects.filter(attempts=1).count() == 2

    # Back, and the backoff delay has passed: the next run delivers each email once; later
    # runs send nothing more.
    smtp.start()
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert booking_jobs_run()["emails"] == 2
    booking_jobs_run()
    assert len(smtp.messages) == 2
    founder_copy = smtp.messages[0]
    assert founder_copy["To"] == "camille@example.org"
    assert "enregistrée" in founder_copy["Subject"]
    part = ics_part(founder_copy)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_disposition() == "attachment"
    stored = OutboxMessage.objects.get(pk=queued[0].pk)
    assert part.get_payload(decode=True).decode() == stored.ics  # byte for byte
    assert stored.status == OutboxStatus.SENT and stored.sent_at is not None
    assert stored.appointment == appointment


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_with_the_database_task_backend_the_request_never_waits_for_the_mail_server(
    settings, smtp, client, booking_page
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    slot = SlotFactory()
    response = client.post(book_url(booking_page, slot), form_data(slot))
    assert response.status_code == 302
    # Only queued: no connection attempt was made while answering the founder.
    assert list(OutboxMessage.objects.values_list("attempts", flat=True)) == [0, 0]
    assert DBTaskResult.objects.filter(task_path="booking.notify.outbox.deliver_email").count() == 2
    smtp.start()
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(smtp.messages) == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_delivery_task_run_twice_sends_once(smtp, django_capture_on_commit_callbacks):
    smtp.start()
    appointment = book(SlotFactory())  # on-commit callbacks not run: rows only
    message = OutboxMessage.objects.filter(appointment=appointment).first()
    assert deliver_email.enqueue(message.pk).return_value == outbox.SENT
    assert deliver_email.enqueue(message.pk).return_value == outbox.SKIPPED
    assert outbox.deliver(message.pk) == outbox.SKIPPED
    assert len(smtp.messages) == 1


def test_a_message_being_sent_is_not_claimed_twice(smtp):
    """The claim is taken before sending: a second sender arriving meanwhile backs off."""
    smtp.start()
    book(SlotFactory())
    message = OutboxMessage.objects.first()
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=1, next_attempt_at=now + outbox.CLAIM_LEASE
    )
    assert outbox.deliver(message.pk, now=now) == outbox.SKIPPED
    assert smtp.messages == []


def test_retries_back_off_then_give_up(settings, smtp, caplog, django_capture_on_commit_callbacks):
    settings.BOOKING_EMAIL_MAX_ATTEMPTS = 3
    book(SlotFactory())
    message = OutboxMessage.objects.order_by("pk").first()
    now = timezone.now()
    results, delays = [], []
    for _ in range(3):
        results.append(outbox.deliver(message.pk, now=now))
        message.refresh_from_db()
        if message.next_attempt_at:
            delays.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert results == [outbox.RETRY, outbox.RETRY, outbox.FAILED]
    assert delays[1] > delays[0]
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert "ConnectionRefusedError" in message.last_error
    # The logs say what failed, never to whom.
    assert "could not be sent" in caplog.text
    assert "camille" not in caplog.text.lower()

    # A manager resends it once the server is back.
    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        outbox_message_resend(message=message)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert len(smtp.messages) == 1


def test_provider_backend_gets_the_invitation_as_an_attachment(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(SlotFactory())
    sent = mail.outbox[0]
    params = sent.anymail_test_params
    assert params["html_body"].startswith("<!doctype html>")
    assert "alternatives" not in params  # no text/calendar alternative part
    [attachment] = params["attachments"]
    assert attachment.name == "invitation.ics"
    assert attachment.mimetype == "text/calendar"
    assert not attachment.inline
    stored = OutboxMessage.objects.filter(appointment=appointment).order_by("pk").first()
    assert attachment.content == stored.ics
    assert stored.status == OutboxStatus.SENT
    assert stored.provider_message_id == "0"  # the test backend's id: its outbox index


def test_provider_api_on_loopback_receives_the_ics(provider, django_capture_on_commit_callbacks):
    """Anymail's real Postmark backend, talking HTTP to a stand-in API on loopback."""
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(SlotFactory())
    founder_payload = provider.received[0]
    assert founder_payload["To"] == "camille.durand@example.org"
    [attachment] = founder_payload["Attachments"]
    assert attachment["Name"] == "invitation.ics"
    assert attachment["ContentType"].startswith("text/calendar")
    stored = OutboxMessage.objects.filter(appointment=appointment).order_by("pk").first()
    assert base64.b64decode(attachment["Content"]).decode() == stored.ics
    assert stored.status == OutboxStatus.SENT
    assert len(stored.provider_message_id) == 36


def test_provider_api_down_keeps_the_message_queued(settings, django_capture_on_commit_callbacks):
    from .conftest import free_port

    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "test-token",
        "POSTMARK_API_URL": f"http://127.0.0.1:{free_port()}/",
    }
    with django_capture_on_commit_callbacks(execute=True):
        book(SlotFactory())
    message = OutboxMessage.objects.order_by("pk").first()
    assert message.status == OutboxStatus.QUEUED
    assert message.attempts == 1
    assert "AnymailRequestsAPIError" in message.last_error


def test_tasks_queued_under_their_old_import_paths_still_resolve():
    """The database backend stores each task's dotted path: rows queued before the tasks moved
    to booking.notify must still find them."""
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    from booking.notify.tasks import run_booking_jobs

    assert import_string("booking.tasks.deliver_email") is deliver_email
    assert import_string("booking.tasks.run_booking_jobs") is run_booking_jobs
    assert isinstance(import_string("booking.tasks.deliver_email"), Task)
