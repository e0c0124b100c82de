"""The news section: one index page per site, articles below it, categories as snippets."""

import datetime

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
from home.page_cache import cache_for_anonymous


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


@cache_for_anonymous()
class NewsIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")

    # Answered by news.views, which reads through news.selectors (they query these models, so
    # the models cannot import them): NewsConfig.ready() hands the views to the page types.
    views = None

    @path("", name="index")
    def index_route(self, request):
        return self.views.index(request, self)

    @path("flux/", name="feed")
    def feed_route(self, request):
        return self.views.feed(request, self)


@cache_for_anonymous()
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

    views = None  # news.views, set by NewsConfig.ready() (see NewsIndexPage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.article_context(self))
        return context
