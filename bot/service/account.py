"""The user's own commands: status, history, progress, settings, forget me."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.community.progress_chart import chart_filename
from bot.engine import replies as r
from bot.engine.start_args import MAX_LENGTH, topic_name
from bot.engine.interview import LEVELS, TRACKS
from bot.engine.events import Event
from bot.engine.session import NO_INTERVIEW, Session
from bot.engine.render_text import defuse_mentions


class AccountCommands:
    def __init__(self, coach):
        self.coach = coach
        self.store = coach.deps.store

    def handlers(self):
        return {"status": self.status, "history": self.history, "progress": self.progress,
                "settings": self.settings, "forget": self.forget, "help": self.help, "thanks": self.thanks}

    async def thanks(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        """With a question open, how to go on; after an interview's summary, how to start another (QA: thanks
        after the summary was told to answer the question, or say `hint`, `skip` or `end`)."""
        raw = await self.store.sessions.get(event.key)
        if not raw or Session.from_dict(raw).turn is None:
            return [r.Notice("You're welcome! Say `start` whenever you want another interview.", private=True)]
        return [r.Notice("You're welcome! When you're ready, answer the question, or say `hint`, `skip` or `end`.",
                         private=True)]

    async def help(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        return [self.coach.help(event.key.user.platform)]

    async def status(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        raw = await self.store.sessions.get(event.key)
        if not raw:
            return [r.StatusReply(False, NO_INTERVIEW, private=True)]
        session = Session.from_dict(raw)
        done = len(session.results)
        skipped = sum(x.score is None for x in session.results)
        # as the summary counts it: a question skipped before any answer scores 0
        avg = (f", average so far {sum(x.score or 0.0 for x in session.results) / done:.1f}/10"
               if done else "")  # all skipped: 0.0, as the summary's Overall says
        done_text = f"{done} done" + (f", {skipped} of them skipped" if skipped else "")
        on = f", on {session.topic}" if session.topic else ""
        text = (f"Interview in progress: {session.track} track, {session.level} level{on}. "
                f"Question {session.number} of {session.length} ({done_text}{avg}). "
                "Say `repeat` to see the current question again.")
        return [r.StatusReply(True, text, private=True)]

    async def history(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        records = await self.store.history.history(event.key.user, 10)
        # a question is saved to history when it finishes; until then its graded tries live in the
        # session, so they are listed from there (and only from there: no row is shown twice)
        raw = await self.store.sessions.get(event.key)
        session = Session.from_dict(raw) if raw else None
        running = session is not None
        current = self._current_tries(session) if running and session.turn is not None else ()
        if not records and not current:
            text = (f"No finished questions in your history yet. {CURRENT_ADDED_LATER}" if running
                    else "No graded answers yet. Say `start` for a mock interview.")
            return [r.Notice(text, private=True)]
        rows = current + tuple((a.at.astimezone(timezone.utc).strftime("%Y-%m-%d"), topic_name(a.topic),
                                "skipped" if a.feedback.get("skipped") else f"{a.score:.1f}",
                                _clip(a.feedback.get("question", a.question_id), 70)) for a in records)
        footer = CURRENT_TRIES if current else CURRENT_ADDED_LATER if running else ""
        return [r.TableReply("Your last answers", ("date", "topic", "score", "question"), rows,
                             footer=footer, private=True)]

    def _current_tries(self, session: Session) -> tuple[tuple[str, ...], ...]:
        """The graded tries at the question being asked, newest first, marked as the current question's."""
        turn = session.turn
        question = self.coach.questions.get(turn.question_id)
        topic = topic_name(question.topic) if question is not None else ""
        today = now_utc().strftime("%Y-%m-%d")
        rows, followups = [], 0
        for attempt in turn.attempts:
            if attempt.stage == "followup":
                followups += 1
                where = f"follow-up {followups}"
            else:
                where = "second try" if attempt.stage == "retry" else ""
            mark = f"(now, {where})" if where else "(now)"
            rows.append((today, topic, f"{attempt.score:.1f}", _clip(f"{mark} {attempt.prompt}", 70)))
        return tuple(reversed(rows))

    async def progress(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        user = event.key.user
        records = await self.store.history.history(user, 200)
        mastery = by_name(await self.store.history.mastery(user))
        if not records:
            return [r.Notice("No graded answers yet, so there is nothing to chart. Say `start`!", private=True)]
        rows = tuple((topic, f"{score:.1f}", str(count)) for topic, (score, count) in sorted(mastery.items(),
                                                                                           key=lambda x: x[1][0]))
        table = r.TableReply("Mastery by topic (weakest first; a moving average, your latest answers weigh most)",
                             ("topic", "score", "answers"), rows,
                             footer=_answers_in_all(records), private=True)
        community = self.coach.deps.community
        if community is None:
            return [table]
        points = [{"ts": a.at.timestamp(), "score": a.score, "topic": topic_name(a.topic)} for a in reversed(records)]
        png = await community.progress_chart(points, mastery)
        return [table, r.ImageReply("Your scores over time and mastery per topic.", png,
                                    filename=chart_filename(user), private=True)]

    async def settings(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        user = event.key.user
        if "topic" in args:  # a focus for one interview, not a default: `start rag`
            return [r.Notice(f"A topic is for one interview: say `start {args['topic']}`. Settings keep your "
                             "track, level and length.", tone="warning", private=True)]
        args = {k: v for k, v in args.items() if k in {"track", "level", "length"}}
        if "length" in args:
            if not str(args["length"]).strip().isdigit():
                return [r.Notice(f"The length is a number of questions, 1 to {MAX_LENGTH} (3, 5 or 8 are the usual).",
                                 tone="warning", private=True)]
            args["length"] = str(max(1, min(MAX_LENGTH, int(args["length"]))))  # as `start` reads it
        if args.get("level", "junior") not in LEVELS or args.get("track", "mixed") not in TRACKS:
            return [r.Notice("Tracks: " + ", ".join(sorted(TRACKS)) + "; levels: " + ", ".join(LEVELS) + ".",
                             tone="warning", private=True)]
        if args:
            prefs = await self.store.prefs.set(user, args)
            prefix = "Saved. "
        else:
            prefs = await self.store.prefs.get(user)
            prefix = ""
        rows = tuple((k, prefs.get(k, default)) for k, default in (("track", "mixed"), ("level", "mid"), ("length", "5")))
        footer = "Change with e.g. `settings llm senior 8`."
        if args and await self.store.sessions.get(event.key):  # QA: a saved default read as changing this interview
            footer = f"{RUNNING_UNCHANGED} {footer}"
        return [r.TableReply(f"{prefix}Your interview defaults", ("setting", "value"), rows,
                             footer=footer, private=True)]

    async def forget(self, event: Event, args: dict, rest: str) -> list[r.Reply]:
        if args.get("ask"):  # the bare word: this cannot be undone, so it asks first
            return [r.Notice(FORGET_ASK, tone="warning", private=True)]
        user = event.key.user
        deleted = await self.store.forgetter.forget_user(user)  # community data goes through its hook
        if not deleted:
            return [r.Notice("I had nothing stored about you. Nothing to delete.", private=True)]
        kinds = sorted(set(deleted))
        return [r.Notice(f"Done: I deleted everything I kept about you: {', '.join(kinds)}.", private=True)]


RUNNING_UNCHANGED = ("The interview in progress keeps its track, level and length; these defaults apply from your "
                     "next `start`.")
CURRENT_TRIES = ("(now): your graded tries at the question you are on; the question's grade is added "
                 "when it finishes. `status` shows where you are in the interview.")
CURRENT_ADDED_LATER = ("Your current interview's answers are added as each question finishes; `status` shows "
                       "where you are in it.")
FORGET_ASK = ("`forget me` deletes everything I keep about you: a running interview, your answer history, "
              "scores, review schedule, progress chart, streak, points and study groups. It cannot be undone. Say `forget me` "
              "to go ahead.")


def by_name(mastery: dict) -> dict[str, tuple[float, int]]:
    """Mastery per topic as `start` names it ("retrieval" -> "rag"), as (score, answers): the slugs of one
    name ("faq" and "roles" are `career`) make one topic, their scores weighed by their answers."""
    named: dict[str, list] = {}
    for slug, m in mastery.items():
        named.setdefault(topic_name(slug), []).append(m)
    return {name: (parts[0].score, parts[0].count) if len(parts) == 1
            else (sum(m.score * m.count for m in parts) / sum(m.count for m in parts), sum(m.count for m in parts))
            for name, parts in named.items()}


def _answers_in_all(records) -> str:
    skipped = sum(bool(a.feedback.get("skipped")) for a in records)
    graded = len(records) - skipped
    text = _count(graded, "graded answer")
    if skipped:
        text += f" and {_count(skipped, 'skipped question')} (counted as 0)"
    return text + " in all."


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _clip(text: str, n: int) -> str:
    text = defuse_mentions(" ".join(str(text).split()))
    return text if len(text) <= n else text[: n - 1] + "…"


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
