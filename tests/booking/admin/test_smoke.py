"""Every booking admin URL, opened as a superuser, a manager, an adviser and an editor, answers
as expected; and once more with the static files production serves (WhiteNoise's manifest
storage after a real `collectstatic`), with the public pages."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from home.models import StandardPage
from news.models import NewsIndexPage
from tests.booking.admin.conftest import client_for
from tests.booking.test_views import book_url

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
ROLES = ("superuser", "manager", "adviser", "editor")


@pytest.fixture
def users(superuser, manager, adviser_clermont, editor):
    return dict(zip(ROLES, (superuser, manager, adviser_clermont, editor), strict=True))


# Wagtail answers a refused permission with a redirect to the dashboard and a message.
DENIED = "denied"
HOME = "/admin/"
# Expected answers, for the superuser, the manager, the Clermont adviser and the editor.
EVERY_STAFF = (200, 200, 200, DENIED)
MANAGERS = (200, 200, DENIED, DENIED)
NOBODY = (DENIED, DENIED, DENIED, DENIED)
# The instance views answer 404 for an object outside the user's agencies (an editor has none);
# the action views check the permission first.
AGENCY_BOUND = (200, 200, 200, 404)
UNBOUND = ("meetingtype", "bookingquestion")


def outcome(response):
    if response.status_code == 302 and response["Location"] == HOME:
        return DENIED
    return response.status_code


def url(model, action, pk=None):
    name = f"booking_{model}_modeladmin_{action}"
    return reverse(name, args=[pk] if pk is not None else [])


def every_url(objects):
    """(url, expected answers for the superuser, the manager, the adviser and the editor)."""
    o = objects
    appointment = o["appointment"].pk
    urls = []
    for model in ["agency", "meetingtype", "slot", "appointment", "closure", "bookingquestion"]:
        pk = o[model].pk
        urls += [
            (url(model, "index"), EVERY_STAFF),
            (url(model, "index") + "?q=test", EVERY_STAFF),
            (url(model, "inspect", pk), EVERY_STAFF if model in UNBOUND else AGENCY_BOUND),
        ]
    urls += [
        # Agencies and meeting types: advisers only read them.
        (url("agency", "create"), MANAGERS),
        (url("agency", "edit", o["agency"].pk), (200, 200, DENIED, 404)),
        (url("agency", "delete", o["agency"].pk), (200, 200, DENIED, 404)),
        (url("agency", "index") + "?is_active=1", EVERY_STAFF),
        (url("meetingtype", "create"), MANAGERS),
        (url("meetingtype", "edit", o["meetingtype"].pk), MANAGERS),
        (url("meetingtype", "delete", o["meetingtype"].pk), MANAGERS),
        (url("meetingtype", "index") + "?is_active=0&mode=video", EVERY_STAFF),
        (url("slot", "create"), EVERY_STAFF),
        (url("slot", "edit", o["slot"].pk), AGENCY_BOUND),
        (url("slot", "delete", o["slot"].pk), AGENCY_BOUND),
        (url("slot", "index") + f"?agence={o['agency'].pk}&remplissage=libre", EVERY_STAFF),
        (
            url("slot", "index") + "?" + urlencode({"du": "2026-01-01", "au": "2030-12-31"}),
            EVERY_STAFF,
        ),
        (url("closure", "create"), EVERY_STAFF),
        (url("closure", "edit", o["closure"].pk), AGENCY_BOUND),
        (url("closure", "delete", o["closure"].pk), AGENCY_BOUND),
        (url("bookingquestion", "create"), NOBODY),
        (url("appointment", "create"), EVERY_STAFF),
        (url("appointment", "edit", appointment), AGENCY_BOUND),
        (url("appointment", "delete", appointment), NOBODY),
        (url("appointment", "history", appointment), AGENCY_BOUND),
        (
            url("appointment", "index") + "?status=pending&agence=" + str(o["agency"].pk),
            EVERY_STAFF,
        ),
        (url("appointment", "index") + "?q=Camille&du=2020-01-01", EVERY_STAFF),
        (url("appointment", "index") + "?export=csv", EVERY_STAFF),
        (url("appointment", "index") + "?export=csv_excel&status=pending", EVERY_STAFF),
        (url("appointment", "index") + "?export=xlsx", EVERY_STAFF),
        (url("appointment", "accepter", appointment), EVERY_STAFF),
        (url("appointment", "refuser", appointment), EVERY_STAFF),
        (url("appointment", "annuler", appointment), EVERY_STAFF),
        (url("appointment", "deplacer", appointment), EVERY_STAFF),
        # Marking attendance waits for the meeting: the future one redirects with a message.
        (url("appointment", "honore", appointment), (302, 302, 302, DENIED)),
        (url("appointment", "honore", o["past"].pk), EVERY_STAFF),
        (url("appointment", "absent", o["past"].pk), EVERY_STAFF),
        # The outbox and the personal data requests: managers only.
        (url("outboxmessage", "index"), MANAGERS),
        (url("outboxmessage", "index") + "?status=sent", MANAGERS),
        (url("outboxmessage", "inspect", o["outboxmessage"].pk), MANAGERS),
        (url("outboxmessage", "resend", o["outboxmessage"].pk), MANAGERS),
        (reverse("booking_privacy"), (200, 200, 403, 403)),
        # The postcode table routes founders between agencies: managers only.
        (url("postcodearea", "index"), MANAGERS),
        (url("postcodearea", "index") + f"?agence={o['agency'].pk}&q=63", MANAGERS),
        (url("postcodearea", "create"), MANAGERS),
        (url("postcodearea", "edit", o["postcodearea"].pk), MANAGERS),
        (url("postcodearea", "delete", o["postcodearea"].pk), MANAGERS),
        # Calendar feeds: every adviser sees their own.
        (url("calendarfeed", "index"), EVERY_STAFF),
        (url("calendarfeed", "index") + "?etat=revoquee", EVERY_STAFF),
        (url("calendarfeed", "create"), MANAGERS),
        (url("calendarfeed", "regenerate", o["calendarfeed"].pk), EVERY_STAFF),
        (url("calendarfeed", "revoke", o["calendarfeed"].pk), EVERY_STAFF),
        (reverse("booking_slots_generate"), EVERY_STAFF),
        (reverse("booking_statistics"), EVERY_STAFF),
        (reverse("booking_agenda"), EVERY_STAFF),
        (reverse("booking_agenda") + "?vue=jour", EVERY_STAFF),
        (reverse("booking_agenda") + "?format=print", EVERY_STAFF),
        (reverse("booking_statistics") + "?period=year&format=csv", EVERY_STAFF),
        (reverse("wagtailadmin_home"), (200, 200, 200, 200)),
    ]
    return urls


def unexpected_answers(objects, users) -> list:
    clients = {role: client_for(user) for role, user in users.items()}
    failures = []
    for address, expected in every_url(objects):
        for role, status_expected in zip(ROLES, expected, strict=True):
            status = outcome(clients[role].get(address))
            if status != status_expected:
                failures.append((address, role, status, status_expected))
    return failures


def test_every_booking_admin_url_for_every_role(objects, users):
    failures = unexpected_answers(objects, users)
    assert not failures, "\n".join(map(str, failures))


def booking_menu_labels(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "rendez-vous" or str(item.label) == "Rendez-vous":
            return [str(sub.label) for sub in item.menu.menu_items_for_request(request)]
    return []


def test_the_menu_lists_the_booking_entries(adviser_clermont, manager):
    labels = booking_menu_labels(adviser_clermont)
    assert labels[:4] == ["Rendez-vous", "Agenda", "Créneaux", "Générer des créneaux"]
    assert {"Fermetures et absences", "Agences", "Statistiques"} <= set(labels)
    # Only managers see the email outbox and the personal data requests (founders' addresses
    # of every agency), and the postcode table (which agency gets which founders).
    assert "Emails envoyés" not in labels
    assert set(booking_menu_labels(manager)) - set(labels) == {
        "Emails envoyés",
        "Données personnelles (RGPD)",
        "Codes postaux des agences",
    }


def test_an_editor_has_no_booking_menu(editor):
    assert booking_menu_labels(editor) == []


def test_anonymous_visitors_are_sent_to_the_login_page(objects, client):
    for address, _expected in every_url(objects):
        response = client.get(address)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


# --- The static files of production ---------------------------------------------------------
# The test settings serve static files from the finders, where any path exists. Production
# collects them and serves them through WhiteNoise's manifest: a template asking for a file
# that `collectstatic` did not collect (e.g. the icons of django.contrib.admin, which is not
# installed) fails there, and only there, with a 500.


def production_static_storage() -> dict:
    """STORAGES["staticfiles"] of the production settings, read in a fresh interpreter."""
    code = (
        "import json; from site_config.settings.production import STORAGES; "
        "print(json.dumps(STORAGES['staticfiles']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """A real `collectstatic` with the production storage into a temporary STATIC_ROOT, once
    for the module: (the STATIC_ROOT, the storage)."""
    from django.conf import settings

    storage = production_static_storage()
    assert storage["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": storage}
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, storage


@pytest.fixture
def production_static(collected_static, settings):
    """This test serves the collected files through the production storage's manifest."""
    root, storage = collected_static
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": storage}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False


def test_every_booking_admin_url_with_the_production_static_files(
    production_static, objects, users
):
    failures = unexpected_answers(objects, users)
    assert not failures, "\n".join(map(str, failures))


def test_the_public_pages_with_the_production_static_files(
    production_static, objects, home_page, booking_page, client
):
    standard = home_page.add_child(instance=StandardPage(title="À propos", slug="a-propos"))
    news = home_page.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    slot = objects["slot"]
    agency_page = booking_page.url + booking_page.reverse_subpage("agency", args=["clermont"])
    for address in [
        home_page.url,
        standard.url,
        news.url,
        booking_page.url,
        agency_page,
        book_url(booking_page, slot) + f"?creneau={slot.pk}",
        "/page-qui-n-existe-pas/",
        reverse("wagtailadmin_login"),
    ]:
        response = client.get(address)
        assert response.status_code in (200, 404), (address, response.status_code)
        assert b"/static/" in response.content, address


def test_yes_no_columns_are_words(objects, admin_client_):
    agency = objects["agency"]
    agency.requires_approval = False
    agency.save()
    listing = admin_client_.get(url("agency", "index")).content.decode()
    assert "<th" in listing and "Validation par un conseiller" in listing
    assert ">Oui<" in listing and ">Non<" in listing
    assert "icon-yes" not in listing and "icon-no" not in listing
    inspect = admin_client_.get(url("agency", "inspect", agency.pk)).content.decode()
    assert "Oui" in inspect and "Non" in inspect and "True" not in inspect
    for model in ("meetingtype", "bookingquestion"):
        assert ">Oui<" in admin_client_.get(url(model, "index")).content.decode()
