"""Staff accounts and agencies for the back-office tests: a superuser, a manager, an adviser in
Clermont, another in Vichy, and an editor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.groups import (
    ADVISERS_GROUP,
    EDITORS_GROUP,
    MANAGERS_GROUP,
    groups_sync,
)
from booking import services
from booking.models import Closure, OutboxMessage, PostcodeArea
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, in_days

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def groups(db):
    if Group.objects.filter(name__in=[ADVISERS_GROUP, EDITORS_GROUP, MANAGERS_GROUP]).count() < 3:
        groups_sync()
    return {g.name: g for g in Group.objects.all()}


def make_user(username, *, group=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@osengo.test",
        password=PASSWORD,
        first_name=username.split(".")[-1].capitalize(),
        last_name="Test",
        is_superuser=superuser,
    )
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def clermont(db):
    return AgencyFactory(slug="clermont", name="Osengo Clermont-Ferrand", city="Clermont-Ferrand")


@pytest.fixture
def vichy(db):
    return AgencyFactory(slug="vichy", name="Osengo Vichy", city="Vichy")


@pytest.fixture
def meeting_type(db):
    return MeetingTypeFactory(slug="premier", name="Premier rendez-vous", duration_minutes=45)


@pytest.fixture
def superuser(db):
    return make_user("admin", superuser=True)


@pytest.fixture
def manager(groups):
    return make_user("responsable", group=groups[MANAGERS_GROUP])


@pytest.fixture
def adviser_clermont(groups, clermont):
    user = make_user("conseiller.clermont", group=groups[ADVISERS_GROUP])
    clermont.advisers.add(user)
    return user


@pytest.fixture
def adviser_vichy(groups, vichy):
    user = make_user("conseiller.vichy", group=groups[ADVISERS_GROUP])
    vichy.advisers.add(user)
    return user


@pytest.fixture
def editor(groups):
    return make_user("editeur", group=groups[EDITORS_GROUP])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(superuser):
    return client_for(superuser)


@pytest.fixture
def clermont_client(adviser_clermont):
    return client_for(adviser_clermont)


@pytest.fixture
def vichy_client(adviser_vichy):
    return client_for(adviser_vichy)


_keys = iter(range(10**9))


def book_early(slot, **overrides):
    """Book as if the request had come three days before the meeting (past or imminent)."""
    from datetime import timedelta

    from booking.services import appointment_book
    from tests.booking.factories import founder

    return appointment_book(
        slot_id=slot.pk,
        founder=founder(**overrides),
        privacy_version="2026-11",
        submission_key=f"admin-test-past-{next(_keys):012d}",
        now=slot.start - timedelta(days=3),
    ).appointment


@pytest.fixture
def objects(booking_page, clermont, meeting_type, adviser_clermont):
    """One object of every booking admin, in Clermont: the lists, views and hostile-input
    tests open each."""
    free = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5, 9))
    booked = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(6, 9))
    past = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-1, 9))
    appointment = book(booked)
    past_appointment = services.appointment_accept(
        appointment=book_early(past, email="passe@example.org"), by=None
    )
    closure = Closure.objects.create(
        agency=clermont, start_date=in_days(20).date(), end_date=in_days(21).date()
    )
    question = booking_page.questions.first()
    return {
        "agency": clermont,
        "meetingtype": meeting_type,
        "slot": free,
        "appointment": appointment,
        "past": past_appointment,
        "closure": closure,
        "bookingquestion": question,
        "outboxmessage": OutboxMessage.objects.filter(appointment=appointment).first(),
        "calendarfeed": services.calendar_feed_create(adviser=adviser_clermont),
        "postcodearea": PostcodeArea.objects.create(prefix="63", agency=clermont),
    }
