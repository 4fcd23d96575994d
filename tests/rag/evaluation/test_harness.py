"""The harness on the real indexed corpus: output contract, re-scoring, baselines, report, CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
from llama_index.core.llms import CustomLLM
from llama_index.core.llms.callbacks import llm_completion_callback
from rich.console import Console

from rag.evaluation.baselines import parse_baselines, select_items, with_retrieval
from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import GoldItem, validate_gold
from rag.evaluation.harness import evaluate, run_cli
from rag.evaluation.llamaindex_baseline import cited_refs, run_llama_index
from rag.evaluation.llamaindex_parts import AssistantEmbedding
from rag.evaluation.report import CHART_NAME, write_report
from rag.evaluation.scoring import RAW_KEYS, score_item, summarize
from rag.schema import Message

A0, A1 = "000_1711ad7f7b3f2517.txt", "001_52f91c2df59d381d.txt"
ITEMS = [
    GoldItem(id="h1", lang="en",
             question="Which company's open-source model family is Meta's Avocado being fine-tuned from?",
             facts=[["qwen", "千問", "千问", "alibaba", "阿里巴巴"]],
             support={A0: [1, 13, 15, 21, 33, 35], A1: [10]}),
    GoldItem(id="h2", lang="zh", question="Meta 在未來三年為美國 AI 基礎設施預留了多少資金?",
             facts=[["(?<!\\d)600(?!\\d|\\s*[億亿])", "6[,，]?000\\s*[億亿]", "六千[億亿]"]],
             support={A1: [14]}),
    GoldItem(id="h3", lang="en", answerable=False,
             question="How many parameters does Meta's Avocado model have?"),
    GoldItem(id="h4", lang="en", messages=[
        Message(role="user", content="What is Avocado in the context of Meta?"),
        Message(role="assistant", content="Avocado is the internal code name of Meta's "
                "next-generation large language model, sold as a closed, paid model."),
        Message(role="user", content="When is it expected to launch?")],
        facts=[["2026"], ["spring", "printemps", "musim semi", "春"]], support={A1: [6, 18]}),
]
ITEM_KEYS = {"id", "lang", "question", "answerable", "answer", "abstained", "language", "generator",
             "citations", "retrieved", "fact_ok", "cited_ok", "citation_precision", "quotes_valid",
             "language_ok", "latency_ms", "retrieval_rank", "retrieval_recall"}
PASSAGE_KEYS = {"file", "start_line", "end_line", "start_char", "end_char", "text", "score"}
CITATION_KEYS = {"ref", "file", "start_line", "end_line", "start_char", "end_char", "quote", "score"}


class FixedLLM(CustomLLM):
    """An instant llama-index LLM with a fixed reply: runs the real engine without a model."""

    reply: str = ""

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=4096, num_output=256, model_name="fixed")

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self.reply)

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
        yield CompletionResponse(text=self.reply, delta=self.reply)


@pytest.fixture(scope="module")
def small_run(assistant: Any) -> dict[str, Any]:
    return evaluate(assistant, ITEMS, generator="extractive")


def rescored(run: dict[str, Any], corpus: CorpusFiles) -> dict[str, Any]:
    """Re-judge the JSON form of a run from its raw fields only."""
    items = {i.id: i for i in ITEMS}
    data = json.loads(json.dumps(run))
    k = data["summary"]["k"]
    records = [score_item(items[r["id"]], {key: r[key] for key in RAW_KEYS}, corpus, k)
               for r in data["items"]]
    return summarize(records, k)


def test_hand_made_items_are_valid_gold(corpus_dir: Path) -> None:
    assert validate_gold(ITEMS, corpus_dir) == []


def test_evaluate_output_follows_the_contract(small_run: dict[str, Any], corpus_dir: Path) -> None:
    corpus = CorpusFiles(corpus_dir)
    assert [r["id"] for r in small_run["items"]] == ["h1", "h2", "h3", "h4"]
    for record in small_run["items"]:
        assert set(record) >= ITEM_KEYS
        assert record["generator"] == "extractive"
        assert record["retrieved"], record["id"]
        for p in record["retrieved"]:
            assert PASSAGE_KEYS <= set(p) <= PASSAGE_KEYS | {"page", "page_end", "section"}
            assert corpus.text(p["file"])[p["start_char"]:p["end_char"]] == p["text"]
        for c in record["citations"]:
            assert CITATION_KEYS <= set(c) <= CITATION_KEYS | {"page", "page_end", "section", "header"}
            assert f"[{c['ref']}]" in record["answer"]
        if record["abstained"]:
            assert record["citations"] == []
    h1, _, h3, h4 = small_run["items"]
    assert h1["retrieval_rank"] is not None and h1["retrieval_recall"] in (0.5, 1.0)
    assert h3["fact_ok"] is None and h3["retrieval_rank"] is None
    assert h4["question"] == "When is it expected to launch?"
    summary = small_run["summary"]
    assert summary["system"] == "main" and summary["mode"] == "hybrid" and summary["k"] == 5
    assert summary["overall"]["n"] == 4 and summary["overall"]["unanswerable"] == 1
    assert list(summary["by_language"]) == ["en", "zh"]
    assert summary["by_language"]["zh"]["n"] == 1


def test_rescoring_the_json_gives_the_same_summary(small_run: dict[str, Any],
                                                   corpus_dir: Path) -> None:
    again = rescored(small_run, CorpusFiles(corpus_dir))
    assert again == {key: small_run["summary"][key] for key in ("k", "overall", "by_language")}


def test_lexical_mode_retrieves_differently(assistant: Any) -> None:
    run = evaluate(with_retrieval(assistant, "lexical"), ITEMS[:1], generator="extractive")
    assert run["summary"]["system"] == "lexical"
    assert run["items"][0]["retrieved"][0]["score"] == 1.0  # BM25 scaled so the best is 1


def test_assistant_embedding_is_the_assistant_embedder(embedder: Any) -> None:
    wrapped = AssistantEmbedding(embedder)
    query = np.array(wrapped.get_query_embedding("Siapa CEO Meta?"))
    text = np.array(wrapped.get_text_embedding("Mark Zuckerberg est le PDG de Meta."))
    assert np.allclose(query, embedder.embed_queries(["Siapa CEO Meta?"])[0], atol=1e-6)
    assert np.allclose(text, embedder.embed_passages(["Mark Zuckerberg est le PDG de Meta."])[0],
                       atol=1e-6)
    assert not np.allclose(query, embedder.embed_passages(["Siapa CEO Meta?"])[0], atol=1e-3)


def test_llama_index_engine_citations_map_to_corpus_spans(assistant: Any,
                                                          corpus_dir: Path) -> None:
    llm = FixedLLM(reply="Avocado is fine-tuned from Alibaba's Qwen [1]. Also [1, 9].")
    run = run_llama_index(assistant, ITEMS[:1], llm=llm)
    record = run["items"][0]
    corpus = CorpusFiles(corpus_dir)
    assert len(record["retrieved"]) >= 1 and record["abstained"] is False
    for p in record["retrieved"]:
        assert corpus.text(p["file"])[p["start_char"]:p["end_char"]] == p["text"]
        text = corpus.text(p["file"])
        assert text[:p["start_char"]].count("\n") + 1 == p["start_line"]
        assert text[:p["end_char"] - 1].count("\n") + 1 == p["end_line"]
    assert [c["ref"] for c in record["citations"]] == [1]  # [9] has no source node
    assert record["citations"][0]["quote"] == record["retrieved"][0]["text"]
    assert record["quotes_valid"] is True and record["fact_ok"] is True
    assert run["summary"]["generator"] == "llama-index + fixed"


def test_cited_refs_reads_markers_and_source_labels() -> None:
    assert cited_refs("A [2]. B [1, 3]. C [2].") == [2, 1, 3]
    assert cited_refs("According to Source 2, X. [Source 4] Y [1].") == [2, 4, 1]
    assert cited_refs("Sources 1 and 3 agree.") == [1, 3]
    assert cited_refs("No citation here, 2023 [sic].") == []


def test_llama_index_refusal_counts_as_abstention(assistant: Any) -> None:
    llm = FixedLLM(reply="None of the sources mention the number of parameters.")
    record = run_llama_index(assistant, ITEMS[2:3], llm=llm)["items"][0]
    assert record["abstained"] is True and record["citations"] == []


def test_select_items_round_robin_by_language() -> None:
    items = [GoldItem(id=f"{lang}{n}", lang=lang, question="?", answerable=False)
             for lang in ("en", "id", "zh", "fr") for n in range(3)]
    assert [i.id for i in select_items(items, 6)] == ["en0", "en1", "id0", "id1", "zh0", "fr0"]
    assert select_items(items, None) == items and select_items(items, 99) == items
    mixed = [GoldItem(id="s1", lang="fr", question="?", facts=[["x"]], support={A0: [1]}),
             GoldItem(id="s2", lang="fr", question="?", facts=[["x"]], support={A0: [1]}),
             GoldItem(id="u1", lang="fr", question="?", answerable=False),
             GoldItem(id="m1", lang="fr", messages=[Message(role="user", content="?")],
                      facts=[["x"]], support={A0: [1]}),
             GoldItem(id="e1", lang="en", question="?", answerable=False)]
    assert [i.id for i in select_items(mixed, 4)] == ["s1", "u1", "m1", "e1"]


def test_parse_baselines() -> None:
    assert [s.name for s in parse_baselines(None)] == ["bm25", "dense", "llama_index"]
    assert [s.name for s in parse_baselines("dense, bm25")] == ["bm25", "dense"]
    assert parse_baselines("none") == []
    with pytest.raises(ValueError, match="unknown baseline"):
        parse_baselines("bm25,sparse")


def test_report_writes_markdown_and_chart(small_run: dict[str, Any], tmp_path: Path) -> None:
    result = {"run": {"command": "rag eval --report X", "date": "2025-01-01T00:00:00+00:00",
                      "gold": "g.jsonl", "items": 4, "limit": None, "llama_index_limit": None,
                      "generator": "extractive", "top_k": 5, "machine": "2 CPU cores"},
              "summary": small_run["summary"], "items": small_run["items"],
              "baselines": {"dense": small_run, "llama_index": {"skipped": "no model here"}}}
    path = write_report(result, tmp_path / "report")
    text = path.read_text(encoding="utf-8")
    assert "`rag eval --report X`" in text and "2 CPU cores" in text
    assert "| metric | main | dense |" in text
    assert "llama_index: skipped (no model here)" in text
    assert f"![scores by language]({CHART_NAME})" in text
    png = (tmp_path / "report" / CHART_NAME).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def write_gold(path: Path, items: list[GoldItem]) -> Path:
    path.write_text("".join(i.model_dump_json(exclude_none=True) + "\n" for i in items),
                    encoding="utf-8")
    return path


def test_run_cli_end_to_end_with_fast_baselines(assistant: Any, base_settings: Any,
                                                tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", [ITEMS[0], ITEMS[2]])
    out = io.StringIO()
    result = run_cli(base_settings, gold=gold, generator="extractive",
                     json_out=tmp_path / "runs" / "out.json", report_dir=tmp_path / "report",
                     console=Console(file=out, width=200), only="bm25,dense", command="rag eval t")
    written = json.loads((tmp_path / "runs" / "out.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(result))
    assert set(written) == {"run", "summary", "items", "baselines"}
    assert set(written["baselines"]) == {"bm25", "dense"}
    for run in (written, *written["baselines"].values()):
        assert [r["id"] for r in run["items"]] == ["h1", "h3"]
        assert run["summary"]["overall"]["n"] == 2
    assert written["baselines"]["bm25"]["summary"]["mode"] == "lexical"
    console = out.getvalue()
    assert "Overall" in console and "By language" in console and "BM25" in console
    assert (tmp_path / "report" / "report.md").read_text(encoding="utf-8").count("| en |") == 3
    assert (tmp_path / "report" / CHART_NAME).stat().st_size > 0


def test_run_cli_skips_llama_index_without_a_model(assistant: Any, base_settings: Any,
                                                   tmp_path: Path) -> None:
    settings = base_settings.replace(llama_model_path=tmp_path / "none.gguf")
    out = io.StringIO()
    result = run_cli(settings, gold=write_gold(tmp_path / "g.jsonl", [ITEMS[2]]),
                     generator="extractive", console=Console(file=out, width=200),
                     only=["llama_index"])
    assert "skipped" in result["baselines"]["llama_index"]
    assert "skipping the llama-index baseline" in out.getvalue()


def test_run_cli_refuses_a_faulty_gold_file(base_settings: Any, tmp_path: Path) -> None:
    bad = ITEMS[0].model_copy(update={"support": {A1: [999]}})
    out = io.StringIO()
    with pytest.raises(typer.Exit) as exc:
        run_cli(base_settings, gold=write_gold(tmp_path / "bad.jsonl", [bad]),
                console=Console(file=out, width=200))
    assert exc.value.exit_code == 2
    assert "outside the file" in out.getvalue()
