"""Writes the site's icons into static/icons/ from one drawing: the SVG favicon, a 32×32 PNG
and a favicon.ico for browsers without SVG icons, and the 180×180 apple-touch-icon.

The files are committed (nothing to run at deploy time); run this again after changing the
drawing or the palette (static/css/site.css) and commit what it writes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

# The brand palette of static/css/site.css.
PRIMARY = "#0b5568"
ACCENT = "#f3b229"
WHITE = "#ffffff"

# On a 64-unit canvas: a rounded square, the white ring of the "O" of Osengo, an accent dot
# rising inside it.
SIZE = 64
CORNER = 14
RING_CENTRE = (32, 32)
RING_RADIUS = 19
RING_WIDTH = 8
DOT_CENTRE = (40, 24)
DOT_RADIUS = 6

OUTPUT_DIR = Path(settings.BASE_DIR) / "static" / "icons"
PNG_SIZES = {"favicon-32.png": 32, "apple-touch-icon.png": 180}
ICO_SIZES = [16, 32, 48]
SUPERSAMPLING = 8  # drawn large, then scaled down: smooth edges without an SVG renderer


def svg() -> str:
    cx, cy = RING_CENTRE
    dx, dy = DOT_CENTRE
    # The ring's stroke is centred on its path: the path's radius is the middle of the ring.
    middle = RING_RADIUS - RING_WIDTH / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{CORNER}" fill="{PRIMARY}"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{middle:g}" fill="none" stroke="{WHITE}" '
        f'stroke-width="{RING_WIDTH}"/>'
        f'<circle cx="{dx}" cy="{dy}" r="{DOT_RADIUS}" fill="{ACCENT}"/>'
        "</svg>\n"
    )


def png(size: int, *, rounded: bool = True) -> Image.Image:
    """The icon at `size` pixels. Apple rounds the touch icon's corners itself, so that one is
    drawn square (`rounded=False`)."""
    scale = size * SUPERSAMPLING / SIZE
    big = round(SIZE * scale)
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=round(CORNER * scale) if rounded else 0, fill=PRIMARY
    )
    cx, cy = (value * scale for value in RING_CENTRE)
    radius = RING_RADIUS * scale
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius),
        outline=WHITE,
        width=round(RING_WIDTH * scale),
    )
    dx, dy = (value * scale for value in DOT_CENTRE)
    dot = DOT_RADIUS * scale
    draw.ellipse((dx - dot, dy - dot, dx + dot, dy + dot), fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = (
        "Écrit les icônes du site (favicon SVG, PNG, ICO et apple-touch-icon) dans static/icons/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=OUTPUT_DIR, help="Dossier écrit.")

    def handle(self, *args, output: Path, **options):
        output.mkdir(parents=True, exist_ok=True)
        written = [output / "favicon.svg"]
        written[0].write_text(svg(), encoding="utf-8")
        for name, size in PNG_SIZES.items():
            path = output / name
            png(size, rounded=name != "apple-touch-icon.png").save(path, optimize=True)
            written.append(path)
        ico = output / "favicon.ico"
        png(max(ICO_SIZES)).save(ico, sizes=[(size, size) for size in ICO_SIZES])
        written.append(ico)
        for path in written:
            self.stdout.write(f"  {path}")
