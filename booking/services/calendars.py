"""Private iCal feeds of advisers and agencies: create, regenerate (the old URL dies), revoke.

The URL's token is derived from a random salt and the SECRET_KEY (booking/tokens.py); only the
salt and the token's hash are stored, so the admin can show the URL again at any time while a
copy of the database alone opens no feed.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from booking.models import CalendarFeed
from booking.notify.links import public_url
from booking.tokens import new_token_fields, token_for


def calendar_feed_create(*, adviser=None, agency=None) -> CalendarFeed:
    """The owner's active feed, created if it has none (one subscription URL per owner)."""
    if (adviser is None) == (agency is None):
        raise ValueError("A calendar feed belongs to one adviser or one agency.")
    owner = {"adviser": adviser} if adviser is not None else {"agency": agency}
    with transaction.atomic():
        existing = CalendarFeed.objects.filter(**owner, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
        return CalendarFeed.objects.create(**owner, **new_token_fields())


def calendar_feed_regenerate(*, feed: CalendarFeed) -> CalendarFeed:
    """A new URL for the same feed (the old one stops working at once); revives a revoked one."""
    fields = new_token_fields()
    CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=None, **fields)
    feed.refresh_from_db()
    return feed


def calendar_feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed.refresh_from_db()
    return feed


def calendar_feed_url(feed: CalendarFeed) -> str:
    """The subscription URL (https:// for Outlook and Google; webcal:// works too)."""
    if feed.revoked_at is not None:
        return ""
    return public_url(reverse("booking_calendar_feed", args=[token_for(feed.token_salt)]))
