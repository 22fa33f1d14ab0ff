"""A typed `daily add` / `daily edit` whose bare `|` belongs to the text: one with no space on either side
(`P(A|B)`, `cache|recompute`) or one inside brackets (`P(A | B)`) is refused with nothing stored, even
when the count of bars does not give it away; a bare `team:` with no id gets the command's usage.
Real Redis, the real pack."""
from __future__ import annotations

from tests.service.test_daily_lifecycle import admin, utc
from tests.service.test_daily_team_questions import REFERENCE
from tests.service.test_team_question_bars_ids_and_echo import QUESTION, stored

BAYES = "What is P(A|B) when A and B are independent events in one sample space?"


async def kept(coach) -> list[tuple[str, str, str]]:
    return [(q.id, q.text, q.reference) for q in await stored(coach)]


async def test_an_edit_whose_only_bar_in_the_question_is_tight_changes_nothing(coach, clock):
    """It stored the question "What is P(A" and the reference "B) when ...", overwriting the real
    reference, and said it changed both."""
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    for typed in (f"daily edit kv | {BAYES}", "daily edit kv | Which is cheaper for a long prompt, cache|recompute?",
                  f"daily edit kv|{BAYES}"):
        refused = await admin(coach, typed)
        assert refused.startswith("I changed nothing:"), (typed, refused)
        assert "no space on either side" in refused and "`P(A|B)`" in refused and "backticks" in refused, refused
        assert "Changed" not in refused and "Question:" not in refused
    assert await kept(coach) == [("team:kv", QUESTION, REFERENCE)]
    refused = await admin(coach, f"daily edit kv | {BAYES}")
    assert "the `|` in `P(A|B)`" in refused, refused  # names the bar it means


async def test_an_add_with_a_tight_bar_and_no_reference_adds_nothing(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    refused = await admin(coach, f"daily add bayes | {BAYES}")
    assert refused.startswith("I added nothing:") and "backticks" in refused, refused
    refused = await admin(coach, f"daily add bayes|{BAYES}")  # the id's bar may be tight, not the question's
    assert refused.startswith("I added nothing:") and "`P(A|B)`" in refused, refused
    assert await kept(coach) == []


async def test_a_bar_inside_brackets_is_part_of_the_text_even_with_spaces(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    refused = await admin(coach, "daily edit kv | What is P(A | B) when A and B are independent events?")
    assert refused.startswith("I changed nothing:") and "inside brackets" in refused, refused
    assert "`P(A | B)`" in refused and "backticks" in refused, refused
    refused = await admin(coach, "daily add sets | Which set is {x | x > 0} in the reals, and is it open?")
    assert refused.startswith("I added nothing:") and "inside brackets" in refused, refused
    assert await kept(coach) == [("team:kv", QUESTION, REFERENCE)]


async def test_spaced_separators_and_bars_in_code_still_work(coach, clock):
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    question = "What is `P(A|B)` when A and B are independent events in one sample space?"
    changed = await admin(coach, f"daily edit kv | {question}")
    assert changed.startswith("Changed the question of team question `kv`."), changed
    assert await kept(coach) == [("team:kv", question, REFERENCE)]
    # a list numbered `1)` in the reference is no bracket around a separator
    listed = "Two steps: 1) count lines with grep, 2) sum them; see the block:\n```\ngrep ERROR a.log|wc -l\n```"
    added = await admin(coach, f"daily add grep | How would you count (roughly) the errors in a log? | {listed}")
    assert added.startswith("Added team question `grep`"), added
    tight_id = await admin(coach, f"daily add kv2|{QUESTION} | {REFERENCE}")  # an id is one word: its bar is clear
    assert tight_id.startswith("Added team question `kv2`"), tight_id
    assert (await admin(coach, "daily edit kv2 | | It keeps keys and values (per layer); costs memory.")
            ).startswith("Changed the reference answer")
    assert [q[0] for q in await kept(coach)] == ["team:grep", "team:kv", "team:kv2"]


async def test_a_bare_team_prefix_without_an_id_gets_the_usage(coach, clock):
    """`daily remove team:` said "no team question ``", an empty id."""
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    for typed, usage in (("daily remove team:", "Use `daily remove <id>`"),
                         ("daily remove Team: ", "Use `daily remove <id>`"),
                         ("daily edit team:", "Use `daily edit <id> | <question>"),
                         ("daily edit team: | What does a KV cache cost in memory?", "Use `daily edit <id> | <question>"),
                         (f"daily add team: | {QUESTION} | {REFERENCE}", "Use `daily add <id> | <question>")):
        answer = await admin(coach, typed)
        assert answer.startswith(usage) and "``" not in answer, (typed, answer)
    assert await kept(coach) == [("team:kv", QUESTION, REFERENCE)]


def test_an_id_with_a_space_after_its_prefix_is_the_same_id():
    """Review: a Discord field 'team: kv' read as the id ' kv'."""
    from bot.community.pool import bare_id

    assert bare_id("team: kv") == bare_id(" Team:KV ") == "kv"


async def test_a_bar_touching_a_word_on_one_side_is_refused_and_faces_or_list_markers_are_no_brackets(coach, clock):
    """Review: 'cache |recompute' was split (the usage says a separator has a space on each side), and
    'slow :( | Because a) ..., b) ...' was refused as a bar inside brackets."""
    clock.set(utc(2026, 11, 16, 8, 0))
    await admin(coach, f"daily add kv | {QUESTION} | {REFERENCE}")
    for text in ("Which is cheaper for long prompts: cache |recompute every time?",
                 "Which is cheaper for long prompts: cache| recompute every time?"):
        refused = await admin(coach, f"daily edit kv | {text}")
        assert refused.startswith("I changed nothing") and "touches a word" in refused, refused
    added = await admin(coach, "daily add slow | Why is my nightly batch job slow :( and what would you check "
                               "first? | Because a) it reads too much, b) it swaps.")
    assert added.startswith("Added"), added
