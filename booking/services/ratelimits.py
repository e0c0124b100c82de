"""Per-IP limits of the public pages, counted in the database (they work with the embedded
defaults, no cache server needed). The key is a salted hash of the IP (see
booking.public.abuse.ip_hash), never the IP; the periodic jobs purge rows after a few days."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from booking.models import RateLimitHit

from .retry import retry_when_busy


def over_limit(scope: str, key: str, *, now: datetime) -> datetime | None:
    """None while `key` is under the scope's limit (BOOKING_RATE_LIMITS); once it is reached,
    the instant from which one more request will be allowed."""
    limit, seconds = settings.BOOKING_RATE_LIMITS[scope]
    window = timedelta(seconds=seconds)
    hits = RateLimitHit.objects.filter(scope=scope, ip_hash=key, created_at__gte=now - window)
    if hits.count() < limit:
        return None
    # The limit-th most recent hit leaving the window brings the count under the limit.
    times = hits.order_by("-created_at").values_list("created_at", flat=True)
    return times[limit - 1] + window


def count_hit(scope: str, key: str) -> None:
    RateLimitHit.objects.create(scope=scope, ip_hash=key)


@retry_when_busy
def rate_limit_count(*, scope: str, key: str) -> datetime | None:
    """Count one request of `key` against the scope's limit: None when it is allowed. When the
    limit is already reached nothing is counted, and the answer is the instant from which the
    next request will be allowed."""
    with transaction.atomic():
        retry_at = over_limit(scope, key, now=timezone.now())
        if retry_at is None:
            count_hit(scope, key)
    return retry_at
