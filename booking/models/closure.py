from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Closure(models.Model):
    """A closure day of an agency or an absence of an adviser: no slot is offered then."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    agency = models.ForeignKey(
        "booking.Agency",
        verbose_name=_("agence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseiller absent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_absences",
    )
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (inclus)"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fermeture ou absence")
        verbose_name_plural = _("fermetures et absences")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(adviser__isnull=False),
                name="closure_has_agency_or_adviser",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="closure_ends_after_start"
            ),
        ]

    def __str__(self):
        who = self.agency or self.adviser
        return f"{who} · {self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y}"
