"""A founder books an appointment, then uses the private link from the email to see it, move it
and cancel it. Every screen is checked with axe-core and saved as a screenshot."""

import re
import secrets
from datetime import timedelta

from django.utils import timezone

from booking import selectors, services
from booking.models import Agency, Appointment, AppointmentStatus, BookingPage, Slot
from booking.services import FounderDetails
from booking.timefmt import slot_label
from tests.e2e.conftest import assert_accessible
from tests.e2e.support import FOUNDER, emails_to, last_email_to

SLOT_ID = re.compile(r"creneau=(\d+)")


def fill_booking_form(page, founder: dict, *, postal_code: str):
    page.get_by_role("radio", name="Madame").check()
    for label, value in founder.items():
        page.get_by_role("textbox", name=label, exact=True).fill(value)
    page.get_by_role("textbox", name="Code postal", exact=True).fill(postal_code)
    page.get_by_label("Où en est le projet ?").select_option(label="Création imminente")
    page.get_by_label("Secteur d'activité").select_option(label="Commerce")
    page.get_by_role("group", name="Avez-vous déjà suivi une formation").get_by_label("Non").check()
    page.get_by_label("J'accepte qu'Osengo traite ces informations").check()


def test_founder_books_with_a_mistake_corrected_and_opens_the_emailed_link(demo_site, page, shot):
    founder = {k: v for k, v in FOUNDER.items() if k != "Code postal"}
    email = FOUNDER["Adresse email"]

    page.goto(demo_site.url + "/")
    shot(page, "accueil")
    page.get_by_role("link", name="Prendre rendez-vous").first.click()
    page.wait_for_url("**/rendez-vous/")
    assert page.get_by_role("heading", level=1).inner_text() == "Prendre rendez-vous"
    shot(page, "agences")
    assert_accessible(page)

    # Vichy confirms bookings at once (no adviser approval).
    page.get_by_role("link", name="Voir les créneaux de l'agence Osengo Vichy").click()
    page.wait_for_url("**/rendez-vous/agence/vichy/")
    assert "Osengo Vichy" in page.get_by_role("heading", level=1).inner_text()
    shot(page, "creneaux")
    assert_accessible(page)

    first_slot = page.locator(".slot-list a").first
    slot_id = int(SLOT_ID.search(first_slot.get_attribute("href")).group(1))
    slot = Slot.objects.select_related("meeting_type").get(pk=slot_id)
    # The button's accessible name is the full slot: day, hours and meeting type.
    full_name = f"{slot_label(slot.start, slot.end)} {slot.meeting_type.name}"
    assert page.get_by_role("link", name=full_name).first.get_attribute(
        "href"
    ) == first_slot.get_attribute("href")
    first_slot.click()
    page.wait_for_url(f"**/reserver/?creneau={slot_id}")
    assert slot_label(slot.start, slot.end) in page.locator("main").inner_text()
    shot(page, "formulaire")
    assert_accessible(page)

    # A mistake: a postal code of four digits.
    fill_booking_form(page, founder, postal_code="6320")
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Le formulaire contient 1 erreur" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    postal = page.get_by_role("textbox", name="Code postal", exact=True)
    assert postal.get_attribute("aria-invalid") == "true"
    error_id = postal.get_attribute("aria-describedby").split()[0]
    assert "code postal français à 5 chiffres" in page.locator(f"#{error_id}").inner_text()
    assert not Appointment.objects.filter(email=email).exists()
    shot(page, "formulaire-erreur")
    assert_accessible(page)

    # What was typed is kept: only the postal code needs correcting.
    project = page.get_by_role("textbox", name="Nom du projet", exact=True)
    assert project.input_value() == FOUNDER["Nom du projet"]
    summary.get_by_role("link", name=re.compile("Code postal")).click()
    postal.fill("63200")
    page.get_by_label("J'accepte qu'Osengo traite ces informations").check()
    page.get_by_role("button", name="Confirmer le rendez-vous").click()
    page.wait_for_url("**/rendez-vous/confirmation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous confirmé"
    assert email in page.locator("main").inner_text()
    shot(page, "confirmation")
    assert_accessible(page)

    appointment = Appointment.objects.get(email=email)
    assert appointment.slot_id == slot_id
    assert appointment.status == AppointmentStatus.CONFIRMED
    assert appointment.postal_code == "63200"

    message = last_email_to(email)
    assert "confirm" in message.subject.lower()
    page.goto(message.private_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Mon rendez-vous"
    main = page.locator("main").inner_text()
    assert appointment.reference in main
    assert slot_label(slot.start, slot.end) in main
    assert "Confirmé" in main
    shot(page, "lien-personnel")
    assert_accessible(page)


def _book_next_week(email: str) -> tuple[Appointment, Slot]:
    """A confirmed appointment next week at Vichy (far enough to be changed online), and
    another free slot of the same type that week to move it to."""
    now = timezone.now()
    monday = selectors.week_start_for(None, now=now) + timedelta(days=7)
    agency = Agency.objects.get(slug="vichy")
    free = [
        slot
        for day in selectors.week_slots(agency, week_start=monday, now=now)
        for slot in day.slots
        if slot.capacity == 1 and slot.meeting_type.slug == "premier-rendez-vous"
    ]
    assert len(free) >= 2, "la démo doit offrir deux premiers rendez-vous la semaine prochaine"
    founder = FounderDetails(
        first_name="Aurore",
        last_name="Vidal",
        email=email,
        phone="+33612345678",
        city="Riom",
        postal_code="63200",
        project_name="Torréfaction des Combrailles",
        project_description="Un atelier de torréfaction de café en circuit court.",
        project_stage="launch",
        project_sector="commerce",
    )
    result = services.appointment_book(
        slot_id=free[0].pk,
        founder=founder,
        privacy_version=BookingPage.objects.get().privacy_version,
        submission_key=secrets.token_urlsafe(24),
    )
    return result.appointment, free[-1]


def _offered_next_week(page, demo_site) -> set[int]:
    """The slot ids Vichy offers next week, as a founder finds them."""
    page.goto(demo_site.url + "/rendez-vous/agence/vichy/")
    page.get_by_role("link", name="Semaine suivante").click()
    page.wait_for_url("**semaine=*")
    return {
        int(SLOT_ID.search(href).group(1))
        for href in page.locator(".slot-list a").evaluate_all("els => els.map(a => a.href)")
    }


def test_founder_moves_then_cancels_from_the_emailed_link(demo_site, page, shot):
    email = FOUNDER["Adresse email"]
    appointment, target = _book_next_week(email)
    first_slot = appointment.slot
    first_link = last_email_to(email).private_link

    page.goto(first_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Mon rendez-vous"
    assert slot_label(first_slot.start, first_slot.end) in page.locator("main").inner_text()
    shot(page, "rendez-vous")
    assert_accessible(page)

    page.get_by_role("link", name="Déplacer le rendez-vous").click()
    page.wait_for_url("**/deplacer/")
    shot(page, "deplacer")
    assert_accessible(page)
    page.get_by_role("link", name="Semaine suivante").click()
    page.wait_for_url("**/deplacer/?semaine=*")
    # The radio's accessible name is the full slot, not just its hour.
    radio = page.get_by_role("radio", name=slot_label(target.start, target.end))
    assert radio.count() == 1
    page.locator(f"label[for='{radio.get_attribute('id')}']").click()
    assert radio.is_checked()
    shot(page, "deplacer-choix")
    assert_accessible(page)
    page.get_by_role("button", name="Continuer").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Confirmer le déplacement"
    main = page.locator("main").inner_text()
    assert f"Ancien créneau : {slot_label(first_slot.start, first_slot.end)}" in main
    assert f"Nouveau créneau : {slot_label(target.start, target.end)}" in main
    shot(page, "deplacer-confirmer")
    assert_accessible(page)
    page.get_by_role("button", name="Oui, déplacer le rendez-vous").click()
    page.wait_for_url(lambda url: "/rendez-vous/gerer/" in url and url != first_link)
    main = page.locator("main").inner_text()
    assert "Votre rendez-vous est déplacé" in main
    assert slot_label(target.start, target.end) in main
    shot(page, "deplace")
    assert_accessible(page)

    appointment.refresh_from_db()
    assert appointment.slot_id == target.pk
    assert appointment.status == AppointmentStatus.CONFIRMED
    moved_email = last_email_to(email)
    assert moved_email.private_link == page.url
    assert len(emails_to(email)) == 2
    manage_url = page.url
    assert page.goto(first_link).status == 404, "l'ancien lien doit cesser de fonctionner"

    offered = _offered_next_week(page, demo_site)
    assert first_slot.pk in offered, "le créneau quitté est proposé de nouveau"
    assert target.pk not in offered, "le nouveau créneau n'a qu'une place : il n'est plus proposé"

    page.goto(manage_url)
    page.get_by_role("link", name="Annuler le rendez-vous").click()
    page.wait_for_url("**/annuler/")
    assert page.get_by_role("heading", level=1).inner_text() == "Annuler mon rendez-vous"
    shot(page, "annuler")
    assert_accessible(page)
    page.get_by_role("button", name="Oui, annuler le rendez-vous").click()
    page.wait_for_url(demo_site.url + "/rendez-vous/")
    assert "Votre rendez-vous est annulé" in page.get_by_role("status").first.inner_text()
    shot(page, "annule")
    assert_accessible(page)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED_BY_FOUNDER
    assert "annul" in last_email_to(email).subject.lower()
    assert page.goto(manage_url).status == 404, "un rendez-vous annulé ne se gère plus en ligne"

    offered = _offered_next_week(page, demo_site)
    assert target.pk in offered, "le créneau libéré par l'annulation est proposé de nouveau"
    shot(page, "creneau-libere")
