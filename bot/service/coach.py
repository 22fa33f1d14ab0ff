"""The application service: one event in, replies out, state kept in Redis.

It routes an `Event` to the interview engine or to the profile and
community commands, and wraps every turn in the platform-agnostic rules:
each message id is handled once, an interview message is journaled before
it is handled and takes effect in the order it came (interview_turns.py),
and a store outage becomes a kind reply instead of a crash.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from bot.community.refs import safe_text
from bot.engine import replies as r
from bot.engine.misread_commands import MISREAD_COMMAND_WORDS, misread_command, usage_if_not_an_answer
from bot.engine.command_phrases import SIMPLE
from bot.engine.commands import parse_command
from bot.engine.context import Intent
from bot.engine.events import Event, EventKind
from bot.engine.render_text import defuse_mentions
from bot.engine.start_args import TOPICS, start_help, unreadable_start
from bot.service.answer_or_command import AnswerOrCommand
from bot.service.arrivals import Arrivals
from bot.service.interview_turns import DID_YOU_MEAN_NO_QUESTION, InterviewTurns, Journaled
from bot.store.errors import StoreError, StoreUnavailable, TurnBusy

log = logging.getLogger(__name__)

ENGINE_INTENTS = {"start": "start", "hint": "hint", "skip": "skip", "repeat": "repeat", "end": "end",
                  "answer": "model-answer"}
STORE_DOWN = ("I can't reach my memory store right now, so I did not take that in. "
              "Please send it again in a moment.")
BUSY = "I'm still grading your previous message. Give me a moment and send this one again."
INTERVIEW_IN_DM = ("`{word}` is about your mock interviews, which run in a direct message with me: say it "
                   "there (DM me `start` to begin one).")
ANSWERS_HERE = "Here, what you write is graded as your answer to the daily question."
# In a daily thread, a short message that starts with a command word but does not read as the command
# ("timezone UTC+5", "hint quantum") is a command gone wrong, not an answer: this says how to answer.
AN_ANSWER_IN_THE_THREAD = ("If that was your answer to the daily question, write it as a sentence and I'll grade it; "
                           "this spent no try.")
# about the person's interviews, kept under their DM: in a channel they would read (or write) another record
DM_ONLY = {"status", "history", "progress", "settings", "forget"}
NOT_A_DAILY_THREAD = ("In a channel I grade answers only in the daily question's thread. For a mock interview, "
                      "DM me `start`; `help` lists everything.")
THANKS_IN_DAILY_THREAD = ("You're welcome! Post your answer to the daily question here in its thread whenever you "
                          "like; only you see its grade, and a retry counts when it scores higher.")
# An adapter marks an edited message with these args: EDITED, and BEFORE (the text before, when known).
EDITED, BEFORE = "edited", "before"
# an adapter's way of putting one event's replies on the wire (see Coach.handle)
Deliver = Callable[[list[r.Reply]], Awaitable[object]]
OOPS = "Something went wrong on my side while handling that. Nothing you sent was lost; please try again."


@dataclass
class CoachDeps:
    pack: object  # bot.pack.loader.Pack
    grading: object  # bot.engine.context.Grading
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
        self.turns = InterviewTurns(self)
        self.reading = AnswerOrCommand(self)
        self.arrivals = Arrivals()

    # -- entry point -----------------------------------------------------------
    async def handle(self, event: Event, deliver: Deliver | None = None) -> list[r.Reply]:
        """The replies to one event. `deliver`, when given, puts them on the wire before the next
        message of the conversation is handled, so its replies never overtake these."""
        # A conversation's messages are handled one at a time, in the order they came: the place
        # in line is taken before anything is awaited, so even their journal entries keep that order.
        try:
            async with self.arrivals.turn(event.key, self.deps.store.sessions.wait_seconds):
                replies = await self._handle(event)
                if deliver is not None:  # still in the conversation's place: only its own messages wait
                    await deliver(replies)
                return replies
        except TurnBusy:  # the messages ahead of it took too long; nothing of it was claimed or kept
            replies = [r.Notice(BUSY, tone="warning", private=True)]
        if deliver is not None:
            await deliver(replies)
        return replies

    async def _handle(self, event: Event) -> list[r.Reply]:
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
        except Journaled as kept:
            return [r.Notice(kept.text, tone="warning", private=True)]
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
                return await self.turns.ask_about(event, command.args.get("word", ""), args)
            if command is None or (not event.thread and await self.reading.answer_in_an_interview(event, command)):
                return await self.interview(event, Intent("answer", text=event.text, args=args))
            name, args, rest = command.name, command.args, command.rest
        return await self._command(event, name, args, rest)

    async def _in_daily_thread(self, event: Event, command) -> list[r.Reply]:
        """In a daily question's thread, what people write is their answer. A whole-message command
        that is not about an interview ("streak", "leaderboard") is answered, to the asker alone; an
        interview command gets a pointer to the DM, where interviews run, and spends nothing; so does a
        short one gone wrong ("hint quantum"), with how to send it as an answer."""
        if command is None:
            usage = await self._gone_wrong_in_thread(event)
            if usage:
                return [r.Notice(defuse_mentions(f"{usage} {AN_ANSWER_IN_THE_THREAD}"), tone="warning",
                                 private=True)]
            return await self.community.thread_answer(event)
        if command.name == "thanks":  # the DM's reply would offer hint, skip and end, which do nothing here
            return [r.Notice(THANKS_IN_DAILY_THREAD, private=True)]
        if command.name in ENGINE_INTENTS or command.name in DM_ONLY:
            return [r.Notice(f"{_in_the_dm(command.name)} {ANSWERS_HERE}", private=True)]
        meant = command.args.get("word", "") if command.name == "did-you-mean" else ""
        if SIMPLE.get(meant, meant) in ENGINE_INTENTS or SIMPLE.get(meant, meant) in DM_ONLY:  # "hnit": not here
            return [r.Notice(f"Did you mean `{safe_text(meant, 20)}`? {_in_the_dm(meant)} {ANSWERS_HERE}",
                             private=True)]
        if await self.reading.answer_naming_no_group(event, command, await self.reading.daily_texts(event)):
            return await self.community.thread_answer(event)
        replies = await self._command(event, command.name, command.args, command.rest)
        return [replace(reply, private=True) for reply in replies]

    async def _gone_wrong_in_thread(self, event: Event) -> str:
        """What to do instead, for a short message in a daily thread that starts with a command word but
        does not read as the command: "timezone UTC+5", "group explode", "hint quantum"; "" for an answer.
        It is read as a DM interview reads it (misread_command), about the daily's question: "Skip
        connections" or "hint" with a word of the question is an answer."""
        if len(event.text.split()) > MISREAD_COMMAND_WORDS:
            return ""
        about = await self.reading.daily_texts(event)
        usage = usage_if_not_an_answer(event.text, about)
        if usage:
            return usage
        misread = misread_command(event.text, about)
        if misread is None:
            return ""
        if misread.command in ENGINE_INTENTS or misread.command in DM_ONLY:  # hints and skips: in the DM
            return _in_the_dm(misread.word)
        return misread.usage()  # "streak quantum": the command works here, without the words

    async def _edited(self, event: Event, before: str | None) -> list[r.Reply]:
        """An edited message. An edit of a daily answer in its thread is a new try under the retry rule
        (it counts only when it scores higher); an edit of anything else (a command, a word of thanks,
        a message outside a daily thread, a change to no text, e.g. a link preview) is not read."""
        if not event.thread or self.community is None or before == event.text:
            return []
        if before is not None and (not before.strip() or await self.reading.a_command_in_a_thread(event, before)):
            return []
        if not event.text.strip() or await self.reading.a_command_in_a_thread(event, event.text):
            return []
        if not await self.community.is_daily_thread(event):
            return []
        return await self.community.thread_answer(event, edited=True)

    async def _command(self, event: Event, name: str, args: dict, rest: str) -> list[r.Reply]:
        if name == "did-you-mean":  # "hnit" in a daily thread: neither graded nor acted on
            board = await self.turns.group_board(event)  # "leaderboard weeek" from a member of "weeek"
            if board:
                return board
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

    # -- the interview ---------------------------------------------------------
    async def interview(self, event: Event, intent: Intent) -> list[r.Reply]:
        return await self.turns.run(event, intent)

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


def _in_the_dm(word: str) -> str:
    return INTERVIEW_IN_DM.format(word=safe_text(word, 20))


INTERVIEW_HELP = (
    ("start [track] [level] [length] [topic]", "a mock interview; tracks: nlp, llm, ai, system-design, "
     "behavioral, mixed; levels: junior, mid, senior; length 1 to 10 questions; topics: "
     + ", ".join(TOPICS) + " (only questions on it)"),
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
