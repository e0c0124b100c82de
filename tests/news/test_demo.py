"""The demo content loader: realistic content, and a second run changes nothing."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from news import demo
from news.models import NewsCategory, NewsIndexPage, NewsPage


def _counts() -> dict:
    return {
        "index": NewsIndexPage.objects.count(),
        "articles": NewsPage.objects.count(),
        "categories": NewsCategory.objects.count(),
        "tags": Tag.objects.count(),
        "images": get_image_model().objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_demo_load_creates_published_articles(client, home_page):
    demo.load(home_page=home_page, stdout=io.StringIO())

    index = NewsIndexPage.objects.get()
    assert index.slug == "actualites"
    assert index.get_parent().specific == home_page
    articles = NewsPage.objects.live().child_of(index)
    assert articles.count() >= 8
    assert NewsCategory.objects.count() >= 3
    assert len({article.date for article in articles}) == articles.count()
    for article in articles:
        assert article.author and article.category and article.lead_image and article.intro
        assert article.tags.exists()
        assert article.body[0].block_type == "paragraph"
        assert not article.has_unpublished_changes
    assert any(block.block_type == "quote" for a in articles for block in a.body)

    assert client.get("/actualites/").status_code == 200
    assert client.get(articles.first().url).status_code == 200
    assert client.get("/actualites/flux/").status_code == 200


def test_demo_load_twice_creates_no_duplicates(home_page):
    demo.load(home_page=home_page, stdout=io.StringIO())
    after_first_run = _counts()

    with CaptureQueriesContext(connection) as queries:
        demo.load(home_page=home_page, stdout=io.StringIO())

    assert _counts() == after_first_run
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert Page.objects.filter(slug="actualites").count() == 1
