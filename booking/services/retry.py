"""Bounded retries of a write when the database is busy.

SQLite has one writer at a time: a write waits for the lock up to the busy timeout (the
`timeout` option of the database settings, 20 s), then fails with "database is locked". The
public writes (a booking; a cancellation or a move from the private link; the count of a
per-IP limit) share that same wait between BOOKING_DB_BUSY_ATTEMPTS tries, with a short random
pause between them, then raise `DatabaseBusy`, which the pages answer with a 503 that keeps the
form: never a server error, and never longer than a request may take. On PostgreSQL, a
deadlock, a serialization failure or a lock timeout is tried again the same way.

Only a call that owns its transaction is tried again: inside an outer `atomic` block the error
is translated at once (the outer transaction is the one to give up).
"""

import random
import time
from functools import wraps

from django.conf import settings
from django.db import OperationalError, connection

from booking.errors import DatabaseBusy

# Deadlock, serialization failure, lock not available.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
PAUSE_SECONDS = 0.2


def is_busy(error: OperationalError) -> bool:
    if connection.vendor == "sqlite":
        return "locked" in str(error)  # "database is locked", "database table is locked"
    return getattr(error.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def retry_when_busy(func):
    """Run `func` (one transaction) again while the database is busy, at most
    BOOKING_DB_BUSY_ATTEMPTS times in all; then raise DatabaseBusy. Nothing of a failed attempt
    was saved: its transaction was rolled back."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        attempts = max(1, settings.BOOKING_DB_BUSY_ATTEMPTS)
        nested = connection.in_atomic_block
        total_ms = _sqlite_busy_timeout_ms() if not nested else None
        if total_ms:
            _set_busy_timeout(max(1, total_ms // attempts))
        try:
            for attempt in range(1, attempts + 1):
                try:
                    return func(*args, **kwargs)
                except OperationalError as error:
                    if not is_busy(error):
                        raise
                    if nested or attempt == attempts:
                        raise DatabaseBusy() from error
                # Random, so that the writers that met on the lock do not meet again.
                time.sleep(PAUSE_SECONDS * attempt * random.uniform(0.5, 1.5))  # noqa: S311
        finally:
            if total_ms:
                _set_busy_timeout(total_ms)
        raise AssertionError("unreachable")

    return wrapper


def _sqlite_busy_timeout_ms() -> int | None:
    """On SQLite, the configured busy timeout, which the tries share."""
    if connection.vendor != "sqlite":
        return None
    return int(float(connection.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)


def _set_busy_timeout(milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
