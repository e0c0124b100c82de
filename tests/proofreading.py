"""Known French slips, looked for in what a reader sees: a page's visible text (and the names a
screen reader reads out: aria-label, alt, title), an email's subject and bodies, an invitation's
SUMMARY, DESCRIPTION and LOCATION.

The rules themselves live in home/french.py; these patterns catch the text that bypassed them
(a hand-written « de {{ name }} », a "j F" date format) or that was never written well."""

import re

from bs4 import BeautifulSoup
from icalendar import Calendar

UPPER_VOWELS = "AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ"
LOWER_VOWELS = "aeiouàâäéèêëîïôöùûüœ"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"

SLIPS = {
    # « de Aurillac », « de Osengo Vichy », « de Hugo »; « de Yssingeaux » (y before a
    # consonant), but not « de Yann ». An aspirated h keeps « de »: see ALLOWED.
    "« de » not elided": re.compile(
        rf"\b[Dd]e (?:[{UPPER_VOWELS}H{LOWER_VOWELS}]|[Yy](?=[^\W{LOWER_VOWELS}y]))\w"
    ),
    "« d' » before a consonant": re.compile(r"\b[Dd]['’](?=[BCDFGJKLMNPQRSTVWXZ])"),
    "« 1 » instead of « 1er »": re.compile(rf"\b1 (?:{MONTHS})\b"),
    "« 0 résultats »": re.compile(r"\b0 résultats?\b"),
    "doubled word": re.compile(r"(?i)\b([^\W\d_]+) \1\b"),
    "Osengo twice": re.compile(r"Osengo Osengo"),
    "inclusive brackets": re.compile(r"\bun\(e\)|\w\((?:e|s|x|es)\)"),
}

# Correct phrases the patterns would flag, each with its reason.
ALLOWED = (
    # An aspirated h keeps « de » (home.french.ASPIRATED_H).
    re.compile(r"\b[Dd]e Haut"),
    # A pronominal verb: « nous nous voyons », « vous vous inscrivez ».
    re.compile(r"(?i)\b(nous nous|vous vous)\b"),
)

# Elements that start a new line or box: their text never runs into the next element's.
BLOCKS = re.compile(
    r"^(?:address|article|aside|blockquote|br|button|dd|div|dl|dt|fieldset|figcaption|figure|"
    r"footer|form|h[1-6]|header|hr|label|legend|li|main|nav|ol|option|p|section|select|summary|"
    r"table|td|th|title|tr|ul)$"
)
SPOKEN_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
BREAK = "¶"  # not whitespace, not a word character: no pattern matches across it


def html_chunks(html: str) -> list[str]:
    """The visible text of a page or an HTML email, one chunk per block, then the spoken
    attributes and the meta description."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    extra = [
        element[attribute]
        for attribute in SPOKEN_ATTRIBUTES
        for element in soup.find_all(attrs={attribute: True})
    ]
    extra += [meta["content"] for meta in soup.find_all("meta", attrs={"name": "description"})]
    for element in soup.find_all(BLOCKS):
        element.insert_before(BREAK)
        element.insert_after(BREAK)
    text = re.sub(r"\s+", " ", soup.get_text())
    return [chunk.strip() for chunk in text.split(BREAK) if chunk.strip()] + extra


def text_chunks(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def ics_chunks(ics: str) -> list[str]:
    calendar = Calendar.from_ical(ics)
    chunks = []
    for event in calendar.walk("VEVENT"):
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
            if name in event:
                chunks += text_chunks(str(event[name]))
    return chunks


def slips(chunks, where: str) -> list[str]:
    """Every slip found in `chunks`, as "where: slip name: « context »"."""
    found = []
    for chunk in chunks:
        cleaned = chunk
        for allowed in ALLOWED:
            cleaned = allowed.sub(BREAK, cleaned)
        for name, pattern in SLIPS.items():
            for match in pattern.finditer(cleaned):
                context = cleaned[max(0, match.start() - 30) : match.end() + 30]
                found.append(f"{where}: {name}: « {context} »")
    return found
