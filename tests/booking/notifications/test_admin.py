"""The outbox and calendar-feed admin views: who sees them, resend, create, regenerate, revoke."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.groups import MANAGERS_GROUP
from booking.models import CalendarFeed, OutboxMessage, OutboxStatus
from tests.booking.factories import AgencyFactory, SlotFactory, book

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.booking.notifications.admin_urls")]
OUTBOX = "/admin/booking/outboxmessage/"
FEEDS = "/admin/booking/calendarfeed/"


def staff(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@osengo.test", password="x" * 16
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def test_only_managers_see_the_outbox(client, django_user_model):
    book(SlotFactory())
    client.force_login(staff(django_user_model, "conseiller"))
    assert client.get(OUTBOX).status_code != 200
    client.force_login(staff(django_user_model, "responsable", MANAGERS_GROUP))
    response = client.get(OUTBOX)
    assert response.status_code == 200
    assert "Demande de rendez-vous enregistrée" in response.content.decode()
    assert client.get(OUTBOX, {"status": "queued"}).status_code == 200
    message = OutboxMessage.objects.first()
    assert client.get(f"{OUTBOX}inspect/{message.pk}/").status_code == 200


def test_resend_asks_then_requeues_and_sends(
    client, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    book(SlotFactory())
    message = OutboxMessage.objects.first()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone"
    )
    client.force_login(staff(django_user_model, "responsable", MANAGERS_GROUP))
    url = f"{OUTBOX}resend/{message.pk}/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.FAILED  # GET is safe
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.subject for m in mailoutbox] == [message.subject]


def test_advisers_cannot_resend(client, django_user_model):
    book(SlotFactory())
    message = OutboxMessage.objects.first()
    client.force_login(staff(django_user_model, "conseiller"))
    assert client.post(f"{OUTBOX}resend/{message.pk}/").status_code == 403


def test_feeds_are_created_regenerated_and_revoked_from_the_admin(client, django_user_model):
    agency = AgencyFactory()
    client.force_login(staff(django_user_model, "responsable", MANAGERS_GROUP))
    response = client.post(f"{FEEDS}create/", {"agency": agency.pk, "adviser": ""}, follow=True)
    assert response.status_code == 200
    feed = CalendarFeed.objects.get(agency=agency)
    assert "/agenda/" in response.content.decode()
    listing = client.get(FEEDS).content.decode()
    assert "/agenda/" in listing

    old_hash = feed.token_hash
    assert client.get(f"{FEEDS}regenerate/{feed.pk}/").status_code == 200
    client.post(f"{FEEDS}regenerate/{feed.pk}/")
    feed.refresh_from_db()
    assert feed.token_hash != old_hash
    client.post(f"{FEEDS}revoke/{feed.pk}/")
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_a_feed_needs_exactly_one_owner(client, django_user_model, adviser):
    client.force_login(staff(django_user_model, "responsable", MANAGERS_GROUP))
    response = client.post(f"{FEEDS}create/", {"agency": AgencyFactory().pk, "adviser": adviser.pk})
    assert response.status_code == 200  # the form again, with its error
    assert not CalendarFeed.objects.exists()


def test_an_adviser_manages_only_their_own_feed(client, django_user_model):
    from booking import services

    me = staff(django_user_model, "moi")
    mine = services.calendar_feed_create(adviser=me)
    agency_feed = services.calendar_feed_create(agency=AgencyFactory())
    client.force_login(me)
    assert client.post(f"{FEEDS}revoke/{agency_feed.pk}/").status_code == 403
    assert client.post(f"{FEEDS}revoke/{mine.pk}/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
