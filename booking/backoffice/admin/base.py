"""What every booking ModelAdmin shares: lists that apply their declared filters and nothing
else, and object URLs that take a database id only.

modeladmin hands every query parameter that no filter claims to the ORM as a lookup: an unknown
name answered 500 (?date=week), and a known one let anyone probe any related field
(?slot__agency__advisers__password__startswith=…). Django's own field filters (named by a
string in list_filter) turn a malformed value into the same error. Here every filter is a class
that parses its own parameter and ignores a value it does not know; any other parameter is
ignored; NUL bytes (which PostgreSQL refuses in a query) are dropped from the query string.
"""

import re

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import AdminURLHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

# A database id: ASCII digits ("²" is a digit for str.isdigit), within a 64-bit integer
# (SQLite refuses a larger one).
ID_PATTERN = r"[0-9]{1,18}"


def parse_id(value) -> int | None:
    """A database id from a query parameter, or None."""
    if isinstance(value, str) and re.fullmatch(ID_PATTERN, value):
        return int(value)
    return None


class BookingURLHelper(AdminURLHelper):
    """An object URL with anything but an id in it (inspect/abc/, a 20-digit number) is a
    plain 404 from the URL resolver, never a database error."""

    def get_action_url_pattern(self, action):
        if action in ("create", "choose_parent", "index"):
            return super().get_action_url_pattern(action)
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>{ID_PATTERN})/$"


class FieldValueFilter(SimpleListFilter):
    """A list filter on one field: its choices, « Oui » / « Non » for a boolean, or the values
    present. `field_filter(model, name)` makes one; any other value is ignored."""

    field_name = ""

    def lookups(self, request, model_admin):
        field = model_admin.model._meta.get_field(self.field_name)
        if isinstance(field, models.BooleanField):
            return [("1", _("Oui")), ("0", _("Non"))]
        if field.choices:
            return [(str(value), label) for value, label in field.flatchoices]
        values = model_admin.get_queryset(request).order_by(self.field_name)
        return [(v, v) for v in values.values_list(self.field_name, flat=True).distinct()]

    def queryset(self, request, queryset):
        value = self.value()
        if value not in dict(self.lookup_choices):
            return queryset
        field = queryset.model._meta.get_field(self.field_name)
        if isinstance(field, models.BooleanField):
            value = value == "1"
        return queryset.filter(**{self.field_name: value})


def field_filter(model, field_name: str) -> type[FieldValueFilter]:
    field = model._meta.get_field(field_name)
    attributes = {"title": field.verbose_name, "parameter_name": field_name}
    name = field_name.title().replace("_", "") + "Filter"
    return type(name, (FieldValueFilter,), {"field_name": field_name, **attributes})


def filter_parameters(list_filter) -> set[str]:
    """The parameter names the declared filters read."""
    names = set()
    for spec in list_filter:
        if isinstance(spec, type) and issubclass(spec, SimpleListFilter):
            names.add(spec.parameter_name)
        elif isinstance(spec, type) and hasattr(spec, "parameter_names"):
            names.update(spec.parameter_names())
        else:
            raise ImproperlyConfigured(
                f"{spec!r}: a booking list filter is a SimpleListFilter (see field_filter)."
            )
    return names


def without_nul(query: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for name, values in query.lists():
        clean.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    clean._mutable = False
    return clean


class BookingIndexView(IndexView):
    def dispatch(self, request, *args, **kwargs):
        request.GET = without_nul(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def get_filters_params(self, params=None):
        names = filter_parameters(self.list_filter)
        lookups = super().get_filters_params(params)
        return {name: value for name, value in lookups.items() if name in names}


class BookingModelAdmin(ModelAdmin):
    index_view_class = BookingIndexView
    url_helper_class = BookingURLHelper

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        filter_parameters(self.list_filter)  # a string filter fails at start-up, not in a list
