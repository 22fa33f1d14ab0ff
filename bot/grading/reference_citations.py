"""The guide section to read for each point of a reference answer's rubric.

A team writes its reference about anything: a guide topic, or its own deploy process, product or tools.
A point cites the section whose passage is closest to it, by the closeness bank points are cited by
(cosine plus a share of the point's words, RubricResolver.closeness), and only when that reaches
CITE_MIN: below it the section is only loosely related, and a wrong section to read is worse than none.
The point is encoded after its question: a terse point leaves its topic to the question ("Exponentiated
average negative log-likelihood; lower is better." for perplexity), and alone it reached 0.51 while
"Grafana dashboards show p95 latency" reached 0.58 on the guide's latency budget. The word share counts
the point's own words only, as the question's would count for every point alike.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

import numpy as np

from bot.grading.feedback import Citation
from bot.grading.rubric import Rubric
from bot.grading.signals import content_stems
from bot.pack.models import Section

# On bench/data/reference_citations.jsonl (bench/reference_citations.py) every point at 0.65 or above cites
# a right section (28 of the 34 that must cite one); no off-guide point reaches 0.57, and at 0.60-0.64
# "Pin and version models and prompts" cites the deploy trade-offs rather than model updates.
CITE_MIN = 0.65


class ReferenceCitations:
    """Cites a reference rubric's points; each rubric's citations are worked out once (an LRU of
    `cache_size`), as the grader caches each rubric's encodings."""

    def __init__(self, resolver, cache_size: int = 512):
        self.resolver = resolver
        self._cited: OrderedDict[tuple[str, ...], tuple[Citation | None, ...]] = OrderedDict()
        self._cache_size = cache_size

    def cite(self, rubric: Rubric) -> Rubric:
        """The rubric with each point citing its section, or none when no section is close enough."""
        citations = self.citations(rubric.question, tuple(i.point for i in rubric.items))
        return replace(rubric, items=tuple(replace(i, citation=c) for i, c in zip(rubric.items, citations)))

    def citations(self, question: str, points: tuple[str, ...]) -> tuple[Citation | None, ...]:
        key = (question, *points)
        if key in self._cited:
            self._cited.move_to_end(key)
            return self._cited[key]
        self._cited[key] = tuple(Citation(s.id, s.title) if s is not None and score >= CITE_MIN else None
                                 for s, score in self.closest(question, points))
        if len(self._cited) > self._cache_size:
            self._cited.popitem(last=False)
        return self._cited[key]

    def closest(self, question: str, points: tuple[str, ...]) -> list[tuple[Section | None, float]]:
        """Each point's closest guide section and its closeness (the bench reads these)."""
        sections = [s for s in self.resolver.sections.values() if s.text.strip()]
        if not points or not sections:
            return [(None, 0.0) for _ in points]
        vecs = self.resolver.embedder.encode([f"{question} {p}" for p in points])
        stems = [content_stems(p) for p in points]
        sims = np.stack([self.resolver.closeness(vecs, stems, s) for s in sections], axis=1)
        return [(sections[int(row.argmax())], float(row.max())) for row in sims]
