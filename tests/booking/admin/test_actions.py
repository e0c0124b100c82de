"""The appointment workflow from the back-office: each action calls its service, records who
did it, emails the founder, and refuses politely when someone else acted first."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from booking.models import Agency, Appointment, AppointmentStatus, MeetingType, Slot
from tests.booking.admin.conftest import book_early
from tests.booking.factories import (
    SlotFactory,
    book,
    book_on_behalf_data,
    correction_data,
    in_days,
)

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def action_url(name, appointment):
    return reverse(f"booking_appointment_modeladmin_{name}", args=[appointment.pk])


def inspect_url(appointment):
    return reverse("booking_appointment_modeladmin_inspect", args=[appointment.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def request_(clermont, meeting_type):
    return book(SlotFactory(agency=clermont, meeting_type=meeting_type))


def post(client, name, appointment, **data):
    data.setdefault("expected_status", appointment.status)
    return client.post(action_url(name, appointment), data)


def test_accepting_confirms_records_the_adviser_and_emails_the_founder(
    clermont_client, adviser_clermont, request_, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(clermont_client, "accepter", request_)
    assert response.status_code == 302
    assert response["Location"] == inspect_url(request_)
    request_.refresh_from_db()
    assert request_.status == S.CONFIRMED
    assert request_.history.last().changed_by == adviser_clermont
    assert [m.to for m in mailoutbox] == [[request_.email]]
    assert "confirmé" in messages_of(response)[0]


def test_refusing_sends_the_reason_and_frees_the_slot(
    clermont_client, request_, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        post(clermont_client, "refuser", request_, reason="Nous vous orientons vers la CCI.")
    request_.refresh_from_db()
    assert request_.status == S.REFUSED
    assert request_.agency_note == "Nous vous orientons vers la CCI."
    assert Slot.objects.get(pk=request_.slot_id).booked_count == 0
    assert "Nous vous orientons vers la CCI." in mailoutbox[0].body


def test_an_action_returns_to_the_page_the_adviser_came_from(clermont_client, request_):
    week = reverse("booking_appointment_modeladmin_index") + "?etat=pending"
    response = post(clermont_client, "accepter", request_, next=week)
    assert response["Location"] == week


def test_an_action_never_returns_to_another_site(clermont_client, request_):
    form = clermont_client.get(action_url("refuser", request_) + "?next=https://evil.example/")
    assert b"evil.example" not in form.content
    response = post(clermont_client, "refuser", request_, next="https://evil.example/")
    assert response["Location"] == inspect_url(request_)


def test_an_action_on_a_status_that_changed_meanwhile_is_refused(clermont_client, request_):
    seen = request_.status
    post(clermont_client, "accepter", request_)  # another adviser, a moment before
    response = clermont_client.post(
        action_url("refuser", request_), {"expected_status": seen, "reason": ""}
    )
    request_.refresh_from_db()
    assert request_.status == S.CONFIRMED
    assert any("a changé entre-temps" in m for m in messages_of(response))
    assert request_.history.count() == 2


def test_a_get_never_changes_anything(clermont_client, request_):
    for name in ["accepter", "refuser", "annuler", "deplacer"]:
        response = clermont_client.get(action_url(name, request_))
        assert response.status_code == 200
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    request_.refresh_from_db()
    assert request_.status == S.PENDING


def test_cancelling_on_behalf_of_the_agency(
    clermont_client, request_, django_capture_on_commit_callbacks, mailoutbox
):
    post(clermont_client, "accepter", request_)
    request_.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        post(clermont_client, "annuler", request_, reason="Conseiller malade.")
    request_.refresh_from_db()
    assert request_.status == S.CANCELLED_BY_AGENCY
    assert mailoutbox and mailoutbox[-1].to == [request_.email]
    # Cancelled appointments stay listed with their status.
    index = clermont_client.get(reverse("booking_appointment_modeladmin_index")).content.decode()
    assert request_.reference in index
    assert "Annulé par l&#x27;agence" in index


def test_moving_to_another_slot(clermont_client, request_, mailoutbox):
    target = SlotFactory(
        agency=request_.slot.agency, meeting_type=request_.slot.meeting_type, start=in_days(8, 14)
    )
    form = clermont_client.get(action_url("deplacer", request_)).content.decode()
    assert f'value="{target.pk}"' in form
    post(clermont_client, "deplacer", request_, slot=target.pk)
    request_.refresh_from_db()
    assert request_.slot_id == target.pk
    assert Slot.objects.get(pk=target.pk).booked_count == 1


def test_moving_to_a_slot_of_another_agency_is_impossible(clermont_client, request_, vichy):
    elsewhere = SlotFactory(agency=vichy, meeting_type=request_.slot.meeting_type)
    response = post(clermont_client, "deplacer", request_, slot=elsewhere.pk)
    assert response.status_code == 200  # the choice is not offered: form error
    request_.refresh_from_db()
    assert request_.slot_id != elsewhere.pk


def test_attendance_is_marked_once_the_meeting_has_started(clermont_client, clermont, meeting_type):
    past = Appointment.objects.get(
        pk=book_early(SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-1))).pk
    )
    post(clermont_client, "accepter", past)
    past.refresh_from_db()
    post(clermont_client, "absent", past)
    past.refresh_from_db()
    assert past.status == S.NO_SHOW

    future = book(SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(4)))
    post(clermont_client, "accepter", future)
    future.refresh_from_db()
    response = post(clermont_client, "honore", future)
    future.refresh_from_db()
    assert future.status == S.CONFIRMED
    assert any("pas encore eu lieu" in m for m in messages_of(response))


def test_booking_on_behalf_of_a_founder(
    clermont_client,
    adviser_clermont,
    clermont,
    meeting_type,
    booking_page,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # Inside the agency's minimum notice: advisers may still book it. (An hour from now, not
    # 23:30 today, which is already past in the last half hour of the day.)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=1)
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=start)
    data = book_on_behalf_data(slot, email="Jeanne@Example.org")
    url = reverse("booking_appointment_modeladmin_create")
    with django_capture_on_commit_callbacks(execute=True):
        response = clermont_client.post(url, data)
        clermont_client.post(url, data)  # double submission: still one appointment
    appointment = Appointment.objects.get(email="jeanne@example.org")
    assert response["Location"] == inspect_url(appointment)
    assert appointment.booked_by == adviser_clermont
    assert appointment.privacy_version == booking_page.privacy_version
    assert mailoutbox[0].to == ["jeanne@example.org"]


def test_correcting_a_founders_phone_keeps_the_status(clermont_client, request_):
    url = reverse("booking_appointment_modeladmin_edit", args=[request_.pk])
    form = correction_data(request_)
    # Another adviser accepts while this form is open.
    post(clermont_client, "accepter", request_)
    # A valid number, stored in E.164 like the public form's (0700000000 is not one).
    response = clermont_client.post(url, {**form, "phone": "07 61 23 45 67"})
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.phone == "+33761234567"
    assert request_.status == S.CONFIRMED


def test_the_inspect_view_shows_what_the_founder_entered(clermont_client, clermont, meeting_type):
    appointment = book(
        SlotFactory(agency=clermont, meeting_type=meeting_type),
        answers=[
            {"question": "Avez-vous un local ?", "answer": "Oui"},
            {"question": "Financement", "answer": ["Prêt d'honneur", "Apport"]},
        ],
    )
    html = clermont_client.get(inspect_url(appointment)).content.decode()
    for text in [
        appointment.reference,
        "Fromagerie des Volcans",
        "Une fromagerie en circuit court.",
        "camille.durand@example.org",
        "Avez-vous un local ?",
        "Apport",
        "Historique des statuts",
        "En attente",
        "Accepter",
        "Refuser",
    ]:
        assert text in html, text


def test_deleting_a_used_agency_deactivates_it(client, superuser, request_):
    from tests.booking.admin.conftest import client_for

    agency = request_.slot.agency
    response = client_for(superuser).post(
        reverse("booking_agency_modeladmin_delete", args=[agency.pk])
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert not agency.is_active
    assert "désactivée" in messages_of(response)[0]
    unused = Agency.objects.create(
        slug="neuve", name="Neuve", city="Riom", address="1 rue", postal_code="63200"
    )
    client_for(superuser).post(reverse("booking_agency_modeladmin_delete", args=[unused.pk]))
    assert not Agency.objects.filter(pk=unused.pk).exists()
    meeting_type = request_.slot.meeting_type
    client_for(superuser).post(
        reverse("booking_meetingtype_modeladmin_delete", args=[meeting_type.pk])
    )
    assert MeetingType.objects.get(pk=meeting_type.pk).is_active is False


def test_a_slot_with_active_appointments_cannot_be_deleted(clermont_client, request_):
    url = reverse("booking_slot_modeladmin_delete", args=[request_.slot_id])
    response = clermont_client.post(url)
    assert Slot.objects.filter(pk=request_.slot_id, is_active=True).exists()
    assert "rendez-vous en cours" in messages_of(response)[0]
    post(clermont_client, "refuser", request_, reason="")
    response = clermont_client.post(url)
    # Only a refused appointment left: kept for history, the slot is deactivated.
    assert Slot.objects.filter(pk=request_.slot_id, is_active=False).exists()
    free = SlotFactory(agency=request_.slot.agency, start=in_days(10))
    clermont_client.post(reverse("booking_slot_modeladmin_delete", args=[free.pk]))
    assert not Slot.objects.filter(pk=free.pk).exists()


def test_the_list_shows_upcoming_meetings_by_date_soonest_first(
    clermont_client, clermont, meeting_type
):
    def at(days, email):
        slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(days))
        return book_early(slot, email=email) if days < 0 else book(slot, email=email)

    later, past, soon, long_ago = (
        at(30, "a@x.org"),
        at(-2, "b@x.org"),
        at(2, "c@x.org"),
        at(-40, "d@x.org"),
    )
    index = reverse("booking_appointment_modeladmin_index")

    def order(query=""):
        html = clermont_client.get(index + query).content.decode()
        shown = [a for a in (later, past, soon, long_ago) if a.reference in html]
        return sorted(shown, key=lambda a: html.index(a.reference))

    assert order() == [soon, later]  # from today on, by default
    assert order("?du=tout") == [later, soon, past, long_ago]
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert order(f"?au={yesterday}") == [past, long_ago]  # the past: latest first


def test_the_dashboards_pending_link_lands_on_exactly_its_requests(
    clermont_client, clermont, meeting_type
):
    pending = [
        book(
            SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(d)),
            email=f"{d}@x.org",
        )
        for d in (1, 3)
    ]
    book_early(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-3)), email="p@x.org"
    )
    dashboard = clermont_client.get(reverse("wagtailadmin_home")).content.decode()
    link = reverse("booking_appointment_modeladmin_index") + "?status=pending"
    assert f'href="{link}"' in dashboard
    listed = clermont_client.get(link).content.decode()
    assert all(a.reference in listed for a in pending)
    assert listed.count('class="booking-status booking-status--warning"') == len(pending)


def test_the_slot_list_hides_past_slots_unless_asked(clermont_client, clermont, meeting_type):
    past = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(-1, hour=9))
    coming = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(1, hour=9))
    index = reverse("booking_slot_modeladmin_index")
    default = clermont_client.get(index).content.decode()
    inspect = reverse("booking_slot_modeladmin_inspect", args=[coming.pk])
    assert inspect in default
    assert reverse("booking_slot_modeladmin_inspect", args=[past.pk]) not in default
    every = clermont_client.get(index + "?du=tout").content.decode()
    assert reverse("booking_slot_modeladmin_inspect", args=[past.pk]) in every
