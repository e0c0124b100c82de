"""Single objects for the news: figures and coins, a lightbulb, a rocket, a calendar."""

import math

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


def _background(canvas: Canvas, colour) -> None:
    canvas.rect(canvas.left, canvas.top, canvas.right, canvas.bottom, colour)


def _sparkles(canvas: Canvas, rng, colours, count: int, *, keep_clear: float) -> None:
    """Small dots and crosses on both sides of the subject, never on it (none on a picture too
    narrow to have sides)."""
    if canvas.right - 4 <= keep_clear:
        return
    for _ in range(count):
        x = rng.choice((-1, 1)) * rng.uniform(keep_clear, canvas.right - 4)
        y = rng.uniform(6, 94)
        colour = rng.choice(colours)
        if rng.random() < 0.3:
            canvas.rect(x - 1.6, y - 0.4, x + 1.6, y + 0.4, colour, radius=0.4)
            canvas.rect(x - 0.4, y - 1.6, x + 0.4, y + 1.6, colour, radius=0.4)
        else:
            canvas.circle(x, y, rng.uniform(0.4, 0.8), colour)


def _coin_stack(canvas: Canvas, x, base, coins: int) -> None:
    rx, ry, thick = 6.5, 2.2, 2.4
    for i in range(coins):
        y = base - i * thick
        canvas.ellipse(x, y, rx, ry, PRIMARY_DARK)
        canvas.rect(x - rx, y - thick, x + rx, y - 0.4, ACCENT)
        canvas.ellipse(x, y - 0.4, rx, ry, ACCENT)
        canvas.ellipse(x, y - thick, rx, ry, ACCENT_TINT)
        canvas.ellipse(x, y - thick, rx * 0.65, ry * 0.6, ACCENT)


def _bars(canvas: Canvas, rng, base: float) -> str:
    count, width, gap, left = 5, 7, 3.5, -36
    tops = []
    for i in range(count):
        height = 12 + i * 9 + rng.uniform(-3, 4)
        x = left + i * (width + gap)
        canvas.rect(x, base - height, x + width, base, ACCENT if i == count - 1 else PRIMARY)
        tops.append((x + width / 2, base - height - 6))
    canvas.line(tops, PRIMARY_DARK, width=1.4)
    (x0, y0), (x1, y1) = tops[-2], tops[-1]
    angle = math.atan2(y1 - y0, x1 - x0)
    tip = (x1 + 3 * math.cos(angle), y1 + 3 * math.sin(angle))
    canvas.polygon(
        [
            (tip[0] + 3.5 * math.cos(angle + turn), tip[1] + 3.5 * math.sin(angle + turn))
            for turn in (0, 2.3, -2.3)
        ],
        PRIMARY_DARK,
    )
    return "un graphique en barres qui monte"


def _donut(canvas: Canvas, rng, base: float) -> str:
    x, y, r = -16, base - 24, 22
    shares = sorted((rng.uniform(0.4, 0.55), rng.uniform(0.2, 0.3)), reverse=True)
    start = -90
    for share, colour in (*zip(shares, (PRIMARY, ACCENT), strict=True), (1, PRIMARY_DARK)):
        end = min(start + share * 360, 270)
        canvas.pie(x, y, r, start, end, colour)
        start = end
    canvas.circle(x, y, r * 0.5, PRIMARY_TINT)
    return "un graphique en anneau"


def _euro(canvas: Canvas, rng, base: float) -> str:
    """A big coin stamped with a euro sign, drawn from a ring, a notch and two bars."""
    x, y, r = -14, base - 26, 24
    canvas.circle(x + 1.5, y + 1.5, r, PRIMARY_DARK)
    canvas.circle(x, y, r, ACCENT)
    canvas.ring(x, y, r * 0.82, 1.2, ACCENT_TINT)
    canvas.ring(x + 1, y, 10, 3.2, PRIMARY_DARK)
    canvas.pie(x + 1, y, 12, -40, 40, ACCENT)
    for dy in (-2.2, 2.2):
        canvas.rect(x - 12, y + dy - 1.2, x + 1, y + dy + 1.2, PRIMARY_DARK, radius=0.6)
    return "une pièce frappée du signe euro"


CHARTS = {"growth": _bars, "report": _donut, "money": _euro}


def figures(canvas: Canvas, rng, *, chart: str) -> str:
    """A chart (or a big coin) next to stacks of coins."""
    _background(canvas, SURFACE)
    canvas.circle(0, 50, 40, PRIMARY_TINT)
    base = 76
    subject = CHARTS[chart](canvas, rng, base)
    canvas.rect(-40, base, 48, base + 1.2, INK)
    stacks = rng.sample((3, 4, 5, 6, 7), 3)
    for i, coins in enumerate(sorted(stacks)):
        _coin_stack(canvas, 24 + i * 9, base - 1 + (i % 2) * 0.6, coins)
    _sparkles(canvas, rng, (ACCENT, PRIMARY), 14, keep_clear=52)
    return f"Illustration : {subject} et des piles de pièces"


def lightbulb(canvas: Canvas, rng) -> str:
    """A lit bulb, its rays and a few sparkles: an idea."""
    _background(canvas, PRIMARY)
    canvas.circle(0, 46, 34, PRIMARY_DARK)
    cx, cy, r = 0, 40, 15
    for i in range(9):
        angle = math.radians(-200 + i * 27.5)
        canvas.line(
            [
                (cx + (r + 6) * math.cos(angle), cy + (r + 6) * math.sin(angle)),
                (cx + (r + 12) * math.cos(angle), cy + (r + 12) * math.sin(angle)),
            ],
            ACCENT,
            width=2.2,
        )
    canvas.circle(cx, cy, r, ACCENT)
    canvas.polygon([(-9, 50), (9, 50), (6, 62), (-6, 62)], ACCENT)
    canvas.line(
        [(-4, 60), (-4, 48), (-2, 44), (0, 48), (2, 44), (4, 48), (4, 60)], ACCENT_TINT, width=1
    )
    canvas.pie(cx, cy, r - 3.5, 200, 250, ACCENT_TINT)
    canvas.circle(cx, cy, r - 6, ACCENT)
    for i, colour in enumerate((SURFACE, MUTED, SURFACE, MUTED)):
        canvas.rect(-6.5 + i * 0.3, 62 + i * 2.6, 6.5 - i * 0.3, 64.6 + i * 2.6, colour, radius=1)
    canvas.pie(0, 72.4, 3.4, 0, 180, INK)
    _sparkles(canvas, rng, (ACCENT, ACCENT_TINT, WHITE), 18, keep_clear=40)
    return "Illustration : une ampoule allumée, symbole d'une idée qui naît"


def rocket(canvas: Canvas, rng) -> str:
    """A rocket taking off from a cloud of smoke, under the stars."""
    _background(canvas, PRIMARY_DARK)
    _sparkles(canvas, rng, (WHITE, ACCENT_TINT, PRIMARY_TINT), 30, keep_clear=16)
    canvas.circle(rng.choice((-1, 1)) * 60, 18, 9, PRIMARY)
    top, bottom, half = 10, 62, 9.5
    side = []
    for i in range(21):
        s = i / 20
        side.append((half * math.sqrt(s) * (1 - 0.22 * s**3), top + (bottom - top) * s))
    body = [(x, y) for x, y in side] + [(-x, y) for x, y in reversed(side)]
    fins = rng.choice((ACCENT, PRIMARY_TINT))
    for direction in (-1, 1):
        canvas.polygon(
            [(direction * 6, 44), (direction * 15, 58), (direction * 15, 68), (direction * 6, 60)],
            fins,
        )
    canvas.polygon(
        [(-5.5, bottom - 1), (5.5, bottom - 1), (7, bottom + 4), (-7, bottom + 4)], MUTED
    )
    flame = [(-6, bottom + 4), (6, bottom + 4), (0, bottom + 22)]
    canvas.polygon(flame, ACCENT)
    canvas.polygon([(-3, bottom + 4), (3, bottom + 4), (0, bottom + 14)], ACCENT_TINT)
    canvas.polygon(body, WHITE)
    canvas.polygon([(x, y) for x, y in body if y <= top + 12] + [], ACCENT)
    canvas.rect(-0.5, 50, 0.5, bottom - 1, SURFACE)
    canvas.circle(0, 34, 5.2, PRIMARY)
    canvas.circle(0, 34, 3.6, PRIMARY_TINT)
    canvas.rect(-1.4, 48, 1.4, bottom - 2, PRIMARY_TINT, radius=1)
    for i in range(9):
        x = (i - 4) * 11 + rng.uniform(-2, 2)
        canvas.circle(x, 94 - abs(i - 4) * 0.8 + rng.uniform(-1, 1), rng.uniform(7, 10), SURFACE)
    for i in range(4):
        x = (i - 1.5) * 12 + rng.uniform(-2, 2)
        canvas.circle(x, 88 + rng.uniform(-1, 1), rng.uniform(6, 8), WHITE)
    return "Illustration : une fusée qui décolle dans un ciel étoilé"


def calendar(canvas: Canvas, rng) -> str:
    """A calendar page with a few days marked, and a clock."""
    _background(canvas, PRIMARY_TINT)
    canvas.circle(0, 50, 40, SURFACE)
    x0, x1, y0, y1 = -28, 28, 16, 80
    canvas.rect(x0 + 1.5, y0 + 2, x1 + 1.5, y1 + 2, PRIMARY)
    canvas.rect(x0, y0, x1, y1, WHITE, radius=3)
    canvas.rect(x0, y0, x1, y0 + 14, PRIMARY, radius=3)
    canvas.rect(x0, y0 + 8, x1, y0 + 14, PRIMARY)
    canvas.rect(x0 + 8, y0 + 5.5, x0 + 30, y0 + 8.5, WHITE, radius=1.5)
    for x in (x0 + 12, x1 - 12):
        canvas.rect(x - 1.2, y0 - 5, x + 1.2, y0 + 4, INK, radius=1.2)
    size, gap = 6.2, 1.3
    marked = set(rng.sample(range(3, 33), 4))
    today = rng.choice(sorted(set(range(5, 30)) - marked))
    for day in range(35):
        row, column = divmod(day, 7)
        cx, cy = x0 + 2.5 + column * (size + gap), y0 + 17 + row * (size + gap)
        colour = ACCENT if day in marked else PRIMARY_DARK if day == today else SURFACE
        canvas.rect(cx, cy, cx + size, cy + size, colour, radius=1)
        if day == today:
            tick = [(cx + 1.6, cy + 3.2), (cx + 2.8, cy + 4.5), (cx + 4.8, cy + 1.8)]
            canvas.line(tick, WHITE, width=0.8)
    clock_x, clock_y = rng.choice((-1, 1)) * 34, 72
    canvas.circle(clock_x, clock_y, 12, ACCENT)
    canvas.circle(clock_x, clock_y, 10, WHITE)
    hours, minutes = rng.choice(((10, 10), (9, 0), (2, 45), (4, 30), (8, 20)))
    for turn, length, width in ((hours / 12 + minutes / 720, 4.5, 1.2), (minutes / 60, 7, 0.9)):
        angle = 2 * math.pi * turn
        tip = (clock_x + length * math.sin(angle), clock_y - length * math.cos(angle))
        canvas.line([(clock_x, clock_y), tip], INK, width=width)
    canvas.circle(clock_x, clock_y, 1.2, ACCENT)
    return "Illustration : un calendrier aux dates marquées, à côté d'une horloge"
