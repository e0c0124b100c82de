"""The RSS feed, the "À lire aussi" block and the site search over articles."""

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.rich_text import RichText

from news import selectors
from tests.news.conftest import ImageFactory, NewsCategoryFactory, NewsPageFactory


def test_feed_is_rss_with_absolute_links(client, news_index, make_news):
    articles = make_news(4)
    articles[1].unpublish()

    response = client.get("/actualites/flux/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Actualités d'Osengo"
    assert channel.findtext("language") == "fr"
    assert channel.findtext("link") == "http://testserver/actualites/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        articles[0].title,
        articles[2].title,
        articles[3].title,
    ]
    assert items[0].findtext("link") == f"http://testserver{articles[0].url}"
    assert items[0].findtext("description") == articles[0].intro


def test_feed_lists_at_most_twenty_articles(client, make_news):
    make_news(22)

    channel = ET.fromstring(client.get("/actualites/flux/").content).find("channel")

    assert len(channel.findall("item")) == 20


def test_related_articles_share_a_category_or_a_tag(news_index, make_news):
    funding = NewsCategoryFactory(name="Financement", slug="financement")
    other = NewsCategoryFactory(name="Événements", slug="evenements")
    article = NewsPageFactory(parent=news_index, category=funding, tags=["Vichy"])
    same_category = make_news(2, category=funding)
    shared_tag = NewsPageFactory(parent=news_index, category=other, tags=["Vichy", "Atelier"])
    make_news(2, category=other, tags=["Aurillac"])  # nothing in common
    make_news(1)  # no category, no tag: never "related" to everything uncategorised
    draft = NewsPageFactory(parent=news_index, category=funding)
    draft.unpublish()

    related = list(selectors.news_related(page=article))

    assert set(related) == {*same_category, shared_tag}
    assert article not in related


def test_related_articles_are_the_three_most_recent(news_index, make_news):
    category = NewsCategoryFactory()
    article, *others = make_news(6, category=category)

    related = list(selectors.news_related(page=article))

    assert related == others[:3]


def test_related_articles_take_one_query_plus_one_for_images(news_index, make_news):
    category = NewsCategoryFactory()
    article, *_ = make_news(5, category=category, tags=["Réseau"], lead_image=ImageFactory())

    with CaptureQueriesContext(connection) as queries:
        related = selectors.news_related(page=article)
        list(related)
        for page in related:  # what a card reads
            assert page.category.name
            list(page.tags.all())

    # The articles (with category), their tags, their images with the card renditions.
    assert len(queries) == 4


def test_article_without_category_or_tag_has_no_related_articles(client, news_index, make_news):
    lonely, *_ = make_news(3)

    response = client.get(lonely.url)

    assert list(response.context["related_news"]) == []
    assert "À lire aussi" not in response.content.decode()


def test_article_page_shows_related_articles(client, news_index, make_news):
    category = NewsCategoryFactory()
    article, neighbour = make_news(2, category=category)

    html = client.get(article.url).content.decode()

    assert "À lire aussi" in html
    assert neighbour.title in html


def test_search_finds_an_article_by_a_word_of_its_body(news_index, make_news):
    body = [("paragraph", RichText("<p>Une ferme en hydroponie ouvre près d'Aurillac.</p>"))]
    wanted = NewsPageFactory(parent=news_index, body=body)
    make_news(3)

    results = list(Page.objects.live().search("hydroponie"))

    assert [page.specific for page in results] == [wanted]


def test_search_finds_an_article_by_its_summary(news_index, make_news):
    wanted = NewsPageFactory(parent=news_index, intro="Levée de fonds pour une startup agricole.")
    make_news(2)

    results = list(Page.objects.live().search("agricole"))

    assert [page.specific for page in results] == [wanted]
