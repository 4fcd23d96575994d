"""Spanish: recognised and abstained in, not yet served (no question words, no quote note)."""

from rag.text.lexicons.shape import Lexicon, Phrases

LEXICON = Lexicon(
    code="es",
    english_name="Spanish",
    phrases=Phrases(abstain="Los documentos no responden a esta pregunta."),
    function_words=frozenset(
        "el la los las un una es son qué quién cuándo dónde por qué cómo cuánto de del y en para con "
        "que se lo".split()),
)
