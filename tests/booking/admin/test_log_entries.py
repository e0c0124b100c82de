"""The admin's history entries (Wagtail log entries) are written by the service that makes the
change, in the name of the user it is given, in the same transaction."""

from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from booking import services
from booking.errors import BookingError
from booking.models import Slot
from tests.booking.factories import SlotFactory, book, correction_data, in_days

pytestmark = pytest.mark.django_db


def entries(instance):
    return list(
        ModelLogEntry.objects.for_instance(instance).order_by("pk").values_list("action", "user")
    )


def test_creating_and_editing_a_slot_is_logged_by_the_service(clermont, meeting_type, manager):
    slot = services.slot_create(
        agency=clermont,
        meeting_type=meeting_type,
        start=in_days(4, 9),
        end=in_days(4, 10),
        by=manager,
    )
    assert entries(slot) == [("wagtail.create", manager.pk)]
    services.slot_update(slot=slot, changes={"capacity": 2}, by=manager)
    services.slot_update(slot=slot, changes={}, by=manager)  # nothing changed: nothing logged
    assert entries(slot) == [("wagtail.create", manager.pk), ("wagtail.edit", manager.pk)]


def test_a_refused_change_logs_nothing(clermont, meeting_type, manager):
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type)
    book(slot)
    with pytest.raises(BookingError):
        services.slot_update(slot=slot, changes={"start": in_days(6, 9)}, by=manager)
    assert entries(slot) == []


def test_correcting_a_founders_details_is_logged_in_the_advisers_name(
    clermont_client, adviser_clermont, clermont, meeting_type
):
    appointment = book(SlotFactory(agency=clermont, meeting_type=meeting_type))
    url = reverse("booking_appointment_modeladmin_edit", args=[appointment.pk])
    response = clermont_client.post(url, correction_data(appointment, phone="07 61 23 45 67"))
    assert response.status_code == 302
    assert entries(appointment) == [("wagtail.edit", adviser_clermont.pk)]


def test_declaring_a_closure_is_logged_by_the_service(clermont, manager):
    result = services.closure_declare(
        agency=clermont, start_date=date(2030, 8, 1), end_date=date(2030, 8, 15), by=manager
    )
    assert entries(result.closure) == [("wagtail.create", manager.pk)]


def test_a_slot_created_from_the_admin_is_logged_in_the_users_name(
    clermont_client, adviser_clermont, clermont, meeting_type
):
    start = in_days(8, 9)
    response = clermont_client.post(
        reverse("booking_slot_modeladmin_create"),
        {
            "agency": clermont.pk,
            "meeting_type": meeting_type.pk,
            "adviser": "",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": in_days(8, 10).strftime("%Y-%m-%d %H:%M"),
            "capacity": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    slot = Slot.objects.get(agency=clermont, start=start)
    assert entries(slot) == [("wagtail.create", adviser_clermont.pk)]
