"""Content pages on paper (@media print): the text without the site's chrome, and external
links followed by their address."""

import pytest

AFTER = "(selector) => getComputedStyle(document.querySelector(selector), '::after').content"


@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_printed_page_keeps_the_content_and_spells_out_external_links(demo_site, page, shot):
    page.goto(demo_site.url + "/politique-de-confidentialite/")
    page.emulate_media(media="print")
    shot(page, "impression")

    assert page.locator("h1").is_visible()
    for chrome in (".site-header", ".site-footer", ".breadcrumbs-nav"):
        assert not page.locator(chrome).is_visible(), chrome
    assert page.evaluate(AFTER, 'main a[href^="https://www.cnil.fr"]') == (
        '" (https://www.cnil.fr/fr/plaintes)"'
    )
    assert page.evaluate(AFTER, 'main a[href^="mailto:"]') == "none"
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"

    # The legal notice's host link already reads as its address: not printed twice.
    page.goto(demo_site.url + "/mentions-legales/")
    assert page.evaluate(AFTER, ".legal-host a.print-url-shown") == "none"
