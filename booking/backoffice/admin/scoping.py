"""The agency scope applied to modeladmin: querysets, object permissions, list filters.

modeladmin loads the object of an inspect/edit/delete view from the default manager; the
`ScopedInstanceMixin` answers 404 when it lies outside the user's agencies, and the permission
helper hides the buttons of such objects.
"""

from datetime import date, timedelta

from django.contrib.admin import ListFilter, SimpleListFilter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import HistoryView

from booking.backoffice import permissions
from booking.backoffice.admin.base import parse_id
from booking.models import MeetingType
from booking.timefmt import in_calendar, local_midnight, local_tz


class ScopedPermissionHelper(PermissionHelper):
    """Model permissions from the user's groups, plus the agency scope for each object.
    `agency_of(obj)` returns the agency id an object belongs to (None: not agency-bound)."""

    can_create = True
    can_edit = True
    can_delete = True

    def agency_of(self, obj):
        return None

    def in_scope(self, user, obj) -> bool:
        agency_id = self.agency_of(obj)
        return agency_id is None or permissions.in_scope(user, agency_id)

    def user_can_create(self, user):
        return self.can_create and super().user_can_create(user)

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return self.can_edit and super().user_can_edit_obj(user, obj) and self.in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return (
            self.can_delete and super().user_can_delete_obj(user, obj) and self.in_scope(user, obj)
        )


class ScopedInstanceMixin:
    """For modeladmin's instance views: an object outside `model_admin.get_queryset(request)`
    does not exist for this user (404), before any permission check."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            visible = self.model_admin.get_queryset(request).filter(pk=self.instance.pk)
            if not visible.exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedHistoryView(ScopedInstanceMixin, HistoryView):
    pass


class AgencyFilter(SimpleListFilter):
    """Only the user's agencies are offered."""

    title = _("agence")
    parameter_name = "agence"
    agency_path = "agency"

    def lookups(self, request, model_admin):
        return [(str(a.pk), a.name) for a in permissions.agencies_for(request.user)]

    def queryset(self, request, queryset):
        agency_id = parse_id(self.value())
        if agency_id is not None:
            return queryset.filter(**{f"{self.agency_path}_id": agency_id})
        return queryset


class MeetingTypeFilter(SimpleListFilter):
    """Django's related-field filter needs django.contrib.admin installed: a simple one."""

    title = _("type de rendez-vous")
    parameter_name = "type"
    meeting_type_path = "meeting_type"

    def lookups(self, request, model_admin):
        return [(str(t.pk), t.name) for t in MeetingType.objects.order_by("name")]

    def queryset(self, request, queryset):
        meeting_type_id = parse_id(self.value())
        if meeting_type_id is not None:
            return queryset.filter(**{f"{self.meeting_type_path}_id": meeting_type_id})
        return queryset


class AdviserFilter(SimpleListFilter):
    title = _("conseiller")
    parameter_name = "conseiller"
    adviser_path = "adviser"

    def lookups(self, request, model_admin):
        # modeladmin builds its filters twice per list: the advisers are read once.
        choices = getattr(request, "_booking_adviser_choices", None)
        if choices is None:
            advisers = permissions.advisers_for(request.user).order_by("last_name", "username")
            choices = [
                (str(pk), f"{first} {last}".strip() or username)
                for pk, first, last, username in advisers.values_list(
                    "pk", "first_name", "last_name", "username"
                )
            ] + [("aucun", _("Sans conseiller"))]
            request._booking_adviser_choices = choices
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "aucun":
            return queryset.filter(**{f"{self.adviser_path}__isnull": True})
        adviser_id = parse_id(value)
        if adviser_id is not None:
            return queryset.filter(**{f"{self.adviser_path}_id": adviser_id})
        return queryset


class DateRangeFilter(ListFilter):
    """Meeting dates between `du` and `au` (local days, inclusive), with presets and a small
    form for any range.

    With neither parameter, the list starts at today (`upcoming_by_default`): what is coming
    up is what an adviser works on; `?du=tout` is every date. `newest_first(query)` tells the
    list its direction: the soonest first, except for the past alone or every date, latest
    first. Both orders follow the date column, which an index serves (a "pending first" CASE
    over every appointment would not)."""

    title = _("date")
    field_path = "start"
    template = "booking/admin/date_range_filter.html"
    from_param = "du"
    to_param = "au"
    every_date = "tout"
    upcoming_by_default = True

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in self.expected_parameters():
            if name in params:
                value = params.pop(name)
                value = value[-1] if isinstance(value, list) else value
                self.used_parameters[name] = value
                self.values[name] = _parse_date(value)
        if self.upcoming_by_default and not self.used_parameters:
            self.values[self.from_param] = timezone.localdate(timezone=local_tz())

    @classmethod
    def newest_first(cls, query) -> bool:
        """Latest first for the past alone (`au` without `du`) and for every date."""
        first, last = query.get(cls.from_param), query.get(cls.to_param)
        if first == cls.every_date:
            return True
        return bool(last) and not first

    def has_output(self):
        return True

    @classmethod
    def parameter_names(cls):
        return [cls.from_param, cls.to_param]

    def expected_parameters(self):
        return self.parameter_names()

    def queryset(self, request, queryset):
        first, last = self.values.get(self.from_param), self.values.get(self.to_param)
        if first:
            queryset = queryset.filter(**{f"{self.field_path}__gte": local_midnight(first)})
        if last:
            queryset = queryset.filter(
                **{f"{self.field_path}__lt": local_midnight(last + timedelta(days=1))}
            )
        return queryset

    def choices(self, changelist):
        self.changelist = changelist
        today = timezone.localdate(timezone=local_tz())
        month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(1)
        presets = [
            (_("Toutes"), self.every_date, None),
            (_("Aujourd'hui"), today, today),
            (_("Demain"), today + timedelta(days=1), today + timedelta(days=1)),
            (_("7 prochains jours"), today, today + timedelta(days=6)),
            (_("Ce mois-ci"), today.replace(day=1), month_end),
            (_("À venir"), today, None),
            (_("Passés"), None, today - timedelta(days=1)),
        ]
        current = (
            self.used_parameters.get(self.from_param),
            self.used_parameters.get(self.to_param),
        )
        if not self.used_parameters and self.upcoming_by_default:
            current = (today.isoformat(), None)
        for label, first, last in presets:
            values = tuple(
                day.isoformat() if isinstance(day, date) else day for day in (first, last)
            )
            yield {
                "selected": values == current,
                "query_string": changelist.get_query_string(
                    {self.from_param: values[0], self.to_param: values[1]}, [changelist.PAGE_VAR]
                ),
                "display": label,
            }

    def hidden_params(self):
        """The other filters of the current list, kept by the custom-range form."""
        keep = []
        for name, values in self.changelist.params.lists():
            if name in (self.from_param, self.to_param, self.changelist.PAGE_VAR):
                continue
            keep.extend((name, v) for v in values)
        return keep

    def current(self, name):
        value = self.values.get(name)
        return value.isoformat() if value else ""

    def current_from(self):
        return self.current(self.from_param)

    def current_to(self):
        return self.current(self.to_param)


def _parse_date(value):
    """A day of the calendar, or None (ignored): not a date, or one no appointment can have
    (year 1 or 9999, whose midnight the time zones cannot compute)."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return None
    return day if in_calendar(day) else None
