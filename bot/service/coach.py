"""The application service: one event in, replies out, state kept in Redis.

It routes an `Event` to the interview engine or to the profile and
community commands, and wraps every turn in the platform-agnostic rules:
each message id is handled once, an answer is journaled before it is
graded, and a store outage becomes a kind reply instead of a crash.
"""
from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, replace

from bot.community.refs import safe_text
from bot.engine import replies as r
from bot.engine.commands import parse_command
from bot.engine.context import Context, Intent
from bot.engine.events import Event, EventKind
from bot.engine.interview import step
from bot.engine.render_text import defuse_mentions
from bot.engine.selection import Profile
from bot.engine.session import Session
from bot.engine.start_args import start_help, unreadable_start
from bot.store.errors import StoreError, StoreUnavailable, TurnBusy
from bot.store.history import GradedAnswer
from bot.store.sessions import TurnWrites

log = logging.getLogger(__name__)

ENGINE_INTENTS = {"start": "start", "hint": "hint", "skip": "skip", "repeat": "repeat", "end": "end",
                  "answer": "model-answer"}
STORE_DOWN = ("I can't reach my memory store right now, so I did not take that in. "
              "Please send it again in a moment.")
KEPT_FOR_LATER = ("I saved your answer but could not grade it: my store went away mid-way. "
                  "Send `repeat` (or your next answer) in a moment and I will grade it first.")
LOST_ONE = "I could not grade an earlier answer of yours (\"{text}\"), so I let it go: send it again if it mattered."
BUSY = "I'm still grading your previous message. Give me a moment and send this one again."
INTERVIEW_IN_DM = ("`{word}` is about your mock interviews, which run in a direct message with me: say it "
                   "there (DM me `start` to begin one). Here, what you write is graded as your answer to the "
                   "daily question.")
# about the person's interviews, kept under their DM: in a channel they would read (or write) another record
DM_ONLY = {"status", "history", "progress", "settings", "forget"}
NOT_A_DAILY_THREAD = ("In a channel I grade answers only in the daily question's thread. For a mock interview, "
                      "DM me `start`; `help` lists everything.")
# the same text again this much later is the person re-sending an answer that got no reply; two
# identical messages closer together are two messages (both graded, as each was sent)
RESENT_AFTER_SECONDS = 5.0
THANKS_IN_DAILY_THREAD = ("You're welcome! Post your answer to the daily question here in its thread whenever you "
                          "like; only you see its grade, and a retry counts when it scores higher.")
DID_YOU_MEAN = ("Did you mean `{word}`? Say `{word}` if so; send your word again to have it graded as your "
                "answer. I did not take that as an answer, so nothing was graded and no try was spent.")
# with no question open (no interview, or a daily thread) the word sent again would meet the same question
DID_YOU_MEAN_NO_QUESTION = "Did you mean `{word}`? Say `{word}` if so."
# An adapter marks an edited message with these args: EDITED, and BEFORE (the text before, when known).
EDITED, BEFORE = "edited", "before"
OOPS = "Something went wrong on my side while handling that. Nothing you sent was lost; please try again."


@dataclass
class CoachDeps:
    pack: object  # bot.pack.loader.Pack
    grading: object  # bot.engine.interview.Grading
    store: object  # bot.store.repos.Store
    community: object | None = None  # bot.community.community.Community
    followups: object | None = None  # bot.service.followup_writer.FollowupWriter, with an LLM
    clock: object = time.time


class Coach:
    def __init__(self, deps: CoachDeps):
        self.deps = deps
        self.questions = {q.id: q for q in deps.pack.questions}
        self.sections = deps.pack.sections
        from bot.service.account import AccountCommands
        from bot.service.community_commands import CommunityCommands

        self.account = AccountCommands(self)
        self.community = CommunityCommands(self) if deps.community is not None else None

    # -- entry point -----------------------------------------------------------
    async def handle(self, event: Event) -> list[r.Reply]:
        store = self.deps.store
        platform = event.key.user.platform
        try:
            if event.message_id and not await store.claims.claim_message(platform, event.message_id):
                return []  # a redelivery of a message already handled
        except StoreError:
            return [r.Notice(STORE_DOWN, tone="error", private=True)]
        try:
            return await self._route(event)
        except StoreUnavailable:
            await self._release(event)
            return [r.Notice(STORE_DOWN, tone="error", private=True)]
        except TurnBusy:
            await self._release(event)
            return [r.Notice(BUSY, tone="warning", private=True)]
        except _Journaled:
            return [r.Notice(KEPT_FOR_LATER, tone="warning", private=True)]
        except Exception:  # the chat must never see a stack trace
            log.exception("event handling failed", extra={"platform": platform})
            await self._release(event)
            return [r.Notice(OOPS, tone="error", private=True)]

    async def _release(self, event: Event) -> None:
        if event.message_id:
            try:
                await self.deps.store.claims.release_claim(event.key.user.platform, event.message_id)
            except StoreError:
                pass

    async def _route(self, event: Event) -> list[r.Reply]:
        name, args, rest = event.name, dict(event.args), event.text
        if event.kind == EventKind.text and EDITED in args:
            return await self._edited(event, args.get(BEFORE))
        if event.kind == EventKind.text:
            command = parse_command(event.text)
            if event.thread and self.community is not None:
                if await self.community.is_daily_thread(event):
                    return await self._in_daily_thread(event, command)
                if command is None:  # "@coach what do you think?" in some thread: interviews run in the DM
                    return [r.Notice(NOT_A_DAILY_THREAD, private=True)]
            if command is not None and command.name == "did-you-mean" and not event.thread:
                return await self._did_you_mean(event, command.args.get("word", ""), args)
            if command is None:
                return await self.interview(event, Intent("answer", text=event.text, args=args))
            name, args, rest = command.name, command.args, command.rest
        return await self._command(event, name, args, rest)

    async def _in_daily_thread(self, event: Event, command) -> list[r.Reply]:
        """In a daily question's thread, what people write is their answer. A whole-message command
        that is not about an interview ("streak", "leaderboard") is answered, to the asker alone; an
        interview command gets a pointer to the DM, where interviews run, and spends nothing."""
        if command is None:
            return await self.community.thread_answer(event)
        if command.name == "thanks":  # the DM's reply would offer hint, skip and end, which do nothing here
            return [r.Notice(THANKS_IN_DAILY_THREAD, private=True)]
        if command.name in ENGINE_INTENTS or command.name in DM_ONLY:
            word = safe_text(command.name, 20)
            return [r.Notice(INTERVIEW_IN_DM.format(word=word), private=True)]
        replies = await self._command(event, command.name, command.args, command.rest)
        return [replace(reply, private=True) for reply in replies]

    async def _edited(self, event: Event, before: str | None) -> list[r.Reply]:
        """An edited message. An edit of a daily answer in its thread is a new try under the retry rule
        (it counts only when it scores higher); an edit of anything else (a command, a word of thanks,
        a message outside a daily thread, a change to no text, e.g. a link preview) is not read."""
        if not event.thread or self.community is None or before == event.text:
            return []
        if before is not None and (not before.strip() or parse_command(before) is not None):
            return []
        if not event.text.strip() or parse_command(event.text) is not None:
            return []
        if not await self.community.is_daily_thread(event):
            return []
        return await self.community.thread_answer(event, edited=True)

    async def _command(self, event: Event, name: str, args: dict, rest: str) -> list[r.Reply]:
        if name == "did-you-mean":  # "hnit" in a daily thread: neither graded nor acted on
            word = safe_text(args.get("word", ""), 20)
            return [r.Notice(DID_YOU_MEAN_NO_QUESTION.format(word=word), private=True)]
        if name in ENGINE_INTENTS:
            return await self.interview(event, Intent(ENGINE_INTENTS[name], args=args))
        handler = self.account.handlers().get(name)
        if handler is None and self.community is not None:
            handler = self.community.handlers().get(name)
        if handler is None:
            unread = unreadable_start(name)  # `/coach start nlp wizard` arrives as a name
            return [r.Notice(defuse_mentions(start_help(unread)), tone="warning", private=True)] if unread \
                else [self.help(event.key.user.platform, unknown=name)]
        return await handler(event, args, rest)

    async def _did_you_mean(self, event: Event, word: str, args: dict) -> list[r.Reply]:
        """"hnit" asks whether `hint` was meant and spends no try; the same words sent right after are
        the person's answer ("Stauts" twice), so they reach the interview. The asked-about words are
        kept in the session until its next step."""
        said = _said(event.text)
        raw = await self.deps.store.sessions.get(event.key)
        asked = Session.from_dict(raw) if raw else None
        if asked is not None and asked.turn is not None and asked.asked_about == said:
            return await self.interview(event, Intent("answer", text=event.text, args=args))
        word = safe_text(word, 20)

        async def turn(raw: dict | None):
            session = Session.from_dict(raw) if raw else None
            if session is None or session.turn is None:
                return raw, TurnWrites(), [r.Notice(DID_YOU_MEAN_NO_QUESTION.format(word=word), private=True)]
            session.asked_about = said
            return session.to_dict(), TurnWrites(), [r.Notice(DID_YOU_MEAN.format(word=word), private=True)]

        return await self.deps.store.sessions.run_turn(event.key, turn)

    # -- the interview ---------------------------------------------------------
    async def _profile(self, event: Event) -> tuple[Profile, dict[str, str]]:
        store, user = self.deps.store, event.key.user
        due, mastery, recent, prefs = await asyncio.gather(
            store.reviews.due_questions(user), store.history.mastery(user),
            store.history.history(user, 30), store.prefs.get(user))
        profile = Profile(due=tuple(due), mastery={t: m.score for t, m in mastery.items()},
                          recent=tuple(a.question_id for a in recent))
        return profile, prefs

    async def interview(self, event: Event, intent: Intent) -> list[r.Reply]:
        store, user = self.deps.store, event.key.user
        profile, prefs = (await self._profile(event)) if intent.name == "start" else (Profile(), {})
        entry = ""
        if intent.name == "answer":
            entry = await store.journal.record_incoming(event.key, intent.text, event.message_id)

        async def turn(raw: dict | None):
            session = Session.from_dict(raw) if raw else None
            ctx = Context(questions=self.questions, grading=self.deps.grading, sections=self.sections,
                          profile=profile, prefs=prefs, rng=random.Random(f"{user.id}:{self.deps.clock()}"),
                          now=self.deps.clock(), private=False, followups=self.deps.followups)
            earlier, ours_pending = await self._unfinished(event, entry)
            if entry and not ours_pending:  # a turn that ran first took this answer in, and replied to it
                return raw, TurnWrites(), []
            finished, replies, done = [], [], [entry] if entry else []
            for item in earlier:  # answers kept but never graded go first, in the order they came
                done.append(item.id)
                if item.text == intent.text and _seconds_between(item.id, entry) >= RESENT_AFTER_SECONDS:
                    continue  # the person sent it again after it went unanswered: grade it once, as this
                if session is None or session.turn is None:
                    continue  # its interview is over (ended, or expired): nothing left to grade it against
                try:
                    outcome = await asyncio.to_thread(step, session, Intent("answer", text=item.text), ctx)
                except Exception:  # noqa: BLE001 - one answer that breaks grading must not block every later one
                    log.exception("a kept answer could not be graded; it is dropped")
                    replies.append(r.Notice(LOST_ONE.format(text=safe_text(item.text, 80)), tone="warning",
                                            private=True))
                    continue
                session, finished, replies = outcome.session, finished + outcome.finished, replies + outcome.replies
            # Grading is CPU work: keep it off the event loop so other chats stay responsive. Every
            # other step is a few dict operations; a thread hop would queue it behind the graders.
            outcome = (await asyncio.to_thread(step, session, intent, ctx) if intent.name == "answer"
                       else step(session, intent, ctx))
            if outcome.session is not None:  # a "Did you mean" holds for the next message only
                outcome.session.asked_about = ""
            writes = TurnWrites(answers=[self._graded(result, q) for result, q in finished + outcome.finished],
                                journal_done=done)
            return (outcome.session.to_dict() if outcome.session else None), writes, replies + outcome.replies

        try:
            return await store.sessions.run_turn(event.key, turn)
        except TurnBusy:
            if entry:  # the person is told to send it again: it must not also be graded later
                await store.journal.mark_done(user, entry)
            raise
        except StoreUnavailable:
            if entry:
                raise _Journaled() from None
            raise

    async def _unfinished(self, event: Event, entry: str) -> tuple[list, bool]:
        """Answers of this conversation journaled before `entry` and never graded (the store went away
        mid-turn, or the process died), oldest first; and whether `entry` itself still waits.

        Read under the conversation's turn lock: an answer whose turn is still running holds that
        lock, so whatever is pending here is truly orphaned, not in flight."""
        pending = [item for item in await self.deps.store.journal.pending(event.key.user) if item.key == event.key]
        if not entry:
            return pending, False
        before = [item for item in pending if _stream_order(item.id) < _stream_order(entry)]
        return before, any(item.id == entry for item in pending)

    @staticmethod
    def _graded(result, question) -> GradedAnswer:
        return GradedAnswer(question_id=result.question_id, topic=result.topic,
                            score=float(result.score or 0.0),
                            feedback={"question": question.question, "followups": result.followups,
                                      "covered": result.covered, "missed": result.missed,
                                      "skipped": result.skipped})

    # -- help ------------------------------------------------------------------
    def help(self, platform: str, unknown: str = "") -> r.HelpReply:
        """What can be typed to the coach on this platform. On Discord, points, streaks, groups and
        the daily belong to a server and are slash commands there, which the Discord help lists."""
        intro = (f"I don't know `{unknown}`. " if unknown else "") + (
            "I run mock NLP / LLM / AI-engineer interviews and grade your answers against a rubric.")
        commands = INTERVIEW_HELP if platform == "discord" else INTERVIEW_HELP + COMMUNITY_HELP
        if platform == "console":  # no channel to post a daily in
            commands = tuple(DAILY_ELSEWHERE if usage == "daily ..." else (usage, what) for usage, what in commands)
        return r.HelpReply(intro, commands, private=True)


INTERVIEW_HELP = (
    ("start [track] [level] [length]", "a mock interview; tracks: nlp, llm, ai, system-design, "
     "behavioral, mixed; levels: junior, mid, senior; length 1 to 10 questions"),
    ("hint / skip / repeat / end", "during an interview"),
    ("answer", "show the model answer and move on"),
    ("status / history / progress", "where you are, past answers, a chart of your scores"),
    ("settings [track] [level] [length]", "your defaults for `start`"),
    ("forget me", "delete everything I keep about you"),
)
COMMUNITY_HELP = (
    ("leaderboard [week|all|improved] [group] / streak", "study-group boards and your streak"),
    ("timezone NAME", "the time zone your streak days are counted in, e.g. `timezone Europe/Berlin`"),
    ("group create|join|leave NAME / groups", "named study groups"),
    ("daily ...", "the daily question (admins set it up: `daily help`)"),
)
DAILY_ELSEWHERE = ("daily", "the daily question runs in a Slack or Discord channel, not in the terminal")


def _said(text: str) -> str:
    """A message as compared with the one a "Did you mean" asked about: case and spacing aside."""
    return " ".join(text.lower().split())


def _stream_order(entry_id: str) -> tuple[int, ...]:
    """A Redis stream id ("1700000000000-3") as something that sorts in the order entries were added."""
    return tuple(int(part) for part in entry_id.split("-"))


def _seconds_between(earlier: str, later: str) -> float:
    return (_stream_order(later)[0] - _stream_order(earlier)[0]) / 1000 if later else 0.0


class _Journaled(Exception):
    """The answer is in the journal but the turn could not be committed."""
