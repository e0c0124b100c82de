"""A large, realistic data set for `make bench`: agencies, advisers, slots over a year,
appointments in every status, news articles. Deterministic (seeded) and written in batches.

Run it after `load_demo_data` (it needs the home page, the news index and the booking page).
Everything it creates is recognisable (agency slugs `charge-…`, usernames `charge.…`, news
slugs `charge-actu-…`, submission keys `charge-…`): `--reset` deletes exactly that first; without
it, a second run changes nothing.

Slot counters stay consistent: `booked_count` is the number of pending or confirmed
appointments of the slot, never above its capacity (the CHECK constraint would refuse it).
Future slots are mostly left free, so that the slot pages and the booking benchmark find places.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from booking.models import (
    ACTIVE_STATUSES,
    Agency,
    Appointment,
    AppointmentStatus,
    MeetingType,
    Slot,
)
from booking.models.appointment import ProjectSector, ProjectStage
from booking.timefmt import local_tz
from news.models import NewsCategory, NewsIndexPage, NewsPage

PREFIX = "charge"
BATCH = 2000
DAYS_AHEAD = 70  # a little past the default 60-day booking horizon
SPAN_DAYS = 310  # weekdays: from about a year ago to DAYS_AHEAD
HOURS = [time(9, 0), time(10, 0), time(11, 0), time(14, 0), time(15, 0), time(16, 0)]
S = AppointmentStatus
PAST_STATUSES = [
    (S.ATTENDED, 55),
    (S.NO_SHOW, 8),
    (S.CONFIRMED, 8),
    (S.CANCELLED_BY_FOUNDER, 12),
    (S.CANCELLED_BY_AGENCY, 3),
    (S.REFUSED, 7),
    (S.EXPIRED, 7),
]
# About a third of the future slots taken, as in a busy month.
FUTURE_STATUSES = [
    (S.PENDING, 12),
    (S.CONFIRMED, 10),
    (S.CANCELLED_BY_FOUNDER, 14),
    (S.CANCELLED_BY_AGENCY, 4),
    (S.REFUSED, 10),
    (S.EXPIRED, 10),
]
CITIES = [
    ("Clermont-Ferrand", "63000"),
    ("Vichy", "03200"),
    ("Aurillac", "15000"),
    ("Moulins", "03000"),
    ("Montluçon", "03100"),
    ("Issoire", "63500"),
    ("Riom", "63200"),
    ("Thiers", "63300"),
    ("Le Puy-en-Velay", "43000"),
    ("Saint-Flour", "15100"),
]
FIRST_NAMES = ["Léa", "Karim", "Sophie", "Thomas", "Inès", "Hugo", "Manon", "Louis", "Chloé"]
LAST_NAMES = ["Martin", "Benali", "Roux", "Garnier", "Moreau", "Chevalier", "Fabre", "Vidal"]


class Command(BaseCommand):
    help = "Crée un grand jeu de données déterministe pour les mesures de performance."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=20)
        parser.add_argument("--advisers", type=int, default=200)
        parser.add_argument("--slots", type=int, default=100_000)
        parser.add_argument("--appointments", type=int, default=100_000)
        parser.add_argument("--news", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="Supprime d'abord les données générées."
        )

    def handle(self, *args, **options):
        self.rng = random.Random(options["seed"])  # noqa: S311 - reproducible, not secret
        if options["reset"]:
            self._reset()
        if Agency.objects.filter(slug__startswith=f"{PREFIX}-").exists():
            self.stdout.write("Données de charge déjà présentes (--reset pour les recréer).")
            return
        if options["agencies"] < 1 or options["advisers"] < options["agencies"]:
            raise CommandError("Il faut au moins une agence et un conseiller par agence.")
        started = timezone.now()
        with transaction.atomic():
            agencies = self._agencies(options["agencies"])
            advisers = self._advisers(agencies, options["advisers"])
            slots = self._slots(agencies, advisers, options["slots"])
            count = self._appointments(slots, options["appointments"])
        news = self._news(options["news"])
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(agencies)} agences, {len(advisers)} conseillers, {len(slots)} créneaux, "
                f"{count} rendez-vous, {news} actualités en {seconds:.0f} s."
            )
        )

    # --- reset ----------------------------------------------------------------------------

    def _reset(self):
        with transaction.atomic():
            Appointment.objects.filter(submission_key__startswith=f"{PREFIX}-").delete()
            # Appointments booked later on these slots (the benchmark's) go too.
            Appointment.objects.filter(slot__agency__slug__startswith=f"{PREFIX}-").delete()
            Slot.objects.filter(agency__slug__startswith=f"{PREFIX}-").delete()
            Agency.objects.filter(slug__startswith=f"{PREFIX}-").delete()
            get_user_model().objects.filter(username__startswith=f"{PREFIX}.").delete()
            MeetingType.objects.filter(slug__startswith=f"{PREFIX}-").delete()
        for page in NewsPage.objects.filter(slug__startswith=f"{PREFIX}-actu-").iterator():
            page.delete()
        self.stdout.write("Données de charge supprimées.")

    # --- booking --------------------------------------------------------------------------

    def _agencies(self, count) -> list[Agency]:
        agencies = []
        for i in range(count):
            city, postal_code = CITIES[i % len(CITIES)]
            agencies.append(
                Agency(
                    slug=f"{PREFIX}-agence-{i:03d}",
                    name=f"Osengo {city} {i + 1}",
                    city=city,
                    address=f"{i + 1} place de la République",
                    postal_code=postal_code,
                    phone="04 73 00 00 00",
                    notification_email=f"{PREFIX}-agence-{i:03d}@osengo.test",
                    description=f"Agence de charge n° {i + 1}.",
                    display_order=100 + i,
                    requires_approval=i % 3 != 0,
                )
            )
        return Agency.objects.bulk_create(agencies, batch_size=BATCH)

    def _advisers(self, agencies, count):
        users = get_user_model()
        password = make_password(None)  # unusable: these accounts never log in
        advisers = users.objects.bulk_create(
            [
                users(
                    username=f"{PREFIX}.conseiller.{i:04d}",
                    first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                    last_name=f"{LAST_NAMES[i % len(LAST_NAMES)]} {i}",
                    email=f"{PREFIX}.conseiller.{i:04d}@osengo.test",
                    password=password,
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        through = Agency.advisers.through
        through.objects.bulk_create(
            [
                through(agency_id=agencies[i % len(agencies)].pk, user_id=adviser.pk)
                for i, adviser in enumerate(advisers)
            ],
            batch_size=BATCH,
        )
        return advisers

    def _meeting_types(self) -> list[MeetingType]:
        types = list(MeetingType.objects.filter(is_active=True).order_by("pk"))
        if not types:
            types = [
                MeetingType.objects.create(
                    slug=f"{PREFIX}-premier-rendez-vous", name="Premier rendez-vous"
                )
            ]
        return types

    def _slots(self, agencies, advisers, count) -> list[Slot]:
        """`count` slots spread over the agencies, from about a year ago to 70 days ahead,
        weekdays, six hours a day, at most one slot per adviser and hour (no overlap)."""
        types = self._meeting_types()
        tz = local_tz()
        today = timezone.localdate(timezone=tz)
        per_agency = -(-count // len(agencies))
        advisers_of = {a.pk: [] for a in agencies}
        for i, adviser in enumerate(advisers):
            advisers_of[agencies[i % len(agencies)].pk].append(adviser)
        slots = []
        for agency in agencies:
            team = advisers_of[agency.pk]
            # About 15 months of weekdays, more if the team is too small for `per_agency`.
            days_needed = -(-per_agency // (len(HOURS) * len(team)))
            days = _weekdays_back(today + timedelta(days=DAYS_AHEAD), max(days_needed, SPAN_DAYS))
            cells = [(d, h, a) for d in days for h in HOURS for a in team]
            chosen = sorted(self.rng.sample(range(len(cells)), min(per_agency, len(cells))))
            for index in chosen:
                day, at, adviser = cells[index]
                meeting_type = types[index % len(types)]
                start = datetime.combine(day, at, tzinfo=tz)
                workshop = index % 20 == 0
                slots.append(
                    Slot(
                        agency=agency,
                        meeting_type=meeting_type,
                        adviser=adviser,
                        start=start,
                        end=start + timedelta(minutes=50),
                        capacity=8 if workshop else 1,
                    )
                )
                if len(slots) >= count:
                    break
            if len(slots) >= count:
                break
        return Slot.objects.bulk_create(slots, batch_size=BATCH)

    def _appointments(self, slots, count) -> int:
        """`count` appointments, cycling over the slots; active ones only where a place is
        left, and each slot's `booked_count` set to its active appointments at the end."""
        if not slots or not count:
            return 0
        now = timezone.now()
        order = list(range(len(slots)))
        self.rng.shuffle(order)
        booked = [0] * len(slots)
        batch = []
        created = 0
        for i in range(count):
            n = order[i % len(slots)]
            slot = slots[n]
            weights = FUTURE_STATUSES if slot.start > now else PAST_STATUSES
            status = self.rng.choices([s for s, _ in weights], [w for _, w in weights])[0]
            if slot.agency.requires_approval is False and status == S.PENDING:
                status = S.CONFIRMED
            if status in ACTIVE_STATUSES:
                if booked[n] >= slot.capacity:
                    status = S.CANCELLED_BY_FOUNDER
                else:
                    booked[n] += 1
            batch.append(self._appointment(i, slot, status))
            if len(batch) >= BATCH:
                created += len(Appointment.objects.bulk_create(batch))
                batch = []
        created += len(Appointment.objects.bulk_create(batch))
        # auto_now_add stamped "now": date the requests a few days before the meeting.
        Appointment.objects.filter(submission_key__startswith=f"{PREFIX}-").update(
            created_at=F("consent_at"), updated_at=F("consent_at")
        )
        self._set_counters(slots, booked)
        return created

    def _set_counters(self, slots, booked):
        by_count = {}
        for slot, n in zip(slots, booked, strict=True):
            if n:
                by_count.setdefault(n, []).append(slot.pk)
        for n, ids in by_count.items():
            for start in range(0, len(ids), BATCH):
                Slot.objects.filter(pk__in=ids[start : start + BATCH]).update(booked_count=n)

    def _appointment(self, i, slot, status) -> Appointment:
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        digest = hashlib.sha256(f"{PREFIX}-{i}".encode()).hexdigest()
        stages = ProjectStage.values
        sectors = ProjectSector.values
        return Appointment(
            slot=slot,
            status=status,
            reference=f"C{i:08d}",
            first_name=first,
            last_name=last,
            email=f"porteur.{i}@exemple.fr",
            phone=f"+336{i:08d}",
            city=slot.agency.city,
            postal_code=slot.agency.postal_code,
            project_name=f"Projet {i}",
            project_description=f"Projet de {first} {last}, accompagné à {slot.agency.city}.",
            project_stage=stages[i % len(stages)],
            project_sector=sectors[i % len(sectors)],
            answers=[{"question": "Quel financement envisagez-vous ?", "answer": "Prêt d'honneur"}],
            consent_at=slot.start - timedelta(days=1 + i % 20),
            privacy_version="2026-11",
            token_salt=digest[:32],
            token_hash=digest,
            submission_key=f"{PREFIX}-{i}",
        )

    # --- news -----------------------------------------------------------------------------

    def _news(self, count) -> int:
        """Articles under the news index, one `add_child` each (treebeard computes the paths;
        page models cannot be bulk-created). About 1,000 articles a minute."""
        index = NewsIndexPage.objects.first()
        if index is None or not count:
            if count:
                self.stdout.write("Pas d'index des actualités : aucune actualité créée.")
            return 0
        categories = list(NewsCategory.objects.all()) or [None]
        images = list(get_image_model().objects.order_by("pk")[:10]) or [None]
        today = timezone.localdate()
        with transaction.atomic():
            for i in range(count):
                day = today - timedelta(days=i // 3)
                index.add_child(
                    instance=NewsPage(
                        title=f"Actualité de charge {i + 1}",
                        slug=f"{PREFIX}-actu-{i:05d}",
                        date=day,
                        author="Équipe Osengo",
                        intro=f"Résumé de l'actualité {i + 1} pour les porteurs de projet.",
                        body=[("paragraph", RichText(f"<p>Contenu de l'actualité {i + 1}.</p>"))],
                        category=categories[i % len(categories)],
                        lead_image=images[i % len(images)],
                        first_published_at=timezone.now() - timedelta(days=i // 3),
                    )
                )
        return count


def _weekdays_back(last: date, count: int) -> list[date]:
    days = []
    day = last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)
