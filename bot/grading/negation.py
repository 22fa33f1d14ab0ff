"""Whether an answer sentence says the opposite of a rubric point, and what it then earns on the point.

MiniLM embeds a claim and its negation nearly alike, and token alignment
matches "store" with "store" whatever stands before it, so a sentence that
denied a point covered it ("The KV cache does not store the keys and values
..." covered "the keys and values ... are stored", 10/10 for an answer denying
every point). Demoting every sentence with a "not" near a point's words hit
correct sentences more than wrong ones ("repeating a word does not help"): a
negation usually denies something the point never said.

So the point and the sentence are each read for polarity (polarity.py), and
the sentence contradicts the point when more of the point's words stand in it
with the opposite polarity than with the same (what a denial is about, the
words before its "not", counts neither way), and a negation's head (the first
word it scopes over, or the words a backward cue looks at) is one of them. One
such word is enough for a dismissive backward cue ("... don't matter", "avoid
them"), which correct answers rarely use; a forward "not" needs two different
ones ("a while statement will not execute at all unless ..." sits beside "a
do-while block executes at least once" in correct answers), and its subject
must be the point's: "a prototype does not include the code" says nothing
against "the function definition includes the body", two of the question's
words apart.

A unit (sentence, pair, whole answer) holding such a sentence earns nothing on
the point; where the sentence also makes a clause of the point ("lower memory,
and no accuracy loss at all" against "less memory; slight accuracy loss") it
earns just short of touching it. A sentence that offers the denied words and
the point's own words as different options ("options are score normalisation
before a weighted sum, or rank-based fusion such as RRF" against "RRF needs no
score normalisation") sets them apart as the point does, and contradicts
nothing (QA). The sentences beside it still earn on their
own. The answer is told which sentence says the opposite of which point.

A sentence that keeps the point's words but swaps one for its opposite ("LoRA
updates all of the pretrained weights" against "LoRA freezes the pretrained
weights", opposites.py) is treated the same way: nothing on the point, or just
short of touching it where the sentence also makes another clause of it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from bot.grading.opposites import affirmed, swapped
from bot.grading.polarity import Head, Reading, read
from bot.grading.rubric import Rubric
from bot.grading.signals import content_stems

if TYPE_CHECKING:
    from bot.grading.vectors import Units

CONTRADICTS_NOTE = ('This sentence of yours says the opposite of a point a good answer makes: "{sentence}" '
                    'The point: "{point}"')
TWO_WORDS = 2  # different words a forward negation must set against the point
# A bare list of terms ("dashboards, cannot, reveal, ...": explanation_factor 0.3) has no clauses to read.
LIST_FACTOR = 0.5


def _clashes(reading: Reading, other: Reading) -> list[Head]:
    """The reading's negation heads that stand in the other text only with the opposite polarity, where the
    other text has every word of the denial's subject and, if the clauses there name the question's words,
    one of those it names: "a prototype does not include" is no denial of "a definition includes"."""
    polarities, own = other.polarities(), reading.polarities().keys()
    out = []
    for h in reading.heads:
        if polarities.get(h.word) != {not h.negated} or not h.subject <= polarities.keys() | other.mentioned:
            continue
        there = {c for (w, _), c in zip(other.words, other.clauses) if w == h.word}
        named = frozenset().union(*(other.named[c] for c in there))
        # "adding them doesn't work without normalisation" is about adding, not about what needs none
        about_else = all(other.subjects[c] and not other.subjects[c] <= own for c in there)
        if (not (h.named and named) or h.named & named) and not about_else:
            out.append(h)
    return out


def denies_what_it_says(text: str, sentence: str, q_stems: frozenset[str]) -> bool:
    """Whether a negation of the sentence denies what the text says (its head stands in the text affirmed,
    with the denial's subject) and the sentence affirms the head nowhere: "Large models don't hallucinate
    much" against a myth's correction "Large models hallucinate too", where its "not" is the myth's own;
    "large models do not hallucinate less, they hallucinate too" says it both ways."""
    reading = read(sentence, q_stems)
    said = reading.polarities()
    # A denial of something (its subject: "large models") turns round what the text says of it; "There's no
    # one size for every corpus" denies no "the right size depends on the documents".
    return any(said[h.word] == {True} and h.subject for h in _clashes(reading, read(text, q_stems)))


def contradicts(point: Reading, sentence: Reading) -> bool:
    """Whether the sentence says the opposite of the point (see the module's docstring)."""
    in_sentence = sentence.polarities()
    topic = point.topic | sentence.topic  # what a denial is about: neither said nor denied
    shared = [(word, negated in in_sentence[word]) for word, negated in point.words
              if word in in_sentence and word not in topic]
    if sum(agrees for _, agrees in shared) >= sum(not agrees for _, agrees in shared):
        return False
    opposite = {word for word, agrees in shared if not agrees}
    if _set_apart(sentence, {word for word, agrees in shared if agrees}, opposite):
        return False
    clashes = _clashes(sentence, point) + _clashes(point, sentence)
    return any(h.dismissive for h in clashes) or (bool(clashes) and len(opposite) >= TWO_WORDS)


def _set_apart(sentence: Reading, agreeing: set[str], opposite: set[str]) -> bool:
    """Whether the sentence offers the words it says as the point does and the words it sets against the
    point as different options ("score normalisation ..., or rank-based fusion such as RRF")."""
    def options(words: set[str]) -> set[int]:
        return {sentence.options[c] for (w, _), c in zip(sentence.words, sentence.clauses) if w in words}
    said, against = options(agreeing), options(opposite)
    return bool(said and against) and not said & against


def partly_agrees(point: Reading, sentence: Reading) -> bool:
    """Whether a clause of the point stands in the sentence with the polarity of every word they share:
    "lower memory, and no accuracy loss at all" makes the point "less memory; slight accuracy loss" in
    part, and denies the rest."""
    in_sentence = sentence.polarities()
    kept: dict[int, list[bool]] = defaultdict(list)
    for (word, negated), clause in zip(point.words, point.clauses):
        if word in in_sentence:  # a word the sentence both says and denies keeps nothing
            kept[clause].append(in_sentence[word] == {negated})
    return any(all(agrees) for agrees in kept.values())


def _cap(point: Reading, sentence: Reading, short_of_partial: float) -> float:
    if not contradicts(point, sentence):
        return np.inf
    return short_of_partial if partly_agrees(point, sentence) else 0.0


def _swap_cap(point: str, sentence: str, short_of_partial: float, point_says: set[str] = frozenset()) -> float:
    """What a sentence that swaps a word of the point for its opposite (opposites.py) may earn on it. No swap
    where another wording of the point says that opposite itself: "weighted by how rare the word is" against
    "weighted so common words contribute little", whose point says rare terms count more (QA)."""
    swap = swapped(point, sentence)
    if swap is None or swap.opposite in point_says:
        return np.inf
    return short_of_partial if swap.keeps_rest else 0.0


def without_denials(rubric: Rubric, units: Units, per_item: np.ndarray,
                    partial: float) -> tuple[np.ndarray, list[str]]:
    """The strengths (units x items) with every unit that has a sentence saying the opposite of a point
    earning nothing on it, or just short of touching it where that sentence also makes a part of the point
    (the sentences beside it still earn on their own); and a note for each such sentence in a point's best
    unit where that unit would have made the point at least partly."""
    if not units.texts:
        return per_item, []
    q_stems = frozenset(content_stems(rubric.question))
    points = [[read(text, q_stems) for text in item.texts] for item in rubric.items]
    # per wording, what the point's other wordings say (a swap against one that another says is no swap)
    said_elsewhere = [[frozenset().union(*(affirmed(t) for t in item.texts)) - affirmed(text) for text in item.texts]
                      for item in rubric.items]
    row = {g[0]: u for u, g in enumerate(units.groups) if len(g) == 1}  # each sentence's own unit
    short_of_partial = float(np.nextafter(np.float32(partial), np.float32(0)))
    caps = {}  # per sentence and point, the most a unit holding the sentence may earn on the point
    for s, u in row.items():
        if units.factors[u] < LIST_FACTOR:
            caps[s] = [np.inf] * len(points)
            continue
        text, sentence = units.texts[u], read(units.texts[u], q_stems)
        caps[s] = [min(min(_cap(reading, sentence, short_of_partial),
                           _swap_cap(point, text, short_of_partial, others))
                       for reading, point, others in zip(readings, item.texts, elsewhere))
                   for readings, item, elsewhere in zip(points, rubric.items, said_elsewhere)]
    cap = np.array([[min(caps[s][i] for s in group) for i in range(len(points))] for group in units.groups])
    noted: dict[int, int] = {}  # sentence -> the point it is noted against: the one it is closest to
    for i in range(len(points)):
        best = int(per_item[:, i].argmax())
        for s in units.groups[best] if per_item[best, i] >= partial else []:
            if caps[s][i] < np.inf and (s not in noted or per_item[row[s], i] > per_item[row[s], noted[s]]):
                noted[s] = i
    notes = [CONTRADICTS_NOTE.format(sentence=_clip(units.texts[row[s]]), point=_clip(rubric.items[i].point))
             for s, i in sorted(noted.items())]
    return np.minimum(per_item, cap).astype(per_item.dtype), notes


def says_opposite(note: str) -> bool:
    """Whether a note is one of ours: it already tells a short answer why it earned nothing."""
    return note.startswith(CONTRADICTS_NOTE[:CONTRADICTS_NOTE.index(":")])


def _clip(text: str, chars: int = 160) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"
