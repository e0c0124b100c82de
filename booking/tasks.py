"""Background tasks (django-tasks). With the default "immediate" backend they run in the
process that enqueues them; with TASKS_BACKEND=database, `manage.py db_worker` runs them.
django-tasks has no scheduler and no automatic retries: `manage.py run_booking_jobs`, run from
cron, is the clock (see docs/operations.md)."""

from django.utils import timezone
from django_tasks import task, task_backends

from booking import outbox
from booking.models import OutboxMessage, OutboxStatus


@task()
def deliver_email(message_id: int) -> str:
    """Send one outbox message (at most once, whatever the number of runs)."""
    result = outbox.deliver(message_id)
    if result == outbox.RETRY:
        _schedule_retry(message_id)
    return result


@task()
def run_booking_jobs() -> dict:
    """The periodic jobs, for deployments that prefer enqueueing them to calling the command."""
    from booking.services.jobs import booking_jobs_run

    return booking_jobs_run()


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
