from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .display import choice_label, yes_no


class Agency(index.Indexed, models.Model):
    """A city where founders meet advisers (Clermont-Ferrand, Vichy, Aurillac…)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    city = models.CharField(_("ville"), max_length=120)
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=10)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    notification_email = models.EmailField(
        _("email de notification"),
        blank=True,
        help_text=_("Reçoit les nouvelles demandes, annulations et reprogrammations."),
    )
    description = models.TextField(_("description"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_link = models.URLField(
        _("lien de visioconférence"),
        blank=True,
        help_text=_("Envoyé aux porteurs de projet pour les rendez-vous en visio."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    display_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    requires_approval = models.BooleanField(
        _("validation par un conseiller"),
        default=True,
        help_text=_(
            "Décochez pour confirmer automatiquement les demandes. Un type de rendez-vous peut "
            "en décider autrement (sa « confirmation des demandes »)."
        ),
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("délai minimum de réservation (heures)"), default=24
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("réservation possible jusqu'à (jours)"), default=60
    )
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("annulation ou déplacement en ligne jusqu'à (heures avant)"), default=24
    )

    advisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseillers"),
        blank=True,
        related_name="booking_agencies",
        help_text=_("Ils voient et traitent les créneaux et rendez-vous de cette agence."),
    )

    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        verbose_name = _("agence")
        verbose_name_plural = _("agences")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name

    get_is_active_display = yes_no("is_active", _("active"))
    get_requires_approval_display = yes_no("requires_approval", _("validation par un conseiller"))

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postal_code} {self.city}"

    @property
    def map_url(self) -> str:
        """A plain link to the address on OpenStreetMap (pages and emails): no map, script or
        font from another host."""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.full_address})

    def booking_window(self, now: datetime) -> tuple[datetime, datetime]:
        """The first and last start times founders may book at `now`."""
        return now + timedelta(hours=self.min_notice_hours), now + timedelta(days=self.horizon_days)

    def change_deadline(self, start: datetime) -> datetime:
        """Until when a founder may cancel or move online an appointment starting at `start`."""
        return start - timedelta(hours=self.change_cutoff_hours)


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("en agence")
    VIDEO = "video", _("en visio")
    PHONE = "phone", _("par téléphone")


class Confirmation(models.TextChoices):
    """Who confirms a booking of a meeting type: see `MeetingType.requires_approval_at`."""

    AGENCY = "agency", _("comme l'agence")
    IMMEDIATE = "immediate", _("confirmé immédiatement")
    APPROVAL = "approval", _("validé par un conseiller")


class MeetingType(models.Model):
    """A kind of meeting (first meeting, follow-up, workshop) with its duration and mode, what
    the founder should bring, and who confirms it. Its own extra questions are the booking
    page's questions set to it (`BookingQuestion.meeting_type`)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    mode = models.CharField(
        _("modalité"), max_length=16, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    instructions = models.TextField(
        _("ce qu'il faut apporter, comment ça se passe"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Montré aux porteurs de projet avant qu'ils réservent, puis sur la confirmation "
            "et dans les emails. Par exemple : « Apportez une pièce d'identité et, si vous "
            "en avez un, votre business plan. »"
        ),
    )
    confirmation = models.CharField(
        _("confirmation des demandes"),
        max_length=16,
        choices=Confirmation.choices,
        default=Confirmation.AGENCY,
        help_text=_(
            "« Comme l'agence » suit le réglage « validation par un conseiller » de chaque agence."
        ),
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("type de rendez-vous")
        verbose_name_plural = _("types de rendez-vous")
        ordering = ["name"]

    def __str__(self):
        return self.name

    get_is_active_display = yes_no("is_active", _("actif"))
    get_mode_display = choice_label("mode", MeetingMode)

    def requires_approval_at(self, agency: Agency) -> bool:
        """THE rule of who confirms a booking: an adviser (the request waits, pending) or
        nobody (confirmed at once). The meeting type decides when it says so, else the agency.
        The booking and move services, the slot page, the form and the emails all ask it
        (through `Slot.requires_approval` when they have a slot)."""
        if self.confirmation == Confirmation.IMMEDIATE:
            return False
        if self.confirmation == Confirmation.APPROVAL:
            return True
        return agency.requires_approval


postcode_prefix_validator = RegexValidator(
    r"^[0-9]{2,5}$", _("Saisissez de 2 à 5 chiffres : « 15 » pour tout le Cantal, « 03200 »…")
)


class PostcodeArea(models.Model):
    """Which agency serves the founders of a postcode prefix ("15": the Cantal → Aurillac).
    The longest matching prefix wins (`booking.selectors.agency_for_postcode`), so "03" may
    go to one agency and "031" to another."""

    prefix = models.CharField(
        _("début du code postal"),
        max_length=5,
        unique=True,
        validators=[postcode_prefix_validator],
        help_text=_(
            "De 2 à 5 chiffres. Le début le plus long l'emporte : « 031 » passe avant « 03 »."
        ),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agence"),
        on_delete=models.CASCADE,
        related_name="postcode_areas",
    )

    class Meta:
        verbose_name = _("zone de code postal")
        verbose_name_plural = _("zones de codes postaux")
        ordering = ["prefix"]

    def __str__(self):
        return f"{self.prefix} → {self.agency}"
