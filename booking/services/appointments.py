"""Every write of the booking domain. Views, admin actions and commands call these.

Each function runs in one short transaction. The place count of a slot only changes through a
conditional UPDATE (`booked_count < capacity`), and a CHECK constraint backs it, so two founders
can never hold the same place, on SQLite or PostgreSQL. Status changes are compare-and-swap:
when two people act on the same appointment at once, exactly one wins and the other gets
`StaleAppointment`. Emails are queued by `booking.notify.notifications` inside the same transaction
and leave only once it commits: a rolled-back change sends nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from booking.errors import (
    BookingError,
    ChangeTooLate,
    SlotFull,
    SlotUnavailable,
    StaleAppointment,
    TooManyActiveAppointments,
    TooManyRequests,
)
from booking.models import ACTIVE_STATUSES, Appointment, AppointmentStatus, Slot, StatusChange
from booking.notify import notifications
from booking.timefmt import slot_label
from booking.tokens import new_reference, new_token_fields

from . import ratelimits
from .retry import retry_when_busy

S = AppointmentStatus


@dataclass(frozen=True)
class FounderDetails:
    first_name: str
    last_name: str
    email: str
    phone: str
    city: str
    postal_code: str
    project_name: str
    project_description: str
    project_stage: str
    project_sector: str
    civility: str = ""
    heard_from: str = ""
    newsletter_opt_in: bool = False
    answers: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class BookingResult:
    appointment: Appointment
    created: bool  # False when the same form submission had already been saved


# What the founder typed stays out of error reports, in this frame and every one below it
# (the retries included).
@sensitive_variables()
@retry_when_busy
def appointment_book(
    *,
    slot_id: int,
    founder: FounderDetails,
    privacy_version: str,
    submission_key: str,
    booked_by=None,
    client_key: str = "",
    now: datetime | None = None,
) -> BookingResult:
    """Book one place of a slot for a founder; the founder is emailed a private manage link.

    `submission_key` comes from the form: a double-click or a resubmitted form returns the
    appointment saved the first time instead of creating a second one, even when the copies
    race each other. Advisers booking on a founder's behalf (`booked_by`) may book inside the
    agency's minimum notice, never in the past. `client_key` (the public form's salted IP hash)
    counts the booking against the per-IP limit, in the same transaction: only bookings made
    count, and `TooManyRequests` says when the next one will be allowed.
    """
    now = now or timezone.now()
    existing = Appointment.objects.filter(submission_key=submission_key).first()
    if existing:
        return BookingResult(existing, created=False)
    try:
        with transaction.atomic():
            if client_key:
                retry_at = ratelimits.over_limit("booking", client_key, now=timezone.now())
                if retry_at is not None:
                    raise TooManyRequests(retry_at)
            slot = _bookable_slot(slot_id, now=now, by_adviser=booked_by is not None)
            _check_caps(founder, now=now)
            _take_place(slot)
            status = S.PENDING if slot.agency.requires_approval else S.CONFIRMED
            appointment = Appointment.objects.create(
                slot=slot,
                status=status,
                reference=new_reference(),
                **_founder_fields(founder),
                consent_at=now,
                privacy_version=privacy_version,
                **new_token_fields(),
                submission_key=submission_key,
                booked_by=booked_by,
            )
            StatusChange.objects.create(
                appointment=appointment, from_status="", to_status=status, changed_by=booked_by
            )
            if client_key:
                ratelimits.count_hit("booking", client_key)
            notifications.appointment_booked(appointment.pk)
    except (IntegrityError, BookingError) as error:
        # The same submission may have committed first in another request: its place, the
        # founder's cap or the unique submission key then refused this copy. It is that
        # booking, not a failure. Otherwise the CHECK constraint refused an overbooking that
        # slipped past the conditional update, or the refusal stands.
        existing = Appointment.objects.filter(submission_key=submission_key).first()
        if existing:
            return BookingResult(existing, created=False)
        if isinstance(error, IntegrityError):
            raise SlotFull() from None
        raise
    return BookingResult(appointment, created=True)


@retry_when_busy
def appointment_cancel_by_founder(*, appointment: Appointment, now: datetime | None = None):
    now = now or timezone.now()
    if now > appointment.slot.agency.change_deadline(appointment.slot.start):
        raise ChangeTooLate()
    return _transition(
        appointment,
        allowed_from=ACTIVE_STATUSES,
        to_status=S.CANCELLED_BY_FOUNDER,
        notify=lambda pk: notifications.appointment_cancelled(pk, by_agency=False),
    )


@retry_when_busy
def appointment_reschedule(
    *, appointment: Appointment, new_slot_id: int, by=None, now: datetime | None = None
) -> Appointment:
    """Move an appointment to another slot: the new place is taken and the old one freed in one
    transaction, or nothing changes. The founder gets a new link (the old one dies)."""
    now = now or timezone.now()
    by_adviser = by is not None
    with transaction.atomic():
        current = Appointment.objects.select_related("slot__agency").get(pk=appointment.pk)
        if current.status not in ACTIVE_STATUSES:
            raise StaleAppointment()
        old_slot = current.slot
        if not by_adviser and now > old_slot.agency.change_deadline(old_slot.start):
            raise ChangeTooLate()
        if int(new_slot_id) == old_slot.pk:
            raise BookingError(_("C'est déjà le créneau de ce rendez-vous."))
        new_slot = _bookable_slot(new_slot_id, now=now, by_adviser=by_adviser)
        if new_slot.agency_id != old_slot.agency_id:
            raise SlotUnavailable()
        if not by_adviser and new_slot.meeting_type_id != old_slot.meeting_type_id:
            raise SlotUnavailable()
        _take_place(new_slot)
        Slot.objects.filter(pk=old_slot.pk).update(booked_count=F("booked_count") - 1)
        # A founder's move needs a new approval where the agency approves requests.
        new_status = current.status
        if not by_adviser and new_slot.agency.requires_approval:
            new_status = S.PENDING
        swapped = Appointment.objects.filter(
            pk=current.pk, status=current.status, slot_id=old_slot.pk
        ).update(slot=new_slot, status=new_status, updated_at=now, **new_token_fields())
        if not swapped:
            raise StaleAppointment()
        StatusChange.objects.create(
            appointment=current,
            from_status=current.status,
            to_status=new_status,
            changed_by=by,
            note=f"Déplacé du {slot_label(old_slot.start, old_slot.end)}"[:255],
        )
        notifications.appointment_moved(current.pk, old_slot_id=old_slot.pk)
    current.refresh_from_db()
    return current


def appointment_accept(*, appointment: Appointment, by) -> Appointment:
    return _transition(
        appointment,
        allowed_from=[S.PENDING],
        to_status=S.CONFIRMED,
        by=by,
        notify=notifications.appointment_confirmed,
    )


def appointment_refuse(*, appointment: Appointment, by, reason: str = "") -> Appointment:
    return _transition(
        appointment,
        allowed_from=[S.PENDING],
        to_status=S.REFUSED,
        by=by,
        note=reason,
        notify=notifications.appointment_refused,
    )


def appointment_cancel_by_agency(*, appointment: Appointment, by, reason: str = "") -> Appointment:
    return _transition(
        appointment,
        allowed_from=ACTIVE_STATUSES,
        to_status=S.CANCELLED_BY_AGENCY,
        by=by,
        note=reason,
        notify=lambda pk: notifications.appointment_cancelled(pk, by_agency=True),
    )


def appointment_mark_attended(*, appointment: Appointment, by) -> Appointment:
    return _transition(appointment, allowed_from=[S.CONFIRMED], to_status=S.ATTENDED, by=by)


def appointment_mark_no_show(*, appointment: Appointment, by) -> Appointment:
    return _transition(
        appointment,
        allowed_from=[S.CONFIRMED],
        to_status=S.NO_SHOW,
        by=by,
        notify=notifications.appointment_no_show,
    )


# --- internals ------------------------------------------------------------------------------


def _bookable_slot(slot_id, *, now: datetime, by_adviser: bool) -> Slot:
    try:
        slot = Slot.objects.select_related("agency", "meeting_type").get(pk=int(slot_id))
    except (Slot.DoesNotExist, TypeError, ValueError, OverflowError):
        raise SlotUnavailable() from None
    agency = slot.agency
    if not (slot.is_active and agency.is_active and slot.meeting_type.is_active):
        raise SlotUnavailable()
    earliest, latest = agency.booking_window(now)
    if by_adviser:
        earliest = now
    if not earliest <= slot.start <= latest:
        raise SlotUnavailable()
    return slot


def _take_place(slot: Slot) -> None:
    """Atomically take one place, or raise SlotFull: the UPDATE only matches a slot with room."""
    taken = Slot.objects.filter(pk=slot.pk, is_active=True, booked_count__lt=F("capacity")).update(
        booked_count=F("booked_count") + 1
    )
    if not taken:
        raise SlotFull()


def _check_caps(founder: FounderDetails, *, now: datetime) -> None:
    """Against slot hoarding: one email address, or one phone number, holds a few active
    future appointments at most."""
    active_future = Appointment.objects.filter(status__in=ACTIVE_STATUSES, slot__start__gte=now)
    # Emails are stored lower-cased (see _founder_fields): an exact match uses the index.
    if (
        active_future.filter(email=founder.email.strip().lower()).count()
        >= settings.BOOKING_MAX_ACTIVE_PER_EMAIL
    ):
        raise TooManyActiveAppointments()
    if active_future.filter(phone=founder.phone).count() >= settings.BOOKING_MAX_ACTIVE_PER_PHONE:
        raise TooManyActiveAppointments(TooManyActiveAppointments.phone_message)


def _founder_fields(founder: FounderDetails) -> dict:
    fields = {name: getattr(founder, name) for name in FounderDetails.__dataclass_fields__}
    fields["email"] = founder.email.strip().lower()
    return fields


def _transition(
    appointment, *, allowed_from, to_status, by=None, note="", notify=None
) -> Appointment:
    """Compare-and-swap the status; frees the slot's place when leaving an active status.
    `notify(appointment_id)` queues the emails inside the same transaction."""
    with transaction.atomic():
        current = Appointment.objects.get(pk=appointment.pk)
        if current.status not in allowed_from:
            raise StaleAppointment()
        swapped = Appointment.objects.filter(pk=current.pk, status=current.status).update(
            status=to_status, agency_note=note or current.agency_note, updated_at=timezone.now()
        )
        if not swapped:
            raise StaleAppointment()
        if current.status in ACTIVE_STATUSES and to_status not in ACTIVE_STATUSES:
            Slot.objects.filter(pk=current.slot_id).update(booked_count=F("booked_count") - 1)
        StatusChange.objects.create(
            appointment=current,
            from_status=current.status,
            to_status=to_status,
            changed_by=by,
            note=note[:255],
        )
        if notify is not None:
            notify(current.pk)
    current.refresh_from_db()
    return current
