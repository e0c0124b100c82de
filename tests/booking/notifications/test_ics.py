"""The invitation attached to every email about an appointment, parsed back with icalendar."""

from datetime import UTC, date, datetime, timedelta

import pytest

from booking import services
from booking.models import OutboxMessage
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, in_days

from .conftest import django_ics, event_of
from .helpers import book_at, messages_of, slot_on

pytestmark = pytest.mark.django_db


def utc(value):
    # Aware datetimes in the repeated hour never compare equal across zones (PEP 495).
    return value.astimezone(UTC)


def test_booking_email_carries_an_invitation_as_an_attachment(
    django_capture_on_commit_callbacks, mailoutbox
):
    slot = SlotFactory()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(slot)
    founder_email = mailoutbox[0]
    # An attachment, never an alternative part (Anymail's providers refuse those).
    assert [mimetype for _, mimetype in founder_email.alternatives] == ["text/html"]
    content_type, ics = django_ics(founder_email)
    assert content_type.startswith("text/calendar")
    assert 'method="REQUEST"' in content_type
    calendar, event = event_of(ics)
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == f"rdv-{appointment.pk}@testserver"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "TENTATIVE"
    assert event.start == slot.start
    assert event.end == slot.end
    assert str(event["ORGANIZER"]) == f"mailto:{slot.agency.notification_email}"
    assert str(event["ATTENDEE"]) == "mailto:camille.durand@example.org"
    assert event["LOCATION"] == slot.agency.full_address
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # The agency's copy describes the same event, published rather than sent as an invitation.
    _, agency_ics = django_ics(mailoutbox[1])
    agency_calendar, agency_event = event_of(agency_ics)
    assert agency_calendar["METHOD"] == "PUBLISH"
    assert agency_event["UID"] == event["UID"]


def test_every_change_keeps_the_uid_and_raises_the_sequence(adviser):
    slot = SlotFactory(start=in_days(3, 10))
    later = SlotFactory(agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(4, 15))
    appointment = book(slot)
    services.appointment_accept(appointment=appointment, by=None)
    services.appointment_reschedule(appointment=appointment, new_slot_id=later.pk, by=adviser)
    services.appointment_cancel_by_agency(appointment=appointment, by=None, reason="Fermeture")

    founder_messages = [m for m in messages_of(appointment) if m.to_email == appointment.email]
    assert [m.kind for m in founder_messages] == [
        "request_received",
        "confirmed",
        "moved",
        "cancelled",
    ]
    parsed = [event_of(m.ics) for m in founder_messages]
    assert [str(c["METHOD"]) for c, _ in parsed] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    assert [e["SEQUENCE"] for _, e in parsed] == [0, 1, 2, 3]
    assert len({str(e["UID"]) for _, e in parsed}) == 1
    assert [str(e["STATUS"]) for _, e in parsed] == [
        "TENTATIVE",
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert parsed[1][1].start == slot.start
    assert parsed[2][1].start == later.start
    appointment.refresh_from_db()
    assert appointment.ics_sequence == 3


def test_a_pending_request_is_tentative_and_its_confirmation_confirms_it():
    agency = AgencyFactory(name="Osengo Vichy", requires_approval=True)
    appointment = book(SlotFactory(agency=agency, meeting_type=MeetingTypeFactory(name="Suivi")))
    services.appointment_accept(appointment=appointment, by=None)
    [requested] = messages_of(appointment, "request_received")
    [confirmed] = messages_of(appointment, "confirmed")

    calendar, event = event_of(requested.ics)
    assert calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "TENTATIVE"
    assert event["X-MICROSOFT-CDO-BUSYSTATUS"] == "TENTATIVE"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["SUMMARY"] == "[À confirmer] Suivi – Osengo Vichy"

    calendar, event = event_of(confirmed.ics)
    assert calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    assert event["X-MICROSOFT-CDO-BUSYSTATUS"] == "BUSY"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert event["SUMMARY"] == "Suivi – Osengo Vichy"
    assert event["ORGANIZER"].params["CN"] == "Osengo Vichy"


def test_an_agency_named_without_the_brand_gets_it_once():
    appointment = book(SlotFactory(agency=AgencyFactory(name="Aurillac")))
    _, event = event_of(messages_of(appointment, "request_received")[0].ics)
    assert str(event["SUMMARY"]).endswith(" – Osengo Aurillac")
    assert event["ORGANIZER"].params["CN"] == "Osengo Aurillac"


def test_refusal_cancels_the_event():
    appointment = book(SlotFactory())
    services.appointment_refuse(appointment=appointment, by=None, reason="Complet")
    [refused] = messages_of(appointment, "refused")
    calendar, event = event_of(refused.ics)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_a_founder_cancellation_tells_both_calendars():
    appointment = book(SlotFactory(start=in_days(5)))
    services.appointment_cancel_by_founder(appointment=appointment)
    for message in messages_of(appointment, "cancelled") + messages_of(
        appointment, "agency_cancelled"
    ):
        calendar, event = event_of(message.ics)
        assert calendar["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED"


def test_video_meetings_are_located_at_the_visio_link():
    agency = AgencyFactory(video_link="https://visio.example.org/osengo")
    slot = SlotFactory(agency=agency, meeting_type=MeetingTypeFactory(mode="video"))
    appointment = book(slot)
    _, event = event_of(messages_of(appointment, "request_received")[0].ics)
    assert event["LOCATION"] == "https://visio.example.org/osengo"


@pytest.mark.parametrize(
    ("day", "hour", "minute"),
    [
        (date(2027, 3, 28), 1, 30),  # before the clocks go forward
        (date(2027, 3, 28), 10, 0),  # after
        (date(2027, 10, 31), 1, 30),  # before the clocks go back
        (date(2027, 10, 31), 10, 0),  # after
        (date(2027, 1, 12), 9, 0),
        (date(2027, 7, 12), 9, 0),
    ],
)
def test_times_survive_the_clock_changes(day, hour, minute):
    slot = slot_on(day, hour, minute)
    appointment = book_at(slot)
    ics = messages_of(appointment, "request_received")[0].ics
    calendar, event = event_of(ics)
    assert utc(event.start) == utc(slot.start)
    assert utc(event.end) == utc(slot.end)
    assert utc(event.end) - utc(event.start) == timedelta(minutes=45)
    # Read the wall-clock time through the VTIMEZONE the file carries, not our own zoneinfo:
    # a client without the IANA database must land on the same instant.
    [vtimezone] = calendar.walk("VTIMEZONE")
    tz = vtimezone.to_tz()
    raw = event["DTSTART"].to_ical().decode()
    wall = datetime.strptime(raw, "%Y%m%dT%H%M%S")
    assert (wall.hour, wall.minute) == (hour, minute)
    assert utc(wall.replace(tzinfo=tz)) == utc(slot.start)


def test_the_repeated_hour_when_clocks_go_back_names_the_right_instant():
    """02:15 happens twice on 31 October 2027; each slot must land on its own instant."""
    first = SlotFactory(start=datetime(2027, 10, 31, 0, 15, tzinfo=UTC))  # 02:15 CEST
    second = SlotFactory(start=datetime(2027, 10, 31, 1, 15, tzinfo=UTC))  # 02:15 CET
    for slot in (first, second):
        slot.refresh_from_db()
        _, event = event_of(messages_of(book_at(slot), "request_received")[0].ics)
        assert utc(event.start) == slot.start
        assert utc(event.end) == slot.end


def test_a_rolled_back_change_leaves_no_email():
    from django.db import transaction

    slot = SlotFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        book(slot)
        assert OutboxMessage.objects.count() == 2  # written inside the change's transaction
        raise RuntimeError
    assert OutboxMessage.objects.count() == 0
