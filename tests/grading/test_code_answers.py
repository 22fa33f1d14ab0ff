"""Answers with code in them, as people paste it in Slack, Discord and the terminal: the prose is graded as
prose, the code as code, and evidence quotes either as the candidate wrote it."""
from __future__ import annotations

from bot.grading.grader import GradeRequest
from bot.grading.text import CODE_NOTE, CODE_UNIT_OPENING, prepare

CHUNKING = "rag-chunking-strategy"
PROSE = ("I split along the document's own headings and paragraphs rather than every N characters, so each chunk "
         "is about one idea. Chunks that are too small lose the context that explains them, and chunks that are "
         "too large blur several topics into one vector and waste prompt space.")


def test_prose_after_a_fence_written_on_one_line_is_graded(grader):
    # Slack sends a code block typed inline as one line: the fence's opening line was taken for its language
    # tag, so the block never closed and swallowed the rest of the answer (QA: 0.94 against 4.94 without code).
    inline_block = ("I'd chunk by headings and embed each chunk, then retrieve top-k by cosine: ```python chunks = "
                    "split_by_heading(doc); vecs = model.encode(chunks)``` The trade-off is that smaller chunks "
                    "improve precision but lose context.")
    prepared = prepare(inline_block)
    assert "The trade-off is that smaller chunks improve precision but lose context." in prepared.units
    assert prepared.code == "python chunks = split_by_heading(doc); vecs = model.encode(chunks)"
    prose = ("I'd chunk by headings and embed each chunk, then retrieve top-k by cosine. The trade-off is that "
             "smaller chunks improve precision but lose context.")
    with_code, without = grader.grade(inline_block, question_id=CHUNKING), grader.grade(prose, question_id=CHUNKING)
    assert with_code.score >= without.score - 0.5


def test_a_fence_inside_a_sentence_reads_as_inline_code(grader):
    fenced = PROSE.replace("characters, so", 'characters, e.g. ```split(doc, by="heading", overlap=50)``` so')
    backticked = fenced.replace("```", "`")
    assert prepare(fenced).units == prepare(backticked).units
    assert prepare(fenced).units[0] == ("I split along the document's own headings and paragraphs rather than every "
                                        'N characters, e.g. split(doc, by="heading", overlap=50) so each chunk is '
                                        "about one idea.")
    assert grader.grade(fenced, question_id=CHUNKING).score >= grader.grade(PROSE, question_id=CHUNKING).score - 0.5


def test_slack_code_that_starts_on_the_fences_line_keeps_that_line():
    # Slack has no language tags: its blocks start right after the ``` and may end on the last code line.
    slack = ("Then I rank by reciprocal rank fusion.\n```def rrf(lists, k=60):\n    fused = defaultdict(float)\n"
             "    for ranking in lists:\n        for rank, doc in enumerate(ranking, 1):\n"
             "            fused[doc] += 1 / (k + rank)```\nIt only needs ranks.")
    prepared = prepare(slack)
    assert prepared.code.startswith("def rrf(lists, k=60):")
    assert prepared.units[:2] == ["Then I rank by reciprocal rank fusion.", "It only needs ranks."]
    assert prepared.units[-1].startswith(CODE_UNIT_OPENING + "rrf lists fused")
    # a Discord block names its language on the fence's line: that line is no code
    discord = slack.replace("```def", "```py\ndef")
    assert prepare(discord).code == prepared.code and prepare(discord).units == prepared.units


def test_an_answer_of_only_a_slack_code_block_is_asked_to_be_explained_and_keeps_its_try(grader):
    from bot.engine.not_graded import unreadable_notes

    only_code = "```def rrf(lists, k=60):\n    return sorted(fused(lists, k), key=score, reverse=True)```"
    fb = grader.grade(only_code, question_id="rag-hybrid-rrf-fusion")
    assert CODE_NOTE in fb.notes and unreadable_notes(fb, only_code) == [CODE_NOTE]
    assert "rrf" in prepare(only_code).units[-1]


RRF_COMMENTED = ("You can't add BM25 and cosine scores directly since they live on different scales, so I fuse "
                 "ranks instead.\n```py\n# RRF: each list adds 1/(k + rank), k around 60\nfor lst in (bm25_hits, "
                 "dense_hits):\n    for rank, doc in enumerate(lst, 1):\n        fused[doc] += 1 / (60 + rank)\n"
                 "# then rerank the fused top 50 with a cross-encoder\n```\nIt needs no normalisation or training "
                 "and rewards documents both retrievers agree on.")


BM25_COMMENTED = ("I'd precompute document lengths and frequencies when building the index.\n```python\n"
                  "def score(query, doc):\n    s = 0.0\n    for term in query:\n"
                  "        # saturate repeated terms and normalise by document length\n        tf = doc.tf[term]\n"
                  "        s += idf[term] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc.len / avgdl))\n    return s\n```")
NDCG_COMMENTED = ("```python\ndef ndcg(rels, k):\n    # discount graded relevance by log of the position\n"
                  "    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rels[:k]))\n"
                  "    ideal = sorted(rels, reverse=True)\n    # normalise by the ideal ordering so it falls in 0..1\n"
                  "    return dcg / sum(r / math.log2(i + 2) for i, r in enumerate(ideal[:k]))\n```\n"
                  "nDCG suits graded relevance with several relevant results.")


def test_a_quote_from_code_is_an_excerpt_of_the_code_as_written(grader):
    # The code's comments are graded as sentences; quoted like one, a comment read as prose ("nDCG suits ...
    # results. discount graded relevance by log of the position") or was spliced before the code's opening
    # ("saturate repeated terms and normalise by document length your code: def score(query, doc): ...").
    answers = [(RRF_COMMENTED, "rag-hybrid-rrf-fusion"), (BM25_COMMENTED, "coding-bm25-scorer"),
               (NDCG_COMMENTED, "retrieval-metrics-mrr-ndcg")]
    graded = grader.grade_many([GradeRequest(answer=a, question_id=q) for a, q in answers])
    quotes = {a: [p.evidence for p in fb.points if p.evidence] for (a, _), fb in zip(answers, graded)}
    assert any(q.startswith("your code: # RRF: each list adds 1/(k + rank)") for q in quotes[RRF_COMMENTED])
    assert any("your code: def score(query, doc):" in q for q in quotes[BM25_COMMENTED])
    for answer, _ in answers:
        prepared = prepare(answer)
        prose = prepared.units[:len(prepared.units) - prepared.code_units]
        code = " ".join(prepared.code.split())
        for q in quotes[answer]:  # the candidate's sentences, then a piece of their code as written, labelled
            said, _, code_quoted = q.partition("your code: ")
            _sentences(said.strip(), prose)
            assert code_quoted.removesuffix("…") in code


def _sentences(quote: str, prose: list[str]) -> None:
    """Assert the quote is made of the answer's prose sentences and nothing else."""
    assert " ".join(s for s in prose if s in quote) == quote, quote  # no comment spliced in as a sentence
