"""A sentence that says of one of the question's compared terms what a point says of another.

A question that sets named things side by side ("Explain MRR and nDCG", "the query, key and value
vectors", "encoder-only and decoder-only models") invites the classic confident error: every
definition right, each attached to the wrong name. MiniLM reads "nDCG is just one over the rank of
the first relevant result" as close to the MRR point as MRR's own wording (a name weighs little
against the rest of the sentence), and token alignment matches every other word, so an answer that
swapped both definitions and both uses scored 9.2 of 10 with every point "covered" (QA).

So the question's compared terms are read off it: two or more names ("MRR", "nDCG", "k1", "b",
"bi-encoders", "WordPiece": capitals inside a word, digits, hyphens, or one letter) or paired role
words of the field (query/key/value, encoder/decoder, keyword/semantic, ...) joined by "and", "or",
"vs" or commas, at least two of them named alone by a point of the rubric. A text is *about* a term
when it names that term and none of the others ("encoder-decoder" names two); a clause that names
none is about its sentence's term, if the sentence has one. Every clause of the answer (sentences
split at ";", ":", ", and", ", but", "while", "whereas") is set against each point about one term,
with the names masked as "it", so only what is said of them is compared. A clause about another term
takes the point when it is near it (cosine at least MAKES_POINT) and nearer than every clause about
the point's own term by CLEARLY, and nearer than any point of the term it names (else it says what
that term does: "Keyword search looks for the exact words of the query" sits near "semantic search
wins when the words differ" too, but nearer still to the keyword point), and either shares more of the point's content words than any of
them or the answer swaps the other way too (a clause about the point's term takes a point of the
other's). MiniLM alone put "keyword search matches the exact words" nearest the point "semantic
search wins when the words differ"; neither test holds there. A sentence holding such a clause
earns nothing on the point, nor does a unit (pair, whole answer) holding the sentence; a sentence
that speaks of the other term alone has said something false of it, so it earns nothing on that
term's points either ("A bi-encoder reads the query and document together" made no bi-encoder
point). Where the answer also speaks of the point's own term, it is told which term it gave the
point to.

A clause that says something of each of two terms ("I'd use MRR for product search ... and nDCG for
QA ...") is cut where the second term begins (by_term). A clause that gives another term's point,
nearer than that point is to this one, no longer counts as its own term saying this point (a second
pass, _candidates). And a clause that says a point in far more of the point's words than of its own
term's points takes it even where it sits a little nearer its own term's point (QA: "BPE starts from
a big vocabulary and prunes away tokens ..." against the Unigram point).

Measured by bench/grader_term_swaps.py (a right answer and its name-swapped twin for each of the
bank's eight such questions): right answers 9.63 before and after, swapped twins 9.07 -> 4.54, pairs
told apart by 2 points or more 1 -> 8 of 8; with the three rules above, right 9.78, swapped 4.50, and
QA's two whole-answer swaps 7.1 -> 2.1 and 6.2 -> 4.8. On bench/grader_labelled.py two answers moved (an
outline 2.88 -> 2.33, label 4, and a keyword list 0.09 -> 0.0); Spearman, ordering and MAE held. Reference rubrics: no Mohler question compares names; bench/grader_reference_kinds.py
did not move.

Left alone: swaps told with synonyms of the names ("mean reciprocal rank") and pronouns pointing
back at the wrong name, which need a reader of reference, not of words.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from bot.grading.rubric import Rubric
from bot.grading.signals import content_stems

if TYPE_CHECKING:
    from bot.grading.vectors import Units

SWAP_NOTE = 'This sentence says of {said} what a good answer says of {meant}: "{clause}"'
MAKES_POINT = 0.45  # cosine of a clause to a point (names masked) at which the clause says what the point says
CLEARLY = 0.05  # by how much it must beat every clause about the point's own term
LEAST_SHARED = 2  # content words of the point's (names aside) a clause must share, more than any own clause
MAX_NOTES = 2
OUTWORDS = 2  # a clause sharing this many times the words of its own term's points says the other point
_WORD = r"[A-Za-z0-9][A-Za-z0-9+@]*(?:-[A-Za-z0-9+@]+)*"
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+)"
_LIST = re.compile(rf"\b{_WORD}(?:{_JOIN}{_WORD})+")
_SHARED_HEAD = re.compile(rf"\b({_WORD})\s+({_WORD}){_JOIN}({_WORD})\s+\2\b")  # "keyword search and semantic search"
_CLAUSE_BREAK = re.compile(r"\s*[;:]\s+|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+", re.I)
# Words a question coordinates that are not things the answer attaches facts to.
_NOT_TERMS = frozenset("""
a an the and or vs versus how why what when where which who is are do does you your it its each one other
use used using pros cons advantages disadvantages strengths weaknesses benefits costs risks trade-offs tradeoffs
limits limitations similarities differences difference compare contrast explain describe
""".split())


def _form(word: str) -> str:
    """A word's plain form, so "keys"/"key", "queries"/"query", "values"/"value" and "tuning"/"tune" meet."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


# Everyday words the field pairs as roles a definition belongs to; a swap of them is the error to catch.
ROLE_WORDS = frozenset(_form(w) for w in """
query key value encoder decoder precision recall bias variance prefill decode sparse dense keyword semantic
lexical
""".split())


def _forms(text: str) -> set[str]:
    return {_form(part) for word in re.findall(_WORD, text) for part in word.split("-")}


@dataclass(frozen=True)
class Term:
    name: str  # as the question spells it
    parts: frozenset[str]  # the forms that tell it from the other terms of its list


@dataclass(frozen=True)
class Compared:
    terms: tuple[Term, ...]
    about: tuple[int | None, ...]  # per rubric point, the term it alone names (index into terms), or None
    # the points' wordings with the names masked, encoded once per rubric (compared() is cached per rubric)
    point_vecs: dict[str, np.ndarray] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def encoded(self, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.point_vecs]
        if missing:
            self.point_vecs.update(zip(missing, encode(missing)))
        return np.stack([self.point_vecs[t] for t in texts])

    @property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(t.parts for t in self.terms))

    def of(self, text: str) -> int | None:
        """The one term the text names, or None (none, or several)."""
        forms = _forms(text)
        named = [t for t, term in enumerate(self.terms) if term.parts <= forms]
        return named[0] if len(named) == 1 else None


def _name_like(word: str, opens_sentence: bool) -> bool:
    """A name rather than an everyday word: "MRR", "nDCG", "k1", "b", "recall@k", "bi-encoders", "WordPiece"
    (capitalised away from a sentence's start), or one of the field's paired role words."""
    return (len(word) == 1 or bool(re.search(r"[0-9@-]|.[A-Z]", word)) or (word[0].isupper() and not opens_sentence)
            or _form(word) in ROLE_WORDS)


def _lists(question: str) -> list[list[str]]:
    out = []
    for m in _LIST.finditer(question):
        words, at = [], m.start()
        for w in re.split(_JOIN, m.group(0)):
            if not w:
                continue
            at = question.index(w, at)
            opens = not question[:at].strip() or question[:at].rstrip()[-1] in ".?!:"
            if w.lower() not in _NOT_TERMS and _name_like(w, opens):
                words.append(w)
            at += len(w)
        if len(words) >= 2:
            out.append(words)
    for m in _SHARED_HEAD.finditer(question):
        if all(_form(w) in ROLE_WORDS for w in (m.group(1), m.group(3))):
            out.append([m.group(1), m.group(3)])
    return out


@lru_cache(maxsize=512)
def _compared(question: str, points: tuple[str, ...]) -> Compared | None:
    for words in _lists(question):
        split = [[_form(p) for p in w.split("-")] for w in words]
        shared = set.intersection(*(set(s) for s in split))
        terms = tuple(Term(w, frozenset(p for p in s if p not in shared)) for w, s in zip(words, split))
        if any(not t.parts for t in terms) or len({t.parts for t in terms}) < len(terms):
            continue
        probe = Compared(terms, ())
        about = tuple(probe.of(p) for p in points)
        if len({a for a in about if a is not None}) >= 2:  # at least two terms each named alone by a point
            return Compared(terms, about)
    return None


def compared(rubric: Rubric) -> Compared | None:
    """The question's compared terms, with the one each point is about; None when it compares nothing."""
    return _compared(rubric.question, tuple(item.point for item in rubric.items))


def clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_BREAK.split(sentence) if c and c.strip()]


def _masked(text: str, terms: tuple[Term, ...]) -> str:
    """The text with the compared names replaced by "it", so that only what it says of them is compared."""
    names = frozenset().union(*(t.parts for t in terms))
    return re.sub(_WORD, lambda m: "it" if {_form(p) for p in m.group(0).split("-")} & names else m.group(0), text)


@dataclass(frozen=True)
class Clause:
    sentence: int  # the answer's sentence (unit index of its own unit)
    text: str
    term: int | None  # the compared term it is about: its own, else its sentence's


_BEFORE_NAME = re.compile(rf"\s*(?:,\s*)?\b(?:and|or)\s+(?={_WORD})|\s*,\s+(?={_WORD})", re.I)
LEAST_SAID = 3  # words a piece must have besides its name to say something of it


def by_term(c: Compared, text: str) -> list[str]:
    """A clause that says something of each of two terms cut where the second begins: "I'd use MRR for
    product search with graded relevance and nDCG for QA" says one thing of MRR and another of nDCG (QA)."""
    pieces, start = [], 0
    for m in _BEFORE_NAME.finditer(text):
        head, rest = text[start:m.start()], text[m.end():]
        named = re.match(_WORD, rest)
        if (named and c.of(named.group(0)) is not None and c.of(head) is not None
                and c.of(head) != c.of(named.group(0)) and len(_forms(head) - c.names) >= LEAST_SAID):
            pieces.append(head)
            start = m.end()
    return [*pieces, text[start:]] if pieces else [text]


def _clauses_of(c: Compared, units: Units) -> list[Clause]:
    out = []
    for u, group in enumerate(units.groups):
        if len(group) != 1:
            continue
        sentence_term = c.of(units.texts[u])
        for text in (piece for clause in clauses(units.texts[u]) for piece in by_term(c, clause)):
            term = c.of(text)
            out.append(Clause(u, text, term if term is not None or _forms(text) & c.names else sentence_term))
    return out


@dataclass(frozen=True)
class Taken:
    point: int  # the rubric point, about one term
    clause: Clause  # a clause about another term that says what the point says
    cosine: float


def _candidates(c: Compared, rubric: Rubric, found: list[Clause], clause_vecs: np.ndarray,
                masked_clauses: list[str], encode: Callable[[list[str]], np.ndarray]) -> list[Taken]:
    """Clauses about another term that say a point's content nearer than any clause about its own term, and
    nearer than any point of the term they name (else they are saying what that term does), kept where they
    also share more of the point's words than the clauses about its term, or where the swap goes both ways."""
    about = [i for i, term in enumerate(c.about) if term is not None]
    masked = {i: [_masked(t, c.terms) for t in rubric.items[i].texts] for i in about}
    cos = {i: (clause_vecs @ c.encoded(masked[i], encode).T).max(axis=1) for i in about}
    words = {i: set().union(*(content_stems(t) for t in masked[i])) - {"it"} for i in about}
    clause_words = [content_stems(t) for t in masked_clauses]
    taken = _kept(c, *_near(c, found, about, cos, words, clause_words, said_elsewhere={}))
    # A clause about the point's term that says another term's point, nearer than this one, does not say this
    # one for its term: "I'd use MRR for product search with graded relevance and nDCG for QA where one answer
    # is enough" kept MRR's "one correct result is enough" point from the nDCG piece (QA).
    elsewhere: dict[int, float] = {}
    for t in taken:
        k = found.index(t.clause)
        elsewhere[k] = max(elsewhere.get(k, 0.0), t.cosine)
    return _kept(c, *_near(c, found, about, cos, words, clause_words, elsewhere)) if elsewhere else taken


def _kept(c: Compared, near: list[Taken], lexical: set[int]) -> list[Taken]:
    """The near clauses that share the point's words, or whose swap goes both ways."""
    directions = {(t.clause.term, c.about[t.point]) for t in near}  # (term said, term meant)
    return [t for k, t in enumerate(near) if k in lexical or (c.about[t.point], t.clause.term) in directions]


def _near(c: Compared, found: list[Clause], about: list[int], cos: dict[int, np.ndarray], words: dict[int, set[str]],
          clause_words: list[set[str]], said_elsewhere: dict[int, float]) -> tuple[list[Taken], set[int]]:
    """The clauses near a point of another term (see _candidates), and which of them share its words.
    `said_elsewhere`: clause -> its cosine to a point it gives another term, which it then says rather than
    a point nearer to it less (it no longer counts as saying that point for its own term)."""
    near, lexical = [], set()
    for i in about:
        term = c.about[i]
        shared = [len(words[i] & w) for w in clause_words]
        own = [k for k, cl in enumerate(found) if cl.term == term and said_elsewhere.get(k, 0.0) <= cos[i][k]]
        own_cos = max((float(cos[i][k]) for k in own), default=0.0)
        own_shared = max((shared[k] for k in own), default=0)
        for k, (cl, v, n) in enumerate(zip(found, cos[i], shared)):
            if cl.term in (None, term) or v < MAKES_POINT or v <= own_cos + CLEARLY:
                continue
            # "Keyword search looks for the exact words of the query" sits near "semantic search wins when the
            # words differ" too, but nearer still to what keyword search does: no swap. Unless the clause says
            # the point in its words, far more of them than of its own term's points: "BPE starts from a big
            # vocabulary and prunes away tokens ..." shares "starts from" with the BPE point (cosine 0.62) and
            # six words with the Unigram one (0.61) (QA).
            own_point_words = max((len(words[j] & clause_words[k]) for j in about if c.about[j] == cl.term),
                                  default=0)
            in_its_words = n > LEAST_SHARED and n >= OUTWORDS * own_point_words
            if v <= max((float(cos[j][k]) for j in about if c.about[j] == cl.term), default=0.0) and not in_its_words:
                continue
            near.append(Taken(i, cl, float(v)))
            if n >= LEAST_SHARED and n > own_shared:
                lexical.add(len(near) - 1)
    return near, lexical


def without_swaps(rubric: Rubric, units: Units, per_item: np.ndarray, partial: float,
                  encode: Callable[[list[str]], np.ndarray]) -> tuple[np.ndarray, list[str]]:
    """The strengths (units x items) with every unit holding a sentence that gives a point to another of the
    compared terms earning nothing on that point, nor, if the sentence speaks of that other term alone, on
    that term's points; and a note for each point that would have been made. `encode(texts)`: unit vectors."""
    c = compared(rubric)
    if c is None or not units.texts:
        return per_item, []
    found = _clauses_of(c, units)
    if not any(cl.term is not None for cl in found):
        return per_item, []
    masked_clauses = [_masked(cl.text, c.terms) for cl in found]
    taken = _candidates(c, rubric, found, encode(masked_clauses), masked_clauses, encode)
    if not taken:
        return per_item, []
    out = per_item.copy()
    for t in taken:
        # a sentence about the other term alone says something false of it: none of its points either
        alone = c.of(units.texts[t.clause.sentence]) == t.clause.term
        points = [i for i, a in enumerate(c.about) if i == t.point or (alone and a == t.clause.term)]
        holding = [u for u, g in enumerate(units.groups) if units.groups[t.clause.sentence][0] in g]
        out[np.ix_(holding, points)] = 0.0
    notes = []
    for i, term in enumerate(c.about):
        mine = [t for t in taken if t.point == i]
        # Told only where the answer speaks of the point's own term too: "ROUGE leans on recall" near the
        # METEOR point in an answer silent on METEOR loses that stray credit, but swapped nothing.
        if (mine and per_item[:, i].max() >= partial and out[:, i].max() < partial and len(notes) < MAX_NOTES
                and any(cl.term == term for cl in found)):
            clause = max(mine, key=lambda t: t.cosine).clause
            notes.append(SWAP_NOTE.format(said=c.terms[clause.term].name, meant=c.terms[term].name,
                                          clause=clause.text.strip().rstrip(".")))
    return out, notes
