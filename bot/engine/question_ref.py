"""Which question, and which part of it, a button or an Answer form was shown with.

A question's buttons and Answer form carry a reference `<question id>:<part>`: part `m` is the bank
question itself (its second try asks the same question, so it is the same part) and `f1`, `f2` are
its follow-ups. A press or a form naming another part than the one being asked was meant for
something the person has moved past: a Skip pressed under the main question while its answer was
still being graded must not skip the follow-up that answer earned, nor may an answer written for
the main question be graded against that follow-up.

Buttons and forms posted before the part was carried hold a bare question id. Those match any part
of their question, as they always did: a bare id cannot say whether it sat under the main question
or under a follow-up, and refusing the buttons of a follow-up still on screen would be worse.
"""
from __future__ import annotations

import re

from bot.engine.session import Stage, Turn

MAIN = "m"
_PART = re.compile(r"m|f[1-9]\d?")


def part_of(stage: str, followup: int) -> str:
    """The part a question message asks: `m`, or `f<n>` for its nth follow-up."""
    return f"f{followup}" if stage == Stage.followup.value and followup else MAIN


def question_ref(question_id: str, stage: str, followup: int) -> str:
    return f"{question_id}:{part_of(stage, followup)}"


def asking(turn: Turn) -> str:
    """The part being asked now (a follow-up is asked as the one after those answered)."""
    return part_of(turn.stage.value, turn.followups_used + 1)


def ref_args(value: str) -> dict[str, str]:
    """A reference read back from a button or form, as the intent's args: `question_id`, and `part`
    when it names one. A value with a part that is no part stays whole, so it matches no question."""
    question_id, colon, part = value.partition(":")
    if not value:
        return {}
    if colon and _PART.fullmatch(part) and question_id:
        return {"question_id": question_id, "part": part}
    return {"question_id": value}


def moved_past(args: dict[str, str], turn: Turn, *, any_part: bool = False) -> bool:
    """Whether a press or form with these args was shown with something other than what `turn` asks.
    Typed words name no question and are never stale; `any_part` compares the question alone."""
    shown_with = args.get("question_id")
    if not shown_with:
        return False
    if shown_with != turn.question_id:
        return True
    part = args.get("part")
    return not any_part and part is not None and part != asking(turn)
