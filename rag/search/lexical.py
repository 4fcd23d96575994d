"""Lexical tokens for BM25 that work for Chinese as well as Latin scripts.

Whitespace splitting turns a Chinese sentence into a single token, so runs of Han characters become
overlapping character bigrams (the approach of Lucene's CJK analyzer): "祖克柏" → "祖克", "克柏".
Latin words are lower-cased and accent-folded; numbers keep their decimal part ("14,3" → "14.3") so a
figure written with a comma in Indonesian matches one written with a dot in English.
"""

from __future__ import annotations

import re
import unicodedata

from rag.text.cjk import CJK, is_cjk
from rag.text.lexicons import union
from rag.text.terms import technical_tokens

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_SCRIPT_RUN = re.compile(f"[{CJK}]+|[^{CJK}]+")

STOPWORDS = frozenset(union("stopwords"))
"""Every lexicon's stop words (lower case, accents folded)."""


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    tokens: list[str] = technical_tokens(text)
    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece[0].isdigit():
            tokens.append(piece.replace(",", "."))
            continue
        # Split a mixed run ("Meta開發") into its CJK and non-CJK parts.
        for run in _SCRIPT_RUN.findall(piece):
            if is_cjk(run[0]):
                bigrams = [run[i:i + 2] for i in range(len(run) - 1)]
                tokens.extend(bigrams or [run])
            else:
                word = _fold(run)
                if word not in STOPWORDS and len(word) > 1:
                    tokens.append(word)
    return tokens
