"""StreamField blocks shared by every page type (home, showcase pages, news, agency pages).

There is deliberately no RawHTMLBlock: it would let any editor inject script into the site.

The booking and news blocks only hold ids: the booking app imports this module (and news
too), so their models are looked up by name (`apps.get_model`) when an editor opens the
chooser, and their data is rendered by the booking template tags (`{% load booking_tags %}`
in the block templates), which also tell the page cache that the page shows booking data.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Site

from home.news_teasers import latest_news

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CaptionedImageValue(blocks.StructValue):
    def alt(self) -> str:
        """Editor's override first, then the image's own description: never an empty guess."""
        image = self.get("image")
        if self.get("alt_text"):
            return self["alt_text"]
        if image is None:
            return ""
        return image.description or image.title


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        required=False,
        max_length=250,
        help_text=_(
            "Décrit l'image pour les personnes qui ne la voient pas. "
            "Laisser vide pour reprendre la description de l'image."
        ),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image avec légende")
        template = "components/blocks/captioned_image_block.html"
        value_class = CaptionedImageValue


class LinkValue(blocks.StructValue):
    def url(self) -> str:
        page = self.get("page")
        if page is not None:
            return page.url or ""
        return self.get("link_url") or ""


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False, max_length=500)
    button_label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page liée"), required=False)
    link_url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "components/blocks/call_to_action_block.html"
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("link_url")):
            message = _("Choisissez soit une page, soit une adresse externe (l'une des deux).")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message)},
            )
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"), max_length=600)
    author = blocks.CharBlock(label=_("Auteur ou autrice"), max_length=120)
    role = blocks.CharBlock(label=_("Fonction"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "components/blocks/quote_block.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Réponse"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    questions = blocks.ListBlock(QuestionAnswerBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Questions fréquentes")
        template = "components/blocks/faq_block.html"


# --- blocks that show booking and news data ----------------------------------------------


def _inactive(name: str, is_active: bool) -> str:
    return name if is_active else _("%(name)s (inactif)") % {"name": name}


def agency_choices() -> list[tuple[str, str]]:
    agency_model = apps.get_model("booking", "Agency")
    return [
        (str(agency.pk), _inactive(agency.name, agency.is_active))
        for agency in agency_model.objects.order_by("display_order", "name")
    ]


def meeting_type_choices() -> list[tuple[str, str]]:
    type_model = apps.get_model("booking", "MeetingType")
    return [
        (str(meeting_type.pk), _inactive(str(meeting_type), meeting_type.is_active))
        for meeting_type in type_model.objects.order_by("name")
    ]


def adviser_choices() -> list[tuple[str, str]]:
    """The staff accounts that hold slots: the advisers listed on an agency."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, booking_agencies__isnull=False)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [(str(user.pk), user.get_full_name() or user.get_username()) for user in users]


def news_category_choices() -> list[tuple[str, str]]:
    category_model = apps.get_model("news", "NewsCategory")
    return [(str(category.pk), category.name) for category in category_model.objects.all()]


class UpcomingSlotsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Titre"), required=False, max_length=120, default=_("Prochains créneaux")
    )
    agency = blocks.ChoiceBlock(
        label=_("Agence"),
        choices=agency_choices,
        required=False,
        help_text=_("Vide : toutes les agences."),
    )
    meeting_type = blocks.ChoiceBlock(
        label=_("Type de rendez-vous"),
        choices=meeting_type_choices,
        required=False,
        help_text=_("Vide : tous les types."),
    )
    adviser = blocks.ChoiceBlock(
        label=_("Conseiller ou conseillère"),
        choices=adviser_choices,
        required=False,
        help_text=_("Vide : toute l'équipe."),
    )
    count = blocks.IntegerBlock(label=_("Nombre de créneaux"), min_value=3, max_value=12, default=6)

    class Meta:
        icon = "date"
        label = _("Prochains créneaux")
        template = "components/blocks/upcoming_slots_block.html"


class AgencyCardsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Titre"), required=False, max_length=120, default=_("Nos agences")
    )

    class Meta:
        icon = "site"
        label = _("Nos agences")
        template = "components/blocks/agency_cards_block.html"


class LatestNewsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Titre"), required=False, max_length=120, default=_("Dernières actualités")
    )
    category = blocks.ChoiceBlock(
        label=_("Catégorie"),
        choices=news_category_choices,
        required=False,
        help_text=_("Vide : toutes les catégories."),
    )
    count = blocks.IntegerBlock(
        label=_("Nombre d'actualités"), min_value=1, max_value=12, default=3
    )

    class Meta:
        icon = "doc-full"
        label = _("Dernières actualités")
        template = "components/blocks/latest_news_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        site = Site.find_for_request(request) if request is not None else None
        context["articles"] = latest_news(
            root=site.root_page if site else None,
            category_id=_id(value.get("category")),
            limit=_bounded(value.get("count"), low=1, high=12, default=3),
        )
        return context


def _id(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _bounded(value, *, low: int, high: int, default: int) -> int:
    return min(max(_id(value) or default, low), high)


def team_agency_choices() -> list[tuple[str, str]]:
    """The agencies an "Équipe" block may be limited to, the empty choice saying what it
    means: the same list as the slot block's."""
    return [("", _("Toute l'équipe")), *agency_choices()]


class TeamBlock(blocks.StructBlock):
    """The team page's members, with their « Prendre rendez-vous avec… » buttons: all of them,
    or the people of one agency (see `TeamIndexPage.members_for` for who counts as such)."""

    heading = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("Notre équipe"))
    agency = blocks.ChoiceBlock(
        label=_("Agence"),
        choices=team_agency_choices,
        required=False,
        help_text=_(
            "Une agence : ses conseillers reliés à un compte, et les autres membres dont le "
            "champ « agence » est sa ville ou son nom."
        ),
    )

    class Meta:
        icon = "group"
        label = _("Équipe")
        template = "components/blocks/team_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        team_page = apps.get_model("home", "TeamIndexPage").objects.live().public().first()
        chosen, agency = value.get("agency") or "", None
        if chosen.isdigit():
            agency_model = apps.get_model("booking", "Agency")
            agency = agency_model.objects.filter(pk=int(chosen), is_active=True).first()
        # A chosen agency since deleted or deactivated: nobody, rather than the whole team.
        if team_page is None or (chosen and agency is None):
            context["members"] = []
        else:
            context["members"] = team_page.members_for(agency)
        return context


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every page; news pages import it too."""

    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
    faq = FAQBlock()
    team = TeamBlock()
    embed = EmbedBlock(
        label=_("Vidéo ou contenu intégré"),
        help_text=_("Adresse d'une vidéo (YouTube, Vimeo, PeerTube…)."),
        icon="media",
        template="components/blocks/embed_block.html",
    )
    upcoming_slots = UpcomingSlotsBlock()
    agency_cards = AgencyCardsBlock()
    latest_news = LatestNewsBlock()
