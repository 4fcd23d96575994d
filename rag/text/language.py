"""Language detection for questions, tuned for the four languages we serve and cheap enough to run
on every request.

Script decides first (Han, kana, hangul, Cyrillic, Arabic …); for Latin script, counts of very common
function words decide between English, Indonesian, French and a few neighbours. Short questions
("Siapa CEO Meta?") are exactly where generic n-gram detectors fail, and function words are what such
questions are made of.
"""

from __future__ import annotations

import re
from collections import Counter

NAMES = {
    "en": "English", "id": "Indonesian", "zh": "Chinese", "fr": "French", "es": "Spanish",
    "de": "German", "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "ja": "Japanese",
    "ko": "Korean", "ru": "Russian", "ar": "Arabic", "vi": "Vietnamese", "uk": "Ukrainian",
}

_FUNCTION_WORDS: dict[str, set[str]] = {
    "en": set(
        "the a an is are was were what who whom which when where why how does did do of "
        "to in and for on with from by that this it its has have had much many will would "
        "can about i you he she they we "
        .split()),
    "id": set(
        "apa siapa kapan mana mengapa kenapa bagaimana berapa yang dan di ke dari untuk "
        "dengan ini itu adalah akan tidak dalam pada oleh juga atau sebagai bisa sudah "
        "telah saja kah lalu nya mereka kami kita dia saya "
        .split()),
    "fr": set(
        "le la les un une des est sont qui que quoi quel quelle quels quelles quand où "
        "pourquoi comment combien de du et en au aux pour par sur avec dans ce cette ces "
        "il elle ils a été fait ne pas plus "
        .split()),
    "es": set(
        "el la los las un una es son qué quién cuándo dónde por qué cómo cuánto de del y "
        "en para con que se lo "
        .split()),
    "de": set(
        "der die das ein eine ist sind was wer wann wo warum wie wieviel viel und in zu "
        "mit von für den dem nicht auch "
        .split()),
    "pt": set(
        "o a os as um uma é são que quem quando onde por como quanto de do da e em para "
        "com não "
        .split()),
    "vi": set(
        "là của và các những có không được cho với này người gì ai khi "
        .split()),
}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch in text:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF:
            counts["kana"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
            counts["han"] += 1
        elif 0xAC00 <= o <= 0xD7AF:
            counts["hangul"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["arabic"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    return counts


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of `text`; `default` when nothing is recognisable (digits, emoji, empty)."""
    scripts = _script_counts(text)
    if not scripts:
        return default
    if scripts["kana"]:
        return "ja"
    if scripts["hangul"] >= max(scripts["han"], 1):
        return "ko"
    # A CJK question usually embeds Latin names ("Meta", "Avocado"): two Han characters per Latin
    # letter-run is plenty to call it Chinese.
    if scripts["han"] and scripts["han"] * 3 >= scripts["latin"] * 0.5:
        return "zh"
    if scripts["cyrillic"] > scripts["latin"]:
        return "uk" if re.search(r"[іїєґ]", text.lower()) else "ru"
    if scripts["arabic"] > scripts["latin"]:
        return "ar"
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    if re.search(r"[àâçéèêëîïôûùüÿœ]", text.lower()):
        scores["fr"] += 1
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return default
    return best


def language_name(code: str) -> str:
    return NAMES.get(code, "the language of the question")
