"""The admin home page shows today's and tomorrow's appointments and the waiting requests of the
adviser's agencies, and nothing of the others."""

import pytest
from django.urls import reverse

from tests.booking.factories import SlotFactory, in_days

pytestmark = pytest.mark.django_db


def test_dashboard_panel(adviser_clermont, clermont, vichy, meeting_type, editor, time_machine):
    from tests.booking.admin.conftest import book_early, client_for

    # Morning, whatever the hour the suite runs at: the 23:50 slot is still to come today.
    time_machine.move_to(in_days(0, 9), tick=False)
    today = book_early(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(0, 23, 50)),
        project_name="Projet du jour",
    )
    tomorrow = book_early(
        SlotFactory(agency=clermont, meeting_type=meeting_type, start=in_days(1, 10)),
        email="demain@example.org",
        project_name="Projet de demain",
    )
    elsewhere = book_early(
        SlotFactory(agency=vichy, meeting_type=meeting_type, start=in_days(1, 11)),
        email="vichy@example.org",
        project_name="Projet vichyssois",
    )
    html = client_for(adviser_clermont).get(reverse("wagtailadmin_home")).content.decode()
    assert "Rendez-vous de mes agences" in html
    assert "Projet du jour" in html and "Projet de demain" in html
    assert "2 demandes en attente de réponse" in html
    assert "Projet vichyssois" not in html
    assert today.pk and tomorrow.pk and elsewhere.pk
    assert (
        "Rendez-vous de mes agences"
        not in client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    )
