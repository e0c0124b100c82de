"""Reads for the public booking pages. Each runs a fixed number of queries, whatever the data."""

import hmac
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length
from django.utils import timezone
from wagtail.images import get_image_model

from booking.models import (
    ACTIVE_STATUSES,
    Agency,
    AgencyPage,
    Appointment,
    BookingPage,
    MeetingType,
    PostcodeArea,
    Slot,
)
from booking.timefmt import local_midnight, to_local
from booking.tokens import hash_token


def booking_page():
    return BookingPage.objects.live().first()


def booking_questions(page: BookingPage, *, meeting_type_id: int | None) -> list:
    """The page's extra questions a slot of this meeting type asks: the shared ones and its
    own, in form order (1 query; read from the page, so a preview shows its draft)."""
    return [q for q in page.questions.all() if q.is_asked_for(meeting_type_id)]


# Must match the {% picture %} filters of templates/booking/components/agency_cards.html, in
# that order (a rendition is found by its filter string).
AGENCY_CARD_IMAGE_SPECS = ["fill-640x360|format-webp", "fill-640x360|format-jpeg"]


def active_agencies():
    """The active agencies, with their photo's card renditions (2 queries, none without photos)."""
    photos = get_image_model().objects.prefetch_renditions(*AGENCY_CARD_IMAGE_SPECS)
    return Agency.objects.filter(is_active=True).prefetch_related(
        Prefetch("photo", queryset=photos)
    )


def agency_pages(agency_ids) -> dict[int, AgencyPage]:
    """The live page of each of these agencies, by agency id (1 query)."""
    pages = AgencyPage.objects.live().filter(agency__in=agency_ids)
    return {page.agency_id: page for page in pages}


def agency_page_for(agency: Agency) -> AgencyPage | None:
    return agency_pages([agency.pk]).get(agency.pk)


@dataclass
class AgencyCard:
    agency: Agency
    next_slot_start: datetime | None
    meeting_types: list[MeetingType]
    page: AgencyPage | None = None


def agency_cards(*, now: datetime) -> list[AgencyCard]:
    """Active agencies, their next bookable slot, the meeting types they offer and their page
    (3 queries).

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
    pages = agency_pages(list(rows))
    return [
        AgencyCard(
            agency=agency,
            next_slot_start=rows[agency.pk]["next_start"],
            meeting_types=[t for t in types if rows[agency.pk][f"offers_{t.pk}"]],
            page=pages.get(agency.pk),
        )
        for agency in agencies
    ]


def postcode_from(raw) -> str | None:
    """A French postal code as typed ("15000", " 15 000 "), or None for anything else."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    code = re.sub(r"\s+", "", raw)
    return code if re.fullmatch(r"[0-9]{5}", code) else None


def agency_for_postcode(postcode: str) -> int | None:
    """The id of the active agency serving `postcode` (5 digits): the one of the longest
    matching prefix in `PostcodeArea` ("031" before "03"), or None (1 query)."""
    prefixes = [postcode[:n] for n in range(2, len(postcode) + 1)]
    return (
        PostcodeArea.objects.filter(prefix__in=prefixes, agency__is_active=True)
        .order_by(Length("prefix").desc())
        .values_list("agency_id", flat=True)
        .first()
    )


@dataclass
class UpcomingSlots:
    """What the "Prochains créneaux" block and the agency pages show."""

    slots: list[Slot]
    # The agency asked for, if any; `agency_closed` when it takes no online booking (or is gone).
    agency: Agency | None = None
    agency_closed: bool = False


UPCOMING_MIN, UPCOMING_MAX, UPCOMING_DEFAULT = 3, 12, 6


def upcoming_slots(
    *,
    now: datetime,
    agency: Agency | int | None = None,
    meeting_type_id: int | None = None,
    adviser_id: int | None = None,
    limit: int = UPCOMING_DEFAULT,
) -> UpcomingSlots:
    """The next bookable slots, soonest first, optionally of one agency, meeting type or
    adviser, with their agency and meeting type (2 queries at most, whatever the data).

    `agency` is an Agency or its id (a block holds an id, which may have been deleted since)."""
    limit = min(max(limit, UPCOMING_MIN), UPCOMING_MAX)
    if agency is not None and not isinstance(agency, Agency):
        agency_id, agency = agency, Agency.objects.filter(pk=agency).first()
        if agency is None:
            return UpcomingSlots(slots=[], agency_closed=bool(agency_id))
    if agency is not None and not agency.is_active:
        return UpcomingSlots(slots=[], agency=agency, agency_closed=True)
    agencies = [agency] if agency is not None else list(Agency.objects.filter(is_active=True))
    slots = Slot.objects.bookable(agencies=agencies, now=now)
    if meeting_type_id is not None:
        slots = slots.filter(meeting_type_id=meeting_type_id)
    if adviser_id is not None:
        slots = slots.filter(adviser_id=adviser_id)
    slots = slots.select_related("agency", "meeting_type").order_by("start", "pk")[:limit]
    return UpcomingSlots(slots=list(slots), agency=agency)


def agency_meeting_types(agency: Agency, *, now: datetime) -> list[MeetingType]:
    """The meeting types the agency has bookable slots for (1 query)."""
    bookable_here = Slot.objects.bookable(agencies=[agency], now=now).filter(
        meeting_type=OuterRef("pk")
    )
    return list(MeetingType.objects.filter(Exists(bookable_here)).order_by("name"))


def agency_advisers(agency: Agency) -> list[str]:
    """The names of the agency's active advisers, for its public page; an account without a
    name is left out rather than shown by its login (1 query)."""
    users = agency.advisers.filter(is_active=True).order_by("last_name", "first_name")
    return [name for user in users if (name := user.get_full_name().strip())]


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


def calendar_week(days: list[SlotDay], *, week_start: date) -> list[SlotDay]:
    """The columns of a week calendar: Monday to Friday always (a day without a free slot
    says so), Saturday and Sunday only when they have some."""
    by_day = {day.day: day for day in days}
    columns = []
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        if day in by_day or offset < 5:
            columns.append(by_day.get(day) or SlotDay(day=day, slots=[]))
    return columns


def meeting_types_in(days: list[SlotDay]) -> list[MeetingType]:
    """The meeting types of a week of slots (already loaded with them), in order of name."""
    types = {slot.meeting_type_id: slot.meeting_type for day in days for slot in day.slots}
    return sorted(types.values(), key=lambda t: (t.name, t.pk))


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
        Appointment.objects.select_related("slot__agency", "slot__meeting_type", "slot__adviser")
        .filter(token_hash=token_hash, status__in=ACTIVE_STATUSES, slot__start__gt=now)
        .first()
    )
    if appointment is None or not hmac.compare_digest(appointment.token_hash, token_hash):
        return None
    return appointment
