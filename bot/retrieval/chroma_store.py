"""Chroma, opened with our embedding function and telemetry off.

Embedded (`PersistentClient` in the data folder) by default; a Chroma server
(`HttpClient`) when CHROMA_HOST is set, so several bot replicas share one
index. Our embedding function is registered by name, so a reopened
collection finds it instead of Chroma's default one (which downloads a model).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from bot.retrieval.embedding import get_embedder


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


def open_client(data_dir: Path, host: str = "", port: int = 8000):
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    path = Path(data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def open_collection(client, name: str, model: str):
    return client.get_or_create_collection(
        name=name,
        embedding_function=CoachEmbeddingFunction(model),
        metadata={"hnsw:space": "cosine"},
    )
