"""The comparison tables, as plain rows, so the console (rich) and the report (Markdown) show the
very same cells and cannot disagree about a figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from rag.evaluation.baselines import BY_NAME
from rag.evaluation.scoring import LANGUAGE_ORDER, METRICS

LANGUAGE_METRICS = ("answered_correctly", "fact_accuracy", "citation_precision",
                    "abstention_accuracy", "false_abstention", "language_match", "answer_in_language",
                    "mrr", "recall@k")
LABELS = dict(METRICS)
SHORT = {"answered_correctly": "correct", "fact_accuracy": "facts", "citation_precision": "cit.prec",
         "abstention_accuracy": "abst.acc", "false_abstention": "false abst", "language_match": "lang ok",
         "answer_in_language": "in lang",
         "mrr": "MRR", "recall@k": "R@k"}
"""Column heads of the per-language table, short enough for an 80-column terminal."""

Rows = tuple[list[str], list[list[str]]]


def systems_of(result: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Display label → summary for every system that ran, main first, baselines in run order.

    When the llama-index baseline ran on fewer items than the others, the main system's figures on
    exactly those items are put right before it, the only fair comparison with it.
    """
    systems = {BY_NAME["main"].label: result["summary"]}
    for name, run in result.get("baselines", {}).items():
        if "summary" not in run:
            continue
        label = BY_NAME[name].label if name in BY_NAME else name
        same = run["summary"].get("main_on_same_items")
        if same is not None:
            systems[f"main ({same['overall']['n']} items)"] = same
        systems[label] = run["summary"]
    return systems


def skipped_of(result: Mapping[str, Any]) -> dict[str, str]:
    """Baseline name → why it did not run."""
    return {name: run["skipped"] for name, run in result.get("baselines", {}).items()
            if "skipped" in run}


def fmt(key: str, value: Any) -> str:
    if value is None:
        return "–"
    if key.startswith("latency"):
        return f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.3f}"


def overall_rows(systems: Mapping[str, Mapping[str, Any]]) -> Rows:
    header = ["metric", *systems]
    rows = [["items (answerable / unanswerable)",
             *(f"{s['overall']['n']} ({s['overall']['answerable']} / "
               f"{s['overall']['unanswerable']})" for s in systems.values())]]
    for key, label in METRICS:
        if key == "recall@k":
            label = "recall@" + "/".join(dict.fromkeys(str(s["k"]) for s in systems.values()))
        rows.append([label, *(fmt(key, s["overall"].get(key)) for s in systems.values())])
    return header, rows


def language_rows(systems: Mapping[str, Mapping[str, Any]]) -> Rows:
    header = ["lang", "system", "n", *(SHORT[k] for k in LANGUAGE_METRICS)]
    present = {lang for s in systems.values() for lang in s["by_language"]}
    order = [x for x in LANGUAGE_ORDER if x in present] + sorted(present - set(LANGUAGE_ORDER))
    rows = []
    for lang in order:
        for label, summary in systems.items():
            group = summary["by_language"].get(lang)
            if group is not None:
                rows.append([lang, label, str(group["n"]),
                             *(fmt(k, group.get(k)) for k in LANGUAGE_METRICS)])
    return header, rows


def rich_table(title: str, rows: Rows, first_columns: int = 1) -> Table:
    header, body = rows
    table = Table(title=title, title_justify="left")
    for n, name in enumerate(header):
        table.add_column(name, justify="left" if n < first_columns else "right")
    previous = None
    for row in body:
        if first_columns > 1 and previous is not None and row[0] != previous:
            table.add_section()
        previous = row[0]
        table.add_row(*row)
    return table


def print_tables(result: Mapping[str, Any], console: Console) -> None:
    """Overall and per-language tables of every system that ran, then why others did not."""
    systems = systems_of(result)
    console.print(rich_table("Overall", overall_rows(systems)))
    console.print(rich_table("By language", language_rows(systems), first_columns=2))
    for name, reason in skipped_of(result).items():
        console.print(f"[yellow]{name} skipped:[/] {reason}", highlight=False)
