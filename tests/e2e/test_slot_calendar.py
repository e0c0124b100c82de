"""The slot page in a browser: a week calendar on a desktop (days side by side), a list of days
on a phone (one under the other, the empty ones left out), and the meeting-type filter that
applies as soon as a type is chosen, focus back on it after the reload."""

import re

from django.utils import timezone

from booking import selectors
from booking.models import Agency
from tests.e2e.conftest import assert_accessible


def _busiest_week(agency) -> str:
    """The Monday (ISO) of the agency's next week with free slots on two days at least."""
    now = timezone.now()
    week = selectors.week_start_for(None, now=now)
    for _ in range(10):
        if len(selectors.week_slots(agency, week_start=week, now=now)) >= 2:
            return week.isoformat()
        week = week.fromordinal(week.toordinal() + 7)
    raise AssertionError("contenu de démonstration sans semaine de deux jours de créneaux")


def test_the_week_is_a_calendar_on_a_desktop_and_a_list_on_a_phone(demo_site, page, viewport, shot):
    agency = Agency.objects.get(slug="clermont-ferrand")
    page.goto(f"{demo_site.url}/rendez-vous/agence/{agency.slug}/?semaine={_busiest_week(agency)}")
    shot(page, "semaine")
    assert_accessible(page)
    days = page.locator(".slot-week > section.slot-day:visible")
    boxes = [days.nth(i).bounding_box() for i in range(days.count())]
    assert len(boxes) >= 2
    if viewport == "desktop":
        # Columns: side by side, on one row, the whole week across.
        assert len({round(box["y"]) for box in boxes}) == 1
        assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
        assert page.locator(".slot-week > section.slot-day").count() >= 5
        buttons = page.locator(".slot-day").nth(0).locator(".slot-button")
        if buttons.count() >= 2:
            first, second = buttons.nth(0).bounding_box(), buttons.nth(1).bounding_box()
            assert second["y"] > first["y"]  # the column's slots one under the other
    else:
        # A list: one day under the other; the days without slots are not shown.
        assert len({round(box["x"]) for box in boxes}) == 1
        assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
        assert page.locator(".slot-day-empty:visible").count() == 0
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_filter_applies_on_choice_and_gives_the_focus_back(demo_site, page, shot):
    agency = Agency.objects.get(slug="clermont-ferrand")
    page.goto(f"{demo_site.url}/rendez-vous/agence/{agency.slug}/?semaine={_busiest_week(agency)}")
    filter_form = page.locator("form[data-slot-filter]")
    # With the script, the button is gone and the hint says the list updates on a choice.
    assert not filter_form.get_by_role("button", name="Filtrer").is_visible()
    hint = filter_form.locator("[data-slot-filter-hint]")
    assert hint.is_visible()
    select = page.get_by_label("Type de rendez-vous")
    assert select.get_attribute("aria-describedby") == hint.get_attribute("id")
    name = page.locator(".slot-list .slot-type").first.inner_text().strip()
    slug = select.locator("option", has_text=f"{name} (").first.get_attribute("value")
    select.select_option(slug)
    page.wait_for_url(re.compile(rf"/rendez-vous/agence/clermont-ferrand/\?.*type={slug}"))
    shot(page, "filtre")
    assert page.evaluate("document.activeElement.id") == "type-filter"
    type_names = page.locator(".slot-list .slot-type").all_inner_texts()
    assert type_names
    assert {text.strip() for text in type_names} == {name}
    assert_accessible(page)
