"""The few fixed words the bot adds around an answer, in the answer's language.

The answer itself comes localized from the pipeline; a "Sources" header or an apology in English
under an Indonesian answer would read as a different voice. Unknown languages fall back to English.
"""

from __future__ import annotations

from rag import language_variant

LABELS: dict[str, dict[str, str]] = {
    "en": {"sources": "Sources", "line": "line", "lines": "lines", "more": "and {n} more",
           "helpful": "Helpful", "not_helpful": "Not helpful",
           "apology": "Sorry, something went wrong while answering this question. "
                      "Please try again in a moment.",
           "empty": "Ask me a question about the documents, and I will answer with sources.",
           "too_long": "That question is too long: please keep it under {n} characters."},
    "id": {"sources": "Sumber", "line": "baris", "lines": "baris", "more": "dan {n} lainnya",
           "helpful": "Membantu", "not_helpful": "Tidak membantu",
           "apology": "Maaf, terjadi kesalahan saat menjawab pertanyaan ini. "
                      "Silakan coba lagi sebentar lagi.",
           "empty": "Ajukan pertanyaan tentang dokumen, dan saya akan menjawab beserta sumbernya.",
           "too_long": "Pertanyaan itu terlalu panjang: maksimal {n} karakter."},
    "fr": {"sources": "Sources", "line": "ligne", "lines": "lignes", "more": "et {n} de plus",
           "helpful": "Utile", "not_helpful": "Pas utile",
           "apology": "Désolé, une erreur s'est produite en répondant à cette question. "
                      "Veuillez réessayer dans un instant.",
           "empty": "Posez-moi une question sur les documents : je répondrai en citant mes sources.",
           "too_long": "Cette question est trop longue : {n} caractères au maximum."},
    "zh-hant": {"sources": "來源", "line": "第", "lines": "第", "more": "另有 {n} 則",
                "helpful": "有幫助", "not_helpful": "沒有幫助",
                "apology": "抱歉，回答這個問題時發生錯誤，請稍後再試。",
                "empty": "請問我關於文件的問題，我會附上來源回答。",
                "too_long": "問題太長了：請少於 {n} 個字元。"},
    "zh": {"sources": "来源", "line": "第", "lines": "第", "more": "另有 {n} 条",
           "helpful": "有帮助", "not_helpful": "没有帮助",
           "apology": "抱歉，回答这个问题时发生错误，请稍后再试。",
           "empty": "请问我关于文件的问题，我会附上来源回答。",
           "too_long": "问题太长了：请少于 {n} 个字符。"},
}


def label(key: str, language: str, text: str = "", **values: object) -> str:
    """The `key` label for `language` (Chinese script chosen from `text`), formatted with `values`."""
    table = LABELS.get(language_variant(language, text), LABELS["en"])
    return table[key].format(**values)


def line_range(language: str, start: int, end: int, text: str = "") -> str:
    """"lines 3–5" / "line 3" in the answer's language ("第 3–5 行" in Chinese)."""
    span = str(start) if start == end else f"{start}–{end}"
    key = "line" if start == end else "lines"
    word = label(key, language, text)
    if language_variant(language, text) in ("zh", "zh-hant"):
        return f"{word} {span} 行"
    return f"{word} {span}"
