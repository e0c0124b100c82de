from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: roles (groups) and two-factor authentication for the Wagtail admin.
    It owns no model of its own (TOTP devices are django-otp's)."""

    name = "accounts"
    verbose_name = _("Comptes")
