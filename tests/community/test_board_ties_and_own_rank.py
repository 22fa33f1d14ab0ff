"""A board of ten rows says how many more are tied at its last place, and where the asker stands."""
from __future__ import annotations

from bot.community.groups import channel_group_id

from .factories import CHANNEL, at, user

GROUP = channel_group_id(CHANNEL)


async def _scores(community, points: dict[str, int]) -> None:
    for name, value in points.items():  # one at a time: equal points rank in the order they were reached
        await community.boards.add_points([GROUP], user(name), value, at(4))


async def test_a_board_counts_the_people_tied_beyond_its_last_row(community):
    await _scores(community, {f"top{i}": 30 - i for i in range(8)} | {f"tie{i}": 10 for i in range(5)})
    board = await community.boards.board(GROUP, "week", at(4))
    assert [row.value for row in board.rows] == [30 - i for i in range(8)] + [10, 10]
    assert board.more_tied == 3
    full = await community.boards.board(GROUP, "week", at(4), limit=20)
    assert full.more_tied == 0 and len(full.rows) == 13


async def test_the_asker_outside_the_rows_gets_their_own_rank(community):
    await _scores(community, {f"top{i}": 30 - i for i in range(10)} | {"cal": 4, "dee": 4, "eve": 2})
    board = await community.boards.board(GROUP, "all", at(4), asker=user("dee"))
    assert board.asker is not None and (board.asker.rank, board.asker.value, board.asker.name) == (12, 4, "dee")
    shown = await community.boards.board(GROUP, "all", at(4), asker=user("top3"))
    assert shown.asker is None  # already on the board
    nobody = await community.boards.board(GROUP, "all", at(4), asker=user("zed"))
    assert nobody.asker is None  # no points: no rank
