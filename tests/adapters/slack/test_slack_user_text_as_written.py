"""Words a person wrote, echoed in a message body, show as they were typed: Slack turns `*x*`, `_x_` and
`~x~` into bold, italic and strike, and a notice's echo (a team question's text, an answer to reuse) must not
change under it. The coach's own `code` spans stay code, and nothing echoed pings anyone."""
from __future__ import annotations

import re

from bot.adapters.slack.blocks import to_message
from bot.engine import replies as r
from bot.engine.render_text import ZWSP

from .test_slack_channels import PING

# what Slack formats: a mark after a non-word character, a non-blank after it, the same mark closing it
FORMATTED = re.compile(r"(?<![\w\u200b])([*_~])(?=[^\s\u200b])[^\n]*?(?<=[^\s\u200b])\1(?![\w\u200b])")
QUESTION = "Why do *most* teams cache ~all~ embeddings for _search_ @channel?"


def body(call_or_blocks) -> str:
    blocks = call_or_blocks.blocks if hasattr(call_or_blocks, "blocks") else call_or_blocks
    return "\n".join(b["text"]["text"] for b in blocks if b.get("type") == "section")


async def test_a_team_question_echoed_in_the_reply_shows_as_typed(slack, coach):
    slack.fake.admins.add("UADMIN")
    mark = len(slack.fake.calls)
    await slack.slash("UADMIN", f"daily add why-cache | {QUESTION} | Recomputing them costs time and money.")
    [said] = [c for c in slack.fake.since(mark) if c.method == "response_url"]
    shown = body(said)
    assert "Added team question `why-cache`" in shown, shown  # the coach's code span stays code
    assert not FORMATTED.search(shown), shown
    assert "Why do *most* teams cache ~all~ embeddings for _search_ @" in shown.replace(ZWSP, ""), shown
    assert not PING.search(shown), shown


def test_an_answer_given_back_to_reuse_keeps_its_marks_and_code():
    text = ("That answer form belongs to a question you have moved past. Here is what you wrote, to reuse:\n\n"
            "I'd pass *args and **kwargs_like_this through, as in `f(*args, **kw)`:\n"
            "```\ndef f(*args, **kw):\n    return g(*args, **kw)\n```\n<!here> ~maybe~ & <b>")
    shown = body(to_message(r.Notice(text, private=True)).blocks)
    assert not FORMATTED.search(re.sub(r"```.*?```|`[^`\n]*`", "", shown, flags=re.S)), shown
    assert "`f(*args, **kw)`" in shown, "a code span stays code, as written"
    assert "```\ndef f(*args, **kw):\n    return g(*args, **kw)\n```" in shown, "and a code block"
    assert not PING.search(shown) and "&amp; &lt;b&gt;" in shown, shown
