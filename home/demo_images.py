"""Small generated images for the demo content: nothing is downloaded, the repo stays light."""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def _colour_from(text: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(text.encode()).digest()
    # Muted, fairly dark tones so white text on top keeps a good contrast.
    return tuple(40 + digest[i] % 120 for i in range(3))


def demo_image(title: str, *, size: tuple[int, int] = (1200, 675)):
    """Return the Wagtail image called `title`, generating a gradient picture the first time."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing

    start = _colour_from(title)
    end = _colour_from(title[::-1])
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for x in range(width):
        ratio = x / max(width - 1, 1)
        colour = tuple(round(a + (b - a) * ratio) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, height)], fill=colour)
    for i in range(6):  # a few soft circles so the pictures do not all look alike
        r = height // (3 + i)
        cx = (hashlib.sha256(f"{title}{i}".encode()).digest()[0] / 255) * width
        draw.ellipse([cx - r, height - r * 1.5, cx + r, height + r * 0.5], outline=(255, 255, 255))

    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=70)
    slug = hashlib.sha256(title.encode()).hexdigest()[:12]
    return image_model.objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{slug}.jpg"), description=title
    )
