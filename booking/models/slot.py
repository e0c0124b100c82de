from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from booking.timefmt import slot_label


class SlotQuerySet(models.QuerySet):
    def free(self):
        return self.filter(is_active=True, booked_count__lt=F("capacity"))

    def bookable(self, *, agencies, now):
        """Free slots founders may still book, inside each agency's notice and horizon window.

        The window differs per agency, so it is one OR-ed condition per agency: a single query
        whatever the number of slots.
        """
        window = Q(pk__in=[])
        for agency in agencies:
            if not agency.is_active:
                continue
            earliest, latest = agency.booking_window(now)
            window |= Q(agency_id=agency.pk, start__gte=earliest, start__lte=latest)
        return self.free().filter(window, meeting_type__is_active=True)


class Slot(models.Model):
    """A concrete time an agency offers for one meeting type, for `capacity` founders.

    `booked_count` counts the active (pending or confirmed) appointments. The booking services
    only ever change it with a conditional UPDATE, and the CHECK constraint below makes the
    database refuse any write that would overbook the slot, whatever the code path.
    """

    agency = models.ForeignKey(
        "booking.Agency", verbose_name=_("agence"), on_delete=models.CASCADE, related_name="slots"
    )
    meeting_type = models.ForeignKey(
        "booking.MeetingType",
        verbose_name=_("type de rendez-vous"),
        on_delete=models.PROTECT,
        related_name="slots",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseiller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking_slots",
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    booked_count = models.PositiveSmallIntegerField(
        _("places réservées"), default=0, editable=False
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["start", "agency"]
        indexes = [
            models.Index(fields=["agency", "start"]),
            models.Index(fields=["adviser", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked_count__lte=F("capacity")), name="slot_never_overbooked"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_positive"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.agency} · {slot_label(self.start, self.end)}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)

    @property
    def is_full(self) -> bool:
        return self.booked_count >= self.capacity
