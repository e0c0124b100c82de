"""Slots: list with filters (agency, meeting type, adviser, dates, free / partly booked / full),
create, edit and delete through booking.services.slots."""

from django.contrib.admin import SimpleListFilter
from django.db.models import F
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, InspectView

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin
from booking.backoffice.admin.mixins import ServiceFormMixin
from booking.backoffice.admin.scoping import (
    AdviserFilter,
    AgencyFilter,
    DateRangeFilter,
    MeetingTypeFilter,
    ScopedHistoryView,
    ScopedInstanceMixin,
    ScopedPermissionHelper,
)
from booking.errors import BookingError
from booking.models import MeetingType, Slot
from booking.timefmt import slot_label


class SlotPermissionHelper(ScopedPermissionHelper):
    def agency_of(self, obj):
        return obj.agency_id


class FillFilter(SimpleListFilter):
    title = gettext_lazy("remplissage")
    parameter_name = "remplissage"

    def lookups(self, request, model_admin):
        return [
            ("libre", gettext_lazy("Libre")),
            ("partiel", gettext_lazy("Partiellement réservé")),
            ("complet", gettext_lazy("Complet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "libre":
            return queryset.filter(booked_count=0)
        if self.value() == "partiel":
            return queryset.filter(booked_count__gt=0, booked_count__lt=F("capacity"))
        if self.value() == "complet":
            return queryset.filter(booked_count__gte=F("capacity"))
        return queryset


class SlotForm(WagtailAdminModelForm):
    """Agency and adviser choices are limited to the user's agencies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["agency"].queryset = permissions.agencies_for(user)
        self.fields["meeting_type"].queryset = MeetingType.objects.filter(is_active=True)
        self.fields["adviser"].queryset = permissions.advisers_for(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("La fin doit suivre le début."))
        return cleaned


SLOT_PANELS = ObjectList(
    [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("meeting_type")]),
        FieldPanel("adviser"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("is_active")]),
    ],
    base_form_class=SlotForm,
)


class SlotCreateView(ServiceFormMixin, CreateView):
    def save(self, form):
        data = form.cleaned_data
        return services.slot_create(
            agency=data["agency"],
            meeting_type=data["meeting_type"],
            adviser=data["adviser"],
            start=data["start"],
            end=data["end"],
            capacity=data["capacity"],
            by=self.request.user,
        )


class SlotEditView(ServiceFormMixin, ScopedInstanceMixin, EditView):
    def save(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.slot_update(
            slot=Slot.objects.get(pk=self.instance.pk), changes=changes, by=self.request.user
        )


class SlotDeleteView(ScopedInstanceMixin, DeleteView):
    def confirmation_message(self):
        return _(
            "Supprimer ce créneau ? Un créneau qui a un historique de rendez-vous (annulés, "
            "refusés…) est seulement désactivé."
        )

    def post(self, request, *args, **kwargs):
        try:
            deleted = services.slot_delete(slot=self.instance)
        except BookingError as error:
            messages.error(request, error.message)
            return redirect(self.index_url)
        if deleted:
            messages.success(request, _("Créneau supprimé."))
        else:
            messages.warning(
                request,
                _("Ce créneau a un historique de rendez-vous : il est désactivé, pas supprimé."),
            )
        return redirect(self.index_url)


class SlotInspectView(ScopedInstanceMixin, InspectView):
    pass


class SlotDateFilter(DateRangeFilter):
    field_path = "start"


class SlotAdmin(BookingModelAdmin):
    history_view_class = ScopedHistoryView
    model = Slot
    menu_label = gettext_lazy("Créneaux")
    menu_icon = "date"
    permission_helper_class = SlotPermissionHelper
    create_view_class = SlotCreateView
    edit_view_class = SlotEditView
    delete_view_class = SlotDeleteView
    inspect_view_class = SlotInspectView
    inspect_view_enabled = True
    index_template_name = "booking/admin/slot_index.html"
    list_display = ("when", "agency", "meeting_type", "adviser_name", "places", "fill")
    list_filter = (AgencyFilter, MeetingTypeFilter, AdviserFilter, SlotDateFilter, FillFilter)
    list_select_related = ("agency", "meeting_type", "adviser")
    list_per_page = 50
    search_fields = ("agency__name", "meeting_type__name", "adviser__last_name")
    inspect_view_fields = [
        "agency",
        "meeting_type",
        "adviser",
        "start",
        "end",
        "capacity",
        "booked_count",
        "is_active",
    ]
    edit_handler = SLOT_PANELS

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return permissions.scope(queryset, request.user, agency_path="agency")

    def get_ordering(self, request):
        # From today on by default, the soonest first (SlotDateFilter).
        if SlotDateFilter.newest_first(request.GET):
            return ("-start", "-pk")
        return ("start", "pk")

    def when(self, slot):
        return slot_label(slot.start, slot.end)

    when.short_description = gettext_lazy("créneau")
    when.admin_order_field = "start"

    def adviser_name(self, slot):
        if slot.adviser is None:
            return "—"
        return slot.adviser.get_full_name() or slot.adviser.get_username()

    adviser_name.short_description = gettext_lazy("conseiller")

    def places(self, slot):
        return f"{slot.booked_count} / {slot.capacity}"

    places.short_description = gettext_lazy("réservées")

    def fill(self, slot):
        if not slot.is_active:
            label, css = _("Désactivé"), "secondary"
        elif slot.booked_count == 0:
            label, css = _("Libre"), "success"
        elif slot.booked_count < slot.capacity:
            label, css = _("Partiel"), "warning"
        else:
            label, css = _("Complet"), "critical"
        return format_html('<span class="w-status w-status--{}">{}</span>', css, label)

    fill.short_description = gettext_lazy("état")
