"""The private iCal feeds advisers and agencies subscribe to from Outlook, Google Calendar or
Thunderbird: their confirmed appointments and pending requests (marked "[À confirmer]"),
without the founder's phone, email or answers. Unknown or revoked token → 404.

Two queries whatever the number of appointments: the feed, then its appointments with their
slot, agency and meeting type.
"""

from datetime import timedelta

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from booking.models import ACTIVE_STATUSES, Agency, Appointment, CalendarFeed
from booking.notify import calendar
from booking.tokens import hash_token

PAST = timedelta(days=30)
FUTURE = timedelta(days=366)


@require_GET
def calendar_feed(request, token: str):
    feed = (
        CalendarFeed.objects.select_related("adviser", "agency")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or (feed.adviser is not None and not feed.adviser.is_active):
        raise Http404
    now = timezone.now()
    appointments = (
        _appointments_of(feed)
        .filter(
            status__in=ACTIVE_STATUSES, slot__start__gte=now - PAST, slot__start__lt=now + FUTURE
        )
        .select_related("slot__agency", "slot__meeting_type")
        .order_by("slot__start", "pk")
    )
    body = calendar.feed(appointments, name=f"Osengo – {feed}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="osengo-rendez-vous.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _appointments_of(feed: CalendarFeed):
    if feed.agency_id is not None:
        return Appointment.objects.filter(slot__agency_id=feed.agency_id)
    # An adviser's own slots, and the unassigned slots of the agencies they work for.
    their_agencies = Agency.advisers.through.objects.filter(user_id=feed.adviser_id)
    return Appointment.objects.filter(
        Q(slot__adviser_id=feed.adviser_id)
        | Q(slot__adviser__isnull=True, slot__agency_id__in=their_agencies.values("agency_id"))
    )


urlpatterns = [
    path("<str:token>.ics", calendar_feed, name="booking_calendar_feed"),
]
