"""German: recognised and abstained in, not yet served (no question words, no quote note)."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="de",
    english_name="German",
    phrases=Phrases(abstain="Die Dokumente beantworten diese Frage nicht."),
    function_words=frozenset(
        "der die das ein eine ist sind was wer wann wo warum wie wieviel viel und in zu mit von für "
        "den dem nicht auch".split()),
)
