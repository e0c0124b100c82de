"""An Auvergne landscape: layered puys, a sun or a moon, a small town on the nearest hill."""

import math
from dataclasses import dataclass

from home.french import de

from .canvas import (
    ACCENT,
    ACCENT_TINT,
    INK,
    MUTED,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_TINT,
    SURFACE,
    WHITE,
    Canvas,
)


@dataclass(frozen=True)
class Mood:
    """One time of day: what lights the sky, and the colours from the far hills to the town."""

    light: str  # "sun", "sunset" or "moon"
    phrase: str
    sky: tuple
    far: tuple
    mid: tuple
    near: tuple
    walls: tuple
    roofs: tuple
    windows: tuple
    trees: tuple


DAY = {"far": PRIMARY_TINT, "mid": PRIMARY, "near": PRIMARY_DARK, "roofs": INK}
MOODS = (
    Mood("sun", "au soleil", SURFACE, **DAY, walls=WHITE, windows=MUTED, trees=PRIMARY_TINT),
    Mood(
        "sunset",
        "au coucher du soleil",
        ACCENT_TINT,
        **DAY,
        walls=SURFACE,
        windows=ACCENT,
        trees=ACCENT,
    ),
    Mood(
        "moon",
        "sous la lune",
        PRIMARY_DARK,
        far=MUTED,
        mid=PRIMARY,
        near=INK,
        walls=PRIMARY_TINT,
        roofs=INK,
        windows=ACCENT,
        trees=MUTED,
    ),
)


def _puy(t: float, crater: bool) -> float:
    """The height (0 to 1) of a puy `t` half-widths from its summit: a rounded cone with
    flaring foot, and for some the notch of a crater, like the Pariou."""
    if abs(t) >= 1:
        return 0.0
    height = (1 - abs(t) ** 1.7) ** 1.8
    if crater:
        height -= 0.08 * max(0.0, 1 - (t / 0.2) ** 2)
    return height


def silhouette(canvas: Canvas, chain, *, base: float, fill, x0=None, x1=None, floor=None) -> None:
    """A chain of puys, each (x, half-width, height, crater), filled down to `floor`."""
    x0 = canvas.left if x0 is None else x0
    x1 = canvas.right if x1 is None else x1
    floor = canvas.bottom if floor is None else floor
    steps = 120
    edge = []
    for i in range(steps + 1):
        x = x0 + (x1 - x0) * i / steps
        rise = max((h * _puy((x - px) / w, crater) for px, w, h, crater in chain), default=0)
        edge.append((x, base - rise))
    canvas.polygon([(x0, floor), *edge, (x1, floor)], fill)


def puys(rng, *, left: float, right: float, count: int, base: float, tall: float):
    """`count` puys spread from `left` to `right`, one in three with a crater."""
    span = (right - left) / count
    return [
        (
            left + span * (i + rng.uniform(0.25, 0.75)),
            rng.uniform(0.7, 1.0) * span,
            rng.uniform(0.55, 1.0) * tall,
            rng.random() < 0.35,
        )
        for i in range(count)
    ]


def _sky(canvas: Canvas, rng, mood: Mood) -> None:
    x = rng.choice((-1, 1)) * rng.uniform(18, 38)
    if mood.light == "moon":
        for _ in range(28):
            canvas.circle(
                rng.uniform(canvas.left, canvas.right),
                rng.uniform(canvas.top + 3, 48),
                rng.uniform(0.25, 0.5),
                rng.choice((WHITE, ACCENT_TINT)),
            )
        canvas.circle(x, 22, 7, ACCENT)
        canvas.circle(x + 3.2, 20, 6.2, mood.sky)  # a crescent
        return
    if mood.light == "sunset":  # low and large, half behind the hills
        canvas.circle(x * 0.6, 52, 14, ACCENT)
    else:
        canvas.circle(x, 24, 8, ACCENT)
    for _ in range(2):
        cx, cy = rng.uniform(canvas.left + 10, canvas.right - 10), rng.uniform(10, 30)
        _cloud(canvas, cx, cy, rng.uniform(0.8, 1.2), WHITE)


def _cloud(canvas: Canvas, x, y, size, fill) -> None:
    canvas.rect(x - 9 * size, y, x + 9 * size, y + 4 * size, fill, radius=2 * size)
    canvas.circle(x - 3 * size, y, 4 * size, fill)
    canvas.circle(x + 3 * size, y + 0.5 * size, 3 * size, fill)


def _ground(x: float, centre: float) -> float:
    """The nearest hill: a long gentle rise, flat enough under the town."""
    return 86 - 6 * max(0.0, 1 - ((x - centre) / 70) ** 2)


def _house(canvas: Canvas, rng, x, width, mood: Mood, centre) -> None:
    foot = max(_ground(x, centre), _ground(x + width, centre)) + 1
    height = rng.uniform(6, 11)
    top = foot - height
    canvas.rect(x, top, x + width, foot, mood.walls)
    if rng.random() < 0.7:  # a pitched roof, else a flat one with a parapet
        canvas.polygon(
            [(x - 0.8, top), (x + width / 2, top - width * 0.45), (x + width + 0.8, top)],
            mood.roofs,
        )
    else:
        canvas.rect(x - 0.5, top - 1.2, x + width + 0.5, top, mood.roofs)
    columns = 1 if width < 5.5 else 2
    rows = max(1, int((height - 3) // 3))
    for row in range(rows):
        for column in range(columns):
            wx = x + width * (column + 1) / (columns + 1) - 0.6
            wy = top + 1.6 + row * 3
            canvas.rect(wx, wy, wx + 1.2, wy + 1.6, mood.windows)


LANDMARK_WIDTHS = {"tower": 5, "spires": 10, "dome": 12}
# The demo towns get a nod to their skyline: the twin spires of Clermont's black cathedral, the
# domes of Vichy's spa halls. Any other town gets one drawn by lot.
LANDMARKS = {"Clermont-Ferrand": "spires", "Vichy": "dome", "Aurillac": "tower"}


def _door(canvas: Canvas, x, foot, colour) -> None:
    canvas.pie(x, foot - 4, 1.6, 180, 360, colour)
    canvas.rect(x - 1.6, foot - 4, x + 1.6, foot, colour)


def _landmark(canvas: Canvas, x, mood: Mood, centre, kind: str) -> None:
    """A bell tower, the twin spires of a cathedral or the dome of a spa hall."""
    width = LANDMARK_WIDTHS[kind]
    foot = max(_ground(x, centre), _ground(x + width, centre)) + 1
    middle = x + width / 2
    if kind == "dome":
        canvas.rect(x, foot - 12, x + width, foot, mood.walls)
        canvas.rect(x - 0.5, foot - 13, x + width + 0.5, foot - 12, mood.roofs)
        canvas.pie(middle, foot - 12.5, width / 2 - 1.5, 180, 360, mood.roofs)
        canvas.rect(middle - 0.8, foot - 12 - width / 2 - 1.5, middle + 0.8, foot - 12, mood.roofs)
        for wx in (x + 1.5, x + 4, x + width - 5.2, x + width - 2.7):
            canvas.rect(wx, foot - 9, wx + 1.2, foot - 5, mood.windows)
        _door(canvas, middle, foot, mood.windows)
        return
    towers = [(x, x + width)] if kind == "tower" else [(x, x + 4), (x + width - 4, x + width)]
    canvas.rect(x, foot - 14, x + width, foot, mood.roofs)
    for left, right in towers:
        mid = (left + right) / 2
        canvas.rect(left, foot - 21, right, foot - 13, mood.roofs)
        canvas.polygon([(left, foot - 21), (mid, foot - 30), (right, foot - 21)], mood.roofs)
        canvas.rect(mid - 0.6, foot - 19.5, mid + 0.6, foot - 17, mood.windows)
    _door(canvas, middle, foot, mood.windows)


def _road(canvas: Canvas, rng, mood: Mood, centre: float) -> None:
    """A lane that winds up from the foreground to the town."""
    bend = rng.choice((-1, 1)) * rng.uniform(10, 18)
    start, steps = _ground(centre, centre) + 1, 24
    sides = []
    for i in range(steps + 1):
        t = i / steps
        y = start + (canvas.bottom + 1 - start) * t
        x = centre + bend * math.sin(math.pi * t)
        sides.append((x, y, 0.8 + 10 * t**2))
    left = [(x - w, y) for x, y, w in sides]
    right = [(x + w, y) for x, y, w in reversed(sides)]
    canvas.polygon(left + right, mood.mid)


def _tree(canvas: Canvas, x, y, size, mood: Mood) -> None:
    canvas.rect(x - 0.5 * size, y - 3 * size, x + 0.5 * size, y + 1, mood.roofs)
    canvas.circle(x, y - 4.5 * size, 2.8 * size, mood.trees)


def _town(canvas: Canvas, rng, mood: Mood, centre: float, place: str | None) -> None:
    widths = [rng.uniform(4.5, 7.5) for _ in range(rng.randint(5, 7))]
    landmark = rng.randrange(1, len(widths) - 1)
    kind = LANDMARKS.get(place) or rng.choice(tuple(LANDMARK_WIDTHS))
    total = sum(widths) + LANDMARK_WIDTHS[kind] + len(widths) * 0.8
    x = centre - total / 2
    for i, width in enumerate(widths):
        if i == landmark:
            _landmark(canvas, x, mood, centre, kind)
            x += LANDMARK_WIDTHS[kind] + 0.8
        _house(canvas, rng, x, width, mood, centre)
        x += width + 0.8
    for side in (-1, 1):
        for i in range(rng.randint(1, 3)):
            tx = centre + side * (total / 2 + 4.5 + i * rng.uniform(5, 7))
            _tree(canvas, tx, _ground(tx, centre) + 1, rng.uniform(0.8, 1.2), mood)


def draw(canvas: Canvas, rng, *, place: str | None = None) -> str:
    """The landscape on the whole canvas; returns its description."""
    mood = rng.choices(MOODS, weights=(55, 20, 25))[0]  # mostly daylight, for a welcome
    canvas.rect(canvas.left, canvas.top, canvas.right, canvas.bottom, mood.sky)
    _sky(canvas, rng, mood)
    wide = {"left": canvas.left - 10, "right": canvas.right + 10}
    silhouette(canvas, puys(rng, **wide, count=7, base=62, tall=26), base=62, fill=mood.far)
    silhouette(canvas, puys(rng, **wide, count=4, base=74, tall=24), base=74, fill=mood.mid)
    centre = rng.uniform(-8, 8)
    edge = [(x, _ground(x, centre)) for x in range(int(canvas.left) - 1, int(canvas.right) + 2)]
    canvas.polygon(
        [(canvas.left - 1, canvas.bottom), *edge, (canvas.right + 1, canvas.bottom)], mood.near
    )
    _road(canvas, rng, mood, centre)
    _town(canvas, rng, mood, centre, place)
    roofs = f"des toits {de(place)}" if place else "des toits d'une petite ville"
    return f"Illustration : les volcans d'Auvergne au-dessus {roofs}, {mood.phrase}"
