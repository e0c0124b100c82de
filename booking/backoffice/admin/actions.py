"""The advisers' actions on an appointment: accept, refuse, cancel, move, mark attended or
no-show. Each is a small admin view: GET shows a confirmation form, POST (with CSRF) calls the
booking service. The form carries the status the adviser saw: if it changed meanwhile (another
adviser acted first), nothing happens and they are told so."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin import slot_picker
from booking.backoffice.admin.slot_picker import SlotPickerField
from booking.errors import BookingError, StaleAppointment
from booking.models import ACTIVE_STATUSES, AppointmentStatus, Slot
from booking.timefmt import slot_label
from home.security import safe_next

S = AppointmentStatus


class ActionForm(forms.Form):
    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointment = appointment


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Motif communiqué au porteur de projet"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif. Il figure dans l'email envoyé au porteur de projet."),
    )


class MoveForm(ActionForm):
    slot = SlotPickerField(label=_("Nouveau créneau"), queryset=Slot.objects.none())

    def __init__(self, *args, appointment, start_from=None, **kwargs):
        super().__init__(*args, appointment=appointment, **kwargs)
        # The slots an adviser may book (SlotQuerySet.bookable), in the appointment's agency.
        slot = appointment.slot
        field = self.fields["slot"]
        field.queryset = (
            Slot.objects.bookable(agencies=[slot.agency], now=timezone.now(), by_adviser=True)
            .exclude(pk=slot.pk)
            .select_related("meeting_type", "adviser")
            .order_by("start", "pk")
        )
        field.offer(start_from=start_from, selected=self.data.get("slot"))


@dataclass(frozen=True)
class Action:
    name: str  # URL segment
    label: str  # the short label of the buttons of the list and the inspect view
    submit_label: str  # what the confirmation page's button does
    allowed_from: tuple
    success: str
    form_class: type = ActionForm
    after_start: bool = False  # only once the meeting time has come
    style: str = "button button-secondary"

    def available_for(self, appointment, now) -> bool:
        if appointment.status not in self.allowed_from:
            return False
        return not self.after_start or appointment.slot.start <= now

    @property
    def direct(self) -> bool:
        """No field to fill: a single button can post it."""
        return self.form_class is ActionForm

    def run(self, appointment, user, data):
        if self.name == "accepter":
            return services.appointment_accept(appointment=appointment, by=user)
        if self.name == "refuser":
            return services.appointment_refuse(
                appointment=appointment, by=user, reason=data["reason"]
            )
        if self.name == "annuler":
            return services.appointment_cancel_by_agency(
                appointment=appointment, by=user, reason=data["reason"]
            )
        if self.name == "deplacer":
            return services.appointment_reschedule(
                appointment=appointment, new_slot_id=data["slot"].pk, by=user
            )
        if self.name == "honore":
            return services.appointment_mark_attended(appointment=appointment, by=user)
        if self.name == "absent":
            return services.appointment_mark_no_show(appointment=appointment, by=user)
        raise ValueError(self.name)


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "accepter",
            _("Accepter"),
            _("Accepter la demande"),
            (S.PENDING,),
            _("Rendez-vous confirmé : le porteur de projet est prévenu par email."),
            style="button",
        ),
        Action(
            "refuser",
            _("Refuser"),
            _("Refuser la demande"),
            (S.PENDING,),
            _("Demande refusée : le porteur de projet est prévenu et le créneau libéré."),
            form_class=ReasonForm,
            style="button no",
        ),
        Action(
            "deplacer",
            _("Déplacer"),
            _("Déplacer le rendez-vous"),
            ACTIVE_STATUSES,
            _("Rendez-vous déplacé : le porteur de projet a reçu le nouvel horaire."),
            form_class=MoveForm,
        ),
        Action(
            "annuler",
            _("Annuler"),
            _("Annuler le rendez-vous"),
            ACTIVE_STATUSES,
            _("Rendez-vous annulé : le porteur de projet est prévenu et le créneau libéré."),
            form_class=ReasonForm,
            style="button no",
        ),
        Action(
            "honore",
            _("Marquer honoré"),
            _("Marquer comme honoré"),
            (S.CONFIRMED,),
            _("Rendez-vous marqué comme honoré."),
            after_start=True,
        ),
        Action(
            "absent",
            _("Marquer absent"),
            _("Marquer comme absent"),
            (S.CONFIRMED,),
            _("Rendez-vous marqué « absent »."),
            after_start=True,
        ),
    ]
}


def available_actions(appointment, user) -> list[Action]:
    if not user.has_perm("booking.change_appointment"):
        return []
    now = timezone.now()
    return [a for a in ACTIONS.values() if a.available_for(appointment, now)]


# The reason typed for the founder may quote them: kept out of error reports.
@method_decorator(sensitive_post_parameters("reason"), name="dispatch")
class AppointmentActionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "booking/admin/appointment_action.html"
    header_icon = "calendar"
    model_admin = None
    action: Action = None

    def dispatch(self, request, instance_pk):
        if not request.user.has_perm("booking.change_appointment"):
            raise PermissionDenied
        appointments = permissions.appointments_for(request.user).select_related(
            "slot__agency", "slot__meeting_type", "slot__adviser"
        )
        self.appointment = get_object_or_404(appointments, pk=instance_pk)
        self.inspect_url = self.model_admin.url_helper.get_action_url(
            "inspect", self.appointment.pk
        )
        # Where the adviser came from (the agenda's week, the list): back there when done.
        self.return_url = safe_next(request, self.inspect_url)
        return super().dispatch(request, instance_pk)

    def get_page_title(self):
        return self.action.submit_label

    def get_page_subtitle(self):
        return str(self.appointment)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.model_admin.url_helper.index_url, "label": _("Rendez-vous")},
            {"url": self.inspect_url, "label": str(self.appointment)},
            {"url": "", "label": self.action.submit_label},
        ]

    def get_form(self, data=None):
        kwargs = {}
        if self.action.form_class is MoveForm:
            self.from_form, self.start_from = slot_picker.from_date(self.request)
            kwargs["start_from"] = self.start_from
        return self.action.form_class(
            data,
            appointment=self.appointment,
            initial={"expected_status": self.appointment.status},
            **kwargs,
        )

    def get(self, request, instance_pk):
        if not self.action.available_for(self.appointment, timezone.now()):
            messages.error(request, self._unavailable_message())
            return redirect(self.return_url)
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, instance_pk):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if form.cleaned_data["expected_status"] != self.appointment.status:
            messages.error(request, StaleAppointment.message)
            return redirect(self.return_url)
        if not self.action.available_for(self.appointment, timezone.now()):
            messages.error(request, self._unavailable_message())
            return redirect(self.return_url)
        try:
            self.action.run(self.appointment, request.user, form.cleaned_data)
        except BookingError as error:
            messages.error(request, error.message)
            if self.action.form_class is MoveForm:
                return self.render_to_response(self.get_context_data(form=self.get_form()))
        else:
            messages.success(request, self.action.success)
        return redirect(self.return_url)

    def _unavailable_message(self):
        if self.appointment.status in self.action.allowed_from:
            return _("Ce rendez-vous n'a pas encore eu lieu.")
        return StaleAppointment.message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slot = self.appointment.slot
        context.update(
            appointment=self.appointment,
            slot_text=slot_label(slot.start, slot.end),
            action=self.action,
            inspect_url=self.inspect_url,
            return_url=self.return_url,
        )
        form = context.get("form")
        if isinstance(form, MoveForm):
            context.update(
                slot_picker.picker_context(
                    self.request, form.fields["slot"], self.from_form, self.start_from
                )
            )
        return context
