"""Generate slots from weekly opening hours: a form, a preview, then the creation."""

import itertools
import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin import messages

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.mixins import BookingPageMixin
from booking.errors import BookingError
from booking.models import MeetingType
from booking.timefmt import day_label, local_tz, time_label
from home import french

WEEKDAY_FIELDS = [
    ("monday", _("Lundi")),
    ("tuesday", _("Mardi")),
    ("wednesday", _("Mercredi")),
    ("thursday", _("Jeudi")),
    ("friday", _("Vendredi")),
    ("saturday", _("Samedi")),
    ("sunday", _("Dimanche")),
]
RANGE = re.compile(r"^\s*(\d{1,2})[:h](\d{2})?\s*[-–à]\s*(\d{1,2})[:h](\d{2})?\s*$")


def parse_ranges(text: str) -> list[tuple[time, time]]:
    """ "9:00-12:00, 14h-17h30" → [(09:00, 12:00), (14:00, 17:30)]; the gaps are the breaks."""
    ranges = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text or ""))):
        match = RANGE.match(part)
        if not match:
            raise forms.ValidationError(
                _("« %(part)s » : écrivez les plages comme 9:00-12:00, 14:00-17:30."),
                params={"part": part},
            )
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        try:
            start, end = time(h1, m1), time(h2, m2)
        except ValueError:
            raise forms.ValidationError(
                _("Heure invalide : %(part)s."), params={"part": part}
            ) from None
        if end <= start:
            raise forms.ValidationError(
                _("« %(part)s » finit avant de commencer."), params={"part": part}
            )
        ranges.append((start, end))
    ranges.sort()
    for (_s1, e1), (s2, _e2) in itertools.pairwise(ranges):
        if s2 < e1:
            raise forms.ValidationError(_("Des plages horaires se chevauchent."))
    return ranges


def parse_days(text: str) -> frozenset[date]:
    days = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+", text or ""))):
        try:
            if "/" in part:
                day, month, year = (int(x) for x in part.split("/"))
                days.add(date(year, month, day))
            else:
                days.add(date.fromisoformat(part))
        except ValueError:
            raise forms.ValidationError(
                _("« %(part)s » n'est pas une date (jj/mm/aaaa)."), params={"part": part}
            ) from None
    return frozenset(days)


class OpeningHoursForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agence"), queryset=None)
    meeting_type = forms.ModelChoiceField(
        label=_("Type de rendez-vous"), queryset=MeetingType.objects.filter(is_active=True)
    )
    adviser = forms.ModelChoiceField(label=_("Conseiller"), queryset=None, required=False)
    start_date = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Au (inclus)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée d'un créneau (minutes)"),
        min_value=5,
        max_value=600,
        required=False,
        help_text=_("Par défaut, la durée du type de rendez-vous."),
    )
    gap_minutes = forms.IntegerField(
        label=_("Battement entre deux créneaux (minutes)"), min_value=0, max_value=240, initial=0
    )
    capacity = forms.IntegerField(
        label=_("Places par créneau"), min_value=1, max_value=200, initial=1
    )
    skip_holidays = forms.BooleanField(
        label=_("Sauter les jours fériés"), required=False, initial=True
    )
    closed_days = forms.CharField(
        label=_("Jours de fermeture"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Dates séparées par des virgules (jj/mm/aaaa). Les fermetures déjà "
            "déclarées de l'agence ou du conseiller sont aussi sautées."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = permissions.agencies_for(user)
        self.fields["adviser"].queryset = permissions.advisers_for(user)
        for name, label in WEEKDAY_FIELDS:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                help_text=_("Ex. : 9:00-12:00, 14:00-17:30 (vide : pas de créneau ce jour-là)"),
            )

    def clean(self):
        cleaned = super().clean()
        ranges = {}
        for weekday, (name, _label) in enumerate(WEEKDAY_FIELDS):
            try:
                periods = parse_ranges(cleaned.get(name, ""))
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if periods:
                ranges[weekday] = periods
        if not ranges and not self.errors:
            raise forms.ValidationError(_("Indiquez les horaires d'au moins un jour."))
        cleaned["ranges"] = ranges
        try:
            cleaned["closed"] = parse_days(cleaned.get("closed_days", ""))
        except forms.ValidationError as error:
            self.add_error("closed_days", error)
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        today = timezone.localdate(timezone=local_tz())
        if start and start < today:
            self.add_error("start_date", _("Choisissez une date à partir d'aujourd'hui."))
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin doit suivre la date de début."))
        if start and end and end - start > timedelta(days=services.slots.MAX_GENERATION_DAYS - 1):
            self.add_error("end_date", _("Générez au plus un an de créneaux à la fois."))
        return cleaned

    def opening_hours(self) -> services.OpeningHours:
        data = self.cleaned_data
        return services.OpeningHours(
            agency=data["agency"],
            meeting_type=data["meeting_type"],
            adviser=data["adviser"],
            ranges=data["ranges"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            duration_minutes=data["duration_minutes"] or data["meeting_type"].duration_minutes,
            gap_minutes=data["gap_minutes"] or 0,
            capacity=data["capacity"],
            skip_holidays=data["skip_holidays"],
            closed_days=data["closed"],
        )


class GenerateSlotsView(BookingPageMixin, FormView):
    template_name = "booking/admin/generate_slots.html"
    form_class = OpeningHoursForm
    page_title = _("Générer des créneaux")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("booking.add_slot"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        opening = form.opening_hours()
        try:
            if "create" in self.request.POST:
                created = services.slots_generate(opening=opening)
                messages.success(
                    self.request,
                    ngettext("%(count)s créneau créé.", "%(count)s créneaux créés.", len(created))
                    % {"count": len(created)},
                )
                return redirect(
                    reverse("booking_slot_modeladmin_index")
                    + f"?agence={opening.agency.pk}&du={opening.start_date}&au={opening.end_date}"
                )
            plan = services.slots_plan(opening)
        except BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        skipped = [(_when_label(when), reason) for when, reason in plan.skipped]
        return self.render_to_response(self.get_context_data(form=form, plan=plan, skipped=skipped))


def _when_label(when) -> str:
    if isinstance(when, datetime):
        return f"{day_label(when)}, {time_label(when)}"
    return french.full_date(when)
