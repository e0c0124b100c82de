"""Demo content of the news section, loaded by `manage.py load_demo_data`.

Idempotent: everything is looked up by slug first, so a second run creates and publishes
nothing. Dates are relative to the day of the first run, so the demo always looks recent.
"""

import datetime
from dataclasses import dataclass, field

from home.demo_images import demo_image

from .models import NewsCategory, NewsIndexPage, NewsPage

CATEGORIES = {
    "vie-de-l-incubateur": "Vie de l'incubateur",
    "financement": "Financement",
    "evenements": "Événements",
    "temoignages": "Témoignages",
}


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    days_ago: int
    author: str
    category: str
    tags: tuple[str, ...]
    intro: str
    paragraphs: tuple[str, ...]
    quote: dict = field(default_factory=dict)


ARTICLES = (
    DemoArticle(
        slug="promotion-automne-2026",
        title="Douze nouveaux projets rejoignent la promotion d'automne",
        days_ago=8,
        author="Claire Fournier",
        category="vie-de-l-incubateur",
        tags=("Promotion", "Clermont-Ferrand", "Accompagnement"),
        intro=(
            "Agroalimentaire, santé, numérique, économie circulaire : douze équipes "
            "commencent six mois d'accompagnement avec Osengo."
        ),
        paragraphs=(
            "Après deux jours de jury en octobre, douze projets ont été retenus parmi les "
            "quarante-trois candidatures reçues. Sept équipes seront suivies depuis "
            "Clermont-Ferrand, trois à Vichy et deux à Aurillac.",
            "Chaque équipe bénéficie d'un chargé d'affaires référent, d'ateliers collectifs "
            "toutes les deux semaines et d'un accès aux experts du réseau : juristes, "
            "experts-comptables, spécialistes de la propriété industrielle.",
            "La promotion se retrouvera pour la première fois lors du séminaire de lancement, "
            "le mois prochain, au Puy-de-Dôme.",
        ),
    ),
    DemoArticle(
        slug="levee-de-fonds-volcagri",
        title="Volcagri lève 1,2 million d'euros pour ses capteurs agricoles",
        days_ago=21,
        author="Julien Mercier",
        category="financement",
        tags=("Levée de fonds", "Agriculture", "Clermont-Ferrand"),
        intro=(
            "Incubée chez Osengo en 2024, la jeune pousse clermontoise boucle un premier tour "
            "de table avec des investisseurs régionaux."
        ),
        paragraphs=(
            "Volcagri conçoit des capteurs autonomes qui mesurent l'humidité des prairies "
            "d'altitude et aident les éleveurs à mieux gérer l'herbe de leurs parcelles.",
            "Le tour de table réunit un fonds régional, deux réseaux de business angels et "
            "un prêt d'honneur. Il doit financer l'industrialisation des capteurs et le "
            "recrutement de six personnes d'ici la fin de l'année prochaine.",
            "L'équipe reste installée au sein de l'incubateur pendant la phase "
            "d'industrialisation.",
        ),
        quote={
            "text": (
                "Osengo nous a aidés à structurer notre dossier et à rencontrer les bons "
                "investisseurs au bon moment."
            ),
            "author": "Sophie Chabrier",
            "role": "cofondatrice de Volcagri",
        },
    ),
    DemoArticle(
        slug="ateliers-vichy-hiver",
        title="Les ateliers de l'hiver à Vichy : prix, marketing et premiers clients",
        days_ago=35,
        author="Nadia Benali",
        category="evenements",
        tags=("Ateliers", "Vichy"),
        intro=(
            "Trois ateliers gratuits pour les porteurs de projet de l'Allier, ouverts aux "
            "personnes accompagnées et à celles qui réfléchissent à se lancer."
        ),
        paragraphs=(
            "L'agence de Vichy propose cet hiver un cycle de trois ateliers pratiques : fixer "
            "son prix de vente, construire un plan marketing simple, décrocher ses premiers "
            "clients.",
            "Chaque atelier dure une demi-journée et accueille douze personnes au plus. "
            "L'inscription se fait en prenant rendez-vous en ligne avec l'agence de Vichy.",
        ),
    ),
    DemoArticle(
        slug="ouverture-agence-aurillac",
        title="Osengo ouvre une agence à Aurillac",
        days_ago=52,
        author="Claire Fournier",
        category="vie-de-l-incubateur",
        tags=("Aurillac", "Cantal", "Accompagnement"),
        intro=(
            "Les porteurs de projet du Cantal ont désormais un interlocuteur près de chez eux, "
            "avec des permanences chaque semaine."
        ),
        paragraphs=(
            "Installée dans le centre-ville d'Aurillac, la nouvelle agence accueille les "
            "porteurs de projet du mardi au jeudi, sur rendez-vous.",
            "Elle s'appuie sur les partenaires du territoire : chambre de commerce, "
            "communauté d'agglomération, réseaux bancaires et associations d'entrepreneurs.",
            "Une première réunion d'information aura lieu le mois prochain pour présenter les "
            "programmes d'accompagnement.",
        ),
    ),
    DemoArticle(
        slug="temoignage-atelier-bois-cantal",
        title="« Sans accompagnement, j'aurais abandonné » : le parcours d'une menuisière",
        days_ago=67,
        author="Julien Mercier",
        category="temoignages",
        tags=("Témoignage", "Artisanat", "Aurillac"),
        intro=(
            "Élodie Vidal a créé un atelier de mobilier en bois local dans le Cantal. "
            "Elle raconte ses dix-huit mois d'incubation."
        ),
        paragraphs=(
            "Menuisière de formation, Élodie Vidal voulait fabriquer du mobilier avec des "
            "essences locales et le vendre en ligne. Le projet était clair, le modèle "
            "économique beaucoup moins.",
            "Avec son chargé d'affaires, elle a revu ses prix, choisi un statut juridique et "
            "préparé un dossier de prêt d'honneur qui a financé ses premières machines.",
            "Son atelier emploie aujourd'hui deux personnes et livre dans toute la France.",
        ),
        quote={
            "text": (
                "On se sent seule quand on crée. Avoir quelqu'un qui pose les bonnes questions "
                "tous les mois, ça change tout."
            ),
            "author": "Élodie Vidal",
            "role": "fondatrice d'un atelier de mobilier",
        },
    ),
    DemoArticle(
        slug="pret-honneur-2026",
        title="Prêts d'honneur : 640 000 euros accordés depuis janvier",
        days_ago=88,
        author="Nadia Benali",
        category="financement",
        tags=("Prêt d'honneur", "Accompagnement"),
        intro=(
            "Le comité d'engagement a soutenu trente-deux créateurs d'entreprise en Auvergne "
            "au premier semestre."
        ),
        paragraphs=(
            "Le prêt d'honneur est un prêt personnel, sans intérêt ni garantie, qui renforce "
            "les fonds propres du créateur et facilite l'obtention d'un prêt bancaire.",
            "Depuis janvier, trente-deux projets en ont bénéficié, pour un montant moyen de "
            "vingt mille euros. Chaque euro prêté a permis de mobiliser en moyenne six euros "
            "de prêts bancaires.",
        ),
    ),
    DemoArticle(
        slug="demo-day-clermont",
        title="Demo day : dix startups face aux investisseurs à Clermont-Ferrand",
        days_ago=110,
        author="Claire Fournier",
        category="evenements",
        tags=("Demo day", "Clermont-Ferrand", "Levée de fonds"),
        intro=(
            "Cinq minutes de présentation, dix minutes de questions : les startups de la "
            "promotion de printemps ont présenté leurs projets."
        ),
        paragraphs=(
            "Près de cent cinquante personnes, investisseurs, banquiers et partenaires, ont "
            "assisté au demo day organisé dans les locaux clermontois de l'incubateur.",
            "Trois projets ont déjà reçu des propositions de rendez-vous de la part de fonds "
            "d'investissement régionaux.",
        ),
    ),
    DemoArticle(
        slug="temoignage-appli-thermes-vichy",
        title="Une application pour les curistes de Vichy, née à l'incubateur",
        days_ago=134,
        author="Julien Mercier",
        category="temoignages",
        tags=("Témoignage", "Santé", "Vichy", "Numérique"),
        intro=(
            "Deux anciens kinésithérapeutes ont conçu une application qui accompagne les "
            "curistes avant, pendant et après leur séjour."
        ),
        paragraphs=(
            "L'idée est venue des patients eux-mêmes : une fois rentrés chez eux, beaucoup "
            "abandonnaient les exercices appris pendant la cure.",
            "Accompagnés par l'agence de Vichy, les fondateurs ont testé leur application "
            "avec deux établissements thermaux avant de la commercialiser.",
        ),
    ),
    DemoArticle(
        slug="rapport-activite-osengo",
        title="Rapport d'activité : 120 entreprises accompagnées en un an",
        days_ago=170,
        author="Nadia Benali",
        category="vie-de-l-incubateur",
        tags=("Chiffres clés", "Accompagnement"),
        intro=(
            "Taux de survie à trois ans, emplois créés, secteurs représentés : les chiffres "
            "de l'année écoulée."
        ),
        paragraphs=(
            "L'incubateur a accompagné cent vingt entreprises l'an dernier sur ses trois "
            "agences. Quatre-vingt-cinq pour cent des entreprises créées il y a trois ans "
            "sont toujours en activité.",
            "Les projets accompagnés ont créé deux cent dix emplois en Auvergne, dont un "
            "tiers hors des grandes agglomérations.",
        ),
    ),
)


def _body(article: DemoArticle) -> list[dict]:
    """Raw StreamField data for home.blocks.BaseStreamBlock: paragraphs, maybe a quote."""
    blocks = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in article.paragraphs]
    if article.quote:
        blocks.insert(2, {"type": "quote", "value": article.quote})
    return blocks


def _news_index(home_page, stdout) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home_page).first()
    if index is not None:
        return index
    index = NewsIndexPage(
        title="Actualités",
        slug="actualites",
        intro="<p>La vie de l'incubateur, les succès des entreprises accompagnées et les "
        "prochains rendez-vous à Clermont-Ferrand, Vichy et Aurillac.</p>",
        search_description=(
            "Les actualités d'Osengo, incubateur d'entreprises en Auvergne : promotions, "
            "financements, ateliers et témoignages."
        ),
    )
    home_page.add_child(instance=index)
    index.save_revision().publish()
    stdout.write("Actualités : page d'index créée.\n")
    return index


def load(*, home_page, stdout) -> None:
    index = _news_index(home_page, stdout)
    categories = {
        slug: NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in CATEGORIES.items()
    }
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    today = datetime.date.today()
    created = 0
    for article in ARTICLES:
        if article.slug in existing:
            continue
        page = NewsPage(
            title=article.title,
            slug=article.slug,
            date=today - datetime.timedelta(days=article.days_ago),
            author=article.author,
            category=categories[article.category],
            lead_image=demo_image(article.title),
            intro=article.intro,
            body=_body(article),
        )
        page.tags.add(*article.tags)
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    stdout.write(f"Actualités : {created} article(s) créé(s), {len(existing)} déjà présent(s).\n")
