"""Abuse protection of the public pages: per-IP limits, honeypot, minimum fill time, caps."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from booking.errors import TooManyActiveAppointments
from booking.models import Appointment, RateLimitHit
from booking.public import abuse
from tests.booking.factories import AgencyFactory, SlotFactory, book, in_days
from tests.booking.test_views import book_url, form_data, manage_url

pytestmark = pytest.mark.django_db


def test_booking_posts_are_limited_per_ip(client, booking_page, settings):
    settings.BOOKING_RATE_LIMITS = {**settings.BOOKING_RATE_LIMITS, "booking": (2, 3600)}
    slot = SlotFactory(capacity=5)
    for i in range(2):
        response = client.post(
            book_url(booking_page, slot),
            form_data(slot, email=f"p{i}@example.org", submission_key=f"key-{i}-0123456789abc"),
        )
        assert response.status_code == 302
    blocked = client.post(book_url(booking_page, slot), form_data(slot, email="p3@example.org"))
    assert blocked.status_code == 429
    assert "Trop de demandes" in blocked.content.decode()
    # Until the first of the two bookings leaves the hour (it was made a moment ago).
    assert 3500 < int(blocked["Retry-After"]) <= 3600
    # Another address is not affected, and viewing the form (GET) is never limited.
    other = client.post(
        book_url(booking_page, slot),
        form_data(
            slot, email="p4@example.org", phone="0698765432", submission_key="key-other-0123456789"
        ),
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302
    assert client.get(book_url(booking_page, slot), {"creneau": slot.pk}).status_code == 200
    assert Appointment.objects.count() == 3


def test_ips_are_stored_only_as_salted_hashes(client, booking_page):
    slot = SlotFactory()
    client.post(book_url(booking_page, slot), form_data(slot), REMOTE_ADDR="198.51.100.7")
    stored = list(RateLimitHit.objects.values_list("ip_hash", flat=True))
    assert len(stored) == 1
    assert "198.51.100.7" not in stored[0] and len(stored[0]) == 64


def test_manage_link_hits_are_limited(client, booking_page, settings):
    settings.BOOKING_RATE_LIMITS = {**settings.BOOKING_RATE_LIMITS, "manage": (3, 600)}
    url = manage_url(booking_page, book(SlotFactory()))
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get(url).status_code == 429
    # Guessing tokens counts too.
    assert client.get(booking_page.url + "gerer/devine/").status_code == 429


def test_client_ip_behind_trusted_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1", REMOTE_ADDR="10.0.0.1")
    assert abuse.client_ip(request) == "10.0.0.1"  # no proxy trusted: a forged header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert abuse.client_ip(request) == "192.0.2.1"


def test_old_hits_are_purged():
    RateLimitHit.objects.create(scope="booking", ip_hash="a" * 64)
    old = RateLimitHit.objects.create(scope="booking", ip_hash="b" * 64)
    RateLimitHit.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert abuse.purge_old_hits() == 1
    assert RateLimitHit.objects.count() == 1


@pytest.mark.parametrize(
    "trap",
    [
        {"website": "http://spam.example"},
        {"form_started": ""},
        {"form_started": "forged-token"},
        {"form_started": signing.dumps(time.time(), salt="autre-chose")},
    ],
    ids=["honeypot", "no-timestamp", "forged-timestamp", "wrong-salt"],
)
def test_bots_get_a_success_page_and_nothing_is_stored(
    client, booking_page, mailoutbox, django_capture_on_commit_callbacks, trap
):
    slot = SlotFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(booking_page, slot), form_data(slot, **trap))
    assert response.status_code == 200
    assert "Demande de rendez-vous enregistrée" in response.content.decode()
    assert not Appointment.objects.exists()
    assert mailoutbox == []


def test_a_form_sent_back_too_fast_is_shown_again(client, booking_page, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 3
    slot = SlotFactory(capacity=2)
    too_fast = form_data(slot)  # shown just now
    response = client.post(book_url(booking_page, slot), too_fast)
    assert response.status_code == 200
    assert "Vérifiez vos informations" in response.content.decode()
    assert not Appointment.objects.exists()
    key = too_fast["submission_key"]
    human = abuse.form_started_token(key, shown_at=time.time() - 20)
    assert (
        client.post(book_url(booking_page, slot), form_data(slot, form_started=human)).status_code
        == 302
    )
    assert Appointment.objects.count() == 1


def test_one_phone_number_holds_at_most_two_active_appointments(client, booking_page):
    agency = AgencyFactory()
    for day in (3, 4):
        book(
            SlotFactory(agency=agency, start=in_days(day)),
            phone="+33611111111",
            email=f"{day}@example.org",
        )
    with pytest.raises(TooManyActiveAppointments):
        book(
            SlotFactory(agency=agency, start=in_days(5)),
            phone="+33611111111",
            email="5@example.org",
        )
    slot = SlotFactory(agency=agency, start=in_days(6))
    response = client.post(book_url(booking_page, slot), form_data(slot, phone="06 11 11 11 11"))
    assert response.status_code == 200
    assert "Ce numéro de téléphone a déjà le nombre maximum" in response.content.decode()
