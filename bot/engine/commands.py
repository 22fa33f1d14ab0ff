"""Plain-word commands: what a message means when it is not an answer.

A message counts as a command only when the whole of it parses as one
("hint", "start llm senior 5"); "Start with BM25 ..." stays an answer.
The words of each kind of command are read in their own modules: start_args,
command_phrases, command_typos, misread_commands and leaderboard_args.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.engine.command_phrases import PHRASES, RESTARTS, SIMPLE, is_thanks, polite
from bot.engine.command_typos import mistyped_command, slipped_board
from bot.engine.first_word import first_word
from bot.engine.leaderboard_args import leaderboard_args
from bot.engine.start_args import START_WORDS, parse_start_args
from bot.engine.zones import OFFSET, looks_like_a_zone, unknown_zone, zone_name

GROUP_ACTIONS = {"create", "join", "leave"}
DAILY_WORDS = {"set", "on", "off", "add", "help", "?", "questions"}
_SETTING = re.compile(r"^[a-z]+=\S")
# `add <id> | question | reference` and `edit <id> | question | reference` (`edit` may leave parts out);
# a `|` inside a part is checked by team_question_parts, not here
_TEAM_QUESTION = {"add": re.compile(r"^add\s+[\w.:-]+\s*\|.*\S.*\|.*\S", re.I | re.S),  # `team:<id>` too
                  "edit": re.compile(r"^edit\s+[\w.:-]+\s*\|.*\S", re.I | re.S)}
CODE_SPANS = re.compile(r"```.*?```|`[^`\n]*`", re.S)  # what a chat shows as code: its `|` and words are text


def mask_code(text: str) -> str:
    """The text with each code span's characters replaced by "x": same length, so positions still match."""
    return CODE_SPANS.sub(lambda m: "x" * len(m.group()), text)


def _daily_words(rest: str, long: bool = False) -> bool:
    """`daily`, `daily on|off|help|questions`, `daily set key=value ...`, `daily add id | question | reference`,
    `daily edit id | question | reference`, `daily edit id`, `daily remove id`; not
    "Daily set of golden prompts...", an answer. A long message (`long`) is a command only in the whole
    of that form: every word after `set` a key=value, or `add` with an id and two parts after bars."""
    words = rest.split()
    if not words:
        return True
    sub = words[0].lower()
    if sub == "set":
        settings = words[1:]
        return bool(settings) and all(_SETTING.match(w.lower()) for w in settings) if long else "=" in rest
    if sub in _TEAM_QUESTION:
        if long:
            return bool(_TEAM_QUESTION[sub].match(rest))
        return "|" in rest or (sub == "edit" and len(words) == 2)
    if sub == "remove":
        return len(words) == 2
    return sub in DAILY_WORDS and len(words) == 1


def team_question_parts(text: str) -> list[str]:
    """`<id> | <question> | <reference>` in parts: the first two `|` outside `code` separate them.

    A `|` inside backticks (`ps aux | grep py`, `P(A|B)`) is part of the question, and the reference,
    the last part, keeps every `|` in it. The question and the reference keep their line breaks (a code
    snippet, bullets). Fewer than three parts when there are fewer bars."""
    masked = mask_code(text)
    bars = [i for i, ch in enumerate(masked) if ch == "|"][:2]
    parts = [text[start:end] for start, end in zip([0, *(b + 1 for b in bars)], [*bars, len(text)])]
    return [" ".join(parts[0].split()), *(team_text(p) for p in parts[1:])]


def team_text(text: str) -> str:
    """A team question or reference as kept: its line breaks (a snippet, bullets) but no trailing spaces."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


_TIME_ZONE_WORDS = re.compile(r"^([/!]?)(?:time[ -]zone|tz)\b", re.I)  # other ways to say `timezone`


def _as_timezone(text: str) -> str:
    """The text with its spaces collapsed and a leading `tz` or `time zone` said as `timezone`."""
    return _TIME_ZONE_WORDS.sub(r"\1timezone", " ".join(text.split()))


COMMAND_WORD = re.compile(r"^[/!]?([a-z?][a-z-]*(?: me| answer)?)\b\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    name: str
    args: dict[str, str] = field(default_factory=dict)
    rest: str = ""


SHORT = 80  # longer messages are answers, but for the commands below whose whole form they have


def parse_command(text: str) -> Command | None:
    """The command a whole message spells, or None when it reads as an answer.

    A long message is read only as a `daily set ...`, `daily add ... | ... | ...` or `daily edit ... | ...` in full
    (the README's examples run past 80 characters), or as `group create|join|leave NAME` with a one-word NAME
    (told the name rule); any other long text is an answer."""
    original = _as_timezone(text)  # "tz Europe/Paris"
    clean = original.lower()
    if not clean:
        return None
    if len(clean) > SHORT:
        return _lines_kept(_long_command(original, clean), text)
    command = _short_command(original, clean)
    if command is None and mistyped_command(clean):  # spends no try: ask instead
        return Command("did-you-mean", {"word": mistyped_command(clean)})
    if command is not None and command.name == "leaderboard" and slipped_board(clean):  # "leaderboard weeek"
        return Command("did-you-mean", {"word": slipped_board(clean)})
    return _lines_kept(command, text)


_DAILY_WORD = re.compile(r"\s*[/!]?daily\b\s*", re.I)


def _lines_kept(command: Command | None, text: str) -> Command | None:
    """A `daily` command's rest as typed, line breaks and all: a reference answer pasted into
    `daily add` keeps its bullets and its code's lines (collapsed, a list became one rubric point)."""
    if command is None or command.name != "daily" or not (m := _DAILY_WORD.match(text)):
        return command
    typed = text[m.end():].strip()
    return replace(command, rest=typed) if " ".join(typed.split()) == command.rest else command


def _short_command(original: str, clean: str) -> Command | None:
    bare = clean.lstrip("/!")
    if is_thanks(bare):  # a pleasantry, not an answer
        return Command("thanks")
    if bare.rstrip(".!?") in RESTARTS:  # "start over", "restart"
        return Command("start")
    if bare != "?":
        bare = polite(bare)  # "Hint?", "skip please", "can you give me a hint?" mean the command
    if bare in SIMPLE:
        return Command(SIMPLE[bare])
    if bare in PHRASES:
        return Command(PHRASES[bare])
    if bare == "forget":  # deletes everything: asks first, `forget me` goes ahead
        return Command("forget", {"ask": "yes"})
    match = COMMAND_WORD.match(clean)
    if not match:
        return None
    word, rest = match.group(1), match.group(2).strip()
    if len(original) == len(clean):  # keep the user's case in arguments (time zones, group names)
        rest = original[match.start(2):].strip()
    if word in START_WORDS:
        args = parse_start_args(rest.split())
        return Command("start", args) if args is not None else None
    if word == "settings":
        if not rest:
            return Command("settings")
        args = parse_start_args(rest.replace("=", " ").replace("track", "").replace("level", "")
                                .replace("length", "").split())
        return Command("settings", args) if args is not None else None
    if word == "leaderboard":
        args = leaderboard_args(rest)
        return Command("leaderboard", args) if args is not None else None
    if word == "group" and (not rest or rest.split()[0].lower() in GROUP_ACTIONS):
        return Command(word, rest=rest)
    if word == "daily" and _daily_words(rest):
        return Command(word, rest=rest)
    if word == "timezone" and (not rest or zone_name(rest) is not None):
        return Command(word, rest=rest)
    if word in SIMPLE and SIMPLE[word] == "forget" and rest.lower() in {"", "me"}:
        return Command("forget")
    return None  # "Group similar words...", "Daily retraining..." and the like are answers


def _long_command(original: str, clean: str) -> Command | None:
    match = COMMAND_WORD.match(clean)
    if not match or match.group(1) not in ("daily", "group"):
        return None
    rest = (original[match.start(2):] if len(original) == len(clean) else match.group(2)).strip()
    if match.group(1) == "group":  # a one-word name too long to be one: its rule, not the generic usage
        words = rest.split()
        return Command("group", rest=rest) if len(words) == 2 and words[0].lower() in GROUP_ACTIONS else None
    return Command("daily", rest=rest) if _daily_words(rest, long=True) else None


ADD_USAGE = ("Use `daily add <id> | <question> | <reference answer>`: the first two `|` separate the three "
             "parts, with a space on each side. The reference answer is optional: to leave it out, end with the "
             "second `|` (`daily add <id> | <question> |`) and answers are graded against the study guides. "
             "A `|` inside `backticks` is part of the question or the reference "
             "(`ps aux | grep py`, `P(A|B)`); a third bare `|`, or one touching a word or inside brackets, is refused. "
             "The reference keeps its line breaks.")
EDIT_USAGE = ("Use `daily edit <id> | <question> | <reference answer>`, leaving a part empty to keep it: "
              "`daily edit <id> | | <reference answer>` changes only the reference, `daily edit <id> | <question>` "
              "only the question; `daily edit <id>` shows it as it is.")
REMOVE_USAGE = "Use `daily remove <id>` with the id `daily questions` lists."
# `daily add nopipe`, a bare `daily remove`: the sub-command's own usage, not the daily's
_DAILY_USAGE = {"add": ADD_USAGE, "edit": EDIT_USAGE, "remove": REMOVE_USAGE}
DAILY_SUBCOMMANDS = DAILY_WORDS | _DAILY_USAGE.keys()  # every word a `daily` sub-command starts with

USAGE = {
    "group": "Use `group create NAME`, `group join NAME` or `group leave NAME`; `groups` lists yours.",
    "daily": "`daily` shows this channel's daily question; admins set it up with `daily set ...` (`daily help`).",
    "timezone": "Use `timezone Europe/Berlin` (a zone name like that one), or `timezone` to see yours.",
    "leaderboard": "Use `leaderboard week|all|improved`, or a study group's with `leaderboard group NAME week`.",
}


# What `daily` says where there is no channel to hold a daily question (the terminal)
DAILY_WITHOUT_A_CHANNEL = ("The daily question is posted in a Slack or Discord channel and answered in its thread; "
                           "the terminal has no channel to post it in. The README section \"The daily question, "
                           "points and study groups\" shows how an admin sets one up there.")


# What `streak` and `leaderboard` say there (bot/service/community_commands.py says the same for the commands)
BOARDS_WITHOUT_A_CHANNEL = ("Points, boards and streaks come from answering the daily question in a Slack or "
                            "Discord channel, and the terminal has no channel, so there are none here. The README "
                            "section \"The daily question, points and study groups\" shows how they work.")
# commands that need a channel, and what each says where there is none (the terminal): a command gone wrong
# there ("daily set foo", "strak quantum") says that, not how to say the command, which would say it next
NEEDS_A_CHANNEL = {"daily": DAILY_WITHOUT_A_CHANNEL, "streak": BOARDS_WITHOUT_A_CHANNEL,
                   "leaderboard": BOARDS_WITHOUT_A_CHANNEL}


def usage_where(text: str, channels: bool = True) -> str:
    """usage_for, where a command that needs a channel with words it cannot read ("daily set foo",
    "leaderboard quantum") says, like the bare command, that there is none when there is none."""
    usage = usage_for(text)
    if usage and not channels and first_word(text) in NEEDS_A_CHANNEL:
        return NEEDS_A_CHANNEL[first_word(text)]
    return usage


def usage_for(text: str) -> str:
    """How to say a command whose first word the message starts with but whose rest did not read
    ("group explode"); "" when it starts with no such word. Asked of short messages only (in a daily thread,
    at most MISREAD_COMMAND_WORDS words): "Group similar words..." is an answer. A time zone that is not one
    is named back."""
    text = _as_timezone(text)  # "tz UTC+5", "time zone UTC+5"
    words = text.split()
    if not words:
        return ""
    word, rest = first_word(text), " ".join(words[1:])
    if word == "timezone" and (len(words) == 2 or OFFSET.match(rest)):
        return unknown_zone(rest)
    if word == "daily" and len(words) > 1 and words[1].lower() in _DAILY_USAGE:
        return _DAILY_USAGE[words[1].lower()]
    return USAGE.get(word, "")


def says_timezone(text: str) -> bool:
    """Whether the message starts with `timezone`, or says it as "tz" or "time zone"."""
    return first_word(_as_timezone(text)) == "timezone"


def misread_timezone(text: str) -> str:
    """During an interview, `timezone UTC+5` (a zone typed wrong) is a command gone wrong, not an answer:
    its usage; "" for anything else ("Timezone drift" is an answer)."""
    words = _as_timezone(text).split()
    if len(words) < 2 or len(words) > 3 or first_word(words[0]) != "timezone":
        return ""
    return usage_for(" ".join(words)) if looks_like_a_zone(" ".join(words[1:])) else ""
