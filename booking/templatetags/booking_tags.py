from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

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


@register.filter
def duration_label(minutes) -> str:
    return timefmt.duration_label(minutes)


@register.filter
def requires_approval_at(meeting_type, agency) -> bool:
    """`{% if type|requires_approval_at:agency %}`: the one rule, for a type without a slot."""
    return meeting_type.requires_approval_at(agency)


@register.simple_tag
def approval_notice() -> str:
    """What a founder is told before asking for a meeting that an adviser confirms: a request
    unanswered for BOOKING_EXPIRE_AFTER_HOURS expires, and its email is an answer too."""
    hours = settings.BOOKING_EXPIRE_AFTER_HOURS
    if hours % 24 == 0:
        delay = ngettext("%(count)d jour", "%(count)d jours", hours // 24) % {"count": hours // 24}
    else:
        delay = ngettext("%(count)d heure", "%(count)d heures", hours) % {"count": hours}
    return gettext(
        "L'agence confirme votre demande par email : vous recevez une réponse sous %(delay)s "
        "au plus."
    ) % {"delay": delay}
