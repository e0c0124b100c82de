"""Every write to a user's TOTP devices."""

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Application d'authentification"


def device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same one (and QR code) until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Check `token` against the pending device (throttled by django-otp); on success the
    device becomes the user's only one."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        for other in devices_for_user(device.user, confirmed=None):
            if not (isinstance(other, TOTPDevice) and other.pk == device.pk):
                other.delete()
    return True


def devices_remove(*, user) -> int:
    """Remove every device of `user` (confirmed or not); returns how many."""
    removed = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
    return removed
