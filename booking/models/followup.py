from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Long enough for the minutes of a meeting, short enough to stay a note.
FOLLOWUP_NOTE_MAX_LENGTH = 5000


class FollowUpNote(models.Model):
    """The private minutes ("compte rendu") an adviser writes after a meeting.

    Staff only: seen by whoever may see the appointment (its agency's staff, the managers),
    never in an email to anyone, in a spreadsheet export only when asked for. It is the
    founder's personal data: their RGPD export includes it, and anonymising the appointment
    (on request or once the retention period is over) deletes it. Its log entries are written
    on the appointment and never hold its text."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    appointment = models.ForeignKey(
        "booking.Appointment",
        on_delete=models.CASCADE,
        related_name="followup_notes",
        verbose_name=_("rendez-vous"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("compte rendu"), max_length=FOLLOWUP_NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")
        ordering = ["created_at", "pk"]

    def __str__(self):
        # No text: a note's label may end up in a log or an error report.
        return f"Compte rendu #{self.pk}"

    @property
    def edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() >= 1
