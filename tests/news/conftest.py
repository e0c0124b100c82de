"""A minimal page tree for the news tests: root → HomePage → NewsIndexPage → NewsPages."""

import datetime
import io

import factory
import pytest
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage, NewsPage


def _small_jpeg(name: str) -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), (60, 90, 120)).save(buffer, format="JPEG")
    return ImageFile(buffer, name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.Faker("sentence", locale="fr_FR")
    file = factory.LazyAttribute(lambda o: _small_jpeg(f"{slugify(o.title)}.jpg"))


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class NewsPageFactory(factory.Factory):
    """Builds a live NewsPage under `parent` (required); `tags` is a list of tag names."""

    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    author = factory.Faker("name", locale="fr_FR")
    intro = factory.Faker("sentence", locale="fr_FR")
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>Le programme accompagne les porteurs de projet.</p>"))]
    )

    @classmethod
    def _create(cls, model_class, *args, parent, tags=(), **kwargs):
        page = parent.add_child(instance=model_class(**kwargs))
        if tags:
            page.tags.add(*tags)
            page.save()
        return page


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Accueil", slug="accueil", hero_title="Entreprendre en Auvergne")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def news_index(home_page):
    return home_page.add_child(
        instance=NewsIndexPage(title="Actualités", slug="actualites", intro="<p>Nos nouvelles</p>")
    )


@pytest.fixture
def make_news(news_index):
    """`make_news(n, **fields)`: n articles, the first one the most recent."""

    def make(count=1, **fields):
        today = datetime.date.today()
        pages = []
        for i in range(count):
            fields_i = {"date": today - datetime.timedelta(days=i), **fields}
            pages.append(NewsPageFactory(parent=news_index, **fields_i))
        return pages

    return make
