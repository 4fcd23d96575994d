"""The evaluation report: `report.md` (how the run was made, the bars, the tables) and a PNG chart.

The report is committed next to the code it measured, so it records what a reader needs to trust
or reproduce it: the exact command, date, generator and machine. The chart is drawn with
matplotlib's object API on an Agg canvas, never pyplot, so it works headless and leaves no global
backend state behind in the process that called it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.scoring import BARS, LANGUAGE_ORDER, METRICS
from rag.evaluation.tables import (
    LABELS,
    Rows,
    fmt,
    language_rows,
    overall_rows,
    skipped_of,
    systems_of,
)

CHART_NAME = "scores_by_language.png"
CHART_METRICS = ("answered_correctly", "citation_precision", "abstention_accuracy", "mrr")

DEFINITIONS = """\
- **answered correctly**: answerable items whose answer is not an abstention, matches every fact
  group of the gold item, and cites at least one gold line (the headline figure).
- **fact accuracy** / **citation correct**: the two halves of that, separately.
- **citation precision**: citations on a gold line / all citations, pooled over answerable items.
- **quote validity**: citations whose quote is exactly the corpus file's text at their span / all
  citations.
- **abstention accuracy**: unanswerable items answered with an abstention; **false abstention**:
  answerable items answered with one.
- **language match**: answers whose `language` is the question's language.
- **hit@n**, **MRR**: rank of the first retrieved passage on a gold line (answerable items);
  **recall@k**: share of an item's gold files covered by the top k passages.
- A passage or citation is on a gold line when its line range contains one; for the duplicated
  article every copy is listed, so either copy counts.
- Latency is per question, end to end (condense, retrieve, generate, check).
- Per-language column heads: correct = answered correctly, facts = fact accuracy, cit.prec =
  citation precision, abst.acc = abstention accuracy, false abst = false abstention, lang ok =
  language match, R@k = recall@k.
- BM25 and dense baselines: the assistant's own pipeline (same chunks, generator and citation
  check) with only lexical or only dense retrieval.
- llama-index baseline: a stock `CitationQueryEngine` (default `SentenceSplitter`,
  `VectorStoreIndex`, `similarity_top_k=2`, its own citation prompt and 512-token citation
  chunks) on the same e5 embedder and the same local Qwen GGUF (temperature 0). It is asked only
  the last user turn; its retrieved passages are the citation chunks it was given; `[n]` or
  `Source n` in its answer cites chunk n; it has no abstention flag, so an answer counts as
  abstained when it says the sources do not answer."""



def markdown_table(rows: Rows) -> str:
    header, body = rows

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *(line(r) for r in body)])


def bars_table(overall: Mapping[str, Any]) -> str:
    rows = []
    for key, op, threshold in BARS:
        value = overall.get(key)
        met = value is not None and (value >= threshold if op == ">=" else value <= threshold)
        rows.append([LABELS[key], f"{op} {threshold}", fmt(key, value), "yes" if met else "**no**"])
    return markdown_table((["metric", "bar", "measured", "met"], rows))


def write_chart(systems: Mapping[str, Mapping[str, Any]], path: Path) -> Path:
    """Grouped bars: one panel per metric, languages (and "all") on x, one bar per system."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    present = {lang for s in systems.values() for lang in s["by_language"]}
    groups = [x for x in LANGUAGE_ORDER if x in present] + sorted(present - set(LANGUAGE_ORDER))
    groups.append("all")
    figure = Figure(figsize=(12, 7.5), layout="constrained")
    FigureCanvasAgg(figure)
    width = 0.8 / max(1, len(systems))
    for panel, key in enumerate(CHART_METRICS, 1):
        axes = figure.add_subplot(2, 2, panel)
        for n, (label, summary) in enumerate(systems.items()):
            values = [(summary["overall"] if g == "all" else summary["by_language"].get(g, {}))
                      .get(key) for g in groups]
            xs = [i + (n - (len(systems) - 1) / 2) * width for i in range(len(groups))]
            axes.bar(xs, [v or 0.0 for v in values], width, label=label)
            for x, v in zip(xs, values, strict=True):
                if v is None:
                    axes.text(x, 0.02, "n/a", ha="center", va="bottom", fontsize=6, rotation=90)
        axes.set_title(LABELS[key])
        axes.set_xticks(range(len(groups)), groups)
        axes.set_ylim(0, 1.05)
        axes.grid(axis="y", alpha=0.3)
    handles, labels = figure.axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=max(1, len(systems)))
    figure.suptitle("Scores by language and system")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    return path


def render(result: Mapping[str, Any]) -> str:
    """The Markdown text of the report for one harness result."""
    run = result["run"]
    systems = systems_of(result)
    scope = f"{run['items']} items" + (f" (limited to {run['limit']})" if run.get("limit") else "")
    lines = [
        "# Evaluation report", "",
        f"- Command: `{run['command']}`",
        f"- Date: {run['date']}",
        f"- Gold set: `{run['gold']}`, {scope}",
        f"- Generator (main system and BM25/dense baselines): `{run['generator']}`; top_k "
        f"{run['top_k']}",
        f"- Machine: {run['machine']}",
    ]
    if run.get("llama_index_limit"):
        lines.append(f"- The llama-index baseline ran on at most {run['llama_index_limit']} items "
                     "(one LLM call each), taken across languages and item kinds; the main "
                     "system's figures on the same items are shown beside it.")
    for label, summary in systems.items():
        lines.append(f"- {label}: retrieval `{summary.get('mode', 'hybrid')}`, generator "
                     f"`{summary.get('generator', run['generator'])}`"
                     + (f", {summary['seconds']} s" if "seconds" in summary else ""))
    lines += [f"- {name}: skipped ({reason})" for name, reason in skipped_of(result).items()]
    lines += [f"- **{label} abstained on every answerable question**: its answer figures say "
              "nothing about its answers, only its retrieval figures are informative."
              for label, summary in systems.items()
              if summary["overall"].get("false_abstention") == 1.0]
    lines += ["", "## Quality bars (main system)", "", bars_table(result["summary"]["overall"]),
              "", "## Overall", "", markdown_table(overall_rows(systems)),
              "", "## By language", "", markdown_table(language_rows(systems)),
              "", f"![scores by language]({CHART_NAME})", "", "## How the figures are computed",
              "", DEFINITIONS, ""]
    return "\n".join(lines)


def corpora_table(results: Sequence[Mapping[str, Any]]) -> str:
    """The main system's overall figures on each corpus, one column a corpus."""
    heads = ["metric", *(f"`{Path(r['run'].get('corpus', '?')).name}` ({r['run']['items']} items, "
                         f"`{r['run']['generator']}`)" for r in results)]
    rows = [[label, *(fmt(key, r["summary"]["overall"].get(key)) for r in results)]
            for key, label in METRICS if any(key in r["summary"]["overall"] for r in results)]
    return markdown_table((heads, rows))


def write_report(result: Mapping[str, Any], report_dir: Path,
                 others: Sequence[Mapping[str, Any]] = ()) -> Path:
    """Write `report.md` and the chart into `report_dir`; returns the Markdown file's path. Runs on
    other corpora (`others`) are put side by side with this one."""
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    try:
        write_chart(systems_of(result), report_dir / CHART_NAME)
    except ImportError:  # matplotlib comes with the `eval` extra; the tables do not need it
        (report_dir / CHART_NAME).unlink(missing_ok=True)
    path = report_dir / "report.md"
    text = render(result)
    if others:
        text += "\n## Corpora side by side (main system)\n\n" + corpora_table([result, *others]) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
