"""Item-by-item differences between two `rag eval --json` runs: did a change alter any answer?

    python benchmarks/compare_runs.py BEFORE.json AFTER.json [--scores]

For every gold item in both runs it compares what the system said (answer text, abstention,
language, generator), what it cited (file, span, quote, in order) and what it retrieved (file and
span of each passage, in order; with --scores also their scores). Latencies are never compared.
Exit status 0 when nothing differs, 1 otherwise, so a refactoring can be checked in one command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ANSWER_KEYS = ("answer", "abstained", "language", "generator")


def _citations(item: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["ref"], c["file"], c["start_char"], c["end_char"], c["quote"])
            for c in item.get("citations", [])]


def _retrieved(item: dict[str, Any], scores: bool) -> list[tuple[Any, ...]]:
    return [(p["file"], p["start_char"], p["end_char"], *((p["score"],) if scores else ()))
            for p in item.get("retrieved", [])]


def differences(before: dict[str, Any], after: dict[str, Any], scores: bool = False) -> list[str]:
    """One line per differing field of each item, plus items present in one run only."""
    old = {i["id"]: i for i in before["items"]}
    new = {i["id"]: i for i in after["items"]}
    out = [f"{i}: only in the first run" for i in old.keys() - new.keys()]
    out += [f"{i}: only in the second run" for i in new.keys() - old.keys()]
    for item_id in sorted(old.keys() & new.keys()):
        a, b = old[item_id], new[item_id]
        for key in ANSWER_KEYS:
            if a.get(key) != b.get(key):
                out.append(f"{item_id}: {key}: {a.get(key)!r} -> {b.get(key)!r}")
        if _citations(a) != _citations(b):
            out.append(f"{item_id}: citations: {_citations(a)} -> {_citations(b)}")
        if _retrieved(a, scores) != _retrieved(b, scores):
            out.append(f"{item_id}: retrieved: {_retrieved(a, scores)} -> {_retrieved(b, scores)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--scores", action="store_true", help="also compare retrieval scores")
    args = parser.parse_args()
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    found = differences(before, after, args.scores)
    shared = len({i["id"] for i in before["items"]} & {i["id"] for i in after["items"]})
    for line in found:
        print(line)
    print(f"{shared} items compared: {'no differences' if not found else f'{len(found)} differences'}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
