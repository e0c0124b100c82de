from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A private iCal subscription URL of an adviser or an agency. Like manage links, the URL's
    token is derived from a stored salt (booking/tokens.py); revoking kills it for good."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseiller"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_calendar_feeds",
    )
    agency = models.ForeignKey(
        "booking.Agency",
        verbose_name=_("agence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda partagé (iCal)")
        verbose_name_plural = _("agendas partagés (iCal)")
        constraints = [
            models.CheckConstraint(
                condition=(Q(adviser__isnull=False) & Q(agency__isnull=True))
                | (Q(adviser__isnull=True) & Q(agency__isnull=False)),
                name="calendar_feed_has_one_owner",
            )
        ]

    def __str__(self):
        return str(self.adviser or self.agency)
