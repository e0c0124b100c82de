"""Real threads, each with its own database connection, fire bookings at one slot through the
view. Run on the file-based SQLite test database and on PostgreSQL (CI runs the suite on both).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from booking import services
from booking.errors import StaleAppointment
from booking.models import Appointment, AppointmentStatus, Slot
from tests.booking.factories import SlotFactory, book, in_days
from tests.booking.test_views import book_url, form_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.concurrency,
]

SUBMISSIONS = 100
# PostgreSQL here allows 100 connections in all: every thread is started at once, but at most
# this many hold a connection at the same moment.
MAX_OPEN_CONNECTIONS = 40


def fire_concurrently(count, action):
    barrier = threading.Barrier(count)
    gate = threading.Semaphore(MAX_OPEN_CONNECTIONS)

    def run(i):
        barrier.wait()
        with gate:
            try:
                return action(i)
            finally:
                connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.parametrize("capacity", [1, 3])
def test_concurrent_bookings_never_overbook(booking_page, capacity):
    slot = SlotFactory(capacity=capacity)
    SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(5, 9))
    url = book_url(booking_page, slot)

    def submit(i):
        response = Client().post(
            url,
            form_data(
                slot,
                email=f"porteur{i}@example.org",
                phone=f"06 12 34 {i // 100:02d} {i % 100:02d}",
                submission_key=f"concurrent-{i:04d}-abcdefgh",
            ),
        )
        return response.status_code, response.content.decode()

    results = fire_concurrently(SUBMISSIONS, submit)

    statuses = [status for status, _ in results]
    assert statuses.count(302) == capacity
    assert statuses.count(409) == SUBMISSIONS - capacity
    assert not [s for s in statuses if s >= 500]
    for status, html in results:
        if status == 409:
            assert "vient d&#x27;être réservé" in html
            assert "Autres créneaux libres" in html
    assert Appointment.objects.filter(slot=slot).count() == capacity
    slot.refresh_from_db()
    assert slot.booked_count == capacity


def test_concurrent_accept_and_refuse_exactly_one_wins():
    appointment = book(SlotFactory())

    def act(i):
        action = services.appointment_accept if i % 2 == 0 else services.appointment_refuse
        try:
            action(appointment=appointment, by=None)
        except StaleAppointment:
            return "stale"
        return "won"

    outcomes = fire_concurrently(20, act)
    assert outcomes.count("won") == 1
    appointment.refresh_from_db()
    assert appointment.status in (AppointmentStatus.CONFIRMED, AppointmentStatus.REFUSED)
    assert appointment.history.count() == 2
    expected = 1 if appointment.status == AppointmentStatus.CONFIRMED else 0
    assert Slot.objects.get(pk=appointment.slot_id).booked_count == expected
