"""Find the rubric for a question: the bank, a reference answer, or retrieved guide passages.

A free-form question is first matched against the bank's question texts
(close enough means the same question, so its curated rubric applies); only
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

from bot.grading.feedback import Citation
from bot.grading.bank_points import BankPoints
from bot.grading.reference_citations import ReferenceCitations
from bot.grading.rubric import (FOLLOWUP_ID, Passage, Rubric, followup_id, from_bank_points, from_followup,
                                from_passages, from_question, from_reference)
from bot.grading.guide_sentences import passages, prose, stands_alone
from bot.grading.signals import content_stems, lexical_recall
from bot.grading.text import split_sentences
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
KNOWN_PREFIX = 7
# A free-form question this close to a bank question, naming no topic the bank question does not, is that
# question reworded ("Explain self-attention.", "What is reciprocal rank fusion?"): its curated rubric applies.
BANK_NAMED = 0.55
# The guides hold no stories: a question about the person's own past needs its reference answer.
# "Give an example of when BM25 beats dense retrieval" and "Have you ever tuned k1?" are technical.
_BEHAVIOURAL = re.compile(r"\b(tell (me|us) about a time|describe a time|(a|the) (time|situation|case|moment) "
                          r"(when|where|in which|that) you|how did you (handle|deal|manage|resolve))\b", re.I)
# Words that frame a question rather than name its topic: a guide need not contain them.
_FRAMING = content_stems("explain describe difference differences popular important main work works matter "
                         "matters tell time example examples good bad best way ways happen happens mean means "
                         "need pros cons compare versus typical common usually really actually exactly ever situation "
                         "tuned tune tuning control controls help helps")


# A question typed in other words (compound, framed, abbreviated) drifts below BANK_NAMED for its bank
# question and names words the bank question does not: "Why is self-attention quadratic in sequence length,
# and what do people do about it?" is 0.66 from "Why does self-attention get expensive on long sequences, and
# how do FlashAttention and multi-query attention help?". It is still that question when the question, or
# one of its clauses, reaches BANK_WORDED against the bank question or one of its clauses (0.77 for "Why does
# self-attention get expensive on long sequences") and at least BANK_WORDED_SHARE of its topic words, two or
# more, are the bank question's. Questions near a bank topic that ask something narrower or else stay below
# one bar or the other (bench/bank_match.py): "What is sparse attention, like in Longformer?" 0.62 with 1 of
# its 4 topic words, "How does Okapi BM25 score a document against a search query?" 0.67 with 3 of 7.
BANK_WORDED = 0.70
BANK_WORDED_SHARE = 0.5
# Where a question's clauses part: sentences, a colon, a dash, and ", and what/how/why ..." opening a second
# question. A bank clause that names fewer than two topic words ("Give me examples.") says nothing on its own.
_CLAUSE = re.compile(r"(?<=[?.!:;])\s+|,?\s+(?:and|or|but|so)\s+(?=(?:how|what|why|when|where|which|who|is|are|"
                     r"does|do|can|would|should)\b)|\s+[-\u2014]\s+", re.I)


def _clauses(question: str) -> list[str]:
    return [c for s in split_sentences(question) or [question] for c in _CLAUSE.split(s) if c and c.strip()]


# The bank writes "language model" where people type "LLM": "Why do LLMs hallucinate?" is the bank's
# "What do people mean when they say a language model hallucinates?". Likewise "RAG" ("What is RAG and why
# not just ask the LLM directly?" sat nearer the recall@k question, 0.48, than the RAG one) and "vocab".
_ABBREVIATION = re.compile(r"\b(LLM|RAG|vocab)(s)?\b", re.I)
_SPELLED = {"llm": ("language model", "language models"), "vocab": ("vocabulary", "vocabularies"),
            "rag": ("retrieval-augmented generation", "retrieval-augmented generation systems")}


def _spelled_out(question: str) -> str:
    return _ABBREVIATION.sub(lambda m: _SPELLED[m.group(1).lower()][bool(m.group(2))], question)


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
        self.bank_match = bank_match
        self.retrieve_k = retrieve_k
        self.max_points = max_points
        self._bank: dict[str, Rubric] = {}
        self._question_vecs: np.ndarray | None = None  # the bank's questions and follow-ups (_texts)
        self._clause_vecs: np.ndarray | None = None  # the bank questions' clauses that name a topic
        self._clause_owners: list[str] = []
        self._section_vecs: dict[str, np.ndarray] = {}
        self._section_words: dict[str, list[set[str]]] = {}
        self._guide_stems: set[str] | None = None
        self._known_prefixes: set[str] | None = None
        self.bank_points = BankPoints(embedder, questions, sections)
        self.reference_citations = ReferenceCitations(self)

    def bank(self, question_id: str) -> Rubric:
        """A bank question's rubric, or a follow-up's ("<id>#f0" for its first)."""
        if question_id not in self._bank:
            parent_id, marked, index = question_id.partition(FOLLOWUP_ID)
            q = self.questions.get(parent_id)
            if q is None or (marked and not (re.fullmatch(r"0|[1-9][0-9]?", index) and int(index) < len(q.followups))):
                close = difflib.get_close_matches(question_id, list(self._texts()), n=3, cutoff=0.6)
                maybe = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                raise UnknownQuestion(f"There is no question with id '{question_id[:80]}' in the bank.{maybe} "
                                      "`coach questions` lists them.")
            rubric = from_followup(q, int(index), self.sections) if marked else from_question(q, self.sections)
            self._bank[question_id] = self._cite_closest(rubric, q)
        return self._bank[question_id]

    def _texts(self) -> dict[str, str]:
        """The bank's questions and their follow-ups by id."""
        texts = {}
        for q in self.questions.values():
            texts[q.id] = q.question
            texts.update((followup_id(q, n), f.question) for n, f in enumerate(q.followups))
        return texts

    def _cite_closest(self, rubric: Rubric, q: Question) -> Rubric:
        """Point each rubric point at the question's source section with the passage closest to it."""
        cited = [self.sections[s] for s in q.sources if s in self.sections]
        if len(cited) < 2:
            return rubric
        points = self.embedder.encode([i.point for i in rubric.items])
        stems = [content_stems(i.point) for i in rubric.items]
        sims = np.stack([self.closeness(points, stems, s) for s in cited], axis=1)
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

    def names_same_topic(self, question: str, question_id: str) -> bool:
        """Every topic word of the question appears in the bank question or its id ("Explain self-attention.",
        "How do BIO tags work in NER?" against ner-bio-tagging-basics), a long word by its first letters."""
        return self.topic_share(question, question_id) == 1.0

    def topic_share(self, question: str, question_id: str) -> float:
        """The share of the question's topic words that the bank question or its id names (LLM, RAG spelled
        out on both sides), a long word by its first letters; 0 when it has none."""
        topic = self.topic_terms(_spelled_out(question))
        bank = content_stems(_spelled_out(f"{self.questions[question_id].question} {question_id.replace('-', ' ')}"))
        prefixes = {b[:KNOWN_PREFIX] for b in bank if len(b) >= KNOWN_PREFIX}
        named = [t for t in topic if t in bank or (len(t) >= KNOWN_PREFIX and t[:KNOWN_PREFIX] in prefixes)]
        return len(named) / len(topic) if topic else 0.0

    def is_bank_question(self, question: str, question_id: str, sim: float) -> bool:
        """Whether the question, `sim` from the bank question in cosine, is that question: nearly word for word
        (bank_match), close and naming only its topics (BANK_NAMED), or in other words (BANK_WORDED). Only a
        question that asks for a story takes a story question's rubric more loosely than word for word: "What is
        fine-tuning?" named behav-prompt-vs-finetune's one topic at 0.55 and was graded as a story."""
        if sim >= self.bank_match:
            return True
        if self.questions[question_id].kind == "behavioral" and not _BEHAVIOURAL.search(question):
            return False
        return ((sim >= BANK_NAMED and self.names_same_topic(question, question_id))
                or self.worded_apart(question, question_id, sim))

    def worded_apart(self, question: str, question_id: str, sim: float) -> bool:
        """Whether the question is the bank question in other words (see BANK_WORDED)."""
        if (len(self.topic_terms(_spelled_out(question))) < 2
                or self.topic_share(question, question_id) < BANK_WORDED_SHARE):
            return False
        return max(sim, self._closest_clauses(question, question_id)) >= BANK_WORDED

    def _closest_clauses(self, question: str, question_id: str) -> float:
        """The highest cosine between a clause of the question and one of the bank question's."""
        clause_vecs = self._bank_clause_vecs()
        mine = [c for c in _clauses(_spelled_out(question)) if self.topic_terms(c)]
        rows = [n for n, i in enumerate(self._clause_owners) if i == question_id]
        if not mine or not rows:
            return 0.0
        return float((self.embedder.encode(mine) @ clause_vecs[rows].T).max())

    def _bank_clause_vecs(self) -> np.ndarray:
        """The bank questions' clauses that name two topic words, encoded once (owners in _clause_owners)."""
        if self._clause_vecs is None:
            units = [(q.id, c) for q in self.questions.values() for c in _clauses(_spelled_out(q.question))
                     if len(self.topic_terms(c)) >= 2]
            self._clause_owners = [i for i, _ in units]
            self._clause_vecs = self.embedder.encode([c for _, c in units]) if units else np.zeros((0, 1))
        return self._clause_vecs

    def warm(self) -> None:
        """Encode the bank's questions and their clauses, and ready the reference citations, now: the first
        team question otherwise waits for ~200 clauses (~1-2 s) or the guides' index (~1.4 s) to be built."""
        self.closest("warm up")
        self._bank_clause_vecs()
        self.reference_citations.warm()

    def closest_bank_question(self, text: str) -> tuple[str | None, float]:
        """The bank question closest in meaning to `text` ("LLM" spelled out on both sides), and its cosine."""
        return self.closest(text)[0]

    def closest(self, text: str) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
        """The closest bank question and the closest follow-up to `text`, each with its cosine, from one
        encoding of it."""
        texts = self._texts()
        ids = list(texts)
        if not ids:
            return (None, 0.0), (None, 0.0)
        if self._question_vecs is None:
            self._question_vecs = self.embedder.encode([_spelled_out(texts[i]) for i in ids])
        sims = self._question_vecs @ self.embedder.encode([_spelled_out(text)])[0]

        def best(rows: list[int]) -> tuple[str | None, float]:
            top = max(rows, key=lambda n: sims[n], default=None)
            return (None, 0.0) if top is None else (ids[top], float(sims[top]))

        followups = [n for n, i in enumerate(ids) if FOLLOWUP_ID in i]
        return best([n for n, i in enumerate(ids) if FOLLOWUP_ID not in i]), best(followups)

    def known_terms(self) -> set[str]:
        """Every content word of the guides and of the bank's questions and model answers."""
        if self._guide_stems is None:
            bank = (f"{q.question} {q.model_answer or ''}" for q in self.questions.values())
            self._guide_stems = set().union(*(content_stems(f"{s.title} {s.text}") for s in self.sections.values()),
                                            *(content_stems(t) for t in bank))
        return self._guide_stems

    @staticmethod
    def topic_terms(question: str) -> set[str]:
        """The question's content words that name its topic, not its framing ("explain", "example")."""
        return content_stems(re.sub(r"['\u2019]s\b", "", question)) - _FRAMING

    def unknown_terms(self, question: str) -> set[str]:
        """The question's topic words that neither a guide nor the bank contains. A long word counts as
        known when a known word starts with its first KNOWN_PREFIX letters ("hallucinate", "hallucination")."""
        known = self.known_terms()
        if self._known_prefixes is None:
            self._known_prefixes = {k[:KNOWN_PREFIX] for k in known if len(k) >= KNOWN_PREFIX}
        return {t for t in self.topic_terms(question) - known
                if len(t) < KNOWN_PREFIX or t[:KNOWN_PREFIX] not in self._known_prefixes}

    def covers(self, question: str, sentences: list[str], closeness: np.ndarray) -> bool:
        """Whether the guide sentences retrieved for the question are about it (see COVERS)."""
        topic = self.topic_terms(question)
        if not topic:  # "What is 2+2?": nothing a guide could be about
            return False
        if self.unknown_terms(question):
            return int((closeness >= COVERS_UNKNOWN).sum()) >= 2
        named = np.array([lexical_recall(topic, content_stems(s)) for s in sentences])
        return bool(len(sentences)) and float((closeness + TOPIC_BONUS * named).max()) >= COVERS

    def from_retrieval(self, question: str) -> Rubric:
        if _BEHAVIOURAL.search(question):
            raise UnknownQuestion(NO_STORY, needs_reference=True)
        passages = list(self.retrieve(question, self.retrieve_k))
        candidates = [(s, n) for n, p in enumerate(passages) for s in split_sentences(prose(p.text))
                      if stands_alone(s)]
        vecs = self.embedder.encode([question] + [s for s, _ in candidates])
        closeness = vecs[1:] @ vecs[0]
        if not self.covers(question, [s for s, _ in candidates], closeness):
            raise UnknownQuestion(NOT_COVERED, needs_reference=True)
        # The retriever already ranked the passages: prefer sentences from the better ones.
        sims = closeness + np.array([RANK_BONUS / (1 + n) for _, n in candidates])
        topic = self.topic_terms(question)
        chosen: list[int] = []
        for i in np.argsort(-sims):  # best first, skipping near-duplicates of points already chosen
            on_topic = closeness[i] >= POINT_CLOSE or bool(topic & content_stems(candidates[i][0]))
            if (closeness[i] >= POINT_MIN and on_topic
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
        return from_passages(question, passages, [candidates[i] for i in chosen])

    def resolve(self, question_id: str | None = None, question: str | None = None,
                reference: str | None = None) -> Rubric:
        if question_id:
            return self.bank(question_id)
        if not question or not question.strip():
            raise UnknownQuestion("Give a question id from the bank, or the question text.")
        if reference and reference.strip():
            return self.reference_citations.cite(from_reference(question.strip(), reference))
        (best, sim), (followup, near) = self.closest(question)
        named = best is not None and self.is_bank_question(question, best, sim)
        # A follow-up is short and names one topic ("Give an example of a hallucination in a summarisation
        # task."), so "What is hallucination?" sits near it: only the follow-up itself, asked nearly word for
        # word and closer than any question, takes its rubric ("Why does BLEU need a brevity penalty?").
        if followup is not None and near >= self.bank_match and near > sim:
            return self.bank(followup)
        if named:
            return self.bank(best)
        return self.from_retrieval(question.strip())
