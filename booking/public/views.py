"""Public booking views, called by the routes of `BookingPage`. Thin: parse, call a selector or
a service, render or redirect. Every refusal is a French message, never a server error."""

import math
import secrets
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.validators import slug_re
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from booking import selectors, services
from booking.errors import (
    BookingError,
    DatabaseBusy,
    SlotFull,
    SlotUnavailable,
    TooManyActiveAppointments,
    TooManyRequests,
)
from booking.models import Agency, Appointment, MeetingType, Slot
from booking.notify import calendar
from booking.notify.calendar_links import calendar_links
from booking.public import abuse
from booking.public.forms import BookingForm, MoveForm
from booking.timefmt import local_midnight, time_label
from booking.tokens import token_for
from home.security import redact_private_path

# The agency list's postcode question (`?code_postal=15000`).
POSTCODE_PARAMETER = "code_postal"
# Signed cookie holding the id of the booking just made, for the confirmation page.
CONFIRMATION_COOKIE = "rdv_confirmation"
CONFIRMATION_MAX_AGE = 24 * 3600
BUSY_RETRY_AFTER = 10  # seconds
BUSY_HELP = gettext_lazy(
    "Ce que vous avez saisi est conservé : envoyez à nouveau dans quelques instants."
)
FORM_NOTICES = {
    abuse.TOO_FAST: gettext_lazy("Vérifiez vos informations puis envoyez à nouveau le formulaire."),
    abuse.EXPIRED: gettext_lazy(
        "Ce formulaire était ouvert depuis longtemps : vérifiez vos informations puis "
        "envoyez-le à nouveau."
    ),
}


def _render(request, page, template, context=None, status=200):
    return TemplateResponse(
        request, template, {"page": page, "self": page, **(context or {})}, status=status
    )


def agency_list(request, page):
    """Every agency; with `?code_postal=`, the one serving that postcode first, the others
    still listed below. A postcode we do not know, or not a postcode at all: every agency and a
    sentence saying so. (This parameter bypasses the page cache: see home/page_cache.py.)"""
    cards = selectors.agency_cards(now=timezone.now())
    raw = request.GET.get(POSTCODE_PARAMETER, "")
    postcode = selectors.postcode_from(raw)
    proposed = None
    if postcode:
        agency_id = selectors.agency_for_postcode(postcode)
        proposed = next((card for card in cards if card.agency.pk == agency_id), None)
    return _render(
        request,
        page,
        "booking/booking_page.html",
        {
            "cards": [card for card in cards if card is not proposed],
            "proposed_cards": [proposed] if proposed else [],
            "postcode_asked": bool(raw.strip()),
            "postcode": postcode,
            # Given back in the input, to correct it (escaped; no control characters).
            "postcode_typed": "".join(c for c in raw if c.isprintable()).strip()[:20],
            "postcode_parameter": POSTCODE_PARAMETER,
        },
    )


def agency_slots(request, page, agency_slug):
    now = timezone.now()
    agency = get_object_or_404(Agency, slug=agency_slug, is_active=True)
    meeting_type = _meeting_type_filter(request)
    adviser = _adviser_filter(request, agency)
    week_start = selectors.week_start_for(request.GET.get("semaine"), now=now)
    filters = {"meeting_type": meeting_type, "adviser": adviser}
    days = selectors.week_slots(agency, week_start=week_start, now=now, **filters)
    next_slot = None
    if not days:
        after = local_midnight(week_start + timedelta(days=7))
        next_slot = selectors.next_bookable_slot(
            agency, now=now, after=after, **filters
        ) or selectors.next_bookable_slot(agency, now=now, **filters)
    this_week = selectors.week_start_for(None, now=now)
    _, latest = agency.booking_window(now)
    # How each meeting type on the page goes, said before the founder picks a slot.
    shown_types = selectors.meeting_types_in(days) or ([meeting_type] if meeting_type else [])
    return _render(
        request,
        page,
        "booking/agency_slots.html",
        {
            "agency": agency,
            "agency_page": selectors.agency_page_for(agency),
            "days": days,
            "week_days": selectors.calendar_week(days, week_start=week_start),
            "week_start": week_start,
            "week_end": week_start + timedelta(days=6),
            "previous_week": week_start - timedelta(days=7) if week_start > this_week else None,
            "next_week": week_start + timedelta(days=7)
            if week_start + timedelta(days=7) <= latest.date()
            else None,
            "next_slot": next_slot,
            "meeting_type": meeting_type,
            "meeting_types": MeetingType.objects.filter(is_active=True),
            "shown_types": shown_types,
            "confirmation_rule": _confirmation_rule(agency, shown_types),
            "adviser": adviser,
            # The filters, kept by the week links and the booking form's back link.
            "filter_query": _filter_query(meeting_type=meeting_type, adviser=adviser),
            "adviser_query": _filter_query(adviser=adviser),
        },
    )


def _confirmation_rule(agency, meeting_types) -> str:
    """Said at the top of the slot page: "approval" (the agency confirms each request),
    "immediate" (booked at once) or "mixed", for the meeting types shown (else the agency's
    own setting)."""
    rules = {t.requires_approval_at(agency) for t in meeting_types} or {agency.requires_approval}
    if len(rules) > 1:
        return "mixed"
    return "approval" if rules.pop() else "immediate"


@sensitive_post_parameters()
def book(request, page, agency_slug):
    now = timezone.now()
    agency = get_object_or_404(Agency, slug=agency_slug, is_active=True)
    check = abuse.check_form(request.POST) if request.method == "POST" else None
    if check == abuse.ROBOT:
        # Looks like success, stores nothing, sends nothing.
        return _no_store(_render(request, page, "booking/confirmation.html", {"appointment": None}))
    slot = _slot_of_agency(
        agency, request.POST.get("slot") if request.method == "POST" else request.GET.get("creneau")
    )
    # The shared questions, and those of the slot's meeting type.
    meeting_type_id = slot.meeting_type_id if slot else None
    questions = selectors.booking_questions(page, meeting_type_id=meeting_type_id)
    if request.method == "POST":
        # (No local copy of the data: what the founder typed stays out of error reports.)
        form = BookingForm(
            abuse.with_fresh_token(request.POST) if check == abuse.EXPIRED else request.POST,
            questions=questions,
        )
    else:
        submission_key = secrets.token_urlsafe(24)
        form = BookingForm(
            initial={
                "slot": slot.pk if slot else None,
                "submission_key": submission_key,
                "form_started": abuse.form_started_token(submission_key),
            },
            questions=questions,
        )
    context = {
        "agency": agency,
        "slot": slot,
        "form": form,
        "alternatives": [],
        "error": None,
        # Came from one adviser's slots: the links back lead there again.
        "adviser": _adviser_filter(request, agency, strict=False),
    }

    if slot is None:  # unknown or tampered slot id
        context.update(form=BookingForm(questions=questions), error=str(SlotUnavailable.message))
        return _render(request, page, "booking/book.html", context, status=404)
    if request.method == "GET" and not selectors.slot_is_bookable(slot, now=now):
        context["error"] = str(SlotUnavailable.message)
        context["alternatives"] = selectors.alternative_slots(slot, now=now)
        return _render(request, page, "booking/book.html", context)
    if request.method != "POST":
        return _render(request, page, "booking/book.html", context)

    if check in (abuse.TOO_FAST, abuse.EXPIRED):
        # Probably a person (autofill, a tab left open): the form again, nothing lost.
        context["notice"] = FORM_NOTICES[check]
        context["notice_help"] = _("Rien n'a encore été enregistré.")
        return _render(request, page, "booking/book.html", context)
    if not form.is_valid():
        return _render(request, page, "booking/book.html", context)

    try:
        result = services.appointment_book(
            slot_id=slot.pk,
            founder=form.founder_details(),
            privacy_version=page.privacy_version,
            submission_key=form.cleaned_data["submission_key"],
            client_key=abuse.ip_hash(request),
            now=now,
        )
    except TooManyActiveAppointments as error:
        field = "phone" if error.message == TooManyActiveAppointments.phone_message else "email"
        form.add_error(field, str(error.message))
        return _render(request, page, "booking/book.html", context)
    except TooManyRequests as error:
        context["notice"] = _(
            "Trop de demandes de rendez-vous ont été envoyées récemment depuis cette "
            "connexion : vous pourrez envoyer la vôtre à partir de %(time)s."
        ) % {"time": _retry_label(error.retry_at)}
        context["notice_help"] = _call_agency(agency)
        response = _render(request, page, "booking/book.html", context, status=429)
        return _retry_after(response, error.retry_at, now=now)
    except DatabaseBusy as error:
        context["notice"] = str(error.message)
        context["notice_help"] = BUSY_HELP
        response = _render(request, page, "booking/book.html", context, status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response
    except (SlotFull, SlotUnavailable) as error:
        context["error"] = str(error.message)
        context["alternatives"] = selectors.alternative_slots(slot, now=now)
        return _render(request, page, "booking/book.html", context, status=409)
    # The confirmation page finds the booking again through a signed cookie: no session row
    # to write after the booking (one transaction fewer, one failure fewer on a busy database).
    response = HttpResponseRedirect(page.url + page.reverse_subpage("confirmation"))
    response.set_signed_cookie(
        CONFIRMATION_COOKIE,
        str(result.appointment.pk),
        salt=CONFIRMATION_COOKIE,
        max_age=CONFIRMATION_MAX_AGE,
        path=_path_of(page),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def confirmation(request, page):
    try:
        appointment_id = int(
            request.get_signed_cookie(
                CONFIRMATION_COOKIE, salt=CONFIRMATION_COOKIE, max_age=CONFIRMATION_MAX_AGE
            )
        )
    except (KeyError, ValueError, signing.BadSignature):
        appointment_id = None
    appointment = (
        Appointment.objects.select_related("slot__agency", "slot__meeting_type", "slot__adviser")
        .filter(pk=appointment_id)
        .first()
        if appointment_id is not None and 0 < appointment_id < 2**62
        else None
    )
    if appointment is None:
        return HttpResponseRedirect(page.url)
    context = {"appointment": appointment}
    if appointment.is_active:
        # The private link, and what it gives: this page is the founder's until the email comes.
        context |= _calendar_context(appointment, token_for(appointment.token_salt))
    # Personal data: never kept by a browser or a shared cache (nor by the page cache, which
    # only keeps routes marked `cache_for_anonymous`).
    return _no_store(_render(request, page, "booking/confirmation.html", context))


def _calendar_context(appointment, token) -> dict:
    """The private link of `appointment` and its « Ajouter à mon agenda » links."""
    return {
        "token": token,
        "calendar_links": calendar_links(appointment),
    }


# --- the private link -----------------------------------------------------------------------


def _private(view):
    """Manage pages: neither cached nor leaked through the Referer header, not even to our own
    server's logs (the token is in the path, and our log lines drop it). Unknown, used and
    expired links all get the same "link no longer valid" page, with the same 404. Every hit,
    a guess included, counts against the per-IP limit. Their forms then post with
    `Origin: null`: home.security's CSRF middleware accepts it when the browser vouches for a
    same-origin request."""

    @wraps(view)
    @sensitive_post_parameters()
    def wrapper(request, page, token):
        try:
            retry_at = services.rate_limit_count(scope="manage", key=abuse.ip_hash(request))
        except DatabaseBusy:
            response = _manage_wait(request, page, retry_at=None)
        else:
            if retry_at is not None:
                response = _manage_wait(request, page, retry_at=retry_at)
            elif (appointment := selectors.appointment_for_token(token)) is None:
                context = {"agencies": _agency_contacts()}
                response = _render(request, page, "booking/manage_gone.html", context, status=404)
            else:
                response = view(request, page, token, appointment)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
        if response.status_code >= 400:
            # Logged here without the token; Django then skips its own line with the full path.
            log_response(
                "%s: %s",
                response.reason_phrase,
                redact_private_path(request.path),
                response=response,
                request=request,
            )
        return response

    return wrapper


def _manage_wait(request, page, *, retry_at):
    """Too many hits from this connection (429 until `retry_at`), or a database too busy to
    count them (503): the appointment is unchanged, try again later or call the agency."""
    now = timezone.now()
    context = {
        "retry_label": _retry_label(retry_at) if retry_at else None,
        "agencies": _agency_contacts(),
    }
    if retry_at is None:
        response = _render(request, page, "booking/manage_wait.html", context, status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER)
        return response
    response = _render(request, page, "booking/manage_wait.html", context, status=429)
    return _retry_after(response, retry_at, now=now)


def _manage_context(appointment, token):
    now = timezone.now()
    agency = appointment.slot.agency
    return {
        "appointment": appointment,
        **_calendar_context(appointment, token),
        "can_change": now <= agency.change_deadline(appointment.slot.start),
        "change_deadline": agency.change_deadline(appointment.slot.start),
    }


@_private
def manage(request, page, token, appointment):
    return _render(request, page, "booking/manage.html", _manage_context(appointment, token))


@_private
def manage_ics(request, page, token, appointment):
    """The invitation the emails attach, for a calendar the founder adds it to by hand."""
    response = HttpResponse(
        calendar.invitation(appointment, method=calendar.REQUEST),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="rendez-vous-osengo.ics"'
    return response


@_private
def manage_cancel(request, page, token, appointment):
    context = _manage_context(appointment, token)
    if request.method == "POST":
        try:
            services.appointment_cancel_by_founder(appointment=appointment)
        except DatabaseBusy as error:
            context["error"] = f"{error.message} {BUSY_HELP}"
            response = _render(request, page, "booking/manage_cancel.html", context, status=503)
            response["Retry-After"] = str(BUSY_RETRY_AFTER)
            return response
        except BookingError as error:
            context["error"] = str(error.message)
            return _render(request, page, "booking/manage_cancel.html", context, status=409)
        messages.success(
            request,
            _("Votre rendez-vous est annulé. Un email de confirmation vous a été envoyé."),
        )
        return HttpResponseRedirect(page.url)
    return _render(request, page, "booking/manage_cancel.html", context)


@_private
def manage_move(request, page, token, appointment):
    now = timezone.now()
    context = _manage_context(appointment, token)
    old_slot = appointment.slot
    if request.method == "POST":
        form = MoveForm(request.POST)
        new_slot = _slot_of_agency(old_slot.agency, request.POST.get("slot"))
        if not form.is_valid() or new_slot is None:
            context["error"] = _("Choisissez un des créneaux proposés.")
        elif request.POST.get("confirm") != "1":
            # Second step: ask the founder to confirm the move (of a slot they may book).
            if not selectors.slot_is_bookable(new_slot, now=now):
                context["error"] = str(SlotUnavailable.message)
            else:
                context["new_slot"] = new_slot
                return _render(request, page, "booking/manage_move_confirm.html", context)
        else:
            try:
                moved = services.appointment_reschedule(
                    appointment=appointment, new_slot_id=new_slot.pk, now=now
                )
            except DatabaseBusy as error:
                # The same confirmation step again: one click to try once more.
                context["new_slot"] = new_slot
                context["error"] = f"{error.message} {BUSY_HELP}"
                template = "booking/manage_move_confirm.html"
                response = _render(request, page, template, context, status=503)
                response["Retry-After"] = str(BUSY_RETRY_AFTER)
                return response
            except BookingError as error:
                context["error"] = str(error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Votre rendez-vous est déplacé. Un email avec le nouveau lien vous a été "
                        "envoyé ; l'ancien lien ne fonctionne plus."
                    ),
                )
                new_token = token_for(moved.token_salt)
                return HttpResponseRedirect(
                    page.url + page.reverse_subpage("manage", args=(new_token,))
                )

    week_start = selectors.week_start_for(request.GET.get("semaine"), now=now)
    context["days"] = selectors.week_slots(
        old_slot.agency, week_start=week_start, now=now, meeting_type=old_slot.meeting_type
    )
    context["week_days"] = selectors.calendar_week(context["days"], week_start=week_start)
    context["week_start"] = week_start
    context["previous_week"] = (
        week_start - timedelta(days=7)
        if week_start > selectors.week_start_for(None, now=now)
        else None
    )
    context["next_week"] = week_start + timedelta(days=7)
    status = 409 if context.get("error") else 200
    return _render(request, page, "booking/manage_move.html", context, status=status)


# --- helpers --------------------------------------------------------------------------------


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _path_of(page) -> str:
    return urlsplit(page.url or "/").path or "/"


def _retry_label(retry_at) -> str:
    """ "15 h 40": the minute from which the next try is allowed (rounded up, so it is true)."""
    rounded = retry_at + timedelta(minutes=1, microseconds=-1)
    return time_label(rounded.replace(second=0, microsecond=0))


def _retry_after(response, retry_at, *, now):
    response["Retry-After"] = str(max(1, math.ceil((retry_at - now).total_seconds())))
    return response


def _call_agency(agency) -> str:
    if agency.phone:
        return _(
            "Ce que vous avez saisi est conservé. Vous pouvez aussi appeler l'agence "
            "%(agency)s au %(phone)s."
        ) % {"agency": agency.name, "phone": agency.phone}
    return _(
        "Ce que vous avez saisi est conservé. Vous pouvez aussi contacter directement "
        "l'agence %(agency)s."
    ) % {"agency": agency.name}


def _agency_contacts():
    """Every active agency's phone: a page that does not know the appointment (its link is
    unknown or dead) can only point to all of them."""
    return list(Agency.objects.filter(is_active=True).only("name", "city", "phone"))


def _slot_of_agency(agency, raw_id):
    try:
        slot_id = int(raw_id)
    except (TypeError, ValueError):
        return None
    if not 0 < slot_id < 2**62:
        return None
    return (
        Slot.objects.select_related("agency", "meeting_type")
        .filter(pk=slot_id, agency=agency)
        .first()
    )


def _filter_query(*, meeting_type=None, adviser=None) -> str:
    """ "type=…&conseiller=…" for the filters in use, to append to a link's "?semaine=…"."""
    query = {}
    if meeting_type is not None:
        query["type"] = meeting_type.slug
    if adviser is not None:
        query["conseiller"] = adviser.pk
    return urlencode(query)


def _adviser_filter(request, agency, *, strict=True):
    """`?conseiller=<id>`: only that adviser's slots. None without the parameter. An id that
    is no number, or of no active adviser of this agency: 404 on the slot pages (`strict`),
    no filter on the booking form (its slot decides, the parameter only shapes the links)."""
    raw = request.GET.get("conseiller")
    if not raw:
        return None
    try:
        adviser_id = int(raw)
    except ValueError:
        adviser_id = 0
    adviser = None
    if 0 < adviser_id < 2**62:
        adviser = selectors.agency_adviser(agency, adviser_id)
    if adviser is None and strict:
        raise Http404(_("Ce conseiller ne reçoit pas dans cette agence."))
    return adviser


def _meeting_type_filter(request):
    slug = request.GET.get("type")
    # Not a slug (e.g. a NUL byte, which PostgreSQL refuses in a query): no filter.
    if not slug or not slug_re.match(slug[:120]):
        return None
    return MeetingType.objects.filter(slug=slug[:120], is_active=True).first()
