"""The booking blocks of the shared body ("Prochains créneaux", "Nos agences") and the news
block, rendered on a real page through the public site: only bookable slots, each a link to
the booking form named by its whole slot, gone at once when booked (page cache on or off),
and a French sentence, never an error, when there is nothing to offer."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from booking import timefmt
from home.blocks import adviser_choices, agency_choices, meeting_type_choices
from home.models import StandardPage
from home.page_cache import HIT_HEADER
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.booking.factories import (
    AgencyFactory,
    MeetingTypeFactory,
    SlotFactory,
    book,
    in_days,
)

pytestmark = pytest.mark.django_db


def slots_block(**value) -> dict:
    return {
        "type": "upcoming_slots",
        "value": {
            "title": "Prochains créneaux",
            "agency": "",
            "meeting_type": "",
            "adviser": "",
            "count": 6,
            **value,
        },
    }


def publish_page(home_page, body, slug="nos-services") -> StandardPage:
    page = home_page.add_child(instance=StandardPage(title="Nos services", slug=slug, body=body))
    page.save_revision().publish()
    return page


def slot_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r"reserver/\?creneau=(\d+)", html)]


def get_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Osengo Vichy", slug="vichy", min_notice_hours=24)


def test_only_bookable_slots_are_listed_as_links_to_the_form(client, booking_page, agency):
    meeting_type = MeetingTypeFactory(name="Premier rendez-vous", mode="in_person")
    bookable = SlotFactory(agency=agency, meeting_type=meeting_type, start=in_days(3, 10))
    later = SlotFactory(agency=agency, meeting_type=meeting_type, start=in_days(4, 14, 30))
    too_soon = SlotFactory(agency=agency, meeting_type=meeting_type)
    too_soon.start = timezone.now() + timedelta(hours=2)
    too_soon.end = too_soon.start + timedelta(minutes=45)
    too_soon.save()
    full = SlotFactory(agency=agency, meeting_type=meeting_type, start=in_days(3, 14))
    book(full)
    closed = SlotFactory(agency=agency, meeting_type=meeting_type, is_active=False)
    retired_type = SlotFactory(agency=agency, meeting_type=MeetingTypeFactory(is_active=False))
    page = publish_page(booking_page.get_parent(), [slots_block()])

    html = get_html(client, page.url)

    assert slot_ids(html) == [bookable.pk, later.pk]
    for hidden in (too_soon, full, closed, retired_type):
        assert hidden.pk not in slot_ids(html)
    link = f'href="/rendez-vous/agence/vichy/reserver/?creneau={bookable.pk}"'
    assert link in html
    # The link's text names the whole slot: day, time, meeting type and mode, agency.
    anchor = re.search(rf"<a [^>]*{re.escape(link)}[^>]*>(.*?)</a>", html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", anchor).split())
    day, time = timefmt.day_label(bookable.start), timefmt.time_label(bookable.start)
    assert text == (
        f"Réserver le créneau du {day} à {time} , Premier rendez-vous (en agence) · Osengo Vichy"
    )


def test_the_link_opens_the_booking_form_on_that_slot(client, booking_page, agency):
    slot = SlotFactory(agency=agency)
    page = publish_page(booking_page.get_parent(), [slots_block()])
    url = re.search(r'href="([^"]+creneau=\d+)"', get_html(client, page.url)).group(1)
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["slot"] == slot


def test_filters_by_agency_meeting_type_and_adviser_and_counts(
    client, booking_page, agency, django_user_model
):
    other_agency = AgencyFactory()
    workshop = MeetingTypeFactory(name="Atelier")
    adviser = django_user_model.objects.create_user("victor", first_name="Victor")
    agency.advisers.add(adviser)
    mine = [
        SlotFactory(agency=agency, meeting_type=workshop, adviser=adviser, start=in_days(d, 10))
        for d in range(3, 10)
    ]
    SlotFactory(agency=agency, adviser=adviser, start=in_days(3, 9))  # another type
    SlotFactory(agency=agency, meeting_type=workshop, start=in_days(3, 8))  # nobody's
    SlotFactory(agency=other_agency, meeting_type=workshop, adviser=adviser)
    block = slots_block(
        agency=str(agency.pk), meeting_type=str(workshop.pk), adviser=str(adviser.pk), count=4
    )
    page = publish_page(booking_page.get_parent(), [block])

    html = get_html(client, page.url)

    assert slot_ids(html) == [slot.pk for slot in mine[:4]]
    assert 'href="/rendez-vous/agence/vichy/"' in html  # all the agency's slots


@pytest.mark.parametrize("timeout", [0, 300])
def test_a_booked_slot_vanishes_at_once(client, booking_page, agency, settings, timeout):
    settings.PAGE_CACHE_TIMEOUT = timeout
    cache.clear()
    first, second = (SlotFactory(agency=agency, start=in_days(d, 10)) for d in (3, 4))
    page = publish_page(booking_page.get_parent(), [slots_block()])
    assert slot_ids(get_html(client, page.url)) == [first.pk, second.pk]
    if timeout:  # the page does come from the cache, until a booking
        assert client.get(page.url)[HIT_HEADER] == "hit"

    book(first)

    response = client.get(page.url)
    assert slot_ids(response.content.decode()) == [second.pk]
    if timeout:
        assert response[HIT_HEADER] == "miss"
    cache.clear()


def test_an_inactive_agency_gets_a_sentence_and_the_list_of_agencies(client, booking_page, agency):
    SlotFactory(agency=agency)
    agency.is_active = False
    agency.save()
    page = publish_page(booking_page.get_parent(), [slots_block(agency=str(agency.pk))])

    html = get_html(client, page.url)

    assert slot_ids(html) == []
    assert "L’agence Osengo Vichy ne propose pas de rendez-vous en ligne" in html.replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert 'href="/rendez-vous/"' in html
    assert "/rendez-vous/agence/vichy/" not in html  # its week answers 404


def test_no_slot_gets_a_sentence_and_the_agency_week(client, booking_page, agency):
    page = publish_page(booking_page.get_parent(), [slots_block(agency=str(agency.pk))])
    html = get_html(client, page.url).replace("&#x27;", "'")
    assert "Aucun créneau libre pour le moment à l'agence Osengo Vichy." in html
    assert '<a href="/rendez-vous/agence/vichy/">Voir la semaine de l\'agence Osengo Vichy</a>' in (
        html
    )


def test_no_slot_anywhere_and_a_deleted_agency_are_sentences_too(client, booking_page, agency):
    page = publish_page(
        booking_page.get_parent(), [slots_block(), slots_block(agency="999999")], slug="vide"
    )
    html = get_html(client, page.url)
    assert "Aucun créneau libre pour le moment." in html
    assert "Cette agence ne propose plus de rendez-vous en ligne." in html


def test_agency_cards_block_shows_the_cards(client, booking_page, agency):
    slot = SlotFactory(agency=agency)
    page = publish_page(booking_page.get_parent(), [{"type": "agency_cards", "value": {}}])
    html = get_html(client, page.url)
    assert "Osengo Vichy" in html
    assert timefmt.time_label(slot.start) in html
    assert 'href="/rendez-vous/agence/vichy/"' in html


@pytest.mark.parametrize("timeout", [0, 300])
def test_agency_cards_block_follows_bookings_at_once(
    client, booking_page, agency, settings, timeout
):
    settings.PAGE_CACHE_TIMEOUT = timeout
    cache.clear()
    first = SlotFactory(agency=agency, start=in_days(3, 10))
    second = SlotFactory(agency=agency, start=in_days(5, 15))
    page = publish_page(booking_page.get_parent(), [{"type": "agency_cards", "value": {}}])
    assert timefmt.day_label(first.start) in get_html(client, page.url)
    book(first)
    html = get_html(client, page.url)
    assert timefmt.day_label(first.start) not in html
    assert timefmt.day_label(second.start) in html
    cache.clear()


def test_latest_news_block_filters_by_category_and_counts(client, booking_page):
    home = booking_page.get_parent()
    index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    events = NewsCategory.objects.create(name="Événements", slug="evenements")
    for n in range(4):
        index.add_child(
            instance=NewsPage(
                title=f"Atelier {n}", date=timezone.localdate() - timedelta(days=n), category=events
            )
        )
    index.add_child(instance=NewsPage(title="Un financement", date=timezone.localdate()))
    block = {"type": "latest_news", "value": {"title": "Agenda", "category": str(events.pk)}}
    block["value"]["count"] = 2
    page = publish_page(home, [block])

    html = get_html(client, page.url)

    assert "<h2>Agenda</h2>" in html
    assert "Atelier 0" in html and "Atelier 1" in html
    assert "Atelier 2" not in html and "Un financement" not in html


def test_latest_news_block_without_news_says_so(client, booking_page):
    block = {"type": "latest_news", "value": {"title": "", "category": "", "count": 3}}
    page = publish_page(booking_page.get_parent(), [block])
    assert "Aucune actualité pour le moment." in get_html(client, page.url)


def test_the_block_choices_are_read_when_an_editor_opens_the_chooser(agency, django_user_model):
    closed = AgencyFactory(name="Osengo Moulins", is_active=False)
    adviser = django_user_model.objects.create_user(
        "claire", first_name="Claire", last_name="Dumas"
    )
    django_user_model.objects.create_user("sans-agence", first_name="Sans", last_name="Agence")
    agency.advisers.add(adviser)
    MeetingTypeFactory(name="Atelier")

    assert (str(agency.pk), "Osengo Vichy") in agency_choices()
    assert (str(closed.pk), "Osengo Moulins (inactif)") in agency_choices()
    assert adviser_choices() == [(str(adviser.pk), "Claire Dumas")]
    assert "Atelier" in {label for _pk, label in meeting_type_choices()}
