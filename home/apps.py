from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site vitrine")

    def ready(self):
        # The page cache's invalidation signals and its before_serve_page hook.
        from home import page_cache

        page_cache.connect_signals()
