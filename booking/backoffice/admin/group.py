"""The "Rendez-vous" menu: every booking admin, the advisers' agenda, the slot generator, the
statistics and the personal data requests (RGPD)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdminGroup

from booking.backoffice import permissions
from booking.backoffice.admin.agencies import AgencyAdmin, MeetingTypeAdmin
from booking.backoffice.admin.agenda import AgendaView
from booking.backoffice.admin.appointments import AppointmentAdmin
from booking.backoffice.admin.calendars import CalendarFeedAdmin
from booking.backoffice.admin.closures import ClosureAdmin
from booking.backoffice.admin.generate import GenerateSlotsView
from booking.backoffice.admin.outbox import OutboxMessageAdmin
from booking.backoffice.admin.postcodes import PostcodeAreaAdmin
from booking.backoffice.admin.privacy import (
    PersonalDataEraseView,
    PersonalDataExportView,
    PersonalDataView,
)
from booking.backoffice.admin.questions import BookingQuestionAdmin
from booking.backoffice.admin.slots import SlotAdmin
from booking.backoffice.admin.statistics import StatisticsView


class PermissionMenuItem(MenuItem):
    """Shown to the users with `permission` (or with one of them, for a tuple)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = (permission,) if isinstance(permission, str) else tuple(permission)

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.sees_all_agencies(request.user)


class BookingAdminGroup(ModelAdminGroup):
    menu_label = _("Rendez-vous")
    menu_icon = "calendar"
    menu_order = 200
    items = (
        AppointmentAdmin,
        SlotAdmin,
        ClosureAdmin,
        AgencyAdmin,
        MeetingTypeAdmin,
        PostcodeAreaAdmin,
        BookingQuestionAdmin,
        CalendarFeedAdmin,
        OutboxMessageAdmin,
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        return [
            items[0],
            # Right after "Rendez-vous" (same order: the sort keeps the list's order).
            PermissionMenuItem(
                _("Agenda"),
                reverse("booking_agenda"),
                icon_name="calendar-alt",
                order=1,
                permission=("booking.view_appointment", "booking.view_slot"),
            ),
            items[1],
            PermissionMenuItem(
                _("Générer des créneaux"),
                reverse("booking_slots_generate"),
                icon_name="date",
                order=2,
                permission="booking.add_slot",
            ),
            *items[2:],
            PermissionMenuItem(
                _("Statistiques"),
                reverse("booking_statistics"),
                icon_name="table",
                order=900,
                permission="booking.view_appointment",
            ),
            ManagersMenuItem(
                _("Données personnelles (RGPD)"),
                reverse("booking_privacy"),
                icon_name="user",
                order=910,
            ),
        ]

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            path("booking/agenda/", AgendaView.as_view(), name="booking_agenda"),
            path(
                "booking/slot/generer/", GenerateSlotsView.as_view(), name="booking_slots_generate"
            ),
            path("booking/statistiques/", StatisticsView.as_view(), name="booking_statistics"),
            path("booking/rgpd/", PersonalDataView.as_view(), name="booking_privacy"),
            path(
                "booking/rgpd/exporter/",
                PersonalDataExportView.as_view(),
                name="booking_privacy_export",
            ),
            path(
                "booking/rgpd/effacer/",
                PersonalDataEraseView.as_view(),
                name="booking_privacy_erase",
            ),
        )
