"""Every kind of email, and its invitation, proofread (tests/proofreading.py): an agency whose
name starts with a vowel (« Osengo Aurillac », « Aurillac »), meetings on the first of a
month (« lundi 1er mars 2027 »), in person, by video and by phone."""

from datetime import date, timedelta

import pytest

from booking import services
from booking.models import Confirmation, OutboxMessage
from booking.notify import notifications
from tests.booking.factories import AgencyFactory, MeetingTypeFactory
from tests.proofreading import html_chunks, ics_chunks, slips, text_chunks

from .helpers import book_at, slot_on

pytestmark = pytest.mark.django_db

FIRST_OF_MARCH = date(2027, 3, 1)  # a Monday
FIRST_OF_APRIL = date(2027, 4, 1)  # a Thursday

EVERY_KIND = {
    "request_received",
    "agency_new_request",
    "confirmed",
    "reminder",
    "moved",
    "agency_moved",
    "adviser_nudge",
    "cancelled",
    "agency_cancelled",
    "refused",
    "expired",
    "no_show",
}


def _emails_of_every_kind(agency, adviser):
    """One appointment per path of the workflow, each through the real services."""
    in_person = MeetingTypeFactory(name="Premier rendez-vous", instructions="Apportez un CV.")
    video = MeetingTypeFactory(name="Suivi de projet", mode="video")
    phone = MeetingTypeFactory(
        name="Point téléphonique", mode="phone", confirmation=Confirmation.IMMEDIATE
    )
    agency.advisers.add(adviser)
    people = iter(range(100))

    def booked(day, hour, meeting_type=in_person):
        slot = slot_on(day, hour, agency=agency, meeting_type=meeting_type, adviser=adviser)
        return slot, book_at(slot, email=f"porteur{next(people)}@example.org")

    # A request, accepted, reminded, moved by the founder to another first of the month (so
    # it waits again: nudged), then cancelled by the founder.
    slot, moving = booked(FIRST_OF_MARCH, 9)
    services.appointment_accept(appointment=moving, by=adviser)
    notifications.appointment_reminder(moving.pk)
    later = slot_on(FIRST_OF_APRIL, 9, agency=agency, meeting_type=in_person)
    moving = services.appointment_reschedule(
        appointment=moving, new_slot_id=later.pk, now=slot.start - timedelta(days=3)
    )
    notifications.appointment_nudge(moving.pk)
    services.appointment_cancel_by_founder(appointment=moving, now=later.start - timedelta(days=3))
    # Refused, expired, cancelled by the agency, missed; and confirmed at once (by phone).
    _, refused = booked(FIRST_OF_MARCH, 10, video)
    services.appointment_refuse(appointment=refused, by=adviser, reason="Agenda complet.")
    _, expiring = booked(FIRST_OF_MARCH, 11)
    services.appointment_expire(appointment=expiring)
    _, cancelled = booked(FIRST_OF_MARCH, 14, video)
    services.appointment_accept(appointment=cancelled, by=adviser)
    services.appointment_cancel_by_agency(appointment=cancelled, by=adviser, reason="Grève.")
    _, missed = booked(FIRST_OF_MARCH, 15)
    services.appointment_accept(appointment=missed, by=adviser)
    services.appointment_mark_no_show(appointment=missed, by=adviser)
    booked(FIRST_OF_MARCH, 16, phone)
    return list(OutboxMessage.objects.order_by("pk"))


@pytest.mark.parametrize("agency_name", ["Osengo Aurillac", "Aurillac"])
def test_every_email_and_invitation_reads_well(agency_name, booking_page, adviser):
    adviser.first_name, adviser.last_name = "Amina", "Roche"
    adviser.save()
    agency = AgencyFactory(
        name=agency_name,
        city="Aurillac",
        address="8 avenue de la République",
        postal_code="15000",
    )
    messages = _emails_of_every_kind(agency, adviser)

    assert {message.kind for message in messages} == EVERY_KIND
    found = []
    for message in messages:
        where = f"{message.kind} to {message.to_email}"
        found += slips([message.subject], f"{where}, subject")
        found += slips(text_chunks(message.body_text), f"{where}, text")
        found += slips(html_chunks(message.body_html), f"{where}, HTML")
        if message.ics:
            found += slips(ics_chunks(message.ics), f"{where}, .ics")
    assert found == []

    # What was proofread is what the founders read: the dates, the cancellation by the agency.
    confirmed = next(m for m in messages if m.kind == "confirmed")
    assert "lundi 1er mars 2027, 9 h 00 – 9 h 45" in confirmed.body_text
    moved = next(m for m in messages if m.kind == "moved")
    assert "jeudi 1er avril 2027" in moved.body_text
    assert "(il était prévu le lundi 1er mars 2027" in moved.body_text
    reminder = next(m for m in messages if m.kind == "reminder")
    assert "du lundi 1er mars 2027 à 9 h 00" in reminder.subject
    assert any("a dû annuler" in m.body_text for m in messages if m.kind == "cancelled")
