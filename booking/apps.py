from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Rendez-vous")

    def ready(self):
        # The booking page routes to the public views, which sit above the models (they call
        # the services): imported here, once the models are loaded, and handed to the page.
        from booking.backoffice import permissions
        from booking.models import BookingPage, ScopedModelLogEntry
        from booking.public import views

        BookingPage.views = views
        # Likewise, the log entries of booking objects are shown to whoever may see the object.
        ScopedModelLogEntry.visible_objects = permissions.visible_objects
