"""The questions a channel's daily draws from, and the no-repeat draw.

The pool is the bank questions that match the channel's topics and level
plus the team's own questions. A Redis set per channel remembers which ids
were asked; when every id in the pool has been asked, the set starts over.
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.community.keys import Keys
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.community.settings import DailySettings
from bot.grading.text import prepare
from bot.pack.models import Question

TEAM_PREFIX = "team:"
TEAM_TOPIC = "team"  # as a setting: this channel's own questions (`daily add`), which every pool holds
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
# The longest team question a daily post shows whole on every platform, with room to spare: Slack's
# post shows 2,900 characters of it and Discord's embed 4,096, and escaping lengthens the text
# ("&" becomes "&amp;" on Slack, "*" becomes "\\*" on Discord).
MAX_QUESTION_CHARS = 1000
# The longest reference answer a recap shows whole: Discord puts it in the recap message's content, 2,000
# characters with its spoiler bars, and Slack in a context block of 3,000; escaping lengthens it there too.
MAX_REFERENCE_CHARS = 1500


@dataclass(frozen=True)
class PoolQuestion:
    id: str
    text: str
    reference: str  # the model answer, shown in the recap as a spoiler; "" for a team question without one
    topic: str = "team"
    level: str = ""
    source: str = "bank"  # "bank" | "team"

    @classmethod
    def of(cls, question: Question) -> "PoolQuestion":
        return cls(question.id, question.question, question.model_answer, question.topic, question.level.value)


def bank_pool(questions: Sequence[Question], settings: DailySettings) -> list[PoolQuestion]:
    return [
        PoolQuestion.of(q)
        for q in questions
        if (not settings.topics or q.topic in settings.topics) and (not settings.level or q.level.value == settings.level)
    ]


def unmatched(questions: Sequence[Question], settings: DailySettings, team: Sequence[PoolQuestion],
              then: str = f"set `topics={TEAM_TOPIC}` again") -> Refusal | None:
    """Why these topics and level can draw no question (a misspelt topic, `team` with no team question
    yet), or None. `team`: the channel's own questions; `then`: what the admin does after adding one.
    Checked when an admin sets them or turns the daily on, so the problem is named at once instead of
    a "No daily today" notice in the channel."""
    topics = set(settings.topics) - {TEAM_TOPIC}
    known = sorted({q.topic for q in questions})
    unknown = sorted(topics - set(known))
    if unknown:
        named = ", ".join(f"`{safe_text(t, 40)}`" for t in unknown)
        return Refusal(f"No question is on {named}. Topics: {', '.join(known) or 'none in the bank'}; "
                       f"or `{TEAM_TOPIC}` for this channel's own questions (`daily add`).")
    with_team = TEAM_TOPIC in settings.topics
    if (with_team and team) or bank_pool(questions, settings):
        return None
    no_team = (f"This channel has no questions of its own yet, so `{TEAM_TOPIC}` adds none: add one first with "
               f"`daily add <id> | <question> | <reference answer>` (the reference answer is optional), then {then}.")
    if with_team and not topics:
        return Refusal(no_team)
    levels = sorted({q.level.value for q in questions if not topics or q.topic in topics})
    where = f"on {', '.join(sorted(topics))}" if topics else "in the bank"
    there = f" Levels there: {', '.join(levels)}, or `level=all`." if levels else ""
    return Refusal(f"No {settings.level} question is {where}.{there}" + (f" {no_team}" if with_team else ""))


class TeamQuestions:
    """Ad-hoc questions a team adds to one channel's daily, with a reference answer."""

    def __init__(self, redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def add(self, channel: ChannelRef, qid: str, question: str, reference: str) -> PoolQuestion | Refusal:
        """A new question; an id the channel has already is refused (`edit` changes one), so a second
        admin picking the same short id cannot overwrite the first one's question unawares. The id is
        checked first: a question that is also too long or not English is still not added, and a
        different id (or `edit`) is the thing to fix before those."""
        key = question_id(qid)
        if isinstance(key, Refusal):
            return key
        hash_key = self._keys.team_questions(channel.id)
        if await self._redis.hexists(hash_key, key):
            return _taken(key)
        item = checked(qid, question, reference)
        if isinstance(item, Refusal):
            return item
        if not await self._redis.hsetnx(hash_key, item.id, json.dumps(asdict(item))):  # added meanwhile
            return _taken(key)
        return item

    async def edit(self, channel: ChannelRef, qid: str, question: str, reference: str) -> PoolQuestion | Refusal:
        """The question with a new text, reference or both; an empty one keeps what it had."""
        current = await self.get(channel, qid)
        if current is None:
            return Refusal(no_such_question(qid))
        item = checked(qid, question.strip() or current.text, reference.strip() or current.reference)
        if not isinstance(item, Refusal):
            await self._redis.hset(self._keys.team_questions(channel.id), item.id, json.dumps(asdict(item)))
        return item

    async def get(self, channel: ChannelRef, qid: str) -> PoolQuestion | None:
        raw = await self._redis.hget(self._keys.team_questions(channel.id), _key(qid))
        return PoolQuestion(**json.loads(raw)) if raw else None

    async def remove(self, channel: ChannelRef, qid: str) -> bool:
        return bool(await self._redis.hdel(self._keys.team_questions(channel.id), _key(qid)))

    async def list(self, channel: ChannelRef) -> list[PoolQuestion]:
        raw = await self._redis.hgetall(self._keys.team_questions(channel.id))
        return sorted((PoolQuestion(**json.loads(v)) for v in raw.values()), key=lambda q: q.id)


def _key(qid: str) -> str:
    return TEAM_PREFIX + bare_id(qid)


def bare_id(qid: str) -> str:
    """A team question's id as people see it and may type it: `kv` for `kv`, `team:kv` or ` Team:KV `."""
    return qid.strip().lower().removeprefix(TEAM_PREFIX).strip()  # "team: kv" from a Discord field too


def shown_id(qid: str) -> str:
    """A team question's id to echo: without its `team:` prefix, as `daily questions` lists it."""
    return safe_text(bare_id(qid), 40)


def no_such_question(qid: str) -> str:
    return f"This channel has no team question `{shown_id(qid)}`; `daily questions` lists them."


def _taken(key: str) -> Refusal:
    shown = shown_id(key)
    return Refusal(f"This channel already has a team question `{shown}`, so I added nothing. Change it with "
                   f"`daily edit {shown} | <question> | <reference answer>` (leave a part empty to keep it), "
                   f"or pick another id.")


def question_id(qid: str) -> str | Refusal:
    """The key a team question is kept under (`team:<id>`), or why ``qid`` is not an id. The `team:`
    prefix may be typed or not: `daily remove`, `daily edit` and `daily add` all take it."""
    bare = bare_id(qid)
    if not _ID.match(bare):
        return Refusal(f"`{safe_text(bare, 40)}` is not a question id; use lower-case words with dashes.")
    return TEAM_PREFIX + bare


def _too_long(what: str, text: str, where: str, limit: int, advice: str) -> Refusal:
    return Refusal(f"{what} has {len(text):,} characters; {where} shows at most {limit:,} whole, so members "
                   f"would not see all of it. {advice}")


def checked(qid: str, question: str, reference: str) -> PoolQuestion | Refusal:
    """A team question as it is kept, or why it cannot be: a bad id, too short or too long a part, not English."""
    key, question, reference = question_id(qid), question.strip(), reference.strip()
    if isinstance(key, Refusal):
        return key
    if len(question) < 10:
        return Refusal("The question needs at least 10 characters.")
    if len(question) > MAX_QUESTION_CHARS:
        return _too_long("The question", question, "a daily post", MAX_QUESTION_CHARS,
                         "Shorten it (the detail can go in the reference answer, which the recap shows).")
    if reference and len(reference) < 20:  # none at all is fine: answers are graded against the guides
        return Refusal("The reference answer needs at least 20 characters, so the recap can teach something "
                       "(or leave it out, and answers are graded against the study guides).")
    if len(reference) > MAX_REFERENCE_CHARS:
        return _too_long("The reference answer", reference, "a recap", MAX_REFERENCE_CHARS,
                         "Keep it to the points a good answer covers.")
    foreign = [what for what, text in (("question", question), ("reference answer", reference))
               if text and not prepare(text).english]  # the grader's own test, so it reads them as it reads answers
    if foreign:
        return Refusal(f"Sorry, I can only grade in English, and this {' and its '.join(foreign)} "
                       f"{'read' if len(foreign) > 1 else 'reads'} as another language: answers would be "
                       "graded against text I cannot read, and even a right answer would earn nothing. "
                       "Please write the question and its reference answer in English.")
    return PoolQuestion(key, question, reference, source="team")


async def draw(redis, keys: Keys, channel: ChannelRef, pool: list[PoolQuestion], seed: str) -> PoolQuestion | None:
    """A question not asked in this channel since the pool last ran out.

    Only the replica holding the day's lease calls this, so the read-then-add
    needs no transaction. The seed makes a channel's choice reproducible.
    """
    if not pool:
        return None
    used_key = keys.used(channel.id)
    used = {m.decode() if isinstance(m, bytes) else m for m in await redis.smembers(used_key)}
    fresh = [q for q in pool if q.id not in used]
    if not fresh:
        await redis.delete(used_key)
        fresh = pool
    choice = random.Random(seed).choice(sorted(fresh, key=lambda q: q.id))
    await redis.sadd(used_key, choice.id)
    return choice
