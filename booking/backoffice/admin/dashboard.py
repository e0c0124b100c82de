"""The admin home panel: today's and tomorrow's appointments, and the requests waiting for an
answer, in the user's agencies (four queries, whatever the data)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from booking.backoffice import permissions
from booking.models import ACTIVE_STATUSES, AppointmentStatus
from booking.timefmt import local_midnight, local_tz

DAY_STATUSES = (*ACTIVE_STATUSES, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)
PENDING_SHOWN = 10


class AppointmentsPanel(Component):
    name = "booking_appointments"
    order = 50
    template_name = "booking/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = timezone.localdate(timezone=local_tz())
        appointments = permissions.appointments_for(user).select_related(
            "slot__agency", "slot__meeting_type"
        )

        def day(offset):
            first = local_midnight(today + timedelta(days=offset))
            last = local_midnight(today + timedelta(days=offset + 1))
            return list(
                appointments.filter(
                    status__in=DAY_STATUSES, slot__start__gte=first, slot__start__lt=last
                ).order_by("slot__start", "pk")
            )

        # The list's default period (from today on): its "?status=pending" shows these.
        pending = appointments.filter(
            status=AppointmentStatus.PENDING, slot__start__gte=local_midnight(today)
        ).order_by("slot__start", "pk")
        index_url = reverse("booking_appointment_modeladmin_index")
        return {
            "today": day(0),
            "tomorrow": day(1),
            "pending": list(pending[:PENDING_SHOWN]),
            "pending_count": pending.count(),
            "index_url": index_url,
            "inspect_url": index_url + "inspect/",
        }


def add_panel(request, panels):
    if request.user.has_perm("booking.view_appointment"):
        panels.insert(0, AppointmentsPanel(request))
