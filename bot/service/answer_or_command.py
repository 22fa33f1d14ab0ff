"""Whether a short message that reads as a command is an answer after all, where one may be (a daily
question's thread, an interview's open question): "leaderboard contamination" names a term of the field,
not a study group that is not there, and is graded rather than lost. The words that make a short message
an answer are the bank's texts and the question being asked (misread_commands.words_of_an_answer)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.community.refs import ChannelRef
from bot.engine.commands import Command, parse_command
from bot.engine.events import Event
from bot.engine.misread_commands import question_texts, words_of_an_answer
from bot.engine.session import Session


class AnswerOrCommand:
    def __init__(self, coach) -> None:  # bot.service.coach.Coach
        self.coach = coach

    async def answer_naming_no_group(self, event: Event, command: Command, about: Iterable[str]) -> bool:
        """"leaderboard contamination" where no study group is called "contamination": a short answer naming a
        term of the field (words_of_an_answer), not the board of a group that is not there, which would lose
        it. A group named with `group` ("leaderboard group contamination") is asked for all the same."""
        group = command.args.get("group", "")
        if command.name != "leaderboard" or not group or "group" in event.text.lower().split():
            return False
        if not words_of_an_answer(group.split(), about):
            return False
        community = self.coach.deps.community
        return community is None or await community.groups.find(event.key.user, group) is None

    async def a_command_in_a_thread(self, event: Event, text: str) -> bool:
        """Whether `text` in a daily thread is read as a command, as Coach._in_daily_thread reads it: an edit of
        an answer like "leaderboard contamination" is a new try, as any answer's edit is."""
        command = parse_command(text)
        if command is None:
            return False
        if command.name != "leaderboard" or not command.args.get("group"):
            return True
        return not await self.answer_naming_no_group(replace(event, text=text), command,
                                                     await self.daily_texts(event))

    async def answer_in_an_interview(self, event: Event, command: Command) -> bool:
        """A command that is an answer to the interview's open question: "leaderboard contamination" as above,
        about the question asked and every bank question's texts, as misread_command reads "hint <a term>"."""
        if command.name != "leaderboard" or not command.args.get("group"):
            return False
        raw = await self.coach.deps.store.sessions.get(event.key)
        session = Session.from_dict(raw) if raw else None
        if session is None or session.turn is None:
            return False
        return await self.answer_naming_no_group(event, command, [session.turn.followup_text or "",
                                                                  *self.bank_texts()])

    def bank_texts(self) -> list[str]:
        """Every bank question's texts: their words make a short message an answer ("stop sequences" and
        "history truncation" are terms of the field), in a DM interview and a daily thread alike."""
        return [text for q in self.coach.questions.values() for text in question_texts(q)]

    async def daily_texts(self, event: Event) -> list[str]:
        """The words that make a short message in a daily thread an answer, as in a DM interview: every bank
        question's texts, and a team question's own question and reference answer."""
        record = await self.coach.deps.community.daily_for_thread(ChannelRef.of(event), event.thread)
        asked = record.question if record is not None else None
        extra = [asked.text, asked.reference] if asked is not None and asked.source != "bank" else []
        return self.bank_texts() + extra
