"""Word lists of the synthetic data: names with accents, streets, partners, hosts, notes."""

from __future__ import annotations

WOMEN = (
    "Élodie", "Chloé", "Anaïs", "Hélène", "Amélie", "Gaëlle", "Céline", "Maëlys", "Inès",
    "Léa", "Aïcha", "Fatoumata", "Nadia", "Samira", "Zoé", "Noémie", "Sévérine", "Bérénice",
    "Mélanie", "Laëtitia", "Agnès", "Clémence", "Éloïse", "Françoise", "Géraldine", "Joëlle",
    "Léonie", "Maïté", "Océane", "Rosalie", "Salomé", "Thérèse", "Yasmine", "Aminata",
    "Mariam", "Khadija", "Djeneba", "Leïla", "Nour", "Sofía", "Ana", "Irène", "Mónica",
    "Bintou", "Awa", "Rokia", "Émilie", "Josiane", "Sandrine", "Nathalie", "Chantal",
)  # fmt: skip
MEN = (
    "Jérôme", "Loïc", "Noël", "François", "Benoît", "Joël", "Raphaël", "Théo", "Mamadou",
    "Karim", "Youssef", "Stéphane", "Grégoire", "Hervé", "Anthony", "Moussa", "Rémi",
    "Cédric", "Frédéric", "Gaël", "Jérémy", "Mickaël", "Anaël", "Aurélien", "Clément",
    "Élie", "Étienne", "Hugues", "Maël", "Mathéo", "Noé", "Sébastien", "Valéry", "Yannick",
    "Ibrahima", "Oumar", "Bakary", "Sékou", "Abdoulaye", "Mohamed", "Rachid", "Sofiane",
    "Nicolás", "João", "Andrés", "Dragoș", "Ahmad", "Tarik", "Lucas", "Kévin", "Alexis",
)  # fmt: skip
SURNAMES = (
    "Lefèvre", "Müller", "Gauthier", "Bénard", "Diallo", "Traoré", "Nguyen", "Da Silva",
    "Lemaître", "Bouchard", "Pérez", "Kouassi", "Chérif", "Rousseau", "Lévêque", "Doré",
    "Ménard", "Benoît", "Fontaine", "Mercier", "Camara", "Haddad", "Leroy", "Garnier",
    "Boyer", "Çelik", "Sørensen", "Dumont", "Faure", "Keïta", "Hébert", "Bélanger",
    "Lefébure", "Crémieux", "Désiré", "Émond", "Gérard", "Hélias", "Jégou", "Lécuyer",
    "Mézière", "Nédélec", "Pétillon", "Quéré", "Rébillard", "Sénéchal", "Thébault",
    "Védrine", "Coulibaly", "Sissoko", "Konaté", "Touré", "Bamba", "Ouédraogo", "Mbaye",
    "Benali", "Belkacem", "Mansouri", "Boudjema", "Hamidou", "Ramírez", "Gonçalves",
    "Pereira", "Fernández", "Nowak", "Kowalczyk", "Popescu", "Yılmaz", "Öztürk", "Tran",
    "Phạm", "Lê", "Ðinh", "Abdi", "Osman", "Moreau", "Lambert", "Bonnaire", "Chevalier",
    "Renard", "Aubé", "Bréhier", "Cadiou", "Daoudi", "Ferré", "Guérin", "Hénaff", "Labbé",
)  # fmt: skip
STREETS = (
    "rue de Flandre", "avenue Jean-Jaurès", "rue de Crimée", "quai de la Loire", "rue Petit",
    "boulevard de la Villette", "rue de l'Ourcq", "rue Riquet", "rue d'Aubervilliers",
    "rue de Tanger", "avenue de Laumière", "rue Archereau", "rue Curial", "rue Mathis",
    "rue du Département", "place des Fêtes", "rue de Belleville", "rue des Pyrénées",
)  # fmt: skip
CITIES = (
    ("75019", "Paris"), ("75019", "Paris"), ("75018", "Paris"), ("75020", "Paris"),
    ("93300", "Aubervilliers"), ("93500", "Pantin"), ("93200", "Saint-Denis"),
    ("93310", "Le Pré-Saint-Gervais"), ("94200", "Ivry-sur-Seine"),
)  # fmt: skip
FOREIGN_BIRTHPLACES = (
    ("Bamako", "Mali"), ("Alger", "Algérie"), ("Dakar", "Sénégal"), ("Kaboul", "Afghanistan"),
    ("Abidjan", "Côte d'Ivoire"), ("Conakry", "Guinée"), ("Tunis", "Tunisie"),
    ("Bucarest", "Roumanie"), ("Lisbonne", "Portugal"), ("Asmara", "Érythrée"),
)  # fmt: skip
FRENCH_BIRTHPLACES = ("Paris", "Saint-Denis", "Montreuil", "Créteil", "Lyon", "Marseille", "Lille")
# INSEE codes of those communes: where they were born, where they live (Paris by arrondissement).
BIRTHPLACE_CODES = {
    "Paris": "75056", "Saint-Denis": "93066", "Montreuil": "93048", "Créteil": "94028",
    "Lyon": "69123", "Marseille": "13055", "Lille": "59350",
}  # fmt: skip
RESIDENCE_CODES = {
    ("75018", "Paris"): "75118", ("75019", "Paris"): "75119", ("75020", "Paris"): "75120",
    ("93300", "Aubervilliers"): "93001", ("93500", "Pantin"): "93055",
    ("93200", "Saint-Denis"): "93066", ("93310", "Le Pré-Saint-Gervais"): "93061",
    ("94200", "Ivry-sur-Seine"): "94041",
}  # fmt: skip
REFERRER_CONTACTS = (
    "Mme Caron (France Travail Paris 19)", "M. Aubry (PLIE Paris Nord-Est)",
    "Mme Sall (Mission locale de Paris)", "M. Lévy (Espace solidarité insertion)",
    "Mme Nguyen (Service social départemental)", "M. Ferhat (SPIP de Paris)",
    "Mme Dufresne (CCAS Aubervilliers)", "Mme Kanté (CHRS Les Mûriers)",
)  # fmt: skip
PARTNERS = (
    "CCAS Paris 19", "Point d'accès au droit", "Wimoov", "Crésus Île-de-France",
    "Langues Plurielles", "Centre médico-social", "Maison de la justice et du droit",
    "Halte-garderie Les Lucioles", "Service logement de la mairie", "CAF de Paris",
)  # fmt: skip
PMSMP_HOSTS = (
    ("Hôtel Le Méridien Étoile", "Agent d'entretien"),
    ("Cuisine centrale de Pantin", "Commis de cuisine"),
    ("Propreté Île-de-France Services", "Agent de propreté"),
    ("Jardins de la Villette", "Jardinier"),
    ("Entrepôt Logi'Nord", "Préparateur de commandes"),
    ("Résidence Les Lilas (EHPAD)", "Agent de service hospitalier"),
    ("Brasserie du Canal", "Plongeur"),
    ("Ressourcerie La Petite Rockette", "Valoriste"),
)  # fmt: skip
OTHER_EMPLOYERS = ("Onet Propreté", "Sodexo", "Elior", "Derichebourg", "Adecco", "Ville de Paris")
REVIEW_NOTES = (
    "Entretien réalisé, salarié(e) impliqué(e) dans son parcours.",
    "Progrès sur la ponctualité ; le travail en équipe se passe bien.",
    "Situation administrative régularisée ; projet professionnel à préciser.",
    "Absences répétées ce mois-ci : point à refaire avec l'encadrant.",
    "Bonne dynamique ; envisager une PMSMP dans le métier visé.",
)  # fmt: skip
NEXT_OBJECTIVES = (
    "Mettre à jour le CV ; préparer une PMSMP.",
    "Inscription à la formation SST ; ouvrir un compte CPF.",
    "Rendez-vous au CCAS pour le dossier logement.",
    "Travailler la recherche d'emploi : trois candidatures par mois.",
    "Passer le code de la route avant l'été.",
)  # fmt: skip
HEALTH_NOTES = (
    "Suivi médical en cours ; aménagement de poste à prévoir.",
    "Reconnaissance de travailleur handicapé demandée ; port de charges à limiter.",
)
JUSTICE_NOTES = (
    "Obligation de pointage au SPIP chaque mois ; horaires à aménager.",
    "Aménagement de peine en cours (semi-liberté) ; retour au centre à 19 h.",
)
