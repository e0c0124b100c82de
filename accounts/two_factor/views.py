"""Enrolment, verification and removal of the admin's TOTP device.

Thin views: the forms check the codes, `services` writes the devices, `django_otp.login` marks
the session as verified (OTPMiddleware reads it back on every request).
"""

import logging

import django_otp
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.two_factor import policy, services
from accounts.two_factor.forms import CodeForm, PasswordForm
from accounts.two_factor.qr import qr_svg, secret_for_humans
from home.french import de
from home.security import safe_next

logger = logging.getLogger(__name__)


def confirmed_device(user):
    return next(django_otp.devices_for_user(user, confirmed=True), None)


def mark_verified(request, device) -> None:
    # A new session key once the second factor is proven, as after a login.
    request.session.cycle_key()
    django_otp.login(request, device)


class TwoFactorPageMixin(WagtailAdminTemplateMixin):
    page_title = gettext_lazy("Double authentification")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailadmin_account"), "label": _("Compte")},
            {"url": "", "label": self.get_page_title()},
        ]


class StatusView(TwoFactorPageMixin, TemplateView):
    """Where the account page leads: is it on, turn it on, remove it."""

    template_name = "accounts/two_factor/status.html"

    def get(self, request, *args, **kwargs):
        device = confirmed_device(request.user)
        if device is not None and not policy.is_verified(request.user):
            return redirect(f"{reverse('booking_two_factor:verify')}?next={request.path}")
        return self.render_to_response(
            self.get_context_data(
                device=device,
                required=policy.enrolment_required(request.user),
                form=PasswordForm(user=request.user),
            )
        )


@method_decorator(sensitive_post_parameters(), name="post")
class EnrolView(TwoFactorPageMixin, TemplateView):
    template_name = "accounts/two_factor/enrol.html"
    page_title = gettext_lazy("Activer la double authentification")

    def dispatch(self, request, *args, **kwargs):
        if policy.has_device(request.user):
            return redirect("booking_two_factor:status")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        device = services.device_pending(user=request.user)
        return self.render_page(device, CodeForm(device=device, check=None))

    def post(self, request, *args, **kwargs):
        device = services.device_pending(user=request.user)
        form = CodeForm(
            request.POST,
            device=device,
            check=lambda code: services.device_confirm(device=device, token=code),
        )
        if not form.is_valid():
            return self.render_page(device, form)
        device.refresh_from_db()
        mark_verified(request, device)
        logger.info("2FA enrolled for user %s", request.user.pk)
        messages.success(request, _("La double authentification est activée sur votre compte."))
        return redirect(safe_next(request, reverse("booking_two_factor:status")))

    def render_page(self, device, form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                qr_svg=mark_safe(qr_svg(device.config_url)),  # noqa: S308 (our own SVG)
                secret=secret_for_humans(device.bin_key),
                required=policy.enrolment_required(self.request.user),
                next=safe_next(self.request, ""),
            )
        )


class VerifyView(TemplateView):
    """The step after the password: the code of the user's authenticator app."""

    template_name = "accounts/two_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if policy.is_verified(request.user):
            return redirect(safe_next(request))
        self.device = confirmed_device(request.user)
        if self.device is None:
            return redirect("booking_two_factor:status")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_page(CodeForm(device=self.device, check=None))

    def post(self, request, *args, **kwargs):
        user = request.user
        persistent_id = self.device.persistent_id
        form = CodeForm(
            request.POST,
            device=self.device,
            check=lambda code: django_otp.verify_token(user, persistent_id, code) is not None,
        )
        if not form.is_valid():
            logger.warning("2FA: wrong code for user %s", user.pk)
            return self.render_page(form)
        self.device.refresh_from_db()
        mark_verified(request, self.device)
        return redirect(safe_next(request))

    def render_page(self, form):
        return self.render_to_response(
            self.get_context_data(form=form, next=safe_next(self.request, ""))
        )


@method_decorator(sensitive_post_parameters(), name="post")
class RemoveView(TwoFactorPageMixin, TemplateView):
    """Remove (to reset, then enrol again) one's own device, after typing one's password."""

    template_name = "accounts/two_factor/status.html"

    def get(self, request, *args, **kwargs):
        return redirect("booking_two_factor:status")

    def post(self, request, *args, **kwargs):
        device = confirmed_device(request.user)
        if device is not None and not policy.is_verified(request.user):
            # Whoever has only the password must not be able to take the second factor off.
            return redirect("booking_two_factor:verify")
        form = PasswordForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(
                    device=device,
                    required=policy.enrolment_required(request.user),
                    form=form,
                )
            )
        services.devices_remove(user=request.user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        logger.info("2FA removed by user %s", request.user.pk)
        messages.success(request, _("La double authentification est désactivée."))
        return redirect("booking_two_factor:status")


class ResetUserView(TwoFactorPageMixin, TemplateView):
    """A superuser (or a manager, for non-superusers) resets someone's lost device: they will
    enrol a new one at their next login."""

    template_name = "accounts/two_factor/reset_user.html"
    page_title = gettext_lazy("Réinitialiser la double authentification")

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        if not policy.can_reset_for(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *WagtailAdminTemplateMixin.get_breadcrumbs_items(self),
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(target=self.target, has_device=policy.has_device(self.target))
        )

    def post(self, request, *args, **kwargs):
        removed = services.devices_remove(user=self.target)
        logger.info("2FA of user %s reset by user %s", self.target.pk, request.user.pk)
        if removed:
            messages.success(
                request,
                _("La double authentification %(of_name)s est réinitialisée.")
                % {"of_name": de(self.target.get_full_name() or self.target.get_username())},
            )
        return redirect(request.path)
