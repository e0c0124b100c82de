"""French labels for times: stored in UTC, always shown in the site's time zone (Europe/Paris)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext

from home import french


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_local(value: datetime) -> datetime:
    return value.astimezone(local_tz())


def time_label(value: datetime) -> str:
    """ "10 h 30", the French typographic form."""
    local = to_local(value)
    return f"{local.hour} h {local.minute:02d}"


def day_label(value: datetime) -> str:
    """ "mardi 14 octobre 2026", "lundi 1er mars 2027" (home.french)."""
    return french.full_date(to_local(value))


def slot_label(start: datetime, end: datetime) -> str:
    """ "mardi 14 octobre 2026, 10 h 30 – 11 h 15"."""
    return f"{day_label(start)}, {time_label(start)} – {time_label(end)}"


def local_midnight(day: date) -> datetime:
    """The instant a local day starts (correct on the days the clocks change)."""
    return datetime.combine(day, time.min, tzinfo=local_tz())


# The days the booking calendar handles: any real date, and clear of the limits of Python's
# dates (the end of a day is the next local midnight, then an instant in UTC).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def in_calendar(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def calendar_error(day: date) -> str:
    return gettext("%(day)s : choisissez une date entre %(first)s et %(last)s.") % {
        "day": f"{day:%d/%m/%Y}",
        "first": FIRST_DAY.year,
        "last": LAST_DAY.year,
    }


def duration_label(minutes: int) -> str:
    """ "45 min", "1 h", "1 h 30"."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
