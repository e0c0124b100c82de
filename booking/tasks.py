"""Import paths of tasks queued before the tasks moved to `booking.notify` (the database
backend stores each task's dotted path with the queued row). Nothing new is queued under these
names; keep them while a deployment may still hold such rows."""

from booking.notify.outbox import deliver_email
from booking.notify.tasks import run_booking_jobs

__all__ = ["deliver_email", "run_booking_jobs"]
