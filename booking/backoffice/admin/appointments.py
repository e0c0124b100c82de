"""Appointments: list (upcoming meetings by date, soonest first) with filters, search and
export; the inspect view with everything the founder entered and the status history; actions;
booking on a founder's behalf; correction of the founder's details."""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import EditView, InspectView

from booking import founders, selectors, services
from booking.backoffice import export, founder_history, permissions
from booking.backoffice.admin import notes, slot_picker
from booking.backoffice.admin.actions import ACTIONS, AppointmentActionView, available_actions
from booking.backoffice.admin.base import (
    BookingIndexView,
    BookingModelAdmin,
    field_filter,
    parse_id,
)
from booking.backoffice.admin.mixins import BookingPageMixin, ServiceFormMixin
from booking.backoffice.admin.scoping import (
    AdviserFilter,
    AgencyFilter,
    DateRangeFilter,
    MeetingTypeFilter,
    ScopedHistoryView,
    ScopedInstanceMixin,
    ScopedPermissionHelper,
)
from booking.backoffice.admin.slot_picker import SlotPickerField
from booking.errors import BookingError
from booking.models import Appointment, AppointmentStatus, FollowUpNote, Slot
from booking.timefmt import slot_label
from home.security import safe_next

S = AppointmentStatus
STATUS_STYLES = {
    S.PENDING: "warning",
    S.CONFIRMED: "success",
    S.ATTENDED: "success",
    S.REFUSED: "critical",
    S.NO_SHOW: "critical",
}


class AppointmentPermissionHelper(ScopedPermissionHelper):
    # Appointments are never deleted by the workflow: they are cancelled, refused…
    can_delete = False

    def agency_of(self, obj):
        return obj.slot.agency_id


class AppointmentButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, **kwargs)
        if "actions" in (exclude or []):
            return buttons
        for action in available_actions(obj, self.request.user):
            if action.name in ("accepter", "refuser"):
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action.name, obj.pk),
                        "label": action.label,
                        "classname": self.finalise_classname(
                            [*action.style.split(), *(classnames_add or [])]
                        ),
                        "title": action.label,
                    }
                )
        return buttons


class AppointmentAgencyFilter(AgencyFilter):
    agency_path = "slot__agency"


class AppointmentMeetingTypeFilter(MeetingTypeFilter):
    meeting_type_path = "slot__meeting_type"


class AppointmentAdviserFilter(AdviserFilter):
    adviser_path = "slot__adviser"


class AppointmentDateFilter(DateRangeFilter):
    title = gettext_lazy("date du rendez-vous")
    field_path = "slot__start"


class AppointmentIndexView(BookingIndexView):
    """The list, and its export in the same filters (?export=csv, csv_excel or xlsx). The
    follow-up notes of the appointments listed (the user's agencies) are exported only when
    asked for (&notes=1): a spreadsheet travels further than the back-office."""

    FORMATS = ("csv", "csv_excel", "xlsx")
    # What a row shows (AppointmentAdmin.list_display) and its buttons need: fifty rows are
    # built from these columns, not from every field of an appointment and of its relations.
    # The export reads its own columns (booking/backoffice/export.py).
    LIST_COLUMNS = (
        "reference",
        "status",
        "first_name",
        "last_name",
        "email_bounced_at",
        "project_name",
        "slot__start",
        "slot__end",
        "slot__agency__name",
        "slot__meeting_type__name",
    )

    def get_base_queryset(self, request=None):
        return super().get_base_queryset(request).only(*self.LIST_COLUMNS)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        notes = self.request.GET.get("notes") == "1"
        filename = f"rendez-vous-{timezone.localdate():%Y-%m-%d}"
        if notes:
            filename += "-comptes-rendus"
        if spreadsheet_format == "xlsx":
            return FileResponse(
                export.xlsx_file(queryset, notes=notes),
                as_attachment=True,
                filename=f"{filename}.xlsx",
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        delimiter = ";" if spreadsheet_format == "csv_excel" else ","
        response = StreamingHttpResponse(
            export.csv_chunks(queryset, delimiter=delimiter, notes=notes),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


# A follow-up note typed may quote the founder: kept out of error reports.
@method_decorator(sensitive_post_parameters("text"), name="dispatch")
class AppointmentInspectView(notes.FollowUpNotesInspectMixin, ScopedInstanceMixin, InspectView):
    """Everything about the appointment, the founder's other appointments (in the user's
    agencies) and the advisers' follow-up notes."""

    def get_context_data(self, **kwargs):
        appointment = (
            Appointment.objects.select_related(
                "slot__agency", "slot__meeting_type", "slot__adviser", "booked_by"
            )
            .prefetch_related(
                "history__changed_by",
                Prefetch("followup_notes", FollowUpNote.objects.select_related("author")),
            )
            .get(pk=self.instance.pk)
        )
        actions = available_actions(appointment, self.request.user)
        context = super().get_context_data(**kwargs)
        context.update(
            appointment=appointment,
            slot_text=slot_label(appointment.slot.start, appointment.slot.end),
            answers=[
                (item.get("question", ""), _answer_text(item.get("answer", "")))
                for item in appointment.answers or []
            ],
            status_style=STATUS_STYLES.get(appointment.status, "secondary"),
            actions=[
                {
                    "action": action,
                    "url": self.url_helper.get_action_url(action.name, appointment.pk),
                }
                for action in actions
            ],
            can_edit=self.permission_helper.user_can_edit_obj(self.request.user, appointment),
            **self.founder_history_context(appointment),
            **self.notes_context(appointment),
        )
        return context

    def founder_history_context(self, appointment):
        others, more = founder_history.founder_other_appointments(
            appointment, user=self.request.user
        )
        return {
            "other_appointments": [
                {
                    "appointment": other,
                    "slot_text": slot_label(other.slot.start, other.slot.end),
                    "status_style": STATUS_STYLES.get(other.status, "secondary"),
                    "url": self.url_helper.get_action_url("inspect", other.pk),
                }
                for other in others
            ],
            "more_other_appointments": more,
            "other_appointments_limit": founder_history.OTHER_APPOINTMENTS_LIMIT,
        }


def _answer_text(answer) -> str:
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


class FounderDetailsForm(
    founders.form_class(
        WagtailAdminModelForm,
        staff=True,
        widgets={"project_description": AdminAutoHeightTextInput},
    )
):
    """The correction form: the founder's fields as the back-office asks them (validated and
    normalised like the public form's), over the model's."""


DETAIL_PANELS = ObjectList(
    [
        FieldRowPanel([FieldPanel("civility"), FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("postal_code")]),
        FieldPanel("project_name"),
        FieldPanel("project_description"),
        FieldRowPanel([FieldPanel("project_stage"), FieldPanel("project_sector")]),
        FieldPanel("heard_from"),
    ],
    base_form_class=FounderDetailsForm,
)


# The founder's details stay out of error reports (like the public booking form's).
@method_decorator(sensitive_post_parameters(), name="dispatch")
class AppointmentEditView(ServiceFormMixin, ScopedInstanceMixin, EditView):
    """Corrects the founder's details only; status and slot change through the actions."""

    def get_edit_handler(self):
        return DETAIL_PANELS.bind_to_model(Appointment)

    def save(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.appointment_update_details(
            appointment=Appointment.objects.get(pk=self.instance.pk),
            changes=changes,
            by=self.request.user,
        )

    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", self.instance.pk)


class AdviserBookingForm(founders.form_class(forms.Form, staff=True)):
    """A booking taken by phone: the same details as the public form (booking/founders.py)."""

    field_order = ["slot", *founders.STAFF_NAMES, "informed"]

    slot = SlotPickerField(
        label=gettext_lazy("Créneau"), queryset=Slot.objects.none(), with_agency=True
    )
    informed = forms.BooleanField(
        label=gettext_lazy(
            "Le porteur de projet a été informé de l'usage de ses données "
            "(politique de confidentialité) et l'accepte."
        )
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, user, start_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The slots an adviser may book (SlotQuerySet.bookable), in the agencies they work for.
        field = self.fields["slot"]
        field.queryset = (
            Slot.objects.bookable(
                agencies=permissions.agencies_for(user), now=timezone.now(), by_adviser=True
            )
            .select_related("agency", "meeting_type", "adviser")
            .order_by("start", "agency", "pk")
        )
        field.offer(
            start_from=start_from, selected=self.data.get("slot") or self.initial.get("slot")
        )

    def founder(self) -> services.FounderDetails:
        return founders.details_from(self.cleaned_data)


@method_decorator(sensitive_post_parameters(), name="dispatch")
class AppointmentBookView(BookingPageMixin, FormView):
    template_name = "booking/admin/appointment_book.html"
    form_class = AdviserBookingForm
    header_icon = "calendar"
    page_title = gettext_lazy("Prendre un rendez-vous pour un porteur de projet")
    model_admin = None

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # ?creneau=<id>: a slot chosen beforehand (from the agenda), if it is still bookable.
        preselected = parse_id(self.request.GET.get(slot_picker.PRESELECT_PARAMETER))
        return {"submission_key": f"admin-{secrets.token_urlsafe(24)}", "slot": preselected}

    def get_form_kwargs(self):
        self.from_form, self.start_from = slot_picker.from_date(self.request)
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "start_from": self.start_from,
        }

    def form_valid(self, form):
        page = selectors.booking_page()
        try:
            result = services.appointment_book(
                slot_id=form.cleaned_data["slot"].pk,
                founder=form.founder(),
                privacy_version=page.privacy_version if page else "telephone",
                submission_key=form.cleaned_data["submission_key"],
                booked_by=self.request.user,
            )
        except BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Rendez-vous %(reference)s enregistré : le porteur de projet reçoit un email.")
            % {"reference": result.appointment.reference},
        )
        # Back to where the adviser came from (the agenda's week), else the new appointment.
        return redirect(
            safe_next(
                self.request,
                self.model_admin.url_helper.get_action_url("inspect", result.appointment.pk),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            index_url=safe_next(self.request, self.model_admin.url_helper.index_url), **kwargs
        )
        context.update(
            slot_picker.picker_context(
                self.request, context["form"].fields["slot"], self.from_form, self.start_from
            )
        )
        return context


class AppointmentAdmin(BookingModelAdmin):
    history_view_class = ScopedHistoryView
    model = Appointment
    menu_label = gettext_lazy("Rendez-vous")
    menu_icon = "calendar"
    permission_helper_class = AppointmentPermissionHelper
    button_helper_class = AppointmentButtonHelper
    index_view_class = AppointmentIndexView
    inspect_view_class = AppointmentInspectView
    edit_view_class = AppointmentEditView
    inspect_view_enabled = True
    index_template_name = "booking/admin/appointment_index.html"
    inspect_template_name = "booking/admin/appointment_inspect.html"
    list_display = ("reference", "founder", "project_name", "meeting", "status_badge")
    list_filter = (
        AppointmentAgencyFilter,
        field_filter(Appointment, "status"),  # ?status=pending: the dashboard's link
        AppointmentMeetingTypeFilter,
        AppointmentAdviserFilter,
        AppointmentDateFilter,
    )
    list_select_related = ("slot__agency", "slot__meeting_type")
    list_per_page = 50
    search_fields = ("reference", "first_name", "last_name", "email", "project_name")
    export_filename = "rendez-vous"

    def get_queryset(self, request):
        return permissions.appointments_for(request.user)

    def get_ordering(self, request):
        # By meeting date: from today on by default, the soonest first (AppointmentDateFilter).
        if AppointmentDateFilter.newest_first(request.GET):
            return ("-slot__start", "-pk")
        return ("slot__start", "pk")

    def create_view(self, request):
        return AppointmentBookView.as_view(model_admin=self)(request)

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        return (
            urls
            + tuple(
                re_path(
                    self.url_helper.get_action_url_pattern(name),
                    AppointmentActionView.as_view(model_admin=self, action=action),
                    name=self.url_helper.get_action_url_name(name),
                )
                for name, action in ACTIONS.items()
            )
            + tuple(notes.urls(self))
        )

    def founder(self, appointment):
        if appointment.email_bounced_at:
            return format_html(
                '{} <span class="booking-status booking-status--danger">{}</span>',
                appointment.full_name,
                gettext_lazy("email rejeté"),
            )
        return appointment.full_name

    founder.short_description = gettext_lazy("porteur de projet")
    founder.admin_order_field = "last_name"

    def meeting(self, appointment):
        slot = appointment.slot
        return f"{slot.agency} · {slot_label(slot.start, slot.end)} · {slot.meeting_type}"

    meeting.short_description = gettext_lazy("rendez-vous")
    meeting.admin_order_field = "slot__start"

    def status_badge(self, appointment):
        return format_html(
            '<span class="booking-status booking-status--{}">{}</span>',
            STATUS_STYLES.get(appointment.status, "secondary"),
            S(appointment.status).label,  # without rebuilding the field's choices per row
        )

    status_badge.short_description = gettext_lazy("statut")
    status_badge.admin_order_field = "status"
