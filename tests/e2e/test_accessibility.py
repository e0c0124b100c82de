"""axe-core (WCAG 2.1 A and AA) on every public page type, on a desktop and a phone; the
accessibility statement says what these tests check. The booking and manage pages are also
scanned at every step of the journeys (test_founder_journeys.py, test_keyboard.py). The same
visit checks the layout (tests/e2e/layout.py) and keeps a screenshot of each page type at
each width (test-artifacts/screenshots/)."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from booking.models import Agency, Slot
from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsPage
from tests.e2e.conftest import VIEWPORTS, axe_violations
from tests.e2e.layout import heading_scale_problems, heading_sizes, layout_problems


def _public_pages() -> dict[str, str]:
    article = NewsPage.objects.live().order_by("-first_published_at").first()
    full_slot = Slot.objects.filter(start__gt=timezone.now(), booked_count__gte=1, capacity=1)
    full_slot = full_slot.select_related("agency").order_by("start").first()
    free_slot = Slot.objects.filter(start__gt=timezone.now() + timedelta(days=2), booked_count=0)
    free_slot = free_slot.select_related("agency").order_by("start").first()
    assert article and full_slot and free_slot, "contenu de démonstration incomplet"
    far_week = (timezone.localdate() + timedelta(days=300)).isoformat()
    adviser = get_user_model().objects.get(username="conseiller.clermont")
    return {
        "page-tous-les-blocs": _page_with_every_block(),
        "page-agence": "/rendez-vous/vichy/",
        "accueil": "/",
        "page-standard": "/a-propos/",
        "page-faq": "/notre-accompagnement/",
        "equipe": "/equipe/",  # with « Prendre rendez-vous avec… » buttons
        "actualites": "/actualites/",
        "actualites-categorie": "/actualites/?categorie=evenements",
        "actualites-filtre-inconnu": "/actualites/?categorie=inconnue",
        "article": article.url,
        "recherche": "/recherche/?q=projet",
        "recherche-vide": "/recherche/?q=zzzzzz",
        "page-404": "/cette-page-n-existe-pas/",
        "accessibilite": "/accessibilite/",
        "mentions-legales": "/mentions-legales/",  # with the host from the legal settings
        "agences": "/rendez-vous/",
        "creneaux": "/rendez-vous/agence/clermont-ferrand/",
        "creneaux-conseiller": f"/rendez-vous/agence/clermont-ferrand/?conseiller={adviser.pk}",
        "creneaux-semaine-vide": f"/rendez-vous/agence/aurillac/?semaine={far_week}",
        "reserver": (
            f"/rendez-vous/agence/{free_slot.agency.slug}/reserver/?creneau={free_slot.pk}"
        ),
        "creneau-complet": (
            f"/rendez-vous/agence/{full_slot.agency.slug}/reserver/?creneau={full_slot.pk}"
        ),
    }


def _page_with_every_block() -> str:
    """A showcase page holding every block of the shared body, the booking and news ones with
    their filters and their empty states."""
    vichy = Agency.objects.get(slug="vichy")
    category = NewsCategory.objects.order_by("pk").first()
    body = [
        {"type": "paragraph", "value": "<p>Tous les blocs, pour le contrôle d'accessibilité.</p>"},
        {"type": "upcoming_slots", "value": {"title": "Prochains créneaux", "count": 6}},
        {
            "type": "upcoming_slots",
            "value": {"title": "À Vichy", "agency": str(vichy.pk), "count": 3},
        },
        {"type": "upcoming_slots", "value": {"title": "Agence fermée", "agency": "999999"}},
        {"type": "agency_cards", "value": {"title": "Nos agences"}},
        {"type": "latest_news", "value": {"title": "Actualités", "count": 4}},
        {
            "type": "latest_news",
            "value": {"title": "Une catégorie", "category": str(category.pk), "count": 2},
        },
        {"type": "quote", "value": {"text": "Merci !", "author": "Camille", "role": "fondatrice"}},
        {
            "type": "call_to_action",
            "value": {
                "title": "Prêt ?",
                "button_label": "Nous écrire",
                "link_url": "https://www.example.org/",
            },
        },
        {
            "type": "faq",
            "value": {
                "title": "FAQ",
                "questions": [{"question": "Gratuit ?", "answer": "<p>Oui.</p>"}],
            },
        },
    ]
    page = StandardPage(title="Tous les blocs", slug="tous-les-blocs", body=body)
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page.url


def test_every_public_page_type_has_no_wcag_violation_nor_layout_fault(demo_site, page, shot):
    failures, headings = [], {}
    for name, path in _public_pages().items():
        response = page.goto(demo_site.url + path)
        assert response.status == (404 if name == "page-404" else 200), path
        failures += [f"{path}: {problem}" for problem in layout_problems(page)]
        headings[name] = heading_sizes(page)
        shot(page, name)
        for violation in axe_violations(page):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            failures.append(f"{path}: {violation['id']} ({violation['help']}) → {targets}")
    failures += heading_scale_problems(headings)
    assert not failures, "\n".join(failures)
    _check_statement(page, demo_site)


def _check_statement(page, demo_site):
    """The statement's method section names what these tests run."""
    axe_version = json.loads(
        (settings.BASE_DIR / "node_modules" / "axe-core" / "package.json").read_text()
    )["version"]
    page.goto(demo_site.url + "/accessibilite/")
    text = page.locator("main").inner_text()
    for expected in (
        "Déclaration d'accessibilité",
        "RGAA",
        "partiellement conforme",
        f"axe-core {axe_version}",
        "Chromium",
        *(f"{size['width']} × {size['height']}" for size in VIEWPORTS.values()),
        "Défenseur des droits",
        "accessibilite@osengo.fr",
    ):
        assert expected in text, f"la déclaration ne mentionne pas « {expected} »"
