"""Corrections of what a founder typed (a wrong phone number, a misspelt name), from the
back-office. Status and slot only change through the workflow services."""

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from wagtail.log_actions import log

from booking.models import Appointment

EDITABLE_FIELDS = (
    "civility",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "postal_code",
    "project_name",
    "project_description",
    "project_stage",
    "project_sector",
    "heard_from",
)


@sensitive_variables()  # the founder's details stay out of error reports
def appointment_update_details(*, appointment: Appointment, changes: dict, by=None) -> Appointment:
    """Write only the changed founder fields: a plain `save()` would also write back a status
    that another adviser may have changed since the form was opened. A change is logged in
    the admin's history of the appointment, in the name of `by`."""
    changes = {name: value for name, value in changes.items() if name in EDITABLE_FIELDS}
    if "email" in changes:
        changes["email"] = changes["email"].strip().lower()
    with transaction.atomic():
        if changes:
            Appointment.objects.filter(pk=appointment.pk).update(
                **changes, updated_at=timezone.now()
            )
        appointment.refresh_from_db()
        if changes:
            log(instance=appointment, action="wagtail.edit", user=by)
    return appointment
