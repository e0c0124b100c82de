"""Statistics against a known dataset: every figure computed by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from booking.backoffice import stats
from booking.models import Appointment, AppointmentStatus
from tests.booking.factories import SlotFactory, book, local_dt

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def dataset(clermont, vichy, meeting_type):
    """March 2027 in Clermont: 8 appointments; one in Vichy; one in Clermont in April."""
    plan = [
        # (day, hour, status, email, requested days before)
        (1, 9, S.ATTENDED, "a@example.org", 2),
        (1, 10, S.ATTENDED, "b@example.org", 4),
        (8, 9, S.ATTENDED, "a@example.org", 6),
        (8, 10, S.NO_SHOW, "c@example.org", 8),
        (15, 9, S.REFUSED, "d@example.org", 10),
        (15, 14, S.CANCELLED_BY_FOUNDER, "e@example.org", 1),
        (22, 9, S.CANCELLED_BY_AGENCY, "f@example.org", 3),
        (29, 9, S.PENDING, "g@example.org", 5),
    ]
    for index, (day, hour, status, email, before) in enumerate(plan):
        _make(clermont, meeting_type, date(2027, 3, day), hour, status, email, before, index)
    _make(vichy, meeting_type, date(2027, 3, 2), 9, S.ATTENDED, "v@example.org", 1, 50)
    _make(clermont, meeting_type, date(2027, 4, 5), 9, S.ATTENDED, "z@example.org", 1, 60)


def _make(agency, meeting_type, day, hour, status, email, before, index):
    start = local_dt(day, hour)
    slot = SlotFactory(agency=agency, meeting_type=meeting_type, start=start)
    # Far-future slots are outside the booking window today: write the rows as the workflow
    # would have left them (the workflow itself is tested in test_services).
    appointment = book(SlotFactory(agency=agency, meeting_type=meeting_type), email=email)
    Appointment.objects.filter(pk=appointment.pk).update(
        slot=slot, status=status, created_at=start.astimezone(UTC) - timedelta(days=before)
    )


def test_figures_of_a_month(dataset, clermont):
    from booking.models import Appointment

    period = stats.Period.around("month", date(2027, 3, 17))
    assert (period.start, period.end) == (date(2027, 3, 1), date(2027, 3, 31))
    result = stats.appointment_stats(Appointment.objects.filter(slot__agency=clermont), period)
    assert result.requests == 8
    assert result.count(S.ATTENDED) == 3
    assert result.count(S.NO_SHOW) == 1
    assert result.count(S.REFUSED) == 1
    assert result.count(S.CANCELLED_BY_FOUNDER) == 1
    assert result.count(S.CANCELLED_BY_AGENCY) == 1
    assert result.count(S.PENDING) == 1
    assert result.attendance_rate == 0.75
    assert result.distinct_founders == 7  # a@ came twice
    assert result.median_lead_days == 4.5  # median of 1,2,3,4,5,6,8,10
    assert result.busiest[0] == ("lundi 9 h", 5)  # every date of the dataset is a Monday
    assert sum(b.requests for b in result.buckets) == 8
    assert sum(b.attended for b in result.buckets) == 3
    figures = dict(result.figures())
    assert figures["Taux de rendez-vous honorés"] == "75,0 %"


def test_periods():
    assert stats.Period.around("quarter", date(2027, 5, 9)) == stats.Period(
        date(2027, 4, 1), date(2027, 6, 30)
    )
    assert stats.Period.around("year", date(2027, 5, 9)) == stats.Period(
        date(2027, 1, 1), date(2027, 12, 31)
    )


def test_the_statistics_page_and_csv(dataset, clermont_client, vichy_client, manager, clermont):
    from tests.booking.admin.conftest import client_for

    url = reverse("booking_statistics")
    params = {"period": "month", "reference": "2027-03-10"}
    html = clermont_client.get(url, params).content.decode()
    assert "<svg" in html and "Taux de rendez-vous honorés" in html
    assert "75,0 %" in html
    response = clermont_client.get(url, {**params, "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "Demandes;8" in text
    assert "Honorés;3" in text
    # Vichy's adviser only counts Vichy; the manager counts everything.
    assert "Demandes;1" in vichy_client.get(url, {**params, "format": "csv"}).content.decode()
    everything = client_for(manager).get(url, {**params, "format": "csv"}).content.decode()
    assert "Demandes;9" in everything
    custom = {"period": "custom", "start": "2027-03-01", "end": "2027-04-30", "format": "csv"}
    assert "Demandes;9" in clermont_client.get(url, custom).content.decode()
    # A forged agency outside the scope is refused by the form: back to "all my agencies".
    forged = {**params, "agency": clermont.pk, "format": "csv"}
    assert "Demandes;1" in vichy_client.get(url, forged).content.decode()


def test_dates_in_the_chart_are_local(dataset, clermont):
    from booking.models import Appointment

    result = stats.appointment_stats(
        Appointment.objects.all(), stats.Period(date(2027, 3, 1), date(2027, 3, 31))
    )
    chart = stats.bar_chart(result)
    assert len(chart["bars"]) == 2 * 31
    assert isinstance(datetime.now(), datetime)
