"""Vague answers on every follow-up rubric in the bank.

A follow-up whose rubric is one broad point can be matched by an answer that
only repeats the follow-up: "How would you tune k1 and b?" answered with "I
would tune k1 and b and compare the results" says nothing a candidate needs
to know. For each follow-up this grades two answers that say nothing
specific, offline and on the bank rubric (`question_id` "<id>#f<n>"):

  echo     the follow-up turned into a statement, "I would <its verb phrase>
           and compare the results"
  generic  "I would test it carefully and compare the results to see what
           works best"

and prints the follow-ups where either scores 5 or more, worst first, then
the count and the mean of the higher of the two over all follow-ups. It
asserts nothing.

    python bench/followup_echo.py [--all]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.grading.rubric import followup_id  # noqa: E402
from bot.settings import Settings  # noqa: E402

# Vague answers in everyday words, none taken from a follow-up: each says "try, look, compare" and no more.
GENERIC = ("I would test it carefully and compare the results to see what works best.",
           "I would look at some examples, measure both options on our data and keep whichever gives better results.",
           "I would check the data, talk to the people involved and fix the problems I find.")
THRESHOLD = 5.0

# "How would you tune k1 and b ...?" -> "tune k1 and b ...": the verb phrase after the asking words.
_ASKING = re.compile(r"\b(?:how|what|when|where|why|which)\s+(?:would|do|did|could|should|can|will)\s+"
                     r"(?:you|we|your team)\s+(?:do\s+)?", re.I)
_PRONOUNS = {"your": "my", "you": "I", "yours": "mine"}


def echo(question: str) -> str:
    """The follow-up said back as a plan, with nothing in it the question did not already say."""
    text = " ".join(question.split()).rstrip("?. ")
    asked = list(_ASKING.finditer(text))
    phrase = text[asked[-1].end():] if asked else f"work out this: {text[0].lower()}{text[1:]}"
    phrase = re.sub(r"\b(your|yours|you)\b", lambda m: _PRONOUNS[m.group(1).lower()], phrase, flags=re.I)
    return f"I would {phrase} and compare the results."


def followups(questions) -> list[tuple[str, str]]:
    return [(followup_id(q, n), f.question) for q in questions.values() for n, f in enumerate(q.followups)]


def main(show_all: bool = False) -> None:
    grader = build_grader(Settings(llm_provider="none"))
    asked = followups(grader.resolver.questions)
    per = 1 + len(GENERIC)
    requests = [GradeRequest(answer=a, question_id=fid) for fid, q in asked for a in (echo(q), *GENERIC)]
    scores = [f.score for f in grader.grade_many(requests)]
    rows = sorted(((max(scores[per * i:per * i + per]), scores[per * i], max(scores[per * i + 1:per * i + per]), fid, q)
                   for i, (fid, q) in enumerate(asked)), reverse=True)
    print(f"{'vague':>5} {'echo':>5} {'gener':>5}  follow-up")
    for worst, e, g, fid, q in rows:
        if show_all or worst >= THRESHOLD:
            print(f"{worst:5.1f} {e:5.1f} {g:5.1f}  {fid}  {' '.join(q.split())[:70]}")
    high = sum(r[0] >= THRESHOLD for r in rows)
    mean = sum(r[0] for r in rows) / len(rows)
    print(f"follow-ups: {len(rows)}; a vague answer scores >= {THRESHOLD:g} on {high}; "
          f"mean vague score {mean:.2f} (echo {sum(r[1] for r in rows) / len(rows):.2f}, "
          f"generic {sum(r[2] for r in rows) / len(rows):.2f})")


if __name__ == "__main__":
    main(show_all="--all" in sys.argv[1:])
