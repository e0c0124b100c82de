from tests.e2e.conftest import assert_accessible


def test_home_page_renders_in_chromium_and_is_accessible(demo_site, page, shot):
    page.goto(demo_site.url + "/")
    assert page.locator("h1").first.is_visible()
    cta = page.get_by_role("link", name="Prendre rendez-vous").first
    assert cta.is_visible()
    shot(page, "accueil")
    assert_accessible(page)
