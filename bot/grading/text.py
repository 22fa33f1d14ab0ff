"""Turn a raw answer into gradeable sentences, and say what was done to it.

Everything that changes what gets graded happens here, in one pass, so the
offline grader and the LLM judge see the same text: emoji dropped, code
blocks reduced to their identifiers and comments, the answer cut to the
first N words, and sentences that try to instruct the grader removed.
"""
from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass, field

from bot.grading.signals import FOREIGN_STOPWORDS, STOPWORDS, content_stems, tokens

_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|vs|cf|approx|fig|mr|mrs|dr)\.", re.I)
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9`])|(?<=[.!?])\s*\n+|\n\s*\n+|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_FENCE = re.compile(r"```[^\n]*\n?(.*?)(?:```|\Z)", re.S)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(r"(?:#|//)\s*(.+)$", re.M)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
FEW_WORDS_NOTE = "A word or two rarely earns much. Try explaining in a few full sentences."
_WORDS = re.compile(r"[^\W\d_]+")  # runs of letters in any script
_MENTION = re.compile(r"<!(channel|here|everyone)[^>]*>|@(channel|here|everyone)\b", re.I)

# Sentences addressed to the grader rather than answering the question.
_INJECTION = [re.compile(p, re.I) for p in (
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,60}\b(instruction|rubric|rule|prompt|criteria|grading|above|previous|everything)",
    r"\b(give|award|assign|grant|mark|rate|score)\b.{0,40}\b(full|max(imum)?|perfect|top|10|ten|100)\s*(/\s*10|%)?\s*(marks?|points?|score|credit|grade|out of)",
    r"\b(full|perfect|maximum|top)\s+(marks|score|credit|grade)\b",
    r"\b(grader|grading model|evaluator|assistant|ai|llm)\b.{0,30}\b(must|should|will|shall)\b.{0,30}\b(score|grade|mark|rate|give)",
    r"\b(system prompt|new instructions|developer mode|jailbreak)\b",
    r"\byou are (now )?(a|an|the) (grader|evaluator|assistant|ai|teacher)\b",
    r"\bthis answer (is|deserves|should get|gets) (a )?(perfect|excellent|10|ten|full)",
    r"<\|[a-z_]+\|>|\[/?INST\]|^\s*#+\s*(system|assistant)\b",
)]

# "I don't know" and its kin open a non-answer; what follows may name the topic, not explain it.
_DONT_KNOW = re.compile(
    r"^(i\s*(do\s*n[o']?t|dont|really\s+do\s*n[o']?t)\s+know|idk|dunno|no\s+idea|not\s+sure|no\s+clue|"
    r"i\s+have\s+no\s+(idea|clue)|i\s*(ca\s*n[o']?t|cannot)\s+(answer|remember|say)|"
    r"i\s*(am|'m)\s+not\s+sure|i\s+forgot|no\s+answer)\b")
DONT_KNOW_TOPIC_WORDS = 3  # content words after "I don't know" that still make a non-answer ("... about BPE")
# Words that are a non-answer only when they are the whole answer: "no base case" and
# "pass the length along" are answers.
_BARE_NON_ANSWER = re.compile(r"^(pass|skip|next|\?+|no|nope|nothing|n/?a|none)( sorry)?$")


def word_count(text: str) -> int:
    return len(text.split())


def neutralize_mentions(text: str) -> str:
    """Quoted answer text must never ping a whole channel."""
    return _MENTION.sub(lambda m: "@\u200b" + (m.group(1) or m.group(2)), text)


def strip_emoji(text: str) -> str:
    # Not "Sk": backticks and carets are modifier symbols too; skin tones are dropped by range.
    return "".join(c for c in text if unicodedata.category(c) not in ("So", "Cs", "Co", "Cn")
                   and c not in "\u200d\ufe0f\ufe0e" and not "\U0001f3fb" <= c <= "\U0001f3ff")


_MARKUP = re.compile(r"\*\*|__|^#+\s+|\[([^\]]+)\]\([^)]*\)", re.M)


def split_sentences(text: str) -> list[str]:
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    parts = (_BULLET.sub("", p).replace("\u2024", ".").strip() for p in _SENT_END.split(protected))
    return [" ".join(p.split()) for p in parts if p and any(ch.isalnum() for ch in p)]


def _code_units(code: str) -> list[str]:
    """A code block is graded on the words of its comments and identifiers, not its syntax."""
    units = [c.strip() for c in _COMMENT.findall(code) if word_count(c) >= 3]
    code = _COMMENT.sub("", code)
    words: list[str] = []
    for ident in _IDENT.findall(code):
        if keyword.iskeyword(ident) or ident in {"self", "def", "return", "int", "str", "float", "list", "dict"}:
            continue
        for w in _CAMEL.sub("_", ident).split("_"):
            if len(w) > 1 and w.lower() not in words:
                words.append(w.lower())
    if words:
        units.append("The code uses " + " ".join(words[:40]) + ".")
    return units


def looks_english(text: str) -> bool:
    """A cheap guess: mostly ASCII letters, and English function words outnumber common foreign ones."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return True
    if sum(c.isascii() for c in letters) / len(letters) < 0.7:
        return False
    words = _WORDS.findall(text.lower())  # whole words, accents kept: "más", not "m" + "s"
    if len(words) < 6:
        return True
    english = sum(w in STOPWORDS for w in words)
    foreign = sum(w in FOREIGN_STOPWORDS for w in words)
    # English prose rarely has accented words (a "naïve" or a "Jürgen"); Spanish or French has many
    accented = sum(not w.isascii() for w in words)
    return not ((foreign >= 3 and foreign > english) or accented >= max(2.0, 0.2 * len(words)))


def is_injection(sentence: str) -> bool:
    return any(p.search(sentence) for p in _INJECTION)


@dataclass
class PreparedAnswer:
    units: list[str]  # sentences to grade, prose first then code
    code_units: int = 0  # how many of the trailing units came from code
    words: int = 0  # words in the answer as written
    truncated: bool = False
    injections: list[str] = field(default_factory=list)
    english: bool = True
    non_answer: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.units)

    @property
    def empty(self) -> bool:
        return not self.units


def is_non_answer(lowered: str) -> bool:
    """`lowered`: the answer's tokens, lower case, joined by spaces."""
    if _BARE_NON_ANSWER.match(lowered):
        return True
    opening = _DONT_KNOW.match(lowered)
    return bool(opening) and len(content_stems(lowered[opening.end():])) <= DONT_KNOW_TOPIC_WORDS


def prepare(answer: str, max_words: int = 400) -> PreparedAnswer:
    raw = strip_emoji(answer or "").replace("\r\n", "\n")
    code = "\n".join(m.group(1) for m in _FENCE.finditer(raw))
    prose = _FENCE.sub("\n\n", raw).replace("`", "")
    out = PreparedAnswer(units=[], words=word_count(raw))

    words = prose.split()
    if len(words) > max_words:  # cut on whitespace but keep line breaks before the cut
        cut = 0
        for _ in range(max_words):
            m = re.search(r"\S+", prose[cut:])
            cut += m.end() if m else 0
        prose, out.truncated = prose[:cut], True
        out.notes.append(f"Your answer has {len(words)} words; I graded the first {max_words}. "
                         "In an interview, a tighter answer usually lands better.")
    for sentence in split_sentences(prose):
        (out.injections if is_injection(sentence) else out.units).append(sentence)
    if out.injections:
        out.notes.append("Part of your answer gave instructions to the grader; I ignored it and graded the rest.")
    if not out.truncated:
        code_units = _code_units(code) if code.strip() else []
        out.units += code_units
        out.code_units = len(code_units)

    prose_text = " ".join(out.units[:len(out.units) - out.code_units])
    out.english = looks_english(prose_text)
    if not out.english:
        out.notes.append("I can only grade answers in English, so this one could not be scored. "
                         "Try answering in English - it is the language most interviews here use.")
    lowered = " ".join(tokens(prose_text, keep_apostrophes=True))
    if not out.units:
        out.notes.append("There was no answer to grade. Give it a go - even a partial answer gets useful feedback.")
    elif word_count(out.text) <= 12 and is_non_answer(lowered):
        out.non_answer = True
        out.notes.append("No worries - not knowing is part of practising. Have a look at the model answer "
                         "and the hint, then try this question again later.")
    elif word_count(out.text) <= 2:
        out.notes.append(FEW_WORDS_NOTE)
    return out
