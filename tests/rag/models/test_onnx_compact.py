"""The exported embedder's word table stored as Q4 blocks gives the very same rows."""

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from rag.models.e5_convert import ensure_e5_model
from rag.models.embedder import load_embedder
from rag.models.onnx_compact import BLOCK, compact_word_table, q4_blocks
from rag.models.onnx_embedder import ensure_onnx_model
from rag.settings import Settings

ROWS, WIDTH = 12_000, 2 * BLOCK


def _q4_table(rng: np.random.Generator) -> np.ndarray:
    """What dequantising Q4_0 gives: integers −8…7 times an fp16 scale a block, in float32."""
    ints = rng.integers(-8, 8, size=(ROWS, WIDTH // BLOCK, BLOCK)).astype(np.float32)
    ints[..., 0] = -8  # Q4_0 gives the largest weight of a block −8
    scales = rng.normal(0, 0.02, size=(ROWS, WIDTH // BLOCK, 1)).astype(np.float16)
    return (ints * scales.astype(np.float32)).reshape(ROWS, WIDTH)


def _lookup_model(table: np.ndarray, path: Path) -> None:
    ids = helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "tokens"])
    rows = helper.make_tensor_value_info("rows", TensorProto.FLOAT, ["batch", "tokens", WIDTH])
    graph = helper.make_graph([helper.make_node("Gather", ["table", "ids"], ["rows"])], "lookup",
                              [ids], [rows], [numpy_helper.from_array(table, "table")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _rows(path: Path, ids: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"ids": ids})[0]


def test_a_q4_table_gives_identical_rows_in_a_third_of_the_space(tmp_path: Path) -> None:
    table = _q4_table(np.random.default_rng(0))
    model = tmp_path / "lookup.onnx"
    _lookup_model(table, model)
    ids = np.array([[0, 5, ROWS - 1], [7, 7, 11_999]], dtype=np.int64)
    before, size = _rows(model, ids), model.stat().st_size
    assert compact_word_table(model)
    assert np.array_equal(_rows(model, ids), before)
    assert np.array_equal(before, table[ids])
    assert model.stat().st_size < size / 3


def test_a_table_that_is_not_q4_is_left_alone(tmp_path: Path) -> None:
    table = np.random.default_rng(1).normal(0, 0.02, size=(ROWS, WIDTH)).astype(np.float32)
    assert q4_blocks(table) is None
    model = tmp_path / "lookup.onnx"
    _lookup_model(table, model)
    content = model.read_bytes()
    assert not compact_word_table(model)
    assert model.read_bytes() == content


def test_the_bundled_embedder_is_exported_with_its_table_compacted(base_settings) -> None:
    """The export the default embedder runs: the word table is integers, and the vectors are the
    folder's own (the torch model's) as closely as the plain export's were."""
    folder = ensure_e5_model(base_settings.models.data_dir)
    path = ensure_onnx_model(folder, quantized=False)
    names = {t.name: t.data_type for t in onnx.load(str(path), load_external_data=False).graph.initializer}
    assert any(name.endswith(".q4") and kind == TensorProto.INT8 for name, kind in names.items())
    assert path.stat().st_size < 250_000_000
    torch_embedder = pytest.importorskip("sentence_transformers") and load_embedder(
        Settings(data_dir=base_settings.models.data_dir, embedding_runtime="torch").models)
    texts = ["Nokia was founded in 1865.", "诺基亚成立于1865年。", "Langganan bulanan $20."]
    fp32 = load_embedder(Settings(data_dir=base_settings.models.data_dir,
                                  embedding_runtime="onnx").models)
    ours, reference = fp32.embed_passages(texts), torch_embedder.embed_passages(texts)
    assert np.min(np.sum(ours * reference, axis=1)) > 0.9999


@pytest.mark.slow
def test_a_failed_compaction_keeps_the_plain_export(base_settings, tmp_path, monkeypatch) -> None:
    import rag.models.onnx_embedder as onnx_embedder

    def broken(path: Path) -> bool:
        path.with_name(f".{path.name}.compact").write_bytes(b"half a file")
        raise RuntimeError("protobuf says no")

    monkeypatch.setattr(onnx_embedder, "compact_word_table", broken)
    folder = tmp_path / ensure_e5_model(base_settings.models.data_dir).name
    folder.symlink_to(ensure_e5_model(base_settings.models.data_dir), target_is_directory=True)
    path = ensure_onnx_model(folder, quantized=False)
    assert path.parent == tmp_path and path.stat().st_size > 400_000_000
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    ids = np.array([[0, 100, 2]], dtype=np.int64)
    assert session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0].shape == (1, 3, 384)
