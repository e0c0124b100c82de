"""The public pages load Bootstrap's JS without Popper (bootstrap.min.js, not the bundle): a
template that starts using a plugin that needs Popper must switch base.html back to the
bundle, or that plugin would throw in the browser."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Bootstrap 5.3: Dropdown, Tooltip and Popover position themselves with Popper.
NEEDS_POPPER = {"dropdown", "tooltip", "popover"}
TOGGLE = re.compile(r"""data-bs-toggle=["']?([\w-]+)""")
SCRIPT = re.compile(r"<script src=\"([^\"]+)\"([^>]*)>")
POPPER_CLASS = re.compile(r"""class=["'][^"']*\b(dropdown-toggle|dropdown-menu)\b""")


def templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_pages_load_bootstrap_without_popper_and_every_script_deferred(client, home_page):
    html = client.get(home_page.url).content.decode()
    scripts = SCRIPT.findall(html)
    assert [src for src, _ in scripts if "bootstrap" in src] == [
        "/static/vendor/bootstrap/js/bootstrap.min.js"
    ]
    assert all(" defer" in attributes for _, attributes in scripts)
    assert "<script>" not in html  # no inline script that would run before Bootstrap


def test_no_template_uses_a_plugin_that_needs_popper():
    used = {}
    for path in templates():
        text = path.read_text()
        names = set(TOGGLE.findall(text)) | set(POPPER_CLASS.findall(text))
        for name in names:
            used.setdefault(name, []).append(str(path.relative_to(TEMPLATES)))
    needing = {name: paths for name, paths in used.items() if name.split("-")[0] in NEEDS_POPPER}
    assert not needing, f"needs Popper (load bootstrap.bundle.min.js in base.html): {needing}"
    assert used.get("collapse") == [
        "base.html"
    ]  # the navbar toggler: the guard looks where it should
