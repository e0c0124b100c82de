"""Demo content of the showcase site. Idempotent: pages are found by slug, never duplicated,
and nothing an editor may have changed since the first run is overwritten."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from home import demo_content as content
from home.demo_images import demo_image
from home.models import (
    FooterLink,
    FooterSettings,
    HomePage,
    LegalSettings,
    MenuItem,
    NavigationSettings,
    StandardPage,
    TeamIndexPage,
    TeamMember,
)

HOME_SLUG = "accueil"
LEGAL_SLUGS = ["mentions-legales", "politique-de-confidentialite", "accessibilite"]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, slug: str) -> Page | None:
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child else None


def _ensure_child(parent: Page, page: Page, stdout) -> tuple[Page, bool]:
    existing = _child(parent, page.slug)
    if existing is not None:
        return existing, False
    parent.add_child(instance=page)
    _publish(page)
    stdout.write(f"  page créée : {page.url_path}")
    return page, True


def load_home_page(stdout) -> tuple[HomePage, Site, bool]:
    """The HomePage as the root of the default site, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    created = home is None
    if created:
        home = HomePage(
            title=content.HOME["title"],
            slug=HOME_SLUG,
            hero_title=content.HOME["hero_title"],
            hero_text=content.HOME["hero_text"],
            hero_image=demo_image(content.HOME["hero_image"]),
            search_description=content.HOME["seo_description"],
        )
        root.add_child(instance=home)
        _publish(home)
        stdout.write("  page d'accueil créée")

    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.site_name, site.root_page = "localhost", 80, "Osengo", home
    site.save()

    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page left at the top level.
    plain_page_type = ContentType.objects.get_for_model(Page)
    for welcome in root.get_children().filter(content_type=plain_page_type):
        if not Site.objects.filter(root_page=welcome).exists():
            welcome.delete()
            stdout.write("  page d'accueil par défaut de Wagtail supprimée")
    return home, site, created


def load_showcase_pages(home: HomePage, stdout) -> dict[str, Page]:
    contact, _ = _ensure_child(
        home,
        StandardPage(
            title="Contact",
            slug="contact",
            intro="Trois agences en Auvergne pour vous recevoir près de chez vous.",
            body=content.contact_body(),
            show_in_menus=True,
        ),
        stdout,
    )
    about, _ = _ensure_child(
        home,
        StandardPage(
            title="À propos",
            slug="a-propos",
            intro=(
                "Osengo est l'incubateur d'entreprises de l'Auvergne : une équipe de "
                "professionnels au service des créateurs, dans trois départements."
            ),
            body=content.about_body(image_id=demo_image("Atelier collectif à Osengo").pk),
            show_in_menus=True,
        ),
        stdout,
    )
    support, _ = _ensure_child(
        home,
        StandardPage(
            title="Notre accompagnement",
            slug="notre-accompagnement",
            intro=(
                "De l'idée au lancement, puis pendant les premières années : un parcours "
                "gratuit, sur mesure, avec un interlocuteur unique."
            ),
            body=content.support_body(contact_page_id=contact.pk),
            show_in_menus=True,
        ),
        stdout,
    )
    legal_pages = [
        ("Mentions légales", LEGAL_SLUGS[0], "", content.LEGAL_BODY),
        (
            "Politique de confidentialité",
            LEGAL_SLUGS[1],
            "Comment Osengo traite les données personnelles que vous lui confiez.",
            content.PRIVACY_BODY,
        ),
        (
            "Accessibilité",
            LEGAL_SLUGS[2],
            "Déclaration d'accessibilité du site d'Osengo.",
            content.ACCESSIBILITY_BODY,
        ),
    ]
    pages = {"contact": contact, "a-propos": about, "notre-accompagnement": support}
    for title, slug, intro, body in legal_pages:
        pages[slug], _ = _ensure_child(
            home, StandardPage(title=title, slug=slug, intro=intro, body=body), stdout
        )

    return pages


def load_team_page(home: HomePage, stdout) -> TeamIndexPage:
    existing = _child(home, "equipe")
    if existing is not None:
        return existing
    team = TeamIndexPage(title="L'équipe", slug="equipe", intro=content.TEAM_INTRO)
    for first_name, last_name, role, agency, bio in content.TEAM:
        team.members.add(
            TeamMember(
                first_name=first_name,
                last_name=last_name,
                role=role,
                agency=agency,
                bio=bio,
            )
        )
    home.add_child(instance=team)
    _publish(team)
    stdout.write(f"  page créée : {team.url_path} ({len(content.TEAM)} membres)")
    return team


def _menu_targets(home: HomePage) -> list[tuple[str, Page]]:
    """Menu entries in order; the sections of the other apps appear once their demo ran."""
    by_slug = {child.slug: child for child in home.get_children().live()}
    by_type = {}
    for child in home.get_children().live().specific(defer=True):
        by_type.setdefault(type(child)._meta.label_lower, child)
    wanted = [
        ("À propos", by_slug.get("a-propos")),
        ("Notre accompagnement", by_slug.get("notre-accompagnement")),
        ("L'équipe", by_type.get("home.teamindexpage")),
        ("Actualités", by_type.get("news.newsindexpage")),
        ("Prendre rendez-vous", by_type.get("booking.bookingpage")),
        ("Contact", by_slug.get("contact")),
    ]
    return [(label, page) for label, page in wanted if page is not None]


def load_settings(*, home: HomePage, stdout) -> None:
    """Fill the menu and the footer once; later runs leave the editors' changes alone."""
    site = home.get_site()
    navigation = NavigationSettings.for_site(site)
    if not navigation.menu_items.exists():
        for position, (label, page) in enumerate(_menu_targets(home)):
            MenuItem.objects.create(
                setting=navigation, label=label, link_page=page, sort_order=position
            )
        stdout.write("  menu principal renseigné")

    footer = FooterSettings.for_site(site)
    if not (footer.text or footer.address or footer.email or footer.links.exists()):
        for field, value in content.FOOTER.items():
            setattr(footer, field, value)
        footer.save()
        legal_pages = [_child(home, slug) for slug in LEGAL_SLUGS]
        for position, page in enumerate(page for page in legal_pages if page is not None):
            FooterLink.objects.create(
                setting=footer, label=page.title, link_page=page, sort_order=position
            )
        stdout.write("  pied de page renseigné")

    legal = LegalSettings.for_site(site)
    if not (legal.host_name or legal.legal_notice_page_id):
        for field, value in content.LEGAL_HOST.items():
            setattr(legal, field, value)
        legal.legal_notice_page = _child(home, LEGAL_SLUGS[0])
        legal.save()
        stdout.write("  mentions légales : hébergeur renseigné")


def load(*, stdout) -> HomePage:
    """Home page, showcase pages and team. `load_settings` runs after the other apps' demos."""
    home, _site, created = load_home_page(stdout)
    pages = load_showcase_pages(home, stdout)
    if created:
        # The home page exists before the Contact page its call to action points to.
        home.body = content.home_body(contact_page_id=pages["contact"].pk)
        _publish(home)
    load_team_page(home, stdout)
    return home
