from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("En attente d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")
    BOUNCED = "bounced", _("Rejeté par le destinataire")
    # Not sent: by the time it could leave, what it said no longer held (see
    # booking.notify.relevance.obsolete_reason); the reason is stored beside it.
    OBSOLETE = "obsolete", _("Obsolète")


class OutboxMessage(models.Model):
    """An email written in the same transaction as the change that causes it, then delivered
    (and retried) by a task. The row is the proof of what was sent to whom and when."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    appointment = models.ForeignKey(
        "booking.Appointment",
        verbose_name=_("rendez-vous"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    # The appointment's version (its calendar SEQUENCE) when the email was written: a later
    # change makes an email about the former state obsolete.
    appointment_version = models.PositiveIntegerField(
        _("version du rendez-vous"), null=True, blank=True, editable=False
    )
    kind = models.CharField(_("type"), max_length=40)
    to_email = models.EmailField(_("destinataire"), max_length=254)
    reply_to = models.EmailField(_("répondre à"), max_length=254, blank=True)
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    ics = models.TextField(_("invitation (.ics)"), blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    obsolete_reason = models.CharField(_("raison de l'abandon"), max_length=255, blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails envoyés")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"
