"""Two advisers (real threads, their own connections) accept and refuse the same request at the
same moment through the admin: exactly one wins, the other is told someone acted first. Runs on
the file SQLite test database and on PostgreSQL."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from booking.models import AppointmentStatus, Slot
from tests.booking.admin.conftest import client_for
from tests.booking.factories import SlotFactory, book
from tests.booking.test_concurrency import fire_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
CLIENTS = 10


def test_accept_and_refuse_at_the_same_moment_through_the_admin(clermont, adviser_clermont):
    appointment = book(SlotFactory(agency=clermont))
    clients = [client_for(adviser_clermont) for _ in range(CLIENTS)]
    urls = {
        name: reverse(f"booking_appointment_modeladmin_{name}", args=[appointment.pk])
        for name in ("accepter", "refuser")
    }

    def act(i):
        name = "accepter" if i % 2 == 0 else "refuser"
        response = clients[i].post(urls[name], {"expected_status": "pending", "reason": ""})
        return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]

    results = fire_concurrently(CLIENTS, act)

    assert all(status == 302 for status, _messages in results)
    won = [m for _s, m in results if any("porteur de projet est prévenu" in x for x in m)]
    told = [m for _s, m in results if any("a changé entre-temps" in x for x in m)]
    assert len(won) == 1
    assert len(told) == CLIENTS - 1
    appointment.refresh_from_db()
    assert appointment.status in (AppointmentStatus.CONFIRMED, AppointmentStatus.REFUSED)
    assert appointment.history.count() == 2
    assert appointment.history.last().changed_by == adviser_clermont
    expected = 1 if appointment.status == AppointmentStatus.CONFIRMED else 0
    assert Slot.objects.get(pk=appointment.slot_id).booked_count == expected
