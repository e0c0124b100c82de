"""The account rules of the security issue: 2FA mandatory in production, passwords of at least
12 characters checked by Django's validators, admin sessions that expire."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.booking.admin.conftest import PASSWORD, client_for

ROOT = Path(__file__).resolve().parents[3]


def setting_in(module: str, name: str, **env) -> str:
    """The value of a setting, read in a fresh interpreter with exactly this environment."""
    overrides = {"ADMIN_2FA_REQUIRED", "SESSION_COOKIE_AGE"}
    clean = {k: v for k, v in os.environ.items() if k not in overrides}
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", f"from {module} import {name}; print({name})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_2fa_is_mandatory_in_production_only():
    production = "site_config.settings.production"
    assert setting_in(production, "ADMIN_2FA_REQUIRED", SECRET_KEY="x" * 50) == "True"
    assert setting_in("site_config.settings.base", "ADMIN_2FA_REQUIRED") == "False"
    lifted = {"SECRET_KEY": "x" * 50, "ADMIN_2FA_REQUIRED": "0"}
    assert setting_in(production, "ADMIN_2FA_REQUIRED", **lifted) == "False"


@pytest.mark.parametrize("password", ["Court-1a!", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_eleven_characters_are_not_enough():
    with pytest.raises(ValidationError) as error:
        validate_password("Vq7#kL2!pXz")
    assert any(e.code == "password_too_short" for e in error.value.error_list)
    validate_password("Vq7#kL2!pXz9")  # twelve: accepted


@pytest.mark.django_db
def test_the_admin_password_change_applies_the_rules(adviser_clermont):
    response = client_for(adviser_clermont).post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "Court-1a!",
            "password-new_password2": "Court-1a!",
        },
    )
    assert response.status_code == 200
    adviser_clermont.refresh_from_db()
    assert adviser_clermont.check_password(PASSWORD)


def test_admin_sessions_expire_within_a_working_day(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert setting_in("site_config.settings.base", "SESSION_COOKIE_AGE") == str(8 * 60 * 60)
