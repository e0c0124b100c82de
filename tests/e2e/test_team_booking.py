"""A visitor of the team page books with one adviser: the card's button leads to that adviser's
free slots only, and the way back to the whole agency is offered."""

import re

from django.contrib.auth import get_user_model

from booking.models import Slot
from tests.e2e.conftest import assert_accessible

SLOT_ID = re.compile(r"creneau=(\d+)")


def test_a_visitor_books_with_the_adviser_of_a_team_card(demo_site, page, shot):
    adviser = get_user_model().objects.get(username="conseiller.vichy")
    page.goto(demo_site.url + "/equipe/")
    shot(page, "equipe")
    # Visible text "… avec Amina", accessible name with the full name.
    button = page.get_by_role("link", name="Prendre rendez-vous avec Amina Roche", exact=True)
    assert button.count() == 1
    assert "Prendre rendez-vous avec Amina" in button.inner_text()
    # Members without an adviser account (the director) have no button.
    director = page.locator(".team-card", has_text="Claire Vasseur")
    assert director.get_by_role("link").count() == 0
    button.click()
    page.wait_for_url(f"**/rendez-vous/agence/vichy/?conseiller={adviser.pk}")
    assert page.get_by_role("heading", level=1).inner_text() == "Créneaux d'Amina Roche"
    shot(page, "creneaux-conseillere")
    assert_accessible(page)

    links = page.locator(".slot-list a")
    assert links.count() > 0
    shown = {
        int(SLOT_ID.search(href).group(1))
        for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    }
    assert set(Slot.objects.filter(pk__in=shown).values_list("adviser", flat=True)) == {adviser.pk}

    links.first.click()
    page.wait_for_url("**/reserver/?creneau=*")
    page.get_by_role("link", name="Tous les créneaux d'Amina Roche").click()
    page.wait_for_url(f"**/rendez-vous/agence/vichy/?conseiller={adviser.pk}")
    page.get_by_role("link", name="Voir tous les créneaux de l'agence").click()
    page.wait_for_url("**/rendez-vous/agence/vichy/")
    assert "Osengo Vichy" in page.get_by_role("heading", level=1).inner_text()
