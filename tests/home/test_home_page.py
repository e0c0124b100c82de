"""What the home page shows: hero button, latest news, body blocks."""

import datetime

import pytest

from home.models import HomePage

from .factories import StandardPageFactory


@pytest.fixture
def news_index(home_page):
    from news.models import NewsIndexPage

    return home_page.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))


def _article(index, title, days_ago, *, live=True):
    from news.models import NewsPage

    page = NewsPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        date=datetime.date.today() - datetime.timedelta(days=days_ago),
        intro=f"Résumé de {title}.",
        live=live,
    )
    return index.add_child(instance=page)


def test_home_shows_the_three_latest_live_articles(home_page, news_index, client):
    _article(news_index, "Article ancien", 30)
    _article(news_index, "Article trois", 3)
    _article(news_index, "Article un", 1)
    _article(news_index, "Article deux", 2)
    _article(news_index, "Article brouillon", 0, live=False)

    response = client.get("/")
    titles = [page.title for page in response.context["latest_news"]]
    assert titles == ["Article un", "Article deux", "Article trois"]
    html = response.content.decode()
    assert "Dernières actualités" in html
    assert 'href="/actualites/article-un/"' in html
    assert 'href="/actualites/">Toutes les actualités</a>' in html
    assert "Article brouillon" not in html


def test_home_without_news_has_no_news_section(home_page, client):
    response = client.get("/")
    assert response.context["latest_news"] == []
    assert "Dernières actualités" not in response.content.decode()


def test_hero_button_prefers_the_chosen_page_then_contact(home_page, client):
    assert home_page.hero_cta_target() is None
    assert "btn-lg" not in client.get("/").content.decode()

    contact = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    assert home_page.hero_cta_target().pk == contact.pk

    booking = StandardPageFactory(parent=home_page, title="Rendez-vous", slug="rendez-vous")
    home_page.hero_cta_page = booking
    home_page.hero_cta_label = "Réserver"
    home_page.save()
    html = client.get("/").content.decode()
    assert '<a class="btn btn-primary btn-lg" href="/rendez-vous/">Réserver</a>' in html

    booking.unpublish()
    assert HomePage.objects.get().hero_cta_target().pk == contact.pk


def test_home_body_blocks_are_rendered(home_page, client):
    home_page.body = [
        {"type": "paragraph", "value": "<h2>Bienvenue</h2><p>Texte d'accueil.</p>"},
        {"type": "quote", "value": {"text": "Bravo", "author": "Léa", "role": ""}},
    ]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "<h2>Bienvenue</h2>" in html
    assert '<figcaption class="blockquote-footer">Léa</figcaption>' in html
