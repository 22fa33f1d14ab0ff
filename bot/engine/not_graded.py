"""Messages with no answer in them: why nothing was graded, said back, and no try spent.

The grader reads every message and its notes say when there was nothing to grade: no words (only emoji,
emoji shortcodes or pings), not English, no story yet, only instructions to the grader, only code. A
message that pings people and that the grader cannot tie to the question was said to them, not to the
coach. An interview keeps the try open for all of them, and a daily thread does not count them.
"""
from __future__ import annotations

from bot.engine.commands import CODE_SPANS
from bot.grading.feedback import Feedback
from bot.grading.text import (CODE_NOTE, INJECTION_NOTE, NO_ANSWER_NOTE, NOT_ENGLISH_NOTE, NOT_KNOWING_NOTE, PING,
                              UNREADABLE_NOTES, says_nothing, strip_emoji)

NO_TEXT = ("Your message had no text in it, so the question is still open. Type your answer as a "
           "message: I can't read images, files or stickers.")
ONLY_INSTRUCTIONS = ("Your message only spoke to the grader, so there was nothing to grade: the grade comes from "
                     "what you say about the question. Answer it in your own words — even a partial answer gets "
                     "useful feedback.")
ONLY_EMOJI = "Emoji alone are not read as an answer: I grade what you say in words."
SAID_TO_PEOPLE = ("That message mentions someone and says nothing about the question, so I took it as meant for "
                  "them and did not grade it.")


def unreadable_notes(feedback: Feedback, text: str = "") -> list[str]:
    """Why nothing of an answer was graded, so that no try is spent; [] for an answer that was graded.
    `text`, the message as sent, lets a message that pings people and is not about the question be
    told apart from an answer (without it, such a message is graded like any other); a decorator in its
    code (`@lru_cache`) pings nobody."""
    notes = feedback.notes
    unreadable = [note for note in notes if note in UNREADABLE_NOTES]
    if INJECTION_NOTE in notes and NOT_ENGLISH_NOTE not in unreadable:
        # Nothing but instructions is no answer; instructions beside a "no story yet" are graded (0), so
        # that sending them never earns a try back.
        return [ONLY_INSTRUCTIONS] if NO_ANSWER_NOTE in unreadable else []
    if unreadable:
        # the grader's note says nothing was there; when it was only emoji, code or pings, the user
        # deserves to know why (the README promises each its own reason)
        if NO_ANSWER_NOTE in unreadable and text:
            if only_emoji(text):
                return [ONLY_EMOJI, *unreadable]
            if only_code(text):
                return [CODE_NOTE]
            if only_pings(text):
                return [SAID_TO_PEOPLE]
        return unreadable
    if CODE_NOTE in notes:  # the code alone: how it works, said in words, is what an interviewer grades
        return [CODE_NOTE]
    if text and PING.search(CODE_SPANS.sub(" ", text)) and NOT_KNOWING_NOTE not in notes and not placed(feedback):
        return [SAID_TO_PEOPLE]
    return []


def placed(feedback: Feedback) -> bool:
    """Whether the grader tied an answer to the question: some point of it at least partly made (a score
    alone is not: a judge may give a sliver to anything)."""
    return any(p.status != "missed" for p in feedback.points)


def only_code(text: str) -> bool:
    """Whether a message is code spans and nothing else but pings and punctuation: a short snippet, whose
    words the grader does not read as an answer."""
    return bool(CODE_SPANS.search(text)) and not _has_words(PING.sub(" ", CODE_SPANS.sub(" ", text)))


def only_pings(text: str) -> bool:
    """Whether a message is mentions (`@channel`, `<!everyone>`, `<@U123>`) and nothing else but punctuation."""
    return bool(PING.search(text)) and not _has_words(PING.sub(" ", text))


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def only_emoji(text: str) -> bool:
    """Whether a message is emoji and nothing else but pings: Unicode emoji, or shortcodes (`:tada:`)
    as Slack sends them and people type them (`says_nothing` has dropped the shortcodes' letters)."""
    rest = PING.sub("", text)
    return says_nothing(text) and (strip_emoji(rest) != rest or any(ch.isalnum() for ch in rest))
