"""The news teasers shown outside the news section (the home page, the "Dernières actualités"
block). The news app imports home (its pages use the shared blocks), so its models are looked
up by name here, never imported."""

from django.apps import apps
from django.db.models import Prefetch
from wagtail.images import get_image_model

# Must match the {% picture %} filters of templates/components/news_teaser.html.
NEWS_TEASER_IMAGE_SPEC = "fill-640x360|format-webp"


def latest_news(*, root=None, category_id: int | None = None, limit: int = 3) -> list:
    """The latest live, public articles below `root` (any site if None), newest first, with
    their teaser renditions: two queries whatever the number of articles."""
    try:
        news_model = apps.get_model("news", "NewsPage")
    except LookupError:
        return []
    articles = news_model.objects.live().public()
    if root is not None:
        articles = articles.descendant_of(root)
    if category_id is not None:
        articles = articles.filter(category_id=category_id)
    images = get_image_model().objects.prefetch_renditions(NEWS_TEASER_IMAGE_SPEC)
    return list(
        articles.prefetch_related(Prefetch("lead_image", queryset=images)).order_by(
            "-date", "-first_published_at", "-pk"
        )[:limit]
    )
