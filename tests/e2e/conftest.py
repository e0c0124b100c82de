"""Browser tests: the real site (pytest-django's live_server, demo content) driven by Playwright
in Debian's Chromium, with axe-core injected from node_modules (npm registry, never a CDN).

Locally, without Chromium or npm, these tests are skipped with the reason; CI sets
E2E_REQUIRED=1 so that a missing browser fails the run instead.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from tests.e2e.layout import layout_problems

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _missing() -> str:
    if not CHROMIUM:
        return "Chromium introuvable (apt-get install chromium)"
    if not AXE_JS.exists():
        return "axe-core absent (npm ci)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright absent (pip install -r requirements-dev.txt)"
    return ""


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        if reason:
            if os.environ.get("E2E_REQUIRED") == "1":
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
                raise pytest.UsageError(f"E2E_REQUIRED=1 mais {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def browser():
    # Per test, and set up after the database: with a browser kept across tests, Django's
    # serialized rollback no longer restored the migrations' rows (Playwright's sync API runs
    # on greenlets, and Django's connections are context-local).
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(demo_site, browser, viewport):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], locale="fr-FR", timezone_id="Europe/Paris"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # The ORM calls a test makes between browser steps run in Playwright's greenlet, whose
    # context has its own connection objects: close them here, or PostgreSQL keeps a session
    # open on the test database and refuses to drop it at the end of the run.
    connections.close_all()


@pytest.fixture
def demo_site(django_db_serialized_rollback, live_server, settings):
    """The demo content, served by the live server; emails link back to it. Browser tests are
    transactional: the serialized rollback brings back the rows migrations create."""
    settings.PUBLIC_BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


@pytest.fixture
def shot(request, viewport):
    """shot(page, "step-name") saves a full-page screenshot for reviewers (git-ignored)."""
    counter = iter(range(1, 100))

    def take(page, name: str):
        folder = SCREENSHOTS / request.node.originalname
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"{viewport}-{next(counter):02d}-{name}.png", full_page=True)

    return take


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluate, so the page's CSP does not block the injection)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def assert_accessible(page):
    violations = axe_violations(page)
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in violations
    )
    assert not violations, f"{page.url} a {len(violations)} violation(s) WCAG 2.1 AA :\n{details}"
    # Every public page a journey reaches (confirmation, private link, move, cancel…) gets the
    # layout checks of the page-type scan too; Wagtail's admin is not ours to lay out.
    if "/admin/" not in page.url:
        problems = layout_problems(page)
        assert not problems, f"{page.url} : " + "\n".join(problems)
