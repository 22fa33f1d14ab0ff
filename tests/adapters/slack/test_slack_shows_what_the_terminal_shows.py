"""Slack feedback and summaries carry what the terminal shows (render_text): the hint under each missed or
partly made point, evidence quoted as engine/quotes.py cuts it (between words, at 240 characters, around the
part that made the point, marks as typed), and the summary's hint marks, skipped follow-ups, misconceptions
flagged on the way and Practise next (QA: Slack showed no hint under a partial point, cut quotes mid-word at
300 characters and showed a bare score in the summary)."""
from __future__ import annotations

import html
import re

from bot.adapters.slack.blocks import to_message
from bot.adapters.slack.mrkdwn import SECTION_LIMIT
from bot.engine.quotes import quote
from bot.engine.render_text import ZWSP, defuse_mentions, render
from bot.grading.feedback import PointVerdict

from tests.adapters.terminal_parity import HINT, LONG, MISSED, PARTIAL, PINGING_SUMMARY, POINT, SUMMARY, feedback

from .conftest import SlackDriver

PINGS = re.compile(r"@(everyone|here|channel)\b|<[!@]", re.I)


def _sections(message) -> list[str]:
    return [b["text"]["text"] for b in message.blocks if b["type"] == "section"]


def _seen(text: str) -> str:
    """Slack text as a reader sees it: entities read, invisible zero-width spaces gone."""
    return html.unescape(text).replace(ZWSP, "")


def test_a_partly_made_point_shows_its_hint_under_it_as_a_missed_one_does():
    lines = "\n".join(_sections(to_message(feedback([PARTIAL, MISSED])))).splitlines()
    at = next(i for i, line in enumerate(lines) if "Small chunks match precisely" in line)
    assert lines[at + 1].startswith('> _you said:_ "We retrieve small chunks."')
    assert lines[at + 2].strip() == f"_Hint:_ {HINT}"
    assert lines[at + 3].strip() == "_Read:_ Parent-document retrieval `rag-parent`"
    at = next(i for i, line in enumerate(lines) if "Parents are fetched by id." in line)
    assert lines[at + 1].strip() == "_Hint:_ Names how a parent is found."


def test_a_long_quote_is_the_engines_cut_between_words_with_its_marks_as_typed():
    message = to_message(feedback([PointVerdict("p1", POINT, "covered", LONG, "", None)]))
    covered = next(t for t in _sections(message) if t.startswith("*Covered*"))
    line = next(x for x in covered.splitlines() if x.startswith("> "))
    shown = line.removeprefix('> _you said:_ "').removesuffix('"')
    assert _seen(shown) == quote(LONG, POINT), shown
    assert "reciprocal rank fusion" in _seen(shown) and "f(q,D)*(k1+1)" in _seen(shown)
    assert len(_seen(shown)) <= 241 and not re.search(r"\w…|…\w", _seen(shown).strip("…")), "cut between words"
    for m in re.finditer(r"[*_~`]", shown):  # no bold, italics or strike formed from the person's marks
        assert shown[m.start() - 1] == ZWSP == shown[m.end()], shown[m.start() - 10: m.end() + 10]
    assert not PINGS.search(html.unescape(shown))


def test_many_long_quotes_full_of_escapes_lose_no_point():
    """Escaping can make a 240-character quote five times longer ('&' is '&amp;'): eight of them do not fit
    one section, and a cut section would drop the points after the cut."""
    heavy = " ".join(["a&b<c>d*e_f~g"] * 40)
    points = [PointVerdict(f"p{n}", f"Point number {n} on a&b", "partial", heavy, f"Hint number {n}.", None)
              for n in range(8)]
    message = to_message(feedback(points))
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert all(len(t) <= SECTION_LIMIT for t in texts)
    seen = _seen("\n".join(texts))
    for n in range(8):
        assert f"Point number {n} on a&b" in seen and f"Hint: Hint number {n}." in seen.replace("_Hint:_", "Hint:")



def test_the_summary_says_what_a_bare_score_hides():
    seen = _seen("\n".join(b["text"]["text"] if "text" in b else b["elements"][0]["text"]
                           for b in to_message(SUMMARY).blocks))
    assert "9.5* after a hint (follow-ups: 8.0, skipped)" in seen, seen
    assert "3.0* after 2 hints" in seen and "skipped*" in seen
    # the correction after the claim, as the terminal shows it
    assert ("Misconception flagged on the way: BM25 is a neural model → BM25 is a bag-of-words formula over "
            "term counts") in seen, seen
    assert "By topic:* behavioral 3.0, core 0.0, rag 9.5" in seen
    assert "Practise next: `start behavioral` asks only behavioral questions." in seen
    for line in render(SUMMARY).splitlines():  # every figure the terminal shows, Slack shows
        for figure in re.findall(r"\d+\.\d", line):
            assert figure in seen


def test_a_flagged_claim_and_its_correction_ping_no_one():
    texts = [b["text"]["text"] for b in to_message(PINGING_SUMMARY).blocks if b["type"] == "section"]
    flagged = [line for line in "\n".join(texts).splitlines() if "flagged on the way" in line]
    assert len(flagged) == 2 and "→" in flagged[0] and "→" not in flagged[1], flagged
    assert "BM25 counts terms, tell @" in _seen(flagged[0]) and "dense always wins" in _seen(flagged[1])
    assert not PINGS.search("\n".join(flagged)), flagged


async def test_a_dm_answer_shows_every_hint_the_terminal_shows(slack: SlackDriver):
    fake = slack.fake
    await slack.dm("UHINT", "start nlp junior 3")
    mark = len(fake.calls)
    await slack.dm("UHINT", "BM25 is a ranking function and tokenization splits text.")
    feedback = next(c for c in fake.since(mark) if c.method == "chat.postMessage" and "*Score:" in c.all_text)
    terminal = _seen(feedback.args["text"])  # the fallback: the terminal's rendering of the same reply
    hints = [line.strip().removeprefix("Hint: ") for line in terminal.splitlines() if line.strip().startswith("Hint:")]
    assert hints, terminal
    shown = _seen("\n".join(b["text"]["text"] for b in feedback.blocks if b["type"] == "section"))
    for hint in hints:
        assert f"_Hint:_ {hint}" in shown, hint
    assert not PINGS.search(defuse_mentions(shown))
