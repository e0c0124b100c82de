"""Meeting types carry their own questions, instructions and confirmation rule, and every page
and email a founder reads says how the meeting goes."""

import csv
import html
import io

import pytest
from django.urls import reverse

from booking import services
from booking.models import (
    Agency,
    Appointment,
    AppointmentStatus,
    BookingQuestion,
    Confirmation,
    MeetingType,
    OutboxMessage,
)
from tests.booking.factories import AgencyFactory, MeetingTypeFactory, SlotFactory, book, in_days
from tests.booking.test_views import book_url, form_data

pytestmark = pytest.mark.django_db
S = AppointmentStatus
THEME = "Quel thème d'atelier vous intéresse ?"


@pytest.fixture
def workshop(booking_page):
    """A workshop type with its own required question (on top of the page's shared one)."""
    workshop = MeetingTypeFactory(
        name="Atelier collectif",
        slug="atelier",
        duration_minutes=90,
        instructions="Apportez de quoi prendre des notes.",
    )
    BookingQuestion.objects.create(
        page=booking_page,
        label=THEME,
        field_type="dropdown",
        choices="Étude de marché\nStatuts",
        required=True,
        meeting_type=workshop,
    )
    return workshop


def _text(response) -> str:
    """The page with its entities decoded: the assertions read what the founder reads."""
    return html.unescape(response.content.decode())


def _form(client, booking_page, slot):
    response = client.get(book_url(booking_page, slot), {"creneau": slot.pk})
    assert response.status_code == 200
    return _text(response)


def _post(client, booking_page, slot, **overrides):
    return client.post(book_url(booking_page, slot), form_data(slot, **overrides))


# --- own questions ------------------------------------------------------------------------------


def test_a_types_own_question_is_asked_only_on_its_form(client, booking_page, workshop):
    agency = AgencyFactory()
    workshop_slot = SlotFactory(agency=agency, meeting_type=workshop)
    other_slot = SlotFactory(agency=agency, start=in_days(4, 10))

    assert THEME in _form(client, booking_page, workshop_slot)
    other_form = _form(client, booking_page, other_slot)
    assert THEME not in other_form
    assert "Avez-vous déjà un local ?" in other_form  # the shared question, on both

    # Not asked, so not required, for the other type; required for the workshop.
    assert _post(client, booking_page, other_slot).status_code == 302
    refused = _post(client, booking_page, workshop_slot, submission_key="second-key-0123456789")
    assert refused.status_code == 200
    assert "Champ requis" in refused.content.decode()
    booked = _post(
        client,
        booking_page,
        workshop_slot,
        submission_key="third-key-01234567890",
        email="autre@example.org",
        phone="06 98 76 54 32",
        question_quel_theme_datelier_vous_interesse="Statuts",
    )
    assert booked.status_code == 302
    appointment = Appointment.objects.get(slot=workshop_slot)
    assert appointment.answers == [
        {"question": "Avez-vous déjà un local ?", "answer": "Non"},
        {"question": THEME, "answer": "Statuts"},
    ]
    assert Appointment.objects.get(slot=other_slot).answers == [
        {"question": "Avez-vous déjà un local ?", "answer": "Non"}
    ]


def test_the_answer_to_a_types_question_is_in_the_export_and_the_inspect_view(
    client, admin_client, booking_page, workshop
):
    slot = SlotFactory(meeting_type=workshop)
    response = _post(
        client, booking_page, slot, question_quel_theme_datelier_vous_interesse="Statuts"
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()

    index = reverse("booking_appointment_modeladmin_index")
    export = admin_client.get(index, {"export": "csv", "du": "tout"})
    header, row = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    cells = dict(zip(header, row, strict=True))
    assert cells[THEME] == "Statuts"
    assert cells["Avez-vous déjà un local ?"] == "Non"

    inspect = reverse("booking_appointment_modeladmin_inspect", args=[appointment.pk])
    page = _text(admin_client.get(inspect))
    assert THEME in page and "Statuts" in page


def test_a_meeting_type_with_questions_is_deactivated_not_deleted(workshop):
    assert services.meeting_type_delete(meeting_type=workshop) is False
    workshop.refresh_from_db()
    assert workshop.is_active is False
    assert BookingQuestion.objects.filter(meeting_type=workshop).exists()


# --- who confirms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency_approves", "confirmation", "status"),
    [
        (True, Confirmation.AGENCY, S.PENDING),
        (False, Confirmation.AGENCY, S.CONFIRMED),
        (True, Confirmation.IMMEDIATE, S.CONFIRMED),
        (False, Confirmation.IMMEDIATE, S.CONFIRMED),
        (True, Confirmation.APPROVAL, S.PENDING),
        (False, Confirmation.APPROVAL, S.PENDING),
    ],
)
def test_the_meeting_type_overrides_the_agency_on_who_confirms(
    agency_approves, confirmation, status
):
    slot = SlotFactory(
        agency=AgencyFactory(requires_approval=agency_approves),
        meeting_type=MeetingTypeFactory(confirmation=confirmation),
    )
    assert slot.requires_approval is (status == S.PENDING)
    assert book(slot).status == status


def test_a_founders_move_follows_the_rule_of_the_new_slot():
    agency = AgencyFactory(requires_approval=True)
    immediate = MeetingTypeFactory(confirmation=Confirmation.IMMEDIATE)
    appointment = book(SlotFactory(agency=agency, meeting_type=immediate, start=in_days(5, 9)))
    assert appointment.status == S.CONFIRMED
    later = SlotFactory(agency=agency, meeting_type=immediate, start=in_days(6, 9))
    moved = services.appointment_reschedule(appointment=appointment, new_slot_id=later.pk)
    assert moved.status == S.CONFIRMED  # no approval to wait for, as when it was booked

    approval = MeetingTypeFactory(confirmation=Confirmation.APPROVAL)
    other = book(SlotFactory(agency=AgencyFactory(requires_approval=False), meeting_type=approval))
    other = services.appointment_accept(appointment=other, by=None)
    target = SlotFactory(agency=other.slot.agency, meeting_type=approval, start=in_days(7, 9))
    assert (
        services.appointment_reschedule(appointment=other, new_slot_id=target.pk).status
        == S.PENDING
    )


# --- what the founder reads ---------------------------------------------------------------------


@pytest.fixture
def types():
    return {
        "in_person": MeetingTypeFactory(
            name="Premier rendez-vous",
            mode="in_person",
            duration_minutes=90,
            instructions="Apportez une pièce d'identité.\nEt votre business plan.",
        ),
        "video": MeetingTypeFactory(
            name="Suivi en visio",
            mode="video",
            duration_minutes=45,
            instructions="Testez votre micro avant.",
            confirmation=Confirmation.IMMEDIATE,
        ),
        "phone": MeetingTypeFactory(
            name="Point téléphonique", mode="phone", duration_minutes=30, instructions=""
        ),
    }


@pytest.fixture
def agency():
    return AgencyFactory(
        slug="aurillac",
        name="Osengo Aurillac",
        address="8 avenue de la République",
        postal_code="15000",
        city="Aurillac",
        requires_approval=True,
        video_link="https://visio.osengo.test/aurillac",
    )


def test_the_slot_page_says_how_each_meeting_goes_before_the_form(
    client, booking_page, agency, types
):
    for day, meeting_type in enumerate(types.values()):
        SlotFactory(agency=agency, meeting_type=meeting_type, start=in_days(3 + day, 10))
    url = booking_page.url + booking_page.reverse_subpage("agency", args=[agency.slug])
    week = in_days(3).date().isoformat()
    page = _text(client.get(url, {"semaine": week}))
    page += _text(client.get(url, {"semaine": in_days(5).date().isoformat()}))
    assert "Comment se passent ces rendez-vous" in page or "Comment se passe ce rendez-vous" in page
    assert "1 h 30" in page and "45 min" in page and "30 min" in page
    assert "à l'agence, 8 avenue de la République, 15000 Aurillac" in page
    assert "en visio, le lien de connexion vous est envoyé par email" in page
    assert "votre conseiller vous appelle au numéro que vous indiquez" in page
    assert "Apportez une pièce d'identité.<br>Et votre business plan." in page
    assert "L'agence confirme votre demande par email" in page  # in person: the agency's rule
    assert "sous 3 jours au plus" in page
    assert "immédiate, dès l'envoi du formulaire" in page  # video: confirmed at once
    # The video link itself is for the founder's emails, not a public page.
    assert agency.video_link not in page


def test_the_filtered_slot_page_describes_only_that_type(client, booking_page, agency, types):
    SlotFactory(agency=agency, meeting_type=types["in_person"], start=in_days(3, 10))
    SlotFactory(agency=agency, meeting_type=types["video"], start=in_days(3, 14))
    url = booking_page.url + booking_page.reverse_subpage("agency", args=[agency.slug])
    page = _text(
        client.get(url, {"semaine": in_days(3).date().isoformat(), "type": types["video"].slug})
    )
    assert "Comment se passe ce rendez-vous" in page
    assert "Testez votre micro avant." in page
    assert "Apportez une pièce" not in page


def test_the_form_repeats_it_for_the_chosen_slot(client, booking_page, agency, types):
    in_person = SlotFactory(agency=agency, meeting_type=types["in_person"])
    page = _form(client, booking_page, in_person)
    assert "1 h 30" in page and "8 avenue de la République" in page
    assert "Apportez une pièce d'identité." in page
    assert "L'agence confirme votre demande par email" in page
    assert "Envoyer ma demande de rendez-vous" in page

    video = SlotFactory(agency=agency, meeting_type=types["video"], start=in_days(4, 10))
    page = _form(client, booking_page, video)
    assert "immédiate, dès l'envoi du formulaire" in page
    assert "Testez votre micro avant." in page
    assert "Confirmer le rendez-vous" in page  # not a request: the type confirms at once


def test_the_confirmation_page_and_the_emails_repeat_the_practical_part(
    client, booking_page, agency, types
):
    slot = SlotFactory(agency=agency, meeting_type=types["in_person"])
    response = _post(client, booking_page, slot)
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "Demande de rendez-vous enregistrée" in page  # the agency's rule: a request
    assert "8 avenue de la République, 15000 Aurillac" in page
    assert "Apportez une pièce d'identité.<br>Et votre business plan." in page

    email = OutboxMessage.objects.get(kind="request_received")
    assert "Apportez une pièce d'identité.\nEt votre business plan." in email.body_text
    assert "8 avenue de la République, 15000 Aurillac" in email.body_text
    assert "Apportez une pièce d'identité.<br>Et votre business plan." in html.unescape(
        email.body_html
    )
    # The agency's copy is about the same meeting.
    assert (
        "8 avenue de la République"
        in OutboxMessage.objects.get(kind="agency_new_request").body_text
    )


def test_video_and_phone_emails_say_how_to_join(booking_page, agency, types):
    video = book(SlotFactory(agency=agency, meeting_type=types["video"]))
    assert video.status == S.CONFIRMED
    email = OutboxMessage.objects.get(appointment=video, kind="confirmed")
    assert "https://visio.osengo.test/aurillac" in email.body_text
    assert "Testez votre micro avant." in email.body_text

    phone = book(
        SlotFactory(agency=agency, meeting_type=types["phone"], start=in_days(4, 10)),
        email="autre@example.org",
    )
    email = OutboxMessage.objects.get(appointment=phone, kind="request_received")
    assert f"votre conseiller vous appellera au {phone.phone}" in email.body_text
    assert "À prévoir" not in email.body_text  # no instructions for this type


def test_a_cancellation_email_leaves_out_what_to_bring(booking_page, agency, types):
    appointment = book(SlotFactory(agency=agency, meeting_type=types["in_person"]))
    services.appointment_cancel_by_founder(appointment=appointment)
    email = OutboxMessage.objects.get(appointment=appointment, kind="cancelled")
    assert "8 avenue de la République" in email.body_text
    assert "Apportez une pièce" not in email.body_text


def test_meeting_type_admin_edits_the_new_fields(admin_client):
    meeting_type = MeetingTypeFactory()
    url = reverse("booking_meetingtype_modeladmin_edit", args=[meeting_type.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="instructions"' in form and 'name="confirmation"' in form
    response = admin_client.post(
        url,
        {
            "name": meeting_type.name,
            "slug": meeting_type.slug,
            "description": "",
            "duration_minutes": 45,
            "mode": "video",
            "is_active": "on",
            "instructions": "Une pièce d'identité.",
            "confirmation": Confirmation.IMMEDIATE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting_type.refresh_from_db()
    assert meeting_type.confirmation == Confirmation.IMMEDIATE
    assert meeting_type.instructions == "Une pièce d'identité."
    assert meeting_type.requires_approval_at(Agency(requires_approval=True)) is False
    assert MeetingType.objects.count() == 1


def test_editors_pick_a_questions_meeting_type_in_the_booking_page_editor(
    admin_client, booking_page, workshop
):
    url = reverse("wagtailadmin_pages:edit", args=[booking_page.pk])
    page = _text(admin_client.get(url))
    assert 'name="questions-1-meeting_type"' in page
    assert "Seulement pour ce type de rendez-vous" in page
    assert "Période (texte libre)" in page
