"""Paris changes its clocks on 2026-03-29 and 2026-10-25: a 09:00 slot must read 09:00 on the
slot page, in the email and on the manage page, on both sides of each change, and be stored as
the right UTC instant."""

import re
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import time_machine

from booking.models import Appointment
from tests.booking.factories import SlotFactory, local_dt
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


# (local day of the slot, UTC hour a 09:00 Paris slot is stored at)
CASES = [
    (date(2026, 3, 28), 8),  # winter time, UTC+1
    (date(2026, 3, 29), 7),  # the change day: summer time from 03:00
    (date(2026, 3, 30), 7),
    (date(2026, 10, 24), 7),  # summer time, UTC+2
    (date(2026, 10, 25), 8),  # the change day: back to winter time at 03:00
    (date(2026, 10, 26), 8),
]


@pytest.mark.parametrize(("day", "utc_hour"), CASES, ids=[str(day) for day, _ in CASES])
def test_a_nine_oclock_slot_reads_nine_everywhere(
    client, booking_page, mailoutbox, django_capture_on_commit_callbacks, day, utc_hour
):
    slot = SlotFactory(start=local_dt(day, 9), end=local_dt(day, 9, 45))
    assert slot.start.astimezone(UTC).hour == utc_hour

    # A few days before the meeting, with the clock of that season.
    with time_machine.travel(datetime.combine(day - timedelta(days=3), time(12), tzinfo=UTC)):
        slot_page_html = client.get(
            booking_page.url + booking_page.reverse_subpage("agency", args=(slot.agency.slug,)),
            {"semaine": day.isoformat()},
        ).content.decode()
        assert f'href="{book_url(booking_page, slot)}?creneau={slot.pk}"' in slot_page_html
        assert "9 h 00 – 9 h 45" in visible_text(slot_page_html)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(book_url(booking_page, slot), form_data(slot))
        assert response.status_code == 302
        assert Appointment.objects.get().slot == slot

        email = mailoutbox[0].body
        assert "9 h 00 – 9 h 45 (heure de Paris)" in email
        attachment = mailoutbox[0].attachments[0]
        event = icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == slot.start

        link = re.search(r"http://testserver(/\S+/gerer/\S+/)", email).group(1)
        manage_page = visible_text(client.get(link).content.decode())
        assert "9 h 00 – 9 h 45" in manage_page
