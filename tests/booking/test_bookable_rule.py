"""One rule decides which slot may be booked (`SlotQuerySet.bookable`), and every path that offers
or takes a place follows it: the public slot pages, the public booking and move forms, the
booking services, the admin move form and the admin "book on behalf" form.

Each test builds one target slot that is unbookable for one reason and checks that the path
neither offers it nor accepts it. "ok" is the control: a bookable slot the same path does offer
(so that "not offered" is a real observation), and "inside the notice" is bookable by advisers
only.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.groups import ADVISERS_GROUP, groups_sync
from booking import selectors, services
from booking.errors import SlotFull, SlotUnavailable
from booking.models import Appointment, AppointmentStatus, Slot
from booking.timefmt import to_local
from booking.tokens import token_for
from tests.booking.admin.conftest import client_for, make_user
from tests.booking.factories import (
    AgencyFactory,
    MeetingTypeFactory,
    SlotFactory,
    book,
    book_on_behalf_data,
    founder,
    in_days,
)
from tests.booking.test_views import form_data

pytestmark = pytest.mark.django_db
S = AppointmentStatus

REASONS = [
    "inactive_agency",
    "inactive_type",
    "past",
    "inside_notice",
    "beyond_horizon",
    "full",
    "closed",
]
# What a founder may not book; advisers may book inside the notice, nothing else.
FOUNDER_REFUSED = REASONS
ADVISER_REFUSED = [r for r in REASONS if r != "inside_notice"]
UNAVAILABLE = "n&#x27;est pas ou plus proposé"  # SlotUnavailable.message, as HTML escapes it
FULL = "vient d&#x27;être réservé"  # SlotFull.message


class World:
    """An agency (48 h notice, 60-day horizon), a meeting type, an appointment on a slot a
    week ahead (what the move paths move), and the target slot, unbookable for `reason`."""

    def __init__(self, reason):
        self.reason = reason
        self.agency = AgencyFactory(min_notice_hours=48, horizon_days=60)
        self.meeting_type = MeetingTypeFactory()
        self.appointment = book(
            SlotFactory(agency=self.agency, meeting_type=self.meeting_type, start=in_days(7, 10)),
            email="deja.inscrit@example.org",
        )
        start = {
            "past": in_days(-1, 10),
            "inside_notice": in_days(1, 12),  # 12 to 36 hours ahead: future, inside 48 h
            "beyond_horizon": in_days(90, 10),
        }.get(reason, in_days(5, 14))
        self.target = SlotFactory(agency=self.agency, meeting_type=self.meeting_type, start=start)
        if reason == "full":
            book(self.target, email="premier.arrive@example.org")
        elif reason == "closed":
            day = to_local(self.target.start).date()
            services.closure_declare(start_date=day, end_date=day, agency=self.agency)
        elif reason == "inactive_agency":
            type(self.agency).objects.filter(pk=self.agency.pk).update(is_active=False)
        elif reason == "inactive_type":
            type(self.meeting_type).objects.filter(pk=self.meeting_type.pk).update(is_active=False)
        self.target.refresh_from_db()
        self.agency.refresh_from_db()
        self.appointment.refresh_from_db()
        self.before = self.snapshot()

    def snapshot(self):
        return (
            list(Appointment.objects.order_by("pk").values_list("pk", "slot_id", "status")),
            list(Slot.objects.order_by("pk").values_list("pk", "booked_count", "is_active")),
        )

    def assert_unchanged(self):
        assert self.snapshot() == self.before


@pytest.fixture
def world(request):
    return World(request.param)


@pytest.fixture
def adviser(db):
    if not Group.objects.filter(name=ADVISERS_GROUP).exists():
        groups_sync()
    return make_user("conseiller.regle", group=Group.objects.get(name=ADVISERS_GROUP))


def adviser_of(world, adviser):
    world.agency.advisers.add(adviser)
    return client_for(adviser)


def page_url(booking_page, route, *args):
    return booking_page.url + booking_page.reverse_subpage(route, args=args)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the rule itself --------------------------------------------------------------------------


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
@pytest.mark.parametrize("by_adviser", [False, True])
def test_the_queryset_is_the_rule(world, by_adviser):
    refused = ADVISER_REFUSED if by_adviser else FOUNDER_REFUSED
    bookable = Slot.objects.bookable(
        agencies=[world.agency], now=timezone.now(), by_adviser=by_adviser
    )
    assert bookable.filter(pk=world.target.pk).exists() is (world.reason not in refused)


# --- public pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
def test_public_slot_page_does_not_list_it(client, booking_page, world):
    week = to_local(world.target.start).date().isoformat()
    response = client.get(page_url(booking_page, "agency", world.agency.slug), {"semaine": week})
    listed = f'creneau={world.target.pk}"' in response.content.decode()
    if world.reason == "inactive_agency":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
    assert listed is (world.reason == "ok")


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
def test_next_free_slot_and_alternatives_skip_it(world):
    now = timezone.now()
    offered = world.reason == "ok"
    after = world.target.start - timedelta(minutes=1)
    next_slot = selectors.next_bookable_slot(world.agency, now=now, after=after)
    assert (next_slot == world.target) is offered
    alternatives = selectors.alternative_slots(world.appointment.slot, now=now)
    assert (world.target in alternatives) is offered


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_public_booking_form_says_unavailable(client, booking_page, world):
    url = page_url(booking_page, "book", world.agency.slug)
    response = client.get(url, {"creneau": world.target.pk})
    html = response.content.decode()
    if world.reason == "inactive_agency":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert UNAVAILABLE in html
    assert 'name="first_name"' not in html


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_public_booking_post_is_refused_and_saves_nothing(client, booking_page, world):
    url = page_url(booking_page, "book", world.agency.slug)
    response = client.post(url, form_data(world.target, submission_key="submission-key-regle-0123"))
    if world.reason == "inactive_agency":
        assert response.status_code == 404
    else:
        assert response.status_code == 409
        assert (FULL if world.reason == "full" else UNAVAILABLE) in response.content.decode()
    world.assert_unchanged()


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
def test_public_move_page_does_not_offer_it_and_refuses_it(client, booking_page, world):
    token = token_for(world.appointment.token_salt)
    url = page_url(booking_page, "manage_move", token)
    week = to_local(world.target.start).date().isoformat()
    page = client.get(url, {"semaine": week})
    assert page.status_code == 200
    assert (f'id="slot-{world.target.pk}"' in page.content.decode()) is (world.reason == "ok")
    if world.reason == "ok":
        return
    for data in ({"slot": world.target.pk}, {"slot": world.target.pk, "confirm": "1"}):
        response = client.post(url, data)
        assert response.status_code == 409
        assert "Confirmer le déplacement" not in response.content.decode()
    world.assert_unchanged()


# --- services ---------------------------------------------------------------------------------


def _book(world, *, booked_by=None):
    return services.appointment_book(
        slot_id=world.target.pk,
        founder=founder(email="nouveau@example.org"),
        privacy_version="v1",
        submission_key="service-key-regle-0123",
        booked_by=booked_by,
    )


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_appointment_book_refuses_it(world):
    with pytest.raises(SlotFull if world.reason == "full" else SlotUnavailable):
        _book(world)
    world.assert_unchanged()


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_appointment_book_by_an_adviser(world, adviser):
    if world.reason not in ADVISER_REFUSED:
        assert _book(world, booked_by=adviser).appointment.slot_id == world.target.pk
        return
    with pytest.raises(SlotFull if world.reason == "full" else SlotUnavailable):
        _book(world, booked_by=adviser)
    world.assert_unchanged()


@pytest.mark.parametrize("world", REASONS, indirect=True)
@pytest.mark.parametrize("by", ["founder", "adviser"])
def test_appointment_reschedule_refuses_it(world, adviser, by):
    refused = FOUNDER_REFUSED if by == "founder" else ADVISER_REFUSED
    user = adviser if by == "adviser" else None
    if world.reason not in refused:
        moved = services.appointment_reschedule(
            appointment=world.appointment, new_slot_id=world.target.pk, by=user
        )
        assert moved.slot_id == world.target.pk
        return
    with pytest.raises(SlotFull if world.reason == "full" else SlotUnavailable):
        services.appointment_reschedule(
            appointment=world.appointment, new_slot_id=world.target.pk, by=user
        )
    world.assert_unchanged()


# --- back-office ------------------------------------------------------------------------------


def move_url(appointment):
    return reverse("booking_appointment_modeladmin_deplacer", args=[appointment.pk])


def offers(html: str, slot) -> bool:
    """The slot is one of the picker's choices (booking/backoffice/admin/slot_picker.py)."""
    return re.search(rf'<input type="radio" name="slot" value="{slot.pk}"', html) is not None


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
def test_admin_move_form_does_not_offer_it(world, adviser):
    client = adviser_of(world, adviser)
    html = client.get(move_url(world.appointment)).content.decode()
    assert offers(html, world.target) is (world.reason not in ADVISER_REFUSED)


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_admin_move_form_refuses_a_forged_post(world, adviser):
    client = adviser_of(world, adviser)
    response = client.post(
        move_url(world.appointment),
        {"expected_status": world.appointment.status, "slot": world.target.pk},
    )
    if world.reason not in ADVISER_REFUSED:  # inside the notice: advisers may
        assert response.status_code == 302
        world.appointment.refresh_from_db()
        assert world.appointment.slot_id == world.target.pk
        return
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    world.assert_unchanged()


def test_admin_move_form_stops_at_the_agency_horizon(adviser):
    """The bug: the move form offered slots up to 180 days ahead, which the service refused."""
    world = World("ok")
    client = adviser_of(world, adviser)
    far = SlotFactory(agency=world.agency, meeting_type=world.meeting_type, start=in_days(90, 9))
    last = SlotFactory(agency=world.agency, meeting_type=world.meeting_type, start=in_days(59, 9))
    html = client.get(move_url(world.appointment)).content.decode()
    assert offers(html, last)
    far_from = in_days(85, 9).date().isoformat()  # looking further on does not pass it either
    assert not offers(
        client.get(move_url(world.appointment), {"depuis": far_from}).content.decode(), far
    )
    assert not offers(html, far)


@pytest.mark.parametrize("world", ["ok", *REASONS], indirect=True)
def test_admin_book_on_behalf_does_not_offer_it(world, adviser, booking_page):
    client = adviser_of(world, adviser)
    html = client.get(reverse("booking_appointment_modeladmin_create")).content.decode()
    assert offers(html, world.target) is (world.reason not in ADVISER_REFUSED)


@pytest.mark.parametrize("world", REASONS, indirect=True)
def test_admin_book_on_behalf_refuses_a_forged_post(world, adviser, booking_page):
    client = adviser_of(world, adviser)
    response = client.post(
        reverse("booking_appointment_modeladmin_create"),
        book_on_behalf_data(world.target, submission_key="admin-regle-abcdefghijkl"),
    )
    if world.reason not in ADVISER_REFUSED:  # inside the notice: advisers may
        assert response.status_code == 302
        assert Appointment.objects.get(email="jeanne@example.org").slot_id == world.target.pk
        return
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    assert not Appointment.objects.filter(email="jeanne@example.org").exists()
    world.assert_unchanged()


# --- which statuses hold a place --------------------------------------------------------------


# Exactly the two statuses as a tuple, list or set, as enum members or as strings.
_STATUS = r"(?:(?:S|AppointmentStatus)\.(?:PENDING|CONFIRMED)|[\"'](?:pending|confirmed)[\"'])"
RESTATED = re.compile(rf"[(\[{{]\s*{_STATUS}\s*,\s*{_STATUS}\s*,?\s*[)\]}}]")
DEFINITION = Path("booking/models/appointment.py")


def test_which_statuses_hold_a_place_is_stated_once():
    """`ACTIVE_STATUSES` is the one definition; code and templates import it, never restate
    "pending or confirmed" (the slot counters and the rule of who holds a place would drift)."""
    root = Path(__file__).resolve().parents[2]
    assert RESTATED.search((root / DEFINITION).read_text())  # the pattern does find it
    restated = [
        str(path.relative_to(root))
        for folder in ("accounts", "bench", "booking", "home", "news", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt")
        and "migrations" not in path.parts
        and path.relative_to(root) != DEFINITION
        and RESTATED.search(path.read_text(encoding="utf-8"))
    ]
    assert restated == []
