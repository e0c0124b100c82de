"""The news section: one index page per site, articles below it, categories as snippets."""

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock

NEWS_PER_PAGE = 10


class NewsCategory(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=80,
        unique=True,
        help_text=_("Utilisé dans l'adresse du filtre, par exemple « financement »."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("catégorie d'actualité")
        verbose_name_plural = _("catégories d'actualité")

    def __str__(self) -> str:
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def _page_number(raw: str | None, num_pages: int) -> int:
    """Any `?page=` value lands on a real page: junk or < 1 gives the first, too large the last."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), num_pages)


class NewsIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")

    @path("", name="index")
    def index_route(self, request):
        from . import selectors  # selectors import the models below

        # PostgreSQL refuses NUL bytes in a query (a server error): no slug holds one anyway.
        category_slug = request.GET.get("categorie", "").replace("\x00", "") or None
        tag_slug = request.GET.get("tag", "").replace("\x00", "") or None
        listing = selectors.news_listing(index=self, category_slug=category_slug, tag_slug=tag_slug)
        paginator = Paginator(listing.articles, NEWS_PER_PAGE)
        news_page = paginator.page(_page_number(request.GET.get("page"), paginator.num_pages))
        return self.render(
            request,
            context_overrides={
                "news_page": news_page,
                "paginator": paginator,
                "page_range": paginator.get_elided_page_range(news_page.number),
                "categories": selectors.news_categories(),
                "active_category": listing.category,
                "active_tag": listing.tag,
                "category_slug": category_slug,
                "tag_slug": tag_slug,
                "unknown_filter": listing.unknown_filter,
            },
        )

    @path("flux/", name="feed")
    def feed_route(self, request):
        from .feeds import NewsFeed

        return NewsFeed(index=self)(request)


class NewsPage(Page):
    date = models.DateField(_("date de publication"), default=datetime.date.today)
    author = models.CharField(_("auteur ou autrice"), max_length=120, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(
        _("résumé"),
        max_length=400,
        blank=True,
        help_text=_("Deux ou trois phrases, reprises dans la liste des actualités et le flux RSS."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("catégorie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("category"), FieldPanel("tags")],
            heading=_("Publication"),
        ),
        FieldPanel("lead_image"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = NewsIndexPage.objects.live().ancestor_of(self).first()
        context["related_news"] = selectors.news_related(page=self)
        return context
