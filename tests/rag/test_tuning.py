"""rag/tuning.py is read by name from many modules: a name assigned twice silently changes every
reader of the first (a new constant once reused the retrieval fusion weight's name)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import rag.tuning


def test_every_tuned_number_is_assigned_once_and_documented() -> None:
    tree = ast.parse(Path(rag.tuning.__file__).read_text(encoding="utf-8"))
    body = tree.body
    names = [t.id for node in body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)]
    assert [n for n, c in Counter(names).items() if c > 1] == []
    for i, node in enumerate(body):
        if isinstance(node, ast.Assign) and i + 1 < len(body):
            following = body[i + 1]
            documented = isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
            assert documented, f"{ast.unparse(node.targets[0])} has no docstring"
