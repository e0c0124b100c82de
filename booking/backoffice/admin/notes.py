"""Follow-up notes ("comptes rendus") in the back-office: listed on the appointment's inspect
view, with a form to add one (posted to the inspect view itself, so a refused text comes back
with its error); their author may correct or delete them on small pages of their own.

Who may read the notes of an appointment is who may see the appointment (its agency's staff,
the managers): every view finds the appointment through `permissions.appointments_for`, so
another agency's appointment, and its notes, do not exist (404). Writing takes the permission
to change appointments. The text stays out of error reports, and the log entries (written by
the services, on the appointment) only say that a note was written, changed or deleted.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import ID_PATTERN
from booking.errors import BookingError
from booking.models import FOLLOWUP_NOTE_MAX_LENGTH, Appointment, FollowUpNote
from booking.services import followup_notes

CHANGE_PERMISSION = "booking.change_appointment"


@hooks.register("register_log_actions")
def register_followup_note_log_actions(actions):
    actions.register_action(
        followup_notes.LOG_ACTION_ADD,
        gettext_lazy("Compte rendu ajouté"),
        gettext_lazy("Compte rendu ajouté"),
    )
    actions.register_action(
        followup_notes.LOG_ACTION_EDIT,
        gettext_lazy("Compte rendu modifié"),
        gettext_lazy("Compte rendu modifié"),
    )
    actions.register_action(
        followup_notes.LOG_ACTION_DELETE,
        gettext_lazy("Compte rendu supprimé"),
        gettext_lazy("Compte rendu supprimé"),
    )


class FollowUpNoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Compte rendu"),
        max_length=FOLLOWUP_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewFollowUpNoteForm(FollowUpNoteForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Nouveau compte rendu")


def may_write_notes(user, appointment: Appointment) -> bool:
    """On an appointment the user may see: the permission to change appointments, and data
    that still exists (anonymisation deleted the notes and takes no new one)."""
    return user.has_perm(CHANGE_PERMISSION) and appointment.anonymized_at is None


def _forbidden(request):
    # A plain 403 (Wagtail turns PermissionDenied into a redirect to the dashboard).
    return permission_denied(request, PermissionDenied())


class FollowUpNotesInspectMixin:
    """For the appointment's inspect view (already limited to the user's agencies): the notes,
    the form to add one, and its POST."""

    note_form = None

    def post(self, request, *args, **kwargs):
        appointment = Appointment.objects.get(pk=self.instance.pk)
        if not may_write_notes(request.user, appointment):
            return _forbidden(request)
        form = NewFollowUpNoteForm(request.POST)
        if form.is_valid():
            try:
                services.followup_note_add(
                    appointment=appointment, text=form.cleaned_data["text"], by=request.user
                )
            except BookingError as error:
                form.add_error("text", error.message)
            else:
                messages.success(request, _("Compte rendu enregistré."))
                inspect_url = self.url_helper.get_action_url("inspect", appointment.pk)
                return redirect(f"{inspect_url}#comptes-rendus")
        self.note_form = form
        return self.get(request, *args, **kwargs)

    def notes_context(self, appointment: Appointment) -> dict:
        """`appointment` comes with its notes prefetched, and their authors."""
        user = self.request.user
        can_write = may_write_notes(user, appointment)
        return {
            "followup_notes": [
                {
                    "note": note,
                    "own": can_write and note.author_id == user.pk,
                }
                for note in appointment.followup_notes.all()
            ],
            "note_form": (self.note_form or NewFollowUpNoteForm()) if can_write else None,
        }


class FollowUpNoteView(WagtailAdminTemplateMixin, TemplateView):
    """A note of an appointment the user may see, that they wrote."""

    header_icon = "doc-full"
    model_admin = None

    def dispatch(self, request, instance_pk, note_pk):
        appointment = get_object_or_404(
            permissions.appointments_for(request.user).select_related("slot__agency"),
            pk=instance_pk,
        )
        self.note = get_object_or_404(
            FollowUpNote.objects.filter(appointment=appointment), pk=note_pk
        )
        self.appointment = appointment
        self.inspect_url = self.model_admin.url_helper.get_action_url("inspect", appointment.pk)
        if not may_write_notes(request.user, appointment) or self.note.author_id != request.user.pk:
            return _forbidden(request)
        return super().dispatch(request, instance_pk, note_pk)

    def get_page_subtitle(self):
        return str(self.appointment.reference)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.model_admin.url_helper.index_url, "label": _("Rendez-vous")},
            {"url": self.inspect_url, "label": self.appointment.reference},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            appointment=self.appointment, note=self.note, inspect_url=self.inspect_url, **kwargs
        )

    def done(self, request, message):
        messages.success(request, message)
        return redirect(f"{self.inspect_url}#comptes-rendus")


@method_decorator(sensitive_post_parameters("text"), name="dispatch")
class FollowUpNoteEditView(FollowUpNoteView):
    template_name = "booking/admin/followup_note_edit.html"
    page_title = gettext_lazy("Modifier le compte rendu")

    def get(self, request, instance_pk, note_pk):
        form = FollowUpNoteForm(initial={"text": self.note.text})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, instance_pk, note_pk):
        form = FollowUpNoteForm(request.POST)
        if form.is_valid():
            try:
                services.followup_note_update(
                    note=self.note, text=form.cleaned_data["text"], by=request.user
                )
            except BookingError as error:
                form.add_error("text", error.message)
            else:
                return self.done(request, _("Compte rendu modifié."))
        return self.render_to_response(self.get_context_data(form=form))


class FollowUpNoteDeleteView(FollowUpNoteView):
    template_name = "booking/admin/followup_note_delete.html"
    page_title = gettext_lazy("Supprimer le compte rendu")

    def get(self, request, instance_pk, note_pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, instance_pk, note_pk):
        try:
            services.followup_note_delete(note=self.note, by=request.user)
        except BookingError as error:
            messages.error(request, error.message)
            return redirect(self.inspect_url)
        return self.done(request, _("Compte rendu supprimé."))


def urls(model_admin) -> list:
    """The notes' pages, under the appointments' admin URL."""
    base = model_admin.url_helper.base_url_path
    note = rf"^{base}/compte-rendu/(?P<instance_pk>{ID_PATTERN})/(?P<note_pk>{ID_PATTERN})"
    return [
        re_path(
            rf"{note}/modifier/$",
            FollowUpNoteEditView.as_view(model_admin=model_admin),
            name="booking_followup_note_edit",
        ),
        re_path(
            rf"{note}/supprimer/$",
            FollowUpNoteDeleteView.as_view(model_admin=model_admin),
            name="booking_followup_note_delete",
        ),
    ]
