"""French."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="fr",
    english_name="French",
    phrases=Phrases(
        abstain="Les documents ne répondent pas à cette question.",
        quote_note="D'après les documents (cité en {lang}) :",
        conjunction=" et ",
        language_names={"en": "anglais", "id": "indonésien", "fr": "français", "zh": "chinois"},
    ),
    function_words=frozenset(
        "le la les un une des est sont qui que quoi quel quelle quels quelles quand où pourquoi "
        "comment combien de du et en au aux pour par sur avec dans ce cette ces il elle ils a été "
        "fait ne pas plus".split()),
    letters="àâçéèêëîïôûùüÿœ",
    stopwords=frozenset(
        "le la les un une des est sont qui que quoi quel quelle de du et en au aux pour par sur avec "
        "dans ce cette ces il elle ils a l d qu".split()),
    asks_number=(r"\b(?:combien|quel(?:le)? (?:montant|somme|pourcentage|part|taille|durée|longueur|"
                 r"largeur|hauteur|épaisseur)|prix|coût|valorisation|version)\b",
                 r"\ben (?:(?:milli|micro|nano)?secondes|minutes|heures|jours|semaines|"
                 r"(?:kilo|méga|giga)?octets|(?:milli|centi)?mètres|pouces|pixels|points)\b"),
    asks_date=(r"\b(?:quand|en quelle année|en quel mois|quel jour|à quelle date|quelle date|"
               r"la date)\b",),
    question_words=frozenset(
        "comment que quoi quel quelle quels quelles qui où pourquoi combien lequel laquelle "
        "lesquels lesquelles".split()),
    time_conjunctions=frozenset({"quand", "lorsque"}),
    asks_name=(r"\b(?:quel est le nom|comment s'appelle|s'appelle)\b",),
    asks_path=(r"\b(?:quel(?:le)?s?|dans quel(?:le)?s?) (?:dossier|répertoire|chemin|emplacement)s?\b",
               r"\boù\b(?=[^?]*\b(?:stock\w*|enregistr\w*|conserv\w*|sauvegard\w*|install\w*|rang\w*)\b)"),
    asks_term=(r"\b(?:quel(?:le)?s?|dans quel(?:le)?s?) (?:option|commande|touche|raccourci|"
               r"extension|suffixe|fichier)s?\b",),
    asks_relative=(r"pour ?cent|pourcentage",
                   r"\b(?:part|proportion|fois|croissance|augment\w*|hausse|baisse|chute|multipli\w*)\b"),
    number_words=(r"\b(?:dizaines?|centaines?|milliers?|millions?|milliards?)\b",),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"),
    date_words=(r"\b(?:printemps|l'année dernière)\b",),
    relative_units=(r"pour ?cent\b", r"fois\b"),
    # French "billion" means 10^12, but French writes "milliard"; English 10^9 is assumed for it.
    scale_words={"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
    numbered_words=("chapitre", "section"),
    refusals=(r"ne (?:précise|mentionne|contient|dit|fournit)|aucune information",),
    anaphora=(r"\b(?:il|elle|ils|elles|y|en|ce|cela|ça|celui|celle|leur|lui|et|aussi)\b",),
    relations={
        "chief_executive": (r"\b(?:PDG|P\.-D\.G\.|directeur général|directrice générale)\b",),
        "head": (r"\b(?:dirige(?:nt|ait|ée?s?)?|directeur|directrice|chef|patron(?:ne)?|responsable)\b",),
        "chair": (r"\b(?:président(?:e)? du conseil|président(?:e)? d'administration)\b",),
        "chief_finance": (r"\b(?:directeur financier|directrice financière)\b",),
        "chief_tech": (r"\b(?:directeur technique|directrice technique|directeur de la technologie)\b",),
        "founder": (r"\b(?:co-?fondat(?:eur|rice)s?|fondat(?:eur|rice)s?|fondée?s?|fondation)\b",),
        "judge": (r"\bjuges?\b",),
        "staff": (r"\b(?:employés|salariés|effectifs?)\b",),
        "parameters": (r"\bparamètres\b",),
        "price": (r"\b(?:prix|co[uû]te(?:nt)?|co[uû]ts?|tarifs?)\b",),
    },
    instructions=(
        r"\b(?:ignore[rz]?|oublie[rz]?|n[ée]glige[rz]?)\s+(?:(?:toutes|tous|les|la|le|vos|tes|"
        r"ces|pr[ée]c[ée]dentes?|autres)\s+)*(?:instructions?|consignes?|questions?|r[èe]gles)\b",
        r"\b(?:r[ée]ponds|r[ée]pondez|r[ée]pondre)\s+(?:(?:uniquement|seulement|toujours|"
        r"plut[ôo]t)\s+)?(?:avec|par)\b",
        r"\bau\s+lieu\s+de\s+r[ée]pondre\b",
        r"\bne\s+r[ée]ponds?e?z?\s+pas\s+[àa]\s+la\s+question\b",
        r"\b(?:l'assistant|le\s+mod[èe]le|l'ia|le\s+chatbot|vous|tu)\s+(?:dois|doit|devez)\s+"
        r"(?:r[ée]pondre|dire|[ée]crire|inclure|afficher|mentionner)\b",
        r"\b(?:inclu(?:re|ez|s)|ajout(?:er|ez|e)|affich(?:er|ez|e))\s+(?:ce|cette|le|la)\s+"
        r"(?:lien|code|texte|adresse|cha[îi]ne)\b",
    ),
)
