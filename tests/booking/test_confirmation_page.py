"""The page after booking: what, when, how long, where (with a map) or how, with whom, what to
bring, « Ajouter à mon agenda » (.ics, Google, Outlook) and the private link; the same calendar
links on the private page."""

from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from icalendar import Calendar

from booking.models import Appointment
from booking.tokens import token_for
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, in_days
from tests.booking.test_views import book_url, form_data, manage_url

pytestmark = pytest.mark.django_db


def booked(client, booking_page, slot):
    response = client.post(book_url(booking_page, slot), form_data(slot))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return Appointment.objects.get(), BeautifulSoup(page.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def slot():
    adviser = get_user_model().objects.create_user(
        username="amina", first_name="Amina", last_name="Roche"
    )
    return SlotFactory(
        agency=AgencyFactory(address="5 rue Lucas", postal_code="03200", city="Vichy"),
        meeting_type=MeetingTypeFactory(instructions="Apportez votre business plan."),
        adviser=adviser,
        start=in_days(5, 9),
        end=in_days(5, 10),
    )


def test_the_confirmation_says_everything_about_the_meeting(client, booking_page, slot):
    appointment, soup = booked(client, booking_page, slot)
    summary = text_of(soup.select_one(".card"))
    assert "Durée 1 h" in summary
    assert "Conseiller Amina" in summary
    assert "Roche" not in summary
    assert "À prévoir Apportez votre business plan." in summary
    assert "5 rue Lucas, 03200 Vichy" in summary
    (map_link,) = soup.select('a[href^="https://www.openstreetmap.org/search"]')
    assert parse_qs(urlsplit(map_link["href"]).query) == {"query": ["5 rue Lucas, 03200 Vichy"]}

    calendar = soup.select_one("#add-to-calendar").parent
    hrefs = [a["href"] for a in calendar.select("a")]
    assert hrefs[1].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&")
    assert hrefs[2].startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    assert f"dates={slot.start.astimezone(UTC):%Y%m%dT%H%M%SZ}%2F" in hrefs[1]

    # The .ics is the appointment's own invitation, downloaded.
    ics = client.get(hrefs[0])
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics["Content-Disposition"].startswith("attachment")
    assert ics["Cache-Control"] == "no-store"
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["UID"] == f"rdv-{appointment.pk}@testserver"
    assert event.start == slot.start

    # The private link works from here too.
    (private,) = soup.select("#private-link ~ p a")
    assert private["href"] == manage_url(booking_page, appointment)
    assert client.get(private["href"]).status_code == 200


def test_no_bold_text_that_looks_like_a_link(client, booking_page, slot):
    appointment, soup = booked(client, booking_page, slot)
    assert appointment.email in soup.select_one(".alert").get_text()
    assert soup.select(".alert strong, .alert b") == []


def test_the_private_page_offers_the_calendar_links_too(client, booking_page, slot):
    appointment, _ = booked(client, booking_page, slot)
    page = BeautifulSoup(client.get(manage_url(booking_page, appointment)).content, "html.parser")
    links = [a["href"] for a in page.select("#add-to-calendar ~ ul a")]
    token = token_for(appointment.token_salt)
    assert links[0] == manage_url(booking_page, appointment) + "invitation/"
    assert links[1].startswith("https://calendar.google.com/")
    assert links[2].startswith("https://outlook.live.com/")
    # The key to the appointment stays with us.
    assert all(token not in link for link in links[1:])


def test_an_unknown_link_gets_no_calendar(client, booking_page, slot):
    url = booking_page.url + booking_page.reverse_subpage("manage_ics", args=("nope",))
    response = client.get(url)
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.content.decode()
