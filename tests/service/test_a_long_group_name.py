"""`group create|join|leave NAME` with a one-word NAME past the 80 characters a command may take: the group
rule (or "no such group"), not the generic usage that a long message read as an answer got."""
from __future__ import annotations

import pytest

from bot.engine.commands import USAGE, parse_command

from tests.service.test_daily_and_boards import in_channel

LONG_NAME = "retrieval-augmented-generation-reading-club-for-the-platform-team-2026"  # 70 characters


@pytest.mark.parametrize("action", ["create", "join", "leave"])
def test_a_long_one_word_name_is_read_as_the_group_command(action):
    assert len(f"group {action} {LONG_NAME}") > 80  # what a message may be and still be a command in general
    command = parse_command(f"group {action} {LONG_NAME}")
    assert command is not None and command.name == "group" and command.rest == f"{action} {LONG_NAME}"


def test_a_long_sentence_starting_with_group_stays_an_answer():
    assert parse_command("Group create a cluster of similar embeddings, then join the clusters whose centroids "
                         "are close, as agglomerative clustering does") is None


async def test_creating_a_group_with_a_long_name_gets_the_name_rule(coach):
    [notice] = await coach.handle(in_channel("ada", f"group create {LONG_NAME}"))
    assert "use 2-32 letters, digits or dashes" in notice.text, notice.text
    assert notice.text != USAGE["group"]


async def test_joining_a_group_with_a_long_name_gets_the_name_rule(coach):
    [notice] = await coach.handle(in_channel("ada", f"group join {LONG_NAME}"))
    assert "use 2-32 letters, digits or dashes" in notice.text, notice.text
