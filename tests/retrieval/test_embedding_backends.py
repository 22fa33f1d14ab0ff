"""The ONNX Runtime path must give the torch path's vectors, and step aside when it cannot."""
from __future__ import annotations

import numpy as np
import pytest

from bot.retrieval import embedding
from bot.retrieval.embedding import get_embedder
from bot.retrieval.onnx_encoder import OnnxEncoder, pack

TEXTS = [
    "What is attention?",
    "Retrieval-augmented generation fetches passages and puts them in the prompt, so the answer can cite them.",
    "",
    "def f(x):\n    return x * 2  # code is text too",
    "Tokenizers split words into subword units " * 40,  # longer than the model's 256-token window
    "émoji 🙂 and accents",
] + [f"sentence number {i} about fine-tuning and evaluation" for i in range(30)]  # a multi-thread batch


@pytest.fixture(scope="module")
def torch_embedder():
    return get_embedder("", prefer_onnx=False)


def test_onnx_is_used_by_default_and_matches_torch(torch_embedder):
    onnx = get_embedder("")
    assert onnx.backend == "onnx" and torch_embedder.backend == "torch"
    for texts in (TEXTS[:5], TEXTS):
        b = torch_embedder.encode(texts)
        for a in (onnx.encode(texts), onnx.onnx.encode(texts, threads=1), onnx.onnx.encode(texts, threads=2)):
            assert a.shape == b.shape == (len(texts), 384)
            assert float((a * b).sum(axis=1).min()) > 0.9999
            assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_order_is_kept_when_batches_are_sorted_by_length():
    onnx = get_embedder("")
    vecs = onnx.encode(TEXTS)
    again = onnx.encode(list(reversed(TEXTS)))[::-1]
    assert np.allclose(vecs, again, atol=1e-5)
    assert onnx.encode([]).shape == (0, 384)


def test_a_model_it_cannot_copy_is_refused(torch_embedder):
    class Shaped(list):
        tokenizer = torch_embedder.model.tokenizer
        max_seq_length = 256

    odd = Shaped([torch_embedder.model[0], torch_embedder.model[1], torch_embedder.model[2], object()])
    with pytest.raises(ValueError, match="mean-pooled"):
        OnnxEncoder.load(odd)


def test_torch_is_kept_when_the_export_fails(monkeypatch, torch_embedder):
    def broken(_model):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(OnnxEncoder, "load", staticmethod(broken))
    embedding._load_onnx.cache_clear()
    try:
        fallback = embedding.Embedder("")
        assert fallback.backend == "torch"
        assert float((fallback.encode(TEXTS[:3]) * torch_embedder.encode(TEXTS[:3])).sum(axis=1).min()) > 0.9999
    finally:
        embedding._load_onnx.cache_clear()


def test_token_vectors_agree_across_backends_and_pool_to_the_sentence(torch_embedder):
    onnx = get_embedder("")
    texts = TEXTS[:6]
    a, ta = onnx.encode_with_tokens(texts)
    b, tb = torch_embedder.encode_with_tokens(texts)
    assert float((a * onnx.encode(texts)).sum(axis=1).min()) > 0.9999  # same sentence vectors as encode
    assert float((a * b).sum(axis=1).min()) > 0.9999
    for x, y, text in zip(ta, tb, texts):
        assert x.words == y.words
        assert len(x.vecs) == len(x.words)
        if len(x.vecs):
            assert float((x.vecs * y.vecs).sum(axis=1).min()) > 0.999
            assert np.allclose(np.linalg.norm(x.vecs, axis=1), 1.0, atol=1e-5)
    assert ta[0].words == ("what", "is", "attention", "?")
    assert ta[2].words == ()  # the empty text has no tokens but still a sentence vector
    assert ta[4].words.count("tokenizers") >= 2 and len(ta[4].words) == 254  # 256-token window, less [CLS]/[SEP]


def test_texts_are_packed_into_rows_without_passing_the_window():
    lengths = [30, 256, 200, 12, 60, 300, 40, 3]
    rows = pack(lengths, 256)
    assert sorted(i for row in rows for i in row) == list(range(len(lengths)))
    assert [5] in rows and [1] in rows  # a text at or over the window has a row of its own
    assert all(sum(lengths[i] for i in row) <= 256 for row in rows if len(row) > 1)
    assert len(rows) == 4  # 256 | 300 | 200+40+12+3 | 60+30, not one row per text
    assert pack([], 256) == []


def test_a_packed_text_gets_the_vector_it_gets_alone():
    onnx = get_embedder("").onnx
    texts = TEXTS[:8]
    together = onnx.encode(texts, threads=2)
    alone = np.concatenate([onnx.encode([t], threads=2) for t in texts])
    assert float((together * alone).sum(axis=1).min()) > 0.9999
