"""The offline grader on hand-graded short answers (bench/data/short_answers.jsonl), reference path.

30 short-answer questions on our topics, each with an instructor-style
reference and 9-10 answers written the way candidates write under time
pressure (terse, in other words, partly right, confidently wrong, vague,
restating the question, off-topic), graded 0-5 by a person for meaning, not
wording. It is the development set for the reference path, the one the
Mohler benchmark measures, so that nothing is tuned on Mohler. Prints Pearson
r and RMSE on 0-5 (the score halved), Spearman rho, per-question ordering
accuracy and the mean score per kind.

    python bench/grader_short.py
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.grader_labelled import spearman  # noqa: E402
from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "short_answers.jsonl"


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    grader = build_grader(Settings(llm_provider="none"))
    results = grader.grade_many([GradeRequest(answer=r["answer"], question=r["question"], reference=r["reference"])
                                 for r in rows])
    pred = np.array([f.score / 2 for f in results])
    gold = np.array([r["score"] for r in rows])
    per_q: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        per_q[r["qid"]].append(i)
    pairs = [(i, j) for idx in per_q.values() for i, j in combinations(idx, 2) if gold[i] != gold[j]]
    agree = sum((pred[i] - pred[j]) * (gold[i] - gold[j]) > 0 for i, j in pairs)
    print(f"short answers, reference path: {len(rows)} answers, {len(per_q)} questions")
    print(f"  Pearson r = {np.corrcoef(pred, gold)[0, 1]:.3f}   RMSE = {np.sqrt(np.mean((pred - gold) ** 2)):.3f} (0-5)")
    print(f"  Spearman rho = {spearman(pred, gold):.3f}")
    print(f"  per-question ordering accuracy = {agree / len(pairs):.3f} ({agree}/{len(pairs)} pairs)")
    print(f"  mean score {pred.mean():.2f} vs gold {gold.mean():.2f} (0-5)")
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_kind[r["kind"]].append(i)
    print("  mean per kind, grader vs gold (0-5):")
    for kind, idx in sorted(by_kind.items(), key=lambda kv: -gold[kv[1]].mean()):
        print(f"    {kind:18s} {pred[idx].mean():4.2f}  vs {gold[idx].mean():4.2f}  ({len(idx)} answers)")


if __name__ == "__main__":
    main()
