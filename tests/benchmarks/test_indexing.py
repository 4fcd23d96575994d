"""benchmarks/indexing.py: a from-scratch index measured by stage, on the seed corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_stages_account_for_the_whole_index(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "indexing.py"), str(ROOT / "corpus"),
                    "--runtimes", "onnx", "--json", str(out)], check=True, cwd=tmp_path,
                   capture_output=True, text=True, timeout=600)
    [row] = json.loads(out.read_text())
    assert row["runtime"] == "onnx" and row["files"] == 4 and row["chunks"] > 0
    # No vector cache: every distinct chunk and sentence text is embedded, with its tokens counted.
    assert row["texts_embedded"] > row["chunks"] and row["tokens_embedded"] > row["texts_embedded"]
    parts = row["embed_s"] + row["store_writes_s"] + row["other_s"]
    assert abs(parts - row["index_corpus_s"]) <= 0.15
    assert row["wall_s"] >= row["index_corpus_s"] > 0
    assert row["extracted_mb"] > 0 and row["peak_mb"] > 100
