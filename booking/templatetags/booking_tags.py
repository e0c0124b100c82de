from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.http import urlencode

from booking import selectors, timefmt
from home.page_cache import mark_booking_data

register = template.Library()


@dataclass
class TeamCard:
    member: object  # home.TeamMember
    booking_url: str | None  # this adviser's free slots, when there are some now
    linked: bool  # linked to an adviser account (with or without free slots)


@register.simple_tag(takes_context=True)
def team_booking_links(context, members):
    """`{% team_booking_links members as cards %}`: each team member with the link to their
    adviser's free slots, when they have some now. A fixed number of queries for the whole
    team (selectors.advisers_booking_agencies, and the booking page). A page that shows these
    buttons shows booking data: a booking renders it again (home.page_cache)."""
    request = context.get("request")
    members = list(members)
    adviser_ids = [member.adviser_id for member in members if member.adviser_id]
    agencies, page = {}, None
    if adviser_ids:
        mark_booking_data(request)
        agencies = selectors.advisers_booking_agencies(adviser_ids, now=timezone.now())
        page = selectors.booking_page() if agencies else None
    cards = []
    for member in members:
        agency = agencies.get(member.adviser_id)
        url = None
        if page is not None and agency is not None:
            url = "{}{}?{}".format(
                page.get_url(request),
                page.reverse_subpage("agency", args=(agency.slug,)),
                urlencode({"conseiller": member.adviser_id}),
            )
        cards.append(TeamCard(member=member, booking_url=url, linked=bool(member.adviser_id)))
    return cards


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


# French elides « de » before a vowel or a mute h: « d'Amina Roche », « d'Hugo », « de Thomas ».
ELIDING_INITIALS = frozenset("AEIOUHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ")


@register.filter
def of_person(user) -> str:
    """« de Thomas Besson » / « d'Amina Roche »: a staff account's name after « de »."""
    name = user.get_full_name() or user.get_username()
    return f"d'{name}" if name[:1].upper() in ELIDING_INITIALS else f"de {name}"


@register.filter
def slot_label(slot) -> str:
    return timefmt.slot_label(slot.start, slot.end)


@register.filter
def day_label(value) -> str:
    return timefmt.day_label(value)


@register.filter
def time_label(value) -> str:
    return timefmt.time_label(value)
