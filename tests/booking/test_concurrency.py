"""Real threads, each with its own database connection, fire bookings at one slot through the
view. Run on the file-based SQLite test database and on PostgreSQL (CI runs the suite on both).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection, transaction
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


class CompetingWriter(threading.Thread):
    """Write transactions on the same database in a loop, as another worker, an adviser in the
    admin or the periodic jobs would hold them: on SQLite the whole file's write lock (BEGIN
    IMMEDIATE), on PostgreSQL a lock on the rate-limit table and a row of another slot."""

    def __init__(self, other_slot, *, hold=0.2, gap=0.05):
        super().__init__(daemon=True)
        self.other_slot_id = other_slot.pk
        self.hold, self.gap = hold, gap
        self.stop = threading.Event()
        self.rounds = 0
        self.error = None

    def run(self):
        try:
            while not self.stop.is_set():
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        if connection.vendor == "postgresql":
                            cursor.execute("LOCK TABLE booking_ratelimithit IN EXCLUSIVE MODE")
                        cursor.execute(
                            "UPDATE booking_slot SET capacity = capacity WHERE id = %s",
                            [self.other_slot_id],
                        )
                        time.sleep(self.hold)
                except OperationalError as error:  # the bookings hold the lock: try again
                    if "locked" not in str(error):
                        raise
                else:
                    self.rounds += 1
                time.sleep(self.gap)
        except Exception as error:  # reported by the test
            self.error = error
        finally:
            connection.close()


def test_bookings_while_another_writer_holds_the_database(booking_page, monkeypatch):
    """A busy database never gives a founder a server error: each booking is made, refused
    as full, or answered 503 with the form kept; never more than the capacity is booked."""
    capacity = 3
    slot = SlotFactory(capacity=capacity)
    other = SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(5, 9))
    if connection.vendor == "sqlite":
        # Locks held longer than the busy timeout, as on the loaded machine where a booking
        # once raised "database is locked".
        monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.1)
    url = book_url(booking_page, slot)
    # A site that has shown pages before (the first one writes the site's settings rows).
    assert Client().get(url, {"creneau": slot.pk}).status_code == 200

    def submit(i):
        email = f"porteur{i}@example.org"
        response = Client(raise_request_exception=False).post(
            url,
            form_data(
                slot,
                email=email,
                phone=f"06 12 34 {i // 100:02d} {i % 100:02d}",
                submission_key=f"busy-database-{i:04d}-abcdefgh",
            ),
        )
        return response.status_code, email, response

    writer = CompetingWriter(other)
    writer.start()
    try:
        results = fire_concurrently(SUBMISSIONS, submit)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None and writer.rounds > 0

    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {302, 409, 503}, sorted(set(statuses))
    for status, email, response in results:
        if status == 503:
            assert int(response["Retry-After"]) > 0
            assert f'value="{email}"' in response.content.decode()
    booked = Appointment.objects.filter(slot=slot).count()
    assert booked == statuses.count(302) <= capacity
    slot.refresh_from_db()
    assert slot.booked_count == booked


def test_one_form_sent_many_times_at_once_confirms_the_same_booking(booking_page):
    """A double click, a reloaded tab, a flaky connection: every copy of the form that arrives
    shows the confirmation of the one booking it made, never "réservé par quelqu'un d'autre"."""
    slot = SlotFactory(capacity=1)
    url = book_url(booking_page, slot)
    data = form_data(slot, submission_key="one-form-sent-again-0123456")

    def submit(i):
        client = Client(raise_request_exception=False)
        response = client.post(url, data)
        if response.status_code != 302:
            return response.status_code, response.content.decode()
        return 302, client.get(response["Location"]).content.decode()

    results = fire_concurrently(20, submit)
    appointment = Appointment.objects.get()
    assert [status for status, _ in results] == [302] * 20, [s for s, _ in results]
    for _, html in results:
        assert appointment.reference in html
