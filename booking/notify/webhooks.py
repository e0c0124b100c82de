"""Anymail tracking webhooks: a bounced or rejected email is marked on its outbox row, and on
the appointment when it was addressed to the founder, so that the adviser sees that the
founder's address does not work.

Only the tracking endpoints are exposed (no inbound mail), and only while
ANYMAIL["WEBHOOK_SECRET"] (env ANYMAIL_WEBHOOK_SECRET) is set: Anymail checks it as HTTP basic
auth, and without it anyone could forge events. Configure the provider to post to
`<site>/anymail/<esp>/tracking/` with `https://<secret>@<site>/…`.
"""

import logging
from functools import wraps

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError
from anymail.signals import EventType, tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern
from django.utils import timezone

from booking.services.emails import email_bounced

BOUNCE_EVENTS = {EventType.BOUNCED, EventType.REJECTED, EventType.FAILED}
MALFORMED_PAYLOAD = (AttributeError, IndexError, KeyError, TypeError, ValueError)
logger = logging.getLogger(__name__)


@receiver(tracking, dispatch_uid="booking.notify.webhooks.email_tracked")
def email_tracked(sender, event, esp_name, **kwargs):
    if event.event_type not in BOUNCE_EVENTS or not event.message_id:
        return
    email_bounced(
        provider_message_id=str(event.message_id),
        reason=f"{esp_name} {event.event_type}: {event.reject_reason or event.description or ''}",
        at=event.timestamp or timezone.now(),
    )


def _only_with_secret(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except AnymailConfigurationError:
            # Another provider's endpoint (it needs its own signing key): not served here.
            raise Http404 from None
        except MALFORMED_PAYLOAD as error:
            # Anymail's parsers expect the provider's JSON shape; anything else (a list for an
            # object, a missing key…) is a bad request, not a server error. The payload holds
            # addresses: only the error's type is logged.
            logger.warning("Malformed email webhook payload: %s", type(error).__name__)
            return HttpResponseBadRequest()

    return guarded


urlpatterns = [
    URLPattern(pattern.pattern, _only_with_secret(pattern.callback), name=pattern.name)
    for pattern in anymail_urls.urlpatterns
    if "tracking" in (pattern.name or "")
]
