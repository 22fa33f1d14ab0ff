"""Retrieval quality of BM25, dense and hybrid search over the default pack.

Run: `.venv/bin/python -m bench.retrieval_eval` from the repo root. It builds
(or reuses) the bench's own index in data/bench-index, runs every labelled
query in bench/data/retrieval_queries.jsonl through KnowledgeIndex.search in
each mode, and prints hit@1, hit@5 and MRR@10 overall, per query style, and
for the odd and even lines separately. The odd lines are the half any fusion
tuning may look at; the even lines are held out, so a gain that shows only on
the odd half is overfitting.

A result counts as relevant when its section id is one of the query's
`relevant` ids; ranks are passage ranks, as a caller of search() sees them.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script or with -m

from bench.retrieval_common import BENCH_DATA, bench_services, load_queries  # noqa: E402

MODES = ("bm25", "dense", "hybrid")
DEPTH = 10


def first_relevant_rank(section_ids: list[str], relevant: set[str]) -> int | None:
    for rank, sid in enumerate(section_ids, start=1):
        if sid in relevant:
            return rank
    return None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= DEPTH) / n,
    }


def evaluate(index, queries: list[dict]) -> dict[str, dict[int, int | None]]:
    """mode -> query line -> rank of the first relevant passage (None if not in the top 10)."""
    out: dict[str, dict[int, int | None]] = {}
    for mode in MODES:
        out[mode] = {}
        for q in queries:
            results = index.search(q["query"], k=DEPTH, mode=mode)
            out[mode][q["line"]] = first_relevant_rank([r.section_id for r in results], set(q["relevant"]))
    return out


def groups(queries: list[dict]) -> list[tuple[str, list[dict]]]:
    by_style: dict[str, list[dict]] = defaultdict(list)
    for q in queries:
        by_style[q["style"]].append(q)
    out = [("all", queries)]
    out += [(f"style={s}", by_style[s]) for s in sorted(by_style)]
    out += [("odd lines (tuned on)", [q for q in queries if q["line"] % 2 == 1]),
            ("even lines (held out)", [q for q in queries if q["line"] % 2 == 0])]
    for half, parity in (("odd", 1), ("even", 0)):
        for s in sorted(by_style):
            out.append((f"{half} & {s}", [q for q in by_style[s] if q["line"] % 2 == parity]))
    return out


def compact_table(queries: list[dict], ranks: dict[str, dict[int, int | None]]) -> str:
    """One row per (group, mode): easier to read in a terminal than one wide row per group."""
    lines = [f"{'queries':<26}{'n':>4}  {'ranker':<7}{'hit@1':>7}{'hit@5':>7}{'mrr@10':>8}"]
    for name, qs in groups(queries):
        if not qs:
            continue
        for mode in MODES:
            got = metrics([ranks[mode][q["line"]] for q in qs])
            lines.append(f"{name if mode == MODES[0] else '':<26}{len(qs) if mode == MODES[0] else '':>4}  "
                         f"{mode:<7}{got['hit@1']:>7.3f}{got['hit@5']:>7.3f}{got['mrr@10']:>8.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list each query's first relevant rank per ranker")
    args = parser.parse_args(argv)
    queries = load_queries()
    services = bench_services()
    index = services.index  # built from the pack on first use, reused afterwards
    print(f"index: {index.count()} passages in {BENCH_DATA}; {len(queries)} queries")
    ranks = evaluate(index, queries)
    print(compact_table(queries, ranks))
    overall = {m: metrics(list(ranks[m].values())) for m in MODES}
    beats = all(overall["hybrid"][k] > max(overall["bm25"][k], overall["dense"][k]) for k in overall["hybrid"])
    print(f"\nhybrid beats both single rankers on every overall metric: {'yes' if beats else 'NO'}")
    if args.misses:
        print(f"\n{'line':>4} {'style':<11}" + "".join(f"{m:>7}" for m in MODES) + "  query")
        for q in queries:
            cells = "".join(f"{ranks[m][q['line']] or '-':>7}" for m in MODES)
            print(f"{q['line']:>4} {q['style']:<11}{cells}  {q['query']}")
    return 0 if beats else 1


if __name__ == "__main__":
    sys.exit(main())
