"""The advisers' agenda: a week or a day of their agencies' slots, each state in words, the
actions of the list (back to the same week), a printed day list; scoped like every admin page,
with a number of queries that does not grow with the slots shown."""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse

from booking import services
from booking.models import AppointmentStatus, Slot
from tests.booking.admin.conftest import book_early, client_for, make_user
from tests.booking.factories import SlotFactory, book, book_on_behalf_data, in_days, local_dt

S = AppointmentStatus
URL = reverse("booking_agenda")
WEEK = date(2027, 3, 22)  # a Monday; the clocks go forward on Sunday 28 March 2027


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def slot_item(soup, slot):
    item = soup.find(id=f"creneau-{slot.pk}")
    assert item is not None, f"créneau {slot.pk} absent de l'agenda"
    return item


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def cell_of(soup, slot):
    """The column and row headers of the table cell the slot is drawn in."""
    headers = slot_item(soup, slot).find_parent("td")["headers"]
    return headers.split() if isinstance(headers, str) else list(headers)


# --- access and scope -------------------------------------------------------------------------


def test_the_menu_offers_the_agenda_to_advisers_only(clermont_client, editor):
    home = reverse("wagtailadmin_home")
    assert URL in clermont_client.get(home).content.decode()
    editor_client = client_for(editor)
    assert URL not in editor_client.get(home).content.decode()
    assert editor_client.get(URL).status_code in (302, 403)  # Wagtail: back home, a message


def test_the_page_is_titled_agenda(clermont_client):
    soup = page(clermont_client)
    assert text(soup.find("h1")) == "Agenda"
    assert soup.title.get_text().startswith("Agenda")


def test_a_vichy_adviser_never_sees_a_clermont_slot(
    vichy_client, adviser_clermont, clermont, vichy, meeting_type
):
    here = SlotFactory(agency=vichy, meeting_type=meeting_type, start=local_dt(WEEK, 10))
    there = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(WEEK, 10))
    book_early(there, first_name="Clermontoise", project_name="Projet secret", email="c@e.org")
    for params in ({"semaine": WEEK}, {"vue": "jour", "jour": WEEK}):
        soup = page(vichy_client, **params)
        assert soup.find(id=f"creneau-{here.pk}") is not None
        assert soup.find(id=f"creneau-{there.pk}") is None
        assert "Clermontoise" not in text(soup) and "Projet secret" not in text(soup)
    printed = vichy_client.get(URL, {"format": "print", "jour": WEEK}).content.decode()
    assert "Clermontoise" not in printed


@pytest.mark.parametrize(
    "params",
    [
        lambda c, a, t: {"agence": c.pk},
        lambda c, a, t: {"conseiller": a.pk},
        lambda c, a, t: {"vue": "jour", "agence": c.pk},
        lambda c, a, t: {"format": "print", "agence": c.pk},
        lambda c, a, t: {"agence": "abc"},
        lambda c, a, t: {"conseiller": "999999999"},
        lambda c, a, t: {"type": t.pk + 1000},
    ],
)
def test_another_agencys_filter_or_an_unknown_one_is_404(
    params, vichy_client, clermont, adviser_clermont, meeting_type
):
    response = vichy_client.get(URL, params(clermont, adviser_clermont, meeting_type))
    assert response.status_code == 404


def test_the_filters_narrow_the_slots(clermont_client, adviser_clermont, clermont, meeting_type):
    other_type = SlotFactory(agency=clermont, start=local_dt(WEEK, 9)).meeting_type
    mine = SlotFactory(
        agency=clermont,
        meeting_type=meeting_type,
        adviser=adviser_clermont,
        start=local_dt(WEEK, 11),
    )
    nobody = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(WEEK, 14))
    soup = page(clermont_client, semaine=WEEK, conseiller=adviser_clermont.pk)
    assert soup.find(id=f"creneau-{mine.pk}") and not soup.find(id=f"creneau-{nobody.pk}")
    soup = page(clermont_client, semaine=WEEK, conseiller="aucun", type=meeting_type.pk)
    assert soup.find(id=f"creneau-{nobody.pk}") and not soup.find(id=f"creneau-{mine.pk}")
    assert not any(s for s in soup.select(".agenda-slot") if str(other_type) in text(s))


# --- the requested week -----------------------------------------------------------------------


def test_any_day_shows_its_week_and_the_links_keep_the_filters(clermont_client, clermont):
    soup = page(clermont_client, semaine="2027-03-25", agence=clermont.pk)
    assert text(soup.find(id="agenda-title")) == "Semaine du 22 mars 2027 au 28 mars 2027"
    headers = [th["id"] for th in soup.select("thead th[id]")]
    assert headers == [f"jour-2027-03-{day}" for day in range(22, 29)]
    links = {text(a): a["href"] for a in soup.select(".agenda-nav a")}
    assert "semaine=2027-03-15" in links["Semaine précédente"]
    assert "semaine=2027-03-29" in links["Semaine suivante"]
    for href in (links["Semaine précédente"], links["Semaine suivante"], links["Cette semaine"]):
        assert f"agence={clermont.pk}" in href
    assert "format=print" in links["Imprimer la journée"]


@pytest.mark.parametrize(
    "value",
    ["abc", "2027-02-30", "2027-13-01", "0001-01-01", "9999-12-31", "2027-03-22\x00", "1" * 500],
)
def test_a_malformed_date_shows_this_week_with_a_message(clermont_client, value):
    for params in (
        {"semaine": value},
        {"vue": "jour", "jour": value},
        {"format": "print", "jour": value},
    ):
        response = clermont_client.get(URL, params)
        assert response.status_code == 200, params
    soup = page(clermont_client, semaine=value)
    assert "Semaine du" in text(soup.find(id="agenda-title"))
    message = text(soup.select_one(".messages"))
    assert "n'est pas une date" in message or "choisissez une date entre" in message
    printed = BeautifulSoup(
        clermont_client.get(URL, {"format": "print", "jour": value}).content, "html.parser"
    )
    assert text(printed.select_one("[role=status]")) in message
    # Told once, on the page: the next admin page has no leftover message.
    assert not list(clermont_client.get(URL).context["messages"])


def test_the_last_week_of_the_calendar_still_renders(clermont_client):
    soup = page(clermont_client, semaine="2999-12-31")
    assert soup.select_one(".agenda-nav a") is not None


# --- placement and states ---------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2027, 3, 28), date(2027, 10, 31)])
def test_a_9_oclock_slot_is_in_the_9_oclock_row_on_the_days_the_clocks_change(
    clermont_client, clermont, meeting_type, day
):
    nine = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(day, 9))
    before = SlotFactory(
        agency=clermont, meeting_type=meeting_type, start=local_dt(day - timedelta(days=1), 9)
    )
    soup = page(clermont_client, semaine=day)
    assert cell_of(soup, nine) == [f"jour-{day}", "heure-9"]
    assert cell_of(soup, before) == [f"jour-{day - timedelta(days=1)}", "heure-9"]
    assert "9 h 00" in text(slot_item(soup, nine))
    soup = page(clermont_client, vue="jour", jour=day)
    assert cell_of(soup, nine)[1] == "heure-9"


def _slots_in_every_state(agency, meeting_type, adviser):
    """One slot per state, in the week of WEEK (booked as if three days before)."""
    at = iter(local_dt(WEEK + timedelta(days=n // 4), 9 + 2 * (n % 4)) for n in range(40))

    def slot(**kwargs):
        return SlotFactory(agency=agency, meeting_type=meeting_type, start=next(at), **kwargs)

    slots = {"free": slot(), "workshop": slot(capacity=3)}
    book_early(slots["workshop"], first_name="Atelier", last_name="Un", email="a@example.org")
    slots["pending"] = slot()
    book_early(
        slots["pending"],
        first_name="Paula",
        last_name="Attente",
        project_name="Miellerie",
        email="paula@example.org",
    )
    for name, then in [
        ("confirmed", None),
        ("attended", services.appointment_mark_attended),
        ("no_show", services.appointment_mark_no_show),
    ]:
        slots[name] = slot()
        appointment = book_early(
            slots[name], first_name=name.capitalize(), last_name="Test", email=f"{name}@example.org"
        )
        services.appointment_accept(appointment=appointment, by=adviser)
        if then:
            then(appointment=appointment, by=adviser)
    slots["cancelled"] = slot()
    appointment = book_early(
        slots["cancelled"], first_name="Annie", last_name="Annulée", email="annie@example.org"
    )
    services.appointment_cancel_by_agency(appointment=appointment, by=adviser, reason="")
    # A closure on the Sunday deactivates the slot it covers.
    sunday = WEEK + timedelta(days=6)
    slots["closed"] = SlotFactory(
        agency=agency, meeting_type=meeting_type, start=local_dt(sunday, 10)
    )
    services.closure_declare(start_date=sunday, end_date=sunday, agency=agency, reason="Inventaire")
    slots["closed"].refresh_from_db()
    assert not slots["closed"].is_active
    return slots


def test_each_state_is_said_in_words(clermont_client, clermont, meeting_type, adviser_clermont):
    slots = _slots_in_every_state(clermont, meeting_type, adviser_clermont)
    soup = page(clermont_client, semaine=WEEK)
    said = {name: text(slot_item(soup, slot)) for name, slot in slots.items()}
    assert "Libre" in said["free"]
    assert "Confirmé" not in said["free"]
    assert "Libre" not in said["workshop"] and "2 places libres sur 3" in said["workshop"]
    assert "En attente" in said["pending"]
    assert "Paula Attente" in said["pending"] and "Miellerie" in said["pending"]
    assert "Confirmé" in said["confirmed"]
    assert "Honoré" in said["attended"]
    assert "Absent" in said["no_show"]
    # A cancelled appointment stays visible, struck through, and its slot is free again.
    assert "Annulé par l'agence" in said["cancelled"] and "Annie Annulée" in said["cancelled"]
    assert "Libre" in said["cancelled"]
    struck = slot_item(soup, slots["cancelled"]).select_one(".agenda-appointment--struck")
    assert struck is not None and "Annie Annulée" in text(struck)
    assert "Fermé" in said["closed"]
    closures = text(soup.select_one(".agenda__closures"))
    assert "Fermeture : Osengo Clermont-Ferrand — Inventaire" in closures
    # Each state has its own shape (class), not only a colour.
    classes = {name: slot_item(soup, slot)["class"][1] for name, slot in slots.items()}
    assert len({classes[n] for n in ("free", "pending", "confirmed", "attended", "closed")}) == 5


def test_an_advisers_absence_is_shown_on_its_days(
    clermont_client, clermont, adviser_clermont, meeting_type
):
    services.closure_declare(
        start_date=WEEK - timedelta(days=3),
        end_date=WEEK + timedelta(days=1),
        adviser=adviser_clermont,
        reason="Congés",
    )
    soup = page(clermont_client, semaine=WEEK)
    cells = soup.select(".agenda__closures td")
    assert ["Absence" in text(td) for td in cells] == [True, True] + [False] * 5
    soup = page(clermont_client, vue="jour", jour=WEEK)
    assert "Absence : Clermont Test — Congés" in text(soup.select_one(".agenda-closures-list"))


def test_the_day_view_has_one_column_per_adviser_and_one_without(
    clermont_client, clermont, adviser_clermont, groups, meeting_type
):
    colleague = make_user("conseiller.second")
    clermont.advisers.add(colleague)
    mine = SlotFactory(
        agency=clermont,
        meeting_type=meeting_type,
        adviser=adviser_clermont,
        start=local_dt(WEEK, 9),
    )
    theirs = SlotFactory(
        agency=clermont, meeting_type=meeting_type, adviser=colleague, start=local_dt(WEEK, 9)
    )
    nobody = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(WEEK, 15))
    soup = page(clermont_client, vue="jour", jour=WEEK)
    columns = [text(th) for th in soup.select("thead th")]
    assert columns == ["Heure", "Clermont Test", "Second Test", "Sans conseiller"]
    assert cell_of(soup, mine) == [f"col-{adviser_clermont.pk}", "heure-9"]
    assert cell_of(soup, theirs) == [f"col-{colleague.pk}", "heure-9"]
    assert cell_of(soup, nobody) == ["col-aucun", "heure-15"]
    assert text(soup.find(id="agenda-title")) == "lundi 22 mars 2027"


# --- actions ----------------------------------------------------------------------------------


def test_accepting_from_the_agenda_comes_back_to_the_same_week(
    clermont_client, clermont, meeting_type, booking_page
):
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5, 10))
    free = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5, 14))
    appointment = book(slot, first_name="Aline")
    week = URL + f"?semaine={in_days(5).date()}&agence={clermont.pk}"
    response = clermont_client.get(week)
    soup = BeautifulSoup(response.content, "html.parser")
    form = slot_item(soup, slot).find("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["expected_status"] == S.PENDING and fields["next"] == week
    links = {text(a): a["href"] for a in slot_item(soup, slot).select("details a")}
    assert set(links) == {
        "Refuser — Aline Durand",
        "Déplacer — Aline Durand",
        "Annuler — Aline Durand",
    }
    assert all(parse_qs(urlsplit(href).query)["next"] == [week] for href in links.values())
    book_link = slot_item(soup, free).find("a", class_="button")["href"]
    assert f"creneau={free.pk}" in book_link

    response = clermont_client.post(form["action"], fields)
    assert response.status_code == 302 and response["Location"] == week
    appointment.refresh_from_db()
    assert appointment.status == S.CONFIRMED
    soup = BeautifulSoup(clermont_client.get(week).content, "html.parser")
    assert "Confirmé" in text(slot_item(soup, slot))
    assert slot_item(soup, slot).find("form") is None

    # "Book on behalf" opens the booking form with the slot chosen, and comes back here.
    booking = clermont_client.get(book_link)
    assert booking.status_code == 200
    assert booking.context["form"].initial["slot"] == free.pk
    founder = book_on_behalf_data(free, submission_key="admin-agenda-0123456789")
    response = clermont_client.post(book_link, founder)
    assert response.status_code == 302 and response["Location"] == week
    soup = BeautifulSoup(clermont_client.get(week).content, "html.parser")
    assert "Jeanne Téléphone" in text(slot_item(soup, free))


# --- print ------------------------------------------------------------------------------------


def test_the_printed_day_list(clermont_client, manager, clermont, vichy, meeting_type):
    day = WEEK + timedelta(days=1)
    first = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(day, 9))
    second = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(day, 11))
    gone = SlotFactory(agency=clermont, meeting_type=meeting_type, start=local_dt(day, 14))
    elsewhere = SlotFactory(agency=vichy, meeting_type=meeting_type, start=local_dt(day, 9))
    book_early(
        second, first_name="Bastien", last_name="Second", phone="+33611223344", email="b@e.org"
    )
    book_early(
        first, first_name="Anna", last_name="Premier", project_name="Cidrerie", email="a@e.org"
    )
    services.appointment_cancel_by_agency(
        appointment=book_early(gone, first_name="Cyril", last_name="Annulé", email="c@e.org"),
        by=None,
        reason="",
    )
    book_early(elsewhere, first_name="Victor", last_name="Vichyssois", email="v@e.org")

    response = clermont_client.get(URL, {"format": "print", "jour": day})
    html = response.content.decode()
    assert "wagtail" not in html.lower(), "une page simple, sans l'interface d'administration"
    soup = BeautifulSoup(html, "html.parser")
    sections = soup.select("section.agenda-print__day")
    assert len(sections) == 1
    assert "Osengo Clermont-Ferrand — mardi 23 mars 2027" in text(sections[0].h2)
    rows = [text(tr) for tr in sections[0].select("tbody tr")]
    assert rows[0].startswith("9 h 00 – 9 h 45 Anna Premier")
    assert "Cidrerie" in rows[0] and str(meeting_type) in rows[0]
    assert "Bastien Second" in rows[1] and "+33611223344" in rows[1]
    assert "Cyril" not in html and "Victor" not in html
    assert "agenda.css" in html

    # A manager's day: their first agency unless asked for all, then one section (one printed
    # page) per agency; the filter narrows it.
    def printed(**params):
        response = client_for(manager).get(URL, {"format": "print", "jour": day, **params})
        return [
            text(h2).split(" — ")[0]
            for h2 in BeautifulSoup(response.content, "html.parser").select("section h2")
        ]

    assert printed() == ["Osengo Clermont-Ferrand"]
    assert printed(agence="toutes") == ["Osengo Clermont-Ferrand", "Osengo Vichy"]
    soup = BeautifulSoup(
        client_for(manager).get(URL, {"format": "print", "jour": day, "agence": vichy.pk}).content,
        "html.parser",
    )
    assert "Victor Vichyssois" in text(soup) and "Anna" not in text(soup)


def test_the_print_stylesheet_puts_one_agency_day_per_page():
    css = Path(finders.find("booking/admin/agenda.css")).read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".agenda-print__day { break-after: page" in print_rules
    assert ".agenda-print__tools { display: none; }" in print_rules


# --- queries ----------------------------------------------------------------------------------


def _fill_week(agency, meeting_type, adviser, count, offset):
    """`count` slots in the week of WEEK, their appointments in every state."""
    for n in range(count):
        slot = SlotFactory(
            agency=agency,
            meeting_type=meeting_type,
            adviser=adviser if n % 2 else None,
            capacity=1 + n % 3,
            start=local_dt(WEEK + timedelta(days=n % 7), 8 + (offset + n) % 10, (n * 7) % 60),
        )
        if n % 5 == 0:
            continue
        appointment = book_early(slot, email=f"q{offset}-{n}@example.org")
        if n % 5 == 2:
            services.appointment_accept(appointment=appointment, by=adviser)
        elif n % 5 == 3:
            services.appointment_cancel_by_agency(appointment=appointment, by=adviser, reason="")
        elif n % 5 == 4:
            services.appointment_accept(appointment=appointment, by=adviser)
            services.appointment_mark_attended(appointment=appointment, by=adviser)


def test_query_count_does_not_grow_with_the_slots_shown(
    clermont_client, clermont, meeting_type, adviser_clermont, django_assert_max_num_queries
):
    views = [
        {"semaine": WEEK},
        {"vue": "jour", "jour": WEEK},
        {"format": "print", "jour": WEEK},
        {"semaine": WEEK, "agence": clermont.pk, "conseiller": adviser_clermont.pk},
    ]

    def counts():
        result = []
        for params in views:
            with django_assert_max_num_queries(30) as context:
                assert clermont_client.get(URL, params).status_code == 200
            result.append(len(context.captured_queries))
        return result

    _fill_week(clermont, meeting_type, adviser_clermont, 3, 0)
    clermont_client.get(URL)  # warm-up: session, site, content types
    small = counts()
    _fill_week(clermont, meeting_type, adviser_clermont, 40, 100)
    assert Slot.objects.filter(agency=clermont).count() == 43
    large = counts()
    assert large == small, (small, large)
