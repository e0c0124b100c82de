"""Booking through the real services at any date: `now` is set a few days before the slot."""

from datetime import UTC, date, timedelta

from booking.models import OutboxMessage
from booking.services import appointment_book
from tests.booking.factories import SlotFactory, founder, local_dt

_keys = iter(range(10**9))
FOUNDER = "camille.durand@example.org"  # the address of factories.founder()


def book_at(slot, **overrides):
    return appointment_book(
        slot_id=slot.pk,
        founder=founder(**overrides),
        privacy_version="2026-11",
        submission_key=f"notif-submission-{next(_keys):012d}",
        now=slot.start - timedelta(days=3),
    ).appointment


def slot_on(day: date, hour: int, minute: int = 0, **kwargs):
    # Durations are added to the instant (UTC), never to a Paris wall clock (see STACK-FACTS).
    start = local_dt(day, hour, minute).astimezone(UTC)
    slot = SlotFactory(start=start, end=start + timedelta(minutes=45), **kwargs)
    slot.refresh_from_db()
    return slot


def messages_of(appointment, kind=None):
    messages = OutboxMessage.objects.filter(appointment=appointment).order_by("pk")
    return list(messages.filter(kind=kind) if kind else messages)


def received(smtp, to=FOUNDER):
    """The kinds of the emails `to` received, in the order they arrived."""
    kinds = {m.subject: m.kind for m in OutboxMessage.objects.all()}
    return [kinds[" ".join(str(m["Subject"]).split())] for m in smtp.messages if m["To"] == to]
