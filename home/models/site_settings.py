"""Per-site settings edited in the admin (Paramètres): the main menu, the footer and what the
legal notice names."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

# A path on this site or an http(s) address: never "javascript:" or other schemes.
link_url_validator = RegexValidator(
    r"^(/|https?://|mailto:|tel:)",
    _("Indiquez un chemin commençant par « / » ou une adresse commençant par « https:// »."),
)


class AbstractLink(Orderable):
    """A labelled link to a page of the site or to another address."""

    label = models.CharField(_("libellé"), max_length=60)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.CharField(
        _("ou adresse"),
        max_length=255,
        blank=True,
        validators=[link_url_validator],
        help_text=_("Par exemple /recherche/ ou https://www.example.fr/."),
    )

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")])]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.label

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(
                {"link_page": _("Choisissez soit une page, soit une adresse (l'une des deux).")}
            )

    def get_url(self, request=None) -> str:
        if self.link_page_id:
            if not self.link_page.live:
                return ""
            return self.link_page.get_url(request) or ""
        return self.link_url


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    panels = [InlinePanel("menu_items", label=_("Lien du menu"), heading=_("Menu principal"))]

    class Meta:
        verbose_name = _("navigation")


class MenuItem(AbstractLink):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="menu_items")

    class Meta(AbstractLink.Meta):
        verbose_name = _("lien du menu")
        verbose_name_plural = _("liens du menu")


@register_setting(icon="form")
class FooterSettings(ClusterableModel, BaseSiteSetting):
    text = models.TextField(_("texte court"), max_length=400, blank=True)
    address = models.TextField(_("adresse"), max_length=400, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Coordonnées"),
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Réseaux sociaux"),
        ),
        InlinePanel("links", label=_("Lien"), heading=_("Liens légaux")),
    ]

    class Meta:
        verbose_name = _("pied de page")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        candidates = [
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in candidates if url]


class FooterLink(AbstractLink):
    setting = ParentalKey(FooterSettings, on_delete=models.CASCADE, related_name="links")

    class Meta(AbstractLink.Meta):
        verbose_name = _("lien du pied de page")
        verbose_name_plural = _("liens du pied de page")


@register_setting(icon="doc-full")
class LegalSettings(BaseSiteSetting):
    """What the law asks the legal notice to name (LCEN, article 6): the site's host. Shown on
    the page chosen here, after its text, so that changing host is one form, not an edit."""

    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Mentions légales »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("L'hébergeur est affiché à la fin de cette page."),
    )
    host_name = models.CharField(_("nom de l'hébergeur"), max_length=120, blank=True)
    host_address = models.TextField(_("adresse de l'hébergeur"), max_length=400, blank=True)
    host_phone = models.CharField(_("téléphone de l'hébergeur"), max_length=30, blank=True)
    host_url = models.URLField(_("site de l'hébergeur"), blank=True)

    panels = [
        FieldPanel("legal_notice_page"),
        MultiFieldPanel(
            [
                FieldPanel("host_name"),
                FieldPanel("host_address"),
                FieldRowPanel([FieldPanel("host_phone"), FieldPanel("host_url")]),
            ],
            heading=_("Hébergeur du site"),
        ),
    ]

    class Meta:
        verbose_name = _("mentions légales")
