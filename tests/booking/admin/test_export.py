"""The appointment export: opens in French Excel, one column per extra question, formulas
neutralised, the list's filters honoured, and a constant number of queries."""

import csv
import gzip
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from booking.backoffice.export import neutralise
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db
INDEX = "booking_appointment_modeladmin_index"


def export(client, **params):
    response = client.get(reverse(INDEX), {"export": "csv_excel", **params})
    assert response.status_code == 200
    assert response.streaming
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def appointments(booking_page, clermont, meeting_type):
    first = book(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(3, 9)),
        first_name='=HYPERLINK("http://evil")',
        project_name="@SUM(A1)",
        answers=[
            {"question": "Avez-vous déjà un local ?", "answer": "Oui"},
            {"question": "Ancienne question", "answer": ["a", "b"]},
        ],
    )
    second = book(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(20, 9)),
        email="autre@example.org",
        last_name="Éléonore",
    )
    return first, second


def test_csv_for_french_excel(clermont_client, appointments):
    first, second = appointments
    rows = export(clermont_client)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Référence", "Statut", "Agence"]
    assert "Avez-vous déjà un local ?" in header
    assert header[-1] == "Autres réponses"
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    row = by_ref[first.reference]
    assert row["Prénom"] == '\'=HYPERLINK("http://evil")'
    assert row["Nom du projet"] == "'@SUM(A1)"
    assert row["Téléphone"] == "'" + first.phone
    assert row["Avez-vous déjà un local ?"] == "Oui"
    assert row["Autres réponses"] == "Ancienne question : a, b"
    assert by_ref[second.reference]["Nom"] == "Éléonore"


def test_the_export_honours_the_filters_and_search(clermont_client, appointments):
    first, second = appointments
    refs = [row[0] for row in export(clermont_client, q="autre@example.org")[1:]]
    assert refs == [second.reference]
    day = in_days(3).date().isoformat()
    refs = [row[0] for row in export(clermont_client, du=day, au=day)[1:]]
    assert refs == [first.reference]


def test_the_comma_csv_and_xlsx_variants(clermont_client, appointments):
    response = clermont_client.get(reverse(INDEX), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Référence,Statut,Agence")
    response = clermont_client.get(reverse(INDEX), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.max_row == 3
    assert sheet.cell(1, 1).value == "Référence"


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@cmd", "\tx", "\rx"])
def test_formula_triggers_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Sans risque") == "Sans risque"


def make_appointments(agency, meeting_type, count, offset):
    for i in range(count):
        slot = SlotFactory(
            agency=agency, meeting_type=meeting_type, start=in_days(3 + i % 30, 8 + i % 9)
        )
        book(slot, email=f"p{offset + i}@example.org")


def count_queries(client, django_assert_max_num_queries, url, params, budget):
    with django_assert_max_num_queries(budget) as context:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context.captured_queries)


def test_list_and_export_queries_do_not_grow_with_rows(
    clermont_client, clermont, meeting_type, booking_page, django_assert_max_num_queries
):
    url = reverse(INDEX)
    make_appointments(clermont, meeting_type, 3, 0)
    clermont_client.get(url)  # warm-up: session, content types, site
    small = [
        count_queries(clermont_client, django_assert_max_num_queries, url, params, 40)
        for params in ({}, {"export": "csv"}, {"export": "xlsx"})
    ]
    make_appointments(clermont, meeting_type, 40, 100)
    large = [
        count_queries(clermont_client, django_assert_max_num_queries, url, params, 40)
        for params in ({}, {"export": "csv"}, {"export": "xlsx"})
    ]
    assert large == small


def test_the_export_downloads_gzipped_to_a_browser_and_reads_the_same(
    clermont_client, appointments
):
    """The export is streamed, and compressed as it streams for a client that asks."""
    plain = export(clermont_client)
    response = clermont_client.get(
        reverse(INDEX), {"export": "csv_excel"}, HTTP_ACCEPT_ENCODING="gzip, deflate, br"
    )
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    raw = gzip.decompress(b"".join(response.streaming_content))
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")) == plain
