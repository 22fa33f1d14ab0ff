"""A person mentioned in an answer is quoted back by name (users.info), else as "@someone"."""
from __future__ import annotations

from bot.adapters.slack.mrkdwn import plain
from bot.adapters.slack.translate import mentioned_users

from .conftest import AUTHORIZATIONS, BOT_USER, SlackDriver
from .test_slack_interview import last_question


def test_mentions_read_as_names_or_someone_never_as_ids():
    text = "<@U9> and <@U8|ann> in <#C1|general> and <#C2>"
    assert plain(text, names={"U9": "Zed"}) == "@Zed and @ann in #general and #channel"
    assert plain("<@U9> said so") == "@someone said so"
    body = {"event": {"text": f"<@{BOT_USER}> <@U9> <@U8> <@U9>"}, "authorizations": AUTHORIZATIONS}
    assert mentioned_users(body) == ["U9", "U8"], "the bot is not looked up, nor anyone twice"


async def test_a_mention_in_an_answer_is_quoted_with_the_persons_name(slack: SlackDriver, coach):
    await slack.dm("UANN", "start nlp junior 3")
    question = last_question(slack.fake, "DUANN")
    sentences = coach.questions[question["id"]].model_answer.split(". ")
    mark = len(slack.fake.calls)
    await slack.dm("UANN", ". ".join(f"<@UBOB> told me {s}" for s in sentences))
    looked_up = [c.args.get("user") for c in slack.fake.since(mark) if c.method == "users.info"]
    assert looked_up == ["UBOB"]
    text = " ".join(c.all_text for c in slack.fake.since(mark) if c.method == "chat.postMessage")
    assert "Score:" in text and "@Ubob" in text and "@UBOB" not in text and "<@UBOB>" not in text, text
    assert "<!here>" not in text, "the looked-up name is escaped like any text"
