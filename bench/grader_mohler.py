"""Mohler short-answer benchmark, zero-shot: Pearson r and RMSE (0-5) against human grades.

Every item has a reference answer, so it is graded on the "reference" rubric
path exactly as `coach grade --question Q --reference R --answer A` would.
The score (0-10) is halved to 0-5; no constant is fitted on this data.
Two more figures map scores with a calibration fitted 12-fold, leaving one
assignment/exam out per fold, as the README requires: a linear map, and an
isotonic (monotone) one as in Mohler et al. 2011. Two more map them with a
calibration fitted on our own hand-graded short answers
(bench/data/short_answers.jsonl), so still zero-shot on Mohler: what a scale
learned from our data alone does there. Last, where the error is: the answers
the grader gives about nothing, and why.

    python bench/grader_mohler.py [--limit N] [--data PATH]

The data is not in the repository: by default it is read from the team's shared folder beside this
checkout, ../shared/benchmarks/mohler/mohler.jsonl (one JSON object a line: qid, question, reference,
answer, score 0-5).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.grading.scoring import UNGRADED_NOTES  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "mohler" / "mohler.jsonl"
SHORT = Path(__file__).resolve().parent / "data" / "short_answers.jsonl"


def pearson(a, b) -> float:
    return float(np.corrcoef(a, b)[0, 1])


def rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def leave_one_assignment_out(pred, gold, groups, isotonic: bool = False) -> np.ndarray:
    """A map pred -> gold (linear, or isotonic) fitted on 11 assignments, applied to the 12th."""
    from sklearn.isotonic import IsotonicRegression

    out = np.zeros_like(pred)
    for g in np.unique(groups):
        train, test = groups != g, groups == g
        if isotonic:
            fit = IsotonicRegression(y_min=0, y_max=5, out_of_bounds="clip").fit(pred[train], gold[train])
            out[test] = fit.predict(pred[test])
        else:
            slope, intercept = np.polyfit(pred[train], gold[train], 1)
            out[test] = np.clip(slope * pred[test] + intercept, 0, 5)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--data", type=Path, default=DATA, help=f"the Mohler JSONL file (default: {DATA})")
    args = ap.parse_args()
    if not args.data.is_file():
        sys.exit(f"No Mohler data at {args.data}: it lives in the team's shared folder beside this checkout "
                 "(../shared/benchmarks/mohler/mohler.jsonl); give another copy with --data PATH.")
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    if args.limit:
        rows = rows[:: max(1, len(rows) // args.limit)][: args.limit]
    grader = build_grader(Settings(llm_provider="none"))
    t = time.perf_counter()
    results = grader.grade_many([GradeRequest(answer=r["answer"], question=r["question"], reference=r["reference"])
                                 for r in rows])
    elapsed = time.perf_counter() - t
    pred = np.array([f.score / 2 for f in results])
    gold = np.array([r["score"] for r in rows])
    groups = np.array([r["qid"].split(".")[0] for r in rows])
    mean = np.full_like(gold, gold.mean())
    cal = leave_one_assignment_out(pred, gold, groups)
    iso = leave_one_assignment_out(pred, gold, groups, isotonic=True)
    print(f"Mohler: {len(rows)} answers, {len(set(r['qid'] for r in rows))} questions, graded in {elapsed:.1f}s")
    print(f"  zero-shot (score/2)        r = {pearson(pred, gold):.3f}   RMSE = {rmse(pred, gold):.3f}")
    print(f"  12-fold LOAO linear calib  r = {pearson(cal, gold):.3f}   RMSE = {rmse(cal, gold):.3f}")
    print(f"  12-fold LOAO isotonic calib r = {pearson(iso, gold):.3f}   RMSE = {rmse(iso, gold):.3f}")
    for name, fitted in fitted_on_short_answers(grader, pred).items():
        print(f"  ours-fitted {name:14s} r = {pearson(fitted, gold):.3f}   RMSE = {rmse(fitted, gold):.3f}")
    print(f"  predict-the-mean baseline  r =   n/a   RMSE = {rmse(mean, gold):.3f}")
    print(f"  mean predicted {pred.mean():.2f} vs gold {gold.mean():.2f}")
    near_zero = pred < 0.5
    gated = np.array([any(n in f.notes for n in UNGRADED_NOTES) for f in results])
    total = float(((pred - gold) ** 2).sum())
    print(f"  scored under 0.5: {near_zero.sum()} answers, gold mean {gold[near_zero].mean():.2f}, "
          f"{((pred - gold) ** 2)[near_zero].sum() / total:.0%} of the squared error; "
          f"{(near_zero & gated).sum()} of them kept out by the relevance gate (gold mean {gold[near_zero & gated].mean():.2f})")


def fitted_on_short_answers(grader, pred: np.ndarray) -> dict[str, np.ndarray]:
    """Mohler's scores mapped by a linear and an isotonic fit of our short answers' grades to their labels."""
    from sklearn.isotonic import IsotonicRegression

    rows = [json.loads(line) for line in SHORT.read_text().splitlines() if line.strip()]
    ours = np.array([f.score / 2 for f in grader.grade_many(
        [GradeRequest(answer=r["answer"], question=r["question"], reference=r["reference"]) for r in rows])])
    labels = np.array([r["score"] for r in rows])
    slope, intercept = np.polyfit(ours, labels, 1)
    iso = IsotonicRegression(y_min=0, y_max=5, out_of_bounds="clip").fit(ours, labels)
    return {"linear": np.clip(slope * pred + intercept, 0, 5), "isotonic": iso.predict(pred)}


if __name__ == "__main__":
    main()
