"""`load_demo_data` (what `make run` calls) builds a complete site and can be run again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from booking.models import AgencyPage, PostcodeArea
from home.models import FooterSettings, HomePage, MenuItem, StandardPage, TeamIndexPage

SHOWCASE_SLUGS = {
    "a-propos",
    "notre-accompagnement",
    "contact",
    "mentions-legales",
    "politique-de-confidentialite",
    "accessibilite",
}


def _snapshot() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "menu_items": MenuItem.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "postcode_areas": PostcodeArea.objects.count(),
    }


@pytest.fixture
def demo_site(db):
    call_command("load_demo_data", stdout=io.StringIO())
    return HomePage.objects.get()


@pytest.mark.django_db
def test_running_twice_changes_nothing_and_serves_every_page(client):
    first_output = io.StringIO()
    call_command("load_demo_data", stdout=first_output)
    after_first = _snapshot()
    second_output = io.StringIO()
    call_command("load_demo_data", stdout=second_output)

    assert _snapshot() == after_first
    assert "osengo-admin-2026" in first_output.getvalue()
    assert "/admin/" in second_output.getvalue()

    live_pages = Page.objects.live().filter(depth__gt=1).specific()
    assert len(live_pages) >= 8
    for page in live_pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)


def test_home_page_replaces_the_wagtail_welcome_page(demo_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == demo_site.pk
    assert (site.hostname, site.port) == ("localhost", 80)
    assert demo_site.slug in {"accueil", "home"}
    assert list(Page.objects.filter(depth=2)) == [demo_site.page_ptr]
    assert demo_site.live and demo_site.live_revision is not None


def test_showcase_and_team_pages_are_published_with_content(demo_site):
    pages = {page.slug: page for page in StandardPage.objects.child_of(demo_site).live()}
    assert set(pages) >= SHOWCASE_SLUGS
    for page in pages.values():
        assert page.live_revision is not None, page.slug
        assert len(page.body) > 0, page.slug

    support_blocks = {block.block_type for block in pages["notre-accompagnement"].body}
    assert {"faq", "call_to_action", "upcoming_slots"} <= support_blocks
    assert "quote" in {block.block_type for block in pages["a-propos"].body}

    privacy = str(pages["politique-de-confidentialite"].body)
    for expected in ("36 mois", "rectification", "effacement", "opposition", "CNIL", "dpo@"):
        assert expected in privacy
    assert "partiellement conforme" in str(pages["accessibilite"].body)
    contact = str(pages["contact"].body)
    assert all(city in contact for city in ("Clermont-Ferrand", "Vichy", "Aurillac"))

    team = TeamIndexPage.objects.get()
    members = list(team.members.all())
    assert len(members) >= 6
    assert {m.agency for m in members} == {"Clermont-Ferrand", "Vichy", "Aurillac"}
    # No generated gradient portraits: the team page shows the initials avatars.
    assert not any(m.photo_id for m in members)


def test_demo_admin_can_log_in_and_is_not_reset(demo_site, client):
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert client.login(username="admin", password="osengo-admin-2026")

    user.set_password("un-autre-mot-de-passe")
    user.save()
    call_command("load_demo_data", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password("un-autre-mot-de-passe")


def test_menu_and_footer_render_from_the_settings(demo_site, client):
    html = client.get("/").content.decode()
    for label in ("À propos", "Notre accompagnement", "L&#x27;équipe", "Contact"):
        assert f">{label}</a>" in html
    footer = FooterSettings.objects.get()
    assert footer.email in html
    assert 'href="/mentions-legales/"' in html
    assert 'href="/politique-de-confidentialite/"' in html
    assert 'href="/accessibilite/"' in html
    assert "Osengo sur LinkedIn" in html


def test_editors_changes_to_the_menu_survive_a_new_run(demo_site, client):
    MenuItem.objects.filter(label="Contact").delete()
    call_command("load_demo_data", stdout=io.StringIO())
    assert not MenuItem.objects.filter(label="Contact").exists()
    assert ">Contact</a>" not in client.get("/a-propos/").content.decode().split("<main")[0]


def test_home_page_shows_hero_call_to_action(demo_site, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert demo_site.hero_title.replace("'", "&#x27;") in html
    target = demo_site.hero_cta_target()
    assert target is not None
    assert f'href="{target.url}">{demo_site.hero_cta_label}</a>' in html


def test_every_demo_agency_has_its_page_with_hours_and_slots(demo_site, client):
    pages = {page.agency.slug: page for page in AgencyPage.objects.live().select_related("agency")}
    assert set(pages) == {"clermont-ferrand", "vichy", "aurillac"}
    for slug, page in pages.items():
        assert page.url == f"/rendez-vous/{slug}/"
        assert page.intro and len(page.opening_hours) > 0
        assert "reserver/?creneau=" in client.get(page.url).content.decode()
    assert "reserver/?creneau=" in client.get("/notre-accompagnement/").content.decode()


def test_the_demo_advisers_team_cards_book_and_the_others_do_not(demo_site, client):
    """Three members are linked to the demo adviser accounts (each has free slots); the
    director and the others are not, and show no button. A second run keeps an editor's
    unlinking."""
    team = TeamIndexPage.objects.get()
    linked = {m.full_name: m.adviser.get_username() for m in team.members.exclude(adviser=None)}
    assert linked == {
        "Thomas Besson": "conseiller.clermont",
        "Amina Roche": "conseiller.vichy",
        "Sophie Delmas": "conseiller.aurillac",
    }
    assert team.members.filter(adviser=None).exists()
    # The editor sees the links too (they are in the live revision, not only in the rows).
    revision_members = team.get_latest_revision_as_object().members.all()
    assert {m.full_name for m in revision_members if m.adviser_id} == set(linked)
    html = client.get(team.url).content.decode()
    assert html.count("Prendre rendez-vous avec") == 3
    assert "Prendre rendez-vous avec Thomas" in html

    page = team.get_latest_revision_as_object()
    members = list(page.members.all())
    for member in members:
        member.adviser = None
    page.members = members
    page.save_revision().publish()
    assert not TeamIndexPage.objects.get().members.exclude(adviser=None).exists()
    call_command("load_demo_data", stdout=io.StringIO())
    assert not TeamIndexPage.objects.get().members.exclude(adviser=None).exists()
