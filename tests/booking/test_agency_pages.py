"""Agency pages: one per agency under the booking page, next to its routes; who and where
(with a plain OpenStreetMap link, nothing loaded from another host), its next slots and its
week; the booking flow and the sitemap lead to it."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from booking.models import AgencyPage, BookingPage
from home.page_cache import HIT_HEADER
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return AgencyFactory(
        name="Osengo Vichy",
        slug="vichy",
        city="Vichy",
        address="5 rue Lucas",
        postal_code="03200",
        phone="04 70 00 56 78",
    )


def make_agency_page(booking_page, agency, **fields) -> AgencyPage:
    page = AgencyPage(
        title=f"Agence de {agency.city}",
        slug=agency.slug,
        agency=agency,
        intro="L'agence de l'Allier.",
        opening_hours=[
            {"type": "hours", "value": {"days": "Du lundi au vendredi", "hours": "9 h – 17 h"}}
        ],
        **fields,
    )
    booking_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def get_html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_page_shows_where_who_what_and_when(client, booking_page, agency, django_user_model):
    visio = MeetingTypeFactory(name="Suivi de projet", mode="video")
    unused = MeetingTypeFactory(name="Atelier collectif")
    slot = SlotFactory(agency=agency, meeting_type=visio, start=in_days(3, 10))
    adviser = django_user_model.objects.create_user(
        "victor", first_name="Victor", last_name="Laurent"
    )
    nameless = django_user_model.objects.create_user("compte.sans.nom")
    agency.advisers.add(adviser, nameless)
    page = make_agency_page(booking_page, agency)

    assert page.url == "/rendez-vous/vichy/"
    html = get_html(client, page.url)

    assert "<h1>Agence de Vichy</h1>" in html
    assert "5 rue Lucas" in html and "03200 Vichy" in html
    assert 'href="https://www.openstreetmap.org/search?query=5+rue+Lucas%2C+03200+Vichy"' in html
    assert 'href="tel:0470005678"' in html
    assert "Du lundi au vendredi" in html and "9 h – 17 h" in html
    assert "Victor Laurent" in html
    assert "compte.sans.nom" not in html  # a login is never published
    assert "Suivi de projet (en visio" in html
    assert unused.name not in html  # nothing bookable of that type here
    assert f'href="/rendez-vous/agence/vichy/reserver/?creneau={slot.pk}"' in html
    assert 'href="/rendez-vous/agence/vichy/"' in html  # its week


def test_nothing_is_loaded_from_another_host(client, booking_page, agency):
    SlotFactory(agency=agency)
    html = get_html(client, make_agency_page(booking_page, agency).url)
    sources = re.findall(r'\bsrc="([^"]*)"', html)
    assert sources and all(src.startswith("/") for src in sources), sources
    stylesheets = re.findall(r"<link [^>]*href=\"([^\"]*)\"", html)
    assert all(href.startswith("/") for href in stylesheets), stylesheets
    assert "<iframe" not in html
    external = set(re.findall(r'href="(https?://[^"/]+)', html))
    assert external <= {"https://www.openstreetmap.org"}, external


def test_an_inactive_agency_page_says_so_without_error(client, booking_page, agency):
    SlotFactory(agency=agency)
    page = make_agency_page(booking_page, agency)
    agency.is_active = False
    agency.save()
    html = get_html(client, page.url).replace("&#x27;", "'")
    assert "L'agence Osengo Vichy ne propose pas de rendez-vous en ligne pour le moment." in html
    assert "/rendez-vous/agence/vichy/" not in html
    assert "5 rue Lucas" in html


@pytest.mark.parametrize("timeout", [0, 300])
def test_a_booked_slot_leaves_the_agency_page_at_once(
    client, booking_page, agency, settings, timeout
):
    settings.PAGE_CACHE_TIMEOUT = timeout
    cache.clear()
    first = SlotFactory(agency=agency, start=in_days(3, 10))
    page = make_agency_page(booking_page, agency)
    assert f"creneau={first.pk}" in get_html(client, page.url)
    if timeout:
        assert client.get(page.url)[HIT_HEADER] == "hit"
    book(first)
    assert f"creneau={first.pk}" not in get_html(client, page.url)
    cache.clear()


def test_the_agency_cards_and_the_slot_page_lead_to_it(client, booking_page, agency):
    other = AgencyFactory(name="Osengo Aurillac", slug="aurillac")
    SlotFactory(agency=agency)
    SlotFactory(agency=other)
    page = make_agency_page(booking_page, agency)
    home = booking_page.get_parent()

    for url in (booking_page.url, home.url):
        html = get_html(client, url)
        assert html.count(f'href="{page.url}"') == 1, url  # Aurillac has no page
        assert 'href="/rendez-vous/agence/aurillac/"' in html
        assert 'href="/rendez-vous/agence/vichy/"' in html
    assert f'href="{page.url}"' in get_html(client, "/rendez-vous/agence/vichy/")
    assert 'href="/rendez-vous/aurillac/"' not in get_html(client, "/rendez-vous/agence/aurillac/")


def test_the_routes_of_the_booking_page_still_answer(client, booking_page, agency):
    SlotFactory(agency=agency)
    make_agency_page(booking_page, agency)
    assert client.get("/rendez-vous/").status_code == 200
    assert client.get("/rendez-vous/agence/vichy/").status_code == 200
    assert client.get("/rendez-vous/confirmation/").status_code == 302  # no booking to show
    assert client.get("/rendez-vous/gerer/inconnu/").status_code == 404


def test_the_sitemap_lists_it(client, booking_page, agency):
    page = make_agency_page(booking_page, agency)
    sitemap = get_html(client, "/sitemap.xml")
    assert f"<loc>http://localhost{page.url}</loc>" in sitemap


def test_the_fixed_routes_are_reserved_slugs():
    assert BookingPage.reserved_slugs() == {"confirmation", "gerer", "agence"}


@pytest.mark.parametrize("slug", ["confirmation", "gerer", "agence"])
def test_an_agency_whose_slug_would_shadow_a_route_is_refused(booking_page, slug):
    agency = AgencyFactory(slug=slug)
    with pytest.raises(ValidationError) as error:
        booking_page.add_child(instance=AgencyPage(title="Agence", slug="autre", agency=agency))
    assert "réservé aux adresses de la prise de rendez-vous" in str(error.value.message_dict)
    assert not AgencyPage.objects.exists()


def test_the_slug_is_the_agency_slug_and_one_page_per_agency(booking_page, agency):
    page = make_agency_page(booking_page, agency)
    page.slug = "autre"
    page.full_clean()
    assert page.slug == "vichy"

    with pytest.raises(ValidationError) as error:
        booking_page.add_child(instance=AgencyPage(title="Encore", slug="v2", agency=agency))
    assert "Cette agence a déjà sa page." in str(error.value)


def test_an_editor_is_told_in_french_in_the_admin(client, booking_page, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x" * 16)
    client.force_login(admin)
    agency = AgencyFactory(slug="agence", name="Agence mal nommée")
    url = f"/admin/pages/add/booking/agencypage/{booking_page.pk}/"
    data = nested_form_data(
        {
            "title": "Agence mal nommée",
            "slug": "agence",
            "agency": agency.pk,
            "intro": "",
            "opening_hours": streamfield([]),
            "body": streamfield([]),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "réservé aux adresses de la prise de rendez-vous" in response.content.decode()
    assert not AgencyPage.objects.exists()
