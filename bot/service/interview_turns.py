"""An interview message's turn: journaled first, then taken in the order the messages came.

Every message that acts on an interview (an answer; start, hint, skip, repeat, end, answer;
a word asked about with "Did you mean") is appended to the person's journal before anything
else, so the journal's order is the order they came in. A turn runs under the conversation's
lock, takes every entry of its conversation journaled up to and including its own, oldest
first, and commits the session, the grades and the entries' removal in one transaction:

- an entry journaled before ours whose own turn has not run (another process won the lock,
  the process died, the store went away mid-turn) takes effect first, and its replies go out
  with ours; when its own turn comes, it finds nothing left to do. Within one process this is
  rare: the coach hands a conversation's messages in one at a time (bot.service.arrivals);
- entries journaled after ours are left to their own turns: a `skip` never acts on an answer
  sent after it, and that answer is graded against the question the skip moved to.

So a crash or an outage loses no answer, and "answer, skip, answer" sent in quick succession
is an answer to question 1, a skip of its second try, and an answer to question 2.
"""
from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import replace
from functools import partial

from bot.community.refs import safe_text
from bot.engine import replies as r
from bot.engine.command_typos import slipped_board
from bot.engine.commands import NEEDS_A_CHANNEL
from bot.engine.context import Context, Intent, Outcome
from bot.engine.events import Event
from bot.engine.first_word import first_word
from bot.engine.interview import step
from bot.engine.leaderboard_args import leaderboard_args
from bot.engine.selection import Profile
from bot.engine.session import Session
from bot.store.errors import StoreError, StoreUnavailable, TurnBusy
from bot.store.history import GradedAnswer
from bot.store.journal import JournalEntry
from bot.store.sessions import TurnWrites

log = logging.getLogger(__name__)

KEPT_FOR_LATER = ("I saved your answer but could not grade it: my store went away mid-way. "
                  "Send `repeat` (or your next answer) in a moment and I will grade it first.")
KEPT_COMMAND = ("I noted your `{word}` but my store went away before I could act on it. It takes effect "
                "when you send your next message (`repeat` will do), so there is no need to send it again.")
LOST_ONE = "I could not grade an earlier answer of yours (\"{text}\"), so I let it go: send it again if it mattered."
DID_YOU_MEAN = ("Did you mean `{word}`? Say `{word}` if so; send your {sent} again to have it graded as your "
                "answer. I did not take that as an answer, so nothing was graded and no try was spent.")
# with no question open (no interview, or a daily thread) the word sent again would meet the same question
DID_YOU_MEAN_NO_QUESTION = "Did you mean `{word}`? Say `{word}` if so."
# In the terminal a slip toward a command that needs a channel ("strak", "leaderbord") says there is none,
# as that command would, instead of offering it (NEEDS_A_CHANNEL; "strak quantum" says the same).
DID_YOU_MEAN_NONE_HERE = "Did you mean `{word}`? {none_here}"
ANSWER_AGAIN = (" Send your {sent} again to have it graded as your answer: I did not take that as an answer, so "
                "nothing was graded and no try was spent.")
ASK_ABOUT = "did-you-mean"  # the intent of a word that may be a mistyped command; args[ASK_ABOUT] is the command
# the same text again this much later is the person re-sending an answer that got no reply; two
# identical messages closer together are two messages (both graded, as each was sent)
RESENT_AFTER_SECONDS = 5.0
SAID_AS = {"model-answer": "answer"}  # an intent as the person typed it


class Journaled(Exception):
    """The message is in the journal but its turn could not be committed; `text` tells the person."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class InterviewTurns:
    def __init__(self, coach) -> None:  # bot.service.coach.Coach
        self.coach = coach

    async def run(self, event: Event, intent: Intent, keep: bool | None = None) -> list[r.Reply]:
        """Journal the message, then take it (and whatever came before it) in order. `keep`: when the
        store goes away mid-turn, the message stays journaled for the next one (an answer's default)."""
        keep = intent.name == "answer" if keep is None else keep
        store, user = self.coach.deps.store, event.key.user
        entry = await store.journal.record_incoming(event.key, intent.text, event.message_id, intent.name,
                                                    intent.args)
        try:
            return await store.sessions.run_turn(event.key, partial(self._turn, event, entry))
        except TurnBusy:
            # the person is told to send it again: it must not also take effect later
            if not await store.journal.mark_done(user, entry):
                return []  # a turn of a later message took it in after all, and replied to it
            raise
        except StoreUnavailable:
            if keep:  # never lost: graded first thing on the next message
                raise Journaled(KEPT_FOR_LATER) from None
            try:  # a command the person is asked to send again must not act twice
                await store.journal.mark_done(user, entry)
            except StoreError:
                word = SAID_AS.get(intent.name, intent.name)
                raise Journaled(KEPT_COMMAND.format(word=safe_text(word, 20))) from None
            raise
        except Exception:
            if not keep:  # "please try again" (an answer is kept and graded next time)
                try:
                    await store.journal.mark_done(user, entry)
                except StoreError:
                    pass
            raise

    async def ask_about(self, event: Event, word: str, args: dict) -> list[r.Reply]:
        """"hnit": asks whether `hint` was meant and spends no try; the same words sent right after
        are the person's answer ("Stauts" twice). Which it is, is decided in turn, after the messages
        before it; when the session already asked about these words, an outage keeps them as the
        answer they most likely are. A study group of the slipped word's name gets its board instead."""
        board = await self.group_board(event)
        if board:
            return board
        raw = await self.coach.deps.store.sessions.get(event.key)
        asked = Session.from_dict(raw) if raw else None
        answer = asked is not None and asked.turn is not None and asked.asked_about == said(event.text)
        return await self.run(event, Intent(ASK_ABOUT, text=event.text, args={**args, ASK_ABOUT: word}), answer)

    async def group_board(self, event: Event) -> list[r.Reply]:
        """"leaderboard weeek" from someone with a study group called "weeek": that group's board, which is
        what they asked for; [] when they have none of that name (the board's word was slipped) or it is no
        slipped board word. Asked in a DM (ask_about) and in a thread (Coach._command) alike."""
        community = self.coach.community
        if community is None or not slipped_board(event.text):
            return []
        args = leaderboard_args(event.text.split(maxsplit=1)[1])
        group = (args or {}).get("group", "")
        if not group or await community.community.groups.find(event.key.user, group) is None:
            return []
        return await community.handlers()["leaderboard"](event, args, "")

    async def _turn(self, event: Event, entry: str, raw: dict | None):
        deps = self.coach.deps
        pending = [item for item in await deps.store.journal.pending(event.key.user) if item.key == event.key]
        ours = next((item for item in pending if item.id == entry), None)
        if ours is None:  # a turn that ran first took this message in, and replied to it
            return raw, TurnWrites(), []
        earlier = [item for item in pending if _stream_order(item.id) < _stream_order(entry)]
        session = Session.from_dict(raw) if raw else None
        ctx = Context(questions=self.coach.questions, grading=deps.grading, sections=self.coach.sections,
                      rng=random.Random(f"{event.key.user.id}:{deps.clock()}"), now=deps.clock(),
                      private=False, followups=deps.followups, channels=event.key.user.platform != "console")
        finished, replies, done = [], [], []
        for item in earlier:  # sent before ours and not yet taken in: they go first, in the order they came
            done.append(item.id)
            if item.intent == "answer":
                if ours.intent == "answer" and item.text == ours.text \
                        and _seconds_between(item.id, entry) >= RESENT_AFTER_SECONDS:
                    continue  # the person sent it again after it went unanswered: grade it once, as ours
                if session is None or session.turn is None:
                    continue  # its interview is over (ended, or expired): nothing left to grade it against
            try:
                outcome = await self._take(session, item, ctx, event)
            except Exception:  # noqa: BLE001 - one message that breaks its step must not block every later one
                log.exception("a kept message could not be handled; it is dropped")
                if item.intent == "answer":
                    replies.append(r.Notice(LOST_ONE.format(text=safe_text(item.text, 80)), tone="warning",
                                            private=True))
                continue
            session, finished, replies = outcome.session, finished + outcome.finished, replies + outcome.replies
        outcome = await self._take(session, ours, ctx, event)
        done.append(entry)
        writes = TurnWrites(answers=[graded(result, q) for result, q in finished + outcome.finished],
                            journal_done=done)
        session = outcome.session
        return (session.to_dict() if session else None), writes, replies + outcome.replies

    async def _take(self, session: Session | None, item: JournalEntry, ctx: Context, event: Event) -> Outcome:
        """One journaled message's step on the session."""
        intent = Intent(item.intent, text=item.text, args=dict(item.args))
        if intent.name == ASK_ABOUT:
            word = safe_text(intent.args.pop(ASK_ABOUT, ""), 20)
            none_here = "" if ctx.channels else NEEDS_A_CHANNEL.get(first_word(word), "")
            if session is None or session.turn is None:
                text = DID_YOU_MEAN_NONE_HERE if none_here else DID_YOU_MEAN_NO_QUESTION
                return Outcome(session, [r.Notice(text.format(word=word, none_here=none_here), private=True)])
            if session.asked_about != said(item.text):  # the answer if it comes again, next
                session.asked_about = said(item.text)
                sent = "word" if len(item.text.split()) == 1 else "message"  # "leaderbord all": two words
                text = DID_YOU_MEAN_NONE_HERE + ANSWER_AGAIN if none_here else DID_YOU_MEAN
                return Outcome(session, [r.Notice(text.format(word=word, none_here=none_here, sent=sent),
                                                  private=True)])
            intent = Intent("answer", text=item.text, args=intent.args)
        if intent.name == "start":
            profile, prefs = await self._profile(event)
            ctx = replace(ctx, profile=profile, prefs=prefs)
        # Grading is CPU work: keep it off the event loop so other chats stay responsive. Every
        # other step is a few dict operations; a thread hop would queue it behind the graders.
        outcome = (await asyncio.to_thread(step, session, intent, ctx) if intent.name == "answer"
                   else step(session, intent, ctx))
        if outcome.session is not None:  # a "Did you mean" holds for the next message only
            outcome.session.asked_about = ""
        return outcome

    async def _profile(self, event: Event) -> tuple[Profile, dict[str, str]]:
        store, user = self.coach.deps.store, event.key.user
        due, mastery, recent, prefs = await asyncio.gather(
            store.reviews.due_questions(user), store.history.mastery(user),
            store.history.history(user, 30), store.prefs.get(user))
        profile = Profile(due=tuple(due), mastery={t: m.score for t, m in mastery.items()},
                          recent=tuple(a.question_id for a in recent))
        return profile, prefs


def graded(result, question) -> GradedAnswer:
    return GradedAnswer(question_id=result.question_id, topic=result.topic,
                        score=float(result.score or 0.0),
                        feedback={"question": question.question, "followups": result.followups,
                                  "covered": result.covered, "missed": result.missed,
                                  "skipped": result.skipped})


def said(text: str) -> str:
    """A message as compared with the one a "Did you mean" asked about: case and spacing aside."""
    return " ".join(text.lower().split())


def _stream_order(entry_id: str) -> tuple[int, ...]:
    """A Redis stream id ("1700000000000-3") as something that sorts in the order entries were added."""
    return tuple(int(part) for part in entry_id.split("-"))


def _seconds_between(earlier: str, later: str) -> float:
    return (_stream_order(later)[0] - _stream_order(earlier)[0]) / 1000
