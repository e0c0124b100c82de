"""The booking form tells founders what happens to their data and records their consent; error
reports and logs never carry what they typed."""

import logging
import smtplib

import pytest
from django.test import Client
from django.views.debug import ExceptionReporter, get_exception_reporter_filter
from wagtail.models import Page

from booking.models import Appointment, OutboxMessage
from booking.notify import notifications
from home.models import StandardPage
from tests.booking.factories import SlotFactory, book
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db

NOTICE = (
    "<p><b>Osengo</b> traite ces informations pour organiser votre rendez-vous ; elles sont "
    "conservées 36 mois. Vous pouvez y accéder ou les faire effacer.</p>"
)
PERSONAL = {
    "first_name": "Eulalie",
    "last_name": "Vercingétorix",
    "email": "eulalie.secret@example.org",
    "phone": "06 98 76 54 32",
    "city": "Riom",
    "project_name": "Brasserie du Puy",
    "project_description": "Bière artisanale au miel de châtaignier",
}
TRACES = [
    "Eulalie",
    "Vercing",
    "eulalie.secret",
    "98 76 54 32",
    "698765432",
    "Brasserie du Puy",
    "miel de ch",
]


@pytest.fixture
def page_with_notice(booking_page, home_page):
    privacy_page = home_page.add_child(
        instance=StandardPage(title="Politique de confidentialité", slug="confidentialite")
    )
    booking_page.privacy_notice = NOTICE
    booking_page.privacy_page = privacy_page
    booking_page.privacy_version = "2027-01"
    booking_page.save_revision().publish()
    return Page.objects.get(pk=booking_page.pk).specific


def test_the_form_shows_the_notice_and_the_record_keeps_time_and_version(client, page_with_notice):
    slot = SlotFactory()
    html = client.get(book_url(page_with_notice, slot), {"creneau": slot.pk}).content.decode()
    assert "conservées 36 mois" in html
    assert "<b>Osengo</b>" in html  # the editor's rich text, rendered
    assert 'href="/confidentialite/"' in html or "confidentialite/" in html
    assert "Lire notre politique de confidentialité" in html

    response = client.post(book_url(page_with_notice, slot), form_data(slot))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.privacy_version == "2027-01"
    assert abs((appointment.consent_at - appointment.created_at).total_seconds()) < 5


def test_no_booking_without_consent(client, page_with_notice):
    slot = SlotFactory()
    response = client.post(book_url(page_with_notice, slot), form_data(slot, consent=""))
    assert "Votre accord est nécessaire" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_server_error_while_booking_reports_nothing_personal(booking_page, monkeypatch, caplog):
    """A failure deep inside the booking service: the log line, the POST data and the local
    variables of every frame of Django's error report are free of what the founder typed."""

    def broken(appointment_id):
        raise RuntimeError("the mail templates are broken")

    monkeypatch.setattr(notifications, "appointment_booked", broken)
    slot = SlotFactory()
    data = form_data(slot, **PERSONAL, question_avez_vous_deja_un_local="Oui")
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.post(book_url(booking_page, slot), data)

    assert response.status_code == 500
    assert not Appointment.objects.exists()  # rolled back: nothing half-saved
    assert not OutboxMessage.objects.exists()
    record = next(r for r in caplog.records if r.name == "django.request")
    request, exc_info = record.request, record.exc_info
    assert exc_info[0] is RuntimeError

    post = get_exception_reporter_filter(request).get_post_parameters(request)
    assert post["email"] == post["phone"] == post["first_name"] == "********************"
    reporter = ExceptionReporter(request, *exc_info)
    for report in (caplog.text, reporter.get_traceback_text(), reporter.get_traceback_html()):
        for trace in TRACES:
            assert trace not in report, trace


def test_an_email_that_cannot_be_sent_is_logged_without_its_address(
    booking_page, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"eulalie.secret@example.org": (550, b"unknown")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        book(SlotFactory(), email="eulalie.secret@example.org", first_name="Eulalie")
    assert "could not be sent" in caplog.text
    assert "eulalie" not in caplog.text.lower()
    # The address is in the outbox row (for the managers), not in the logs.
    assert "eulalie.secret" in OutboxMessage.objects.first().last_error


def test_the_admin_forms_with_founder_data_hide_it_from_error_reports(
    clermont, meeting_type, adviser_clermont, manager
):
    from tests.booking.privacy.conftest import client_for

    request_ = book(SlotFactory(agency=clermont, meeting_type=meeting_type), **_typed())
    adviser, manager_client = client_for(adviser_clermont), client_for(manager)
    posts = [
        (adviser, "/admin/booking/appointment/create/", "__ALL__"),
        (adviser, f"/admin/booking/appointment/edit/{request_.pk}/", "__ALL__"),
        (adviser, f"/admin/booking/appointment/refuser/{request_.pk}/", ("reason",)),
        (manager_client, "/admin/booking/rgpd/", "__ALL__"),
        (manager_client, "/admin/booking/rgpd/exporter/", "__ALL__"),
        (manager_client, "/admin/booking/rgpd/effacer/", "__ALL__"),
    ]
    for client, url, hidden in posts:
        response = client.post(url, {"email": "eulalie.secret@example.org", "reason": "x"})
        assert response.status_code < 500, url
        assert response.wsgi_request.sensitive_post_parameters == hidden, url


def _typed():
    return {key: value for key, value in PERSONAL.items() if key != "phone"}
