"""Where editors may create news pages, and that both page types render."""

import datetime

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.news.conftest import ImageFactory


class TestNewsPageTree(WagtailPageTestCase):
    def test_news_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, NewsIndexPage)

    def test_articles_live_under_the_news_index_only(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsPage, NewsPage)

    def test_articles_have_no_children(self):
        self.assertAllowedSubpageTypes(NewsPage, set())


def test_only_one_news_index_per_site(news_index, home_page):
    assert not NewsIndexPage.can_create_at(home_page)


def test_index_renders_with_its_articles(client, news_index, make_news):
    first, second = make_news(2)

    response = client.get(news_index.url)

    assert response.status_code == 200
    assert response.templates[0].name == "news/news_index_page.html"
    html = response.content.decode()
    assert first.title in html
    assert second.title in html
    assert "<h1>Actualités</h1>" in html
    assert 'type="application/rss+xml"' in html
    assert 'href="/actualites/flux/"' in html


def test_article_renders_body_date_and_image(client, make_news):
    article = make_news(1, lead_image=ImageFactory(description="Une équipe autour d'une table"))[0]
    article.date = datetime.date(2026, 11, 12)
    article.save()

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<time datetime="2026-11-12">12 novembre 2026</time>' in html
    assert "Le programme accompagne les porteurs de projet." in html
    assert 'alt="Une équipe autour d&#x27;une table"' in html
    assert ".webp" in html
    assert 'type="application/rss+xml"' in html


@pytest.mark.parametrize("unpublished", ["index", "article"])
def test_draft_pages_are_not_served(client, news_index, make_news, unpublished):
    article = make_news(1)[0]
    page = news_index if unpublished == "index" else article
    url = page.url
    page.unpublish()

    assert client.get(url).status_code == 404


def test_both_page_types_can_be_previewed(news_index, make_news):
    article = make_news(1)[0]

    for page in (news_index, article):
        response = page.make_preview_request()
        assert response.status_code == 200
        assert page.title in response.rendered_content


def test_editor_can_publish_an_article_from_the_admin(admin_client, news_index):
    category = NewsCategory.objects.create(name="Financement", slug="financement")
    data = nested_form_data(
        {
            "title": "Un prêt d'honneur pour la fromagerie",
            "slug": "pret-honneur-fromagerie",
            "date": "2026-11-12",
            "author": "Claire Fournier",
            "category": category.pk,
            "tags": "Cantal, Prêt d'honneur",
            "intro": "Une fromagerie du Cantal obtient un prêt d'honneur.",
            "body": streamfield([("paragraph", rich_text("<p>Du salers au lait cru.</p>"))]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(
        f"/admin/pages/add/news/newspage/{news_index.pk}/", data, follow=True
    )

    assert response.status_code == 200
    article = NewsPage.objects.get(slug="pret-honneur-fromagerie")
    assert article.live
    assert article.category == category
    assert sorted(article.tags.names()) == ["Cantal", "Prêt d'honneur"]
    assert article.body[0].block_type == "paragraph"


def test_categories_are_managed_as_snippets(admin_client):
    response = admin_client.post(
        "/admin/snippets/news/newscategory/add/",
        {"name": "Témoignages", "slug": "temoignages"},
    )

    assert response.status_code == 302
    assert NewsCategory.objects.filter(slug="temoignages").exists()
