"""Every write of the booking domain. Views, admin actions and commands call these; they never
write the ORM themselves."""

from .appointments import (
    BookingResult,
    FounderDetails,
    appointment_accept,
    appointment_book,
    appointment_cancel_by_agency,
    appointment_cancel_by_founder,
    appointment_mark_attended,
    appointment_mark_no_show,
    appointment_refuse,
    appointment_reschedule,
)

__all__ = [
    "BookingResult",
    "FounderDetails",
    "appointment_accept",
    "appointment_book",
    "appointment_cancel_by_agency",
    "appointment_cancel_by_founder",
    "appointment_mark_attended",
    "appointment_mark_no_show",
    "appointment_refuse",
    "appointment_reschedule",
]
