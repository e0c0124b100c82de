"""The whole booking with the keyboard alone (Tab, arrows, Space, Enter), every focused element
showing a visible focus indicator, and the form errors taking the focus."""

from booking.models import Appointment, AppointmentStatus
from tests.e2e.conftest import assert_accessible
from tests.e2e.support import FOUNDER, focused, named, tab_to, with_id


def is_link_to(fragment: str):
    return lambda state: state["tag"] == "a" and fragment in state["href"]


def radio_labelled(label: str):
    return lambda state: state["type"] == "radio" and state["name"] == label


def type_into(page, field_id: str, text: str):
    tab_to(page, with_id(field_id))
    page.keyboard.type(text)


def test_booking_with_the_keyboard_alone(demo_site, page, shot):
    page.goto(demo_site.url + "/")
    tab_to(page, named("Prendre rendez-vous"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/rendez-vous/")

    tab_to(page, named("Voir les créneaux de l'agence Osengo Vichy"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/rendez-vous/agence/vichy/")

    slot = tab_to(page, is_link_to("?creneau="))
    shot(page, "creneau-au-clavier")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reserver/?creneau=*")
    assert slot["href"].endswith(page.url.split("/reserver/")[1])

    # Civility: Tab enters the radio group, the arrow keys choose.
    tab_to(page, radio_labelled("Non précisée"))
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Madame").is_checked()
    type_into(page, "id_first_name", FOUNDER["Prénom"])
    type_into(page, "id_last_name", FOUNDER["Nom"])
    type_into(page, "id_email", FOUNDER["Adresse email"])
    type_into(page, "id_phone", FOUNDER["Téléphone"])
    type_into(page, "id_city", FOUNDER["Commune"])
    type_into(page, "id_postal_code", FOUNDER["Code postal"])
    type_into(page, "id_project_name", FOUNDER["Nom du projet"])
    type_into(page, "id_project_description", FOUNDER["Votre projet en quelques lignes"])
    # Closed selects: typing the start of an option chooses it.
    type_into(page, "id_project_stage", "Créa")
    assert page.locator("#id_project_stage").input_value() == "launch"
    type_into(page, "id_project_sector", "Comm")
    assert page.locator("#id_project_sector").input_value() == "commerce"
    tab_to(page, radio_labelled("Oui"))
    page.keyboard.press("Space")
    assert focused(page)["name"] == "Oui"

    # Submitted without the required consent: the error summary takes the focus.
    tab_to(page, named("Confirmer le rendez-vous"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    summary = focused(page)
    assert summary is not None and summary["id"] == "error-summary"
    assert summary["outline"] >= 2
    assert "Votre accord est nécessaire" in summary["name"]
    consent = page.locator("#id_consent")
    assert consent.get_attribute("aria-invalid") == "true"
    shot(page, "erreur-au-clavier")
    assert_accessible(page)

    # The summary's link leads to the field; Space ticks it, Enter sends the form.
    tab_to(page, named("Votre accord est nécessaire"))
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_consent"
    page.keyboard.press("Space")
    assert consent.is_checked()
    tab_to(page, named("Confirmer le rendez-vous"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/rendez-vous/confirmation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rendez-vous confirmé"
    shot(page, "confirmation-au-clavier")

    appointment = Appointment.objects.get(email=FOUNDER["Adresse email"])
    assert appointment.status == AppointmentStatus.CONFIRMED
    assert appointment.civility == "mme"
    assert appointment.project_stage == "launch"
