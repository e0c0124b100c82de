"""The brand palette, and a canvas that draws flat shapes in it.

A canvas measures in units of a hundredth of the picture's short side, from its centre: x runs
from `left` to `right` (about -89 to 89 on a 16:9 picture), y from `top` to `bottom` (0 to 100).
A motif that keeps its subject within x ±45 survives any crop down to a square.

It draws at twice the size and halves with a box filter: edges come out smooth, and every
pixel is either a palette colour or an average of a few of them (a Lanczos filter would ring
and invent colours that are not).
"""

import hashlib
import random

from PIL import Image, ImageDraw


def _hex(value: str) -> tuple[int, int, int]:
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


def _mix(colour, other, share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))


# static/css/site.css, :root. Keep in step with it: the pictures use no other colour.
PRIMARY = _hex("#0b5568")
PRIMARY_DARK = _hex("#083f4d")
ACCENT = _hex("#f3b229")
INK = _hex("#1c2630")
MUTED = _hex("#4a5663")
SURFACE = _hex("#f3f6f7")
WHITE = _hex("#ffffff")
# Two tints for distance and light: far hills, skies, skin, table tops.
PRIMARY_TINT = _mix(PRIMARY, WHITE, 0.6)
ACCENT_TINT = _mix(ACCENT, WHITE, 0.6)

PALETTE = (PRIMARY, PRIMARY_DARK, ACCENT, INK, MUTED, SURFACE, WHITE, PRIMARY_TINT, ACCENT_TINT)

NUMBERS = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}


def seeded(title: str) -> random.Random:
    """The same title draws the same picture, on every machine and every run."""
    digest = hashlib.sha256(title.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 (drawing, not secrets)


class Canvas:
    SCALE = 2

    def __init__(self, size: tuple[int, int], background):
        width, height = size
        self.image = Image.new("RGB", (width * self.SCALE, height * self.SCALE), background)
        self.pen = ImageDraw.Draw(self.image)
        self.unit = min(width, height) * self.SCALE / 100
        self._cx = width * self.SCALE / 2
        self._cy = height * self.SCALE / 2
        self.right = self._cx / self.unit
        self.left = -self.right
        self.top = 50 - self._cy / self.unit
        self.bottom = 50 + self._cy / self.unit

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return (self._cx + x * self.unit, self._cy + (y - 50) * self.unit)

    def _box(self, x0, y0, x1, y1) -> list[float]:
        return [*self._xy(min(x0, x1), min(y0, y1)), *self._xy(max(x0, x1), max(y0, y1))]

    def rect(self, x0, y0, x1, y1, fill, *, radius: float = 0) -> None:
        if radius:
            radius = min(radius, abs(x1 - x0) / 2, abs(y1 - y0) / 2)
            self.pen.rounded_rectangle(
                self._box(x0, y0, x1, y1), radius=round(radius * self.unit), fill=fill
            )
        else:
            self.pen.rectangle(self._box(x0, y0, x1, y1), fill=fill)

    def ellipse(self, x, y, rx, ry, fill) -> None:
        self.pen.ellipse(self._box(x - rx, y - ry, x + rx, y + ry), fill=fill)

    def circle(self, x, y, r, fill) -> None:
        self.ellipse(x, y, r, r, fill)

    def ring(self, x, y, r, width, fill) -> None:
        self.pen.ellipse(
            self._box(x - r, y - r, x + r, y + r), outline=fill, width=round(width * self.unit)
        )

    def pie(self, x, y, r, start: float, end: float, fill) -> None:
        """A slice of a disc; angles in degrees, clockwise from three o'clock."""
        self.pen.pieslice(self._box(x - r, y - r, x + r, y + r), start, end, fill=fill)

    def chord(self, x, y, r, start: float, end: float, fill) -> None:
        """The part of a disc cut off by the line between two angles (as `pie`)."""
        self.pen.chord(self._box(x - r, y - r, x + r, y + r), start, end, fill=fill)

    def polygon(self, points, fill) -> None:
        self.pen.polygon([self._xy(x, y) for x, y in points], fill=fill)

    def line(self, points, fill, *, width: float) -> None:
        self.pen.line(
            [self._xy(x, y) for x, y in points],
            fill=fill,
            width=max(1, round(width * self.unit)),
            joint="curve",
        )
        for x, y in (points[0], points[-1]):  # round caps
            self.circle(x, y, width / 2, fill)

    def finish(self) -> Image.Image:
        return self.image.reduce(self.SCALE)
