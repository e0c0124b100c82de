"""Reads for the public booking pages. Each runs a fixed number of queries, whatever the data."""

import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from booking.models import ACTIVE_STATUSES, Agency, Appointment, BookingPage, MeetingType, Slot
from booking.timefmt import local_midnight, to_local
from booking.tokens import hash_token


def booking_page():
    return BookingPage.objects.live().first()


def active_agencies():
    return Agency.objects.filter(is_active=True).select_related("photo")


@dataclass
class AgencyCard:
    agency: Agency
    next_slot_start: datetime | None
    meeting_types: list[MeetingType]


def agency_cards(*, now: datetime) -> list[AgencyCard]:
    """Active agencies, their next bookable slot and the meeting types they offer (2 queries).

    Each agency's next slot and each (agency, meeting type) pair is one correlated subquery
    that an index answers by seeking to the first bookable slot: the time does not grow with
    the number of slots, where a MIN()/DISTINCT over every bookable slot did."""
    agencies = list(active_agencies())
    types = list(MeetingType.objects.filter(is_active=True).order_by("name"))
    bookable_here = Slot.objects.bookable(agencies=agencies, now=now).filter(agency=OuterRef("pk"))
    offers = {f"offers_{t.pk}": Exists(bookable_here.filter(meeting_type_id=t.pk)) for t in types}
    rows = {
        row["pk"]: row
        for row in Agency.objects.filter(pk__in=[a.pk for a in agencies])
        .annotate(next_start=Subquery(bookable_here.order_by("start").values("start")[:1]))
        .annotate(**offers)
        .values("pk", "next_start", *offers)
    }
    return [
        AgencyCard(
            agency=agency,
            next_slot_start=rows[agency.pk]["next_start"],
            meeting_types=[t for t in types if rows[agency.pk][f"offers_{t.pk}"]],
        )
        for agency in agencies
    ]


@dataclass
class SlotDay:
    day: date
    slots: list[Slot]


def week_start_for(requested: str | None, *, now: datetime) -> date:
    """The Monday of the requested week (ISO date), or of the current week; bad input → today."""
    today = to_local(now).date()
    try:
        day = date.fromisoformat(requested) if requested else today
    except (TypeError, ValueError):
        day = today
    # Keep far-away or absurd dates inside a sane range.
    day = min(max(day, today), today + timedelta(days=366))
    return day - timedelta(days=day.weekday())


def week_slots(agency: Agency, *, week_start: date, now: datetime, meeting_type=None, adviser=None):
    """The agency's bookable slots for one local week, grouped by local day (1 query); only
    `adviser`'s when given."""
    start = local_midnight(week_start)
    end = local_midnight(week_start + timedelta(days=7))
    slots = (
        Slot.objects.bookable(agencies=[agency], now=now)
        .filter(start__gte=start, start__lt=end)
        .select_related("meeting_type")
        .order_by("start", "pk")
    )
    if meeting_type is not None:
        slots = slots.filter(meeting_type=meeting_type)
    if adviser is not None:
        slots = slots.filter(adviser=adviser)
    days = defaultdict(list)
    for slot in slots:
        days[to_local(slot.start).date()].append(slot)
    return [SlotDay(day=d, slots=days[d]) for d in sorted(days)]


def next_bookable_slot(
    agency: Agency,
    *,
    now: datetime,
    after: datetime | None = None,
    meeting_type=None,
    adviser=None,
):
    slots = Slot.objects.bookable(agencies=[agency], now=now)
    if after is not None:
        slots = slots.filter(start__gte=after)
    if meeting_type is not None:
        slots = slots.filter(meeting_type=meeting_type)
    if adviser is not None:
        slots = slots.filter(adviser=adviser)
    return slots.order_by("start", "pk").first()


def agency_adviser(agency: Agency, adviser_id: int):
    """The active adviser `adviser_id` if they work for `agency`, else None (1 query)."""
    return agency.advisers.filter(pk=adviser_id, is_active=True).first()


def advisers_booking_agencies(adviser_ids, *, now: datetime) -> dict[int, Agency]:
    """Where each of these advisers can be booked now: the first agency (in the agencies'
    display order) that they work for and where they have a bookable slot. Advisers with no
    such agency are left out. 2 queries whatever the number of advisers: the active agencies
    (the booking rule needs their windows), then one for every adviser at once."""
    adviser_ids = {pk for pk in adviser_ids if pk is not None}
    if not adviser_ids:
        return {}
    agencies = list(Agency.objects.filter(is_active=True))
    position = {agency.pk: index for index, agency in enumerate(agencies)}
    bookable_there = Slot.objects.bookable(agencies=agencies, now=now).filter(
        agency=OuterRef("agency_id"), adviser=OuterRef("user_id")
    )
    works_for = Agency.advisers.through.objects.filter(
        user_id__in=adviser_ids, user__is_active=True, agency_id__in=position
    )
    found: dict[int, Agency] = {}
    for user_id, agency_id in works_for.filter(Exists(bookable_there)).values_list(
        "user_id", "agency_id"
    ):
        current = found.get(user_id)
        if current is None or position[agency_id] < position[current.pk]:
            found[user_id] = agencies[position[agency_id]]
    return found


def slot_is_bookable(slot: Slot, *, now: datetime) -> bool:
    """Whether a founder may book `slot` now: the slot pages' rule, asked for one slot."""
    return Slot.objects.bookable(agencies=[slot.agency], now=now).filter(pk=slot.pk).exists()


def alternative_slots(slot: Slot, *, now: datetime, limit: int = 6) -> list[Slot]:
    """The nearest bookable slots of the same agency and meeting type, to offer instead."""
    return list(
        Slot.objects.bookable(agencies=[slot.agency], now=now)
        .filter(meeting_type_id=slot.meeting_type_id)
        .exclude(pk=slot.pk)
        .select_related("meeting_type")
        .order_by("start", "pk")[:limit]
    )


def appointment_for_token(token: str, *, now: datetime | None = None) -> Appointment | None:
    """The active, future appointment a manage link opens; None for unknown, used or expired
    links, so that all of them answer the same 404."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return None
    token_hash = hash_token(token)
    appointment = (
        Appointment.objects.select_related("slot__agency", "slot__meeting_type")
        .filter(token_hash=token_hash, status__in=ACTIVE_STATUSES, slot__start__gt=now)
        .first()
    )
    if appointment is None or not hmac.compare_digest(appointment.token_hash, token_hash):
        return None
    return appointment
