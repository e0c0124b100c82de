"""The extra questions' free-text answers are bounded like every other field of the form."""

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
