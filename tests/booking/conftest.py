import pytest
from wagtail.models import Page, Site

from booking.models import BookingPage, BookingQuestion
from home.models import HomePage


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Accueil", slug="accueil-test", hero_title="Osengo")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


@pytest.fixture
def booking_page(home_page):
    page = home_page.add_child(
        instance=BookingPage(title="Prendre rendez-vous", slug="rendez-vous", privacy_version="v1")
    )
    BookingQuestion.objects.create(
        page=page,
        label="Avez-vous déjà un local ?",
        field_type="radio",
        choices="Oui\nNon",
        required=True,
    )
    return page
