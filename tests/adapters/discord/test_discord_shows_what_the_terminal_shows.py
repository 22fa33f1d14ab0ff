"""Discord feedback and summaries carry what the terminal shows (render_text): the hint under each missed or
partly made point, evidence quoted as engine/quotes.py cuts it (between words, at 240 characters, around the
part that made the point, marks as typed), and the summary's hint marks, skipped follow-ups, misconceptions
flagged on the way and a Practise next that /interview takes (QA: Discord showed no hint under a partial
point, cut quotes mid-word at 200 characters and showed a bare score in the summary)."""
from __future__ import annotations

import re

from bot.adapters.discord import delivery, limits
from bot.adapters.discord.commands import TOPICS, TRACKS
from bot.adapters.discord.embeds import to_outgoing
from bot.engine import replies as r
from bot.engine.quotes import quote
from bot.engine.render_text import ZWSP, defuse_mentions, render
from bot.grading.feedback import PointVerdict

from tests.adapters.terminal_parity import HINT, LONG, MISSED, PARTIAL, PINGING_SUMMARY, POINT, SUMMARY, feedback

from .helpers import assert_mention_safe

DM = 930000000000000777
_UNESCAPED = re.compile(r"(?<!\\)[_*~|]")


def _unescape(text: str) -> str:
    return re.sub(r"\\([_*~|`>#\\-])", r"\1", text)


def _fields(reply: r.Reply) -> dict[str, str]:
    """Every field of every message, by name, continued fields joined to their first."""
    out: dict[str, str] = {}
    for item in to_outgoing(reply):
        for embed in item.embeds:
            for f in embed.fields:
                name = f.name.removesuffix(limits.CONTINUED)
                out[name] = f"{out[name]}\n{f.value}" if name in out else f.value
    return out


def test_a_partly_made_point_shows_its_hint_under_it_as_a_missed_one_does():
    fields = _fields(feedback([PARTIAL, MISSED]))
    assert fields["Covered"].splitlines() == [
        "~ Small chunks match precisely, parents give context.", "> “We retrieve small chunks.”",
        "(read: Parent-document retrieval [rag-parent])", f"Hint: {HINT}"]
    assert fields["Missed"].splitlines() == ["✗ Parents are fetched by id.", "Hint: Names how a parent is found."]


async def test_a_long_quote_arrives_as_the_engines_cut_with_its_marks_as_typed(discord_bot, fake_discord):
    mark = len(fake_discord.requests)
    await delivery.send(discord_bot.get_partial_messageable(DM),
                        to_outgoing(feedback([PointVerdict("p1", POINT, "covered", LONG, "", None)])))
    sent = next(req for req in fake_discord.since(mark) if req.carries_message).embeds()[0]
    covered = next(f["value"] for f in sent["fields"] if f["name"] == "Covered")
    shown = covered.splitlines()[1].removeprefix("> “").removesuffix("”")
    assert _unescape(shown) == defuse_mentions(quote(LONG, POINT)), shown
    assert "f(q,D)*(k1+1)" in _unescape(shown) and "reciprocal rank fusion" in shown
    assert not _UNESCAPED.search(shown), "the person's marks show as typed, not as italics or strike"
    assert_mention_safe(fake_discord.requests)


def test_many_long_quotes_full_of_escapes_lose_no_point_and_fit_discord():
    heavy = " ".join(["a*b_c~d|e"] * 60)
    points = [PointVerdict(f"p{n}", f"Point number {n}", "partial", heavy, f"Hint number {n}.", None)
              for n in range(14)]
    outgoing = to_outgoing(feedback(points))
    for item in outgoing:
        assert sum(len(e) for e in item.embeds) <= limits.EMBED_TOTAL
        assert all(len(f.value) <= limits.FIELD_VALUE for e in item.embeds for f in e.fields)
    covered = _fields(feedback(points))["Covered"]
    for n in range(14):
        assert f"~ Point number {n}\n" in covered and f"\nHint: Hint number {n}." in covered



def test_the_summary_says_what_a_bare_score_hides():
    rows = _fields(SUMMARY)["Questions"].splitlines()
    assert rows[0] == "1. [rag] 9.5 after a hint (follow-ups: 8.0, skipped) — Why BM25?"
    assert rows[1] == ("⚠ Misconception flagged on the way: BM25 is a neural model → BM25 is a bag-of-words "
                       "formula over term counts")  # the correction after the claim, as the terminal shows it
    assert rows[2] == "2. [behavioral] 3.0 after 2 hints — Tell me about a conflict."
    assert rows[3] == "3. [core] skipped — What is a level?"
    terminal = [line.strip() for line in render(SUMMARY).splitlines()]
    assert all(row in terminal for row in rows), "the same rows as the terminal's"


async def test_a_flagged_claim_and_its_correction_ping_no_one(discord_bot, fake_discord):
    flagged = [row for row in _fields(PINGING_SUMMARY)["Questions"].splitlines() if "flagged on the way" in row]
    assert len(flagged) == 2 and "→" in flagged[0] and "→" not in flagged[1], flagged
    assert "BM25 counts terms, tell @" in flagged[0]
    mark = len(fake_discord.requests)
    await delivery.send(discord_bot.get_partial_messageable(DM), to_outgoing(PINGING_SUMMARY))
    assert_mention_safe(fake_discord.since(mark))
    assert "<!channel>" not in fake_discord.since(mark)[-1].text()


def test_practise_next_names_an_option_interview_takes():
    """`start behavioral` is a track: /interview has no topic:behavioral to offer."""
    behavioral = _fields(SUMMARY)["Practise next"]
    assert behavioral.startswith("`/interview track:behavioral`"), behavioral
    assert "behavioral" in [c.value for c in TRACKS]
    core = _fields(r.SummaryReply(track="mixed", level="mid", questions=(), topics=(("core", 2.0),), overall=2.0,
                                  strongest=(), weakest=(), study_next=(), practice_topic="core"))["Practise next"]
    assert core.startswith("`/interview topic:core`") and "core" in [c.value for c in TOPICS]
    assert ZWSP not in behavioral + core
