"""`daily help` and the `daily add` usage say the reference answer may be left out, and how (a trailing
`|`), since `daily add ID | QUESTION |` adds a team question graded against the study guides (228684b):
they presented the reference as required."""
from __future__ import annotations

from tests.service.test_daily_lifecycle import admin, utc

NO_REFERENCE_FORM = "`daily add <id> | <question> |`"


async def test_daily_help_says_the_reference_may_be_left_out(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    shown = await admin(coach, "daily help")
    add = shown[shown.index("daily add"):shown.index("daily edit")]
    assert "optional" in add and NO_REFERENCE_FORM in add and "study guides" in add, add


async def test_the_add_usage_shows_the_form_without_a_reference_and_that_form_is_taken(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    usage = await admin(coach, "daily add kv-cache")
    assert "optional" in usage and NO_REFERENCE_FORM in usage, usage
    typed = NO_REFERENCE_FORM.strip("`").replace("<id>", "kv-cache").replace(
        "<question>", "What does a KV cache store, and what does it cost?")
    added = await admin(coach, typed)
    assert added.startswith("Added team question `kv-cache`") and "Reference answer: none" in added, added
