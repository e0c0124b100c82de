"""Admin registration only: the "Rendez-vous" menu, the dashboard panel and a little CSS."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from booking.backoffice.admin import dashboard
from booking.backoffice.admin.group import BookingAdminGroup
from booking.models import log_entry_model_register

modeladmin_register(BookingAdminGroup)
hooks.register("construct_homepage_panels", dashboard.add_panel)
# After Wagtail's own registration (order 0): log entries scoped like their objects.
hooks.register("register_log_actions", log_entry_model_register, order=100)


@hooks.register("insert_global_admin_css")
def booking_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("booking/admin/admin.css"))
