"""Closure days and absences: declaring one takes its slots off the booking pages at once and
lists the appointments someone has to decide about (keep, move or cancel)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from booking.errors import BookingError
from booking.models import ACTIVE_STATUSES, Appointment, Closure, Slot
from booking.timefmt import calendar_error, in_calendar, local_midnight


@dataclass(frozen=True)
class ClosureResult:
    closure: Closure
    deactivated: int
    to_decide: list[Appointment]


def closure_declare(
    *, start_date: date, end_date: date, agency=None, adviser=None, reason: str = "", by=None
) -> ClosureResult:
    if agency is None and adviser is None:
        raise BookingError(_("Indiquez une agence ou un conseiller."))
    if end_date < start_date:
        raise BookingError(_("La date de fin doit suivre la date de début."))
    for day in (start_date, end_date):
        if not in_calendar(day):
            raise BookingError(calendar_error(day))
    with transaction.atomic():
        closure = Closure.objects.create(
            agency=agency,
            adviser=adviser,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            created_by=by,
        )
        # Every covered slot stops being offered; a founder booking at this moment either got
        # in first (and is listed below) or finds the slot inactive.
        deactivated = closure_slots(closure).filter(is_active=True).update(is_active=False)
        to_decide = list(closure_appointments(closure))
        log(instance=closure, action="wagtail.create", user=by)
    return ClosureResult(closure=closure, deactivated=deactivated, to_decide=to_decide)


def closure_slots(closure: Closure):
    """The slots starting during the closure, of its agency or of its adviser (any agency)."""
    who = Q()
    if closure.agency_id:
        who &= Q(agency_id=closure.agency_id)
    if closure.adviser_id:
        who &= Q(adviser_id=closure.adviser_id)
    return Slot.objects.filter(
        who,
        start__gte=local_midnight(closure.start_date),
        start__lt=local_midnight(closure.end_date + timedelta(days=1)),
    )


def closure_appointments(closure: Closure):
    """The pending or confirmed appointments that fall during the closure."""
    return (
        Appointment.objects.filter(
            slot__in=closure_slots(closure).values("pk"), status__in=ACTIVE_STATUSES
        )
        .select_related("slot__agency", "slot__meeting_type")
        .order_by("slot__start", "pk")
    )
