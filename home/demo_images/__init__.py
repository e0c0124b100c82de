"""Pictures of the demo content, drawn in code: nothing is downloaded, the repo stays light.

Each title gets a flat illustration in the brand palette, its motif chosen from the words of
the title (an agency's town, a workshop, money or figures, an idea, a launch, dates), its
details seeded by the title, so a picture is the same on every run and two titles do not look
alike.
"""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import partial

from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from . import abstract, landscape, objects, people
from .canvas import SURFACE, Canvas, seeded

# First match wins; words are compared without accents or capitals.
MOTIF_WORDS = (
    ("pitch", {"demo", "pitch", "investisseurs", "jury", "conference", "presentation"}),
    ("workshop", {"atelier", "ateliers", "reunion", "rencontre", "equipe", "seminaire"}),
    ("report", {"rapport", "bilan", "chiffres", "budget"}),
    ("growth", {"leve", "levee", "fonds", "million", "millions", "croissance"}),
    ("money", {"financement", "aide", "aides", "pret", "prets", "euros", "subvention"}),
    ("idea", {"idee", "idees", "innovation", "application", "nee", "incubateur"}),
    ("launch", {"lancement", "lance", "creation", "ouvre", "ouverture", "demarre"}),
    ("calendar", {"calendrier", "agenda", "dates", "programme", "automne", "hiver"}),
)

DRAWINGS = {
    "pitch": people.pitch,
    "workshop": people.workshop,
    **{chart: partial(objects.figures, chart=chart) for chart in objects.CHARTS},
    "idea": objects.lightbulb,
    "launch": objects.rocket,
    "calendar": objects.calendar,
    "abstract": abstract.draw,
}

AGENCY_PREFIX = "Agence "


@dataclass(frozen=True)
class Illustration:
    image: Image.Image
    description: str


def motif_for(title: str) -> str:
    if title.startswith(AGENCY_PREFIX):
        return "landscape"
    plain = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    words = set(re.findall(r"[a-z]+", plain))
    return next((motif for motif, keys in MOTIF_WORDS if words & keys), "abstract")


def illustration(title: str, *, size: tuple[int, int] = (1200, 675)) -> Illustration:
    """The picture of `title` and the sentence that describes it (its alt text)."""
    canvas = Canvas(size, SURFACE)
    rng = seeded(title)
    motif = motif_for(title)
    if motif == "landscape":
        description = landscape.draw(canvas, rng, place=title.removeprefix(AGENCY_PREFIX))
    else:
        description = DRAWINGS[motif](canvas, rng)
    return Illustration(canvas.finish(), description)


def demo_image(title: str, *, size: tuple[int, int] = (1200, 675)):
    """Return the Wagtail image called `title`, drawing its illustration the first time."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing

    picture = illustration(title, size=size)
    buffer = io.BytesIO()
    picture.image.save(buffer, format="JPEG", quality=80, optimize=True)
    slug = hashlib.sha256(title.encode()).hexdigest()[:12]
    image = image_model(
        title=title,
        file=ImageFile(buffer, name=f"demo-{slug}.jpg"),
        description=picture.description,
        # What an upload records too: the renditions' cache keys include the file's hash, so
        # without it a picture's cached renditions would outlive a new file of the same id.
        file_size=buffer.getbuffer().nbytes,
        file_hash=hash_filelike(io.BytesIO(buffer.getvalue())),
    )
    image.save()
    return image
