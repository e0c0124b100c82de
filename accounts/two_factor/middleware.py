"""Sends admin sessions that still owe a second factor to the verification (or enrolment) page.

Placed right after django-otp's OTPMiddleware, which tells whether the session is verified.
Works in `process_view`, once the URL is resolved, so the pages one needs before being
verified are recognised by their URL names rather than by paths.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import policy

# Reachable by a signed-in but unverified session.
OPEN_VIEWS = frozenset(
    {
        "booking_two_factor:verify",
        "booking_two_factor:enrol",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
    }
)


class AdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if policy.is_verified(user):
            return None
        # Anyone who turned 2FA on is asked for the code; only appointment staff are made to
        # turn it on, and only when ADMIN_2FA_REQUIRED is set.
        if policy.has_device(user):
            return self.to("booking_two_factor:verify", request)
        if policy.enrolment_required(user):
            return self.to("booking_two_factor:enrol", request)
        return None

    @staticmethod
    def to(view_name, request):
        url = reverse(view_name)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)
