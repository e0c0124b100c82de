"""The founder's details, declared once: every way in (the public booking form, an adviser's
booking by phone, the back-office correction, a direct service call), the export and the
anonymisation read their fields from `FIELDS`.

Each field says what it is (kind, length, required, choices), how the founder and the staff see
it (labels, HTML hints), whether it is personal data and what anonymisation leaves of it. The
normalisers are the one rule for storing a value: the forms run them before validating, and the
services run them again on whatever they are given, so that the per-email and per-phone caps,
which compare stored values exactly, count every appointment whatever its origin.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, make_dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any

import phonenumbers
from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from booking.models.appointment import Civility, HeardFrom, ProjectSector, ProjectStage

PHONE_REGION = "FR"  # numbers typed without "+" are French
ANONYMOUS_NAME = "Anonyme"
PLACEHOLDER_DOMAIN = "anonyme.invalid"


class Kind(StrEnum):
    TEXT = "text"  # one line: runs of spaces and line breaks folded
    LONG_TEXT = "long_text"  # several lines, trimmed
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_CODE = "postal_code"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    ANSWERS = "answers"  # [{question, answer}] for the booking page's extra questions


class Section(StrEnum):
    """The fieldset of the public booking form a field belongs to."""

    IDENTITY = "identity"
    PROJECT = "project"
    PRIVACY = "privacy"


# --- normalisers ------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value)


def single_line(value) -> str:
    """Names, town, project name: runs of spaces, tabs and line breaks become one space."""
    return re.sub(r"\s+", " ", _text(value)).strip()


def trimmed(value) -> str:
    """Free text over several lines: only the spaces around it go."""
    return _text(value).strip()


def normalise_email(value) -> str:
    """Emails are stored trimmed and lower-cased: the per-email cap is an exact comparison."""
    return _text(value).strip().lower()


def parse_phone(value) -> phonenumbers.PhoneNumber | None:
    """The number typed, if it is a valid one: French by default ("06 12 34 56 78"),
    international with its "+" prefix; None otherwise."""
    try:
        number = phonenumbers.parse(_text(value), PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(value) -> str:
    """E.164 ("+33612345678") for a valid number, however it was typed; anything else is
    kept on one trimmed line (the forms refuse it, see `PhoneField`)."""
    number = parse_phone(value)
    if number is None:
        return single_line(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_postal_code(value) -> str:
    """The digits of a postal code typed with spaces ("63 000" → "63000"); anything else is
    left for the form's validator to refuse."""
    return re.sub(r"\s+", "", _text(value))


def _choice(value) -> str:
    return _text(value).strip()


def _answers(value) -> list:
    return list(value or [])


NORMALISERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: single_line,
    Kind.LONG_TEXT: trimmed,
    Kind.EMAIL: normalise_email,
    Kind.PHONE: normalise_phone,
    Kind.POSTAL_CODE: normalise_postal_code,
    Kind.CHOICE: _choice,
    Kind.BOOLEAN: bool,
    Kind.ANSWERS: _answers,
}


# --- what anonymisation leaves ----------------------------------------------------------------


def placeholder_email(email: str) -> str:
    """A keyed placeholder: the same address always gives the same one, so "distinct
    founders" counts survive anonymisation, and without the SECRET_KEY it reveals nothing."""
    digest = salted_hmac("booking.anonymised-founder", normalise_email(email), algorithm="sha256")
    return f"anonyme-{digest.hexdigest()[:24]}@{PLACEHOLDER_DOMAIN}"


def department_of(postal_code: str) -> str:
    """The département of a French postal code ("63000" → "63", "97400" → "974")."""
    code = (postal_code or "").strip()
    if not code[:2].isdigit():
        return ""
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def _questions_only(answers) -> list[dict]:
    """The questions asked stay (they are the agency's words), the answers go."""
    return [
        {"question": str(item.get("question", "")), "answer": ""}
        for item in answers or []
        if isinstance(item, dict)
    ]


def _blank(value) -> str:
    return ""


def _anonymous_name(value) -> str:
    return ANONYMOUS_NAME


# --- form fields --------------------------------------------------------------------------------

postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Saisissez un code postal français à 5 chiffres, par exemple 63000.")
)


class NormalisedCharField(forms.CharField):
    """A CharField that stores its value through one of the normalisers above."""

    def __init__(self, *, normalise, **kwargs):
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else self.normalise(value)


class NormalisedEmailField(forms.EmailField):
    def to_python(self, value):
        return normalise_email(super().to_python(value))


class PhoneField(forms.CharField):
    """French numbers by default ("06 12 34 56 78"); international ones with their "+" prefix.
    The cleaned value is E.164."""

    default_error_messages = {
        "invalid": _(
            "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 "
            "ou +33 6 12 34 56 78."
        )
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        if parse_phone(value) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalise_phone(value)


class TelInput(forms.TextInput):
    input_type = "tel"


# --- the declaration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FounderField:
    name: str  # the Appointment field and the FounderDetails attribute
    kind: Kind
    label: str  # what the founder reads on the booking form
    staff_label: str  # what staff read: the back-office forms and the export's column
    rgpd_key: str  # its key in the founder's personal-data export
    section: Section  # its fieldset on the booking form
    required: bool = True
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    blank_label: str = "—"  # the empty choice on the booking form
    radio: bool = False  # radio buttons on the booking form
    help_text: str = ""
    autocomplete: str = ""
    inputmode: str = ""
    staff: bool = True  # asked in the back-office (booking on a founder's behalf, correction)
    personal: bool = True  # changed by anonymisation (kept when False: the statistics use it)
    anonymised: Callable[[Any], Any] = _blank  # what anonymisation leaves of a personal value

    def normalise(self, value):
        return NORMALISERS[self.kind](value)

    def anonymise(self, value):
        return self.anonymised(value) if self.personal else value

    @property
    def default(self):
        """The value when a caller leaves an optional field out."""
        return {Kind.BOOLEAN: False, Kind.ANSWERS: []}.get(self.kind, "")

    def choice_labels(self) -> dict[str, str]:
        """{value: label}, translated now (the export formats thousands of rows with it)."""
        return {value: str(label) for value, label in self.choices.choices}

    @property
    def html_attrs(self) -> dict[str, str]:
        """The autofill and virtual-keyboard hints of the booking form's input."""
        hints = {"autocomplete": self.autocomplete, "inputmode": self.inputmode}
        return {key: value for key, value in hints.items() if value}

    def form_field(self, *, staff: bool = False, widget=None) -> forms.Field | None:
        """The booking form's field, or the back-office's (`staff`: staff labels, no help
        text, a select for every choice). None for the answers: the booking page's questions
        ask for them. The booking form adds `html_attrs` as it styles its inputs."""
        options = {
            "label": self.staff_label if staff else self.label,
            "required": self.required,
            "help_text": "" if staff else self.help_text,
        }
        kind = self.kind
        if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.POSTAL_CODE):
            if widget is None and kind == Kind.LONG_TEXT:
                widget = forms.Textarea if staff else forms.Textarea(attrs={"rows": 4})
            return NormalisedCharField(
                normalise=self.normalise,
                max_length=self.max_length,
                validators=[postal_code_validator] if kind == Kind.POSTAL_CODE else [],
                widget=widget or forms.TextInput,
                **options,
            )
        if kind == Kind.EMAIL:
            return NormalisedEmailField(max_length=self.max_length, widget=widget, **options)
        if kind == Kind.PHONE:
            return PhoneField(max_length=self.max_length, widget=widget or TelInput, **options)
        if kind == Kind.CHOICE:
            if widget is None:
                widget = forms.RadioSelect if self.radio and not staff else forms.Select
            blank = "—" if staff else self.blank_label
            return forms.ChoiceField(
                choices=[("", blank), *self.choices.choices], widget=widget, **options
            )
        if kind == Kind.BOOLEAN:
            return forms.BooleanField(widget=widget, **options)
        return None


FIELDS: tuple[FounderField, ...] = (
    FounderField(
        "civility",
        Kind.CHOICE,
        label=_("Civilité (facultatif)"),
        staff_label=_("Civilité"),
        rgpd_key="civilite",
        section=Section.IDENTITY,
        required=False,
        choices=Civility,
        blank_label=_("Non précisée"),
        radio=True,
    ),
    FounderField(
        "first_name",
        Kind.TEXT,
        label=_("Prénom"),
        staff_label=_("Prénom"),
        rgpd_key="prenom",
        section=Section.IDENTITY,
        max_length=100,
        autocomplete="given-name",
    ),
    FounderField(
        "last_name",
        Kind.TEXT,
        label=_("Nom"),
        staff_label=_("Nom"),
        rgpd_key="nom",
        section=Section.IDENTITY,
        max_length=100,
        autocomplete="family-name",
        anonymised=_anonymous_name,
    ),
    FounderField(
        "email",
        Kind.EMAIL,
        label=_("Adresse email"),
        staff_label=_("Email"),
        rgpd_key="email",
        section=Section.IDENTITY,
        max_length=254,
        help_text=_("Nous y envoyons la confirmation et le lien pour gérer le rendez-vous."),
        autocomplete="email",
        anonymised=placeholder_email,
    ),
    FounderField(
        "phone",
        Kind.PHONE,
        label=_("Téléphone"),
        staff_label=_("Téléphone"),
        rgpd_key="telephone",
        section=Section.IDENTITY,
        max_length=32,
        autocomplete="tel",
        inputmode="tel",  # with type="tel" (TelInput): the phone keypad
    ),
    FounderField(
        "city",
        Kind.TEXT,
        label=_("Commune"),
        staff_label=_("Commune"),
        rgpd_key="commune",
        section=Section.IDENTITY,
        max_length=120,
        autocomplete="address-level2",
    ),
    FounderField(
        "postal_code",
        Kind.POSTAL_CODE,
        label=_("Code postal"),
        staff_label=_("Code postal"),
        rgpd_key="code_postal",
        section=Section.IDENTITY,
        max_length=5,
        autocomplete="postal-code",
        inputmode="numeric",
        anonymised=department_of,  # the statistics count founders by département
    ),
    FounderField(
        "project_name",
        Kind.TEXT,
        label=_("Nom du projet"),
        staff_label=_("Nom du projet"),
        rgpd_key="nom_du_projet",
        section=Section.PROJECT,
        max_length=150,
    ),
    FounderField(
        "project_description",
        Kind.LONG_TEXT,
        label=_("Votre projet en quelques lignes"),
        staff_label=_("Description du projet"),
        rgpd_key="description_du_projet",
        section=Section.PROJECT,
        max_length=2000,
    ),
    FounderField(
        "project_stage",
        Kind.CHOICE,
        label=_("Où en est le projet ?"),
        staff_label=_("Stade du projet"),
        rgpd_key="stade_du_projet",
        section=Section.PROJECT,
        choices=ProjectStage,
        personal=False,
    ),
    FounderField(
        "project_sector",
        Kind.CHOICE,
        label=_("Secteur d'activité"),
        staff_label=_("Secteur d'activité"),
        rgpd_key="secteur",
        section=Section.PROJECT,
        choices=ProjectSector,
        personal=False,
    ),
    FounderField(
        "heard_from",
        Kind.CHOICE,
        label=_("Comment avez-vous connu Osengo ? (facultatif)"),
        staff_label=_("Connu Osengo par"),
        rgpd_key="connu_osengo_par",
        section=Section.PROJECT,
        required=False,
        choices=HeardFrom,
        personal=False,
    ),
    FounderField(
        "newsletter_opt_in",
        Kind.BOOLEAN,
        label=_("Je souhaite recevoir la lettre d'information d'Osengo (facultatif)."),
        staff_label=_("Lettre d'information"),
        rgpd_key="lettre_d_information",
        section=Section.PRIVACY,
        required=False,
        staff=False,
        personal=False,
    ),
    FounderField(
        "answers",
        Kind.ANSWERS,
        label=_("Réponses aux questions complémentaires"),
        staff_label=_("Réponses aux questions complémentaires"),
        rgpd_key="reponses",
        section=Section.PROJECT,
        required=False,
        staff=False,
        anonymised=_questions_only,
    ),
)
BY_NAME: dict[str, FounderField] = {spec.name: spec for spec in FIELDS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
STAFF_NAMES: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.staff)
PERSONAL: tuple[FounderField, ...] = tuple(spec for spec in FIELDS if spec.personal)


def form_fields(*, staff: bool = False, widgets=None) -> dict[str, forms.Field]:
    """Fresh form fields, in declaration order: the booking form's, or the back-office's
    (`staff`); `widgets` may replace some fields' widgets, by name."""
    widgets = widgets or {}
    fields = {}
    for spec in FIELDS:
        if spec.staff or not staff:
            field = spec.form_field(staff=staff, widget=widgets.get(spec.name))
            if field is not None:
                fields[spec.name] = field
    return fields


def form_class(base: type[forms.BaseForm], *, staff: bool = False, widgets=None):
    """A subclass of `base` (a Form, a ModelForm) declaring the founder's fields."""
    attrs = form_fields(staff=staff, widgets=widgets)
    return type(base)(f"Founder{base.__name__}", (base,), {"__module__": __name__, **attrs})


def normalise(values: dict) -> dict:
    """The founder fields of `values`, normalised; other keys are dropped."""
    return {
        name: BY_NAME[name].normalise(value) for name, value in values.items() if name in BY_NAME
    }


# --- what the services are given ----------------------------------------------------------------


def _normalise_details(details) -> None:
    for spec in FIELDS:
        object.__setattr__(details, spec.name, spec.normalise(getattr(details, spec.name)))


def _details_field(spec: FounderField):
    if spec.required:
        return (spec.name, Any)
    default = dataclass_field(default_factory=lambda: spec.default)
    return (spec.name, Any, default)


# What a founder entered, as the services take it: one attribute per declared field (the
# optional ones may be left out). Every value is normalised on construction, whoever builds it.
FounderDetails = make_dataclass(
    "FounderDetails",
    # A dataclass lists the fields without a default first.
    [_details_field(spec) for spec in sorted(FIELDS, key=lambda spec: not spec.required)],
    namespace={
        "__post_init__": _normalise_details,
        "__doc__": "What a founder entered, normalised; see booking.founders.FIELDS.",
        "__module__": __name__,
    },
    frozen=True,
)


def details_from(values: dict) -> FounderDetails:
    """FounderDetails from a form's cleaned data (or any dict): the declared keys it has."""
    return FounderDetails(**{name: values[name] for name in NAMES if name in values})


def model_values(details) -> dict:
    """The Appointment fields to write for `details`."""
    return {name: getattr(details, name) for name in NAMES}
