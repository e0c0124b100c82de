"""The advisers' agenda: a week (hours × days) or a day (hours × advisers) of the slots of
their agencies, with each appointment's state and the actions of the appointment list, and a
printable day list. The reads are in booking.backoffice.agenda; this module parses the request
and says which links each slot offers."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from booking.backoffice import agenda, permissions
from booking.backoffice.admin.actions import available_actions
from booking.models import ACTIVE_STATUSES, AppointmentStatus, MeetingType
from booking.timefmt import LAST_DAY, local_tz, time_label
from home import french

S = AppointmentStatus
NO_ADVISER = "aucun"

# How each state reads (words, never colour alone) and the mark drawn before it.
SLOT_STATES = {
    "free": (gettext_lazy("Libre"), "○"),
    "pending": (gettext_lazy("Demande en attente"), "◔"),
    "confirmed": (gettext_lazy("Confirmé"), "●"),
    "attended": (gettext_lazy("Honoré"), "✓"),
    "no_show": (gettext_lazy("Absent"), "✗"),
    "closed": (gettext_lazy("Fermé"), "⊘"),
}
APPOINTMENT_MARKS = {
    S.PENDING: "◔",
    S.CONFIRMED: "●",
    S.ATTENDED: "✓",
    S.NO_SHOW: "✗",
}


ALL_AGENCIES = "toutes"


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class AgendaFilterForm(forms.Form):
    """The filters: choices from the user's scope only (3 queries). A value outside them is
    another agency's (or nobody's): the view answers 404."""

    agence = forms.ChoiceField(label=gettext_lazy("Agence"), required=False)
    conseiller = forms.ChoiceField(label=gettext_lazy("Conseiller"), required=False)
    type = forms.ChoiceField(label=gettext_lazy("Type de rendez-vous"), required=False)

    def __init__(self, data, *, user, **kwargs):
        agencies = {str(a.pk): a for a in permissions.agencies_for(user)}
        # One agency unless asked otherwise: a manager's 20 agencies are thousands of slots a
        # week, and an adviser works in one agency's day at a time.
        if agencies and not data.get("agence"):
            data = data.copy()
            data["agence"] = next(iter(agencies))
        super().__init__(data, **kwargs)
        self.agencies = agencies
        self.advisers = {
            str(u.pk): u
            for u in permissions.advisers_for(user).order_by("last_name", "first_name", "username")
        }
        self.types = {str(t.pk): t for t in MeetingType.objects.order_by("name")}
        self.fields["agence"].choices = [
            (ALL_AGENCIES, _("Toutes mes agences")),
            *((pk, a.name) for pk, a in self.agencies.items()),
        ]
        self.fields["conseiller"].choices = [
            ("", _("Tous les conseillers")),
            *((pk, _person(u)) for pk, u in self.advisers.items()),
            (NO_ADVISER, _("Sans conseiller")),
        ]
        self.fields["type"].choices = [
            ("", _("Tous les types")),
            *((pk, t.name) for pk, t in self.types.items()),
        ]

    def filters(self) -> agenda.AgendaFilters:
        if not self.is_valid():
            raise Http404(_("Agence, conseiller ou type de rendez-vous inconnu."))
        data = self.cleaned_data
        return agenda.AgendaFilters(
            agency=self.agencies.get(data["agence"]),
            adviser=self.advisers.get(data["conseiller"]),
            no_adviser=data["conseiller"] == NO_ADVISER,
            meeting_type=self.types.get(data["type"]),
        )


@dataclass
class Link:
    label: str
    url: str
    style: str = "button button-small button-secondary"


@dataclass
class AppointmentEntry:
    appointment: object
    status_label: str
    mark: str
    struck: bool  # cancelled, refused, expired: still shown, struck through
    inspect_url: str
    accept_url: str = ""
    links: list[Link] = field(default_factory=list)


@dataclass
class SlotEntry:
    slot: object
    state: str
    state_label: str
    mark: str
    start: str
    end: str
    places: str
    appointments: list[AppointmentEntry]
    book_url: str = ""

    @property
    def show_state(self) -> bool:
        """A booked slot's state is its appointments' (each says its own)."""
        return self.state in ("free", "closed")

    @property
    def state_text(self) -> str:
        """ "Libre", "Libre : 3 places sur 8", "Confirmé · 3 places libres sur 8"."""
        if self.state == "free" and self.slot.capacity > 1:
            return _("Libre : %(left)s places sur %(capacity)s") % {
                "left": self.slot.places_left,
                "capacity": self.slot.capacity,
            }
        return f"{self.state_label} · {self.places}" if self.places else str(self.state_label)


class AgendaView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "booking/admin/agenda.html"
    print_template_name = "booking/admin/agenda_print.html"
    page_title = gettext_lazy("Agenda")
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("booking.view_appointment") or user.has_perm("booking.view_slot")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate(timezone=local_tz())
        self.form = AgendaFilterForm(request.GET, user=request.user)
        self.filters = self.form.filters()
        self.can_view_appointments = request.user.has_perm("booking.view_appointment")
        if request.GET.get("format") == "print":
            return self.print_response()
        if request.GET.get("vue") == "jour":
            self.mode = "day"
            self.day = self._requested_day("jour")
            self.first_day, self.days = self.day, 1
        else:
            self.mode = "week"
            self.first_day, self.days = agenda.monday_of(self._requested_day("semaine")), 7
        return self.render_to_response(self.get_context_data())

    def _requested_day(self, name, *, tell=True) -> date:
        day, self.date_error = agenda.parse_day(self.request.GET.get(name), today=self.today)
        if self.date_error and tell:
            messages.warning(self.request, self.date_error)
        # The last days of the calendar have no next week to link to.
        return min(day, LAST_DAY - timedelta(days=7))

    # --- links ---------------------------------------------------------------------------------

    def url(self, **params) -> str:
        """This page with the current filters and `params` (None drops one)."""
        query = QueryDict(mutable=True)
        for name in ("agence", "conseiller", "type"):
            if self.form.cleaned_data.get(name):
                query[name] = self.form.cleaned_data[name]
        for name, value in params.items():
            if value is not None:
                query[name] = value
        return f"{reverse('booking_agenda')}?{query.urlencode()}"

    def week_url(self, monday: date) -> str:
        return self.url(semaine=monday.isoformat())

    def day_url(self, day: date) -> str:
        return self.url(vue="jour", jour=day.isoformat())

    def print_url(self, day: date) -> str:
        return self.url(format="print", jour=day.isoformat())

    def navigation(self) -> dict:
        if self.mode == "day":
            return {
                "previous": self.day_url(self.day - timedelta(days=1)),
                "next": self.day_url(self.day + timedelta(days=1)),
                "today": self.day_url(self.today),
                "other_view": self.week_url(agenda.monday_of(self.day)),
                "other_view_label": _("Voir la semaine"),
                "previous_label": _("Jour précédent"),
                "next_label": _("Jour suivant"),
                "today_label": _("Aujourd'hui"),
            }
        monday = self.first_day
        return {
            "previous": self.week_url(monday - timedelta(days=7)),
            "next": self.week_url(monday + timedelta(days=7)),
            "today": self.week_url(agenda.monday_of(self.today)),
            "other_view": self.day_url(self.today if self._in_week(self.today) else monday),
            "other_view_label": _("Voir un jour par conseiller"),
            "previous_label": _("Semaine précédente"),
            "next_label": _("Semaine suivante"),
            "today_label": _("Cette semaine"),
        }

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _in_week(self, day: date) -> bool:
        return self.first_day <= day < self.first_day + timedelta(days=7)

    # --- entries -------------------------------------------------------------------------------

    def entries(self, slots) -> dict[int, SlotEntry]:
        user = self.request.user
        bookable = agenda.bookable_slot_ids(slots, now=timezone.now())
        can_book = user.has_perm("booking.add_appointment")
        here = self.request.get_full_path()
        next_query = QueryDict(mutable=True)
        next_query["next"] = here
        book_url = reverse("booking_appointment_modeladmin_create")
        result = {}
        for slot in slots:
            state = agenda.slot_state(slot)
            label, mark = SLOT_STATES[state]
            appointments = [
                self.appointment_entry(appointment, next_query)
                for appointment in slot.appointments.all()
            ]
            book = ""
            if can_book and slot.pk in bookable:
                book = f"{book_url}?creneau={slot.pk}&{next_query.urlencode()}"
            result[slot.pk] = SlotEntry(
                slot=slot,
                state=state,
                state_label=label,
                mark=mark,
                start=time_label(slot.start),
                end=time_label(slot.end),
                places=self.places(slot),
                appointments=appointments,
                book_url=book,
            )
        return result

    @staticmethod
    def places(slot) -> str:
        """The places of a slot for several founders (a workshop): "3 places libres sur 8"."""
        if slot.capacity == 1 or not slot.is_active:
            return ""
        if slot.is_full:
            return _("complet (%(capacity)s places)") % {"capacity": slot.capacity}
        return ngettext(
            "%(left)s place libre sur %(capacity)s",
            "%(left)s places libres sur %(capacity)s",
            slot.places_left,
        ) % {"left": slot.places_left, "capacity": slot.capacity}

    def appointment_entry(self, appointment, next_query) -> AppointmentEntry:
        held = appointment.status in ACTIVE_STATUSES or appointment.status in agenda.HELD_STATUSES
        entry = AppointmentEntry(
            appointment=appointment,
            status_label=appointment.get_status_display(),
            mark=APPOINTMENT_MARKS.get(appointment.status, "–"),
            struck=not held,
            inspect_url=reverse("booking_appointment_modeladmin_inspect", args=[appointment.pk]),
        )
        for action in available_actions(appointment, self.request.user):
            url = reverse(f"booking_appointment_modeladmin_{action.name}", args=[appointment.pk])
            if action.direct and action.name == "accepter":
                entry.accept_url = url
            else:
                entry.links.append(Link(action.label, f"{url}?{next_query.urlencode()}"))
        return entry

    # --- pages ---------------------------------------------------------------------------------

    def period_label(self) -> str:
        if self.mode == "day":
            return french.full_date(self.day)
        last = self.first_day + timedelta(days=6)
        return _("Semaine du %(first)s au %(last)s") % {
            "first": french.long_date(self.first_day),
            "last": french.long_date(last),
        }

    def get_context_data(self, **kwargs):
        user = self.request.user
        slots = agenda.agenda_slots(
            user, first_day=self.first_day, days=self.days, filters=self.filters
        )
        closures = agenda.agenda_closures(
            user, first_day=self.first_day, days=self.days, filters=self.filters
        )
        entries = self.entries(slots)
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            mode=self.mode,
            period_label=self.period_label(),
            navigation=self.navigation(),
            can_view_appointments=self.can_view_appointments,
            show_agency=self.filters.agency is None and len(self.form.agencies) > 1,
            print_url=self.print_url(self.day if self.mode == "day" else self._print_day()),
        )
        if self.mode == "day":
            advisers = agenda.agenda_advisers(user, filters=self.filters, slots=slots)
            keys = [a.pk for a in advisers]
            columns = [{"key": a.pk, "label": _person(a)} for a in advisers]
            if self.filters.adviser is None:
                keys.append(None)
                columns.append({"key": "aucun", "label": _("Sans conseiller")})
            rows = agenda.day_grid(slots, adviser_ids=keys)
            context.update(
                columns=columns,
                closures=closures,
                rows=self._rows(rows, entries, [c["key"] for c in columns]),
            )
        else:
            days = [self.first_day + timedelta(days=n) for n in range(7)]
            by_day = agenda.closures_by_day(closures, days)
            context.update(
                columns=[
                    {
                        "key": day.isoformat(),
                        "label": french.full_date(day, year=False),
                        "today": day == self.today,
                        "day_url": self.day_url(day),
                        "print_url": self.print_url(day),
                        "closures": by_day[day],
                    }
                    for day in days
                ],
                has_closures=bool(closures),
                rows=self._rows(
                    agenda.week_grid(slots, monday=self.first_day),
                    entries,
                    [d.isoformat() for d in days],
                ),
            )
        context["slot_count"] = len(slots)
        return context

    def _print_day(self) -> date:
        return self.today if self._in_week(self.today) else self.first_day

    @staticmethod
    def _rows(rows, entries, column_keys):
        return [
            {
                "hour": row.hour,
                "cells": [
                    {"column": key, "entries": [entries[slot.pk] for slot in cell.slots]}
                    for key, cell in zip(column_keys, row.cells, strict=True)
                ],
            }
            for row in rows
        ]

    def print_response(self):
        if not self.can_view_appointments:
            raise PermissionDenied
        # The printed page shows no admin messages: the error is in the page itself.
        day = self._requested_day("jour", tell=False)
        return TemplateResponse(
            self.request,
            self.print_template_name,
            {
                "day": day,
                "day_label": french.full_date(day),
                "agency_days": agenda.day_list(self.request.user, day=day, filters=self.filters),
                "agenda_url": self.day_url(day),
                "date_error": self.date_error,
            },
        )
