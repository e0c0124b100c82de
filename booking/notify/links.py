"""Absolute URLs of the public booking pages, for emails and redirects."""

from django.conf import settings

from booking.selectors import booking_page
from booking.tokens import token_for

_UNSET = object()


def public_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def manage_url(appointment, *, page=_UNSET) -> str:
    """The private link of an appointment, or "" while no booking page is published.
    Pass `page` when the caller already looked the booking page up."""
    page = booking_page() if page is _UNSET else page
    if page is None:
        return ""
    token = token_for(appointment.token_salt)
    return public_url(page.url + page.reverse_subpage("manage", args=(token,)))


def booking_url(*, page=_UNSET) -> str:
    page = booking_page() if page is _UNSET else page
    return public_url(page.url) if page else public_url("/")
