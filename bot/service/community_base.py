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


def tied_footer(board, unit: str = "points") -> str:
    """Below a board's rows: how many more share its last place, who a ten-row board leaves out."""
    return f"+{board.more_tied} more tied on {board.rows[-1].value:g} {unit}" if board.more_tied and board.rows else ""
