"""Admin registration only: the two-factor pages (URLs, account panel, reset button in the
user listing)."""

from wagtail import hooks

from accounts.two_factor import hooks as two_factor

hooks.register("register_admin_urls", two_factor.admin_urls)
hooks.register("register_account_settings_panel", two_factor.TwoFactorSettingsPanel)
hooks.register("register_user_listing_buttons", two_factor.user_listing_buttons)
