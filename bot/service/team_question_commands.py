"""A channel's own daily questions as chat commands: `daily add`, `daily edit`, `daily remove`, and the
rules that keep a daily with something to ask. Mixed into DailyCommands, which routes `daily <sub>` here."""
from __future__ import annotations

import re

from bot.community.community import admins_only
from bot.community.pool import (MAX_QUESTION_CHARS, MAX_REFERENCE_CHARS, TEAM_PREFIX, PoolQuestion, bare_id,
                                no_such_question, shown_id, unmatched)
from bot.community.refs import ChannelRef, Refusal, safe_text
from bot.engine import replies as r
from bot.engine.commands import ADD_USAGE, EDIT_USAGE, REMOVE_USAGE, mask_code, team_question_parts, team_text
from bot.engine.events import Event
from bot.engine.render_text import plural
from bot.service.community_base import CommunityPart, refusal_replies

class TeamQuestionCommands(CommunityPart):
    async def _team_question(self, event: Event, sub: str, args: dict, tail: str) -> list[r.Reply]:
        """`daily add` and `daily edit`, typed (`<id> | <question> | <reference>`) or from Discord's form
        (its fields in ``args``, whole: a `|` or a line break in them is theirs). Typed, the first two `|`
        outside backticks separate the parts; a third, or a second that reads as part of the text, is refused,
        nothing stored (see `_misplaced_bar`). A bare `team:` is no id: the usage."""
        if "question" in args or "reference" in args:
            parts = [args.get("id", "").strip(), team_text(args.get("question", "")), team_text(args.get("reference", ""))]
        else:
            parts = team_question_parts(tail)
            misplaced = _misplaced_bar(tail, parts, done="added" if sub == "add" else "changed")
            if misplaced:
                return [r.Notice(misplaced, tone="warning", private=True)]
        if sub == "edit" and len(parts) == 1 and bare_id(parts[0]) and " " not in parts[0]:
            return await self._show_team_question(event, parts[0])
        usage = ADD_USAGE if sub == "add" else EDIT_USAGE
        # a reference is optional: without one, answers are graded on the guides (the grader's retrieved rubric)
        if sub == "add" and len(parts) == 2 and all(parts):  # `daily add kv | question`: forgot, or meant none?
            return [r.Notice(f"{NO_REFERENCE_PART} {ADD_USAGE}", tone="warning", private=True)]
        if not bare_id(parts[0]) or (sub == "add" and (len(parts) != 3 or not all(parts[:2]))) or \
                (sub == "edit" and not any(parts[1:])):
            return [r.Notice(usage, tone="warning", private=True)]
        qid, question, reference = (parts + ["", ""])[:3]
        if sub == "add":
            result = await self.community.add_team_question(event, qid, question, reference)
            if isinstance(result, Refusal):
                return refusal_replies(result)
            return [r.Notice(f"Added team question `{shown_id(result.id)}` to this channel's daily pool.\n"
                             f"{_shown(result)}{await self._few_questions(ChannelRef.of(event))}", private=True)]
        if not event.is_admin:
            return refusal_replies(Refusal(admins_only(event.key.user.platform)))
        before = await self.community.scheduler.team.get(ChannelRef.of(event), qid)
        result = await self.community.scheduler.team.edit(ChannelRef.of(event), qid, question, reference)
        if isinstance(result, Refusal):
            return refusal_replies(result)
        before = before or result
        changed = [what for what, old, new in (("question", before.text, result.text),
                                               ("reference answer", before.reference, result.reference)) if old != new]
        shown = shown_id(result.id)
        if not changed:
            return [r.Notice(f"Team question `{shown}` already reads so; nothing changed.\n{_shown(result)}",
                             private=True)]
        open_now = await self.community.open_daily(ChannelRef.of(event))
        posted = ("\nIt is the open daily now, which keeps the version it was posted with (its recap too); "
                  "the change holds from the next time it is drawn."
                  if open_now is not None and open_now.question.id == result.id else "")
        return [r.Notice(f"Changed the {' and the '.join(changed)} of team question `{shown}`.\n"
                         f"{_shown(result)}{posted}", private=True)]

    async def team_question(self, event: Event, qid: str) -> PoolQuestion | None:
        """One of the channel's team questions, for an admin to change (Discord's edit form opens with it);
        None for anyone else, whom the reference would spoil, or when there is no such question."""
        if not event.is_admin:
            return None
        return await self.community.scheduler.team.get(ChannelRef.of(event), qid)

    async def _show_team_question(self, event: Event, qid: str) -> list[r.Reply]:
        """`daily edit <id>`: the question and its whole reference, to copy and change."""
        if not event.is_admin:  # it shows the reference, which members see only in the recap
            return refusal_replies(Refusal(admins_only(event.key.user.platform)))
        found = await self.team_question(event, qid)
        if found is None:
            return [r.Notice(no_such_question(qid), private=True)]
        shown = shown_id(found.id)
        return [r.Notice(f"Team question `{shown}`:\n{_whole(found.text)}\n"
                         f"Reference answer:\n{_whole(found.reference)}\n"
                         f"Change it with `daily edit {shown} | <question> | <reference answer>`; leave a part "
                         "empty to keep it.", private=True)]

    async def _remove_team_question(self, event: Event, tail: str) -> list[r.Reply]:
        if not bare_id(tail):  # `daily remove team:`
            return [r.Notice(REMOVE_USAGE, tone="warning", private=True)]
        qid = shown_id(tail)  # `kv` or `team:kv`: shown as `daily questions` lists it
        refused = await self._last_question(event, tail)
        if refused:
            return refused
        removed = await self.community.remove_team_question(event, tail)
        if isinstance(removed, Refusal):
            return refusal_replies(removed)
        return [r.Notice(f"Removed team question `{qid}`." if removed else no_such_question(qid), private=True)]

    async def _last_question(self, event: Event, qid: str) -> list[r.Reply] | None:
        """A refusal when ``qid`` is the last question the channel's daily (on) can ask: removed, the next
        posting day would have nothing to post. The admin adds another, changes this one, or sets other
        topics or pauses the daily first; a paused daily cannot be turned on without a question."""
        settings = await self.community.show_settings(ChannelRef.of(event))
        team = await self.community.team_questions(event)
        if settings is None or not settings.enabled or isinstance(team, Refusal):
            return None
        key = TEAM_PREFIX + bare_id(qid)
        rest = [q for q in team if q.id != key]
        if len(rest) == len(team) or unmatched(self._bank(), settings, rest) is None:
            return None
        shown = safe_text(key.removeprefix(TEAM_PREFIX), 40)
        return [r.Notice(f"`{shown}` is the last question this channel's daily can ask (topics: "
                         f"{safe_text(','.join(settings.topics), 80)}), so I kept it: without it the next daily "
                         f"would have nothing to post. Add another first (`daily add`), change this one "
                         f"(`daily edit {shown} | <question> | <reference answer>`), or draw from the question "
                         "bank (`daily set topics=all`) or pause the daily (`daily off`), then remove it.",
                         tone="warning", private=True)]

    async def _nothing_to_ask(self, event: Event) -> list[r.Reply] | None:
        """`daily on` for a channel whose topics match no question (its last team question was removed
        while it was paused): refused, saying what to do, instead of "No daily today" on its next day."""
        settings = await self.community.show_settings(ChannelRef.of(event))
        if settings is None or not event.is_admin:
            return None
        team = await self.community.scheduler.team.list(settings.channel)
        refusal = unmatched(self._bank(), settings, team, then="`daily on` again")
        return refusal_replies(refusal)

    async def _few_questions(self, channel: ChannelRef) -> str:
        """A note for `daily set`, `daily add` and `daily on` when the pool the daily draws from holds fewer
        questions than it posts in a week: they come back, after their recaps showed the reference, or "".
        No settings yet: the daily would draw from the whole bank, so nothing to say."""
        settings = await self.community.show_settings(channel)
        if settings is None:
            return ""
        count = len(await self.community.scheduler.pool(settings))
        days = len(settings.weekdays)
        if count >= days:
            return ""
        again = "the same one every posting day" if count == 1 else "each one again within a week"
        return (f"\nNote: this channel's daily draws from only {plural(count, 'question')} "
                f"(topics: {safe_text(','.join(settings.topics) or 'all', 80)}) and posts {days} days a week, so it "
                f"asks {again}, after its recap has shown the reference answer. Add more with `daily add <id> | "
                "<question> | <reference answer>` (the reference answer is optional), or widen the topics (e.g. `daily set topics=team,retrieval`). "
                "A question asked again earns nobody points a second time.")

    def _bank(self) -> list:
        return list(self.coach.questions.values())


_ADVICE = ("Put a `|` that belongs to the question or the reference answer in backticks (`P(A|B)`, "
           "`ps aux | grep py`), or a table or snippet in a ``` block, and send it again.")
# A typed `daily add`/`daily edit` with a third bare `|`: which one ends the question cannot be told
# (`What is P(A|B)? | <reference>` or `<question> | Use a|b`), so nothing is stored on a guess.
_EXTRA_BAR = ("I {done} nothing: this has more than two `|` outside backticks, and the first two separate "
              "`<id> | <question> | <reference answer>`, so I cannot tell where the question ends. " + _ADVICE)
# Two bare `|`, the second of the text: `daily edit kv | What is P(A|B)?` would store "What is P(A" and
# make "B)?" the reference, overwriting the real one.
_TEXT_BAR = ("I {done} nothing: the `|` in `{where}` {why}, so it reads as part of the text, but outside "
             "backticks it would end the question there and make the rest the reference answer. " + _ADVICE +
             " A `|` that separates the parts has a space on each side.")
_CLOSING = {"(": ")", "[": "]", "{": "}"}
# brackets that enclose nothing: a face (":(", ";-)")
_LONE_BRACKETS = re.compile(r"[:;]-?[()\[\]]")


def _misplaced_bar(tail: str, parts: list[str], done: str) -> str:
    """The refusal ("I {done} nothing: ...") for typed parts split at a bare `|` that is not a separator,
    or "". A third bare `|` is one: the reference, the last part, kept every `|` after the second, so it
    is split the same way (backticks still mask theirs). So is a second one of the text: touching a word on
    either side (`P(A|B)`, `cache |recompute`), or inside brackets (`P(A | B)`, `{x | x > 0}`; a face, ":(",
    opens nothing). The first ends the id, one word, so it may be
    written either way (`kv|...`)."""
    if len(parts) == 3 and len(team_question_parts(parts[2])) > 1:
        return _EXTRA_BAR.format(done=done)
    masked = mask_code(tail)  # as team_question_parts reads it
    bars = [i for i, ch in enumerate(masked) if ch == "|"]
    if len(bars) != 2:
        return ""
    first, bar = bars
    question, rest = masked[first + 1:bar], masked[bar + 1:]
    left, right = masked[bar - 1], rest[:1]  # `||` is an empty question, not a bar of the text
    question, rest = _LONE_BRACKETS.sub(" ", question), _LONE_BRACKETS.sub(" ", rest)
    if right and not (left.isspace() and right.isspace()) and "|" not in left + right:
        why = "has no space on either side" if not (left.isspace() or right.isspace()) else "touches a word"
    elif any(question.count(o) > question.count(c) and rest.count(c) > rest.count(o) for o, c in _CLOSING.items()):
        why = "is inside brackets"
    else:
        return ""
    return _TEXT_BAR.format(done=done, where=safe_text(_around(tail, bar).replace("`", ""), 40), why=why)


def _around(text: str, i: int) -> str:
    """The words either side of ``text[i]``, with it and the spaces between: `P(A|B)`, `P(A | B)`."""
    before, after = text[:i], text[i + 1:]
    start = len(before.rstrip()) - len((before.split() or [""])[-1])
    end = i + 1 + len(after) - len(after.lstrip()) + len((after.split() or [""])[0])
    return text[start:end]


def _line(line: str, limit: int) -> str:
    """One line of a team question echoed: its indentation (a snippet's) kept, the rest made safe."""
    text = line.lstrip()
    return line[:len(line) - len(text)] + safe_text(text, limit)


def _whole(text: str, limit: int = MAX_REFERENCE_CHARS) -> str:
    """A team question's text echoed whole, line by line (safe_text makes each line safe to echo)."""
    return "\n".join(_line(line, limit) for line in text.splitlines())


def _shown(question) -> str:
    """What an added or changed team question now says, so a part split in the wrong place shows at once:
    the question whole, as it was stored and will be posted (its line breaks too), and the reference's
    opening."""
    return (f"Question: {_whole(question.text, MAX_QUESTION_CHARS)}\n"
            f"Reference answer: {safe_text(' '.join(question.reference.split()), 200) or NO_REFERENCE}")


NO_REFERENCE_PART = ("I added nothing: this has an id and a question but no reference answer. To add it without "
                     "one (answers are then graded against the study guides), end it with ` |`; to add one, put it "
                     "after a second `|`.")
NO_REFERENCE = ("none. Answers are graded against the study guides' passages closest to the question (each "
                "member's feedback says so), which may miss what your team means; the recap says there was no "
                "reference. Add one any time with `daily edit <id> | | <reference answer>`.")


def team_list(questions: list) -> str:
    """An admin's view of the channel's own questions: id, question and the reference's opening."""
    if not questions:
        return ("This channel has no team questions yet. Add one with `daily add <id> | <question> | "
                "<reference answer>`; the reference answer is optional.")
    lines = [f"`{shown_id(q.id)}` {safe_text(q.text, 200)}\n"
             f"    reference: {safe_text(q.reference, 100) or 'none (graded against the guides)'}"
             for q in questions]
    return f"This channel's team questions ({len(questions)}):\n" + "\n".join(lines)
