"""The booking entry asks for a postcode and proposes the agency serving it (the longest matching
prefix of the managers' table), the other agencies one click away; anything else typed shows
every agency with a sentence, never an error."""

import html
import io
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking import selectors
from booking.models import BookingPage, PostcodeArea
from home.page_cache import HIT_HEADER
from tests.booking.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    agencies = {
        "clermont": AgencyFactory(slug="clermont", name="Osengo Clermont-Ferrand"),
        "vichy": AgencyFactory(slug="vichy", name="Osengo Vichy"),
        "aurillac": AgencyFactory(slug="aurillac", name="Osengo Aurillac"),
    }
    for prefix, slug in (("63", "clermont"), ("03", "vichy"), ("15", "aurillac")):
        PostcodeArea.objects.create(prefix=prefix, agency=agencies[slug])
    return agencies


def _entry(client, booking_page, postcode=None):
    data = {"code_postal": postcode} if postcode is not None else {}
    response = client.get(booking_page.url, data)
    assert response.status_code == 200
    return html.unescape(response.content.decode())  # what the founder reads


def _proposed(page) -> str | None:
    """The name of the agency proposed above the others, if any."""
    match = re.search(r'<section class="mb-4 proposed-agency".*?<h3[^>]*>([^<]+)</h3>', page, re.S)
    return match.group(1) if match else None


def test_postcode_15000_proposes_aurillac_and_still_lists_the_others(
    client, booking_page, agencies
):
    page = _entry(client, booking_page, "15000")
    assert _proposed(page) == "Osengo Aurillac"
    assert "L'agence de votre secteur (15000)" in page
    assert "Nos autres agences" in page
    others = page.split("Nos autres agences")[1]
    assert "Osengo Clermont-Ferrand" in others and "Osengo Vichy" in others
    assert "Osengo Aurillac" not in others  # proposed once, not twice


@pytest.mark.parametrize("typed", ["15 000", " 15000 ", "15130"])
def test_the_prefix_serves_every_postcode_of_the_departement(client, booking_page, agencies, typed):
    assert _proposed(_entry(client, booking_page, typed)) == "Osengo Aurillac"


def test_the_longest_prefix_wins(client, booking_page, agencies):
    PostcodeArea.objects.create(prefix="031", agency=agencies["clermont"])
    PostcodeArea.objects.create(prefix="03300", agency=agencies["aurillac"])
    assert _proposed(_entry(client, booking_page, "03200")) == "Osengo Vichy"
    assert _proposed(_entry(client, booking_page, "03100")) == "Osengo Clermont-Ferrand"
    assert _proposed(_entry(client, booking_page, "03300")) == "Osengo Aurillac"


def test_an_inactive_agency_is_never_proposed(client, booking_page, agencies):
    PostcodeArea.objects.create(prefix="031", agency=AgencyFactory(is_active=False))
    # Its prefix gives way to the next longest one.
    assert _proposed(_entry(client, booking_page, "03100")) == "Osengo Vichy"


def test_an_unknown_postcode_shows_every_agency_with_a_sentence(client, booking_page, agencies):
    page = _entry(client, booking_page, "75001")
    assert _proposed(page) is None
    assert "Aucune agence n'est attachée au code postal 75001" in page
    assert all(agency.name in page for agency in agencies.values())


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "1500",
        "150000",
        "15 0 0 0 0",
        "\x00",
        "<script>alert(1)</script>",
        "9" * 5000,
        "²5000",
    ],
)
def test_anything_else_shows_every_agency_never_an_error(client, booking_page, agencies, typed):
    page = _entry(client, booking_page, typed)
    assert _proposed(page) is None
    assert "Nous n'avons pas reconnu ce code postal" in page
    assert all(agency.name in page for agency in agencies.values())
    raw = client.get(booking_page.url, {"code_postal": typed}).content.decode()
    assert "<script>alert" not in raw and "\x00" not in raw


def test_without_a_postcode_the_list_asks_for_one(client, booking_page, agencies):
    page = _entry(client, booking_page)
    assert _proposed(page) is None
    assert "reconnu" not in page and "Aucune agence n" not in page
    field = re.search(r'<input[^>]*name="code_postal"[^>]*>', page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="postal-code"' in field
    assert re.search(r'<label[^>]*for="postcode"[^>]*>Votre code postal</label>', page)
    assert "Je ne sais pas / voir toutes les agences" in page
    assert 'id="agences"' in page


def test_the_postcode_lookup_is_one_query(django_assert_num_queries, agencies):
    with django_assert_num_queries(1):
        assert selectors.agency_for_postcode("15000") == agencies["aurillac"].pk
    with django_assert_num_queries(1):
        assert selectors.agency_for_postcode("75001") is None


def test_the_entry_with_a_postcode_adds_one_query(
    client, booking_page, agencies, django_assert_max_num_queries
):
    client.get(booking_page.url, {"code_postal": "63000"})  # warm per-process caches
    with CaptureQueriesContext(connection) as plain:
        client.get(booking_page.url, {"code_postal": ""})
    with django_assert_max_num_queries(len(plain.captured_queries) + 1):
        client.get(booking_page.url, {"code_postal": "63000"})


def test_a_prefix_is_two_to_five_digits_and_unique(agencies):
    for bad in ("1", "abc", "123456", "6 3"):
        with pytest.raises(ValidationError):
            PostcodeArea(prefix=bad, agency=agencies["vichy"]).full_clean()
    with pytest.raises(ValidationError):
        PostcodeArea(prefix="63", agency=agencies["vichy"]).full_clean()
    PostcodeArea(prefix="632", agency=agencies["vichy"]).full_clean()


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_routes_15000_to_aurillac(client):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())  # idempotent
    assert PostcodeArea.objects.count() == 3
    aurillac = PostcodeArea.objects.get(prefix="15").agency
    assert aurillac.slug == "aurillac"
    assert selectors.agency_for_postcode("15000") == aurillac.pk
    page = BookingPage.objects.live().get()
    page = client.get(page.url, {"code_postal": "15000"}).content.decode()
    assert _proposed(page) == "Osengo Aurillac"


def test_the_entry_with_a_postcode_is_never_served_from_the_page_cache(
    client, booking_page, agencies, settings
):
    """A postcode is not one of the page cache's parameters: each answer is rendered, so a
    change to the table shows at once (and junk values fill no cache)."""
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    try:
        client.get(booking_page.url, {"code_postal": "43000"})
        second = client.get(booking_page.url, {"code_postal": "43000"})
        assert second.get(HIT_HEADER) != "hit"
        assert _proposed(second.content.decode()) is None
        PostcodeArea.objects.create(prefix="43", agency=agencies["clermont"])
        page = client.get(booking_page.url, {"code_postal": "43000"}).content.decode()
        assert _proposed(page) == "Osengo Clermont-Ferrand"
    finally:
        cache.clear()
