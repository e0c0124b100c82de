"""The email outbox: every email is a row written in the transaction of the change that causes
it, then delivered by the task `deliver_email` below once that transaction commits.

Delivery is idempotent: whoever sends a message first *claims* it with one conditional UPDATE
(queued and due → attempts + 1, next attempt pushed back), so a task that runs twice, a worker
and the periodic command racing each other, or two commands at once send it once. A failure
leaves it queued for a later attempt, with an exponential backoff, until
BOOKING_EMAIL_MAX_ATTEMPTS; then it is marked failed and managers can resend it from the admin.

Just before sending, the message is checked again against the appointment as it is now
(booking/notify/relevance.py): a reminder of a meeting the founder has cancelled meanwhile, a
confirmation that a later move replaced, anything about a meeting that is over, is not sent
but marked obsolete, with the reason.

The states of a message (OutboxStatus):
- queued: waiting for its first attempt, or for a retry after a failure (`next_attempt_at`);
- sent: accepted by the mail server or the provider (`sent_at`);
- failed: every attempt failed (`last_error`); a manager may resend it;
- bounced: sent, then reported undeliverable by the provider (booking/notify/webhooks.py);
- obsolete: not sent, because what it said no longer held when it could leave
  (`obsolete_reason`); resending it checks again.
"""

import logging
import os
import threading
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connections, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from booking.models import OutboxMessage, OutboxStatus
from booking.notify.relevance import obsolete_reason

logger = logging.getLogger(__name__)

ICS_FILENAME = "invitation.ics"
# First retry after 2 minutes, then 4, 8, 16… capped at 6 hours.
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
# A claimed message is not picked up again before this, even if its sender died mid-way.
CLAIM_LEASE = timedelta(minutes=10)


def write(
    kind: str,
    *,
    to: str,
    context: dict,
    appointment=None,
    reply_to: str = "",
    ics: str = "",
) -> OutboxMessage:
    """Render `booking/emails/<kind>*` and store the email; it leaves after the commit."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"booking/emails/{kind}_subject.txt", context)
        text = render_to_string(f"booking/emails/{kind}.txt", context)
        html = render_to_string(f"booking/emails/{kind}.html", context)
    message = OutboxMessage.objects.create(
        appointment=appointment,
        appointment_version=None if appointment is None else appointment.ics_sequence,
        kind=kind,
        to_email=to,
        reply_to=reply_to or "",
        subject=" ".join(subject.split())[:255],
        body_text=text,
        body_html=html,
        ics=ics,
    )
    deliver_after_commit([message.pk])
    return message


def deliver_after_commit(message_ids: list[int]) -> None:
    """Enqueue the delivery task once the current transaction commits (at once outside one).

    The immediate task backend runs a task where it is enqueued: each delivery is then handed
    to a small pool of background threads (BOOKING_EMAIL_DELIVERY_THREADS), so that no answer
    ever waits for the mail server. Other backends only store the task: enqueued at once."""

    def enqueue():
        background = _delivers_in_background()
        for message_id in message_ids:
            if not background:
                _enqueue(message_id)
            elif not _background.submit(_enqueue, message_id):
                # Too many deliveries waiting already: `run_booking_jobs` sends this one.
                logger.warning("Outbox message %s left for the periodic job", message_id)

    transaction.on_commit(enqueue)


def _enqueue(message_id: int) -> None:
    try:
        deliver_email.enqueue(message_id)
    except Exception:
        # The row stays queued: `run_booking_jobs` delivers it on its next run.
        logger.exception("Could not enqueue the delivery of outbox message %s", message_id)


def _delivers_in_background() -> bool:
    return settings.BOOKING_EMAIL_DELIVERY_THREADS > 0 and isinstance(
        task_backends[deliver_email.backend], ImmediateBackend
    )


class _BackgroundDeliveries:
    """The threads that send emails for the immediate task backend, after the answer.

    Made per process (a forked gunicorn worker does not inherit its parent's threads) and
    bounded: BOOKING_EMAIL_DELIVERY_THREADS threads, MAX_PENDING deliveries waiting at most.
    Each attempt is bounded by EMAIL_TIMEOUT; a message whose delivery never ran (a full pool, a
    process stopped) is still queued in the outbox, and `run_booking_jobs` sends it."""

    MAX_PENDING = 100

    def __init__(self):
        self._lock = threading.Lock()
        self._pool = None
        self._pid = None
        self._pending = set()

    def submit(self, function, *args) -> bool:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(
                    max_workers=settings.BOOKING_EMAIL_DELIVERY_THREADS,
                    thread_name_prefix="outbox-delivery",
                )
                self._pid = os.getpid()
                self._pending = set()
            if len(self._pending) >= self.MAX_PENDING:
                return False
            future = self._pool.submit(self._run, function, *args)
            self._pending.add(future)
        future.add_done_callback(self._done)
        return True

    @staticmethod
    def _run(function, *args):
        try:
            function(*args)
        finally:
            connections.close_all()  # this thread's own connections

    def _done(self, future):
        with self._lock:
            self._pending.discard(future)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the deliveries handed over so far; False if some still run after
        `timeout` seconds."""
        with self._lock:
            pending = list(self._pending)
        _, not_done = futures.wait(pending, timeout=timeout)
        return not not_done


_background = _BackgroundDeliveries()


def wait_for_deliveries(timeout: float | None = None) -> bool:
    """Wait for this process's background deliveries (tests, commands about to exit)."""
    return _background.wait(timeout)


SENT = "sent"
RETRY = "retry"  # failed, another attempt is scheduled
FAILED = "failed"  # failed for the last time
SKIPPED = "skipped"  # not due, already sent, or being sent by someone else
OBSOLETE = "obsolete"  # what it said no longer holds: not sent


def deliver(message_id: int, *, now: datetime | None = None) -> str:
    """Send one queued message if it is due, nobody else is sending it, and it still holds."""
    now = now or timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    )
    if not claimed:
        return SKIPPED
    message = OutboxMessage.objects.select_related("appointment__slot").get(pk=message_id)
    reason = obsolete_reason(message, now=now)
    if reason:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.OBSOLETE, next_attempt_at=None, obsolete_reason=reason[:255]
        )
        logger.info("Email %s (outbox message %s) not sent: %s", message.kind, message.pk, reason)
        return OBSOLETE
    try:
        email = build_email(message)
        email.send()
    except Exception as error:
        return _record_failure(message, error, now=now)
    # Anymail's id for this message, matched by the tracking webhook (booking/notify/webhooks.py).
    provider_id = getattr(getattr(email, "anymail_status", None), "message_id", None)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        obsolete_reason="",
        provider_message_id="" if provider_id is None else str(provider_id)[:255],
    )
    return SENT


@task()
def deliver_email(message_id: int) -> str:
    """Send one outbox message (at most once, whatever the number of runs)."""
    result = deliver(message_id)
    if result == RETRY:
        _schedule_retry(message_id)
    return result


def _schedule_retry(message_id: int) -> None:
    """On a backend able to defer tasks, come back when the next attempt is due; otherwise the
    periodic command retries due messages."""
    if not task_backends[deliver_email.backend].supports_defer:
        return
    retry_at = (
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.QUEUED)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at and retry_at > timezone.now():
        deliver_email.using(run_after=retry_at).enqueue(message_id)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.to_email],
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.ics:
        email.attach(ics_attachment(message.ics))
    return email


def ics_attachment(ics: str) -> MIMEText:
    """The invitation as an *attachment* (Anymail's providers refuse a text/calendar
    alternative part). The METHOD is repeated in the content type, as calendar clients expect."""
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", ics_method(ics))
    part.add_header("Content-Disposition", "attachment", filename=ICS_FILENAME)
    return part


def ics_method(ics: str) -> str:
    for line in ics.splitlines():
        if line.startswith("METHOD:"):
            return line.removeprefix("METHOD:").strip()
    return "PUBLISH"


def due(now: datetime | None = None):
    """Queued messages whose next attempt is due (or whose first delivery never ran)."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def requeue(message: OutboxMessage) -> None:
    """Queue a failed, bounced, obsolete or already sent message again, with a fresh attempt
    count (an obsolete one is checked again when it is about to leave)."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=None,
        last_error="",
        obsolete_reason="",
    )
    deliver_after_commit([message.pk])


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_BASE * 2**attempts, RETRY_CAP)


def _record_failure(message: OutboxMessage, error: Exception, *, now: datetime) -> str:
    attempts = message.attempts
    final = attempts >= settings.BOOKING_EMAIL_MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED if final else OutboxStatus.QUEUED,
        next_attempt_at=None if final else now + retry_delay(attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    # The error's text may quote the address: only its type goes to the logs.
    logger.warning(
        "Email %s (outbox message %s) could not be sent, attempt %s/%s: %s",
        message.kind,
        message.pk,
        attempts,
        settings.BOOKING_EMAIL_MAX_ATTEMPTS,
        type(error).__name__,
    )
    return FAILED if final else RETRY
