"""Slots written from the back-office: one at a time, or generated from weekly opening hours.

Slots are built per local date and wall-clock time (`datetime.combine` with the Paris zone),
never by adding hours to an instant, so they stay right on the days the clocks change. An
adviser never gets two overlapping slots: generation skips them, and a single slot is refused.
Generating twice creates nothing the second time.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import holidays
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from booking.errors import BookingError
from booking.models import Agency, Closure, MeetingType, Slot
from booking.timefmt import local_midnight, local_tz, to_local

MAX_GENERATION_DAYS = 366


class SlotOverlap(BookingError):
    message = _("Ce conseiller a déjà un créneau qui chevauche celui-ci.")


class SlotHasAppointments(BookingError):
    message = _(
        "Ce créneau a des rendez-vous en cours : annulez-les ou déplacez-les d'abord. "
        "Seuls le nombre de places (pas en dessous des places réservées), le conseiller et "
        "l'activation peuvent changer."
    )


@dataclass(frozen=True)
class OpeningHours:
    """What the generation form asks for. `ranges` maps a weekday (0 = Monday) to its opening
    periods, e.g. {0: [(9:00, 12:00), (14:00, 17:30)]}: the gaps between them are the breaks."""

    agency: Agency
    meeting_type: MeetingType
    ranges: dict[int, list[tuple[time, time]]]
    start_date: date
    end_date: date
    duration_minutes: int
    gap_minutes: int = 0
    capacity: int = 1
    adviser: object = None
    skip_holidays: bool = True
    closed_days: frozenset[date] = frozenset()


@dataclass
class SlotPlan:
    new: list[Slot] = field(default_factory=list)
    # (local date or slot start, reason) for what will not be created.
    skipped: list[tuple[object, str]] = field(default_factory=list)

    def new_by_day(self) -> list[tuple[date, list[Slot]]]:
        days = defaultdict(list)
        for slot in self.new:
            days[to_local(slot.start).date()].append(slot)
        return sorted(days.items())


def slots_plan(opening: OpeningHours) -> SlotPlan:
    """The slots that generating `opening` would create, and why others are skipped (2 to 4
    queries, whatever the number of days)."""
    _check(opening)
    plan = SlotPlan()
    closed = _closed_days(opening)
    existing = _existing_by_day(opening)
    for day in _days(opening.start_date, opening.end_date):
        periods = opening.ranges.get(day.weekday())
        if not periods:
            continue
        if day in closed:
            plan.skipped.append((day, closed[day]))
            continue
        taken = existing.get(day, [])
        for start, end in _day_slots(day, periods, opening):
            if any(s.start == start for s in taken if _same_offer(s, opening)):
                plan.skipped.append((start, _("existe déjà")))
            elif any(_overlaps(s, start, end) for s in taken if _same_adviser(s, opening)):
                plan.skipped.append((start, _("chevauche un autre créneau du conseiller")))
            else:
                slot = Slot(
                    agency=opening.agency,
                    meeting_type=opening.meeting_type,
                    adviser=opening.adviser,
                    start=start,
                    end=end,
                    capacity=opening.capacity,
                )
                plan.new.append(slot)
                taken.append(slot)
                existing[day] = taken
    return plan


def slots_generate(*, opening: OpeningHours) -> list[Slot]:
    """Create the planned slots. The agency row (and the adviser's) is locked first, so two
    generations at the same moment run one after the other and the second creates nothing."""
    with transaction.atomic():
        _lock(opening.agency, opening.adviser)
        plan = slots_plan(opening)
        return Slot.objects.bulk_create(plan.new)


def slot_create(
    *,
    agency,
    meeting_type,
    start: datetime,
    end: datetime,
    capacity: int = 1,
    adviser=None,
    by=None,
) -> Slot:
    """Create one slot; `by` (the staff member) is named in the admin's history of it."""
    with transaction.atomic():
        _lock(agency, adviser)
        _check_no_overlap(adviser, start, end)
        slot = Slot.objects.create(
            agency=agency,
            meeting_type=meeting_type,
            adviser=adviser,
            start=start,
            end=end,
            capacity=capacity,
        )
        log(instance=slot, action="wagtail.create", user=by)
    return slot


# Changing these would move founders who already booked without telling them.
_FIXED_WHEN_BOOKED = ("agency_id", "meeting_type_id", "start", "end")


def slot_update(*, slot: Slot, changes: dict, by=None) -> Slot:
    """Update some fields of a slot. Never writes `booked_count` (a founder may be booking at
    this very moment): the UPDATE only lists the changed fields and keeps capacity ≥ bookings.
    A change is logged in the admin's history of the slot, in the name of `by`."""
    changes = {_column(name): getattr(value, "pk", value) for name, value in changes.items()}
    if not changes:
        return slot
    with transaction.atomic():
        current = Slot.objects.select_for_update().get(pk=slot.pk)
        if current.booked_count and any(
            changes.get(name, getattr(current, name)) != getattr(current, name)
            for name in _FIXED_WHEN_BOOKED
        ):
            raise SlotHasAppointments()
        start = changes.get("start", current.start)
        end = changes.get("end", current.end)
        adviser_id = changes.get("adviser_id", current.adviser_id)
        _check_no_overlap(adviser_id, start, end, exclude=current.pk)
        try:
            with transaction.atomic():
                updated = Slot.objects.filter(
                    pk=current.pk, booked_count__lte=changes.get("capacity", F("capacity"))
                ).update(**changes)
        except IntegrityError:
            updated = 0
        if not updated:
            raise BookingError(
                _("Le nombre de places ne peut pas descendre sous le nombre de réservations.")
            )
        slot.refresh_from_db()
        log(instance=slot, action="wagtail.edit", user=by)
    return slot


def _column(name: str) -> str:
    return f"{name}_id" if name in ("agency", "meeting_type", "adviser") else name


def slot_delete(*, slot: Slot) -> bool:
    """Delete a slot nobody booked. One with only past history (cancelled, refused…) is
    deactivated instead, since those appointments stay visible. Returns True when deleted.
    Refused while the slot holds pending or confirmed appointments."""
    with transaction.atomic():
        # Compare-and-swap: a founder booking at this moment either got in first (we refuse)
        # or finds the slot inactive.
        if not Slot.objects.filter(pk=slot.pk, booked_count=0).update(is_active=False):
            raise BookingError(
                _(
                    "Ce créneau a des rendez-vous en cours : annulez-les ou déplacez-les "
                    "avant de le supprimer."
                )
            )
        if slot.appointments.exists():
            return False
        Slot.objects.filter(pk=slot.pk).delete()
    return True


# --- internals ------------------------------------------------------------------------------


def _check(opening: OpeningHours) -> None:
    if opening.end_date < opening.start_date:
        raise BookingError(_("La date de fin doit suivre la date de début."))
    if (opening.end_date - opening.start_date).days >= MAX_GENERATION_DAYS:
        raise BookingError(_("Générez au plus un an de créneaux à la fois."))
    if opening.duration_minutes <= 0 or opening.gap_minutes < 0 or opening.capacity < 1:
        raise BookingError(_("Durée, intervalle ou nombre de places invalide."))


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _day_slots(day: date, periods, opening: OpeningHours):
    """(start, end) instants of one local day. Wall-clock minutes are counted on the naive time,
    then placed in the Paris zone; a time that does not exist that day (the hour skipped in
    spring) is left out."""
    step = opening.duration_minutes + opening.gap_minutes
    for open_at, close_at in periods:
        minute = open_at.hour * 60 + open_at.minute
        close = close_at.hour * 60 + close_at.minute
        while minute + opening.duration_minutes <= close:
            end_minute = minute + opening.duration_minutes
            start = _local(day, minute)
            # An end in the skipped hour is the same instant as the hour after: keep it.
            end = _local(day, end_minute, must_exist=False)
            if start is not None and end is not None and end > start:
                yield start, end
            minute += step


def _local(day: date, minute: int, *, must_exist: bool = True) -> datetime | None:
    if minute >= 24 * 60:
        return None
    value = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=local_tz())
    # Round trip through UTC: a wall time that does not exist that day comes back different.
    exists = to_local(value.astimezone(UTC)).replace(tzinfo=None) == value.replace(tzinfo=None)
    if must_exist and not exists:
        return None
    return value


def _closed_days(opening: OpeningHours) -> dict[date, str]:
    closed = {day: str(_("jour de fermeture indiqué")) for day in opening.closed_days}
    if opening.skip_holidays:
        years = range(opening.start_date.year, opening.end_date.year + 1)
        for day, name in holidays.France(years=years).items():
            closed.setdefault(day, f"{_('jour férié')} ({name})")
    who = Q(agency=opening.agency)
    if opening.adviser is not None:
        who |= Q(adviser=opening.adviser)
    closures = Closure.objects.filter(
        who, start_date__lte=opening.end_date, end_date__gte=opening.start_date
    )
    for closure in closures:
        for day in _days(closure.start_date, closure.end_date):
            closed.setdefault(day, f"{_('fermeture')} : {closure.reason or closure}")
    return closed


def _existing_by_day(opening: OpeningHours) -> dict[date, list[Slot]]:
    same_offer = Q(
        agency=opening.agency, meeting_type=opening.meeting_type, adviser=opening.adviser
    )
    who = same_offer
    if opening.adviser is not None:
        who |= Q(adviser=opening.adviser)
    slots = Slot.objects.filter(
        who,
        start__lt=local_midnight(opening.end_date + timedelta(days=1)),
        end__gt=local_midnight(opening.start_date),
    ).only("agency_id", "meeting_type_id", "adviser_id", "start", "end")
    by_day = defaultdict(list)
    for slot in slots:
        by_day[to_local(slot.start).date()].append(slot)
        end_day = to_local(slot.end).date()
        if end_day != to_local(slot.start).date():
            by_day[end_day].append(slot)
    return by_day


def _same_offer(slot: Slot, opening: OpeningHours) -> bool:
    return (
        slot.agency_id == opening.agency.pk
        and slot.meeting_type_id == opening.meeting_type.pk
        and slot.adviser_id == getattr(opening.adviser, "pk", None)
    )


def _same_adviser(slot: Slot, opening: OpeningHours) -> bool:
    return opening.adviser is not None and slot.adviser_id == opening.adviser.pk


def _overlaps(slot: Slot, start: datetime, end: datetime) -> bool:
    return slot.start < end and start < slot.end


def _lock(agency, adviser) -> None:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    if adviser is not None:
        user_model = get_user_model()
        user_model.objects.select_for_update().filter(pk=getattr(adviser, "pk", adviser)).first()


def _check_no_overlap(adviser, start, end, exclude=None) -> None:
    adviser_id = getattr(adviser, "pk", adviser)
    if adviser_id is None:
        return
    clashes = Slot.objects.filter(adviser_id=adviser_id, start__lt=end, end__gt=start)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    if clashes.exists():
        raise SlotOverlap()
