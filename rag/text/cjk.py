"""The one definition of Chinese, Japanese and Korean script used everywhere.

CJK text has no spaces between words, so several rules treat it apart: a Han character counts
about three Latin ones in length, BM25 indexes character bigrams, a Han character is a word of its
own when comparing wordings, and Chinese writes names without capitals.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Han ideographs: extension A, the unified block, compatibility ideographs (character-class body)."""
KANA = "\u3040-\u30ff"
HANGUL = "\uac00-\ud7af"
CJK = HAN + KANA + HANGUL

HAN_RUN = re.compile(f"[{HAN}]+")
_HAN = re.compile(f"[{HAN}]")
CJK_CHAR = re.compile(f"[{CJK}]")
_KANA = re.compile(f"[{KANA}]")
_HANGUL = re.compile(f"[{HANGUL}]")


def is_cjk(ch: str) -> bool:
    return bool(CJK_CHAR.match(ch))


def is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def is_kana(ch: str) -> bool:
    return bool(_KANA.match(ch))


def is_hangul(ch: str) -> bool:
    return bool(_HANGUL.match(ch))


def han_count(text: str) -> int:
    return len(_HAN.findall(text))
