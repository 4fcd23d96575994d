"""One error tree: every error the library raises on purpose is a RagError, of one of two kinds."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import rag
from rag import errors

ROOT = Path(__file__).resolve().parents[2]


def test_every_library_error_is_a_user_or_a_backend_error() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, Exception) and c.__module__ == "rag.errors"]
    assert len(classes) >= 12
    for cls in classes:
        if cls not in (errors.RagError, errors.UserError, errors.BackendError):
            assert issubclass(cls, errors.UserError) != issubclass(cls, errors.BackendError), cls
    assert all(c.component != errors.BackendError.component for c in classes
               if issubclass(c, errors.BackendError) and c is not errors.BackendError
               and errors.BackendError in c.__bases__)


def test_the_public_surface_exports_the_tree() -> None:
    for name in ("RagError", "UserError", "BackendError", "StoreError", "GeneratorError"):
        assert getattr(rag, name) is getattr(errors, name)


def test_no_error_class_is_defined_outside_the_tree() -> None:
    """Public exception classes live in rag/errors.py (a private helper may stay local)."""
    stray = []
    for path in (ROOT / "rag").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and any(
                    isinstance(b, ast.Name) and b.id.endswith(("Error", "Exception"))
                    for b in node.bases):
                stray.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert stray == []
