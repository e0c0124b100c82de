"""What accounts/wagtail_hooks.py registers for 2FA: the admin URLs, a panel on the account
page, and a "reset" button in the user listing."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets import Button

from accounts.two_factor import policy, urls


def admin_urls():
    return [path("double-authentification/", include(urls, namespace="booking_two_factor"))]


class TwoFactorSettingsPanel(BaseSettingsPanel):
    """Status and a link on the account page. Its own pages hold the forms: the account page
    is one big form, and nesting another in it is not possible."""

    name = "two_factor"
    title = _("Double authentification")
    order = 550
    template_name = "accounts/two_factor/account_panel.html"

    def get_form(self):
        return forms.Form(prefix=self.name)  # nothing to save with the account settings

    def get_context_data(self):
        return {
            "enabled": policy.has_device(self.user),
            "required": policy.enrolment_required(self.user),
            "status_url": reverse("booking_two_factor:status"),
        }


def user_listing_buttons(user, request_user):
    if not policy.can_reset_for(request_user, user):
        return []
    return [
        Button(
            _("Réinitialiser la double authentification"),
            url=reverse("booking_two_factor:reset_user", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
    ]
