"""Booking data on any page: the agency cards, the "Prochains créneaux" block, the agency pages.

Every tag that shows slots tells the page cache so (`mark_booking_data`): the page is then
stored under the booking version, which every booking replaces, so a slot taken a second ago
is never served as free."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from booking import selectors, timefmt
from booking.models import Agency, BookingPage, Slot
from home import french
from home.page_cache import mark_booking_data

register = template.Library()


def _page_url(page, request) -> str:
    url = page.get_url(request) or ""
    return url if url.endswith("/") else f"{url}/"


def _route_url(booking_page: BookingPage | None, request, name: str, *args) -> str:
    if booking_page is None:
        return ""
    return _page_url(booking_page, request) + booking_page.reverse_subpage(name, args=args)


def _booking_page(request) -> BookingPage | None:
    """The booking page, looked up once per request however many blocks link to it."""
    if request is None:
        return selectors.booking_page()
    if not hasattr(request, "_booking_page"):
        request._booking_page = selectors.booking_page()
    return request._booking_page


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
        page = _booking_page(request) if agencies else None
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


@register.inclusion_tag("booking/components/booking_invitation.html", takes_context=True)
def booking_invitation(context):
    """The side column's "Prendre rendez-vous" card on showcase pages: a link to the booking
    page, nothing when there is none. It shows no slot, so the page stays out of the booking
    version of the page cache."""
    request = context.get("request")
    page = _booking_page(request)
    return {"booking_url": _page_url(page, request) if page else "", "request": request}


@register.inclusion_tag("booking/components/agency_cards.html", takes_context=True)
def agency_cards(context, limit=None, narrow=False):
    """Cards of the active agencies with their next free slot, each linking to its slots and
    to its page. `narrow`: two cards a row at most (a block, in the column of a page body)."""
    mark_booking_data(context.get("request"))
    cards = selectors.agency_cards(now=timezone.now())
    if limit:
        cards = cards[: int(limit)]
    return {
        "cards": cards,
        "booking_page": _booking_page(context.get("request")),
        "request": context.get("request"),
        "narrow": narrow,
    }


@dataclass
class SlotLink:
    slot: Slot
    url: str


@dataclass
class Upcoming:
    """The next slots as links to the booking form, and where to go when there are none."""

    links: list[SlotLink] = field(default_factory=list)
    agency: Agency | None = None
    agency_closed: bool = False
    # The agency's week (or the list of agencies when the agency is closed or not chosen).
    more_url: str = ""


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@register.simple_tag(takes_context=True)
def upcoming_slots(context, agency=None, meeting_type=None, adviser=None, count=None):
    """`{% upcoming_slots agency=… meeting_type=… adviser=… count=6 as upcoming %}`: `agency`
    is an Agency or an id (a block's value), the others ids; the bookable rule is the slots'
    own (`Slot.objects.bookable`). A fixed number of queries whatever the data."""
    request = context.get("request")
    mark_booking_data(request)
    found = selectors.upcoming_slots(
        now=timezone.now(),
        agency=agency if isinstance(agency, Agency) else _int(agency),
        meeting_type_id=_int(meeting_type),
        adviser_id=_int(adviser),
        limit=_int(count) or selectors.UPCOMING_DEFAULT,
    )
    booking_page = _booking_page(request)
    links = [
        SlotLink(
            slot=slot,
            url=f"{_route_url(booking_page, request, 'book', slot.agency.slug)}?creneau={slot.pk}",
        )
        for slot in found.slots
    ]
    if found.agency is not None and not found.agency_closed:
        more_url = _route_url(booking_page, request, "agency", found.agency.slug)
    else:
        more_url = _page_url(booking_page, request) if booking_page else ""
    return Upcoming(
        links=links, agency=found.agency, agency_closed=found.agency_closed, more_url=more_url
    )


@dataclass
class AgencyDetails:
    advisers: list[str]
    meeting_types: list
    booking_page: BookingPage | None
    week_url: str


@register.simple_tag(takes_context=True)
def agency_details(context, agency):
    """What an agency page shows of the booking data: advisers, meeting types, its week."""
    request = context.get("request")
    mark_booking_data(request)
    booking_page = _booking_page(request)
    active = agency.is_active
    return AgencyDetails(
        advisers=selectors.agency_advisers(agency),
        meeting_types=selectors.agency_meeting_types(agency, now=timezone.now()) if active else [],
        booking_page=booking_page,
        week_url=_route_url(booking_page, request, "agency", agency.slug) if active else "",
    )


@register.simple_tag
def openstreetmap_url(agency) -> str:
    """`Agency.map_url`, for the templates that already use the tag."""
    return agency.map_url


@register.filter
def of_person(user) -> str:
    """« de Thomas Besson » / « d'Amina Roche »: a staff account's name after « de »
    (the one elision rule, home.french.de)."""
    return french.de(user.get_full_name() or user.get_username())


@register.filter
def slot_label(slot) -> str:
    return timefmt.slot_label(slot.start, slot.end)


@register.filter
def day_label(value) -> str:
    """An instant's local day, or a calendar day (a date): "mardi 14 octobre 2026"."""
    if not isinstance(value, datetime):
        value = timefmt.local_midnight(value)
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
