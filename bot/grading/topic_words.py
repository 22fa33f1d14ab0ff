"""The words that name a question's topic, not its framing: what a guide sentence or a bank question must
share with a question to be about it (resolve.py, bank_match.py)."""
from __future__ import annotations

import re

from bot.grading.signals import content_stems

# A long word counts as named by another that starts with its first KNOWN_PREFIX letters
# ("hallucinate", "hallucination").
KNOWN_PREFIX = 7
# Words that frame a question rather than name its topic: a guide need not contain them.
_FRAMING = content_stems("explain describe difference differences popular important main work works matter "
                         "matters tell time example examples good bad best way ways happen happens mean means "
                         "need pros cons compare versus typical common usually really actually exactly ever situation "
                         "tuned tune tuning control controls help helps folks guys")


def topic_terms(question: str) -> set[str]:
    """The question's content words that name its topic, not its framing ("explain", "example"), nor a
    contraction ("we're", "we've": unknown to every guide, they had team questions refused, QA)."""
    stems = content_stems(re.sub(r"['\u2019]s\b", "", question)) - _FRAMING
    return {s for s in stems if "'" not in s and "\u2019" not in s}


def long_prefixes(stems: set[str]) -> set[str]:
    """The first KNOWN_PREFIX letters of each long word, for matching a word by its start."""
    return {s[:KNOWN_PREFIX] for s in stems if len(s) >= KNOWN_PREFIX}


def named_by_prefix(term: str, prefixes: set[str]) -> bool:
    """Whether a long word starts as one of the long words behind `prefixes` does."""
    return len(term) >= KNOWN_PREFIX and term[:KNOWN_PREFIX] in prefixes
