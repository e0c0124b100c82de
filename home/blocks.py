"""StreamField blocks shared by every page type (home, showcase pages, news).

There is deliberately no RawHTMLBlock: it would let any editor inject script into the site.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

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


def agency_choices() -> list[tuple[str, str]]:
    """The agencies an "Équipe" block may be limited to (read when the editor opens the form;
    the booking app is looked up by name: home does not import it)."""
    agency_model = apps.get_model("booking", "Agency")
    agencies = agency_model.objects.values_list("pk", "name")
    return [("", _("Toute l'équipe")), *((str(pk), name) for pk, name in agencies)]


class TeamBlock(blocks.StructBlock):
    """The team page's members, with their « Prendre rendez-vous avec… » buttons: all of them,
    or the people of one agency (see `TeamIndexPage.members_for` for who counts as such)."""

    heading = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("Notre équipe"))
    agency = blocks.ChoiceBlock(
        label=_("Agence"),
        choices=agency_choices,
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
