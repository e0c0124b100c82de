"""A booking never waits for the mail server: with the embedded immediate task backend the
emails leave from a small pool of background threads once the booking is committed."""

import contextlib
import socket
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from booking.models import Appointment, OutboxMessage, OutboxStatus
from booking.notify import outbox
from booking.services import booking_jobs_run
from tests.booking.factories import SlotFactory
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class HangingSMTPServer:
    """Accepts connections on loopback and never says a word (no greeting), like a mail
    server that hangs; closes them all when released (or after `safety` seconds, so that a
    blocked test ends)."""

    def __init__(self, safety=20):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self._released = threading.Event()
        self._closed = False
        self._lock = threading.Condition()
        self._connections = []
        threading.Thread(target=self._accept, daemon=True).start()
        threading.Thread(target=self._close_after, args=(safety,), daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._closed:  # arrived while hanging up: hung up on too
                    conn.close()
                    continue
                self._connections.append(conn)
                self._lock.notify_all()

    def _close_after(self, safety):
        self._released.wait(safety)
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        self._listener.close()

    def wait_for_connections(self, count, timeout):
        """True once `count` clients are connected (and waiting for a greeting)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._connections) >= count, timeout)

    def release(self):
        self._released.set()


@pytest.fixture
def hung_smtp(settings):
    server = HangingSMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 60
    yield server
    server.release()


def test_a_hung_mail_server_never_holds_a_booking(hung_smtp, booking_page, settings):
    settings.BOOKING_EMAIL_DELIVERY_THREADS = 2
    slot = SlotFactory()
    try:
        response = Client().post(book_url(booking_page, slot), form_data(slot))
        assert response.status_code == 302
        appointment = Appointment.objects.get()
        # The founder has the answer while both emails are still waiting for the server.
        assert hung_smtp.wait_for_connections(2, timeout=30)
        messages = list(OutboxMessage.objects.order_by("pk"))
        assert [m.appointment_id for m in messages] == [appointment.pk] * 2
        for message in messages:
            assert message.status == OutboxStatus.QUEUED
            assert message.sent_at is None and message.last_error == ""
    finally:
        hung_smtp.release()  # the server hangs up
    assert outbox.wait_for_deliveries(timeout=60)

    for message in OutboxMessage.objects.order_by("pk"):
        assert message.status == OutboxStatus.QUEUED  # kept for a later attempt
        assert message.attempts == 1
        assert message.last_error.startswith("SMTPServerDisconnected")
        assert message.next_attempt_at > timezone.now()

    # The mail server works again: the periodic job delivers both, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert booking_jobs_run()["emails"] == 2
    assert outbox.wait_for_deliveries(timeout=60)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["camille@example.org", slot.agency.notification_email]
    )
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
