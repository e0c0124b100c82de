"""Closure days and absences. Declaring one takes its slots off the booking pages and lists
the appointments that need a decision (on the closure's page, with links to each)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.views import CreateView, DeleteView, EditView, InspectView

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin
from booking.backoffice.admin.scoping import (
    ScopedHistoryView,
    ScopedInstanceMixin,
    ScopedPermissionHelper,
)
from booking.errors import BookingError
from booking.models import Closure


class ClosurePermissionHelper(ScopedPermissionHelper):
    def agency_of(self, obj):
        # An adviser's absence has no agency: the queryset scope (closures_for) covers it.
        return obj.agency_id


class ClosureForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "agency" in self.fields:
            self.fields["agency"].queryset = permissions.agencies_for(self.for_user)
            self.fields["adviser"].queryset = permissions.advisers_for(self.for_user)

    def clean(self):
        cleaned = super().clean()
        if "agency" in self.fields and not (cleaned.get("agency") or cleaned.get("adviser")):
            raise ValidationError(_("Choisissez une agence ou un conseiller absent."))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin doit suivre la date de début."))
        return cleaned


class ClosureCreateView(CreateView):
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = services.closure_declare(
                agency=data["agency"],
                adviser=data["adviser"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                reason=data["reason"],
                by=self.request.user,
            )
        except BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        message = ngettext(
            "%(count)s créneau retiré de la réservation.",
            "%(count)s créneaux retirés de la réservation.",
            result.deactivated,
        ) % {"count": result.deactivated}
        if result.to_decide:
            message += " " + ngettext(
                "%(count)s rendez-vous tombe pendant cette fermeture : décidez de sa suite "
                "(maintenir, déplacer ou annuler).",
                "%(count)s rendez-vous tombent pendant cette fermeture : décidez pour chacun "
                "(maintenir, déplacer ou annuler).",
                len(result.to_decide),
            ) % {"count": len(result.to_decide)}
            messages.warning(self.request, message)
        else:
            messages.success(self.request, message)
        return redirect(self.url_helper.get_action_url("inspect", result.closure.pk))


class ClosureEditView(ScopedInstanceMixin, EditView):
    """Only the reason changes afterwards: new dates are a new closure."""

    def get_edit_handler(self):
        return ObjectList([FieldPanel("reason")], base_form_class=ClosureForm).bind_to_model(
            Closure
        )


class ClosureInspectView(ScopedInstanceMixin, InspectView):
    def get_context_data(self, **kwargs):
        appointments = permissions.scope(
            services.closure_appointments(self.instance),
            self.request.user,
            agency_path="slot__agency",
        )
        return super().get_context_data(to_decide=appointments, **kwargs)


class ClosureDeleteView(ScopedInstanceMixin, DeleteView):
    def confirmation_message(self):
        return _(
            "Supprimer cette fermeture ? Les créneaux qu'elle a désactivés ne sont pas "
            "réactivés automatiquement."
        )


class ClosureAdmin(BookingModelAdmin):
    history_view_class = ScopedHistoryView
    model = Closure
    menu_label = gettext_lazy("Fermetures et absences")
    menu_icon = "no-view"
    permission_helper_class = ClosurePermissionHelper
    create_view_class = ClosureCreateView
    edit_view_class = ClosureEditView
    inspect_view_class = ClosureInspectView
    delete_view_class = ClosureDeleteView
    inspect_view_enabled = True
    inspect_template_name = "booking/admin/closure_inspect.html"
    list_display = ("__str__", "agency", "adviser", "start_date", "end_date", "reason")
    list_select_related = ("agency", "adviser")
    inspect_view_fields = ["agency", "adviser", "start_date", "end_date", "reason"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("agency"), FieldPanel("adviser")]),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("reason"),
        ],
        base_form_class=ClosureForm,
    )

    def get_queryset(self, request):
        return permissions.closures_for(request.user).select_related("agency", "adviser")
