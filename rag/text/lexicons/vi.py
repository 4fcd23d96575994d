"""Vietnamese: recognised only (answers and abstentions fall back to English)."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="vi",
    english_name="Vietnamese",
    phrases=Phrases(abstain=None),
    function_words=frozenset("là của và các những có không được cho với này người gì ai khi".split()),
)
