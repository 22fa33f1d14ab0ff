"""Every text that tells an admin how to add a team question says the reference answer may be left out,
as `daily add <id> | <question> |` allows (228684b): the empty list, the `topics=team` refusal with no team
question yet, and the note on a pool smaller than a week of posts. Real Redis, the real pack."""
from __future__ import annotations

from tests.service.test_daily_lifecycle import admin, utc

OPTIONAL = "the reference answer is optional"


async def test_how_to_add_a_team_question_says_the_reference_is_optional(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    empty = await admin(coach, "daily questions")
    assert "no team questions yet" in empty and OPTIONAL in empty, empty
    refused = await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    assert "no questions of its own yet" in refused and OPTIONAL in refused, refused
    added = await admin(coach, "daily add kv | What does a KV cache store, and what does it cost? |")
    assert added.startswith("Added team question `kv`"), added
    few = await admin(coach, "daily set time=09:00 tz=UTC topics=team")
    assert "draws from only 1 question" in few and OPTIONAL in few, few
