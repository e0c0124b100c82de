"""A whole site (home, a showcase page, news, booking with a question) that
`generate_load_data` fills at the size a test asks for."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from booking.models import Agency, BookingPage, BookingQuestion, MeetingType, Slot
from home.models import FooterSettings, HomePage, NavigationSettings, StandardPage
from news.models import NewsCategory, NewsIndexPage
from tests.booking.factories import in_days


@pytest.fixture
def site(db):
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Accueil", slug="accueil-perf", hero_title="Osengo")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    showcase = home.add_child(
        instance=StandardPage(title="À propos", slug="a-propos", intro="Qui sommes-nous")
    )
    news_index = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    booking_page = home.add_child(
        instance=BookingPage(title="Prendre rendez-vous", slug="rendez-vous")
    )
    BookingQuestion.objects.create(
        page=booking_page,
        label="Avez-vous déjà un local ?",
        field_type="radio",
        choices="Oui\nNon",
        required=True,
    )
    NewsCategory.objects.create(name="Financement", slug="financement")
    site_object = Site.objects.get(is_default_site=True)
    NavigationSettings.for_site(site_object)  # created on first use otherwise (mid-request)
    FooterSettings.for_site(site_object)
    return {
        "home": home,
        "showcase": showcase,
        "news_index": news_index,
        "booking_page": booking_page,
    }


@pytest.fixture
def grow(site):
    """`grow(n)`: the load data set at size n (agencies, slots, appointments, articles)."""

    def grow(n):
        call_command(
            "generate_load_data",
            reset=True,
            agencies=2,
            advisers=4,
            slots=n,
            appointments=n,
            news=n,
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
        # Small sets spread over a year may leave an agency nothing bookable: one sure slot each.
        for agency in Agency.objects.filter(slug__startswith="charge-"):
            start = in_days(3, 10)
            Slot.objects.create(
                agency=agency,
                meeting_type=MeetingType.objects.filter(is_active=True).first(),
                start=start,
                end=start + timedelta(minutes=45),
            )

    return grow


def first_bookable(agency=None):
    agencies = [agency] if agency else list(Agency.objects.filter(slug__startswith="charge-"))
    return (
        Slot.objects.bookable(agencies=agencies, now=timezone.now())
        .filter(capacity=1)
        .order_by("start", "pk")
        .first()
    )
