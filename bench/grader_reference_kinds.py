"""The offline grader on team-written references: right in other words against wrong in the same words.

bench/data/reference_paraphrase.jsonl holds 8 questions a team might write
for its daily question (KV cache, BM25, RAG chunking, inter-annotator
agreement, canary releases, ROUGE, LoRA, tokenization), each with a reference
answer and five answers: the reference's points in its own words ("full"),
the same points in other words ("paraphrase"), one terse correct sentence
("terse"), a confident answer that reuses the reference's words to say the
opposite or something false ("wrong"), and a bare list of the right terms
("keywords"). The first three should score above the last two. Prints the mean
score per kind and every pair ordered the wrong way; with --points, also each
answer's points (status, credit, the quote credited) for the kinds named, to
see which point a wrong answer is credited for.

bench/data/reference_paraphrase_heldout.jsonl is a held-out set in the same
shape: 10 other questions (sampling temperature, dropout, layer norm, cosine
similarity, int8 quantisation, DPO, HNSW, prompt injection, contamination,
warmup), written after the dev set's rules and not tuned on; its wrong answers
mix antonym, role and quantity swaps with denials. Read it with --data.
bench/data/reference_paraphrase_heldout2.jsonl is held-out 2, written later still (10 more questions).

    python bench/grader_reference_kinds.py [--data PATH] [--points wrong,paraphrase]
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

from bot.grading.grader import GradeRequest, build_grader  # noqa: E402
from bot.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "reference_paraphrase.jsonl"
RIGHT = ("full", "paraphrase", "terse")
NOT_RIGHT = ("wrong", "keywords")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help=f"answers JSONL (default: {DATA.relative_to(ROOT)})")
    ap.add_argument("--points", default="", help="comma-separated kinds whose per-point grading to print")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    grader = build_grader(Settings(llm_provider="none"))
    results = grader.grade_many([GradeRequest(answer=r["answer"], question=r["question"], reference=r["reference"])
                                 for r in rows])
    score: dict[str, dict[str, float]] = defaultdict(dict)
    for r, f in zip(rows, results):
        score[r["qid"]][r["kind"]] = f.score
    print(f"team references ({args.data.name}): {len(rows)} answers, {len(score)} questions")
    print("  " + " ".join(f"{k:>10s}" for k in ("question", *RIGHT, *NOT_RIGHT)))
    for qid, s in score.items():
        print(f"  {qid:>10s} " + " ".join(f"{s[k]:10.2f}" for k in (*RIGHT, *NOT_RIGHT)))
    means = {k: np.mean([s[k] for s in score.values()]) for k in (*RIGHT, *NOT_RIGHT)}
    print("  " + f"{'mean':>10s} " + " ".join(f"{means[k]:10.2f}" for k in (*RIGHT, *NOT_RIGHT)))
    wrong = [(qid, a, b) for qid, s in score.items() for a in RIGHT for b in NOT_RIGHT if s[a] <= s[b]]
    print(f"  pairs ordered wrongly (right answer at or below a wrong one or a keyword list): "
          f"{len(wrong)}/{len(score) * len(RIGHT) * len(NOT_RIGHT)}")
    for qid, a, b in wrong:
        print(f"    {qid}: {a} {score[qid][a]:.2f} <= {b} {score[qid][b]:.2f}")
    for pair in ((k, b) for k in ("paraphrase", "terse") for b in NOT_RIGHT):
        n = sum(score[q][pair[0]] > score[q][pair[1]] for q in score)
        print(f"  {pair[0]} above {pair[1]}: {n}/{len(score)}")
    shown = args.points.split(",") if args.points else []
    for r, f in zip(rows, results):
        if r["kind"] in shown:
            print(f"\n  {r['qid']} {r['kind']} {f.score:.2f}")
            for p in f.points:
                print(f"    {p.status:8s} {p.credit:.2f}  {p.point[:60]!r}  <- {(p.evidence or '')[:70]!r}")


if __name__ == "__main__":
    main()
