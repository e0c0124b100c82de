"""Staff accounts and agencies from the admin tests, and appointments of one founder."""

from datetime import timedelta

import pytest
from django.utils import timezone

# The staff accounts and agencies of the admin tests.
from tests.booking.admin.conftest import *  # noqa: F403
from tests.booking.admin.conftest import book_early, client_for
from tests.booking.factories import SlotFactory

FOUNDER_EMAIL = "camille.durand@example.org"
ANSWERS = [
    {"question": "Avez-vous déjà un local ?", "answer": "Oui, rue Blatin à Clermont"},
    {"question": "Chiffre d'affaires visé", "answer": "80 000 €"},
]


def months_ago(months: int, hour: int = 10):
    """A local instant about `months` months ago (30.5 days a month), at a round hour."""
    moment = timezone.localtime() - timedelta(days=round(months * 30.5))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def past_appointment(agency, meeting_type, start, **founder):
    """An appointment whose meeting was at `start`, booked three days before it."""
    slot = SlotFactory(agency=agency, meeting_type=meeting_type, start=start)
    return book_early(slot, **founder)


@pytest.fixture
def manager_client(manager):
    return client_for(manager)
