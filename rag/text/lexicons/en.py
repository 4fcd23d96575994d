"""English."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="en",
    english_name="English",
    phrases=Phrases(
        abstain="The documents do not answer this question.",
        quote_note="From the documents (quoted in {lang}):",
        conjunction=" and ",
        language_names={"en": "English", "id": "Indonesian", "fr": "French", "zh": "Chinese"},
    ),
    function_words=frozenset(
        "the a an is are was were what who whom which when where why how does did do of to in and "
        "for on with from by that this it its has have had much many will would can about i you he "
        "she they we as or be not if but than".split()),
    stopwords=frozenset(
        "the a an is are was were be of to in and or for on with from by that this it its as at what "
        "who which when where why how does did do has have had will would can about into".split()),
    abbreviations=("Mr", "Ms", "Dr", "St", "vs", "No", "Jr", "Sr", "v"),
    asks_number=(r"\b(?:how (?:much|many|long|large|big|far|wide|high|tall|deep|heavy|old)|"
                 r"what (?:percentage|share|amount|sum)|price|cost|valuation|version)\b",
                 r"\bin (?:(?:milli|micro|nano)?seconds|minutes|hours|days|weeks|(?:kilo|mega|giga)?bytes|"
                 r"(?:milli|centi)?met(?:er|re)s|inches|mils|pixels|points)\b"),
    asks_date=(r"\b(?:when|what year|which year|in what month|which month|what date|which day|"
               r"release date)\b",),
    question_words=frozenset("how what which who whom whose where why".split()),
    time_conjunctions=frozenset({"when", "whenever"}),
    asks_name=(r"\b(?:what is the name|what's the name|named|called)\b",),
    asks_path=(r"\b(?:which|what)(?: \w+)? (?:folder|directory|path)s?\b",
               r"\bwhere\b(?=[^?]*\b(?:stores?|stored|saves?|saved|keeps?|kept|installs?|installed)\b)"),
    asks_term=(r"\b(?:which|what)(?: \w+)? (?:option|flag|switch|command|key|hotkey|shortcut|"
               r"keyboard shortcut|extension|file extension|suffix|file|filename)s?\b",),
    asks_relative=(r"percent", r"\b(?:share|part|proportion|grow|grew|growth|increase|rise|rose|fall|"
                               r"fell|drop|times)\b"),
    number_words=(r"\b(?:dozens?|tens|hundreds?|thousands?|millions?|billions?|trillions?)\b",),
    months=("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"),
    date_words=(r"\b(?:spring|last year)\b",),
    relative_units=(r"percent\b", r"times\b"),
    scale_words={"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
                 "trillion": 1e12, "trillions": 1e12},
    numbered_words=("top", "page", "chapter", "section", "q"),
    refusals=(r"not (?:contain|mention|specif|provide|state)|no information|does not say|"
              r"cannot answer",),
    anaphora=(r"\b(?:it|its|they|them|their|there|that|this|these|those|he|she|his|her|him|the same|"
              r"and|also)\b",),
    relations={
        "chief_executive": (r"\b(?:CEO|chief executive(?: officer)?)\b",),
        "head": (r"\b(?:head(?:s|ed)?|leader|leads|led by|director|boss)\b",),
        "chair": (r"\b(?:chair(?:man|woman|person)?|chair of the board)\b",),
        "chief_finance": (r"\b(?:CFO|chief financial officer|finance chief)\b",),
        "chief_tech": (r"\b(?:CTO|chief technology officer|chief technical officer)\b",),
        "founder": (r"\b(?:co-?founders?|founders?|founded|founding)\b",),
        "judge": (r"\b(?:judges?|presiding)\b",),
        "staff": (r"\b(?:employees|employs|staff|workforce|headcount)\b",),
        "parameters": (r"\bparameters\b",),
        "price": (r"\b(?:prices?|priced|costs?|costing|fees?)\b",),
    },
    instructions=(
        r"\b(?:ignore|disregard|forget|override)\s+(?:(?:all|any|the|your|these|those|previous|"
        r"prior|above|earlier|other|user'?s?)\s+)*(?:instructions?|questions?|prompts?|rules|"
        r"guidelines|context)\b",
        r"\b(?:reply|respond|answer)(?:\s+(?:only|just|instead|always))?\s+(?:with|by\s+saying)\b",
        r"\binstead\s+of\s+answering\b",
        r"\b(?:do\s+not|don't|never)\s+answer\s+the\s+(?:question|user)\b",
        r"\b(?:you|assistants?|chatbots?|the\s+(?:ai|model|bot))\s+(?:must|should|have\s+to|"
        r"are\s+(?:required|instructed)\s+to)\s+(?:reply|respond|answer|say|output|print|write|"
        r"include|tell|mention|add)\b",
        r"\b(?:system|developer)\s+(?:prompt|message|instructions?)\b",
        r"\b(?:include|insert|append|output|print)\s+(?:this|the\s+following)\s+(?:link|url|"
        r"code|string|text|address|token)\b",
    ),
)
