"""Failure modes that must never cost a founder their booking: each refusal is a true, clear
French answer that keeps what was typed; nothing is lost, nothing is sent wrongly."""

import logging
import re
import sqlite3
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test import Client
from django.utils import timezone

from booking.models import Appointment, AppointmentStatus, RateLimitHit
from booking.public import abuse
from booking.services import appointments
from tests.booking.factories import AgencyFactory, SlotFactory, book, in_days
from tests.booking.test_busy_database import _busy_error
from tests.booking.test_views import book_url, form_data, manage_url

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def _post(client, booking_page, slot, **overrides):
    return client.post(book_url(booking_page, slot), form_data(slot, **overrides))


def _keeps_what_was_typed(html):
    assert 'value="Fromagerie des Volcans"' in html
    assert 'value="Clermont-Ferrand"' in html
    assert "Une fromagerie en circuit court." in html


# --- 1. a busy database ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")
def test_a_locked_sqlite_database_answers_503_with_the_form_kept(booking_page, monkeypatch):
    """Another process holds the write lock longer than the busy timeout: the booking is
    retried a few times, then the founder gets the form back with a French 503, not a 500;
    once the lock is gone, the same form books."""
    slot = SlotFactory()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.05)
    connection.close()  # reconnect with the short busy timeout
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    client = Client(raise_request_exception=False)
    # The form was shown before (which also writes the site's settings rows, once ever).
    assert client.get(book_url(booking_page, slot), {"creneau": slot.pk}).status_code == 200
    data = form_data(slot)
    try:
        other.execute("BEGIN IMMEDIATE")
        response = client.post(book_url(booking_page, slot), data)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "très sollicité" in html
    _keeps_what_was_typed(html)
    assert not Appointment.objects.exists()
    assert client.post(book_url(booking_page, slot), data).status_code == 302
    assert Appointment.objects.count() == 1


def test_a_busy_database_on_the_private_link_answers_503_and_changes_nothing(
    client, booking_page, monkeypatch
):
    old = SlotFactory()
    new = SlotFactory(agency=old.agency, meeting_type=old.meeting_type, start=in_days(4, 11))
    appointment = book(old)

    def busy(*args, **kwargs):
        raise _busy_error()

    monkeypatch.setattr(appointments, "_transition", busy)
    monkeypatch.setattr(appointments, "_take_place", busy)
    cancel = client.post(manage_url(booking_page, appointment, "manage_cancel"))
    move = client.post(
        manage_url(booking_page, appointment, "manage_move"), {"slot": new.pk, "confirm": "1"}
    )
    for response in (cancel, move):
        assert response.status_code == 503
        assert int(response["Retry-After"]) > 0
        assert response["Cache-Control"] == "no-store"
        assert "très sollicité" in response.content.decode()
    assert "Oui, annuler le rendez-vous" in cancel.content.decode()  # one click to try again
    assert f'name="slot" value="{new.pk}"' in move.content.decode()  # the choice is kept
    appointment.refresh_from_db()
    assert appointment.status == S.PENDING and appointment.slot == old


def test_a_booking_writes_no_session(client, booking_page):
    """The confirmation is found again through a signed cookie: one write transaction fewer
    per booking, and no session row left to fail on a busy database after the booking."""
    slot = SlotFactory()
    response = _post(client, booking_page, slot)
    assert response.status_code == 302
    assert not Session.objects.exists()
    confirmation = client.get(response["Location"])
    assert Appointment.objects.get().reference in confirmation.content.decode()


# --- 2. the per-IP limit counts bookings, not corrections -----------------------------------


def test_corrections_of_the_form_do_not_count_against_the_limit(client, booking_page, settings):
    settings.BOOKING_RATE_LIMITS = {**settings.BOOKING_RATE_LIMITS, "booking": (2, 3600)}
    slot = SlotFactory(capacity=5)
    for _ in range(6):
        response = _post(client, booking_page, slot, postal_code="630")
        assert response.status_code == 200
        assert "code postal français" in response.content.decode()
    assert _post(client, booking_page, slot).status_code == 302
    assert Appointment.objects.count() == 1


def test_a_reached_limit_keeps_the_form_and_says_when_and_whom_to_call(
    client, booking_page, settings
):
    settings.BOOKING_RATE_LIMITS = {**settings.BOOKING_RATE_LIMITS, "booking": (1, 3600)}
    agency = AgencyFactory(phone="04 73 12 34 56")
    slot = SlotFactory(agency=agency, capacity=5)
    assert _post(client, booking_page, slot).status_code == 302
    blocked = _post(
        client,
        booking_page,
        slot,
        email="autre@example.org",
        phone="06 98 76 54 32",
        submission_key="another-submission-0123456789",
    )
    assert blocked.status_code == 429
    html = blocked.content.decode()
    _keeps_what_was_typed(html)
    assert 'value="autre@example.org"' in html
    assert "04 73 12 34 56" in html
    oldest = RateLimitHit.objects.get(scope="booking").created_at
    assert 0 < int(blocked["Retry-After"]) <= 3600
    # The minute from which it is true, rounded up.
    retry_at = timezone.localtime(oldest + timedelta(hours=1, minutes=1, microseconds=-1))
    assert f"à partir de {retry_at.hour} h {retry_at.minute:02d}" in html
    assert Appointment.objects.count() == 1


def test_the_manage_limit_is_a_french_page_that_leaks_nothing(client, booking_page, settings):
    settings.BOOKING_RATE_LIMITS = {**settings.BOOKING_RATE_LIMITS, "manage": (1, 600)}
    appointment = book(SlotFactory())
    assert client.get(manage_url(booking_page, appointment)).status_code == 200
    blocked = client.post(manage_url(booking_page, appointment, "manage_move"), {"slot": 1})
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "Trop de tentatives" in html
    assert "n'a pas été modifié" in html
    assert "Réessayez à partir de" in html
    assert blocked["Referrer-Policy"] == "no-referrer"
    assert blocked["Cache-Control"] == "no-store"
    assert int(blocked["Retry-After"]) > 0
    assert '<meta name="robots" content="noindex' in html


# --- 3. too fast is not a robot for sure ----------------------------------------------------


def test_a_form_sent_back_too_fast_is_shown_again_with_its_data(client, booking_page, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 3
    slot = SlotFactory()
    response = _post(client, booking_page, slot)  # the token was made just now
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vérifiez vos informations" in html
    assert "enregistrée" not in html
    _keeps_what_was_typed(html)
    assert not Appointment.objects.exists()


# --- 4. the signed timestamp: a bounded age, bound to its submission key ---------------------


def test_an_old_form_is_shown_again_with_a_fresh_timestamp(client, booking_page, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 3
    slot = SlotFactory()
    key = "old-tab-submission-0123456789"
    old = abuse.form_started_token(key, shown_at=time.time() - 7 * 3600)
    response = _post(client, booking_page, slot, submission_key=key, form_started=old)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ouvert depuis longtemps" in html
    _keeps_what_was_typed(html)
    assert not Appointment.objects.exists()
    fresh = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    assert fresh != old
    # Sent again at once as shown: booked.
    again = _post(client, booking_page, slot, submission_key=key, form_started=fresh)
    assert again.status_code == 302
    assert Appointment.objects.count() == 1


def test_a_form_shown_before_the_new_timestamp_is_shown_again(client, booking_page):
    slot = SlotFactory()
    legacy = signing.dumps(time.time() - 60, salt=abuse.LEGACY_FORM_STARTED_SALT)
    response = _post(client, booking_page, slot, form_started=legacy)
    assert response.status_code == 200
    assert "ouvert depuis longtemps" in response.content.decode()
    _keeps_what_was_typed(response.content.decode())


def test_a_timestamp_only_works_with_its_own_submission_key(client, booking_page):
    slot = SlotFactory(capacity=5)
    key = "key-of-the-form-shown-0123456"
    token = abuse.form_started_token(key)
    for i in range(3):
        response = _post(
            client,
            booking_page,
            slot,
            submission_key=f"robot-key-{i}-0123456789abcdef",
            form_started=token,
            email=f"robot{i}@example.org",
        )
        assert response.status_code == 200  # the fake success robots get
        assert "Demande de rendez-vous enregistrée" in response.content.decode()
    assert not Appointment.objects.exists()
    # Replayed with its own key, by any number of clients: one booking.
    for i in range(3):
        replay = _post(
            Client(), booking_page, slot, submission_key=key, email=f"replay{i}@example.org"
        )
        assert replay.status_code == 302
    assert Appointment.objects.count() == 1


def test_the_form_works_without_a_session(booking_page, settings):
    slot = SlotFactory()
    url = book_url(booking_page, slot)
    shown = Client().get(url, {"creneau": slot.pk})
    assert settings.SESSION_COOKIE_NAME not in shown.cookies
    html = shown.content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    token = re.search(r'name="form_started" value="([^"]+)"', html).group(1)
    response = Client().post(url, form_data(slot, submission_key=key, form_started=token))
    assert response.status_code == 302
    assert Appointment.objects.get().submission_key == key


# --- 5. one submission key, one booking, one answer -----------------------------------------


def test_a_repeated_submission_after_the_slot_filled_shows_that_booking(client, booking_page):
    slot = SlotFactory(capacity=1)
    assert _post(client, booking_page, slot).status_code == 302
    other_tab = Client()
    again = other_tab.post(book_url(booking_page, slot), form_data(slot))
    assert again.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.reference in other_tab.get(again["Location"]).content.decode()


# --- 6. dead links --------------------------------------------------------------------------


def test_dead_links_explain_what_to_do_and_all_look_the_same(client, booking_page):
    cancelled = book(SlotFactory())
    dead = manage_url(booking_page, cancelled)
    assert client.post(manage_url(booking_page, cancelled, "manage_cancel")).status_code == 302
    moved_from = SlotFactory(start=in_days(5))
    moved = book(moved_from, email="moved@example.org")
    old_link = manage_url(booking_page, moved)
    new_slot = SlotFactory(
        agency=moved_from.agency, meeting_type=moved_from.meeting_type, start=in_days(6)
    )
    move = manage_url(booking_page, moved, "manage_move")
    assert client.post(move, {"slot": new_slot.pk, "confirm": "1"}).status_code == 302
    unknown = booking_page.url + "gerer/" + "A" * 43 + "/"

    pages = [client.get(url) for url in (dead, old_link, unknown, unknown + "annuler/")]
    bodies = set()
    for response in pages:
        assert response.status_code == 404
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert "Ce lien n'est plus valable" in html
        assert "dernier email" in html
        assert '<meta name="robots" content="noindex' in html
        assert f'href="{booking_page.url}"' in html
        assert moved_from.agency.phone in html
        assert "Page introuvable" not in html
        bodies.add(html)
    assert len(bodies) == 1  # no oracle: used, moved and unknown links answer the same


# --- 7. logs never hold a live link ---------------------------------------------------------


def test_a_refused_change_logs_the_path_without_the_token(client, booking_page, caplog):
    appointment = book(SlotFactory())
    url = manage_url(booking_page, appointment, "manage_move")
    token = url.rstrip("/").split("/")[-2]
    # Off by default (django.request logs errors only), on where an operator wants 4xx lines.
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.post(url, {"slot": "not-a-slot"}).status_code == 409
    assert [r for r in caplog.records if r.name == "django.request"]
    for record in caplog.records:
        assert token not in record.getMessage()


# --- 9. free-text answers are bounded -------------------------------------------------------


# --- 10. the confirmation page is never stored ----------------------------------------------


def test_the_confirmation_page_is_not_stored(client, booking_page):
    slot = SlotFactory()
    response = _post(client, booking_page, slot)
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "no-store" in confirmation["Cache-Control"]
    assert confirmation.get("X-Page-Cache") is None
