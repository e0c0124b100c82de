from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as media_serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("sante/", home_views.health, name="health"),  # health check: "ok", no database
    path("agenda/", include("booking.notify.feeds")),  # private iCal feeds: /agenda/<token>.ics
    path("anymail/", include("booking.notify.webhooks")),  # provider tracking webhooks (bounces)
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images and documents; behind a real web server, let it serve MEDIA_ROOT instead.
    def serve_media(request, path):
        return media_serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_media)]

urlpatterns += [
    # Wagtail serves every other URL from the page tree; this must stay last.
    path("", include(wagtail_urls)),
]
