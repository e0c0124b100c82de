"""Who must use a second factor, and who may reset someone else's."""

from django.conf import settings
from django_otp import user_has_device

from accounts.groups import is_manager


def handles_appointments(user) -> bool:
    """Advisers, managers and superusers: the accounts that can read founders' data."""
    return user.has_perm("booking.view_appointment")


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def is_verified(user) -> bool:
    """The session passed a TOTP check (set by django_otp.login, read by OTPMiddleware)."""
    return getattr(user, "otp_device", None) is not None


def enrolment_required(user) -> bool:
    return settings.ADMIN_2FA_REQUIRED and handles_appointments(user)


def can_reset_for(request_user, target) -> bool:
    """Superusers may reset anyone's device; managers those of non-superusers."""
    if request_user.pk == target.pk:
        return False  # one's own device: the account page, with a password check
    if request_user.is_superuser:
        return True
    return is_manager(request_user) and not target.is_superuser
