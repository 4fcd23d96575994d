"""An index run on a CPU with bfloat16 tiles embeds on torch in bfloat16: the same vectors (to a
cosine ONNX fp32 queries can search), found faster; questions never load it."""

import weakref
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from rag.assistant import Assistant
from rag.models import bf16_embedder, embedder
from rag.models.bert_bf16 import Bert
from rag.models.bf16_embedder import Bf16Embedder, native_bf16, read_weights
from rag.models.embedder import indexes_in_bf16, load_embedder
from rag.settings import Settings

needs_bf16 = pytest.mark.skipif(not native_bf16(), reason="this CPU has no bfloat16 tiles (AMX)")

TEXTS = ["Nokia was founded in 1865 in Tampere.", "诺基亚成立于1865年，总部位于芬兰。",
         "Langganan bulanan berharga $20 dan dapat dibatalkan kapan saja.",
         "Le fichier de configuration se trouve dans ~/.config/kicad/.",
         "Use `git log --oneline` to list commits one per line.",
         "A long manual page. " * 200]  # over 512 tokens: truncated alike


@pytest.mark.parametrize(("flags", "expected"), [
    ("flags\t\t: fpu sse2 avx512f avx512_bf16 amx_bf16 amx_tile amx_int8\n", True),
    ("flags\t\t: fpu sse2 avx512f avx512_bf16\n", False),   # untried hardware: not assumed
    ("flags\t\t: fpu sse2 amx_bf16x\n", False),
])
def test_native_bf16_reads_the_cpu_flags(tmp_path: Path, flags: str, expected: bool) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nmodel name\t: a CPU\n" + flags)
    assert native_bf16(str(info)) is expected
    assert native_bf16(str(tmp_path / "absent")) is False


def test_weights_are_read_piecewise_as_bfloat16(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bf16_embedder, "_READ", 12)  # three floats a read: many pieces a tensor
    rng = np.random.default_rng(0)
    weights = {"a.weight": torch.from_numpy(rng.normal(size=(7, 5)).astype(np.float32)),
               "b.bias": torch.from_numpy(rng.normal(size=(11,)).astype(np.float32))}
    save_file(weights, str(tmp_path / "model.safetensors"))
    read = read_weights(tmp_path / "model.safetensors")
    assert read.keys() == weights.keys()
    for name, value in weights.items():
        assert read[name].dtype == torch.bfloat16
        assert torch.equal(read[name], value.to(torch.bfloat16))
    save_file({"c": torch.zeros(3, dtype=torch.float16)}, str(tmp_path / "half.safetensors"))
    with pytest.raises(ValueError, match="F16"):
        read_weights(tmp_path / "half.safetensors")
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes((tmp_path / "model.safetensors").read_bytes()[:-8])
    with pytest.raises(ValueError, match="ends inside"):
        read_weights(cut)


def test_the_forward_pass_refuses_what_it_does_not_compute() -> None:
    config = {"model_type": "bert", "hidden_act": "gelu", "hidden_size": 4,
              "num_attention_heads": 1, "num_hidden_layers": 0, "layer_norm_eps": 1e-12}
    for change in ({"hidden_act": "relu"}, {"model_type": "xlm-roberta"},
                   {"position_embedding_type": "relative_key"}):
        with pytest.raises(ValueError, match="unsupported"):
            Bert({**config, **change}, {})


def test_only_the_default_runtime_indexes_in_bf16(base_settings: Settings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bf16_embedder, "native_bf16", lambda: True)
    data = base_settings.models.data_dir
    assert indexes_in_bf16(Settings(data_dir=data).models)
    for runtime in ("onnx", "onnx-int8", "torch"):
        assert not indexes_in_bf16(Settings(data_dir=data, embedding_runtime=runtime).models)
    assert not indexes_in_bf16(Settings(data_dir=data, embedding_model="/some/model").models)
    # The vectors keep fp32's name: one index, one vector cache, searched by fp32 queries.
    assert Settings(data_dir=data).models.embedder_id == \
        Settings(data_dir=data, embedding_runtime="onnx").models.embedder_id
    monkeypatch.setattr(bf16_embedder, "native_bf16", lambda: False)
    assert not indexes_in_bf16(Settings(data_dir=data).models)


@needs_bf16
def test_bf16_vectors_agree_with_fp32_ones(base_settings: Settings) -> None:
    data = base_settings.models.data_dir
    settings = Settings(data_dir=data).models
    fast = load_embedder(settings, indexing=True)
    assert isinstance(fast, Bf16Embedder)
    plain = load_embedder(Settings(data_dir=data, embedding_runtime="onnx").models)
    assert not isinstance(plain, Bf16Embedder)
    assert load_embedder(settings) is plain  # questions: ONNX Runtime's, loaded once
    a, b = fast.embed_passages(TEXTS), plain.embed_passages(TEXTS)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(a * b, axis=1)) > 0.9999
    # A mixed index ranks alike: fp32 queries against bf16 passages and fp32 ones.
    queries = plain.embed_queries(["When was Nokia founded?", "配置文件在哪里？"])
    assert np.array_equal(np.argsort(-(queries @ a.T), axis=1), np.argsort(-(queries @ b.T), axis=1))


@needs_bf16
def test_an_index_run_embeds_in_bf16_and_questions_do_not(
        base_settings: Settings, corpus_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[bool] = []
    models: list[weakref.ref] = []
    real = embedder.load_embedder

    def recording(settings, indexing: bool = False):  # type: ignore[no-untyped-def]
        made.append(indexing)
        model = real(settings, indexing)
        models.append(weakref.ref(model))
        return model
    monkeypatch.setattr("rag.assistant.load_embedder", recording)
    settings = base_settings.replace(index_path=tmp_path / "index", vector_cache=False,
                                     embedding_runtime="auto")
    a = Assistant(settings)
    report = a.index(corpus_dir)
    assert report.embedded > 0 and made == [True]
    # The run's model is let go: a process that goes on to answer does not carry it.
    assert models[0]() is None
    answer = a.ask("Which model is Meta's Avocado built on?")
    assert answer.citations and made == [True, False]
    # With the question-time embedder loaded, a later run reuses it: no second model.
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "note.txt").write_text("The lab's kettle is descaled every Friday.\n")
    a.index(tmp_path / "more")
    assert made == [True, False]



def test_an_unloadable_bf16_model_indexes_with_onnx(base_settings: Settings, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(bf16_embedder, "native_bf16", lambda: True)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("unsupported hidden_act 'relu'")
    monkeypatch.setattr(bf16_embedder, "Bf16Embedder", broken)
    monkeypatch.setattr(embedder, "_cache", {})  # nothing loaded before in this process
    settings = Settings(data_dir=base_settings.models.data_dir).models
    with caplog.at_level("WARNING", logger="rag.models.embedder"):
        fallback = load_embedder(settings, indexing=True)
    assert not isinstance(fallback, Bf16Embedder)
    assert fallback.embed_passages(["Nokia was founded in 1865."]).shape == (1, 384)
    assert "indexing with the ONNX embedder" in caplog.text and "relu" in caplog.text
