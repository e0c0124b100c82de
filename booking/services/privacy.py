"""Personal data of founders (RGPD): anonymisation once the retention period is over or on
request, and the export of everything held about one email address.

Anonymising blanks every field that identifies the founder or that they typed freely (names,
phone, town, project, answers: the personal fields declared in booking/founders.py; and the
agency's note), on the appointment, in its status history, in the emails of the outbox and in
the admin's log entries; the advisers' follow-up notes ("comptes rendus") are deleted. What the
statistics use is kept: the status, the dates, the slot, the stage and sector of the project.
The email becomes a keyed placeholder (`anonyme-<hmac>@anonyme.invalid`): the same address
always gives the same placeholder, so "distinct founders" counts stay the same, and without the
server's SECRET_KEY it reveals nothing about the address (nor does it route anywhere: `.invalid`
is reserved).
"""

import calendar
import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from booking import founders
from booking.founders import Kind, placeholder_email
from booking.models import (
    ACTIVE_STATUSES,
    Appointment,
    FollowUpNote,
    OutboxMessage,
    OutboxStatus,
    StatusChange,
)
from booking.models import ERASURE_NOTE as ERASURE_NOTE  # the history's text of an erasure
from booking.tokens import new_token_fields

from .appointments import appointment_cancel_for_erasure

logger = logging.getLogger(__name__)

BATCH = 200
SCRUBBED_SUBJECT = "Contenu effacé (données personnelles)"

REASON_RETENTION = "retention"
REASON_REQUEST = "request"
LOG_ACTION_ANONYMIZE = "booking.anonymize"
LOG_ACTION_EXPORT = "booking.personal_data_export"


def appointments_for_email(email: str):
    email = (email or "").strip()
    if not email:
        return Appointment.objects.none()
    return Appointment.objects.filter(email__iexact=email)


def appointment_anonymize(
    *, appointment: Appointment, by=None, reason: str, now: datetime | None = None
) -> Appointment:
    """Anonymise one appointment; does nothing to one already anonymised.

    On a founder's request, an appointment still to come is cancelled first (its place freed,
    no email: there is no address left to write to)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot")
            .get(pk=appointment.pk)
        )
        if current.anonymized_at is None:
            if (
                reason == REASON_REQUEST
                and current.status in ACTIVE_STATUSES
                and current.slot.start > now
            ):
                appointment_cancel_for_erasure(appointment=current, by=by)
            _scrub(current, now=now, by=by, reason=reason)
    current.refresh_from_db()
    return current


def appointments_anonymize_older_than(
    *, months: int, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Anonymise the appointments whose meeting started more than `months` months ago, by
    batches of BATCH rows, one transaction each; returns how many (would) have been."""
    now = now or timezone.now()
    due = Appointment.objects.filter(
        anonymized_at__isnull=True, slot__start__lt=months_before(now, months)
    )
    if dry_run:
        return due.count()
    total = 0
    while True:
        with transaction.atomic():
            batch = list(
                due.select_for_update(of=("self",)).select_related("slot").order_by("pk")[:BATCH]
            )
            for appointment in batch:
                _scrub(appointment, now=now, by=None, reason=REASON_RETENTION)
        total += len(batch)
        if len(batch) < BATCH:
            break
    if total:
        logger.info("Retention purge: %s appointment(s) anonymised", total)
    return total


def appointments_export_for_email(email: str) -> list[dict]:
    """Everything held about the founder(s) of `email`: appointments, answers, status history,
    the advisers' follow-up notes and emails sent (right of access and portability)."""
    appointments = (
        appointments_for_email(email)
        .select_related("slot__agency", "slot__meeting_type")
        .prefetch_related("history", "emails", "followup_notes")
        .order_by("slot__start", "pk")
    )
    return [_export(appointment) for appointment in appointments]


def appointments_export_log(*, appointments, by, data_format: str) -> list[str]:
    """Record on each appointment's admin history that `by` exported its personal data
    (labelled with the reference only); returns the references."""
    references = []
    with transaction.atomic():
        for appointment in appointments:
            references.append(appointment.reference)
            log(
                instance=appointment,
                action=LOG_ACTION_EXPORT,
                user=by,
                title=appointment.reference,
                data={"format": data_format},
            )
    return references


def months_before(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- internals ------------------------------------------------------------------------------


def _scrub(appointment: Appointment, *, now: datetime, by, reason: str) -> None:
    """Blank the personal data of a locked, not yet anonymised appointment, everywhere."""
    old_email = appointment.email
    placeholder = placeholder_email(old_email)
    Appointment.objects.filter(pk=appointment.pk).update(
        # What each personal founder field becomes is declared in booking/founders.py.
        **{
            spec.name: spec.anonymise(getattr(appointment, spec.name)) for spec in founders.PERSONAL
        },
        agency_note="",
        anonymized_at=now,
        updated_at=now,
        # The private link dies with the data it showed.
        **new_token_fields(),
    )
    # Whatever staff typed may quote the founder; what the workflow did (a move and its former
    # time, an expiry…) is stored as data and stays.
    StatusChange.objects.filter(appointment_id=appointment.pk).exclude(staff_note="").update(
        staff_note=""
    )
    emails = OutboxMessage.objects.filter(appointment_id=appointment.pk)
    emails.filter(status=OutboxStatus.QUEUED).update(
        status=OutboxStatus.FAILED, next_attempt_at=None
    )
    if old_email:
        emails.filter(to_email__iexact=old_email).update(to_email=placeholder)
    emails.update(subject=SCRUBBED_SUBJECT, body_text="", body_html="", ics="", last_error="")
    # The advisers' minutes are about the founder through and through: nothing of them is kept
    # (their log entries hold no text, only that a note was written).
    FollowUpNote.objects.filter(appointment_id=appointment.pk).delete()
    # The admin's history of the appointment was labelled "RDV-… · First Last".
    ModelLogEntry.objects.for_instance(appointment).update(label=appointment.reference)
    log(
        instance=appointment,
        action=LOG_ACTION_ANONYMIZE,
        user=by,
        title=appointment.reference,
        data={"reason": reason},
    )


def _export(appointment: Appointment) -> dict:
    slot = appointment.slot
    return {
        "reference": appointment.reference,
        "statut": appointment.get_status_display(),
        "agence": slot.agency.name,
        "type_de_rendez_vous": slot.meeting_type.name,
        "debut": _iso(slot.start),
        "fin": _iso(slot.end),
        **{spec.rgpd_key: _export_value(spec, appointment) for spec in founders.FIELDS},
        "consentement_le": _iso(appointment.consent_at),
        "version_du_texte_de_confidentialite": appointment.privacy_version,
        "motif_communique": appointment.agency_note,
        "demande_le": _iso(appointment.created_at),
        "anonymise_le": _iso(appointment.anonymized_at),
        "historique": [
            {
                "le": _iso(change.changed_at),
                "de": change.get_from_status_display(),
                "vers": change.get_to_status_display(),
                "detail": change.note,
            }
            for change in appointment.history.all()
        ],
        "comptes_rendus": [
            {"le": _iso(note.created_at), "modifie_le": _iso(note.updated_at), "texte": note.text}
            for note in appointment.followup_notes.all()
        ],
        "emails": [
            {
                "le": _iso(message.created_at),
                "type": message.kind,
                "destinataire": message.to_email,
                "objet": message.subject,
                "statut": message.get_status_display(),
            }
            for message in sorted(appointment.emails.all(), key=lambda m: (m.created_at, m.pk))
        ],
    }


def _export_value(spec: founders.FounderField, appointment: Appointment):
    """A founder field as the founder reads it: a choice's label, the answers by question."""
    value = getattr(appointment, spec.name)
    if spec.kind == Kind.CHOICE:
        return spec.choice_labels().get(value, value)
    if spec.kind == Kind.ANSWERS:
        return [
            {"question": item.get("question", ""), "reponse": item.get("answer", "")}
            for item in value or []
            if isinstance(item, dict)
        ]
    return value


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None
