"""The fallback: a grid of tiles with circles, half and quarter discs, in the brand colours."""

import math

from .canvas import (
    ACCENT,
    ACCENT_TINT,
    INK,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_TINT,
    SURFACE,
    WHITE,
    Canvas,
)

# (tile, shape): pairs that keep a clear contrast; teal ones come more often.
PAIRS = (
    (PRIMARY, ACCENT),
    (PRIMARY, PRIMARY_TINT),
    (PRIMARY_DARK, PRIMARY_TINT),
    (PRIMARY_DARK, ACCENT),
    (SURFACE, PRIMARY),
    (SURFACE, ACCENT),
    (ACCENT, PRIMARY_DARK),
    (ACCENT_TINT, PRIMARY),
    (PRIMARY_TINT, PRIMARY_DARK),
    (WHITE, PRIMARY_DARK),
    (INK, ACCENT),
)


def _tile(canvas: Canvas, rng, x, y, size, ground, shape) -> None:
    canvas.rect(x, y, x + size, y + size, ground)
    kind = rng.choice(("circle", "half", "quarter", "quarter", "stripes", "triangle", "dot"))
    centre = (x + size / 2, y + size / 2)
    if kind == "circle":
        canvas.circle(*centre, size * 0.42, shape)
    elif kind == "half":
        turn = rng.randrange(4) * 90
        cx = centre[0] + size / 2 * round(math.cos(math.radians(turn + 90)))
        cy = centre[1] + size / 2 * round(math.sin(math.radians(turn + 90)))
        canvas.pie(cx, cy, size / 2, turn + 180, turn + 360, shape)
    elif kind == "quarter":
        corner = rng.randrange(4)  # clockwise from the top left
        cx, cy = x + size * (corner in (1, 2)), y + size * (corner >= 2)
        canvas.pie(cx, cy, size, corner * 90, corner * 90 + 90, shape)  # opening into the tile
    elif kind == "stripes":
        for i in range(3):
            top = y + size * (0.18 + i * 0.26)
            canvas.rect(x + size * 0.15, top, x + size * 0.85, top + size * 0.12, shape)
    elif kind == "triangle":
        flip = rng.random() < 0.5
        corners = [(x, y + size), (x + size, y + size), (x + size * flip, y)]
        canvas.polygon(corners, shape)
    else:
        canvas.circle(*centre, size * 0.16, shape)


def draw(canvas: Canvas, rng) -> str:
    width = canvas.right - canvas.left
    columns = round(width / 25) | 1  # odd, so that one column sits in the middle
    size = width / columns
    rows = math.ceil((canvas.bottom - canvas.top) / size)
    x0 = -columns * size / 2
    y0 = 50 - rows * size / 2
    for row in range(rows):
        for column in range(columns):
            ground, shape = rng.choice(PAIRS)
            _tile(canvas, rng, x0 + column * size, y0 + row * size, size, ground, shape)
    # One big disc over the middle tiles gives the grid a centre.
    canvas.circle(0, 50, size * 0.95, ACCENT)
    canvas.pie(0, 50, size * 0.95, 180, 360, PRIMARY_DARK)
    canvas.circle(0, 50, size * 0.35, SURFACE)
    return "Illustration : composition géométrique de cercles, de demi-disques et de bandes"
