"""The emails of the booking workflow, to founders and to agencies.

The services call these inside the transaction of the change; the sending itself waits for the
commit, so a rolled-back change sends nothing. A failing mail server is logged and never undoes
or blocks the booking.
"""

import logging
from functools import partial, wraps

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from booking import links
from booking.models import Appointment, Slot

logger = logging.getLogger(__name__)


def _after_commit(send):
    """Called inside the change's transaction, the email leaves once it commits."""

    @wraps(send)
    def schedule(*args, **kwargs):
        transaction.on_commit(partial(send, *args, **kwargs))

    return schedule


@_after_commit
def appointment_booked(appointment_id: int) -> None:
    appointment = _load(appointment_id)
    kind = "request_received" if appointment.status == "pending" else "confirmed"
    _send_to_founder(kind, appointment)
    _send_to_agency("agency_new_request", appointment)


@_after_commit
def appointment_confirmed(appointment_id: int) -> None:
    _send_to_founder("confirmed", _load(appointment_id))


@_after_commit
def appointment_refused(appointment_id: int) -> None:
    _send_to_founder("refused", _load(appointment_id))


@_after_commit
def appointment_cancelled(appointment_id: int, *, by_agency: bool) -> None:
    appointment = _load(appointment_id)
    _send_to_founder("cancelled", appointment, by_agency=by_agency)
    if not by_agency:
        _send_to_agency("agency_cancelled", appointment)


@_after_commit
def appointment_moved(appointment_id: int, *, old_slot_id: int) -> None:
    appointment = _load(appointment_id)
    old_slot = Slot.objects.filter(pk=old_slot_id).first()
    _send_to_founder("moved", appointment, old_slot=old_slot)
    _send_to_agency("agency_moved", appointment, old_slot=old_slot)


def _load(appointment_id: int) -> Appointment:
    return Appointment.objects.select_related("slot__agency", "slot__meeting_type").get(
        pk=appointment_id
    )


def _send_to_founder(kind: str, appointment: Appointment, **extra) -> None:
    context = {
        "appointment": appointment,
        "slot": appointment.slot,
        "agency": appointment.slot.agency,
        "manage_url": links.manage_url(appointment) if appointment.is_active else "",
        "booking_url": links.booking_url(),
        **extra,
    }
    _send(kind, [appointment.email], context, reply_to=appointment.slot.agency.notification_email)


def _send_to_agency(kind: str, appointment: Appointment, **extra) -> None:
    agency = appointment.slot.agency
    if not agency.notification_email:
        return
    context = {
        "appointment": appointment,
        "slot": appointment.slot,
        "agency": agency,
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/",
        **extra,
    }
    _send(kind, [agency.notification_email], context)


def _send(kind: str, to: list[str], context: dict, reply_to: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"booking/emails/{kind}_subject.txt", context)
        text = render_to_string(f"booking/emails/{kind}.txt", context)
        html = render_to_string(f"booking/emails/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=to,
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        # No address in the log: personal data stays out of logs.
        logger.exception(
            "Email %s for appointment %s could not be sent", kind, context["appointment"].pk
        )
