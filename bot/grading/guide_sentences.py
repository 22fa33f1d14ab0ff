"""Guide text as rubric material: which sentences can stand as a point, and runs of sentences to cite.

A free-form question with no reference is graded on the guide sentences closest to it (resolve.py);
these are the rules for which sentences may be such a point.
"""
from __future__ import annotations

import re

from bot.grading.signals import explanation_factor
from bot.grading.text import FENCE, split_sentences, word_count

PASSAGE_CHARS = 400  # a citation is chosen by a section's closest run of sentences of about this length


# A sentence that leans on the one before ("It is usually checked with ...") or on the guide around it
# ("... in a subsection below:") means little as a point on its own.
_LEANS_BACK = re.compile(r"^(it|its|this|that|these|those|they|their|such|so|here|both|which)\b", re.I)
# "Above" and "below" point elsewhere when nothing follows them or a verb does ("each covered below with",
# "the design above is", "(see debugging below)"), not as a comparison: "weights recall above precision"
# (METEOR's one sentence, so "What is METEOR?" found no point), "below 1%", "above all".
_POINTS_ELSEWHERE = re.compile(r"\b(guide|subsection)\b|\b(above|below)\b(?=\s*(?:[:,.;)]|$|\s+(?:is|are|lists?|"
                               r"shows?|with|and|for)\b))", re.I)


# Code is no rubric point: fences, and lines that read as Python or C rather than prose. The index cuts long
# sections into chunks, so a chunk can start inside a code block with no fence left to strip: its first
# "sentence" was 'PATTERNS = [  # order matters: ... ("EMAIL", re.compile(r"...")), ...' (a method call, a
# constant opening a literal).
_CODE = re.compile(r"```|\bdef \w+\(|\bself\.|^\s*(import \w|from \w+ import|class \w+\s*[:(])|[{};]\s*$|"
                   r"\w\(.*\)\s*:|\breturn\b.*[(=]|==|\+=|\w\[\w*\]\s*=|\w\.\w+\(|^\s*[A-Z_][A-Z0-9_]*\s*=\s*[\[{(]")


# The guides are interview guides: many sentences advise on the interview ("Finish with the honest caveat",
# "Most postings assume you have used LLMs", "Deriving gradients by hand is usually not expected") rather
# than state what an answer about the topic says.
_ADVICE = re.compile(r"\b(?:interview\w*|postings?|candidates?|recruiters?|hiring|résumé|cv|expected|expect|"
                     r"finish with|volunteer|deep enough|you understand|you describe|you remember|"
                     r"(?:a|the|your) (?:good|strong|great|best|weak) answer|answers? (?:should|must)|"
                     r"(?:close|open|start|end) (?:by|with) (?:saying|naming|stating)|a typical (?:task|question))\b",
                     re.I)


def leans_back(sentence: str) -> bool:
    """Whether the sentence opens on something said before it ("It is ...", "This lets ...")."""
    return bool(_LEANS_BACK.match(sentence))


# ... or on a thing named before it as the object of its opening verb ("Use it when many results matter"),
# and a worked example ("Example with relevances [3, 0, 2]: DCG = 3 + 0 + 2/2 = 4.0") is arithmetic, not a
# point (QA).
_OBJECT_BACK = re.compile(r"^\w+\s+(?:it|them)\b|^(?:worked\s+)?example\b", re.I)


def stands_alone(sentence: str) -> bool:
    """Whether a guide sentence can be a rubric point by itself: an explained statement of its own."""
    return (6 <= word_count(sentence) <= 60 and explanation_factor(sentence) >= 0.7
            and not sentence.rstrip().endswith((":", "?")) and not leans_back(sentence)
            and not _OBJECT_BACK.search(sentence)
            and not _POINTS_ELSEWHERE.search(sentence) and not _CODE.search(sentence)
            and not _ADVICE.search(sentence))


def prose(text: str) -> str:
    """A guide passage without its code blocks."""
    return FENCE.sub("\n\n", text)


def passages(text: str, max_chars: int = PASSAGE_CHARS) -> list[str]:
    """The text's sentences in consecutive runs of up to `max_chars`."""
    out: list[str] = []
    for sentence in split_sentences(prose(text)):
        if out and len(out[-1]) + len(sentence) < max_chars:
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out
