"""The guide section to read for each point of a reference answer's rubric.

A team writes its reference about anything: a guide topic, or its own deploy process, product or tools.
A point cites the section whose passage is closest to it, by the closeness bank points are cited by
(cosine plus a share of the point's words, RubricResolver.closeness), and only when that reaches
CITE_MIN: below it the section is only loosely related, and a wrong section to read is worse than none.
The point is encoded after its question: a terse point leaves its topic to the question ("Exponentiated
average negative log-likelihood; lower is better." for perplexity), and alone it reached 0.51 while
"Grafana dashboards show p95 latency" reached 0.58 on the guide's latency budget. The word share counts
the point's own words only, as the question's would count for every point alike.

Only the SHORTLIST sections that BM25 ranks first for the question and a point are compared by passage:
encoding all 300 guide passages first cost a one-off `coach grade --reference` 13 s on a loaded machine
(1.4-2.2 s now; the running bot has encoded most of them already, citing its bank rubrics).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

import numpy as np

from bot.grading.feedback import Citation
from bot.grading.rubric import Rubric
from bot.grading.signals import content_stems
from bot.pack.models import Question, Section

# On bench/data/reference_citations.jsonl (bench/reference_citations.py) every point at 0.65 or above cites
# a right section (28 of the 34 that must cite one, 8 of 9 held out); no off-guide point reaches 0.52, and at
# 0.60-0.64 "Pin and version models and prompts" cites the deploy trade-offs rather than model updates.
CITE_MIN = 0.65
SHORTLIST = 3  # sections per point, by BM25 over the question and the point (3 to 100 cite alike on the bench)
# A follow-up point cited its question's section ("How would you check that the hybrid helps?" -> BM25; per-language
# evaluation -> monitoring, QA). It cites a section outside its question's sources, found as a reference point's is,
# when that is at FOLLOWUP_CITE at least and FOLLOWUP_GAIN closer than the question's best. Over the bank's 267
# follow-up points this moved 26 (hand-read: 23 to the section on the point, such as a causal mask -> self-attention
# and a RAG side project's evaluation -> evaluating a RAG system; 3 to a section as good as before, such as
# per-language monitoring -> monitoring); at 0.55 "explain attention plainly" moved to cost and latency.
FOLLOWUP_CITE = 0.60
FOLLOWUP_GAIN = 0.10


class ReferenceCitations:
    """Cites a reference rubric's points; each rubric's citations are worked out once (an LRU of
    `cache_size`), as the grader caches each rubric's encodings."""

    def __init__(self, resolver, cache_size: int = 512):
        self.resolver = resolver
        self._cited: OrderedDict[tuple[str, ...], tuple[Citation | None, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._sections = [s for s in resolver.sections.values() if s.text.strip()]
        self._lexical = None  # a LexicalIndex over the sections, built on the first reference

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

    def cite_followup(self, rubric: Rubric, q: Question, index: int) -> Rubric:
        """A follow-up's rubric (its points citing the closest of its question's sources) with each point citing
        the follow-up's own sources' closest section, or, with none given, a clearly closer guide section."""
        from bot.grading.resolve import CAREER_SECTIONS, CAREER_TOPICS  # resolve builds this class

        followup, sections = q.followups[index], self.resolver.sections
        points = tuple(i.point for i in rubric.items)
        own = [sections[s] for s in followup.sources if s in sections]
        vecs = self.resolver.embedder.encode(list(points))
        stems = [content_stems(p) for p in points]
        if own:
            sims = np.stack([self.resolver.closeness(vecs, stems, s) for s in own], axis=1)
            cited = [own[int(row.argmax())] for row in sims]
        else:
            career = q.topic in CAREER_TOPICS
            cited = []
            for item, vec, words, (section, score) in zip(rubric.items, vecs, stems,
                                                          self.closest(followup.question, points)):
                current = sections.get(item.citation.section_id) if item.citation else None
                now = float(self.resolver.closeness(vec[None], [words], current)[0]) if current else 0.0
                fits = section is not None and (career or (section.topic not in CAREER_TOPICS
                                                           and section.id not in CAREER_SECTIONS))
                cited.append(section if fits and score >= FOLLOWUP_CITE and score - now >= FOLLOWUP_GAIN else current)
        return replace(rubric, items=tuple(replace(i, citation=Citation(s.id, s.title)) if s is not None else i
                                           for i, s in zip(rubric.items, cited)))

    def _index(self):
        """A LexicalIndex over the sections, built on the first reference (or by warm)."""
        if self._lexical is None:
            from bot.retrieval.lexical import LexicalIndex  # bm25s takes 0.2 s to import: not for bank grades

            self._lexical = LexicalIndex([s.id for s in self._sections],
                                         [f"{s.title} {s.text}" for s in self._sections])
        return self._lexical

    def warm(self) -> None:
        """Build the index and encode every section's passages now, not on a team's first reference."""
        self._index()
        for section in self._sections:
            self.resolver.section_vectors(section)

    def closest(self, question: str, points: tuple[str, ...]) -> list[tuple[Section | None, float]]:
        """Each point's closest guide section and its closeness (the bench reads these)."""
        if not points or not self._sections:
            return [(None, 0.0) for _ in points]
        texts = [f"{question} {p}" for p in points]
        lexical = self._index()
        scores = [lexical.scores(t) for t in texts]
        shortlist = sorted({int(n) for s in scores for n in np.argsort(-s)[:SHORTLIST] if s[n] > 0})
        if not shortlist:  # no word of the question or a point is in any guide
            return [(None, 0.0) for _ in points]
        sections = [self._sections[n] for n in shortlist]
        vecs = self.resolver.embedder.encode(texts)
        stems = [content_stems(p) for p in points]
        sims = np.stack([self.resolver.closeness(vecs, stems, s) for s in sections], axis=1)
        return [(sections[int(row.argmax())], float(row.max())) for row in sims]
