"""French demo content of the showcase site, as StreamField raw data (see `home.demo`).

The agencies' addresses and phone numbers are the ones `booking/demo.py` gives its agencies.
"""

from home.french import de

AGENCIES = [
    {
        "city": "Clermont-Ferrand",
        "address": "12 place de Jaude\n63000 Clermont-Ferrand",
        "phone": "04 73 00 12 34",
        "email": "clermont@osengo.fr",
    },
    {
        "city": "Vichy",
        "address": "5 rue Lucas\n03200 Vichy",
        "phone": "04 70 00 56 78",
        "email": "vichy@osengo.fr",
    },
    {
        "city": "Aurillac",
        "address": "8 avenue de la République\n15000 Aurillac",
        "phone": "04 71 00 90 12",
        "email": "aurillac@osengo.fr",
    },
]

HOME = {
    "title": "Accueil",
    "hero_title": "Créez votre entreprise en Auvergne, bien accompagné",
    "hero_text": (
        "Osengo accompagne gratuitement les porteurs de projet, de l'idée au lancement, "
        "dans ses agences de Clermont-Ferrand, Vichy et Aurillac."
    ),
    "hero_image": "Porteurs de projet en atelier chez Osengo",
    "seo_description": (
        "Osengo, incubateur d'entreprises en Auvergne : accompagnement gratuit des porteurs de "
        "projet à Clermont-Ferrand, Vichy et Aurillac."
    ),
}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def quote(text: str, author: str, role: str = "") -> dict:
    return {"type": "quote", "value": {"text": text, "author": author, "role": role}}


def faq(title: str, questions: list[tuple[str, str]]) -> dict:
    return {
        "type": "faq",
        "value": {
            "title": title,
            "questions": [{"question": q, "answer": a} for q, a in questions],
        },
    }


def home_body(*, contact_page_id: int) -> list[dict]:
    return [
        paragraph(
            "<h2>Un incubateur au plus près des territoires</h2>"
            "<p>Depuis plus de dix ans, Osengo aide les créateurs d'entreprise d'Auvergne à "
            "transformer une idée en activité viable. Étude de marché, modèle économique, "
            "financement, premiers clients : nos chargés d'accompagnement vous suivent à chaque "
            "étape, en rendez-vous individuels et en ateliers collectifs.</p>"
        ),
        quote(
            "Sans l'équipe d'Osengo, je n'aurais jamais osé quitter mon poste pour lancer ma "
            "brasserie. Le suivi a été exigeant et bienveillant.",
            "Camille Roux",
            "fondatrice de la Brasserie des Volcans, incubée à Clermont-Ferrand",
        ),
        {
            "type": "call_to_action",
            "value": {
                "title": "Une question avant de vous lancer ?",
                "text": "Nos agences vous répondent du lundi au vendredi.",
                "button_label": "Nous contacter",
                "page": contact_page_id,
                "link_url": "",
            },
        },
    ]


def about_body(*, image_id: int) -> list[dict]:
    return [
        paragraph(
            "<h2>Notre mission</h2>"
            "<p>Osengo est une association loi 1901 qui soutient la création et la reprise "
            "d'entreprises dans le Puy-de-Dôme, l'Allier et le Cantal. Nous croyons que "
            "l'entrepreneuriat est une chance pour les villes comme pour les territoires ruraux, "
            "et qu'un projet bien préparé a toutes les chances de durer.</p>"
            "<h2>Nos valeurs</h2>"
            "<ul><li><b>Proximité</b> : trois agences et des permanences dans les communes.</li>"
            "<li><b>Exigence</b> : un accompagnement structuré, des objectifs clairs.</li>"
            "<li><b>Gratuité</b> : l'accompagnement est financé par nos partenaires publics.</li>"
            "</ul>"
        ),
        {
            "type": "image",
            "value": {
                "image": image_id,
                "alt_text": "",
                "caption": "Un atelier collectif dans les locaux de Clermont-Ferrand.",
            },
        },
        paragraph(
            "<h2>Quelques chiffres</h2>"
            "<p>Chaque année, plus de 400 porteurs de projet poussent la porte d'une de nos "
            "agences ; 120 entreprises sont créées avec notre appui, et trois sur quatre sont "
            "toujours en activité cinq ans plus tard.</p>"
        ),
        quote(
            "Notre rôle n'est pas de décider à votre place, mais de vous donner les moyens de "
            "décider en connaissance de cause.",
            "Claire Vasseur",
            "directrice d'Osengo",
        ),
    ]


def support_body(*, contact_page_id: int) -> list[dict]:
    return [
        paragraph(
            "<h2>Un parcours en quatre étapes</h2>"
            "<ol><li><b>Premier rendez-vous</b> : nous écoutons votre projet et vérifions qu'il "
            "correspond à notre accompagnement.</li>"
            "<li><b>Structuration</b> : étude de marché, positionnement, modèle économique.</li>"
            "<li><b>Financement</b> : prévisionnel, prêts d'honneur, mise en relation avec les "
            "banques et les réseaux de financement.</li>"
            "<li><b>Lancement et suivi</b> : nous restons à vos côtés pendant les trois "
            "premières années d'activité.</li></ol>"
        ),
        faq(
            "Questions fréquentes",
            [
                (
                    "L'accompagnement est-il payant ?",
                    "<p>Non. L'accompagnement est gratuit pour les porteurs de projet : il est "
                    "financé par la Région, les intercommunalités et nos partenaires privés.</p>",
                ),
                (
                    "Faut-il déjà avoir un projet abouti ?",
                    "<p>Pas du tout. Une idée suffit pour un premier rendez-vous ; nous vous "
                    "aidons justement à la construire.</p>",
                ),
                (
                    "Combien de temps dure l'accompagnement ?",
                    "<p>La phase de préparation dure en général de trois à neuf mois, selon le "
                    "projet. Le suivi après création peut aller jusqu'à trois ans.</p>",
                ),
                (
                    "Je n'habite pas près d'une agence : comment faire ?",
                    "<p>Nos chargés d'accompagnement tiennent des permanences dans plusieurs "
                    "communes et peuvent vous recevoir en visioconférence.</p>",
                ),
            ],
        ),
        {
            "type": "upcoming_slots",
            "value": {
                "title": "Prochains créneaux libres",
                "agency": "",
                "meeting_type": "",
                "adviser": "",
                "count": 6,
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Prêt à en parler ?",
                "text": "Prenez un premier rendez-vous dans l'agence la plus proche de chez vous.",
                "button_label": "Voir nos agences",
                "page": contact_page_id,
                "link_url": "",
            },
        },
    ]


def contact_body() -> list[dict]:
    agencies_html = "".join(
        f"<h2>Agence {de(agency['city'])}</h2>"
        f"<p>{agency['address'].replace(chr(10), '<br/>')}<br/>"
        f"Téléphone : {agency['phone']}<br/>"
        f'Courriel : <a href="mailto:{agency["email"]}">{agency["email"]}</a></p>'
        for agency in AGENCIES
    )
    return [
        paragraph(
            "<p>Nos agences vous accueillent du lundi au vendredi, de 9 h à 12 h 30 et de "
            "14 h à 17 h 30, sur rendez-vous de préférence.</p>" + agencies_html
        ),
    ]


LEGAL_BODY = [
    paragraph(
        "<h2>Éditeur du site</h2>"
        "<p>Osengo, association loi 1901, 12 place de Jaude, 63000 Clermont-Ferrand. "
        "Directrice de la publication : Claire Vasseur. "
        'Contact : <a href="mailto:contact@osengo.fr">contact@osengo.fr</a>.</p>'
        "<h2>Propriété intellectuelle</h2>"
        "<p>Les textes, images et logos de ce site appartiennent à Osengo ou à leurs auteurs. "
        "Toute reproduction sans autorisation est interdite.</p>"
        "<h2>Données personnelles</h2>"
        "<p>Le traitement de vos données est décrit dans la politique de confidentialité.</p>"
    ),
]

# Paramètres → Mentions légales: shown after the text of the legal notice. A placeholder (the
# .example domain is reserved): whoever puts the site online writes the real host here.
LEGAL_HOST = {
    "host_name": "Auvergne Hébergement SAS",
    "host_address": "4 rue de l'Éclache\n63000 Clermont-Ferrand\nFrance",
    "host_phone": "04 73 00 00 00",
    "host_url": "https://www.auvergne-hebergement.example/",
}

PRIVACY_BODY = [
    paragraph(
        "<h2>Responsable du traitement</h2>"
        "<p>Osengo, association loi 1901, 12 place de Jaude, 63000 Clermont-Ferrand, est "
        "responsable des traitements de données personnelles réalisés sur ce site.</p>"
        "<h2>Données collectées et finalités</h2>"
        "<p>Lorsque vous demandez un rendez-vous, nous recueillons votre identité, vos "
        "coordonnées, votre commune et une description de votre projet. Ces données servent "
        "uniquement à :</p>"
        "<ul><li>gérer votre demande de rendez-vous (confirmation, rappel, annulation ou "
        "report) ;</li>"
        "<li>préparer l'entretien avec votre chargé d'accompagnement ;</li>"
        "<li>établir des statistiques anonymes d'activité pour nos financeurs.</li></ul>"
        "<h2>Base légale</h2>"
        "<p>La gestion de votre rendez-vous et l'accompagnement de votre projet reposent sur "
        "votre <b>consentement</b> (article 6.1.a du RGPD), donné en cochant la case prévue à "
        "cet effet dans le formulaire de prise de rendez-vous. Vous pouvez le retirer à tout "
        "moment en écrivant à dpo@osengo.fr : vos données sont alors anonymisées, sans que "
        "cela remette en cause ce qui a été fait avant. La lettre d'information repose elle "
        "aussi sur votre consentement, donné par une case distincte et facultative, que vous "
        "pouvez retirer de la même façon. Les statistiques d'activité, "
        "anonymes, reposent sur l'intérêt légitime d'Osengo à rendre compte de son activité à "
        "ses financeurs (article 6.1.f).</p>"
        "<h2>Destinataires</h2>"
        "<p>Seuls les conseillers de l'agence que vous avez choisie et les responsables "
        "d'Osengo chargés de l'accompagnement ont accès à vos données. "
        "Elles ne sont ni vendues ni cédées. Notre prestataire d'envoi de courriels agit en "
        "qualité de sous-traitant.</p>"
        "<h2>Durée de conservation</h2>"
        "<p>Vos données sont conservées 36 mois après le rendez-vous, puis supprimées ou "
        "anonymisées.</p>"
        "<h2>Vos droits</h2>"
        "<p>Vous disposez d'un droit d'accès, de rectification, d'effacement et d'opposition, "
        "ainsi que du droit à la limitation du traitement et à la portabilité de vos données. "
        "Pour les exercer, écrivez à notre délégué à la protection des données : "
        '<a href="mailto:dpo@osengo.fr">dpo@osengo.fr</a>.</p>'
        "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
        "réclamation à la CNIL (Commission nationale de l'informatique et des libertés), "
        '<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>.</p>'
        "<h2>Cookies</h2>"
        "<p>Ce site n'utilise aucun cookie de mesure d'audience ni de publicité. Seuls des "
        "cookies techniques, nécessaires à la sécurité des formulaires, sont déposés.</p>"
    ),
]

# The declaration follows the RGAA model. Its "Résultats des tests" and "Établissement" sections
# describe exactly what tests/e2e/ checks, and test_accessibility.py keeps them in step (the
# axe-core version is the one in package.json).
AXE_CORE_VERSION = "4.14.1"

ACCESSIBILITY_BODY = [
    paragraph(
        "<h2>Déclaration d'accessibilité</h2>"
        "<p>Osengo s'engage à rendre son site internet accessible conformément à l'article 47 "
        "de la loi n° 2005-102 du 11 février 2005.</p>"
        "<p>Cette déclaration d'accessibilité s'applique au site internet d'Osengo : pages de "
        "présentation, actualités, recherche et prise de rendez-vous en ligne.</p>"
        "<h2>État de conformité</h2>"
        "<p>Le site d'Osengo est <b>partiellement conforme</b> avec le référentiel général "
        "d'amélioration de l'accessibilité (RGAA), version 4.1.2, en raison des limites "
        "énumérées ci-dessous.</p>"
        "<h2>Résultats des tests</h2>"
        "<p>Aucun audit complet des 106 critères du RGAA n'a encore été réalisé : le taux de "
        "conformité sera publié à l'issue de cet audit. À chaque modification du site, des "
        "tests automatisés vérifient :</p>"
        "<ul>"
        "<li><b>0 erreur</b> aux règles WCAG 2.1 niveaux A et AA contrôlées par axe-core, sur "
        "chaque type de page publique et à chaque étape de la prise de rendez-vous ;</li>"
        "<li>que toute la prise de rendez-vous se fait <b>au clavier seul</b> (touches "
        "Tabulation, Entrée et Espace), de la page d'accueil à la confirmation ;</li>"
        "<li>que la prise de focus est <b>visible</b> sur chaque élément atteint au clavier "
        "(contour d'au moins 2 pixels) ;</li>"
        "<li>que les erreurs du formulaire sont annoncées : un récapitulatif des erreurs reçoit "
        "le focus, chaque champ en erreur est signalé et relié à son message ;</li>"
        "<li>que chaque bouton de créneau porte un intitulé complet (jour, heures, type et "
        "mode du rendez-vous), et qu'aucun statut n'est indiqué par la seule couleur.</li>"
        "</ul>"
        "<p>Critères du RGAA couverts par ces vérifications, en tout ou partie : images "
        "(thème 1), couleurs et contrastes (3.1, 3.2, 3.3), liens explicites (6.1), scripts "
        "accessibles au clavier (7.1, 7.3), éléments obligatoires et titres de page (8.3, 8.5, "
        "8.6), structuration de l'information (9.1), focus visible (10.7), formulaires "
        "(11.1, 11.2, 11.5, 11.10, 11.13), navigation, liens d'évitement et ordre de "
        "tabulation (12.7, 12.8, 12.11).</p>"
        "<h2>Contenus non accessibles</h2>"
        "<h3>Non-conformités</h3>"
        "<ul>"
        "<li>Les outils automatiques ne détectent qu'une partie des défauts : la pertinence "
        "des textes alternatifs, des titres et des intitulés n'a pas été vérifiée par un "
        "audit humain.</li>"
        "<li>Le site n'a pas encore été testé avec des lecteurs d'écran (NVDA, JAWS, "
        "VoiceOver) ni avec un agrandissement du texte à 200 %.</li>"
        "</ul>"
        "<h3>Contenus non soumis à l'obligation d'accessibilité</h3>"
        "<ul>"
        "<li>Les vidéos et contenus de sites tiers intégrés aux pages (par exemple des "
        "vidéos YouTube), qui ne sont ni financés ni développés par Osengo.</li>"
        "<li>L'interface d'administration, réservée à l'équipe d'Osengo.</li>"
        "</ul>"
        "<h2>Établissement de cette déclaration</h2>"
        "<p>Cette déclaration a été établie le 24 novembre 2026.</p>"
        "<h3>Technologies utilisées pour la réalisation du site</h3>"
        "<ul><li>HTML5</li><li>CSS</li><li>JavaScript</li><li>WAI-ARIA</li></ul>"
        "<h3>Environnement de test</h3>"
        "<p>Navigateur Chromium (version de Debian 12, sans interface graphique), en "
        "affichage ordinateur (1366 × 900 pixels) et téléphone (390 × 844 pixels).</p>"
        "<h3>Outils pour évaluer l'accessibilité</h3>"
        "<ul>"
        f"<li>axe-core {AXE_CORE_VERSION} (règles WCAG 2.1 A et AA), exécuté dans le "
        "navigateur par Playwright ;</li>"
        "<li>parcours au clavier seul automatisés avec Playwright.</li>"
        "</ul>"
        "<h3>Pages du site ayant fait l'objet de la vérification de conformité</h3>"
        "<ul>"
        "<li>Accueil, À propos, Notre accompagnement, L'équipe, Accessibilité</li>"
        "<li>Actualités (liste, filtre par catégorie) et un article</li>"
        "<li>Recherche (avec et sans résultat) et page d'erreur « page introuvable »</li>"
        "<li>Prise de rendez-vous : choix de l'agence, créneaux de la semaine, formulaire "
        "(vierge, avec erreurs et créneau complet), confirmation</li>"
        "<li>Gestion du rendez-vous par le lien personnel : consultation, déplacement, "
        "confirmation du déplacement, annulation</li>"
        "</ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez "
        "contacter Osengo pour être orienté vers une alternative accessible ou obtenir le "
        "contenu sous une autre forme :</p>"
        "<ul>"
        '<li>par courriel : <a href="mailto:accessibilite@osengo.fr">'
        "accessibilite@osengo.fr</a> ;</li>"
        "<li>par téléphone : 04 73 00 12 34 ;</li>"
        "<li>par courrier : Osengo, 12 place de Jaude, 63000 Clermont-Ferrand.</li>"
        "</ul>"
        "<h2>Voies de recours</h2>"
        "<p>Cette procédure est à utiliser dans le cas suivant : vous avez signalé au "
        "responsable du site un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un des services du site, et vous n'avez pas obtenu de réponse "
        "satisfaisante. Vous pouvez :</p>"
        "<ul>"
        "<li>écrire un message au Défenseur des droits (formulaire en ligne sur "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr'
        "</a>) ;</li>"
        "<li>contacter le délégué du Défenseur des droits dans votre région ;</li>"
        "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li>"
        "</ul>"
    ),
]

TEAM_INTRO = (
    "Chargés d'accompagnement, spécialistes du financement et animateurs de réseau : "
    "une équipe de terrain répartie dans nos trois agences."
)

TEAM = [
    (
        "Claire",
        "Vasseur",
        "Directrice",
        "Clermont-Ferrand",
        "Ancienne cheffe d'entreprise, elle dirige Osengo depuis 2016.",
    ),
    (
        "Thomas",
        "Besson",
        "Chargé d'accompagnement",
        "Clermont-Ferrand",
        "Spécialiste des projets numériques et des services aux entreprises.",
    ),
    (
        "Léa",
        "Morel",
        "Chargée de communication",
        "Clermont-Ferrand",
        "Elle fait connaître les entreprises accompagnées et anime nos réseaux.",
    ),
    (
        "Amina",
        "Roche",
        "Chargée d'accompagnement",
        "Vichy",
        "Elle suit les projets de commerce, de tourisme et de bien-être.",
    ),
    (
        "Julien",
        "Chassaing",
        "Conseiller financement",
        "Vichy",
        "Prévisionnels, prêts d'honneur et rendez-vous bancaires n'ont pas de secret pour lui.",
    ),
    (
        "Sophie",
        "Delmas",
        "Chargée d'accompagnement",
        "Aurillac",
        "Elle accompagne les projets agricoles, artisanaux et de reprise d'entreprise.",
    ),
    (
        "Mathieu",
        "Fabre",
        "Animateur réseau et mentorat",
        "Aurillac",
        "Il met en relation les créateurs avec des chefs d'entreprise bénévoles.",
    ),
]

FOOTER = {
    "text": (
        "Osengo accompagne gratuitement les créateurs et repreneurs d'entreprise en Auvergne, "
        "avec le soutien de ses partenaires publics et privés."
    ),
    "address": AGENCIES[0]["address"],
    "phone": AGENCIES[0]["phone"],
    "email": "contact@osengo.fr",
    "linkedin_url": "https://www.linkedin.com/company/osengo",
    "facebook_url": "https://www.facebook.com/osengo",
    "instagram_url": "https://www.instagram.com/osengo",
}
