from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from booking.timefmt import slot_label

from .display import choice_label


class AppointmentStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    CONFIRMED = "confirmed", _("Confirmé")
    REFUSED = "refused", _("Refusé")
    CANCELLED_BY_FOUNDER = "cancelled_by_founder", _("Annulé par le porteur de projet")
    CANCELLED_BY_AGENCY = "cancelled_by_agency", _("Annulé par l'agence")
    EXPIRED = "expired", _("Expiré sans réponse")
    ATTENDED = "attended", _("Honoré")
    NO_SHOW = "no_show", _("Absent")


# The statuses that hold a place in their slot (counted in `Slot.booked_count`). The one
# definition: code and templates import it, never restate "pending or confirmed".
ACTIVE_STATUSES = (AppointmentStatus.PENDING, AppointmentStatus.CONFIRMED)


class Civility(models.TextChoices):
    MADAME = "mme", _("Madame")
    MONSIEUR = "m", _("Monsieur")


class ProjectStage(models.TextChoices):
    IDEA = "idea", _("Idée")
    STUDY = "study", _("Étude de marché / prévisionnel")
    LAUNCH = "launch", _("Création imminente")
    YOUNG = "young", _("Entreprise créée depuis moins de 3 ans")
    GROWTH = "growth", _("Développement / reprise")


class ProjectSector(models.TextChoices):
    COMMERCE = "commerce", _("Commerce")
    CRAFT = "craft", _("Artisanat")
    SERVICES = "services", _("Services aux entreprises")
    PERSONAL = "personal", _("Services à la personne")
    DIGITAL = "digital", _("Numérique")
    INDUSTRY = "industry", _("Industrie")
    AGRI = "agri", _("Agriculture et agroalimentaire")
    TOURISM = "tourism", _("Tourisme, hôtellerie, restauration")
    SOCIAL = "social", _("Économie sociale et solidaire")
    OTHER = "other", _("Autre")


class HeardFrom(models.TextChoices):
    SEARCH = "search", _("Moteur de recherche")
    SOCIAL = "social", _("Réseaux sociaux")
    WORD = "word", _("Bouche-à-oreille")
    PARTNER = "partner", _("Partenaire (CCI, CMA, France Travail, mairie…)")
    EVENT = "event", _("Événement ou salon")
    PRESS = "press", _("Presse")
    OTHER = "other", _("Autre")


class Appointment(models.Model):
    """A founder's booking of one place in a slot. Rows are never deleted by the workflow."""

    # Booking records, not content: kept out of Wagtail's "usage" index, which would
    # otherwise add four queries to every save (a booking writes five rows).
    wagtail_reference_index_ignore = True

    slot = models.ForeignKey(
        "booking.Slot",
        verbose_name=_("créneau"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    status = models.CharField(
        _("statut"),
        max_length=24,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.PENDING,
        db_index=True,
    )
    reference = models.CharField(_("référence"), max_length=12, unique=True)

    civility = models.CharField(_("civilité"), max_length=4, choices=Civility.choices, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    phone = models.CharField(_("téléphone"), max_length=32, db_index=True)
    city = models.CharField(_("commune"), max_length=120)
    postal_code = models.CharField(_("code postal"), max_length=10)

    project_name = models.CharField(_("nom du projet"), max_length=150)
    project_description = models.TextField(_("description du projet"), max_length=2000)
    project_stage = models.CharField(
        _("stade du projet"), max_length=16, choices=ProjectStage.choices
    )
    project_sector = models.CharField(
        _("secteur d'activité"), max_length=16, choices=ProjectSector.choices
    )
    heard_from = models.CharField(
        _("connu Osengo par"), max_length=16, choices=HeardFrom.choices, blank=True
    )
    answers = models.JSONField(
        _("réponses aux questions complémentaires"),
        default=list,
        blank=True,
        help_text=_("Liste de {question, answer} : le libellé est gardé tel qu'à la réservation."),
    )
    newsletter_opt_in = models.BooleanField(
        _("inscription à la lettre d'information"), default=False
    )
    consent_at = models.DateTimeField(_("consentement donné le"))
    privacy_version = models.CharField(_("version du texte de confidentialité"), max_length=32)

    # See booking/tokens.py: the emailed token is derived from the salt and the SECRET_KEY.
    token_salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    agency_note = models.TextField(_("motif communiqué au porteur de projet"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Conseiller ayant saisi la demande (rendez-vous pris par téléphone)."),
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    # Calendars and notifications (SEQUENCE of the .ics, one reminder, one nudge, bounces).
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    nudge_sent_at = models.DateTimeField(_("relance conseiller le"), null=True, blank=True)
    email_bounced_at = models.DateTimeField(_("email rejeté le"), null=True, blank=True)
    # Privacy: personal fields are blanked once the retention period is over, or on request.
    anonymized_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "slot"])]

    def __str__(self):
        return f"{self.reference} · {self.full_name}"

    def get_admin_display_title(self) -> str:
        """The label of its log entries (site history, exports): the reference, never the
        founder's name."""
        return self.reference

    get_status_display = choice_label("status", AppointmentStatus)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


# What the history shows for the steps the workflow takes by itself (no personal data).
EXPIRY_NOTE = "Demande expirée sans réponse de l'agence"
ERASURE_NOTE = "Annulé : données personnelles effacées à la demande du porteur de projet"
MOVE_NOTE = "Déplacé du {slot}"
MOVE_NOTE_UNKNOWN = "Déplacé"


class StatusEvent(models.TextChoices):
    """What happened at one step of the history, written by the service that made it."""

    BOOKED = "booked", _("Réservation")
    CHANGED = "changed", _("Changement de statut")  # accepted, refused, cancelled, attended…
    MOVED = "moved", _("Déplacement")
    EXPIRED = "expired", _("Expiration sans réponse")
    ERASED = "erased", _("Effacement des données personnelles")


class StatusChange(models.Model):
    """One step of an appointment's history: who moved it from which status to which, when.

    What the workflow did is stored as data (`event`, the former time of a move), never as a
    text to parse; `staff_note` holds only what staff typed (a reason for a refusal or a
    cancellation), which may quote the founder and is blanked by anonymisation."""

    wagtail_reference_index_ignore = True  # not content (see Appointment)

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="history", verbose_name=_("rendez-vous")
    )
    event = models.CharField(
        _("événement"), max_length=16, choices=StatusEvent.choices, default=StatusEvent.CHANGED
    )
    from_status = models.CharField(
        _("ancien statut"), max_length=24, choices=AppointmentStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=24, choices=AppointmentStatus.choices
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("le"), auto_now_add=True)
    # A move: the time the appointment had before (kept as it was, whatever becomes of the slot).
    moved_from_start = models.DateTimeField(_("ancien début"), null=True, blank=True)
    moved_from_end = models.DateTimeField(_("ancienne fin"), null=True, blank=True)
    staff_note = models.CharField(
        _("motif saisi"),
        max_length=255,
        blank=True,
        help_text=_("Ce que l'agence a écrit (motif de refus ou d'annulation)."),
    )

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def note(self) -> str:
        """The "detail" of this step, as the history and the exports show it: built from the
        stored data for what the workflow did, the staff's own words otherwise."""
        if self.event == StatusEvent.MOVED:
            if self.moved_from_start and self.moved_from_end:
                return MOVE_NOTE.format(slot=slot_label(self.moved_from_start, self.moved_from_end))
            return MOVE_NOTE_UNKNOWN
        if self.event == StatusEvent.EXPIRED:
            return EXPIRY_NOTE
        if self.event == StatusEvent.ERASED:
            return ERASURE_NOTE
        return self.staff_note
