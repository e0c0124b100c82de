from tests.e2e.conftest import assert_accessible


def test_home_page_renders_in_chromium_and_is_accessible(demo_site, page, shot):
    page.goto(demo_site.url + "/")
    assert page.locator("h1").first.is_visible()
    cta = page.get_by_role("link", name="Prendre rendez-vous").first
    assert cta.is_visible()
    shot(page, "accueil")
    assert_accessible(page)


def test_the_main_menu_opens_and_closes_on_a_phone(demo_site, page, viewport):
    """Bootstrap's Collapse (bootstrap.min.js, deferred, without Popper) drives the navbar
    toggler: on a phone the menu opens and closes; on a desktop it is always shown. No script
    error on the way."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(demo_site.url + "/")
    menu = page.locator("#menu-principal")
    toggler = page.locator(".navbar-toggler")
    if viewport == "desktop":
        assert menu.is_visible()
        assert not toggler.is_visible()
    else:
        assert not menu.is_visible()
        toggler.click()
        page.locator("#menu-principal.collapse.show").wait_for()  # opened, transition over
        assert menu.get_by_role("link").first.is_visible()
        assert toggler.get_attribute("aria-expanded") == "true"
        toggler.click()
        menu.wait_for(state="hidden")
        assert toggler.get_attribute("aria-expanded") == "false"
    assert errors == []
