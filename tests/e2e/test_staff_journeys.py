"""Staff in the Wagtail admin: an editor publishes a news article; an adviser accepts and
refuses requests and exports them, and the founders' emails say so."""

import csv
import io
import secrets
from pathlib import Path

from django.utils import timezone

from booking import services
from booking.models import Agency, Appointment, AppointmentStatus, Slot
from booking.services import FounderDetails
from booking.timefmt import slot_label
from news.models import NewsIndexPage, NewsPage
from tests.e2e.support import last_email_to

EDITOR = ("editeur", "Demo-Editeur-2026")


def log_in(page, base_url: str, username: str, password: str):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(base_url + "/admin/")


def test_editor_edits_and_publishes_an_article_that_appears_on_the_news_index(
    demo_site, page, shot
):
    index = NewsIndexPage.objects.get()
    article = NewsPage.objects.live().get(slug="ouverture-agence-aurillac")
    new_title = "Osengo ouvre sa troisième agence, à Aurillac"

    log_in(page, demo_site.url, *EDITOR)
    shot(page, "tableau-de-bord")
    page.goto(f"{demo_site.url}/admin/pages/{index.pk}/")
    page.get_by_role("link", name=article.title).first.click()
    page.wait_for_url(f"**/admin/pages/{article.pk}/edit/")
    title = page.locator("#id_title")
    title.fill(new_title)
    shot(page, "article-modifie")
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    assert f"«\xa0{new_title}\xa0» a été publiée" in page.locator(".messages").inner_text()
    shot(page, "article-publie")

    article.refresh_from_db()
    assert article.title == new_title and article.live and not article.has_unpublished_changes

    page.goto(demo_site.url + "/actualites/")
    teaser = page.get_by_role("link", name=new_title)
    assert teaser.first.is_visible()
    assert page.get_by_text("Osengo ouvre une agence à Aurillac", exact=True).count() == 0
    shot(page, "actualites")
    teaser.first.click()
    page.wait_for_url(f"**{article.url}")
    assert page.get_by_role("heading", level=1).inner_text() == new_title
    shot(page, "article")


ADVISER = ("conseiller.clermont", "Demo-Clermont-2026")
REASON = "Ce créneau est réservé aux projets agricoles : choisissez un premier rendez-vous."


def _pending_request(first_name: str, email: str, phone: str, slot) -> Appointment:
    founder = FounderDetails(
        first_name=first_name,
        last_name="Testeur",
        email=email,
        phone=phone,
        city="Clermont-Ferrand",
        postal_code="63000",
        project_name=f"Projet de {first_name}",
        project_description="Un projet pour le test du back-office.",
        project_stage="idea",
        project_sector="services",
    )
    return services.appointment_book(
        slot_id=slot.pk,
        founder=founder,
        privacy_version="2026-11",
        submission_key=secrets.token_urlsafe(24),
    ).appointment


def _row(page, appointment):
    return page.get_by_role("row").filter(has_text=appointment.reference)


def test_adviser_accepts_refuses_with_a_reason_and_exports(demo_site, page, shot):
    clermont = Agency.objects.get(slug="clermont-ferrand")
    # Slots of meeting types the agency confirms (the demo's phone calls are confirmed at once).
    bookable = Slot.objects.bookable(agencies=[clermont], now=timezone.now())
    slots = [
        slot for slot in bookable.select_related("agency", "meeting_type") if slot.requires_approval
    ][:2]
    accepted = _pending_request("Alice", "alice@example.org", "+33611111111", slots[0])
    refused = _pending_request("Bruno", "bruno@example.org", "+33622222222", slots[1])
    assert {accepted.status, refused.status} == {AppointmentStatus.PENDING}
    elsewhere = Appointment.objects.exclude(slot__agency=clermont).first()
    index_url = demo_site.url + "/admin/booking/appointment/"

    log_in(page, demo_site.url, *ADVISER)
    shot(page, "tableau-de-bord")
    page.goto(index_url)
    assert "En attente" in _row(page, accepted).inner_text()
    shot(page, "liste")

    _row(page, accepted).get_by_role("link", name="Inspecter").click()
    page.wait_for_url(f"**/inspect/{accepted.pk}/")
    shot(page, "demande")
    page.get_by_role("button", name="Accepter").click()
    page.wait_for_load_state()
    assert "le porteur de projet est prévenu" in page.locator(".messages").inner_text()
    shot(page, "acceptee")

    page.goto(index_url)
    _row(page, refused).get_by_role("link", name="Refuser").click()
    page.wait_for_url(f"**/refuser/{refused.pk}/")
    page.get_by_label("Motif communiqué au porteur de projet").fill(REASON)
    shot(page, "refus-motif")
    page.get_by_role("button", name="Refuser").click()
    page.wait_for_load_state()
    assert "Demande refusée" in page.locator(".messages").inner_text()
    shot(page, "refusee")

    accepted.refresh_from_db()
    refused.refresh_from_db()
    assert accepted.status == AppointmentStatus.CONFIRMED
    assert refused.status == AppointmentStatus.REFUSED

    page.goto(index_url)
    assert "Confirmé" in _row(page, accepted).inner_text()
    assert "Refusé" in _row(page, refused).inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = {
        row["Référence"]: row
        for row in csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig")))
    }
    assert rows[accepted.reference]["Statut"] == "Confirmé"
    assert rows[refused.reference]["Statut"] == "Refusé"
    assert rows[refused.reference]["Motif communiqué"] == REASON
    assert elsewhere.reference not in rows, "l'export ne contient que les agences du conseiller"
    shot(page, "export")

    confirmed_email = last_email_to("alice@example.org")
    assert "confirm" in confirmed_email.subject.lower()
    assert slot_label(slots[0].start, slots[0].end) in confirmed_email.body
    refused_email = last_email_to("bruno@example.org")
    assert "Motif : " + REASON in refused_email.body
    assert "ne peut pas vous recevoir" in refused_email.body
