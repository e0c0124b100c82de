"""The periodic jobs: reminders, nudges, expiry of unanswered requests, email retries, purge.

`manage.py run_booking_jobs` runs them every few minutes from cron; two runs may overlap. Every
email that must leave once is guarded by a conditional UPDATE (a *claim*: `reminder_sent_at` is
null → now) in the transaction that writes it to the outbox: of two runs, one claims the row and
writes the email, the other updates nothing and moves on. Expiry is a compare-and-swap on the
status, like every other transition.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from booking.errors import StaleAppointment
from booking.models import (
    Appointment,
    AppointmentStatus,
    OutboxMessage,
    RateLimitHit,
    StatusChange,
)
from booking.notify import notifications, outbox

from .appointments import appointment_expire
from .privacy import appointments_anonymize_older_than

S = AppointmentStatus
BATCH = 500
RATE_LIMIT_RETENTION = timedelta(days=7)


def booking_jobs_run(now: datetime | None = None) -> dict[str, int]:
    """Every job once; returns how many items each one handled."""
    now = now or timezone.now()
    return {
        "expired": requests_expire(now=now),
        "nudges": nudges_send(now=now),
        "reminders": reminders_send(now=now),
        "emails": emails_retry(now=now),
        "rate_limit_hits_purged": rate_limit_hits_purge(now=now),
        "appointments_anonymised": personal_data_purge(now=now),
    }


def reminders_send(*, now: datetime) -> int:
    """Remind founders of their confirmed appointment `BOOKING_REMINDER_HOURS_BEFORE` ahead."""
    window_end = now + timedelta(hours=settings.BOOKING_REMINDER_HOURS_BEFORE)
    candidates = Appointment.objects.filter(
        status=S.CONFIRMED,
        reminder_sent_at__isnull=True,
        slot__start__gt=now,
        slot__start__lte=window_end,
    ).values_list("pk", "slot_id")[:BATCH]
    sent = 0
    for pk, slot_id in candidates:
        with transaction.atomic():
            # The slot is part of the claim: an appointment moved meanwhile is not reminded of
            # a time it no longer has.
            claimed = Appointment.objects.filter(
                pk=pk, status=S.CONFIRMED, slot_id=slot_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                notifications.appointment_reminder(pk)
                sent += 1
    return sent


def nudges_send(*, now: datetime) -> int:
    """Tell the agency about requests unanswered for `BOOKING_NUDGE_AFTER_HOURS`."""
    cutoff = now - timedelta(hours=settings.BOOKING_NUDGE_AFTER_HOURS)
    candidates = (
        _pending_since_before(cutoff)
        .filter(nudge_sent_at__isnull=True, slot__start__gt=now)
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=pk, status=S.PENDING, nudge_sent_at__isnull=True
            ).update(nudge_sent_at=now)
            if claimed:
                notifications.appointment_nudge(pk)
                sent += 1
    return sent


def requests_expire(*, now: datetime) -> int:
    """Expire requests unanswered for `BOOKING_EXPIRE_AFTER_HOURS`, or whose slot has started."""
    cutoff = now - timedelta(hours=settings.BOOKING_EXPIRE_AFTER_HOURS)
    too_old = _pending_since_before(cutoff).values_list("pk", flat=True)
    started = Appointment.objects.filter(status=S.PENDING, slot__start__lte=now)
    candidates = Appointment.objects.filter(
        Q(pk__in=too_old) | Q(pk__in=started.values("pk"))
    ).values_list("pk", flat=True)[:BATCH]
    expired = 0
    for pk in candidates:
        try:
            appointment_expire(appointment=Appointment(pk=pk))
        except StaleAppointment:
            continue  # answered, cancelled or expired by someone else meanwhile
        expired += 1
    return expired


def emails_retry(*, now: datetime | None = None) -> int:
    """Deliver the queued emails that are due (the immediate task backend never retries).

    Always on the real clock, whatever `now` the other jobs use: a message being sent holds a
    lease until a real instant, and a clock set ahead would see it expired and send it again."""
    sent = 0
    for pk in outbox.due().order_by("pk").values_list("pk", flat=True)[:BATCH]:
        if outbox.deliver(pk) == outbox.SENT:
            sent += 1
    return sent


def outbox_message_resend(*, message: OutboxMessage) -> OutboxMessage:
    """A manager's "resend": the message is queued again with a fresh attempt count, and
    delivered as soon as this commits (still queued if the mail server is down)."""
    with transaction.atomic():
        outbox.requeue(message)
    message.refresh_from_db()
    return message


def rate_limit_hits_purge(*, now: datetime) -> int:
    deleted, _ = RateLimitHit.objects.filter(created_at__lt=now - RATE_LIMIT_RETENTION).delete()
    return deleted


def personal_data_purge(*, now: datetime) -> int:
    """Anonymise the appointments whose meeting is older than BOOKING_RETENTION_MONTHS."""
    return appointments_anonymize_older_than(months=settings.BOOKING_RETENTION_MONTHS, now=now)


def _pending_since_before(cutoff: datetime):
    """Pending requests waiting since before `cutoff`: booked before it, and not put back to
    pending (by a move) after it."""
    moved_back_later = StatusChange.objects.filter(
        appointment=OuterRef("pk"), to_status=S.PENDING, changed_at__gt=cutoff
    ).exclude(from_status="")
    return Appointment.objects.filter(status=S.PENDING, created_at__lte=cutoff).exclude(
        Exists(moved_back_later)
    )
