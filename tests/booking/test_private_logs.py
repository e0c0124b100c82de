"""Log lines never hold the secret token of a private link."""

import logging

import pytest
from django.test import Client

from tests.booking.factories import SlotFactory, book
from tests.booking.test_views import manage_url

pytestmark = pytest.mark.django_db


def test_a_csrf_failure_on_a_manage_page_logs_the_path_without_the_token(booking_page, caplog):
    appointment = book(SlotFactory())
    url = manage_url(booking_page, appointment, "manage_cancel")
    token = url.rstrip("/").split("/")[-2]
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        assert client.post(url).status_code == 403
    records = [r for r in caplog.records if r.name == "django.security.csrf"]
    assert records
    for record in caplog.records:
        assert token not in record.getMessage()
    assert "/gerer/" in records[0].getMessage()
