"""Real parts for the notification tests: an SMTP server on loopback (aiosmtpd), a stand-in
for an email provider's HTTP API on loopback (for Anymail's Postmark backend), and helpers to
read back the messages and their .ics attachment."""

import json
import socket
import threading
import uuid
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


class SMTPServer:
    """Nothing listens on `port` until `start()`: that is the "mail server down" state."""

    def __init__(self):
        self.port = free_port()
        self.handler = Collector()
        self._controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


class FakeProviderAPI(BaseHTTPRequestHandler):
    """Answers like Postmark's /email endpoint and records what it was sent."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        payload = json.loads(self.rfile.read(length))
        self.server.received.append(payload)
        body = json.dumps(
            {
                "To": payload["To"],
                "SubmittedAt": "2026-11-24T10:00:00Z",
                "MessageID": str(uuid.uuid4()),
                "ErrorCode": 0,
                "Message": "OK",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProviderAPI)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "test-token",
        "POSTMARK_API_URL": f"http://127.0.0.1:{server.server_address[1]}/",
    }
    yield server
    server.shutdown()
    server.server_close()


def ics_part(message):
    """The invitation.ics attachment of an email.message.EmailMessage (modern policy)."""
    parts = [p for p in message.walk() if p.get_filename() == "invitation.ics"]
    assert len(parts) == 1, [p.get_content_type() for p in message.walk()]
    return parts[0]


def django_ics(message):
    """(content type header, decoded text) of the .ics attached to a Django EmailMessage."""
    for attachment in message.attachments:
        if getattr(attachment, "get_filename", lambda: None)() == "invitation.ics":
            return attachment["Content-Type"], attachment.get_payload(decode=True).decode()
    raise AssertionError("no invitation.ics attachment")


def event_of(ics: str):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.fixture
def adviser(django_user_model):
    return django_user_model.objects.create_user(
        username="conseillere", email="conseillere@osengo.test", password="x" * 16
    )
