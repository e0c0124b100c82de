"""RSS feed of the news section, served by NewsIndexPage at its `flux/` sub-route."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


class NewsFeed(Feed):
    """Built per request around one index page; Django makes every link absolute."""

    feed_type = Rss201rev2Feed
    language = "fr"
    title = _("Actualités d'Osengo")
    description = _(
        "Les dernières nouvelles d'Osengo, l'incubateur d'entreprises d'Auvergne : promotions, "
        "financements, ateliers et témoignages à Clermont-Ferrand, Vichy et Aurillac."
    )

    def __init__(self, *, index):
        super().__init__()
        self.index = index
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def link(self, index):
        return index.get_url(request=self.request)

    def feed_url(self, index):
        return index.get_url(request=self.request) + index.reverse_subpage("feed")

    def items(self, index):
        return selectors.news_feed_items(index=index)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        names = [item.category.name] if item.category else []
        return names + [tag.name for tag in item.tags.all()]
