"""Public booking views, called by the routes of `BookingPage`. Thin: parse, call a selector or
a service, render or redirect. Every refusal is a French message, never a server error."""

import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from booking import selectors, services
from booking.errors import BookingError, SlotFull, SlotUnavailable, TooManyActiveAppointments
from booking.models import Agency, Appointment, MeetingType, Slot
from booking.public import abuse
from booking.public.forms import BookingForm, MoveForm
from booking.timefmt import local_midnight
from booking.tokens import token_for

CONFIRMATION_SESSION_KEY = "booking_confirmation"


def _render(request, page, template, context=None, status=200):
    return TemplateResponse(
        request, template, {"page": page, "self": page, **(context or {})}, status=status
    )


def agency_list(request, page):
    return _render(
        request,
        page,
        "booking/booking_page.html",
        {"cards": selectors.agency_cards(now=timezone.now())},
    )


def agency_slots(request, page, agency_slug):
    now = timezone.now()
    agency = get_object_or_404(Agency, slug=agency_slug, is_active=True)
    meeting_type = _meeting_type_filter(request)
    week_start = selectors.week_start_for(request.GET.get("semaine"), now=now)
    days = selectors.week_slots(agency, week_start=week_start, now=now, meeting_type=meeting_type)
    next_slot = None
    if not days:
        after = local_midnight(week_start + timedelta(days=7))
        next_slot = selectors.next_bookable_slot(
            agency, now=now, after=after, meeting_type=meeting_type
        ) or selectors.next_bookable_slot(agency, now=now, meeting_type=meeting_type)
    this_week = selectors.week_start_for(None, now=now)
    _, latest = agency.booking_window(now)
    return _render(
        request,
        page,
        "booking/agency_slots.html",
        {
            "agency": agency,
            "days": days,
            "week_start": week_start,
            "week_end": week_start + timedelta(days=6),
            "previous_week": week_start - timedelta(days=7) if week_start > this_week else None,
            "next_week": week_start + timedelta(days=7)
            if week_start + timedelta(days=7) <= latest.date()
            else None,
            "next_slot": next_slot,
            "meeting_type": meeting_type,
            "meeting_types": MeetingType.objects.filter(is_active=True),
        },
    )


@sensitive_post_parameters()
@abuse.rate_limited("booking", methods=("POST",))
def book(request, page, agency_slug):
    now = timezone.now()
    agency = get_object_or_404(Agency, slug=agency_slug, is_active=True)
    questions = list(page.questions.all())
    if request.method == "POST" and abuse.looks_like_a_bot(request.POST):
        # Looks like success, stores nothing, sends nothing.
        return _render(request, page, "booking/confirmation.html", {"appointment": None})
    if request.method == "POST":
        form = BookingForm(request.POST, questions=questions)
        slot = _slot_of_agency(agency, request.POST.get("slot"))
    else:
        slot = _slot_of_agency(agency, request.GET.get("creneau"))
        form = BookingForm(
            initial={
                "slot": slot.pk if slot else None,
                "submission_key": secrets.token_urlsafe(24),
                "form_started": abuse.form_started_token(),
            },
            questions=questions,
        )
    context = {"agency": agency, "slot": slot, "form": form, "alternatives": [], "error": None}

    if slot is None:  # unknown or tampered slot id
        context.update(form=BookingForm(questions=questions), error=str(SlotUnavailable.message))
        return _render(request, page, "booking/book.html", context, status=404)
    if request.method == "GET" and not selectors.slot_is_bookable(slot, now=now):
        context["error"] = str(SlotUnavailable.message)
        context["alternatives"] = selectors.alternative_slots(slot, now=now)
        return _render(request, page, "booking/book.html", context)

    if request.method != "POST" or not form.is_valid():
        return _render(request, page, "booking/book.html", context)

    try:
        result = services.appointment_book(
            slot_id=slot.pk,
            founder=form.founder_details(),
            privacy_version=page.privacy_version,
            submission_key=form.cleaned_data["submission_key"],
            now=now,
        )
    except TooManyActiveAppointments as error:
        field = "phone" if error.message == TooManyActiveAppointments.phone_message else "email"
        form.add_error(field, str(error.message))
        return _render(request, page, "booking/book.html", context)
    except (SlotFull, SlotUnavailable) as error:
        context["error"] = str(error.message)
        context["alternatives"] = selectors.alternative_slots(slot, now=now)
        return _render(request, page, "booking/book.html", context, status=409)
    request.session[CONFIRMATION_SESSION_KEY] = result.appointment.pk
    return HttpResponseRedirect(page.url + page.reverse_subpage("confirmation"))


def confirmation(request, page):
    appointment_id = request.session.get(CONFIRMATION_SESSION_KEY)
    appointment = (
        Appointment.objects.select_related("slot__agency", "slot__meeting_type")
        .filter(pk=appointment_id)
        .first()
        if isinstance(appointment_id, int)
        else None
    )
    if appointment is None:
        return HttpResponseRedirect(page.url)
    return _render(request, page, "booking/confirmation.html", {"appointment": appointment})


# --- the private link -----------------------------------------------------------------------


def _private(view):
    """Manage pages: unknown, used and expired links all give the same 404; the page is neither
    cached nor leaked through the Referer header, not even to our own server's logs (the token
    is in the path). Their forms then post with `Origin: null`: home.security's CSRF middleware
    accepts it when the browser vouches for a same-origin request."""

    @wraps(view)
    @sensitive_post_parameters()
    @abuse.rate_limited("manage")
    def wrapper(request, page, token):
        appointment = selectors.appointment_for_token(token)
        if appointment is None:
            raise Http404
        response = view(request, page, token, appointment)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


def _manage_context(appointment, token):
    now = timezone.now()
    agency = appointment.slot.agency
    return {
        "appointment": appointment,
        "token": token,
        "can_change": now <= agency.change_deadline(appointment.slot.start),
        "change_deadline": agency.change_deadline(appointment.slot.start),
    }


@_private
def manage(request, page, token, appointment):
    return _render(request, page, "booking/manage.html", _manage_context(appointment, token))


@_private
def manage_cancel(request, page, token, appointment):
    context = _manage_context(appointment, token)
    if request.method == "POST":
        try:
            services.appointment_cancel_by_founder(appointment=appointment)
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


def _meeting_type_filter(request):
    slug = request.GET.get("type")
    # Not a slug (e.g. a NUL byte, which PostgreSQL refuses in a query): no filter.
    if not slug or not slug_re.match(slug[:120]):
        return None
    return MeetingType.objects.filter(slug=slug[:120], is_active=True).first()
