"""Hostile input against every public form and link: script and HTML, SQL fragments, very long
strings, NUL bytes, emoji and right-to-left text, wrong types, tampered ids, tokens and CSRF.

Whatever is sent: no server error, nothing half-saved (an appointment always comes with its
emails, and a slot's place count matches its active appointments), and what was stored renders
escaped everywhere it is shown (public pages, emails, admin, exports, calendar feed).
"""

import csv
import io
import json
import re
from base64 import b64encode
from itertools import count
from urllib.parse import quote

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from booking import founders
from booking.founders import Kind
from booking.models import (
    ACTIVE_STATUSES,
    Appointment,
    BookingQuestion,
    OutboxMessage,
    Slot,
)
from booking.public.forms import BookingForm
from booking.public.views import CONFIRMATION_COOKIE
from booking.services import calendar_feed_create
from booking.tokens import token_for
from news.models import NewsIndexPage
from tests.booking.factories import SlotFactory, book, in_days
from tests.booking.test_views import book_url, form_data, manage_url

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = [
    SCRIPT,
    IMG,
    "' OR 1=1 --",
    "'; DROP TABLE booking_appointment; --",
    "x" * 10_000,
    "abc\x00def",
    "\x00",
    "\u202eevil\u202c שלום 🙂",
    "{{ 7|add:7 }}{% debug %}",
    '=HYPERLINK("http://evil.example")',
    "../../../etc/passwd",
    "%00%0d%0aSet-Cookie: a=b",
    "line\r\nX-Injected: 1",
    "99999999999999999999",
    "-1",
    "0",
    "1.5e308",
    "",
    " ",
]
# Wrong types, as a form or a query string can carry them.
WRONG_TYPES = [["1", "2"], [SCRIPT, IMG], 12345, -7, 99999999999999999999, 0, True]
# Raw fragments for URL paths (tokens, feed ids).
TOKENS = [
    "x",
    "A" * 43,
    "A" * 5000,
    SCRIPT,
    "' OR 1=1 --",
    "\x00",
    "%00",
    "🙂",
    "..",
    "%2e%2e%2f",
    "-1",
    "99999999999999999999",
]
_keys = count()


def _no_server_error(response, what):
    assert response.status_code < 500, f"{response.status_code} for {what!r}"


def _consistent():
    """Nothing half-saved: every appointment has its emails, every slot counts its places."""
    for slot in Slot.objects.all():
        active = slot.appointments.filter(status__in=ACTIVE_STATUSES).count()
        assert slot.booked_count == active, slot
    without_email = Appointment.objects.exclude(
        pk__in=OutboxMessage.objects.values("appointment_id")
    )
    assert not without_email.exists()


@pytest.fixture
def page(booking_page, settings):
    settings.BOOKING_MAX_ACTIVE_PER_EMAIL = settings.BOOKING_MAX_ACTIVE_PER_PHONE = 10_000
    BookingQuestion.objects.create(
        page=booking_page, label="Votre expérience", field_type="multiline", required=False
    )
    return booking_page


@pytest.fixture
def slot(page):
    return SlotFactory(capacity=500, start=in_days(6, 10))


@pytest.fixture
def appointment(slot):
    return book(slot, email="hote@example.org")


def _form(for_slot, **overrides):
    data = form_data(for_slot, submission_key=f"hostile-submission-{next(_keys):08d}")
    data.update(overrides)
    return data


# --- GET: query strings and paths ---------------------------------------------------------------


def _get_views(page, slot, appointment, news_index):
    agency_url = page.url + page.reverse_subpage("agency", args=(slot.agency.slug,))
    move_url = manage_url(page, appointment, "manage_move")
    return {
        "agency list": (page.url, ["semaine", "type", "page"]),
        "slot page": (agency_url, ["semaine", "type"]),
        "booking form": (book_url(page, slot), ["creneau"]),
        "confirmation": (page.url + page.reverse_subpage("confirmation"), ["creneau"]),
        "manage": (manage_url(page, appointment), ["semaine"]),
        "move": (move_url, ["semaine", "type"]),
        "cancel": (manage_url(page, appointment, "manage_cancel"), ["x"]),
        "news index": (news_index.url, ["page", "categorie", "tag"]),
        "search": ("/recherche/", ["q", "page"]),
    }


@pytest.fixture
def news_index(home_page):
    return home_page.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))


@pytest.mark.parametrize(
    "view",
    [
        "agency list",
        "slot page",
        "booking form",
        "confirmation",
        "manage",
        "move",
        "cancel",
        "news index",
        "search",
    ],
)
def test_query_strings_never_cause_a_server_error(
    client, page, slot, appointment, news_index, view
):
    url, params = _get_views(page, slot, appointment, news_index)[view]
    for value in [*HOSTILE, *WRONG_TYPES]:
        for param in params:
            response = client.get(url, {param: value})
            _no_server_error(response, (view, param, value))
            assert SCRIPT not in response.content.decode(errors="replace"), (view, param)
            assert "<img src=x" not in response.content.decode(errors="replace"), (view, param)
        response = client.get(url, dict.fromkeys(params, value))
        _no_server_error(response, (view, "all", value))
    _consistent()


@pytest.mark.parametrize("action", ["manage", "manage_cancel", "manage_move"])
def test_tampered_or_hostile_tokens_give_404(client, page, appointment, action):
    good = token_for(appointment.token_salt)
    tampered = [good[:-1] + ("A" if good[-1] != "A" else "B"), good.upper(), good + "A", good[1:]]
    for token in [*TOKENS, *tampered]:
        url = page.url + page.reverse_subpage(action, args=("TOKEN",))
        url = url.replace("TOKEN", quote(token, safe=""))
        for method in (client.get, client.post):
            response = method(url, {"slot": appointment.slot_id, "confirm": "1"})
            _no_server_error(response, (action, token))
            assert response.status_code == 404, (action, token, response.status_code)
    appointment.refresh_from_db()
    assert appointment.status in ACTIVE_STATUSES
    _consistent()


def test_slot_pages_with_hostile_paths(client, page, slot):
    for value in TOKENS:
        for action in ("agency", "book"):
            url = page.url + page.reverse_subpage(action, args=("SLUG",))
            url = url.replace("SLUG", quote(value, safe=""))
            _no_server_error(client.get(url), (action, value))
            _no_server_error(client.post(url, _form(slot)), (action, value))
        _no_server_error(client.get(page.url + quote(value, safe="") + "/"), value)
    assert not Appointment.objects.exists()


def test_calendar_feed_with_hostile_tokens(client, appointment):
    calendar_feed_create(agency=appointment.slot.agency)
    for value in TOKENS:
        response = client.get("/agenda/" + quote(value, safe="") + ".ics")
        _no_server_error(response, value)
        assert response.status_code == 404, value
        _no_server_error(client.post("/agenda/" + quote(value, safe="") + ".ics"), value)


# --- the booking form --------------------------------------------------------------------------

QUESTION_FIELDS = ["question_avez_vous_deja_un_local", "question_votre_experience"]
# The founder's fields come from their declaration (booking/founders.py): a field added there is
# attacked here too.
MULTILINE_FIELDS = [
    *(spec.name for spec in founders.FIELDS if spec.kind == Kind.LONG_TEXT),
    "question_votre_experience",
]
BOOKING_FIELDS = [
    "slot",
    "submission_key",
    "form_started",
    "website",
    *founders.form_fields(),
    *QUESTION_FIELDS,
    "consent",
]


def test_every_field_of_the_booking_form_is_attacked(page):
    assert set(BOOKING_FIELDS) == set(BookingForm(questions=page.questions.all()).fields)


@pytest.mark.parametrize("field", BOOKING_FIELDS)
def test_every_field_of_the_booking_form(client, page, slot, field):
    url = book_url(page, slot)
    for value in [*HOSTILE, *WRONG_TYPES]:
        before = Appointment.objects.count()
        response = client.post(url, _form(slot, **{field: value}))
        _no_server_error(response, (field, value))
        html = response.content.decode()
        assert SCRIPT not in html and "<img src=x" not in html, (field, value)
        created = Appointment.objects.count() - before
        assert created in (0, 1)
        if created and isinstance(value, str) and field in TEXT_FIELDS:
            stored = Appointment.objects.order_by("-pk").first()
            # As typed; single-line fields have their runs of spaces and line breaks folded.
            expected = value.strip() if field in MULTILINE_FIELDS else " ".join(value.split())
            assert _stored_text(stored, field) == expected, (field, value)
    _consistent()


TEXT_FIELDS = [
    *(spec.name for spec in founders.FIELDS if spec.kind == Kind.TEXT),
    *MULTILINE_FIELDS,
]


def _stored_text(appointment, field):
    if field.startswith("question_"):
        return next(a["answer"] for a in appointment.answers if a["question"] == "Votre expérience")
    return getattr(appointment, field)


def test_a_missing_or_forged_slot_books_nothing(client, page, slot):
    url = book_url(page, slot)
    other_agency_slot = SlotFactory(start=in_days(4))
    past_slot = SlotFactory(agency=slot.agency, start=timezone.now() - timezone.timedelta(days=2))
    inactive = SlotFactory(agency=slot.agency, is_active=False, start=in_days(4))
    for value in [
        *HOSTILE,
        *WRONG_TYPES,
        other_agency_slot.pk,
        past_slot.pk,
        inactive.pk,
        2**62,
        2**63,
        -(2**63),
    ]:
        _no_server_error(client.get(url, {"creneau": value}), value)
        data = _form(slot)
        data["slot"] = value
        _no_server_error(client.post(url, data), value)
    assert not Appointment.objects.exists()
    _consistent()


def test_a_body_that_is_not_a_form(client, page, slot):
    url = book_url(page, slot)
    for body, content_type in [
        (json.dumps(_form(slot)), "application/json"),
        (b"\x00\xff\xfe garbage", "application/x-www-form-urlencoded"),
        (b"slot=%FF%FE&email=%00", "application/x-www-form-urlencoded"),
        (b"--x\r\nContent-Disposition: form-data; name=slot\r\n\r\n1\r\n", "multipart/form-data"),
        ("a=" + "b" * 100_000, "application/x-www-form-urlencoded"),
        (b"", "text/plain"),
    ]:
        _no_server_error(client.post(url, body, content_type=content_type), body[:40])
    assert not Appointment.objects.exists()


def test_the_forms_refuse_a_missing_or_forged_csrf_token(page, slot, appointment):
    client = Client(enforce_csrf_checks=True)
    assert client.get(book_url(page, slot), {"creneau": slot.pk}).status_code == 200
    for token in ["", "forged", "A" * 64, SCRIPT]:
        data = _form(slot, csrfmiddlewaretoken=token)
        assert client.post(book_url(page, slot), data).status_code == 403
        cancel = client.post(manage_url(page, appointment, "manage_cancel"), data)
        assert cancel.status_code == 403
        move = {"slot": slot.pk, "confirm": "1", "csrfmiddlewaretoken": token}
        assert client.post(manage_url(page, appointment, "manage_move"), move).status_code == 403
    assert Appointment.objects.count() == 1
    appointment.refresh_from_db()
    assert appointment.status in ACTIVE_STATUSES
    _consistent()


def test_cancel_and_move_with_hostile_slot_ids(client, page, slot, appointment):
    other_agency_slot = SlotFactory(start=in_days(4))
    move_url = manage_url(page, appointment, "manage_move")
    for value in [*HOSTILE, *WRONG_TYPES, other_agency_slot.pk, 2**63]:
        for confirm in ("1", "0", value):
            response = client.post(move_url, {"slot": value, "confirm": confirm})
            _no_server_error(response, value)
        response = client.post(manage_url(page, appointment, "manage_cancel"), {"x": value})
        _no_server_error(response, value)
        # Cancelled by the first POST: later ones find no active appointment, still no error.
    _consistent()


def test_a_tampered_confirmation_cookie(client, page, appointment):
    url = page.url + page.reverse_subpage("confirmation")
    values = [*HOSTILE[:6], 10**30, -1, [appointment.pk], {"pk": appointment.pk}, None]
    for value in [*values, appointment.pk]:
        # Unsigned, signed with another salt, or a signed value that is no appointment id.
        for cookie in (
            str(value),
            signing.get_cookie_signer(salt="autre").sign(str(value)),
            *([] if value == appointment.pk else [_signed_confirmation(value)]),
        ):
            client.cookies[CONFIRMATION_COOKIE] = cookie
            response = client.get(url)
            _no_server_error(response, value)
            assert appointment.reference not in response.content.decode()


def _signed_confirmation(value):
    return signing.get_cookie_signer(salt=CONFIRMATION_COOKIE + CONFIRMATION_COOKIE).sign(
        str(value)
    )


# --- what is stored renders escaped everywhere -------------------------------------------------

TYPED = {
    "first_name": SCRIPT,
    "last_name": IMG,
    "city": "' OR 1=1 -- 🙂 שלום",
    "project_name": '=HYPERLINK("http://evil.example")',
    "project_description": f"{SCRIPT}\n{IMG}\nBEGIN:VEVENT",
    "question_votre_experience": f"{IMG} \u202eevil",
}


@pytest.fixture
def hostile_booking(client, page, slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(page, slot), _form(slot, **TYPED))
    assert response.status_code == 302
    return client, response, Appointment.objects.get()


def test_hostile_text_is_stored_as_typed(hostile_booking):
    _, _, appointment = hostile_booking
    assert appointment.first_name == SCRIPT
    assert appointment.last_name == IMG
    assert appointment.city == TYPED["city"]
    assert appointment.project_description == TYPED["project_description"]
    assert {"question": "Votre expérience", "answer": TYPED["question_votre_experience"]} in (
        appointment.answers
    )
    _consistent()


def _assert_escaped(html: str, where: str, shown: bool = True):
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    if shown:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where


def test_public_pages_escape_it(hostile_booking, page):
    client, response, appointment = hostile_booking
    _assert_escaped(client.get(response["Location"]).content.decode(), "confirmation")
    for action in ("manage", "manage_cancel", "manage_move"):
        html = client.get(manage_url(page, appointment, action)).content.decode()
        _assert_escaped(html, action, shown=False)  # the summary shows the project, not names
        if action != "manage_move":
            assert "=HYPERLINK(&quot;http://evil.example&quot;)" in html, action


def test_emails_escape_it(hostile_booking, mailoutbox):
    _, _, appointment = hostile_booking
    messages = OutboxMessage.objects.filter(appointment=appointment)
    assert {m.to_email for m in messages} == {
        appointment.email,
        appointment.slot.agency.notification_email,
    }
    for message in messages:
        _assert_escaped(message.body_html, message.kind)
        # The plain-text part is not HTML: the text as typed, for the reader.
        assert SCRIPT in message.body_text, message.kind
        # The invitation still holds one event, the founder's name quoted inside it.
        events = Calendar.from_ical(message.ics).walk("VEVENT")
        assert len(events) == 1, message.kind
        assert events[0]["ATTENDEE"].params["CN"] == f"{SCRIPT} {IMG}"
    assert len(mailoutbox) == 2
    for email in mailoutbox:
        html = email.alternatives[0][0]
        _assert_escaped(html, email.subject)
        assert "\n" not in email.subject and "\r" not in email.subject


def test_the_admin_escapes_it(hostile_booking, admin_client):
    _, _, appointment = hostile_booking
    admin = admin_client
    for url in [
        "/admin/",
        "/admin/booking/appointment/",
        f"/admin/booking/appointment/inspect/{appointment.pk}/",
        f"/admin/booking/appointment/edit/{appointment.pk}/",
        f"/admin/booking/appointment/history/{appointment.pk}/",
        f"/admin/booking/appointment/annuler/{appointment.pk}/",
        "/admin/booking/outboxmessage/",
    ]:
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SCRIPT not in html and "<img src=x" not in html, url
    html = admin.post("/admin/booking/rgpd/", {"email": appointment.email}).content.decode()
    _assert_escaped(html, "rgpd")


def test_the_csv_export_neutralises_formulas(hostile_booking, admin_client):
    response = admin_client.get("/admin/booking/appointment/", {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(content)))
    cells = dict(zip(header, row, strict=True))
    assert cells["Prénom"] == SCRIPT  # CSV is not HTML: the text as typed
    assert cells["Nom du projet"] == "'" + TYPED["project_name"]  # never a live formula
    assert cells["Description du projet"] == TYPED["project_description"]


def test_the_calendar_feed_cannot_be_injected(hostile_booking, client):
    _, _, appointment = hostile_booking
    feed = calendar_feed_create(agency=appointment.slot.agency)
    response = client.get(f"/agenda/{token_for(feed.token_salt)}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    # One event, whatever the founder typed (no line of theirs starts a property).
    assert body.count("BEGIN:VEVENT") == 1
    assert not re.search(r"^X-Injected", body, re.M)
    assert appointment.email not in body and appointment.phone not in body


# --- the email provider's webhook ----------------------------------------------------------------

ESPS = ["brevo", "mailjet", "postmark", "mailgun", "amazon_ses", "resend"]


def _webhook_bodies(message):
    return [
        json.dumps({"event": "hard_bounce", "message-id": SCRIPT, "reason": "x" * 10_000}),
        json.dumps({"event": "hard_bounce", "message-id": message.provider_message_id}),
        json.dumps([{"event": "bounce", "sg_message_id": "\x00"}]),
        json.dumps([1, 2, 3]),
        json.dumps("just a string"),
        json.dumps({"RecordType": "Bounce", "MessageID": 12345, "Email": ["a", "b"]}),
        json.dumps({"event": None, "message-id": None, "date": "not a date"}),
        "{not json",
        "\x00\x00",
        "",
        "' OR 1=1 --",
    ]


def test_the_webhook_never_fails(client, appointment, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    message = OutboxMessage.objects.filter(appointment=appointment).first()
    OutboxMessage.objects.filter(pk=message.pk).update(provider_message_id="<m1@example.org>")
    message.refresh_from_db()
    good = "Basic " + b64encode(b"hook:secret").decode()
    bad = "Basic " + b64encode(b"hook:wrong").decode()
    for esp in ESPS:
        url = f"/anymail/{esp}/tracking/"
        for body in _webhook_bodies(message):
            for auth in (good, bad, "Bearer " + SCRIPT, ""):
                response = client.post(
                    url, body, content_type="application/json", HTTP_AUTHORIZATION=auth
                )
                _no_server_error(response, (esp, body[:30], auth[:10]))
                if auth != good:
                    assert response.status_code in (400, 401, 403, 404), (esp, auth)
    _consistent()


def test_the_webhook_is_closed_without_a_secret(client, settings):
    settings.ANYMAIL = {}
    response = client.post("/anymail/brevo/tracking/", "{}", content_type="application/json")
    assert response.status_code == 404
