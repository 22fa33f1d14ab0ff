"""Answers with code in them, as people paste it in Slack, Discord and the terminal: the prose is graded as
prose and the code as code."""
from __future__ import annotations

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
