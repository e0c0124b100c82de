"""Agencies and meeting types. A used one is deactivated instead of deleted: its appointments
stay in the history."""

from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.views import DeleteView, EditView, InspectView

from booking import services
from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin, field_filter
from booking.backoffice.admin.scoping import (
    ScopedHistoryView,
    ScopedInstanceMixin,
    ScopedPermissionHelper,
)
from booking.models import Agency, MeetingType


class AgencyPermissionHelper(ScopedPermissionHelper):
    def agency_of(self, obj):
        return obj.pk


class AgencyForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "advisers" in self.fields:
            self.fields["advisers"].queryset = (
                get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
            )


class RemoveView(ScopedInstanceMixin, DeleteView):
    """Delete through a service that deactivates instead when the object was used."""

    remove = None
    deactivated_message = ""

    def confirmation_message(self):
        return _(
            "Supprimer « %(object)s » ? S'il a déjà servi à des rendez-vous, il sera "
            "seulement désactivé, pour garder leur historique."
        ) % {"object": self.instance}

    def post(self, request, *args, **kwargs):
        if self.remove(self.instance):
            messages.success(request, _("« %(object)s » supprimé.") % {"object": self.instance})
        else:
            messages.warning(request, self.deactivated_message % {"object": self.instance})
        return redirect(self.index_url)


class AgencyDeleteView(RemoveView):
    deactivated_message = gettext_lazy(
        "« %(object)s » a des rendez-vous : l'agence est désactivée (plus proposée à la "
        "réservation) et non supprimée, pour garder leur historique."
    )

    @staticmethod
    def remove(agency):
        return services.agency_delete(agency=agency)


class MeetingTypeDeleteView(RemoveView):
    deactivated_message = gettext_lazy(
        "« %(object)s » est utilisé par des créneaux ou des questions du formulaire de "
        "réservation : il est désactivé et non supprimé."
    )

    @staticmethod
    def remove(meeting_type):
        return services.meeting_type_delete(meeting_type=meeting_type)


class ScopedEditView(ScopedInstanceMixin, EditView):
    pass


class ScopedInspectView(ScopedInstanceMixin, InspectView):
    pass


class AgencyAdmin(BookingModelAdmin):
    history_view_class = ScopedHistoryView
    model = Agency
    menu_label = gettext_lazy("Agences")
    menu_icon = "site"
    permission_helper_class = AgencyPermissionHelper
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = AgencyDeleteView
    inspect_view_enabled = True
    list_display = (
        "name",
        "city",
        "phone",
        "get_is_active_display",
        "get_requires_approval_display",
    )
    list_filter = (field_filter(Agency, "is_active"),)
    search_fields = ("name", "city")
    prepopulated_fields = {"slug": ("name",)}
    inspect_view_fields = [
        "name",
        "city",
        "address",
        "postal_code",
        "phone",
        "notification_email",
        "video_link",
        "is_active",
        "requires_approval",
        "min_notice_hours",
        "horizon_days",
        "change_cutoff_hours",
        "advisers",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("address"), FieldPanel("postal_code")]),
                    FieldPanel("city"),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("notification_email")]),
                    FieldPanel("description"),
                    FieldPanel("photo"),
                    FieldPanel("video_link"),
                ],
                heading=gettext_lazy("Agence"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("is_active"),
                    FieldPanel("display_order"),
                    FieldPanel("requires_approval"),
                    FieldRowPanel(
                        [
                            FieldPanel("min_notice_hours"),
                            FieldPanel("horizon_days"),
                            FieldPanel("change_cutoff_hours"),
                        ]
                    ),
                ],
                heading=gettext_lazy("Réservation"),
            ),
            FieldPanel("advisers"),
        ],
        base_form_class=AgencyForm,
    )

    def get_queryset(self, request):
        return permissions.agencies_for(request.user)


class MeetingTypeAdmin(BookingModelAdmin):
    model = MeetingType
    menu_label = gettext_lazy("Types de rendez-vous")
    menu_icon = "tag"
    delete_view_class = MeetingTypeDeleteView
    inspect_view_enabled = True
    list_display = ("name", "duration_minutes", "mode", "confirmation", "get_is_active_display")
    list_filter = (field_filter(MeetingType, "mode"), field_filter(MeetingType, "is_active"))
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inspect_view_fields = [
        "name",
        "description",
        "duration_minutes",
        "mode",
        "instructions",
        "confirmation",
        "is_active",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("mode")]),
                    FieldPanel("is_active"),
                ],
                heading=gettext_lazy("Type de rendez-vous"),
            ),
            MultiFieldPanel(
                [FieldPanel("instructions"), FieldPanel("confirmation")],
                heading=gettext_lazy("Pour le porteur de projet"),
                help_text=gettext_lazy(
                    "En visio, le lien envoyé est celui de l'agence (fiche de l'agence). "
                    "Les questions propres à ce type se posent dans la page de réservation "
                    "(« Questions complémentaires »)."
                ),
            ),
        ]
    )
