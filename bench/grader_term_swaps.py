"""Swapped definitions: a right answer against its twin with the compared terms' facts swapped.

For each bank question that compares named things (MRR and nDCG, BPE/WordPiece/Unigram, bi- and
cross-encoders, ...), bench/data/term_swaps.jsonl holds a right answer and the same answer with the
names traded, so every definition is right and attached to the wrong name. A grader that reads
meaning without the names scores the twins alike. Prints each pair's scores, the mean of each kind,
and how many pairs the swapped twin comes within 2 points of the right one (not told apart).

    python bench/grader_term_swaps.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "term_swaps.jsonl"
APART = 2.0  # score points a swapped twin must fall below its right answer to count as told apart


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    grader = build_grader(Settings(llm_provider="none"))
    scores = [f.score for f in grader.grade_many([GradeRequest(answer=r["answer"], question_id=r["question_id"])
                                                  for r in rows])]
    by_question: dict[str, dict[str, float]] = {}
    for r, s in zip(rows, scores):
        by_question.setdefault(r["question_id"], {})[r["kind"]] = s
    print(f"{'question':34s} {'right':>6s} {'swapped':>8s} {'gap':>6s}")
    for qid, pair in by_question.items():
        print(f"{qid:34s} {pair['right']:6.2f} {pair['swapped']:8.2f} {pair['right'] - pair['swapped']:6.2f}")
    right = [p["right"] for p in by_question.values()]
    swapped = [p["swapped"] for p in by_question.values()]
    apart = sum(r - s >= APART for r, s in zip(right, swapped))
    print(f"mean right {sum(right) / len(right):.2f}, mean swapped {sum(swapped) / len(swapped):.2f}, "
          f"told apart (gap >= {APART:g}) {apart}/{len(right)}")


if __name__ == "__main__":
    main()
