"""How a text reads for negation: each content word with its polarity, clause by clause.

MiniLM embeds a claim and its negation nearly alike ("the cache stores the
keys" and "the cache does not store the keys" sit at a cosine near 0.9), so
whether a sentence says or denies a point is read here, from the words, for
negation.py to compare.

Each text is read clause by clause, and each content word gets a polarity:
negated when a negation cue before it in its clause scopes over it ("does not
store the keys"; "avoids recomputing the prefix"; "no extra memory"), an even
number of cues cancelling out ("can't avoid recomputing"). "Instead of",
"without", "except" and their kin scope over a phrase only ("instead of using
recursion is ..."; "without it the dot products grow"). A few cues look back,
at the end of a clause: "the guidelines don't matter", "canary releases ...,
so avoid them". "Not only", "no matter", "no more than", "whether or not",
"not necessarily" and "not always" deny nothing. Some words claim nothing either
way and are left out: a condition's ("if no constructor is provided, ..."), a
restriction's ("can only be accessed inside" says what "cannot be accessed
outside" says), and a whole sentence about what would happen otherwise
("without a cache you would recompute ..."). The question's words are kept
apart: they are what the answer is about ("The KV cache does not store ..."),
not what it claims of it. A piece after punctuation that opens with "or" offers
another option (", or rank-based fusion such as RRF"; not ", or it fails"),
and each clause is read with the option it belongs to.

A denial by "no" made emphatic ("no accuracy cost at all", "... whatsoever") is as sure of itself as a dismissive
backward cue, so one word of the point it turns round is enough (negation.py); "not ... anything" denies
what "everything" claims; "less" before a quality ("less deterministic", "less accurate"; not a quantity,
"less memory") denies that quality; and a denial's subject may be among the words a point names in a
condition ("Invalidate everything when the model is upgraded" against "upgrading the model does not
invalidate anything") (QA).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from bot.grading.signals import STOPWORDS, stem

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_CLAUSE_PUNCT = re.compile(r"[,;:.!?()\[\]\"\u2014\u2013]|\s-\s")
# Words that start a new clause: a negation before them does not reach past them.
_CLAUSE_OPENERS = frozenset("but so because since which while whereas although though however yet who whom "
                            "where whereby then otherwise thus hence therefore before after".split())
_CONDITIONS = frozenset("if unless whether until when whenever".split())  # open a clause that claims nothing
_NEGATORS = frozenset("not never no nothing none nobody neither nor cannot nowhere rarely seldom hardly "
                      "avoid avoids avoided avoiding lack lacks lacking".split())
_CONTRACTED = frozenset("dont doesnt isnt arent didnt cant wont".split())
# Cues that negate a phrase, not the rest of their clause.
_PHRASE_NEGATORS = {("instead", "of"): 2, ("rather", "than"): 2, ("as", "opposed"): 3, ("other", "than"): 2,
                    ("without",): 1, ("except",): 1}
_PHRASE_ENDS = frozenset("is are was were be been has have had can could will would should must may might "
                         "do does did".split())
# A negator followed by one of these denies nothing: "not only X but Y", "no matter", "no more than 5%",
# "nothing but", "no doubt"; "not necessarily X" and "not always X" are hedges that "X" does not contradict.
# Nor does one after "or"/"if": "whether or not", "if not".
_NOT_DENYING_AFTER = frozenset("only just merely simply solely matter more less fewer doubt but necessarily "
                               "always".split())
_NOT_DENYING_BEFORE = frozenset({"or", "if"})
# Words a negation passes over to find what it denies: "does not really need labels" denies the labels.
_LIGHT = frozenset("there's theres try tries tried trying need needs needed really actually even ever still "
                   "anymore much quite entirely fully completely strictly any".split())
# Clause-final cues that deny what came before them in the clause; with a pronoun ("avoid them", "it
# doesn't matter") what they deny is earlier in the sentence. The dismissive ones are rare in correct
# answers; "is not required" is common there ("a fixed head is not required"), so it is held to two words.
_DISMISSIVE = re.compile(
    r"\b(?:(?:do|does|did)\s+not|don't|doesn't|didn't)\s+matter$"
    r"|\b(?:is|are|was|were|be)\s+(?:irrelevant|useless|pointless|overrated|a\s+waste(?:\s+of\s+\w+)?)$"
    r"|\b(?:avoid|skip|drop)\s+(?:it|them|this|that|these|those)$")
# ... but not after a negator: "so teams cannot skip it" insists on it (QA: the point's own words were flagged
# as its opposite against a phrasing that ends so).
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|cannot|can't|cant|don't|dont|won't|wont|shouldn't|mustn't|nobody)$")
_NOT_NEEDED = re.compile(r"\b(?:is|are|was|were|be)(?:\s+not|n't)\s+(?:needed|necessary|required|important|"
                         r"worth\s+it)$|\b(?:is|are|was|were|be)\s+unnecessary$")
LIST_ITEM_WORDS = 6  # a piece this short with no verb continues a list (", latency or quality metrics"; at 4, QA found
# ", inverse document frequency or length normalisation" left out of "does not use term frequency, ...")
_PRONOUNS = frozenset("it they them this that these those".split())
_NEW_SUBJECTS = frozenset("it there they we you i he she".split())
_ARTICLES = frozenset("the a an".split())
_OTHERWISE = frozenset("else otherwise".split())
# "Without a cache you would recompute the prefix": a sentence about what would happen otherwise.
_HYPOTHETICAL = re.compile(r"\b(?:without|if|unless|otherwise)\b.*\b(?:would|could|might)\b"
                           r"|\b(?:would|could|might)\b.*\b(?:without|if|unless|otherwise)\b", re.I | re.S)


@dataclass(frozen=True)
class Head:
    """What a negation denies: its first content word (for a backward cue, each word it looks at)."""
    word: str
    negated: bool
    dismissive: bool  # a dismissive backward cue ("... don't matter", "avoid them"): one word is enough
    subject: frozenset[str] = frozenset()  # the clause's content words before a forward cue
    named: frozenset[str] = frozenset()  # the question's words among them ("a prototype does not ...")


_EMPHATIC = re.compile(r"\bat all\b|\bwhatsoever\b")
# "less" before a quality denies it; before a quantity ("less memory", "less time") it claims the point's own
# "cuts memory". Qualities are told by their endings: deterministic, accurate, reliable, predictable, effective.
_LESS = frozenset({"less"})
_QUALITY = re.compile(r"[a-z]{3,}(?:ic|ive|able|ible|ful|ous|ate)$")
_ANY = {"anyth": "everyth", "anyon": "everyon", "anywher": "everywher"}  # "not ... anything" denies "everything"


def emphatic(clause: list[str], head: int) -> bool:
    """Whether a denial by "no" is made emphatic ("no accuracy cost at all"); "will not execute at all
    unless ..." is a condition's, and a correct answer's."""
    return clause[head - 1] == "no" and bool(_EMPHATIC.search(" ".join(clause[head:])))


@dataclass(frozen=True)
class Reading:
    """A text's content words with their polarity (True: negated) and clause, and its negations' heads."""
    words: tuple[tuple[str, bool], ...] = ()
    heads: tuple[Head, ...] = ()
    clauses: tuple[int, ...] = ()  # per word, the number of its clause
    named: tuple[frozenset[str], ...] = ()  # per clause, the question's words it names
    subjects: tuple[frozenset[str], ...] = ()  # per clause, the words before a forward negation in it
    options: tuple[int, ...] = ()  # per clause, the option it offers (", or ..." starts the next)
    mentioned: frozenset[str] = frozenset()  # every content word, a condition's too (it claims nothing)

    @property
    def topic(self) -> frozenset[str]:
        return frozenset().union(*self.subjects)

    def polarities(self) -> dict[str, set[bool]]:
        out: dict[str, set[bool]] = defaultdict(set)
        for word, negated in self.words:
            out[word].add(negated)
        return out


def _negator(words: list[str], i: int) -> tuple[int, bool]:
    """(how many words the negation at i spans, 0 for none; whether it negates a phrase only)."""
    for pair, span in _PHRASE_NEGATORS.items():
        if tuple(words[i:i + len(pair)]) == pair:
            return span, True
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _LESS:  # "less deterministic": a phrase negation of the one quality
        return (1, True) if _QUALITY.fullmatch(nxt) and (not i or words[i - 1] not in _NEGATORS) else (0, False)
    if not (w in _NEGATORS or w in _CONTRACTED or w.endswith("n't")):
        return 0, False
    if nxt in _NOT_DENYING_AFTER or (i and words[i - 1] in _NOT_DENYING_BEFORE):
        return 0, False
    return 1, False


def _opens_clause(words: list[str], i: int) -> bool:
    """Whether words[i] starts a new clause: an opener, or "and"/"or" before a new subject or a new
    negation ("does not store keys, and there is no ...", "does not re-score them and does not improve
    ..."), where one "not" must not reach into the other's clause and cancel it."""
    w = words[i]
    if w in _CLAUSE_OPENERS or w in _CONDITIONS:
        return True
    ahead = range(i + 1, min(i + 4, len(words)))
    return w in ("and", "or") and len(ahead) > 0 and (
        words[i + 1] in _NEW_SUBJECTS or any(_negator(words, k) == (1, False) for k in ahead))


def _pieces(text: str) -> list[list[str]]:
    """The text's words between punctuation, where a short verbless piece after a negated one stays with it:
    "you do not compare error rates, latency or quality metrics" denies all three."""
    out: list[list[str]] = []
    for piece in _CLAUSE_PUNCT.split(text.lower().replace("\u2019", "'")):
        words = _WORD.findall(piece)
        listed = 0 < len(words) <= LIST_ITEM_WORDS and not any(
            w in _PHRASE_ENDS or w in _CLAUSE_OPENERS or w in _CONDITIONS for w in words)
        if listed and out and any(_negator(out[-1], k)[0] for k in range(len(out[-1]))):
            out[-1] = out[-1] + words
        else:
            out.append(words)
    return out


def _opens_option(piece: list[str]) -> bool:
    """Whether a piece after punctuation offers another option: ", or rank-based fusion such as RRF"; not
    ", or it fails" / ", or else ...", which say what happens otherwise."""
    return len(piece) > 1 and piece[0] == "or" and piece[1] not in _NEW_SUBJECTS | _OTHERWISE


def _clauses(text: str) -> tuple[list[list[str]], list[int]]:
    """The text's clauses, and per clause the option it belongs to (see `_opens_option`)."""
    out, options, option = [], [], 0
    for words in _pieces(text):
        option += _opens_option(words)
        clause: list[str] = []
        for i, w in enumerate(words):
            if clause and _opens_clause(words, i):
                out.append(clause)
                options.append(option)
                clause = []
            clause.append(w)
        if clause:
            out.append(clause)
            options.append(option)
    return out, options


def _stem(word: str) -> str | None:
    """The word's stem ("token's" as "token", "training-free" as "training"); None for no content word."""
    if (word in STOPWORDS or word in _LIGHT or word in _CLAUSE_OPENERS or len(word) < 2
            or not any(c.isalpha() for c in word)):
        return None
    stemmed = stem(word[:-5] if word.endswith("-free") else word[:-2] if word.endswith("'s") else word)
    return _ANY.get(stemmed, stemmed)


def _phrase_end(clause: list[str], start: int, fronted: bool) -> int:
    """Where a phrase negation's scope ends: at the next verb-like word; after a pronoun ("without it");
    and, when it opens its clause ("without the scaling the logits grow"), where the subject starts."""
    if start < len(clause) and clause[start] in _PRONOUNS:
        return start + 1
    for k in range(start, len(clause)):
        if clause[k] in _PHRASE_ENDS or (fronted and k > start + 1 and clause[k] in _NEW_SUBJECTS | _ARTICLES):
            return k
    return len(clause)


def _flips(clause: list[str]) -> tuple[list[int], list[bool], list[tuple[int, bool]]]:
    """Per word, how many negations scope over it and whether it is a cue's own word; each negation's head
    position and whether it negates a phrase only."""
    flips, cue, heads = [0] * len(clause), [False] * len(clause), []
    i = 0
    while i < len(clause):
        span, phrase = _negator(clause, i)
        if not span:
            i += 1
            continue
        cue[i:i + span] = [True] * span
        end = (i + span + 1 if clause[i] in _LESS else _phrase_end(clause, i + span, fronted=i == 0)) if phrase \
            else len(clause)
        for k in range(i + span, end):
            flips[k] += 1
        heads.append((i + span, phrase))
        i += span
    for k, w in enumerate(clause):  # "training-free" says "without training"
        flips[k] += w.endswith("-free")
    return flips, cue, heads


@lru_cache(maxsize=4096)
def read(text: str, question_stems: frozenset[str] = frozenset()) -> Reading:
    """The text's polarity, clause by clause; the question's words are kept apart (see the docstring)."""
    if _HYPOTHETICAL.search(text):
        return Reading()
    words: list[tuple[str, bool]] = []
    clause_of: list[int] = []
    named: list[frozenset[str]] = []
    heads: list[Head] = []
    subjects: list[frozenset[str]] = []
    before: list[int] = []  # positions in `words` of the sentence's earlier clauses
    clauses, options = _clauses(text)
    for number, clause in enumerate(clauses):
        stems = [_stem(w) for w in clause]
        named.append(frozenset(s for s in stems if s in question_stems))
        subjects.append(frozenset())
        if clause[0] in _CONDITIONS:
            continue
        flips, cue, forward = _flips(clause)
        joined = " ".join(clause)
        back = _DISMISSIVE.search(joined) or _NOT_NEEDED.search(joined)
        if back and back.re is _DISMISSIVE and _NEGATED_BEFORE.search(joined[:back.start()].rstrip()):
            back = None
        end = len(joined[:back.start()].split()) if back else len(clause)
        restricted = clause.index("only") if "only" in clause[:end] else end
        # "store"/"stored" and "rise"/"rises" stem apart: compared without a final "e"
        content = [None if s is None or cue[k] or k >= restricted or s in question_stems else s.rstrip("e") or s
                   for k, s in enumerate(stems)]
        start = len(words)
        words += [(s, bool(flips[k] % 2)) for k, s in enumerate(content) if s is not None]
        for h, phrase in forward:
            first = next((k for k in range(h, restricted) if content[k] is not None), None)
            while first is not None and clause[h - 1] == "no" and first + 1 < restricted and content[first + 1]:
                first += 1  # "no" denies its noun: "no score normalisation" denies the normalisation
            less = clause[h - 1] in _LESS  # "the output is less deterministic" denies a quality of the output
            # what a "not" is about, the words before it; "X rather than Y" says X
            subject = frozenset() if phrase and not less else (frozenset(s for s in content[:h] if s is not None)
                                                               - {s for k, s in enumerate(content) if flips[k]})
            subjects[number] |= subject
            if first is not None and (less or not phrase):  # "X rather than a lookup table" denies nothing
                heads.append(Head(content[first], bool(flips[first] % 2), dismissive=emphatic(clause, h),
                                  subject=subject, named=frozenset(s for s in stems[:h] if s in question_stems)))
        if back:
            looked_at = list(range(start, len(words)))
            if not looked_at or back.group(0).split()[-1] in _PRONOUNS:
                looked_at = before + looked_at
            for k in looked_at:
                words[k] = (words[k][0], not words[k][1])
                heads.append(Head(*words[k], dismissive=back.re is _DISMISSIVE))
        before += range(start, len(words))
        clause_of += [number] * (len(words) - start)
    mentioned = frozenset(s.rstrip("e") or s for clause in clauses for s in map(_stem, clause)
                          if s is not None and s not in question_stems)
    return Reading(tuple(words), tuple(heads), tuple(clause_of), tuple(named), tuple(subjects), tuple(options),
                   mentioned)


