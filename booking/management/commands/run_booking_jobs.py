"""`manage.py run_booking_jobs`: reminders, nudges, expiry of unanswered requests, email
retries and purges. Run it every few minutes from cron; overlapping runs are safe (see
booking/services/jobs.py and docs/operations.md)."""

from django.core.management.base import BaseCommand

from booking.services import booking_jobs_run


class Command(BaseCommand):
    help = (
        "Envoie les rappels et relances, fait expirer les demandes sans réponse, "
        "renvoie les emails en attente et purge les compteurs anti-abus."
    )

    def handle(self, *args, **options):
        counts = booking_jobs_run()
        if options["verbosity"] >= 1:
            self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()))
