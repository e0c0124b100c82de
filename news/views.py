"""The news pages' views, called by the page types (NewsConfig.ready() hands this module to
them): the index with its filters and pagination, the RSS feed, an article's context."""

from django.core.paginator import Paginator

from news import selectors
from news.feeds import NewsFeed
from news.models import NewsIndexPage

NEWS_PER_PAGE = 10


def index(request, page):
    # PostgreSQL refuses NUL bytes in a query (a server error): no slug holds one anyway.
    category_slug = request.GET.get("categorie", "").replace("\x00", "") or None
    tag_slug = request.GET.get("tag", "").replace("\x00", "") or None
    listing = selectors.news_listing(index=page, category_slug=category_slug, tag_slug=tag_slug)
    paginator = Paginator(listing.articles, NEWS_PER_PAGE)
    news_page = paginator.page(_page_number(request.GET.get("page"), paginator.num_pages))
    return page.render(
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


def feed(request, page):
    return NewsFeed(index=page)(request)


def article_context(page) -> dict:
    return {
        "news_index": NewsIndexPage.objects.live().ancestor_of(page).first(),
        "related_news": selectors.news_related(page=page),
    }


def _page_number(raw: str | None, num_pages: int) -> int:
    """Any `?page=` value lands on a real page: junk or < 1 gives the first, too large the last."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), num_pages)
