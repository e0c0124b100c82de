"""Anonymisation: what is blanked, what is kept for the statistics, everywhere the data was
(appointment, history, outbox, admin log), once the retention period is over or on request."""

from datetime import UTC, date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from booking.backoffice import stats
from booking.models import (
    Appointment,
    AppointmentStatus,
    FollowUpNote,
    OutboxMessage,
    OutboxStatus,
    Slot,
    StatusChange,
    StatusEvent,
)
from booking.services import (
    appointment_cancel_by_agency,
    appointment_refuse,
    appointment_reschedule,
    booking_jobs_run,
    followup_note_add,
)
from booking.services import privacy as privacy_services
from booking.services.privacy import (
    appointment_anonymize,
    appointments_anonymize_older_than,
    months_before,
)
from booking.timefmt import slot_label
from booking.tokens import token_for
from tests.booking.factories import SlotFactory, book, in_days, local_dt
from tests.booking.privacy.conftest import ANSWERS, FOUNDER_EMAIL, months_ago, past_appointment

pytestmark = pytest.mark.django_db
S = AppointmentStatus
PERSONAL_TEXTS = [
    "Camille",
    "Durand",
    FOUNDER_EMAIL,
    "Clermont-Ferrand",
    "Fromagerie des Volcans",
    "circuit court",
    "rue Blatin",
    "80 000",
    "trop tôt pour Camille",
    "caution de sa belle-sœur",  # the adviser's follow-up note
]


@pytest.fixture
def old_appointment(clermont, meeting_type, superuser):
    """Met 40 months ago, refused with a reason quoting the founder, edited in the admin."""
    appointment = past_appointment(
        clermont, meeting_type, months_ago(40), email=FOUNDER_EMAIL, answers=ANSWERS
    )
    Appointment.objects.filter(pk=appointment.pk).update(status=S.PENDING)
    appointment.refresh_from_db()
    from booking.services import appointment_refuse

    appointment_refuse(appointment=appointment, by=superuser, reason="trop tôt pour Camille")
    log(instance=appointment, action="wagtail.edit", user=superuser)
    followup_note_add(
        appointment=appointment, text="Prêt possible avec la caution de sa belle-sœur", by=superuser
    )
    appointment.refresh_from_db()
    return appointment


def _everything_stored_about(appointment) -> str:
    appointment.refresh_from_db()
    parts = [str(getattr(appointment, f.attname)) for f in Appointment._meta.concrete_fields]
    parts += [str(row) for row in StatusChange.objects.filter(appointment=appointment).values()]
    parts += [str(row) for row in OutboxMessage.objects.filter(appointment=appointment).values()]
    parts += [str(row) for row in ModelLogEntry.objects.for_instance(appointment).values()]
    parts += [str(row) for row in FollowUpNote.objects.filter(appointment=appointment).values()]
    return " ".join(parts)


def test_anonymising_removes_the_personal_data_everywhere(old_appointment, superuser):
    stored = _everything_stored_about(old_appointment)
    assert all(text in stored for text in PERSONAL_TEXTS)  # the check below can fail
    emails_before = OutboxMessage.objects.filter(appointment=old_appointment).count()
    old_token = token_for(old_appointment.token_salt)

    appointment = appointment_anonymize(
        appointment=old_appointment, by=superuser, reason=privacy_services.REASON_REQUEST
    )

    stored = _everything_stored_about(appointment)
    for text in PERSONAL_TEXTS:
        assert text not in stored, text
    assert appointment.anonymized_at is not None
    assert appointment.full_name == "Anonyme"
    assert appointment.email.endswith("@anonyme.invalid")
    assert (appointment.phone, appointment.city, appointment.project_name) == ("", "", "")
    assert appointment.postal_code == "63"
    assert appointment.answers == [
        {"question": "Avez-vous déjà un local ?", "answer": ""},
        {"question": "Chiffre d'affaires visé", "answer": ""},
    ]
    # Kept: what the statistics and the consent record need.
    assert appointment.status == S.REFUSED
    assert appointment.slot_id == old_appointment.slot_id
    assert appointment.created_at == old_appointment.created_at
    assert appointment.consent_at == old_appointment.consent_at
    assert appointment.privacy_version == old_appointment.privacy_version
    assert (appointment.project_stage, appointment.project_sector) == ("idea", "agri")
    # The emails stay on record (when, which kind), without their content.
    assert OutboxMessage.objects.filter(appointment=appointment).count() == emails_before
    assert token_for(appointment.token_salt) != old_token
    entry = ModelLogEntry.objects.for_instance(appointment).get(action="booking.anonymize")
    assert entry.label == appointment.reference
    assert entry.user == superuser
    # The follow-up note is gone; that one was written stays in the history, without its text.
    assert not FollowUpNote.objects.filter(appointment=appointment).exists()
    assert (
        ModelLogEntry.objects.for_instance(appointment)
        .filter(action="booking.followup_note_add")
        .exists()
    )


def test_anonymising_twice_changes_nothing(old_appointment):
    first = appointment_anonymize(appointment=old_appointment, reason="retention")
    second = appointment_anonymize(appointment=old_appointment, reason="retention")
    assert second.anonymized_at == first.anonymized_at
    assert second.token_hash == first.token_hash
    entries = ModelLogEntry.objects.for_instance(first).filter(action="booking.anonymize")
    assert entries.count() == 1


def test_system_notes_of_the_history_are_kept(clermont, meeting_type):
    appointment = past_appointment(clermont, meeting_type, months_ago(40))
    StatusChange.objects.create(
        appointment=appointment,
        event=StatusEvent.EXPIRED,
        from_status=S.PENDING,
        to_status=S.EXPIRED,
    )
    StatusChange.objects.create(
        appointment=appointment,
        event=StatusEvent.MOVED,
        from_status=S.CONFIRMED,
        to_status=S.CONFIRMED,
        moved_from_start=local_dt(date(2025, 3, 3), 10),
        moved_from_end=local_dt(date(2025, 3, 3), 10, 45),
    )
    appointment_anonymize(appointment=appointment, reason="retention")
    notes = {change.note for change in StatusChange.objects.filter(appointment=appointment)}
    assert "Demande expirée sans réponse de l'agence" in notes
    assert "Déplacé du lundi 3 mars 2025, 10 h 00 – 10 h 45" in notes


def test_anonymising_keeps_the_move_history_and_blanks_what_staff_typed(clermont, superuser):
    """Which notes staff typed is stored, not guessed from their text: a refusal reason that
    happens to start like a move's detail is blanked all the same."""
    clermont.requires_approval = True
    clermont.save()
    old = SlotFactory(agency=clermont, start=in_days(5, 10))
    new = SlotFactory(agency=clermont, meeting_type=old.meeting_type, start=in_days(6, 14))
    appointment = book(old, email=FOUNDER_EMAIL)
    appointment_reschedule(appointment=appointment, new_slot_id=new.pk)  # back to pending
    typed = "Déplacé du mardi au jeudi à la demande de Camille Durand, puis refusé"
    appointment_refuse(appointment=appointment, by=superuser, reason=typed)

    appointment_anonymize(appointment=appointment, by=superuser, reason="request")

    history = list(StatusChange.objects.filter(appointment=appointment).order_by("pk"))
    assert [change.to_status for change in history] == [S.PENDING, S.PENDING, S.REFUSED]
    assert history[1].note == f"Déplacé du {slot_label(old.start, old.end)}"
    assert history[2].note == ""
    assert "Camille" not in _everything_stored_about(appointment)


def test_the_purge_takes_meetings_older_than_the_retention_period_only(clermont, meeting_type):
    old = past_appointment(clermont, meeting_type, months_ago(37), email="ancien@example.org")
    recent = past_appointment(clermont, meeting_type, months_ago(35), email="recent@example.org")
    upcoming = book(SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5)))

    assert appointments_anonymize_older_than(months=36, dry_run=True) == 1
    assert Appointment.objects.filter(anonymized_at__isnull=False).count() == 0

    assert appointments_anonymize_older_than(months=36) == 1
    assert appointments_anonymize_older_than(months=36) == 0  # idempotent
    old.refresh_from_db(), recent.refresh_from_db(), upcoming.refresh_from_db()
    assert old.anonymized_at is not None
    assert recent.email == "recent@example.org"
    assert upcoming.anonymized_at is None


def test_the_purge_works_by_batches(clermont, meeting_type, monkeypatch):
    monkeypatch.setattr(privacy_services, "BATCH", 2)
    for index in range(5):
        past_appointment(clermont, meeting_type, months_ago(40 + index), email=f"p{index}@x.org")
    assert appointments_anonymize_older_than(months=36) == 5
    assert not Appointment.objects.filter(anonymized_at__isnull=True).exists()


def test_the_periodic_jobs_run_the_purge(clermont, meeting_type, settings):
    settings.BOOKING_RETENTION_MONTHS = 12
    appointment = past_appointment(clermont, meeting_type, months_ago(13))
    assert booking_jobs_run()["appointments_anonymised"] == 1
    appointment.refresh_from_db()
    assert appointment.anonymized_at is not None


def test_the_command(clermont, meeting_type, capsys, superuser):
    appointment = past_appointment(clermont, meeting_type, months_ago(14))
    followup_note_add(appointment=appointment, text="Suivi du prévisionnel", by=superuser)
    kept = past_appointment(clermont, meeting_type, months_ago(6), email="recent@example.org")
    followup_note_add(appointment=kept, text="Rendez-vous récent", by=superuser)
    call_command("purge_personal_data", "--months", "12", "--dry-run")
    assert "1 rendez-vous à anonymiser" in capsys.readouterr().out
    appointment.refresh_from_db()
    assert appointment.anonymized_at is None
    assert FollowUpNote.objects.count() == 2
    call_command("purge_personal_data", "--months", "12")
    assert "1 rendez-vous anonymisés" in capsys.readouterr().out
    appointment.refresh_from_db()
    assert appointment.anonymized_at is not None
    # The notes go with the appointment's data; those of a recent meeting stay.
    assert list(FollowUpNote.objects.values_list("text", flat=True)) == ["Rendez-vous récent"]
    call_command("purge_personal_data")  # 36 months by default: nothing more
    assert "0 rendez-vous" in capsys.readouterr().out


def test_months_before_stays_inside_short_months():
    moment = timezone.now().replace(year=2026, month=3, day=31)
    assert months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert months_before(moment, 36).date().isoformat() == "2023-03-31"
    assert months_before(moment, 3).date().isoformat() == "2025-12-31"


def test_queued_emails_of_an_anonymised_appointment_are_not_sent(clermont, meeting_type):
    appointment = past_appointment(clermont, meeting_type, months_ago(40))
    OutboxMessage.objects.filter(appointment=appointment).update(status=OutboxStatus.QUEUED)
    appointment_anonymize(appointment=appointment, reason="retention")
    statuses = OutboxMessage.objects.filter(appointment=appointment).values_list("status")
    assert set(statuses) == {(OutboxStatus.FAILED,)}


def test_erasing_an_upcoming_appointment_cancels_it_and_frees_its_place(
    clermont, meeting_type, manager, mailoutbox, django_capture_on_commit_callbacks
):
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5))
    appointment = book(slot, email=FOUNDER_EMAIL)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appointment_anonymize(
            appointment=appointment, by=manager, reason=privacy_services.REASON_REQUEST
        )
    assert appointment.status == S.CANCELLED_BY_AGENCY
    assert Slot.objects.get(pk=slot.pk).booked_count == 0
    assert mailoutbox == []
    change = appointment.history.last()
    assert (change.changed_by, change.note) == (manager, privacy_services.ERASURE_NOTE)


def test_the_retention_purge_never_changes_a_status(clermont, meeting_type):
    confirmed = past_appointment(clermont, meeting_type, months_ago(40), email="c@x.org")
    Appointment.objects.filter(pk=confirmed.pk).update(status=S.CONFIRMED)
    pending = past_appointment(clermont, meeting_type, months_ago(41), email="p@x.org")
    Appointment.objects.filter(pk=pending.pk).update(status=S.PENDING)
    booked_counts = list(Slot.objects.order_by("pk").values_list("booked_count", flat=True))
    appointments_anonymize_older_than(months=36)
    confirmed.refresh_from_db(), pending.refresh_from_db()
    assert (confirmed.status, pending.status) == (S.CONFIRMED, S.PENDING)
    assert list(Slot.objects.order_by("pk").values_list("booked_count", flat=True)) == (
        booked_counts
    )


# --- statistics --------------------------------------------------------------------------------


@pytest.fixture
def old_year(clermont, vichy, meeting_type):
    """A year, 4 to 3 years ago: one founder came three times (in Clermont and Vichy), others
    once; with every outcome."""
    plan = [
        (46, clermont, "a@example.org", S.ATTENDED),
        (45, vichy, "A@Example.org", S.NO_SHOW),
        (40, clermont, "a@example.org", S.ATTENDED),
        (44, clermont, "b@example.org", S.REFUSED),
        (43, vichy, "c@example.org", S.CANCELLED_BY_FOUNDER),
        (42, clermont, "d@example.org", S.EXPIRED),
        (41, clermont, "e@example.org", S.ATTENDED),
        (39, clermont, "f@example.org", S.CANCELLED_BY_AGENCY),
    ]
    appointments = []
    for months, agency, email, status in plan:
        appointment = past_appointment(agency, meeting_type, months_ago(months), email=email)
        Appointment.objects.filter(pk=appointment.pk).update(status=status)
        appointments.append(appointment)
    return appointments


def _figures(client, start, end) -> dict:
    response = client.get(
        "/admin/booking/statistiques/",
        {"period": "custom", "start": start.isoformat(), "end": end.isoformat(), "format": "csv"},
    )
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    return dict(line.split(";", 1) for line in lines if line.count(";") == 1)


def test_the_statistics_are_the_same_before_and_after_the_purge(old_year, manager_client):
    start = months_ago(47).date()
    end = months_ago(38).date()
    before = _figures(manager_client, start, end)
    assert before["Demandes"] == "8"
    assert before["Porteurs de projet distincts"] == "6"

    # Two runs months apart: the same founder's appointments are anonymised in different runs
    # (in between, that founder counts twice: one address is anonymised, the other not yet).
    now = timezone.now()
    assert appointments_anonymize_older_than(months=42, now=now) == 5
    assert appointments_anonymize_older_than(months=36, now=now) == 3
    after = _figures(manager_client, start, end)

    assert not Appointment.objects.filter(anonymized_at__isnull=True).exists()
    assert after == before
    by_status = dict(Appointment.objects.values_list("status").annotate(n=Count("pk")))
    assert by_status[S.ATTENDED] == 3


def test_the_statistics_module_sees_the_same_counts(old_year):
    period = stats.Period(months_ago(47).date(), months_ago(38).date())
    before = stats.appointment_stats(Appointment.objects.all(), period)
    appointments_anonymize_older_than(months=36)
    after = stats.appointment_stats(Appointment.objects.all(), period)
    assert after.by_status == before.by_status
    assert after.distinct_founders == before.distinct_founders == 6
    assert after.median_lead_days == before.median_lead_days
    assert after.buckets == before.buckets


def test_an_agency_cancellation_reason_is_erased(clermont, meeting_type, manager):
    slot = SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(5))
    appointment = book(slot, email=FOUNDER_EMAIL)
    appointment_cancel_by_agency(appointment=appointment, by=manager, reason="Camille a appelé")
    Slot.objects.filter(pk=slot.pk).update(
        start=timezone.now() - timedelta(days=1200), end=timezone.now() - timedelta(days=1199)
    )
    appointments_anonymize_older_than(months=36, now=timezone.now().astimezone(UTC))
    assert not StatusChange.objects.filter(staff_note__contains="Camille").exists()
    appointment.refresh_from_db()
    assert appointment.agency_note == ""
