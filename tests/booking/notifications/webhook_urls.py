"""The site's URLs plus the tracking webhooks, as the README tells to wire them."""

from django.urls import include, path

from site_config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("anymail/", include("booking.notify.webhooks")), *site_urlpatterns]
