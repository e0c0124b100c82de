"""Requests of founders about their personal data (RGPD): find every appointment of an email
address across agencies, export them (JSON or CSV), erase them (anonymise). Managers
("Responsables") and superusers only.

Every form is POSTed: the address never appears in a URL, hence in no access log, browser
history or Referer. Exports and erasures are logged on each appointment's history, labelled
with its reference only, and in the application log without any personal data.
"""

import json
import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import LogFormatter

from booking.backoffice import export, permissions
from booking.backoffice.admin.mixins import BookingPageMixin
from booking.services import privacy

logger = logging.getLogger(__name__)

FORMATS = ("json", "csv")


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    @actions.register_action(privacy.LOG_ACTION_ANONYMIZE)
    class Anonymised(LogFormatter):
        label = gettext_lazy("Anonymisation (RGPD)")

        def format_message(self, log_entry):
            if (log_entry.data or {}).get("reason") == privacy.REASON_REQUEST:
                return _("Données personnelles effacées à la demande du porteur de projet")
            return _("Données personnelles anonymisées (durée de conservation écoulée)")

    @actions.register_action(privacy.LOG_ACTION_EXPORT)
    class Exported(LogFormatter):
        label = gettext_lazy("Export des données personnelles (RGPD)")

        def format_message(self, log_entry):
            data_format = str((log_entry.data or {}).get("format", "")).upper()
            return _("Données personnelles exportées (%(format)s)") % {"format": data_format}


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse email du porteur de projet"))


class ExportForm(EmailForm):
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS])


class EraseForm(EmailForm):
    appointment = forms.TypedMultipleChoiceField(coerce=int, required=False)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].choices = [(pk, pk) for pk in choices]


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ManagersOnlyView(BookingPageMixin, TemplateView):
    header_icon = "user"
    page_title = gettext_lazy("Données personnelles (RGPD)")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.sees_all_agencies(request.user):
            # A plain 403 (Wagtail turns PermissionDenied into a redirect to the dashboard).
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def appointments(self, email):
        return (
            privacy.appointments_for_email(email)
            .select_related("slot__agency", "slot__meeting_type")
            .order_by("-slot__start", "-pk")
        )


class PersonalDataView(ManagersOnlyView):
    """Search by email address, then the list with the export and erase buttons."""

    template_name = "booking/admin/privacy.html"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=EmailForm()))

    def post(self, request):
        form = EmailForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            appointments = list(self.appointments(form.cleaned_data["email"]))
            context.update(
                email=form.cleaned_data["email"],
                appointments=appointments,
                erasable=[a for a in appointments if a.anonymized_at is None],
                inspect_url=reverse("booking_appointment_modeladmin_index") + "inspect/",
            )
        return self.render_to_response(self.get_context_data(**context))


class PersonalDataExportView(ManagersOnlyView):
    http_method_names = ["post"]

    def post(self, request):
        form = ExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Adresse email ou format invalide."))
            return redirect("booking_privacy")
        data_format = form.cleaned_data["format"]
        appointments = self.appointments(form.cleaned_data["email"])
        references = privacy.appointments_export_log(
            appointments=appointments, by=request.user, data_format=data_format
        )
        logger.info(
            "RGPD export (%s) of %s appointment(s) %s by user %s",
            data_format,
            len(references),
            ", ".join(references),
            request.user.pk,
        )
        filename = f"donnees-personnelles-{timezone.localdate():%Y-%m-%d}"
        if data_format == "csv":
            response = StreamingHttpResponse(
                # Everything held about the founder: the follow-up notes too.
                export.csv_chunks(appointments.order_by("slot__start", "pk"), notes=True),
                content_type="text/csv; charset=utf-8",
            )
        else:
            body = json.dumps(
                {
                    "exporte_le": timezone.localtime().isoformat(),
                    "rendez_vous": privacy.appointments_export_for_email(
                        form.cleaned_data["email"]
                    ),
                },
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            )
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.{data_format}"'
        response["Cache-Control"] = "no-store"
        return response


class PersonalDataEraseView(ManagersOnlyView):
    """First POST: what will be erased, and a confirmation button; second POST (confirm): the
    appointments listed on the confirmation page, and only those, are anonymised."""

    template_name = "booking/admin/privacy_confirm.html"
    http_method_names = ["post"]

    def post(self, request):
        email_form = EmailForm(request.POST)
        if not email_form.is_valid():
            messages.error(request, _("Adresse email invalide."))
            return redirect("booking_privacy")
        email = email_form.cleaned_data["email"]
        erasable = list(self.appointments(email).filter(anonymized_at__isnull=True))
        form = EraseForm(request.POST, choices=[a.pk for a in erasable])
        if not form.is_valid() or not form.cleaned_data["confirm"]:
            now = timezone.now()
            return self.render_to_response(
                self.get_context_data(
                    email=email,
                    appointments=erasable,
                    upcoming=[a for a in erasable if a.is_active and a.slot.start > now],
                )
            )
        chosen = set(form.cleaned_data["appointment"])
        erased = [a for a in erasable if a.pk in chosen]
        for appointment in erased:
            privacy.appointment_anonymize(
                appointment=appointment, by=request.user, reason=privacy.REASON_REQUEST
            )
        references = [a.reference for a in erased]
        logger.info(
            "RGPD erasure of %s appointment(s) %s by user %s",
            len(references),
            ", ".join(references),
            request.user.pk,
        )
        messages.success(
            request,
            _("Effacement RGPD de %(count)s rendez-vous (%(references)s).")
            % {"count": len(references), "references": ", ".join(references) or "—"},
        )
        return redirect("booking_privacy")
