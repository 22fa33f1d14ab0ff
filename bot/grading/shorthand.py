"""Chat shorthand in an answer, read as the words it stands for before the answer is embedded.

People answer in chat the way they type in chat: "Bounded vocab, no OOV, shorter seqs than chars."
MiniLM reads "vocab" and "chars" as other words than "vocabulary" and "characters", and the rubric's points
spell them out, so a terse correct answer earned nothing. The grader embeds (and counts the words of) each
sentence with its shorthand spelled out; quotes, negation and myths still read the answer as written. A team's
question is read the same way when the grader asks whether the guides know its words ("an LLM app").
Only everyday shorthand is listed, not the field's acronyms, which the guides use as they are ("BM25",
"RAG", "IDF").

Formulas typed inline are read the same way: "sums 1/(k + rank), k=60" is "sums 1 divided by (k plus rank),
k equals 60", as the rubric's points say it. MiniLM gives "/", "+" and "=" between short operands little
meaning, so a correct formula earned less than the same sentence in words. A slash between words stays a
slash ("TCP/IP", "precision/recall", "and/or"): only one with a number or a bracket on a side is a division.
"""
from __future__ import annotations

import re

SHORTHAND = {
    "vocab": "vocabulary", "vocabs": "vocabularies", "oov": "out-of-vocabulary", "char": "character",
    "chars": "characters", "seq": "sequence", "seqs": "sequences", "param": "parameter", "params": "parameters",
    "doc": "document", "docs": "documents", "info": "information", "perf": "performance",
    "approx": "approximately", "dim": "dimension", "dims": "dimensions", "config": "configuration",
    "prod": "production", "eval": "evaluation", "evals": "evaluations", "env": "environment", "db": "database",
    "w/o": "without", "w/": "with", "b/c": "because", "thru": "through", "avg": "average", "prob": "probability",
    "probs": "probabilities", "approx.": "approximately", "ctx": "context", "msg": "message", "msgs": "messages",
    "req": "request", "reqs": "requests", "resp": "response", "tok": "token", "toks": "tokens",
    "app": "application", "apps": "applications", "repo": "repository", "repos": "repositories",
    # a junior's "u turn the text into word counts ... (tfidf) and then logreg learns a weight per word" (QA)
    "logreg": "logistic regression", "tfidf": "TF-IDF", "u": "you", "ur": "your", "bc": "because",
    "tho": "though", "emb": "embedding", "embs": "embeddings", "impl": "implementation",
    # an expert's "Cache past K/V so each decode step is O(1) new projections ... Costs VRAM." missed the
    # memory point "It trades GPU memory for lower per-token latency" (QA)
    "vram": "GPU memory", "k/v": "keys and values",
}
_WORD = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True))
                   + r")(?![\w/-])", re.I)


_NUMBER = r"\d+(?:\.\d+)?"
_NAME = r"[A-Za-z_]\w*"
_BRACKETED = r"\([^()]{1,40}\)"  # a short bracketed expression
# a division has a bracket on one side, or a number on one side and a name on the other ("1/k", "d/2");
# two numbers are a ratio or a date ("50/50", "24/7") and stay as typed
_DIVISION = re.compile(r"(?<![\w/])(" + "|".join([
    f"{_BRACKETED}\\s*/\\s*(?:{_BRACKETED}|{_NUMBER}|{_NAME})", f"(?:{_NUMBER}|{_NAME})\\s*/\\s*{_BRACKETED}",
    f"{_NUMBER}\\s*/\\s*{_NAME}", f"{_NAME}\\s*/\\s*{_NUMBER}"]) + r")(?![\w/])")
_PLUS = re.compile(r"(?<=[\w)])\s*\+\s*(?=[\w(])")  # "k + rank", "k+rank"; not "C++" nor a trailing "+"
_EQUALS = re.compile(r"(?<=[\w)])\s*=\s*(?=[\w(])")  # "k=60", "score = sum"; not "==" or "=>"


def _math_read(text: str) -> str:
    text = _PLUS.sub(" plus ", text)
    text = _EQUALS.sub(" equals ", text)
    return _DIVISION.sub(lambda m: re.sub(r"\s*/\s*", " divided by ", m.group(1), count=1), text)


def spelled_out(text: str) -> str:
    """The text with its chat shorthand spelled out ("no OOV" -> "no out-of-vocabulary") and its inline
    formulas read as words ("1/(k + rank)" -> "1 divided by (k plus rank)")."""
    return _math_read(_WORD.sub(lambda m: SHORTHAND[m.group(1).lower()], text))
