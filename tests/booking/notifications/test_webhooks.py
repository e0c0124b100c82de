"""Anymail tracking webhooks mark bounced emails, on the outbox and on the appointment."""

import base64
import json

import pytest

from booking.models import Appointment, OutboxMessage, OutboxStatus
from tests.booking.factories import SlotFactory, book

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.booking.notifications.webhook_urls")]
URL = "/anymail/postmark/tracking/"


def bounce(message_id):
    return json.dumps(
        {
            "RecordType": "Bounce",
            "Type": "HardBounce",
            "TypeCode": 1,
            "MessageID": message_id,
            "Email": "camille.durand@example.org",
            "BouncedAt": "2026-11-24T10:00:00Z",
            "Description": "The server was unable to deliver your message",
        }
    )


def auth(secret):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


@pytest.fixture
def sent(provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(SlotFactory())
    return appointment, list(OutboxMessage.objects.filter(appointment=appointment).order_by("pk"))


def test_a_bounce_marks_the_message_and_the_founder_address(settings, client, sent):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "osengo:s3cret"}
    appointment, (to_founder, to_agency) = sent
    response = client.post(
        URL,
        bounce(to_founder.provider_message_id),
        content_type="application/json",
        **auth("osengo:s3cret"),
    )
    assert response.status_code == 200
    to_founder.refresh_from_db()
    assert to_founder.status == OutboxStatus.BOUNCED
    assert "bounced" in to_founder.last_error
    assert Appointment.objects.get(pk=appointment.pk).email_bounced_at is not None
    to_agency.refresh_from_db()
    assert to_agency.status == OutboxStatus.SENT


def test_a_bounce_of_the_agency_copy_does_not_blame_the_founder(settings, client, sent):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "osengo:s3cret"}
    appointment, (_, to_agency) = sent
    client.post(
        URL,
        bounce(to_agency.provider_message_id),
        content_type="application/json",
        **auth("osengo:s3cret"),
    )
    assert OutboxMessage.objects.get(pk=to_agency.pk).status == OutboxStatus.BOUNCED
    assert Appointment.objects.get(pk=appointment.pk).email_bounced_at is None


def test_webhooks_need_the_secret(settings, client, sent):
    _, (to_founder, _) = sent
    payload = bounce(to_founder.provider_message_id)
    # No secret configured: the endpoint does not exist.
    assert client.post(URL, payload, content_type="application/json").status_code == 404
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "osengo:s3cret"}
    forged = client.post(URL, payload, content_type="application/json", **auth("osengo:wrong"))
    assert forged.status_code == 400
    assert OutboxMessage.objects.get(pk=to_founder.pk).status == OutboxStatus.SENT
