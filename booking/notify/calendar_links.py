"""« Ajouter à mon agenda » : links that open Google Calendar or Outlook on the web with the
appointment filled in, beside the .ics (attached to the emails, downloadable from the private
pages) for every other calendar.

Both services take the times in UTC ("Z"), which spares them any guess about the time zone,
including in the weeks the clocks change. The title and the place are the invitation's own
(booking.notify.calendar). The details hold the reference, never the private link: these URLs
are sent to Google or Microsoft, whose logs need not hold a key to the appointment."""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from booking.models import Appointment
from booking.notify import calendar

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str


def calendar_links(appointment: Appointment) -> CalendarLinks:
    """The appointment as it would be added to the founder's Google or Outlook calendar."""
    slot = appointment.slot
    title = calendar.founder_summary(appointment)
    details = f"Référence : {appointment.reference}"
    if slot.meeting_type.instructions:
        details += f"\nÀ prévoir : {slot.meeting_type.instructions}"
    place = calendar.location(appointment)
    return CalendarLinks(
        google=google_url(
            title=title, start=slot.start, end=slot.end, details=details, location=place
        ),
        outlook=outlook_url(
            title=title, start=slot.start, end=slot.end, details=details, location=place
        ),
    )


def google_url(*, title: str, start: datetime, end: datetime, details: str, location: str) -> str:
    dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": location,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_url(*, title: str, start: datetime, end: datetime, details: str, location: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": f"{_utc(start):%Y-%m-%dT%H:%M:%SZ}",
        "enddt": f"{_utc(end):%Y-%m-%dT%H:%M:%SZ}",
        "body": details,
        "location": location,
    }
    return f"{OUTLOOK}?{urlencode(query)}"


def _utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)
