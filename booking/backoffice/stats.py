"""Figures of the appointment workflow for one period and one agency (or all).

An appointment counts in a period when its meeting falls in it. Everything is computed from
one query of four columns, in Python: portable across SQLite and PostgreSQL (no percentile or
time-zone functions), and a year of an incubator's appointments is a few thousand rows.
"""

import calendar
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booking.models import AppointmentStatus
from booking.timefmt import local_midnight, to_local

S = AppointmentStatus

PERIOD_KINDS = [
    ("month", gettext_lazy("Mois")),
    ("quarter", gettext_lazy("Trimestre")),
    ("year", gettext_lazy("Année")),
    ("custom", gettext_lazy("Dates choisies")),
]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def around(cls, kind: str, reference: date) -> "Period":
        if kind == "year":
            return cls(date(reference.year, 1, 1), date(reference.year, 12, 31))
        if kind == "quarter":
            first_month = 3 * ((reference.month - 1) // 3) + 1
            last_month = first_month + 2
            last_day = calendar.monthrange(reference.year, last_month)[1]
            return cls(
                date(reference.year, first_month, 1), date(reference.year, last_month, last_day)
            )
        last_day = calendar.monthrange(reference.year, reference.month)[1]
        return cls(reference.replace(day=1), reference.replace(day=last_day))

    @property
    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


@dataclass
class Bucket:
    label: str
    requests: int = 0
    attended: int = 0


@dataclass
class AppointmentStats:
    period: Period
    by_status: Counter = field(default_factory=Counter)
    distinct_founders: int = 0
    median_lead_days: float | None = None
    busiest: list[tuple[str, int]] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.by_status.values())

    def count(self, status) -> int:
        return self.by_status.get(str(status), 0)

    @property
    def attendance_rate(self) -> float | None:
        """Attended among the meetings that took place or should have (attended + no-show)."""
        attended, no_show = self.count(S.ATTENDED), self.count(S.NO_SHOW)
        if not attended + no_show:
            return None
        return attended / (attended + no_show)

    def figures(self) -> list[tuple[str, str]]:
        """(label, value) pairs, for the page and the CSV."""
        rate = self.attendance_rate
        lead = self.median_lead_days
        return [
            (_("Demandes"), str(self.requests)),
            (_("En attente"), str(self.count(S.PENDING))),
            (_("Confirmés (à venir)"), str(self.count(S.CONFIRMED))),
            (_("Refusés"), str(self.count(S.REFUSED))),
            (_("Annulés par le porteur de projet"), str(self.count(S.CANCELLED_BY_FOUNDER))),
            (_("Annulés par l'agence"), str(self.count(S.CANCELLED_BY_AGENCY))),
            (_("Expirés sans réponse"), str(self.count(S.EXPIRED))),
            (_("Honorés"), str(self.count(S.ATTENDED))),
            (_("Absents"), str(self.count(S.NO_SHOW))),
            (
                _("Taux de rendez-vous honorés"),
                "—" if rate is None else f"{formats.number_format(rate * 100, 1)} %",
            ),
            (_("Porteurs de projet distincts"), str(self.distinct_founders)),
            (
                _("Délai médian entre demande et rendez-vous (jours)"),
                "—" if lead is None else formats.number_format(lead, 1),
            ),
        ]


def appointment_stats(appointments, period: Period) -> AppointmentStats:
    """`appointments` is already limited to the agencies wanted (and the user's scope)."""
    rows = appointments.filter(
        slot__start__gte=local_midnight(period.start),
        slot__start__lt=local_midnight(period.end + timedelta(days=1)),
    ).values_list("status", "email", "created_at", "slot__start")
    stats = AppointmentStats(period=period)
    founders, lead_days, busiest = set(), [], Counter()
    buckets = _buckets(period)
    for status, email, created_at, start in rows:
        stats.by_status[status] += 1
        if email:
            founders.add(email.lower())
        lead_days.append((start - created_at).total_seconds() / 86400)
        local = to_local(start)
        busiest[(local.weekday(), local.hour)] += 1
        bucket = buckets[_bucket_key(period, local.date())]
        bucket.requests += 1
        if status == S.ATTENDED:
            bucket.attended += 1
    stats.distinct_founders = len(founders)
    stats.median_lead_days = statistics.median(lead_days) if lead_days else None
    stats.busiest = [
        (f"{WEEKDAYS[weekday]} {hour} h", count)
        for (weekday, hour), count in sorted(busiest.items(), key=lambda i: (-i[1], i[0]))[:5]
    ]
    stats.buckets = list(buckets.values())
    return stats


def _granularity(period: Period) -> str:
    days = (period.end - period.start).days + 1
    if days <= 31:
        return "day"
    if days <= 190:
        return "week"
    return "month"


def _bucket_key(period: Period, day: date) -> date:
    granularity = _granularity(period)
    if granularity == "day":
        return day
    if granularity == "week":
        return max(day - timedelta(days=day.weekday()), period.start)
    return max(day.replace(day=1), period.start)


def _buckets(period: Period) -> dict[date, Bucket]:
    buckets = {}
    day = period.start
    while day <= period.end:
        key = _bucket_key(period, day)
        if key not in buckets:
            label = f"{key:%d/%m}" if _granularity(period) != "month" else f"{key:%m/%Y}"
            buckets[key] = Bucket(label=label)
        day += timedelta(days=1)
    return buckets


def bar_chart(stats: AppointmentStats, *, width: int = 720, height: int = 220) -> dict:
    """Coordinates of a grouped bar chart (requests, attended) for a server-rendered SVG."""
    buckets = stats.buckets or [Bucket(label="")]
    top = max(max(b.requests for b in buckets), 1)
    plot_height = height - 40
    slot_width = width / len(buckets)
    bar_width = max(slot_width / 2 - 2, 1)
    bars, labels = [], []
    every = max(len(buckets) // 12, 1)
    for index, bucket in enumerate(buckets):
        x = index * slot_width
        for offset, value, kind in (
            (0, bucket.requests, "requests"),
            (1, bucket.attended, "attended"),
        ):
            bar_height = plot_height * value / top
            bars.append(
                {
                    "x": round(x + 1 + offset * bar_width, 1),
                    "y": round(plot_height - bar_height + 10, 1),
                    "width": round(bar_width, 1),
                    "height": round(bar_height, 1),
                    "kind": kind,
                    "title": f"{bucket.label} : {value}",
                }
            )
        if index % every == 0:
            labels.append({"x": round(x + slot_width / 2, 1), "text": bucket.label})
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "top": top,
        "baseline": plot_height + 10,
    }
