"""Site search, robots.txt, sitemap.xml and the error pages."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings

from booking.models import BookingPage

from .factories import StandardPageFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming and unaccent are PostgreSQL's (SQLite's FTS5 has no French stemmer)",
)


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


def test_search_finds_the_demo_booking_page_without_accents(demo_site, client):
    response = client.get("/recherche/", {"q": "creneau"})
    assert "Prendre rendez-vous" in [result.title for result in response.context["search_results"]]


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


@pytest.mark.parametrize(
    ("pages", "heading"),
    [
        (0, "Aucun résultat pour « pépinière »"),
        (1, "1 résultat pour « pépinière »"),
        (2, "2 résultats pour « pépinière »"),
    ],
)
def test_search_counts_its_results_in_french(home_page, client, pages, heading):
    for n in range(pages):
        StandardPageFactory(
            parent=home_page, title=f"Local {n}", slug=f"local-{n}", intro="Une pépinière."
        )
    html = client.get("/recherche/", {"q": "pépinière"}).content.decode()
    assert heading in html
    assert "0 résultat" not in html


def test_search_finds_a_word_without_its_accents(home_page, client):
    # PostgreSQL through unaccent, SQLite because FTS5's tokenizer drops diacritics.
    StandardPageFactory(
        parent=home_page, title="Aides", slug="aides", intro="Aides à la création d'entreprise."
    )
    response = client.get("/recherche/", {"q": "creation"})
    assert [page.title for page in response.context["search_results"]] == ["Aides"]


@postgresql_only
@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Osengo est un incubateur d'entreprises.", "incubateurs"),
        # English stemming, PostgreSQL's default, misses this one.
        ("Un local partagé au centre-ville.", "locaux"),
    ],
)
def test_search_finds_the_plural_of_a_word(home_page, client, text, query):
    StandardPageFactory(parent=home_page, title="Qui sommes-nous", slug="qui", intro=text)
    response = client.get("/recherche/", {"q": query})
    assert [page.title for page in response.context["search_results"]] == ["Qui sommes-nous"]


def test_search_finds_the_booking_page_by_its_introduction(home_page, client):
    home_page.add_child(
        instance=BookingPage(
            title="Prendre rendez-vous",
            slug="rendez-vous",
            intro="<p>Choisissez une agence, puis un créneau libre.</p>",
        )
    )
    response = client.get("/recherche/", {"q": "creneau"})
    assert [page.title for page in response.context["search_results"]] == ["Prendre rendez-vous"]


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
