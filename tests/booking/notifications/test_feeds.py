"""Private iCal feeds: what they show, to whom, and that a revoked URL is dead."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from booking import services
from booking.services.calendars import calendar_feed_url
from tests.booking.factories import AgencyFactory, SlotFactory, book, in_days

pytestmark = pytest.mark.django_db


def fetch(client, feed):
    url = calendar_feed_url(feed)
    assert url.startswith("http://testserver/agenda/") and url.endswith(".ics")
    return client.get(url.removeprefix("http://testserver"))


def events(response):
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_agency_feed_lists_confirmed_and_pending_without_private_details(client):
    agency = AgencyFactory()
    pending = book(SlotFactory(agency=agency, start=in_days(3, 9)), email="a@example.org")
    accepted = book(SlotFactory(agency=agency, start=in_days(3, 11)), email="b@example.org")
    services.appointment_accept(appointment=accepted, by=None)
    cancelled = book(SlotFactory(agency=agency, start=in_days(4, 9)), email="c@example.org")
    services.appointment_cancel_by_founder(appointment=cancelled)
    elsewhere = book(SlotFactory(start=in_days(3, 9)), email="d@example.org")

    response = fetch(client, services.calendar_feed_create(agency=agency))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    assert set(found) == {f"rdv-{pending.pk}@testserver", f"rdv-{accepted.pk}@testserver"}
    assert str(found[f"rdv-{pending.pk}@testserver"]["SUMMARY"]).startswith("[À confirmer]")
    assert found[f"rdv-{pending.pk}@testserver"]["STATUS"] == "TENTATIVE"
    assert found[f"rdv-{accepted.pk}@testserver"]["STATUS"] == "CONFIRMED"
    assert found[f"rdv-{accepted.pk}@testserver"].start == accepted.slot.start
    body = response.content.decode()
    assert "0612345678" not in body and "+33612345678" not in body
    assert "example.org" not in body  # no founder's email
    assert elsewhere.reference not in body


def test_adviser_feed_shows_their_slots_and_their_agencies_unassigned_ones(
    client, adviser, django_user_model
):
    colleague = django_user_model.objects.create_user(username="collegue", password="x" * 16)
    agency = AgencyFactory()
    agency.advisers.add(adviser, colleague)
    mine = book(SlotFactory(agency=agency, adviser=adviser, start=in_days(3, 9)))
    unassigned = book(SlotFactory(agency=agency, start=in_days(3, 10)), email="u@example.org")
    theirs = book(
        SlotFactory(agency=agency, adviser=colleague, start=in_days(3, 11)), email="t@example.org"
    )
    other_agency = book(SlotFactory(start=in_days(3, 9)), email="o@example.org")

    found = events(fetch(client, services.calendar_feed_create(adviser=adviser)))
    assert set(found) == {f"rdv-{mine.pk}@testserver", f"rdv-{unassigned.pk}@testserver"}
    assert f"rdv-{theirs.pk}@testserver" not in found
    assert f"rdv-{other_agency.pk}@testserver" not in found


def test_unknown_revoked_and_regenerated_tokens(client):
    assert client.get("/agenda/not-a-token.ics").status_code == 404
    feed = services.calendar_feed_create(agency=AgencyFactory())
    old_url = calendar_feed_url(feed).removeprefix("http://testserver")
    assert client.get(old_url).status_code == 200

    services.calendar_feed_regenerate(feed=feed)
    new_url = calendar_feed_url(feed).removeprefix("http://testserver")
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200

    services.calendar_feed_revoke(feed=feed)
    assert calendar_feed_url(feed) == ""
    assert client.get(new_url).status_code == 404
    assert services.calendar_feed_create(agency=feed.agency) != feed  # a fresh one on request


def test_a_feed_has_one_owner():
    with pytest.raises(ValueError):
        services.calendar_feed_create()


def test_feed_query_count_does_not_grow_with_appointments(client):
    agency = AgencyFactory()
    feed = services.calendar_feed_create(agency=agency)

    booked = 0

    def queries_for(count):
        nonlocal booked
        for i in range(booked, booked + count):
            book(
                SlotFactory(agency=agency, start=in_days(3 + i % 20, 8 + i // 20)),
                email=f"p{i}@example.org",
            )
        booked += count
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, feed)
        assert len(events(response)) == booked
        return len(queries)

    small = queries_for(2)
    assert queries_for(30) == small  # 32 appointments now, same queries
    assert small <= 3
