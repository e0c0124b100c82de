"""Every write of the booking domain. Views, admin actions and commands call these; they never
write the ORM themselves."""

from .agencies import agency_delete, meeting_type_delete
from .appointment_details import appointment_update_details
from .appointments import (
    BookingResult,
    FounderDetails,
    appointment_accept,
    appointment_book,
    appointment_cancel_by_agency,
    appointment_cancel_by_founder,
    appointment_expire,
    appointment_mark_attended,
    appointment_mark_no_show,
    appointment_refuse,
    appointment_reschedule,
)
from .closures import ClosureResult, closure_appointments, closure_declare, closure_slots
from .ratelimits import rate_limit_count
from .slots import (
    OpeningHours,
    SlotPlan,
    slot_create,
    slot_delete,
    slot_update,
    slots_generate,
    slots_plan,
)

__all__ = [
    "BookingResult",
    "ClosureResult",
    "FounderDetails",
    "OpeningHours",
    "SlotPlan",
    "agency_delete",
    "appointment_accept",
    "appointment_book",
    "appointment_cancel_by_agency",
    "appointment_cancel_by_founder",
    "appointment_expire",
    "appointment_mark_attended",
    "appointment_mark_no_show",
    "appointment_refuse",
    "appointment_reschedule",
    "appointment_update_details",
    "closure_appointments",
    "closure_declare",
    "closure_slots",
    "meeting_type_delete",
    "rate_limit_count",
    "slot_create",
    "slot_delete",
    "slot_update",
    "slots_generate",
    "slots_plan",
]

from .calendars import (
    calendar_feed_create,
    calendar_feed_regenerate,
    calendar_feed_revoke,
)
from .emails import email_bounced
from .followup_notes import followup_note_add, followup_note_delete, followup_note_update
from .jobs import booking_jobs_run, outbox_message_resend

__all__ += [
    "booking_jobs_run",
    "calendar_feed_create",
    "calendar_feed_regenerate",
    "calendar_feed_revoke",
    "email_bounced",
    "followup_note_add",
    "followup_note_delete",
    "followup_note_update",
    "outbox_message_resend",
]
