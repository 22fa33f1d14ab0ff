"""The knowledge index: passages in Chroma, searched by BM25 and dense vectors.

Dense search goes through Chroma; BM25 runs in process over the same
passages (rebuilt when the index changes). Hybrid search fuses the two
rankings by reciprocal rank fusion at section level (see fusion.py for why).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.retrieval.chunking import Passage
from bot.retrieval.fusion import section_rank_fusion
from bot.retrieval.lexical import LexicalIndex

Mode = Literal["hybrid", "bm25", "dense"]
LEVELS = ("junior", "mid", "senior")
CANDIDATES = 50  # each ranker's depth before fusion


@dataclass(frozen=True)
class SearchResult:
    text: str
    source: str  # file#section-id
    file: str
    section_id: str
    title: str
    topic: str
    score: float

    def as_json(self) -> dict:
        return {"text": self.text, "source": self.source, "score": round(float(self.score), 6)}


def passage_metadata(p: Passage, file_hash: str, levels: set[str]) -> dict:
    meta = {"file": p.file, "file_hash": file_hash, "section_id": p.section_id, "title": p.title,
            "heading_path": " > ".join(p.heading_path), "topic": p.topic}
    meta.update({f"level_{lvl}": (lvl in levels) for lvl in LEVELS})
    return meta


def _where(topic: str | None, level: str | None) -> dict | None:
    clauses = []
    if topic:
        clauses.append({"topic": topic})
    if level:
        clauses.append({f"level_{level}": True})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class KnowledgeIndex:
    def __init__(self, collection):
        self.collection = collection
        self._lexical: LexicalIndex | None = None
        self._docs: dict[str, tuple[str, dict]] = {}

    # -- reading -----------------------------------------------------------
    def count(self) -> int:
        return self.collection.count()

    def invalidate(self) -> None:
        self._lexical = None

    def _ensure_lexical(self) -> LexicalIndex:
        if self._lexical is None:
            got = self.collection.get(include=["documents", "metadatas"])
            ids, docs, metas = got["ids"], got["documents"] or [], got["metadatas"] or []
            self._docs = {i: (d, m) for i, d, m in zip(ids, docs, metas)}
            self._lexical = LexicalIndex(ids, [f"{m.get('heading_path', '')}\n{d}" for d, m in zip(docs, metas)])
        return self._lexical

    def topics(self) -> set[str]:
        """The topics passages carry, for naming the valid ones back to a search with another."""
        self._ensure_lexical()
        return {meta.get("topic", "") for _, meta in self._docs.values()} - {""}

    def indexed_files(self) -> dict[str, str]:
        """file -> content hash, for everything in the index."""
        got = self.collection.get(include=["metadatas"])
        return {m["file"]: m.get("file_hash", "") for m in got["metadatas"] or []}

    def _result(self, pid: str, score: float) -> SearchResult:
        text, meta = self._docs[pid]
        return SearchResult(text=text, source=f"{meta['file']}#{meta['section_id']}", file=meta["file"],
                            section_id=meta["section_id"], title=meta.get("title", ""),
                            topic=meta.get("topic", ""), score=score)

    def _bm25_ranking(self, query: str, topic: str | None, level: str | None, depth: int) -> list[tuple[str, float]]:
        lexical = self._ensure_lexical()
        scores = lexical.scores(query)
        order = np.argsort(-scores, kind="stable")
        out: list[tuple[str, float]] = []
        for i in order:
            if scores[i] <= 0 or len(out) >= depth:
                break
            meta = self._docs[lexical.ids[i]][1]
            if topic and meta.get("topic") != topic:
                continue
            if level and not meta.get(f"level_{level}", True):
                continue
            out.append((lexical.ids[i], float(scores[i])))
        return out

    def _dense_ranking(self, query: str, topic: str | None, level: str | None, depth: int) -> list[tuple[str, float]]:
        total = self.count()
        if not total:
            return []
        got = self.collection.query(query_texts=[query], n_results=min(depth, total),
                                    where=_where(topic, level), include=["distances"])
        return [(pid, 1.0 - float(dist)) for pid, dist in zip(got["ids"][0], got["distances"][0])]

    def search(self, query: str, k: int = 5, topic: str | None = None, level: str | None = None,
               mode: Mode = "hybrid") -> list[SearchResult]:
        query = (query or "").strip()
        if not query or k <= 0 or not self.count():
            return []
        self._ensure_lexical()
        depth = max(CANDIDATES, k)
        if mode == "bm25":
            ranked = self._bm25_ranking(query, topic, level, depth)
        elif mode == "dense":
            ranked = self._dense_ranking(query, topic, level, depth)
        else:
            bm25 = self._bm25_ranking(query, topic, level, depth)
            dense = self._dense_ranking(query, topic, level, depth)
            # keyed by file#section: user documents can repeat a slug such as "introduction"
            section_of = {pid: f"{self._docs[pid][1]['file']}#{self._docs[pid][1]['section_id']}"
                          for pid, _ in (*bm25, *dense) if pid in self._docs}
            ranked = section_rank_fusion([[p for p, _ in bm25 if p in section_of],
                                          [p for p, _ in dense if p in section_of]], section_of)
        return [self._result(pid, score) for pid, score in ranked[:k] if pid in self._docs]

    # -- writing -----------------------------------------------------------
    def replace_file(self, file: str, file_hash: str, passages: list[Passage], levels_of) -> int:
        """Swap one file's passages for a new set; ids of unchanged passages stay."""
        self.drop_file(file)
        for start in range(0, len(passages), 256):
            batch = passages[start:start + 256]
            self.collection.upsert(
                ids=[p.id for p in batch],
                documents=[p.text for p in batch],
                metadatas=[passage_metadata(p, file_hash, levels_of(p.section_id)) for p in batch],
            )
        self.invalidate()
        return len(passages)

    def drop_file(self, file: str) -> int:
        got = self.collection.get(where={"file": file}, include=[])
        if got["ids"]:
            self.collection.delete(ids=got["ids"])
            self.invalidate()
        return len(got["ids"])
