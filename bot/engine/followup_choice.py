"""Which follow-up comes after a graded answer: deeper when strong, at a gap when partial.

A partial answer is asked about what it missed. The question's ladder has a fixed `probe`;
it is asked only when it is about a gap, that is when its words (question and rubric) are
closer to a missed point than to any point the answer covered. Otherwise the follow-up is
built from the heaviest missed point. A story told only as what the team did ("we decided",
"we shipped") is first asked what the speaker did, as an interviewer would, however strong it
is. Pure: it reads the bank and the grade, nothing else.
"""
from __future__ import annotations

import re

from bot.engine.session import Turn
from bot.grading.feedback import Feedback
from bot.grading.story import WE_STORY_NOTE
from bot.grading.signals import content_stems
from bot.pack.models import Followup, FollowupKind, Question, RubricPoint

DEEPER = (FollowupKind.scale, FollowupKind.senior, FollowupKind.probe)
OWN_ACTIONS_PROBE = ("You told what the team did. What did you do yourself: which steps were yours, and why "
                     "did you take them?")


def _words(*texts: str) -> set[str]:
    return content_stems(" ".join(texts))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a) * len(b)) ** 0.5 if a and b else 0.0


def closeness(q: Question, followup: Followup) -> dict[str, float]:
    """How near a follow-up is to each rubric point of its question, by the words they share beyond
    the question's own (which every point shares)."""
    common = _words(q.question)
    asked = _words(followup.question, *(f"{p.point} {p.means}" for p in followup.rubric)) - common
    return {p.id: _overlap(asked, _words(p.point, p.means, *p.phrasings) - common) for p in q.rubric}


# A follow-up that shares almost no words with any point is about none of them: "How did it feel ...?" sat at
# 0.06 from the task point of the feedback story and was asked for the missed task (QA: the story had said how
# it felt; its missed points were the outcome and the lesson). Ten of the bank's 100 probes sit under this.
GAP_MIN = 0.1


def about_a_gap(q: Question, followup: Followup, feedback: Feedback) -> bool:
    """The follow-up is near a point the answer missed (GAP_MIN), and nearer it than every point it covered."""
    near = closeness(q, followup)
    gaps = [near.get(p.point_id, 0.0) for p in feedback.points if p.status == "missed"]
    done = [near.get(p.point_id, 0.0) for p in feedback.points if p.status != "missed"]
    return bool(gaps) and max(gaps) >= GAP_MIN and max(gaps) > max(done, default=0.0)


def pick_followup(q: Question, turn: Turn, strong: bool,
                  feedback: Feedback) -> tuple[int | None, RubricPoint | None, str]:
    """(ladder index, None, "") or (None, missed point to probe, what to ask about it), or (None, None, "")
    for no follow-up."""
    action = next((p for p in q.rubric if p.id == "action"), None)
    if WE_STORY_NOTE in feedback.notes and action is not None and turn.probe_point != action.id:
        return None, action, OWN_ACTIONS_PROBE
    index, point = _next_followup(q, turn, strong, feedback)
    return index, point, probe_text(point) if point is not None else ""


def _next_followup(q: Question, turn: Turn, strong: bool,
                   feedback: Feedback) -> tuple[int | None, RubricPoint | None]:
    unused = [(i, f) for i, f in enumerate(q.followups) if i not in turn.ladder_used]
    if strong:
        for kind in DEEPER:
            for i, f in unused:
                if f.kind == kind:
                    return i, None
        return None, None
    for i, f in unused:
        if f.kind == FollowupKind.probe and about_a_gap(q, f, feedback):
            return i, None
    by_id = {p.id: p for p in q.rubric}
    missed = [v for v in feedback.points if v.status == "missed" and v.point_id in by_id
              and v.point_id != turn.probe_point]
    if missed:
        return None, by_id[max(missed, key=lambda v: v.weight).point_id]
    return None, None


_NOUN_ENDINGS = ("ss", "us", "is", "ions", "rails")  # "Process", "Continuous", "Actions", "Guardrails"
_AFTER_A_NOUN = {"of", "via", "tied", "and", "including", "as", "without", "between", "in"}


def _means(point: RubricPoint) -> tuple[str, bool]:
    return means_words(point.means)


def means_words(means: str) -> tuple[str, bool]:
    """A rubric point's `means` (its hint) with its first word in lower case where it is an ordinary word, and
    whether it opens with a verb ("Names the small-chunk failure") rather than being a noun phrase ("Latency
    trade-offs", "Outcome including follow-through", "Limits of overlap metrics")."""
    means = " ".join(means.split()).rstrip(".")
    means = re.sub(r"(?<=\w) including ", ", including ", means)
    first, _, rest = means.partition(" ")
    if first[1:2].islower() or first == "A":  # "Names", "Concrete", "A lasting change"; not "BM25" or "KV"
        first = first[0].lower() + first[1:]
    following = rest.split()[0].strip(",").lower() if rest else ""
    if first.endswith("ly") and following.endswith("s"):  # "correctly defines percentiles"
        return f"{first} {rest}", True
    noun = first.endswith(_NOUN_ENDINGS) and first != "mentions"
    verb = bool(rest) and first.endswith("s") and not noun and following not in _AFTER_A_NOUN
    if first in {"knows", "understands"}:  # an answer shows what its author knows
        first = "shows it " + first
    if not verb and following == "of" and first not in {"a", "the"}:  # "the lifecycle of the model"
        first = "the " + first
    return f"{first} {rest}".rstrip(), verb


def what_a_strong_answer_does(point: RubricPoint) -> str:
    """A rubric point's `means` (a grader's note) as words for the candidate: "Names feature-space control
    techniques." -> "A strong answer names feature-space control techniques."; a noun phrase ("Latency
    trade-offs.") as what it covers: "A strong answer covers latency trade-offs." """
    said = what_a_strong_answer_says(point.means)
    return said[0].upper() + said[1:] + "."


def what_a_strong_answer_says(means: str) -> str:
    """A hint as the end of a sentence: "a strong answer explains the trade-off", "a strong answer covers
    latency trade-offs"."""
    text, verb = means_words(means)
    return f"a strong answer {text}" if verb else f"a strong answer covers {text}"


def followup_hints(q: Question, turn: Turn) -> list[str]:
    """The hints a follow-up has. A ladder follow-up's: what a strong answer does on each of its points. A
    probe built from a missed point already says that, so its hint is the bank question's hint nearest the
    point that was not shown yet (sharing a word with it beyond the question's), or none."""
    if turn.followup_index is not None:
        return [what_a_strong_answer_does(p) for p in q.followups[turn.followup_index].rubric]
    point = next((p for p in q.rubric if p.id == turn.probe_point), None)
    if point is None:
        return []
    common = _words(q.question)
    about = _words(point.point, point.means, *point.phrasings) - common
    unseen = [(_overlap(_words(h) - common, about), h) for h in q.hints[turn.hints_used:]]
    near = [h for near, h in sorted(unseen, key=lambda x: -x[0]) if near > 0]
    return near[:1]


def probe_text(point: RubricPoint) -> str:
    text, verb = _means(point)
    if verb:
        return f"Let's dig into one part you did not get to. A strong answer {text}. How would you cover that?"
    return f"Let's dig into one part you did not get to: {text}. How would you cover that?"
