"""The postcode table (which agency serves which postcodes): managers and superusers edit it,
nobody else sees it."""

import pytest
from django.urls import reverse

from booking.models import PostcodeArea
from tests.booking.admin.conftest import client_for
from tests.booking.admin.test_smoke import booking_menu_labels
from tests.booking.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(clermont):
    agencies = {"clermont": clermont, "aurillac": AgencyFactory(slug="aurillac")}
    PostcodeArea.objects.create(prefix="63", agency=clermont)
    PostcodeArea.objects.create(prefix="15", agency=agencies["aurillac"])
    return agencies


INDEX = "booking_postcodearea_modeladmin_index"
CREATE = "booking_postcodearea_modeladmin_create"


def test_only_managers_edit_the_postcode_table(
    agencies, superuser, manager, adviser_clermont, editor
):
    area = PostcodeArea.objects.get(prefix="63")
    urls = [
        reverse(INDEX),
        reverse(CREATE),
        reverse("booking_postcodearea_modeladmin_edit", args=[area.pk]),
        reverse("booking_postcodearea_modeladmin_delete", args=[area.pk]),
    ]
    for user in (superuser, manager):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    for user in (adviser_clermont, editor):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (user, url)
            assert response.status_code != 302 or "/login/" not in response["Location"]
        # Not even a crafted POST.
        client.post(reverse(CREATE), {"prefix": "43", "agency": agencies["clermont"].pk})
        assert not PostcodeArea.objects.filter(prefix="43").exists()


def test_a_manager_adds_a_prefix_and_a_wrong_one_is_refused_in_french(agencies, manager):
    client = client_for(manager)
    response = client.post(reverse(CREATE), {"prefix": "43", "agency": agencies["clermont"].pk})
    assert response.status_code == 302
    assert PostcodeArea.objects.get(prefix="43").agency == agencies["clermont"]
    refused = client.post(reverse(CREATE), {"prefix": "4", "agency": agencies["clermont"].pk})
    assert refused.status_code == 200
    assert "Saisissez de 2 à 5 chiffres" in refused.content.decode()
    taken = client.post(reverse(CREATE), {"prefix": "15", "agency": agencies["clermont"].pk})
    assert taken.status_code == 200
    assert PostcodeArea.objects.get(prefix="15").agency == agencies["aurillac"]


def test_the_postcode_table_is_in_the_managers_menu_only(manager, adviser_clermont):
    assert "Codes postaux des agences" in booking_menu_labels(manager)
    assert "Codes postaux des agences" not in booking_menu_labels(adviser_clermont)
