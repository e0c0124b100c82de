"""People at work: a workshop round a table, a pitch in front of a screen.

Figures are circles and rounded rectangles, without faces; their hair and clothes vary.
"""

from .canvas import (
    ACCENT,
    ACCENT_TINT,
    INK,
    MUTED,
    NUMBERS,
    PRIMARY,
    PRIMARY_DARK,
    PRIMARY_TINT,
    SURFACE,
    WHITE,
    Canvas,
)
from .landscape import puys, silhouette

SKIN = ACCENT_TINT
HAIR = (INK, MUTED, PRIMARY_DARK, ACCENT, INK)
CLOTHES = (PRIMARY, ACCENT, MUTED, PRIMARY_TINT, PRIMARY_DARK, WHITE)


def _head(canvas: Canvas, x, y, r, hair, style: str) -> None:
    """A face under its hair: long hair falls behind the neck, short hair is a rim and a cap."""
    if style == "long":
        canvas.rect(x - r * 1.15, y - r * 0.4, x + r * 1.15, y + r * 1.6, hair, radius=r)
    canvas.rect(x - r * 0.4, y, x + r * 0.4, y + r * 1.4, SKIN)
    canvas.circle(x, y - r * 0.08, r * 1.1, hair)
    canvas.circle(x, y, r, SKIN)
    canvas.chord(x, y, r, 185, 355, hair)
    if style == "bun":
        canvas.circle(x, y - r * 1.25, r * 0.45, hair)


def seated(canvas: Canvas, rng, x, shoulders, *, clothes, scale=1.0) -> None:
    """Someone facing us from behind a table: shoulders, head, hair."""
    r, half = 4 * scale, 6 * scale
    canvas.rect(x - half, shoulders, x + half, shoulders + 20 * scale, clothes, radius=5 * scale)
    _head(canvas, x, shoulders - r * 1.2, r, rng.choice(HAIR), rng.choice(("short", "long", "bun")))


def forearms(canvas: Canvas, x, table_top, clothes, *, scale=1.0) -> None:
    """Elbows on the table, hands together in front."""
    for side in (-1, 1):
        shoulder = (x + side * 4.6 * scale, table_top - 12 * scale)
        elbow = (x + side * 6.8 * scale, table_top + 0.5)
        hand = (x + side * 2.4 * scale, table_top + 2.8)
        canvas.line([shoulder, elbow, hand], clothes, width=2.8 * scale)
        canvas.circle(*hand, 1.3 * scale, SKIN)


def from_behind(canvas: Canvas, rng, x, shoulders, *, clothes, scale=1.0) -> None:
    """Someone in the foreground, seen from the back: only hair shows."""
    r, half = 4 * scale, 6.5 * scale
    canvas.rect(x - half, shoulders, x + half, shoulders + 30 * scale, clothes, radius=5 * scale)
    canvas.rect(x - r * 0.4, shoulders - r, x + r * 0.4, shoulders + 0.5, SKIN)
    canvas.circle(x, shoulders - r * 1.05, r, rng.choice((INK, PRIMARY_DARK)))


def _outfits(rng, count: int, *, avoid=()) -> list:
    """Clothes for `count` people, neighbours never alike, none the colour behind them."""
    choices = [c for c in CLOTHES if c not in avoid]
    rng.shuffle(choices)
    return [choices[i % len(choices)] for i in range(count)]


def _board(canvas: Canvas, rng, x0, x1, y0, y1) -> None:
    """A whiteboard covered with sticky notes."""
    canvas.rect(x0 - 1, y0 - 1, x1 + 1, y1 + 1, MUTED, radius=1.5)
    canvas.rect(x0, y0, x1, y1, WHITE, radius=1)
    size, gap = 5.2, 2
    columns = int((x1 - x0 - gap) // (size + gap))
    rows = int((y1 - y0 - gap) // (size + gap))
    left = x0 + (x1 - x0 - columns * (size + gap) + gap) / 2
    for row in range(rows):
        for column in range(columns):
            if rng.random() < 0.75:
                nx, ny = left + column * (size + gap), y0 + gap + row * (size + gap)
                canvas.rect(
                    nx, ny, nx + size, ny + size, rng.choice((ACCENT, ACCENT_TINT, PRIMARY_TINT))
                )


def _window(canvas: Canvas, rng, x0, x1, y0, y1, *, panes: int = 2) -> None:
    """A window on the puys."""
    canvas.rect(x0 - 1.2, y0 - 1.2, x1 + 1.2, y1 + 1.2, MUTED, radius=1.5)
    canvas.rect(x0, y0, x1, y1, WHITE)
    canvas.circle(x0 + (x1 - x0) * rng.choice((0.1, 0.9)), y0 + 7, 3, ACCENT)  # clear of the lamps
    count = max(2, round((x1 - x0) / 12))
    for chain_count, colour, base, tall in (
        (count + 1, PRIMARY_TINT, y1 - 6, 13),
        (count, PRIMARY, y1, 11),
    ):
        chain = puys(rng, left=x0 - 4, right=x1 + 4, count=chain_count, base=base, tall=tall)
        silhouette(canvas, chain, base=base, fill=colour, x0=x0, x1=x1, floor=y1)
    for i in range(1, panes):
        x = x0 + (x1 - x0) * i / panes
        canvas.rect(x - 0.6, y0, x + 0.6, y1, MUTED)


def _plant(canvas: Canvas, x, floor) -> None:
    for dx, dy, rx, ry in ((-3.5, -15, 2.4, 6), (3.5, -16, 2.4, 6.5), (0, -19, 2.6, 7.5)):
        canvas.ellipse(x + dx, floor - 10 + dy + 8, rx, ry, PRIMARY)
    canvas.polygon(
        [(x - 5, floor - 10), (x + 5, floor - 10), (x + 4, floor), (x - 4, floor)], MUTED
    )


def _lamp(canvas: Canvas, x, length) -> None:
    canvas.rect(x - 0.25, canvas.top - 1, x + 0.25, length, INK)
    canvas.pie(x, length + 4, 5, 180, 360, ACCENT)


def _laptop(canvas: Canvas, x, top) -> None:
    canvas.rect(x - 5, top - 7, x + 5, top, MUTED, radius=0.8)
    canvas.circle(x, top - 3.5, 1, SURFACE)


def workshop(canvas: Canvas, rng) -> str:
    """People round a table, in front of a board of notes and a window, or a bay window on the
    puys."""
    count = rng.randint(4, 5)
    bay = rng.random() < 0.5
    if bay:
        _window(canvas, rng, -62, 62, 8, 50, panes=4)
        setting = "devant une baie vitrée ouverte sur les volcans"
    else:
        side = rng.choice((-1, 1))
        _board(canvas, rng, side * 48 - 17, side * 48 + 17, 14, 46)
        _window(canvas, rng, -side * 62 - 14, -side * 62 + 14, 12, 46)
        setting = "près d'un tableau couvert de notes"
    canvas.rect(canvas.left, 84, canvas.right, canvas.bottom, PRIMARY_TINT)
    if bay:
        for x in (-72, 72):
            _plant(canvas, x, 88)
    for x in (-18, 18):
        _lamp(canvas, x, rng.uniform(10, 16))

    spacing, table_top = 16, 64
    places = [(i - (count - 1) / 2) * spacing for i in range(count)]
    outfits = _outfits(rng, count + 1, avoid=(SURFACE, WHITE) if bay else (SURFACE,))
    laptops = set(rng.sample(range(count), 2))
    for x, clothes in zip(places, outfits, strict=False):
        canvas.rect(x - 7.5, 50, x + 7.5, table_top, MUTED, radius=2.5)  # the chair's back
        seated(canvas, rng, x + rng.uniform(-1, 1), rng.uniform(45, 49), clothes=clothes)
    canvas.polygon(
        [(-44, table_top), (44, table_top), (48, table_top + 6), (-48, table_top + 6)], ACCENT_TINT
    )
    canvas.rect(-48, table_top + 6, 48, table_top + 9, PRIMARY_DARK)
    for x in (-44, 44):
        canvas.rect(x - 1, table_top + 9, x + 1, 92, INK)
    for i, (x, clothes) in enumerate(zip(places, outfits, strict=False)):
        if i in laptops:
            _laptop(canvas, x, table_top + 2)
        else:
            canvas.polygon(
                [
                    (x - 5, table_top + 5),
                    (x + 4, table_top + 5),
                    (x + 5, table_top + 2.5),
                    (x - 3.5, table_top + 2.5),
                ],
                WHITE,
            )
            forearms(canvas, x, table_top, clothes)

    behind = rng.random() < 0.6
    if behind:
        x = rng.choice((-1, 1)) * rng.uniform(22, 32)
        from_behind(canvas, rng, x, 86, clothes=outfits[-1], scale=1.6)
    people = NUMBERS[count + behind]
    return f"Illustration : {people} personnes en atelier autour d'une table, {setting}"


def _chart(canvas: Canvas, rng, x0, x1, base, tall) -> None:
    count = 5
    width = (x1 - x0) / (count * 1.6)
    for i in range(count):
        height = tall * (0.3 + 0.7 * (i + rng.uniform(0, 0.8)) / count)
        bx = x0 + width * 0.3 + i * width * 1.6
        canvas.rect(bx, base - height, bx + width, base, ACCENT if i == count - 1 else PRIMARY)
    canvas.rect(x0, base, x1, base + 0.8, INK)


def pitch(canvas: Canvas, rng) -> str:
    """Someone presenting a rising chart on a screen to a few people seen from behind."""
    side = rng.choice((-1, 1))
    screen = (-side * 8 - 26, -side * 8 + 26)
    canvas.rect(canvas.left, 80, canvas.right, canvas.bottom, PRIMARY_TINT)
    canvas.rect(screen[0] - 1.2, 11, screen[1] + 1.2, 55, MUTED, radius=1.5)
    canvas.rect(screen[0], 12.2, screen[1], 53.8, WHITE, radius=1)
    _chart(canvas, rng, screen[0] + 6, screen[1] - 6, 48, 28)
    canvas.rect(screen[0] + 6, 17, screen[0] + 24, 19.5, PRIMARY_DARK, radius=1)

    x = side * 32
    clothes = rng.choice((PRIMARY, ACCENT, PRIMARY_DARK))
    canvas.rect(x - 3.5, 58, x - 0.5, 82, INK, radius=1)
    canvas.rect(x + 0.5, 58, x + 3.5, 82, INK, radius=1)
    canvas.rect(x - 6, 36, x + 6, 62, clothes, radius=5)
    hand = (x - side * 14, 30)
    canvas.line([(x - side * 4, 40), (x - side * 9, 37), hand], clothes, width=3)
    canvas.circle(*hand, 1.8, SKIN)
    _head(canvas, x, 30, 4.2, rng.choice(HAIR), rng.choice(("short", "long", "bun")))

    for i, clothes in enumerate(_outfits(rng, 5, avoid=(PRIMARY_TINT,))):
        from_behind(canvas, rng, (i - 2) * 21, rng.uniform(85, 88), clothes=clothes, scale=1.5)
    return "Illustration : une personne présente un graphique en hausse devant un public"
