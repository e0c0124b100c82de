from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Actualités")

    def ready(self):
        # The page types route to news.views, which sit above the models (they read through
        # the selectors): imported here, once the models are loaded, and handed to the pages.
        from news import models, views

        models.NewsIndexPage.views = views
        models.NewsPage.views = views
