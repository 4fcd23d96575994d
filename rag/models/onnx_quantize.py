"""int8 weights for the exported e5, with the few matrix products int8 would spoil kept in float32.

Dynamic quantisation rounds each product's input to 256 levels at one scale per call. Where an input
has a few channels hundreds of times larger than the rest (in e5, the feed-forward outputs after
GELU of some layers), the other channels are left a handful of levels, and all-int8 vectors ranked
and abstained worse than float32 ones. Most of that loss came from one product; kept in float32,
it cost a few percent of the speed (README: "Indexing speed").

Which products is measured, not named: they are kept in float32 in order of how extreme their input
is (its largest value over its root mean square, on rag.models.calibration's sentences) until those
sentences' int8 vectors agree with their float32 ones to `TARGET`.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np

from rag.models.calibration import SENTENCES

log = logging.getLogger(__name__)

TARGET = 0.998
"""Mean cosine of the calibration sentences' int8 vectors to their float32 ones. Chosen on the seed
gold set, between the agreement of an export that answered worse than float32 and of one that did
not; reported on the KiCad set (README: "Indexing speed")."""
MOST_KEPT = 12
"""Products kept in float32 at most (of 72): past this, int8 would not be worth its loss."""


def quantize(plain: Path, out: Path, tokenizer: Path, prefix: str) -> list[str]:
    """Write the int8 model of `plain` to `out`; the names of the products kept in float32.
    `prefix` leads every calibration sentence, as it leads the passages the model embeds."""
    ids = _token_ids(tokenizer, prefix)
    reference, spread = _measure(plain, ids)
    order = sorted(spread, key=lambda name: -spread[name])
    kept: list[str] = []
    while True:
        _quantize(plain, out, kept)
        agreement = _agreement(out, ids, reference)
        log.info("int8 embedder with %d products in float32: cosine %.5f to float32",
                 len(kept), agreement)
        if agreement >= TARGET or len(kept) >= min(MOST_KEPT, len(order)):
            return kept
        kept.append(order[len(kept)])


def _token_ids(tokenizer: Path, prefix: str) -> list[np.ndarray]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer))
    return [np.array([tok.encode(prefix + s).ids], dtype=np.int64) for s in SENTENCES]


def _session(path: Path):  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.enable_cpu_mem_arena = False
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _pooled(hidden: np.ndarray) -> np.ndarray:
    """One sentence a call, no padding: the mean over its tokens, unit length."""
    v = hidden[0].mean(axis=0)
    return v / np.linalg.norm(v)


def _vectors(model: Path, ids: list[np.ndarray]) -> np.ndarray:
    session = _session(model)
    return np.stack([_pooled(session.run(["hidden"], {"input_ids": x, "attention_mask":
                                                       np.ones_like(x)})[0]) for x in ids])


def _agreement(model: Path, ids: list[np.ndarray], reference: np.ndarray) -> float:
    """Mean cosine of `model`'s vectors of the calibration sentences to the float32 `reference`."""
    return float(np.mean(np.sum(_vectors(model, ids) * reference, axis=1)))


def _measure(plain: Path, ids: list[np.ndarray]) -> tuple[np.ndarray, dict[str, float]]:
    """The float32 vectors of the calibration sentences, and for each product with a weight
    matrix, its input's largest value over its root mean square (median over the sentences)."""
    import onnx

    model = onnx.load(str(plain))
    weights = {w.name for w in model.graph.initializer}
    products = {n.name: n.input[0] for n in model.graph.node
                if n.op_type == "MatMul" and n.input[1] in weights}
    inputs = sorted(set(products.values()))
    for name in inputs:  # read every product's input as an output of the graph
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT,
                                                                     None))
    with tempfile.TemporaryDirectory(dir=plain.parent) as tmp:
        probe = Path(tmp) / "probe.onnx"
        onnx.save(model, str(probe))
        del model
        session = _session(probe)
        ratios: dict[str, list[float]] = {name: [] for name in inputs}
        vectors = []
        for x in ids:
            hidden, *seen = session.run(["hidden", *inputs],
                                        {"input_ids": x, "attention_mask": np.ones_like(x)})
            vectors.append(_pooled(hidden))
            for name, value in zip(inputs, seen, strict=True):
                ratios[name].append(float(np.abs(value).max() / (np.sqrt(np.mean(value ** 2))
                                                                 or 1.0)))
    return np.stack(vectors), {p: float(np.median(ratios[i])) for p, i in products.items()}


def _quantize(plain: Path, out: Path, kept: list[str]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Matrix products only: a quantised word-embedding table would be dequantised whole (~400 MB)
    # on every call.
    quantize_dynamic(str(plain), str(out), op_types_to_quantize=["MatMul"],
                     weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=kept)
