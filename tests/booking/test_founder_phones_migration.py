"""Migration 0004: phones stored as typed by advisers become E.164; the rest is left alone."""

import importlib

import pytest
from django.apps import apps

from booking.models import Appointment
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db
migration = importlib.import_module("booking.migrations.0004_founder_phones_e164")


def test_phones_typed_in_the_back_office_become_e164():
    stored = {
        "06 12 34 56 78": "+33612345678",
        "+33 7 61 23 45 67": "+33761234567",
        "04.73.00.00.00": "+33473000000",
        "+33612345679": "+33612345679",
        "0700000000": "0700000000",  # not a valid number: left as it is
        "pas un numéro": "pas un numéro",
        "": "",  # anonymised
    }
    slot = SlotFactory(capacity=len(stored), start=in_days(3))
    pks = {}
    for index, typed in enumerate(stored):
        appointment = book(slot, email=f"{index}@example.org")
        # As the back-office used to store it, before the services normalised it.
        Appointment.objects.filter(pk=appointment.pk).update(phone=typed)
        pks[typed] = appointment.pk

    migration.phones_to_e164(apps, None)

    for typed, expected in stored.items():
        assert Appointment.objects.get(pk=pks[typed]).phone == expected, typed
