"""Validation of the public booking form. Extra questions come from Wagtail's form builder."""

import re

import phonenumbers
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from booking.models.appointment import Civility, HeardFrom, ProjectSector, ProjectStage
from booking.services import FounderDetails

QUESTION_PREFIX = "question_"
# Free-text answers to the extra questions are bounded like every other field.
QUESTION_MAX_LENGTH = {"singleline": 255, "multiline": 2000}
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "phone": "tel",
    "city": "address-level2",
    "postal_code": "postal-code",
}

postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Saisissez un code postal français à 5 chiffres, par exemple 63000.")
)


class PhoneField(forms.CharField):
    """French numbers by default ("06 12 34 56 78"); international ones with their "+" prefix."""

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
        try:
            number = phonenumbers.parse(value, "FR")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class QuestionFormBuilder(FormBuilder):
    """Wagtail's form builder, with a maximum length on the long free-text answers too (Django's
    own French message: "Assurez-vous que cette valeur comporte au plus 2000 caractères")."""

    def create_singleline_field(self, field, options):
        options["max_length"] = QUESTION_MAX_LENGTH["singleline"]
        return super().create_singleline_field(field, options)

    def create_multiline_field(self, field, options):
        options["max_length"] = QUESTION_MAX_LENGTH["multiline"]
        return super().create_multiline_field(field, options)


class BookingForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    submission_key = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]{16,64}$")],
    )
    # Bot traps (see booking/public/abuse.py): checked by the view before the form is validated.
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    civility = forms.ChoiceField(
        label=_("Civilité (facultatif)"),
        choices=[("", _("Non précisée")), *Civility.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(
        label=_("Adresse email"),
        max_length=254,
        help_text=_("Nous y envoyons la confirmation et le lien pour gérer le rendez-vous."),
    )
    phone = PhoneField(label=_("Téléphone"), max_length=32)
    city = forms.CharField(label=_("Commune"), max_length=120)
    postal_code = forms.CharField(
        label=_("Code postal"), max_length=5, validators=[postal_code_validator]
    )
    project_name = forms.CharField(label=_("Nom du projet"), max_length=150)
    project_description = forms.CharField(
        label=_("Votre projet en quelques lignes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    project_stage = forms.ChoiceField(
        label=_("Où en est le projet ?"), choices=[("", "—"), *ProjectStage.choices]
    )
    project_sector = forms.ChoiceField(
        label=_("Secteur d'activité"), choices=[("", "—"), *ProjectSector.choices]
    )
    heard_from = forms.ChoiceField(
        label=_("Comment avez-vous connu Osengo ? (facultatif)"),
        choices=[("", "—"), *HeardFrom.choices],
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte qu'Osengo traite ces informations pour organiser mon rendez-vous "
            "et m'accompagner."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour prendre rendez-vous.")},
    )
    newsletter_opt_in = forms.BooleanField(
        label=_("Je souhaite recevoir la lettre d'information d'Osengo (facultatif)."),
        required=False,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        builder_fields = QuestionFormBuilder(self.questions).formfields
        for question in self.questions:
            name = question.clean_name or question.get_field_clean_name()
            self.fields[QUESTION_PREFIX + name] = builder_fields[name]
        # Question fields sit with the project fields, before consent.
        order = [n for n in self.fields if n not in ("consent", "newsletter_opt_in")]
        self.order_fields([*order, "consent", "newsletter_opt_in"])
        self._style_widgets()

    def _style_widgets(self):
        """Bootstrap classes, and the ids that tie each input to its help text and errors."""
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self.auto_id % name}-help"
        for name, autocomplete in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = [f"{self.auto_id % name}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self.auto_id % name}-help")
                widget.attrs["aria-describedby"] = " ".join(described)

    def clean_first_name(self):
        return _single_line(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return _single_line(self.cleaned_data["last_name"])

    def clean_city(self):
        return _single_line(self.cleaned_data["city"])

    def clean_project_name(self):
        return _single_line(self.cleaned_data["project_name"])

    @property
    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith(QUESTION_PREFIX)]

    @property
    def identity_fields(self):
        names = ["civility", "first_name", "last_name", "email", "phone", "city", "postal_code"]
        return [self[name] for name in names]

    @property
    def project_fields(self):
        names = ["project_name", "project_description", "project_stage", "project_sector"]
        return [self[name] for name in [*names, "heard_from"]] + self.question_fields

    def answers(self) -> list[dict]:
        """Answers to the extra questions, kept with the question's label as asked."""
        answers = []
        for question in self.questions:
            name = QUESTION_PREFIX + (question.clean_name or question.get_field_clean_name())
            answers.append(
                {"question": question.label, "answer": _answer_text(self.cleaned_data.get(name))}
            )
        return answers

    def founder_details(self) -> FounderDetails:
        data = self.cleaned_data
        return FounderDetails(
            civility=data["civility"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            city=data["city"],
            postal_code=data["postal_code"],
            project_name=data["project_name"],
            project_description=data["project_description"],
            project_stage=data["project_stage"],
            project_sector=data["project_sector"],
            heard_from=data["heard_from"],
            newsletter_opt_in=data["newsletter_opt_in"],
            answers=self.answers(),
        )


def _single_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _answer_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    return str(value)


class MoveForm(forms.Form):
    slot = forms.IntegerField(min_value=1, max_value=2**62)
