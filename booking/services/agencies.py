"""Removing agencies and meeting types from the back-office. Their appointments are kept (the
workflow never deletes one), so a used agency or meeting type is deactivated instead."""

from django.db import transaction
from django.db.models import ProtectedError

from booking.models import Agency, Appointment, MeetingType, Slot


def agency_delete(*, agency: Agency) -> bool:
    """Delete an agency never booked (its free slots and closures go with it); deactivate one
    with appointments. Returns True when deleted."""
    if not Appointment.objects.filter(slot__agency=agency).exists():
        try:
            with transaction.atomic():
                agency.delete()
            return True
        except ProtectedError:  # a founder booked in the meantime
            pass
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    return False


def meeting_type_delete(*, meeting_type: MeetingType) -> bool:
    """Delete a meeting type no slot uses; deactivate a used one. Returns True when deleted."""
    if not Slot.objects.filter(meeting_type=meeting_type).exists():
        try:
            with transaction.atomic():
                meeting_type.delete()
            return True
        except ProtectedError:
            pass
    MeetingType.objects.filter(pk=meeting_type.pk).update(is_active=False)
    return False
