from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

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
]


class BookingQuestion(AbstractFormField):
    """An extra question editors add to the booking form, built by Wagtail's form builder."""

    page = ParentalKey("booking.BookingPage", on_delete=models.CASCADE, related_name="questions")
    field_type = models.CharField(_("type de champ"), max_length=16, choices=QUESTION_TYPES)

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question complémentaire")
        verbose_name_plural = _("questions complémentaires")

    get_required_display = yes_no("required", _("obligatoire"))


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
    subpage_types = []

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
