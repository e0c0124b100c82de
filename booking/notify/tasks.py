"""Background tasks (django-tasks). With the default "immediate" backend they run in the
process that enqueues them; with TASKS_BACKEND=database, `manage.py db_worker` runs them.
django-tasks has no scheduler and no automatic retries: `manage.py run_booking_jobs`, run from
cron, is the clock (see docs/operations.md). Email delivery is `outbox.deliver_email`."""

from django_tasks import task

from booking.services.jobs import booking_jobs_run


@task()
def run_booking_jobs() -> dict:
    """The periodic jobs, for deployments that prefer enqueueing them to calling the command."""
    return booking_jobs_run()
