"""A study-group name that cannot be one (over 32 characters, or one) is told the name rule, whether the
person creates, joins or leaves it: not a generic usage, nor "there is no group called ..." (QA: a name
over 32 characters got only the generic usage)."""
from __future__ import annotations

import pytest

from bot.engine import replies as r

from tests.service.test_daily_and_boards import in_channel

NAME_RULE = "use 2-32 letters, digits or dashes"


@pytest.mark.parametrize("length", [1, 33, 50, 60])
@pytest.mark.parametrize("action", ["create", "join", "leave"])
async def test_a_group_name_of_the_wrong_length_gets_the_name_rule(coach, action, length):
    replies = await coach.handle(in_channel("gil", f"group {action} {'n' * length}"))
    notices = [reply.text for reply in replies if isinstance(reply, r.Notice)]
    assert any(NAME_RULE in text for text in notices), replies


async def test_a_good_name_that_is_no_group_is_still_said_to_be_none(coach):
    [notice] = await coach.handle(in_channel("gil", "group join no-such-club"))
    assert "There is no group called `no-such-club` here" in notice.text
