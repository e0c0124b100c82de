"""The emails of the booking workflow, to founders and to agencies.

The services call these inside the transaction of the change, once they have written it
(including the calendar version `ics_sequence` and the reminder bookkeeping): this module only
reads the appointment and composes. Each function renders its emails and writes them to the
outbox (`outbox`) right away, in that same transaction; delivery waits for the commit. So a
rolled-back change sends nothing, a committed one always has its emails on record, and a
failing mail server never undoes or slows down the change. When an email finally leaves, the
outbox checks that what it says still holds (booking/notify/relevance.py).

Every email about an appointment carries an invitation (.ics) with the appointment's stable UID:
METHOD:REQUEST while it holds a place (booking, confirmation, move, reminder), METHOD:CANCEL
when it loses it (cancellation, refusal, expiry), and a higher SEQUENCE at each change so that
calendars apply them in order. The agency's copies are METHOD:PUBLISH (the agency organises the
meeting, it is not invited to it). The no-show email has none: the meeting is over and there is
nothing left for a calendar to do.
"""

from django.conf import settings

from booking import selectors
from booking.models import Appointment, AppointmentStatus, Slot
from booking.notify import calendar, links, outbox
from booking.notify.calendar_links import calendar_links


def appointment_booked(appointment_id: int) -> None:
    appointment = _load(appointment_id)
    kind = "request_received" if appointment.status == AppointmentStatus.PENDING else "confirmed"
    _to_founder(kind, appointment, method=calendar.REQUEST)
    _to_agency("agency_new_request", appointment, method=calendar.PUBLISH)


def appointment_confirmed(appointment_id: int) -> None:
    appointment = _load(appointment_id)
    _to_founder("confirmed", appointment, method=calendar.REQUEST)


def appointment_refused(appointment_id: int) -> None:
    appointment = _load(appointment_id)
    _to_founder("refused", appointment, method=calendar.CANCEL)


def appointment_cancelled(appointment_id: int, *, by_agency: bool) -> None:
    appointment = _load(appointment_id)
    _to_founder("cancelled", appointment, method=calendar.CANCEL, by_agency=by_agency)
    if not by_agency:
        _to_agency("agency_cancelled", appointment, method=calendar.CANCEL)


def appointment_moved(appointment_id: int, *, old_slot_id: int) -> None:
    appointment = _load(appointment_id)
    old_slot = Slot.objects.filter(pk=old_slot_id).first()
    _to_founder("moved", appointment, method=calendar.REQUEST, old_slot=old_slot)
    _to_agency("agency_moved", appointment, method=calendar.PUBLISH, old_slot=old_slot)


def appointment_expired(appointment_id: int) -> None:
    appointment = _load(appointment_id)
    _to_founder("expired", appointment, method=calendar.CANCEL)


def appointment_no_show(appointment_id: int) -> None:
    _to_founder("no_show", _load(appointment_id), method=None)


def appointment_reminder(appointment_id: int) -> None:
    _to_founder("reminder", _load(appointment_id), method=calendar.REQUEST)


def appointment_nudge(appointment_id: int) -> None:
    """Remind the agency (its address and the advisers concerned) of an unanswered request."""
    appointment = _load(appointment_id)
    ics = calendar.invitation(appointment, method=calendar.PUBLISH)
    for address in _agency_recipients(appointment):
        outbox.write(
            "adviser_nudge",
            to=address,
            context=_agency_context(appointment),
            appointment=appointment,
            ics=ics,
        )


# --- internals ------------------------------------------------------------------------------


def _load(appointment_id: int) -> Appointment:
    """The appointment as the service has just written it."""
    return Appointment.objects.select_related(
        "slot__agency", "slot__meeting_type", "slot__adviser"
    ).get(pk=appointment_id)


def _to_founder(kind: str, appointment: Appointment, *, method: str | None, **extra) -> None:
    agency = appointment.slot.agency
    page = selectors.booking_page()  # once for both links
    context = {
        "appointment": appointment,
        "slot": appointment.slot,
        "agency": agency,
        "manage_url": links.manage_url(appointment, page=page) if appointment.is_active else "",
        "booking_url": links.booking_url(page=page),
        # « Ajouter à mon agenda »: in the emails whose invitation holds the place.
        "calendar_links": calendar_links(appointment)
        if method == calendar.REQUEST and appointment.is_active
        else None,
        **extra,
    }
    outbox.write(
        kind,
        to=appointment.email,
        context=context,
        appointment=appointment,
        reply_to=agency.notification_email,
        ics=calendar.invitation(appointment, method=method) if method else "",
    )


def _to_agency(kind: str, appointment: Appointment, *, method: str, **extra) -> None:
    agency = appointment.slot.agency
    if not agency.notification_email:
        return
    outbox.write(
        kind,
        to=agency.notification_email,
        context={**_agency_context(appointment), **extra},
        appointment=appointment,
        ics=calendar.invitation(appointment, method=method),
    )


def _agency_context(appointment: Appointment) -> dict:
    return {
        "appointment": appointment,
        "slot": appointment.slot,
        "agency": appointment.slot.agency,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/",
    }


def _agency_recipients(appointment: Appointment) -> list[str]:
    """The slot's adviser, or else every adviser of the agency, and the agency's address."""
    slot = appointment.slot
    if slot.adviser is not None:
        advisers = [slot.adviser]
    else:
        advisers = slot.agency.advisers.filter(is_active=True)
    addresses = [user.email for user in advisers if user.email]
    addresses.append(slot.agency.notification_email)
    unique = {}
    for address in addresses:
        if address:
            unique.setdefault(address.lower(), address)
    return list(unique.values())
