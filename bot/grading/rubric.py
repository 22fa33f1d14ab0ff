"""One rubric shape for the three places a rubric comes from.

A bank question brings its own points, phrasings and misconceptions; a
reference answer is split into key points; retrieved guide passages give
their most question-like sentences. The grader only ever sees a `Rubric`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Protocol, Sequence

from bot.grading.feedback import Citation, RubricSource
from bot.grading.text import FENCE, code_excerpt, code_units, split_sentences, word_count
from bot.pack.models import Question, Section


class Passage(Protocol):
    text: str
    source: str
    section_id: str
    title: str


@dataclass(frozen=True)
class RubricItem:
    id: str
    point: str
    weight: float
    phrasings: tuple[str, ...]
    hint: str
    citation: Citation | None

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.point, *self.phrasings)


@dataclass(frozen=True)
class MisconceptionItem:
    claim: str
    correction: str
    phrasings: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.claim, *self.phrasings)


@dataclass(frozen=True)
class Rubric:
    source: RubricSource
    question: str
    items: tuple[RubricItem, ...]
    question_id: str | None = None
    kind: str = "technical"
    misconceptions: tuple[MisconceptionItem, ...] = ()
    model_answer: str | None = None

    @property
    def key(self) -> str:
        """Identifies the rubric's text, so its embeddings can be cached."""
        if self.source == "bank" and self.question_id:
            return f"bank:{self.question_id}"
        blob = "\x1f".join([self.question, *(t for i in self.items for t in i.texts),
                            *(t for m in self.misconceptions for t in m.texts)])
        return f"{self.source}:" + hashlib.sha1(blob.encode()).hexdigest()

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.items) or 1.0


# A behavioural point describes the candidate ("Describes the task and constraints...", "Explains that they
# owned the decision"); a story says it in the first person ("I owned the ticket triage model..."). The
# point is also matched in the story's own voice: the describing verb dropped, "they" read as "I".
_DESCRIBING = re.compile(r"^(?:describes|explains|states|shows|names|gives|mentions|says|admits|notes|"
                         r"reflects on|talks about|walks through|outlines)\s+(?:that\s+|how\s+)?", re.I)
_THIRD_PERSON = {"they": "I", "their": "my", "them": "me", "themselves": "myself", "theirs": "mine"}


def in_story_voice(point: str) -> str | None:
    """The behavioural point as the candidate would say it, or None when it reads that way already."""
    voiced = _DESCRIBING.sub("", point)
    voiced = re.sub(r"\b(they|their|them|themselves|theirs)\b", lambda m: _THIRD_PERSON[m.group(1).lower()], voiced,
                    flags=re.I)
    return voiced if voiced != point and word_count(voiced) >= 3 else None


def _fallback_citation(q: Question, sections: dict[str, Section]) -> Citation | None:
    """The question's first guide source; the resolver may pick a closer one per point."""
    cited = [Citation(s, sections[s].title) for s in q.sources if s in sections]
    return cited[0] if cited else (Citation(q.sources[0], q.sources[0]) if q.sources else None)


def _misconceptions(q: Question) -> tuple[MisconceptionItem, ...]:
    return tuple(MisconceptionItem(m.claim, m.correction, tuple(m.phrasings)) for m in q.misconceptions)


def from_question(q: Question, sections: dict[str, Section] | None = None) -> Rubric:
    """Cite the question's first guide source on every point; the grader may pick a closer one."""
    fallback = _fallback_citation(q, sections or {})
    story = q.kind.value == "behavioral"
    items = tuple(RubricItem(id=p.id, point=p.point, weight=p.weight,
                             phrasings=tuple(p.phrasings) + ((v,) if story and (v := in_story_voice(p.point)) else ()),
                             hint=p.means, citation=fallback) for p in q.rubric)
    return Rubric(source="bank", question=q.question, items=items, question_id=q.id, kind=q.kind.value,
                  misconceptions=_misconceptions(q), model_answer=q.model_answer)


FOLLOWUP_ID = "#f"  # "bleu-rouge-meteor-explained#f0": the question's first follow-up


def followup_id(q: Question, index: int) -> str:
    return f"{q.id}{FOLLOWUP_ID}{index}"


def from_followup(q: Question, index: int, sections: dict[str, Section] | None = None) -> Rubric:
    """A follow-up's own points, and its question's misconceptions: a myth about BLEU is one in an answer
    on its brevity penalty too. It has no model answer of its own (the question's answers something else)."""
    followup = q.followups[index]
    fallback = _fallback_citation(q, sections or {})
    items = tuple(RubricItem(id=p.id, point=p.point, weight=p.weight, phrasings=tuple(p.phrasings), hint=p.means,
                             citation=fallback) for p in followup.rubric)
    return Rubric(source="bank", question=followup.question, items=items, question_id=followup_id(q, index),
                  kind=q.kind.value, misconceptions=_misconceptions(q))


HEADING_WORDS = 4  # "Key points:", "In short, three things:" introduce a list and make no point
# Lines of a team's reference that are no point (QA): a markdown heading ("## Chunking" was glued onto the
# first point), and a pointer elsewhere ("See https://wiki... for details", "Ask @maria if unsure."), which
# no answer makes and which capped every answer.
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s.*$", re.M)
_POINTER = re.compile(r"https?://|^(?:see|ask|ping|contact|check with|cf\.?)\b.*(?:@|<#|\bwiki\b|\bdocs?\b|"
                      r"\bfor (?:details|more)\b)", re.I)
# A list item of two or more words is a point however short ("- 64 overlap"): terse bullets were merged into one
# point "512 tokens 64 overlap headings first tables whole" (QA).
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*•]|\d+[.)])\s+(.+?)\s*$", re.M)


def key_points(text: str, max_points: int = 6) -> list[str]:
    """Split a reference's prose into points: sentences (and list items), with fragments merged into
    a neighbour. A heading such as "Key points:" introduces the list and is no point of its own."""
    points: list[str] = []
    pending = ""  # a short opening fragment waits for the sentence it introduces
    text = _HEADING_LINE.sub("", text)
    # each list item's text and how far it is indented; an item ending in ":" is the parent of the deeper items
    # after it: "- Latency budget:" then "  - p50 under 300 ms" is "Latency budget: p50 under 300 ms" (QA)
    items = {" ".join(split_sentences(m.group(2))): len(m.group(1).expandtabs(4))
             for m in _LIST_ITEM.finditer(text)}
    parent: tuple[str, int] | None = None
    for sentence in split_sentences(text):
        if sentence in items and sentence.endswith(":"):
            parent = (sentence, items[sentence])
            continue
        if (sentence.endswith(":") and word_count(sentence) <= HEADING_WORDS) or _POINTER.search(sentence):
            continue
        if sentence in items:
            parent = parent if parent and items[sentence] > parent[1] else None
        if sentence in items and word_count(sentence) >= 2:
            points.append(" ".join(p for p in (pending, parent[0] if parent else "", sentence) if p))
            pending = ""
            continue
        if sentence.endswith(":"):  # "Use functools.lru_cache as a decorator:" leads into what follows
            pending = f"{pending} {sentence}".strip()
        elif points and word_count(sentence) < 4:
            points[-1] = f"{points[-1]} {sentence}"
        elif word_count(sentence) < 4:
            pending = f"{pending} {sentence}".strip()
        else:
            points.append(f"{pending} {sentence}".strip())
            pending = ""
    if pending:
        points.append(pending)
    if len(points) > max_points:  # keep the grader's unit of credit meaningful on long references
        size = -(-len(points) // max_points)
        points = [" ".join(points[i:i + size]) for i in range(0, len(points), size)]
    return points


def _code_point(code: str) -> tuple[str, tuple[str, ...]] | None:
    """A reference's code as one point: shown as the code's opening, matched as an answer's code is
    (its identifiers and comments), so code in the answer can earn it."""
    units = code_units(code)
    return (code_excerpt(code, whose="The reference's code"), tuple(units)) if units else None


def _slug(text: str, n: int) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return f"p{n}-" + "-".join(words) if words else f"p{n}"


def made_here(point_id: str) -> bool:
    """Whether a point was made from a reference or a guide sentence (`_slug`), not taken from the bank."""
    return re.fullmatch(r"p\d+(-[a-z0-9-]*)?", point_id) is not None


def from_reference(question: str, reference: str) -> Rubric:
    code = "\n".join(m.group(1) for m in FENCE.finditer(reference)).strip()
    prose = FENCE.sub("\n\n", reference).replace("`", "")
    code_point = _code_point(code) if code else None
    points = key_points(prose) or ([] if code_point else [reference.strip()])
    whole = (prose.strip(),) if len(points) == 1 and not code_point else ()
    items = [RubricItem(id=_slug(p, n), point=p, weight=1.0, phrasings=whole if n == 1 else (),
                        hint=f"Cover this point from the reference: {p}", citation=None)
             for n, p in enumerate(points, start=1)]
    if code_point:
        shown, matched = code_point
        items.append(RubricItem(id=f"p{len(items) + 1}-code", point=shown, weight=1.0, phrasings=matched,
                                hint="Show the code, or say in a sentence what it does.", citation=None))
    return Rubric(source="reference", question=question, items=tuple(items), model_answer=reference.strip())


def _passage_items(passages: Sequence[Passage], ranked_sentences: list[tuple[str, int]],
                   start: int = 1) -> list[RubricItem]:
    # No hint beside the citation: "See 'X' in the guides. (read: X)" named the section twice (QA).
    # shown as plain text: "`[EMAIL]`" read as markup in chat (QA)
    return [RubricItem(id=_slug(sentence, n), point=sentence.replace("`", ""), weight=1.0, phrasings=(), hint="",
                       citation=Citation(passages[idx].section_id, passages[idx].title))
            for n, (sentence, idx) in enumerate(ranked_sentences, start=start)]


def _retrieved(question: str, items: Sequence[RubricItem]) -> Rubric:
    return Rubric(source="retrieved", question=question, items=tuple(items),
                  model_answer=" ".join(i.point for i in items) or None)


def from_passages(question: str, passages: Sequence[Passage], ranked_sentences: list[tuple[str, int]]) -> Rubric:
    """`ranked_sentences` are (sentence, passage index), best first, already chosen by the caller."""
    return _retrieved(question, _passage_items(passages, ranked_sentences))


def from_bank_points(question: str, bank_items: Sequence[RubricItem], passages: Sequence[Passage],
                     ranked_sentences: list[tuple[str, int]]) -> Rubric:
    """Other bank questions' points (bank_points.py), then the guide sentences kept beside them. The rubric
    is still "retrieved": no bank question is this one and the points were found by closeness, so it is
    graded as guide sentences are, and the note that a reference answer grades sharper stands."""
    used: set[str] = set()
    items = []
    for n, item in enumerate(bank_items, start=1):  # two bank questions may both name a point "agreement"
        items.append(item if item.id not in used else replace(item, id=f"{item.id}-{n}"))
        used.add(items[-1].id)
    return _retrieved(question, [*items, *_passage_items(passages, ranked_sentences, start=len(items) + 1)])
