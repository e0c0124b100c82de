"""Public writes on a busy database: tried again a bounded number of times while the database
is locked (SQLite) or deadlocked (PostgreSQL), then refused with DatabaseBusy; every other error
goes through at once. The pages' answers (503, the form kept) are in test_failure_modes.py."""

import pytest
from django.db import OperationalError, connection

from booking.errors import DatabaseBusy
from booking.models import Appointment
from booking.services import appointments
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db


class _DriverError(Exception):
    sqlstate = "40P01"  # PostgreSQL's "deadlock detected"


def _busy_error():
    if connection.vendor == "sqlite":
        return OperationalError("database is locked")
    error = OperationalError("deadlock detected")
    error.__cause__ = _DriverError()
    return error


def _flaky_take_place(monkeypatch, failures):
    calls = []
    real = appointments._take_place

    def take_place(slot):
        calls.append(slot.pk)
        if len(calls) <= failures:
            raise _busy_error()
        return real(slot)

    monkeypatch.setattr(appointments, "_take_place", take_place)
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_booking_is_tried_again_while_the_database_is_busy(monkeypatch, settings):
    settings.BOOKING_DB_BUSY_ATTEMPTS = 3
    slot = SlotFactory()
    calls = _flaky_take_place(monkeypatch, failures=2)
    appointment = book(slot)
    assert len(calls) == 3
    assert list(Appointment.objects.all()) == [appointment]
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert appointment.history.count() == 1  # the failed attempts left nothing

    calls = _flaky_take_place(monkeypatch, failures=3)
    with pytest.raises(DatabaseBusy):
        book(SlotFactory(start=in_days(5)), email="autre@example.org")
    assert len(calls) == 3
    assert Appointment.objects.count() == 1


def test_other_database_errors_are_not_tried_again(monkeypatch):
    calls = []

    def broken(slot):
        calls.append(slot.pk)
        raise OperationalError("no such table: booking_slot")

    monkeypatch.setattr(appointments, "_take_place", broken)
    with pytest.raises(OperationalError):
        book(SlotFactory())
    assert len(calls) == 1


def test_inside_an_outer_transaction_a_busy_database_is_not_tried_again(monkeypatch):
    calls = _flaky_take_place(monkeypatch, failures=1)
    with pytest.raises(DatabaseBusy):  # the test's own transaction is the outer one
        book(SlotFactory())
    assert len(calls) == 1
