"""`daily add` without its bars or a bare `daily remove` get that command's usage (QA: they got the generic
'`daily` shows this channel's daily question' line)."""
from __future__ import annotations

from tests.service.test_daily_and_boards import in_channel


async def test_a_team_question_command_that_does_not_read_gets_its_own_usage(coach):
    for text, expected in (("daily add nopipe How do we cache embeddings?", "Use `daily add <id> | <question>"),
                           ("daily remove", "Use `daily remove <id>`"),
                           ("daily edit", "Use `daily edit <id> | <question>")):
        [notice] = await coach.handle(in_channel("boss", text, admin=True))
        assert notice.text.startswith(expected), (text, notice.text)
