"""Chat shorthand in an answer, read as the words it stands for before the answer is embedded.

People answer in chat the way they type in chat: "Bounded vocab, no OOV, shorter seqs than chars."
MiniLM reads "vocab" and "chars" as other words than "vocabulary" and "characters", and the rubric's points
spell them out, so a terse correct answer earned nothing. The grader embeds (and counts the words of) each
sentence with its shorthand spelled out; quotes, negation and myths still read the answer as written. A team's
question is read the same way when the grader asks whether the guides know its words ("an LLM app").
Only everyday shorthand is listed, not the field's acronyms, which the guides use as they are ("BM25",
"RAG", "IDF").
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
}
_WORD = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True))
                   + r")(?![\w/-])", re.I)


def spelled_out(text: str) -> str:
    """The text with its chat shorthand spelled out ("no OOV" -> "no out-of-vocabulary")."""
    return _WORD.sub(lambda m: SHORTHAND[m.group(1).lower()], text)
