"""`leaderboard weeek`: the command word right and the board's word slipped reads as that board asked about
("Did you mean `leaderboard week`?"), as "leaderbord weeek" does, not as a study group called "weeek" (QA).
A group is still named with `group`, slip or not, a word far from a board is still a group's name, and a
study group the person has by that name gets its board."""
from __future__ import annotations

from bot.engine import replies as r
from bot.engine.commands import BOARDS_WITHOUT_A_CHANNEL, Command, parse_command

from .helpers import key, last, say


def test_a_slip_of_week_all_or_improved_after_leaderboard_is_asked_about():
    for text, meant in (("leaderboard weeek", "leaderboard week"), ("Leaderboard alll", "leaderboard all"),
                        ("/leaderboard imporved", "leaderboard improved"), ("leaderboard wek!", "leaderboard week"),
                        ("leaderbord weeek", "leaderboard week")):
        assert parse_command(text) == Command("did-you-mean", {"word": meant}), text


def test_a_group_named_with_group_or_far_from_a_board_is_still_a_group():
    assert parse_command("leaderboard group weeek") == Command("leaderboard", {"period": "week", "group": "weeek"})
    assert parse_command("leaderboard rag-club") == Command("leaderboard", {"period": "week", "group": "rag-club"})
    assert parse_command("leaderboard week") == Command("leaderboard", {"period": "week"})


async def test_the_terminal_asks_about_a_slipped_board(coach):
    [notice] = await coach.handle(say("leaderboard weeek", key("slipped-board")))
    # the terminal has no boards to offer (tests/engine/test_slips_toward_what_the_terminal_lacks.py)
    assert notice.text == f"Did you mean `leaderboard week`? {BOARDS_WITHOUT_A_CHANNEL}", notice.text
    [notice] = await coach.handle(say("leaderboard weeek", key("slipped-board", platform="slack", channel="D-wk")))
    assert notice.text == "Did you mean `leaderboard week`? Say `leaderboard week` if so.", notice.text


async def test_a_study_group_of_that_name_gets_its_board_not_the_question(coach):
    dm = key("ada-weeek", platform="slack", channel="D-weeek")
    await coach.handle(say("group create weeek", dm))
    board = last(await coach.handle(say("leaderboard weeek", dm)), r.TableReply)
    assert board is not None and "weeek" in board.title, board
    [notice] = await coach.handle(say("leaderboard alll", dm))  # no group of that name: the board was meant
    assert notice.text.startswith("Did you mean `leaderboard all`?"), notice.text
