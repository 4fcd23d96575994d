"""What kind of answer a question expects (a number, a date, a person), in four languages.

A sentence that answers "how much" contains a figure; one that answers "when" contains a date. The
extractive generator prefers such sentences, and abstains rather than quote one that cannot answer.
"""

from __future__ import annotations

import re

_PATTERNS = {
    "number": re.compile(
        r"\b(how (much|many)|what (percentage|share|amount|sum)|berapa(?! tahun)|jumlah|"
        r"combien|quel(le)? (montant|somme|pourcentage|part)|price|cost|harga|biaya|prix|coût|"
        r"valuation|valuasi|valorisation)\b|多少|幾|几|百分之|金額|金额|價格|价格|費用|费用",
        re.IGNORECASE),
    "date": re.compile(
        r"\b(when|what year|which year|in what month|kapan|tahun berapa|quand|en quelle année|"
        r"à quelle date)\b|何時|何时|什麼時候|什么时候|哪一年|哪年|幾月|几月|哪個月|哪个月",
        re.IGNORECASE),
}

_HAS_NUMBER = re.compile(r"\d")
_HAS_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\d+\s*(月|年)|\b(januari|februari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|desember|january|february|march|may|june|july|august|october|"
    r"december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|printemps|spring|tahun lalu|last year|l'année dernière)\b", re.IGNORECASE)


def expected_answer_type(question: str) -> str | None:
    for kind, pattern in _PATTERNS.items():
        if pattern.search(question):
            return kind
    return None


def fits_answer_type(kind: str | None, sentence: str) -> bool:
    if kind == "number":
        return bool(_HAS_NUMBER.search(sentence))
    if kind == "date":
        return bool(_HAS_DATE.search(sentence))
    return True
