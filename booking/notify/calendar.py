"""iCalendar (.ics) documents: the invitation attached to each email, and the private feeds.

Built with the icalendar library. Every appointment has one stable UID, so a calendar that
received the first invitation updates the same event when the next one arrives (its SEQUENCE is
higher) and removes it on a METHOD:CANCEL. Times are written in Europe/Paris with the matching
VTIMEZONE, which Outlook, Google Calendar and Thunderbird all read.

A request still waiting for an adviser is sent as METHOD:REQUEST too, but marked as not yet
confirmed: STATUS:TENTATIVE, the founder's PARTSTAT:NEEDS-ACTION, Outlook's tentative busy
status, and "[À confirmer]" before the title, since Google Calendar and Apple Calendar show no
STATUS at all. Not METHOD:PUBLISH: a published event is an import, not part of a scheduling
conversation, so Gmail and Outlook would add the confirmation (a REQUEST) as a second event
beside it and a later CANCEL would leave the imported copy in the calendar. One REQUEST series
on one UID is what every client updates in place: tentative, then confirmed (or cancelled).
"""

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from booking.models import Appointment, AppointmentStatus
from booking.models.agency import MeetingMode
from booking.timefmt import local_tz

PRODID = "-//Osengo//Rendez-vous//FR"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"
PENDING_PREFIX = "[À confirmer] "


def agency_label(agency) -> str:
    """The agency as calendars show it: "Osengo Vichy" whether it is named "Vichy" or
    "Osengo Vichy", never "Osengo Osengo Vichy"."""
    name = agency.name.strip()
    return name if name.casefold().startswith("osengo") else f"Osengo {name}"


def founder_summary(appointment: Appointment) -> str:
    """The event's title in the founder's calendar: "Premier rendez-vous – Osengo Vichy",
    after "[À confirmer] " while an adviser has not confirmed it."""
    slot = appointment.slot
    prefix = PENDING_PREFIX if appointment.status == AppointmentStatus.PENDING else ""
    return f"{prefix}{slot.meeting_type.name} – {agency_label(slot.agency)}"


def uid(appointment: Appointment) -> str:
    """The same for the whole life of the appointment, whatever its slot or status."""
    return f"rdv-{appointment.pk}@{_domain()}"


def invitation(appointment: Appointment, *, method: str) -> str:
    """The .ics attached to an email about `appointment` (REQUEST, CANCEL or PUBLISH)."""
    calendar = _calendar(method=method)
    event = _event(appointment, for_founder=True)
    if method == CANCEL:
        event["STATUS"] = "CANCELLED"
    calendar.add_component(event)
    return _serialise(calendar)


def feed(appointments, *, name: str) -> str:
    """A subscription calendar for advisers: no phone, no email, no answers of the founder."""
    calendar = _calendar(method=None)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    # Hints for clients that honour them (Outlook, Apple); Google refreshes on its own schedule.
    calendar.add("REFRESH-INTERVAL", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT15M")
    for appointment in appointments:
        calendar.add_component(_event(appointment, for_founder=False))
    return _serialise(calendar)


# --- internals ------------------------------------------------------------------------------


def _calendar(*, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    return calendar


def _event(appointment: Appointment, *, for_founder: bool) -> Event:
    slot = appointment.slot
    agency = slot.agency
    tz = local_tz()
    event = Event()
    event.add("UID", uid(appointment))
    event.add("SEQUENCE", appointment.ics_sequence)
    event.add("DTSTAMP", timezone.now())
    event.add("DTSTART", _when(slot.start, tz))
    event.add("DTEND", _when(slot.end, tz))
    event.add("LOCATION", location(appointment))
    event.add("STATUS", _status(appointment))
    pending = appointment.status == AppointmentStatus.PENDING
    # Outlook draws a tentative meeting hatched from this, not from STATUS.
    event.add("X-MICROSOFT-CDO-BUSYSTATUS", "TENTATIVE" if pending else "BUSY")
    prefix = PENDING_PREFIX if pending else ""
    if for_founder:
        event.add("SUMMARY", founder_summary(appointment))
        event.add("DESCRIPTION", f"Référence : {appointment.reference}")
    else:
        event.add("SUMMARY", f"{prefix}{appointment.full_name} – {slot.meeting_type.name}")
        event.add(
            "DESCRIPTION",
            f"Référence : {appointment.reference}\nProjet : {appointment.project_name}\n"
            f"Statut : {appointment.get_status_display()}",
        )
    event.add("ORGANIZER", _organizer(agency))
    attendee = vCalAddress(f"mailto:{appointment.email}")
    attendee.params["CN"] = vText(appointment.full_name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION" if pending else "ACCEPTED")
    attendee.params["RSVP"] = vText("FALSE")
    if for_founder:
        event.add("ATTENDEE", attendee)
    return event


def _when(instant: datetime, tz) -> datetime:
    """Paris time, except during the hour repeated when the clocks go back: a local time there
    names two instants and RFC 5545 reads it as the first, so the second is written in UTC."""
    local = instant.astimezone(tz)
    return instant.astimezone(UTC) if local.fold else local


def _organizer(agency) -> vCalAddress:
    address = agency.notification_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(agency_label(agency))
    return organizer


def location(appointment: Appointment) -> str:
    """Where the meeting is, as a calendar shows it: the address, the video link or "by phone"."""
    slot = appointment.slot
    mode = slot.meeting_type.mode
    if mode == MeetingMode.VIDEO:
        return slot.agency.video_link or "Visio (lien envoyé par votre conseiller)"
    if mode == MeetingMode.PHONE:
        return "Par téléphone"
    return slot.agency.full_address


def _status(appointment: Appointment) -> str:
    if appointment.status == AppointmentStatus.PENDING:
        return "TENTATIVE"
    if appointment.status in (AppointmentStatus.CONFIRMED, AppointmentStatus.ATTENDED):
        return "CONFIRMED"
    return "CANCELLED"


def _serialise(calendar: Calendar) -> str:
    starts = [e.start for e in calendar.walk("VEVENT")]
    if starts:
        calendar.subcomponents.insert(0, _vtimezone(min(starts).year, max(starts).year))
    return calendar.to_ical().decode("utf-8")


@lru_cache(maxsize=32)
def _vtimezone(first_year: int, last_year: int) -> Timezone:
    """The Europe/Paris rules for the years the events fall in (kept short: some clients choke
    on a VTIMEZONE listing every clock change since 1970)."""
    return Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=datetime(first_year - 1, 1, 1).date(),
        last_date=datetime(last_year + 2, 1, 1).date(),
    )


def _domain() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "osengo.fr"
