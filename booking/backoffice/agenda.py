"""Reads of the advisers' agenda: the slots of a week or a day with their appointments, the
closures that overlap it, and the grids (hours × days, hours × advisers) they are laid out in.

Every read runs a fixed number of queries, whatever the number of slots and appointments: the
agenda's page shows a whole week of an agency at once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from booking.backoffice import permissions
from booking.models import ACTIVE_STATUSES, Agency, Appointment, AppointmentStatus, Slot
from booking.timefmt import calendar_error, in_calendar, local_midnight, to_local

S = AppointmentStatus
# The statuses of a meeting that took place (or should have): shown as they are.
HELD_STATUSES = (S.ATTENDED, S.NO_SHOW)
# The appointments of a printed day list: those that hold (or held) the slot.
DAY_LIST_STATUSES = (*ACTIVE_STATUSES, *HELD_STATUSES)
# The hours always shown, so that an empty week still looks like a working week.
DEFAULT_HOURS = range(8, 19)


# --- the requested day ------------------------------------------------------------------------


def parse_day(value: str | None, *, today: date) -> tuple[date, str]:
    """The date of a `?semaine=` / `?jour=` parameter, or `today` and a message saying why."""
    if not value:
        return today, ""
    try:
        day = date.fromisoformat(value.strip())
    except (TypeError, ValueError):
        return today, _(
            "« %(value)s » n'est pas une date (attendu : AAAA-MM-JJ) : voici la période en cours."
        ) % {"value": value[:40]}
    if not in_calendar(day):
        return today, calendar_error(day)
    return day, ""


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaFilters:
    """What the agenda shows: every agency of the user, or one; every adviser, one, or the
    slots without an adviser (`no_adviser`); every meeting type or one."""

    agency: Agency | None = None
    adviser: object | None = None
    no_adviser: bool = False
    meeting_type: object | None = None


def _filter_slots(slots, filters: AgendaFilters):
    if filters.agency is not None:
        slots = slots.filter(agency=filters.agency)
    if filters.no_adviser:
        slots = slots.filter(adviser__isnull=True)
    elif filters.adviser is not None:
        slots = slots.filter(adviser=filters.adviser)
    if filters.meeting_type is not None:
        slots = slots.filter(meeting_type=filters.meeting_type)
    return slots


def _local_range(first_day: date, days: int) -> dict:
    return {
        "start__gte": local_midnight(first_day),
        "start__lt": local_midnight(first_day + timedelta(days=days)),
    }


# --- reads ------------------------------------------------------------------------------------


def agenda_slots(user, *, first_day: date, days: int, filters: AgendaFilters) -> list[Slot]:
    """The slots of the user's agencies starting on `days` local days from `first_day`, with
    their agency, meeting type, adviser and appointments (2 queries)."""
    slots = _filter_slots(permissions.slots_for(user), filters).filter(
        **_local_range(first_day, days)
    )
    return list(
        slots.select_related("agency", "meeting_type", "adviser")
        .prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.order_by("created_at", "pk"))
        )
        .order_by("start", "agency__display_order", "agency__name", "pk")
    )


def agenda_closures(user, *, first_day: date, days: int, filters: AgendaFilters) -> list:
    """The closures of the shown agencies and the absences of their advisers (or of the shown
    adviser) overlapping the period (1 query)."""
    last_day = first_day + timedelta(days=days - 1)
    closures = permissions.closures_for(user).filter(
        start_date__lte=last_day, end_date__gte=first_day
    )
    if filters.agency is not None:
        closures = closures.filter(
            Q(agency=filters.agency)
            | Q(agency__isnull=True, adviser__booking_agencies=filters.agency)
        )
    if filters.adviser is not None and not filters.no_adviser:
        closures = closures.filter(
            Q(adviser=filters.adviser)
            | Q(adviser__isnull=True, agency__in=Agency.objects.filter(advisers=filters.adviser))
        )
    return list(closures.select_related("agency", "adviser").order_by("start_date", "pk"))


def bookable_slot_ids(slots: list[Slot], *, now) -> frozenset[int]:
    """Which of `slots` an adviser may book for a founder now (`SlotQuerySet.bookable`, the one
    rule; 1 query, none without a free slot)."""
    free = [slot for slot in slots if slot.is_active and not slot.is_full]
    if not free:
        return frozenset()
    agencies = {slot.agency_id: slot.agency for slot in free}.values()
    return frozenset(
        Slot.objects.bookable(agencies=agencies, now=now, by_adviser=True)
        .filter(pk__in=[slot.pk for slot in free])
        .values_list("pk", flat=True)
    )


def agenda_advisers(user, *, filters: AgendaFilters, slots: list[Slot]) -> list:
    """The columns of a day: the advisers of the shown agency (or of every agency of the user),
    and anyone else holding one of its slots (1 query)."""
    if filters.no_adviser:
        return []
    if filters.adviser is not None:
        return [filters.adviser]
    agencies = (
        Agency.objects.filter(pk=filters.agency.pk)
        if filters.agency
        else permissions.agencies_for(user)
    )
    advisers = get_user_model().objects.filter(is_active=True, booking_agencies__in=agencies)
    holders = {slot.adviser_id for slot in slots if slot.adviser_id}
    found = list(
        get_user_model()
        .objects.filter(Q(pk__in=advisers) | Q(pk__in=holders))
        .order_by("last_name", "first_name", "username")
    )
    return found


def day_list(user, *, day: date, filters: AgendaFilters) -> list["AgencyDay"]:
    """The printed day list: per agency, the appointments of the day that hold (or held) their
    slot, in time order (1 query, 2 with the agency filter)."""
    appointments = (
        Appointment.objects.filter(
            slot__in=_filter_slots(permissions.slots_for(user), filters).filter(
                **_local_range(day, 1)
            ),
            status__in=DAY_LIST_STATUSES,
        )
        .select_related("slot__agency", "slot__meeting_type", "slot__adviser")
        .order_by("slot__agency__display_order", "slot__agency__name", "slot__start", "pk")
    )
    days = {}
    for appointment in appointments:
        agency = appointment.slot.agency
        days.setdefault(agency.pk, AgencyDay(agency=agency, day=day)).appointments.append(
            appointment
        )
    if filters.agency is not None and not days:
        return [AgencyDay(agency=filters.agency, day=day)]
    return list(days.values())


@dataclass
class AgencyDay:
    agency: Agency
    day: date
    appointments: list[Appointment] = field(default_factory=list)


# --- grids ------------------------------------------------------------------------------------


def slot_state(slot: Slot) -> str:
    """The state the agenda draws a slot in: closed (a closure deactivated it), pending (a
    request waits for an answer), confirmed, held (attended or no-show) or free."""
    if not slot.is_active:
        return "closed"
    statuses = {appointment.status for appointment in slot.appointments.all()}
    if S.PENDING in statuses:
        return "pending"
    if S.CONFIRMED in statuses:
        return "confirmed"
    if S.ATTENDED in statuses:
        return "attended"
    if S.NO_SHOW in statuses:
        return "no_show"
    return "free"


def _hours(slots: list[Slot]) -> list[int]:
    hours = {to_local(slot.start).hour for slot in slots}
    return list(range(min(hours | {DEFAULT_HOURS[0]}), max(hours | {DEFAULT_HOURS[-1]}) + 1))


@dataclass
class Cell:
    key: object  # a day (week view) or an adviser id (day view; None: no adviser)
    slots: list = field(default_factory=list)


@dataclass
class Row:
    hour: int
    cells: list[Cell]


def grid(slots: list[Slot], keys: list, key_of) -> list[Row]:
    """Rows of hours (local time: a 09:00 slot is in the 09:00 row on the days the clocks
    change too), one cell per key (`key_of(slot)`)."""
    cells = defaultdict(list)
    for slot in slots:
        cells[to_local(slot.start).hour, key_of(slot)].append(slot)
    return [
        Row(hour=hour, cells=[Cell(key, cells[hour, key]) for key in keys])
        for hour in _hours(slots)
    ]


def week_grid(slots: list[Slot], *, monday: date) -> list[Row]:
    days = [monday + timedelta(days=offset) for offset in range(7)]
    return grid(slots, days, lambda slot: to_local(slot.start).date())


def day_grid(slots: list[Slot], *, adviser_ids: list) -> list[Row]:
    return grid(slots, adviser_ids, lambda slot: slot.adviser_id)


def closures_by_day(closures: list, days: list[date]) -> dict[date, list]:
    return {day: [c for c in closures if c.start_date <= day <= c.end_date] for day in days}
