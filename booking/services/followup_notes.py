"""Follow-up notes ("comptes rendus"): the private minutes advisers write about a meeting.

The caller (an admin view) has checked that the user may see and change the appointment (its
agency scope); these services check what belongs to the note itself: a text that is not empty
nor too long, an appointment whose data still exists, and that only its author changes a note.
Each write is logged on the appointment's admin history, scoped like the appointment, with the
note's id only: its text never goes into a log entry, an email or an error report.
"""

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from wagtail.log_actions import log

from booking.errors import FollowUpNoteRefused
from booking.founders import trimmed
from booking.models import FOLLOWUP_NOTE_MAX_LENGTH, Appointment, FollowUpNote

LOG_ACTION_ADD = "booking.followup_note_add"
LOG_ACTION_EDIT = "booking.followup_note_edit"
LOG_ACTION_DELETE = "booking.followup_note_delete"


@sensitive_variables("text")
def followup_note_add(*, appointment: Appointment, text: str, by) -> FollowUpNote:
    text = _clean(text)
    with transaction.atomic():
        # Locked like anonymisation locks it: a note never lands on an anonymised appointment.
        current = Appointment.objects.select_for_update(of=("self",)).get(pk=appointment.pk)
        if current.anonymized_at is not None:
            raise FollowUpNoteRefused(FollowUpNoteRefused.anonymised_message)
        note = FollowUpNote.objects.create(appointment=current, author=by, text=text)
        log(instance=current, action=LOG_ACTION_ADD, user=by, data={"note": note.pk})
    return note


@sensitive_variables("text")
def followup_note_update(*, note: FollowUpNote, text: str, by) -> FollowUpNote:
    text = _clean(text)
    with transaction.atomic():
        current = _own_note(note, by)
        if current.text != text:
            FollowUpNote.objects.filter(pk=current.pk).update(text=text, updated_at=timezone.now())
            log(
                instance=current.appointment,
                action=LOG_ACTION_EDIT,
                user=by,
                data={"note": current.pk},
            )
        current.refresh_from_db()
    return current


def followup_note_delete(*, note: FollowUpNote, by) -> None:
    with transaction.atomic():
        current = _own_note(note, by)
        current.delete()
        log(instance=current.appointment, action=LOG_ACTION_DELETE, user=by, data={"note": note.pk})


# --- internals ------------------------------------------------------------------------------


def _clean(text) -> str:
    # NUL characters: PostgreSQL refuses them in a text column.
    text = trimmed(text).replace("\x00", "")
    if not text:
        raise FollowUpNoteRefused(FollowUpNoteRefused.empty_message)
    if len(text) > FOLLOWUP_NOTE_MAX_LENGTH:
        raise FollowUpNoteRefused(
            FollowUpNoteRefused.too_long_message % {"max": FOLLOWUP_NOTE_MAX_LENGTH}
        )
    return text


def _own_note(note: FollowUpNote, by) -> FollowUpNote:
    """The note, locked, if it still exists and `by` wrote it."""
    current = (
        FollowUpNote.objects.select_for_update(of=("self",))
        .select_related("appointment")
        .filter(pk=note.pk)
        .first()
    )
    if current is None:
        raise FollowUpNoteRefused(FollowUpNoteRefused.gone_message)
    if by is None or current.author_id != by.pk:
        raise FollowUpNoteRefused(FollowUpNoteRefused.not_author_message)
    return current
