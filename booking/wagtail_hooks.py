"""Admin registration only: the "Rendez-vous" menu, the dashboard panel, a little CSS, and the
two-factor pages (URLs, account panel, reset button in the user listing)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from booking.admin import dashboard
from booking.admin.group import BookingAdminGroup
from booking.two_factor import hooks as two_factor

modeladmin_register(BookingAdminGroup)
hooks.register("construct_homepage_panels", dashboard.add_panel)
hooks.register("register_admin_urls", two_factor.admin_urls)
hooks.register("register_account_settings_panel", two_factor.TwoFactorSettingsPanel)
hooks.register("register_user_listing_buttons", two_factor.user_listing_buttons)


@hooks.register("insert_global_admin_css")
def booking_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("booking/admin/admin.css"))
