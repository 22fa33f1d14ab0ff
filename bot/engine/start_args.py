"""A `start` or `settings` command's words: which track, level, length and topic they name."""
from __future__ import annotations

import re

from bot.engine.first_word import first_word

TRACK_WORDS = {
    "nlp": "nlp-engineer", "nlp-engineer": "nlp-engineer",
    "llm": "llm-engineer", "llm-engineer": "llm-engineer",
    "ai": "ai-engineer", "ai-engineer": "ai-engineer",
    "system-design": "system-design", "design": "system-design", "system": "system-design",
    "behavioral": "behavioral", "behavioural": "behavioral",
    "mixed": "mixed", "any": "mixed", "all": "mixed",
}
# Topics a `start` can focus on, by the names people type, each with the bank's topic slugs it takes
# (`start rag`, `start llm evaluation senior 3`). The slugs themselves are read too ("generation-eval"): the
# question files and older replies show them.
TOPICS = {
    "rag": ("retrieval",), "evaluation": ("generation-eval",), "tokenization": ("tokenization",),
    "production": ("production",), "fundamentals": ("understanding",), "coding": ("coding",),
    "scenarios": ("scenario",), "career": ("faq", "roles"),
    "core": ("levels",),  # the classic questions each level is expected to answer (guides/levels.md)
}
TOPIC_WORDS = {
    **{name: name for name in TOPICS},
    "retrieval": "rag", "generation-eval": "evaluation", "eval": "evaluation", "evals": "evaluation",
    "tokenisation": "tokenization", "tokenizers": "tokenization", "deployment": "production",
    "mlops": "production", "understanding": "fundamentals", "basics": "fundamentals", "scenario": "scenarios",
    "faq": "career", "roles": "career", "levels": "core",
}


def topic_name(slug: str) -> str:
    """A bank topic as people see and type it ("retrieval" -> "rag", "levels" -> "core"); a topic `start`
    takes as a track ("behavioral") keeps its own name."""
    return next((name for name, slugs in TOPICS.items() if slug in slugs), slug)


LEVEL_WORDS = {"junior": "junior", "mid": "mid", "middle": "mid", "mid-level": "mid", "senior": "senior"}
LENGTHS = (3, 5, 8)
MAX_LENGTH = 10
START_WORDS = {"start", "interview", "begin", "new"}


def _track_names_joined(words: list[str]) -> list[str]:
    """"system design" and "nlp engineer" as the one track word each names."""
    text = re.sub(r"\bsystem\s+design\b", "system-design", " ".join(words), flags=re.I)
    return re.sub(r"\b(nlp|llm|ai)\s+engineer\b", r"\1-engineer", text, flags=re.I).split()


def parse_start_args(words: list[str]) -> dict[str, str] | None:
    """track / level / length / topic from words in any order; None if a word is not one of them."""
    args: dict[str, str] = {}
    for word in _track_names_joined(words):
        w = word.lower().strip(",.!?;:")
        if not w:
            continue
        if w in TRACK_WORDS and "track" not in args:
            args["track"] = TRACK_WORDS[w]
        elif w in LEVEL_WORDS and "level" not in args:
            args["level"] = LEVEL_WORDS[w]
        elif w.isdigit() and "length" not in args and 1 <= int(w) <= MAX_LENGTH:
            args["length"] = w
        elif w in TOPIC_WORDS and "topic" not in args:
            args["topic"] = TOPIC_WORDS[w]
        elif w in {"interview", "questions", "question", "please", "a", "an", "mock"}:
            continue
        elif (w in TRACK_WORDS and args["track"] == TRACK_WORDS[w]) or (
                w in LEVEL_WORDS and args["level"] == LEVEL_WORDS[w]) or (
                w in TOPIC_WORDS and args["topic"] == TOPIC_WORDS[w]):
            continue  # said twice
        else:
            return None
    return args


def unreadable_start(text: str) -> list[str]:
    """The words a short `start` or `settings` message could not read ("start nlp wizard 99" ->
    ["wizard", "99"]); [] when the message is not one. During an interview "start with BM25" is an answer:
    there, misread_start and misread_commands.misread_command decide which words count."""
    words = _track_names_joined(text.lower().split())
    if first_word(text) not in START_WORDS | {"settings"} or len(words) > 6:
        return []
    read: dict[str, str] = {}
    unread = []
    for w in words[1:]:
        if w in {"track", "level", "length", "topic"}:
            continue
        one = parse_start_args([w.replace("=", " ")])
        if one is None or any(read.get(slot, value) != value for slot, value in one.items()):
            unread.append(w)  # not a track, level, length or topic; or a second one ("start nlp llm")
        else:
            read.update(one)
    return unread


# Words that make "start with X", "begin by X" a sentence, an answer, not a start with a word mistyped
SENTENCE_WORDS = {"with", "by", "from", "the", "using", "to", "for", "of", "on", "in", "at", "and", "or",
                  "is", "are", "it", "if", "when", "then", "each", "every", "small", "simple", "over",
                  "a", "an", "this", "that", "these", "those", "not", "no", "be", "as", "so", "than", "into",
                  "out", "up", "off", "its", "their", "your", "my", "we", "you", "they", "i", "can", "should",
                  "will", "would", "more", "less", "only", "first", "early", "before", "after"}


def misread_start(text: str) -> list[str]:
    """The words a start sent during an interview could not read ("start quantum junior 2" ->
    ["quantum"]); [] when the message reads as an answer. It is a start when something else in it is
    a track, a level or a length, or it says "interview" or "/start"; "start with BM25", "Start small"
    and "new vocabulary" stay answers."""
    unread = unreadable_start(text)
    words = _track_names_joined(text.lower().split())
    if not unread or words[0] == "settings" or any(w.strip(",.!?;:") in SENTENCE_WORDS for w in unread):
        return []
    read = [w for w in words[1:] if w not in unread and parse_start_args([w])]
    prefixed = words[0][0] in "/!"
    return unread if read or prefixed or "interview" in words[1:] else []


def start_or_settings(text: str) -> str:
    """Which of the two commands that read tracks, levels and lengths a message is: "settings" or "start"."""
    return "settings" if first_word(text) == "settings" else "start"


def start_help(unread: list[str], command: str = "start") -> str:
    """Kind words for a start (or `settings`) command with words that are not a track, level or length."""
    topics = f"; topics: {', '.join(TOPICS)}" if command == "start" else ""
    return (f"I couldn't read {quoted(unread)} there. Tracks: nlp, llm, ai, system-design, behavioral, mixed; "
            f"levels: junior, mid, senior; length: 3, 5 or 8 questions (up to {MAX_LENGTH}){topics}. "
            f"For example `{command} llm senior 5`" + (" or `start rag`." if command == "start" else "."))


def quoted(words: list[str]) -> str:
    """Words a command could not read, named back as typed: "`quantum`, `99`"."""
    return ", ".join("`" + w.replace("`", "'")[:30] + "`" for w in words)
