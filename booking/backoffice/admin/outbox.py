"""The email outbox in the admin: what was sent to whom, what is waiting, what failed and why,
what was dropped as obsolete and why, with a "Renvoyer" action. Managers ("Responsables") and
superusers only: the bodies hold founders' personal data from every agency."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin, field_filter
from booking.backoffice.admin.mixins import BookingPageMixin
from booking.models import OutboxMessage, OutboxStatus

CONFIRM_TEMPLATE = "booking/admin/notifications_confirm.html"


class ManagersOnlyPermissionHelper(PermissionHelper):
    """Read-only for managers and superusers; nobody creates, edits or deletes by hand."""

    def user_can_list(self, user):
        return permissions.sees_all_agencies(user)

    def user_can_inspect_obj(self, user, obj):
        return permissions.sees_all_agencies(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class OutboxButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_inspect_obj(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("resend", obj.pk),
                    "label": _("Renvoyer"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": _("Renvoyer cet email"),
                }
            )
        return buttons


class OutboxResendView(BookingPageMixin, TemplateView):
    """GET asks for confirmation, POST (with CSRF) queues the message again."""

    template_name = CONFIRM_TEMPLATE
    header_icon = "mail"
    model_admin = None

    def dispatch(self, request, instance_pk):
        if not permissions.sees_all_agencies(request.user):
            raise PermissionDenied
        self.message = get_object_or_404(OutboxMessage, pk=instance_pk)
        self.index_url = self.model_admin.url_helper.index_url
        return super().dispatch(request, instance_pk)

    def get_page_title(self):
        return _("Renvoyer l'email")

    def get_page_subtitle(self):
        return str(self.message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            question=_("Renvoyer « %(subject)s » à %(to)s ?")
            % {"subject": self.message.subject, "to": self.message.to_email},
            detail=_("Statut actuel : %(status)s. %(error)s")
            % {
                "status": self.message.get_status_display(),
                "error": self.message.obsolete_reason or self.message.last_error,
            },
            submit_label=_("Renvoyer"),
            cancel_url=self.index_url,
        )
        return context

    def post(self, request, instance_pk):
        message = services.outbox_message_resend(message=self.message)
        if message.status == OutboxStatus.SENT:
            messages.success(request, _("Email renvoyé."))
        elif message.status == OutboxStatus.OBSOLETE:
            messages.warning(
                request,
                _("Email non envoyé : il n'est plus d'actualité. %(reason)s")
                % {"reason": message.obsolete_reason},
            )
        else:
            messages.warning(
                request,
                _("L'email est en file d'attente : il partira dès que le serveur répondra."),
            )
        return redirect(self.index_url)


class OutboxMessageAdmin(BookingModelAdmin):
    model = OutboxMessage
    menu_label = _("Emails envoyés")
    menu_icon = "mail"
    permission_helper_class = ManagersOnlyPermissionHelper
    button_helper_class = OutboxButtonHelper
    inspect_view_enabled = True
    list_display = (
        "created_at",
        "kind",
        "to_email",
        "subject",
        "status",
        "obsolete_reason",
        "attempts",
        "sent_at",
    )
    list_filter = (field_filter(OutboxMessage, "status"), field_filter(OutboxMessage, "kind"))
    search_fields = ("to_email", "subject", "appointment__reference")
    inspect_view_fields = (
        "appointment",
        "kind",
        "to_email",
        "reply_to",
        "subject",
        "status",
        "obsolete_reason",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "provider_message_id",
        "body_text",
        "ics",
    )
    resend_view_class = OutboxResendView

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("appointment")

    def resend_view(self, request, instance_pk):
        return self.resend_view_class.as_view(model_admin=self)(request, instance_pk=instance_pk)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("resend"),
                self.resend_view,
                name=self.url_helper.get_action_url_name("resend"),
            ),
        )
