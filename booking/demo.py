"""Demo content of the booking module: the three agencies and the postcodes they serve, meeting
types, staff accounts (one adviser per agency, a manager, an editor), slots generated from
opening hours (two past weeks and eight ahead), the booking page with its extra questions (shared
and per meeting type), and appointments in every status.

Idempotent: a second run finds everything by slug and changes nothing.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from accounts.groups import (
    ADVISERS_GROUP,
    EDITORS_GROUP,
    MANAGERS_GROUP,
    groups_sync,
)
from booking import services
from booking.models import (
    Agency,
    AgencyPage,
    Appointment,
    BookingPage,
    BookingQuestion,
    Confirmation,
    MeetingType,
    PostcodeArea,
    Slot,
)
from booking.timefmt import local_tz
from home.demo_images import demo_image
from home.french import de
from home.models import TeamIndexPage

# Published demo credentials (listed in the README); never used outside demo databases.
STAFF = [
    # (username, password, first name, last name, group, agency slug or None)
    # The advisers are people of the team page (home/demo_content.py TEAM): their cards there
    # link to their slots.
    (
        "conseiller.clermont",
        "Demo-Clermont-2026",
        "Thomas",
        "Besson",
        ADVISERS_GROUP,
        "clermont-ferrand",
    ),
    ("conseiller.vichy", "Demo-Vichy-2026!", "Amina", "Roche", ADVISERS_GROUP, "vichy"),
    ("conseiller.aurillac", "Demo-Aurillac-2026", "Sophie", "Delmas", ADVISERS_GROUP, "aurillac"),
    ("responsable", "Demo-Responsable-2026", "Régis", "Perrin", MANAGERS_GROUP, None),
    ("editeur", "Demo-Editeur-2026", "Élise", "Bonnet", EDITORS_GROUP, None),
]

AGENCIES = [
    {
        "slug": "clermont-ferrand",
        "name": "Osengo Clermont-Ferrand",
        "city": "Clermont-Ferrand",
        "address": "12 place de Jaude",
        "postal_code": "63000",
        "phone": "04 73 00 12 34",
        "notification_email": "clermont@osengo.fr",
        "description": "Notre siège, au cœur de Clermont-Ferrand : accueil, ateliers collectifs "
        "et espace de coworking pour les porteurs de projet du Puy-de-Dôme.",
        "display_order": 1,
    },
    {
        "slug": "vichy",
        "name": "Osengo Vichy",
        "city": "Vichy",
        "address": "5 rue Lucas",
        "postal_code": "03200",
        "phone": "04 70 00 56 78",
        "notification_email": "vichy@osengo.fr",
        "description": "L'agence de l'Allier accompagne les créateurs du bassin vichyssois, "
        "du commerce de centre-ville aux projets de l'économie du bien-être.",
        "display_order": 2,
        "requires_approval": False,
    },
    {
        "slug": "aurillac",
        "name": "Osengo Aurillac",
        "city": "Aurillac",
        "address": "8 avenue de la République",
        "postal_code": "15000",
        "phone": "04 71 00 90 12",
        "notification_email": "aurillac@osengo.fr",
        "description": "Au plus près des projets du Cantal : agriculture, artisanat, tourisme "
        "et reprise d'entreprise en milieu rural.",
        "display_order": 3,
        "video_link": "https://visio.osengo.fr/aurillac",
    },
]

MEETING_TYPES = [
    {
        "slug": "premier-rendez-vous",
        "name": "Premier rendez-vous",
        "duration_minutes": 60,
        "mode": "in_person",
        "description": "Présenter votre projet et voir comment Osengo peut vous accompagner.",
        "instructions": "Apportez une pièce d'identité et, si vous les avez, vos premiers "
        "chiffres ou un business plan, même brouillon. Le rendez-vous dure une heure, "
        "avec un conseiller.",
    },
    {
        "slug": "suivi-visio",
        "name": "Suivi de projet",
        "duration_minutes": 45,
        "mode": "video",
        "description": "Faire le point avec votre conseiller, en visioconférence.",
        "instructions": "Un ordinateur ou un téléphone avec caméra et micro suffit. Ouvrez le "
        "lien quelques minutes avant l'heure ; gardez vos documents à portée de main.",
    },
    {
        "slug": "point-telephonique",
        "name": "Point téléphonique",
        "duration_minutes": 30,
        "mode": "phone",
        "description": "Une question précise ? Votre conseiller vous rappelle.",
        "instructions": "Notez votre question à l'avance : votre conseiller vous appelle à "
        "l'heure choisie.",
        "confirmation": Confirmation.IMMEDIATE,
    },
    {
        "slug": "atelier-collectif",
        "name": "Atelier collectif",
        "duration_minutes": 120,
        "mode": "in_person",
        "description": "Atelier en petit groupe : étude de marché, prévisionnel, statuts.",
        "instructions": "Venez avec de quoi prendre des notes, et un ordinateur portable si "
        "vous en avez un. Huit participants au plus.",
    },
]

# The agency pages, below the booking page: {agency slug: (intro, [(days, hours)])}.
AGENCY_PAGES = {
    "clermont-ferrand": (
        "Place de Jaude, à deux pas du tram : l'équipe clermontoise vous reçoit pour un premier "
        "rendez-vous, un suivi ou un atelier collectif.",
        [
            ("Du lundi au jeudi", "9 h – 12 h 30 et 13 h 30 – 17 h 30"),
            ("Le vendredi", "9 h – 12 h 30 et 13 h 30 – 16 h 30"),
        ],
    ),
    "vichy": (
        "En centre-ville, près de la gare : l'agence de l'Allier confirme aussitôt les "
        "rendez-vous pris en ligne.",
        [
            ("Du lundi au vendredi", "9 h – 12 h et 14 h – 17 h"),
        ],
    ),
    "aurillac": (
        "L'agence du Cantal vous reçoit sur place, ou en visioconférence si la route est longue.",
        [
            ("Lundi, mardi et jeudi", "9 h – 12 h 30 et 14 h – 17 h 30"),
            ("Mercredi et vendredi", "9 h – 12 h 30"),
        ],
    ),
}

# (label, field type, choices, required, meeting type slug or None for every type)
QUESTIONS = [
    (
        "Avez-vous déjà suivi une formation à la création d'entreprise ?",
        "radio",
        "Oui\nNon",
        True,
        None,
    ),
    (
        "Quel financement envisagez-vous ?",
        "checkboxes",
        "Apport personnel\nPrêt bancaire\nPrêt d'honneur\nSubventions\nJe ne sais pas encore",
        False,
        None,
    ),
    ("Quand pensez-vous lancer votre activité ?", "period", "", False, None),
    (
        "Quel thème d'atelier vous intéresse le plus ?",
        "dropdown",
        "Étude de marché\nPrévisionnel financier\nChoix du statut juridique",
        True,
        "atelier-collectif",
    ),
    ("Date de votre dernier rendez-vous avec Osengo", "date", "", False, "suivi-visio"),
]

# (postcode prefix, agency slug): the départements each agency serves.
POSTCODE_AREAS = [("63", "clermont-ferrand"), ("03", "vichy"), ("15", "aurillac")]

# (weekday, local time, meeting type slug, capacity): a typical week of each agency.
WEEK_PATTERN = [
    (0, time(9, 0), "premier-rendez-vous", 1),
    (0, time(10, 30), "premier-rendez-vous", 1),
    (0, time(14, 0), "suivi-visio", 1),
    (1, time(9, 30), "point-telephonique", 1),
    (1, time(14, 0), "premier-rendez-vous", 1),
    (2, time(9, 0), "atelier-collectif", 8),
    (2, time(14, 30), "suivi-visio", 1),
    (3, time(9, 0), "premier-rendez-vous", 1),
    (3, time(11, 0), "point-telephonique", 1),
    (3, time(16, 0), "premier-rendez-vous", 1),
    (4, time(9, 30), "premier-rendez-vous", 1),
    (4, time(11, 0), "suivi-visio", 1),
]

FOUNDERS = [
    ("Léa", "Martin", "Boulangerie bio des Dômes", "launch", "commerce"),
    ("Karim", "Benali", "Appli de covoiturage rural", "study", "digital"),
    ("Sophie", "Roux", "Atelier de céramique", "idea", "craft"),
    ("Thomas", "Garnier", "Gîte à la ferme", "launch", "tourism"),
    ("Inès", "Moreau", "Cabinet de conseil RH", "young", "services"),
    ("Hugo", "Chevalier", "Recyclerie solidaire", "idea", "social"),
    ("Manon", "Fabre", "Épicerie vrac", "launch", "commerce"),
]


def load(*, home_page, stdout) -> None:
    agencies = _load_agencies(stdout)
    _load_postcode_areas(agencies)
    types = _load_meeting_types()
    advisers = _load_staff(agencies, stdout)
    page = _load_booking_page(home_page, types, stdout)
    _load_agency_pages(page, agencies, stdout)
    if not Slot.objects.exists():
        _load_slots(agencies, types, advisers, stdout)
        _load_appointments(agencies, stdout)
    if home_page.hero_cta_page_id != page.pk:
        home_page.hero_cta_page = page
        home_page.save_revision().publish()


def _load_agencies(stdout) -> list[Agency]:
    agencies = []
    for data in AGENCIES:
        agency, created = Agency.objects.get_or_create(slug=data["slug"], defaults=data)
        if created:
            agency.photo = demo_image(f"Agence {agency.city}")
            agency.save(update_fields=["photo"])
            stdout.write(f"  agence créée : {agency.name}")
        agencies.append(agency)
    return agencies


def _load_postcode_areas(agencies) -> None:
    by_slug = {agency.slug: agency for agency in agencies}
    for prefix, slug in POSTCODE_AREAS:
        PostcodeArea.objects.get_or_create(prefix=prefix, defaults={"agency": by_slug[slug]})


def _load_meeting_types() -> dict[str, MeetingType]:
    return {
        data["slug"]: MeetingType.objects.get_or_create(slug=data["slug"], defaults=data)[0]
        for data in MEETING_TYPES
    }


def _page_link(slug: str, text: str) -> str:
    """A rich-text link to the page `slug`, or the plain words when it does not exist (a bold
    phrase that is not a link reads as one)."""
    page = Page.objects.filter(slug=slug).first()
    return f'<a linktype="page" id="{page.pk}">{text}</a>' if page else text


def _confirmation_text() -> str:
    return (
        f"<p>En attendant, découvrez {_page_link('notre-accompagnement', 'notre accompagnement')}"
        f" et les prochains ateliers dans {_page_link('actualites', 'nos actualités')}.</p>"
    )


def _load_booking_page(home_page, types, stdout) -> BookingPage:
    existing = BookingPage.objects.first()
    if existing:
        return existing
    privacy = Page.objects.filter(slug="politique-de-confidentialite").first()
    page = BookingPage(
        title="Prendre rendez-vous",
        slug="rendez-vous",
        intro="<p>Choisissez l'agence la plus proche de chez vous, puis un créneau libre. "
        "Le rendez-vous est gratuit et sans engagement.</p>",
        privacy_page=privacy,
        privacy_notice=(
            "<p><b>Osengo</b> traite les informations de ce formulaire pour organiser votre "
            "rendez-vous et vous accompagner dans votre projet (base légale : votre "
            "consentement). Elles sont destinées aux conseillers de l'agence choisie et "
            "conservées 36 mois après le rendez-vous. Vous pouvez y accéder, les faire "
            "rectifier ou effacer, et retirer votre consentement en écrivant à "
            "dpo@osengo.fr ; vous pouvez aussi saisir la CNIL.</p>"
        ),
        confirmation_text=_confirmation_text(),
    )
    home_page.add_child(instance=page)
    for order, (label, field_type, choices, required, type_slug) in enumerate(QUESTIONS):
        BookingQuestion.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            choices=choices,
            required=required,
            meeting_type=types[type_slug] if type_slug else None,
        )
    page.save_revision().publish()
    stdout.write(f"  page créée : {page.url_path}")
    return page


def _load_agency_pages(booking_page, agencies, stdout) -> None:
    """One page per agency, created once (an editor's changes are kept)."""
    for agency in agencies:
        if agency.slug not in AGENCY_PAGES or AgencyPage.objects.filter(agency=agency).exists():
            continue
        intro, hours = AGENCY_PAGES[agency.slug]
        page = AgencyPage(
            title=f"Agence {de(agency.city)}",
            slug=agency.slug,
            agency=agency,
            intro=intro,
            opening_hours=[
                {"type": "hours", "value": {"days": days, "hours": text}} for days, text in hours
            ],
        )
        booking_page.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"  page créée : {page.url_path}")


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=local_tz())


def _load_staff(agencies, stdout) -> dict[int, object]:
    """The staff accounts, created once (a second run keeps their passwords); returns the
    adviser of each agency by agency id."""
    groups_sync()
    users = get_user_model().objects
    by_slug = {agency.slug: agency for agency in agencies}
    advisers, new_advisers = {}, []
    stdout.write("  Comptes de démonstration (identifiant / mot de passe) :")
    for username, password, first, last, group, agency_slug in STAFF:
        user = users.filter(username=username).first()
        if user is None:
            user = users.create_user(
                username=username,
                password=password,
                email=f"{username}@osengo.fr",
                first_name=first,
                last_name=last,
            )
            user.groups.add(Group.objects.get(name=group))
            if agency_slug:
                new_advisers.append(user)
        if agency_slug:
            agency = by_slug[agency_slug]
            agency.advisers.add(user)
            advisers[agency.pk] = user
        stdout.write(f"    {username:<22} {password:<24} ({group})")
    _link_team_members(new_advisers, stdout)
    return advisers


def _link_team_members(new_advisers, stdout) -> None:
    """The team cards of the new adviser accounts get their « Prendre rendez-vous avec… »
    button. Only for accounts created now: a link an editor removed later stays removed. The
    other members (director, communication…) stay unlinked: no button. Through a revision, as
    an editor would, so that the page editor shows the links."""
    team = TeamIndexPage.objects.first()
    if team is None or not new_advisers:
        return
    page = team.get_latest_revision_as_object()
    by_name = {(user.first_name, user.last_name): user for user in new_advisers}
    members, linked = list(page.members.all()), []
    for member in members:
        user = by_name.get((member.first_name, member.last_name))
        if user is not None and member.adviser_id is None:
            member.adviser = user
            linked.append(member.full_name)
    if linked:
        page.members = members  # (the in-memory relation hands out copies of its rows)
        page.save_revision().publish()
        stdout.write(f"  fiches de l'équipe reliées aux comptes conseillers : {', '.join(linked)}")


def _opening_hours(types) -> dict[str, dict[int, list[tuple[time, time]]]]:
    """WEEK_PATTERN as opening hours per meeting type: {slug: {weekday: [(start, end)]}}."""
    hours = defaultdict(lambda: defaultdict(list))
    for weekday, at, type_slug, _capacity in WEEK_PATTERN:
        end = _local(date(2026, 1, 5), at) + timedelta(minutes=types[type_slug].duration_minutes)
        hours[type_slug][weekday].append((at, end.time()))
    return hours


def _load_slots(agencies, types, advisers, stdout) -> None:
    """Through the generator the advisers use (holidays skipped, no overlap per adviser)."""
    today = timezone.localdate(timezone=local_tz())
    first_monday = today - timedelta(days=today.weekday())
    capacities = {type_slug: capacity for _d, _t, type_slug, capacity in WEEK_PATTERN}
    created = 0
    for agency in agencies:
        for type_slug, ranges in _opening_hours(types).items():
            meeting_type = types[type_slug]
            created += len(
                services.slots_generate(
                    opening=services.OpeningHours(
                        agency=agency,
                        meeting_type=meeting_type,
                        adviser=advisers.get(agency.pk),
                        ranges=dict(ranges),
                        # Two past weeks (for attended / no-show history) and eight ahead.
                        start_date=first_monday - timedelta(weeks=2),
                        end_date=first_monday + timedelta(weeks=8, days=-1),
                        duration_minutes=meeting_type.duration_minutes,
                        capacity=capacities[type_slug],
                    )
                )
            )
    stdout.write(f"  {created} créneaux créés sur dix semaines")


def _load_appointments(agencies, stdout) -> None:
    """Appointments in every status, taken and moved through the real services."""
    now = timezone.now()
    plan = [
        "pending",
        "pending",
        "confirmed",
        "confirmed",
        "refused",
        "cancelled_by_founder",
        "cancelled_by_agency",
    ]
    # Slots whose requests an adviser approves, so that every status can be reached from
    # "pending" (Slot.requires_approval: the agency's setting, unless the meeting type decides).
    slots = Slot.objects.filter(capacity=1).select_related("agency", "meeting_type")
    future = [
        slot
        for slot in slots.filter(start__gte=now + timedelta(days=2)).order_by("start")
        if slot.requires_approval
    ]
    for index, (slot, target) in enumerate(zip(future[: len(plan) * 3 : 3], plan, strict=False)):
        _move_to(_book(slot, index, now=now), target, now=now)
    past = [
        slot for slot in slots.filter(start__lt=now).order_by("-start") if slot.requires_approval
    ]
    for index, (slot, target) in enumerate(zip(past[:6:3], ["attended", "no_show"], strict=False)):
        _move_to(_book(slot, 20 + index, now=slot.start - timedelta(days=3)), target, now=now)
    stdout.write(f"  {Appointment.objects.count()} rendez-vous de démonstration")


def _move_to(appointment: Appointment, target: str, *, now) -> None:
    if target in ("pending",):
        return
    if target == "refused":
        services.appointment_refuse(
            appointment=appointment,
            by=None,
            reason="Nous vous proposons plutôt un atelier collectif.",
        )
        return
    services.appointment_accept(appointment=appointment, by=None)
    if target == "cancelled_by_founder":
        services.appointment_cancel_by_founder(appointment=appointment, now=now)
    elif target == "cancelled_by_agency":
        services.appointment_cancel_by_agency(
            appointment=appointment, by=None, reason="Conseiller indisponible ce jour-là."
        )
    elif target == "attended":
        services.appointment_mark_attended(appointment=appointment, by=None)
    elif target == "no_show":
        services.appointment_mark_no_show(appointment=appointment, by=None)


def _book(slot, index: int, *, now) -> Appointment:
    first, last, project, stage, sector = FOUNDERS[index % len(FOUNDERS)]
    founder = services.FounderDetails(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}.{index}@exemple.fr",
        phone=f"+336123456{index % 100:02d}",
        city=slot.agency.city,
        postal_code=slot.agency.postal_code,
        project_name=project,
        project_description=f"{project} : projet accompagné par l'agence {de(slot.agency.city)}.",
        project_stage=stage,
        project_sector=sector,
        answers=[{"question": QUESTIONS[0][0], "answer": "Non"}],
    )
    return services.appointment_book(
        slot_id=slot.pk,
        founder=founder,
        privacy_version="2026-11",
        submission_key=f"demo-appointment-{index:04d}",
        now=now,
    ).appointment
