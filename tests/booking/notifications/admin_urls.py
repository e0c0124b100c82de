"""The site's URLs plus the outbox and calendar-feed admin views, registered here only because
booking/wagtail_hooks.py (which will register them in the "Rendez-vous" menu) is not ours."""

from django.urls import include, path

from booking.backoffice.admin.calendars import CalendarFeedAdmin
from booking.backoffice.admin.outbox import OutboxMessageAdmin
from site_config.urls import urlpatterns as site_urlpatterns

outbox_admin = OutboxMessageAdmin()
feeds_admin = CalendarFeedAdmin()

urlpatterns = [
    path(
        "admin/",
        include(
            [
                *outbox_admin.get_admin_urls_for_registration(),
                *feeds_admin.get_admin_urls_for_registration(),
            ]
        ),
    ),
    *site_urlpatterns,
]
