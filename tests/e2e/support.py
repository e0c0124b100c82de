"""Helpers of the browser tests: the emails a person received, and keyboard navigation."""

import re
from dataclasses import dataclass

from booking.models import OutboxMessage

PRIVATE_LINK = re.compile(r"https?://[^\s\"'<>]+/rendez-vous/gerer/[A-Za-z0-9_-]+/")

FOUNDER = {
    "Prénom": "Aurore",
    "Nom": "Vidal",
    "Adresse email": "aurore.vidal@example.org",
    "Téléphone": "06 12 34 56 78",
    "Commune": "Riom",
    "Code postal": "63200",
    "Nom du projet": "Torréfaction des Combrailles",
    "Votre projet en quelques lignes": "Un atelier de torréfaction de café en circuit court.",
}


@dataclass
class Email:
    to: list[str]
    subject: str
    body: str

    @property
    def private_link(self) -> str:
        match = PRIVATE_LINK.search(self.body)
        assert match, f"pas de lien personnel dans l'email « {self.subject} »"
        return match.group(0)


def emails_to(address: str) -> list[Email]:
    """The emails written to `address`, oldest first, read from the outbox table
    (booking.OutboxMessage): every email is a row there, written with the change that causes
    it. The one place to change to read another source (Django's locmem `mail.outbox`, which
    the delivery task also fills in tests, would do as well)."""
    return [
        Email(to=[message.to_email], subject=message.subject, body=message.body_text)
        for message in OutboxMessage.objects.filter(to_email=address).order_by("created_at", "pk")
    ]


def last_email_to(address: str) -> Email:
    emails = emails_to(address)
    assert emails, f"aucun email envoyé à {address}"
    return emails[-1]


# --- keyboard ---------------------------------------------------------------------------------

_FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // A Bootstrap .btn-check radio is visually hidden: its label shows the focus.
    const shown = el.classList.contains('btn-check') ? el.nextElementSibling : el;
    const style = getComputedStyle(shown);
    const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        href: el.getAttribute('href') || '',
        type: el.getAttribute('type') || '',
        name: (el.getAttribute('aria-label') || el.innerText || label || el.value || '')
            .replace(/\\s+/g, ' ').trim(),
        outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(_FOCUS_STATE)


def tab_to(page, predicate, *, max_steps: int = 120, shift: bool = False) -> dict:
    """Press Tab until `predicate(focus_state)` holds; every element passed on the way must show
    a visible focus indicator (an outline of at least 2 px)."""
    for _ in range(max_steps):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        state = focused(page)
        if state is None:
            continue
        assert state["outline"] >= 2, f"focus invisible sur {state} ({page.url})"
        if predicate(state):
            return state
    raise AssertionError(f"élément jamais atteint au clavier sur {page.url}")


def named(text: str):
    return lambda state: text in state["name"]


def with_id(element_id: str):
    return lambda state: state["id"] == element_id
