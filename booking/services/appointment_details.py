"""Corrections of what a founder typed (a wrong phone number, a misspelt name), from the
back-office. Status and slot only change through the workflow services."""

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from wagtail.log_actions import log

from booking import founders
from booking.models import Appointment

# What the back-office may correct: the founder fields it asks (see booking/founders.py).
EDITABLE_FIELDS = founders.STAFF_NAMES


@sensitive_variables()  # the founder's details stay out of error reports
def appointment_update_details(*, appointment: Appointment, changes: dict, by=None) -> Appointment:
    """Write only the changed founder fields: a plain `save()` would also write back a status
    that another adviser may have changed since the form was opened. A change is logged in
    the admin's history of the appointment, in the name of `by`."""
    # Normalised here too, as a booking is: the caps compare stored values exactly.
    changes = founders.normalise(
        {name: value for name, value in changes.items() if name in EDITABLE_FIELDS}
    )
    with transaction.atomic():
        if changes:
            Appointment.objects.filter(pk=appointment.pk).update(
                **changes, updated_at=timezone.now()
            )
        appointment.refresh_from_db()
        if changes:
            log(instance=appointment, action="wagtail.edit", user=by)
    return appointment
