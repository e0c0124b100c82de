"""Wagtail's site history report lists the log entries of every object: those of the booking
objects are shown only to the staff who may see the object (the agency scope), in the report,
its filters and its exports, and their label never carries a founder's name."""

import importlib
import io

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from booking.models import Appointment, Closure, Slot
from tests.booking.admin.conftest import client_for
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtailadmin_reports:site_history")
RESULTS = reverse("wagtailadmin_reports:site_history_results")
FOUNDER = {"first_name": "Héloïse", "last_name": "Vercingétorix", "email": "heloise@example.org"}


@pytest.fixture
def vichy_work(vichy, meeting_type, adviser_vichy, booking_page):
    """The Vichy adviser corrects a founder's details, creates a slot and declares a closure,
    logged as the admin views log them."""
    slot = SlotFactory(agency=vichy, meeting_type=meeting_type, start=in_days(4, 10))
    appointment = book(slot, **FOUNDER)
    closure = Closure.objects.create(
        agency=vichy, start_date=in_days(30).date(), end_date=in_days(31).date()
    )
    for instance, action in [
        (appointment, "wagtail.edit"),
        (slot, "wagtail.create"),
        (closure, "wagtail.create"),
    ]:
        log(instance=instance, action=action, user=adviser_vichy)
    return appointment


def report_pages(client, **params) -> list[str]:
    """The report, its results fragment and its two exports, as text."""
    pages = [
        client.get(REPORT, params).content.decode(),
        client.get(RESULTS, params).content.decode(),
        client.get(REPORT, {**params, "export": "csv"}).getvalue().decode("utf-8-sig"),
    ]
    xlsx = client.get(REPORT, {**params, "export": "xlsx"}).getvalue()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    pages.append(
        " ".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    )
    return pages


def filters(appointment, adviser) -> list[dict]:
    content_type = ContentType.objects.get_for_model(Appointment)
    return [
        {},
        {"action": "wagtail.edit"},
        {"user": adviser.pk},
        {"object_type": content_type.pk},
        {"label": appointment.reference},
        {"label": FOUNDER["last_name"]},
    ]


def test_another_agencys_log_entries_stay_out_of_the_site_history(
    vichy_work, adviser_vichy, adviser_clermont
):
    appointment = vichy_work
    clermont = client_for(adviser_clermont)
    leaks = [
        appointment.reference,
        FOUNDER["first_name"],
        FOUNDER["last_name"],
        adviser_vichy.get_full_name(),
        "Osengo Vichy",
    ]
    for params in filters(appointment, adviser_vichy):
        # (The filter form shows back the label searched for.)
        unsaid = [leak for leak in leaks if leak not in params.values()]
        for page in report_pages(clermont, **params):
            assert not [leak for leak in unsaid if leak in page], params
            assert "RDV-" not in page.replace(params.get("label", ""), ""), params


def test_the_adviser_of_the_agency_and_the_managers_see_them(
    vichy_work, adviser_vichy, manager, superuser
):
    appointment = vichy_work
    for user in (adviser_vichy, manager, superuser):
        for page in report_pages(client_for(user), action="wagtail.edit"):
            assert appointment.reference in page
            assert adviser_vichy.get_full_name() in page


def test_log_entries_of_an_appointment_carry_its_reference_only(vichy_work, adviser_vichy):
    appointment = vichy_work
    entry = log_registry.get_logs_for_instance(appointment).get()
    assert entry.label == appointment.reference
    for page in report_pages(client_for(adviser_vichy)):
        assert FOUNDER["first_name"] not in page and FOUNDER["last_name"] not in page


def test_every_log_entry_of_the_table_is_read_through_the_scoped_model(vichy_work):
    """The report joins one query per registered log model: the scoped one must be the only
    reader of the table of Wagtail's ModelLogEntry, or the other agency's rows come back."""
    readers = [
        model
        for model in log_registry.get_log_entry_models()
        if model._meta.db_table == ModelLogEntry._meta.db_table
    ]
    assert len(readers) == 1
    assert readers[0] is log_registry.get_log_model_for_model(Slot)
    assert readers[0] is not ModelLogEntry


def test_the_migration_takes_the_names_out_of_the_labels_already_stored(vichy_work):
    appointment = vichy_work
    migration = importlib.import_module("booking.migrations.0008_scoped_log_entries")
    content_type = ContentType.objects.get_for_model(Appointment)
    ModelLogEntry.objects.filter(content_type=content_type).update(label=str(appointment))
    gone = ModelLogEntry.objects.create(
        content_type=content_type,
        object_id="999999",
        label="RDV-GONE00 · Jean Parti",
        action="wagtail.edit",
        timestamp=appointment.created_at,
    )
    migration.appointment_labels_to_references(django_apps, None)
    entry = ModelLogEntry.objects.filter(content_type=content_type).exclude(pk=gone.pk).get()
    assert entry.label == appointment.reference
    gone.refresh_from_db()
    assert gone.label == "#999999"
