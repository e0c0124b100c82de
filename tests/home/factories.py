"""Factories of the showcase pages; pass `parent=` to place a page in the tree."""

import factory
from wagtail.test.utils.wagtail_factories import ImageFactory, PageFactory

from home.models import HomePage, StandardPage, TeamIndexPage, TeamMember


class HomePageFactory(PageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    hero_text = factory.Faker("paragraph", locale="fr_FR")

    class Meta:
        model = HomePage


class StandardPageFactory(PageFactory):
    title = factory.Faker("sentence", nb_words=3, locale="fr_FR")
    intro = factory.Faker("paragraph", locale="fr_FR")

    class Meta:
        model = StandardPage


class TeamIndexPageFactory(PageFactory):
    title = "L'équipe"
    slug = "equipe"
    intro = factory.Faker("paragraph", locale="fr_FR")

    class Meta:
        model = TeamIndexPage


class TeamMemberFactory(factory.django.DjangoModelFactory):
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = "Chargé d'accompagnement"
    agency = factory.Iterator(["Clermont-Ferrand", "Vichy", "Aurillac"])
    bio = factory.Faker("sentence", locale="fr_FR")
    photo = factory.SubFactory(ImageFactory, title=factory.Faker("name", locale="fr_FR"))

    class Meta:
        model = TeamMember
