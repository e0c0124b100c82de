"""The news index: pagination, filters and a query count that does not grow with the articles."""

import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from tests.news.conftest import ImageFactory, NewsCategoryFactory, NewsPageFactory


def _titles(response) -> list[str]:
    """Article titles shown in the list, in order."""
    return [article.title for article in response.context["news_page"].object_list]


def test_lists_live_articles_newest_first(client, news_index, make_news):
    newest, middle, oldest = make_news(3)
    middle.unpublish()

    response = client.get(news_index.url)

    assert _titles(response) == [newest.title, oldest.title]


def test_paginates_ten_articles_a_page(client, news_index, make_news):
    articles = make_news(25)

    first = client.get(news_index.url)
    last = client.get(news_index.url, {"page": 3})

    assert _titles(first) == [a.title for a in articles[:10]]
    assert _titles(last) == [a.title for a in articles[20:]]
    html = last.content.decode()
    assert '<nav aria-label="Pagination"' in html
    assert re.search(r'href="\?page=3" aria-current="page"', html)
    assert 'href="?page=2" rel="prev"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize(
    ("raw", "expected_page"),
    [
        ("abc", 1),
        ("", 1),
        ("0", 1),
        ("-1", 1),
        ("1.5", 1),
        ("999", 3),
        ("99999999999999999999", 3),
    ],
)
def test_bad_page_numbers_land_on_a_real_page(client, news_index, make_news, raw, expected_page):
    make_news(25)

    response = client.get(news_index.url, {"page": raw})

    assert response.status_code == 200
    assert response.context["news_page"].number == expected_page


def test_category_filter_returns_exactly_its_articles(client, news_index, make_news):
    funding = NewsCategoryFactory(name="Financement", slug="financement")
    events = NewsCategoryFactory(name="Événements", slug="evenements")
    funded = make_news(2, category=funding)
    make_news(3, category=events)
    make_news(1)

    response = client.get(news_index.url, {"categorie": "financement"})

    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted(a.title for a in funded)
    html = response.content.decode()
    assert "Catégorie « Financement »" in html
    assert 'href="/actualites/?">retirer ce filtre' in html
    assert 'aria-current="page">Financement</a>' in html


def test_tag_filter_returns_exactly_its_articles(client, news_index):
    tagged = [
        NewsPageFactory(parent=news_index, tags=["Vichy", "Atelier"]),
        NewsPageFactory(parent=news_index, tags=["Vichy"]),
    ]
    NewsPageFactory(parent=news_index, tags=["Aurillac"])
    NewsPageFactory(parent=news_index)

    response = client.get(news_index.url, {"tag": "vichy"})

    assert sorted(_titles(response)) == sorted(a.title for a in tagged)
    assert "Mot-clé « Vichy »" in response.content.decode()


def test_filters_combine_and_pagination_keeps_them(client, news_index, make_news):
    funding = NewsCategoryFactory(name="Financement", slug="financement")
    make_news(12, category=funding, tags=["Levée de fonds"])
    make_news(3, category=funding)

    tag_slug = Tag.objects.get(name="Levée de fonds").slug

    response = client.get(news_index.url, {"categorie": "financement", "tag": tag_slug})

    assert response.context["paginator"].count == 12
    page_two = "?" + urlencode({"categorie": "financement", "tag": tag_slug, "page": 2})
    assert f'href="{page_two.replace("&", "&amp;")}"' in response.content.decode()


@pytest.mark.parametrize("query", [{"categorie": "inconnue"}, {"tag": "inconnu"}])
def test_unknown_filter_shows_an_explanation(client, news_index, make_news, query):
    make_news(3)

    response = client.get(news_index.url, query)

    assert response.status_code == 200
    assert _titles(response) == []
    html = response.content.decode()
    assert "ne correspond à aucune catégorie ni à aucun mot-clé connu" in html
    assert "Voir toutes les actualités" in html


def test_empty_index_says_so(client, news_index):
    response = client.get(news_index.url)

    assert response.status_code == 200
    assert "Aucune actualité pour le moment." in response.content.decode()


def _count_queries(client, url) -> int:
    client.get(url)  # the first visit generates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_articles(client, news_index, make_news):
    category = NewsCategoryFactory()

    def add_articles(count):
        for _ in range(count):
            make_news(
                1, category=category, tags=["Clermont-Ferrand", "Réseau"], lead_image=ImageFactory()
            )

    add_articles(5)
    with_five = _count_queries(client, news_index.url)
    add_articles(20)
    with_twenty_five = _count_queries(client, news_index.url)

    assert with_five == with_twenty_five
    assert with_five <= 20  # routing, menu and footer included


def test_category_links_are_in_french_alphabetical_order(client, news_index):
    for name in ["Vie de l'incubateur", "Événements", "Financement"]:
        NewsCategoryFactory(name=name)

    response = client.get(news_index.url)

    assert [c.name for c in response.context["categories"]] == [
        "Événements",
        "Financement",
        "Vie de l'incubateur",
    ]


def test_a_card_picture_is_a_16_9_fill_with_its_size(client, news_index, make_news):
    make_news(1, lead_image=ImageFactory())

    soup = BeautifulSoup(client.get(news_index.url).content, "html.parser")
    (img,) = soup.select("article.card img")
    assert "fill-640x360" in img["src"]
    assert int(img["width"]) * 9 == int(img["height"]) * 16
    assert "card-photo" in img["class"]


def test_a_card_without_picture_or_summary_leaves_no_empty_box(client, news_index, make_news):
    make_news(1, lead_image=None, intro="")

    soup = BeautifulSoup(client.get(news_index.url).content, "html.parser")
    (card,) = soup.select("article.card")
    assert not card.select("img, picture, figure, .card-img-top, .card-text")
    assert all(p.get_text(strip=True) for p in card.select("p"))


def test_the_article_lead_image_has_its_size(client, news_index, make_news):
    (article,) = make_news(1, lead_image=ImageFactory())

    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    img = soup.select_one(".news-lead-image img")
    assert img["width"] and img["height"]
    assert int(img["width"]) * 9 == int(img["height"]) * 16  # the 16:9 upload, uncropped
