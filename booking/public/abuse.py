"""Protection of the public booking pages against abuse: the key of the per-IP limits (counted
in the database by booking.services.ratelimits), and bot detection by a honeypot field and a
signed timestamp of when the form was shown.

IPs are never stored: only a salted SHA-256, and those rows are purged after a few days.
"""

import hashlib
import ipaddress
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from booking.models import RateLimitHit

LEGACY_FORM_STARTED_SALT = "booking.form-started"


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


def purge_old_hits(*, older_than_days: int = 7) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = RateLimitHit.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- bots ----------------------------------------------------------------------------------

# The signed payload of the form's timestamp: {"k": submission key, "t": when it was shown}.
FORM_STARTED_SALT = "booking.form-started.v2"

OK = "ok"
TOO_FAST = "too-fast"  # shown again: "check your details and send again"
EXPIRED = "expired"  # shown again with a fresh token
ROBOT = "robot"  # a filled honeypot, a forged token: a fake success, nothing saved


def form_started_token(submission_key: str, *, shown_at: float | None = None) -> str:
    """The signed timestamp put in the form when it is shown, bound to its submission key: a
    token replayed with other keys is refused, and one replayed with its own key can only ever
    give the one booking of that key. No session needed (the page works without cookies)."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.Signer(salt=FORM_STARTED_SALT).sign_object(
        {"k": submission_key, "t": round(shown_at, 3)}
    )


def check_form(data) -> str:
    """What the traps say of a booking form sent back: OK, TOO_FAST, EXPIRED or ROBOT.

    A person with the browser's autofill can send the form within seconds, so too fast is
    not a robot for sure: only a filled honeypot or a forged token is."""
    if data.get("website"):
        return ROBOT
    token = data.get("form_started", "")
    try:
        payload = signing.Signer(salt=FORM_STARTED_SALT).unsign_object(token)
        key, shown_at = payload["k"], float(payload["t"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        # The timestamp of a form shown before version 2 of the token: an old tab, a person.
        return EXPIRED if _legacy_token(token) else ROBOT
    if not isinstance(key, str) or not constant_time_compare(key, data.get("submission_key", "")):
        return ROBOT
    age = time.time() - shown_at
    if age > settings.BOOKING_FORM_MAX_AGE_HOURS * 3600:
        return EXPIRED
    if age < settings.BOOKING_MIN_FILL_SECONDS:
        return TOO_FAST
    return OK


def with_fresh_token(data):
    """The form's data with a new timestamp for its submission key, dated as if shown
    BOOKING_MIN_FILL_SECONDS ago: the person may send it again at once."""
    data = data.copy()
    shown_at = time.time() - settings.BOOKING_MIN_FILL_SECONDS
    data["form_started"] = form_started_token(data.get("submission_key", ""), shown_at=shown_at)
    return data


def _legacy_token(token: str) -> bool:
    try:
        float(signing.loads(token, salt=LEGACY_FORM_STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return True
