"""A one-word message that is a slip of the keyboard for a command word ("hnit", "skpi", "stauts")."""
from __future__ import annotations

import re

from bot.engine.command_phrases import TRAILING

# command words a one-word message may be a slip of the keyboard for
TYPO_TARGETS = ("hint", "skip", "pass", "next", "repeat", "again", "stop", "quit", "finish", "status", "history",
                "progress", "help", "answer", "leaderboard", "streak", "groups", "start", "settings")


# real words a slip rule would take for a command ("stoop" is "stop" with a letter doubled)
REAL_WORDS = {"stoop", "finnish", "strat"}
LONG_TARGET = 9  # from this length ("leaderboard") no real word sits one letter away


def _one_slip(typed: str, word: str, real_words: frozenset[str] | set[str] = REAL_WORDS) -> bool:
    """Two neighbouring letters swapped or one letter doubled; for long words ("leaderboard") also one letter
    missing, extra or wrong. A letter wrong, missing or extra in a shorter word is often a real word, the
    candidate's answer: "stream" and "steak" for "streak", "States" for "status", "Answers", "Repeal"."""
    if typed == word or typed in real_words:
        return False
    long = len(word) >= LONG_TARGET
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]] \
            and typed[diff[1]] == word[diff[0]]
        return swapped or (long and len(diff) == 1)
    if len(typed) == len(word) + 1:
        return any(typed[:i] + typed[i + 1:] == word and (long or (i > 0 and typed[i] == typed[i - 1]))
                   for i in range(len(typed)))
    if len(typed) + 1 == len(word) and long:
        return any(word[:i] + word[i + 1:] == typed for i in range(len(word)))
    return False


def mistyped_command(text: str) -> str:
    """The command word a one-word message looks like a slip for ("hnit" -> "hint"); "" if none."""
    word = TRAILING.sub("", text.strip().lower().lstrip("/!"))
    if not re.fullmatch(r"[a-z]{4,12}", word):
        return ""
    return next((target for target in TYPO_TARGETS if _one_slip(word, target)), "")


START_WORDS = 6  # a longer message with no interview running is no start command, mistyped or not


def misspelt_start(text: str) -> str:
    """A `start` whose first word is mistyped ("strat rag" -> "start rag"), or "". Read only where no question
    is open: there a message cannot be an answer, so "strat" is taken for "start" too."""
    words = text.strip().split()
    if not words or len(words) > START_WORDS:
        return ""
    first = words[0].lower().lstrip("/!")
    return " ".join(["start", *words[1:]]) if _one_slip(first, "start", real_words=set()) else ""
