"""What the back-office shows of a founder beyond one appointment: their other appointments, in
the agencies the user may see. Bounded reads (a fixed number of queries, whatever the data).

The same founder is the same email address: every way in stores it trimmed and lower-cased
(booking/founders.py, `normalise_email`), so an exact comparison finds every appointment of
the address, whatever case it was typed in, and uses the index on the column."""

from django.db.models import Count

from booking.backoffice import permissions
from booking.founders import normalise_email
from booking.models import Appointment

# More than a founder ever has in practice; the page says when some are left out.
OTHER_APPOINTMENTS_LIMIT = 50


def founder_other_appointments(
    appointment: Appointment, *, user, limit: int = OTHER_APPOINTMENTS_LIMIT
) -> tuple[list[Appointment], bool]:
    """The founder's other appointments that `user` may see, the latest meeting first, each
    with its slot, agency, meeting type and its number of follow-up notes (`notes_count`);
    and whether more than `limit` exist. One query.

    An anonymised appointment has no founder any more: no other appointment is shown (its
    placeholder address only links anonymised appointments together, for the statistics)."""
    if appointment.anonymized_at is not None or not appointment.email:
        return [], False
    others = list(
        permissions.appointments_for(user)
        .filter(email=normalise_email(appointment.email))
        .exclude(pk=appointment.pk)
        .select_related("slot__agency", "slot__meeting_type")
        .annotate(notes_count=Count("followup_notes"))
        .order_by("-slot__start", "-pk")[: limit + 1]
    )
    return others[:limit], len(others) > limit
