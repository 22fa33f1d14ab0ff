"""The daily question as chat commands: `daily` and its settings, and the answers posted in a daily's thread."""
from __future__ import annotations

import asyncio
import shlex
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

from bot.community.points import MIN_SCORE, shown
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine import replies as r
from bot.engine.commands import DAILY_WITHOUT_A_CHANNEL
from bot.engine.events import Event
from bot.engine.interview import NO_TEXT, unreadable_notes
from bot.engine.render_text import plural
from bot.grading.feedback import Feedback
from bot.grading.scoring import OFF_TOPIC_NOTE
from bot.grading.text import NOT_KNOWING_NOTE
from bot.service.community_base import refusal_replies
from bot.service.daily_answer_words import EDITED_AFTER_CLOSE, EDITED_GRADED, after_points
from bot.service.daily_posts import post_trouble
from bot.service.team_question_commands import TeamQuestionCommands, team_list

DAILY_HELP = (
    "Daily question commands (admins change settings):\n"
    "  daily — this channel's settings and today's question\n"
    "  daily set time=09:00 tz=Europe/Berlin days=mon-fri topics=retrieval,tokenization level=mid close=17:00\n"
    "    (topics=team: only this channel's own questions, from `daily add`; close=none: recap with the next question)\n"
    "  daily on / daily off\n"
    "  daily add <id> | <question> | <reference answer> — a team question for this channel\n"
    "    (the two `|` separate the parts: a `|` in the question or the reference goes inside `backticks`;\n"
    "    the reference is optional: `daily add <id> | <question> |` grades answers against the study guides)\n"
    "  daily edit <id> | <question> | <reference answer> — change one; leave a part empty to keep it\n"
    "    (`daily edit <id> | | <reference answer>` changes only the reference; `daily edit <id>` shows it)\n"
    "  daily questions — this channel's team questions; daily remove <id> — take one out\n"
    "Answer a daily question in its thread; your grade and points come to you privately."
)
REFERENCE_IN_RECAP = "The team's reference answer is shown in the recap when the daily closes."
NO_POINT_MADE = (" Points need at least one point of the answer made, at least partly; this grade is all credit "
                 "for coming close.")
DAILY_NOT_IN_TERMINAL = DAILY_WITHOUT_A_CHANNEL  # one text: the engine says it for `daily <words>` there


class DailyCommands(TeamQuestionCommands):
    async def daily(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if event.key.user.platform == "console":
            return [r.Notice(DAILY_NOT_IN_TERMINAL, private=True)]
        channel = ChannelRef.of(event)
        words = rest.split(maxsplit=1)
        sub = words[0].lower() if words else ""
        tail = words[1] if len(words) > 1 else ""
        if sub in {"help", "?"}:
            return [r.Notice(DAILY_HELP, private=True)]
        if sub == "set":
            try:
                pairs = dict(p.split("=", 1) for p in shlex.split(tail) if "=" in p)
            except ValueError:
                pairs = {}
            if not pairs:
                return [r.Notice("Give at least one setting, e.g. `daily set time=09:00 tz=Europe/Berlin`.",
                                 tone="warning", private=True)]
            before = await self.community.open_daily(channel)
            result = await self.community.set_daily_settings(event, pairs)
            if isinstance(result, Refusal):
                return refusal_replies(result)
            after = await self.community.open_daily(channel)
            close_given = any(key.strip().lower() == "close" for key in pairs)
            follows = self._open_daily_follows(before, after, result, close_given)
            return [r.Notice(f"Daily question: {result.describe()}{follows}{await self._few_questions(channel)}",
                             private=True)]
        if sub == "on":
            refused = await self._nothing_to_ask(event)
            if refused:
                return refused
            result = await self.community.set_daily_settings(event, {"enabled": "yes"})
            return refusal_replies(result) or [r.Notice(f"Daily question is on: {result.describe()}"
                                                        f"{await self._few_questions(channel)}", private=True)]
        if sub == "off":
            result = await self.community.set_daily_settings(event, {"enabled": "no"})
            if isinstance(result, Refusal):
                return refusal_replies(result)
            return [r.Notice(f"Daily question paused: no new questions. "
                             f"{self._paused_open(await self.community.open_daily(channel), result)}"
                             f"Settings: {result.describe()}", private=True)]
        if sub in ("add", "edit"):
            return await self._team_question(event, sub, args, tail)
        if sub == "questions":
            listed = await self.community.team_questions(event)
            return refusal_replies(listed) if isinstance(listed, Refusal) else [r.Notice(team_list(listed), private=True)]
        if sub == "remove":
            return await self._remove_team_question(event, tail)
        if sub:
            return [r.Notice(DAILY_HELP, private=True)]
        settings = await self.community.show_settings(channel)
        text = (f"Daily question: {settings.describe()}" if settings else
                "No daily question is set up in this channel. An admin can start one with "
                "`daily set time=09:00 tz=UTC`.")
        record = await self.community.open_daily(channel)
        if record is not None:
            text += f"\n{self._open_daily_heading(record, settings)}: {record.question.text}"
        text += post_trouble(await self.community.post_failures.last(channel))
        return [r.Notice(text, private=True)]

    # Before the day's post, the open daily is still yesterday's (it closes with the next post):
    # "Today's" is said only of one posted on the channel's local date today.
    def _posted_today(self, record, settings) -> bool:
        zone = settings.zone if settings else timezone.utc
        return datetime.fromisoformat(record.posted_at).astimezone(zone).date() == self._now().astimezone(zone).date()

    def _until(self, record, settings) -> str:
        if not record.close_at:
            return "open until the next question is posted"
        zone = settings.zone if settings else timezone.utc
        close = datetime.fromisoformat(record.close_at).astimezone(zone)
        day = "" if close.date() == self._now().astimezone(zone).date() else f"{close.date().isoformat()} "
        return f"open until {day}{close:%H:%M} {zone}"

    def _open_daily_heading(self, record, settings) -> str:
        if self._posted_today(record, settings):
            return "Today's question"
        return f"Latest question ({safe_text(record.date, 30)}, {self._until(record, settings)})"

    def _open_daily_follows(self, before, after, settings, close_given: bool) -> str:
        """What a `daily set` did to the daily that is open now: a new close time (or zone) holds for it too."""
        if after is None or before is None or not (close_given or before.close_at != after.close_at):
            return ""
        which = ("today's question" if self._posted_today(after, settings)
                 else f"the open question of {safe_text(after.date, 30)}")
        return f". This applies to {which} too: it is {self._until(after, settings)}."

    def _paused_open(self, record, settings) -> str:
        if record is None:
            return ""
        which = "Today's question" if self._posted_today(record, settings) else "The open question"
        if record.close_at and datetime.fromisoformat(record.close_at) > self._now():
            return f"{which} stays {self._until(record, settings)}, its recap time; then its recap goes in its thread. "
        return f"{which} closes now and its recap goes in its thread. "

    async def is_daily_thread(self, event: Event) -> bool:
        return await self.community.daily_for_thread(ChannelRef.of(event), event.thread) is not None

    async def thread_answer(self, event: Event, edited: bool = False) -> list[r.Reply] | None:
        """Grade an answer posted in a daily question's thread; None if the thread is not a daily.
        ``edited``: an answer edited in place, graded as a new try (it counts only when better)."""
        channel = ChannelRef.of(event)
        record = await self.community.daily_for_thread(channel, event.thread)
        if record is None:
            return None
        if not event.text.strip():  # an image or a sticker in the thread: not an answer to count
            return [r.Notice(NO_TEXT, private=True)]
        question = record.question
        grader = self.coach.deps.grading
        if question.source == "bank" and question.id in self.coach.questions:
            feedback = await asyncio.to_thread(grader.grade, self.coach.questions[question.id], event.text)
        else:
            feedback = await asyncio.to_thread(grader.grader.grade, event.text, question=question.text,
                                               reference=question.reference)
        unreadable = unreadable_notes(feedback, event.text)
        if unreadable:  # not English, only emoji, or said to people: not an answer to count (nor a try to spend)
            return [r.Notice(" ".join(unreadable), private=True)]
        made_a_point = any(p.status != "missed" for p in feedback.points)
        result = await self.community.record_answer(channel, record.date, event.key.user, feedback.score,
                                                    self._now(), display_name=event.display_name,
                                                    made_a_point=made_a_point)
        if not record.closed:
            feedback = without_the_answer(feedback)
        replies: list[r.Reply] = [r.FeedbackReply(feedback, private=True)]
        edit = EDITED_GRADED if edited and not record.closed else ""
        if isinstance(result, Refusal):
            replies.append(r.Notice(EDITED_AFTER_CLOSE if edited and record.closed else edit + result.reason,
                                    private=True))
        else:
            why = NO_POINT_MADE if not made_a_point and shown(feedback.score) >= Decimal(str(MIN_SCORE)) else ""
            replies.append(r.Notice(f"{edit}{points_said(result)}{why}{after_points(result)}", private=True))
        return replies


def points_said(result) -> str:
    """What an answer counted for. A better retry adds only the difference to what its first try
    counted, so it says both: "+2 points (9 in all for this daily)", not "9 points" again."""
    points = result.points
    bonus = f"+{points.bonus} streak bonus" if points.bonus else ""
    if result.previous is None:
        return f"{plural(points.total, 'point')}{f' ({bonus})' if bonus else ''}."
    in_all = f"{points.total} in all for this daily" + (f", including a {bonus}" if bonus else "")
    change = result.points_added
    if not change:  # 8.4 after 7.6: a better grade, the same points (both round to 8)
        return f"It beats your {result.previous:.1f}, so it counts now, for the same points ({in_all})."
    return f"It beats your {result.previous:.1f}, so it counts now: {'+' if change > 0 else ''}{plural(change, 'point')} ({in_all})."


def without_the_answer(feedback: Feedback) -> Feedback:
    """Feedback on an answer to a daily that is still open: nothing in it gives the answer away.

    A team question's rubric points are its reference answer's own sentences, so a point's text,
    its hint ("Cover this point from the reference: ...") and a next step naming it would hand the
    reference to anyone who answers "idk", to paste back as a retry. Each point is named by its
    number instead; a covered point keeps the member's own words as evidence. A bank question's
    points describe what an answer covers, so they stay. Neither keeps the model answer: the recap
    shows it when the daily closes."""
    if feedback.rubric_source != "reference":
        return replace(feedback, model_answer=None)
    texts = [p.point for p in feedback.points] + [feedback.model_answer or ""]
    points = [replace(p, point=_numbered(n, p.status), hint="", citation=None)
              for n, p in enumerate(feedback.points, start=1)]
    step = feedback.next_step
    if any(text and text in step for text in texts):  # "Next time, cover this point: <a reference sentence>"
        step = REFERENCE_IN_RECAP
    notes = [_OPEN_DAILY_NOTES.get(n, n) for n in feedback.notes]
    return replace(feedback, points=points, next_step=step, model_answer=None, notes=notes)


# Notes that point at hints or missed points, which an open team daily does not show.
_OPEN_DAILY_NOTES = {
    OFF_TOPIC_NOTE: "This answer does not seem to address the question, so it earns no points yet. Re-read the "
                    "question and try again.",
    NOT_KNOWING_NOTE: "No worries — not knowing is part of practising. The team's reference answer is shown in the "
                      "recap when the daily closes.",
}


def _numbered(n: int, status: str) -> str:
    if status == "missed":
        return f"Point {n} of the team's reference — it is shown in the recap"
    return f"Point {n} of the team's reference" + (" (in part)" if status == "partial" else "")
