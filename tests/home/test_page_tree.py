"""Where each page type may be created, and that each one renders."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage, TeamIndexPage

from .conftest import make_home_site
from .factories import StandardPageFactory, TeamIndexPageFactory, TeamMemberFactory


class TestPageTree(WagtailPageTestCase):
    def test_home_page_lives_at_the_top_of_the_tree_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertCanNotCreateAt(TeamIndexPage, HomePage)

    def test_home_page_accepts_the_sections_of_every_app(self):
        from booking.models import BookingPage
        from news.models import NewsIndexPage

        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, TeamIndexPage, NewsIndexPage, BookingPage}
        )

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)
        self.assertCanNotCreateAt(TeamIndexPage, StandardPage)

    def test_team_page_sits_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(TeamIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TeamIndexPage, set())
        self.assertCanNotCreateAt(StandardPage, TeamIndexPage)

    def test_only_one_home_page_and_one_team_page(self):
        home = make_home_site()
        TeamIndexPageFactory(parent=home)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(TeamIndexPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))


class TestPagesRender(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home_site()
        cls.about = StandardPageFactory(parent=cls.home, title="À propos", slug="a-propos")
        cls.history = StandardPageFactory(parent=cls.about, title="Notre histoire", slug="histoire")
        cls.team = TeamIndexPageFactory(parent=cls.home)
        TeamMemberFactory(page=cls.team, first_name="Amina", last_name="Roche", agency="Vichy")

    def test_home_page_renders(self):
        self.assertPageIsRenderable(self.home)

    def test_standard_pages_render_with_breadcrumbs_and_subpages(self):
        self.assertPageIsRenderable(self.about)
        self.assertPageIsRenderable(self.history)
        response = self.client.get(self.history.url)
        self.assertContains(response, 'aria-label="Fil d\'Ariane"')
        self.assertContains(response, '<a href="/a-propos/">À propos</a>', html=True)
        self.assertContains(
            response,
            '<li class="breadcrumb-item active" aria-current="page">Notre histoire</li>',
            html=True,
        )
        parent_response = self.client.get(self.about.url)
        self.assertContains(parent_response, '<a href="/a-propos/histoire/">Notre histoire</a>')

    def test_home_page_has_no_breadcrumbs(self):
        self.assertNotContains(self.client.get("/"), "Fil d'Ariane")

    def test_team_page_renders_members_as_cards(self):
        self.assertPageIsRenderable(self.team)
        response = self.client.get(self.team.url)
        self.assertContains(response, '<h2 class="h5 card-title mb-1">Amina Roche</h2>', html=True)
        self.assertContains(response, "Agence : Vichy")
        self.assertContains(response, 'type="image/webp"')

    def test_edit_views_open_in_the_admin(self):
        self.client.force_login(self.create_superuser("editrice"))
        for page in (self.home, self.about, self.team):
            response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(response.status_code, 200, page)


class TestAdminCreation(WagtailPageTestCase):
    """Editors create pages through the admin forms, blocks and inline members included."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home_site()

    def setUp(self):
        self.client.force_login(self.create_superuser("editrice"))

    def test_create_a_standard_page_with_blocks(self):
        body = streamfield(
            [
                ("paragraph", rich_text("<p>Un atelier chaque mois.</p>")),
                (
                    "call_to_action",
                    {
                        "title": "Envie d'en parler ?",
                        "text": "",
                        "button_label": "Contact",
                        "page": "",
                        "link_url": "https://www.example.fr/",
                    },
                ),
                ("quote", {"text": "Merci !", "author": "Camille", "role": ""}),
            ]
        )
        data = nested_form_data(
            {"title": "Ateliers", "slug": "ateliers", "intro": "", "body": body}
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="ateliers")
        self.assertEqual(
            [block.block_type for block in page.body], ["paragraph", "call_to_action", "quote"]
        )

    def test_create_the_team_page_with_members(self):
        members = inline_formset(
            [
                {
                    "first_name": "Sophie",
                    "last_name": "Delmas",
                    "role": "Chargée",
                    "agency": "Aurillac",
                    "bio": "",
                    "photo": "",
                },
                {
                    "first_name": "Julien",
                    "last_name": "Chassaing",
                    "role": "Conseiller",
                    "agency": "Vichy",
                    "bio": "",
                    "photo": "",
                },
            ]
        )
        data = nested_form_data(
            {"title": "L'équipe", "slug": "equipe", "intro": "", "members": members}
        )
        self.assertCanCreate(self.home, TeamIndexPage, data)
        page = TeamIndexPage.objects.get(slug="equipe")
        self.assertEqual([m.first_name for m in page.members.all()], ["Sophie", "Julien"])


class TestStandardPageSideColumn(WagtailPageTestCase):
    """Beside the text of a showcase page: the section's pages, booking and contact."""

    @classmethod
    def setUpTestData(cls):
        from booking.models import BookingPage
        from home.models import FooterSettings

        cls.home = make_home_site()
        cls.about = StandardPageFactory(parent=cls.home, title="À propos", slug="a-propos")
        cls.booking_page = cls.home.add_child(
            instance=BookingPage(
                title="Prendre rendez-vous", slug="rendez-vous", privacy_version="v1"
            )
        )
        site = cls.home.get_site()
        FooterSettings.objects.update_or_create(
            site=site, defaults={"phone": "04 73 00 12 34", "email": "contact@osengo.fr"}
        )

    def test_side_column_invites_to_book_and_gives_the_contact(self):
        response = self.client.get(self.about.url)
        aside = response.content.decode().split('aria-label="Pour aller plus loin"')[1]
        aside = aside.split("</aside>")[0]
        self.assertIn('href="/rendez-vous/"', aside)
        self.assertIn("Prendre rendez-vous", aside)
        self.assertIn('href="tel:0473001234"', aside)
        self.assertIn('href="mailto:contact@osengo.fr"', aside)
        self.assertNotIn("Dans cette rubrique", aside)  # no subpage

    def test_side_column_without_booking_page_has_no_booking_card(self):
        self.booking_page.unpublish()
        response = self.client.get(self.about.url)
        self.assertNotContains(response, "Un projet d'entreprise ?")
        self.assertContains(response, "Une question ?")
