"""The booking domain: agencies, meeting types, slots, appointments and the booking page."""

from .agency import Agency, MeetingType
from .appointment import ACTIVE_STATUSES, Appointment, AppointmentStatus, StatusChange
from .pages import BookingPage, BookingQuestion
from .slot import Slot

__all__ = [
    "ACTIVE_STATUSES",
    "Agency",
    "Appointment",
    "AppointmentStatus",
    "BookingPage",
    "BookingQuestion",
    "MeetingType",
    "Slot",
    "StatusChange",
]
