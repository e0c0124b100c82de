"""Content Security Policy: the strict public policy, and a separate one the Wagtail admin can
work under (it needs inline scripts and styles, and frames its own page previews). CSRF: our
subclass of Django's middleware, log lines without the secret tokens of private links, and the
one check of a `next` parameter before redirecting to it."""

import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware import csrf
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.log import log_response

ADMIN_PREFIXES = ("/admin/",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Pages sent with `Referrer-Policy: no-referrer` (the private booking links, whose token
    must not leak) make browsers post their forms with `Origin: null`. Such a post is accepted
    when the browser itself vouches that it comes from our own pages (`Sec-Fetch-Site:
    same-origin`, which a page cannot forge); the CSRF token is then checked as usual."""

    def _origin_verified(self, request):
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            return True
        return super()._origin_verified(request)

    def _reject(self, request, reason):
        """Django's own, except that the logged path has no secret token in it (a CSRF failure
        on a private booking link would otherwise write the live link to the logs)."""
        response = csrf._get_failure_view()(request, reason=reason)
        log_response(
            "Forbidden (%s): %s",
            reason,
            redact_private_path(request.path),
            response=response,
            request=request,
            logger=csrf.logger,
        )
        return response


# Paths that carry a secret token: a private booking link (`…/gerer/<token>/…`, see
# booking.models.pages) or a calendar feed (`/agenda/<token>.ics`). Logs get them without it.
PRIVATE_PATH = re.compile(r"(/gerer/|/agenda/)[^/]+?(\.ics)?(?=/|$)")


def redact_private_path(path: str) -> str:
    """The path with its secret token replaced by "…", for the logs."""
    return PRIVATE_PATH.sub(lambda m: f"{m.group(1)}…{m.group(2) or ''}", path)


def safe_next(request, default=None) -> str:
    """The `next` parameter (form field or query string) if it points to this site, else
    `default`, else the admin home: never a redirect to another host."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")
