"""The exported embedder's word-embedding table, stored as the 4-bit numbers it was made of.

The bundled e5 comes as Q4_0: every run of 32 weights is a small integer (−8…7) times one scale.
Dequantised to float32 for export, its 250,000-row word table is 384 MB of the 470 MB ONNX file, and
ONNX Runtime keeps all of it resident in every process that embeds (`rag serve`, `rag index`, each
API worker), although a text reads a few hundred rows. Stored instead as int8 integers and one
float32 scale a block, the table takes a quarter of that, and the rows a text reads are rebuilt as
`integer × scale`: the same float32 product the dequantisation computed, so the vectors do not
change at all. A table that is not exactly such a product (another model) is left as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

BLOCK = 32
"""Weights that share one scale in Q4_0."""
_MIN_ROWS = 10_000
"""Smaller Gather tables (positions, token types) are not worth rewriting."""


def q4_blocks(table: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(int8 integers, float32 scale per block of BLOCK weights along a row) whose products are
    exactly `table`; None when the table is not such a product. Q4_0 gives the weight of largest
    magnitude the integer −8, so the scale is that weight / −8."""
    rows, width = table.shape
    if width % BLOCK:
        return None
    blocks = table.reshape(rows, width // BLOCK, BLOCK)
    at = np.abs(blocks).argmax(axis=2)[..., None]
    scale = (np.take_along_axis(blocks, at, axis=2) / np.float32(-8)).astype(np.float32)
    safe = np.where(scale == 0, np.float32(1), scale)
    ints = np.rint(blocks / safe)
    if np.abs(ints).max(initial=0) > 8:
        return None
    ints = ints.astype(np.int8)
    if not np.array_equal(ints.astype(np.float32) * scale, blocks):
        return None
    return ints.reshape(rows, width), scale[..., 0]


def compact_word_table(path: Path) -> bool:
    """Rewrite the ONNX model at `path` in place with its large Gather table as Q4 blocks, when the
    table is exactly representable; say whether it was rewritten."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    tables = {t.name: t for t in graph.initializer}
    for node in graph.node:
        if node.op_type != "Gather" or node.input[0] not in tables:
            continue
        table = tables[node.input[0]]
        if len(table.dims) != 2 or table.dims[0] < _MIN_ROWS \
                or table.data_type != onnx.TensorProto.FLOAT:
            continue
        split = q4_blocks(numpy_helper.to_array(table))
        if split is None:
            log.info("the embedder's word table is not Q4 blocks; kept in float32")
            return False
        _rewrite(graph, node, table, *split, helper, numpy_helper)
        partial = path.with_name(f".{path.name}.compact")
        onnx.save(model, str(partial))
        os.replace(partial, path)  # a failed save leaves the plain file whole
        return True
    return False


def _rewrite(graph: Any, node: Any, table: Any, ints: np.ndarray, scales: np.ndarray,
             helper: Any, numpy_helper: Any) -> None:
    """Gather(table, ids) becomes Gather(ints) × Gather(scales), reshaped back to rows."""
    name, ids, out = table.name, node.input[1], node.output[0]
    width = ints.shape[1]
    graph.initializer.remove(table)
    graph.initializer.extend([
        numpy_helper.from_array(ints, f"{name}.q4"),
        numpy_helper.from_array(scales, f"{name}.scale"),
        numpy_helper.from_array(np.array([0, 0, width // BLOCK, BLOCK], np.int64), f"{name}.blocks"),
        numpy_helper.from_array(np.array([0, 0, width], np.int64), f"{name}.rows"),
        numpy_helper.from_array(np.array([-1], np.int64), f"{name}.last"),
    ])
    nodes = [
        helper.make_node("Gather", [f"{name}.q4", ids], [f"{name}.q4.rows"]),
        helper.make_node("Cast", [f"{name}.q4.rows"], [f"{name}.f.rows"], to=1),
        helper.make_node("Reshape", [f"{name}.f.rows", f"{name}.blocks"], [f"{name}.f.blocks"]),
        helper.make_node("Gather", [f"{name}.scale", ids], [f"{name}.scale.rows"]),
        helper.make_node("Unsqueeze", [f"{name}.scale.rows", f"{name}.last"],
                         [f"{name}.scale.blocks"]),
        helper.make_node("Mul", [f"{name}.f.blocks", f"{name}.scale.blocks"], [f"{name}.blocks.out"]),
        helper.make_node("Reshape", [f"{name}.blocks.out", f"{name}.rows"], [out]),
    ]
    at = list(graph.node).index(node)
    graph.node.remove(node)
    for offset, new in enumerate(nodes):
        graph.node.insert(at + offset, new)
