"""The next step for an answer that made every point: one thing it lacks (a trade-off, an example, when not
to use it), never what it just did. `coach grade` asks it of one answer; an interview passes the kinds it
asked for earlier, so the one asked for least comes next (bot/engine/next_steps.py)."""
from __future__ import annotations

from collections.abc import Sequence

from bot.grading.signals import DEPTH_MARKERS, marker_share

GO_FURTHER = {
    "trade-off": "name a trade-off: what it costs or what you give up",
    "example": "ground it in a concrete example or a number",
    "when-not": "say when you would not use it, or what the choice depends on",
}
ALL_DEPTH = "You covered every point, with a trade-off, an example and when not to use it."


def go_further(answer: str, asked: Sequence[str] = ()) -> tuple[str, str]:
    """(the step, the kind of depth it asks for, or "" when the answer has every kind)."""
    _, found = marker_share(answer, DEPTH_MARKERS)
    lacking = [kind for kind in GO_FURTHER if kind not in found]
    if not lacking:
        return ALL_DEPTH, ""
    kind = min(lacking, key=list(asked).count)  # ties: in GO_FURTHER's order
    return f"You covered every point. To go further, {GO_FURTHER[kind]}.", kind
