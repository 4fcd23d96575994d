"""A BERT encoder's forward pass in bfloat16, in plain torch: the e5 folder's architecture.

Written out because loading it through transformers cost 150 MB and 1.4 s of imports in an index
run that must stay under 1.5 GB (rag.models.bf16_embedder), and inference needs no more than this:
word, position and token-type embeddings, then post-norm layers of self-attention and a GELU
feed-forward. The query, key and value products are one product of their stacked weights. Anything
else the folder's config asks for (another model type, activation or position scheme) is refused,
and indexing falls back to ONNX Runtime.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_PREFIX = "encoder.layer."


class Bert:
    def __init__(self, config: dict[str, Any], weights: dict[str, Any]) -> None:
        import torch

        wanted = {"model_type": "bert", "hidden_act": "gelu",
                  "position_embedding_type": "absolute"}
        for key, value in wanted.items():
            if config.get(key, value) != value:
                raise ValueError(f"unsupported {key} {config.get(key)!r} (only {value!r})")
        self.width = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"{_PREFIX}{i}."
            qkv = [weights.pop(f"{p}attention.self.{n}.weight") for n in ("query", "key", "value")]
            bias = [weights.pop(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value")]
            self.layers.append({
                "qkv": torch.cat(qkv), "qkv_bias": torch.cat(bias),
                "out": weights.pop(f"{p}attention.output.dense.weight"),
                "out_bias": weights.pop(f"{p}attention.output.dense.bias"),
                "norm1": weights.pop(f"{p}attention.output.LayerNorm.weight"),
                "norm1_bias": weights.pop(f"{p}attention.output.LayerNorm.bias"),
                "up": weights.pop(f"{p}intermediate.dense.weight"),
                "up_bias": weights.pop(f"{p}intermediate.dense.bias"),
                "down": weights.pop(f"{p}output.dense.weight"),
                "down_bias": weights.pop(f"{p}output.dense.bias"),
                "norm2": weights.pop(f"{p}output.LayerNorm.weight"),
                "norm2_bias": weights.pop(f"{p}output.LayerNorm.bias"),
            })
        e = "embeddings."
        self.words = weights.pop(f"{e}word_embeddings.weight")
        self.positions = weights.pop(f"{e}position_embeddings.weight")
        self.token_type = weights.pop(f"{e}token_type_embeddings.weight")[0]
        self.norm = weights.pop(f"{e}LayerNorm.weight")
        self.norm_bias = weights.pop(f"{e}LayerNorm.bias")
        left = [k for k in weights if not k.startswith("pooler.")]
        if left:
            raise ValueError(f"unexpected weights: {left[:5]}")

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden states, as float32, of padded ids (batch × tokens)."""
        import torch
        import torch.nn.functional as F

        batch, width = ids.shape
        head = self.width // self.heads
        with torch.inference_mode():
            x = (F.embedding(torch.from_numpy(ids), self.words) + self.positions[:width]
                 + self.token_type)
            x = F.layer_norm(x, (self.width,), self.norm, self.norm_bias, self.eps)
            keep = torch.from_numpy(mask).bool()[:, None, None, :]
            for w in self.layers:
                qkv = F.linear(x, w["qkv"], w["qkv_bias"])
                q, k, v = qkv.view(batch, width, 3, self.heads, head).permute(2, 0, 3, 1, 4)
                a = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
                a = a.transpose(1, 2).reshape(batch, width, self.width)
                x = F.layer_norm(F.linear(a, w["out"], w["out_bias"]) + x, (self.width,),
                                 w["norm1"], w["norm1_bias"], self.eps)
                h = F.gelu(F.linear(x, w["up"], w["up_bias"]))
                x = F.layer_norm(F.linear(h, w["down"], w["down_bias"]) + x, (self.width,),
                                 w["norm2"], w["norm2_bias"], self.eps)
            return x.float().numpy()
