"""Layout checks of the browser tests, run on every public page type at both widths beside the
axe scan: pictures keep their shape, nothing overflows the window sideways, and the headings
follow one scale."""

# Every picture is loaded (lazy ones too), then compared with the box it is shown in: the
# rendition must have the box's shape (a fill rendition sized for its slot), so neither the
# browser's scaling nor object-fit has to squeeze or crop it.
_PICTURE_PROBLEMS_JS = """
async () => {
    const images = [...document.images];
    for (const image of images) image.loading = "eager";
    await Promise.all(images.map(image => image.decode().catch(() => null)));
    const problems = [];
    for (const image of images) {
        const box = image.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;  // not shown at this width
        const name = image.currentSrc || image.src;
        if (!image.naturalWidth) {
            problems.push(`image non chargée : ${name}`);
            continue;
        }
        const natural = image.naturalWidth / image.naturalHeight;
        const shown = box.width / box.height;
        if (Math.abs(shown / natural - 1) > 0.03) {
            problems.push(
                `image déformée ou rognée : ${name} (${image.naturalWidth}×${image.naturalHeight}` +
                ` affichée en ${Math.round(box.width)}×${Math.round(box.height)})`
            );
        }
        if (!image.getAttribute("width") || !image.getAttribute("height")) {
            problems.push(`image sans width/height (la page bouge au chargement) : ${name}`);
        }
    }
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) problems.push(`la page déborde de ${overflow} px en largeur`);
    return problems;
}
"""

# The computed size of the page title and of the plain section headings (an h2 styled as
# another level with a class, e.g. a card title `h2.h5`, is left out).
_HEADING_SIZES_JS = """
() => {
    const size = element => element ? getComputedStyle(element).fontSize : null;
    const styledAs = /^(h[1-6]|display-\\d|fs-\\d)$/;
    const plain = element => ![...element.classList].some(c => styledAs.test(c));
    const h1 = document.querySelector("main h1, h1");
    const h2 = [...document.querySelectorAll("main h2")].find(plain);
    return {
        h1: size(h1),
        h2: h2 ? size(h2) : null,
        hero: Boolean(h1 && h1.closest(".hero")),
    };
}
"""


def layout_problems(page) -> list[str]:
    return page.evaluate(_PICTURE_PROBLEMS_JS)


def heading_sizes(page) -> dict:
    return page.evaluate(_HEADING_SIZES_JS)


def heading_scale_problems(sizes_by_page: dict[str, dict]) -> list[str]:
    """One size for every page title (the home page's hero is the display size) and one for
    every plain section heading, across page types."""
    problems = []
    for level in ("h1", "h2"):
        seen: dict[str, list[str]] = {}
        for name, sizes in sizes_by_page.items():
            if sizes[level] is None or (level == "h1" and sizes["hero"]):
                continue
            seen.setdefault(sizes[level], []).append(name)
        if len(seen) > 1:
            problems.append(f"{level} de tailles différentes : {seen}")
    return problems
