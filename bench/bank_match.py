"""Free-form questions against the bank (bench/data/bank_match_questions.jsonl,
and a held-out set written after the rules were set, bank_match_heldout.jsonl).

Rewordings of bank questions, typed the way a team lead types a daily question
in Slack (compound, framed, abbreviated, shorter, longer, and direct: the plain
form of a question the bank asks as a scenario, reached through its asked_as
phrasings), each labelled with the bank question it should reach; and
negatives, questions the bank does not hold (many near a bank topic: a
narrower sub-point, a different metric, another attack or defence), which
must not take a bank question's rubric. Prints, for each set, how many resolve
to the right bank question, to a wrong one, or to a rubric from guide passages
(or a request for a reference answer). A wrong bank rubric is worse than a
retrieved one. `-v` lists every question with its closest bank question.

    python bench/bank_match.py [-v]
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import build_grader  # noqa: E402
from bot.grading.resolve import UnknownQuestion  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "bank_match_questions.jsonl"
# Written after the matching rules were set on DATA, and never tuned on.
HELD_OUT = ROOT / "bench" / "data" / "bank_match_heldout.jsonl"


def resolved(resolver, question: str) -> str:
    """The bank id whose rubric the question gets, "retrieved", or "refused" (a reference answer is needed)."""
    try:
        rubric = resolver.resolve(question=question)
    except UnknownQuestion:
        return "refused"
    return rubric.question_id if rubric.source == "bank" else rubric.source


def outcome(row: dict, got: str) -> str:
    if got in ("retrieved", "refused"):
        return "retrieved"
    return "right" if got == row["bank_id"] else "wrong"


def main(verbose: bool) -> None:
    resolver = build_grader(Settings(llm_provider="none")).resolver
    for title, path in (("development set", DATA), ("held-out set", HELD_OUT)):
        print(f"{title} ({path.name})")
        report(resolver, [json.loads(line) for line in path.read_text().splitlines() if line.strip()], verbose)


def report(resolver, rows: list[dict], verbose: bool) -> None:
    unknown = {r["bank_id"] for r in rows if r["bank_id"]} - set(resolver.questions)
    assert not unknown, f"labels name no bank question: {unknown}"
    tallies = {"rewordings": Counter(), "negatives": Counter()}
    by_kind: dict[str, Counter] = {}
    for r in rows:
        got = resolved(resolver, r["question"])
        result = outcome(r, got)
        tallies["rewordings" if r["bank_id"] else "negatives"][result] += 1
        by_kind.setdefault(r["kind"], Counter())[result] += 1
        if verbose:
            (best, sim), _ = resolver.bank_matcher.closest(r["question"])
            print(f"  {result:9} {got[:34]:34} want {str(r['bank_id'])[:34]:34} closest {best[:30]:30} "
                  f"{sim:.2f}  {r['question'][:90]}")
    re_, neg = tallies["rewordings"], tallies["negatives"]
    print(f"  rewordings ({sum(re_.values())}): right bank question {re_['right']}, wrong bank question "
          f"{re_['wrong']}, retrieved {re_['retrieved']}")
    print(f"  negatives ({sum(neg.values())}): false bank matches {neg['wrong']}, retrieved or refused {neg['retrieved']}")
    for kind, c in sorted(by_kind.items()):
        if kind != "negative":
            print(f"    {kind:12} right {c['right']:2}  wrong {c['wrong']:2}  retrieved {c['retrieved']:2}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
