"""Chroma, opened with our embedding function and telemetry off.

Embedded (`PersistentClient` in the data folder) by default; a Chroma server
(`HttpClient`) when CHROMA_HOST is set, so several bot replicas share one
index. Our embedding function is registered by name, so a reopened
collection finds it instead of Chroma's default one (which downloads a model).
A server that does not answer yet (Compose starts it beside `coach ingest`) is
tried again for `wait` seconds, with a log line per try.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from bot.retrieval.embedding import get_embedder

log = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


class ChromaUnreachable(RuntimeError):
    """The Chroma server at CHROMA_HOST:CHROMA_PORT did not answer."""


@register_embedding_function
class CoachEmbeddingFunction(EmbeddingFunction[Documents]):
    def __init__(self, model: str = ""):
        self.model = model

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder(self.model).encode(list(input)))

    @staticmethod
    def name() -> str:
        return "interview-coach-sentence-transformers"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "CoachEmbeddingFunction":
        return CoachEmbeddingFunction(config.get("model", ""))

    def default_space(self) -> str:
        return "cosine"


def open_client(data_dir: Path, host: str = "", port: int = 8000, wait: float = 0.0):
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return _http_client(host, port, settings, wait)
    path = Path(data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def open_collection(client, name: str, model: str):
    return client.get_or_create_collection(
        name=name,
        embedding_function=CoachEmbeddingFunction(model),
        metadata={"hnsw:space": "cosine"},
    )


def _http_client(host: str, port: int, settings: ChromaSettings, wait: float):
    deadline = time.monotonic() + wait
    tries = 0
    while True:
        tries += 1
        try:
            return chromadb.HttpClient(host=host, port=port, settings=settings)
        except ValueError as exc:  # chromadb's "Could not connect to a Chroma server"
            left = deadline - time.monotonic()
            if left <= 0:
                waited = f" for {wait:.0f} s ({tries} tries)" if wait else ""
                raise ChromaUnreachable(f"cannot reach the Chroma server at {host}:{port}{waited}: check "
                                        "CHROMA_HOST and CHROMA_PORT, and that Chroma is running") from exc
            log.warning("Chroma at %s:%s does not answer yet (try %d); trying again for %.0f s more",
                        host, port, tries, left)
            time.sleep(min(RETRY_SECONDS, left))
