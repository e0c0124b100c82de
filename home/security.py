"""Content Security Policy: the strict public policy, and a separate one the Wagtail admin can
work under (it needs inline scripts and styles, and frames its own page previews)."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware import csrf

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
