"""What people see of boards and of their own words quoted back, on Slack and Discord.

An empty board says so in words rather than listing people with 0; a person's words quoted as evidence
show as they wrote them on Slack (no bold, italic, strike, code or emoji formed from them, and none of
the feedback's own formatting broken), as does a Slack display name with ":fire:" in it; a Discord name
starting "1. ", "- " or "# " is a name, not a list item or a heading. No mention pings, anywhere.
"""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest

from bot.adapters.discord.embeds import to_outgoing
from bot.adapters.slack.blocks import blocks_for
from bot.adapters.slack.mrkdwn import esc
from bot.community.refs import safe_text
from bot.engine import replies as r
from bot.engine.events import ConversationKey, Event, UserRef
from bot.engine.render_text import ZWSP, defuse_mentions, render
from bot.grading.feedback import Dimensions, Feedback, PointVerdict

from tests.engine.helpers import last, say

EMPTY_BOARD = "No points yet: an answer to a daily question that scores 3 or more gets you on the board."
PINGS = re.compile(r"@(everyone|here|channel)\b|<[!@]", re.I)
SHORTCODE = re.compile(r":[a-z0-9_+'-]+:", re.I)  # what Slack would show as an emoji
SLACK_MARK = re.compile(r"[*_~`]")
# what starts a list item, a heading, a quote or small text on a Discord line
DISCORD_LINE_START = re.compile(r"^(#{1,3} |-# |[-*+] |\d+[.)] |>{1,3} )")


def _visible(text: str) -> str:
    return text.replace(ZWSP, "")


# -- an empty board, through the coach --------------------------------------------------------------
def _in_channel(user: str, text: str, thread: str = "", admin: bool = False) -> Event:
    key = ConversationKey(UserRef("slack", "T1", user), "C-general")
    return say(text, key, thread=thread, is_admin=admin, display_name=user.title())


async def test_a_board_where_nobody_earned_points_says_so_on_every_platform(coach, clock):
    clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc))
    await coach.handle(_in_channel("boss", "daily set time=09:00 tz=Europe/Berlin days=mon-fri "
                                           "topics=retrieval level=junior", admin=True))
    clock.advance(minutes=1)
    [(channel, post)] = [(c, x) for c, x in await coach.community.due() if isinstance(x, r.DailyQuestionReply)]
    await coach.deps.community.attach_thread(channel, post.date, "thread-1")
    for who in ("bob", "cy"):  # both answer, neither earns a point
        said = await coach.handle(_in_channel(who, "I don't know", thread="thread-1"))
        assert last(said, r.FeedbackReply).feedback.score < 3
    for period in ("week", "all"):
        board = last(await coach.handle(_in_channel("bob", f"leaderboard {period}")), r.TableReply)
        assert board.rows == () and board.footer == EMPTY_BOARD, (period, board)
        assert render(board).splitlines()[1:] == [EMPTY_BOARD], "no table of zeros in plain text either"
        slack = blocks_for(board)
        assert [b["type"] for b in slack] == ["header", "context"], "no code block of zeros"
        assert slack[1]["elements"][0]["text"] == EMPTY_BOARD
        [embed] = to_outgoing(board)[0].embeds
        assert embed.description is None and embed.footer.text == EMPTY_BOARD
    # one good answer, and the board is that one person
    said = await coach.handle(_in_channel("ada", coach.questions[post.question_id].model_answer, thread="thread-1"))
    earned = int(last(said, r.Notice).text.split()[0])
    board = last(await coach.handle(_in_channel("bob", "leaderboard week")), r.TableReply)
    assert board.rows == (("1", "Ada", str(earned)),) and board.footer == ""


# -- Slack: a person's own words quoted back --------------------------------------------------------
HOSTILE = "I used *bold* claims, _snake_case_ names, ~strike~ and `code` :fire: for <!here> @channel <@U123>"


def _feedback(evidence: str) -> r.FeedbackReply:
    fb = Feedback(score=6.0, points=[PointVerdict("p1", "Exact term matching", "covered", evidence, "", None)],
                  misconceptions=[], notes=[], dimensions=Dimensions(6, 6, 6), next_step="", grader="offline",
                  rubric_source="bank", question_id="q1", question="Why BM25?")
    return r.FeedbackReply(fb, 1, 3)


def _quoted(evidence: str) -> str:
    """The quoted evidence as sent to Slack: what stands between the quote marks of `_you said:_ "…"`."""
    covered = next(b["text"]["text"] for b in blocks_for(_feedback(evidence)) if b["type"] == "section"
                   and b["text"]["text"].startswith("*Covered*"))
    line = next(x for x in covered.splitlines() if x.startswith("> "))
    prefix = '> _you said:_ "'
    assert line.startswith(prefix) and line.endswith('"'), line
    return line[len(prefix):-1]


def _assert_no_slack_markup(quoted: str) -> None:
    for m in SLACK_MARK.finditer(quoted):  # every mark has a zero-width space on both sides
        assert quoted[m.start() - 1: m.start()] == ZWSP == quoted[m.end(): m.end() + 1], \
            quoted[max(0, m.start() - 10): m.end() + 10]
    assert not SHORTCODE.search(html.unescape(quoted)), quoted
    assert not PINGS.search(html.unescape(quoted)), quoted


def test_slack_quotes_a_persons_words_as_written_without_forming_markup_or_emoji():
    quoted = _quoted(HOSTILE)
    _assert_no_slack_markup(quoted)
    assert html.unescape(_visible(quoted)) == _visible(defuse_mentions(HOSTILE)), "every character shows as typed"


def test_slack_leaves_ordinary_quoted_words_as_they_were():
    ordinary = "BM25 matches exact terms (k1 = 1.2, ratio 3:2 at 10:30) & beats dense < 5 ms, see https://x.io/a_b"
    assert _quoted(ordinary) == esc(ordinary), "nothing invisible added where no markup could form"


def test_a_long_quote_cut_as_the_terminal_cuts_it_leaves_no_mark_open():
    for filler in ("*", "_", "a*", "a_b~"):
        quoted = _quoted(filler * 400)
        # the engine's cut (engine/quotes.py, 240 visible characters), not a clip of the escaped text
        assert quoted.endswith("…") and len(_visible(quoted)) <= 241, quoted[-20:]
        _assert_no_slack_markup(quoted.removesuffix("…"))


# -- Slack: a display name with a shortcode -----------------------------------------------------------
NAMES = [":fire: Gil", "Ann :a:tada:", "::skin-tone-2: Bo", "*Cy* @here", "Di 10:30"]
STORED = [safe_text(n, 40) for n in NAMES]


def test_a_slack_board_and_recap_show_a_names_shortcode_as_typed():
    rows = tuple((str(i + 1), defuse_mentions(n), "5") for i, n in enumerate(STORED))
    code = blocks_for(r.TableReply("This week (2026-W47)", ("#", "name", "points"), rows, ""))[1]["text"]["text"]
    shown = html.unescape(code)
    assert not SHORTCODE.search(shown) and not PINGS.search(shown), shown
    for name in STORED:
        assert _visible(name) in _visible(shown), name
    recap = r.RecapReply(date="2026-11-16", question="Q?", model_answer="A", answered=5,
                         top=tuple((n, 5.0) for n in STORED))
    top = blocks_for(recap)[1]["text"]["text"].removeprefix("*Top scores:* ")
    _assert_no_slack_markup(top)
    assert html.unescape(_visible(top)) == ", ".join(f"{_visible(defuse_mentions(n))} 5.0" for n in STORED)


# -- Discord: names that look like a list or a heading ------------------------------------------------
LIST_NAMES = ["1. Ann", "- Bo", "# Cy", "## Di", "-# Ed", "+ Fay", "12) Gus", "> Hal", "* Ivy", "2024. @everyone"]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_discord_recap_name_that_looks_like_a_list_or_heading_is_shown_as_typed(name):
    recap = r.RecapReply(date="2026-11-16", question="Q?", model_answer="A", answered=2,
                         top=((safe_text(name, 40), 7.0), ("Zoe", 5.0)))
    field = next(f for f in to_outgoing(recap)[0].embeds[0].fields if f.name == "Top scores")
    first, second = field.value.split("\n")
    assert not DISCORD_LINE_START.search(first), first
    assert _visible(re.sub(r"\\(.)", r"\1", first)) == f"{_visible(safe_text(name, 40))} — 7.0"
    assert second == "Zoe — 5.0"
    assert not PINGS.search(field.value)


def test_a_discord_board_keeps_such_names_in_its_code_block():
    rows = tuple((str(i + 1), defuse_mentions(safe_text(n, 40)), "5") for i, n in enumerate(LIST_NAMES))
    body = to_outgoing(r.TableReply("This week (2026-W47)", ("#", "name", "points"), rows, ""))[0].embeds[0].description
    assert body.startswith("```\n") and body.endswith("\n```") and body.count("```") == 2
    assert not PINGS.search(body)
    for name in LIST_NAMES:
        assert _visible(safe_text(name, 40)) in _visible(body), name


def test_a_link_right_after_a_mark_stays_whole():
    """Review: '_https://...' had no word boundary before the scheme, so the link got invisible characters."""
    from bot.adapters.slack.mrkdwn import literal

    assert "https://x.io/a_b_c" in literal("_https://x.io/a_b_c see")
