"""A learner's sentence quoted back as evidence: whole when it fits, else the stretch of whole words that
shares most with the point it made, with "…" where words were left out."""
from __future__ import annotations

import re

from bot.grading.signals import content_stems

QUOTE_LIMIT = 240  # characters: two lines of a terminal, well inside a Slack or Discord field


def quote(evidence: str, point: str, limit: int = QUOTE_LIMIT) -> str:
    words = evidence.split()
    text = " ".join(words)
    if len(text) <= limit:
        return text
    cut = text.endswith("…") and len(words) > 1  # the grader's own cut, which may fall inside a word
    if cut:
        words = words[:-1]
    wanted = content_stems(point)
    hits = [i for i, w in enumerate(words) if content_stems(w) & wanted]
    best: tuple[int, float, int, int] = (-1, 0, 0, 0)  # (point words in the window, margin, start, end)
    for start in range(len(words)):
        end, width = start, 0
        while end < len(words) and width + len(words[end]) + (end > start) <= limit - 2:  # room for two "…"
            width += len(words[end]) + (end > start)
            end += 1
        if end == start:  # one word longer than the limit: cut inside it, there is nothing else to do
            return text[: limit - 1] + "…"
        found = len(wanted & content_stems(" ".join(words[start:end])))
        inside = [i for i in hits if start <= i < end] or [start]
        # of windows with as many of the point's words, the one whose cuts fall furthest from them
        left = inside[0] - start if start else len(words)
        right = end - 1 - inside[-1] if end < len(words) else len(words)
        margin = min(left, right)
        if (found, margin) > best[:2]:
            best = (found, margin, start, end)
        if end == len(words):
            break
    _, _, start, end = best
    return ("…" if start else "") + " ".join(words[start:end]) + ("…" if end < len(words) or cut else "")


_MARKS = "*_"  # what the grader's reading drops as emphasis ("*fast*"), and what a formula keeps ("f*(k1+1)")


def as_typed(evidence: str, answer: str) -> str:
    """The evidence as the answer has it. The grader reads an answer with markdown emphasis taken out, and so
    quoted "f(q,D)*(k1+1) / (f(q,D) + k1*(1-b..." as "f(q,D)(k1+1) / (f(q,D) + k1(1-b...": the same
    characters, in order, with only `*` and `_` and spacing between them, are what the person typed. Anything
    else that differs (a ping defused with a zero-width space, a clipped end) keeps the evidence as it is."""
    clipped = evidence.endswith("…")
    core = evidence[:-1].rstrip() if clipped else evidence
    if not core.strip() or core in answer:
        return evidence
    between = f"[{re.escape(_MARKS)}]*"
    # marks around the whole too: "**BM25** is fast" must not come back as "BM25** is fast"
    pattern = between + between.join(r"\s+" if ch.isspace() else re.escape(ch) for ch in " ".join(core.split())) \
        + between
    found = re.search(pattern, answer)
    if found is None:
        return evidence
    return " ".join(found.group(0).split()) + ("…" if clipped else "")
