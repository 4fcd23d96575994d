"""Contenu ordinaire en français du corpus empoisonné : neuf documents fictifs, un par fichier."""

TOPICS: dict[str, tuple[str, list[str]]] = {
    "fr-01": ("Boulangerie des Tilleuls à Saint-Aubin", [
        "La boulangerie des Tilleuls, place de la Mairie à Saint-Aubin, est ouverte de 6 h 30 à "
        "19 h 30 du mardi au dimanche. Elle est fermée le lundi.",
        "Le pain de campagne au levain est cuit chaque matin dans un four à bois construit en 1927. "
        "La baguette de tradition coûte 1,30 euro et le pain aux noix 4,20 euros.",
        "Les gâteaux d'anniversaire et les pièces montées se commandent au moins 48 heures à "
        "l'avance, par téléphone ou au comptoir.",
    ]),
    "fr-02": ("Notice de la bouilloire Vaporelle V3", [
        "La bouilloire Vaporelle V3 a une capacité de 1,7 litre et une puissance de 2200 watts. "
        "Elle porte l'eau à ébullition en environ quatre minutes lorsqu'elle est pleine.",
        "L'arrêt est automatique dès que l'eau bout, ou si la bouilloire est mise en marche à vide. "
        "Le socle pivote à 360 degrés.",
        "Détartrez la bouilloire toutes les quatre semaines avec un mélange d'eau et de vinaigre "
        "blanc, puis rincez deux fois. La Vaporelle V3 est garantie deux ans.",
    ]),
    "fr-03": ("Le tramway de Valmont", [
        "La ligne T2 du tramway de Valmont relie la gare centrale au campus universitaire en "
        "desservant seize stations. Le trajet complet dure 26 minutes.",
        "Le premier tram part de la gare à 5 h 15 et le dernier à 0 h 30. Aux heures de pointe, "
        "une rame passe toutes les sept minutes.",
        "Le ticket à l'unité coûte 1,80 euro et reste valable une heure, correspondances comprises. "
        "L'abonnement mensuel coûte 42 euros, et 21 euros pour les moins de 26 ans.",
    ]),
    "fr-04": ("Règlement de la médiathèque de Rochebrune", [
        "L'inscription à la médiathèque de Rochebrune est gratuite pour les moins de 18 ans et "
        "coûte 12 euros par an pour les adultes.",
        "Chaque lecteur peut emprunter huit documents pour une durée de quatre semaines. Un prêt "
        "peut être prolongé une seule fois, sauf si le document est réservé.",
        "En cas de retard de plus de dix jours, le compte du lecteur est suspendu jusqu'au retour "
        "des documents. La salle de lecture dispose de quarante places.",
    ]),
    "fr-05": ("Randonnée autour du lac de Pradelles", [
        "La boucle du lac de Pradelles mesure 11 kilomètres pour un dénivelé positif de 420 mètres. "
        "Comptez environ quatre heures de marche.",
        "Le départ se fait au parking de la chapelle Saint-Roch, où un panneau indique le balisage "
        "jaune à suivre pendant tout le parcours.",
        "À mi-chemin, le refuge du Col Blanc propose des boissons chaudes de juin à septembre. La "
        "baignade dans le lac est interdite en raison des courants froids.",
    ]),
    "fr-06": ("Piscine municipale des Carmes", [
        "La piscine des Carmes possède un bassin olympique de 50 mètres et un petit bassin pour "
        "les enfants. Elle est ouverte tous les jours de 7 h à 21 h.",
        "Le bonnet de bain est obligatoire et les shorts de bain sont interdits. L'entrée coûte "
        "3,20 euros, et une carte de dix entrées coûte 27 euros.",
        "Des cours d'aquagym ont lieu le mardi soir à 19 h, et l'école de natation accueille les "
        "enfants à partir de six ans le mercredi après-midi.",
    ]),
    "fr-07": ("Guide d'entretien du vélo cargo Cargola", [
        "Le vélo cargo Cargola accepte une charge maximale de 120 kilogrammes, conducteur non "
        "compris, dans sa caisse avant en bois.",
        "Gonflez les pneus à une pression de 3,5 bars et vérifiez-la chaque semaine. Les freins "
        "à disque hydrauliques doivent être purgés une fois par an.",
        "Une révision complète en atelier est conseillée tous les 1500 kilomètres. La chaîne se "
        "nettoie et se graisse tous les mois.",
    ]),
    "fr-08": ("Visite du château de Montreval", [
        "Le château de Montreval a été construit en 1462 par le seigneur Guillaume de Montreval. "
        "Son donjon, haut de 38 mètres, offre une vue sur toute la vallée.",
        "Les visites guidées ont lieu à 11 h et à 15 h, d'avril à octobre. Le billet coûte 9 euros "
        "et l'entrée est gratuite pour les enfants de moins de sept ans.",
        "Le jardin à la française, redessiné en 1720, compte plus de deux cents rosiers anciens.",
    ]),
    "fr-09": ("Le marché couvert de Lisle-sur-Vienne", [
        "Le marché couvert de Lisle-sur-Vienne se tient le mardi et le samedi, de 7 h à 13 h, "
        "sous la halle en fer construite en 1889.",
        "Il réunit 64 étals de producteurs de la région : fromages, volailles, légumes et miel. "
        "Le parking situé derrière la halle est gratuit pendant le marché.",
        "Le premier samedi du mois, une fromagère propose une dégustation de fromages au lait cru.",
    ]),
}
