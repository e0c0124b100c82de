"""The founder's details are stored the same way whichever way they come in: the public form,
an adviser's booking by phone, a correction in the back-office, or a direct service call. The
per-email and per-phone caps compare stored values, so they count every appointment."""

from itertools import count

import pytest
from django.urls import reverse

from booking import services
from booking.errors import TooManyActiveAppointments
from booking.models import Appointment
from tests.booking.factories import (
    SlotFactory,
    book,
    book_on_behalf_data,
    correction_data,
    founder,
    in_days,
)
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db
BOOK_URL = "booking_appointment_modeladmin_create"
_keys = count()


def _book_by_phone(client, slot, **overrides):
    """An adviser's booking through the admin's "book on behalf" view."""
    data = book_on_behalf_data(
        slot,
        last_name="Martin",
        email="jeanne.martin@example.org",
        phone="06 12 34 56 78",
        submission_key=f"admin-founder-details-{next(_keys):06d}",
    )
    return client.post(reverse(BOOK_URL), {**data, **overrides})


@pytest.fixture
def slots(clermont, meeting_type):
    return [
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(days, 10))
        for days in (3, 5)
    ]


def test_an_advisers_booking_counts_toward_the_phone_cap_of_a_public_booking(
    client, clermont_client, booking_page, slots, settings
):
    settings.BOOKING_MAX_ACTIVE_PER_PHONE = 1
    response = _book_by_phone(clermont_client, slots[0], phone="06 12 34 56 78")
    assert response.status_code == 302
    assert Appointment.objects.get().phone == "+33612345678"

    later = slots[1]
    response = client.post(
        book_url(booking_page, later),
        form_data(later, phone="+33 6 12 34 56 78", email="autre@example.org"),
    )
    assert response.status_code == 200
    assert "Ce numéro de téléphone a déjà le nombre maximum" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_an_advisers_booking_counts_toward_the_email_cap_of_a_public_booking(
    client, clermont_client, booking_page, slots, settings
):
    settings.BOOKING_MAX_ACTIVE_PER_EMAIL = 1
    response = _book_by_phone(clermont_client, slots[0], email="Foo@Example.org")
    assert response.status_code == 302
    assert Appointment.objects.get().email == "foo@example.org"

    later = slots[1]
    response = client.post(
        book_url(booking_page, later),
        form_data(later, email="foo@example.org", phone="07 61 23 45 67"),
    )
    assert response.status_code == 200
    assert "le nombre maximum de rendez-vous à venir avec cette adresse" in (
        response.content.decode()
    )
    assert Appointment.objects.count() == 1


def test_an_advisers_booking_is_normalised_like_a_public_one(clermont_client, slots):
    response = _book_by_phone(
        clermont_client,
        slots[0],
        first_name="  Jeanne \r\n Marie ",
        city=" Saint-Flour\n",
        postal_code="63 200",
        project_name="La  Librairie\tdu coin",
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.first_name == "Jeanne Marie"
    assert appointment.city == "Saint-Flour"
    assert appointment.postal_code == "63200"
    assert appointment.project_name == "La Librairie du coin"


def test_an_adviser_cannot_book_with_an_invalid_phone_number(clermont_client, slots):
    response = _book_by_phone(clermont_client, slots[0], phone="123")
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide" in response.content.decode()
    assert 'value="Jeanne"' in response.content.decode()  # what was typed is kept
    assert not Appointment.objects.exists()


def test_the_correction_form_normalises_what_the_adviser_types(clermont_client, slots):
    appointment = book(slots[0])
    url = reverse("booking_appointment_modeladmin_edit", args=[appointment.pk])
    response = clermont_client.post(
        url,
        correction_data(
            appointment,
            phone="07 61 23 45 67",
            email=" Jeanne.Martin@Example.ORG ",
            last_name="Martin\r\n  Durand",
            postal_code="63 000",
        ),
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.phone == "+33761234567"
    assert appointment.email == "jeanne.martin@example.org"
    assert appointment.last_name == "Martin Durand"
    assert appointment.postal_code == "63000"


def test_the_correction_form_refuses_an_invalid_phone_number(clermont_client, slots):
    appointment = book(slots[0])
    before = appointment.phone
    url = reverse("booking_appointment_modeladmin_edit", args=[appointment.pk])
    response = clermont_client.post(url, correction_data(appointment, phone="123"))
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.phone == before


def test_the_services_normalise_whatever_they_are_given(slots):
    """Defence in depth: a caller that skips the forms still stores normalised values."""
    appointment = services.appointment_book(
        slot_id=slots[0].pk,
        founder=founder(
            phone="06 12 34 56 78",
            email=" Foo@Example.org ",
            first_name=" Jeanne\n Marie ",
            postal_code="63 000",
        ),
        privacy_version="2026-11",
        submission_key="founder-details-service-0001",
    ).appointment
    appointment.refresh_from_db()
    assert appointment.phone == "+33612345678"
    assert appointment.email == "foo@example.org"
    assert appointment.first_name == "Jeanne Marie"
    assert appointment.postal_code == "63000"

    services.appointment_update_details(
        appointment=appointment,
        changes={"phone": "+33 7 61 23 45 67", "city": " Riom\r\n", "email": "X@Example.ORG"},
    )
    appointment.refresh_from_db()
    assert appointment.phone == "+33761234567"
    assert appointment.city == "Riom"
    assert appointment.email == "x@example.org"


def test_a_service_booking_in_national_format_counts_toward_the_phone_cap(slots, settings):
    settings.BOOKING_MAX_ACTIVE_PER_PHONE = 1
    book(slots[0], phone="06 12 34 56 78", email="un@example.org")
    with pytest.raises(TooManyActiveAppointments):
        book(slots[1], phone="+33612345678", email="deux@example.org")
