"""The offline grader on questions a team writes with no reference answer and no bank match.

Such a question is graded on a rubric built from the guide sentences closest to it (resolve.py,
`rubric_source: "retrieved"`), unless the grader finds no guide material and asks for a reference.
bench/data/retrieved_answers.jsonl holds 17 such questions from QA rounds, each with a strong, a
mediocre and a wrong answer (one also with a "negated" answer: the strong answer's words, the core
claim reversed); bench/data/retrieved_answers_heldout.jsonl is a held-out set in the same shape
(read it with --data). Prints, per question, where its rubric came from and each point's guide
section; then the mean score per kind, how many questions order strong > mediocre > wrong, and
every pair ordered the wrong way (a "negated" answer should sit below the strong one). Passages come
from the hybrid index (BM25 and dense over the guides' chunks), as `coach grade` and the bot find them.

    python bench/grader_retrieved.py [--data PATH] [--quiet]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.bootstrap import Services  # noqa: E402
from bot.grading.resolve import UnknownQuestion  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "retrieved_answers.jsonl"
ORDER = ("strong", "mediocre", "wrong")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--quiet", action="store_true", help="only the totals")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    grader = Services(Settings(llm_provider="none")).grader  # as `coach grade` and the bot: the hybrid index
    by_question: dict[str, dict[str, float]] = defaultdict(dict)
    sources: dict[str, str] = {}
    for row in rows:
        try:
            rubric = grader.resolver.resolve(question=row["question"])
        except UnknownQuestion:
            sources[row["id"]] = "refused"
            continue
        if row["id"] not in sources:
            sources[row["id"]] = rubric.source
            if not args.quiet:
                print(f"\n{row['id']} [{rubric.source}] {row['question']}")
                for item in rubric.items:
                    where = item.citation.section_id if item.citation else "-"
                    print(f"   ({where}) {item.point[:110]}")
        fb = grader.grade_rubric(rubric, row["answer"])
        by_question[row["id"]][row["kind"]] = fb.score
    kinds = sorted({k for scores in by_question.values() for k in scores}, key=lambda k: (k not in ORDER, k))
    print(f"\n{len(sources)} questions: " + ", ".join(f"{n} {s}" for s, n in sorted(
        {s: list(sources.values()).count(s) for s in set(sources.values())}.items())))
    for kind in kinds:
        scores = [s[kind] for s in by_question.values() if kind in s]
        print(f"  {kind:9s} mean {np.mean(scores):5.2f}  (n={len(scores)})")
    graded = [s for s in by_question.values() if all(k in s for k in ORDER)]
    in_order = sum(s["strong"] > s["mediocre"] > s["wrong"] for s in graded)
    print(f"strong > mediocre > wrong on {in_order} of {len(graded)} graded questions")
    gaps = [s["strong"] - s["wrong"] for s in graded]
    print(f"strong minus wrong: mean {np.mean(gaps):.2f}, under 1.5 on {sum(g < 1.5 for g in gaps)}")
    for qid, s in by_question.items():
        pairs = [(a, b) for i, a in enumerate(ORDER) for b in ORDER[i + 1:] if a in s and b in s and s[a] <= s[b]]
        pairs += [("strong", "negated")] if "negated" in s and "strong" in s and s["negated"] >= s["strong"] else []
        for a, b in pairs:
            print(f"  out of order: {qid}: {a} {s[a]:.2f} <= {b} {s[b]:.2f}")


if __name__ == "__main__":
    main()
