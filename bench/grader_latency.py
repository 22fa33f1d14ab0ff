"""Offline grading latency: one warm 150-word answer (p50/p95) and batch throughput.

On bank rubrics, or with --reference on the reference path (the question's
model answer given as the reference, which adds token alignment).

    python bench/grader_latency.py [--runs 60] [--reference]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402


def answer_of(words: int, text: str) -> str:
    pool = text.split()
    return " ".join((pool * (words // max(1, len(pool)) + 1))[:words])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--reference", action="store_true", help="grade against the model answer as a reference")
    args = ap.parse_args()
    grader = build_grader(Settings(llm_provider="none"))
    questions = list(grader.resolver.questions.values())
    q = questions[0]
    answer = answer_of(150, q.model_answer)

    def request(question, answer: str) -> GradeRequest:
        if args.reference:
            return GradeRequest(answer=answer, question=question.question, reference=question.model_answer)
        return GradeRequest(answer=answer, question_id=question.id)

    one = request(q, answer)
    grader.grade(one.answer, one.question_id, one.question, one.reference)  # warm: model and rubric cached
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        grader.grade(one.answer, one.question_id, one.question, one.reference)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    path = "reference path" if args.reference else "bank rubric"
    print(f"latency, 150-word answer, {path}, warm, torch threads={torch.get_num_threads()}: "
          f"p50 {statistics.median(times):.1f} ms  p95 {p95:.1f} ms  ({args.runs} runs)")
    requests = [request(questions[i % len(questions)], answer_of(150, questions[i % len(questions)].model_answer))
                for i in range(args.batch)]
    grader.grade_many(requests[: len(questions)])  # warm every rubric's cache
    t = time.perf_counter()
    grader.grade_many(requests)
    elapsed = time.perf_counter() - t
    print(f"batch: {args.batch} answers of 150 words in {elapsed:.2f} s = {args.batch / elapsed:.1f} answers/s")


if __name__ == "__main__":
    main()
