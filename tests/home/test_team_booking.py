"""The team page books: a member linked to an adviser account gets a « Prendre rendez-vous
avec… » button when that adviser has free slots now, leading to their slots only; the
"Équipe" block shows the same cards anywhere in a page body."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.groups import ADVISERS_GROUP, EDITORS_GROUP, groups_sync
from booking.models import Appointment, BookingPage
from booking.timefmt import to_local
from home.page_cache import CACHED_QUERY_PARAMETERS, HIT_HEADER
from tests.booking.factories import AgencyFactory, SlotFactory, book, in_days
from tests.booking.test_views import form_data

from .factories import StandardPageFactory, TeamIndexPageFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
BUTTON = "Prendre rendez-vous avec"
NO_SLOT = "Pas de créneau disponible pour le moment."


def make_adviser(username, *agencies, first_name="Thomas", last_name="Besson", **extra):
    user = get_user_model().objects.create_user(
        username=username, first_name=first_name, last_name=last_name, **extra
    )
    for agency in agencies:
        agency.advisers.add(user)
    return user


@pytest.fixture
def booking_page(home_page):
    return home_page.add_child(
        instance=BookingPage(title="Prendre rendez-vous", slug="rendez-vous", privacy_version="v1")
    )


@pytest.fixture
def team(home_page):
    return TeamIndexPageFactory(parent=home_page)


@pytest.fixture
def clermont(db):
    return AgencyFactory(
        slug="clermont", name="Osengo Clermont-Ferrand", city="Clermont-Ferrand", display_order=1
    )


@pytest.fixture
def vichy(db):
    return AgencyFactory(slug="vichy", name="Osengo Vichy", city="Vichy", display_order=2)


@pytest.fixture
def thomas(clermont):
    return make_adviser("conseiller.clermont", clermont)


@pytest.fixture
def amina(clermont):
    return make_adviser("amina.roche", clermont, first_name="Amina", last_name="Roche")


def team_block(heading, agency_id=None) -> dict:
    return {"type": "team", "value": {"heading": heading, "agency": str(agency_id or "")}}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def booking_buttons(response) -> dict[str, str]:
    """{accessible name: href} of the team cards' booking buttons."""
    return {
        " ".join(a.get_text(" ", strip=True).split()): a["href"]
        for a in soup(response).select(".team-card a.btn")
    }


def slots_url(booking_page, agency, **query) -> str:
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(agency.slug,))
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def slot_ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r"creneau=(\d+)", response.content.decode())}


# --- the button ------------------------------------------------------------------------------


def test_a_linked_adviser_with_free_slots_gets_a_button_to_their_slots(
    client, team, booking_page, clermont, thomas
):
    SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    response = client.get(team.url)
    assert response.status_code == 200
    # Visible text "… avec Thomas", accessible name with the full name (no aria-label).
    assert booking_buttons(response) == {
        "Prendre rendez-vous avec Thomas Besson": slots_url(
            booking_page, clermont, conseiller=thomas.pk
        )
    }
    button = soup(response).select_one(".team-card a.btn")
    assert not button.has_attr("aria-label")
    assert button.select_one(".visually-hidden").get_text(strip=True) == "Besson"


def test_a_member_without_a_link_has_no_button_nor_sentence(client, team, booking_page, clermont):
    SlotFactory(agency=clermont, start=in_days(3, 10))
    TeamMemberFactory(page=team, first_name="Léa", last_name="Morel", agency="Clermont-Ferrand")
    html = client.get(team.url).content.decode()
    assert "Léa Morel" in html
    assert BUTTON not in html and NO_SLOT not in html


NOT_BOOKABLE = {
    "none": None,
    "full": lambda: {"booked_count": 1},
    "closed": lambda: {"is_active": False},
    "too-soon": lambda: {"start": timezone.now() + timedelta(hours=2)},  # minimum notice: 24 h
    "too-far": lambda: {"start": in_days(200, 10)},  # horizon: 60 days
    "not-theirs": lambda: {"adviser": None},  # a slot of the agency, nobody's
}


@pytest.mark.parametrize("case", list(NOT_BOOKABLE))
def test_a_linked_adviser_without_a_bookable_slot_shows_a_short_sentence(
    client, team, booking_page, clermont, thomas, case
):
    if NOT_BOOKABLE[case] is not None:
        SlotFactory(**{"agency": clermont, "adviser": thomas, **NOT_BOOKABLE[case]()})
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    html = client.get(team.url).content.decode()
    assert BUTTON not in html
    assert NO_SLOT in html


def test_an_inactive_adviser_or_one_who_left_the_agency_gets_no_button(
    client, team, booking_page, clermont, vichy, thomas, amina
):
    SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    SlotFactory(agency=clermont, adviser=amina, start=in_days(3, 11))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    TeamMemberFactory(page=team, first_name="Amina", last_name="Roche", adviser=amina)
    thomas.is_active = False
    thomas.save()
    clermont.advisers.remove(amina)
    vichy.advisers.add(amina)  # works elsewhere, has no slot there
    assert booking_buttons(client.get(team.url)) == {}


def test_an_adviser_of_two_agencies_is_sent_to_the_first_where_they_have_a_free_slot(
    client, team, booking_page, clermont, vichy
):
    aurillac = AgencyFactory(slug="aurillac", name="Osengo Aurillac", display_order=3)
    adviser = make_adviser("itinerant", clermont, vichy, aurillac)
    SlotFactory(agency=clermont, adviser=adviser, start=in_days(3, 10), booked_count=1)
    SlotFactory(agency=aurillac, adviser=adviser, start=in_days(2, 10))
    SlotFactory(agency=vichy, adviser=adviser, start=in_days(5, 10))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=adviser)
    (href,) = booking_buttons(client.get(team.url)).values()
    assert href == slots_url(booking_page, vichy, conseiller=adviser.pk)


def test_no_booking_page_no_button(client, team, clermont, thomas):
    SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    TeamMemberFactory(page=team, adviser=thomas)
    assert booking_buttons(client.get(team.url)) == {}


# --- the adviser's slots ---------------------------------------------------------------------


def test_the_link_shows_that_advisers_slots_only(
    client, team, booking_page, clermont, thomas, amina
):
    theirs = SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    other = SlotFactory(agency=clermont, adviser=amina, start=in_days(3, 11))
    nobody = SlotFactory(agency=clermont, start=in_days(3, 14))
    week = to_local(theirs.start).date().isoformat()
    response = client.get(slots_url(booking_page, clermont, conseiller=thomas.pk, semaine=week))
    assert response.status_code == 200
    assert slot_ids(response) == {theirs.pk}
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Créneaux de Thomas Besson"
    assert page.title.get_text().startswith("Créneaux de Thomas Besson – Osengo Clermont-Ferrand")
    everything = page.find("a", string="Voir tous les créneaux de l'agence")
    assert everything["href"] == slots_url(booking_page, clermont)
    # The whole agency, for comparison.
    assert slot_ids(client.get(slots_url(booking_page, clermont, semaine=week))) == {
        theirs.pk,
        other.pk,
        nobody.pk,
    }


def test_the_adviser_filter_is_kept_across_weeks_types_and_into_the_form(
    client, booking_page, clermont, thomas
):
    first = SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    later = SlotFactory(agency=clermont, adviser=thomas, start=in_days(17, 10))
    SlotFactory(agency=clermont, start=in_days(10, 10))  # between the two, not theirs
    week = to_local(first.start).date().isoformat()
    response = client.get(slots_url(booking_page, clermont, conseiller=thomas.pk, semaine=week))
    page = soup(response)
    next_week = page.find("a", string=re.compile("Semaine suivante"))["href"]
    assert f"conseiller={thomas.pk}" in next_week
    # The type filter's form carries the adviser too.
    assert page.select_one('form[method=get] input[name="conseiller"]')["value"] == str(thomas.pk)
    # A week without their slot points to their next one, not to the agency's.
    empty_week = client.get(slots_url(booking_page, clermont) + next_week)
    assert "Aucun créneau libre cette semaine" in empty_week.content.decode()
    see_it = soup(empty_week).find("a", string="Voir cette semaine")["href"]
    assert f"semaine={to_local(later.start).date().isoformat()}" in see_it
    assert f"conseiller={thomas.pk}" in see_it
    # The slot button leads to the form, whose back link returns to their slots.
    (book_link,) = [a["href"] for a in page.select(".slot-list a")]
    assert f"creneau={first.pk}" in book_link and f"conseiller={thomas.pk}" in book_link
    form_page = soup(client.get(book_link))
    back = form_page.find("a", string=re.compile("Tous les créneaux de Thomas Besson"))
    assert back["href"] == slots_url(booking_page, clermont, conseiller=thomas.pk)
    assert f"conseiller={thomas.pk}" in form_page.select_one("form[method=post]")["action"]


@pytest.mark.parametrize(
    "junk",
    ["abc", "-1", "0", "1.5", "1e3", "9" * 5000, "%00", "12abc", "%20", "%D9%A1%D9%A2", str(2**63)],
)
def test_junk_adviser_ids_are_a_404_never_a_500(client, booking_page, clermont, thomas, junk):
    SlotFactory(agency=clermont, adviser=thomas)
    response = client.get(slots_url(booking_page, clermont) + "?conseiller=" + junk)
    assert response.status_code == 404


def test_an_empty_adviser_parameter_shows_the_whole_agency(client, booking_page, clermont):
    slot = SlotFactory(agency=clermont)
    response = client.get(slots_url(booking_page, clermont) + "?conseiller=")
    assert response.status_code == 200 and slot.pk in slot_ids(response)


def test_an_adviser_of_another_agency_or_unknown_or_inactive_is_a_404(
    client, booking_page, clermont, vichy, thomas
):
    elsewhere = make_adviser("conseiller.vichy", vichy, first_name="Victor")
    gone = make_adviser("parti", clermont, is_active=False)
    SlotFactory(agency=clermont, adviser=thomas)
    for adviser_id in (elsewhere.pk, gone.pk, 999_999):
        url = slots_url(booking_page, clermont, conseiller=adviser_id)
        assert client.get(url).status_code == 404, adviser_id
    assert client.get(slots_url(booking_page, vichy, conseiller=elsewhere.pk)).status_code == 200


def test_a_junk_adviser_on_the_booking_form_only_drops_the_filter(
    client, booking_page, clermont, thomas
):
    slot = SlotFactory(agency=clermont, adviser=thomas)
    url = booking_page.url + booking_page.reverse_subpage("book", args=(clermont.slug,))
    for junk in ("abc", "999999", "-3"):
        response = client.get(url, {"creneau": slot.pk, "conseiller": junk})
        assert response.status_code == 200
        assert "Tous les créneaux d&#x27;Osengo Clermont-Ferrand" in response.content.decode()


def test_booking_through_the_adviser_link_works_end_to_end(
    client, team, booking_page, clermont, thomas, amina
):
    theirs = SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    SlotFactory(agency=clermont, adviser=amina, start=in_days(3, 11))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    (slots_link,) = booking_buttons(client.get(team.url)).values()
    week = client.get(slots_link)
    (book_link,) = [a["href"] for a in soup(week).select(".slot-list a")]
    form_page = client.get(book_link)
    assert form_page.status_code == 200
    action = soup(form_page).select_one("form[method=post]")["action"]
    response = client.post(action, form_data(theirs))
    assert response.status_code == 302, response.content.decode()[:2000]
    appointment = Appointment.objects.get()
    assert appointment.slot == theirs and theirs.adviser == thomas
    # Their only slot is taken: the button becomes the short sentence.
    html = client.get(team.url).content.decode()
    assert BUTTON not in html and NO_SLOT in html


# --- the page cache --------------------------------------------------------------------------


def test_the_adviser_parameter_is_cached(client, booking_page, clermont, thomas, settings):
    assert "conseiller" in CACHED_QUERY_PARAMETERS
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    SlotFactory(agency=clermont, adviser=thomas)
    url = slots_url(booking_page, clermont, conseiller=thomas.pk)
    assert [client.get(url)[HIT_HEADER] for _ in range(2)] == ["miss", "hit"]
    # A 404 is never stored.
    bad = slots_url(booking_page, clermont, conseiller=999_999)
    assert all(HIT_HEADER not in client.get(bad) for _ in range(2))
    cache.clear()


def test_the_button_changes_at_once_when_the_advisers_last_slot_is_booked(
    client, team, booking_page, clermont, thomas, settings
):
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    slot = SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    first, second = client.get(team.url), client.get(team.url)
    assert [first[HIT_HEADER], second[HIT_HEADER]] == ["miss", "hit"]
    assert BUTTON in second.content.decode()
    book(slot)
    after = client.get(team.url)
    assert after[HIT_HEADER] == "miss"
    assert BUTTON not in after.content.decode() and NO_SLOT in after.content.decode()
    cache.clear()


# --- query budgets ---------------------------------------------------------------------------


def grow_team(team, agencies, size: int) -> None:
    """`size` members: linked advisers with free slots in several agencies (some in two), with
    a full slot, an unlinked member and a linked adviser without slot at each size."""
    for index in range(size):
        first, second = agencies[index % 2], agencies[(index + 1) % 2]
        adviser = make_adviser(
            f"conseiller.{size}.{index}", first, *([second] if index % 3 else [])
        )
        SlotFactory(agency=first, adviser=adviser, start=in_days(3 + index % 5, 9 + index % 8))
        SlotFactory(agency=second, adviser=adviser, start=in_days(4, 10), booked_count=1)
        TeamMemberFactory(page=team, adviser=adviser)
    TeamMemberFactory(page=team)
    TeamMemberFactory(page=team, adviser=make_adviser(f"sans.creneau.{size}", agencies[0]))


def count_queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm Wagtail's per-process caches (site root paths, renditions…)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.parametrize("render", ["team_page", "block"])
def test_team_cards_run_a_fixed_number_of_queries(
    client, home_page, team, booking_page, clermont, vichy, django_assert_max_num_queries, render
):
    agencies = [clermont, vichy]
    page = team
    if render == "block":
        page = StandardPageFactory(
            parent=home_page,
            slug="contact",
            body=[team_block("Qui vous reçoit")],
        )
    grow_team(team, agencies, 2)
    small, html = count_queries(client, page.url)
    assert html.count(BUTTON) == 2 and html.count(NO_SLOT) == 1
    grow_team(team, agencies, 12)
    large, html = count_queries(client, page.url)
    assert html.count(BUTTON) == 14 and html.count(NO_SLOT) == 2
    assert large == small
    with django_assert_max_num_queries(small):
        client.get(page.url)


# --- the "Équipe" block ----------------------------------------------------------------------


def test_the_team_block_shows_the_people_of_one_agency(
    client, home_page, team, booking_page, clermont, vichy, thomas
):
    SlotFactory(agency=clermont, adviser=thomas, start=in_days(3, 10))
    victor = make_adviser("conseiller.vichy", vichy, first_name="Victor", last_name="Laurent")
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson", adviser=thomas)
    # Linked to a Vichy adviser, though their text says Clermont: the link decides.
    TeamMemberFactory(
        page=team,
        first_name="Victor",
        last_name="Laurent",
        agency="Clermont-Ferrand",
        adviser=victor,
    )
    TeamMemberFactory(page=team, first_name="Léa", last_name="Morel", agency="clermont-ferrand")
    TeamMemberFactory(page=team, first_name="Julien", last_name="Chassaing", agency="Vichy")
    page = StandardPageFactory(
        parent=home_page,
        slug="clermont",
        body=[team_block("L'équipe de Clermont", clermont.pk)],
    )
    response = client.get(page.url)
    names = [h.get_text(strip=True) for h in soup(response).select(".block-team h3")]
    assert names == ["Thomas Besson", "Léa Morel"]
    assert soup(response).select_one(".block-team h2").get_text(strip=True) == (
        "L'équipe de Clermont"
    )
    assert list(booking_buttons(response)) == ["Prendre rendez-vous avec Thomas Besson"]


def test_the_team_block_without_agency_shows_everyone_and_a_gone_agency_nobody(
    client, home_page, team, booking_page, clermont
):
    TeamMemberFactory(page=team, first_name="Léa", last_name="Morel", agency="Vichy")
    TeamMemberFactory(page=team, first_name="Julien", last_name="Chassaing", agency="Aurillac")
    everyone = StandardPageFactory(parent=home_page, slug="tous", body=[team_block("Équipe")])
    gone = StandardPageFactory(parent=home_page, slug="partie", body=[team_block("Équipe", 999)])
    names = [h.get_text(strip=True) for h in soup(client.get(everyone.url)).select(".team-card h3")]
    assert names == ["Léa Morel", "Julien Chassaing"]
    response = client.get(gone.url)
    assert response.status_code == 200 and not soup(response).select(".team-card")


def test_the_team_block_offers_the_agencies(clermont, vichy):
    from home.blocks import TeamBlock

    choices = TeamBlock().child_blocks["agency"].field.choices
    assert [label for _value, label in choices] == [
        "Toute l'équipe",
        "Osengo Clermont-Ferrand",
        "Osengo Vichy",
    ]


# --- the page editor -------------------------------------------------------------------------


def test_editors_pick_among_the_active_advisers_of_an_agency(client, team, clermont, thomas):
    groups_sync()
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("editrice", password="x" * 20)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    make_adviser("ancien", clermont, first_name="Ancien", last_name="Conseiller", is_active=False)
    outsider = get_user_model().objects.create_user("sans.agence", first_name="Sans")
    outsider.groups.add(Group.objects.get(name=ADVISERS_GROUP))
    TeamMemberFactory(page=team, first_name="Thomas", last_name="Besson")
    team.save_revision().publish()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{team.pk}/edit/")
    assert response.status_code == 200
    select = soup(response).select_one('select[name="members-0-adviser"]')
    options = [o.get_text(strip=True) for o in select.select("option") if o["value"]]
    assert options == ["Thomas Besson (conseiller.clermont)"]

    # The editor publishes the link; a tampered id (an account of no agency) is refused.
    member = team.members.get()

    def publish(adviser_id):
        fields = ("first_name", "last_name", "role", "agency", "bio")
        item = {"id": member.pk, "photo": member.photo_id, "adviser": adviser_id}
        item.update({name: getattr(member, name) for name in fields})
        data = {"title": team.title, "slug": team.slug, "intro": team.intro}
        data["members"] = inline_formset([item], initial=1)
        return client.post(
            f"/admin/pages/{team.pk}/edit/", {**nested_form_data(data), "action-publish": "1"}
        )

    assert publish(outsider.pk).status_code == 200  # the form again, with its error
    member.refresh_from_db()
    assert member.adviser_id is None
    assert publish(thomas.pk).status_code == 302
    member.refresh_from_db()
    assert member.adviser == thomas


def test_names_after_de_are_elided_before_a_vowel(client, booking_page, clermont, amina):
    SlotFactory(agency=clermont, adviser=amina)
    response = client.get(slots_url(booking_page, clermont, conseiller=amina.pk))
    assert soup(response).h1.get_text(strip=True) == "Créneaux d'Amina Roche"
