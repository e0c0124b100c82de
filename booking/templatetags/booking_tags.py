from django import template
from django.utils import timezone

from booking import selectors, timefmt

register = template.Library()


@register.inclusion_tag("booking/components/agency_cards.html", takes_context=True)
def agency_cards(context, limit=None):
    """Cards of the active agencies with their next free slot, each linking to its slots."""
    cards = selectors.agency_cards(now=timezone.now())
    if limit:
        cards = cards[: int(limit)]
    return {
        "cards": cards,
        "booking_page": selectors.booking_page(),
        "request": context.get("request"),
    }


@register.filter
def slot_label(slot) -> str:
    return timefmt.slot_label(slot.start, slot.end)


@register.filter
def day_label(value) -> str:
    return timefmt.day_label(value)


@register.filter
def time_label(value) -> str:
    return timefmt.time_label(value)
