"""Every write of the booking domain. Views, admin actions and commands call these.

Each function runs in one short transaction. The place count of a slot only changes through a
conditional UPDATE (`booked_count < capacity`), and a CHECK constraint backs it, so two founders
can never hold the same place, on SQLite or PostgreSQL. Status changes are compare-and-swap:
when two people act on the same appointment at once, exactly one wins and the other gets
`StaleAppointment`. Emails are queued by `booking.notify.notifications` inside the same transaction
and leave only once it commits: a rolled-back change sends nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from booking import founders
from booking.errors import (
    BookingError,
    ChangeTooLate,
    SlotFull,
    SlotUnavailable,
    StaleAppointment,
    TooManyActiveAppointments,
    TooManyRequests,
)
from booking.founders import FounderDetails
from booking.models import (
    ACTIVE_STATUSES,
    ERASURE_NOTE,
    EXPIRY_NOTE,
    Appointment,
    AppointmentStatus,
    Slot,
    StatusChange,
    StatusEvent,
)
from booking.notify import notifications
from booking.tokens import new_reference, new_token_fields

from . import ratelimits
from .retry import retry_when_busy

S = AppointmentStatus


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
            status = S.PENDING if slot.requires_approval else S.CONFIRMED
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
                appointment=appointment,
                event=StatusEvent.BOOKED,
                from_status="",
                to_status=status,
                changed_by=booked_by,
            )
            _date_told(appointment.pk, status=status, start=slot.start, now=now)
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
        new_version=True,
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
        # A founder's move needs a new approval where the new slot's bookings need one.
        new_status = current.status
        if not by_adviser and new_slot.requires_approval:
            new_status = S.PENDING
        swapped = Appointment.objects.filter(
            pk=current.pk, status=current.status, slot_id=old_slot.pk
        ).update(slot=new_slot, status=new_status, updated_at=now, **new_token_fields())
        if not swapped:
            raise StaleAppointment()
        StatusChange.objects.create(
            appointment=current,
            event=StatusEvent.MOVED,
            from_status=current.status,
            to_status=new_status,
            changed_by=by,
            moved_from_start=old_slot.start,
            moved_from_end=old_slot.end,
        )
        _moved(current.pk, status=new_status, start=new_slot.start, now=now)
        notifications.appointment_moved(current.pk, old_slot_id=old_slot.pk)
    current.refresh_from_db()
    return current


def appointment_accept(*, appointment: Appointment, by) -> Appointment:
    return _transition(
        appointment,
        allowed_from=[S.PENDING],
        to_status=S.CONFIRMED,
        by=by,
        new_version=True,
        notify=notifications.appointment_confirmed,
    )


def appointment_refuse(*, appointment: Appointment, by, reason: str = "") -> Appointment:
    return _transition(
        appointment,
        allowed_from=[S.PENDING],
        to_status=S.REFUSED,
        by=by,
        reason=reason,
        new_version=True,
        notify=notifications.appointment_refused,
    )


def appointment_cancel_by_agency(*, appointment: Appointment, by, reason: str = "") -> Appointment:
    return _transition(
        appointment,
        allowed_from=ACTIVE_STATUSES,
        to_status=S.CANCELLED_BY_AGENCY,
        by=by,
        reason=reason,
        new_version=True,
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


def appointment_expire(*, appointment: Appointment) -> Appointment:
    """Expire one pending request: its place is freed and the founder invited to book again."""
    return _transition(
        appointment,
        allowed_from=[S.PENDING],
        to_status=S.EXPIRED,
        event=StatusEvent.EXPIRED,
        agency_note=EXPIRY_NOTE,
        new_version=True,
        notify=notifications.appointment_expired,
    )


def appointment_cancel_for_erasure(*, appointment: Appointment, by=None) -> Appointment:
    """Cancel an appointment still to come whose founder asked for their data to be erased:
    its place is freed, and no email is written (there is no address left to write to)."""
    return _transition(
        appointment,
        allowed_from=ACTIVE_STATUSES,
        to_status=S.CANCELLED_BY_AGENCY,
        by=by,
        event=StatusEvent.ERASED,
        agency_note=ERASURE_NOTE,
    )


# --- internals ------------------------------------------------------------------------------


def _bookable_slot(slot_id, *, now: datetime, by_adviser: bool) -> Slot:
    """The slot, when the one rule (`SlotQuerySet.open_for_booking`) lets this person book it;
    else SlotUnavailable. A place left is for `_take_place` to decide, at the last moment."""
    try:
        slot = Slot.objects.select_related("agency", "meeting_type").get(pk=int(slot_id))
    except (Slot.DoesNotExist, TypeError, ValueError, OverflowError):
        raise SlotUnavailable() from None
    open_slots = Slot.objects.open_for_booking(
        agencies=[slot.agency], now=now, by_adviser=by_adviser
    )
    if not open_slots.filter(pk=slot.pk).exists():
        raise SlotUnavailable()
    return slot


def _take_place(slot: Slot) -> None:
    """Atomically take one place, or raise SlotFull: the UPDATE only matches a slot with room."""
    taken = Slot.objects.free().filter(pk=slot.pk).update(booked_count=F("booked_count") + 1)
    if not taken:
        raise SlotFull()


def _check_caps(founder: FounderDetails, *, now: datetime) -> None:
    """Against slot hoarding: one email address, or one phone number, holds a few active
    future appointments at most (both counted in one query)."""
    # FounderDetails holds normalised values, as they are stored (email lower-cased, phone in
    # E.164), whoever built it: an exact match counts every appointment and uses the indexes.
    by_email, by_phone = Q(email=founder.email), Q(phone=founder.phone)
    counts = Appointment.objects.filter(
        by_email | by_phone, status__in=ACTIVE_STATUSES, slot__start__gte=now
    ).aggregate(email=Count("pk", filter=by_email), phone=Count("pk", filter=by_phone))
    if counts["email"] >= settings.BOOKING_MAX_ACTIVE_PER_EMAIL:
        raise TooManyActiveAppointments()
    if counts["phone"] >= settings.BOOKING_MAX_ACTIVE_PER_PHONE:
        raise TooManyActiveAppointments(TooManyActiveAppointments.phone_message)


def _founder_fields(founder: FounderDetails) -> dict:
    return founders.model_values(founder)


def _transition(
    appointment,
    *,
    allowed_from,
    to_status,
    by=None,
    reason="",
    event=StatusEvent.CHANGED,
    agency_note="",
    new_version=False,
    notify=None,
) -> Appointment:
    """Compare-and-swap the status; frees the slot's place when leaving an active status.

    `reason` is what staff typed (kept in the history, shown to the founder); `agency_note`, a
    text of the workflow's own for the founder. `new_version`: calendars must apply this
    change (the event's SEQUENCE goes up). `notify(appointment_id)` queues the emails inside
    the same transaction, once the appointment is as they describe it."""
    now = timezone.now()
    with transaction.atomic():
        current = Appointment.objects.select_related("slot").get(pk=appointment.pk)
        if current.status not in allowed_from:
            raise StaleAppointment()
        changes = {}
        if new_version:
            changes["ics_sequence"] = F("ics_sequence") + 1
        if to_status == S.CONFIRMED and _reminder_due(current.slot.start, now=now):
            # The confirmation tells the date: it stands for the reminder (see _date_told).
            changes["reminder_sent_at"] = now
        swapped = Appointment.objects.filter(pk=current.pk, status=current.status).update(
            status=to_status,
            agency_note=reason or agency_note or current.agency_note,
            updated_at=now,
            **changes,
        )
        if not swapped:
            raise StaleAppointment()
        if current.status in ACTIVE_STATUSES and to_status not in ACTIVE_STATUSES:
            Slot.objects.filter(pk=current.slot_id).update(booked_count=F("booked_count") - 1)
        StatusChange.objects.create(
            appointment=current,
            event=event,
            from_status=current.status,
            to_status=to_status,
            changed_by=by,
            staff_note=reason[:255],
        )
        if notify is not None:
            notify(current.pk)
    current.refresh_from_db()
    return current


def _reminder_due(start: datetime, *, now: datetime) -> bool:
    """Whether the reminder of a meeting at `start` is due by now (booking.services.jobs)."""
    return start <= now + timedelta(hours=settings.BOOKING_REMINDER_HOURS_BEFORE)


def _date_told(appointment_id: int, *, status, start: datetime, now: datetime) -> None:
    """A confirmed date told inside the reminder window (a booking confirmed at once, a move)
    counts as the reminder: none follows minutes later."""
    if status == S.CONFIRMED and _reminder_due(start, now=now):
        Appointment.objects.filter(pk=appointment_id).update(reminder_sent_at=now)


def _moved(appointment_id: int, *, status, start: datetime, now: datetime) -> None:
    """A move is a new version for calendars; the reminder and the nudge were about the old
    time: the new one gets its own (unless the move's email, telling the new confirmed date
    inside the reminder window, stands for it)."""
    told = status == S.CONFIRMED and _reminder_due(start, now=now)
    Appointment.objects.filter(pk=appointment_id).update(
        ics_sequence=F("ics_sequence") + 1,
        reminder_sent_at=now if told else None,
        nudge_sent_at=None,
    )
