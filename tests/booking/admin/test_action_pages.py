"""What the adviser reads before acting: each action page names the appointment (date, agency,
meeting type, founder, project, status) and its button says what it does; the move and
"book on behalf" pages offer the next slots by day from a date, not every slot for months;
the custom pages of the admin have their own titles; no French slips on the main pages."""

import re
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Workflow

from accounts.groups import EDITORS_GROUP, groups_sync
from booking import services
from booking.models import AppointmentStatus
from booking.timefmt import slot_label
from tests.booking.admin.conftest import book_early, client_for
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def action_url(name, appointment, **params):
    url = reverse(f"booking_appointment_modeladmin_{name}", args=[appointment.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def text_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def title_of(response) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1])


def header_of(response) -> str:
    html = response.content.decode()
    return " ".join(
        unescape(re.sub(r"<[^>]+>", " ", re.search(r"<h1.*?</h1>", html, re.S)[0])).split()
    )


@pytest.fixture
def pending(clermont, meeting_type):
    return book(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(4, 10)),
        first_name="Léa",
        last_name="Martin",
        email="lea.martin@example.org",
        phone="+33612345678",
        project_name="Boulangerie bio",
    )


@pytest.fixture
def confirmed_past(clermont, meeting_type):
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-1, 9))
    return services.appointment_accept(appointment=book_early(slot), by=None)


BUTTONS = {
    "accepter": "Accepter la demande",
    "refuser": "Refuser la demande",
    "deplacer": "Déplacer le rendez-vous",
    "annuler": "Annuler le rendez-vous",
}


@pytest.mark.parametrize("name", BUTTONS)
def test_an_action_page_shows_what_is_acted_on_and_what_the_button_does(
    clermont_client, pending, name
):
    response = clermont_client.get(action_url(name, pending))
    text = text_of(response)
    slot = pending.slot
    for expected in [
        slot_label(slot.start, slot.end),
        "Osengo Clermont-Ferrand",
        "Premier rendez-vous",
        "Léa Martin",
        "lea.martin@example.org",
        "+33612345678",
        "Boulangerie bio",
        "En attente",
        pending.reference,
    ]:
        assert expected in text, expected
    post_form = response.content.decode().split('method="post"')[-1]
    assert re.search(r'<button type="submit"[^>]*>(.*?)</button>', post_form)[1] == BUTTONS[name]
    assert "Revenir sans rien changer" in text and "Retour" not in text
    assert title_of(response).startswith(f"{BUTTONS[name]}: {pending.reference}")
    assert BUTTONS[name] in header_of(response)


@pytest.mark.parametrize(
    ("name", "label"), [("honore", "Marquer comme honoré"), ("absent", "Marquer comme absent")]
)
def test_the_pages_after_the_meeting_name_their_action(
    clermont_client, confirmed_past, name, label
):
    response = clermont_client.get(action_url(name, confirmed_past))
    assert f">{label}</button>" in response.content.decode()
    assert "Confirmé" in text_of(response)
    assert title_of(response).startswith(label)


@pytest.fixture
def many_slots(clermont, meeting_type):
    """30 free slots, three a day from tomorrow."""
    return [
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(day, hour))
        for day in range(1, 11)
        for hour in (9, 11, 14)
    ]


def offered_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="slot" value="(\d+)"', response.content.decode())]


def test_the_move_page_offers_the_next_twelve_slots_by_day(
    clermont_client, pending, many_slots, vichy, meeting_type
):
    SlotFactory(agency=vichy, meeting_type=meeting_type, start=in_days(1, 8))
    response = clermont_client.get(action_url("deplacer", pending))
    assert offered_ids(response) == [slot.pk for slot in many_slots[:12]]
    text = text_of(response)
    assert slot_label(many_slots[0].start, many_slots[0].end) in text  # full labels
    assert "Osengo Vichy" not in text  # the appointment's agency only
    assert 'type="date"' in response.content.decode() and "À partir du" in text


def test_the_move_page_looks_further_from_a_date_and_still_moves(
    clermont_client, pending, many_slots, django_capture_on_commit_callbacks
):
    later = many_slots[-3].start.date()
    response = clermont_client.get(action_url("deplacer", pending, depuis=later.isoformat()))
    assert offered_ids(response) == [slot.pk for slot in many_slots[-3:]]
    with django_capture_on_commit_callbacks(execute=True):
        moved = clermont_client.post(
            action_url("deplacer", pending, depuis=later.isoformat()),
            {"expected_status": pending.status, "slot": many_slots[-1].pk},
        )
    assert moved.status_code == 302
    pending.refresh_from_db()
    assert pending.slot == many_slots[-1]


@pytest.mark.parametrize("value", ["abc", "9999-12-31", "2020-01-01", "", "12\x0034"])
def test_a_bad_from_date_is_answered_and_the_list_starts_today(
    clermont_client, pending, many_slots, value
):
    response = clermont_client.get(action_url("deplacer", pending), {"depuis": value})
    assert offered_ids(response) == [slot.pk for slot in many_slots[:12]]
    if value in ("abc", "9999-12-31", "12\x0034"):
        assert re.search(r"date valide|choisissez une date entre", text_of(response))


def test_no_free_slot_is_said_in_words(clermont_client, pending):
    text = text_of(clermont_client.get(action_url("deplacer", pending)))
    assert "Aucun créneau libre à partir du" in text


def test_booking_on_behalf_offers_a_short_list_and_takes_a_preselected_slot(
    clermont_client, many_slots
):
    url = reverse("booking_appointment_modeladmin_create")
    response = clermont_client.get(url)
    assert offered_ids(response) == [slot.pk for slot in many_slots[:12]]
    far = many_slots[-1]
    preselected = clermont_client.get(url, {"creneau": far.pk})
    assert far.pk in offered_ids(preselected)
    assert re.search(rf'name="slot" value="{far.pk}"[^>]*checked', preselected.content.decode())
    assert title_of(response).startswith("Prendre un rendez-vous pour un porteur de projet")
    for junk in ["abc", "99999999999999999999", "-1"]:
        assert clermont_client.get(url, {"creneau": junk}).status_code == 200


CUSTOM_PAGES = [
    ("booking_slots_generate", "Générer des créneaux"),
    ("booking_statistics", "Statistiques des rendez-vous"),
    ("booking_privacy", "Données personnelles (RGPD)"),
    ("booking_appointment_modeladmin_create", "Prendre un rendez-vous"),
    ("booking_two_factor:status", "Double authentification"),
]


@pytest.mark.parametrize(("url_name", "title"), CUSTOM_PAGES)
def test_custom_admin_pages_have_their_own_title(superuser, url_name, title):
    response = client_for(superuser).get(reverse(url_name))
    assert title_of(response).startswith(title)
    assert title in header_of(response)
    assert "Accueil" not in header_of(response)


SLIPS = re.compile(
    r"\w\((e|s|x|es)\)|ce/cette|Ce\(tte\)|Aucun fermetures|\bcrées\b|Password|Moderators"
)


def test_no_french_slips_on_the_main_admin_pages(superuser, pending, clermont, booking_page):
    client = client_for(superuser)
    urls = [reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root")]
    for model in ["appointment", "slot", "closure", "agency", "meetingtype", "bookingquestion"]:
        urls.append(reverse(f"booking_{model}_modeladmin_index"))  # the closures' one is empty
    for model in ["slot", "closure", "agency", "meetingtype"]:
        urls.append(reverse(f"booking_{model}_modeladmin_create"))
    urls += [reverse(name) for name, _ in CUSTOM_PAGES]
    urls += [action_url(name, pending) for name in BUTTONS]
    urls += [reverse("wagtailadmin_pages:edit", args=[booking_page.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        assert not SLIPS.search(text), (url, SLIPS.search(text)[0])


def test_the_default_moderation_workflow_is_off_and_french():
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Workflow.objects.filter(active=True).exists()


def test_editors_start_at_the_home_page_not_the_root(home_page, editor):
    # Wagtail's placeholder home page (« Welcome to your new Wagtail site! »), gone on a real site.
    Page.objects.filter(depth=2).exclude(pk=home_page.pk).delete()
    groups_sync()
    granted = GroupPagePermission.objects.filter(group__name=EDITORS_GROUP)
    assert {permission.page_id for permission in granted} == {home_page.pk}
    response = client_for(editor).get(reverse("wagtailadmin_explore_root"))
    assert response.status_code == 302 or "Root" not in title_of(response)
    explored = client_for(editor).get(reverse("wagtailadmin_explore_root"), follow=True)
    assert title_of(explored).startswith(f"Exploration: {home_page.title}")
