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
from dataclasses import dataclass, field, replace

from bot.grading.injection import cut_asides, is_injection
from bot.grading.language import looks_english
from bot.grading.signals import STOPWORDS, content_stems, tokens

# Full stops that end no sentence: abbreviations ("e.g.", "a.k.a."); dotted initials ("w.r.t.", "a.m.",
# "the U.S.", "Ph.D.") and short forms ("avg.", "min.", "no.") before lower case; references before a
# number ("Sec. 3.2", "Eq. 4", "No. 5", "ca. 50"); and an ellipsis before lower case. Decimals and
# versions ("0.75", "v1.2") have no space after the stop, so they never split.
_ABBREV = re.compile(r"\b(e\.g|i\.e|a\.k\.a|et al|etc|vs|cf|approx|fig|incl|resp|esp|mr|mrs|dr)\."
                     r"|\b(?:[a-z]\.){2,}(?=\s+[a-z])|\bph\.d\.(?=\s+[a-z])"
                     r"|\b(?:avg|min|max|no|nos|num|est|approx|ch|vol|sec|eq|eqs|ca|ref|nr|pp|p)\.(?=\s+(?:[a-z]|\d))"
                     r"|\.{2,}(?=\s+[a-z])"
                     # a numbered list's marker: "1. Use BM25" on its own line, after a colon or a sentence
                     r"|(?:^[ \t]*|(?<=[:.!?] ))\d{1,2}\.(?=[ \t]+\S)", re.I | re.M)
# A sentence may start in lower case: "k1 controls saturation.", "nDCG discounts by rank.", "p95 is ..."
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Za-z0-9`<])|(?<=[.!?])\s*\n+|\n\s*\n+|\n(?=\s*(?:[-*•]|\d+[.)\u2024])\s)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)\u2024])\s+")  # \u2024: a protected "1."
# A code block: its opening line names a language only when that line holds one word ("```py"); Slack has no
# tags, and its blocks start right after the fence ("```def rrf(lists):"), also on one line inside the text.
FENCE = re.compile(r"```(?:[\w+#.-]*[ \t]*\n)?(.*?)(?:```|\Z)", re.S)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(r"(?:#|//)\s*(.+)$", re.M)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
NOT_ENGLISH_NOTE = ("I can only grade answers in English, so this one could not be scored. "
                    "Try answering in English — it is the language most interviews here use.")
NO_ANSWER_NOTE = "There was no answer to grade. Give it a go — even a partial answer gets useful feedback."
INJECTION_NOTE = "Part of your answer gave instructions to the grader; I ignored it and graded the rest."
FEW_WORDS_NOTE = "A word or two rarely earns much. Try explaining in a few full sentences."
NOT_WORDS_NOTE = "That was one long run of letters, not words."
# Longer than any English word (the longest in dictionaries has 45 letters): "aaaa..." of 20,000 letters was
# counted as one word and called "a short answer" (QA). Latin letters only: Chinese or Japanese has no spaces.
_NOT_A_WORD = re.compile(r"[A-Za-z]{46,}")
_MENTION = re.compile(r"<!(channel|here|everyone)[^>]*>|@(channel|here|everyone)\b", re.I)
# A ping of people, in any platform's form: Slack's "<!here>", "<@U123|bob>", "<#C1|general>", Discord's
# "<@&5>", and "@here" or "@bob" as typed (an address never starts one: "ada@example.com" is none).
PING = re.compile(r"<[!@#][^<>\s]*>|(?<![\w.@])@\w[\w.-]*")
# An emoji shortcode as typed in the terminal (":tada:", ":wave::skin-tone-2:"): Slack sends the
# same and its adapter reads them back as emoji; a run of them alone is emoji, not words.
_SHORTCODE = re.compile(r"(?<![\w:])(?::[a-z0-9_+'-]+:)+", re.I)

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


_MARKUP = re.compile(r"\*\*|__|^#+\s+|^\s*>+\s?|\[([^\]]+)\]\([^)]*\)"
                     r"|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", re.M)  # headings, quotes, links, *emphasis*


def says_nothing(sentence: str) -> bool:
    """Whether a sentence is nothing but pings and emoji shortcodes ("@channel", "<!here>", ":tada: :+1:"):
    no word of an answer, so it is not graded (a message of only that is no answer, and spends no try)."""
    return not any(ch.isalnum() for ch in _SHORTCODE.sub(" ", PING.sub(" ", sentence)))


def split_sentences(text: str) -> list[str]:
    text = _MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    parts = (_BULLET.sub("", p).replace("\u2024", ".").strip() for p in _SENT_END.split(protected))
    return [" ".join(p.split()) for p in parts if p and any(ch.isalnum() for ch in p)]


def code_units(code: str) -> list[str]:
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
        units.append(CODE_UNIT_OPENING + " ".join(words[:40]) + ".")
    return units


CODE_UNIT_OPENING = "The code uses "  # the words of a code block, graded as one made-up sentence
CODE_NOTE = ("I grade the explanation more than the code itself: add a sentence or two on what your code does "
             "and why, as you would say it in the interview.")


def code_excerpt(code: str, chars: int = 120, whose: str = "your code") -> str:
    """How evidence quotes a code block: its own first characters, never the made-up sentence."""
    flat = " ".join(code.split())
    return f"{whose}: " + (flat if len(flat) <= chars else flat[:chars - 1].rstrip() + "…")


def split_code(text: str) -> tuple[str, str]:
    """The text's prose, each code block in it replaced by a paragraph break, and the blocks' code.
    A one-line block that its sentence runs on after ("e.g. ```split(doc)``` so each chunk ...") is
    inline code: it stays in the sentence, as `split(doc)` would."""
    prose, code, at = [], [], 0
    for m in FENCE.finditer(text):
        body, after = m.group(1), text[m.end():].split("\n", 1)[0].lstrip()
        prose.append(text[at:m.start()])
        if "\n" not in body.strip() and after and not after[0].isupper():
            prose.append(body.strip())
        else:
            prose.append("\n\n")
            code.append(body)
        at = m.end()
    return "".join([*prose, text[at:]]), "\n".join(code)


# A story puts its result and lesson last: a behavioural answer over the cap is also graded on its last
# few sentences past the cut (`PreparedAnswer.with_closing`).
CLOSING_SENTENCES, CLOSING_WORDS = 3, 100


def long_answer_note(words: int, graded: int, closing: int = 0, whole_sentences: bool = False) -> str:
    last = "your last sentence" if closing == 1 else f"your last {closing} sentences"
    read = f"the first {graded}" + (f" and {last}, where a story's result and lesson go" if closing else "")
    if whole_sentences:
        read = f"the whole sentences in the first {graded}"
    return (f"Your answer has {words} words; I graded {read}. "
            "In an interview, a tighter answer usually lands better.")


SENTENCE_CUT_SHARE = 0.5  # a cut answer loses the fragment the cut left only if this share of the cap stays


@dataclass
class PreparedAnswer:
    units: list[str]  # sentences to grade, prose first then code
    code_units: int = 0  # how many of the trailing units came from code
    code: str = ""  # the code blocks as written
    words: int = 0  # words in the answer as written
    truncated: bool = False
    injections: list[str] = field(default_factory=list)
    english: bool = True
    non_answer: bool = False
    notes: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # the last sentences past the cut, not in `units`
    cut_mid_sentence: bool = False  # the last unit is the opening of `closing[0]`
    cut_sentence: str = ""  # the whole sentence the cut fell in, when it is not `closing[0]`
    cut: tuple[int, int] = (0, 0)  # prose words as written, and how many of them were graded
    cut_fragment: bool = False  # the last unit is the opening of the sentence the cut fell in

    @property
    def text(self) -> str:
        return " ".join(self.units)

    @property
    def empty(self) -> bool:
        return not self.units

    def quoted(self, group: list[int]) -> str:
        """How evidence quotes these units: sentences as graded, and code as an excerpt of the code as
        written, from the first line they draw on (a comment's; the block's start for the made-up sentence)."""
        first_code = len(self.units) - self.code_units
        sentences = [self.units[i] for i in group if i < first_code]
        lines = [self.code.find(self.units[i]) for i in group if i >= first_code]
        if not lines:
            return " ".join(sentences)
        start = min(self.code.rfind("\n", 0, at) + 1 if at >= 0 else 0 for at in lines)
        return " ".join([*sentences, code_excerpt(self.code[start:])])

    def as_technical(self) -> PreparedAnswer:
        """The answer as a technical question reads it: such a question asks for no story, so there "I don't
        have an example" is "I don't know" and gets its note; the way out for having no story yet is
        promised to behavioural questions only (QA)."""
        if NO_STORY_NOTE not in self.notes:
            return self
        return replace(self, notes=[NOT_KNOWING_NOTE if n == NO_STORY_NOTE else n for n in self.notes])

    def without_cut_fragment(self) -> PreparedAnswer:
        """The answer graded up to its last whole sentence, when the cut fell in one: its opening alone can
        say what the whole sentence denies (QA: "An LLM judge" at the cap was flagged as the myth that a
        judge needs no checking, in an answer that went on to say it must be calibrated). Unless that keeps
        under SENTENCE_CUT_SHARE of the cap (a run-on sentence): then the cut stands."""
        kept = self.units[:-1]
        if not self.cut_fragment or word_count(" ".join(kept)) < SENTENCE_CUT_SHARE * self.cut[1]:
            return self
        before, after = long_answer_note(*self.cut), long_answer_note(*self.cut, whole_sentences=True)
        return replace(self, units=kept, cut_fragment=False, notes=[after if n == before else n for n in self.notes])

    def with_closing(self) -> PreparedAnswer:
        """The answer graded on its closing sentences too, for a story cut at the cap; the note says so."""
        if not self.closing:
            return self
        before, after = long_answer_note(*self.cut), long_answer_note(*self.cut, len(self.closing))
        # the sentence the cut fell in is read whole: its opening alone was quoted as "... and I wrote a"
        kept = (self.units[:-1] if self.cut_mid_sentence else
                self.units[:-1] + [self.cut_sentence] if self.cut_sentence else self.units)
        return replace(self, units=kept + self.closing, closing=[], cut_mid_sentence=False, cut_sentence="",
                       notes=[after if n == before else n for n in self.notes])


# "I haven't shipped a model yet, so I don't have an example": no story to grade, and a kind way out.
_NO_STORY = re.compile(r"\b(?:(?:do\s*n[o']?t|dont|ca\s*n[o']?t|cannot|could\s*n[o']?t)\s+(?:really\s+)?"
                       r"(?:have|think of|recall|remember|come up with)|have\s+(?:no|never\s+had\s+an?)|"
                       r"have\s*n[o']?t\s+got)\s+(?:an?\s+|any\s+|such\s+(?:an?\s+)?)?(?:real\s+|good\s+|"
                       r"relevant\s+)?(?:example|story|situation|time)s?\b")
NOT_KNOWING_NOTE = ("No worries — not knowing is part of practising. The points listed as missed show what a good "
                    "answer covers.")
NO_STORY_NOTE = ("No story yet is fine. Use a project, internship, class or open-source work, or say how you "
                 "would handle it: interviewers accept that when it is honest and concrete.")
# Notes that mean nothing was graded yet, so an interview keeps the try open: the grader could not read
# the answer at all, or a behavioural answer says there is no story to tell (yet).
UNREADABLE_NOTES = (NOT_ENGLISH_NOTE, NOT_WORDS_NOTE, NO_ANSWER_NOTE, NO_STORY_NOTE)
NO_STORY_WORDS = 30  # longer answers that mention having no example go on to answer anyway


def is_non_answer(lowered: str) -> bool:
    """`lowered`: the answer's tokens, lower case, joined by spaces."""
    if _BARE_NON_ANSWER.match(lowered):
        return True
    opening = _DONT_KNOW.match(lowered)
    return bool(opening) and len(content_stems(lowered[opening.end():])) <= DONT_KNOW_TOPIC_WORDS


# Code pasted without a fence: a run of two or more lines that read as code, at least one of them
# unmistakably (a def, an import, a return, a block opener ending in ":" or a line ending in "{" or ";").
_STRONG_CODE = re.compile(r"^\s*(?:def \w+\(|class \w+[:(]|import \w|from [\w.]+ import |return\b|"
                          r"(?:for|while|if|elif|with) .+:\s*$|else:\s*$|try:\s*$|except\b.*:\s*$|"
                          r"#include\b|(?:public|private|static) \w|.*[(=].*;\s*$|.*\{\s*$)")
_CODE_LIKE = re.compile(r"^\s*(?:[\w.\[\]]+\s*[-+*/]?=\s*\S.*|[\w.]+\(.*\)\s*;?|[})\]]+;?|#.*|//.*)\s*$")


# A message of one line is code alone when it reads as code, shows a sign only code has (a def, return or
# import; a method call, a keyword argument, a slice, an arrow; a closing ";" or an opening "{"), and,
# outside a comment, uses at most one English function word that is no keyword: "return sorted(docs,
# key=score)[:10]" is code; "return the documents sorted by score", "O(log n)" and "y = softmax(Wx + b)" are not.
_ONLY_CODE_HAS = re.compile(r"^\s*(?:def|class|return|import|from|lambda)\b|\w\.\w+\(|[(,]\s*\w+=[^=]"
                            r"|\[[^\]]*:[^\]]*\]|=>|[;{]\s*$")
_PROSE_WORDS_IN_CODE = 1


def is_one_line_of_code(line: str) -> bool:
    if "\n" in line.strip() or not (_STRONG_CODE.match(line) or _CODE_LIKE.match(line)):
        return False
    return bool(_ONLY_CODE_HAS.search(line)) and _few_prose_words(line)


def _few_prose_words(line: str) -> bool:
    words = re.findall(r"[a-z']+", _COMMENT.sub("", line).lower())
    prose = [w for w in words if len(w) > 1 and w in STOPWORDS and not keyword.iskeyword(w)]
    return len(prose) <= _PROSE_WORDS_IN_CODE


# A message that is one inline code span and nothing else (`retriever.search(query, k=5)`) is code alone, as
# a fenced block is, when what the backticks hold shows code's syntax (brackets, "=", an operator) or reads as
# a line of code, with few English words: a term in backticks (`BM25`, `text-embedding-3-small`) is an answer.
_ONE_INLINE_SPAN = re.compile(r"^\s*(`{1,2})([^`\n]+)\1\s*$")
_CODE_SYNTAX = re.compile(r"[()\[\]{}=;<>+*/%&|^~$@\\]")


def _inline_code_alone(text: str) -> str | None:
    """What the one inline code span a message is holds, when it is code; None otherwise."""
    span = _ONE_INLINE_SPAN.match(text)
    if not span:
        return None
    code = span.group(2).strip()
    return code if (_CODE_SYNTAX.search(code) or is_one_line_of_code(code)) and _few_prose_words(code) else None


def fence_bare_code(text: str) -> str:
    """The text with runs of unfenced code lines put between fences, so they are graded as code; a
    message of one line of code, or of one inline code span of code, is such a run too."""
    if "```" in text:
        return text
    if is_one_line_of_code(text):
        return f"```\n{text.strip()}\n```"
    if (code := _inline_code_alone(text)) is not None:
        return f"```\n{code}\n```"
    lines, out, run = text.split("\n"), [], []

    def flush():
        trailing = []
        while run and not run[-1].strip():  # blank lines after the code are not part of it
            trailing.insert(0, run.pop())
        code = [x for x in run if x.strip()]
        if len(code) >= 2 and any(_STRONG_CODE.match(x) for x in code):
            out.extend(["```", *run, "```"])
        else:
            out.extend(run)
        out.extend(trailing)
        run.clear()

    for line in lines:
        if (run and not line.strip()) or (line.strip() and (_STRONG_CODE.match(line) or _CODE_LIKE.match(line)
                                                              or (run and line.startswith((" ", "\t"))))):
            run.append(line)  # a blank line inside code stays with it
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def closing_sentences(prose: str, kept: list[str]) -> tuple[list[str], bool, str]:
    """The last sentences of `prose` (at most CLOSING_SENTENCES, CLOSING_WORDS words) that `kept`, the
    sentences graded from its opening, does not hold whole; whether the first of them is the one the
    cut fell in (`kept[-1]` is its opening); and otherwise that sentence whole, when the cut fell in one.
    Instructions to the grader are left out."""
    sentences = [s for s in split_sentences(cut_asides(prose)[0]) if not is_injection(s)]
    if not kept:
        return [], False, ""
    cut_in = len(sentences) >= len(kept) and sentences[len(kept) - 1] != kept[-1]
    whole = len(kept) - cut_in
    out: list[str] = []
    for sentence in reversed(sentences[whole:]):
        if len(out) == CLOSING_SENTENCES or word_count(" ".join([sentence, *out])) > CLOSING_WORDS:
            break
        out.insert(0, sentence)
    mid = bool(out) and len(sentences) - len(out) < len(kept)
    return out, mid, sentences[len(kept) - 1] if cut_in and out and not mid else ""


def prepare(answer: str, max_words: int = 400) -> PreparedAnswer:
    raw = fence_bare_code(strip_emoji(answer or "").replace("\r\n", "\n"))
    prose, code = split_code(raw)
    prose, letter_runs = _NOT_A_WORD.subn(" ", prose.replace("`", ""))
    out = PreparedAnswer(units=[], words=word_count(raw))

    words = prose.split()
    whole = prose
    if len(words) > max_words:  # cut on whitespace but keep line breaks before the cut
        cut = 0
        for _ in range(max_words):
            m = re.search(r"\S+", prose[cut:])
            cut += m.end() if m else 0
        prose, out.truncated, out.cut = prose[:cut], True, (len(words), max_words)
        out.notes.append(long_answer_note(len(words), max_words))
    prose, out.injections = cut_asides(prose)
    for sentence in split_sentences(prose):
        if not says_nothing(sentence):
            (out.injections if is_injection(sentence) else out.units).append(sentence)
    if out.truncated:
        out.closing, out.cut_mid_sentence, out.cut_sentence = closing_sentences(whole, out.units)
        out.cut_fragment = bool(out.units) and out.units[-1] not in split_sentences(cut_asides(whole)[0])
    if out.injections:
        out.notes.append(INJECTION_NOTE)
    if not out.truncated:
        from_code = code_units(code) if code.strip() else []
        out.units += from_code
        out.code_units = len(from_code)
        out.code = code.strip()

    prose_text = " ".join(out.units[:len(out.units) - out.code_units])
    out.english = looks_english(prose_text)
    if not out.english:
        out.notes.append(NOT_ENGLISH_NOTE)
    # "@here I don't know" is a non-answer like "I don't know": a ping is said to people, not about the question
    lowered = " ".join(tokens(PING.sub(" ", prose_text), keep_apostrophes=True))
    said = word_count(PING.sub(" ", out.text))
    if not out.units:
        out.notes += [NOT_WORDS_NOTE, NO_ANSWER_NOTE] if letter_runs else [NO_ANSWER_NOTE]
    elif said <= NO_STORY_WORDS and _NO_STORY.search(lowered):
        out.non_answer = True
        out.notes.append(NO_STORY_NOTE)
    elif said <= 12 and is_non_answer(lowered):
        out.non_answer = True
        out.notes.append(NOT_KNOWING_NOTE)
    elif out.english and said <= 2:  # Chinese or Japanese has no spaces to count words by
        out.notes.append(FEW_WORDS_NOTE)
    if out.code_units and out.code_units == len(out.units):
        out.notes.append(CODE_NOTE)
    return out
