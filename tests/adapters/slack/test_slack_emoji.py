"""Slack sends emoji as shortcodes: read back as emoji, a message of only emoji spends no try."""
from __future__ import annotations

from bot.adapters.slack.emoji import emoji_in_blocks
from bot.adapters.slack.mrkdwn import plain

from .conftest import SlackDriver
from .test_slack_interview import last_question


def test_shortcodes_become_the_emoji_they_show_and_other_colons_stay():
    assert plain(":smile: :rocket: :tada:") == "😄 🚀 🎉"
    assert plain(":wave::skin-tone-2: BM25 :+1:") == "👋🏻 BM25 👍"
    for text in ("ratio 3:2 at 10:30:45", "e.g. :param x: and :class:`Foo`", "a[i:end:2] and std::end::x",
                 "`:end:` and ```x = ':fire:'```", "see :notanemoji:"):
        assert plain(text) == text
    assert plain("<https://x.io/a:fire:b>") == "https://x.io/a:fire:b"


def test_a_workspace_emoji_named_in_the_blocks_is_dropped():
    blocks = [{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
        {"type": "emoji", "name": "partyparrot"}, {"type": "text", "text": " BM25 "},
        {"type": "emoji", "name": "smile", "unicode": "1f604"}]}]}]
    named = emoji_in_blocks(blocks)
    assert named == {"partyparrot": "", "smile": "😄"}
    assert plain(":partyparrot: BM25 :smile:", named) == " BM25 😄"
    assert plain(":partyparrot::partyparrot:", named) == "🖼", "still an emoji message, not an empty one"


async def test_a_message_of_only_shortcodes_spends_no_try(slack: SlackDriver):
    await slack.dm("UEMO", "start nlp junior 3")
    assert last_question(slack.fake, "DUEMO")
    custom = slack.message_payload("UEMO", ":partyparrot:", "DUEMO")
    custom["event"]["blocks"] = [{"type": "rich_text", "block_id": "b1", "elements": [
        {"type": "rich_text_section", "elements": [{"type": "emoji", "name": "partyparrot"}]}]}]
    for send in (lambda: slack.dm("UEMO", ":smile: :rocket: :tada:"), lambda: slack.event(custom)):
        mark = len(slack.fake.calls)
        await send()
        posts = [c for c in slack.fake.since(mark) if c.method == "chat.postMessage"]
        text = " ".join(c.all_text for c in posts)
        assert "There was no answer to grade" in text and "Your try is still open" in text, text
        assert "Score:" not in text
