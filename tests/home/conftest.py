"""Fixtures of the showcase-site tests: a home page as the root of the default site."""

import pytest
from wagtail.models import Page, Site

from .factories import HomePageFactory


def make_home_site():
    """A HomePage under the tree root, served by the default site (as after load_demo_data)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home


@pytest.fixture
def home_page(db):
    return make_home_site()
