"""Follow-up notes ("comptes rendus") and the founder's other appointments on the inspect view:
written by the agency's staff, read by them only (another agency gets 404 and never meets a
note: list, search, history, site history, exports), never in an email, in an export only when
asked for; the page runs the same number of queries whatever the founder's history."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from booking import services
from booking.backoffice.founder_history import founder_other_appointments
from booking.errors import FollowUpNoteRefused
from booking.models import (
    FOLLOWUP_NOTE_MAX_LENGTH,
    Appointment,
    AppointmentStatus,
    FollowUpNote,
    OutboxMessage,
)
from booking.notify import calendar, notifications
from booking.services import followup_notes
from booking.services.privacy import appointment_anonymize
from tests.booking.admin.conftest import book_early, client_for, make_user
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db

NOTE = "Projet solide ; orienter vers le prêt d'honneur Initiative Allier"
INDEX = reverse("booking_appointment_modeladmin_index")


def inspect_url(appointment) -> str:
    return reverse("booking_appointment_modeladmin_inspect", args=[appointment.pk])


def note_url(note, action: str) -> str:
    return reverse(f"booking_followup_note_{action}", args=[note.appointment_id, note.pk])


@pytest.fixture
def appointment(booking_page, clermont, meeting_type):
    return book(SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5, 10)))


@pytest.fixture
def note(appointment, adviser_clermont):
    return services.followup_note_add(appointment=appointment, text=NOTE, by=adviser_clermont)


def visit(agency, days: int, hour: int = 9, meeting_type=None, **founder):
    """A past meeting the founder attended (booked three days before it)."""
    slot = SlotFactory(
        agency=agency,
        start=in_days(days, hour),
        **({"meeting_type": meeting_type} if meeting_type else {}),
    )
    appointment = book_early(slot, **founder)
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.ATTENDED)
    appointment.refresh_from_db()
    return appointment


def log_text() -> str:
    """Everything the admin's log entries hold, as text."""
    return " ".join(str(row) for row in ModelLogEntry.objects.values())


# --- writing ------------------------------------------------------------------------------------


def test_an_adviser_adds_a_note_from_the_inspect_view(
    clermont_client, adviser_clermont, appointment
):
    response = clermont_client.post(inspect_url(appointment), {"text": f"  {NOTE}\n"})
    assert response.status_code == 302
    assert response["Location"] == f"{inspect_url(appointment)}#comptes-rendus"
    note = FollowUpNote.objects.get()
    assert (note.appointment, note.author, note.text) == (appointment, adviser_clermont, NOTE)
    html = clermont_client.get(inspect_url(appointment)).content.decode()
    assert "Compte rendu enregistré." in html
    assert "prêt d&#x27;honneur Initiative Allier" in html
    assert note_url(note, "edit") in html and note_url(note, "delete") in html
    entry = ModelLogEntry.objects.for_instance(appointment).get(
        action=followup_notes.LOG_ACTION_ADD
    )
    assert entry.user == adviser_clermont
    assert entry.data == {"note": note.pk}
    assert "Initiative" not in log_text()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (" \n ", "Champ requis."),
        ("x" * (FOLLOWUP_NOTE_MAX_LENGTH + 1), "au plus"),
        ("avec un \x00 caractère nul", "caractère nul n’est pas autorisé"),
    ],
)
def test_a_refused_note_comes_back_with_its_french_error(clermont_client, appointment, text, error):
    response = clermont_client.post(inspect_url(appointment), {"text": text})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not FollowUpNote.objects.exists()


def test_the_service_refuses_an_empty_note_and_an_anonymised_appointment(
    appointment, adviser_clermont
):
    with pytest.raises(FollowUpNoteRefused, match="vide"):
        services.followup_note_add(appointment=appointment, text="  \n\t", by=adviser_clermont)
    note = services.followup_note_add(appointment=appointment, text="a\x00b", by=adviser_clermont)
    assert note.text == "ab"  # PostgreSQL refuses NUL characters: they go
    appointment_anonymize(appointment=appointment, reason="request")
    with pytest.raises(FollowUpNoteRefused, match="anonymisées"):
        services.followup_note_add(appointment=appointment, text=NOTE, by=adviser_clermont)
    assert not FollowUpNote.objects.exists()  # the anonymisation deleted the first one


def test_an_editor_or_an_adviser_without_change_rights_cannot_write(
    editor, appointment, adviser_clermont
):
    # An editor sees no appointment at all.
    assert client_for(editor).post(inspect_url(appointment), {"text": NOTE}).status_code == 404
    adviser_clermont.groups.clear()
    adviser_clermont.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_appointment"])
    )
    reader = client_for(adviser_clermont)
    html = reader.get(inspect_url(appointment)).content.decode()
    assert "Ajouter le compte rendu" not in html
    assert reader.post(inspect_url(appointment), {"text": NOTE}).status_code == 403
    assert not FollowUpNote.objects.exists()


def test_only_its_author_corrects_or_deletes_a_note(
    note, appointment, adviser_clermont, groups, clermont
):
    colleague = make_user("collegue.clermont", group=groups["Conseillers"])
    clermont.advisers.add(colleague)
    other = client_for(colleague)
    html = other.get(inspect_url(appointment)).content.decode()
    assert "Initiative Allier" in html  # the agency's staff read it
    assert note_url(note, "edit") not in html
    for action in ("edit", "delete"):
        assert other.get(note_url(note, action)).status_code == 403
        assert other.post(note_url(note, action), {"text": "réécrit"}).status_code == 403
    note.refresh_from_db()
    assert note.text == NOTE
    with pytest.raises(FollowUpNoteRefused, match="auteur"):
        services.followup_note_delete(note=note, by=colleague)

    author = client_for(adviser_clermont)
    assert NOTE in author.get(note_url(note, "edit")).content.decode().replace("&#x27;", "'")
    response = author.post(note_url(note, "edit"), {"text": "Prêt d'honneur accordé"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Prêt d'honneur accordé"
    assert "Prêt d&#x27;honneur accordé" in author.get(inspect_url(appointment)).content.decode()
    assert author.get(note_url(note, "delete")).status_code == 200
    assert author.post(note_url(note, "delete")).status_code == 302
    assert not FollowUpNote.objects.exists()
    actions = ModelLogEntry.objects.for_instance(appointment).values_list("action", flat=True)
    assert set(actions) >= {
        followup_notes.LOG_ACTION_ADD,
        followup_notes.LOG_ACTION_EDIT,
        followup_notes.LOG_ACTION_DELETE,
    }
    assert "honneur" not in log_text()


# --- who reads them -----------------------------------------------------------------------------


def test_a_vichy_adviser_gets_404_on_a_clermont_appointments_notes(vichy_client, note):
    appointment = note.appointment
    assert vichy_client.get(inspect_url(appointment)).status_code == 404
    assert vichy_client.post(inspect_url(appointment), {"text": "intrus"}).status_code == 404
    for action in ("edit", "delete"):
        assert vichy_client.get(note_url(note, action)).status_code == 404
        assert vichy_client.post(note_url(note, action), {"text": "intrus"}).status_code == 404
    assert list(FollowUpNote.objects.values_list("text", flat=True)) == [NOTE]


def test_a_note_url_under_another_appointment_is_404(note, clermont_client, clermont):
    other = book(SlotFactory(agency=clermont, start=in_days(9)), email="autre@example.org")
    url = reverse("booking_followup_note_edit", args=[other.pk, note.pk])
    assert clermont_client.get(url).status_code == 404


def test_notes_are_neither_in_the_list_nor_found_by_its_search(
    note, clermont_client, vichy_client, manager
):
    for client in (clermont_client, vichy_client, client_for(manager)):
        html = client.get(INDEX).content.decode()
        assert "Initiative Allier" not in html
        html = client.get(INDEX, {"q": "Initiative"}).content.decode()
        assert note.appointment.reference not in html


def test_notes_stay_out_of_another_agencys_history_and_site_history(
    note, vichy_client, clermont_client
):
    history = reverse("booking_appointment_modeladmin_history", args=[note.appointment_id])
    html = clermont_client.get(history).content.decode()
    assert "Compte rendu ajouté" in html
    assert "Initiative" not in html
    assert vichy_client.get(history).status_code == 404
    for client, shown in ((vichy_client, False), (clermont_client, True)):
        report = reverse("wagtailadmin_reports:site_history")
        for params in ({}, {"action": followup_notes.LOG_ACTION_ADD}, {"export": "csv"}):
            response = client.get(report, params)
            page = (
                b"".join(response.streaming_content) if response.streaming else response.getvalue()
            ).decode("utf-8-sig")
            assert (note.appointment.reference in page) is shown, params
            assert "Initiative" not in page


# --- never in an email --------------------------------------------------------------------------


def test_no_email_nor_calendar_ever_carries_a_note(
    appointment, note, adviser_clermont, clermont, django_capture_on_commit_callbacks
):
    """Every notification of the workflow, for an appointment with a note."""
    other_slot = SlotFactory(agency=clermont, start=in_days(8, 14))
    appointment.slot.adviser = adviser_clermont
    appointment.slot.save()
    pk = appointment.pk
    with django_capture_on_commit_callbacks(execute=True):
        notifications.appointment_booked(pk)
        notifications.appointment_confirmed(pk)
        notifications.appointment_refused(pk)
        notifications.appointment_cancelled(pk, by_agency=True)
        notifications.appointment_cancelled(pk, by_agency=False)
        notifications.appointment_moved(pk, old_slot_id=other_slot.pk)
        notifications.appointment_expired(pk)
        notifications.appointment_no_show(pk)
        notifications.appointment_reminder(pk)
        notifications.appointment_nudge(pk)
    kinds = set(OutboxMessage.objects.values_list("kind", flat=True))
    assert len(kinds) >= 12  # the check below looked at every kind of email
    assert mail.outbox  # and at emails actually sent
    stored = " ".join(str(row) for row in OutboxMessage.objects.values())
    sent = " ".join(
        str(message.message()) for message in mail.outbox
    )  # bodies, HTML alternatives, attachments
    feed = calendar.feed([appointment], name="Agenda")
    for text in (stored, sent, feed):
        assert "Initiative" not in text
        assert "honneur" not in text


# --- exports ------------------------------------------------------------------------------------


def read_export(client, **params) -> list[list[str]]:
    response = client.get(INDEX, params)
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    if params["export"] == "xlsx":
        sheet = load_workbook(io.BytesIO(raw)).active
        return [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
    delimiter = ";" if params["export"] == "csv_excel" else ","
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("export_format", ["csv", "csv_excel", "xlsx"])
def test_the_export_holds_the_notes_only_when_asked(
    note, clermont_client, adviser_clermont, export_format
):
    services.followup_note_add(
        appointment=note.appointment, text="Deuxième rendez-vous à prévoir", by=adviser_clermont
    )
    plain = read_export(clermont_client, export=export_format)
    assert "Comptes rendus" not in plain[0]
    assert "Initiative" not in str(plain)

    rows = read_export(clermont_client, export=export_format, notes="1")
    assert rows[0][-1] == "Comptes rendus"
    cell = rows[1][-1]
    assert NOTE in cell and "Deuxième rendez-vous à prévoir" in cell
    assert cell.index(NOTE) < cell.index("Deuxième")
    assert "Clermont Test" in cell  # the author


def test_a_vichy_adviser_asking_for_the_notes_gets_none_of_clermont(
    note, vichy_client, vichy, meeting_type
):
    book(SlotFactory(agency=vichy, meeting_type=meeting_type), email="vichy@example.org")
    rows = read_export(vichy_client, export="csv", notes="1")
    assert len(rows) == 2
    assert "Initiative" not in str(rows) and note.appointment.reference not in str(rows)


def test_the_list_offers_the_export_with_notes(clermont_client, appointment):
    html = clermont_client.get(INDEX).content.decode()
    assert "XLSX avec comptes rendus" in html
    assert "notes=1" in html


def test_export_queries_with_notes_do_not_grow_with_rows(
    clermont_client,
    clermont,
    meeting_type,
    adviser_clermont,
    booking_page,
    django_assert_max_num_queries,
):
    def add(count, offset):
        for i in range(count):
            a = book(
                SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(3 + i, 9)),
                email=f"n{offset + i}@example.org",
            )
            services.followup_note_add(appointment=a, text=f"note {i}", by=adviser_clermont)

    def queries():
        with django_assert_max_num_queries(40) as context:
            b"".join(clermont_client.get(INDEX, {"export": "csv", "notes": "1"}).streaming_content)
        return len(context.captured_queries)

    add(2, 0)
    clermont_client.get(INDEX)
    small = queries()
    add(25, 100)
    assert queries() == small


# --- the founder's other appointments -----------------------------------------------------------


@pytest.fixture
def founder_history(appointment, clermont, vichy, meeting_type, adviser_clermont):
    """The founder of `appointment` came to Clermont a year and a month ago (typing the
    address in capitals), and to Vichy; somebody else came to Clermont."""
    last_year = visit(clermont, -365, meeting_type=meeting_type, email="Camille.DURAND@example.org")
    last_month = visit(clermont, -30, 15, meeting_type=meeting_type)
    services.followup_note_add(appointment=last_month, text="Premier contact", by=adviser_clermont)
    in_vichy = visit(vichy, -10, 11, meeting_type=meeting_type)
    somebody_else = visit(
        clermont, -20, 11, meeting_type=meeting_type, email="dominique@example.org"
    )
    return {
        "last_year": last_year,
        "last_month": last_month,
        "in_vichy": in_vichy,
        "somebody_else": somebody_else,
    }


def test_the_inspect_view_lists_the_founders_other_appointments_in_the_users_agencies(
    appointment, founder_history, clermont_client
):
    html = clermont_client.get(inspect_url(appointment)).content.decode()
    section = html.split("Autres rendez-vous de ce porteur de projet")[1].split("</section>")[0]
    last_year, last_month = founder_history["last_year"], founder_history["last_month"]
    assert inspect_url(last_month) in section and inspect_url(last_year) in section
    # The latest first, with its agency, type and status.
    assert section.index(last_month.reference) < section.index(last_year.reference)
    assert "Osengo Clermont-Ferrand" in section and "Premier rendez-vous" in section
    assert last_month.get_status_display() in section
    # Scoped: the Vichy appointment of the same address is not shown to Clermont.
    assert founder_history["in_vichy"].reference not in html
    assert "Osengo Vichy" not in section
    assert founder_history["somebody_else"].reference not in html
    assert inspect_url(appointment) not in section


def test_a_manager_sees_the_founders_appointments_of_every_agency(
    appointment, founder_history, manager
):
    html = client_for(manager).get(inspect_url(appointment)).content.decode()
    section = html.split("Autres rendez-vous de ce porteur de projet")[1].split("</section>")[0]
    references = [a.reference for a in founder_history.values()]
    assert [r for r in references if r in section] == references[:3]
    assert "Osengo Vichy" in section


def test_an_anonymised_appointment_has_no_other_appointments(appointment, founder_history, manager):
    for other in founder_history.values():
        appointment_anonymize(appointment=other, reason="retention")
    anonymised = founder_history["last_month"]
    html = client_for(manager).get(inspect_url(anonymised)).content.decode()
    assert "Aucun autre rendez-vous dans vos agences." in html
    assert "Aucun compte rendu pour ce rendez-vous." in html
    assert "Ajouter le compte rendu" not in html
    html = client_for(manager).get(inspect_url(appointment)).content.decode()
    assert "Aucun autre rendez-vous dans vos agences." in html


def test_the_inspect_view_runs_the_same_queries_whatever_the_history(
    appointment,
    clermont,
    vichy,
    meeting_type,
    adviser_clermont,
    groups,
    clermont_client,
    django_assert_max_num_queries,
):
    def grow(count, start):
        for i in range(count):
            other = visit(clermont if i % 2 else vichy, start - 7 * i, meeting_type=meeting_type)
            services.followup_note_add(appointment=other, text="suivi", by=adviser_clermont)
            author = make_user(f"auteur.{start}.{i}", group=groups["Conseillers"])
            clermont.advisers.add(author)
            services.followup_note_add(appointment=appointment, text=f"note {i}", by=author)

    def queries():
        with django_assert_max_num_queries(60) as context:
            response = clermont_client.get(inspect_url(appointment))
        assert response.status_code == 200
        return len(context.captured_queries)

    grow(1, -5)
    clermont_client.get(inspect_url(appointment))  # warm-up: session, site, content types
    small = queries()
    grow(12, -100)
    html = clermont_client.get(inspect_url(appointment)).content.decode()
    assert html.count("booking-note__meta") == 13
    assert queries() == small


def test_a_long_history_is_cut_to_the_latest(appointment, adviser_clermont):
    for i in range(3):
        visit(appointment.slot.agency, -10 - i)
    others, more = founder_other_appointments(appointment, user=adviser_clermont, limit=2)
    assert more
    assert [other.slot.start for other in others] == [in_days(-10, 9), in_days(-11, 9)]
    others, more = founder_other_appointments(appointment, user=adviser_clermont, limit=3)
    assert len(others) == 3 and not more
