"""Page types of the showcase site: home, standard showcase pages and the team page."""

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.news_teasers import latest_news
from home.page_cache import cache_for_anonymous

CONTACT_SLUG = "contact"
# Must match the {% picture %} filters of templates/home/team_index_page.html.
TEAM_PHOTO_SPECS = ["fill-400x400|format-webp", "fill-400x400|format-jpeg"]


@cache_for_anonymous(booking_data=True)
class HomePage(Page):
    hero_title = models.CharField(_("titre d'accroche"), max_length=120)
    hero_text = models.TextField(_("texte d'accroche"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'accroche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_label = models.CharField(
        _("libellé du bouton"), max_length=60, default="Prendre rendez-vous"
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du bouton"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vide : le bouton mène à la page « Contact » si elle existe."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_cta_label"), FieldPanel("hero_cta_page")]),
            ],
            heading=_("Accroche"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.TeamIndexPage",
        "news.NewsIndexPage",
        "booking.BookingPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def hero_cta_target(self):
        """The page the hero button leads to: the chosen one, else Contact, else none."""
        if self.hero_cta_page is not None and self.hero_cta_page.live:
            return self.hero_cta_page
        return StandardPage.objects.child_of(self).live().filter(slug=CONTACT_SLUG).first()

    def news_index(self):
        """The site's news section, looked up lazily: the news app may define no models yet."""
        try:
            index_model = apps.get_model("news", "NewsIndexPage")
        except LookupError:
            return None
        return index_model.objects.child_of(self).live().first()

    def latest_news(self, limit: int = 3) -> list:
        """The latest live articles of this site, newest first, with their card renditions."""
        return latest_news(root=self, limit=limit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hero_cta"] = self.hero_cta_target()
        context["latest_news"] = self.latest_news()
        context["news_index"] = self.news_index() if context["latest_news"] else None
        return context


@cache_for_anonymous()
class StandardPage(Page):
    """A showcase page (About, Contact, legal pages…); editors nest them freely."""

    intro = models.TextField(_("chapeau"), max_length=600, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public()
        return context


@cache_for_anonymous()
class TeamIndexPage(Page):
    intro = models.TextField(_("chapeau"), max_length=600, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("members", label=_("Membres de l'équipe"), heading=_("Équipe")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields(
            "members",
            [
                index.SearchField("first_name"),
                index.SearchField("last_name"),
                index.SearchField("role"),
                index.SearchField("agency"),
            ],
        ),
    ]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page équipe")
        verbose_name_plural = _("pages équipe")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = self.members_for()
        return context

    def members_for(self, agency=None):
        """The members in the editor's order, with their photo's renditions (2 queries).

        With an `agency` (the "Équipe" block of one agency), only its people: a member linked
        to an adviser account when that adviser works for the agency, a member without a link
        when their « agence » text is the agency's city or name (case ignored)."""
        photos = get_image_model().objects.prefetch_renditions(*TEAM_PHOTO_SPECS)
        members = self.members.prefetch_related(Prefetch("photo", queryset=photos))
        if agency is not None:
            members = members.filter(
                Q(adviser__booking_agencies=agency)
                | Q(adviser__isnull=True, agency__iexact=agency.city)
                | Q(adviser__isnull=True, agency__iexact=agency.name)
            ).distinct()
        return members.order_by("sort_order", "pk")


# Who a team member may be linked to: an active account that works for an agency (one of its
# advisers, see booking.Agency.advisers). A string lookup: home does not import booking.
ADVISER_CHOICES = Q(is_active=True, booking_agencies__isnull=False)


class AdviserSelect(forms.Select):
    """Options say who the adviser is (« Claire Dumas (conseiller.clermont) »), not only the
    login that `User.__str__` gives."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        user = getattr(value, "instance", None)
        if user is not None and user.get_full_name():
            label = f"{user.get_full_name()} ({user.get_username()})"
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class TeamMember(Orderable):
    page = ParentalKey(TeamIndexPage, on_delete=models.CASCADE, related_name="members")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    role = models.CharField(_("fonction"), max_length=120)
    agency = models.CharField(
        _("agence"), max_length=80, blank=True, help_text=_("Par exemple : Vichy.")
    )
    bio = models.TextField(_("présentation courte"), max_length=400, blank=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte conseiller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=ADVISER_CHOICES,
        help_text=_(
            "Pour afficher « Prendre rendez-vous avec… » sur sa fiche : le bouton mène à ses "
            "créneaux libres, et n'apparaît que s'il en a."
        ),
    )

    panels = [
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("agency")]),
        FieldPanel("bio"),
        FieldPanel("adviser", widget=AdviserSelect),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("membres de l'équipe")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        """« CD » for Claire Dumas, « JL » for Jean-Luc (the avatar shown without a photo)."""
        return "".join(name.strip()[:1] for name in (self.first_name, self.last_name)).upper()
