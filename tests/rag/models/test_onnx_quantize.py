"""The int8 embedder keeps in float32 the products int8 would spoil, found by measuring."""

import json
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer

from rag.models import onnx_quantize
from rag.models.e5_convert import ensure_e5_model
from rag.models.embedder import load_embedder
from rag.models.onnx_embedder import ensure_onnx_model
from rag.models.onnx_quantize import TARGET, quantize
from rag.settings import Settings

WIDTH = 32


def _two_products(path: Path, vocabulary: int) -> None:
    """hidden = (table[ids] @ A) @ B, where every row of the table has one channel a thousand
    times the others and A drops it: the input of A is all outlier, the input of B is plain."""
    rng = np.random.default_rng(0)
    table = rng.normal(0, 1, (vocabulary, WIDTH)).astype(np.float32)
    table[:, 0] = 1000.0
    a = rng.normal(0, 0.2, (WIDTH, WIDTH)).astype(np.float32)
    a[0] = 0.0
    b = rng.normal(0, 0.2, (WIDTH, WIDTH)).astype(np.float32)
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])
    mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])
    hidden = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", WIDTH])
    nodes = [helper.make_node("Gather", ["table", "input_ids"], ["rows"]),
             helper.make_node("MatMul", ["rows", "A"], ["middle"], name="a"),
             helper.make_node("MatMul", ["middle", "B"], ["hidden"], name="b")]
    weights = [numpy_helper.from_array(x, n) for x, n in ((table, "table"), (a, "A"), (b, "B"))]
    graph = helper.make_graph(nodes, "two", [ids, mask], [hidden], weights)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _tokenizer(base_settings) -> Path:  # type: ignore[no-untyped-def]
    return ensure_e5_model(base_settings.models.data_dir) / "tokenizer.json"


def test_the_product_fed_by_an_outlier_is_kept_in_float32(base_settings, tmp_path) -> None:
    tokenizer = _tokenizer(base_settings)
    vocabulary = len(json.loads(tokenizer.read_text())["model"]["vocab"])
    plain = tmp_path / "plain.onnx"
    _two_products(plain, vocabulary)
    kept = quantize(plain, tmp_path / "int8.onnx", tokenizer, "passage: ")
    # Int8 kernels differ between CPUs, so whether `a` alone is enough is measured here too: `b`
    # is kept only when quantising it misses the target on this machine (an AVX2 CPU without
    # VNNI kept both, an AVX-512 one only `a`).
    ids = onnx_quantize._token_ids(tokenizer, "passage: ")
    reference, _ = onnx_quantize._measure(plain, ids)
    onnx_quantize._quantize(plain, tmp_path / "a-only.onnx", ["a"])
    a_only = onnx_quantize._agreement(tmp_path / "a-only.onnx", ids, reference)
    assert kept == (["a"] if a_only >= TARGET else ["a", "b"])
    ops = {n.name: n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node}
    assert ops["a"] == "MatMul"  # the outlier-fed product is kept first, whatever the machine
    assert ("b" not in ops) == (kept == ["a"])  # a quantised product's node was replaced


def test_all_int8_would_have_missed_the_target(base_settings, tmp_path) -> None:
    """The measurement is what decides: with nothing kept, the vectors are far from float32."""
    tokenizer = _tokenizer(base_settings)
    vocabulary = len(json.loads(tokenizer.read_text())["model"]["vocab"])
    plain = tmp_path / "plain.onnx"
    _two_products(plain, vocabulary)
    ids = onnx_quantize._token_ids(tokenizer, "passage: ")
    reference, spread = onnx_quantize._measure(plain, ids)
    assert spread["a"] > spread["b"]
    onnx_quantize._quantize(plain, tmp_path / "all.onnx", [])
    assert onnx_quantize._agreement(tmp_path / "all.onnx", ids, reference) < TARGET


@pytest.mark.slow
def test_the_bundled_int8_embedder_is_closer_to_float32_than_all_int8(base_settings, tmp_path) -> None:
    """On sentences that are not the calibration ones, the shipped int8 export agrees with the
    float32 one better than quantising every product would."""
    folder = ensure_e5_model(base_settings.models.data_dir)
    mixed = ensure_onnx_model(folder, quantized=True)
    assert mixed.name.endswith(".int8.q4words.mixed.onnx")
    ops = [n.op_type for n in onnx.load(str(mixed), load_external_data=False).graph.node]
    assert "MatMulInteger" in ops or "DynamicQuantizeMatMul" in ops
    plain = ensure_onnx_model(folder, quantized=False)
    onnx_quantize._quantize(plain, tmp_path / "all.onnx", [])
    texts = ["Nokia was founded in 1865 in Tampere.", "诺基亚成立于1865年，总部位于芬兰。",
             "Langganan bulanan berharga $20 dan dapat dibatalkan kapan saja.",
             "Le fichier de configuration se trouve dans ~/.config/kicad/.",
             "Use `git log --oneline` to list commits one per line."]
    settings = Settings(data_dir=base_settings.models.data_dir, embedding_runtime="onnx")
    reference = load_embedder(settings.models).embed_passages(texts)
    int8 = load_embedder(Settings(data_dir=base_settings.models.data_dir,
                                  embedding_runtime="onnx-int8").models).embed_passages(texts)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    prefix = settings.models.effective_passage_prefix
    ids = [np.array([tokenizer.encode(prefix + t).ids], dtype=np.int64) for t in texts]
    everything = onnx_quantize._vectors(tmp_path / "all.onnx", ids)
    assert np.mean(np.sum(int8 * reference, axis=1)) > np.mean(np.sum(everything * reference, axis=1))
