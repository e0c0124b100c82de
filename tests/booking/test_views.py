"""The public booking flow through the test client: pages, form, confirmation, private link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from booking.models import Appointment, AppointmentStatus, Slot
from booking.public import abuse
from booking.tokens import token_for
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, in_days

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def form_data(for_slot, **overrides):
    data = {
        "slot": for_slot.pk,
        "submission_key": "submission-key-0123456789",
        "civility": "mme",
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille@example.org",
        "phone": "06 12 34 56 78",
        "city": "Clermont-Ferrand",
        "postal_code": "63000",
        "project_name": "Fromagerie des Volcans",
        "project_description": "Une fromagerie en circuit court.",
        "project_stage": "idea",
        "project_sector": "agri",
        "heard_from": "word",
        "question_avez_vous_deja_un_local": "Non",
        "consent": "on",
    }
    data.update(overrides)
    # The signed timestamp of a form shown just now, bound to its submission key.
    data.setdefault("form_started", abuse.form_started_token(data["submission_key"]))
    return data


def book_url(booking_page, slot):
    return booking_page.url + booking_page.reverse_subpage("book", args=(slot.agency.slug,))


def manage_url(booking_page, appointment, action="manage"):
    token = token_for(appointment.token_salt)
    return booking_page.url + booking_page.reverse_subpage(action, args=(token,))


def test_agency_list_shows_next_free_slot_and_meeting_types(client, booking_page):
    slot = SlotFactory(start=in_days(3, 9, 30))
    AgencyFactory(name="Agence fermée", is_active=False)
    response = client.get(booking_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert slot.agency.name in html
    assert "Agence fermée" not in html
    assert slot.meeting_type.name in html
    assert "9 h 30" in html


def test_slot_page_lists_a_week_with_full_labels(client, booking_page):
    slot = SlotFactory(start=in_days(2, 10, 30))
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(slot.agency.slug,))
    response = client.get(url, {"semaine": slot.start.date().isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    # The button's text (part of it visually hidden) is the full slot: no aria-label, so that
    # the visible hour stays part of the accessible name.
    text = re.sub(r"<[^>]+>", "", html)
    assert re.search(r"\w+ \d+(?:er)? \w+ \d{4}, 10 h 30 – 11 h 15 [^,\n]+, en agence", text)


def test_empty_week_says_when_the_next_free_slot_is(client, booking_page):
    slot = SlotFactory(start=in_days(30, 14))
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(slot.agency.slug,))
    response = client.get(url)
    assert "Aucun créneau libre cette semaine" in response.content.decode()
    assert "14 h 00" in response.content.decode()


@pytest.mark.parametrize("week", ["garbage", "2026-13-45", "1900-01-01", "9999-12-31", ""])
def test_bad_week_parameters_answer_200(client, booking_page, week):
    slot = SlotFactory()
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(slot.agency.slug,))
    assert client.get(url, {"semaine": week, "type": "nope"}).status_code == 200


def test_booking_through_the_form(
    client, booking_page, mailoutbox, django_capture_on_commit_callbacks
):
    slot = SlotFactory()
    assert client.get(book_url(booking_page, slot), {"creneau": slot.pk}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(booking_page, slot), form_data(slot))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.phone == "+33612345678"
    assert appointment.answers == [{"question": "Avez-vous déjà un local ?", "answer": "Non"}]
    assert appointment.privacy_version == "v1"
    confirmation = client.get(response["Location"])
    assert "Demande de rendez-vous enregistrée" in confirmation.content.decode()
    assert appointment.reference in confirmation.content.decode()
    # The email carries a working private link.
    link = re.search(r"http://testserver(/\S+/gerer/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200


def test_form_errors_are_in_french_and_keep_what_was_typed(client, booking_page):
    slot = SlotFactory()
    response = client.post(
        book_url(booking_page, slot),
        form_data(slot, email="pas-un-email", phone="123", postal_code="6300", consent=""),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in html
    assert "Saisissez un numéro de téléphone valide" in html
    assert "code postal français" in html
    assert "Votre accord est nécessaire" in html
    assert 'value="Fromagerie des Volcans"' in html
    assert 'aria-invalid="true"' in html
    assert not Appointment.objects.exists()


def test_a_taken_slot_offers_the_next_ones_and_keeps_the_data(client, booking_page):
    slot = SlotFactory()
    alternative = SlotFactory(
        agency=slot.agency, meeting_type=slot.meeting_type, start=in_days(4, 15)
    )
    book(slot, email="first@example.org")
    response = client.post(book_url(booking_page, slot), form_data(slot))
    html = response.content.decode()
    assert response.status_code == 409
    assert "vient d&#x27;être réservé" in html
    assert f'value="{alternative.pk}"' in html
    assert 'value="Fromagerie des Volcans"' in html
    # Choosing the alternative books it with the same data.
    response = client.post(book_url(booking_page, slot), form_data(slot, slot=alternative.pk))
    assert response.status_code == 302
    assert Appointment.objects.get(email="camille@example.org").slot == alternative


def test_double_submission_creates_one_appointment(client, booking_page):
    slot = SlotFactory(capacity=3)
    for _ in range(2):
        assert client.post(book_url(booking_page, slot), form_data(slot)).status_code == 302
    assert Appointment.objects.count() == 1


def test_a_slot_of_an_inactive_meeting_type_is_not_offered_in_the_form(client, booking_page):
    slot = SlotFactory(meeting_type=MeetingTypeFactory(is_active=False))
    response = client.get(book_url(booking_page, slot), {"creneau": slot.pk})
    assert response.status_code == 200
    assert "n&#x27;est pas ou plus proposé" in response.content.decode()
    assert 'name="first_name"' not in response.content.decode()


def test_crafted_post_for_an_unbookable_slot_is_refused(client, booking_page):
    past = SlotFactory(start=in_days(-2))
    response = client.post(book_url(booking_page, past), form_data(past))
    assert response.status_code == 409
    other_agency_slot = SlotFactory()
    response = client.post(book_url(booking_page, past), form_data(past, slot=other_agency_slot.pk))
    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_manage_link_get_changes_nothing_and_is_private(client, booking_page):
    appointment = book(SlotFactory())
    for action in ("manage", "manage_cancel", "manage_move"):
        response = client.get(manage_url(booking_page, appointment, action))
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cache-Control"] == "no-store"
    appointment.refresh_from_db()
    assert appointment.status == S.PENDING


def test_cancel_through_the_link_then_the_link_dies(client, booking_page):
    appointment = book(SlotFactory())
    url = manage_url(booking_page, appointment, "manage_cancel")
    assert client.post(url).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == S.CANCELLED_BY_FOUNDER
    assert client.get(manage_url(booking_page, appointment)).status_code == 404


def test_move_through_the_link_with_a_confirmation_step(client, booking_page):
    old = SlotFactory()
    new = SlotFactory(agency=old.agency, meeting_type=old.meeting_type, start=in_days(4, 11))
    appointment = book(old)
    old_link = manage_url(booking_page, appointment)
    move = manage_url(booking_page, appointment, "manage_move")
    step = client.post(move, {"slot": new.pk})
    assert step.status_code == 200 and "Confirmer le déplacement" in step.content.decode()
    appointment.refresh_from_db()
    assert appointment.slot == old  # nothing moved yet
    done = client.post(move, {"slot": new.pk, "confirm": "1"})
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.slot == new
    assert client.get(old_link).status_code == 404
    assert client.get(done["Location"]).status_code == 200


def test_unknown_expired_and_used_links_all_answer_404(client, booking_page):
    past = book(SlotFactory())
    Slot.objects.filter(pk=past.slot_id).update(start=timezone.now() - timedelta(hours=1))
    refused = book(SlotFactory(start=in_days(6)), email="r@example.org")
    Appointment.objects.filter(pk=refused.pk).update(status=S.REFUSED)
    urls = [
        manage_url(booking_page, past),
        manage_url(booking_page, refused),
        booking_page.url + "gerer/inconnu/",
        booking_page.url + "gerer/" + "x" * 500 + "/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url + "annuler/").status_code == 404


def test_slot_page_query_count_does_not_grow(client, booking_page):
    agency = AgencyFactory()
    meeting_type = MeetingTypeFactory()
    url = booking_page.url + booking_page.reverse_subpage("agency", args=(agency.slug,))

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    Slot.objects.bulk_create(
        [
            Slot(
                agency=agency,
                meeting_type=meeting_type,
                start=in_days(2, 8 + i),
                end=in_days(2, 9 + i),
            )
            for i in range(10)
        ]
    )
    count_queries()  # the first request creates the site settings rows
    small = count_queries()
    Slot.objects.bulk_create(
        [
            Slot(
                agency=agency,
                meeting_type=meeting_type,
                start=in_days(d, 8) + timedelta(minutes=m),
                end=in_days(d, 8) + timedelta(minutes=m + 30),
            )
            for d in range(1, 60)
            for m in range(0, 600, 10)
        ][:5000]
    )
    assert count_queries() == small
