"""Cheap lexical signals beside the embeddings.

They answer questions that cosine similarity cannot: is this sentence an
explanation or a list of bare terms, does it negate what it resembles, does
the answer show trade-offs, examples and a STAR structure.
"""
from __future__ import annotations

import re
from typing import Sequence

STOPWORDS = frozenset("""
a an the and or but if then so because as of to in on at by for with from into over under about than
that this these those it its it's is are was were be been being am has have had do does did doing
can could will would should may might must shall not no nor only also very too more most less least
i me my we our you your he she they them their his her what which who whom whose when where why how
there here all any both each few other some such own same just while until after before between through
during again further once up down out off one two use uses used using make makes made get gets let lets
""".split())

FOREIGN_STOPWORDS = frozenset("""
el la los las que es una un por para con del se lo su al como más pero sus le les est une des et pour en
dans sur qui ne pas sont avec ce cette der die das und ist nicht ein eine zu den mit von auf dem sich
für wir ich sie auch il che non di della sono per gli questo uma não com os em da ao
de du au aux nous vous ils elle elles mais ou où donc très être avoir peut leur leurs aussi quand comme entre
chaque tous toute sans dont ainsi cela ça je tu notre votre lorsque alors selon été quel quelle
pero también cuando está están sobre puede este esta estos esto ese eso cada
und oder aber wenn werden wird sind durch nach noch nur wie kann dass
anche nel nella delle degli molto ogni più può perché
também muito mais pode são seu sua
""".split())

NEGATION = re.compile(r"\b(not|no|never|n't|isn't|aren't|doesn't|don't|didn't|won't|cannot|can't|"
                      r"myth|wrong|misconception|false|untrue|rather than|instead of|no longer)\b", re.I)

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_TOKEN_APOS = re.compile(r"[a-z0-9']+|\?")

DEPTH_MARKERS = {
    "trade-off": re.compile(r"\b(trade-?offs?|downsides?|drawbacks?|weakness(es)?|weak spots?|costs?|at the (cost|expense)|however|whereas|"
                            r"on the other hand|but|cheap(er)?|(more )?expensive|costly|pros and cons|slower|faster|"
                            r"versus|vs\.?|balance|limitations?|risks?)\b", re.I),
    "example": re.compile(r"\b(for example|for instance|e\.g\.|such as|like when|in my (last|previous)? ?"
                          r"(project|team|job|role)|we (had|saw|used|built)|\d+(\.\d+)?\s*(%|ms|x|k|m|gb|tokens?))", re.I),
    "when-not": re.compile(r"\b(when not|wouldn't|would not|avoid|unless|only (if|when)|depends on|it depends|"
                           r"not worth|overkill|instead|fails? (when|if|on)|breaks? (when|if|down))\b"
                           # two conditions with a choice each: "if the labels are stable, fine-tune ...; if they
                           # churn, prompt an LLM" weighs when to use which
                           r"|\bif\b[^.;?!]{3,160}[;.]\s+(and |but |whereas )?if\b|\botherwise\b", re.I),
}

STAR_MARKERS = {
    "situation": re.compile(r"\b(at my (last|previous|current|first)|in my (internship|first|last|previous|current)|"
                            r"we were|our (team|product|model|classifier|system|service)|the (team|project)|"
                            r"there was|last year|when i was|i was (working|improving|building|on)|my manager|context)\b", re.I),
    "task": re.compile(r"\b(i was (responsible|asked|tasked)|my (goal|task|job|role|responsibility)|i needed to|"
                       r"we needed to|the goal|had to|deadline|asked me to|the problem was|so my task)\b", re.I),
    "action": re.compile(r"\bi (then )?([a-z-]+ed|took|wrote|built|ran|made|set up|led|met|brought|kept|went|"
                         r"spoke|sent|gave|drew|chose|began|found|did|put|sat)\b", re.I),
    "result": re.compile(r"\b(as a result|the result|in the end|outcome|resulted|reduced|improved|increased|"
                         r"decreased|cut|shipped|launched|learned|lesson|saved|trusted|afterwards|since then|"
                         r"improvement|\d+(\.\d+)?\s*(%|percent))\b", re.I),
}

CONNECTIVES = re.compile(r"\b(first|second|third|then|finally|because|so that|therefore|which means|"
                         r"this means|that is why|in short|overall|for example)\b", re.I)


def tokens(text: str, keep_apostrophes: bool = False) -> list[str]:
    return (_TOKEN_APOS if keep_apostrophes else _TOKEN).findall(text.lower())


def stem(word: str) -> str:
    """A crude suffix strip: enough to match 'tokens'/'token' and 'batching'/'batch'."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in tokens(text) if w not in STOPWORDS and len(w) > 1}


def lexical_recall(point: set[str], unit: set[str]) -> float:
    """The share of the point's content words the sentence uses."""
    return len(point & unit) / len(point) if point else 0.0


_EQUALS = re.compile(r"(?<=[\w)\]])\s*(?<![<>!=])=(?![=>])\s*(?=[\w(])")


def explanation_factor(sentence: str) -> float:
    """1.0 for a real explanatory clause, down to 0.3 for a bare list of terms.

    Keyword stuffing names the right terms without saying anything about them;
    real sentences carry function words (the, of, is, because...) and lists of
    short comma-separated items do not.
    """
    # "Perplexity = exp(mean NLL per token)" is a definition in note form: the "=" reads as "is"
    words = tokens(_EQUALS.sub(" is ", sentence))
    n = len(words)
    if n == 0:
        return 0.0
    function_ratio = sum(w in STOPWORDS for w in words) / n
    items = [i for i in re.split(r"[,;/|]|\band\b", sentence) if i.strip()]
    if len(items) >= 3 and n / len(items) < 3.0 and function_ratio < 0.25:
        return 0.3
    if n < 4:
        return 0.5
    factor = min(1.0, 0.6 + 2.0 * function_ratio)
    return min(factor, 0.75) if n < 6 else factor


def demote(text: str, question_stems: set[str]) -> str:
    """The text without the question's own words: restating the question earns nothing."""
    kept = [w for w in text.split() if not (content_stems(w) and content_stems(w) <= question_stems)]
    return " ".join(kept)


def _negations(text: str, window: int) -> list[tuple[str, set[str]]]:
    """Each negating word of a text ("can't", "cannot" and "don't" all count as "not") with the stems of
    the `window` content words that follow it: what it negates."""
    out = []
    for m in NEGATION.finditer(text):
        word = m.group(0).lower()
        after = [stem(w) for w in tokens(text[m.end():]) if w not in STOPWORDS and len(w) > 1][:window]
        out.append(("not" if word.endswith("n't") or word in ("cannot", "not") else word, set(after)))
    return out


def negates(unit: str, wordings: Sequence[str]) -> bool:
    """True when the sentence negates something that no wording of a claim negates: 'X is not Y'
    against 'X is Y'.

    A claim may be worded with a negation of its own ("the model can't make things up anymore");
    a sentence that says it with the same negation, before the same word, states it, while "RAG does
    not eliminate hallucination" or "retrieval does not mean the model can't ..." denies it. A few
    words of slack let an adverb sit between ("doesn't really need")."""
    claimed = [(word, after) for w in wordings for word, after in _negations(w, 1)]
    return any(not any(word == c and after & c_after for c, c_after in claimed)
               for word, after in _negations(unit, 3))


# The words that make a sentence a sweeping claim: the absolutes, "only"/"enough", obsolescence and
# certainty that most myths hang on ("Dense retrieval has made BM25 obsolete", "Nobody uses keyword search
# anymore", "an NLP engineer is basically a prompt engineer"). Embedding cosine cannot tell such a myth
# from a correct sentence on the same topic ("keyword search is still widely used alongside embeddings"
# sat at 0.82 from the second): a sentence states a myth worded with claim words only if it uses one too.
CLAIM_WORDS = re.compile(
    r"\b(?:always|never|every|all|any|everything|everyone|everybody|anything|anyone|whatever|regardless|nobody|"
    r"none|nothing|no|only|just|simply|merely|solely|purely|alone|enough|sufficient|suffices?|anymore|longer|"
    r"obsolete|outdated|dead|replaced?|replaces|replacing|redundant|useless|pointless|unnecessary|irrelevant|"
    r"waste|eliminates?|eliminated|solved?|solves|stops?|guarantees?|guaranteed|proves?|proven|definitely|"
    r"certainly|clearly|must|completely|fully|entirely|totally|strictly|fundamentally|basically|equally|same|"
    r"identical|objective|unbiased|free|harmless|perfect|best|worst|whole|strictly|automatically|"
    r"historical|surely|cannot|can't|won't|don't|doesn't|isn't|aren't|not|n't)\b", re.I)


def claims_like(sentence: str, wordings: Sequence[str]) -> bool:
    """Whether the sentence makes the kind of claim the myth's wordings make: where every wording hangs on a
    claim word, the sentence must use one as well; a myth worded once without ("BLEU is a recall metric")
    sets no bar."""
    return not all(CLAIM_WORDS.search(w) for w in wordings) or bool(CLAIM_WORDS.search(sentence))


def marker_share(text: str, markers: dict[str, re.Pattern]) -> tuple[float, list[str]]:
    found = [name for name, pattern in markers.items() if pattern.search(text)]
    return len(found) / len(markers), found
