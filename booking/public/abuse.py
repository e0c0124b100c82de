"""Protection of the public booking pages against abuse: per-IP rate limits counted in the
database (they work with the embedded defaults, no cache server needed), and bot detection by a
honeypot field and a minimum time to fill the form.

IPs are never stored: only a salted SHA-256, and those rows are purged after a few days.
"""

import hashlib
import ipaddress
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core import signing
from django.template.response import TemplateResponse
from django.utils import timezone

from booking.models import RateLimitHit

FORM_STARTED_SALT = "booking.form-started"


def client_ip(request) -> str:
    """The client's address. Behind N trusted proxies (TRUSTED_PROXY_COUNT), the N-th address
    from the right of X-Forwarded-For; never a value the client can choose. The admin login
    lockout reads it too (AXES_CLIENT_IP_CALLABLE), hence an address only, never junk."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def ip_hash(request) -> str:
    salted = f"{settings.SECRET_KEY}:rate-limit:{client_ip(request)}"
    return hashlib.sha256(salted.encode()).hexdigest()


def allow(request, scope: str) -> bool:
    """Count this request against the scope's limit; False once the limit is reached."""
    limit, seconds = settings.BOOKING_RATE_LIMITS[scope]
    key = ip_hash(request)
    since = timezone.now() - timedelta(seconds=seconds)
    if (
        RateLimitHit.objects.filter(scope=scope, ip_hash=key, created_at__gte=since).count()
        >= limit
    ):
        return False
    RateLimitHit.objects.create(scope=scope, ip_hash=key)
    return True


def rate_limited(scope: str, *, methods=("GET", "POST")):
    """Answer a French 429 page once an IP goes over the scope's limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and not allow(request, scope):
                response = TemplateResponse(request, "429.html", status=429)
                response["Retry-After"] = str(settings.BOOKING_RATE_LIMITS[scope][1])
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def purge_old_hits(*, older_than_days: int = 7) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = RateLimitHit.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- bots ----------------------------------------------------------------------------------


def form_started_token() -> str:
    """A signed timestamp put in the form when it is displayed."""
    return signing.dumps(time.time(), salt=FORM_STARTED_SALT)


def looks_like_a_bot(data) -> bool:
    """A filled honeypot, or a form sent back faster than a person could fill it (or with its
    timestamp missing or forged)."""
    if data.get("website"):
        return True
    try:
        started = float(signing.loads(data.get("form_started", ""), salt=FORM_STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return time.time() - started < settings.BOOKING_MIN_FILL_SECONDS
