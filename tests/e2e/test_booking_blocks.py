"""An editor adds a "Prochains créneaux" block to a showcase page in the Wagtail editor and
publishes it; a visitor follows one of its slots, books it, and back on the page that slot is
gone at once, with the page cache on."""

import re

from django.core.cache import cache

from booking.models import Appointment
from home.models import StandardPage
from home.page_cache import HIT_HEADER
from tests.e2e.conftest import assert_accessible
from tests.e2e.support import FOUNDER
from tests.e2e.test_founder_journeys import fill_booking_form
from tests.e2e.test_staff_journeys import EDITOR, log_in

SLOT_ID = re.compile(r"creneau=(\d+)")


def test_editor_adds_upcoming_slots_and_a_booked_slot_leaves_the_page(
    demo_site, browser, page, shot, settings
):
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    target = StandardPage.objects.get(slug="a-propos")

    # The editor, in the Wagtail page editor.
    log_in(page, demo_site.url, *EDITOR)
    page.goto(f"{demo_site.url}/admin/pages/{target.pk}/edit/")
    body = page.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insérer un bloc").last.click()
    page.get_by_role("option", name="Prochains créneaux").click()
    # The new block's fields: body-<n>-value-<field>, labelled in French.
    agency = body.locator("select[id$='-value-agency']").last
    prefix = agency.get_attribute("id").removesuffix("agency")
    assert page.locator(f"label[for='{prefix}agency']").inner_text().strip() == "Agence"
    page.locator(f"#{prefix}title").fill("Réserver à Vichy")
    agency.select_option(label="Osengo Vichy")
    page.locator(f"#{prefix}count").fill("4")
    shot(page, "editeur-bloc")
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/admin/pages/*/")
    assert "a été publiée" in page.locator(".messages").inner_text()
    target.refresh_from_db()
    assert [b.block_type for b in target.body][-1] == "upcoming_slots"

    # A visitor: another browser context, no session.
    visitor = browser.new_context(viewport=page.viewport_size, locale="fr-FR")
    tab = visitor.new_page()
    tab.set_default_timeout(15_000)
    response = tab.goto(demo_site.url + target.url)
    assert response.headers[HIT_HEADER.lower()] == "miss"
    section = tab.locator(".block-slots")
    assert section.get_by_role("heading", name="Réserver à Vichy").is_visible()
    links = section.locator("a.upcoming-slot")
    assert links.count() == 4
    assert "Osengo Vichy" in links.first.inner_text()
    shot(tab, "visiteur-page")
    assert_accessible(tab)
    assert tab.goto(demo_site.url + target.url).headers[HIT_HEADER.lower()] == "hit"

    first = links.first
    slot_id = int(SLOT_ID.search(first.get_attribute("href")).group(1))
    first.click()
    tab.wait_for_url(f"**/rendez-vous/agence/vichy/reserver/?creneau={slot_id}")
    fill_booking_form(tab, FOUNDER_WITHOUT_POSTCODE, postal_code="63200")
    tab.get_by_role("button", name="Confirmer le rendez-vous").click()
    tab.wait_for_url("**/rendez-vous/confirmation/")
    assert Appointment.objects.filter(slot_id=slot_id, email=FOUNDER["Adresse email"]).exists()

    tab.goto(demo_site.url + target.url)
    hrefs = [a.get_attribute("href") for a in tab.locator(".block-slots a.upcoming-slot").all()]
    assert len(hrefs) == 4
    assert not any(f"creneau={slot_id}" == href.split("?")[-1] for href in hrefs), hrefs
    shot(tab, "visiteur-page-apres")
    visitor.close()
    cache.clear()


FOUNDER_WITHOUT_POSTCODE = {k: v for k, v in FOUNDER.items() if k != "Code postal"}
