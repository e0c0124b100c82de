"""Small pieces shared by the admin views."""

from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from booking.errors import BookingError


class ServiceFormMixin:
    """modeladmin create/edit views whose form is saved by a booking service (`save(form)`,
    which also writes the admin's log entry in the name of the user it is given); a
    BookingError becomes a form error with its French message."""

    def form_valid(self, form):
        try:
            self.instance = self.save(form)
        except BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())


class BookingPageMixin(WagtailAdminTemplateMixin):
    """A page of the booking admin that is not a modeladmin view: its title in the header
    and the breadcrumbs (without an item of its own, Wagtail's header shows « Accueil »)."""

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]
