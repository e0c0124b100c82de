"""Reads of the news section, with the joins and prefetches the templates need.

The number of queries stays the same whatever the number of articles: the category comes with a
join, tags and the card image renditions with one prefetch query each.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from taggit.models import Tag
from wagtail.images import get_image_model

from .models import NewsCategory, NewsIndexPage, NewsPage, NewsPageTag

# Must match the filters of the {% image %} tag in templates/news/components/news_card.html.
CARD_IMAGE_SPEC = "fill-640x360|format-webp"
FEED_SIZE = 20


@dataclass(frozen=True)
class NewsListing:
    articles: QuerySet
    category: NewsCategory | None = None
    tag: Tag | None = None
    unknown_filter: bool = False


def _with_card_data(articles: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    return articles.select_related("category").prefetch_related(
        "tags", Prefetch("lead_image", queryset=images)
    )


def _newest_first(articles: QuerySet) -> QuerySet:
    return articles.order_by("-date", "-first_published_at", "-pk")


def news_listing(
    *, index: NewsIndexPage, category_slug: str | None = None, tag_slug: str | None = None
) -> NewsListing:
    """Live articles of `index`, newest first, optionally filtered by category and/or tag.

    An unknown slug gives an empty list (and `unknown_filter`), never a 404: an old link
    to a deleted category should still land on a page that explains what happened.
    """
    articles = NewsPage.objects.live().child_of(index)
    category = tag = None
    unknown_filter = False
    if category_slug:
        category = NewsCategory.objects.filter(slug=category_slug).first()
        unknown_filter |= category is None
        articles = articles.filter(category=category)
    if tag_slug:
        tag = Tag.objects.filter(slug=tag_slug).first()
        unknown_filter |= tag is None
        articles = articles.filter(tags=tag)
    if unknown_filter:
        articles = articles.none()
    return NewsListing(
        articles=_newest_first(_with_card_data(articles)),
        category=category,
        tag=tag,
        unknown_filter=unknown_filter,
    )


def _alphabetical(text: str) -> str:
    """Sort key ignoring accents and case, so « Événements » files under E, not after Z."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def news_categories() -> list[NewsCategory]:
    return sorted(NewsCategory.objects.all(), key=lambda category: _alphabetical(category.name))


def news_related(*, page: NewsPage, limit: int = 3) -> QuerySet:
    """The `limit` most recent live articles sharing the category or a tag with `page`.

    The matching is one SQL statement (tags compared in a subquery), so it does not grow
    with the number of tags or articles.
    """
    page_tags = NewsPageTag.objects.filter(content_object_id=page.pk).values("tag_id")
    sharing_a_tag = NewsPageTag.objects.filter(tag_id__in=page_tags).values("content_object_id")
    match = Q(pk__in=sharing_a_tag)
    if page.category_id is not None:
        match |= Q(category_id=page.category_id)
    articles = NewsPage.objects.live().filter(match).exclude(pk=page.pk)
    return _newest_first(_with_card_data(articles))[:limit]


def news_feed_items(*, index: NewsIndexPage) -> QuerySet:
    articles = NewsPage.objects.live().child_of(index).select_related("category")
    return _newest_first(articles.prefetch_related("tags"))[:FEED_SIZE]
