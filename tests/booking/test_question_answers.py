"""The extra questions: free-text answers bounded like every other field of the form, a real
date picker for a date, a free-text period ("printemps 2027") for a time without a date."""

import re

import pytest

from booking.models import Appointment, BookingQuestion
from tests.booking.factories import SlotFactory
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db


def _post(client, booking_page, slot, **overrides):
    return client.post(book_url(booking_page, slot), form_data(slot, **overrides))


def test_free_text_answers_are_bounded_with_a_french_message(client, booking_page):
    BookingQuestion.objects.create(
        page=booking_page, label="Votre parcours", field_type="multiline", required=False
    )
    BookingQuestion.objects.create(
        page=booking_page, label="Votre site", field_type="singleline", required=False
    )
    slot = SlotFactory()
    response = _post(client, booking_page, slot, question_votre_parcours="x" * 100_000)
    assert response.status_code == 200
    html = response.content.decode()
    assert "au plus 2000 caractères" in html
    assert 'value="Fromagerie des Volcans"' in html  # what was typed is kept
    response = _post(client, booking_page, slot, question_votre_site="y" * 256)
    assert "au plus 255 caractères" in response.content.decode()
    assert not Appointment.objects.exists()
    ok = _post(client, booking_page, slot, question_votre_parcours="x" * 2000)
    assert ok.status_code == 302


def _form_html(client, booking_page, slot):
    return client.get(book_url(booking_page, slot), {"creneau": slot.pk}).content.decode()


def test_a_date_question_is_a_date_picker(client, booking_page):
    BookingQuestion.objects.create(
        page=booking_page, label="Date de lancement", field_type="date", required=False
    )
    slot = SlotFactory(capacity=3)
    html = _form_html(client, booking_page, slot)
    assert re.search(r'<input type="date" name="question_date_de_lancement"', html)
    # The picker sends an ISO date; a browser without one lets the founder type it the French way.
    for n, typed in enumerate(("2027-04-15", "15/04/2027")):
        response = _post(
            client,
            booking_page,
            slot,
            submission_key=f"date-key-{n}-0123456789",
            email=f"fondateur{n}@example.org",
            phone=f"06 12 34 56 7{n}",
            question_date_de_lancement=typed,
        )
        assert response.status_code == 302, typed
        assert Appointment.objects.order_by("-pk").first().answers[-1] == {
            "question": "Date de lancement",
            "answer": "15/04/2027",
        }
    bad = _post(
        client,
        booking_page,
        slot,
        submission_key="date-key-bad-0123456789",
        email="autre@example.org",
        phone="06 98 76 54 32",
        question_date_de_lancement="bientôt",
    )
    assert bad.status_code == 200
    assert "Saisissez une date valide" in bad.content.decode()


def test_a_period_question_takes_free_text(client, booking_page):
    BookingQuestion.objects.create(
        page=booking_page, label="Lancement envisagé", field_type="period", required=True
    )
    slot = SlotFactory()
    html = _form_html(client, booking_page, slot)
    tag = re.search(r'<input[^>]*name="question_lancement_envisage"[^>]*>', html).group(0)
    assert 'type="text"' in tag and 'aria-describedby="id_question_lancement_envisage-help"' in tag
    assert "Une période suffit, par exemple : printemps 2027" in html
    response = _post(client, booking_page, slot, question_lancement_envisage="printemps 2027")
    assert response.status_code == 302
    assert Appointment.objects.get().answers[-1] == {
        "question": "Lancement envisagé",
        "answer": "printemps 2027",
    }
