"""Why a booking action was refused, with the French message shown to the person who tried."""

from django.utils.translation import gettext_lazy as _


class BookingError(Exception):
    message = _("Cette action n'a pas pu être effectuée.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class SlotUnavailable(BookingError):
    message = _("Ce créneau n'est pas ou plus proposé à la réservation.")


class SlotFull(BookingError):
    message = _("Ce créneau vient d'être réservé par quelqu'un d'autre.")


class TooManyActiveAppointments(BookingError):
    message = _(
        "Vous avez déjà le nombre maximum de rendez-vous à venir avec cette adresse email. "
        "Annulez-en un depuis le lien reçu par email pour en réserver un autre."
    )
    phone_message = _(
        "Ce numéro de téléphone a déjà le nombre maximum de rendez-vous à venir. "
        "Annulez-en un depuis le lien reçu par email pour en réserver un autre."
    )


class StaleAppointment(BookingError):
    message = _("Ce rendez-vous a changé entre-temps : son statut actuel est affiché.")


class ChangeTooLate(BookingError):
    message = _(
        "Il est trop tard pour modifier ce rendez-vous en ligne : merci de contacter l'agence."
    )


class TooManyRequests(BookingError):
    """Too many bookings made from one connection lately (a per-IP limit): the view says when
    to try again (`retry_at`), with the agency's phone number."""

    message = _("Trop de demandes ont été envoyées depuis cette connexion.")

    def __init__(self, retry_at, message=None):
        self.retry_at = retry_at
        super().__init__(message)


class DatabaseBusy(BookingError):
    """The database stayed locked by other writes through every retry: nothing was saved."""

    message = _(
        "Le service est très sollicité en ce moment : votre demande n'a pas encore été enregistrée."
    )


class FollowUpNoteRefused(BookingError):
    """A follow-up note ("compte rendu") that cannot be written as asked."""

    message = _("Ce compte rendu n'a pas pu être enregistré.")
    empty_message = _("Le compte rendu est vide : écrivez quelques mots avant d'enregistrer.")
    too_long_message = _("Le compte rendu est trop long (%(max)s caractères au plus).")
    anonymised_message = _(
        "Les données de ce rendez-vous ont été anonymisées : on ne peut plus y ajouter de "
        "compte rendu."
    )
    not_author_message = _("Seul l'auteur d'un compte rendu peut le modifier ou le supprimer.")
    gone_message = _("Ce compte rendu a été supprimé entre-temps.")
