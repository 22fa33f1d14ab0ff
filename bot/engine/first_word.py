"""The word a message starts with, as a command word is read: what decides which command it may be."""
from __future__ import annotations

COMMAND_MARKS = "/!"  # "/start" and "!start" are typed too, out of habit from other bots


def first_word(text: str) -> str:
    """The first word of `text`, lower-case and without a leading "/" or "!"; "" for no words."""
    words = text.split(maxsplit=1)
    return words[0].lower().lstrip(COMMAND_MARKS) if words else ""
