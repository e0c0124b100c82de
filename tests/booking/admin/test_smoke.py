"""Every booking admin URL, opened as a superuser and as an adviser, answers as expected."""

from urllib.parse import urlencode

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from booking import services
from booking.models import Closure
from tests.booking.admin.conftest import book_early, client_for
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(booking_page, clermont, meeting_type, adviser_clermont):
    free = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5, 9))
    booked = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(6, 9))
    past = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-1, 9))
    appointment = book(booked)
    past_appointment = services.appointment_accept(
        appointment=book_early(past, email="passe@example.org"), by=None
    )
    closure = Closure.objects.create(
        agency=clermont, start_date=in_days(20).date(), end_date=in_days(21).date()
    )
    question = booking_page.questions.first()
    return {
        "agency": clermont,
        "meetingtype": meeting_type,
        "slot": free,
        "appointment": appointment,
        "past": past_appointment,
        "closure": closure,
        "bookingquestion": question,
    }


# Wagtail answers a refused permission with a redirect to the dashboard and a message.
DENIED = "denied"
HOME = "/admin/"


def outcome(response):
    if response.status_code == 302 and response["Location"] == HOME:
        return DENIED
    return response.status_code


def url(model, action, pk=None):
    name = f"booking_{model}_modeladmin_{action}"
    return reverse(name, args=[pk] if pk is not None else [])


def every_url(objects):
    """(url, expected status for a superuser, for the Clermont adviser)."""
    o = objects
    appointment = o["appointment"].pk
    urls = []
    for model in ["agency", "meetingtype", "slot", "appointment", "closure", "bookingquestion"]:
        pk = o[model].pk
        urls += [
            (url(model, "index"), 200, 200),
            (url(model, "index") + "?q=test", 200, 200),
            (url(model, "inspect", pk), 200, 200),
        ]
    urls += [
        # Agencies and meeting types: advisers only read them.
        (url("agency", "create"), 200, DENIED),
        (url("agency", "edit", o["agency"].pk), 200, DENIED),
        (url("agency", "delete", o["agency"].pk), 200, DENIED),
        (url("meetingtype", "create"), 200, DENIED),
        (url("meetingtype", "edit", o["meetingtype"].pk), 200, DENIED),
        (url("meetingtype", "delete", o["meetingtype"].pk), 200, DENIED),
        (url("slot", "create"), 200, 200),
        (url("slot", "edit", o["slot"].pk), 200, 200),
        (url("slot", "delete", o["slot"].pk), 200, 200),
        (url("slot", "index") + f"?agence={o['agency'].pk}&remplissage=libre", 200, 200),
        (
            url("slot", "index") + "?" + urlencode({"du": "2026-01-01", "au": "2030-12-31"}),
            200,
            200,
        ),
        (url("closure", "create"), 200, 200),
        (url("closure", "edit", o["closure"].pk), 200, 200),
        (url("closure", "delete", o["closure"].pk), 200, 200),
        (url("bookingquestion", "create"), DENIED, DENIED),
        (url("appointment", "create"), 200, 200),
        (url("appointment", "edit", appointment), 200, 200),
        (url("appointment", "delete", appointment), DENIED, DENIED),
        (url("appointment", "history", appointment), 200, 200),
        (url("appointment", "index") + "?status=pending&agence=" + str(o["agency"].pk), 200, 200),
        (url("appointment", "index") + "?q=Camille&du=2020-01-01", 200, 200),
        (url("appointment", "index") + "?export=csv", 200, 200),
        (url("appointment", "index") + "?export=csv_excel&status=pending", 200, 200),
        (url("appointment", "index") + "?export=xlsx", 200, 200),
        (url("appointment", "accepter", appointment), 200, 200),
        (url("appointment", "refuser", appointment), 200, 200),
        (url("appointment", "annuler", appointment), 200, 200),
        (url("appointment", "deplacer", appointment), 200, 200),
        # Marking attendance waits for the meeting: the future one redirects with a message.
        (url("appointment", "honore", appointment), 302, 302),
        (url("appointment", "honore", o["past"].pk), 200, 200),
        (url("appointment", "absent", o["past"].pk), 200, 200),
        (reverse("booking_slots_generate"), 200, 200),
        (reverse("booking_statistics"), 200, 200),
        (reverse("booking_statistics") + "?period=year&format=csv", 200, 200),
        (reverse("wagtailadmin_home"), 200, 200),
    ]
    return urls


def test_every_booking_admin_url_as_superuser_and_adviser(objects, superuser, adviser_clermont):
    as_admin, as_adviser = client_for(superuser), client_for(adviser_clermont)
    failures = []
    for address, for_admin, for_adviser in every_url(objects):
        for client, expected in ((as_admin, for_admin), (as_adviser, for_adviser)):
            status = outcome(client.get(address))
            if status != expected:
                failures.append((address, client is as_admin, status, expected))
    assert not failures


def booking_menu_labels(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "rendez-vous" or str(item.label) == "Rendez-vous":
            return [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
    return []


def test_the_menu_lists_the_booking_entries(adviser_clermont, manager):
    labels = booking_menu_labels(adviser_clermont)
    assert labels[:3] == ["Rendez-vous", "Créneaux", "Générer des créneaux"]
    assert {"Fermetures et absences", "Agences", "Statistiques"} <= set(labels)
    # Only managers see the email outbox and the personal data requests (founders' addresses
    # of every agency).
    assert "Emails envoyés" not in labels
    assert set(booking_menu_labels(manager)) - set(labels) == {
        "Emails envoyés",
        "Données personnelles (RGPD)",
    }


def test_an_editor_has_no_booking_menu(editor):
    assert booking_menu_labels(editor) == []


def test_anonymous_visitors_are_sent_to_the_login_page(objects, client):
    for address, _admin, _adviser in every_url(objects):
        response = client.get(address)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
