"""What the community's chat commands share: the coach, its community, its clock, and how a refusal reads."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.community.refs import Refusal
from bot.engine import replies as r


def refusal_replies(result) -> list[r.Reply] | None:
    if isinstance(result, Refusal):
        return [r.Notice(result.reason, tone="warning", private=True)]
    return None


class CommunityPart:
    def __init__(self, coach):
        self.coach = coach
        self.community = coach.deps.community

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.coach.deps.clock(), timezone.utc)


def board_value(value: float, kind: str = "week") -> str:
    """A board's value in words: "1 point", "12 points", "a rise of 0.5" (most improved)."""
    if kind == "improved":
        return f"a rise of {board_cell(value, kind)}"
    return f"{value:g} point" if value == 1 else f"{value:g} points"


def board_cell(value: float, kind: str = "week") -> str:
    """A board's value in its table: whole points as they are ("12"), a rise in average grade to one
    decimal, as grades show ("8.6", "5.0": not "8.63" beside a bare "5")."""
    return f"{value:.1f}" if kind == "improved" else f"{value:g}"


def tied_footer(board, kind: str = "week") -> str:
    """Below a board's rows: how many more share its last place, who a ten-row board leaves out."""
    if not (board.more_tied and board.rows):
        return ""
    return f"+{board.more_tied} more tied on {board_value(board.rows[-1].value, kind)}"
