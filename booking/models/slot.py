from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from booking.timefmt import slot_label

# Active slots with a place left. Not a booking rule on its own: see `SlotQuerySet.bookable`.
FREE = Q(is_active=True, booked_count__lt=F("capacity"))


class SlotQuerySet(models.QuerySet):
    def free(self):
        """Active slots with a place left (the condition of the partial indexes below)."""
        return self.filter(FREE)

    def open_for_booking(self, *, agencies, now, by_adviser=False):
        """THE rule of which slot may be booked, except for the place left (see `bookable`).

        Every path that offers a slot or takes a place asks it: the public slot pages and the
        next-free-slot and alternatives (booking.selectors), the public booking and move forms,
        the booking services (`appointment_book`, `appointment_reschedule`), the admin move and
        "book on behalf" forms. A slot is open for booking when:

        - the slot is active (a closure deactivates the slots it covers: "closed" means that),
          its agency is active and its meeting type is active;
        - it starts inside its agency's booking window at `now` (`Agency.booking_window`): no
          earlier than the minimum notice, no later than the horizon.

        An adviser (`by_adviser=True`: the back-office, a booking taken by phone) may book and
        move inside the minimum notice, from `now` on; never in the past, never beyond the
        horizon, never a closed slot, nor one of an inactive agency or meeting type. That is
        the only difference. (Moves have one more rule of their own, in the service: a founder
        stays in the same meeting type, an adviser may change it.)

        `agencies` are the agencies whose slots may be returned (objects, for their window).
        The window may differ per agency: one OR-ed condition per distinct window (usually a
        single one, which the (agency, start) indexes serve), one query whatever the data.
        """
        agency_ids_by_window = defaultdict(list)
        for agency in agencies:
            if not agency.is_active:
                continue
            earliest, latest = agency.booking_window(now)
            if by_adviser:
                earliest = now
            agency_ids_by_window[earliest, latest].append(agency.pk)
        window = Q(pk__in=[])
        for (earliest, latest), agency_ids in agency_ids_by_window.items():
            window |= Q(agency_id__in=agency_ids, start__gte=earliest, start__lte=latest)
        return self.filter(
            window, is_active=True, agency__is_active=True, meeting_type__is_active=True
        )

    def bookable(self, *, agencies, now, by_adviser=False):
        """Slots open for booking (`open_for_booking`) with a place left: what is offered.

        The services check `open_for_booking` and then take the place with a conditional
        UPDATE (`booked_count < capacity`), which alone decides between two people booking the
        last place at once: the loser is told the slot is full, not that it is unavailable.
        """
        return self.open_for_booking(agencies=agencies, now=now, by_adviser=by_adviser).free()


class Slot(models.Model):
    """A concrete time an agency offers for one meeting type, for `capacity` founders.

    `booked_count` counts the appointments holding a place (`ACTIVE_STATUSES`). The services
    only ever change it with a conditional UPDATE, and the CHECK constraint below makes the
    database refuse any write that would overbook the slot, whatever the code path.
    """

    wagtail_reference_index_ignore = True  # not content (see Appointment)

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
            # Only the slots with a place left: the next free slot of an agency, or of one of its
            # meeting types, is the first entry from the start of the booking window, however
            # many booked slots come before it (booking.selectors.agency_cards).
            models.Index(fields=["agency", "start"], condition=FREE, name="slot_free_agency_start"),
            models.Index(
                fields=["agency", "meeting_type", "start"],
                condition=FREE,
                name="slot_free_agency_type_start",
            ),
            models.Index(fields=["adviser", "start"]),
            # The back-office lists and the agenda, by date across every agency (managers).
            models.Index(fields=["start"], name="slot_start"),
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
    def requires_approval(self) -> bool:
        """Whether booking this slot waits for an adviser: `MeetingType.requires_approval_at`."""
        return self.meeting_type.requires_approval_at(self.agency)

    @property
    def duration_minutes(self) -> int:
        """The slot's own length (an adviser may open a slot longer than its type's)."""
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)

    @property
    def is_full(self) -> bool:
        return self.booked_count >= self.capacity
