"""Hostile input against every URL of the booking admin, as a superuser and as an adviser:
every list with every filter parameter it knows (and unknown ones), search, ordering, pages and
exports; the instance views with junk ids; the slot generator, the statistics, the personal
data page, the outbox and the calendar feeds. Whatever is sent: never a server error; an
unknown or malformed filter is ignored or answered with a message."""

import contextlib
import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from booking.models import Closure
from tests.booking.factories import in_days

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "n'importe quoi",
    "12\x0034",
    "99999999999999999999",
    "-1",
    "²",  # a digit for str.isdigit(), not for int()
    "9999-12-31",
    "0001-01-01",
    "<script>alert(1)</script>" + "x" * 3_000,
    ["1", "2", "\x00"],  # a repeated parameter
]
# One parameter at a time: the values most likely to reach a parser.
FEW = ["n'importe quoi", "99999999999999999999", "²", "0001-01-01", ["1", "2"]]
JUNK_IDS = ["abc", "99999999999999999999", "-1"]
MODELS = [
    "agency",
    "meetingtype",
    "slot",
    "appointment",
    "closure",
    "bookingquestion",
    "outboxmessage",
    "calendarfeed",
]
# Parameters no filter knows: ignored (the second is a lookup the ORM would run if let through;
# the others are what other pages of the admin read: the agenda's week, the slot pickers').
UNKNOWN = ["date", "slot__agency__advisers__password__startswith", "semaine", "depuis", "creneau"]
# What every list understands besides its filters: search, ordering, page, export.
COMMON = ["q", "o", "p", "export"]


def staff_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def index_url(model):
    return reverse(f"booking_{model}_modeladmin_index")


def parameters_offered(client, model) -> set[str]:
    """The parameters the list's own filter links and forms use."""
    html = client.get(index_url(model)).content.decode()
    names = set()
    for href in re.findall(r'href="(\?[^"]*)"', html):
        names.update(name for name, _ in parse_qsl(urlsplit(unescape(href)).query))
    names.update(re.findall(r'<input[^>]+type="date"[^>]+name="([^"]+)"', html))
    return names


def server_errors(client, requests) -> list:
    errors = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if response.status_code >= 500:
            errors.append((method, url, repr(data)[:120], response.status_code))
    return errors


@pytest.mark.parametrize("model", MODELS)
def test_every_list_with_hostile_parameters(objects, superuser, adviser_clermont, model):
    """Every parameter at once with each value, as both; one at a time as the superuser."""
    url = index_url(model)
    as_admin, as_adviser = staff_client(superuser), staff_client(adviser_clermont)
    names = sorted(parameters_offered(as_admin, model) | {*UNKNOWN, *COMMON})
    every = [("get", url, dict.fromkeys(names, value)) for value in HOSTILE]
    one_by_one = [("get", url, {name: value}) for name in names for value in FEW]
    errors = server_errors(as_admin, every + one_by_one) + server_errors(as_adviser, every)
    assert not errors, "\n".join(map(str, errors))


INSTANCE_ACTIONS = {
    "appointment": ["accepter", "refuser", "annuler", "deplacer", "honore", "absent"],
    "outboxmessage": ["resend"],
    "calendarfeed": ["regenerate", "revoke"],
}


def instance_urls(model, pk) -> list[str]:
    urls = []
    for action in ["inspect", "edit", "delete", "history", *INSTANCE_ACTIONS.get(model, [])]:
        try:
            urls.append(reverse(f"booking_{model}_modeladmin_{action}", args=[pk]))
        except NoReverseMatch:
            continue
    return urls


@pytest.mark.parametrize("model", MODELS)
def test_every_instance_view_with_junk_ids(objects, superuser, adviser_clermont, model):
    pk = objects[model].pk
    requests = []
    for url in instance_urls(model, pk):
        for junk in JUNK_IDS:
            junk_url = url.replace(f"/{pk}/", f"/{quote(junk, safe='')}/")
            requests += [("get", junk_url, {}), ("post", junk_url, {"expected_status": junk})]
    errors = server_errors(staff_client(superuser), requests)
    errors += server_errors(staff_client(adviser_clermont), requests[::4])
    assert not errors, "\n".join(map(str, errors))


def hostile_variants(valid: dict, fields, *, one_by_one=True) -> list[dict]:
    """`valid`, then with every field set to each hostile value, then (`one_by_one`) with one
    field at a time."""
    variants = [valid, *({**valid, **dict.fromkeys(fields, value)} for value in HOSTILE)]
    if one_by_one:
        variants += [{**valid, field: value} for field in fields for value in FEW]
    return variants


def forms_errors(forms, superuser, adviser, method="post") -> list:
    """Each form: `valid` data, every field hostile at once (as both), one field at a time
    (as the superuser)."""
    as_admin, as_adviser = [], []
    for url, valid, fields in forms:
        as_admin += [(method, url, data) for data in hostile_variants(valid, fields)]
        every = hostile_variants(valid, fields, one_by_one=False)
        as_adviser += [(method, url, data) for data in every]
    return server_errors(staff_client(superuser), as_admin) + server_errors(
        staff_client(adviser), as_adviser
    )


def test_statistics_with_hostile_parameters(objects, superuser, adviser_clermont):
    url = reverse("booking_statistics")
    valid = {"agency": objects["agency"].pk, "period": "custom", "start": "2026-01-01"}
    fields = ["agency", "period", "reference", "start", "end", "format"]
    forms = [(url, valid, fields), (url, {**valid, "format": "csv"}, fields[:-1])]
    errors = forms_errors(forms, superuser, adviser_clermont, method="get")
    assert not errors, "\n".join(map(str, errors))


def test_the_slot_generator_with_hostile_fields(objects, superuser, adviser_clermont):
    start = in_days(10).date()
    valid = {
        "agency": objects["agency"].pk,
        "meeting_type": objects["meetingtype"].pk,
        "adviser": "",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=6)).isoformat(),
        "duration_minutes": "45",
        "gap_minutes": "0",
        "capacity": "1",
        "skip_holidays": "on",
        "closed_days": "",
        "monday": "9:00-12:00",
        "preview": "1",
    }
    fields = [name for name in valid if name != "preview"] + ["tuesday", "create"]
    forms = [(reverse("booking_slots_generate"), valid, fields)]
    errors = forms_errors(forms, superuser, adviser_clermont)
    assert not errors, "\n".join(map(str, errors))


def test_the_forms_of_the_booking_admin_with_hostile_fields(objects, superuser, adviser_clermont):
    o = objects
    appointment = o["appointment"].pk
    forms = [
        (reverse("booking_appointment_modeladmin_create"), {"slot": o["slot"].pk}, ["slot"]),
        (
            reverse("booking_appointment_modeladmin_deplacer", args=[appointment]),
            {"expected_status": "pending", "slot": o["slot"].pk},
            ["expected_status", "slot"],
        ),
        (
            reverse("booking_appointment_modeladmin_refuser", args=[appointment]),
            {"expected_status": "done", "reason": "Motif"},
            ["expected_status", "reason"],
        ),
        (
            reverse("booking_slot_modeladmin_create"),
            {"agency": o["agency"].pk, "meeting_type": o["meetingtype"].pk, "capacity": "1"},
            ["agency", "meeting_type", "adviser", "start", "end", "capacity"],
        ),
        (
            reverse("booking_closure_modeladmin_create"),
            {"agency": o["agency"].pk, "start_date": "2030-01-01", "end_date": "2030-01-02"},
            ["agency", "adviser", "start_date", "end_date", "reason"],
        ),
        (
            reverse("booking_calendarfeed_modeladmin_create"),
            {"agency": o["agency"].pk},
            ["agency", "adviser"],
        ),
        (reverse("booking_privacy"), {"email": "a@example.org"}, ["email"]),
        (
            reverse("booking_privacy_export"),
            {"email": "a@example.org", "format": "csv"},
            ["email", "format"],
        ),
        (
            reverse("booking_privacy_erase"),
            {"email": "passe@example.org", "appointment": "1"},
            ["email", "appointment", "confirm"],
        ),
    ]
    errors = forms_errors(forms, superuser, adviser_clermont)
    assert not errors, "\n".join(map(str, errors))


# --- What the lists do with what they do not understand ----------------------------------------


def listed(client, model, params) -> str:
    response = client.get(index_url(model), params)
    assert response.status_code == 200, params
    return response.content.decode()


def test_unknown_parameters_are_ignored_never_run_as_lookups(objects, adviser_clermont):
    """modeladmin ran them as ORM lookups: ?date=week answered 500, and an adviser could probe
    any related field, e.g. the password hashes of the staff."""
    client = staff_client(adviser_clermont)
    reference = objects["appointment"].reference
    assert reference in listed(client, "appointment", {"date": "week"})
    probe = {"slot__agency__advisers__password__startswith": "zzz-no-hash-starts-so"}
    assert reference in listed(client, "appointment", probe)
    assert reference in listed(client, "appointment", {"reference": "RDV-AUTRE"})


def test_the_filters_still_filter_and_ignore_a_value_they_do_not_know(objects, superuser):
    client = staff_client(superuser)
    pending, past = objects["appointment"].reference, objects["past"].reference
    assert past not in listed(client, "appointment", {"status": "pending"}) and pending in (
        listed(client, "appointment", {"status": "pending"})
    )
    ignored = {"status": "n'importe quoi", "du": "tout"}
    assert past in listed(client, "appointment", ignored)
    agency = objects["agency"]
    assert agency.name not in listed(client, "agency", {"is_active": "0"})
    assert agency.name in listed(client, "agency", {"is_active": "1"})
    assert agency.name in listed(client, "agency", {"is_active": "oui"})
    assert agency.name in listed(client, "agency", {"agence": "²"})


def test_dates_beyond_the_calendar_are_answered_with_a_message(objects, adviser_clermont):
    client = staff_client(adviser_clermont)
    response = client.post(
        reverse("booking_closure_modeladmin_create"),
        {"agency": objects["agency"].pk, "start_date": "2030-01-01", "end_date": "9999-12-31"},
    )
    assert response.status_code == 200
    assert "choisissez une date entre 1900 et 2999" in response.content.decode()
    assert not Closure.objects.filter(end_date__year=9999).exists()
    statistics = client.get(reverse("booking_statistics"), {"reference": "0001-01-01"})
    assert "choisissez une date entre 1900 et 2999" in statistics.content.decode()


# The junk the brief of issue 14 lists, on every list, the statistics and the agenda (when it
# is registered): one request per value, as an adviser (their scoping runs too).
JUNK = {
    "date": "week",
    "semaine": "abc",
    "p": "-1",
    "o": "zz",
    "agency": "x",
    "status": "nope",
    "agence": "\x00",
    "q": "a" * 5_000,
    "depuis": "2026-13-45",
    "zzz": "inconnu",
}


def junk_urls() -> list[str]:
    urls = [index_url(model) for model in MODELS] + [reverse("booking_statistics")]
    with contextlib.suppress(NoReverseMatch):  # no agenda in this version
        urls.append(reverse("booking_agenda"))
    return urls


@pytest.mark.parametrize("as_adviser", [False, True], ids=["superuser", "adviser"])
def test_every_list_statistics_and_agenda_with_the_junk_of_issue_14(
    objects, superuser, adviser_clermont, as_adviser
):
    client = staff_client(adviser_clermont if as_adviser else superuser)
    requests = [("get", url, {name: value}) for url in junk_urls() for name, value in JUNK.items()]
    requests += [("get", url, JUNK) for url in junk_urls()]
    errors = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if response.status_code not in (200, 302, 404):
            errors.append((url, repr(data)[:80], response.status_code))
    assert not errors, "\n".join(map(str, errors))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_slot_pickers_with_hostile_dates_and_preselections(objects, adviser_clermont, value):
    """The move and "book on behalf" pages read ?depuis= and ?creneau= (and ?next=)."""
    client = staff_client(adviser_clermont)
    move = reverse("booking_appointment_modeladmin_deplacer", args=[objects["appointment"].pk])
    book_url = reverse("booking_appointment_modeladmin_create")
    for url in (move, book_url):
        for params in ({"depuis": value}, {"creneau": value}, {"depuis": value, "next": value}):
            response = client.get(url, params)
            assert response.status_code == 200, (url, params)
