"""A corpus with three collections and keys scoped to them, for the access, rate-limit and audit
tests: the seed documents at the top (`default`), a leave policy in `hr/`, a budget in `finance/`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rag.assistant import Assistant
from rag.models.embedder import Embedder
from rag.settings import Settings
from tests.conftest import CORPUS

HR_DOC = "hr/leave.md"
HR_TEXT = ("# Annual leave\n\nEvery employee of Orbisoft receives 27 days of paid annual leave a "
           "year. Unused leave days may be carried over until the end of March.\n")
HR_QUESTION = "How many days of paid annual leave does an Orbisoft employee receive?"
FINANCE_DOC = "finance/budget.md"
FINANCE_TEXT = ("# Budget 2027\n\nThe Orbisoft travel budget for 2027 is 3.4 million euros, "
                "approved by the board in November.\n")
DEFAULT_DOC = sorted(p.name for p in CORPUS.iterdir())[0]

SECRETS = {"hr": "hr-secret-0123456789", "reader": "reader-secret-0123456789",
           "admin": "admin-secret-0123456789", "editor": "editor-secret-0123456789"}
GRANTS = {
    SECRETS["hr"]: {"id": "hr-bot", "collections": ["hr"]},
    SECRETS["reader"]: {"id": "reader", "collections": ["default", "finance"]},
    SECRETS["admin"]: {"id": "admin", "collections": ["*"], "upload": True, "delete": True},
    SECRETS["editor"]: {"id": "editor", "collections": ["hr", "finance"], "upload": True,
                        "delete": True},
}


def keys_json(**rates: str) -> str:
    """RAG_API_KEYS for the keys above; `rates` by id ({"hr-bot": "3/2s"})."""
    grants = {secret: {**grant, **({"rate": rates[grant["id"]]} if grant["id"] in rates else {})}
              for secret, grant in GRANTS.items()}
    return json.dumps(grants)


def bearer(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {SECRETS[who]}"}


def scoped_library(base: Settings, embedder: Embedder, root: Path) -> Assistant:
    """The seed corpus plus one document in each of `hr/` and `finance/`, indexed under `root`."""
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    for path, text in ((HR_DOC, HR_TEXT), (FINANCE_DOC, FINANCE_TEXT)):
        (corpus / path).parent.mkdir(parents=True, exist_ok=True)
        (corpus / path).write_text(text, encoding="utf-8")
    assistant = Assistant(base.replace(corpus_path=corpus, index_path=root / "index"),
                          embedder=embedder)
    assistant.index()
    return assistant


def corpus_texts(assistant: Assistant) -> list[str]:
    """Every indexed document's stored text (what a citation quotes)."""
    return [assistant.document_text(r.path).text for r in assistant.documents()]


def shares_40_chars(haystack: str, texts: list[str]) -> str | None:
    """A 40-character run of any of `texts` found in `haystack`, or None."""
    runs = {t[i:i + 40] for t in texts for i in range(max(0, len(t) - 39))}
    return next((haystack[i:i + 40] for i in range(max(0, len(haystack) - 39))
                 if haystack[i:i + 40] in runs), None)
