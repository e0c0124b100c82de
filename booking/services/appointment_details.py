"""Corrections of what a founder typed (a wrong phone number, a misspelt name), from the
back-office. Status and slot only change through the workflow services."""

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from booking import founders
from booking.models import Appointment

# What the back-office may correct: the founder fields it asks (see booking/founders.py).
EDITABLE_FIELDS = founders.STAFF_NAMES


@sensitive_variables()  # the founder's details stay out of error reports
def appointment_update_details(*, appointment: Appointment, changes: dict) -> Appointment:
    """Write only the changed founder fields: a plain `save()` would also write back a status
    that another adviser may have changed since the form was opened."""
    # Normalised here too, as a booking is: the caps compare stored values exactly.
    changes = founders.normalise(
        {name: value for name, value in changes.items() if name in EDITABLE_FIELDS}
    )
    if changes:
        Appointment.objects.filter(pk=appointment.pk).update(**changes, updated_at=timezone.now())
    appointment.refresh_from_db()
    return appointment
