"""The advisers' agenda in a real browser: an adviser opens the week of a request, accepts it
with the keyboard from the agenda, lands back on the same week where the slot now says
"Confirmé", and opens the printed day list; axe-core finds no WCAG 2.1 AA violation on the
week, the day and the printed list."""

import secrets

from django.utils import timezone

from booking import services
from booking.models import Agency, AppointmentStatus, Slot
from booking.services import FounderDetails
from booking.timefmt import to_local
from tests.e2e.conftest import assert_accessible
from tests.e2e.support import named, tab_to

ADVISER = ("conseiller.clermont", "Demo-Clermont-2026")


def _request(slot):
    return services.appointment_book(
        slot_id=slot.pk,
        founder=FounderDetails(
            first_name="Agathe",
            last_name="Agenda",
            email="agathe.agenda@example.org",
            phone="+33633445566",
            city="Clermont-Ferrand",
            postal_code="63000",
            project_name="Brasserie des Puys",
            project_description="Une brasserie artisanale.",
            project_stage="idea",
            project_sector="craft",
        ),
        privacy_version="2026-11",
        submission_key=secrets.token_urlsafe(24),
    ).appointment


def _log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(ADVISER[0])
    page.locator("#id_password").fill(ADVISER[1])
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(base_url + "/admin/")


def test_adviser_accepts_a_request_from_the_week_and_prints_the_day(demo_site, page, shot):
    clermont = Agency.objects.get(slug="clermont-ferrand")
    slot = (
        Slot.objects.bookable(agencies=[clermont], now=timezone.now())
        .filter(capacity=1)
        .order_by("start")
        .first()
    )
    appointment = _request(slot)
    assert appointment.status == AppointmentStatus.PENDING
    day = to_local(slot.start).date()

    _log_in(page, demo_site.url)
    page.goto(demo_site.url + "/admin/booking/agenda/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Agenda"

    week = f"{demo_site.url}/admin/booking/agenda/?semaine={day.isoformat()}&agence={clermont.pk}"
    page.goto(week)
    entry = page.locator(f"#creneau-{slot.pk}")
    assert "En attente" in entry.inner_text() and "Agathe Agenda" in entry.inner_text()
    shot(page, "semaine")
    assert_accessible(page)

    # With the keyboard alone (every element passed shows its focus): Tab to the button, Enter.
    accept = named("Accepter la demande de Agathe Agenda")
    tab_to(page, lambda state: state["tag"] == "button" and accept(state), max_steps=400)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == week
    assert "le porteur de projet est prévenu" in page.locator(".messages").inner_text()
    assert "Confirmé" in page.locator(f"#creneau-{slot.pk}").inner_text()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CONFIRMED
    shot(page, "acceptee")

    page.locator(f"#jour-{day.isoformat()} .agenda__day-link").click()
    page.wait_for_url("**vue=jour**")
    assert "Agathe Agenda" in page.locator(f"#creneau-{slot.pk}").inner_text()
    shot(page, "jour")
    assert_accessible(page)

    page.get_by_role("link", name="Imprimer la journée").click()
    page.wait_for_url("**format=print**")
    listing = page.locator("main").inner_text()
    assert "Agathe Agenda" in listing and "+33633445566" in listing
    assert "Brasserie des Puys" in listing
    shot(page, "impression")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".agenda-print__tools").is_visible()
