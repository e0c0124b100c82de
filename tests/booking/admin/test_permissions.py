"""The agency scope: a Vichy adviser cannot see or touch anything of Clermont, exports
included; an editor has no access to appointments (personal data)."""

import pytest
from django.urls import reverse

from booking.backoffice.admin.appointments import AdviserBookingForm
from booking.backoffice.admin.slots import SLOT_PANELS
from booking.models import AppointmentStatus, Slot
from tests.booking.admin.conftest import client_for
from tests.booking.factories import SlotFactory, book, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def clermont_appointment(clermont, meeting_type):
    return book(SlotFactory(agency=clermont, meeting_type=meeting_type))


def admin_url(model, action, pk=None):
    return reverse(f"booking_{model}_modeladmin_{action}", args=[pk] if pk else [])


def test_a_vichy_adviser_gets_404_on_a_clermont_appointment(vichy_client, clermont_appointment):
    pk = clermont_appointment.pk
    for action in ["inspect", "edit", "history", "accepter", "refuser", "deplacer", "annuler"]:
        assert vichy_client.get(admin_url("appointment", action, pk)).status_code == 404, action
    for action in ["accepter", "refuser", "annuler", "honore", "absent"]:
        response = vichy_client.post(
            admin_url("appointment", action, pk), {"expected_status": "pending"}
        )
        assert response.status_code == 404, action
    clermont_appointment.refresh_from_db()
    assert clermont_appointment.status == AppointmentStatus.PENDING


def test_a_vichy_adviser_gets_404_on_clermont_slots_and_closures(vichy_client, clermont):
    slot = SlotFactory(agency=clermont)
    for action in ["inspect", "edit", "delete"]:
        assert vichy_client.get(admin_url("slot", action, slot.pk)).status_code == 404
    assert vichy_client.post(admin_url("slot", "delete", slot.pk)).status_code == 404
    assert Slot.objects.filter(pk=slot.pk, is_active=True).exists()


def test_lists_and_exports_only_hold_the_advisers_agencies(
    vichy_client, clermont_client, clermont_appointment, vichy, meeting_type
):
    vichy_appointment = book(
        SlotFactory(agency=vichy, meeting_type=meeting_type),
        email="vichy@example.org",
        project_name="Projet vichyssois",
    )
    index = admin_url("appointment", "index")
    html = vichy_client.get(index).content.decode()
    assert vichy_appointment.reference in html
    assert clermont_appointment.reference not in html
    for export in ["csv", "csv_excel", "xlsx"]:
        response = vichy_client.get(index, {"export": export})
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if export != "xlsx":
            text = content.decode("utf-8-sig")
            assert vichy_appointment.reference in text
            assert clermont_appointment.reference not in text
    # A forged filter on another agency finds nothing.
    response = vichy_client.get(
        index, {"export": "csv", "agence": clermont_appointment.slot.agency_id}
    )
    assert clermont_appointment.reference not in b"".join(response.streaming_content).decode()
    assert clermont_appointment.reference in clermont_client.get(index).content.decode()


def test_forms_only_offer_the_advisers_agencies(adviser_vichy, clermont, vichy, meeting_type):
    SlotFactory(agency=clermont, meeting_type=meeting_type)
    vichy_slot = SlotFactory(agency=vichy, meeting_type=meeting_type, start=in_days(4, 11))
    slot_form = SLOT_PANELS.bind_to_model(Slot).get_form_class()(for_user=adviser_vichy)
    assert list(slot_form.fields["agency"].queryset) == [vichy]
    booking_form = AdviserBookingForm(user=adviser_vichy)
    assert list(booking_form.fields["slot"].queryset) == [vichy_slot]


def test_a_vichy_adviser_cannot_create_a_slot_in_clermont(vichy_client, clermont, meeting_type):
    response = vichy_client.post(
        admin_url("slot", "create"),
        {
            "agency": clermont.pk,
            "meeting_type": meeting_type.pk,
            "start": in_days(9, 10).strftime("%Y-%m-%d %H:%M"),
            "end": in_days(9, 11).strftime("%Y-%m-%d %H:%M"),
            "capacity": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the form answers with an error
    assert not Slot.objects.filter(agency=clermont).exists()


def test_managers_and_superusers_see_every_agency(manager, superuser, clermont_appointment, vichy):
    for user in (manager, superuser):
        html = client_for(user).get(admin_url("appointment", "index")).content.decode()
        assert clermont_appointment.reference in html


def test_an_editor_is_refused_every_booking_url(editor, clermont_appointment):
    client = client_for(editor)
    urls = [
        admin_url("appointment", "index"),
        admin_url("appointment", "index") + "?export=csv",
        admin_url("appointment", "inspect", clermont_appointment.pk),
        admin_url("appointment", "accepter", clermont_appointment.pk),
        admin_url("slot", "index"),
        admin_url("agency", "index"),
        reverse("booking_statistics"),
        reverse("booking_slots_generate"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert response.status_code != 200
    # …but can reach the page tree and images.
    # (the explorer's root sends them to the pages they may edit)
    assert client.get(reverse("wagtailadmin_explore_root"), follow=True).status_code == 200
    assert client.get(reverse("wagtailimages:index")).status_code == 200
