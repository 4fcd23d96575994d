"""Portuguese: recognised and abstained in, not yet served (no question words, no quote note)."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="pt",
    english_name="Portuguese",
    phrases=Phrases(abstain="Os documentos não respondem a esta pergunta."),
    function_words=frozenset(
        "o a os as um uma é são que quem quando onde por como quanto de do da e em para com "
        "não".split()),
)
