"""Turning 2FA on from the account page, and off again (or by a superuser for someone else)."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.groups import ADVISERS_GROUP
from tests.accounts.two_factor.conftest import code_for, wrong_code_for
from tests.booking.admin.conftest import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

STATUS = reverse("booking_two_factor:status")
ENROL = reverse("booking_two_factor:enrol")
REMOVE = reverse("booking_two_factor:remove")
APPOINTMENTS = reverse("booking_appointment_modeladmin_index")


def test_the_account_page_shows_the_status_and_leads_to_enrolment(adviser_clermont):
    response = client_for(adviser_clermont).get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert "Double authentification" in response.text
    assert STATUS in response.text


def test_account_settings_still_save_with_the_panel(adviser_clermont):
    client = client_for(adviser_clermont)
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Camille",
            "name_email-last_name": "Test",
            "name_email-email": "camille@osengo.test",
            "locale-preferred_language": "fr",
            "locale-current_time_zone": "Europe/Paris",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    adviser_clermont.refresh_from_db()
    assert adviser_clermont.first_name == "Camille"


def test_enrolment_end_to_end(adviser_clermont):
    client = client_for(adviser_clermont)
    assert "pas activée" in client.get(STATUS).text

    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=adviser_clermont)
    assert not device.confirmed
    assert "<svg" in page.text  # the QR code, drawn on the server
    assert "<script" not in page.text.split('id="main"')[-1]
    assert device.config_url.startswith("otpauth://totp/Osengo")
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] in page.text and secret[-4:] in page.text
    # Reloading the page keeps the same secret (the phone may already have scanned it).
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=adviser_clermont).key == device.key

    refused = client.post(ENROL, {"code": wrong_code_for(device)})
    assert refused.status_code == 200
    assert "Code incorrect ou expiré" in refused.text
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    response = client.post(ENROL, {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == STATUS
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "est activée" in client.get(STATUS).text
    assert client.get(APPOINTMENTS).status_code == 200
    # With a device, the enrolment page no longer hands out a new secret.
    assert client.get(ENROL).url == STATUS


def test_enrolment_goes_back_to_the_page_asked_for(adviser_clermont):
    client = client_for(adviser_clermont)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=adviser_clermont)
    response = client.post(ENROL, {"code": code_for(device), "next": APPOINTMENTS})
    assert response.url == APPOINTMENTS


def test_removing_ones_device_needs_the_password(adviser_clermont, device):
    client = client_for(adviser_clermont)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # a verified session
    session.save()

    refused = client.post(REMOVE, {"password": "pas-le-bon-mot-de-passe"})
    assert refused.status_code == 200
    assert "Mot de passe incorrect" in refused.text
    assert TOTPDevice.objects.filter(user=adviser_clermont).exists()

    response = client.post(REMOVE, {"password": PASSWORD})
    assert response.url == STATUS
    assert not TOTPDevice.objects.filter(user=adviser_clermont).exists()


def test_the_password_alone_cannot_remove_the_device(adviser_clermont, device):
    response = client_for(adviser_clermont).post(REMOVE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("booking_two_factor:verify"))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_superuser_resets_a_lost_device(superuser, adviser_clermont, device):
    client = client_for(superuser)
    url = reverse("booking_two_factor:reset_user", args=[adviser_clermont.pk])
    listing = client.get(reverse("wagtailusers_users:index"))
    assert url in listing.text
    assert "Réinitialiser la double authentification" in client.get(url).text
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=adviser_clermont).exists()


def test_only_superusers_and_managers_reset_devices(
    groups, superuser, manager, adviser_clermont, editor, device
):
    def reset(by, target):
        url = reverse("booking_two_factor:reset_user", args=[target.pk])
        return client_for(by).post(url)

    boss_device = TOTPDevice.objects.create(user=superuser, name="Téléphone", confirmed=True)
    colleague = make_user("conseiller.autre", group=groups[ADVISERS_GROUP])
    for by, target in [(colleague, adviser_clermont), (editor, adviser_clermont)]:
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert reset(by, target).url == reverse("wagtailadmin_home")
    # A manager resets an adviser, never a superuser.
    assert reset(manager, superuser).url == reverse("wagtailadmin_home")
    assert TOTPDevice.objects.filter(pk__in=[device.pk, boss_device.pk]).count() == 2
    assert reset(manager, adviser_clermont).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
