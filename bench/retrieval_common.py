"""Shared by the retrieval bench scripts: the bench's own index and the query set.

The bench keeps its index in data/bench-index (data/ is gitignored), apart
from the bot's own data folder, so a bench run never touches a user's index
and a user's extra documents never skew the figures.
"""
from __future__ import annotations

import json
from pathlib import Path

from bot.bootstrap import Services
from bot.settings import ROOT, Settings

BENCH_DATA = ROOT / "data" / "bench-index"
QUERIES = ROOT / "bench" / "data" / "retrieval_queries.jsonl"


def bench_services(data_dir: Path = BENCH_DATA) -> Services:
    """Services over the default pack only, with Chroma embedded in `data_dir`."""
    settings = Settings(data_dir=data_dir, chroma_host="", extra_pack_dirs=[])
    return Services(settings)


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The labelled queries, each with its line number (1-based) so halves can be split by it."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            row["line"] = number
            out.append(row)
    return out
