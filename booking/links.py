"""Absolute URLs of the public booking pages, for emails and redirects."""

from django.conf import settings

from booking.tokens import token_for


def _booking_page():
    from booking.models import BookingPage

    return BookingPage.objects.live().first()


def public_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def manage_url(appointment) -> str:
    """The private link of an appointment, or "" while no booking page is published."""
    page = _booking_page()
    if page is None:
        return ""
    token = token_for(appointment.token_salt)
    return public_url(page.url + page.reverse_subpage("manage", args=(token,)))


def booking_url() -> str:
    page = _booking_page()
    return public_url(page.url) if page else public_url("/")
