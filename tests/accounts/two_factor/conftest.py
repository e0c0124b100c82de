"""Staff accounts (from the admin tests), a confirmed TOTP device and a code generator."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.booking.admin.conftest import (  # noqa: F401 (fixtures)
    adviser_clermont,
    clermont,
    editor,
    groups,
    manager,
    superuser,
)


def code_for(device, *, offset=0) -> str:
    """The code the user's phone shows now (or `offset` steps later), as typed: 6 digits."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{code:06d}"


def wrong_code_for(device) -> str:
    """A well-formed code the device accepts at no step within its tolerance."""
    valid = {code_for(device, offset=o) for o in range(-2, 3)}
    return next(c for c in ("000000", "123456", "999999", "424242") if c not in valid)


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    """django-otp waits 1, 2, 4… seconds after each wrong code; the throttling test sets the
    factor back."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def device(adviser_clermont):  # noqa: F811
    return TOTPDevice.objects.create(user=adviser_clermont, name="Téléphone", confirmed=True)
