"""The booking form's extra questions, read-only here: they are edited with the booking page
(Wagtail's form builder), where their changes are published with the page."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from booking.backoffice.admin.base import BookingModelAdmin
from booking.backoffice.admin.scoping import ScopedPermissionHelper
from booking.models import BookingQuestion


class ReadOnlyPermissionHelper(ScopedPermissionHelper):
    can_create = False
    can_edit = False
    can_delete = False


class BookingQuestionAdmin(BookingModelAdmin):
    model = BookingQuestion
    menu_label = _("Questions complémentaires")
    menu_icon = "form"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "label",
        "field_type",
        "meeting_type_label",
        "get_required_display",
        "page_link",
    )
    list_select_related = ("page", "meeting_type")
    ordering = ("page", "sort_order")
    inspect_view_fields = [
        "label",
        "field_type",
        "meeting_type",
        "required",
        "choices",
        "help_text",
    ]

    def meeting_type_label(self, question):
        return question.meeting_type or _("Tous les types")

    meeting_type_label.short_description = _("posée pour")

    def page_link(self, question):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=[question.page_id]),
            _("Modifier dans la page de réservation"),
        )

    page_link.short_description = _("modifier")
