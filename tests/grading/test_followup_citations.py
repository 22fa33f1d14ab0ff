"""A follow-up's point cites the guide section on it, not one of its question's on another subject (QA).

Checking which retriever suits real queries cited dense retrieval; checking that a hybrid helps cited BM25;
multi-hop questions cited RAG evaluation; evaluating in five more languages cited monitoring.
"""
from __future__ import annotations

import pytest

from bot.pack.loader import Pack, cross_reference_problems

OFF_TOPIC = [
    ("lexical-vs-semantic-search#f1", "dense-retrieval"),
    ("rag-hybrid-rrf-fusion#f1", "bm25"),
    ("rag-pipeline-design#f2", "rag-evaluation"),
    ("conversational-eval-framework#f1", "monitoring"),
]


@pytest.mark.parametrize("followup_id,inherited", OFF_TOPIC)
def test_a_follow_up_point_does_not_cite_its_questions_other_subject(grader, followup_id, inherited):
    cited = {item.citation.section_id for item in grader.resolver.bank(followup_id).items}
    assert inherited not in cited, cited


def test_a_follow_up_cites_among_its_own_sources(grader, pack):
    q = pack.by_id["rag-hybrid-rrf-fusion"]
    assert q.followups[1].sources
    cited = {item.citation.section_id for item in grader.resolver.bank("rag-hybrid-rrf-fusion#f1").items}
    assert cited <= set(q.followups[1].sources)


def test_a_follow_up_without_sources_moves_only_to_a_clearly_closer_section(grader):
    # the per-language point of a question whose sources name no multilingual section (auto rule), and a point
    # its question's own section already covers, which keeps it
    assert [i.citation.section_id for i in grader.resolver.bank("encoder-vs-decoder-basics#f0").items] == ["self-attention"]
    assert [i.citation.section_id for i in grader.resolver.bank("rag-hybrid-rrf-fusion#f0").items] == ["rag-hybrid-rrf"]


def test_a_follow_up_source_that_is_no_section_is_a_validation_problem(pack):
    q = pack.by_id["rag-hybrid-rrf-fusion"]
    followups = [q.followups[0], q.followups[1].model_copy(update={"sources": ["no-such-section"]})]
    broken = Pack(guides=pack.guides, questions=[q.model_copy(update={"followups": followups})])
    problems = cross_reference_problems(broken)
    assert [(p.field, p.message) for p in problems] == [
        ("question rag-hybrid-rrf-fusion: followups.1.sources", "'no-such-section' is no guide section id")]
