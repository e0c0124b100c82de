"""Factories for the booking domain. Times are built per local date (see STACK-FACTS: never by
adding hours to an instant across a clock change)."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from booking.models import Agency, Appointment, MeetingType, Slot
from booking.services import FounderDetails, appointment_book
from booking.timefmt import local_tz


def local_dt(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=local_tz())


def in_days(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """An instant `days` local days from today, at a local wall-clock time."""
    today = timezone.localdate(timezone=local_tz())
    return local_dt(today + timedelta(days=days), hour, minute)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Agence {n}")
    slug = factory.Sequence(lambda n: f"agence-{n}")
    city = factory.Faker("city", locale="fr_FR")
    address = factory.Faker("street_address", locale="fr_FR")
    postal_code = "63000"
    phone = "04 73 00 00 00"
    notification_email = factory.Sequence(lambda n: f"agence{n}@osengo.test")
    description = factory.Faker("sentence", locale="fr_FR")


class MeetingTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Premier rendez-vous {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")
    duration_minutes = 45


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    agency = factory.SubFactory(AgencyFactory)
    meeting_type = factory.SubFactory(MeetingTypeFactory)
    start = factory.LazyFunction(lambda: in_days(3, 10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=45))
    capacity = 1


_phones = iter(range(10**7))


def founder(**overrides) -> FounderDetails:
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@example.org",
        "phone": f"+3361{next(_phones):07d}",
        "city": "Clermont-Ferrand",
        "postal_code": "63000",
        "project_name": "Fromagerie des Volcans",
        "project_description": "Une fromagerie en circuit court.",
        "project_stage": "idea",
        "project_sector": "agri",
    }
    data.update(overrides)
    return FounderDetails(**data)


_keys = iter(range(10**9))


def book(slot, **overrides) -> Appointment:
    """Book through the real service, as the public form does."""
    return appointment_book(
        slot_id=slot.pk,
        founder=founder(**overrides),
        privacy_version="2026-11",
        submission_key=f"test-submission-{next(_keys):012d}",
    ).appointment


def book_on_behalf_data(slot, **overrides) -> dict:
    """The admin's "book on behalf" form for a founder who phoned, as an adviser fills it."""
    data = {
        "slot": slot.pk,
        "first_name": "Jeanne",
        "last_name": "Téléphone",
        "email": "jeanne@example.org",
        "phone": "0612345678",
        "city": "Riom",
        "postal_code": "63200",
        "project_name": "Librairie",
        "project_description": "Une librairie-café.",
        "project_stage": "idea",
        "project_sector": "commerce",
        "informed": "on",
        "submission_key": "admin-abcdefghijklmnop",
    }
    return {**data, **overrides}


CORRECTION_FIELDS = [
    "civility",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "postal_code",
    "project_name",
    "project_description",
    "project_stage",
    "project_sector",
    "heard_from",
]


def correction_data(appointment, **changes) -> dict:
    """The admin's correction form of `appointment` as it opens, with `changes` typed in."""
    return {**{name: getattr(appointment, name) for name in CORRECTION_FIELDS}, **changes}
