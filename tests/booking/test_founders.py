"""The founder's fields, declared once (booking/founders.py): the normalisers, and every place
that reads the declaration (public form, back-office forms, CSV export, RGPD export,
anonymisation) covers every declared field."""

import csv
import io
import re

import pytest
from django.urls import reverse

from booking import founders
from booking.backoffice.admin.appointments import DETAIL_PANELS, AdviserBookingForm
from booking.founders import (
    FounderDetails,
    Kind,
    normalise_email,
    normalise_phone,
    normalise_postal_code,
    single_line,
    trimmed,
)
from booking.models import Appointment, BookingQuestion
from booking.public.forms import BookingForm
from booking.services.privacy import (
    REASON_REQUEST,
    appointment_anonymize,
    appointments_export_for_email,
)
from tests.booking.factories import SlotFactory, book, founder, in_days
from tests.booking.test_views import form_data

# --- normalisers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("04 73 00 00 00", "+33473000000"),
        ("+32 470 12 34 56", "+32470123456"),
        # Not a valid number: kept on one trimmed line, for the forms to refuse.
        ("0700000000", "0700000000"),
        ("123", "123"),
        ("  pas un\r\n numéro ", "pas un numéro"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_phone(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Foo@Example.org", "foo@example.org"),
        ("  camille.DURAND@exemple.FR \n", "camille.durand@exemple.fr"),
        ("foo@example.org", "foo@example.org"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_email(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("  Jeanne  ", "Jeanne"),
        ("Jeanne\r\n  Marie", "Jeanne Marie"),
        ("Saint-Flour\t\t(Cantal)", "Saint-Flour (Cantal)"),
        ("\u00a0Riom\u2003", "Riom"),  # non-breaking and em spaces
        ("", ""),
        (None, ""),
    ],
)
def test_single_line(typed, stored):
    assert single_line(typed) == stored


def test_trimmed_keeps_the_lines():
    assert trimmed("  Ligne 1\n\n  Ligne 2 \n") == "Ligne 1\n\n  Ligne 2"


@pytest.mark.parametrize(
    "typed, stored",
    [("63000", "63000"), (" 63 000 ", "63000"), ("63\u00a0000", "63000"), ("6300A", "6300A")],
)
def test_normalise_postal_code(typed, stored):
    assert normalise_postal_code(typed) == stored


def test_founder_details_are_normalised_whoever_builds_them():
    details = founder(
        phone="06 12 34 56 78",
        email=" Foo@Example.org ",
        first_name=" Jeanne\n Marie ",
        city="Riom ",
        postal_code="63 200",
        project_description="  Deux\nlignes  ",
        civility=None,
    )
    assert details.phone == "+33612345678"
    assert details.email == "foo@example.org"
    assert details.first_name == "Jeanne Marie"
    assert details.city == "Riom"
    assert details.postal_code == "63200"
    assert details.project_description == "Deux\nlignes"
    assert details.civility == ""
    assert details.answers == [] and details.newsletter_opt_in is False


def test_founder_details_have_one_attribute_per_declared_field():
    assert set(FounderDetails.__dataclass_fields__) == set(founders.NAMES)


# --- the declaration and the model --------------------------------------------------------------


@pytest.mark.parametrize("spec", founders.FIELDS, ids=lambda spec: spec.name)
def test_the_declaration_fits_the_model(spec):
    field = Appointment._meta.get_field(spec.name)
    if spec.max_length is not None:
        assert spec.max_length <= field.max_length
    if spec.choices is not None:
        assert list(spec.choices.choices) == list(field.choices)
    if spec.kind not in (Kind.BOOLEAN, Kind.ANSWERS):
        assert field.blank is not spec.required


# --- every entry path and every output reads it ------------------------------------------------

FORM_FIELDS = [spec for spec in founders.FIELDS if spec.kind != Kind.ANSWERS]


@pytest.mark.django_db
def test_every_declared_field_is_on_the_public_form(booking_page):
    questions = list(booking_page.questions.all())
    form = BookingForm(form_data(SlotFactory()), questions=questions)
    for spec in FORM_FIELDS:
        field = form.fields[spec.name]
        assert field.label == spec.label
        assert field.required is spec.required
        for attribute, value in spec.html_attrs.items():
            assert f'{attribute}="{value}"' in str(form[spec.name]), spec.name
    assert form.is_valid(), form.errors
    details = form.founder_details()
    assert details.answers == [{"question": "Avez-vous déjà un local ?", "answer": "Non"}]
    assert details.phone == "+33612345678"


# What each input of the booking form brings up on a phone and lets the browser fill in. The
# project's fields have no autofill token: "organization" would offer the founder's employer.
INPUT_HINTS = {
    "first_name": {"type": "text", "autocomplete": "given-name"},
    "last_name": {"type": "text", "autocomplete": "family-name"},
    "email": {"type": "email", "autocomplete": "email"},
    "phone": {"type": "tel", "inputmode": "tel", "autocomplete": "tel"},
    "city": {"type": "text", "autocomplete": "address-level2"},
    "postal_code": {"type": "text", "inputmode": "numeric", "autocomplete": "postal-code"},
    "project_name": {"type": "text"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", INPUT_HINTS)
def test_every_founder_input_has_its_keyboard_and_autofill_hints(client, booking_page, name):
    slot = SlotFactory()
    url = booking_page.url + booking_page.reverse_subpage("book", args=(slot.agency.slug,))
    html = client.get(url, {"creneau": slot.pk}).content.decode()
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    expected = INPUT_HINTS[name]
    for attribute, value in expected.items():
        assert f'{attribute}="{value}"' in tag, tag
    for attribute in {"inputmode", "autocomplete"} - set(expected):
        assert f"{attribute}=" not in tag, tag


def test_every_typed_founder_field_has_its_hints_declared():
    typed = {
        spec.name
        for spec in founders.FIELDS
        if spec.kind in (Kind.TEXT, Kind.EMAIL, Kind.PHONE, Kind.POSTAL_CODE)
    }
    assert typed == set(INPUT_HINTS)


@pytest.mark.django_db
def test_the_staff_forms_ask_every_staff_field_with_the_staff_label():
    correction_form = DETAIL_PANELS.bind_to_model(Appointment).get_form_class()
    staff = [spec for spec in founders.FIELDS if spec.staff]
    assert {spec.name for spec in staff} == set(founders.STAFF_NAMES)
    for form_class in (AdviserBookingForm, correction_form):
        for spec in staff:
            field = form_class.base_fields[spec.name]
            assert field.label == spec.staff_label, (form_class, spec.name)
            assert field.required is spec.required
        assert not {"newsletter_opt_in", "answers"} & set(form_class.base_fields)


def _complete_appointment(booking_page):
    """Every founder field filled in, none with its default."""
    BookingQuestion.objects.create(page=booking_page, label="Financement", field_type="singleline")
    appointment = book(
        SlotFactory(start=in_days(4, 10)),
        civility="mme",
        heard_from="partner",
        newsletter_opt_in=True,
        answers=[
            {"question": "Avez-vous déjà un local ?", "answer": "Oui, rue Blatin"},
            {"question": "Financement", "answer": "Prêt d'honneur"},
        ],
    )
    for spec in founders.FIELDS:
        assert getattr(appointment, spec.name) != spec.default, spec.name
    return appointment


@pytest.mark.django_db
def test_every_declared_field_is_in_the_export(booking_page, admin_client):
    appointment = _complete_appointment(booking_page)
    response = admin_client.get(reverse("booking_appointment_modeladmin_index"), {"export": "csv"})
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = dict(zip(header, row, strict=True))
    for spec in founders.FIELDS:
        value = getattr(appointment, spec.name)
        if spec.kind == Kind.ANSWERS:  # one column per question
            for item in value:
                assert cells[item["question"]] == item["answer"]
        elif spec.kind == Kind.CHOICE:
            assert cells[str(spec.staff_label)] == str(spec.choices(value).label)
        elif spec.kind == Kind.BOOLEAN:
            assert cells[str(spec.staff_label)] == "oui"
        else:
            assert cells[str(spec.staff_label)].lstrip("'") == value, spec.name


@pytest.mark.django_db
def test_every_declared_field_is_in_the_rgpd_export(booking_page):
    appointment = _complete_appointment(booking_page)
    (exported,) = appointments_export_for_email(appointment.email)
    for spec in founders.FIELDS:
        value = getattr(appointment, spec.name)
        if spec.kind == Kind.ANSWERS:
            expected = [{"question": a["question"], "reponse": a["answer"]} for a in value]
        elif spec.kind == Kind.CHOICE:
            expected = str(spec.choices(value).label)
        else:
            expected = value
        assert exported[spec.rgpd_key] == expected, spec.name


@pytest.mark.django_db
def test_anonymisation_changes_exactly_the_personal_fields(booking_page):
    appointment = _complete_appointment(booking_page)
    before = {spec.name: getattr(appointment, spec.name) for spec in founders.FIELDS}
    appointment = appointment_anonymize(appointment=appointment, reason=REASON_REQUEST)
    for spec in founders.FIELDS:
        after = getattr(appointment, spec.name)
        if spec.personal:
            assert after != before[spec.name], spec.name
            assert after == spec.anonymise(before[spec.name]), spec.name
        else:
            assert after == before[spec.name], spec.name
    # What the statistics use is kept, the rest goes (the current rule, pinned).
    assert {spec.name for spec in founders.FIELDS if not spec.personal} == {
        "project_stage",
        "project_sector",
        "heard_from",
        "newsletter_opt_in",
    }
    assert appointment.last_name == "Anonyme"
    assert appointment.postal_code == "63"
    assert appointment.email.endswith("@anonyme.invalid")
    assert appointment.answers == [
        {"question": "Avez-vous déjà un local ?", "answer": ""},
        {"question": "Financement", "answer": ""},
    ]
    for name in ("civility", "first_name", "phone", "city", "project_name", "project_description"):
        assert getattr(appointment, name) == "", name
