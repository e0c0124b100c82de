"""« Ajouter à mon agenda » : the Google Calendar and Outlook links, in UTC whatever the season,
and what the founder's emails say about the meeting (how long, where with a map, with whom, what
to bring)."""

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from booking import services
from booking.models.agency import MeetingMode
from booking.notify.calendar_links import google_url, outlook_url
from booking.timefmt import local_midnight, local_tz
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, local_dt

PARIS = local_tz()


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_google_and_outlook_links_carry_the_times_in_utc():
    winter = {
        "title": "Premier rendez-vous – Osengo Vichy",
        "start": datetime(2027, 1, 12, 10, 30, tzinfo=PARIS),
        "end": datetime(2027, 1, 12, 11, 15, tzinfo=PARIS),
        "details": "Référence : RDV-1",
        "location": "5 rue Lucas, 03200 Vichy",
    }
    google = urlsplit(google_url(**winter))
    assert f"{google.scheme}://{google.netloc}{google.path}" == (
        "https://calendar.google.com/calendar/render"
    )
    assert query(google_url(**winter)) == {
        "action": "TEMPLATE",
        "text": "Premier rendez-vous – Osengo Vichy",
        "dates": "20270112T093000Z/20270112T101500Z",
        "details": "Référence : RDV-1",
        "location": "5 rue Lucas, 03200 Vichy",
    }
    outlook = outlook_url(**winter)
    assert outlook.startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    fields = query(outlook)
    assert fields["startdt"] == "2027-01-12T09:30:00Z"
    assert fields["enddt"] == "2027-01-12T10:15:00Z"
    assert fields["subject"] == "Premier rendez-vous – Osengo Vichy"
    assert fields["body"] == "Référence : RDV-1"
    assert fields["location"] == "5 rue Lucas, 03200 Vichy"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # The week the clocks go forward: Friday in winter time, Monday in summer time.
        (datetime(2027, 3, 26, 10, tzinfo=PARIS), "20270326T090000Z"),
        (datetime(2027, 3, 29, 10, tzinfo=PARIS), "20270329T080000Z"),
        # The hour repeated when they go back: both 2 h 30 are told apart.
        (datetime(2026, 10, 25, 2, 30, tzinfo=PARIS), "20261025T003000Z"),
        (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS), "20261025T013000Z"),
    ],
)
def test_links_are_right_in_the_weeks_the_clocks_change(start, expected):
    link = {
        "title": "RDV",
        "start": start,
        "end": start + timedelta(hours=1),
        "details": "",
        "location": "",
    }
    assert query(google_url(**link))["dates"].split("/")[0] == expected
    iso = datetime.strptime(expected, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    assert query(outlook_url(**link))["startdt"] == iso


# --- in the emails --------------------------------------------------------------------------


def next_clock_change(after: date) -> date:
    """The first day from `after` on which the clocks change (a Sunday)."""
    day = after
    while local_midnight(day).utcoffset() == local_midnight(day + timedelta(days=1)).utcoffset():
        day += timedelta(days=1)
    return day


def email_links(message) -> dict[str, str]:
    """The links of the email's HTML part by their text, and checks the text part has them."""
    html = BeautifulSoup(message.alternatives[0][0], "html.parser")
    links = {" ".join(a.get_text().split()): a["href"] for a in html.select("a[href]")}
    for href in links.values():
        assert href in message.body
    return links


@pytest.mark.django_db
def test_the_emails_of_a_clock_change_week_give_the_utc_times(
    django_capture_on_commit_callbacks, mailoutbox
):
    today = timezone.localdate(timezone=PARIS)
    change = next_clock_change(today + timedelta(days=3))  # a Sunday
    agency = AgencyFactory(horizon_days=400, requires_approval=False)
    before = SlotFactory(agency=agency, start=local_dt(change - timedelta(days=2), 10))
    after = SlotFactory(agency=agency, start=local_dt(change + timedelta(days=1), 10))
    # Winter time is UTC+1, summer time UTC+2.
    spring = change.month == 3
    expected = {before: "09" if spring else "08", after: "08" if spring else "09"}
    for slot in (before, after):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            book(slot, email=f"founder{slot.pk}@example.org")
        links = email_links(mailoutbox[0])
        day = f"{timezone.localtime(slot.start, PARIS):%Y%m%d}"
        google = query(links["Google Agenda"])
        assert google["dates"] == f"{day}T{expected[slot]}0000Z/{day}T{expected[slot]}4500Z"
        outlook = query(links["Outlook"])
        assert outlook["startdt"].endswith(f"T{expected[slot]}:00:00Z")
        title = f"{slot.meeting_type.name} – Osengo {agency.name}"
        assert google["text"] == outlook["subject"] == title


@pytest.mark.django_db
def test_the_founder_email_says_how_long_where_with_whom_and_what_to_bring(
    django_capture_on_commit_callbacks, mailoutbox, booking_page
):
    adviser = get_user_model().objects.create_user(
        username="amina", first_name="Amina", last_name="Roche", email="amina@osengo.test"
    )
    agency = AgencyFactory(address="5 rue Lucas", postal_code="03200", city="Vichy")
    meeting_type = MeetingTypeFactory(
        duration_minutes=90, instructions="Apportez une pièce d'identité."
    )
    slot = SlotFactory(
        agency=agency,
        meeting_type=meeting_type,
        adviser=adviser,
        start=local_dt(timezone.localdate(timezone=PARIS) + timedelta(days=4), 14),
        end=local_dt(timezone.localdate(timezone=PARIS) + timedelta(days=4), 15, 30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(slot)
    message = mailoutbox[0]
    links = email_links(message)
    map_link = "https://www.openstreetmap.org/search?query=5+rue+Lucas%2C+03200+Vichy"
    assert links["Voir l'adresse sur OpenStreetMap"] == map_link
    assert "Plan : " + map_link in message.body
    assert "Durée : 1 h 30" in message.body
    assert "Conseiller : Amina" in message.body
    assert "Roche" not in message.body  # the first name only
    assert "Apportez une pièce d'identité." in message.body
    html = " ".join(BeautifulSoup(message.alternatives[0][0], "html.parser").get_text(" ").split())
    assert "Conseiller Amina" in html
    assert "Durée 1 h 30" in html
    # Still waiting for the agency: the calendars say so.
    google = query(links["Google Agenda"])
    assert google["text"].startswith("[À confirmer] ")
    assert google["location"] == "5 rue Lucas, 03200 Vichy"
    assert google["details"] == (
        f"Référence : {appointment.reference}\nÀ prévoir : Apportez une pièce d'identité."
    )
    # The private link never goes to Google or Microsoft.
    manage = re.search(r"\S+/gerer/\S+/", message.body).group(0)
    token = manage.rstrip("/").rsplit("/", 1)[1]
    assert token not in links["Google Agenda"] and token not in links["Outlook"]

    # Once cancelled, no more "add to my calendar", nor the adviser's name lost.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel_by_founder(appointment=appointment)
    assert "Google Agenda" not in mailoutbox[0].body
    assert "Conseiller : Amina" in mailoutbox[0].body


@pytest.mark.django_db
def test_no_adviser_name_without_one_and_a_video_link_instead_of_a_map(
    django_capture_on_commit_callbacks, mailoutbox
):
    nameless = get_user_model().objects.create_user(username="conseiller", email="c@osengo.test")
    agency = AgencyFactory(video_link="https://visio.osengo.test/vichy")
    meeting_type = MeetingTypeFactory(mode=MeetingMode.VIDEO)
    slot = SlotFactory(agency=agency, meeting_type=meeting_type, adviser=nameless)
    with django_capture_on_commit_callbacks(execute=True):
        book(slot)
    message = mailoutbox[0]
    assert "Conseiller" not in message.body
    assert "openstreetmap" not in message.body
    links = email_links(message)
    assert links["https://visio.osengo.test/vichy"] == "https://visio.osengo.test/vichy"
    assert query(links["Google Agenda"])["location"] == "https://visio.osengo.test/vichy"
