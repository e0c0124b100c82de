"""Pictures keep their shape: every card, hero and portrait picture is a fill (cropped)
rendition with its width and height, so it neither stretches nor shifts the page while it
loads. A member without a photo shows their initials; a teaser without a picture or a summary
leaves no empty box behind."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.booking.factories import AgencyFactory

from .factories import TeamIndexPageFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _image(title, size=(1200, 900)):
    """A 4:3 picture: a fill rendition must crop it to the slot's shape."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (60, 90, 120)).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.jpg")
    )


def _imgs(response, selector):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select(selector)


def _assert_shape(img, spec, ratio):
    """The <img> (and every <source> of its <picture>) comes from the `spec` fill rendition,
    with width and height attributes in that ratio."""
    assert spec in img["src"], img
    width, height = int(img["width"]), int(img["height"])
    assert width * ratio[1] == height * ratio[0], img
    picture = img.find_parent("picture")
    if picture is not None:
        assert all(spec in source["srcset"] for source in picture.find_all("source"))


@pytest.fixture
def news_index(home_page):
    from news.models import NewsIndexPage

    return home_page.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))


def _article(index, title, *, image=None, intro=""):
    from news.models import NewsPage

    return index.add_child(
        instance=NewsPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            date=datetime.date.today(),
            intro=intro,
            lead_image=image,
        )
    )


def test_the_hero_picture_is_a_16_9_fill_with_its_size(home_page, client):
    home_page.hero_image = _image("Accroche")
    home_page.save_revision().publish()

    (img,) = _imgs(client.get("/"), "img.hero-image")
    _assert_shape(img, "fill-640x360", (16, 9))
    assert "fill-1200x675" in img["srcset"]


def test_agency_card_pictures_are_16_9_fills_with_their_size(home_page, client):
    AgencyFactory(name="Osengo Vichy", city="Vichy", photo=_image("Vichy"))
    AgencyFactory(name="Osengo Aurillac", city="Aurillac")  # no photo: no picture at all

    imgs = _imgs(client.get("/"), ".agency-cards img")
    assert len(imgs) == 1
    _assert_shape(imgs[0], "fill-640x360", (16, 9))
    assert imgs[0]["class"] == ["card-img-top", "card-photo"]
    assert imgs[0]["loading"] == "lazy"


def _queries(client, url):
    client.get(url)  # generates the renditions, warms Wagtail's per-process caches
    cache.clear()  # the page cache: measure a render, not a hit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_agency_card_pictures_cost_the_same_queries_however_many(home_page, client):
    AgencyFactory(name="Osengo Vichy", city="Vichy", photo=_image("Vichy"))
    one = _queries(client, "/")
    for city in ("Aurillac", "Moulins", "Riom"):
        AgencyFactory(name=f"Osengo {city}", city=city, photo=_image(city))
    assert _queries(client, "/") == one


def test_news_teasers_are_16_9_fills_and_one_without_picture_or_summary_leaves_no_gap(
    home_page, news_index, client
):
    _article(news_index, "Avec photo", image=_image("Atelier"), intro="Un résumé.")
    _article(news_index, "Sans photo")

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    with_image, without = sorted(soup.select("article.teaser"), key=lambda a: a.h3.text)
    (img,) = with_image.select("img")
    _assert_shape(img, "fill-640x360", (16, 9))
    assert with_image.select_one(".card-text").text == "Un résumé."

    assert without.h3.text == "Sans photo"
    assert not without.select("img, picture, figure, .card-img-top")
    assert not without.select(".card-text")
    assert all(p.get_text(strip=True) for p in without.select("p"))


def test_a_member_with_a_photo_has_a_square_fill_portrait(home_page, client):
    team = TeamIndexPageFactory(parent=home_page)
    TeamMemberFactory(page=team, first_name="Claire", last_name="Dumas", photo=_image("Claire"))

    (card,) = _imgs(client.get(team.url), ".team-card")
    (img,) = card.select("img")
    _assert_shape(img, "fill-400x400", (1, 1))
    assert img["alt"] == ""
    assert not card.select(".team-avatar")


def test_a_member_without_a_photo_shows_their_initials(home_page, client):
    team = TeamIndexPageFactory(parent=home_page)
    TeamMemberFactory(page=team, first_name="élodie", last_name="Martin", photo=None)

    (card,) = _imgs(client.get(team.url), ".team-card")
    assert not card.select("img, picture")
    avatar = card.select_one(".team-avatar")
    assert avatar.text == "ÉM"
    assert avatar["aria-hidden"] == "true"
    assert card.select_one(".card-title").text == "élodie Martin"  # the name is read once
