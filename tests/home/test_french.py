"""French typography: the rules of home/french.py, and every public page of the demo site
proofread with them (tests/proofreading.py): the pages, the booking pages of each agency and
adviser, the form, the confirmation, the private pages, the search with 0, 1 and more results.
A slot on the first of a month and an article dated on one are added to the demo data."""

import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import Page

from booking import timefmt
from booking.models import Agency, BookingPage, MeetingType
from booking.public.views import CONFIRMATION_COOKIE
from booking.templatetags.booking_tags import of_person
from booking.tokens import token_for
from home import french
from news.models import NewsIndexPage, NewsPage
from tests.booking.factories import SlotFactory, book, local_dt
from tests.proofreading import html_chunks, slips

# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Clermont-Ferrand", "de Clermont-Ferrand"),
        ("Aurillac", "d'Aurillac"),
        ("Osengo Aurillac", "d'Osengo Aurillac"),
        ("Élise Bonnet", "d'Élise Bonnet"),
        ("Hugo", "d'Hugo"),
        ("Haute-Loire", "de Haute-Loire"),
        ("Yssingeaux", "d'Yssingeaux"),
        ("Yann", "de Yann"),
        ("  Vichy ", "de Vichy"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h(name, expected):
    assert french.de(name) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2027, 3, 1), ("1er mars", "1er mars 2027", "lundi 1er mars 2027")),
        (date(2027, 3, 2), ("2 mars", "2 mars 2027", "mardi 2 mars 2027")),
        (date(2026, 12, 31), ("31 décembre", "31 décembre 2026", "jeudi 31 décembre 2026")),
    ],
)
def test_the_first_of_a_month_is_an_ordinal(day, expected):
    assert (french.day_month(day), french.long_date(day), french.full_date(day)) == expected
    assert french.full_date(day, year=False) == expected[2].rsplit(" ", 1)[0]


def test_times_and_filters_follow_the_same_rules(db):
    # 1 March, 0 h 30 in Paris is still 28 February in UTC: the local day is the one shown.
    start = local_dt(date(2027, 3, 1), 0, 30)
    assert timefmt.day_label(start) == "lundi 1er mars 2027"
    assert timefmt.slot_label(start, start + timedelta(minutes=45)) == (
        "lundi 1er mars 2027, 0 h 30 – 1 h 15"
    )
    template = Template(
        "{% load french_tags %}{{ name|de }} · {{ day|day_month }} · {{ day|long_date }} · "
        "{{ start|full_date }}"
    )
    context = Context({"name": "Osengo <Aurillac>", "day": date(2027, 4, 1), "start": start})
    assert template.render(context) == (
        "d&#x27;Osengo &lt;Aurillac&gt; · 1er avril · 1er avril 2027 · lundi 1er mars 2027"
    )
    user = get_user_model()(username="amina", first_name="Amina", last_name="Roche")
    assert of_person(user) == "d'Amina Roche"
    assert of_person(get_user_model()(username="thomas.besson")) == "de thomas.besson"


def test_the_proofreading_catches_each_known_slip():
    bad = [
        "Tous les créneaux de Osengo Aurillac",
        "Agence de Aurillac",
        "le lundi 1 mars 2027",
        "0 résultats pour « x »",
        "Rendez-vous confirmé – Osengo Osengo Vichy",
        "Bienvenue à à Vichy",
        "Inscrit(e) un(e) conseiller",
        "Créneaux d'Thomas",
    ]
    for text in bad:
        assert slips([text], "t"), text
    good = [
        "Tous les créneaux d'Osengo Aurillac",
        "la Haute-Loire, de Haute-Loire",
        "lundi 1er mars 2027, 11 mars, 21 mars",
        "Aucun résultat, 2 résultats",
        "vous vous inscrivez",
        "Créneaux de Yann, d'Yssingeaux",
        "04 73 00 00 00",
    ]
    assert slips(good, "t") == []
    # Blocks never run into each other: <p>Osengo</p><p>Osengo</p> is not a doubled word.
    assert slips(html_chunks("<p>Osengo</p>\n<p>Osengo <b>Vichy</b></p>"), "t") == []
    assert slips(html_chunks('<a aria-label="Agence de Aurillac">x</a>'), "t")


# --- every public page of the demo site -----------------------------------------------------


def _next_first_of_month() -> date:
    """The first day of a month inside every agency's booking window (2 days to 60 ahead)."""
    day = timezone.localdate() + timedelta(days=2)
    while day.day != 1:
        day += timedelta(days=1)
    return day


def _get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.status_code)
    return response.content.decode()


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())
    page = BookingPage.objects.live().get()
    first = _next_first_of_month()
    aurillac = Agency.objects.get(slug="aurillac")
    sophie = get_user_model().objects.get(username="conseiller.aurillac")
    meeting_type = MeetingType.objects.get(slug="premier-rendez-vous")
    slots = [
        SlotFactory(
            agency=aurillac,
            meeting_type=meeting_type,
            adviser=sophie,
            start=local_dt(first, hour, 15),
        )
        for hour in (11, 16)
    ]
    # An article dated on the first of a month, shown on the news index and the home page.
    article = NewsPage.objects.live().order_by("-date").first()
    NewsPage.objects.filter(pk=article.pk).update(date=date(2026, 11, 1))
    return page, first, sophie, slots


def _subpage(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


def test_every_public_page_reads_well(client, demo):
    page, first, sophie, (slot, other) = demo
    seen = {}

    # Every live page: home, showcase and legal pages, team, news index and articles, the
    # booking page and the agencies' pages.
    for live in Page.objects.live().filter(depth__gt=1).specific():
        seen[live.url] = _get(client, live.url)
    assert len(seen) >= 12
    seen["booking page, postcode"] = _get(client, page.url, code_postal="15000")

    # The slots of each agency, and of each adviser, in the week of the first of the month.
    for agency in Agency.objects.filter(is_active=True):
        url = _subpage(page, "agency", agency.slug)
        seen[url] = _get(client, url, semaine=first.isoformat())
        for adviser in agency.advisers.all():
            seen[f"{url} {adviser}"] = _get(client, url, conseiller=adviser.pk)

    # The booking form, from the agency and from an adviser's slots.
    book_url = _subpage(page, "book", "aurillac")
    seen["form"] = _get(client, book_url, creneau=slot.pk)
    seen["form from an adviser"] = _get(client, book_url, creneau=slot.pk, conseiller=sophie.pk)

    # The confirmation, then the private pages of that booking.
    appointment = book(slot)
    client.cookies[CONFIRMATION_COOKIE] = signing.get_cookie_signer(
        salt=CONFIRMATION_COOKIE + CONFIRMATION_COOKIE
    ).sign(str(appointment.pk))
    seen["confirmation"] = _get(client, _subpage(page, "confirmation"))
    token = token_for(appointment.token_salt)
    seen["manage"] = _get(client, _subpage(page, "manage", token))
    seen["manage, cancel"] = _get(client, _subpage(page, "manage_cancel", token))
    move_url = _subpage(page, "manage_move", token)
    seen["manage, move"] = _get(client, move_url, semaine=first.isoformat())
    response = client.post(move_url, {"slot": other.pk})
    assert response.status_code == 200
    seen["manage, move confirmation"] = response.content.decode()
    assert "Nouveau créneau" in seen["manage, move confirmation"]
    seen["manage, gone"] = _get(client, _subpage(page, "manage", "x" * 40), status=404)
    response = client.post(_subpage(page, "manage_cancel", token), follow=True)
    seen["after cancelling"] = response.content.decode()
    assert "Votre rendez-vous est annulé" in seen["after cancelling"]

    # The search, with no result, one, and several.
    counts = {}
    for words in ("zzqxw", "Cantal", "Vichy", "atelier", "financement", "statut", "mentions"):
        html = _get(client, "/recherche/", q=words)
        match = re.search(r"(\d+) résultats? pour", html)
        count = int(match.group(1)) if match else 0
        counts.setdefault(min(count, 2), (words, html))
    assert set(counts) == {0, 1, 2}, counts.keys()
    for count, (words, html) in counts.items():
        seen[f"search {words!r} ({count})"] = html

    found = []
    for where, html in seen.items():
        found += slips(html_chunks(html), where)
    assert found == []

    # What was proofread shows what the rules are for.
    amina = get_user_model().objects.get(username="conseiller.vichy")
    assert "Créneaux d&#x27;Amina Roche" in seen[f"{_subpage(page, 'agency', 'vichy')} {amina}"]
    assert "Tous les créneaux d&#x27;Osengo Aurillac" in seen["form"]
    assert "Agence d&#x27;Aurillac" in seen["/rendez-vous/aurillac/"]
    assert french.full_date(first) in seen[_subpage(page, "agency", "aurillac")]
    assert french.full_date(first) in seen["confirmation"]
    assert "1er novembre 2026" in seen[NewsIndexPage.objects.live().get().url]
