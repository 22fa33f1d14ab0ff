"""A saved progress chart is named per person and `forget me` deletes it (QA: every terminal session
saved `progress-1.png`, overwriting the last, and `forget me` left the chart on disk)."""
from __future__ import annotations

import functools
import re

from bot.community.progress_chart import chart_filename, forget_chart
from bot.engine import replies as r
from bot.engine.events import UserRef

from tests.engine.helpers import key, last, say


def test_a_chart_file_is_named_per_person_and_safely():
    ada, bob = UserRef("console", "local", "ada"), UserRef("console", "local", "bob")
    assert chart_filename(ada) != chart_filename(bob)
    assert chart_filename(ada) == chart_filename(UserRef("console", "local", "ada")), "found again by forget"
    assert chart_filename(ada) != chart_filename(UserRef("slack", "local", "ada"))
    for user in (ada, UserRef("slack", "T1", "../../etc/passwd"), UserRef("discord", "g", "a/b\\c")):
        assert re.fullmatch(r"progress-[0-9a-f]{16}\.png", chart_filename(user))


async def chart(coach, who: str) -> r.ImageReply:
    await coach.handle(say("start nlp junior 1", key(who)))
    await coach.handle(say("skip", key(who)))
    return last(await coach.handle(say("progress", key(who))), r.ImageReply)


async def test_forget_me_deletes_the_persons_chart_and_says_so(coach, tmp_path):
    # as the terminal does: it saves each chart under the reply's file name and registers the hook
    coach.deps.store.forgetter.add_hook(functools.partial(forget_chart, tmp_path))
    ada, bob = await chart(coach, "ada-chart"), await chart(coach, "bob-chart")
    assert ada.filename == chart_filename(key("ada-chart").user) != bob.filename
    for image in (ada, bob):
        (tmp_path / image.filename).write_bytes(image.png)
    assert "progress chart" in last(await coach.handle(say("forget", key("ada-chart"))), r.Notice).text
    done = last(await coach.handle(say("forget me", key("ada-chart"))), r.Notice)
    assert "progress chart" in done.text
    assert not (tmp_path / ada.filename).exists() and (tmp_path / bob.filename).exists()
    again = last(await coach.handle(say("forget me", key("ada-chart"))), r.Notice)
    assert "nothing stored" in again.text
