"""The coach's command forms as a member who uses slash commands runs them on Discord.

The engine words its notices for typing (`daily set time=09:00 tz=UTC`, `leaderboard NAME week`), which is
what works in a DM, in a daily's thread and on Slack. A member who used a slash command, a button or a form
is shown the slash form instead (`/daily set time:09:00 tz:UTC`, `/leaderboard group:NAME`): `for_slash`
reads each `code` span of a notice against FORMS, the one table of them, and writes the slash form of what
it names ("say" becomes "use"). A span that is no command form stays as written, and so does one that
repeats what the member gave (a time zone they named `help` is an echo, not the help command), and so
does a name: a list line's opening span (`daily questions` lists `hint` What ...) or a span after "team
question", which is an id, even one that is a command word. A usage that is about typing itself (where the
`|` go) has a slash text of its own in WHOLE.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot.adapters.discord.commands import PERIODS
from bot.engine import replies as r
from bot.engine.commands import ADD_USAGE, EDIT_USAGE
from bot.engine.start_args import parse_start_args

PERIOD_NAMES = {str(choice.value): choice.name for choice in PERIODS}  # as /leaderboard's picker shows them
SETTING = re.compile(r"\b(time|tz|days|topics|level|close)=")  # a /daily set option, typed as key=value
START_OPTIONS = ("track", "level", "length", "topic")  # /interview's options, in its order

WHOLE = {
    ADD_USAGE: "Use `/daily add`: its form asks for an id (lower-case words with dashes, e.g. kv-cache), the "
               "question and the reference answer, each in a field of its own. The reference answer is optional: "
               "left empty, answers are graded against the study guides.",
    EDIT_USAGE: "Use `/daily edit id:<id>` with an id `/daily questions` lists: its form opens with the question "
                "and the reference answer as they are; change either and send it.",
}


def _board(m: re.Match) -> str | None:
    """`leaderboard [group] [NAME] [week|all|improved]` as /leaderboard's options; week is its default."""
    words = [w for w in m["rest"].split() if w != "group"]
    periods = [w for w in words if all(p in PERIOD_NAMES for p in w.split("|"))]
    groups = [w for w in words if w not in periods]
    if len(groups) > 1 or len(periods) > 1:
        return None
    shown = [PERIOD_NAMES[p] for p in periods[0].split("|")] if periods else []
    return "/leaderboard" + "".join(f" group:{g}" for g in groups) + (
        f" period:{'|'.join(shown)}" if shown and shown != [PERIOD_NAMES["week"]] else "")


def _interview(m: re.Match) -> str | None:
    args = parse_start_args(m["words"].split())
    if args is None:
        return None
    return "/interview" + "".join(f" {name}:{args[name]}" for name in START_OPTIONS if name in args)


# A typed form (a whole `code` span) and its slash form: a template of the form's named parts, or a
# function of the match (None: not a form this reads). The first that matches is used.
FORMS = tuple((re.compile(pattern), slash) for pattern, slash in (
    (r"daily", "/daily show"),
    (r"daily help", "/help"),
    (r"daily (?P<sub>set|on|off|questions|add|edit|remove)(?: \.\.\.)?", "/daily {sub}"),
    (r"daily set (?P<settings>\w+=.*)", lambda m: "/daily set " + SETTING.sub(r"\1:", m["settings"])),
    (r"daily add .*", "/daily add"),  # its form asks for the rest
    (r"daily edit (?P<id><id>|[\w.:-]+)(?: \|.*)?", "/daily edit id:{id}"),
    (r"daily remove (?P<id><id>|[\w.:-]+)", "/daily remove id:{id}"),
    (r"(?P<key>time|tz|days|topics|level|close)=(?P<value>\S+)", "{key}:{value}"),
    (r"leaderboard(?P<rest>(?: .*)?)", _board),
    (r"groups", "/groups"),
    (r"group (?P<action>create|join|leave) (?P<name>\S+)", "/group {action} name:{name}"),
    (r"timezone (?P<name>\S+)", "/timezone name:{name}"),
    (r"(?P<word>hint|skip|end|help|streak|progress)", "/{word}"),
    (r"forget me", "/forget-me"),
    (r"(?:start|interview)(?P<words>(?: .*)?)", _interview),
))
_SPAN = re.compile(r"(?:\b(?P<say>[Ss]ay) )?`(?P<form>[^`\n]+)`")
# a span that names a thing rather than a command to use: a list line's label, followed by what it names
# (never the notice's first line, which may open with the command it explains), or a team question's id
_NAME = re.compile(r"(?<=\n)`[^`\n]+` \S|(?<=\bteam question )`[^`\n]+`")


def slash_form(typed: str) -> str | None:
    """The slash form of one typed command form, or None when it is none."""
    for pattern, slash in FORMS:
        m = pattern.fullmatch(typed)
        if m:
            said = slash(m) if callable(slash) else slash.format(**m.groupdict(default=""))
            if said is not None:
                return said
    return None


def slash_text(text: str, given: Iterable[str] = ()) -> str:
    """A notice's text with its command forms as slash forms; `given`: what the member gave, kept as is."""
    if text in WHOLE:
        return WHOLE[text]
    echoes = {g.strip().lower() for g in given if g.strip()}
    names = {m.start() for m in _NAME.finditer(text)}

    def one(m: re.Match) -> str:
        named = m.start() in names or m["form"].strip().lower() in echoes
        slash = None if named else slash_form(m["form"])
        if slash is None:
            return m.group(0)
        say = {"Say": "Use ", "say": "use "}.get(m["say"] or "", "")
        return f"{say}`{slash}`"

    return _SPAN.sub(one, text)


def for_slash(replies: list[r.Reply], given: Iterable[str] = ()) -> list[r.Reply]:
    """The replies to a slash command, button or form, their notices worded for slash commands."""
    given = list(given)
    return [replace(x, text=slash_text(x.text, given)) if isinstance(x, r.Notice) else x for x in replies]


def given_words(args: dict | None, text: str) -> list[str]:
    """What a member gave a slash command or form: each option's or field's value, and each word of
    the command's text (`set tz="help"` gives `help`), so an echo of it is not read as a command form."""
    return [*(str(v) for v in (args or {}).values()), *re.split(r'[\s="]+', text)]
