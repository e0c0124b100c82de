"""Choosing a slot in the back-office (moving an appointment, booking on a founder's behalf):
the next few bookable slots as radio buttons grouped by day, from a date the adviser may change
(?depuis=YYYY-MM-DD), instead of a drop-down of every slot for months.

The field still accepts any slot of its queryset (the bookable ones, Slot.objects.bookable):
a slot preselected by a link (?creneau=<id>, from the agenda) or shown before the adviser
changed the date stays valid; the short list is only what is offered."""

from datetime import date
from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from booking.backoffice.admin.base import parse_id
from booking.errors import SlotUnavailable
from booking.timefmt import calendar_error, day_label, in_calendar, local_midnight, slot_label

SHORT_LIST = 12
FROM_PARAMETER = "depuis"
PRESELECT_PARAMETER = "creneau"


def places_label(slot) -> str:
    places = slot.capacity - slot.booked_count
    return ngettext("%(count)s place", "%(count)s places", places) % {"count": places}


class SlotPickerField(forms.ModelChoiceField):
    widget = forms.RadioSelect(attrs={"class": "booking-slot-picker"})
    # A slot that is not (or no longer) offered, e.g. a forged or outdated choice.
    default_error_messages = {"invalid_choice": SlotUnavailable.message}

    def __init__(self, *, with_agency=False, **kwargs):
        super().__init__(queryset=kwargs.pop("queryset", None), empty_label=None, **kwargs)
        self.with_agency = with_agency
        self.offered = []

    def label_from_instance(self, slot):
        parts = [slot_label(slot.start, slot.end), str(slot.meeting_type)]
        if self.with_agency:
            parts.insert(0, str(slot.agency))
        if slot.adviser_id:
            parts.append(slot.adviser.get_full_name() or slot.adviser.get_username())
        return f"{' · '.join(parts)} ({places_label(slot)})"

    def offer(self, *, start_from: date | None, selected=None, limit=SHORT_LIST) -> None:
        """Shows the first `limit` slots from the local day `start_from` (today if None), and
        the `selected` one (an id) wherever it is."""
        start_from = start_from or timezone.localdate()
        slots = list(self.queryset.filter(start__gte=local_midnight(start_from))[:limit])
        selected_id = parse_id(str(selected)) if selected is not None else None
        if selected_id and selected_id not in {slot.pk for slot in slots}:
            chosen = self.queryset.filter(pk=selected_id).first()
            if chosen is not None:
                slots = sorted([chosen, *slots], key=lambda slot: (slot.start, slot.pk))
        self.offered = slots
        self.choices = [
            (day, [(slot.pk, self.label_from_instance(slot)) for slot in day_slots])
            for day, day_slots in groupby(slots, key=lambda slot: day_label(slot.start))
        ]


class FromDateForm(forms.Form):
    """The GET form above the list: the day the short list starts."""

    depuis = forms.DateField(
        label=gettext_lazy("À partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_depuis(self):
        day = self.cleaned_data["depuis"]
        if day is not None and not in_calendar(day):
            raise forms.ValidationError(calendar_error(day))
        return day


def from_date(request) -> tuple[FromDateForm, date]:
    """The date form of the request, and the day to start from (today unless a valid later
    one was asked for: the list never offers the past)."""
    today = timezone.localdate()
    form = FromDateForm(request.GET if FROM_PARAMETER in request.GET else None)
    if form.is_bound and form.is_valid() and form.cleaned_data[FROM_PARAMETER]:
        return form, max(form.cleaned_data[FROM_PARAMETER], today)
    if not form.is_bound:
        form = FromDateForm(initial={FROM_PARAMETER: today})
    return form, today


def empty_message(start_from: date) -> str:
    return _("Aucun créneau libre à partir du %(day)s : choisissez une autre date.") % {
        "day": day_label(local_midnight(start_from))
    }


def kept_parameters(request) -> list[tuple[str, str]]:
    """What the date form carries over: where to go back to, the preselected slot."""
    return [
        (name, value)
        for name in ("next", PRESELECT_PARAMETER)
        for value in request.GET.getlist(name)[:1]
    ]


def picker_context(request, field, from_form, start_from) -> dict:
    return {
        "from_form": from_form,
        "keep_parameters": kept_parameters(request),
        "no_slot_message": "" if field.offered else empty_message(start_from),
    }
