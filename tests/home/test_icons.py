"""The favicon and touch icon: linked from every page, served by us, drawn by a committed
generator in the brand palette."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

ICONS = Path(settings.BASE_DIR) / "static" / "icons"

pytestmark = pytest.mark.django_db


def _served(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_page_links_the_icons_and_they_are_served(home_page, client):
    html = client.get("/").content.decode()
    tags = re.findall(r'<link rel="(?:icon|apple-touch-icon)"[^>]*>', html)
    assert len(tags) == 3

    def href(marker: str) -> str:
        [tag] = [tag for tag in tags if marker in tag]
        return re.search(r'href="([^"]+)"', tag)[1]

    svg = _served(client, href('type="image/svg+xml"')).decode()
    assert "#0b5568" in svg  # --osengo-primary
    png = Image.open(io.BytesIO(_served(client, href('type="image/png" sizes="32x32"'))))
    assert png.size == (32, 32)
    touch = Image.open(io.BytesIO(_served(client, href('rel="apple-touch-icon"'))))
    assert touch.size == (180, 180)
    # Apple rounds the touch icon itself and shows transparency as black: no transparent corner.
    assert touch.convert("RGBA").getpixel((0, 0))[3] == 255


def test_favicon_ico_answers_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = Image.open(io.BytesIO(_served(client, response["Location"])))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def test_the_committed_icons_are_what_the_generator_draws(tmp_path):
    call_command("generate_favicons", output=tmp_path, stdout=io.StringIO())
    assert (tmp_path / "favicon.svg").read_text() == (ICONS / "favicon.svg").read_text()
    for name in ("favicon-32.png", "apple-touch-icon.png", "favicon.ico"):
        with Image.open(tmp_path / name) as drawn, Image.open(ICONS / name) as committed:
            assert drawn.size == committed.size, name
            assert drawn.convert("RGBA").tobytes() == committed.convert("RGBA").tobytes(), name
