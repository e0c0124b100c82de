"""The French typography rules the site writes by, in one place.

- « de » before a name elides before a vowel or a mute h: « d'Aurillac », « d'Osengo Vichy »,
  « d'Hugo », but « de Clermont-Ferrand » (`de`).
- The first day of a month is an ordinal: « 1er mars », « lundi 1er mars 2027 », but
  « 2 mars » (`day_month`, `long_date`, `full_date`).

Templates use them as filters (`{% load french_tags %}`); Python strings (time labels, admin
labels, demo content) import them from here. A template never writes « de {{ name }} » or a
date format of its own: a name that starts with a vowel would read « de Aurillac », a first of
the month « 1 mars ».

Names are taken as they are written, without an article: « de Le Puy » is not turned into
« du Puy » (no agency, city or person here is named with one).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, translation

VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
# An h is mute before most names (« d'Hugo », « d'Hérault »): « de » elides. These words start
# with an aspirated h, which keeps « de »: « de Haute-Loire », « de Hollande ».
ASPIRATED_H = ("haut", "hollande", "hongrie", "huit")


def elides(word: str) -> bool:
    """Whether « de » becomes « d' » before `word`."""
    text = str(word).strip().casefold()
    if not text:
        return False
    first, second = text[0], text[1:2]
    if first in VOWELS:
        return True
    if first == "h":
        return not text.startswith(ASPIRATED_H)
    # « d'Yssingeaux », « d'Yvetot » (y sounds as a vowel), but « de Yann », « de Yolande ».
    return first == "y" and bool(second) and second.isalpha() and second not in VOWELS


def de(name) -> str:
    """ "de Clermont-Ferrand", "d'Aurillac", "d'Osengo Vichy": `name` after « de »."""
    text = str(name).strip()
    return f"d'{text}" if elides(text) else f"de {text}"


def _local(value: date) -> date:
    """A datetime in the site's time zone (Europe/Paris), a date as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(settings.TIME_ZONE))
    return value


def day_month(value: date) -> str:
    """ "1er mars", "2 mars"."""
    value = _local(value)
    with translation.override(settings.LANGUAGE_CODE):
        month = formats.date_format(value, "F")
    day = value.day
    return f"{day}er {month}" if day == 1 else f"{day} {month}"


def long_date(value: date) -> str:
    """ "1er mars 2027"."""
    value = _local(value)
    return f"{day_month(value)} {value.year}"


def full_date(value: date, *, year: bool = True) -> str:
    """ "lundi 1er mars 2027" ("lundi 1er mars" without the year)."""
    value = _local(value)
    with translation.override(settings.LANGUAGE_CODE):
        weekday = formats.date_format(value, "l")
    return f"{weekday} {long_date(value) if year else day_month(value)}"
