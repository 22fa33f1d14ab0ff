"""Find the rubric for a question: the bank, a reference answer, or retrieved guide passages.

A free-form question is first matched against the bank's question texts
(the same question in other words takes its curated rubric: bank_match.py); only
otherwise are guide passages retrieved and their most question-like sentences
turned into rubric points. When other bank questions hold points clearly closer
to the question than any of those sentences (the question is one point of a
broader bank question), the points take the places of the sentences that are
not about it (bank_points.py).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from bot.grading.bank_match import BankMatcher, asks_for_story, bank_texts
from bot.grading.bank_points import BankPoints
from bot.grading.feedback import Citation
from bot.grading.reference_citations import ReferenceCitations
from bot.grading.rubric import (FOLLOWUP_ID, Passage, Rubric, from_bank_points, from_followup, from_passages,
                                from_question, from_reference)
from bot.grading.guide_sentences import passages, prose, stands_alone
from bot.grading.shorthand import spelled_out
from bot.grading.signals import content_stems, lexical_recall, stem
from bot.grading.text import split_sentences
from bot.grading.topic_words import long_prefixes, named_by_prefix, topic_terms
from bot.pack.models import Question, Section

Retrieve = Callable[[str, int], Sequence[Passage]]


RANK_BONUS = 0.15  # added to a sentence's similarity when it comes from the top passage (halved for the next)
# Retrieval always returns something, even for "What is 2+2?". A guide sentence further than POINT_MIN
# (cosine) from the question is about something else and never becomes a point. The guides cover the
# question when some retrieved sentence reaches COVERS in cosine plus TOPIC_BONUS times the share of the
# question's topic words it uses. A question with no topic word ("What is 2+2?") is not covered; one
# that names a term neither the guides nor the bank contain ("speculative decoding", "beam search",
# "Kubernetes pod", "France") needs two sentences at COVERS_UNKNOWN in cosine. Else the grader asks for
# a reference answer. A single cosine bar (0.35) refused covered questions worded apart from their guide
# sentences ("Why does BLEU need a brevity penalty?": 0.21 for the BLEU sentence, 0.31 with the bonus),
# while the capital of France reached 0.30 and a Kubernetes pod 0.45: the unknown word, not the
# cosine, tells those apart. Checked with both the plain section retriever and the hybrid one.
POINT_MIN = 0.20
# ... and one below POINT_CLOSE must use one of the question's topic words: "What is dropout?" took
# "Track the hallucination rate on a fixed evaluation set" as a point beside the dropout sentence.
POINT_CLOSE = 0.35
CITE_LEXICAL = 0.2  # weight of the point's words a passage uses, beside its cosine, when choosing the citation
COVERS = 0.28
TOPIC_BONUS = 0.15  # times the share of the question's topic words a guide sentence uses
COVERS_UNKNOWN = 0.40
# And a rubric of guide sentences needs one point at RUBRIC_CLOSE: "What does the temperature setting
# do when sampling from an LLM?" was graded on "Further safeguards include a lower sampling temperature
# for factual answers, ..." (0.29) and two sentences on LLM careers, and a right answer scored 0.2 (QA).
# The guides mention temperature but do not explain it, so the grader asks for a reference instead.
# On the team questions of bench/grader_retrieved.py, every rubric it keeps has a point at 0.34 or more.
RUBRIC_CLOSE = 0.33
# A point beside the best one must be about what the question asks, not only about its subject: "How does BM25
# deal with long documents?" took "BM25 is the standard lexical ranking function ...", "Dense retrieval is the
# neural counterpart of BM25 ..." and a sentence on term frequency beside the one on length normalisation, and a
# right answer scored 4.2 (QA). Their cosines (0.45, 0.52, 0.28) sat round the right point's (0.50): the words
# tell them apart. The subject is the question's topic words the best passage's title names or more than half
# the retrieved sentences use ("BM25", "document"); what it asks is the rest ("long"). A point below ASKED_CLOSE in
# cosine names one of those, or is left out, even if that leaves one or two points.
ASKED_CLOSE = 0.55
SUBJECT_SHARE = 0.5


# How a story is told (its setting, stake, outcome and lesson) is the STAR guide's to teach, not a technical
# section's: "Sets the scene briefly with the project, the dataset and who was involved" cited text
# classification design. And a technical point is read up in a technical section: "Use a smaller verifier,
# check claims in parallel" cited a story about pushing back on a launch.
TOLD_PARTS = frozenset({"situation", "task", "result", "reflection"})
STORY_TOPIC = "behavioral"
# Guide sections about careers and interviews (the FAQ, the roles, the stories, the tips that work at every
# level) hold no facts a technical question's answer makes: "What does the temperature setting do ...?" took
# "Companies whose product is an LLM application may lean harder on LLM experience" (QA). Their sentences are
# points only for a question whose best passage is one of them ("How do NLP and LLM engineer roles differ?").
CAREER_TOPICS = frozenset({"faq", "roles", STORY_TOPIC})
CAREER_SECTIONS = frozenset({"interview-tips"})


def citable(q: Question, item_id: str, sections: list[Section]) -> list[Section]:
    """The question's source sections a point of it may cite."""
    stories = [s for s in sections if s.topic == STORY_TOPIC]
    others = [s for s in sections if s.topic != STORY_TOPIC]
    if q.kind == "behavioral":
        return stories if item_id in TOLD_PARTS and stories else sections
    return others or sections


def asked_terms(topic: set[str], passages: Sequence[Passage], sentences: list[str]) -> set[str]:
    """The question's topic words beside its subject: those the best passage's title does not name and no more than
    SUBJECT_SHARE of the retrieved sentences use (see ASKED_CLOSE)."""
    title = topic_terms(passages[0].title) if passages else set()
    used = [topic_terms(s) for s in sentences]
    return {t for t in topic - title if sum(t in u for u in used) <= SUBJECT_SHARE * len(used)}


class UnknownQuestion(LookupError):
    """No rubric for the question. `needs_reference`: a reference answer would let it be graded."""

    def __init__(self, message: str, needs_reference: bool = False):
        super().__init__(message)
        self.needs_reference = needs_reference


NOT_COVERED = "I could not find guide material on this question, so I need a reference answer to grade against."
NO_STORY = ("This asks about your own experience, and the guides hold no model story for it, "
            "so I need a reference answer to grade against.")


@dataclass(frozen=True)
class SectionPassage:
    text: str
    source: str
    section_id: str
    title: str


def section_retriever(embedder, sections: dict[str, Section]) -> Retrieve:
    """A plain embedding search over guide sections, for when no hybrid retriever is wired in."""
    items = [s for s in sections.values() if s.text.strip()]
    vecs = embedder.encode([f"{s.title}. {s.text[:1000]}" for s in items]) if items else None

    def retrieve(query: str, k: int) -> list[SectionPassage]:
        if vecs is None:
            return []
        order = np.argsort(-(vecs @ embedder.encode([query])[0]))[:k]
        return [SectionPassage(items[i].text, items[i].guide, items[i].id, items[i].title) for i in order]

    return retrieve


class RubricResolver:
    def __init__(self, embedder, questions: list[Question], sections: dict[str, Section],
                 retrieve: Retrieve | None = None, bank_match: float = 0.8, retrieve_k: int = 3, max_points: int = 4):
        self.embedder = embedder
        self.questions = {q.id: q for q in questions}
        self.sections = sections
        self.retrieve = retrieve or section_retriever(embedder, sections)
        self.retrieve_k = retrieve_k
        self.max_points = max_points
        self._bank: dict[str, Rubric] = {}
        self._section_vecs: dict[str, np.ndarray] = {}
        self._section_words: dict[str, list[set[str]]] = {}
        self._guide_stems: set[str] | None = None
        self._known_prefixes: set[str] | None = None
        self.bank_matcher = BankMatcher(embedder, self.questions, bank_match)
        self.bank_points = BankPoints(embedder, questions, sections)
        self.reference_citations = ReferenceCitations(self)

    def bank(self, question_id: str) -> Rubric:
        """A bank question's rubric, or a follow-up's ("<id>#f0" for its first)."""
        if question_id not in self._bank:
            parent_id, marked, index = question_id.partition(FOLLOWUP_ID)
            q = self.questions.get(parent_id)
            if q is None or (marked and not (re.fullmatch(r"0|[1-9][0-9]?", index) and int(index) < len(q.followups))):
                close = difflib.get_close_matches(question_id, list(bank_texts(self.questions)), n=3, cutoff=0.6)
                maybe = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                raise UnknownQuestion(f"There is no question with id '{question_id[:80]}' in the bank.{maybe} "
                                      "`coach questions` lists them.")
            rubric = from_followup(q, int(index), self.sections) if marked else from_question(q, self.sections)
            rubric = self._cite_closest(rubric, q)
            self._bank[question_id] = self.reference_citations.cite_followup(rubric, q, int(index)) if marked else rubric
        return self._bank[question_id]

    def _cite_closest(self, rubric: Rubric, q: Question) -> Rubric:
        """Point each rubric point at the question's source section with the passage closest to it, among
        the sections of its kind (`citable`)."""
        cited = [self.sections[s] for s in q.sources if s in self.sections]
        if len(cited) < 2:
            return rubric
        points = self.embedder.encode([i.point for i in rubric.items])
        stems = [content_stems(i.point) for i in rubric.items]
        sims = np.stack([self.closeness(points, stems, s) for s in cited], axis=1)
        for n, item in enumerate(rubric.items):
            allowed = citable(q, item.id, cited)
            sims[n, [s not in allowed for s in cited]] = -np.inf
        items = tuple(type(i)(**{**i.__dict__, "citation": Citation(cited[int(sims[n].argmax())].id,
                                                                     cited[int(sims[n].argmax())].title)})
                      for n, i in enumerate(rubric.items))
        return type(rubric)(**{**rubric.__dict__, "items": items})

    def closeness(self, points: np.ndarray, stems: list[set[str]], section: Section) -> np.ndarray:
        """Each point's best passage of the section: cosine, plus CITE_LEXICAL times the share of the
        point's content words the passage uses (a passage that states several things at once can trail
        a loosely related one in cosine alone)."""
        words = self._section_stems(section)
        lexical = np.array([[lexical_recall(p, w) for w in words] for p in stems])
        return (points @ self.section_vectors(section).T + CITE_LEXICAL * lexical).max(axis=1)

    def _section_stems(self, section: Section) -> list[set[str]]:
        if section.id not in self._section_words:
            self._section_words[section.id] = [content_stems(c) for c in passages(section.text)] or [set()]
        return self._section_words[section.id]

    def section_vectors(self, section: Section) -> np.ndarray:
        """A section's passages, encoded once: a long section makes many points, and its opening alone
        (what we embedded before) sent ~10% of points to the wrong one of a question's sections."""
        if section.id not in self._section_vecs:
            self._section_vecs[section.id] = self.embedder.encode(
                [f"{section.title}. {c}" for c in passages(section.text)] or [section.title])
        return self._section_vecs[section.id]

    def warm(self) -> None:
        """Encode the bank's questions and their clauses, and ready the reference citations, now: the first
        team question otherwise waits for ~200 clauses (~1-2 s) or the guides' index (~1.4 s) to be built."""
        self.bank_matcher.warm()
        self.reference_citations.warm()

    def known_terms(self) -> set[str]:
        """Every content word of the guides and of the bank's questions and model answers."""
        if self._guide_stems is None:
            bank = (f"{q.question} {q.model_answer or ''}" for q in self.questions.values())
            self._guide_stems = set().union(*(content_stems(f"{s.title} {s.text}") for s in self.sections.values()),
                                            *(content_stems(t) for t in bank))
        return self._guide_stems

    def unknown_terms(self, question: str) -> set[str]:
        """The question's topic words that neither a guide nor the bank contains. A long word counts as
        known when a known word starts with its first KNOWN_PREFIX letters ("hallucinate", "hallucination");
        chat shorthand as the words it stands for ("app", shorthand.py); a hyphenated word when each part is
        ("customer-facing")."""
        known = self.known_terms()
        if self._known_prefixes is None:
            self._known_prefixes = long_prefixes(known)

        def is_known(term: str) -> bool:
            return term in known or named_by_prefix(term, self._known_prefixes)

        return {t for t in topic_terms(spelled_out(question)) if not is_known(t)
                and not ("-" in t and all(is_known(stem(part)) for part in t.split("-") if part))}

    def covers(self, question: str, sentences: list[str], closeness: np.ndarray) -> bool:
        """Whether the guide sentences retrieved for the question are about it (see COVERS)."""
        topic = topic_terms(question)
        if not topic:  # "What is 2+2?": nothing a guide could be about
            return False
        if self.unknown_terms(question):
            return int((closeness >= COVERS_UNKNOWN).sum()) >= 2
        named = np.array([lexical_recall(topic, content_stems(s)) for s in sentences])
        return bool(len(sentences)) and float((closeness + TOPIC_BONUS * named).max()) >= COVERS

    def about_careers(self, section_id: str) -> bool:
        section = self.sections.get(section_id)
        return section is not None and (section.topic in CAREER_TOPICS or section.id in CAREER_SECTIONS)

    def from_retrieval(self, question: str) -> Rubric:
        if asks_for_story(question):
            raise UnknownQuestion(NO_STORY, needs_reference=True)
        passages = list(self.retrieve(question, self.retrieve_k))
        career = [self.about_careers(p.section_id) for p in passages]
        candidates = [(s, n) for n, p in enumerate(passages) for s in split_sentences(prose(p.text))
                      if stands_alone(s) and (career[0] or not career[n])]
        vecs = self.embedder.encode([question] + [s for s, _ in candidates])
        closeness = vecs[1:] @ vecs[0]
        if not self.covers(question, [s for s, _ in candidates], closeness):
            raise UnknownQuestion(NOT_COVERED, needs_reference=True)
        # The retriever already ranked the passages: prefer sentences from the better ones.
        sims = closeness + np.array([RANK_BONUS / (1 + n) for _, n in candidates])
        topic = topic_terms(question)
        asked = asked_terms(topic, passages, [s for s, _ in candidates])
        chosen: list[int] = []
        for i in np.argsort(-sims):  # best first, skipping near-duplicates of points already chosen
            on_topic = closeness[i] >= POINT_CLOSE or bool(topic & content_stems(candidates[i][0]))
            asks = not chosen or closeness[i] >= ASKED_CLOSE or not asked or bool(asked & topic_terms(candidates[i][0]))
            if (closeness[i] >= POINT_MIN and on_topic and asks
                    and all(float(vecs[1 + i] @ vecs[1 + j]) < 0.8 for j in chosen)):
                chosen.append(int(i))
            if len(chosen) == self.max_points:
                break
        if not chosen:  # nothing retrieved is about the question after all
            raise UnknownQuestion(NOT_COVERED, needs_reference=True)
        bank, chosen = self.bank_points.beside_guides(vecs[0], topic, [s for s, _ in candidates], vecs[1:], chosen,
                                                      self.max_points)
        if bank:  # each with its hint, phrasings and the citation its own question gives it
            return from_bank_points(question, [next(i for i in self.bank(b.rubric_id).items if i.id == b.point.id)
                                               for b in bank], passages, [candidates[i] for i in chosen])
        if float(closeness[chosen].max()) < RUBRIC_CLOSE:  # every point only mentions the question's subject
            raise UnknownQuestion(NOT_COVERED, needs_reference=True)
        return from_passages(question, passages, [candidates[i] for i in chosen])

    def resolve(self, question_id: str | None = None, question: str | None = None,
                reference: str | None = None) -> Rubric:
        if question_id:
            return self.bank(question_id)
        if not question or not question.strip():
            raise UnknownQuestion("Give a question id from the bank, or the question text.")
        if reference and reference.strip():
            return self.reference_citations.cite(from_reference(question.strip(), reference))
        matched = self.bank_matcher.bank_id(question)
        if matched is not None:
            return self.bank(matched)
        return self.from_retrieval(question.strip())
