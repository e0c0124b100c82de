"""The code asked after the password, and who is sent to it (the enforcement middleware)."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor.conftest import code_for, wrong_code_for
from tests.booking.admin.conftest import client_for

pytestmark = pytest.mark.django_db

VERIFY = reverse("booking_two_factor:verify")
ENROL = reverse("booking_two_factor:enrol")
APPOINTMENTS = reverse("booking_appointment_modeladmin_index")
HOME = reverse("wagtailadmin_home")


def test_a_user_with_a_device_is_sent_to_verification(adviser_clermont, device):
    response = client_for(adviser_clermont).get(APPOINTMENTS)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next={APPOINTMENTS.replace('/', '%2F')}"


def test_the_right_code_opens_the_appointment_list(adviser_clermont, device):
    client = client_for(adviser_clermont)
    page = client.get(VERIFY, {"next": APPOINTMENTS})
    assert page.status_code == 200
    assert "Saisissez le code à 6 chiffres" in page.text

    response = client.post(VERIFY, {"code": code_for(device), "next": APPOINTMENTS})
    assert response.status_code == 302
    assert response.url == APPOINTMENTS
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(APPOINTMENTS).status_code == 200


def test_a_wrong_code_is_refused_in_french(adviser_clermont, device):
    client = client_for(adviser_clermont)
    response = client.post(VERIFY, {"code": wrong_code_for(device), "next": APPOINTMENTS})
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(APPOINTMENTS).status_code == 302


def test_a_code_is_only_accepted_once(adviser_clermont, device):
    code = code_for(device)
    assert client_for(adviser_clermont).post(VERIFY, {"code": code}).status_code == 302
    replay = client_for(adviser_clermont).post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert "Code incorrect" in replay.text


def test_wrong_codes_are_throttled(settings, adviser_clermont, device):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = client_for(adviser_clermont)
    client.post(VERIFY, {"code": wrong_code_for(device)})
    # Even the right code waits out the delay: guessing a million codes is not an option.
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert "Trop de codes erronés" in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_next_never_leads_off_site(adviser_clermont, device):
    response = client_for(adviser_clermont).post(
        VERIFY, {"code": code_for(device), "next": "https://evil.example/admin/"}
    )
    assert response.url == HOME


@pytest.mark.parametrize("account", ["adviser_clermont", "manager", "superuser"])
def test_required_mode_sends_appointment_staff_without_device_to_enrolment(
    settings, request, account
):
    settings.ADMIN_2FA_REQUIRED = True
    response = client_for(request.getfixturevalue(account)).get(APPOINTMENTS)
    assert response.status_code == 302
    assert response.url.startswith(ENROL)


def test_optional_mode_lets_staff_without_device_through(settings, adviser_clermont):
    settings.ADMIN_2FA_REQUIRED = False
    assert client_for(adviser_clermont).get(APPOINTMENTS).status_code == 200


def test_editors_are_never_forced(settings, editor):
    settings.ADMIN_2FA_REQUIRED = True
    client = client_for(editor)
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("wagtailadmin_explore_root"), follow=True).status_code == 200


def test_an_editor_who_enrolled_is_asked_for_the_code(editor):
    TOTPDevice.objects.create(user=editor, name="Téléphone", confirmed=True)
    assert client_for(editor).get(HOME).url.startswith(VERIFY)


def test_an_unconfirmed_device_does_not_count(adviser_clermont):
    TOTPDevice.objects.create(user=adviser_clermont, name="Téléphone", confirmed=False)
    assert client_for(adviser_clermont).get(APPOINTMENTS).status_code == 200


def test_logout_and_admin_scripts_stay_reachable(settings, adviser_clermont, device):
    settings.ADMIN_2FA_REQUIRED = True
    client = client_for(adviser_clermont)
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_login")
    assert "_auth_user_id" not in client.session


def test_required_mode_enrolment_page_is_reachable(settings, adviser_clermont):
    settings.ADMIN_2FA_REQUIRED = True
    response = client_for(adviser_clermont).get(ENROL)
    assert response.status_code == 200
    assert "activez la double authentification pour continuer" in response.text
