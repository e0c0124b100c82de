"""The demo pictures are flat illustrations drawn in the brand palette: the motif follows the
title, the same title always draws the same picture, and the Wagtail image describes it."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image as PILImage
from wagtail.images import get_image_model

from home.demo_images import demo_image, illustration, motif_for
from home.demo_images.canvas import PALETTE, WHITE
from news.demo import ARTICLES

# One title per motif, taken from the demo content where there is one.
TITLE_OF_MOTIF = {
    "landscape": "Agence Aurillac",
    "workshop": "Atelier collectif à Osengo",
    "pitch": "Demo day : dix startups face aux investisseurs à Clermont-Ferrand",
    "money": "Prêts d'honneur : 640 000 euros accordés depuis janvier",
    "growth": "Volcagri lève 1,2 million d'euros pour ses capteurs agricoles",
    "report": "Rapport d'activité : 120 entreprises accompagnées en un an",
    "idea": "Une application pour les curistes de Vichy, née à l'incubateur",
    "launch": "Osengo ouvre une agence à Aurillac",
    "calendar": "Douze nouveaux projets rejoignent la promotion d'automne",
    "abstract": "« Sans accompagnement, j'aurais abandonné » : le parcours d'une menuisière",
}


def _site_css_colours() -> set[tuple[int, int, int]]:
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    root = css[css.index(":root") : css.index("}", css.index(":root"))]
    return {
        tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
        for name, value in re.findall(r"--osengo-([\w-]+):\s*#([0-9a-f]{6})", root)
        if name != "focus"  # the focus ring colour is for outlines, not pictures
    } | {WHITE}


def _is_tint_of(colour, base) -> bool:
    """`colour` is `base` mixed with white, in some share (to the nearest 5 %)."""
    return any(
        all(abs(b + (255 - b) * step / 20 - c) <= 1 for b, c in zip(base, colour, strict=True))
        for step in range(1, 20)
    )


def test_the_palette_is_the_site_css_one_plus_tints_of_it():
    brand = _site_css_colours()
    assert len(brand) == 7
    assert brand <= set(PALETTE)
    tints = set(PALETTE) - brand
    assert len(tints) <= 2
    for colour in tints:
        assert any(_is_tint_of(colour, base) for base in brand), colour


@pytest.mark.parametrize("motif", TITLE_OF_MOTIF)
@pytest.mark.parametrize("size", [(640, 360), (400, 400)])
def test_pictures_are_flat_colours_of_the_palette(motif, size):
    """Nearly every pixel is a palette colour exactly; the rest are the smoothed edges."""
    image = illustration(TITLE_OF_MOTIF[motif], size=size).image
    assert image.size == size and image.mode == "RGB"
    counts = sorted(image.getcolors(size[0] * size[1]), reverse=True)
    total = size[0] * size[1]
    in_palette = sum(count for count, colour in counts if colour in PALETTE)
    assert in_palette / total >= 0.95, motif
    covered, dominant = 0, []
    for count, colour in counts:
        if covered >= 0.95 * total:
            break
        covered += count
        dominant.append(colour)
    assert set(dominant) <= set(PALETTE)
    assert len(dominant) >= 3, "a flat illustration, not a single flat colour"


def test_each_demo_title_gets_the_motif_its_words_call_for():
    assert {title: motif_for(title) for title in TITLE_OF_MOTIF.values()} == {
        title: motif for motif, title in TITLE_OF_MOTIF.items()
    }
    assert motif_for("Les ateliers de l'hiver à Vichy : prix, marketing") == "workshop"
    assert motif_for("Porteurs de projet en atelier chez Osengo") == "workshop"
    # The demo news do not all look alike.
    assert len({motif_for(article.title) for article in ARTICLES}) >= 6


def test_financing_and_workshop_titles_draw_different_motifs():
    money = illustration(TITLE_OF_MOTIF["money"], size=(320, 180))
    workshop = illustration(TITLE_OF_MOTIF["workshop"], size=(320, 180))
    assert motif_for(TITLE_OF_MOTIF["money"]) != motif_for(TITLE_OF_MOTIF["workshop"])
    assert money.image.tobytes() != workshop.image.tobytes()
    assert "pièces" in money.description and "personnes" in workshop.description


def test_the_same_title_draws_the_same_picture():
    first = illustration("Agence Clermont-Ferrand", size=(320, 180))
    again = illustration("Agence Clermont-Ferrand", size=(320, 180))
    assert first.image.tobytes() == again.image.tobytes()
    assert first.description == again.description


def test_two_agencies_get_different_landscapes_that_name_their_town():
    aurillac = illustration("Agence Aurillac", size=(320, 180))
    vichy = illustration("Agence Vichy", size=(320, 180))
    assert aurillac.image.tobytes() != vichy.image.tobytes()
    assert "volcans d'Auvergne" in aurillac.description
    assert "toits d'Aurillac" in aurillac.description  # « de » elides before a vowel
    assert "toits de Vichy" in vichy.description


@pytest.mark.parametrize("size", [(1200, 675), (640, 360), (300, 300), (360, 640)])
def test_pictures_have_the_size_asked(size):
    for title in TITLE_OF_MOTIF.values():
        assert illustration(title, size=size).image.size == size


@pytest.mark.django_db
def test_demo_image_stores_a_described_jpeg_once():
    image = demo_image("Agence Aurillac", size=(640, 360))
    assert (image.width, image.height) == (640, 360)
    assert image.description.startswith("Illustration : ")
    assert image.description == illustration("Agence Aurillac", size=(640, 360)).description
    with image.open_file() as handle:
        content = handle.read()
        picture = PILImage.open(io.BytesIO(content))
        assert picture.format == "JPEG"
    # Recorded as an upload records them: Wagtail's rendition cache keys hold the file hash.
    assert image.file_size == len(content)
    assert image.file_hash == hashlib.sha1(content).hexdigest()
    rendition = image.get_rendition("fill-320x180|format-webp")
    assert (rendition.width, rendition.height) == (320, 180)

    assert demo_image("Agence Aurillac", size=(640, 360)) == image
    assert get_image_model().objects.filter(title="Agence Aurillac").count() == 1
