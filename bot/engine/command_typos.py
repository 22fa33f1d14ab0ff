"""A message that is a slip of the keyboard for a command word ("hnit", "skp", "edn", "leaderbord all")."""
from __future__ import annotations

import re
from string import ascii_lowercase

from bot.engine.command_phrases import TRAILING
from bot.engine.leaderboard_args import PERIOD_WORDS, leaderboard_args
from bot.engine.start_args import parse_start_args

# command words a message may be a slip of the keyboard for, the first that fits winning
TYPO_TARGETS = ("end", "hint", "skip", "pass", "next", "repeat", "again", "stop", "quit", "exit", "finish",
                "status", "history", "progress", "help", "answer", "leaderboard", "streak", "groups", "start",
                "settings")
# Real words one slip away from a command word, kept from an English word list and the knowledge folder's
# words: sent alone they are the candidate's answer ("stream", "States", "Repeal", "mint"), not a command.
# Regenerate when a command word is added (every one-slip variant that is in a word list).
REAL_WORDS = {word for words in {
    "end": "ned",
    "hint": "dint hilt hind hing hints hit hunt int lint mint pint tint",
    "skip": "kip ship sip ski skid skim skimp skin skips skis skit slip snip",
    "pass": "ass bass cass lass mass pads pals pans paps pars pas paso past pasts pats paws pays piss poss puss "
            "sass tass",
    "next": "neat nest net newt text",
    "repeat": "reheat repeal repeats repent",
    "again": "alain gain",
    "stop": "atop shop slop sop step stol stomp stoop stops stow strop swop top",
    "quit": "qui quid quiet quilt quip quite quito quits quiz quoit suit",
    "exit": "edit emit exist exits",
    "finish": "finis finnish",
    "status": "states stats statue statues",
    "help": "heap heep held hell helm helps hemp hep kelp whelp yelp",
    "answer": "answers",
    "streak": "steak streaks streaky stream",
    "groups": "group grouts",
    "start": "smart star stare stark starr stars starts stat stuart tart strat",
    "settings": "setting sittings",
}.values() for word in words.split()}
SHORT_TARGET = 4  # a word shorter ("end") is slipped only by two letters swapped or one doubled: "edn", "endd"
# commands a slip in whose first word still reads with its words after it: "leaderbord all", "setings level=mid"
_TAKES_WORDS = {
    "leaderboard": lambda rest: leaderboard_args(rest) is not None,
    "settings": lambda rest: parse_start_args(re.sub(r"=|track|level|length", " ", rest).split()) is not None,
}
SHOWN = 20  # the "Did you mean" reply shows this many characters of what was meant


def slips_of(word: str) -> set[str]:
    """What one slip of the keyboard makes of a command word: two neighbouring letters swapped, one letter
    doubled; from SHORT_TARGET letters on also one letter missing, wrong or extra ("skp", "halp", "reapeat")."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    slips = {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1} | {a + b[0] + b for a, b in cuts if b}
    if len(word) >= SHORT_TARGET:
        slips |= {a + b[1:] for a, b in cuts if b}
        slips |= {a + c + b[1:] for a, b in cuts if b for c in ascii_lowercase}
        slips |= {a + c + b for a, b in cuts for c in ascii_lowercase}
    return slips - {word}


_SLIPS = {target: slips_of(target) - REAL_WORDS for target in TYPO_TARGETS}
# a board's word slipped in a slipped `leaderboard` ("leaderbord weeek"): the board, not a study group named so
_BOARD_SLIPS = {slip: word for word in ("week", "all", "improved") for slip in slips_of(word) - PERIOD_WORDS.keys()}


def slip_target(word: str) -> str:
    """The command word `word` is one slip of the keyboard for ("strak" -> "streak"), the first that fits; ""
    for a command word itself, a real word it is one slip from ("steak") or anything else."""
    return next((target for target in TYPO_TARGETS if word.lower() in _SLIPS[target]), "")


def mistyped_command(text: str) -> str:
    """What a message looks like a slip for ("hnit" -> "hint", "leaderbord weeek" -> "leaderboard week"); ""
    if nothing. Words after the first are read only for a command that takes them, and only when they are
    its words; what was meant is given in full when the reply can show it whole."""
    first, _, rest = TRAILING.sub("", text.strip().lower().lstrip("/!")).partition(" ")
    if not re.fullmatch(r"[a-z]{3,12}", first):
        return ""
    targets = [t for t in TYPO_TARGETS if (not rest or t in _TAKES_WORDS) and first in _SLIPS[t]]
    if not targets or (rest and not _TAKES_WORDS[targets[0]](rest)):
        return ""
    words = _boards_meant(rest.split()) if targets[0] == "leaderboard" else rest.split()
    return _shown(" ".join([targets[0], *words]), targets[0])


def slipped_board(text: str) -> str:
    """A `leaderboard` whose board word is slipped ("leaderboard weeek" -> "leaderboard week"), as meant; ""
    when no board word is slipped, or when `group` names the group ("leaderboard group weeek")."""
    first, _, rest = TRAILING.sub("", text.strip().lower().lstrip("/!")).partition(" ")
    words = rest.split()
    if first != "leaderboard" or _boards_meant(words) == words:
        return ""
    return _shown(" ".join([first, *_boards_meant(words)]), first)


def _boards_meant(words: list[str]) -> list[str]:
    """A leaderboard's words with a slipped board word as the board ("weeek" -> "week"); after `group` every
    word is the group's name, so they stay as typed."""
    return words if "group" in words else [_BOARD_SLIPS.get(w, w) for w in words]


def _shown(meant: str, command: str) -> str:
    """What was meant in full when the "Did you mean" reply can show it whole; else the command word."""
    return meant if len(meant) <= SHOWN else command


START_WORDS = 6  # a longer message with no interview running is no start command, mistyped or not


def misspelt_start(text: str) -> str:
    """A `start` whose first word is mistyped ("strat rag" -> "start rag"), or "". Read only where no question
    is open: there a message cannot be an answer, so "strat" is taken for "start" too."""
    words = text.strip().split()
    if not words or len(words) > START_WORDS:
        return ""
    first = words[0].lower().lstrip("/!")
    return " ".join(["start", *words[1:]]) if first in _SLIPS["start"] | {"strat"} else ""
