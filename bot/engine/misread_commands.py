"""A command word with words after it that it does not take ("hint quantum", "skip quantum", a bare
"start quantum"): a command gone wrong, not an answer, unless the words are those of an answer."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.engine.command_phrases import DOES, POLITE, SIMPLE, TRAILING
from bot.engine.command_typos import slip_target, slips_of
from bot.engine.commands import (DAILY_SUBCOMMANDS, GROUP_ACTIONS, NEEDS_A_CHANNEL, USAGE, misread_timezone,
                                 says_timezone, usage_for)
from bot.engine.first_word import first_word
from bot.engine.start_args import SENTENCE_WORDS, START_WORDS, quoted, start_help, unreadable_start

# A message this short that starts with a command word but does not read as the command is a command gone
# wrong ("hint quantum", "timezone UTC+5"); a longer one is an answer ("Skip connections let gradients flow").
MISREAD_COMMAND_WORDS = 3
# words whose command takes a track, a level and a length ("new" and "interview" start answers too often:
# "new vocabulary", "interview questions")
_STARTS = {"start", "begin"} & START_WORDS
MISREAD_WORDS = {word for word, command in SIMPLE.items() if word.isalpha() and command != "forget"} \
    | _STARTS | {"settings"}
INTERVIEW_COMMANDS = {"hint", "skip", "repeat", "end", "answer"}  # what they would act on is a question asked
_TOKEN = re.compile(r"[a-z0-9]+")
_MENTION = re.compile(r"<[!@#][^>]*>|@\w+")  # "<!channel>", "<@U123>", "@here": a ping, not a word of an answer


@dataclass(frozen=True)
class Misread:
    word: str  # the command word as said, in lower case ("next", "start", "settings"); as meant after a slip
    unread: list[str]  # the words after it that the command does not take, as typed
    typed: str = ""  # the first word as typed, when it was a slip of the keyboard for `word` ("strak")

    @property
    def did_you_mean(self) -> str:
        """ "Did you mean `streak`? " after a slip of the keyboard ("strak quantum"); "" for the word itself."""
        return f"Did you mean `{self.word}`? " if self.typed else ""

    @property
    def needs_an_interview(self) -> bool:
        """A command that acts on the question being asked ("hint", "skip", "end"): nothing without one."""
        return self.command in INTERVIEW_COMMANDS

    @property
    def command(self) -> str:
        """What the word names: "skip" for "next"; "start" and "settings" for themselves."""
        return SIMPLE.get(self.word, "start" if self.word in _STARTS else self.word)

    def usage(self, channels: bool = True) -> str:
        """What the command takes: "hint" and "next" no words at all, `leaderboard` its boards, `start` and
        `settings` a track, a level and a length (start_args.start_help). A slip first asks what was meant.
        Without `channels` (the terminal), a command that needs one says there is none instead."""
        meant = self.did_you_mean
        if not channels and self.command in NEEDS_A_CHANNEL:
            return meant + NEEDS_A_CHANNEL[self.command]
        if self.command in ("start", "settings"):
            return meant + start_help(self.unread, self.command)
        if self.command in USAGE:  # it takes words, but not these
            return f"{meant}I couldn't read {quoted(self.unread)} after `{self.word}`. {USAGE[self.command]}"
        does = DOES.get(self.command, "")
        return (f"{meant}I couldn't read {quoted(self.unread)} after `{self.word}`: it takes no words after it. "
                + (f"Say just `{self.word}` to {does}." if does else f"Say just `{self.word}`."))


def misread_command(text: str, about: Iterable[str]) -> Misread | None:
    """During an interview, a message of at most MISREAD_COMMAND_WORDS words that starts with a command word
    and goes on with words that command does not take ("hint quantum", "skip quantum", "settings quantum",
    a bare "start quantum"), its first word perhaps a slip of the keyboard ("strak quantum", "setings quantum");
    None when it reads as an answer. Asked only of a message that parse_command did
    not read as a command. `about`: texts whose words make it an answer (read only when needed): the
    callers give every bank question's, and the follow-up or team question being asked.

    It is an answer when the first word ends with a colon ("Answer: BPE"), when a word after it makes a
    sentence ("Start small", "skip the softmax") or when one is a word of those texts, or close to one
    ("Skip connections", "stop tokens" beside "stop token", "skip gram"), so a short answer that names a
    term of the field is still graded. A mention ("@here") is no word of an answer."""
    words = text.split()
    if not 2 <= len(words) <= MISREAD_COMMAND_WORDS or words[0].endswith(":"):
        return None
    word = TRAILING.sub("", words[0].lower().lstrip("/!"))
    typed = ""
    if word not in MISREAD_WORDS and slip_target(word) in MISREAD_WORDS:  # "strak quantum": a streak gone wrong
        typed, word = words[0], slip_target(word)
        text = " ".join([word, *words[1:]])
    if word not in MISREAD_WORDS:
        return None
    if word in _STARTS or word == "settings":  # a track, a level or a length is read; only the rest is not
        unread = unreadable_start(text)
    else:
        unread = [w for w in words[1:] if TRAILING.sub("", w.lower()) not in POLITE]
    unread = [w for w in unread if _TOKEN.search(w.lower())]  # an emoji is no word
    if not _said(unread) or words_of_an_answer(unread, about):
        return None
    return Misread(word, [TRAILING.sub("", w) for w in unread], typed)


def words_of_an_answer(words: Iterable[str], about: Iterable[str]) -> bool:
    """Whether words after a command word make the message an answer: one is a word that makes a sentence
    ("Start small", "skip the softmax"), or a word of the `about` texts or close to one ("Skip connections",
    "stop tokens" beside "stop token"). A mention ("@here") is no word of an answer."""
    said = _said(words)
    if any(token in SENTENCE_WORDS for token in said):
        return True
    known = {token for part in about for token in _TOKEN.findall(part.lower())}
    return any(_near(token, k) for token in said for k in known)


# What makes `daily` and `group` with words they could not read the command after all, not an answer: a
# daily's sub-command, a setting or a bar ("daily sett time=09:00", "daily add nopipe"); a group's action,
# slipped or not ("group craete rag-club"), or one word alone, a name without its action ("group rag-club")
# or an action gone wrong ("group explode", QA: graded 0.0 as an answer).
_GROUP_ACTIONS = {slip for action in GROUP_ACTIONS for slip in {action} | slips_of(action)}
_LOOKS_LIKE = {
    "daily": lambda rest: bool(rest) and (rest[0].lower() in DAILY_SUBCOMMANDS or any("=" in w or "|" in w
                                                                                      for w in rest)),
    "group": lambda rest: len(rest) == 1 or (bool(rest) and rest[0].lower() in _GROUP_ACTIONS),
}


def usage_if_not_an_answer(text: str, about: Iterable[str]) -> str:
    """usage_for, where a short message may be an answer (a daily thread): "" when it reads as one, since an
    answer must never be lost. A time zone word is the command gone wrong only with a zone-like argument
    ("tz UTC+5"; "time zone handling" is an answer), as misread_timezone reads it in an interview; after
    `group`, `daily` or `leaderboard`, words that do not look like the command's and are an answer's
    (words_of_an_answer) make an answer: "Daily retraining", "Group similar chunks"."""
    if says_timezone(text):
        return misread_timezone(text)
    usage = usage_for(text)
    word, rest = first_word(text), text.split()[1:]
    if usage and not _LOOKS_LIKE.get(word, lambda _: False)(rest) and words_of_an_answer(rest, about):
        return ""
    return usage


def _said(words: Iterable[str]) -> list[str]:
    """The words' tokens as compared with an answer's, mentions left out."""
    return [token for w in words for token in _TOKEN.findall(_MENTION.sub(" ", w).lower())]


def question_texts(q) -> Iterator[str]:
    """The texts of a bank question (a bot.pack.models.Question), for misread_command's `about`: its
    question, topic, model answer, hints, rubric points, follow-ups and misconceptions."""
    points = (*q.rubric, *(p for f in q.followups for p in f.rubric))
    yield from (q.question, q.topic.replace("-", " "), q.model_answer, *q.hints, *(f.question for f in q.followups))
    yield from (text for p in points for text in (p.point, p.means, *p.phrasings))
    yield from (text for w in q.misconceptions for text in (w.claim, w.correction, *w.phrasings))


def _near(said: str, known: str) -> bool:
    """The same word, or another form of it: "tokens", "tokenizer" for "token"; "caching" for "cache"
    (all but the shorter's last letter shared, when it has five or more: "banana" is no form of "bank");
    not "quantum" for "quantization"."""
    if said == known:
        return True
    shorter = min(len(said), len(known))
    return shorter >= 5 and len(os.path.commonprefix([said, known])) >= shorter - 1
