"""Whether an email written earlier still says something true when it is about to leave.

An email is written in the transaction of the change it announces, but it may leave much later:
the mail server was down, the provider refused it for a while. By then the founder may have
cancelled, the agency may have refused or moved the appointment, the meeting may be over. The
outbox asks `obsolete_reason` just before sending (booking/notify/outbox.py `deliver`); an
email that no longer holds is not sent and is marked "Obsolète" with the reason, in French, for
the outbox admin.
"""

from datetime import datetime, timedelta

from django.conf import settings

from booking.models import ACTIVE_STATUSES, AppointmentStatus, OutboxMessage, OutboxStatus
from booking.timefmt import slot_label

S = AppointmentStatus

# Notices that end the story: the founder (or the agency) must learn it, whenever it leaves.
ALWAYS_DELIVERED = frozenset({"cancelled", "refused", "expired", "agency_cancelled"})
# Emails that tell the founder the confirmed date (a reminder right after one says nothing new).
TELLS_THE_DATE = ("confirmed", "moved")


def obsolete_reason(message: OutboxMessage, *, now: datetime) -> str:
    """Why `message` must not be sent any more, or "" when it still holds.

    "Version" is the appointment's calendar SEQUENCE when the email was written: every change
    the founder is told about (confirmation, refusal, cancellation, move, expiry) raises it, so
    an email written before a later change describes a state that has been replaced.
    "Started" means the meeting's start time has passed.

    ==================  ====================================================================
    kind                still holds when…
    ==================  ====================================================================
    cancelled,          always: they close the story and the founder (or the agency) must
    refused, expired,   learn it, however late.
    agency_cancelled
    request_received    the meeting has not started, and no later email about the
                        appointment has been sent to that address yet. It stays true history
                        after a refusal, a cancellation or an expiry (the request *was*
                        received): it leaves, before the notice that follows it.
    confirmed           the appointment is confirmed, at the same version, not started.
    moved               the appointment still holds a place, at the same version, not started.
    reminder            confirmed, same version, not started, and no "confirmed" or "moved"
                        email of that version already reached the founder within the reminder
                        window (it told the date already). Cancelled appointments never reach
                        this far: a cancellation notice is never followed by a reminder.
    adviser_nudge       still pending, same version, not started.
    agency_new_request  the appointment still holds a place, not started (a later move or
                        acceptance follows it; a cancellation makes it pointless).
    agency_moved        still holds a place, same version, not started.
    no_show             the appointment is still marked absent.
    anything else       always (an email about no appointment, a kind unknown here).
    ==================  ====================================================================
    """
    appointment = message.appointment
    kind = message.kind
    if appointment is None or kind in ALWAYS_DELIVERED:
        return ""
    slot = appointment.slot
    started = now >= slot.start
    replaced = (
        message.appointment_version is not None
        and message.appointment_version != appointment.ics_sequence
    )
    status = appointment.get_status_display()

    if kind == "no_show":
        return "" if appointment.status == S.NO_SHOW else _now_status(status)
    if kind not in (
        "request_received",
        "confirmed",
        "moved",
        "reminder",
        "adviser_nudge",
        "agency_new_request",
        "agency_moved",
    ):
        return ""
    if started:
        return f"Le rendez-vous ({slot_label(slot.start, slot.end)}) a déjà commencé."
    if kind == "request_received":
        if _later_email_sent(message):
            return "Un email plus récent sur ce rendez-vous a déjà été envoyé à cette adresse."
        return ""

    needed = {
        "confirmed": (S.CONFIRMED,),
        "reminder": (S.CONFIRMED,),
        "adviser_nudge": (S.PENDING,),
    }.get(kind, ACTIVE_STATUSES)
    if appointment.status not in needed:
        return _now_status(status)
    if replaced and kind != "agency_new_request":
        return "Le rendez-vous a changé depuis : un email plus récent le décrit."
    if kind == "reminder" and _date_already_told(message, slot.start):
        return (
            "La confirmation, envoyée peu avant le rendez-vous, en indiquait déjà la date "
            "et l'heure."
        )
    return ""


def _now_status(status_label: str) -> str:
    return f"Le rendez-vous n'est plus d'actualité (statut : {status_label})."


def _later_email_sent(message: OutboxMessage) -> bool:
    return OutboxMessage.objects.filter(
        appointment_id=message.appointment_id,
        to_email__iexact=message.to_email,
        status=OutboxStatus.SENT,
        pk__gt=message.pk,
    ).exists()


def _date_already_told(message: OutboxMessage, start: datetime) -> bool:
    window_start = start - timedelta(hours=settings.BOOKING_REMINDER_HOURS_BEFORE)
    return OutboxMessage.objects.filter(
        appointment_id=message.appointment_id,
        to_email__iexact=message.to_email,
        kind__in=TELLS_THE_DATE,
        appointment_version=message.appointment_version,
        status=OutboxStatus.SENT,
        sent_at__gte=window_start,
    ).exists()
