from datetime import datetime, timedelta

from django.conf import settings
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
        help_text=_("Décochez pour confirmer automatiquement les demandes."),
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


class MeetingType(models.Model):
    """A kind of meeting (first meeting, follow-up, workshop) with its duration and mode."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    mode = models.CharField(
        _("modalité"), max_length=16, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
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
