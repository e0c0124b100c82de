from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.page_cache import cache_for_anonymous

from .display import yes_no

QUESTION_TYPES = [
    ("singleline", _("Texte court")),
    ("multiline", _("Texte long")),
    ("dropdown", _("Choix dans une liste")),
    ("radio", _("Choix unique (boutons)")),
    ("checkboxes", _("Choix multiple")),
    ("checkbox", _("Case à cocher")),
    ("date", _("Date")),
    # "printemps 2027", "d'ici un an": a time the founder cannot pin to a date.
    ("period", _("Période (texte libre)")),
]


class BookingQuestion(AbstractFormField):
    """An extra question editors add to the booking form, built by Wagtail's form builder:
    asked for every meeting type, or only for one (`meeting_type`) on top of the shared ones."""

    page = ParentalKey("booking.BookingPage", on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField(_("type de champ"), max_length=16, choices=QUESTION_TYPES)
    meeting_type = models.ForeignKey(
        "booking.MeetingType",
        verbose_name=_("seulement pour ce type de rendez-vous"),
        null=True,
        blank=True,
        # A meeting type with questions is deactivated, not deleted (services.agencies).
        on_delete=models.PROTECT,
        related_name="questions",
        help_text=_("Laissez vide pour poser la question quel que soit le type de rendez-vous."),
    )

    panels = [*AbstractFormField.panels, FieldPanel("meeting_type")]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question complémentaire")
        verbose_name_plural = _("questions complémentaires")

    get_required_display = yes_no("required", _("obligatoire"))

    def is_asked_for(self, meeting_type_id) -> bool:
        """Whether the form of a slot of this meeting type asks this question."""
        return self.meeting_type_id is None or self.meeting_type_id == meeting_type_id


class BookingPage(RoutablePageMixin, Page):
    """The public booking flow: agencies → a week of free slots → form → confirmation, and the
    private pages reached from the link in the emails (see `booking.public.views`)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Politique de confidentialité »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_notice = RichTextField(
        _("information sur les données personnelles"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Qui traite les données, pourquoi, combien de temps, et les droits du porteur."
        ),
    )
    privacy_version = models.CharField(
        _("version du texte de confidentialité"),
        max_length=32,
        default="2026-11",
        help_text=_(
            "Changez-la quand le texte change : elle est enregistrée avec chaque consentement."
        ),
    )
    confirmation_text = RichTextField(
        _("texte de la page de confirmation"), blank=True, features=["bold", "italic", "link"]
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["booking.AgencyPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("questions", label=_("Questions complémentaires")),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("privacy_notice"),
                FieldPanel("privacy_version"),
            ],
            heading=_("Données personnelles"),
        ),
        FieldPanel("confirmation_text"),
    ]

    # Found by the site search from its introduction ("créneau", "rendez-vous gratuit").
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("page de prise de rendez-vous")

    # The routes are answered by booking.public.views, which sit above the models (they call
    # the services, which use these models): BookingConfig.ready() hands them to the page.
    views = None

    # Fixed prefixes first so that no agency slug can shadow them. The two listings are the
    # same for every anonymous visitor; every booking or status change empties the page cache,
    # so a taken slot is never served as free. The form and the private pages are never cached.
    @path("")
    @cache_for_anonymous(booking_data=True)
    def agency_list(self, request):
        return self.views.agency_list(request, self)

    @path("confirmation/")
    def confirmation(self, request):
        return self.views.confirmation(request, self)

    @path("gerer/<str:token>/", name="manage")
    def manage(self, request, token):
        return self.views.manage(request, self, token)

    @path("gerer/<str:token>/invitation/", name="manage_ics")
    def manage_ics(self, request, token):
        return self.views.manage_ics(request, self, token)

    @path("gerer/<str:token>/annuler/", name="manage_cancel")
    def manage_cancel(self, request, token):
        return self.views.manage_cancel(request, self, token)

    @path("gerer/<str:token>/deplacer/", name="manage_move")
    def manage_move(self, request, token):
        return self.views.manage_move(request, self, token)

    @path("agence/<slug:agency_slug>/", name="agency")
    @cache_for_anonymous(booking_data=True)
    def agency_slots(self, request, agency_slug):
        return self.views.agency_slots(request, self, agency_slug)

    @path("agence/<slug:agency_slug>/reserver/", name="book")
    def book(self, request, agency_slug):
        return self.views.book(request, self, agency_slug)

    @classmethod
    def reserved_slugs(cls) -> frozenset[str]:
        """The first segments of the routes ("confirmation", "gerer", "agence"): a child page
        with such a slug would be hidden by a route, or would hide part of one."""
        segments = (str(pattern.pattern).split("/", 1)[0] for pattern in cls.get_subpage_urls())
        return frozenset(segment for segment in segments if segment and "<" not in segment)


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.CharBlock(
        label=_("Jours"), max_length=80, help_text=_("Par exemple : du lundi au jeudi.")
    )
    hours = blocks.CharBlock(
        label=_("Horaires"),
        max_length=120,
        help_text=_("Par exemple : 9 h – 12 h 30 et 14 h – 17 h 30, ou « fermé »."),
    )

    class Meta:
        icon = "time"
        label = _("Horaires d'ouverture")


@cache_for_anonymous(booking_data=True)
class AgencyPage(Page):
    """The public page of one agency: who and where, its next slots, and what editors add.

    It lives under the booking page, at `<booking page>/<agency slug>/`, next to the routes of
    the booking page (whose `agence/<slug>/` is the agency's week of slots). What it shows of
    the booking data is read by the booking template tags (`{% agency_details %}`), through
    the selectors, which sit above these models."""

    agency = models.OneToOneField(
        "booking.Agency",
        verbose_name=_("agence"),
        on_delete=models.PROTECT,
        related_name="page",
        error_messages={"unique": _("Cette agence a déjà sa page.")},
        help_text=_("L'adresse de la page reprend l'identifiant d'URL de l'agence."),
    )
    intro = models.TextField(_("chapeau"), max_length=600, blank=True)
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())], verbose_name=_("horaires d'ouverture"), blank=True
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("agency"),
        FieldPanel("intro"),
        FieldPanel("opening_hours"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("agency", [index.SearchField("name"), index.SearchField("city")]),
    ]

    parent_page_types = ["booking.BookingPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page d'agence")
        verbose_name_plural = _("pages d'agence")

    def clean(self):
        # The slug is the agency's: set before Page.clean() checks it is free among siblings.
        if self.agency_id is not None:
            self.slug = self.agency.slug
        super().clean()
        if self.slug in BookingPage.reserved_slugs():
            raise ValidationError(
                {
                    "slug": _(
                        "« %(slug)s » est réservé aux adresses de la prise de rendez-vous : "
                        "changez l'identifiant d'URL de l'agence."
                    )
                    % {"slug": self.slug}
                }
            )
