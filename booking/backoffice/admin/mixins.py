"""Small pieces shared by the admin views."""

from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.log_actions import log

from booking.errors import BookingError


class ServiceFormMixin:
    """modeladmin create/edit views whose form is saved by a booking service (`save(form)`);
    a BookingError becomes a form error with its French message."""

    log_action = "wagtail.edit"

    def form_valid(self, form):
        try:
            self.instance = self.save(form)
        except BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        log(instance=self.instance, action=self.log_action)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())
