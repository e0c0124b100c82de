"""Who sees which agency in the back-office.

An adviser works for the agencies that list them in `Agency.advisers`; managers (the
"Responsables" group) and superusers see every agency. Every admin queryset, view, action and
export filters through these helpers, so an object outside the user's scope is simply not found.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.groups import is_manager
from booking.models import (
    Agency,
    Appointment,
    CalendarFeed,
    Closure,
    FollowUpNote,
    OutboxMessage,
    Slot,
)

# Managers (and superusers) see every agency.
sees_all_agencies = is_manager


def agency_ids_for(user) -> frozenset[int] | None:
    """The ids of the agencies `user` works for; None means every agency. Cached on the user
    object, i.e. once per request."""
    if sees_all_agencies(user):
        return None
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_booking_agency_ids", None)
    if cached is None:
        cached = frozenset(user.booking_agencies.values_list("pk", flat=True))
        user._booking_agency_ids = cached
    return cached


def in_scope(user, agency_id) -> bool:
    ids = agency_ids_for(user)
    return ids is None or agency_id in ids


def scope(queryset, user, *, agency_path: str):
    """`queryset` restricted to the user's agencies; `agency_path` leads from its model to the
    agency ("agency", "slot__agency")."""
    ids = agency_ids_for(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{agency_path}__in": ids})


def agencies_for(user):
    return scope(Agency.objects.all(), user, agency_path="pk")


def slots_for(user):
    return scope(Slot.objects.all(), user, agency_path="agency")


def appointments_for(user):
    return scope(Appointment.objects.all(), user, agency_path="slot__agency")


def followup_notes_for(user):
    """The follow-up notes of the appointments the user may see: the same scope."""
    return scope(FollowUpNote.objects.all(), user, agency_path="appointment__slot__agency")


def closures_for(user):
    """Closures of the user's agencies, and absences of their colleagues (or their own)."""
    ids = agency_ids_for(user)
    if ids is None:
        return Closure.objects.all()
    return Closure.objects.filter(
        Q(agency__in=ids)
        | Q(agency__isnull=True, adviser__booking_agencies__in=ids)
        | Q(adviser=user)
    ).distinct()


def advisers_for(user):
    """The staff accounts that can hold slots in the user's agencies."""
    users = get_user_model().objects.filter(is_active=True)
    ids = agency_ids_for(user)
    if ids is None:
        return users.filter(Q(booking_agencies__isnull=False) | Q(pk=user.pk)).distinct()
    return users.filter(Q(booking_agencies__in=ids) | Q(pk=user.pk)).distinct()


def visible_objects(user) -> dict | None:
    """The agency-bound booking objects `user` may see, by model (None: every object). The log
    entries of these objects follow it (booking.models.logs), in every admin report."""
    if sees_all_agencies(user):
        return None
    return {
        Agency: agencies_for(user),
        Slot: slots_for(user),
        Appointment: appointments_for(user),
        # Notes are logged on their appointment; should an entry name a note, same scope.
        FollowUpNote: followup_notes_for(user),
        Closure: closures_for(user),
        # Feeds: their owner's; the outbox holds founders' emails of every agency: managers.
        CalendarFeed: CalendarFeed.objects.filter(adviser__isnull=False, adviser_id=user.pk),
        OutboxMessage: OutboxMessage.objects.none(),
    }
