"""The "Données personnelles (RGPD)" admin: managers find, export and erase all the appointments
of an email address; advisers and editors are refused; nothing personal reaches the logs."""

import csv
import io
import json
import logging

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from booking.models import Appointment, AppointmentStatus, FollowUpNote, Slot
from booking.services import followup_note_add
from tests.booking.admin.test_smoke import booking_menu_labels
from tests.booking.factories import SlotFactory, book, in_days
from tests.booking.privacy.conftest import (
    ANSWERS,
    FOUNDER_EMAIL,
    client_for,
    months_ago,
    past_appointment,
)

pytestmark = pytest.mark.django_db
S = AppointmentStatus
SEARCH_URL = "/admin/booking/rgpd/"
EXPORT_URL = "/admin/booking/rgpd/exporter/"
ERASE_URL = "/admin/booking/rgpd/effacer/"


NOTE = "Veut reprendre la fromagerie de son oncle"


@pytest.fixture
def founder_appointments(clermont, vichy, meeting_type, adviser_clermont):
    """Two appointments of the founder, in two agencies (typed once in capitals), and one of
    somebody else; the Clermont adviser wrote a follow-up note on the past one."""
    past = past_appointment(
        clermont, meeting_type, months_ago(3), email=FOUNDER_EMAIL, answers=ANSWERS
    )
    followup_note_add(appointment=past, text=NOTE, by=adviser_clermont)
    upcoming = book(
        SlotFactory(agency=vichy, meeting_type=meeting_type, start=in_days(6)),
        email=FOUNDER_EMAIL.upper(),
    )
    other = book(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(7)),
        email="dominique@example.org",
        first_name="Dominique",
    )
    return past, upcoming, other


@pytest.mark.parametrize("who", ["adviser_clermont", "editor"])
def test_only_managers_and_superusers_get_in(request, who, founder_appointments):
    client = client_for(request.getfixturevalue(who))
    assert client.get(SEARCH_URL).status_code == 403
    for url in (SEARCH_URL, EXPORT_URL, ERASE_URL):
        data = {"email": FOUNDER_EMAIL, "format": "json", "confirm": "1"}
        assert client.post(url, data).status_code == 403, url
    assert not Appointment.objects.filter(anonymized_at__isnull=False).exists()
    assert "Données personnelles (RGPD)" not in booking_menu_labels(request.getfixturevalue(who))


def test_anonymous_visitors_are_sent_to_the_login(founder_appointments):
    response = Client().post(SEARCH_URL, {"email": FOUNDER_EMAIL})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_menu_shows_the_page_to_managers(manager, superuser, manager_client):
    assert "Données personnelles (RGPD)" in booking_menu_labels(manager)
    assert "Données personnelles (RGPD)" in booking_menu_labels(superuser)
    assert manager_client.get(SEARCH_URL).status_code == 200


def test_search_lists_the_appointments_of_the_address_in_every_agency(
    manager_client, founder_appointments
):
    past, upcoming, other = founder_appointments
    response = manager_client.post(SEARCH_URL, {"email": "  Camille.Durand@Example.org "})
    html = response.content.decode()
    assert response.status_code == 200
    assert past.reference in html and upcoming.reference in html
    assert other.reference not in html
    assert "Osengo Vichy" in html and "Osengo Clermont-Ferrand" in html
    assert "Exporter (JSON)" in html and "Effacer (anonymiser)" in html


def test_a_bad_address_is_a_form_error(manager_client):
    response = manager_client.post(SEARCH_URL, {"email": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_json_export(manager_client, manager, founder_appointments, caplog):
    past, upcoming, _ = founder_appointments
    with caplog.at_level(logging.INFO):
        response = manager_client.post(EXPORT_URL, {"email": FOUNDER_EMAIL, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert FOUNDER_EMAIL not in response["Content-Disposition"]
    data = json.loads(response.content)["rendez_vous"]
    assert [item["reference"] for item in data] == [past.reference, upcoming.reference]
    assert data[0]["email"] == FOUNDER_EMAIL
    assert data[0]["reponses"][0] == {
        "question": "Avez-vous déjà un local ?",
        "reponse": "Oui, rue Blatin à Clermont",
    }
    assert data[0]["historique"] and data[0]["emails"]
    # The advisers' follow-up notes are the founder's data too.
    assert [note["texte"] for note in data[0]["comptes_rendus"]] == [NOTE]
    assert data[0]["comptes_rendus"][0]["le"]
    assert data[1]["comptes_rendus"] == []
    assert data[0]["version_du_texte_de_confidentialite"] == "2026-11"
    # Logged on each appointment, by reference only.
    entries = ModelLogEntry.objects.filter(action="booking.personal_data_export")
    assert sorted(e.label for e in entries) == sorted([past.reference, upcoming.reference])
    assert {e.user for e in entries} == {manager}
    _assert_nothing_personal_logged(caplog)


def test_csv_export(manager_client, founder_appointments):
    past, upcoming, _ = founder_appointments
    response = manager_client.post(EXPORT_URL, {"email": FOUNDER_EMAIL, "format": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert [row[0] for row in rows[1:]] == [past.reference, upcoming.reference]
    assert FOUNDER_EMAIL in content
    assert rows[0][-1] == "Comptes rendus"
    assert NOTE in rows[1][-1] and rows[2][-1] == ""


def test_erasure_asks_for_confirmation_then_anonymises(
    manager_client, founder_appointments, caplog
):
    past, upcoming, other = founder_appointments
    response = manager_client.post(ERASE_URL, {"email": FOUNDER_EMAIL})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Effacer définitivement" in html
    assert "sera annulé" in html  # the upcoming one
    assert not Appointment.objects.filter(anonymized_at__isnull=False).exists()

    with caplog.at_level(logging.INFO):
        response = manager_client.post(
            ERASE_URL,
            {"email": FOUNDER_EMAIL, "appointment": [past.pk, upcoming.pk], "confirm": "1"},
            follow=True,
        )
    assert response.status_code == 200
    assert "Effacement RGPD de 2 rendez-vous" in response.content.decode()
    past.refresh_from_db(), upcoming.refresh_from_db(), other.refresh_from_db()
    assert past.anonymized_at and upcoming.anonymized_at
    assert other.anonymized_at is None
    assert upcoming.status == S.CANCELLED_BY_AGENCY
    assert Slot.objects.get(pk=upcoming.slot_id).booked_count == 0
    entries = ModelLogEntry.objects.filter(action="booking.anonymize")
    assert sorted(e.label for e in entries) == sorted([past.reference, upcoming.reference])
    assert all(e.data == {"reason": "request"} for e in entries)
    assert not FollowUpNote.objects.exists()
    _assert_nothing_personal_logged(caplog)
    # The address now finds nothing.
    response = manager_client.post(SEARCH_URL, {"email": FOUNDER_EMAIL})
    assert "0 rendez-vous" in response.content.decode()


def test_erasure_is_limited_to_the_confirmed_list(manager_client, founder_appointments):
    past, upcoming, _ = founder_appointments
    # Confirmed for `past` only (e.g. `upcoming` was booked after the page was displayed).
    manager_client.post(
        ERASE_URL, {"email": FOUNDER_EMAIL, "appointment": [past.pk], "confirm": "1"}
    )
    past.refresh_from_db(), upcoming.refresh_from_db()
    assert past.anonymized_at is not None
    assert upcoming.anonymized_at is None


def test_erasure_cannot_reach_another_address(manager_client, founder_appointments):
    _, _, other = founder_appointments
    manager_client.post(
        ERASE_URL, {"email": FOUNDER_EMAIL, "appointment": [other.pk], "confirm": "1"}
    )
    other.refresh_from_db()
    assert other.anonymized_at is None


def test_erasure_needs_the_csrf_token(manager, founder_appointments):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    past, _, _ = founder_appointments
    response = client.post(
        ERASE_URL, {"email": FOUNDER_EMAIL, "appointment": [past.pk], "confirm": "1"}
    )
    assert response.status_code == 403
    assert not Appointment.objects.filter(anonymized_at__isnull=False).exists()


def test_the_history_of_an_appointment_shows_the_erasure(
    manager_client, superuser, founder_appointments
):
    past, _, _ = founder_appointments
    manager_client.post(
        ERASE_URL, {"email": FOUNDER_EMAIL, "appointment": [past.pk], "confirm": "1"}
    )
    response = client_for(superuser).get(f"/admin/booking/appointment/history/{past.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Données personnelles effacées à la demande du porteur de projet" in html
    assert "Camille" not in html


def _assert_nothing_personal_logged(caplog):
    text = caplog.text + " ".join(str(e.data) + e.label for e in ModelLogEntry.objects.all())
    secrets = (FOUNDER_EMAIL, FOUNDER_EMAIL.upper(), "Camille", "Durand", "+336", "Blatin", "oncle")
    for secret in secrets:
        assert secret not in text, secret
