"""Fixed sentences the assistant says in the asker's language (abstentions, quote notes).

They are written, not generated, so an abstention reads the same every time and can be recognised.
"""

from __future__ import annotations

ABSTAIN = {
    "en": "The documents do not answer this question.",
    "id": "Dokumen tidak menjawab pertanyaan ini.",
    "fr": "Les documents ne répondent pas à cette question.",
    "zh-hant": "文件中沒有回答這個問題的內容。",
    "zh": "文件中没有回答这个问题的内容。",
    "es": "Los documentos no responden a esta pregunta.",
    "de": "Die Dokumente beantworten diese Frage nicht.",
    "pt": "Os documentos não respondem a esta pergunta.",
}

# "Quoted from the documents, in {language}:" with the quoted language named in the answer's.
QUOTE_NOTE = {
    "en": "From the documents (quoted in {lang}):",
    "id": "Dari dokumen (dikutip dalam bahasa {lang}):",
    "fr": "D'après les documents (cité en {lang}) :",
    "zh-hant": "根據文件（引用{lang}原文）：",
    "zh": "根据文件（引用{lang}原文）：",
}

LANGUAGE_NAMES = {
    "en": {"en": "English", "id": "Indonesian", "fr": "French", "zh": "Chinese"},
    "id": {"en": "Inggris", "id": "Indonesia", "fr": "Prancis", "zh": "Tionghoa"},
    "fr": {"en": "anglais", "id": "indonésien", "fr": "français", "zh": "chinois"},
    "zh-hant": {"en": "英文", "id": "印尼文", "fr": "法文", "zh": "中文"},
    "zh": {"en": "英文", "id": "印尼文", "fr": "法文", "zh": "中文"},
}

_TRADITIONAL = set("們個這說會時來為開發麼與對後資經動還國當長應進過現從間裡體實執祖")
_SIMPLIFIED = set("们个这说会时来为开发么与对后资经动还国当长应进过现从间里体实执扎")


def variant(language: str, question: str) -> str:
    """Chinese answers follow the question's script: Traditional in, Traditional out."""
    if language != "zh":
        return language
    trad = sum(ch in _TRADITIONAL for ch in question)
    simp = sum(ch in _SIMPLIFIED for ch in question)
    return "zh-hant" if trad > simp else "zh"


def abstain_sentence(language: str, question: str = "") -> str:
    return ABSTAIN.get(variant(language, question), ABSTAIN["en"])


AND = {"en": " and ", "id": " dan ", "fr": " et ", "zh-hant": "和", "zh": "和"}


def notes_quotes_in(language: str) -> bool:
    """Whether a quote in another language can be introduced in this one (see QUOTE_NOTE)."""
    return language in QUOTE_NOTE


def quote_note(answer_language: str, quoted: list[str], question: str = "") -> str:
    """The note in front of quotes that are not in the answer's language, naming their languages."""
    key = variant(answer_language, question)
    template = QUOTE_NOTE.get(key, QUOTE_NOTE["en"])
    names = LANGUAGE_NAMES.get(key, LANGUAGE_NAMES["en"])
    joined = AND.get(key, AND["en"]).join(names.get(q, q) for q in quoted)
    return template.format(lang=joined)
