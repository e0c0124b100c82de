"""The slot page: a week calendar (one column a day) on wide screens, a list of days on phones,
the confirmation rule said first, and a meeting-type filter that works with and without its
script (static, allowed by the strict CSP)."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.utils import timezone

from booking.models.agency import Confirmation, MeetingMode
from booking.timefmt import local_tz
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, local_dt

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday():
    """The Monday after next: every day of its week is within the booking window."""
    today = timezone.localdate(timezone=local_tz())
    return today + timedelta(days=14 - today.weekday())


def slots_page(client, booking_page, agency, monday, **params):
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(agency.slug,))
    response = client.get(url, {"semaine": monday.isoformat(), **params})
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def visible_text(element) -> str:
    """What a sighted visitor reads: without the visually hidden parts."""
    copy = BeautifulSoup(str(element), "html.parser")
    for hidden in copy.select(".visually-hidden"):
        hidden.decompose()
    return " ".join(copy.get_text(" ").split())


def accessible_text(element) -> str:
    """What a screen reader reads: without the aria-hidden parts."""
    copy = BeautifulSoup(str(element), "html.parser")
    for hidden in copy.select("[aria-hidden=true]"):
        hidden.decompose()
    return " ".join(copy.get_text(" ").split())


def test_the_week_is_one_column_a_day_with_its_slots_in_time_order(client, booking_page, monday):
    agency = AgencyFactory()
    meeting_type = MeetingTypeFactory(name="Premier rendez-vous", duration_minutes=45)
    wednesday = monday + timedelta(days=2)
    afternoon = SlotFactory(agency=agency, meeting_type=meeting_type, start=local_dt(wednesday, 14))
    morning = SlotFactory(agency=agency, meeting_type=meeting_type, start=local_dt(wednesday, 9))
    SlotFactory(agency=agency, meeting_type=meeting_type, start=local_dt(monday, 10, 30))
    _, soup = slots_page(client, booking_page, agency, monday)

    days = soup.select(".slot-week > section.slot-day")
    # Monday to Friday, whether or not they have free slots; no empty weekend.
    assert [day.h3.get_text(strip=True).split()[0] for day in days] == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
    ]
    # Each day is a section named by its heading, its slots a list.
    for day in days:
        assert day["aria-labelledby"] == day.h3["id"]
    tuesday = days[1]
    assert "slot-day-empty" in tuesday["class"]
    assert "Aucun créneau libre ce jour-là." in tuesday.get_text()
    assert tuesday.select("li") == []
    links = days[2].select("ul.slot-list > li > a")
    assert [a["href"].rsplit("=", 1)[1] for a in links] == [str(morning.pk), str(afternoon.pk)]


def test_a_weekend_day_with_slots_gets_its_column(client, booking_page, monday):
    slot = SlotFactory(start=local_dt(monday + timedelta(days=5), 10))
    _, soup = slots_page(client, booking_page, slot.agency, monday)
    headings = [h.get_text(strip=True).split()[0] for h in soup.select(".slot-day h3")]
    assert headings == ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]


def test_each_slot_shows_its_duration_and_mode_and_keeps_its_full_accessible_name(
    client, booking_page, monday
):
    meeting_type = MeetingTypeFactory(name="Suivi", mode=MeetingMode.VIDEO, duration_minutes=60)
    slot = SlotFactory(
        meeting_type=meeting_type,
        start=local_dt(monday, 10, 30),
        end=local_dt(monday, 11, 30),
        capacity=3,
    )
    _, soup = slots_page(client, booking_page, slot.agency, monday)
    (button,) = soup.select(".slot-list a")
    assert visible_text(button) == "10 h 30 – 11 h 30 Suivi 1 h · en visio"
    assert re.fullmatch(
        r"lundi \d+ \w+ \d{4}, 10 h 30 – 11 h 30 Suivi 1 h , en visio , 3 places restantes",
        accessible_text(button),
    ), accessible_text(button)
    assert not button.has_attr("aria-label")


@pytest.mark.parametrize(
    ("agency_approval", "confirmations", "expected"),
    [
        (False, [Confirmation.AGENCY], "Réservation immédiate"),
        (True, [Confirmation.AGENCY], "L'agence confirme votre demande par email"),
        (False, [Confirmation.IMMEDIATE, Confirmation.APPROVAL], "Selon le type de rendez-vous"),
    ],
)
def test_the_page_says_first_whether_and_how_fast_the_agency_confirms(
    client, booking_page, monday, settings, agency_approval, confirmations, expected
):
    settings.BOOKING_EXPIRE_AFTER_HOURS = 48
    agency = AgencyFactory(requires_approval=agency_approval)
    for hour, confirmation in enumerate(confirmations, start=9):
        meeting_type = MeetingTypeFactory(confirmation=confirmation)
        SlotFactory(agency=agency, meeting_type=meeting_type, start=local_dt(monday, hour))
    _, soup = slots_page(client, booking_page, agency, monday)
    rule = soup.select_one("#confirmation-rule")
    text = " ".join(rule.get_text().split())
    assert expected in text
    assert ("sous 2 jours au plus" in text) == (expected != "Réservation immédiate")
    # Before the filter and the week, not only in the section at the bottom.
    assert rule.find_next("form") is not None
    assert rule.find_next(class_="slot-week") is not None


def test_the_filter_works_without_script(client, booking_page, monday):
    agency = AgencyFactory()
    first = MeetingTypeFactory(name="Premier rendez-vous")
    follow_up = MeetingTypeFactory(name="Suivi")
    SlotFactory(agency=agency, meeting_type=first, start=local_dt(monday, 9))
    SlotFactory(agency=agency, meeting_type=follow_up, start=local_dt(monday, 11))
    _, soup = slots_page(client, booking_page, agency, monday)
    form = soup.select_one("form[data-slot-filter]")
    assert form["method"] == "get"
    assert form.select_one("select[name=type]") is not None
    assert form.select_one("button[type=submit]") is not None
    # The hint about the instant update is only shown by the script.
    assert form.select_one("[data-slot-filter-hint]").has_attr("hidden")

    _, filtered = slots_page(client, booking_page, agency, monday, type=follow_up.slug)
    types = [b.get_text(strip=True) for b in filtered.select(".slot-list a .slot-type")]
    assert types == ["Suivi"]
    assert filtered.select_one(f"option[value={follow_up.slug}]").has_attr("selected")


def test_the_filter_script_is_a_static_file_the_csp_allows(client, booking_page, monday):
    slot = SlotFactory(start=local_dt(monday, 9))
    response, soup = slots_page(client, booking_page, slot.agency, monday)
    sources = [script.get("src") for script in soup.select("script")]
    assert "/static/booking/slot-filter.js" in sources
    # No inline script (the cached page could not carry a nonce).
    assert None not in sources
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    (script_src,) = [values for name, *values in filter(None, directives) if name == "script-src"]
    assert "'self'" in script_src
    path = finders.find("booking/slot-filter.js")
    assert path is not None
    with open(path, encoding="utf-8") as script:
        assert "requestSubmit" in script.read()
