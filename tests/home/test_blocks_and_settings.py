"""Blocks render accessible HTML and refuse ambiguous links; settings links are validated."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.blocks import BaseStreamBlock, CallToActionBlock
from home.models import MenuItem, NavigationSettings

from .factories import TeamIndexPageFactory, TeamMemberFactory

STREAM = BaseStreamBlock()


def render(block_type: str, value) -> str:
    block = STREAM.child_blocks[block_type]
    return block.render(block.to_python(value))


def test_no_raw_html_block():
    assert "RawHTMLBlock" not in {type(b).__name__ for b in STREAM.child_blocks.values()}
    assert {"paragraph", "image", "call_to_action", "quote", "faq", "embed"} <= set(
        STREAM.child_blocks
    )


def test_faq_renders_questions_as_disclosure_widgets():
    html = render(
        "faq",
        {
            "title": "Questions fréquentes",
            "questions": [
                {"question": "Est-ce gratuit ?", "answer": "<p>Oui.</p>"},
                {"question": "Combien de temps ?", "answer": "<p>Six mois.</p>"},
            ],
        },
    )
    assert html.count("<details") == 2
    assert "<summary>Est-ce gratuit ?</summary>" in html
    assert "<p>Six mois.</p>" in html


def test_quote_names_its_author():
    html = render("quote", {"text": "Merci !", "author": "Camille Roux", "role": "fondatrice"})
    assert "<blockquote" in html
    assert "Camille Roux, <cite>fondatrice</cite>" in html


def test_call_to_action_links_to_a_page(home_page):
    html = render(
        "call_to_action",
        {
            "title": "Venez",
            "text": "",
            "button_label": "Accueil",
            "page": home_page.pk,
            "link_url": "",
        },
    )
    assert 'href="/"' in html
    assert ">Accueil</a>" in html


@pytest.mark.parametrize("link", [{"page": None, "link_url": ""}, "both"])
def test_call_to_action_needs_exactly_one_target(home_page, link):
    block = CallToActionBlock()
    if link == "both":
        link = {"page": home_page, "link_url": "https://www.example.fr/"}
    value = block.to_python({"title": "Venez", "text": "", "button_label": "Go"})
    value.update(link)
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_image_alt_text_falls_back_to_the_image_description():
    image = get_image_model().objects.create(
        title="Atelier", description="Six personnes autour d'une table", file=get_test_image_file()
    )
    html = render("image", {"image": image.pk, "alt_text": "", "caption": "Un atelier"})
    assert 'alt="Six personnes autour d&#x27;une table"' in html
    assert "<figcaption>Un atelier</figcaption>" in html
    assert 'type="image/webp"' in html
    assert 'width="' in html and 'height="' in html

    html = render("image", {"image": image.pk, "alt_text": "Un atelier", "caption": ""})
    assert 'alt="Un atelier"' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.fr", "data:text/html,x"])
def test_menu_links_refuse_unsafe_or_relative_addresses(home_page, url):
    setting = NavigationSettings.for_site(home_page.get_site())
    item = MenuItem(setting=setting, label="Lien", link_url=url, sort_order=0)
    with pytest.raises(ValidationError):
        item.full_clean()


def test_menu_link_needs_exactly_one_target(home_page):
    setting = NavigationSettings.for_site(home_page.get_site())
    with pytest.raises(ValidationError):
        MenuItem(setting=setting, label="Vide", sort_order=0).full_clean()
    with pytest.raises(ValidationError):
        MenuItem(
            setting=setting, label="Les deux", link_page=home_page, link_url="/recherche/"
        ).full_clean()
    MenuItem(setting=setting, label="Recherche", link_url="/recherche/", sort_order=0).full_clean()


def test_menu_marks_the_current_page(home_page, client):
    setting = NavigationSettings.for_site(home_page.get_site())
    MenuItem.objects.create(setting=setting, label="Recherche", link_url="/recherche/")
    html = client.get("/recherche/").content.decode()
    assert 'class="nav-link active" href="/recherche/" aria-current="page">Recherche</a>' in html


def _queries_for(client, url) -> int:
    client.get(url)  # renditions are generated on the first view
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_team_page_queries_do_not_grow_with_members(home_page, client):
    team = TeamIndexPageFactory(parent=home_page)
    TeamMemberFactory.create_batch(2, page=team)
    with_two = _queries_for(client, team.url)
    TeamMemberFactory.create_batch(8, page=team)
    assert _queries_for(client, team.url) == with_two


def test_editors_change_the_menu_from_the_admin(home_page, client, django_user_model):
    site = home_page.get_site()
    editor = django_user_model.objects.create_superuser("editrice", "e@osengo.fr", "x" * 14)
    client.force_login(editor)
    url = reverse("wagtailsettings:edit", args=["home", "navigationsettings", site.pk])
    assert client.get(url).status_code == 200

    items = inline_formset(
        [
            {"label": "Accueil", "link_page": home_page.pk, "link_url": ""},
            {"label": "Rechercher", "link_page": "", "link_url": "/recherche/"},
        ]
    )
    response = client.post(url, nested_form_data({"menu_items": items}))
    assert response.status_code == 302

    client.logout()
    html = client.get("/recherche/").content.decode()
    menu = html.split('id="menu-principal"')[1].split("</ul>")[0]
    assert menu.index(">Accueil</a>") < menu.index(">Rechercher</a>")


def test_footer_settings_page_opens_in_the_admin(home_page, client, django_user_model):
    editor = django_user_model.objects.create_superuser("editrice", "e@osengo.fr", "x" * 14)
    client.force_login(editor)
    url = reverse("wagtailsettings:edit", args=["home", "footersettings", home_page.get_site().pk])
    assert client.get(url).status_code == 200
