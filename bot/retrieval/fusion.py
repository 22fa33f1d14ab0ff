"""Reciprocal rank fusion: combine rankings without comparing their scores."""
from __future__ import annotations

from collections.abc import Mapping

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def _distinct(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def section_rank_fusion(rankings: list[list[str]], section_of: Mapping[str, str],
                        k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse passage rankings at the level of the sections they come from.

    Why not plain RRF over passages: the two rankers often agree on the
    section but pick different paragraphs of it (BM25 the one with the query
    words, dense the one closest in meaning), so each relevant passage gets
    credit from one list only, while a so-so passage that both lists place
    mid-way collects credit twice and wins. A section's several passages also
    take several ranks in a list and push other sections down. So each
    ranking becomes a ranking of distinct sections (a section placed where its
    best passage is), RRF fuses those, and the passages come back section by
    section: first the best passage of every section in fused order, then the
    second passages, and so on, so the top k cover k sections where the
    candidates allow it. Within a section, passages keep their plain passage
    RRF order. The score of a passage is its section's fused score.
    """
    sections = reciprocal_rank_fusion([_distinct([section_of[p] for p in r]) for r in rankings], k)
    section_pos = {s: i for i, (s, _) in enumerate(sections)}
    section_score = dict(sections)
    nth: dict[str, int] = {}
    seen_in_section: dict[str, int] = {}
    for passage, _ in reciprocal_rank_fusion(rankings, k):
        sid = section_of[passage]
        nth[passage] = seen_in_section.get(sid, 0)
        seen_in_section[sid] = nth[passage] + 1
    ordered = sorted(nth, key=lambda p: (nth[p], section_pos[section_of[p]], p))
    return [(p, section_score[section_of[p]]) for p in ordered]
