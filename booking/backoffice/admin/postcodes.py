"""Which agency serves which postcodes: the table the booking entry reads to propose an
agency (booking.selectors.agency_for_postcode). Managers ("Responsables") and superusers only:
it routes founders between agencies, so no adviser edits it for their own."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper

from booking.backoffice import permissions
from booking.backoffice.admin.base import BookingModelAdmin
from booking.backoffice.admin.scoping import AgencyFilter
from booking.models import PostcodeArea


class ManagersPermissionHelper(PermissionHelper):
    """Everything for managers and superusers, nothing (not even the list) for anyone else."""

    def _manager(self, user) -> bool:
        return permissions.sees_all_agencies(user)

    def user_can_list(self, user):
        return self._manager(user)

    def user_can_create(self, user):
        return self._manager(user)

    def user_can_inspect_obj(self, user, obj):
        return False  # two fields: the list and the edit form say it all

    def user_can_edit_obj(self, user, obj):
        return self._manager(user)

    def user_can_delete_obj(self, user, obj):
        return self._manager(user)


class PostcodeAreaAdmin(BookingModelAdmin):
    model = PostcodeArea
    menu_label = _("Codes postaux des agences")
    menu_icon = "site"
    permission_helper_class = ManagersPermissionHelper
    list_display = ("prefix", "agency")
    list_select_related = ("agency",)
    list_filter = (AgencyFilter,)
    search_fields = ("prefix",)
    ordering = ("prefix",)
    edit_handler = ObjectList([FieldPanel("prefix"), FieldPanel("agency")])
