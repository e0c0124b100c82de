"""Page addresses are ASCII: accents are transliterated, never kept or percent-encoded."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_page_without_a_slug_gets_one_without_accents(home_page, client):
    page = StandardPageFactory(parent=home_page, title="Aides à la création", slug="")
    assert page.slug == "aides-a-la-creation"
    assert client.get("/aides-a-la-creation/").status_code == 200


def test_the_admin_slug_field_transliterates(home_page, admin_client):
    # Wagtail's slug widget (w-slug) keeps Unicode only when told to by this data attribute.
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])
    html = admin_client.get(url).content.decode()
    [slug_input] = re.findall(r'<input[^>]*name="slug"[^>]*>', html)
    assert 'data-controller="w-slug"' in slug_input
    assert "data-w-slug-allow-unicode-value" not in slug_input


def test_the_demo_content_has_ascii_addresses():
    call_command("load_demo_data", stdout=io.StringIO())
    slugs = list(Page.objects.filter(depth__gt=1).values_list("slug", flat=True))
    assert len(slugs) > 10
    assert [slug for slug in slugs if not re.fullmatch(r"[a-z0-9-]+", slug)] == []
