"""Validation of the public booking form. Extra questions come from Wagtail's form builder."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from booking import founders
from booking.founders import FounderDetails, Section

QUESTION_PREFIX = "question_"
# Free-text answers to the extra questions are bounded like every other field.
QUESTION_MAX_LENGTH = {"singleline": 255, "multiline": 2000, "period": 100}
PERIOD_HELP = _("Une période suffit, par exemple : printemps 2027, d'ici un an.")
# Before the founder's fields: the slot, the form's key and the bot traps.
LEADING_FIELDS = ("slot", "submission_key", "form_started", "website")


class DateInput(forms.DateInput):
    """The browser's date picker: it sends an ISO date, and shows it the founder's way."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class QuestionFormBuilder(FormBuilder):
    """Wagtail's form builder, with a maximum length on the long free-text answers too (Django's
    own French message: "Assurez-vous que cette valeur comporte au plus 2000 caractères"), a
    real date input, and the free-text "period" ("printemps 2027") of QUESTION_TYPES."""

    def create_singleline_field(self, field, options):
        options["max_length"] = QUESTION_MAX_LENGTH["singleline"]
        return super().create_singleline_field(field, options)

    def create_multiline_field(self, field, options):
        options["max_length"] = QUESTION_MAX_LENGTH["multiline"]
        return super().create_multiline_field(field, options)

    def create_date_field(self, field, options):
        # ISO from the date picker; "25/12/2026" from a browser without one.
        return forms.DateField(widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"], **options)

    def create_period_field(self, field, options):
        options["help_text"] = options.get("help_text") or PERIOD_HELP
        # A visible hint rather than a placeholder, which reads like an answer already given.
        return forms.CharField(max_length=QUESTION_MAX_LENGTH["period"], **options)


class BookingForm(founders.form_class(forms.Form)):
    """The founder's fields come from booking/founders.py, the extra questions from the page."""

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
    consent = forms.BooleanField(
        label=_(
            "J'accepte qu'Osengo traite ces informations pour organiser mon rendez-vous "
            "et m'accompagner."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour prendre rendez-vous.")},
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        builder_fields = QuestionFormBuilder(self.questions).formfields
        for question in self.questions:
            name = question.clean_name or question.get_field_clean_name()
            self.fields[QUESTION_PREFIX + name] = builder_fields[name]
        # Question fields sit with the project fields, before consent; the privacy fieldset
        # (consent, newsletter) comes last.
        privacy = self._names(Section.PRIVACY)
        asked = [n for n in founders.NAMES if n in self.fields and n not in privacy]
        questions = [n for n in self.fields if n.startswith(QUESTION_PREFIX)]
        self.order_fields([*LEADING_FIELDS, *asked, *questions, "consent", *privacy])
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
        for spec in founders.FIELDS:
            if spec.name in self.fields:
                self.fields[spec.name].widget.attrs.update(spec.html_attrs)

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

    @property
    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith(QUESTION_PREFIX)]

    @property
    def identity_fields(self):
        return [self[name] for name in self._names(Section.IDENTITY)]

    @property
    def project_fields(self):
        return [self[name] for name in self._names(Section.PROJECT)] + self.question_fields

    def _names(self, section: Section) -> list[str]:
        """The founder's fields of one fieldset that the form asks (not the answers)."""
        return [
            spec.name
            for spec in founders.FIELDS
            if spec.section == section and spec.name in self.fields
        ]

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
        return founders.details_from({**self.cleaned_data, "answers": self.answers()})


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
