"""The booking domain: agencies, meeting types, slots, appointments and the booking page."""

from .agency import Agency, Confirmation, MeetingType, PostcodeArea
from .appointment import (
    ACTIVE_STATUSES,
    ERASURE_NOTE,
    EXPIRY_NOTE,
    Appointment,
    AppointmentStatus,
    StatusChange,
    StatusEvent,
)
from .closure import Closure
from .feeds import CalendarFeed
from .followup import FOLLOWUP_NOTE_MAX_LENGTH, FollowUpNote
from .logs import ScopedModelLogEntry, log_entry_model_register
from .outbox import OutboxMessage, OutboxStatus
from .pages import AgencyPage, BookingPage, BookingQuestion
from .ratelimit import RateLimitHit
from .slot import Slot

__all__ = [
    "ACTIVE_STATUSES",
    "ERASURE_NOTE",
    "EXPIRY_NOTE",
    "FOLLOWUP_NOTE_MAX_LENGTH",
    "Agency",
    "AgencyPage",
    "Appointment",
    "AppointmentStatus",
    "BookingPage",
    "BookingQuestion",
    "CalendarFeed",
    "Closure",
    "Confirmation",
    "FollowUpNote",
    "MeetingType",
    "OutboxMessage",
    "OutboxStatus",
    "PostcodeArea",
    "RateLimitHit",
    "ScopedModelLogEntry",
    "Slot",
    "StatusChange",
    "StatusEvent",
    "log_entry_model_register",
]
