"""Display names on boards and recaps show as the person wrote them, on every platform: no markup
formed from them, no code block ended by them, no column shifted by them, and still no pings."""
from __future__ import annotations

import html
import re
import unicodedata

import pytest

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import blocks_for
from bot.community.refs import safe_text
from bot.engine import replies as r
from bot.engine.render_text import ZWSP, defuse_mentions, render

NAMES = ["*Gil* _x_ ```y", "<!channel>", "<!here|here> @here", "@everyone", "<@U999> ~strike~", "`a`", "x```",
         "@Here", "＠everyone", "<!subteam^S1|devs>", "__dunder__ ||spoil|| > q", "Zoë 名前"]
STORED = [safe_text(n, 40) for n in NAMES]  # as Leaderboards.set_name keeps them
PINGS = re.compile(r"@(everyone|here|channel)\b|<[!@]", re.I)
# Discord's markdown characters with no backslash before them (">" is a quote only at a line's start)
_DISCORD_UNESCAPED = re.compile(r"(?<!\\)[*_~`|]|^>")


def _board() -> r.TableReply:
    rows = tuple((str(i + 1), defuse_mentions(n), "5") for i, n in enumerate(STORED))  # as the service builds them
    return r.TableReply("This week (2026-W47)", ("#", "name", "points"), rows, "")


def _recap() -> r.RecapReply:
    return r.RecapReply(date="2026-11-16", question="Q?", model_answer="A", answered=3,
                        top=tuple((n, 5.0) for n in STORED))


def text_width(text: str) -> int:
    """Columns in a monospace font: a zero-width space none, a fullwidth or CJK character two."""
    return sum(0 if unicodedata.category(ch) == "Cf" else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _visible(text: str) -> str:
    return text.replace(ZWSP, "")


def _table_body(platform: str) -> str:
    """The table's code block as sent, fences included."""
    if platform == "slack":
        return blocks_for(_board())[1]["text"]["text"]
    return to_outgoing(_board())[0].embeds[0].description


def _assert_aligned(lines: list[str]) -> None:
    """Every row's score sits under the header's "points", counted in the columns a monospace font shows."""
    header, rows = lines[0], lines[1:]
    assert len(rows) == len(NAMES)
    column = text_width(header[: header.index("points")])
    for row, name in zip(rows, STORED):
        assert _visible(name) in _visible(row), (row, name)
        assert text_width(row.rstrip()[:-1]) == column, row


@pytest.mark.parametrize("platform", ["slack", "discord"])
def test_a_board_keeps_its_code_block_and_its_columns_whatever_the_names(platform):
    body = _table_body(platform)
    assert body.count("```") == 2 and body.startswith("```") and body.endswith("```"), body
    inner = body[3:-3].strip("\n")
    assert not PINGS.search(html.unescape(inner)), "names stay defused"
    shown = html.unescape(inner) if platform == "slack" else inner
    _assert_aligned(shown.split("\n"))


def test_the_plain_text_board_lines_up_on_what_is_seen():
    _assert_aligned(render(_board()).split("\n")[1:])


def test_slack_recap_shows_names_as_written():
    text = blocks_for(_recap())[1]["text"]["text"]
    names = text.removeprefix("*Top scores:* ")
    assert not PINGS.search(html.unescape(names)), names
    # no Slack markup can form: every mark has a zero-width space on both sides
    for m in re.finditer(r"[*_~`]", names):
        assert names[m.start() - 1] == ZWSP and names[m.end()] == ZWSP, names[max(0, m.start() - 10):m.end() + 10]
    shown = html.unescape(_visible(names))
    assert shown == ", ".join(f"{_visible(n)} 5.0" for n in STORED)


def test_discord_recap_shows_names_as_written():
    field = next(f for f in to_outgoing(_recap())[0].embeds[0].fields if f.name == "Top scores")
    assert not PINGS.search(field.value)
    for line, name in zip(field.value.split("\n"), STORED, strict=True):
        assert not _DISCORD_UNESCAPED.search(line.removesuffix(" — 5.0")), line
        assert _visible(re.sub(r"\\(.)", r"\1", line)) == f"{_visible(name)} — 5.0"
