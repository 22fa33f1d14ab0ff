"""The offline grader on our labelled answers (bench/data/labelled_answers.jsonl).

Prints Spearman rho between grade and label, per-question ordering accuracy
(pairs of answers to one question with different labels that the grader
orders the same way) and the mean score per kind of answer.

Twice: once on the bank rubrics, once on the reference path (each question's
model answer given as the reference, as `coach grade --question Q --reference R`
would), which is the path the Mohler benchmark measures. This is the set the
reference path is tuned on, so that nothing is tuned on Mohler.

    python bench/grader_labelled.py
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

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "labelled_answers.jsonl"


def spearman(a, b) -> float:
    ra, rb = (np.argsort(np.argsort(x, kind="stable"), kind="stable") for x in (a, b))
    # average ranks for ties would be more exact; labels tie by kind, so use scipy-free midranks
    def midranks(x):
        x = np.asarray(x)
        order = np.argsort(x, kind="stable")
        ranks = np.empty(len(x))
        i = 0
        while i < len(x):
            j = i
            while j + 1 < len(x) and x[order[j + 1]] == x[order[i]]:
                j += 1
            ranks[order[i:j + 1]] = (i + j) / 2
            i = j + 1
        return ranks
    del ra, rb
    return float(np.corrcoef(midranks(a), midranks(b))[0, 1])


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    grader = build_grader(Settings(llm_provider="none"))
    bank = [GradeRequest(answer=r["answer"], question_id=r["question_id"]) for r in rows]
    questions = grader.resolver.questions
    reference = [GradeRequest(answer=r["answer"], question=questions[r["question_id"]].question,
                              reference=questions[r["question_id"]].model_answer) for r in rows]
    for title, requests in (("bank rubrics", bank), ("reference path (model answer as the reference)", reference)):
        report(title, rows, np.array([f.score for f in grader.grade_many(requests)]))


def report(title: str, rows: list[dict], scores: np.ndarray) -> None:
    labels = np.array([r["label"] for r in rows])
    per_q: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        per_q[r["question_id"]].append(i)
    agree = total = 0
    for idx in per_q.values():
        for i, j in combinations(idx, 2):
            if labels[i] != labels[j]:
                total += 1
                agree += (scores[i] - scores[j]) * (labels[i] - labels[j]) > 0
    print(f"labelled, {title}: {len(rows)} answers, {len(per_q)} bank questions")
    print(f"  Spearman rho = {spearman(scores, labels):.3f}")
    print(f"  per-question ordering accuracy = {agree / total:.3f} ({agree}/{total} pairs)")
    print(f"  MAE vs label = {np.abs(scores - labels).mean():.2f}")
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r, s in zip(rows, scores):
        by_kind[r["kind"]].append(s)
    print("  mean score per kind (label):")
    for kind, values in sorted(by_kind.items(), key=lambda kv: -np.mean(kv[1])):
        label = next(r["label"] for r in rows if r["kind"] == kind)
        print(f"    {kind:16s} {np.mean(values):5.2f}  (label {label}, min {min(values):.1f}, max {max(values):.1f})")


if __name__ == "__main__":
    main()
