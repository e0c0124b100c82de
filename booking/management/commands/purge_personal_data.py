"""`manage.py purge_personal_data`: anonymise the appointments whose meeting is older than the
retention period (BOOKING_RETENTION_MONTHS, 36 by default). `run_booking_jobs` does it too, on
every run; this command is for a one-off run, another period or a dry run."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from booking.services.privacy import appointments_anonymize_older_than


class Command(BaseCommand):
    help = (
        "Anonymise les rendez-vous dont la date est passée depuis plus que la durée de "
        "conservation (BOOKING_RETENTION_MONTHS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Durée de conservation en mois (par défaut BOOKING_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compte les rendez-vous concernés sans rien modifier.",
        )

    def handle(self, *args, months=None, dry_run=False, **options):
        months = settings.BOOKING_RETENTION_MONTHS if months is None else months
        if months < 1:
            raise CommandError("--months doit être au moins 1.")
        count = appointments_anonymize_older_than(months=months, dry_run=dry_run)
        if options["verbosity"] >= 1:
            verb = "à anonymiser" if dry_run else "anonymisés"
            self.stdout.write(f"{count} rendez-vous {verb} (rendez-vous de plus de {months} mois).")
