"""Query budgets: each request runs the same number of queries whatever the amount of data
(checked at two sizes of the `generate_load_data` set), and no more than its budget. Speed
itself is measured by `make bench`, never here."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking import services
from booking.models import Agency, AgencyPage, MeetingType
from booking.public import abuse
from booking.timefmt import to_local
from booking.tokens import token_for
from news.models import NewsPage
from tests.booking.factories import founder
from tests.performance.conftest import first_bookable

pytestmark = pytest.mark.django_db
SIZES = (5, 50)


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries.captured_queries)


def counts_at_two_sizes(grow, request_once):
    counts = []
    for size in SIZES:
        grow(size)
        request_once()  # warm per-process caches (content types, site root paths)
        counts.append(request_once())
    return counts


def _agency():
    return Agency.objects.filter(slug__startswith="charge-").order_by("pk").first()


@pytest.mark.parametrize(
    ("name", "budget"),
    [("home", 22), ("showcase", 16), ("news_index", 18), ("agency_list", 16), ("slot_page", 15)],
)
def test_public_pages_have_a_fixed_number_of_queries(client, site, grow, name, budget):
    def url():
        booking_page = site["booking_page"]
        if name == "agency_list":
            return booking_page.url
        if name == "slot_page":
            agency = _agency()
            week = to_local(first_bookable(agency).start).date().isoformat()
            return f"{booking_page.url}agence/{agency.slug}/?semaine={week}"
        return site[name].url

    counts = counts_at_two_sizes(grow, lambda: count_queries(client, "get", url()))
    assert counts[0] == counts[1], counts
    assert counts[1] <= budget


def test_a_news_article_has_a_fixed_number_of_queries(client, site, grow):
    def article():
        latest = NewsPage.objects.live().order_by("-date", "-pk").first()
        return count_queries(client, "get", latest.url)

    counts = counts_at_two_sizes(grow, article)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 22


def test_the_manage_page_has_a_fixed_number_of_queries(client, site, grow):
    booking_page = site["booking_page"]
    made = iter(range(100))

    def manage():
        n = next(made)
        appointment = services.appointment_book(
            slot_id=first_bookable().pk,
            founder=founder(email=f"gerer.{n}@example.org"),
            privacy_version="v1",
            submission_key=f"perf-manage-{n:06d}",
        ).appointment
        token = token_for(appointment.token_salt)
        return count_queries(client, "get", f"{booking_page.url}gerer/{token}/")

    counts = counts_at_two_sizes(grow, manage)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20


def test_booking_post_has_a_fixed_number_of_queries(client, site, grow):
    booking_page = site["booking_page"]
    sent = iter(range(100))

    def post():
        n = next(sent)
        slot = first_bookable()
        url = f"{booking_page.url}agence/{slot.agency.slug}/reserver/"
        data = {
            "slot": slot.pk,
            "submission_key": f"perf-submission-{n:06d}",
            "first_name": "Camille",
            "last_name": "Durand",
            "email": f"camille.{n}@example.org",
            "phone": f"06 12 34 {n // 100:02d} {n % 100:02d}",
            "city": "Clermont-Ferrand",
            "postal_code": "63000",
            "project_name": "Fromagerie des Volcans",
            "project_description": "Une fromagerie en circuit court.",
            "project_stage": "idea",
            "project_sector": "agri",
            "question_avez_vous_deja_un_local": "Non",
            "consent": "on",
            "form_started": abuse.form_started_token(f"perf-submission-{n:06d}"),
        }
        count = count_queries(client, "post", url, data)
        client.cookies.clear()  # the next founder is someone else
        return count

    counts = counts_at_two_sizes(grow, post)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30  # tasks run immediately in tests: the emails are sent here too


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # Every date: rows at both sizes (a small set may have no meeting to come).
        ("/admin/booking/appointment/?du=tout", 20),
        ("/admin/booking/appointment/?du=tout&export=csv", 10),
        ("/admin/booking/slot/", 20),  # from today on: grow() adds a slot to come per agency
        ("/admin/booking/agenda/?agence=toutes", 20),  # this week, every agency
    ],
)
def test_admin_list_and_export_have_a_fixed_number_of_queries(client, site, grow, url, budget):
    admin = get_user_model().objects.create_superuser("perf-admin", "a@example.org", "x" * 16)
    client.force_login(admin)
    counts = counts_at_two_sizes(grow, lambda: count_queries(client, "get", url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= budget


def _blocks_page(site, agency):
    """The showcase page with every booking and news block, one filtered on `agency`."""
    page = site["showcase"]
    meeting_type = MeetingType.objects.filter(is_active=True).order_by("pk").first()
    page.body = [
        {"type": "upcoming_slots", "value": {"title": "Tous", "count": 12}},
        {
            "type": "upcoming_slots",
            "value": {"agency": str(agency.pk), "meeting_type": str(meeting_type.pk), "count": 6},
        },
        {"type": "agency_cards", "value": {"title": "Nos agences"}},
        {"type": "latest_news", "value": {"title": "Actualités", "count": 12}},
    ]
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(("name", "budget"), [("blocks", 26), ("agency_page", 19)])
def test_booking_blocks_and_agency_pages_have_a_fixed_number_of_queries(
    client, site, grow, name, budget
):
    counts = []
    for size in SIZES:
        AgencyPage.objects.all().delete()  # before grow() replaces the agencies they show
        grow(size)
        agency = _agency()
        if name == "blocks":
            url = _blocks_page(site, agency).url
        else:
            page = AgencyPage(title="Agence", slug=agency.slug, agency=agency)
            site["booking_page"].add_child(instance=page)
            page.save_revision().publish()
            url = page.url
        count_queries(client, "get", url)  # warm per-process caches
        counts.append(count_queries(client, "get", url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= budget
