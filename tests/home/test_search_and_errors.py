"""Site search, robots.txt, sitemap.xml and the error pages."""

import io

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import override_settings

from .factories import StandardPageFactory


@pytest.fixture
def demo_site(db):
    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def many_results(home_page):
    """25 pages sharing a word: three result pages of ten."""
    return [
        StandardPageFactory(
            parent=home_page,
            title=f"Atelier {n}",
            slug=f"atelier-{n}",
            intro="Un atelier de prospection commerciale.",
        )
        for n in range(25)
    ]


def test_search_finds_a_showcase_page_by_a_word_of_its_body(demo_site, client):
    # "honneur" only appears in the body of "Notre accompagnement" (prêts d'honneur).
    response = client.get("/recherche/", {"q": "honneur"})
    assert response.status_code == 200
    titles = [result.title for result in response.context["search_results"]]
    assert "Notre accompagnement" in titles
    assert 'value="honneur"' in response.content.decode()


def test_search_ignores_draft_pages(home_page, client):
    draft = StandardPageFactory(parent=home_page, title="Projet secret", slug="secret", live=False)
    draft.save()
    response = client.get("/recherche/", {"q": "secret"})
    assert list(response.context["search_results"]) == []
    assert "Aucune page ne correspond" in response.content.decode()


@pytest.mark.parametrize(
    ("raw_page", "expected_number"),
    [("2", 2), ("abc", 1), ("0", 3), ("-4", 3), ("999", 3), ("", 1), ("2.5", 1)],
)
def test_search_pagination_never_fails(many_results, client, raw_page, expected_number):
    response = client.get("/recherche/", {"q": "prospection", "page": raw_page})
    assert response.status_code == 200
    results = response.context["search_results"]
    assert results.number == expected_number
    assert results.paginator.count == 25


def test_search_keeps_the_query_and_links_the_next_page(many_results, client):
    html = client.get("/recherche/", {"q": "prospection"}).content.decode()
    assert 'value="prospection"' in html
    assert "25 résultats pour « prospection »" in html
    assert 'href="?q=prospection&amp;page=2"' in html


def test_search_without_query_shows_the_form(home_page, client):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_robots_txt_disallows_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_the_showcase_pages(demo_site, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "/politique-de-confidentialite/</loc>" in response.content.decode()


def test_unknown_url_shows_the_french_404_page(home_page, client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert 'lang="fr"' in html
    assert 'id="recherche-404"' in html


@override_settings(DEBUG=False)
def test_500_page_renders_without_request_nor_database():
    # No `db` fixture: pytest-django makes any database access raise here.
    html = render_to_string("500.html")
    assert "Une erreur est survenue" in html
    assert "<script" not in html
